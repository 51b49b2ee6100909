// Operands for testing the lifter's fused multiply-add (src/elf/lift/simd-fma.ts): triples
// (n, m, a) of doubles or floats whose a + n * m is hard to round correctly, mixed with random
// ones, from a seeded generator (tests/elf/insn-values.ts) so a failure reproduces. Kinds:
// - random: moderate exponents, full significands;
// - wide: every exponent, subnormals, zeros, infinities and NaNs;
// - cancel: a = -RN(n * m), give or take an ulp (the result is the product's rounding error);
// - tie: n * m close to 2^r but not equal, a with ulp(a) = 2^(r+1) (or a binade either side,
//   or a power of two), so that a + n * m lies just off a midpoint: rounding twice goes wrong;
// - edge: products near 2^-900 and near overflow, operands near 2^996 (the fast path's limits),
//   products that are ties in the subnormal range;
// - subnormal: a subnormal operand times a large one, and results near the subnormal range.

import { Rng } from './insn-values.js';

/** The kinds of triple, in the order they are drawn (uniformly). */
const KINDS = ['random', 'wide', 'cancel', 'tie', 'edge', 'subnormal'] as const;

/** One width's format: significand bits (without the hidden one), exponent range, rounding. */
interface Format {
  frac: number;
  minExp: number;
  maxExp: number;
  round: (x: number) => number;
}

const F64: Format = { frac: 52, minExp: -1022, maxExp: 1023, round: (x) => x };
const F32: Format = { frac: 23, minExp: -126, maxExp: 127, round: Math.fround };

/** A uniform integer in [lo, hi]. */
function int(rng: Rng, lo: number, hi: number): number {
  return lo + rng.below(hi - lo + 1);
}

/** A significand in [1, 2) with `f.frac` random fraction bits (the last one set when `odd`). */
function significand(rng: Rng, f: Format, odd = false): number {
  const hi = rng.u32() / 2 ** 32;
  const lo = (rng.u32() >>> 6) / 2 ** 58;
  let frac = Math.floor((hi + lo) * 2 ** f.frac);
  if (odd) frac |= 1;
  return 1 + frac / 2 ** f.frac;
}

/** ±significand × 2^e, exact while in range (2 ** e is exact down to 2^-1074). */
function value(rng: Rng, f: Format, e: number, odd = false): number {
  const sign = rng.below(2) === 0 ? 1 : -1;
  const x = significand(rng, f, odd) * 2 ** Math.max(e, -1074);
  return f.round(sign * x);
}

/** A value of any exponent, or one of the special values. */
function wide(rng: Rng, f: Format): number {
  if (rng.below(6) === 0) {
    const specials = [0, -0, Infinity, -Infinity, NaN, f.round(2 ** (f.minExp - f.frac)), f.round(2 ** f.minExp), f.round((2 - 2 ** -f.frac) * 2 ** f.maxExp)];
    return rng.pick(specials) * (rng.below(2) === 0 ? 1 : -1);
  }
  return value(rng, f, int(rng, f.minExp - f.frac, f.maxExp));
}

/**
 * n, m whose exact product is near 2^r but not equal (n has an odd significand, so n * m is
 * never a power of two): for doubles RN(n * m) = 2^r; for floats (whose product is exact in
 * double) |n * m / 2^r - 1| < 2^-29. Found by drawing n and rounding 2^r / n.
 */
function nearPower(rng: Rng, f: Format, r: number): [number, number] {
  for (;;) {
    const n = value(rng, f, int(rng, -8, 8), true);
    const m = f.round(2 ** r / n);
    const p = Math.abs(n * m);
    if (f === F64 ? p === 2 ** r : Math.abs(p / 2 ** r - 1) < 2 ** -29) return [n, m];
  }
}

/** One triple of `kind`. */
function triple(rng: Rng, f: Format, kind: (typeof KINDS)[number]): [number, number, number] {
  const span = f === F64 ? 60 : 20;
  switch (kind) {
    case 'random':
      return [value(rng, f, int(rng, -span, span)), value(rng, f, int(rng, -span, span)), value(rng, f, int(rng, -2 * span, 2 * span))];
    case 'wide':
      return [wide(rng, f), wide(rng, f), wide(rng, f)];
    case 'cancel': {
      const n = value(rng, f, int(rng, -span, span));
      const m = value(rng, f, int(rng, -span, span));
      const p = f.round(n * m);
      const k = int(rng, -2, 2);
      return [n, m, f.round(-p * (1 + k * 2 ** -f.frac))];
    }
    case 'tie': {
      // n * m = 2^r (1 + δ) with δ tiny: RN(n * m) = 2^r for doubles (the error below half an
      // ulp of the sum), within 2^-29 of 2^r for floats (below half a double ulp of the sum).
      const r = int(rng, f === F64 ? -400 : -60, f === F64 ? 400 : 60);
      const [n, m] = nearPower(rng, f, r);
      const d = int(rng, -1, 1);
      const e = r + f.frac + 1 + d; // ulp(a) = 2^(r + 1 + d)
      const a = rng.below(4) === 0 ? f.round((rng.below(2) === 0 ? 1 : -1) * 2 ** e) : value(rng, f, e, rng.below(2) === 0);
      return [n, m, a];
    }
    case 'edge': {
      if (rng.below(3) === 0) {
        // n * m an odd multiple of half the smallest subnormal: a tie in the subnormal range.
        const q = 2 * int(rng, 0, f === F64 ? 2 ** 30 : 2 ** 10) + 1;
        const j = int(rng, 1, f === F64 ? 400 : 40);
        const tiny = f.minExp - f.frac - 1; // the exponent of half the smallest subnormal
        const [n, m] = [f.round(q * 2 ** (tiny + j)), f.round(2 ** -j)];
        return [n, m, f.round((2 * int(rng, 0, 1000) + 1) * 2 ** (tiny + 1) * (rng.below(2) === 0 ? 1 : -1))];
      }
      const total = rng.pick(f === F64 ? [-900, -901, -899, 1020, 1022, 1023] : [-140, -126, 126, 127]);
      const e1 = f === F64 && rng.below(2) === 0 ? int(rng, 993, 998) : int(rng, -span, span);
      const n = value(rng, f, e1);
      const m = value(rng, f, total - e1);
      return [n, m, rng.below(2) === 0 ? f.round(-n * m) : value(rng, f, total + int(rng, -3, 1))];
    }
    case 'subnormal': {
      const sub = value(rng, f, int(rng, f.minExp - f.frac, f.minExp - 1));
      const big = value(rng, f, int(rng, f === F64 ? 20 : 5, f === F64 ? 1000 : 60));
      const small = value(rng, f, int(rng, f.minExp - f.frac, f.minExp + 30));
      return rng.below(2) === 0 ? [sub, big, small] : [value(rng, f, int(rng, f.minExp / 2 - 10, f.minExp / 2)), value(rng, f, int(rng, f.minExp / 2 - 10, f.minExp / 2)), small];
    }
  }
}

/** One triple (n, m, a) of a random kind, as the bits of each value. */
export function fmaTripleBits(rng: Rng, width: 32 | 64): [bigint, bigint, bigint] {
  const f = width === 64 ? F64 : F32;
  const t = triple(rng, f, KINDS[rng.below(KINDS.length)]!);
  return t.map((x) => (width === 64 ? new BigUint64Array(new Float64Array([x]).buffer)[0]! : BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!))) as [bigint, bigint, bigint];
}

/** `count` triples [n0, m0, a0, n1, m1, a1, ...] of the width, kinds mixed at random. */
export function fmaTriples(seed: number, width: 32 | 64, count: number): Float64Array | Float32Array {
  const rng = new Rng(seed);
  const f = width === 64 ? F64 : F32;
  const out = width === 64 ? new Float64Array(3 * count) : new Float32Array(3 * count);
  for (let i = 0; i < count; i++) out.set(triple(rng, f, KINDS[rng.below(KINDS.length)]!), 3 * i);
  return out;
}
