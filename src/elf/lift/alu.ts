// Lifting the integer data-processing instructions (decode.ts kinds addSubImm … dp3) through an
// A64Emitter. 32-bit forms compute in i32 and zero-extend into the X register. Flags are
// computed eagerly into the emitter's N/Z/C/V; in lifted functions they live in allocas, so
// LLVM drops the ones nobody reads (docs/elf-lifting.md "Flags").

import { bitMask } from './decode.js';
import type { Insn, Shift } from './decode.js';
import type { A64Emitter } from './emit.js';

/** `%r = <text>` on a fresh name; returns the name. */
export function op(e: A64Emitter, text: string): string {
  const r = e.fresh();
  e.emit(`${r} = ${text}`);
  return r;
}

/** The LLVM integer type of a 64-bit (`sf`) or 32-bit operation. */
export function ty(sf: boolean): string {
  return sf ? 'i64' : 'i32';
}

/** Xn (or Wn when !sf) as the operation's type; n = 31 is XZR, or SP when `sp`. */
export function rd(e: A64Emitter, n: number, sf: boolean, sp = false): string {
  const v = e.x(n, sp);
  return sf || v === '0' ? v : op(e, `trunc i64 ${v} to i32`);
}

/** Sets Xn from a value of the operation's type (zero-extending a W result). */
export function wr(e: A64Emitter, n: number, v: string, sf: boolean, sp = false): void {
  e.setX(n, sf ? v : op(e, `zext i32 ${v} to i64`), sp);
}

/** The all-ones constant of a width, as a decimal string. */
function mask(sf: boolean): bigint {
  return sf ? 0xffffffffffffffffn : 0xffffffffn;
}

/** A constant as LLVM writes it for an iN (signed decimal). */
export function konst(v: bigint, sf: boolean): string {
  return BigInt.asIntN(sf ? 64 : 32, v).toString();
}

/** Shifts `v` by a constant (shifted-register operands). */
function shifted(e: A64Emitter, v: string, shift: Shift, amount: number, sf: boolean): string {
  if (amount === 0) return v;
  const t = ty(sf);
  if (shift === 'ror') return rotr(e, v, String(amount), sf);
  const ins = shift === 'lsl' ? 'shl' : shift === 'lsr' ? 'lshr' : 'ashr';
  return op(e, `${ins} ${t} ${v}, ${amount}`);
}

/** Rotate right through llvm.fshr. */
function rotr(e: A64Emitter, v: string, amount: string, sf: boolean): string {
  const t = ty(sf);
  e.declare(`declare ${t} @llvm.fshr.${t}(${t}, ${t}, ${t})`);
  return op(e, `call ${t} @llvm.fshr.${t}(${t} ${v}, ${t} ${v}, ${t} ${amount})`);
}

/** Xm extended by `option` (UXTB … SXTX) and shifted left by `amount`, as an i64. */
export function extendReg(e: A64Emitter, rm: number, option: number, amount: number): string {
  let v = e.x(rm);
  const width = [8, 16, 32, 64][option & 3]!;
  if (width < 64 && v !== '0') {
    const t = op(e, `trunc i64 ${v} to i${width}`);
    v = op(e, `${option >= 4 ? 'sext' : 'zext'} i${width} ${t} to i64`);
  }
  return amount === 0 ? v : op(e, `shl i64 ${v}, ${amount}`);
}

/** An i1 as an i-typed 0/1. */
function i1to(e: A64Emitter, b: string, t: string): string {
  return op(e, `zext i1 ${b} to ${t}`);
}

/**
 * a + b (or a - b when `sub`), with the carry-in `carry` (an i1) for ADC/SBC; sets NZCV when
 * `flags`. Returns the result, of the operation's type.
 */
export function addSub(e: A64Emitter, a: string, b: string, sub: boolean, sf: boolean, flags: boolean, carry?: string): string {
  const t = ty(sf);
  if (carry === undefined) {
    const r = op(e, `${sub ? 'sub' : 'add'} ${t} ${a}, ${b}`);
    if (flags) {
      const n = op(e, `icmp slt ${t} ${r}, 0`);
      const z = op(e, `icmp eq ${t} ${r}, 0`);
      const c = sub ? op(e, `icmp uge ${t} ${a}, ${b}`) : op(e, `icmp ult ${t} ${r}, ${a}`);
      const intr = `@llvm.${sub ? 'ssub' : 'sadd'}.with.overflow.${t}`;
      e.declare(`declare {${t}, i1} ${intr}(${t}, ${t})`);
      const pair = op(e, `call {${t}, i1} ${intr}(${t} ${a}, ${t} ${b})`);
      const v = op(e, `extractvalue {${t}, i1} ${pair}, 1`);
      e.setNZCV(n, z, c, v);
      if (sub) e.compared?.(a, b, t);
    }
    return r;
  }
  // AddWithCarry(a, sub ? NOT(b) : b, carry) of the Arm ARM, in double width for C and V.
  const bb = sub ? op(e, `xor ${t} ${b}, -1`) : b;
  const ci = i1to(e, carry, t);
  const r0 = op(e, `add ${t} ${a}, ${bb}`);
  const r = op(e, `add ${t} ${r0}, ${ci}`);
  if (flags) {
    const w = sf ? 'i128' : 'i64';
    const wide = (ext: string, v: string): string => op(e, `${ext} ${t} ${v} to ${w}`);
    const cw = wide('zext', ci);
    const us = op(e, `add ${w} ${op(e, `add ${w} ${wide('zext', a)}, ${wide('zext', bb)}`)}, ${cw}`);
    const ss = op(e, `add ${w} ${op(e, `add ${w} ${wide('sext', a)}, ${wide('sext', bb)}`)}, ${cw}`);
    const c = op(e, `icmp ne ${w} ${wide('zext', r)}, ${us}`);
    const v = op(e, `icmp ne ${w} ${wide('sext', r)}, ${ss}`);
    e.setNZCV(op(e, `icmp slt ${t} ${r}, 0`), op(e, `icmp eq ${t} ${r}, 0`), c, v);
  }
  return r;
}

/** Sets NZCV from a logical result (C = V = 0). */
function logicFlags(e: A64Emitter, r: string, sf: boolean): void {
  const t = ty(sf);
  e.setNZCV(op(e, `icmp slt ${t} ${r}, 0`), op(e, `icmp eq ${t} ${r}, 0`), 'false', 'false');
}

const LOGIC_OPS = ['and', 'or', 'xor', 'and'];

/** Lifts a data-processing instruction; false for kinds that are not data processing. */
export function liftAlu(e: A64Emitter, d: Insn, pc: bigint): boolean {
  switch (d.k) {
    case 'addSubImm': {
      const r = addSub(e, rd(e, d.rn, d.sf, true), konst(d.imm, d.sf), d.sub, d.sf, d.s);
      wr(e, d.rd, r, d.sf, !d.s);
      return true;
    }
    case 'addSubShift': {
      const b = shifted(e, rd(e, d.rm, d.sf), d.shift, d.amount, d.sf);
      wr(e, d.rd, addSub(e, rd(e, d.rn, d.sf), b, d.sub, d.sf, d.s), d.sf);
      return true;
    }
    case 'addSubExt': {
      let b = extendReg(e, d.rm, d.option, d.amount);
      if (!d.sf) b = op(e, `trunc i64 ${b} to i32`);
      wr(e, d.rd, addSub(e, rd(e, d.rn, d.sf, true), b, d.sub, d.sf, d.s), d.sf, !d.s);
      return true;
    }
    case 'adcSbc': {
      const r = addSub(e, rd(e, d.rn, d.sf), rd(e, d.rm, d.sf), d.sub, d.sf, d.s, e.cond(2));
      wr(e, d.rd, r, d.sf);
      return true;
    }
    case 'logicImm': {
      const r = op(e, `${LOGIC_OPS[d.opc]!} ${ty(d.sf)} ${rd(e, d.rn, d.sf)}, ${konst(d.imm, d.sf)}`);
      if (d.opc === 3) logicFlags(e, r, d.sf);
      wr(e, d.rd, r, d.sf, d.opc !== 3);
      return true;
    }
    case 'logicShift': {
      let b = shifted(e, rd(e, d.rm, d.sf), d.shift, d.amount, d.sf);
      if (d.not) b = op(e, `xor ${ty(d.sf)} ${b}, -1`);
      const r = op(e, `${LOGIC_OPS[d.opc]!} ${ty(d.sf)} ${rd(e, d.rn, d.sf)}, ${b}`);
      if (d.opc === 3) logicFlags(e, r, d.sf);
      wr(e, d.rd, r, d.sf);
      return true;
    }
    case 'movWide': {
      const imm = BigInt(d.imm16) << BigInt(d.shift);
      if (d.op === 'z') wr(e, d.rd, konst(imm, d.sf), d.sf);
      else if (d.op === 'n') wr(e, d.rd, konst(~imm & mask(d.sf), d.sf), d.sf);
      else {
        const kept = op(e, `and ${ty(d.sf)} ${rd(e, d.rd, d.sf)}, ${konst(~(0xffffn << BigInt(d.shift)) & mask(d.sf), d.sf)}`);
        wr(e, d.rd, op(e, `or ${ty(d.sf)} ${kept}, ${konst(imm, d.sf)}`), d.sf);
      }
      return true;
    }
    case 'bitfield':
      wr(e, d.rd, bitfield(e, d), d.sf);
      return true;
    case 'extr': {
      const t = ty(d.sf);
      e.declare(`declare ${t} @llvm.fshr.${t}(${t}, ${t}, ${t})`);
      wr(e, d.rd, op(e, `call ${t} @llvm.fshr.${t}(${t} ${rd(e, d.rn, d.sf)}, ${t} ${rd(e, d.rm, d.sf)}, ${t} ${d.lsb})`), d.sf);
      return true;
    }
    case 'adr': {
      const base = d.page ? pc & ~0xfffn : pc;
      e.setX(d.rd, BigInt.asIntN(64, base + d.imm).toString());
      return true;
    }
    case 'condCmp':
      condCmp(e, d);
      return true;
    case 'condSel': {
      const t = ty(d.sf);
      const c = e.cond(d.cond);
      let b = rd(e, d.rm, d.sf);
      if (d.op === 1) b = op(e, `add ${t} ${b}, 1`);
      else if (d.op === 2) b = op(e, `xor ${t} ${b}, -1`);
      else if (d.op === 3) b = op(e, `sub ${t} 0, ${b}`);
      wr(e, d.rd, op(e, `select i1 ${c}, ${t} ${rd(e, d.rn, d.sf)}, ${t} ${b}`), d.sf);
      return true;
    }
    case 'dp1':
      wr(e, d.rd, dp1(e, d.op, rd(e, d.rn, d.sf), d.sf), d.sf);
      return true;
    case 'dp2':
      wr(e, d.rd, dp2(e, d.op, rd(e, d.rn, d.sf), rd(e, d.rm, d.sf), d.sf), d.sf);
      return true;
    case 'dp3':
      wr(e, d.rd, dp3(e, d), d.sf);
      return true;
    default:
      return false;
  }
}

/** SBFM/BFM/UBFM by the Arm ARM's pseudocode, with the masks computed here. */
function bitfield(e: A64Emitter, d: Insn & { k: 'bitfield' }): string {
  const w = d.sf ? 64 : 32;
  const t = ty(d.sf);
  const all = mask(d.sf);
  const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;
  const s = d.imms;
  const r = d.immr;
  const welem = ones(s + 1);
  const wmask = r === 0 ? welem : ((welem >> BigInt(r)) | (welem << BigInt(w - r))) & all;
  const tmask = ones(((s - r) & (w - 1)) + 1);
  const src = rd(e, d.rn, d.sf);
  const rot = r === 0 ? src : rotr(e, src, String(r), d.sf);
  const bot = op(e, `and ${t} ${rot}, ${konst(wmask, d.sf)}`);
  if (d.opc === 2) return op(e, `and ${t} ${bot}, ${konst(tmask, d.sf)}`);
  if (d.opc === 0) {
    const top = op(e, `ashr ${t} ${op(e, `shl ${t} ${src}, ${w - 1 - s}`)}, ${w - 1}`);
    const hi = op(e, `and ${t} ${top}, ${konst(~tmask & all, d.sf)}`);
    return op(e, `or ${t} ${hi}, ${op(e, `and ${t} ${bot}, ${konst(tmask, d.sf)}`)}`);
  }
  const dst = rd(e, d.rd, d.sf);
  const merged = op(e, `or ${t} ${op(e, `and ${t} ${dst}, ${konst(~wmask & all, d.sf)}`)}, ${bot}`);
  const keep = op(e, `and ${t} ${dst}, ${konst(~tmask & all, d.sf)}`);
  return op(e, `or ${t} ${keep}, ${op(e, `and ${t} ${merged}, ${konst(tmask, d.sf)}`)}`);
}

/** CCMP/CCMN: the comparison's flags if `cond` holds, else the immediate nzcv. */
function condCmp(e: A64Emitter, d: Insn & { k: 'condCmp' }): void {
  const c = e.cond(d.cond);
  const t = ty(d.sf);
  // The comparison's flags, computed into the emitter, then chosen bit by bit.
  const b = d.imm ? String(d.rm) : rd(e, d.rm, d.sf);
  const a = rd(e, d.rn, d.sf);
  const r = op(e, `${d.sub ? 'sub' : 'add'} ${t} ${a}, ${b}`);
  const n = op(e, `icmp slt ${t} ${r}, 0`);
  const z = op(e, `icmp eq ${t} ${r}, 0`);
  const cf = d.sub ? op(e, `icmp uge ${t} ${a}, ${b}`) : op(e, `icmp ult ${t} ${r}, ${a}`);
  const intr = `@llvm.${d.sub ? 'ssub' : 'sadd'}.with.overflow.${t}`;
  e.declare(`declare {${t}, i1} ${intr}(${t}, ${t})`);
  const v = op(e, `extractvalue {${t}, i1} ${op(e, `call {${t}, i1} ${intr}(${t} ${a}, ${t} ${b})`)}, 1`);
  const pick = (f: string, bit: number): string => op(e, `select i1 ${c}, i1 ${f}, i1 ${(d.nzcv >> bit) & 1 ? 'true' : 'false'}`);
  e.setNZCV(pick(n, 3), pick(z, 2), pick(cf, 1), pick(v, 0));
}

function dp1(e: A64Emitter, o: string, v: string, sf: boolean): string {
  const t = ty(sf);
  const intr = (name: string, extra = ''): string => {
    e.declare(`declare ${t} @llvm.${name}.${t}(${t}${extra ? ', i1' : ''})`);
    return op(e, `call ${t} @llvm.${name}.${t}(${t} ${v}${extra})`);
  };
  switch (o) {
    case 'rbit':
      return intr('bitreverse');
    case 'rev':
      return intr('bswap');
    case 'rev16': {
      const m = sf ? 0x00ff00ff00ff00ffn : 0x00ff00ffn;
      const lo = op(e, `and ${t} ${op(e, `lshr ${t} ${v}, 8`)}, ${konst(m, sf)}`);
      const hi = op(e, `and ${t} ${op(e, `shl ${t} ${v}, 8`)}, ${konst(m << 8n, sf)}`);
      return op(e, `or ${t} ${lo}, ${hi}`);
    }
    case 'rev32': {
      const b = intr('bswap');
      return rotr(e, b, '32', true);
    }
    case 'clz':
      return intr('ctlz', ', i1 false');
    default: {
      // CLS: leading bits equal to the sign bit, not counting it.
      const x = op(e, `or ${t} ${op(e, `xor ${t} ${v}, ${op(e, `shl ${t} ${v}, 1`)}`)}, 1`);
      e.declare(`declare ${t} @llvm.ctlz.${t}(${t}, i1)`);
      return op(e, `call ${t} @llvm.ctlz.${t}(${t} ${x}, i1 false)`);
    }
  }
}

function dp2(e: A64Emitter, o: string, a: string, b: string, sf: boolean): string {
  const t = ty(sf);
  const w = sf ? 64 : 32;
  if (o === 'udiv' || o === 'sdiv') {
    // Division by zero gives 0; INT_MIN / -1 gives INT_MIN (both undefined in LLVM).
    const zero = op(e, `icmp eq ${t} ${b}, 0`);
    let bad = zero;
    if (o === 'sdiv') {
      const min = op(e, `icmp eq ${t} ${a}, ${konst(1n << BigInt(w - 1), sf)}`);
      const m1 = op(e, `icmp eq ${t} ${b}, -1`);
      bad = op(e, `or i1 ${zero}, ${op(e, `and i1 ${min}, ${m1}`)}`);
    }
    const safe = op(e, `select i1 ${bad}, ${t} 1, ${t} ${b}`);
    const q = op(e, `${o} ${t} ${a}, ${safe}`);
    return op(e, `select i1 ${zero}, ${t} 0, ${t} ${q}`);
  }
  if (o === 'rorv') return rotr(e, a, b, sf);
  const amt = op(e, `and ${t} ${b}, ${w - 1}`);
  const ins = o === 'lslv' ? 'shl' : o === 'lsrv' ? 'lshr' : 'ashr';
  return op(e, `${ins} ${t} ${a}, ${amt}`);
}

function dp3(e: A64Emitter, d: Insn & { k: 'dp3' }): string {
  const t = ty(d.sf);
  if (d.op === 'madd' || d.op === 'msub') {
    const p = op(e, `mul ${t} ${rd(e, d.rn, d.sf)}, ${rd(e, d.rm, d.sf)}`);
    return op(e, `${d.op === 'madd' ? 'add' : 'sub'} ${t} ${rd(e, d.ra, d.sf)}, ${p}`);
  }
  if (d.op === 'smulh' || d.op === 'umulh') {
    const ext = d.op === 'smulh' ? 'sext' : 'zext';
    const a = op(e, `${ext} i64 ${e.x(d.rn)} to i128`);
    const b = op(e, `${ext} i64 ${e.x(d.rm)} to i128`);
    const hi = op(e, `lshr i128 ${op(e, `mul i128 ${a}, ${b}`)}, 64`);
    return op(e, `trunc i128 ${hi} to i64`);
  }
  const ext = d.op.startsWith('s') ? 'sext' : 'zext';
  const a = op(e, `${ext} i32 ${rd(e, d.rn, false)} to i64`);
  const b = op(e, `${ext} i32 ${rd(e, d.rm, false)} to i64`);
  const p = op(e, `mul i64 ${a}, ${b}`);
  return op(e, `${d.op.endsWith('addl') ? 'add' : 'sub'} i64 ${e.x(d.ra)}, ${p}`);
}
