#!/usr/bin/env bash
# Generates the TypeScript of every proto file (protoc-gen-es, see buf.gen.yaml) into
# libs/contracts/src/gen, plus gen/index.ts listing all of them. Commit the result.
#
# Usage: generate.sh [output-base]   (default: the repository; check-generated.sh passes a temp dir)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"

# Must match the plugin's `out` in buf.gen.yaml.
GEN_DIR="libs/contracts/src/gen"
OUT_BASE="${1:-$ROOT}"

buf generate --template buf.gen.yaml --output "$OUT_BASE"
node -r @swc-node/register tools/proto/write-gen-index.ts "$OUT_BASE/$GEN_DIR"
