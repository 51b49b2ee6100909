/**
 * Affine integer values for loop versioning's analysis (loop-plan.ts): Σ coef · local + k, of
 * width 32 (mod 2^32, int32 coefficients and constant, as Wasm's i32 arithmetic wraps) or 64
 * (mod 2^64: a 64-bit memory's addresses and their induction variables). An i64 value's
 * coefficients and constant are exact integers of magnitude at most LIMIT64; arithmetic that
 * would leave that range gives up (null, an unknown value): the sums and products here then stay
 * exact in JS numbers, and an address that far out could not pass the range checks anyway
 * (versioning.ts computes a 64-bit memory's checks in 128 bits).
 */
import type { ValType } from '../binary/module.js';

/** The width of the integers the analysis tracks: i32, or i64 (memory64 addresses). */
export type Width = 32 | 64;

/** Largest magnitude of an i64 affine value's coefficients and constant (see the header). */
export const LIMIT64 = 2 ** 32;

/**
 * value ≡ Σ coef · (local at the start of the iteration) + k  (mod 2^w); coefs and k as int32
 * for w = 32, exact integers of magnitude ≤ LIMIT64 for w = 64.
 */
export interface Affine {
  kind: 'affine';
  /** The width: 32 for an i32 value, 64 for an i64 one. */
  w: Width;
  /** Local index → its coefficient (never 0). */
  terms: Map<number, number>;
  /** The constant. */
  k: number;
}

/** An affine value of width w (32 by default); k is wrapped to int32 for w = 32. */
export const affine = (terms: Map<number, number>, k: number, w: Width = 32): Affine => ({ kind: 'affine', w, terms, k: w === 32 ? k | 0 : k });

/** The local `l` of type `ty` as an affine value, or null when it is not an integer the analysis tracks. */
export function localAffine(l: number, ty: ValType | undefined): Affine | null {
  return ty === 'i32' || ty === 'i64' ? affine(new Map([[l, 1]]), 0, ty === 'i32' ? 32 : 64) : null;
}

/** An exact i64 coefficient, or undefined when its magnitude is beyond LIMIT64. */
const small64 = (v: number): number | undefined => (Math.abs(v) <= LIMIT64 ? v : undefined);

/** a + sign · b, mod 2^w (a and b of one width); null when an i64 coefficient grows too large. */
export function addAffine(a: Affine, b: Affine, sign: 1 | -1): Affine | null {
  const terms = new Map(a.terms);
  // Both operands are within LIMIT64 (2^32), so an i64 sum is exact in a JS number.
  const wrap = (x: number): number | undefined => (a.w === 32 ? x | 0 : small64(x));
  for (const [l, c] of b.terms) {
    const v = wrap((terms.get(l) ?? 0) + sign * c);
    if (v === undefined) return null;
    if (v === 0) terms.delete(l);
    else terms.set(l, v);
  }
  const k = wrap(a.k + sign * b.k);
  return k === undefined ? null : affine(terms, k, a.w);
}

/** a · c, mod 2^w; null when an i64 coefficient grows too large. */
export function scaleAffine(a: Affine, c: number): Affine | null {
  // i64: exact in bigint, then bounded (c may be a power of two up to 2^63, from i64.shl).
  const mul = (x: number): number | undefined => (a.w === 32 ? Math.imul(x, c) : small64(Number(BigInt(x) * BigInt(c))));
  const terms = new Map<number, number>();
  for (const [l, x] of a.terms) {
    const v = mul(x);
    if (v === undefined) return null;
    if (v !== 0) terms.set(l, v);
  }
  const k = mul(a.k);
  return k === undefined ? null : affine(terms, k, a.w);
}

/**
 * The step per iteration of an affine value, given the induction variables' steps: mod 2^32
 * for i32; for i64 exact, clamped to ±2^40 (beyond MAX_STEP: such a value is refused, never
 * used).
 */
export function stepOf(a: Affine, steps: Map<number, number>): number {
  if (a.w === 64) {
    let d = 0n;
    for (const [l, c] of a.terms) d += BigInt(c) * BigInt(steps.get(l) ?? 0);
    const clamp = 2n ** 40n;
    return Number(d > clamp ? clamp : d < -clamp ? -clamp : d);
  }
  let d = 0;
  for (const [l, c] of a.terms) d = (d + Math.imul(c, steps.get(l) ?? 0)) | 0;
  return d;
}
