// The scalar FP cases of the instruction harness (tests/elf/insn-harness.ts): each form of
// every scalar FP instruction the lifter knows (src/elf/lift/simd-fp.ts), in single and double
// precision, with registers chosen so that sources and destination differ and coincide; and
// the fused multiply-adds (scalar and vector) on hard operands (tests/elf/fma-values.ts).

import { fmaTripleBits } from './fma-values.js';
import type { InsnCase } from './insn-harness.js';
import type { Rng } from './insn-values.js';

/** `ops` in both precisions: `{r}` stands for the register letter (s or d). */
function both(...ops: string[]): InsnCase[] {
  return ops.flatMap((t) => [
    { asm: t.replaceAll('{r}', 's'), lanes: 'f32' as const },
    { asm: t.replaceAll('{r}', 'd'), lanes: 'f64' as const },
  ]);
}

/**
 * A fused multiply-add case whose registers hold hard operands (tests/elf/fma-values.ts) in
 * every lane: a + n * m with n in register `n`, m in `m`, a in `a`, each negated where the
 * instruction negates it (so the instruction computes ±(a + n * m)).
 */
function fmaCase(asm: string, width: 32 | 64, regs: { n: number; m: number; a: number }, negate: { n?: boolean; a?: boolean } = {}): InsnCase {
  const sign = 1n << BigInt(width - 1);
  const lanes = 128 / width;
  return {
    asm,
    lanes: width === 64 ? 'f64' : 'f32',
    vregs: (rng: Rng) => {
      const v: Record<number, bigint[]> = { [regs.n]: [], [regs.m]: [], [regs.a]: [] };
      for (let l = 0; l < lanes; l++) {
        const [n, m, a] = fmaTripleBits(rng, width);
        v[regs.n]!.push(negate.n === true ? n ^ sign : n);
        v[regs.m]!.push(m);
        v[regs.a]!.push(negate.a === true ? a ^ sign : a);
      }
      return v;
    },
  };
}

/** FMADD, FMSUB, FNMADD, FNMSUB, FMLA, FMLS (vector and by element) on hard operands, both precisions. */
const FMA_CASES: InsnCase[] = ([32, 64] as const).flatMap((w) => {
  const r = w === 32 ? 's' : 'd';
  const v = w === 32 ? '4s' : '2d';
  const regs = { n: 1, m: 2, a: 3 };
  const acc = { n: 1, m: 2, a: 0 };
  return [
    fmaCase(`fmadd ${r}0, ${r}1, ${r}2, ${r}3`, w, regs), fmaCase(`fmsub ${r}0, ${r}1, ${r}2, ${r}3`, w, regs, { n: true }),
    fmaCase(`fnmadd ${r}0, ${r}1, ${r}2, ${r}3`, w, regs, { n: true, a: true }), fmaCase(`fnmsub ${r}0, ${r}1, ${r}2, ${r}3`, w, regs, { a: true }),
    fmaCase(`fmla v0.${v}, v1.${v}, v2.${v}`, w, acc), fmaCase(`fmls v0.${v}, v1.${v}, v2.${v}`, w, acc, { n: true }),
    fmaCase(`fmla v0.${v}, v1.${v}, v2.${r}[1]`, w, acc), fmaCase(`fmla ${r}0, ${r}1, v2.${r}[0]`, w, acc),
    ...(w === 32 ? [fmaCase('fmla v0.2s, v1.2s, v2.2s', w, acc), fmaCase('fmls v0.2s, v1.2s, v2.s[0]', w, acc, { n: true })] : []),
  ];
});

export const FP_CASES: InsnCase[] = [
  ...both('fmov {r}0, {r}1', 'fmov {r}3, #1.0', 'fmov {r}4, #-0.1875', 'fmov {r}5, #31.0'),
  { asm: 'fmov s0, w1', lanes: 'f32' }, { asm: 'fmov w2, s3', lanes: 'f32' },
  { asm: 'fmov d0, x1' }, { asm: 'fmov x2, d3' }, { asm: 'fmov v4.d[1], x5' }, { asm: 'fmov x6, v7.d[1]' },
  ...both('fadd {r}0, {r}1, {r}2', 'fsub {r}0, {r}1, {r}2', 'fmul {r}0, {r}1, {r}2', 'fdiv {r}0, {r}1, {r}2', 'fnmul {r}0, {r}1, {r}2',
    'fadd {r}3, {r}3, {r}3', 'fmax {r}0, {r}1, {r}2', 'fmin {r}0, {r}1, {r}2', 'fmaxnm {r}0, {r}1, {r}2', 'fminnm {r}0, {r}1, {r}2'),
  ...both('fmadd {r}0, {r}1, {r}2, {r}3', 'fmsub {r}0, {r}1, {r}2, {r}3', 'fnmadd {r}0, {r}1, {r}2, {r}3', 'fnmsub {r}0, {r}1, {r}2, {r}3'),
  ...FMA_CASES,
  ...both('fabs {r}0, {r}1', 'fneg {r}0, {r}1', 'fsqrt {r}0, {r}1'),
  ...both('fcmp {r}0, {r}1', 'fcmpe {r}0, {r}1', 'fcmp {r}2, #0.0', 'fcmpe {r}2, #0.0', 'fccmp {r}0, {r}1, #0x5, eq', 'fccmpe {r}0, {r}1, #0xa, lt',
    'fccmp {r}1, {r}2, #0x0, hi', 'fcsel {r}0, {r}1, {r}2, ge', 'fcsel {r}0, {r}1, {r}2, ne'),
  { asm: 'fcvt d0, s1', lanes: 'f32' }, { asm: 'fcvt s0, d1' }, { asm: 'fcvt h0, s1', lanes: 'f32' }, { asm: 'fcvt h0, d1' },
  { asm: 'fcvt s0, h1', lanes: 'f16' }, { asm: 'fcvt d0, h1', lanes: 'f16' },
  ...['zs', 'zu', 'as', 'au', 'ms', 'mu', 'ns', 'nu', 'ps', 'pu'].flatMap((r) => both(`fcvt${r} w0, {r}1`, `fcvt${r} x0, {r}1`)),
  ...both('fcvtzs w0, {r}1, #3', 'fcvtzs x0, {r}1, #40', 'fcvtzu w0, {r}1, #1', 'fcvtzu x0, {r}1, #64'),
  ...both('scvtf {r}0, w1', 'scvtf {r}0, x1', 'ucvtf {r}0, w1', 'ucvtf {r}0, x1', 'scvtf {r}0, w1, #7', 'ucvtf {r}0, x1, #33', 'scvtf {r}0, x1, #64'),
  ...['n', 'm', 'p', 'z', 'a', 'x', 'i'].flatMap((r) => both(`frint${r} {r}0, {r}1`)),
];
