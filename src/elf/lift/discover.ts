// Code discovery (docs/elf-lifting.md "Finding the code"): which addresses start functions,
// and for each function the basic blocks reachable from its entry.
//
// Function entries: the ELF entry point; every code address stored as an aligned 8-byte word
// anywhere in the image (function pointers, .init_array, the IRELATIVE addends of .rela.iplt);
// ADR and ADRP+ADD targets; BL targets; B targets that are function symbols (tail calls). With
// a symbol table, a stored word or ADR target must be a function symbol's address to count;
// without one, any address that decodes to a known instruction does.
//
// A function is the closure of its entry under its direct branches, stopping at other
// functions' entries (a branch there is a tail call). A block reached from two functions is
// lifted in both: code shared by hand-written assembly is duplicated rather than split.

import type { ElfImage } from '../image.js';
import { type Insn, decode } from './decode.js';

/** Ascending order of guest addresses, for sort(). */
export const byAddress = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Read access to the image's executable code. */
export class CodeMap {
  /** The executable segments. */
  private readonly exec: ElfImage['segments'];
  /** Addresses of function symbols, if the image has a symbol table. */
  readonly funcSymbols: Set<bigint> | undefined;
  /** Function symbols with a size, in address order (for funcRange). */
  private readonly sized: { addr: bigint; end: bigint }[];
  /** Every code address stored as an aligned 8-byte word in the image, sorted (codeRefs()). */
  private refs: bigint[] | undefined;

  constructor(readonly image: ElfImage) {
    this.exec = image.segments.filter((s) => (s.flags & 1) !== 0);
    const funcs = image.symbols.filter((s) => s.isFunc);
    this.funcSymbols = funcs.length > 0 ? new Set(funcs.map((s) => s.addr)) : undefined;
    this.sized = funcs.filter((s) => s.size > 0n).map((s) => ({ addr: s.addr, end: s.addr + s.size }));
  }

  /** Every code address stored as an aligned 8-byte word anywhere in the image, sorted. */
  codeRefs(): bigint[] {
    if (this.refs === undefined) {
      const found = new Set<bigint>();
      for (const s of this.image.segments) {
        const view = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
        for (let off = (8 - Number(s.vaddr & 7n)) & 7; off + 8 <= s.data.length; off += 8) {
          const v = view.getBigUint64(off, true);
          if (this.word(v) !== undefined) found.add(v);
        }
      }
      this.refs = [...found].sort(byAddress);
    }
    return this.refs;
  }

  /**
   * The stored code addresses inside the function symbol holding `pc`: the possible targets
   * of a BR there that is not a recognized jump table (computed gotos, tables of absolute
   * addresses). Empty without a symbol table.
   */
  labelsAround(pc: bigint): bigint[] {
    const f = this.sized.find((s) => s.addr <= pc && pc < s.end);
    return f === undefined ? [] : this.codeRefs().filter((a) => a >= f.addr && a < f.end);
  }

  /** The instruction word at `addr`, or undefined outside the executable segments' file bytes. */
  word(addr: bigint): number | undefined {
    if ((addr & 3n) !== 0n) return undefined;
    for (const s of this.exec) {
      const off = addr - s.vaddr;
      if (off >= 0n && off + 4n <= BigInt(s.data.length)) {
        const o = Number(off);
        return (s.data[o]! | (s.data[o + 1]! << 8) | (s.data[o + 2]! << 16) | (s.data[o + 3]! << 24)) >>> 0;
      }
    }
    return undefined;
  }

  /** Bytes of the image at `addr` (any segment), little-endian, `size` 1, 2, 4 or 8; undefined outside. */
  read(addr: bigint, size: number): bigint | undefined {
    for (const s of this.image.segments) {
      const off = addr - s.vaddr;
      if (off >= 0n && off + BigInt(size) <= BigInt(s.data.length)) {
        let v = 0n;
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(s.data[Number(off) + i]!);
        return v;
      }
    }
    return undefined;
  }

  /** Whether `addr` may start a function: a function symbol, or (no symbols) a known instruction. */
  plausibleEntry(addr: bigint): boolean {
    const w = this.word(addr);
    if (w === undefined) return false;
    if (this.funcSymbols !== undefined) return this.funcSymbols.has(addr);
    return decode(w).k !== 'unknown';
  }
}

/** One instruction of a block. */
export interface Step {
  pc: bigint;
  word: number;
  d: Insn;
}

/** A basic block: straight-line instructions; the last may be a branch. */
export interface Block {
  addr: bigint;
  steps: Step[];
  /** Where control goes if the last step does not branch (the next block's address). */
  next: bigint;
}

/** One function to lift. */
export interface FunctionPlan {
  entry: bigint;
  /** Blocks by address, the entry first. */
  blocks: Map<bigint, Block>;
  /** Return points after its BL/BLR: where the dispatcher may resume it. */
  resumes: bigint[];
  /** The known targets of each BR (pc → targets): a recognized jump table's, or the stored
      code addresses inside the function (CodeMap.labelsAround). */
  tables: Map<bigint, bigint[]>;
  /** The BR/BLR through an IFUNC's GOT slot (pc → the functions its resolver may choose). */
  ifuncs: Map<bigint, bigint[]>;
}

/** Whether a decoded instruction ends a block (control does not simply go on to pc + 4). */
export function endsBlock(d: Insn): boolean {
  return d.k === 'b' || d.k === 'bcond' || d.k === 'cbz' || d.k === 'tbz' || d.k === 'branchReg' || d.k === 'trap' || d.k === 'unknown';
}

/** Direct successors of a block-ending step other than falling through (branch targets). */
function targets(s: Step): bigint[] {
  const d = s.d;
  if (d.k === 'b' && !d.link) return [s.pc + d.imm];
  if (d.k === 'bcond' || d.k === 'cbz' || d.k === 'tbz') return [s.pc + d.imm, s.pc + 4n];
  if (d.k === 'b' && d.link) return [s.pc + 4n];
  if (d.k === 'branchReg' && d.op === 'blr') return [s.pc + 4n];
  return [];
}

/** Every function entry of the program. */
export function findEntries(code: CodeMap): Set<bigint> {
  const entries = new Set<bigint>();
  const work: bigint[] = [];
  const add = (a: bigint): void => {
    if (!entries.has(a) && code.word(a) !== undefined) {
      entries.add(a);
      work.push(a);
    }
  };
  add(code.image.entry);
  for (const v of code.codeRefs()) if (code.plausibleEntry(v)) add(v);
  // Every instruction reachable from an entry, following all direct control flow.
  const seen = new Set<bigint>();
  while (work.length > 0) {
    let pc = work.pop()!;
    const adrp = new Map<number, bigint>();
    for (;;) {
      if (seen.has(pc)) break;
      const word = code.word(pc);
      if (word === undefined) break;
      seen.add(pc);
      const d = decode(word);
      const step = { pc, word, d };
      if (d.k === 'b' && d.link) add(pc + d.imm);
      if (d.k === 'b' && !d.link && code.funcSymbols?.has(pc + d.imm) === true) add(pc + d.imm);
      if (d.k === 'adr') {
        const t = (d.page ? pc & ~0xfffn : pc) + d.imm;
        if (d.page) adrp.set(d.rd, t);
        else if (code.plausibleEntry(t)) add(t);
      } else if (d.k === 'addSubImm' && !d.sub && !d.s && adrp.has(d.rn)) {
        const t = adrp.get(d.rn)! + d.imm;
        if (code.plausibleEntry(t)) add(t);
      }
      if (d.k === 'branchReg' && d.op === 'br') for (const t of jumpTable(code, new Map(), pc) ?? code.labelsAround(pc)) work.push(t);
      for (const t of targets(step)) if (!seen.has(t)) work.push(t);
      if (endsBlock(d) || (d.k === 'b' && d.link)) break;
      pc += 4n;
    }
  }
  return entries;
}

/**
 * The blocks of the function at `entry`, given every function entry and the IFUNC GOT slots
 * (ifuncSlots).
 */
export function planFunction(code: CodeMap, entry: bigint, entries: Set<bigint>, slots: ReadonlyMap<bigint, bigint[]> = new Map()): FunctionPlan {
  const steps = new Map<bigint, Step>();
  const leaders = new Set<bigint>([entry]);
  const resumes: bigint[] = [];
  const tables = new Map<bigint, bigint[]>();
  const ifuncs = new Map<bigint, bigint[]>();
  const work = [entry];
  const follow = (t: bigint): void => {
    if (t !== entry && entries.has(t)) return; // another function: a tail call
    if (code.word(t) === undefined) return; // not code: the lifter sends it to the dispatcher
    leaders.add(t);
    if (!steps.has(t)) work.push(t);
  };
  while (work.length > 0) {
    let pc = work.pop()!;
    for (;;) {
      if (steps.has(pc)) break;
      const word = code.word(pc);
      if (word === undefined) break;
      const d = decode(word);
      const step = { pc, word, d };
      steps.set(pc, step);
      if ((d.k === 'b' && d.link) || (d.k === 'branchReg' && d.op === 'blr')) resumes.push(pc + 4n);
      const ifunc = d.k === 'branchReg' && d.op !== 'ret' && slots.size > 0 ? slotLoaded(code, steps, pc, d.rn, slots) : undefined;
      if (ifunc !== undefined) ifuncs.set(pc, ifunc);
      else if (d.k === 'branchReg' && d.op === 'br') {
        const found = jumpTable(code, steps, pc) ?? code.labelsAround(pc);
        if (found.length > 0) {
          tables.set(pc, found);
          found.forEach(follow);
        }
      }
      const ts = targets(step);
      if (ts.length > 0 || endsBlock(d)) {
        ts.forEach(follow);
        break;
      }
      pc += 4n;
      if (entries.has(pc) && pc !== entry) {
        leaders.add(pc); // falls into another function: the lifter makes it a tail call
        break;
      }
    }
  }
  return { entry, blocks: formBlocks(steps, leaders, entry), resumes, tables, ifuncs };
}

/**
 * The functions that may reach the dispatcher (a BLR or a BR with no known targets, a branch to
 * an address that is no code we found), directly or through their direct calls, tail calls and
 * IFUNC choices: as the lifter (func.ts) will decide, before lifting. An IFUNC call's choices
 * are cut to those that do not (liftProgram): a choice left out goes the unwinding way.
 */
export function reachesDispatcher(plans: readonly FunctionPlan[], entries: Set<bigint>): Set<bigint> {
  const reaches = new Set<bigint>();
  const callers = new Map<bigint, bigint[]>();
  for (const p of plans) {
    const out = (t: bigint): boolean => !p.blocks.has(t) && !entries.has(t);
    let direct = false;
    const call = (t: bigint): void => {
      if (entries.has(t) && !p.blocks.has(t)) callers.set(t, [...(callers.get(t) ?? []), p.entry]);
    };
    for (const b of p.blocks.values()) {
      const last = b.steps[b.steps.length - 1];
      const d = last?.d;
      if (d?.k === 'branchReg' && d.op !== 'ret') {
        const choices = p.ifuncs.get(last!.pc);
        if (choices !== undefined) choices.forEach(call);
        else if (d.op === 'blr' || !p.tables.has(last!.pc)) direct = true;
      }
      const ts = last === undefined ? [] : [...targets(last), ...(d?.k === 'b' && d.link ? [last.pc + d.imm] : [])];
      if (last === undefined || !endsBlock(last.d)) ts.push(b.next);
      for (const t of ts) {
        if (out(t)) direct = true;
        call(t);
      }
    }
    if (direct) reaches.add(p.entry);
  }
  const work = [...reaches];
  while (work.length > 0) {
    for (const c of callers.get(work.pop()!) ?? []) {
      if (!reaches.has(c)) {
        reaches.add(c);
        work.push(c);
      }
    }
  }
  return reaches;
}

/** R_AARCH64_IRELATIVE with symbol 0: r_info of an `.rela.iplt` entry. */
const R_AARCH64_IRELATIVE = 0x408n;

/**
 * The GOT slots static glibc fills at start-up from its `IRELATIVE` relocations (slot →
 * the functions the slot's resolver may return). The relocations are found in the image as
 * 24-byte `Elf64_Rela` records (r_offset in a writable segment, r_info IRELATIVE, r_addend a
 * code address: the resolver); a resolver's choices are the function entries it computes with
 * `ADRP`+`ADD` or `ADR` (glibc's resolvers return one of those constants). A slot whose
 * resolver computes none is left out (its calls go through the dispatcher).
 */
export function ifuncSlots(code: CodeMap, entries: Set<bigint>): Map<bigint, bigint[]> {
  const writable = code.image.segments.filter((s) => (s.flags & 2) !== 0);
  const inWritable = (a: bigint): boolean => writable.some((s) => a >= s.vaddr && a + 8n <= s.vaddr + s.memsz);
  const slots = new Map<bigint, bigint[]>();
  const choices = new Map<bigint, bigint[]>();
  for (const s of code.image.segments) {
    const view = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    for (let off = (8 - Number(s.vaddr & 7n)) & 7; off + 24 <= s.data.length; off += 8) {
      if (view.getBigUint64(off + 8, true) !== R_AARCH64_IRELATIVE) continue;
      const slot = view.getBigUint64(off, true);
      const resolver = view.getBigUint64(off + 16, true);
      if ((slot & 7n) !== 0n || !inWritable(slot) || !entries.has(resolver)) continue;
      if (!choices.has(resolver)) choices.set(resolver, addressConstants(planFunction(code, resolver, entries)).filter((a) => entries.has(a)));
      const c = choices.get(resolver)!;
      if (c.length > 0) slots.set(slot, c);
    }
  }
  return slots;
}

/** The code addresses a function computes with ADR or ADRP+ADD (in its blocks), sorted, unique. */
function addressConstants(plan: FunctionPlan): bigint[] {
  const found = new Set<bigint>();
  for (const b of plan.blocks.values()) {
    const page = new Map<number, bigint>();
    for (const { pc, d } of b.steps) {
      if (d.k === 'adr' && d.page) page.set(d.rd, (pc & ~0xfffn) + d.imm);
      else if (d.k === 'adr') found.add(pc + d.imm);
      else if (d.k === 'addSubImm' && !d.sub && !d.s && page.has(d.rn)) found.add(page.get(d.rn)! + d.imm);
    }
  }
  return [...found].sort(byAddress);
}

/**
 * The choices of the IFUNC slot register `rn` was loaded from at the BR/BLR at `pc`, if it was:
 * `adrp xB, page; … ldr xN, [xB, #off]; … br|blr xN` in straight-line code (a PLT stub, or a
 * call through the GOT), xB and xN not written in between.
 */
function slotLoaded(code: CodeMap, steps: Map<bigint, Step>, pc: bigint, rn: number, slots: ReadonlyMap<bigint, bigint[]>): bigint[] | undefined {
  const ld = definer(code, steps, pc, rn);
  if (ld === undefined || ld.d.k !== 'ldst' || !ld.d.load || ld.d.fp || ld.d.size !== 8 || ld.d.mode !== 'off') return undefined;
  const page = definer(code, steps, ld.pc, ld.d.rn);
  if (page === undefined || page.d.k !== 'adr' || !page.d.page) return undefined;
  return slots.get((page.pc & ~0xfffn) + page.d.imm + ld.d.imm);
}

/** The step that last wrote general register `reg` before `from` in straight-line code (at most 8 back). */
function definer(code: CodeMap, steps: Map<bigint, Step>, from: bigint, reg: number): Step | undefined {
  for (let a = from - 4n, i = 0; i < 8; a -= 4n, i++) {
    const s = steps.get(a) ?? stepAt(code, a);
    if (s === undefined || endsBlock(s.d) || (s.d.k === 'b' && s.d.link)) return undefined;
    if (writes(s.d).includes(reg)) return s;
  }
  return undefined;
}

/** Cuts the reachable steps into blocks at the leaders and after block-ending steps. */
function formBlocks(steps: Map<bigint, Step>, leaders: Set<bigint>, entry: bigint): Map<bigint, Block> {
  const blocks = new Map<bigint, Block>();
  const starts = [...leaders].filter((a) => steps.has(a)).sort((a, b) => (a === entry ? -1 : b === entry ? 1 : byAddress(a, b)));
  for (const start of starts) {
    const block: Block = { addr: start, steps: [], next: start };
    let pc = start;
    for (;;) {
      const s = steps.get(pc);
      if (s === undefined || (pc !== start && leaders.has(pc))) break;
      block.steps.push(s);
      pc += 4n;
      if (endsBlock(s.d) || (s.d.k === 'b' && s.d.link) || (s.d.k === 'branchReg' && s.d.op === 'blr')) break;
    }
    block.next = pc;
    blocks.set(start, block);
  }
  return blocks;
}

/**
 * The targets of the BR at `pc` if it ends gcc's jump-table sequence:
 *   cmp wK, #N; b.hi default; …; adrp xT, tbl; add xT, xT, :lo12:tbl;
 *   ldr{b,h} wI, [xT, wK, uxtw{ #1}]; adr xB, base; add xD, xB, wI, {s,u}xt{b,h} #2; br xD
 * (instructions may be interleaved). Undefined when the sequence is not found.
 */
export function jumpTable(code: CodeMap, steps: Map<bigint, Step>, pc: bigint): bigint[] | undefined {
  const back = (from: bigint, reg: number, limit = 24): Step | undefined => {
    for (let a = from - 4n, i = 0; i < limit; a -= 4n, i++) {
      const s = steps.get(a) ?? stepAt(code, a);
      if (s === undefined) return undefined;
      // A B, BR or RET, which does not fall through (the end of gcc's `default:` block between
      // `b.ls TABLE` and the table's load): go on before the conditional branch into the next block.
      const stops = (s.d.k === 'b' && !s.d.link) || (s.d.k === 'branchReg' && s.d.op !== 'blr');
      const entry = stops ? branchInto(code, a + 4n) : undefined;
      if (entry !== undefined) a = entry;
      else if (writes(s.d).includes(reg)) return s;
    }
    return undefined;
  };
  const br = (steps.get(pc) ?? stepAt(code, pc))?.d;
  if (br?.k !== 'branchReg') return undefined;
  const add = back(pc, br.rn);
  if (add === undefined || add.d.k !== 'addSubExt' || add.d.sub || add.d.s) return undefined;
  const { rn: rb, rm: ri, option, amount } = add.d;
  const adr = back(add.pc, rb);
  if (adr === undefined || adr.d.k !== 'adr' || adr.d.page) return undefined;
  const base = adr.pc + adr.d.imm;
  const ld = back(add.pc, ri);
  if (ld === undefined || ld.d.k !== 'ldst' || !ld.d.load || ld.d.mode !== 'reg' || ld.d.fp || ld.d.size > 2) return undefined;
  const { rn: rt, rm: rk, size } = ld.d;
  const lo = back(ld.pc, rt);
  if (lo === undefined || lo.d.k !== 'addSubImm' || lo.d.sub || lo.d.rn !== rt) return undefined;
  const page = back(lo.pc, rt);
  if (page === undefined || page.d.k !== 'adr' || !page.d.page) return undefined;
  const table = (page.pc & ~0xfffn) + page.d.imm + lo.d.imm;
  const count = tableBound(code, ld.pc, rk);
  if (count === undefined || count > 4096) return undefined;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const raw = code.read(table + BigInt(i * size), size);
    if (raw === undefined) return undefined;
    const bitsOf = [8, 16, 32, 64][option & 3]!;
    const v = option >= 4 ? BigInt.asIntN(bitsOf, raw) : BigInt.asUintN(bitsOf, raw);
    out.push(base + (v << BigInt(amount)));
  }
  return out;
}

/**
 * How many entries the jump table indexed by register `rk` (loaded at `ldPc`) has: the bound
 * check that guards the table's block — `cmp wK, #N` then `b.ls START` (or `b.lo`), or `b.hi`
 * / `b.hs` past the table falling into START — found among the branches to START within
 * BOUND_SCAN instructions either side (the largest N when several enter it); else the nearest
 * `cmp wK, #N` before the load. K may be a register copied to or from the index nearby (gcc
 * often compares the argument register and indexes with its callee-saved copy). A table whose
 * block is entered from a distant compare (glibc's __sysconf: `cmp w19, #0x2d; b.ls` 80
 * instructions before a table whose nearest compare says 0x12) needs the branch search.
 */
function tableBound(code: CodeMap, ldPc: bigint, rk: number): number | undefined {
  const window: Insn[] = [];
  for (let a = ldPc - 4n, i = 0; i < 32; a -= 4n, i++) {
    const s = stepAt(code, a);
    if (s === undefined) break;
    window.push(s.d);
  }
  const same = new Set([rk]);
  for (const d of window) {
    if (d.k === 'logicShift' && d.opc === 1 && !d.not && d.rn === 31 && d.amount === 0 && (same.has(d.rd) || same.has(d.rm))) {
      same.add(d.rd);
      same.add(d.rm);
    }
  }
  const isBound = (d: Insn | undefined): number | undefined => (d?.k === 'addSubImm' && d.sub && d.s && d.rd === 31 && same.has(d.rn) ? Number(d.imm) + 1 : undefined);
  // The table's block starts after the last block-ending instruction before the load.
  let start = ldPc;
  for (let i = 0; i < 8; i++) {
    const prev = stepAt(code, start - 4n);
    if (prev === undefined || endsBlock(prev.d)) break;
    start -= 4n;
  }
  /** The bound compared just before the conditional branch at `pc` (a flag-setting step in between ends the search). */
  const cmpBefore = (pc: bigint): number | undefined => {
    for (let a = pc - 4n, i = 0; i < 4; a -= 4n, i++) {
      const d = stepAt(code, a)?.d;
      const n = isBound(d);
      if (n !== undefined) return n;
      if (d === undefined || endsBlock(d)) return undefined;
    }
    return undefined;
  };
  let best: number | undefined;
  const consider = (n: number | undefined): void => {
    if (n !== undefined) best = Math.max(best ?? 0, n);
  };
  const into = stepAt(code, start - 4n)?.d;
  if (into?.k === 'bcond' && (into.cond === 8 || into.cond === 2)) consider(cmpBefore(start - 4n)); // b.hi / b.hs past the table
  for (let a = start - 4n * BOUND_SCAN; a < start + 4n * BOUND_SCAN; a += 4n) {
    const d = stepAt(code, a)?.d;
    if (d?.k === 'bcond' && (d.cond === 9 || d.cond === 3) && a + d.imm === start) consider(cmpBefore(a)); // b.ls / b.lo to the table
  }
  return best ?? window.map(isBound).find((n) => n !== undefined);
}

/** The conditional branch (B.cond, CBZ/CBNZ, TBZ/TBNZ) within INTO_SCAN instructions before `target` that branches to it: its address. */
function branchInto(code: CodeMap, target: bigint): bigint | undefined {
  for (let a = target - 8n, i = 0; i < INTO_SCAN; a -= 4n, i++) {
    const d = stepAt(code, a)?.d;
    if ((d?.k === 'bcond' || d?.k === 'cbz' || d?.k === 'tbz') && a + d.imm === target) return a;
  }
  return undefined;
}

/** How far back branchInto looks: past the whole `default:` block (22 instructions in bench/programs/vm.c, where the rest of main follows). */
const INTO_SCAN = 256;

/** How far (in instructions, either side) tableBound looks for the branches into a jump table's block. */
const BOUND_SCAN = 1024n;

function stepAt(code: CodeMap, a: bigint): Step | undefined {
  const word = code.word(a);
  return word === undefined ? undefined : { pc: a, word, d: decode(word) };
}

/** The general registers an instruction writes (approximately: enough for jumpTable). */
function writes(d: Insn): number[] {
  switch (d.k) {
    case 'ldst':
      return [...(d.load && !d.fp ? [d.rt] : []), ...(d.mode === 'pre' || d.mode === 'post' ? [d.rn] : [])];
    case 'pair':
      return [...(d.load && !d.fp ? [d.rt, d.rt2] : []), ...(d.mode !== 'off' ? [d.rn] : [])];
    case 'b':
    case 'branchReg':
      return [30, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
    case 'condCmp':
    case 'bcond':
    case 'cbz':
    case 'tbz':
    case 'nop':
    case 'prfm':
    case 'msr':
    case 'clrex':
    case 'svc':
    case 'trap':
      return [];
    case 'mrs':
    case 'excl':
    case 'cas':
    case 'atomic':
      return [d.rt, d.k === 'excl' || d.k === 'cas' ? d.rs : d.rt];
    case 'simd':
    case 'unknown':
      return [];
    default:
      return [d.rd];
  }
}
