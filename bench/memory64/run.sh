#!/usr/bin/env bash
# The cost of 64-bit memories (docs/abi.md, "64-bit memories"): bench/memory64/kernel.c, a
# freestanding memory-bound kernel, built for wasm32 and wasm64 from the same source, compiled
# by awsm in guard and explicit mode, then run RUNS times (default 7) interleaved; prints the
# median wall time of each build. wasm32 in guard mode has no checks; wasm64 is checked in
# both modes.
#
#   bash bench/memory64/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-7}
B=$(mktemp -d "${TMPDIR:-/tmp}/awsm-mem64.XXXXXX")
trap 'rm -rf "$B"' EXIT
npm run build --silent
builds=()
for bits in 32 64; do
  clang-16 --target=wasm$bits-unknown-unknown -O2 -nostdlib -Wl,--no-entry -Wl,--export=_start \
    -Wl,--export=memory -Wl,--allow-undefined bench/memory64/kernel.c -o "$B/k$bits.wasm"
  for mode in guard explicit; do
    node dist/src/cli/main.js compile -q --bounds=$mode "$B/k$bits.wasm" -o "$B/wasm$bits-$mode"
    builds+=("wasm$bits-$mode")
  done
done
for ((r = 0; r < RUNS; r++)); do
  for b in "${builds[@]}"; do
    s=$(date +%s%N)
    status=0
    "$B/$b" || status=$?
    e=$(date +%s%N)
    [ "$status" -eq 44 ] || { echo "$b: exit status $status, expected 44" >&2; exit 1; }
    echo $(((e - s) / 1000000)) >> "$B/$b.ms"
  done
done
for b in "${builds[@]}"; do
  echo "$b: median $(sort -n "$B/$b.ms" | sed -n "$(((RUNS + 1) / 2))p") ms over $RUNS runs"
done
