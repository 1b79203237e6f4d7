#!/usr/bin/env bash
# Fails when libs/contracts/src/gen is not what `npm run proto:generate` makes from proto/:
# regenerates into a temp dir and compares.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

GEN_DIR="libs/contracts/src/gen"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

bash tools/proto/generate.sh "$TMP/out"
# Short names for the report: "generated" is fresh from proto/, "committed" is the checkout's.
mv "$TMP/out/$GEN_DIR" "$TMP/generated"
ln -s "$ROOT/$GEN_DIR" "$TMP/committed"

cd "$TMP"
if ! diff -rq generated committed >summary 2>&1; then
  {
    echo "error: $GEN_DIR is stale: it differs from what proto/ generates."
    echo "Run 'npm run proto:generate' and commit the result."
    echo
    sed 's/^/  /' summary
    echo
    diff -ru generated committed | head -n 80 || true
  } >&2
  exit 1
fi
echo "generated code is up to date ($GEN_DIR)"
