// Lifting one guest function (a FunctionPlan of discover.ts) to one LLVM function
// `void @f_<hex>(ptr %st, i64 %at)` (docs/elf-lifting.md "Functions"):
//
//   entry:  one alloca per register the function touches, the live ones loaded from %st;
//           switch i64 %at → the block to start at (its entry, or a return point when the
//           dispatcher resumes it after an unwind)
//   b_<pc>: the blocks; direct branches are LLVM branches, BL a direct call:
//           store the dirty registers, call, check st->pc == the return address (the
//           callee's RET set it), reload; different → return to our caller (unwinding)
//   RET stores st->pc = Xn and the dirty registers and returns; BR/BLR to a register go
//   through @awsm_elf_dispatch (BR through a recognized jump table, or through an IFUNC's GOT
//   slot, is a switch).
//
// FunctionEmitter is the A64Emitter over the allocas; the stores and reloads around calls and
// exits are placeholders filled once the whole program is lifted (liveness.ts).

import { C_OFFSET, FPCR_OFFSET, FPSR_OFFSET, N_OFFSET, PC_OFFSET, SP_OFFSET, V_OFFSET, Z_OFFSET, vOffset, xOffset } from '../state.js';
import { op } from './alu.js';
import type { FunctionPlan, Step } from './discover.js';
import { type A64Emitter, flagCondition } from './emit.js';
import { liftDecoded } from './insn.js';
import { DEF, type Flow, type FlowFunction, HOLDER, type Holder, STATE_READ, USE } from './liveness.js';

/** The LLVM name of the function lifted from the guest function at `entry`. */
export function fnName(entry: bigint): string {
  return `@f_${entry.toString(16)}`;
}

/** The label of the block at `pc`. */
function label(pc: bigint): string {
  return `b_${pc.toString(16)}`;
}

/** Register slots: X0..X30 are 0..30, SP 31, flags N Z C V 32..35, V0..V31 36..67. */
const SP = 31;
const FLAG = 32;
const VREG = 36;

/** Where each slot lives in the state: byte offset, LLVM type, state type, alignment. */
function slot(r: number): { off: number; ty: string; name: string; align: number } {
  if (r < 31) return { off: xOffset(r), ty: 'i64', name: `%x${r}`, align: 8 };
  if (r === SP) return { off: SP_OFFSET, ty: 'i64', name: '%sp', align: 8 };
  if (r < VREG) return { off: [N_OFFSET, Z_OFFSET, C_OFFSET, V_OFFSET][r - FLAG]!, ty: 'i1', name: `%${'nzcv'[r - FLAG]!}f`, align: 1 };
  return { off: vOffset(r - VREG), ty: 'i128', name: `%q${r - VREG}`, align: 16 };
}

/** The name of the pointer to a slot's field of the state (defined in the entry block). */
function statePtr(s: { name: string }): string {
  return `%p${s.name.slice(1)}`;
}

/** The icmp predicate of each condition after a - b (MI, PL, VS, VC need the flags themselves). */
const COMPARE_PREDICATES: (string | undefined)[] = [
  'eq', 'ne', 'uge', 'ult', undefined, undefined, undefined, undefined, 'ugt', 'ule', 'sge', 'slt', 'sgt', 'sle', undefined, undefined,
];

/** Number of register slots. */
export const SLOTS = VREG + 32;

/** Every slot, as a mask. */
export const ALL_SLOTS = (1n << BigInt(SLOTS)) - 1n;

/** A set of slots as a mask. */
function mask(slots: Iterable<number>): bigint {
  let m = 0n;
  for (const r of slots) m |= 1n << BigInt(r);
  return m;
}

/** The slots of a mask, ascending. */
function slotsOf(m: bigint): number[] {
  const out: number[] = [];
  for (let r = 0; m !== 0n; r++, m >>= 1n) if ((m & 1n) !== 0n) out.push(r);
  return out;
}

/** An A64Emitter that keeps registers in allocas of one LLVM function. */
export class FunctionEmitter implements A64Emitter {
  /** Lines of the function body (blocks), with placeholders `;@N` (holder N). */
  readonly lines: string[] = [];
  /** The register events, in order (liveness.ts: USE, DEF, STATE_READ, HOLDER codes). */
  readonly ops: number[] = [];
  /** The placeholders for register transfers, by index. */
  readonly holders: Holder[] = [];
  /** The blocks: label, first event and first line. */
  readonly starts: { label: string; op: number; line: number }[] = [];
  /** Slots read or written anywhere in the function (those with an alloca). */
  readonly touched = new Set<number>();
  /** Slots written anywhere in the function (by it, or by the runtime: X0 of a system call). */
  readonly written = new Set<number>();
  /** Functions it calls or tail-calls directly (their entries). */
  readonly callees = new Set<bigint>();
  /** Whether it calls the dispatcher (a BLR, a BR, a jump to an address that is no entry). */
  dispatches = false;
  /** The operands of the SUBS/CMP that set the flags, while still in the same block. */
  private lastCompare: { a: string; b: string; type: string } | undefined;
  /** Counter behind fresh(). */
  private next = 0;

  constructor(private readonly decls: Set<string>) {}

  fresh(): string {
    return `%t${this.next++}`;
  }

  emit(line: string): void {
    this.lines.push(`  ${line}`);
  }

  /** Starts a block. */
  label(name: string): void {
    this.starts.push({ label: name, op: this.ops.length, line: this.lines.length });
    this.lines.push(`${name}:`);
    this.lastCompare = undefined; // its operands need not dominate the new block
  }

  declare(decl: string): void {
    this.decls.add(decl);
  }

  private get(r: number): string {
    this.touched.add(r);
    this.ops.push(USE + r);
    const s = slot(r);
    return op(this, `load ${s.ty}, ptr ${s.name}, align ${s.align}`);
  }

  private set(r: number, v: string): void {
    this.touched.add(r);
    this.written.add(r);
    this.ops.push(DEF + r);
    const s = slot(r);
    this.emit(`store ${s.ty} ${v}, ptr ${s.name}, align ${s.align}`);
  }

  x(n: number, sp = false): string {
    if (n === 31) return sp ? this.get(SP) : '0';
    return this.get(n);
  }

  setX(n: number, value: string, sp = false): void {
    if (n === 31) {
      if (sp) this.set(SP, value);
      return;
    }
    this.set(n, value);
  }

  v(n: number): string {
    return this.get(VREG + n);
  }

  setV(n: number, value: string): void {
    this.set(VREG + n, value);
  }

  cond(cond: number): string {
    // After a SUBS/CMP in this block, most conditions are one comparison of its operands
    // (LLVM does not fold N == V of a subtraction back into `icmp sge`).
    const pred = this.lastCompare === undefined ? undefined : COMPARE_PREDICATES[cond];
    if (this.lastCompare !== undefined && pred !== undefined) {
      const { a, b, type } = this.lastCompare;
      return op(this, `icmp ${pred} ${type} ${a}, ${b}`);
    }
    return flagCondition(this, cond, (f) => this.get(FLAG + f));
  }

  setNZCV(n: string, z: string, c: string, v: string): void {
    [n, z, c, v].forEach((b, i) => this.set(FLAG + i, b));
    this.lastCompare = undefined;
  }

  compared(a: string, b: string, type: string): void {
    this.lastCompare = { a, b, type };
  }

  fpReg(which: 'fpcr' | 'fpsr'): string {
    const p = op(this, `getelementptr inbounds i8, ptr %st, i32 ${which === 'fpcr' ? FPCR_OFFSET : FPSR_OFFSET}`);
    return op(this, `load i64, ptr ${p}, align 8`);
  }

  setFpReg(which: 'fpcr' | 'fpsr', value: string): void {
    const p = op(this, `getelementptr inbounds i8, ptr %st, i32 ${which === 'fpcr' ? FPCR_OFFSET : FPSR_OFFSET}`);
    this.emit(`store i64 ${value}, ptr ${p}, align 8`);
  }

  addr(guest: string): string {
    const a = op(this, `trunc i64 ${guest} to i32`);
    return op(this, `inttoptr i32 ${a} to ptr`);
  }

  state(): string {
    return '%st';
  }

  /** Stores st->pc. */
  setPc(v: string): void {
    this.emit(`store i64 ${v}, ptr ${op(this, `getelementptr inbounds i8, ptr %st, i32 ${PC_OFFSET}`)}, align 8`);
  }

  /** Adds a placeholder line and its event. */
  private hold(h: Holder): void {
    this.ops.push(HOLDER + this.holders.length);
    this.lines.push(`;@${this.holders.length}`);
    this.holders.push(h);
  }

  /**
   * Placeholder: before a direct call of `callee` (or, undefined, of the dispatcher): store
   * the dirty registers it may read or write.
   */
  spill(callee?: bigint): void {
    if (callee !== undefined) this.callees.add(callee);
    else this.dispatches = true;
    this.hold({ kind: 'spill', callee });
  }

  /** Placeholder: store every dirty register, for an exit (RET, a system call): not a call. */
  spillAll(): void {
    this.hold({ kind: 'spillAll' });
  }

  /** Placeholder: after a call of `callee` (or the dispatcher), reload the live registers it may write. */
  reload(callee?: bigint): void {
    this.hold({ kind: 'reload', callee });
  }

  /**
   * Placeholder: before leaving after a call of `callee` (an unwind, or after a tail call):
   * store the dirty registers the callee does not write (it stored those it wrote).
   */
  spillOut(callee: bigint): void {
    this.hold({ kind: 'spillOut', callee });
  }

  /** Records that the runtime reads `slots` from the state here (a system call's arguments). */
  uses(slots: readonly number[]): void {
    for (const r of slots) this.ops.push(STATE_READ + r);
  }

  /** Reloads one slot the runtime wrote (X0 after a system call), if it is live. */
  reloadOne(r: number): void {
    this.touched.add(r);
    this.written.add(r);
    this.hold({ kind: 'reloadOne', slot: r });
  }

  /** The blocks and events for the analyses (liveness.ts). */
  flow(resumeLabels: readonly string[]): FlowFunction {
    const blocks = this.starts.map((b, i) => {
      const next = this.starts[i + 1];
      const end = next?.line ?? this.lines.length;
      let term = end - 1;
      while (term > b.line && this.lines[term]!.startsWith(';@')) term--;
      const succs = [...this.lines[term]!.matchAll(/label %([\w.]+)/g)].map((m) => m[1]!);
      return { label: b.label, start: b.op, end: next?.op ?? this.ops.length, succs };
    });
    return { ops: this.ops, holders: this.holders, blocks, resumeLabels, callees: this.callees, dispatches: this.dispatches, written: mask(this.written), touched: mask(this.touched) };
  }

  /** Moves slots between the allocas and the state: the placeholder expansions. */
  private transfer(regs: Iterable<number>, toState: boolean): string[] {
    const out: string[] = [];
    for (const r of regs) {
      const s = slot(r);
      const p = statePtr(s);
      const v = this.fresh();
      if (s.ty === 'i1') {
        if (toState) {
          out.push(`  ${v} = load i1, ptr ${s.name}, align 1`, `  ${v}b = zext i1 ${v} to i8`, `  store i8 ${v}b, ptr ${p}, align 1`);
        } else {
          out.push(`  ${v} = load i8, ptr ${p}, align 1`, `  ${v}b = trunc i8 ${v} to i1`, `  store i1 ${v}b, ptr ${s.name}, align 1`);
        }
      } else if (toState) {
        out.push(`  ${v} = load ${s.ty}, ptr ${s.name}, align ${s.align}`, `  store ${s.ty} ${v}, ptr ${p}, align ${s.align}`);
      } else {
        out.push(`  ${v} = load ${s.ty}, ptr ${p}, align ${s.align}`, `  store ${s.ty} ${v}, ptr ${s.name}, align ${s.align}`);
      }
    }
    return out;
  }

  /** The finished function text, with the transfers `flow` decided. */
  finish(name: string, entryLabel: string, resumes: [bigint, string][], flow: Flow): string {
    const touched = [...this.touched].sort((a, b) => a - b);
    const head = [`define internal void ${name}(ptr %st, i64 %at) {`, 'entry:'];
    for (const r of touched) {
      const s = slot(r);
      head.push(`  ${s.name} = alloca ${s.ty}, align ${s.align}`);
    }
    // One pointer into the state per slot that moves, shared by every transfer.
    const moved = flow.transfers.reduce((a, b) => a | b, flow.entryLoads);
    for (const r of slotsOf(moved)) head.push(`  ${statePtr(slot(r))} = getelementptr inbounds i8, ptr %st, i32 ${slot(r).off}`);
    head.push(...this.transfer(slotsOf(flow.entryLoads), false));
    const cases = resumes.map(([pc, l]) => `i64 ${BigInt.asIntN(64, pc)}, label %${l}`).join(' ');
    head.push(`  switch i64 %at, label %${entryLabel} [${cases}]`);
    const body: string[] = [];
    for (const line of this.lines) {
      if (!line.startsWith(';@')) {
        body.push(line);
        continue;
      }
      const i = Number(line.slice(2));
      const k = this.holders[i]!.kind;
      body.push(...this.transfer(slotsOf(flow.transfers[i]!), k !== 'reload' && k !== 'reloadOne'));
    }
    return [...head, ...body, '}', ''].join('\n');
  }
}

/** What the function lifter needs to know about the rest of the program. */
export interface ProgramInfo {
  /** Every function entry. */
  entries: Set<bigint>;
  /** Unknown instructions found (appended to). */
  unknown: { addr: bigint; insn: number }[];
  /** Module-level declarations (appended to). */
  decls: Set<string>;
}

/** A lifted function before its calls' register traffic is known (see finishFunction). */
export interface LiftedFunction {
  plan: FunctionPlan;
  emitter: FunctionEmitter;
  /** Instructions lifted. */
  instructions: number;
}

/** Lifts one function. */
export function liftFunction(plan: FunctionPlan, prog: ProgramInfo): LiftedFunction {
  const e = new FunctionEmitter(prog.decls);
  let count = 0;
  const jump = (t: bigint): void => {
    if (plan.blocks.has(t)) e.emit(`br label %${label(t)}`);
    else if (prog.entries.has(t)) {
      e.spill(t);
      e.emit(`call void ${fnName(t)}(ptr %st, i64 ${BigInt.asIntN(64, t)})`);
      e.spillOut(t);
      e.emit('ret void');
    } else {
      e.setPc(BigInt.asIntN(64, t).toString());
      dispatchOut(e);
    }
  };
  for (const block of plan.blocks.values()) {
    e.label(label(block.addr));
    let ended = false;
    for (const s of block.steps) {
      count++;
      ended = liftStep(e, s, plan, prog, jump);
      if (ended) break;
    }
    if (!ended) jump(block.next);
  }
  return { plan, emitter: e, instructions: count };
}

/** The LLVM text of a lifted function. */
export function finishFunction(f: LiftedFunction, flow: Flow): string {
  return f.emitter.finish(fnName(f.plan.entry), label(f.plan.entry), resumesOf(f), flow);
}

/** The resume points of a lifted function and their labels. */
function resumesOf(f: LiftedFunction): [bigint, string][] {
  return f.plan.resumes.filter((r) => f.plan.blocks.has(r)).map((r): [bigint, string] => [r, label(r)]);
}

/** The blocks and register events of a lifted function, for the analyses (liveness.ts). */
export function flowOf(f: LiftedFunction): FlowFunction {
  return f.emitter.flow(resumesOf(f).map(([, l]) => l));
}

/** Leaves through the dispatcher: st->pc is set; runs it there and returns. */
function dispatchOut(e: FunctionEmitter): void {
  e.spill();
  e.emit('call void @awsm_elf_dispatch(ptr %st)');
  e.emit('ret void');
}

/**
 * After a call (of `callee`, or through the dispatcher): continue at `ret` if st->pc is the
 * return address, else return (unwind).
 */
function afterCall(e: FunctionEmitter, ret: bigint, jump: (t: bigint) => void, callee?: bigint): void {
  const p = op(e, `getelementptr inbounds i8, ptr %st, i32 ${PC_OFFSET}`);
  const pc = op(e, `load i64, ptr ${p}, align 8`);
  const ok = op(e, `icmp eq i64 ${pc}, ${BigInt.asIntN(64, ret)}`);
  const back = `r_${ret.toString(16)}_${e.fresh().slice(1)}`;
  e.emit(`br i1 ${ok}, label %${back}, label %${back}_out`);
  e.label(`${back}_out`);
  if (callee !== undefined) e.spillOut(callee);
  e.emit('ret void');
  e.label(back);
  e.reload(callee);
  jump(ret);
}

/** Lifts one step; true when it ended the block (emitted a terminator). */
function liftStep(e: FunctionEmitter, s: Step, plan: FunctionPlan, prog: ProgramInfo, jump: (t: bigint) => void): boolean {
  const d = s.d;
  const k = (v: bigint): string => BigInt.asIntN(64, v).toString();
  switch (d.k) {
    case 'b': {
      const t = s.pc + d.imm;
      if (!d.link) {
        jump(t);
        return true;
      }
      e.setX(30, k(s.pc + 4n));
      if (prog.entries.has(t)) {
        e.spill(t);
        e.emit(`call void ${fnName(t)}(ptr %st, i64 ${k(t)})`);
        afterCall(e, s.pc + 4n, jump, t);
      } else {
        e.setPc(k(t));
        e.spill();
        e.emit('call void @awsm_elf_dispatch(ptr %st)');
        afterCall(e, s.pc + 4n, jump);
      }
      return true;
    }
    case 'bcond':
    case 'cbz':
    case 'tbz': {
      let c: string;
      if (d.k === 'bcond') c = e.cond(d.cond);
      else if (d.k === 'cbz') {
        const v = e.x(d.rt);
        const t = d.sf ? 'i64' : 'i32';
        const x = d.sf ? v : op(e, `trunc i64 ${v} to i32`);
        c = op(e, `icmp ${d.nz ? 'ne' : 'eq'} ${t} ${x}, 0`);
      } else {
        const bit = op(e, `and i64 ${e.x(d.rt)}, ${k(1n << BigInt(d.bit))}`);
        c = op(e, `icmp ${d.nz ? 'ne' : 'eq'} i64 ${bit}, 0`);
      }
      const taken = `c_${s.pc.toString(16)}`;
      e.emit(`br i1 ${c}, label %${taken}_t, label %${taken}_f`);
      e.label(`${taken}_t`);
      jump(s.pc + d.imm);
      e.label(`${taken}_f`);
      jump(s.pc + 4n);
      return true;
    }
    case 'branchReg': {
      const target = e.x(d.rn);
      if (d.op === 'ret') {
        e.setPc(target);
        e.spillAll();
        e.emit('ret void');
      } else if (plan.ifuncs.has(s.pc)) {
        ifuncCall(e, s, target, plan.ifuncs.get(s.pc)!, d.op === 'blr', jump);
      } else if (d.op === 'blr') {
        e.setX(30, k(s.pc + 4n));
        e.setPc(target);
        e.spill();
        e.emit('call void @awsm_elf_dispatch(ptr %st)');
        afterCall(e, s.pc + 4n, jump);
      } else {
        const table = plan.tables.get(s.pc);
        const out = `j_${s.pc.toString(16)}`;
        if (table !== undefined) {
          const uniq = [...new Set(table)].filter((t) => plan.blocks.has(t));
          e.emit(`switch i64 ${target}, label %${out} [${uniq.map((t) => `i64 ${k(t)}, label %${label(t)}`).join(' ')}]`);
          e.label(out);
          unwindTo(e, target); // not a target of the table: not expected, so not worth a dispatcher call's cost
        } else {
          e.setPc(target);
          dispatchOut(e);
        }
      }
      return true;
    }
    case 'svc':
      e.uses([0, 1, 2, 3, 4, 5, 8]); // the arguments and the number, read by the runtime
      e.setPc(k(s.pc + 4n));
      e.spillAll();
      e.emit('call void @awsm_elf_syscall(ptr %st)');
      e.reloadOne(0);
      return false;
    case 'trap':
    case 'unknown':
      unknown(e, s, prog);
      return true;
    default:
      if (liftDecoded(e, d, s.word, s.pc)) return false;
      unknown(e, s, prog);
      return true;
  }
}

/**
 * A BR (tail call, a PLT stub) or BLR through an IFUNC's GOT slot: a switch over the functions
 * its resolver may choose, each a direct (tail) call. Any other value leaves by unwinding
 * (unwindTo), so the call's effects are its choices', not everything.
 */
function ifuncCall(e: FunctionEmitter, s: Step, target: string, choices: readonly bigint[], link: boolean, jump: (t: bigint) => void): void {
  const k = (v: bigint): string => BigInt.asIntN(64, v).toString();
  const out = `i_${s.pc.toString(16)}`;
  if (link) e.setX(30, k(s.pc + 4n));
  e.emit(`switch i64 ${target}, label %${out} [${choices.map((c, i) => `i64 ${k(c)}, label %${out}_${i}`).join(' ')}]`);
  choices.forEach((c, i) => {
    e.label(`${out}_${i}`);
    if (link) {
      e.spill(c);
      e.emit(`call void ${fnName(c)}(ptr %st, i64 ${k(c)})`);
      afterCall(e, s.pc + 4n, jump, c);
    } else jump(c);
  });
  e.label(out);
  unwindTo(e, target);
}

/**
 * Leaves for `target` by unwinding: st->pc = target, the dirty registers stored, return. The
 * caller sees st->pc is not its return address and unwinds in turn, up to the dispatcher loop,
 * which runs the target and resumes each caller at its return point when it is returned to
 * (the state is exact throughout). Slower than a dispatcher call, but the function's effects
 * stay its own: for control flow that is not expected to happen.
 */
function unwindTo(e: FunctionEmitter, target: string): void {
  e.setPc(target);
  e.spillAll();
  e.emit('ret void');
}

/** An instruction the lifter does not know: reported now, and a trap with its address if reached. */
function unknown(e: FunctionEmitter, s: Step, prog: ProgramInfo): void {
  if (s.d.k !== 'trap') prog.unknown.push({ addr: s.pc, insn: s.word });
  e.emit(`call void @awsm_elf_unknown(i64 ${BigInt.asIntN(64, s.pc)}, i32 ${s.word | 0})`);
  e.emit('unreachable');
}

