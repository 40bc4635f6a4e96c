#!/usr/bin/env bash
# Installs this folder's own dependencies (its own lockfile, outside the workspace), then runs the
# comparison (default) or the bundle sizes (`run.sh sizes`). Needs Debian's Chromium at
# /usr/bin/chromium (or CHROMIUM_PATH): `apt-get install -y chromium`; no browser is downloaded.
set -euo pipefail
cd "$(dirname "$0")"
pnpm install --dir . --ignore-workspace --frozen-lockfile --reporter=silent
if [ "${1:-}" = "sizes" ]; then
  shift
  exec node src/sizes.mjs "$@"
fi
exec node src/run.mjs "$@"
