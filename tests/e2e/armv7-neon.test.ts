/**
 * f32x4 on subnormals on armv7 with NEON (`--cpu=cortex-a7`, and the ARMv8 `cortex-a53` in
 * AArch32 state), run under qemu-arm (docs/abi.md, "32-bit ARM: NEON"). ARMv7's Advanced SIMD
 * flushes single-precision subnormals to zero whatever FPSCR says, so every f32x4 operation
 * that would flush is computed lane by lane on VFP (translate/simd-util.ts, SimdEnv.scalarF32)
 * and the SLP vectoriser is off for armv7 (driver/targets.ts, clangFlags). Each check loads its
 * operands from memory (so that nothing is folded at compile time), applies one operation, and
 * traps unless the result equals, bit for bit, the IEEE result computed here with Math.fround;
 * a failing run's trap message names the operation. The default CPU (no NEON) runs the same
 * checks. The spec suite's f32x4 files under the same CPU are docs/spec-harness.md's figures.
 *
 * Needs qemu-user-static and the armv7 cross packages (scripts/setup.sh); skipped otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { runCommand, targetOf } from '../../src/driver/targets.js';
import { compile } from '../../src/index.js';
import { requiresTarget, watBytes } from '../tools.js';

const ARMV7 = targetOf('armv7-linux-gnueabihf');

/** f32 from its bits. */
function f32(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0]!;
}

const MIN_SUB = f32(0x00000001); // 0x1p-149
const MAX_SUB = f32(0x007fffff);
const MIN_NORMAL = f32(0x00800000); // 0x1p-126

/** Operand vectors: subnormals of both signs against zeros, normals and each other. */
const A = [MIN_SUB, -MIN_SUB, MAX_SUB, MIN_NORMAL];
const B = [MIN_SUB, 0, MIN_SUB, -MIN_SUB];
const C = [MIN_SUB, -MIN_SUB, 1, MAX_SUB];

/** Wasm fmin/fmax without NaNs: -0 below +0. */
const fmin = (a: number, b: number): number => (a < b ? a : b < a ? b : Object.is(a, -0) ? a : b);
const fmax = (a: number, b: number): number => (a > b ? a : b > a ? b : Object.is(a, 0) ? a : b);
/** An all-ones / all-zeros i32 lane, as an f32 of those bits. */
const mask = (c: boolean): number => f32(c ? -1 : 0);

interface Check {
  /** The Wasm expression over $a, $b, $c (v128 locals), giving a v128. */
  expr: string;
  /** The expected lane `i` (an f32, or a mask) from lanes a, b, c of A, B, C. */
  lane: (a: number, b: number, c: number, i: number) => number;
}

/** One check per f32x4 operation that NEON would flush (simd-float.ts, FLUSHED; comparisons; relaxed). */
const CHECKS: Record<string, Check> = {
  add: { expr: '(f32x4.add (local.get $a) (local.get $b))', lane: (a, b) => Math.fround(a + b) },
  sub: { expr: '(f32x4.sub (local.get $a) (local.get $c))', lane: (a, _, c) => Math.fround(a - c) },
  mul: { expr: '(f32x4.mul (local.get $a) (local.get $c))', lane: (a, _, c) => Math.fround(a * c) },
  min: { expr: '(f32x4.min (local.get $a) (local.get $b))', lane: (a, b) => fmin(a, b) },
  max: { expr: '(f32x4.max (local.get $b) (local.get $c))', lane: (_, b, c) => fmax(b, c) },
  pmin: { expr: '(f32x4.pmin (local.get $b) (local.get $a))', lane: (a, b) => (a < b ? a : b) },
  pmax: { expr: '(f32x4.pmax (local.get $b) (local.get $c))', lane: (_, b, c) => (b < c ? c : b) },
  eq: { expr: '(f32x4.eq (local.get $b) (local.get $c))', lane: (_, b, c) => mask(b === c) },
  ne: { expr: '(f32x4.ne (local.get $a) (local.get $b))', lane: (a, b) => mask(a !== b) },
  lt: { expr: '(f32x4.lt (local.get $b) (local.get $a))', lane: (a, b) => mask(b < a) },
  le: { expr: '(f32x4.le (local.get $a) (local.get $b))', lane: (a, b) => mask(a <= b) },
  gt: { expr: '(f32x4.gt (local.get $a) (local.get $c))', lane: (a, _, c) => mask(a > c) },
  ge: { expr: '(f32x4.ge (local.get $c) (local.get $b))', lane: (_, b, c) => mask(c >= b) },
  ceil: { expr: '(f32x4.ceil (local.get $a))', lane: (a) => Math.ceil(a) },
  floor: { expr: '(f32x4.floor (local.get $a))', lane: (a) => Math.floor(a) },
  relaxed_madd: { expr: '(f32x4.relaxed_madd (local.get $a) (local.get $c) (local.get $b))', lane: (a, b, c) => Math.fround(Math.fround(a * c) + b) },
  relaxed_nmadd: { expr: '(f32x4.relaxed_nmadd (local.get $a) (local.get $c) (local.get $b))', lane: (a, b, c) => Math.fround(b - Math.fround(a * c)) },
  relaxed_min: { expr: '(f32x4.relaxed_min (local.get $a) (local.get $b))', lane: (a, b) => (a < b ? a : b) },
  relaxed_max: { expr: '(f32x4.relaxed_max (local.get $b) (local.get $a))', lane: (a, b) => (b > a ? b : a) },
  // Scalar f32 on lanes of two vectors (VectorCombine would make it one NEON vadd).
  extract_add: {
    expr: '(f32x4.replace_lane 0 (v128.const i32x4 0 0 0 0) (f32.add (f32x4.extract_lane 1 (local.get $a)) (f32x4.extract_lane 1 (local.get $c))))',
    lane: (_a, _b, _c, i) => (i === 0 ? Math.fround(A[1]! + C[1]!) : 0),
  },
};

/** Little-endian bytes of f32 lanes as a Wasm data string. */
function dataOf(lanes: readonly number[]): string {
  return Array.from(new Uint8Array(new Float32Array(lanes).buffer), (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

/**
 * The module: A, B, C at 0, 16, 32; check k's expected vector at 48 + 16k; `check_NAME` traps
 * unless NAME's result is it, and also stores its operands (at 4096 + 48k), so that they stay
 * whole vectors (LLVM loads a lane that is used alone as a scalar); `_start` runs every check. Also `scalar_loop`: four adjacent f32
 * adds on memory in a loop, the shape the SLP vectoriser joins into one NEON vadd.
 */
function checkModule(): Uint8Array {
  const names = Object.keys(CHECKS);
  const lanes = (f: (i: number) => number): number[] => [0, 1, 2, 3].map(f);
  const expected = names.map((n) => lanes((i) => CHECKS[n]!.lane(A[i]!, B[i]!, C[i]!, i)));
  const funcs = names.map((n, k) => `
  (func $check_${n} (local $a v128) (local $b v128) (local $c v128)
    (local.set $a (v128.load (i32.const 0))) (local.set $b (v128.load (i32.const 16))) (local.set $c (v128.load (i32.const 32)))
    (v128.store offset=${4096 + 48 * k} (i32.const 0) (local.get $a))
    (v128.store offset=${4112 + 48 * k} (i32.const 0) (local.get $b))
    (v128.store offset=${4128 + 48 * k} (i32.const 0) (local.get $c))
    (if (i32.eqz (i8x16.all_true (i8x16.eq ${CHECKS[n]!.expr} (v128.load (i32.const ${48 + 16 * k})))))
      (then unreachable)))`);
  // scalar_loop: mem[256 + i] += mem[0 + i] for the 4 lanes of A, twice (A + A + A), f32 by f32.
  const sum = lanes((i) => Math.fround(Math.fround(A[i]! + A[i]!) + A[i]!));
  const loopAt = 48 + 16 * names.length;
  const scalarLoop = `
  (func $scalar_loop (local $i i32) (local $n i32)
    (loop $rep
      (local.set $i (i32.const 0))
      (loop $l
        ${[0, 4, 8, 12].map((o) => `(f32.store offset=${loopAt + o} (local.get $i) (f32.add (f32.load offset=${loopAt + o} (local.get $i)) (f32.load offset=${o} (local.get $i))))`).join('\n        ')}
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 16))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $rep (i32.lt_u (local.get $n) (i32.const 3))))
    (if (i32.eqz (i8x16.all_true (i8x16.eq (v128.load (i32.const ${loopAt})) (v128.load (i32.const ${loopAt + 16})))))
      (then unreachable)))`;
  const wat = `(module (memory 1)
  (data (i32.const 0) "${dataOf(A)}${dataOf(B)}${dataOf(C)}${expected.map(dataOf).join('')}")
  (data (i32.const ${loopAt + 16}) "${dataOf(sum)}")${funcs.join('')}${scalarLoop}
  (func (export "_start") (call $scalar_loop) ${names.map((n) => `(call $check_${n})`).join(' ')}))`;
  return watBytes(wat, ['--debug-names', '--enable-relaxed-simd']);
}

for (const cpu of [undefined, 'cortex-a7', 'cortex-a53']) {
  test(`armv7${cpu === undefined ? '' : ` --cpu=${cpu}`}: f32x4 operations on subnormals give IEEE results under qemu-arm`, async (t) => {
    if (!requiresTarget(t, ARMV7, ['wat2wasm'])) return;
    const exe = await compile(checkModule(), { target: ARMV7.triple, name: 'neon', optLevel: 2, ...(cpu !== undefined ? { cpu } : {}) });
    const { cmd, args } = runCommand(ARMV7, exe.path, [], cpu);
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
    assert.deepEqual({ status: r.status, stderr: r.stderr }, { status: 0, stderr: '' });
  });
}
