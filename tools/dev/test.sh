#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: static checks, unit tests, then integration tests
# against the real Kafka broker and PostgreSQL (started here if they are not running).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

step() { printf '\n==> %s\n' "$*"; }

step "infrastructure (PostgreSQL, Kafka)"
bash tools/infra/infra.sh up

step "lint (ESLint, module boundaries)"
npm run -s lint
step "typecheck"
npm run -s typecheck
step "protobuf lint"
npm run -s proto:lint
step "protobuf breaking changes"
npm run -s proto:breaking
step "generated protobuf code is current"
npm run -s proto:check
step "AsyncAPI document and events catalogue are current"
npm run -s asyncapi:check
step "OpenAPI documents (Redocly recommended rules; exceptions in .redocly.lint-ignore.yaml)"
npm run -s openapi:lint

RESULTS=.local/test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
status=0
step "unit tests"
npx jest --config jest.config.js --ci --json --outputFile="$RESULTS/unit.json" || status=$?
step "integration tests (real Kafka and PostgreSQL)"
npx jest --config jest.int.config.js --ci --runInBand --json --outputFile="$RESULTS/integration.json" || status=$?

# One closing line over both runs; a suite that failed to load counts as failed.
node -r @swc-node/register tools/dev/test-summary.ts unit="$RESULTS/unit.json" integration="$RESULTS/integration.json"
exit "$status"
