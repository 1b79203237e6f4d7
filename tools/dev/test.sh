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

RESULTS=.local/test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
status=0
step "unit tests"
npx jest --config jest.config.js --ci --json --outputFile="$RESULTS/unit.json" || status=$?
step "integration tests (real Kafka and PostgreSQL)"
npx jest --config jest.int.config.js --ci --runInBand --json --outputFile="$RESULTS/integration.json" || status=$?

# One closing line over both runs, in the plain form any CI reader understands.
node -e '
  const results = process.argv.slice(1).filter((f) => require("fs").existsSync(f)).map((f) => require(require("path").resolve(f)));
  const sum = (key) => results.reduce((total, r) => total + r[key], 0);
  console.log(`\ntests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$RESULTS/unit.json" "$RESULTS/integration.json"
exit "$status"
