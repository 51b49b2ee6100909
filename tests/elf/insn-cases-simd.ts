// The Advanced SIMD cases of the instruction harness (tests/elf/insn-harness.ts): the forms
// gcc -O2 and glibc's string and memory routines use (docs/elf-simd.md has the count), each
// in the arrangements that exist, plus the structure loads and stores on the memory window.

import type { InsnCase } from './insn-harness.js';
import type { LaneType } from './insn-values.js';

/** `t` for each arrangement: `{a}` stands for it (16b, 4s …), lanes typed by element size. */
function arr(t: string, arrangements: readonly string[]): InsnCase[] {
  const lanes: Record<string, LaneType> = { b: 'i8', h: 'i16', s: 'i32', d: 'i64' };
  return arrangements.map((a) => ({ asm: t.replaceAll('{a}', a), lanes: lanes[a.slice(-1)]! }));
}

const ALL = ['8b', '16b', '4h', '8h', '2s', '4s', '2d'];
const NO_2D = ['8b', '16b', '4h', '8h', '2s', '4s'];
const BYTES = ['8b', '16b'];
const FP = ['2s', '4s', '2d'];

/** FP-lane cases: `{a}` an FP arrangement, lanes f32 or f64. */
function fp(t: string, arrangements: readonly string[] = FP): InsnCase[] {
  return arrangements.map((a) => ({ asm: t.replaceAll('{a}', a), lanes: a.endsWith('d') ? 'f64' as const : 'f32' as const }));
}

export const SIMD_CASES: InsnCase[] = [
  // Loads and stores.
  ...['ld1 {v0.16b}, [x0]', 'ld1 {v1.8b}, [x0]', 'ld1 {v2.4s, v3.4s}, [x1]', 'ld1 {v4.2d, v5.2d, v6.2d}, [x1]', 'ld1 {v28.16b, v29.16b, v30.16b, v31.16b}, [x2]',
    'ld1 {v31.16b, v0.16b}, [x2]', 'ld1 {v0.16b}, [x0], #16', 'ld1 {v0.4s, v1.4s}, [x0], x3', 'ld2 {v0.8h, v1.8h}, [x0]', 'ld3 {v0.4s, v1.4s, v2.4s}, [x0]',
    'ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64', 'ld2 {v4.2s, v5.2s}, [x0]', 'ld1 {v0.1d}, [x0]',
    'st1 {v0.16b}, [x0]', 'st1 {v1.8b}, [x0]', 'st1 {v2.4s, v3.4s}, [x1]', 'st1 {v4.2d, v5.2d, v6.2d}, [x1], #48', 'st1 {v28.16b, v29.16b, v30.16b, v31.16b}, [x2], x5',
    'st2 {v0.8h, v1.8h}, [x0]', 'st3 {v0.16b, v1.16b, v2.16b}, [x0]', 'st4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x0]', 'st2 {v4.8b, v5.8b}, [x0], #16',
    'ld1 {v0.b}[5], [x0]', 'ld1 {v0.h}[3], [x0], #2', 'ld1 {v0.s}[3], [x0]', 'ld1 {v0.d}[1], [x0], x4', 'ld2 {v0.s, v1.s}[1], [x0]', 'ld4 {v0.b, v1.b, v2.b, v3.b}[15], [x0]',
    'st1 {v0.b}[9], [x0]', 'st1 {v0.h}[7], [x0], #2', 'st1 {v0.s}[2], [x0]', 'st1 {v0.d}[1], [x0], #8', 'st2 {v0.d, v1.d}[0], [x0]',
    'ld1r {v0.16b}, [x0]', 'ld1r {v0.4h}, [x0], #2', 'ld1r {v0.4s}, [x0]', 'ld1r {v0.2d}, [x0], x1', 'ld2r {v0.8h, v1.8h}, [x0]'].map((asm) => ({ asm, lanes: 'i8' as const, mem: [0, 1, 2] })),
  // Moves and immediates.
  { asm: 'dup v0.16b, v1.b[7]', lanes: 'i8' }, { asm: 'dup v0.8b, v1.b[15]', lanes: 'i8' }, { asm: 'dup v0.8h, v1.h[5]', lanes: 'i16' },
  { asm: 'dup v0.2s, v1.s[3]', lanes: 'i32' }, { asm: 'dup v0.2d, v1.d[1]', lanes: 'i64' },
  ...arr('dup v0.{a}, w1', NO_2D), { asm: 'dup v0.2d, x1', lanes: 'i64' },
  { asm: 'mov v0.b[3], w1', lanes: 'i8' }, { asm: 'mov v0.h[6], w1', lanes: 'i16' }, { asm: 'mov v0.s[1], w1', lanes: 'i32' }, { asm: 'mov v0.d[1], x1', lanes: 'i64' },
  { asm: 'mov v0.b[3], v1.b[12]', lanes: 'i8' }, { asm: 'mov v0.s[1], v1.s[3]', lanes: 'i32' }, { asm: 'mov v0.d[0], v1.d[1]', lanes: 'i64' },
  { asm: 'umov w0, v1.b[9]', lanes: 'i8' }, { asm: 'umov w0, v1.h[2]', lanes: 'i16' }, { asm: 'mov w0, v1.s[3]', lanes: 'i32' }, { asm: 'mov x0, v1.d[1]', lanes: 'i64' },
  { asm: 'smov w0, v1.b[9]', lanes: 'i8' }, { asm: 'smov x0, v1.h[2]', lanes: 'i16' }, { asm: 'smov x0, v1.s[3]', lanes: 'i32' },
  { asm: 'mov s0, v1.s[2]', lanes: 'i32' }, { asm: 'mov d0, v1.d[1]', lanes: 'i64' }, { asm: 'mov b0, v1.b[15]', lanes: 'i8' },
  ...['movi v0.16b, #0x5a', 'movi v0.8b, #0xff', 'movi v0.4s, #0x12, lsl #8', 'movi v0.2s, #0x80, lsl #24', 'movi v0.8h, #0x7', 'movi v0.4h, #0x3, lsl #8',
    'movi v0.4s, #0x3f, msl #8', 'movi v0.2s, #0x3f, msl #16', 'movi v0.2d, #0xff00ff0000ffff00', 'movi d0, #0xffffffff00000000', 'movi v0.2d, #0',
    'mvni v0.4s, #0x12, lsl #16', 'mvni v0.2s, #0x1', 'mvni v0.8h, #0x80, lsl #8', 'mvni v0.4s, #0x3f, msl #8',
    'orr v0.4s, #0x12, lsl #8', 'orr v0.8h, #0x40', 'orr v0.2s, #0x1, lsl #24', 'bic v0.4s, #0xff', 'bic v0.8h, #0xff, lsl #8', 'bic v0.4h, #0x1',
    'fmov v0.4s, #1.0', 'fmov v0.2s, #-2.5', 'fmov v0.2d, #0.125'].map((asm) => ({ asm, lanes: 'i32' as const })),
  // Logic.
  ...['and', 'orr', 'eor', 'bic', 'orn', 'bsl', 'bit', 'bif'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, v2.{a}`, BYTES)),
  ...arr('not v0.{a}, v1.{a}', BYTES), ...arr('mvn v3.{a}, v3.{a}', ['16b']),
  // Integer arithmetic and compares.
  ...['add', 'sub', 'cmeq', 'cmhi', 'cmhs', 'cmgt', 'cmge', 'cmtst'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, v2.{a}`, ALL)),
  ...['addp'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, v2.{a}`, ALL)),
  ...['mul', 'mla', 'mls', 'umaxp', 'uminp', 'smaxp', 'sminp', 'umax', 'umin', 'smax', 'smin', 'uabd', 'sabd'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, v2.{a}`, NO_2D)),
  ...['ushl', 'sshl'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, v2.{a}`, ALL)), { asm: 'ushl d0, d1, d2', lanes: 'i8' }, { asm: 'sshl d0, d1, d2', lanes: 'i8' },
  ...['cmeq', 'cmgt', 'cmge', 'cmle', 'cmlt'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, #0`, ALL)),
  ...arr('abs v0.{a}, v1.{a}', ALL), ...arr('neg v0.{a}, v1.{a}', ALL),
  { asm: 'add d0, d1, d2', lanes: 'i64' }, { asm: 'sub d0, d1, d2', lanes: 'i64' }, { asm: 'cmeq d0, d1, d2', lanes: 'i64' }, { asm: 'cmge d0, d1, d2', lanes: 'i64' },
  { asm: 'cmhi d0, d1, d2', lanes: 'i64' }, { asm: 'cmtst d0, d1, d2', lanes: 'i64' }, { asm: 'cmeq d0, d1, #0', lanes: 'i64' }, { asm: 'cmlt d0, d1, #0', lanes: 'i64' },
  { asm: 'addp d0, v1.2d', lanes: 'i64' }, { asm: 'neg d0, d1', lanes: 'i64' },
  ...arr('addv {e}0, v1.{a}', ['8b', '16b', '4h', '8h', '4s']).map((c) => ({ ...c, asm: c.asm.replace('{e}', { b: 'b', h: 'h', s: 's', d: 'd' }[c.asm.slice(-1)]!) })),
  ...['uaddlv', 'saddlv'].flatMap((m) => [{ asm: `${m} h0, v1.16b`, lanes: 'i8' as const }, { asm: `${m} h0, v1.8b`, lanes: 'i8' as const },
    { asm: `${m} s0, v1.8h`, lanes: 'i16' as const }, { asm: `${m} d0, v1.4s`, lanes: 'i32' as const }]),
  ...['umaxv', 'uminv', 'smaxv', 'sminv'].flatMap((m) => [{ asm: `${m} b0, v1.16b`, lanes: 'i8' as const }, { asm: `${m} b0, v1.8b`, lanes: 'i8' as const },
    { asm: `${m} h0, v1.8h`, lanes: 'i16' as const }, { asm: `${m} s0, v1.4s`, lanes: 'i32' as const }]),
  // Widening, narrowing, shifts.
  ...['uaddl', 'saddl', 'usubl', 'ssubl', 'umull', 'smull'].flatMap((m) => [{ asm: `${m} v0.8h, v1.8b, v2.8b`, lanes: 'i8' as const },
    { asm: `${m}2 v0.4s, v1.8h, v2.8h`, lanes: 'i16' as const }, { asm: `${m} v0.2d, v1.2s, v2.2s`, lanes: 'i32' as const }]),
  ...['uaddw', 'saddw', 'usubw', 'ssubw'].flatMap((m) => [{ asm: `${m} v0.2d, v1.2d, v2.2s`, lanes: 'i32' as const }, { asm: `${m}2 v0.8h, v1.8h, v2.16b`, lanes: 'i8' as const }]),
  ...['shl v0.{a}, v1.{a}, #3', 'ushr v0.{a}, v1.{a}, #1', 'sshr v0.{a}, v1.{a}, #2', 'usra v0.{a}, v1.{a}, #5', 'ssra v0.{a}, v1.{a}, #7', 'sli v0.{a}, v1.{a}, #4', 'sri v0.{a}, v1.{a}, #3']
    .flatMap((t) => arr(t, ALL)),
  ...arr('ushr v0.{a}, v1.{a}, #8', ['16b', '8b']), ...arr('sshr v0.{a}, v1.{a}, #32', ['4s']), ...arr('ushr v0.{a}, v1.{a}, #64', ['2d']),
  { asm: 'ushr d0, d1, #13', lanes: 'i64' }, { asm: 'sshr d0, d1, #64', lanes: 'i64' }, { asm: 'shl d0, d1, #63', lanes: 'i64' },
  { asm: 'shrn v0.8b, v1.8h, #4', lanes: 'i16' }, { asm: 'shrn2 v0.16b, v1.8h, #8', lanes: 'i16' }, { asm: 'shrn v0.2s, v1.2d, #32', lanes: 'i64' },
  { asm: 'ushll v0.8h, v1.8b, #2', lanes: 'i8' }, { asm: 'uxtl2 v0.8h, v1.16b', lanes: 'i8' }, { asm: 'sxtl v0.4s, v1.4h', lanes: 'i16' },
  { asm: 'sshll2 v0.2d, v1.4s, #31', lanes: 'i32' }, { asm: 'uxtl v0.2d, v1.2s', lanes: 'i32' },
  { asm: 'xtn v0.8b, v1.8h', lanes: 'i16' }, { asm: 'xtn2 v0.8h, v1.4s', lanes: 'i32' }, { asm: 'xtn v0.2s, v1.2d', lanes: 'i64' },
  { asm: 'shll v0.8h, v1.8b, #8', lanes: 'i8' }, { asm: 'shll2 v0.4s, v1.8h, #16', lanes: 'i16' },
  // Permutes.
  ...['uzp1', 'uzp2', 'zip1', 'zip2', 'trn1', 'trn2'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}, v2.{a}`, ALL)),
  { asm: 'ext v0.16b, v1.16b, v2.16b, #0', lanes: 'i8' }, { asm: 'ext v0.16b, v1.16b, v2.16b, #7', lanes: 'i8' }, { asm: 'ext v0.16b, v1.16b, v1.16b, #8', lanes: 'i8' },
  { asm: 'ext v0.8b, v1.8b, v2.8b, #3', lanes: 'i8' },
  ...['tbl', 'tbx'].flatMap((m) => [`${m} v0.16b, {v1.16b}, v2.16b`, `${m} v0.8b, {v1.16b}, v2.8b`, `${m} v0.16b, {v1.16b, v2.16b}, v3.16b`,
    `${m} v0.16b, {v30.16b, v31.16b, v0.16b}, v3.16b`, `${m} v4.16b, {v0.16b, v1.16b, v2.16b, v3.16b}, v5.16b`].map((asm) => ({ asm, lanes: 'i8' as const }))),
  ...arr('rev64 v0.{a}, v1.{a}', NO_2D), ...arr('rev32 v0.{a}, v1.{a}', ['8b', '16b', '4h', '8h']), ...arr('rev16 v0.{a}, v1.{a}', BYTES),
  ...arr('cnt v0.{a}, v1.{a}', BYTES), ...arr('rbit v0.{a}, v1.{a}', BYTES),
  // FP lanes.
  ...['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fabd', 'faddp', 'fmaxp', 'fminp', 'fmla', 'fmls', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt']
    .flatMap((m) => fp(`${m} v0.{a}, v1.{a}, v2.{a}`)),
  ...['fabs', 'fneg', 'fsqrt', 'frintn', 'frintm', 'frintp', 'frintz', 'frinta', 'frintx', 'frinti', 'fcvtzs', 'fcvtzu', 'fcvtns', 'fcvtnu', 'fcvtms', 'fcvtmu', 'fcvtps', 'fcvtpu',
    'fcvtas', 'fcvtau'].flatMap((m) => fp(`${m} v0.{a}, v1.{a}`)),
  ...['scvtf', 'ucvtf'].flatMap((m) => arr(`${m} v0.{a}, v1.{a}`, ['2s', '4s', '2d'])),
  ...['fcmeq', 'fcmge', 'fcmgt', 'fcmle', 'fcmlt'].flatMap((m) => fp(`${m} v0.{a}, v1.{a}, #0.0`)),
  ...fp('fcvtzs v0.{a}, v1.{a}, #3'), ...fp('fcvtzu v0.{a}, v1.{a}, #20'), ...arr('scvtf v0.{a}, v1.{a}, #5', ['4s', '2d']), ...arr('ucvtf v0.{a}, v1.{a}, #32', ['2s', '2d']),
  { asm: 'fcvtzs d0, d1', lanes: 'f64' }, { asm: 'fcvtzs s0, s1, #4', lanes: 'f32' }, { asm: 'fcvtzu d0, d1', lanes: 'f64' }, { asm: 'fcvtms s0, s1', lanes: 'f32' },
  { asm: 'scvtf d0, d1', lanes: 'i64' }, { asm: 'ucvtf s0, s1', lanes: 'i32' }, { asm: 'scvtf d0, d1, #12', lanes: 'i64' },
  { asm: 'fcmgt d0, d1, d2', lanes: 'f64' }, { asm: 'fcmeq s0, s1, #0.0', lanes: 'f32' }, { asm: 'fabd d0, d1, d2', lanes: 'f64' }, { asm: 'facgt s0, s1, s2', lanes: 'f32' },
  { asm: 'faddp d0, v1.2d', lanes: 'f64' }, { asm: 'faddp s0, v1.2s', lanes: 'f32' }, { asm: 'fmaxp d0, v1.2d', lanes: 'f64' }, { asm: 'fminnmp s0, v1.2s', lanes: 'f32' },
  // By element.
  ...['fmla', 'fmls', 'fmul'].flatMap((m) => [{ asm: `${m} v0.4s, v1.4s, v2.s[3]`, lanes: 'f32' as const }, { asm: `${m} v0.2s, v1.2s, v31.s[1]`, lanes: 'f32' as const },
    { asm: `${m} v0.2d, v1.2d, v2.d[1]`, lanes: 'f64' as const }, { asm: `${m} d0, d1, v2.d[1]`, lanes: 'f64' as const }, { asm: `${m} s0, s1, v2.s[2]`, lanes: 'f32' as const }]),
  ...['mul', 'mla', 'mls'].flatMap((m) => [{ asm: `${m} v0.8h, v1.8h, v15.h[7]`, lanes: 'i16' as const }, { asm: `${m} v0.4h, v1.4h, v2.h[2]`, lanes: 'i16' as const },
    { asm: `${m} v0.4s, v1.4s, v17.s[3]`, lanes: 'i32' as const }, { asm: `${m} v0.2s, v1.2s, v2.s[0]`, lanes: 'i32' as const }]),
];
