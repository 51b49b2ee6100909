// Advanced SIMD structure loads and stores ((insn & 0xbe000000) === 0x0c000000): LD1-LD4 and
// ST1-ST4 of multiple structures (whole registers, or elements interleaved across 2-4
// registers), of a single structure (one lane of each register), LD1R-LD4R (one element
// replicated to every lane), with and without post-indexing by the size or by a register.
// Guest memory through e.addr, unaligned (align 1), as the architecture allows.

import type { A64Emitter } from './emit.js';
import { type Shape, intType, op, readInt, writeInt } from './simd-ir.js';
import { element, insertElement, shuffleMask } from './simd-perm.js';

/** Registers and interleaving of the multiple-structure opcodes: [registers, elements per structure]. */
const MULTIPLE: Readonly<Record<number, [number, number]>> = {
  0b0000: [4, 4], 0b0010: [4, 1], 0b0100: [3, 3], 0b0110: [3, 1], 0b0111: [1, 1], 0b1000: [2, 2], 0b1010: [2, 1],
};

/** Lifts an Advanced SIMD load/store structure instruction; false for an encoding it does not know. */
export function liftSimdLoadStore(e: A64Emitter, insn: number): boolean {
  const post = ((insn >>> 23) & 1) === 1;
  const single = ((insn >>> 24) & 1) === 1;
  const rm = (insn >>> 16) & 31;
  if (((insn >>> 25) & 31) !== 0b00110 || (insn >>> 31) !== 0 || (!post && rm !== 0)) return false;
  return single ? singleStructure(e, insn, post) : multipleStructures(e, insn, post);
}

/** Xn += the bytes moved (Rm = 31) or Xm, for the post-indexed forms. */
function postIndex(e: A64Emitter, insn: number, base: string, bytes: number): void {
  const rm = (insn >>> 16) & 31;
  const step = rm === 31 ? `${bytes}` : e.x(rm);
  e.setX((insn >>> 5) & 31, op(e, `add i64 ${base}, ${step}`), true);
}

/** Concatenates equal vectors of `lanes` elements of `bits` (2, 3 or 4 of them; 3 padded to 4). */
function concat(e: A64Emitter, parts: readonly string[], lanes: number, bits: number): string {
  let level = [...parts];
  if (level.length === 3) level.push('zeroinitializer');
  for (let width = lanes; level.length > 1; width *= 2) {
    const mask = `<${2 * width} x i32> ${shuffleMask(Array.from({ length: 2 * width }, (_x, k) => k))}`;
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(op(e, `shufflevector <${width} x i${bits}> ${level[i]}, <${width} x i${bits}> ${level[i + 1]}, ${mask}`));
    level = next;
  }
  return level[0]!;
}

/** LD1-LD4 / ST1-ST4 (multiple structures). */
function multipleStructures(e: A64Emitter, insn: number, post: boolean): boolean {
  const q = (insn >>> 30) & 1;
  const load = ((insn >>> 22) & 1) === 1;
  let size = (insn >>> 10) & 3;
  const layout = MULTIPLE[(insn >>> 12) & 15];
  if (layout === undefined || (size === 3 && q === 0 && layout[1] > 1)) return false;
  if (size === 3 && q === 0) size = 2; // LD1/ST1 {Vt.1D}: the same bytes as .2S, and no one-lane vectors
  const [regs, selem] = layout;
  const bits = (8 << size) as 8 | 16 | 32 | 64;
  const lanes = (q ? 128 : 64) / bits;
  const s: Shape = { bits, lanes };
  const total = regs * lanes;
  const vty = `<${total} x i${bits}>`;
  const rt = insn & 31;
  const base = e.x((insn >>> 5) & 31, true);
  const ptr = e.addr(base);
  // Register r's lane i is memory element i*selem + r (interleaved) or r*lanes + i (LD1/ST1).
  const memIndex = (r: number, i: number): number => (selem > 1 ? i * selem + r : r * lanes + i);
  if (load) {
    const block = op(e, `load ${vty}, ptr ${ptr}, align 1`);
    for (let r = 0; r < regs; r++) {
      const idx = Array.from({ length: lanes }, (_x, i) => memIndex(r, i));
      writeInt(e, (rt + r) % 32, s, op(e, `shufflevector ${vty} ${block}, ${vty} poison, <${lanes} x i32> ${shuffleMask(idx)}`));
    }
  } else {
    const parts = Array.from({ length: regs }, (_x, r) => readInt(e, (rt + r) % 32, s));
    const all = regs === 1 ? parts[0]! : concat(e, parts, lanes, bits);
    const allLanes = regs === 3 ? 4 * lanes : total;
    const idx: number[] = new Array<number>(total);
    for (let r = 0; r < regs; r++) for (let i = 0; i < lanes; i++) idx[memIndex(r, i)] = r * lanes + i;
    const aty = `<${allLanes} x i${bits}>`;
    const block = regs === 1 ? all : op(e, `shufflevector ${aty} ${all}, ${aty} poison, <${total} x i32> ${shuffleMask(idx)}`);
    e.emit(`store ${vty} ${block}, ptr ${ptr}, align 1`);
  }
  if (post) postIndex(e, insn, base, total * (bits / 8));
  return true;
}

/** LD1-LD4 / ST1-ST4 (single structure) and LD1R-LD4R. */
function singleStructure(e: A64Emitter, insn: number, post: boolean): boolean {
  const q = (insn >>> 30) & 1;
  const load = ((insn >>> 22) & 1) === 1;
  const opcode = (insn >>> 13) & 7;
  const sBit = (insn >>> 12) & 1;
  const size = (insn >>> 10) & 3;
  const selem = ((((opcode & 1) << 1) | ((insn >>> 21) & 1)) + 1);
  const rt = insn & 31;
  let scale = opcode >>> 1;
  let index = 0;
  if (scale === 3) {
    if (!load || sBit !== 0) return false;
    scale = size;
  } else if (scale === 0) index = (q << 3) | (sBit << 2) | size;
  else if (scale === 1) {
    if ((size & 1) !== 0) return false;
    index = (q << 2) | (sBit << 1) | (size >>> 1);
  } else if (size === 0) index = (q << 1) | sBit;
  else if (size === 1 && sBit === 0) {
    scale = 3;
    index = q;
  } else return false;
  const bits = 8 << scale;
  const base = e.x((insn >>> 5) & 31, true);
  for (let k = 0; k < selem; k++) {
    const at = k === 0 ? base : op(e, `add i64 ${base}, ${(k * bits) / 8}`);
    const ptr = e.addr(at);
    const reg = (rt + k) % 32;
    if (((opcode >>> 1) === 3)) {
      const s: Shape = { bits: bits as 8 | 16 | 32 | 64, lanes: (q ? 128 : 64) / bits };
      const x = op(e, `load i${bits}, ptr ${ptr}, align 1`);
      const one = op(e, `insertelement ${intType(s)} poison, i${bits} ${x}, i32 0`);
      writeInt(e, reg, s, op(e, `shufflevector ${intType(s)} ${one}, ${intType(s)} poison, <${s.lanes} x i32> zeroinitializer`));
    } else if (load) insertElement(e, reg, bits, index, op(e, `load i${bits}, ptr ${ptr}, align 1`));
    else e.emit(`store i${bits} ${element(e, reg, bits, index)}, ptr ${ptr}, align 1`);
  }
  if (post) postIndex(e, insn, base, (selem * bits) / 8);
  return true;
}
