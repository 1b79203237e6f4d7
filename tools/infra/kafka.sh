#!/usr/bin/env bash
# The project's own single-node Apache Kafka (KRaft), from the official artifacts on Maven Central.
#   kafka.sh up       resolve jars (once), format storage (once), start, wait until a consumer group can join
#   kafka.sh down     stop gracefully (SIGTERM, then SIGKILL after 30 s)
#   kafka.sh kill9    kill -9 the broker (failure tests)
#   kafka.sh status   running or not
# Everything lives under .local/ (ignored): jars in .local/kafka/libs, data in .local/kafka/data,
# log in .local/logs/kafka.log.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL="$ROOT/.local"
KAFKA_HOME="$LOCAL/kafka"
LIBS="$KAFKA_HOME/libs"
DATA="$KAFKA_HOME/data-${KAFKA_PORT:-9092}"
LOGS="$LOCAL/logs"
PIDFILE="$KAFKA_HOME/kafka-${KAFKA_PORT:-9092}.pid"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP:-512m}"

log() { printf '[kafka] %s\n' "$*" >&2; }

pid_alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

resolve() {
  local version
  version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/tools/infra/kafka/pom.xml")
  if [ -f "$LIBS/.resolved-$version" ]; then return; fi
  log "resolving org.apache.kafka:kafka_2.13:$version and its runtime dependencies with mvn"
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -q -B -f "$ROOT/tools/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$LOGS/kafka-resolve.log" 2>&1 \
    || { tail -30 "$LOGS/kafka-resolve.log" >&2; log "mvn could not resolve Kafka"; exit 1; }
  touch "$LIBS/.resolved-$version"
}

configure() {
  mkdir -p "$DATA"
  sed -e "s:@PORT@:$PORT:g" -e "s:@CONTROLLER_PORT@:$CONTROLLER_PORT:g" -e "s:@DATA_DIR@:$DATA:g" \
    "$ROOT/tools/infra/kafka/server.properties.template" >"$KAFKA_HOME/server-${KAFKA_PORT:-9092}.properties"
  if [ ! -f "$DATA/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    log "formatting storage (cluster id $cluster_id)"
    java -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_HOME/server-${KAFKA_PORT:-9092}.properties" >>"$LOGS/kafka-${KAFKA_PORT:-9092}.log" 2>&1 \
      || { tail -30 "$LOGS/kafka-${KAFKA_PORT:-9092}.log" >&2; exit 1; }
  fi
}

start() {
  if pid_alive; then log "already running (pid $(cat "$PIDFILE"))"; return; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    log "port $PORT is taken by another process: stop it or set KAFKA_PORT"; exit 1
  fi
  log "starting broker on 127.0.0.1:$PORT"
  # setsid: the broker must outlive the shell (and the npm script) that started it.
  setsid nohup java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOGS" -cp "$LIBS/*" kafka.Kafka "$KAFKA_HOME/server-${KAFKA_PORT:-9092}.properties" \
    >>"$LOGS/kafka-${KAFKA_PORT:-9092}.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
}

wait_ready() {
  # Ready means a consumer group can join, not that the port is open.
  if ! KAFKA_BROKERS="127.0.0.1:$PORT" KAFKA_PIDFILE="$PIDFILE" \
       node "$ROOT/tools/infra/wait-for-kafka.js"; then
    log "broker did not become ready; last lines of $LOGS/kafka-${KAFKA_PORT:-9092}.log:"
    tail -40 "$LOGS/kafka-${KAFKA_PORT:-9092}.log" >&2
    exit 1
  fi
  log "ready: a consumer group joined on 127.0.0.1:$PORT"
}

stop() {
  if ! pid_alive; then log "not running"; rm -f "$PIDFILE"; return; fi
  local pid; pid=$(cat "$PIDFILE")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "still running after 30 s: SIGKILL"; kill -KILL "$pid"; fi
  rm -f "$PIDFILE"
  log "stopped"
}

kill9() {
  if ! pid_alive; then log "not running"; return; fi
  local pid; pid=$(cat "$PIDFILE")
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$PIDFILE"
  log "killed (-9) pid $pid"
}

mkdir -p "$KAFKA_HOME" "$LOGS"
case "${1:-}" in
  up) resolve; configure; start; wait_ready ;;
  start) start ;;
  wait) wait_ready ;;
  down) stop ;;
  kill9) kill9 ;;
  reset) stop; rm -rf "$DATA"; log "data removed" ;;
  status) if pid_alive; then echo "kafka: running (pid $(cat "$PIDFILE"), 127.0.0.1:$PORT)"; else echo "kafka: stopped"; fi ;;
  *) echo "usage: kafka.sh up|down|start|wait|kill9|reset|status" >&2; exit 2 ;;
esac
