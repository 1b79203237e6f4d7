#!/usr/bin/env bash
# One command from a fresh clone to a running platform: installs dependencies, starts PostgreSQL
# (the machine's) and the project's own Kafka broker, then every service in services/ and the
# simulated target systems (Maximo, SAP, Fiix, UpKeep, MaintainX, Limble on ports 4101-4106), and
# connects the development tenant to the simulated Maximo (again on every run: it finds it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

command -v node >/dev/null || { echo "Node.js 20+ is required" >&2; exit 1; }
command -v java >/dev/null || { echo "Java 17+ is required (the Kafka broker)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required (resolves the Kafka broker from Maven Central)" >&2; exit 1; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
echo "==> infrastructure"
bash tools/infra/infra.sh up
echo "==> services"
bash tools/dev/services.sh start
echo "==> simulated target systems"
bash tools/dev/simulators.sh start
echo "==> a connection to the simulated Maximo"
node -r @swc-node/register tools/dev/connect-simulated-maximo.ts
