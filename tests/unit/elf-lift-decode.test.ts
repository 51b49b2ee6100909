/**
 * The A64 decoder (src/elf/lift/decode*.ts): instructions assembled by aarch64-linux-gnu-as
 * decode to the expected fields, one row per encoding group and alias; the logical-immediate
 * bitmask decoding on its own; words outside the covered groups decode to `unknown`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bitMask, decode } from '../../src/elf/lift/decode.js';
import { mustRun, requires } from '../tools.js';
import { assemble } from './elf-lift-helpers.js';

/** [assembly, the fields the decoded instruction must have]. */
const CASES: [string, Record<string, unknown>][] = [
  ['add x1, x2, #4095', { k: 'addSubImm', sf: true, sub: false, s: false, rd: 1, rn: 2, imm: 4095n }],
  ['subs w3, w4, #1, lsl #12', { k: 'addSubImm', sf: false, sub: true, s: true, rd: 3, rn: 4, imm: 4096n }],
  ['cmp x5, #7', { k: 'addSubImm', sub: true, s: true, rd: 31, rn: 5, imm: 7n }],
  ['mov sp, x29', { k: 'addSubImm', rd: 31, rn: 29, imm: 0n }],
  ['and x0, x1, #0xff00ff00ff00ff00', { k: 'logicImm', sf: true, opc: 0, imm: 0xff00ff00ff00ff00n }],
  ['orr w0, wzr, #0x80000001', { k: 'logicImm', sf: false, opc: 1, rn: 31, imm: 0x80000001n }],
  ['tst x9, #0x7', { k: 'logicImm', opc: 3, rd: 31, rn: 9, imm: 7n }],
  ['movz x1, #0xbeef, lsl #32', { k: 'movWide', op: 'z', imm16: 0xbeef, shift: 32 }],
  ['movn w2, #5', { k: 'movWide', sf: false, op: 'n', imm16: 5, shift: 0 }],
  ['movk x3, #0x1234, lsl #48', { k: 'movWide', op: 'k', imm16: 0x1234, shift: 48 }],
  ['lsl x1, x2, #3', { k: 'bitfield', opc: 2, immr: 61, imms: 60 }],
  ['asr w1, w2, #5', { k: 'bitfield', sf: false, opc: 0, immr: 5, imms: 31 }],
  ['sxtw x0, w1', { k: 'bitfield', opc: 0, immr: 0, imms: 31 }],
  ['bfi x0, x1, #8, #4', { k: 'bitfield', opc: 1, immr: 56, imms: 3 }],
  ['ubfx x4, x5, #12, #20', { k: 'bitfield', opc: 2, immr: 12, imms: 31 }],
  ['extr x1, x2, x3, #17', { k: 'extr', rn: 2, rm: 3, lsb: 17 }],
  ['ror w1, w2, #9', { k: 'extr', sf: false, rn: 2, rm: 2, lsb: 9 }],
  ['adr x7, .+0x1235', { k: 'adr', page: false, rd: 7, imm: 0x1235n }],
  ['.inst 0xb0ffffe8 // adrp x8, .-0x3000 (as leaves a relocation)', { k: 'adr', page: true, rd: 8, imm: -0x3000n }],
  ['add x1, x2, x3, lsl #4', { k: 'addSubShift', shift: 'lsl', amount: 4, rm: 3 }],
  ['subs w1, w2, w3, asr #31', { k: 'addSubShift', sf: false, sub: true, s: true, shift: 'asr', amount: 31 }],
  ['neg x0, x1', { k: 'addSubShift', sub: true, rn: 31, rm: 1 }],
  ['add x0, sp, w1, sxtw #2', { k: 'addSubExt', rn: 31, rm: 1, option: 6, amount: 2 }],
  ['cmp x2, w3, uxtb', { k: 'addSubExt', sub: true, s: true, rd: 31, option: 0, amount: 0 }],
  ['bic x1, x2, x3, ror #7', { k: 'logicShift', opc: 0, not: true, shift: 'ror', amount: 7 }],
  ['mvn w1, w2', { k: 'logicShift', sf: false, opc: 1, not: true, rn: 31, rm: 2 }],
  ['eon x1, x2, x3', { k: 'logicShift', opc: 2, not: true }],
  ['ands x1, x2, x3, lsr #1', { k: 'logicShift', opc: 3, not: false, shift: 'lsr', amount: 1 }],
  ['adcs x1, x2, x3', { k: 'adcSbc', sub: false, s: true }],
  ['sbc w1, w2, w3', { k: 'adcSbc', sf: false, sub: true, s: false }],
  ['ccmp x1, #5, #4, ne', { k: 'condCmp', sub: true, imm: true, rn: 1, rm: 5, nzcv: 4, cond: 1 }],
  ['ccmn w2, w3, #0, ge', { k: 'condCmp', sf: false, sub: false, imm: false, rm: 3, cond: 10 }],
  ['csel x1, x2, x3, lt', { k: 'condSel', op: 0, cond: 11 }],
  ['cset w4, eq', { k: 'condSel', sf: false, op: 1, rn: 31, rm: 31, cond: 1 }],
  ['csinv x1, x2, x3, hi', { k: 'condSel', op: 2, cond: 8 }],
  ['cneg x1, x2, mi', { k: 'condSel', op: 3, cond: 5 }],
  ['rbit w1, w2', { k: 'dp1', sf: false, op: 'rbit' }],
  ['rev16 x1, x2', { k: 'dp1', op: 'rev16' }],
  ['rev32 x1, x2', { k: 'dp1', op: 'rev32' }],
  ['rev w1, w2', { k: 'dp1', sf: false, op: 'rev' }],
  ['rev x1, x2', { k: 'dp1', op: 'rev' }],
  ['clz x1, x2', { k: 'dp1', op: 'clz' }],
  ['cls w1, w2', { k: 'dp1', op: 'cls' }],
  ['udiv x1, x2, x3', { k: 'dp2', op: 'udiv' }],
  ['sdiv w1, w2, w3', { k: 'dp2', sf: false, op: 'sdiv' }],
  ['lsl x1, x2, x3', { k: 'dp2', op: 'lslv' }],
  ['ror x1, x2, x3', { k: 'dp2', op: 'rorv' }],
  ['madd x1, x2, x3, x4', { k: 'dp3', op: 'madd', ra: 4 }],
  ['mneg w1, w2, w3', { k: 'dp3', sf: false, op: 'msub', ra: 31 }],
  ['smaddl x1, w2, w3, x4', { k: 'dp3', op: 'smaddl' }],
  ['umull x1, w2, w3', { k: 'dp3', op: 'umaddl', ra: 31 }],
  ['smulh x1, x2, x3', { k: 'dp3', op: 'smulh' }],
  ['umulh x1, x2, x3', { k: 'dp3', op: 'umulh' }],
  ['b .+0x100', { k: 'b', link: false, imm: 0x100n }],
  ['bl .-0x8000000', { k: 'b', link: true, imm: -0x8000000n }],
  ['b.hi .-4', { k: 'bcond', cond: 8, imm: -4n }],
  ['cbnz w3, .+8', { k: 'cbz', sf: false, nz: true, rt: 3, imm: 8n }],
  ['cbz x3, .-0x100000', { k: 'cbz', sf: true, nz: false, imm: -0x100000n }],
  ['tbz x5, #63, .+0x7ffc', { k: 'tbz', nz: false, rt: 5, bit: 63, imm: 0x7ffcn }],
  ['tbnz w5, #3, .-0x8000', { k: 'tbz', nz: true, bit: 3, imm: -0x8000n }],
  ['br x16', { k: 'branchReg', op: 'br', rn: 16 }],
  ['blr x3', { k: 'branchReg', op: 'blr', rn: 3 }],
  ['ret', { k: 'branchReg', op: 'ret', rn: 30 }],
  ['svc #0', { k: 'svc', imm: 0 }],
  ['brk #1000', { k: 'trap', what: 'brk' }],
  ['hlt #0', { k: 'trap', what: 'hlt' }],
  ['udf #3', { k: 'trap', what: 'udf' }],
  ['nop', { k: 'nop' }],
  ['bti c', { k: 'nop' }],
  ['paciasp', { k: 'nop' }],
  ['dmb ish', { k: 'nop' }],
  ['isb', { k: 'nop' }],
  ['clrex', { k: 'clrex' }],
  ['mrs x1, tpidr_el0', { k: 'mrs', rt: 1, reg: 0xde82 }],
  ['msr fpcr, x2', { k: 'msr', rt: 2, reg: 0xda20 }],
  ['mrs x3, dczid_el0', { k: 'mrs', reg: 0xd807 }],
  ['ldr x1, [x2, #32760]', { k: 'ldst', load: true, size: 8, mode: 'off', imm: 32760n, rn: 2 }],
  ['ldrb w1, [x2, #4095]', { k: 'ldst', size: 1, signed: false, imm: 4095n }],
  ['ldrsh x1, [sp, #2]', { k: 'ldst', size: 2, signed: true, to32: false, rn: 31, imm: 2n }],
  ['ldrsb w1, [x2]', { k: 'ldst', size: 1, signed: true, to32: true }],
  ['ldrsw x1, [x2, #-4]!', { k: 'ldst', size: 4, signed: true, mode: 'pre', imm: -4n }],
  ['str w1, [x2], #-256', { k: 'ldst', load: false, size: 4, mode: 'post', imm: -256n }],
  ['stur x1, [x29, #-8]', { k: 'ldst', load: false, size: 8, mode: 'off', imm: -8n }],
  ['ldrh w1, [x2, w3, sxtw #1]', { k: 'ldst', size: 2, mode: 'reg', rm: 3, option: 6, shift: 1 }],
  ['ldr x1, [x2, x3]', { k: 'ldst', size: 8, mode: 'reg', option: 3, shift: 0 }],
  ['strb w1, [x2, x3, lsl #0]', { k: 'ldst', load: false, size: 1, mode: 'reg', option: 3 }],
  ['ldr w1, .+0x40', { k: 'ldst', size: 4, mode: 'lit', imm: 0x40n }],
  ['ldrsw x1, .-4', { k: 'ldst', size: 4, signed: true, mode: 'lit', imm: -4n }],
  ['ldr q1, [x2, #32]', { k: 'ldst', fp: true, size: 16, imm: 32n }],
  ['str d3, [sp, #-16]!', { k: 'ldst', fp: true, load: false, size: 8, mode: 'pre', imm: -16n }],
  ['ldr b4, [x0], #1', { k: 'ldst', fp: true, size: 1, mode: 'post' }],
  ['ldr s5, .+8', { k: 'ldst', fp: true, size: 4, mode: 'lit' }],
  ['ldp x29, x30, [sp], #16', { k: 'pair', load: true, size: 8, rt: 29, rt2: 30, rn: 31, mode: 'post', imm: 16n }],
  ['stp w1, w2, [x3, #-8]!', { k: 'pair', load: false, size: 4, mode: 'pre', imm: -8n }],
  ['ldpsw x1, x2, [x3, #8]', { k: 'pair', signed: true, size: 4, mode: 'off', imm: 8n }],
  ['stnp q0, q1, [x2, #64]', { k: 'pair', fp: true, size: 16, mode: 'off', imm: 64n }],
  ['ldp d0, d1, [x2]', { k: 'pair', fp: true, size: 8 }],
  ['ldxr w1, [x2]', { k: 'excl', op: 'ldx', size: 4, pair: false }],
  ['stlxr w3, x1, [x2]', { k: 'excl', op: 'stx', size: 8, rs: 3 }],
  ['ldaxp x1, x2, [x3]', { k: 'excl', op: 'ldx', pair: true, rt2: 2 }],
  ['ldar x1, [x2]', { k: 'excl', op: 'ldar', size: 8 }],
  ['stlrb w1, [x2]', { k: 'excl', op: 'stlr', size: 1 }],
  ['casal w1, w2, [x3]', { k: 'cas', size: 4, rs: 1, rt: 2, rn: 3 }],
  ['swpa x1, x2, [x3]', { k: 'atomic', op: 'swp', size: 8 }],
  ['ldaddal w1, w2, [x3]', { k: 'atomic', op: 'add', size: 4 }],
  ['ldsetb w1, w2, [x3]', { k: 'atomic', op: 'set', size: 1 }],
  ['prfm pldl1keep, [x1, #64]', { k: 'prfm' }],
  ['prfm pldl1keep, [x1, x2]', { k: 'prfm' }],
  ['fadd d0, d1, d2', { k: 'simd' }],
  ['ld1 {v0.16b}, [x0]', { k: 'simd' }],
  ['ld1r {v0.4s}, [x0]', { k: 'simd' }],
];

test('assembled instructions decode to their fields', (t) => {
  if (!requires(t, ['aarch64-linux-gnu-as'])) return;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-elf-decode-'));
  try {
    const obj = assemble(dir, 'cases', `.arch armv8.5-a+lse\n${CASES.map(([asm]) => `  ${asm}\n`).join('')}`);
    mustRun('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', obj, join(dir, 'cases.bin')]);
    const bin = readFileSync(join(dir, 'cases.bin'));
    assert.equal(bin.length, CASES.length * 4);
    CASES.forEach(([asm, fields], i) => {
      const d = decode(bin.readUInt32LE(i * 4)) as unknown as Record<string, unknown>;
      for (const [key, want] of Object.entries(fields)) {
        assert.deepEqual(d[key], want, `${asm}: ${key} (decoded ${JSON.stringify(d, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))})`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('logical immediates: the bitmask decoding and its reserved encodings', () => {
  assert.equal(bitMask(true, 1, 0, 0), 1n);
  assert.equal(bitMask(true, 0, 0, 0b111100), 0x5555555555555555n);
  assert.equal(bitMask(false, 0, 1, 0), 0x80000000n);
  assert.equal(bitMask(true, 1, 0, 62), 0x7fffffffffffffffn);
  assert.equal(bitMask(true, 1, 0, 63), undefined, 'all ones is reserved');
  assert.equal(bitMask(false, 1, 0, 0), undefined, 'N = 1 in a 32-bit form');
  assert.equal(bitMask(true, 0, 0, 0b111111), undefined);
});

test('words outside the covered groups decode to unknown', () => {
  assert.equal(decode(0x04a03000).k, 'unknown', 'an SVE instruction');
  assert.equal(decode(0xd50b7420).k, 'unknown', 'DC ZVA (a SYS instruction)');
  assert.equal(decode(0x00000000).k, 'trap', 'UDF #0');
  assert.equal(decode(0xd63f0000 | (1 << 11)).k, 'unknown', 'BLRAA (pointer authentication)');
});
