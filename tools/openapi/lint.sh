#!/usr/bin/env bash
# Writes every service's OpenAPI document to .local/openapi/<service>.json, then lints them all with
# Redocly's recommended ruleset (redocly.yaml; exceptions with their reasons in
# .redocly.lint-ignore.yaml). Needs no database and no broker: each service's main.ts, given
# OPENAPI_OUTPUT, builds its document from a preview of its modules and ends (service-kit).
#   lint.sh            write and lint
#   lint.sh --write    only write the documents
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT=.local/openapi
rm -rf "$OUT" && mkdir -p "$OUT"

documents=()
for main in services/*/src/main.ts; do
  service=$(basename "$(dirname "$(dirname "$main")")")
  NODE_ENV=development LOG_LEVEL=silent OPENAPI_OUTPUT="$OUT/$service.json" node -r @swc-node/register "$main"
  documents+=("$OUT/$service.json")
done
[ "${1:-}" = --write ] && { printf '%s\n' "${documents[@]}"; exit 0; }

# No usage reports and no update checks: the lint talks to nothing but the files.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npx redocly lint --config redocly.yaml --format=summary "${documents[@]}"
