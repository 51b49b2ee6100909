#!/usr/bin/env bash
# npm run test:spec-cross (a step of npm test): a fixed subset of both spec suites for each
# other target, under qemu-user (docs/spec-harness.md, "Other targets"). Each run is judged by
# the suite's lists with the target's on top (tests/spec/targets/), so it is exact: armv7 in
# explicit bounds (its default), the others in guard mode. The whole suites per target are
# scripts/cross.sh's.
#
# 2.0: integers, floats, conversions, memory, bounds, alignment, indirect calls, SIMD loads,
# stores and arithmetic. 3.0, one or more files of each new feature: memory64, multiple
# memories, exceptions (and the legacy form), tail calls (on riscv64 through a tail buffer:
# docs/abi.md, "Tail calls on RISC-V"), typed function references, relaxed SIMD, wide
# arithmetic, custom page sizes, GC (structs, arrays of references built from element segments,
# casts: on armv7 a reference slot is 8 bytes and a pointer 4).
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE_2_0=(i32 i64 f32 f64 conversions float_exprs memory address memory_trap align call_indirect br_table
  'simd_load*' 'simd_store*' simd_f32x4_arith simd_i32x4_arith)
SUITE_3_0=(memory64 address64 load64 memory_grow64 memory-multi load1 store1 throw throw_ref try_table tag
  legacy/rethrow return_call return_call_indirect return_call_ref call_ref br_on_null
  relaxed_madd_nmadd relaxed_min_max i32x4_relaxed_trunc 'proposals/wide-arithmetic/*'
  proposals/custom-page-sizes/memory_max struct array_init_elem array_new_elem ref_cast)

for t in aarch64-linux-gnu riscv64-linux-gnu armv7-linux-gnueabihf; do
  node dist/tests/spec/run.js --target="$t" "${SUITE_2_0[@]}"
  node dist/tests/spec/run.js --suite=3.0 --target="$t" "${SUITE_3_0[@]}"
done
