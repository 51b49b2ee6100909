#!/usr/bin/env bash
# Everything for every other target, under qemu-user (docs/cli.md, "Targets"):
#
#   1. tests/e2e/cross.test.ts: the C hello world, traps, objects and shared libraries, --cpu
#      and every WASI test program, for aarch64, riscv64 and armv7;
#   2. the spec suites per target: 2.0 in both bounds modes, then the 3.0 required list in both
#      (armv7: explicit bounds only, its one mode), each judged with the target's list on top
#      (tests/spec/targets/ARCH-3.0.txt: what the target cannot do, and why), and tests/tail
#      (100 million tail calls across instances, result buffers, tail buffers of different
#      sizes) through the 3.0 harness in the same modes;
#   3. the bench programs (bench/programs/*.c, built to wasm32-wasi -O3 as npm run bench does)
#      compiled with --target and run under qemu: each output (the checksums) must equal
#      bench/expected/NAME.out, which is x86-64's. Speed is not measured: qemu's says nothing
#      about the target's.
#
#   bash scripts/cross.sh [--targets "aarch64-linux-gnu riscv64-linux-gnu armv7-linux-gnueabihf"] [--steps "e2e spec bench"] [--quick]
#
# --steps: which of the three to run (default all). --quick: the 2.0 suite in guard mode only,
# no 3.0. Takes long on 2 cores (about 10 minutes per 2.0 run with a cold cache: the first run
# compiles every spec module for each target; later runs take them from the cache). Exit
# status 1 if any step fails; every step runs.
set -uo pipefail
cd "$(dirname "$0")/.."

targets="aarch64-linux-gnu riscv64-linux-gnu armv7-linux-gnueabihf"
steps="e2e spec bench"
quick=0
while [ $# -gt 0 ]; do
  case $1 in
    --targets) targets=$2; shift ;;
    --steps) steps=$2; shift ;;
    --quick) quick=1 ;;
    *) echo "usage: bash scripts/cross.sh [--targets \"TRIPLE...\"] [--steps \"e2e spec bench\"] [--quick]" >&2; exit 2 ;;
  esac
  shift
done

npm run build --silent || exit 1
status=0
step() {
  echo "== $*"
  local t0=$SECONDS
  "$@" || { echo "cross: FAILED: $*" >&2; status=1; }
  echo "== $(( SECONDS - t0 )) s"
}

wants() { [[ " $steps " == *" $1 "* ]]; }

# tests/tail/*.wast for target $1 (more flags after it), every assertion passing.
tail_wast() {
  local t=$1
  shift
  AWSM_SPEC3_DIR=tests/tail node dist/tests/spec/run.js --suite=3.0 --target="$t" "$@" '*'
}

wants e2e && step node --test dist/tests/e2e/cross.test.js

for t in $targets; do
  wants spec || break
  if [[ $t == armv7-* ]]; then
    # One bounds mode (explicit, its default).
    step node dist/tests/spec/run.js --target="$t"
    [ "$quick" = 1 ] && continue
    step node dist/tests/spec/run.js --target="$t" --suite=3.0 --required
    step tail_wast "$t"
    continue
  fi
  step node dist/tests/spec/run.js --target="$t"
  [ "$quick" = 1 ] && continue
  step node dist/tests/spec/run.js --target="$t" --bounds=explicit
  step node dist/tests/spec/run.js --target="$t" --suite=3.0 --required
  step node dist/tests/spec/run.js --target="$t" --suite=3.0 --required --bounds=explicit
  step tail_wast "$t"
  step tail_wast "$t" --bounds=explicit
done

# The bench programs' checksums per target.
bench_target() {
  local t=$1 qemu gnu fails=0
  case $t in
    aarch64-*) qemu=qemu-aarch64-static gnu=aarch64-linux-gnu ;;
    riscv64-*) qemu=qemu-riscv64-static gnu=riscv64-linux-gnu ;;
    armv7-*) qemu=qemu-arm-static gnu=arm-linux-gnueabihf ;;
    *) echo "cross: no qemu for $t" >&2; return 1 ;;
  esac
  local dir
  dir=$(mktemp -d)
  for src in bench/programs/*.c; do
    local name
    name=$(basename "$src" .c)
    clang-16 --target=wasm32-wasi --sysroot=/usr -O3 "$src" -lm -o "$dir/$name.wasm" || { fails=$((fails + 1)); continue; }
    node dist/src/cli/main.js compile -q -O3 --target="$t" "$dir/$name.wasm" -o "$dir/$name" || { fails=$((fails + 1)); continue; }
    if "$qemu" -L "/usr/$gnu" "$dir/$name" > "$dir/$name.out" && cmp -s "$dir/$name.out" "bench/expected/$name.out"; then
      echo "bench $t $name: same output as x86-64"
    else
      echo "bench $t $name: DIFFERS from bench/expected/$name.out" >&2
      fails=$((fails + 1))
    fi
  done
  rm -rf "$dir"
  [ "$fails" = 0 ]
}
if wants bench; then
  for t in $targets; do step bench_target "$t"; done
fi
exit $status
