// The scalar FP cases of the instruction harness (tests/elf/insn-harness.ts): each form of
// every scalar FP instruction the lifter knows (src/elf/lift/simd-fp.ts), in single and double
// precision, with registers chosen so that sources and destination differ and coincide.

import type { InsnCase } from './insn-harness.js';

/** `ops` in both precisions: `{r}` stands for the register letter (s or d). */
function both(...ops: string[]): InsnCase[] {
  return ops.flatMap((t) => [
    { asm: t.replaceAll('{r}', 's'), lanes: 'f32' as const },
    { asm: t.replaceAll('{r}', 'd'), lanes: 'f64' as const },
  ]);
}

export const FP_CASES: InsnCase[] = [
  ...both('fmov {r}0, {r}1', 'fmov {r}3, #1.0', 'fmov {r}4, #-0.1875', 'fmov {r}5, #31.0'),
  { asm: 'fmov s0, w1', lanes: 'f32' }, { asm: 'fmov w2, s3', lanes: 'f32' },
  { asm: 'fmov d0, x1' }, { asm: 'fmov x2, d3' }, { asm: 'fmov v4.d[1], x5' }, { asm: 'fmov x6, v7.d[1]' },
  ...both('fadd {r}0, {r}1, {r}2', 'fsub {r}0, {r}1, {r}2', 'fmul {r}0, {r}1, {r}2', 'fdiv {r}0, {r}1, {r}2', 'fnmul {r}0, {r}1, {r}2',
    'fadd {r}3, {r}3, {r}3', 'fmax {r}0, {r}1, {r}2', 'fmin {r}0, {r}1, {r}2', 'fmaxnm {r}0, {r}1, {r}2', 'fminnm {r}0, {r}1, {r}2'),
  ...both('fmadd {r}0, {r}1, {r}2, {r}3', 'fmsub {r}0, {r}1, {r}2, {r}3', 'fnmadd {r}0, {r}1, {r}2, {r}3', 'fnmsub {r}0, {r}1, {r}2, {r}3'),
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
