#!/usr/bin/env bash
# Runs the six simulated target systems (tests/simulators) locally in the background, on fixed
# loopback ports, so a connection can point at a simulated Maximo, SAP, … at once:
#   maximo 4101, sap 4102, fiix 4103, upkeep 4104, maintainx 4105, limble 4106
#   simulators.sh start | stop | status
# The credentials come from a fixed seed (MATE_SIMULATOR_SEED, default 1), so they stay the same
# across restarts; start prints them with the admin token (random, or MATE_SIMULATOR_ADMIN_TOKEN).
# Log: .local/logs/simulators.log. Manifest (URLs, admin tokens, credentials as JSON, for
# tools/dev/connect-simulated-maximo.ts): .local/run/simulators.json.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN="$ROOT/.local/run"
LOGS="$ROOT/.local/logs"
LOG="$LOGS/simulators.log"
PID="$RUN/simulators.pid"
MANIFEST="$RUN/simulators.json"
PORTS="4101 4102 4103 4104 4105 4106"
mkdir -p "$RUN" "$LOGS"

alive() { [ -f "$PID" ] && kill -0 "$(cat "$PID")" 2>/dev/null; }

# What the last start printed: URLs, admin tokens and credentials (request lines start with a date).
summary() { awk '/^=== simulators started/ { block = "" } { block = block $0 "\n" } END { printf "%s", block }' "$LOG" | grep -v '^[0-9]\{4\}-'; }

start() {
  if alive; then echo "simulators: already running"; summary; return; fi
  echo "=== simulators started $(date -u +%FT%TZ)" >>"$LOG"
  # nohup, not setsid: setsid may fork, and then $! would not be the simulators' pid.
  rm -f "$MANIFEST"
  local args=(all --seed "${MATE_SIMULATOR_SEED:-1}" --manifest "$MANIFEST")
  [ -n "${MATE_SIMULATOR_ADMIN_TOKEN:-}" ] && args+=(--admin-token "$MATE_SIMULATOR_ADMIN_TOKEN")
  nohup node -r @swc-node/register "$ROOT/tests/simulators/src/cli.ts" "${args[@]}" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PID"
  for port in $PORTS; do
    for _ in $(seq 1 60); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/__admin" || true)" != 000 ] && break
      if ! alive; then echo "simulators: exited; last log lines:" >&2; tail -20 "$LOG" >&2; exit 1; fi
      sleep 0.5
    done
  done
  # The manifest is written once all six listen.
  for _ in $(seq 1 20); do [ -f "$MANIFEST" ] && break; sleep 0.25; done
  echo "simulators: started (log .local/logs/simulators.log)"
  summary
}

stop() {
  if alive; then
    kill -TERM "$(cat "$PID")"
    for _ in $(seq 1 20); do alive || break; sleep 0.5; done
    alive && kill -KILL "$(cat "$PID")"
    echo "simulators: stopped"
  fi
  rm -f "$PID" "$MANIFEST"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if alive; then echo "simulators: running"; summary; else echo "simulators: stopped"; fi ;;
  *) echo "usage: simulators.sh start|stop|status" >&2; exit 2 ;;
esac
