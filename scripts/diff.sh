#!/usr/bin/env bash
# Differential testing against V8: N random valid modules (default 10,000) from binaryen's
# wasm-opt -ttf, each run by awsm (guard and explicit mode, alternating) and by Node's V8,
# comparing results, logged values, traps and memory (docs/security.md). Prints how many modules
# and export calls were compared, how many modules were excused (guard mode's dead-load gap,
# each one proven: tests/diff/diff.ts) or allowed to differ, per reason. Divergences are saved
# under the cache (the path is printed) for reduction with wasm-reduce.
#
#   bash scripts/diff.sh [N] [options of dist/tests/diff/diff.js: --seed S, -j N, --batch B, ...]
#
# Needs binaryen (apt-get install binaryen). Exit status 0 when nothing diverged, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
[ $# -gt 0 ] && shift
command -v wasm-opt >/dev/null || { echo "diff: wasm-opt not found: apt-get install binaryen" >&2; exit 1; }
npm run build --silent
exec node dist/tests/diff/diff.js -n "$n" "$@"
