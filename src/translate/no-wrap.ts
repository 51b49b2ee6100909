/**
 * No-wrap facts, the analysis: which `i32.add`s of a function may carry `nuw` (explicit mode;
 * docs/abi.md, "No-wrap address arithmetic"). A pass over the function body before emission,
 * like loop-plan.ts; emission asks the plan (NumericEnv.addCannotWrap) and builds no fact of
 * its own. Builds no IR: tests/unit/no-wrap.test.ts runs it on small bodies.
 *
 * Why `nuw` is sound: Wasm's `i32.add` wraps, so `p + 8` is `add i32 %p, 8` and the address
 * `zext(p + 8)` is not `zext(p) + 8` to LLVM; adjacent accesses do not look adjacent, and
 * neither the vectorisers nor x86 addressing can combine them. But an access at `p` that has
 * completed proves `p + offset + width <= memory size`, and no memory grows past
 * AWSM_MAX_PAGES = 65,535 pages (awsm_abi.h), so `p <= 2^32 - 2^16 - 1` and `p + c` cannot wrap
 * for a constant `0 <= c <= 2^16`. Where that access dominates `i32.add p, c`, the add is
 * `add nuw i32 %p, c`.
 *
 * What the pass tracks is what emission's SSA values are, so that "the same value" means the
 * same SSA value: it runs the body on symbolic values (a fresh number per SSA value emission
 * makes, the bits of an i32 constant), with the translator's rules for which value an
 * instruction yields: `local.get` yields the value last stored to the local until paths merge
 * (as FuncTranslator forwards locals: function.ts, LocalValues), `local.tee` and a block's
 * fall-through results keep their value, a label's values are loaded afresh. Two records,
 * both about the current path:
 *  - bounded values: the address operands of completed accesses. Forgotten where the code
 *    that recorded them stops dominating what follows: at `else`, and at an `end` where paths
 *    merge (an `if`, or a block something branched to), and after a versioned loop (its two
 *    copies join). A value recorded before a loop holds in it (the loop entry is dominated).
 *  - each local's value, forgotten at merges and, at a loop header, for the locals the loop
 *    sets (the back edge may bring other values).
 * Undo is amortised constant time per record, so hostile nesting stays linear. Unreachable code
 * is skipped as the translator skips it.
 *
 * A versioned loop (loop-plan.ts) is translated twice: its fast copy, where the plan's accesses
 * are proven by the entry checks (nothing is recorded for them) and `if`s are flattened
 * (versioning.ts, fastSpecial), and the ordinary slow copy. The plan answers per copy: an
 * `i32.add` in the fast copy of loop L is asked with L.
 *
 * Explicit mode only (function.ts). There the check before the access is a branch LLVM sees.
 * In guard mode the access "completes" because an out-of-bounds one faults, which LLVM does
 * not model: to LLVM a loop that really ends in that fault runs on, its `add nuw` would wrap,
 * and it concludes the loop must leave by its exit test before that. From there it rewrote
 * other addresses of the loop into 64-bit induction variables that went below the memory
 * base (tests/diff/loops.ts found it; tests/diff/regressions/guard-nuw-loop-escape.wat).
 */
import { funcTypeAt, type BlockType, type FuncType, type Instr, type SubType, type ValType } from '../binary/module.js';
import { MAX_PAGES, PAGE_SIZE } from './abi.js';
import type { LoopPlan } from './loop-plan.js';
import { gcEffect } from './gc.js';

/**
 * The largest constant `c` for which `p + c` cannot wrap when `p` is bounded: a bounded `p` is
 * below MAX_PAGES * PAGE_SIZE, so 2^32 minus that (65,536).
 */
export const MAX_NO_WRAP_CONSTANT = 2 ** 32 - MAX_PAGES * PAGE_SIZE;

/** What the pass reads of the function and the module. */
export interface NoWrapEnv {
  /** This function's type. */
  readonly type: FuncType;
  /** Types of the parameters, then the declared locals. */
  readonly localTypes: readonly ValType[];
  /** Per `loop` instruction: the locals set inside it, null when there are many (prescan.ts). */
  readonly loopWrites: ReadonlyMap<Instr, Set<number> | null>;
  /** The module's types (block types, call_indirect). */
  readonly types: readonly SubType[];
  /** Every function's type, imports first (call). */
  readonly funcTypes: readonly FuncType[];
  /**
   * The versioning plan of the `loop` at body[at] (loop-plan.ts), undefined when it is not
   * versioned or versioning is off. The translator computes each plan once and asks the same
   * function when it reaches the loop.
   */
  loopPlan(at: number): LoopPlan | undefined;
  /**
   * Per memory index, whether every completed access's address is below 2^32 - 2^16 (env.ts,
   * MemoryInfo.smallAddresses): only such accesses bound their address.
   */
  readonly smallAddresses: readonly boolean[];
}

/** The `i32.add`s that may carry `nuw`, per translation of the instruction. */
export class NoWrapPlan {
  /** Per copy (null: the ordinary translation; a `loop`: its versioned fast copy), the adds. */
  private readonly adds = new Map<Instr | null, Set<Instr>>();

  /** `add` (an i32.add), translated in the fast copy of `fastLoop` or (null) ordinarily, cannot wrap. */
  cannotWrap(add: Instr, fastLoop: Instr | null): boolean {
    return this.adds.get(fastLoop)?.has(add) ?? false;
  }

  /** Record that `add` cannot wrap in copy `fastLoop` (the pass). */
  note(add: Instr, fastLoop: Instr | null): void {
    let set = this.adds.get(fastLoop);
    if (set === undefined) this.adds.set(fastLoop, (set = new Set()));
    set.add(add);
  }

  /** How many adds were found, over all copies (tests, AWSM_DEBUG output). */
  get size(): number {
    let n = 0;
    for (const s of this.adds.values()) n += s.size;
    return n;
  }
}

/**
 * A symbolic value: a number names one SSA value emission makes; a bigint is an i32 constant's
 * bits (the builder's Value.k). Constants of other types never meet an `i32.add` or an address
 * and get a number like any value.
 */
type Sym = number | bigint;

/** A control frame, as much of state.ts's Frame as the facts depend on. */
interface PFrame {
  kind: 'function' | 'block' | 'loop' | 'if';
  params: number;
  results: number;
  /** Value-stack height below the frame's parameters. */
  height: number;
  /** Some branch (or an `if` arm's fall-through) targets the frame's label. */
  branched: boolean;
  elseSeen: boolean;
  ifParams: Sym[];
  /** The bounded log's length where the frame began. */
  mark: number;
}

/** Run the pass over `body` (a flat instruction list, as decoded). */
export function planNoWrap(env: NoWrapEnv, body: Instr[]): NoWrapPlan {
  const w = new Walker(env, body);
  w.run();
  return w.plan;
}

/** The symbolic translation of one function body (the translator's walk, function.ts). */
class Walker {
  readonly plan = new NoWrapPlan();
  private readonly stack: Sym[] = [];
  private readonly ctrl: PFrame[] = [];
  private unreachable = false;
  private skipDepth = 0;
  private nextId = 0;
  /** Bounded values, with how many times each is in `log`. */
  private readonly bounded = new Map<Sym, number>();
  private readonly log: Sym[] = [];
  /** Local index → its value on this path, since the last merge. */
  private readonly locals = new Map<number, Sym>();
  /** While a versioned loop's fast copy is walked: the loop and its plan. */
  private fast: { loop: Instr; plan: LoopPlan; flattened: boolean } | undefined;

  constructor(private readonly env: NoWrapEnv, private readonly body: Instr[]) {}

  run(): void {
    const { type } = this.env;
    this.env.localTypes.forEach((t, i) => {
      // Parameters arrive as values; declared locals start as zero (an i32 0 is a constant).
      this.locals.set(i, i >= type.params.length && t === 'i32' ? 0n : this.fresh());
    });
    this.pushFrame('function', 0, type.results.length);
    this.range(0, this.body.length);
  }

  private fresh(): number {
    return this.nextId++;
  }
  private popn(n: number): Sym[] {
    return this.stack.splice(this.stack.length - n, n);
  }
  private pushFresh(n: number): void {
    for (let i = 0; i < n; i++) this.stack.push(this.fresh());
  }

  // ---- the facts ---------------------------------------------------------------------------
  /** `ins`, an access at `addr`, has completed: `addr` is bounded if its memory's addresses are small. */
  private noteAccess(addr: Sym, ins: Instr): void {
    if (typeof addr === 'bigint') return; // constants need no record
    if (this.env.smallAddresses[ins.memarg!.memidx] !== true) return;
    this.bounded.set(addr, (this.bounded.get(addr) ?? 0) + 1);
    this.log.push(addr);
  }
  private smallConstant(v: Sym): boolean {
    return typeof v === 'bigint' && v <= BigInt(MAX_NO_WRAP_CONSTANT);
  }
  private merge(mark: number): void {
    while (this.log.length > mark) {
      const v = this.log.pop()!;
      const n = this.bounded.get(v)! - 1;
      if (n === 0) this.bounded.delete(v);
      else this.bounded.set(v, n);
    }
    this.locals.clear();
  }

  // ---- frames ------------------------------------------------------------------------------
  private blockSig(bt: BlockType | undefined): { params: number; results: number } {
    if (bt === undefined || bt.kind === 'empty') return { params: 0, results: 0 };
    if (bt.kind === 'value') return { params: 0, results: 1 };
    const ft = funcTypeAt(this.env.types, bt.typeidx)!;
    return { params: ft.params.length, results: ft.results.length };
  }
  private pushFrame(kind: PFrame['kind'], params: number, results: number): PFrame {
    const height = this.stack.length - (kind === 'function' ? 0 : params);
    const frame: PFrame = { kind, params, results, height, branched: false, elseSeen: false, ifParams: [], mark: this.log.length };
    this.ctrl.push(frame);
    return frame;
  }
  private frameAt(depth: number): PFrame {
    return this.ctrl[this.ctrl.length - 1 - depth]!;
  }
  private arity(frame: PFrame): number {
    return frame.kind === 'loop' ? frame.params : frame.results;
  }
  private setUnreachable(): void {
    this.unreachable = true;
    this.skipDepth = 0;
  }
  private fallToEnd(frame: PFrame): void {
    frame.branched = true;
    this.popn(frame.results);
  }

  // ---- the walk (function.ts: translateRange, loop, skip) ----------------------------------
  private range(from: number, to: number): void {
    for (let at = from; at < to; at++) {
      const ins = this.body[at]!;
      if (this.ctrl.length === 0) return;
      if (this.unreachable) this.skip(ins);
      else if (ins.op.name !== 'loop') this.instr(ins);
      else at = this.loop(at);
    }
  }

  /** A `loop` that may be versioned: its fast copy, then the slow one, then the join. */
  private loop(at: number): number {
    const loopIns = this.body[at]!;
    const plan = this.env.loopPlan(at);
    if (plan === undefined) {
      this.instr(loopIns);
      return at;
    }
    const { levels } = plan;
    const end = levels[0]!.end;
    const mark = this.log.length;
    this.fast = { loop: loopIns, plan, flattened: false };
    for (let j = at; j <= end; j++) {
      if (levels.some((l) => l.latch === j)) {
        this.stack.pop(); // the latch's condition; the counter decides (versioning.ts)
        this.frameAt(0).branched = true;
        continue;
      }
      if (!this.fastSpecial(this.body[j]!, levels.some((l) => l.end === j))) this.instr(this.body[j]!);
    }
    this.fast = undefined;
    this.merge(mark);
    this.instr(loopIns);
    this.range(at + 1, end + 1);
    this.merge(mark);
    return end;
  }

  /** versioning.ts, fastSpecial: a flattened `if` and the local sets in its arm. */
  private fastSpecial(ins: Instr, isLoopEnd: boolean): boolean {
    const fast = this.fast!;
    switch (ins.op.name) {
      case 'if':
        this.stack.pop();
        fast.flattened = true;
        return true;
      case 'end':
        if (isLoopEnd) return false;
        fast.flattened = false;
        return true;
      case 'local.set':
      case 'local.tee':
        // The set stores `select pred, v, old`: a new value.
        if (fast.flattened) this.stack[this.stack.length - 1] = this.fresh();
        return false;
    }
    return false;
  }

  private skip(ins: Instr): void {
    switch (ins.op.name) {
      case 'block':
      case 'loop':
      case 'if':
        this.skipDepth++;
        return;
      case 'else':
        if (this.skipDepth === 0) this.elseArm();
        return;
      case 'end':
        if (this.skipDepth > 0) this.skipDepth--;
        else this.endFrame();
        return;
    }
  }

  // ---- one instruction (the families' effect on values) ------------------------------------
  private instr(ins: Instr): void {
    const name = ins.op.name;
    switch (ins.op.family) {
      case 'control':
        return this.control(ins);
      case 'parametric':
      case 'variable':
        return this.variable(ins);
      case 'memory': {
        if (ins.op.imm === 'memarg') {
          if (name.includes('.store')) this.stack.pop();
          const addr = this.stack.pop()!;
          // A proven access of a fast copy records nothing (memory.ts, memoryAddress).
          if (this.fast?.plan.accesses.has(ins) !== true) this.noteAccess(addr, ins);
          if (name.includes('.load')) this.pushFresh(1);
          return;
        }
        break;
      }
      case 'numeric': {
        const [a, b] = this.popn(ins.op.sig!.params.length);
        if (name === 'i32.add' && ((this.bounded.has(a!) && this.smallConstant(b!)) || (this.bounded.has(b!) && this.smallConstant(a!)))) {
          this.plan.note(ins, this.fast?.loop ?? null);
        }
        if (name === 'i32.const') this.stack.push(BigInt(Number(ins.value) >>> 0));
        else this.pushFresh(ins.op.sig!.results.length); // two for wide arithmetic
        return;
      }
      case 'simd': {
        const args = this.popn(ins.op.sig!.params.length);
        // SIMD accesses are addressed under the module's bounds mode, also in a fast copy.
        if (ins.op.memBytes !== undefined) this.noteAccess(args[0]!, ins);
        this.pushFresh(ins.op.sig!.results.length);
        return;
      }
      case 'table':
      case 'reference':
        if (name === 'br_on_cast' || name === 'br_on_cast_fail') return this.control(ins);
        break;
    }
    // The rest only consumes values and makes new ones.
    const [pops, pushes] = this.effect(ins);
    this.popn(pops);
    this.pushFresh(pushes);
  }

  /** Operands popped and results pushed by an instruction that makes only new values. */
  private effect(ins: Instr): [number, number] {
    if (ins.op.sig !== undefined) return [ins.op.sig.params.length, ins.op.sig.results.length];
    switch (ins.op.name) {
      case 'table.get': return [1, 1];
      case 'table.set': return [2, 0];
      case 'table.grow': return [2, 1];
      case 'table.fill': return [3, 0];
      case 'ref.null': return [0, 1];
      case 'ref.is_null': return [1, 1];
      case 'ref.func': return [0, 1];
      case 'ref.as_non_null': return [1, 1];
    }
    const gc = gcEffect(this.env.types, ins);
    if (gc !== undefined) return gc;
    throw new Error(`no-wrap pass: unexpected instruction ${ins.op.name}`);
  }

  private variable(ins: Instr): void {
    const idx = ins.idx!;
    switch (ins.op.name) {
      case 'local.get': {
        let v = this.locals.get(idx);
        if (v === undefined) this.locals.set(idx, (v = this.fresh()));
        this.stack.push(v);
        return;
      }
      case 'local.set':
        this.locals.set(idx, this.stack.pop()!);
        return;
      case 'local.tee':
        this.locals.set(idx, this.stack[this.stack.length - 1]!);
        return;
      case 'global.get':
        return this.pushFresh(1);
      case 'global.set':
      case 'drop':
        this.stack.pop();
        return;
      case 'select':
        this.popn(3);
        return this.pushFresh(1);
    }
    throw new Error(`no-wrap pass: unexpected instruction ${ins.op.name}`);
  }

  /** control.ts and call.ts. */
  private control(ins: Instr): void {
    switch (ins.op.name) {
      case 'nop':
        return;
      case 'unreachable':
        return this.setUnreachable();
      case 'block': {
        const { params, results } = this.blockSig(ins.blockType);
        this.pushFrame('block', params, results);
        return;
      }
      case 'loop': {
        const { params, results } = this.blockSig(ins.blockType);
        const frame = this.pushFrame('loop', params, results);
        const written = this.env.loopWrites.get(ins) ?? null;
        if (written === null) this.locals.clear();
        else for (const l of written) this.locals.delete(l);
        if (params > 0) {
          frame.branched = true;
          this.popn(params);
          this.pushFresh(params); // loaded from the header's slots
        }
        return;
      }
      case 'if': {
        this.stack.pop();
        const { params, results } = this.blockSig(ins.blockType);
        const frame = this.pushFrame('if', params, results);
        frame.ifParams = this.stack.slice(this.stack.length - params);
        return;
      }
      case 'else':
        return this.elseArm();
      case 'end':
        return this.endFrame();
      case 'br': {
        // A branch to the function frame returns; to any other it stores into the label's slots.
        const frame = this.frameAt(ins.idx!);
        if (frame.kind !== 'function') frame.branched = true;
        return this.setUnreachable();
      }
      case 'br_if':
        this.stack.pop();
        this.frameAt(ins.idx!).branched = true;
        return;
      case 'br_table':
        this.stack.pop();
        for (const l of [ins.idx!, ...(ins.labels ?? [])]) this.frameAt(l).branched = true;
        return this.setUnreachable();
      case 'br_on_null':
      case 'br_on_cast':
      case 'br_on_cast_fail': {
        const r = this.stack.pop()!;
        this.frameAt(ins.idx!).branched = true;
        this.stack.push(r);
        return;
      }
      case 'br_on_non_null':
        this.stack.pop();
        this.frameAt(ins.idx!).branched = true;
        return;
      case 'return':
      case 'return_call':
      case 'return_call_indirect':
      case 'return_call_ref':
        return this.setUnreachable();
      case 'call_ref': {
        this.popn(funcTypeAt(this.env.types, ins.idx!)!.params.length + 1);
        return this.pushFresh(funcTypeAt(this.env.types, ins.idx!)!.results.length);
      }
      case 'call':
      case 'call_indirect': {
        const ft = ins.op.name === 'call' ? this.env.funcTypes[ins.idx!]! : funcTypeAt(this.env.types, ins.idx!)!;
        this.popn(ft.params.length + (ins.op.name === 'call' ? 0 : 1));
        return this.pushFresh(ft.results.length);
      }
    }
    throw new Error(`no-wrap pass: unexpected instruction ${ins.op.name}`);
  }

  private elseArm(): void {
    const frame = this.ctrl[this.ctrl.length - 1]!;
    if (!this.unreachable) this.fallToEnd(frame);
    this.merge(frame.mark);
    frame.elseSeen = true;
    this.stack.length = frame.height;
    this.stack.push(...frame.ifParams);
    this.unreachable = false;
  }

  private endFrame(): void {
    const frame = this.ctrl[this.ctrl.length - 1]!;
    if (frame.kind === 'if' && !frame.elseSeen) {
      if (!this.unreachable) this.fallToEnd(frame);
      frame.branched = true;
      this.unreachable = true;
    }
    this.ctrl.pop();
    const joined = frame.kind !== 'loop' && frame.branched;
    if (frame.kind === 'if' || joined) this.merge(frame.mark);
    if (joined) {
      if (!this.unreachable) this.fallToEnd(frame);
      this.stack.length = frame.height;
      this.pushFresh(this.arity(frame)); // loaded from the end's slots
      this.unreachable = false;
    } else if (this.unreachable) {
      this.stack.length = frame.height;
    }
  }
}
