#!/usr/bin/env bash
# Production build: each service and the libs it uses, compiled to CommonJS with decorator metadata
# and source maps, into dist/ (see tools/build/build.ts). Then: node dist/services/<name>/src/main.js
#   build.sh [--out-dir <folder in the repository>] [service ...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec node -r @swc-node/register tools/build/build.ts "$@"
