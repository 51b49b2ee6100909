#!/usr/bin/env bash
# Differential fuzzing of loop versioning (src/translate/versioning.ts) against V8: N generated
# modules (default 2,000) of innermost loops the translator versions and near misses it must
# not, each run by awsm in guard and explicit mode and by Node's V8 (tests/diff/loops.ts).
# Prints how many loops were versioned and how many of their executions should take the fast
# path, how many module runs and calls were compared and how many were excused (guard mode's
# dead-load gap, each one proven) per reason; divergences are saved under the cache (the path
# is printed).
#
#   bash scripts/loopfuzz.sh [N] [options of dist/tests/diff/loops.js: --seed S, -j N, --out DIR, ...]
#
# Needs wabt (wat2wasm); llvm-as-16 is used to verify the IR when installed. Exit status 0
# when nothing diverged, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"
[ $# -gt 0 ] && shift
command -v wat2wasm >/dev/null || { echo "loopfuzz: wat2wasm not found: apt-get install wabt" >&2; exit 1; }
npm run build --silent
exec node dist/tests/diff/loops.js -n "$n" "$@"
