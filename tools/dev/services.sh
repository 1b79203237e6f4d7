#!/usr/bin/env bash
# Runs every service of services/ locally in the background, each on its port from SERVICE_PORTS
# (libs/service-kit/src/config/service-ports.constant.ts).
#   services.sh start | stop | status
# Logs: .local/logs/<service>.log. Each service creates its database and runs its migrations.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN="$ROOT/.local/run"
LOGS="$ROOT/.local/logs"
mkdir -p "$RUN" "$LOGS"

services() {
  for main in "$ROOT"/services/*/src/main.ts; do
    [ -f "$main" ] && basename "$(dirname "$(dirname "$main")")"
  done
}

# The PORT default the chassis gives the service (empty when it has none).
service_port() {
  (cd "$ROOT" && node -r @swc-node/register -e \
    "console.log(require('./libs/service-kit/src/config/service-ports.constant').SERVICE_PORTS[process.argv[1]] ?? '')" "$1")
}

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start() {
  local found=0
  for service in $(services); do
    found=1
    if alive "$service"; then echo "$service: already running"; continue; fi
    # nohup, not setsid: setsid may fork, and then $! would not be the service's pid.
    NODE_ENV="${NODE_ENV:-development}" nohup node -r @swc-node/register "$ROOT/services/$service/src/main.ts" \
      >>"$LOGS/$service.log" 2>&1 </dev/null &
    echo $! >"$RUN/$service.pid"
    echo "$service: started (log .local/logs/$service.log)"
  done
  [ "$found" = 1 ] || echo "no services yet (services/*/src/main.ts)"
  for service in $(services); do
    local port; port=$(service_port "$service")
    [ -n "$port" ] || continue
    for _ in $(seq 1 60); do
      if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then echo "$service: ready on :$port"; break; fi
      if ! alive "$service"; then echo "$service: exited; last log lines:" >&2; tail -20 "$LOGS/$service.log" >&2; exit 1; fi
      sleep 1
    done
  done
}

stop() {
  for service in $(services); do
    if alive "$service"; then
      kill -TERM "$(cat "$RUN/$service.pid")"
      for _ in $(seq 1 40); do alive "$service" || break; sleep 0.5; done
      alive "$service" && kill -KILL "$(cat "$RUN/$service.pid")"
      echo "$service: stopped"
    fi
    rm -f "$RUN/$service.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) for service in $(services); do if alive "$service"; then echo "$service: running"; else echo "$service: stopped"; fi; done ;;
  *) echo "usage: services.sh start|stop|status" >&2; exit 2 ;;
esac
