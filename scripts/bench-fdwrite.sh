#!/usr/bin/env bash
# The single-thread cost of the WASI descriptor table (docs/threads.md, "Cost"):
# bench/wasi/fdwrite.wat (1,000,000 fd_writes of a 13-byte line to /dev/null) linked with the
# runtime of git revision BASE (default: main) and with the runtime of this working tree, both
# built here the same way from their sources (clang-16 -O2, the runtime's flags), then run
# alternately RUNS times each (default 5). Prints every run's wall and CPU (user + system)
# seconds and the medians side by side; on a loaded machine the CPU time is the steadier one.
#
#   bash scripts/bench-fdwrite.sh [BASE] [RUNS]
#
# Needs wat2wasm, LLVM 16 and GNU time (bash scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-main}"
runs="${2:-5}"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -gt 0 ]] || { echo "usage: bash scripts/bench-fdwrite.sh [BASE] [RUNS]" >&2; exit 2; }
git rev-parse --verify -q "$base^{commit}" >/dev/null || { echo "bench-fdwrite: unknown revision '$base'" >&2; exit 2; }
npm run build --silent
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wat2wasm bench/wasi/fdwrite.wat -o "$work/fdwrite.wasm"
node dist/src/cli/main.js compile -q --no-cache --emit=obj "$work/fdwrite.wasm" -o "$work/fdwrite.o"
printf '#include "awsm.h"\nextern const awsm_module_desc fdwrite_module;\nconst awsm_module_desc *const awsm_main_module = &fdwrite_module;\n' >"$work/main-module.c"

# Links fdwrite.o with the runtime sources under $1 into $2.
link() {
  local rt=$1 out=$2 objs=()
  mkdir -p "$out.d"
  for f in "$rt"/src/*.c "$rt"/main.c "$work/main-module.c"; do
    clang-16 -O2 -fPIC -std=gnu11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -funwind-tables -I"$rt/include" \
      -c "$f" -o "$out.d/$(basename "$f" .c).o"
    objs+=("$out.d/$(basename "$f" .c).o")
  done
  clang-16 "${objs[@]}" "$work/fdwrite.o" -lm -ldl -lpthread -o "$out"
}
mkdir -p "$work/base"
git archive "$base" runtime | tar -x -C "$work/base"
link "$work/base/runtime" "$work/before"
link runtime "$work/after"

# "WALL CPU" seconds of one run of $1 (stdout to /dev/null); fails on a non-zero exit.
one() {
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$1" >/dev/null
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: >"$work/before.txt"
: >"$work/after.txt"
for ((i = 1; i <= runs; i++)); do
  one "$work/before" >>"$work/before.txt"
  one "$work/after" >>"$work/after.txt"
done
for side in before after; do
  wall=$(cut -d' ' -f1 "$work/$side.txt" | median)
  cpu=$(cut -d' ' -f2 "$work/$side.txt" | median)
  printf '%-6s median wall %s s, CPU %s s (%.0f ns CPU per fd_write); runs (wall/CPU): %s\n' "$side" "$wall" "$cpu" \
    "$(echo "$cpu * 1000" | bc -l)" "$(tr ' \n' '/ ' <"$work/$side.txt")"
done
echo "(before: $base; after: this working tree)"
