// FP arithmetic shared by the scalar FP instructions (src/elf/lift/simd-fp.ts) and the vector
// ones (src/elf/lift/simd-vec.ts): each works on a Shape, scalar or vector, and gives the
// architecture's result for the round-to-nearest-even mode the lifter assumes (FPCR = 0:
// no flush to zero, no default-NaN mode; docs/elf-simd.md), NaNs included.

import type { A64Emitter } from './emit.js';
import { type Shape, boolType, fixNaN, fpBits, fpConst, fpIntrinsic, fpType, intType, op, splat } from './simd-ir.js';

/** The two-operand FP operations. */
export type FpBinary = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'maxnm' | 'minnm' | 'nmul' | 'abd';

/** Rounding to an integral value: FRINTN/P/M/Z/A/X/I and the FCVT*S/U roundings. */
export type Rounding = 'n' | 'p' | 'm' | 'z' | 'a' | 'x' | 'i';

/** `a op b` with the architecture's NaN results. */
export function fpBinary(e: A64Emitter, s: Shape, kind: FpBinary, a: string, b: string): string {
  const ft = fpType(s);
  switch (kind) {
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return fixNaN(e, s, op(e, `f${kind} ${ft} ${a}, ${b}`), [a, b]);
    case 'nmul':
      return op(e, `fneg ${ft} ${fpBinary(e, s, 'mul', a, b)}`);
    case 'abd':
      return fpUnary(e, s, 'abs', fpBinary(e, s, 'sub', a, b));
    case 'max':
    case 'min':
      return fixNaN(e, s, maxMin(e, s, kind === 'max', a, b), [a, b], undefined, true);
    case 'maxnm':
    case 'minnm': {
      // A quiet NaN against a number gives the number; everything else as FMAX/FMIN.
      const [qa, qb] = [a, b].map((x) => isQuietNaN(e, s, x)) as [string, string];
      const [na, nb] = [a, b].map((x) => op(e, `fcmp ord ${ft} ${x}, ${x}`)) as [string, string];
      const bt = boolType(s);
      const a2 = op(e, `select ${bt} ${op(e, `and ${bt} ${qa}, ${nb}`)}, ${ft} ${b}, ${ft} ${a}`);
      const b2 = op(e, `select ${bt} ${op(e, `and ${bt} ${qb}, ${na}`)}, ${ft} ${a}, ${ft} ${b}`);
      return fixNaN(e, s, maxMin(e, s, kind === 'maxnm', a2, b2), [a2, b2], undefined, true);
    }
  }
}

/** FMAX/FMIN of two values, ignoring NaNs (fixNaN corrects those): +0 is above -0. */
function maxMin(e: A64Emitter, s: Shape, max: boolean, a: string, b: string): string {
  const ft = fpType(s);
  const it = intType(s);
  const bt = boolType(s);
  const pick = op(e, `select ${bt} ${op(e, `fcmp ${max ? 'ogt' : 'olt'} ${ft} ${a}, ${b}`)}, ${ft} ${a}, ${ft} ${b}`);
  // Equal operands: the same bits except for zeros of both signs, where AND (max) or OR (min) of the bits decides.
  const both = op(e, `${max ? 'and' : 'or'} ${it} ${fpBits(e, s, a)}, ${fpBits(e, s, b)}`);
  const eq = op(e, `fcmp oeq ${ft} ${a}, ${b}`);
  return op(e, `select ${bt} ${eq}, ${ft} ${op(e, `bitcast ${it} ${both} to ${ft}`)}, ${ft} ${pick}`);
}

/** Whether each element is a quiet NaN. */
function isQuietNaN(e: A64Emitter, s: Shape, x: string): string {
  const it = intType(s);
  const exp = s.bits === 32 ? 0x7fc00000n : s.bits === 64 ? 0x7ff8000000000000n : 0x7e00n;
  const masked = op(e, `and ${it} ${fpBits(e, s, x)}, ${splat(s, exp)}`);
  return op(e, `icmp eq ${it} ${masked}, ${splat(s, exp)}`);
}

/** The one-operand FP operations (FABS and FNEG touch only the sign, NaNs included). */
export function fpUnary(e: A64Emitter, s: Shape, kind: 'abs' | 'neg' | 'sqrt', a: string): string {
  const ft = fpType(s);
  const it = intType(s);
  if (kind === 'sqrt') return fixNaN(e, s, fpIntrinsic(e, s, 'sqrt', [a]), [a]);
  const sign = splat(s, 1n << BigInt(s.bits - 1));
  const bits = op(e, kind === 'abs' ? `and ${it} ${fpBits(e, s, a)}, ${splat(s, (1n << BigInt(s.bits - 1)) - 1n)}` : `xor ${it} ${fpBits(e, s, a)}, ${sign}`);
  return op(e, `bitcast ${it} ${bits} to ${ft}`);
}

/** `x` rounded to an integral value as `mode` says (x and i: to nearest even, the assumed FPCR). */
export function fpRound(e: A64Emitter, s: Shape, mode: Rounding, x: string): string {
  const ft = fpType(s);
  let r: string;
  if (mode === 'a') {
    // Ties away from zero without a libm call: trunc, then one step away when |x - trunc| >= 0.5.
    const t = fpIntrinsic(e, s, 'trunc', [x]);
    const frac = fpIntrinsic(e, s, 'fabs', [op(e, `fsub ${ft} ${x}, ${t}`)]);
    const half = fpConst(e, s, s.bits === 32 ? 0x3f000000n : s.bits === 64 ? 0x3fe0000000000000n : 0x3800n);
    const one = fpConst(e, s, s.bits === 32 ? 0x3f800000n : s.bits === 64 ? 0x3ff0000000000000n : 0x3c00n);
    const step = fpIntrinsic(e, s, 'copysign', [one, x]);
    const up = op(e, `fadd ${ft} ${t}, ${step}`);
    r = op(e, `select ${boolType(s)} ${op(e, `fcmp oge ${ft} ${frac}, ${half}`)}, ${ft} ${up}, ${ft} ${t}`);
  } else {
    const name = { n: 'roundeven', p: 'ceil', m: 'floor', z: 'trunc', x: 'roundeven', i: 'roundeven' }[mode];
    r = fpIntrinsic(e, s, name, [x]);
  }
  return fixNaN(e, s, r, [x]);
}

/** `x` rounded as `mode` says and converted to a saturated integer of `bits` (NaN gives 0). */
export function fpToInt(e: A64Emitter, s: Shape, mode: Rounding, x: string, signed: boolean, bits: 32 | 64): string {
  const ft = fpType(s);
  const rounded = mode === 'z' ? x : fpRound(e, s, mode, x);
  const out = s.lanes === 1 ? `i${bits}` : `<${s.lanes} x i${bits}>`;
  const suffix = s.lanes === 1 ? `i${bits}.f${s.bits}` : `v${s.lanes}i${bits}.v${s.lanes}f${s.bits}`;
  const name = `llvm.fpto${signed ? 's' : 'u'}i.sat.${suffix}`;
  e.declare(`declare ${out} @${name}(${ft})`);
  return op(e, `call ${out} @${name}(${ft} ${rounded})`);
}
