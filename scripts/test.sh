#!/usr/bin/env bash
# Runs every check Parley has, in the order a failure is cheapest to find, and ends with one line
# "N passed, N failed" over every suite. Each stage runs even if an earlier one failed, so one run
# shows everything that is broken; the exit code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 STORYBOOK_DISABLE_TELEMETRY=1 FORCE_COLOR=0 NO_COLOR=1

rm -rf reports && mkdir -p reports
: >reports/stages.tsv

stage() {
  local name=$1
  shift
  echo
  echo "━━ $name: $*"
  local start=$SECONDS
  "$@"
  local code=$?
  printf '%s\t%s\t%s\n' "$name" "$code" "$((SECONDS - start))" >>reports/stages.tsv
  [ "$code" = 0 ] || echo "✗ $name failed (exit $code)"
}

stage install bash scripts/ensure-tools.sh --browser
# Without packages nothing else can run: report the failed install and stop.
[ -d node_modules ] || exec node scripts/summary.mjs
stage format pnpm exec prettier --check . --log-level warn
stage lint pnpm exec eslint . --max-warnings=0
stage typecheck pnpm exec turbo run typecheck --output-logs=errors-only
stage build pnpm exec turbo run build --output-logs=errors-only
# The examples' smoke tests read their production builds: no mock or dev warnings shipped, SSR served.
stage examples pnpm --filter "./examples/*" test
stage publint pnpm exec turbo run publint --output-logs=errors-only
stage size pnpm exec size-limit
# One Vitest run per kind: on 2 cores, two Chromiums and the Node suites at once starve the
# scrolling tests, which measure real layout and real frames.
vitest() { pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="reports/$1.json" "${@:2}"; }
stage unit vitest unit --project core --project mock-backend --project react
stage browser vitest browser --project ui
stage stories vitest stories --project storybook
stage storybook-build pnpm exec storybook build --quiet -o storybook-static
stage e2e pnpm --filter @parley/demo e2e

node scripts/summary.mjs
