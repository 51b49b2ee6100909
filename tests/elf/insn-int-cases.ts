// The integer cases of the instruction harness (tests/elf/insn-harness.ts), for the integer
// lifter (src/elf/lift/insn.ts liftInstruction): every data-processing form in 32 and 64 bits
// with and without flags, the conditional ones over all flag states (the harness randomizes
// NZCV), system register moves of NZCV, and loads/stores/atomics on the memory window (the
// registers in `mem` hold addresses into it). The acquire/release and LSE forms are the byte
// ones: the window's addresses are not aligned, and the wider forms fault on that. Not here: SP-based and PC-relative forms (the
// harness keeps SP and its code address to itself; the whole-program tests cover them).

import type { InsnCase } from './insn-harness.js';

/** `ops` in both widths: `{r}` stands for the register letter (w or x). */
function both(...ops: string[]): InsnCase[] {
  return ops.flatMap((t) => [{ asm: t.replaceAll('{r}', 'w') }, { asm: t.replaceAll('{r}', 'x') }]);
}

/** Memory cases: x1 and x2 point into the window. */
function mem(...ops: string[]): InsnCase[] {
  return ops.map((asm) => ({ asm, mem: [1, 2] }));
}

/** FEAT_LSE memory cases (`;` separates statements in GNU as for AArch64). */
function lse(...ops: string[]): InsnCase[] {
  return mem(...ops.map((op) => `.arch_extension lse; ${op}`));
}

export const INT_CASES: InsnCase[] = [
  ...both('add {r}0, {r}1, #4095', 'add {r}0, {r}1, #1, lsl #12', 'adds {r}0, {r}1, #17', 'subs {r}0, {r}1, #1', 'cmp {r}1, #0', 'cmn {r}2, #5'),
  ...both('add {r}0, {r}1, {r}2, lsl #3', 'sub {r}0, {r}1, {r}2, lsr #7', 'adds {r}0, {r}1, {r}2', 'subs {r}0, {r}1, {r}2, asr #2',
    'cmp {r}3, {r}4', 'cmn {r}3, {r}4', 'negs {r}0, {r}5'),
  { asm: 'add x0, x1, w2, sxtw #2' }, { asm: 'add x0, x1, w2, uxtb' }, { asm: 'sub x0, x1, w2, sxth #1' }, { asm: 'adds x0, x1, x2, sxtx #4' },
  { asm: 'cmp x1, w2, uxtw' }, { asm: 'add w0, w1, w2, uxth #3' }, { asm: 'subs w0, w1, w2, sxtb' },
  ...both('adc {r}0, {r}1, {r}2', 'adcs {r}0, {r}1, {r}2', 'sbc {r}0, {r}1, {r}2', 'sbcs {r}0, {r}1, {r}2', 'ngcs {r}0, {r}3'),
  ...both('and {r}0, {r}1, #0xff', 'orr {r}0, {r}1, #0x1e', 'eor {r}0, {r}1, #0x3c', 'ands {r}0, {r}1, #0x3', 'tst {r}1, #0x7ffe'),
  { asm: 'and x0, x1, #0x5555555555555555' }, { asm: 'orr x0, xzr, #0xff00ff00ff00ff00' }, { asm: 'eor x0, x1, #0xfffffffffffff000' },
  ...both('and {r}0, {r}1, {r}2, lsl #5', 'bic {r}0, {r}1, {r}2, ror #3', 'orr {r}0, {r}1, {r}2, asr #9', 'orn {r}0, {r}1, {r}2',
    'eor {r}0, {r}1, {r}2, lsr #1', 'eon {r}0, {r}1, {r}2', 'ands {r}0, {r}1, {r}2', 'bics {r}0, {r}1, {r}2, lsl #2', 'mvn {r}0, {r}1', 'mov {r}0, {r}2'),
  ...both('movz {r}0, #0xbeef, lsl #16', 'movn {r}0, #0x1234', 'movk {r}0, #0xcafe', 'movk {r}0, #0x55, lsl #16'),
  { asm: 'movk x0, #0x1234, lsl #48' }, { asm: 'movn x0, #7, lsl #32' },
  ...both('lsl {r}0, {r}1, #3', 'lsr {r}0, {r}1, #11', 'asr {r}0, {r}1, #7', 'ror {r}0, {r}1, #13', 'ubfx {r}0, {r}1, #4, #9', 'sbfx {r}0, {r}1, #3, #12',
    'ubfiz {r}0, {r}1, #5, #6', 'sbfiz {r}0, {r}1, #2, #10', 'bfi {r}0, {r}1, #8, #7', 'bfxil {r}0, {r}1, #3, #5', 'sxtb {r}0, w1', 'sxth {r}0, w1',
    'extr {r}0, {r}1, {r}2, #9'),
  { asm: 'sxtw x0, w1' }, { asm: 'uxtb w0, w1' }, { asm: 'uxth w0, w1' }, { asm: 'lsl x0, x1, #63' }, { asm: 'asr x0, x1, #63' },
  ...both('ccmp {r}1, {r}2, #4, eq', 'ccmp {r}1, #7, #2, hi', 'ccmn {r}1, {r}2, #9, lt', 'ccmn {r}1, #31, #15, vs', 'ccmp {r}1, {r}2, #0, ge'),
  ...['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'].flatMap((c) => both(`csel {r}0, {r}1, {r}2, ${c}`)),
  ...both('csinc {r}0, {r}1, {r}2, ne', 'csinv {r}0, {r}1, {r}2, ge', 'csneg {r}0, {r}1, {r}2, hi', 'cset {r}0, lt', 'csetm {r}0, le', 'cinc {r}0, {r}1, gt'),
  ...both('rbit {r}0, {r}1', 'rev16 {r}0, {r}1', 'rev {r}0, {r}1', 'clz {r}0, {r}1', 'cls {r}0, {r}1'),
  { asm: 'rev32 x0, x1' },
  ...both('udiv {r}0, {r}1, {r}2', 'sdiv {r}0, {r}1, {r}2', 'lsl {r}0, {r}1, {r}2', 'lsr {r}0, {r}1, {r}2',
    'asr {r}0, {r}1, {r}2', 'ror {r}0, {r}1, {r}2', 'madd {r}0, {r}1, {r}2, {r}3', 'msub {r}0, {r}1, {r}2, {r}3', 'mul {r}0, {r}1, {r}2', 'mneg {r}0, {r}1, {r}2'),
  { asm: 'smaddl x0, w1, w2, x3' }, { asm: 'smsubl x0, w1, w2, x3' }, { asm: 'umaddl x0, w1, w2, x3' }, { asm: 'umsubl x0, w1, w2, x3' },
  { asm: 'smull x0, w1, w2' }, { asm: 'umull x0, w1, w2' }, { asm: 'smulh x0, x1, x2' }, { asm: 'umulh x0, x1, x2' },
  { asm: 'mrs x0, nzcv' }, { asm: 'msr nzcv, x3' }, { asm: 'nop' }, { asm: 'dmb ish' },
  ...mem('ldr x0, [x1]', 'ldr w0, [x1, #8]', 'ldrb w0, [x1, #3]', 'ldrh w0, [x1, #6]', 'ldrsb x0, [x1, #1]', 'ldrsb w0, [x1, #2]', 'ldrsh x0, [x1, #4]',
    'ldrsh w0, [x1]', 'ldrsw x0, [x1, #12]', 'ldur x0, [x1, #3]', 'ldurh w0, [x1, #1]', 'ldursw x0, [x1, #5]', 'ldr x0, [x1, #16]!', 'ldr w0, [x1], #-4',
    'ldrb w0, [x1, #1]!', 'str x3, [x1]', 'str w3, [x1, #20]', 'strb w3, [x1, #7]', 'strh w3, [x1, #2]', 'stur x3, [x1, #9]', 'str x3, [x1, #8]!',
    'str w3, [x1], #12', 'str xzr, [x1, #24]', 'ldp x3, x4, [x1]', 'ldp w3, w4, [x1, #8]', 'ldpsw x3, x4, [x1, #4]', 'ldp x3, x4, [x1, #16]!',
    'ldp x3, x4, [x1], #32', 'stp x3, x4, [x1]', 'stp w3, w4, [x1, #8]!', 'stp x3, x4, [x1], #16', 'stnp x3, x4, [x1, #32]', 'ldnp w3, w4, [x1]',
    'ldr x1, [x1, #8]', 'ldarb w0, [x1]', 'stlrb w3, [x1]', 'prfm pldl1keep, [x1, #64]',
    'ldr d0, [x1, #8]', 'ldr q0, [x1, #16]', 'ldr s0, [x1], #4', 'ldr h0, [x1, #2]', 'ldr b0, [x1, #1]!', 'str q1, [x1, #32]', 'str d1, [x1]',
    'stur s1, [x1, #3]', 'ldp q0, q1, [x1]', 'stp d0, d1, [x1, #16]!', 'ldp s0, s1, [x1, #8]'),
  ...lse('casb w3, w4, [x1]', 'casalb w3, w4, [x1]', 'swpb w3, w4, [x1]', 'swpalb w3, w4, [x1]', 'ldaddb w3, w4, [x1]', 'ldaddalb w3, w4, [x1]',
    'ldclrb w3, w4, [x1]', 'ldeorb w3, w4, [x1]', 'ldsetb w3, w4, [x1]', 'ldsmaxb w3, w4, [x1]', 'ldsminb w3, w4, [x1]', 'ldumaxb w3, w4, [x1]',
    'lduminb w3, w4, [x1]', 'ldsetb w3, wzr, [x1]'),
];
