#!/usr/bin/env bash
# Fuzz the decoder, validator and translator with N hostile inputs (default 1,000,000):
# mutated spec-testsuite and C modules plus random bytes, each checked for the right error
# class, agreement with V8's validator, no hang and no running out of memory
# (docs/security.md). Findings are saved under the cache (the path is printed).
#
#   bash scripts/fuzz.sh [N] [options of dist/tests/fuzz/fuzz.js: --seed S, -j N, --verify P, ...]
#
# Exit status 0 when there were no findings, 1 when there were.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
[ $# -gt 0 ] && shift
npm run build --silent
exec node dist/tests/fuzz/fuzz.js -n "$n" "$@"
