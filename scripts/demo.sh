#!/usr/bin/env bash
# Starts the demo on its embedded mocked backend (MSW in the browser: no server to run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
echo "› starting the demo: open the Local URL below"
exec pnpm --filter @parley/demo dev "$@"
