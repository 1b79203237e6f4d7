#!/usr/bin/env bash
# Local infrastructure for development and tests: PostgreSQL (the machine's, or DATABASE_URL) and
# the project's own Kafka broker. Idempotent: `up` twice is fine, `down` twice is fine.
#   infra.sh up | down | status
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

log() { printf '[infra] %s\n' "$*" >&2; }

postgres_ready() { node "$ROOT/tools/infra/wait-for-postgres.js" "$@"; }

postgres_up() {
  if postgres_ready --once; then log "PostgreSQL reachable"; return; fi
  # The machine's own cluster, when DATABASE_URL points at it and it is merely stopped.
  if [[ "$DATABASE_URL" == *"127.0.0.1:5432"* ]] && command -v pg_ctlcluster >/dev/null; then
    log "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  postgres_ready || { log "PostgreSQL is not reachable at DATABASE_URL"; exit 1; }
  log "PostgreSQL reachable"
}

case "${1:-}" in
  up) postgres_up; bash "$ROOT/tools/infra/kafka.sh" up ;;
  down) bash "$ROOT/tools/infra/kafka.sh" down ;;
  status) bash "$ROOT/tools/infra/kafka.sh" status; if postgres_ready --once; then echo "postgres: reachable"; else echo "postgres: unreachable"; fi ;;
  *) echo "usage: infra.sh up|down|status" >&2; exit 2 ;;
esac
