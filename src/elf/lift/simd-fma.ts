// The fused multiply-add of FMADD, FMSUB, FNMADD, FNMSUB and FMLA/FMLS (scalar, vector, by
// element), exact and fast on wasm32, which has no fused multiply-add: LLVM's `llvm.fma`
// becomes a call of wasi-libc's software `fma` there (~11 ns a call: 92% of nbody's time).
// Instead each shape gets one always-inlined function per module:
//
//   @a64.fmadd.<shape>(n, m, a, fpcr) = a + n * m rounded once, with the architecture's NaNs
//
// A fast path that is exact where it is taken, and a slow path for the rest, which also applies
// the NaN rules (a fast result is never a NaN, so the common case has no NaN check at all):
//
// - Double precision: Dekker's exact product with Veltkamp's splitting, n * m = p + ul;
//   Knuth's TwoSum, a + p = th + tl exactly; z = RN(th + RN(tl + ul)). Rounding twice goes
//   wrong only where th + RN(tl + ul) is exactly a midpoint between two doubles: RN is
//   monotonic and the offset from th to each midpoint near it is a double, so RN(tl + ul)
//   cannot cross one, only land on it, and those offsets have at most 4 significant bits. The
//   fast path is refused where v = RN(tl + ul) is such a short nonzero number, where anything
//   may have overflowed (z not finite: an overflowing split or sum ends in an infinity or a
//   NaN), and where |p| < 2^-900 (the product's error term may not be representable). About
//   35 operations, no branch but the one. The slow path calls `llvm.fma` (wasi-libc's fma).
// - Single precision: the product of two floats is exact in double, so RN53(p + a) rounded to
//   float is the fma unless it is exactly a float midpoint (the low 29 bits 0x10000000) or a
//   subnormal float (coarser midpoints); those take the slow path, which rounds p + a to odd in
//   double first (53 >= 2 * 24 + 2: the second rounding is then innocuous; Boldo and
//   Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to
//   odd", IEEE TC 57(4), 2008).
//
// tests/unit/elf-fma.test.ts checks both against the C library's fma on millions of random
// and constructed hard operands (tests/elf/fma-values.ts); the instruction harness against qemu.

import type { A64Emitter } from './emit.js';
import { type Shape, HelperEmitter, boolType, fpIntrinsic, fpType, intType, nanResult, op, quietBit, splat } from './simd-ir.js';

/** Bits of the double constants the helpers use. */
const D = {
  /** 2^27 + 1, Veltkamp's splitting factor for 53-bit significands. */
  split: 0x41a0000002000000n,
  /** 2^-900: |product| at or above it, the splitting's pieces and the product's error are exact. */
  productMin: 0x07b0000000000000n,
  /** +infinity. */
  inf: 0x7ff0000000000000n,
  /** 2^-126, the smallest normal single-precision number. */
  f32Normal: 0x3810000000000000n,
  /** 0.0. */
  zero: 0n,
};

/** The low significand bits of a double that are zero in every offset from th to a midpoint near it (at most 4 significant bits). */
const SHORT_MASK = (1n << 48n) - 1n;

/** A double constant of `lanes` lanes from its bits (LLVM's hexadecimal double form). */
function dconst(lanes: number, bits: bigint): string {
  const one = `0x${bits.toString(16).toUpperCase().padStart(16, '0')}`;
  return lanes === 1 ? one : `<${Array.from({ length: lanes }, () => `double ${one}`).join(', ')}>`;
}

/** The shape's name in helper names: f64, v2f64, f32, v4f32, ... */
function suffix(s: Shape): string {
  return s.lanes === 1 ? `f${s.bits}` : `v${s.lanes}f${s.bits}`;
}

/**
 * `addend + n * m` (negations already applied to the operands, as the architecture does)
 * rounded once, with the architecture's NaN results: a call of the shape's helper.
 */
export function fusedMulAdd(e: A64Emitter, s: Shape, addend: string, n: string, m: string): string {
  if (s.bits !== 32 && s.bits !== 64) throw new Error(`fused multiply-add of ${s.bits}-bit lanes is not lifted`);
  const ft = fpType(s);
  const name = `@a64.fmadd.${suffix(s)}`;
  e.declare(helper(e, s, name));
  return op(e, `call ${ft} ${name}(${ft} ${n}, ${ft} ${m}, ${ft} ${addend}, i64 ${e.fpReg('fpcr')})`);
}

/** Whether any lane of an i1 shape is set, as an i1. */
function anyLane(b: A64Emitter, s: Shape, x: string): string {
  return s.lanes === 1 ? x : op(b, `icmp ne i${s.lanes} ${op(b, `bitcast ${boolType(s)} ${x} to i${s.lanes}`)}, 0`);
}

/**
 * The text of the helper `name` of shape `s` and of its slow path `name.slow`, a function of
 * its own (noinline, cold), so that the loop the helper is inlined into carries a call in a
 * cold block, not the NaN rules' registers and constants. Their declarations go to `outer`.
 */
function helper(outer: A64Emitter, s: Shape, name: string): string {
  const ft = fpType(s);
  const params = `${ft} %n, ${ft} %m, ${ft} %a, i64 %fpcr`;
  const b = new HelperEmitter();
  const fast = s.bits === 64 ? fastF64(b, s) : fastF32(b, s);
  const likely = op(b, `call i1 @llvm.expect.i1(i1 ${anyLane(b, s, fast.refuse)}, i1 false)`);
  // The slow path: the exact fma of the C library (double), or p + a rounded to odd first
  // (single), then the NaN rules over (addend, n, m).
  const c = new HelperEmitter();
  const r = s.bits === 64 ? fpIntrinsic(c, s, 'fma', ['%n', '%m', '%a']) : exactF32(c, s, product32(c, s));
  const out = nanResult(c, s, r, ['%a', '%n', '%m'], invalidProduct(c, s), false);
  outer.declare('declare i1 @llvm.expect.i1(i1, i1)');
  [...b.decls, ...c.decls].forEach((d) => outer.declare(d));
  return [
    `define internal ${ft} ${name}.slow(${params}) noinline cold {`, 'entry:', ...c.lines, `  ret ${ft} ${out}`, '}',
    `define internal ${ft} ${name}(${params}) alwaysinline {`, 'entry:', ...b.lines, `  br i1 ${likely}, label %slow, label %fast`,
    'fast:', `  ret ${ft} ${fast.z}`, 'slow:', `  %exact = call ${ft} ${name}.slow(${params})`, `  ret ${ft} %exact`, '}',
  ].join('\n');
}

/** A fast path: its result `z` and the lanes where it must not be used (`refuse`). */
interface FastPath {
  z: string;
  refuse: string;
}

/** Double precision: z = RN(th + RN(tl + ul)), refused near a midpoint, an overflow or an underflow. */
function fastF64(b: A64Emitter, s: Shape): FastPath {
  const ft = fpType(s);
  const it = intType(s);
  const bt = boolType(s);
  const f = (o: string, x: string, y: string): string => op(b, `${o} ${ft} ${x}, ${y}`);
  const abs = (x: string): string => fpIntrinsic(b, s, 'fabs', [x]);
  const split = (x: string): [string, string] => {
    const c = f('fmul', x, dconst(s.lanes, D.split));
    const hi = f('fsub', c, f('fsub', c, x));
    return [hi, f('fsub', x, hi)];
  };
  // Dekker: n * m = p + ul exactly.
  const p = f('fmul', '%n', '%m');
  const [nh, nl] = split('%n');
  const [mh, ml] = split('%m');
  let ul = f('fsub', f('fmul', nh, mh), p);
  ul = f('fadd', ul, f('fmul', nh, ml));
  ul = f('fadd', ul, f('fmul', nl, mh));
  ul = f('fadd', ul, f('fmul', nl, ml));
  // TwoSum: a + p = th + tl exactly. (Fast2Sum would need the operands ordered by magnitude:
  // as many operations, and LLVM turns the select into an unpredictable branch.)
  const [th, tl] = twoSum(b, s, '%a', p);
  const v = f('fadd', tl, ul);
  const z = f('fadd', th, v);
  const vBits = op(b, `bitcast ${ft} ${v} to ${it}`);
  const short = op(b, `icmp eq ${it} ${op(b, `and ${it} ${vBits}, ${splat(s, SHORT_MASK)}`)}, ${splat(s, 0)}`);
  const nonzero = f('fcmp one', v, dconst(s.lanes, D.zero));
  const nearMidpoint = op(b, `and ${bt} ${short}, ${nonzero}`);
  // Not finite (an overflow on the way, or a NaN or infinite operand), or |p| below 2^-900 (or a NaN).
  const notFinite = op(b, `fcmp uge ${ft} ${abs(z)}, ${dconst(s.lanes, D.inf)}`);
  const underflow = op(b, `fcmp ult ${ft} ${abs(p)}, ${dconst(s.lanes, D.productMin)}`);
  const refuse = [nearMidpoint, notFinite, underflow].reduce((x, y) => op(b, `or ${bt} ${x}, ${y}`));
  return { z, refuse };
}

/** Single precision: RN(RN53(p + a)), refused at a float midpoint, a subnormal float or a NaN. */
function fastF32(b: A64Emitter, s: Shape): FastPath {
  const ds: Shape = { bits: 64, lanes: s.lanes };
  const dt = fpType(ds);
  const it = intType(ds);
  const bt = boolType(s);
  const sum = op(b, `fadd ${dt} ${product32(b, s)}, ${op(b, `fpext ${fpType(s)} %a to ${dt}`)}`);
  const low = op(b, `and ${it} ${op(b, `bitcast ${dt} ${sum} to ${it}`)}, ${splat(ds, 0x1fffffffn)}`);
  const midpoint = op(b, `icmp eq ${it} ${low}, ${splat(ds, 0x10000000n)}`);
  // Below the float normals (zero aside), or not a number: |sum| < 2^-126 is false for a NaN.
  const tiny = op(b, `fcmp olt ${dt} ${fpIntrinsic(b, ds, 'fabs', [sum])}, ${dconst(s.lanes, D.f32Normal)}`);
  const subnormal = op(b, `and ${bt} ${tiny}, ${op(b, `fcmp one ${dt} ${sum}, ${dconst(s.lanes, D.zero)}`)}`);
  const nan = op(b, `fcmp uno ${dt} ${sum}, ${sum}`);
  const refuse = op(b, `or ${bt} ${op(b, `or ${bt} ${midpoint}, ${subnormal}`)}, ${nan}`);
  return { z: op(b, `fptrunc ${dt} ${sum} to ${fpType(s)}`), refuse };
}

/** n * m of a single-precision shape, exact in double. */
function product32(b: A64Emitter, s: Shape): string {
  const dt = fpType({ bits: 64, lanes: s.lanes });
  const ext = (x: string): string => op(b, `fpext ${fpType(s)} ${x} to ${dt}`);
  return op(b, `fmul ${dt} ${ext('%n')}, ${ext('%m')}`);
}

/** Single precision, every case: the exact product plus the addend rounded to odd in double, then to float. */
function exactF32(b: A64Emitter, s: Shape, p: string): string {
  const ds: Shape = { bits: 64, lanes: s.lanes };
  const a = op(b, `fpext ${fpType(s)} %a to ${fpType(ds)}`);
  return op(b, `fptrunc ${fpType(ds)} ${roundToOdd(b, ds, p, a)} to ${fpType(s)}`);
}

/** FMADD's invalid case with a quiet NaN addend: 0 * inf or inf * 0 gives the default NaN, not the addend. */
function invalidProduct(b: A64Emitter, s: Shape): string {
  const ft = fpType(s);
  const it = intType(s);
  const bt = boolType(s);
  const inf = s.bits === 32 ? 0x7f800000n : 0x7ff0000000000000n;
  const bitsOf = (x: string): string => op(b, `bitcast ${ft} ${x} to ${it}`);
  const isInf = (x: string): string => op(b, `icmp eq ${it} ${bitsOf(fpIntrinsic(b, s, 'fabs', [x]))}, ${splat(s, inf)}`);
  const isZero = (x: string): string => op(b, `fcmp oeq ${ft} ${x}, ${op(b, `bitcast ${it} ${splat(s, 0)} to ${ft}`)}`);
  const and = (x: string, y: string): string => op(b, `and ${bt} ${x}, ${y}`);
  const zeroTimesInf = op(b, `or ${bt} ${and(isInf('%n'), isZero('%m'))}, ${and(isZero('%n'), isInf('%m'))}`);
  const quietNaN = inf | quietBit(s.bits);
  const quiet = op(b, `icmp eq ${it} ${op(b, `and ${it} ${bitsOf('%a')}, ${splat(s, quietNaN)}`)}, ${splat(s, quietNaN)}`);
  return and(quiet, zeroTimesInf);
}

/** Knuth's TwoSum: [RN(x + y), the exact error] for any finite x, y of a double shape. */
function twoSum(b: A64Emitter, s: Shape, x: string, y: string): [string, string] {
  const ft = fpType(s);
  const f = (o: string, u: string, v: string): string => op(b, `${o} ${ft} ${u}, ${v}`);
  const sum = f('fadd', x, y);
  const yv = f('fsub', sum, x);
  const xv = f('fsub', sum, yv);
  return [sum, f('fadd', f('fsub', x, xv), f('fsub', y, yv))];
}

/**
 * x + y rounded to odd in a double shape: RN(x + y) where that is exact; otherwise the
 * neighbour towards zero of the exact sum with its last significand bit set. (When inexact, the
 * sum is a normal number: both operands are multiples of the smallest subnormal.) A non-finite
 * sum gives a NaN error, which compares unordered: the sum is kept.
 */
function roundToOdd(b: A64Emitter, s: Shape, x: string, y: string): string {
  const ft = fpType(s);
  const it = intType(s);
  const bt = boolType(s);
  const [sum, err] = twoSum(b, s, x, y);
  const inexact = op(b, `fcmp one ${ft} ${err}, ${dconst(s.lanes, D.zero)}`);
  const bits = op(b, `bitcast ${ft} ${sum} to ${it}`);
  // The sum was rounded away from zero when the error has the other sign: step one ulp back.
  const away = op(b, `icmp slt ${it} ${op(b, `xor ${it} ${bits}, ${op(b, `bitcast ${ft} ${err} to ${it}`)}`)}, ${splat(s, 0)}`);
  const toward = op(b, `sub ${it} ${bits}, ${op(b, `zext ${bt} ${op(b, `and ${bt} ${inexact}, ${away}`)} to ${it}`)}`);
  const odd = op(b, `or ${it} ${toward}, ${splat(s, 1)}`);
  return op(b, `bitcast ${it} ${op(b, `select ${bt} ${inexact}, ${it} ${odd}, ${it} ${bits}`)} to ${ft}`);
}
