// Register traffic between a lifted function's allocas and the state (docs/elf-lifting.md
// "Functions"): which registers to store before each call and exit, which to reload after each
// call, which to load at the function's entry, and what each function reads from the state.
//
// A FunctionEmitter (func.ts) records, beside its text, the register events of each block in
// order: a read of a register's alloca (USE), a write (DEF), a read of the state by the runtime
// (STATE_READ: a system call's arguments) and the placeholders (HOLDER) that stand for the
// transfers. Two analyses over the function's blocks decide the transfers:
//
// - forward, the *dirty* registers: written since the last time they were stored or reloaded
//   (the alloca may be newer than the state). Only dirty registers are ever stored: before a
//   call those the callee may read or write, at an exit or an unwind all of them.
// - backward, the *live* registers: whose alloca value a later instruction, store or exit may
//   use before it is written again. After a call only the live registers the callee may write
//   are reloaded; at the entry only the live ones are loaded. A register neither dirty nor live
//   is left where it is: the state holds its value.
//
// What a function reads from the state (`reads`: the registers its callers must have stored
// before calling it) is what is live at its entry label, plus what a callee, the dispatcher or a
// system call may read before the function writes it. It depends on the callees' `reads`:
// computed to a (least) fixed point over the call graph by `programFlow`. What a function may
// write (`writes`) is what it or anything it calls writes; everything for a function that
// reaches the dispatcher.

/** Register event codes in FunctionEmitter.ops: `code + slot` (HOLDER: + the holder's index). */
export const USE = 0;
export const DEF = 1 << 7;
export const STATE_READ = 1 << 8;
export const HOLDER = 1 << 10;

/** A placeholder for register transfers, filled once the analyses are done. */
export type Holder =
  /** Before a call of `callee` (undefined: the dispatcher, which may read everything). */
  | { kind: 'spill'; callee: bigint | undefined }
  /** After a call that returned normally. */
  | { kind: 'reload'; callee: bigint | undefined }
  /** An exit (RET, a system call): every dirty register. */
  | { kind: 'spillAll' }
  /** Leaving after a call of `callee` (an unwind, after a tail call): the dirty registers it
      may not have stored itself. */
  | { kind: 'spillOut'; callee: bigint }
  /** One register the runtime wrote (X0 after a system call). */
  | { kind: 'reloadOne'; slot: number };

/** One block of a function's body, as the analyses see it. */
export interface FlowBlock {
  label: string;
  /** Its events: ops[start..end). */
  start: number;
  end: number;
  /** The labels its terminator may go to. */
  succs: string[];
}

/** What the analyses need of a lifted function. */
export interface FlowFunction {
  ops: readonly number[];
  holders: readonly Holder[];
  /** The blocks, the entry label's first. */
  blocks: readonly FlowBlock[];
  /** Labels the entry switch may start at besides the entry (resume points). */
  resumeLabels: readonly string[];
  /** Its direct callees. */
  callees: ReadonlySet<bigint>;
  /** Whether it calls the dispatcher. */
  dispatches: boolean;
  /** Slots it writes itself (a mask). */
  written: bigint;
  /** Slots it has allocas for (a mask). */
  touched: bigint;
}

/** What the analyses decided for one function. */
export interface Flow {
  /** What each holder transfers (a mask of slots). */
  transfers: bigint[];
  /** The slots loaded from the state at the entry. */
  entryLoads: bigint;
  /** What the function reads from the state (its callers store these if dirty). */
  reads: bigint;
}

/** Per-callee sets (masks) while the fixed point runs. */
interface Effect {
  reads: bigint;
  writes: bigint;
}

/**
 * The flow of every function (by entry), given all of them: writes to a fixed point, then
 * the analyses of each function to a fixed point of their `reads`.
 */
export function programFlow(fns: ReadonlyMap<bigint, FlowFunction>, all: bigint): Map<bigint, Flow> {
  const effects = new Map<bigint, Effect>();
  for (const [entry, f] of fns) effects.set(entry, { reads: 0n, writes: f.dispatches ? all : f.written });
  for (let changed = true; changed; ) {
    changed = false;
    for (const [entry, f] of fns) {
      const mine = effects.get(entry)!;
      let w = mine.writes;
      for (const c of f.callees) w |= effects.get(c)!.writes;
      if (w !== mine.writes) {
        mine.writes = w;
        changed = true;
      }
    }
  }
  const callers = new Map<bigint, bigint[]>();
  for (const [entry, f] of fns) for (const c of f.callees) callers.set(c, [...(callers.get(c) ?? []), entry]);
  const flows = new Map<bigint, Flow>();
  const work = postOrder(fns).reverse(); // popped callees first
  const queued = new Set(work);
  while (work.length > 0) {
    const entry = work.pop()!;
    queued.delete(entry);
    const flow = analyze(fns.get(entry)!, (c) => effects.get(c)!, all);
    flows.set(entry, flow);
    const mine = effects.get(entry)!;
    if (flow.reads !== mine.reads) {
      mine.reads = flow.reads;
      for (const c of callers.get(entry) ?? []) {
        if (!queued.has(c)) {
          queued.add(c);
          work.push(c);
        }
      }
    }
  }
  return flows;
}

/** The functions in post-order of the call graph (callees before their callers, but for cycles). */
function postOrder(fns: ReadonlyMap<bigint, FlowFunction>): bigint[] {
  const out: bigint[] = [];
  const seen = new Set<bigint>();
  for (const root of fns.keys()) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: [bigint, Iterator<bigint>][] = [[root, fns.get(root)!.callees[Symbol.iterator]()]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const n = top[1].next();
      if (n.done === true) {
        out.push(top[0]);
        stack.pop();
      } else if (!seen.has(n.value) && fns.has(n.value)) {
        seen.add(n.value);
        stack.push([n.value, fns.get(n.value)!.callees[Symbol.iterator]()]);
      }
    }
  }
  return out;
}

/** 1n << slot, for every slot (and more). */
const BIT: readonly bigint[] = Array.from({ length: 128 }, (_v, i) => 1n << BigInt(i));

/** The two analyses of one function, given its callees' effects. */
export function analyze(f: FlowFunction, effect: (callee: bigint) => Effect, all: bigint): Flow {
  const { ops, holders, blocks } = f;
  const n = blocks.length;
  const index = new Map(blocks.map((b, i) => [b.label, i]));
  const succs = blocks.map((b) => b.succs.map((s) => index.get(s)!));
  const preds: number[][] = blocks.map(() => []);
  succs.forEach((ss, i) => ss.forEach((s) => preds[s]!.push(i)));
  const eff = holders.map((h): Effect | undefined => {
    if (h.kind === 'spill' || h.kind === 'reload') return h.callee === undefined ? { reads: all, writes: all } : effect(h.callee);
    return h.kind === 'spillOut' ? effect(h.callee) : undefined;
  });
  /** What holder h clears from the dirty set (it stores or reloads them). */
  const clears = holders.map((h, i): bigint => {
    if (h.kind === 'spill') return eff[i]!.reads | eff[i]!.writes;
    if (h.kind === 'reload') return eff[i]!.writes;
    return h.kind === 'reloadOne' ? BIT[h.slot]! : all; // spillOut, spillAll: everything dirty is stored (spillOut: the rest the callee stored)
  });
  const transfers: bigint[] = new Array<bigint>(holders.length).fill(0n);

  // Forward: the dirty registers. Each block: out = (in & ~kill) | gen.
  const fGen: bigint[] = [];
  const fKill: bigint[] = [];
  for (const b of blocks) {
    let gen = 0n;
    let kill = 0n;
    for (let i = b.start; i < b.end; i++) {
      const o = ops[i]!;
      if (o < DEF) continue;
      if (o < STATE_READ) {
        gen |= BIT[o - DEF]!;
        kill &= ~BIT[o - DEF]!;
      } else if (o >= HOLDER) {
        const c = clears[o - HOLDER]!;
        gen &= ~c;
        kill |= c;
      }
    }
    fGen.push(gen);
    fKill.push(kill);
  }
  const dirtyIn: bigint[] = new Array<bigint>(n).fill(0n);
  solve(n, true, (i) => {
    const out = (dirtyIn[i]! & ~fKill[i]!) | fGen[i]!;
    const changed: number[] = [];
    for (const s of succs[i]!) {
      if ((dirtyIn[s]! | out) !== dirtyIn[s]) {
        dirtyIn[s]! |= out;
        changed.push(s);
      }
    }
    return changed;
  });
  blocks.forEach((b, bi) => {
    let dirty = dirtyIn[bi]!;
    for (let i = b.start; i < b.end; i++) {
      const o = ops[i]!;
      if (o < DEF) continue;
      if (o < STATE_READ) dirty |= BIT[o - DEF]!;
      else if (o >= HOLDER) {
        const h = o - HOLDER;
        const k = holders[h]!.kind;
        if (k === 'spill' || k === 'spillAll') transfers[h] = dirty & clears[h]!;
        else if (k === 'spillOut') transfers[h] = dirty & ~eff[h]!.writes;
        dirty &= ~clears[h]!;
      }
    }
  });

  // Backward: the live registers (live) and the state reads not yet preceded by a write (state).
  // Each block: in = (out & ~kill) | gen, for both.
  const lGen: bigint[] = [];
  const lKill: bigint[] = [];
  const sGen: bigint[] = [];
  const sKill: bigint[] = [];
  const reloaded = (h: number): bigint => (holders[h]!.kind === 'reloadOne' ? clears[h]! : eff[h]!.writes);
  for (const b of blocks) {
    let gen = 0n;
    let kill = 0n;
    let sgen = 0n;
    let skill = 0n;
    for (let i = b.end - 1; i >= b.start; i--) {
      const o = ops[i]!;
      if (o < DEF) {
        gen |= BIT[o]!;
        kill &= ~BIT[o]!;
      } else if (o < STATE_READ) {
        const bit = BIT[o - DEF]!;
        gen &= ~bit;
        kill |= bit;
        sgen &= ~bit;
        skill |= bit;
      } else if (o < HOLDER) {
        sgen |= BIT[o - STATE_READ]!;
        skill &= ~BIT[o - STATE_READ]!;
      } else {
        const h = o - HOLDER;
        const k = holders[h]!.kind;
        if (k === 'reload' || k === 'reloadOne') {
          const r = reloaded(h);
          gen &= ~r;
          kill |= r;
        } else {
          gen |= transfers[h]!;
          kill &= ~transfers[h]!;
          if (k === 'spill') {
            sgen |= eff[h]!.reads;
            skill &= ~eff[h]!.reads;
          }
        }
      }
    }
    lGen.push(gen);
    lKill.push(kill);
    sGen.push(sgen);
    sKill.push(skill);
  }
  const liveIn: bigint[] = new Array<bigint>(n).fill(0n);
  const stateIn: bigint[] = new Array<bigint>(n).fill(0n);
  const outOf = (i: number): [bigint, bigint] => {
    let live = 0n;
    let state = 0n;
    for (const s of succs[i]!) {
      live |= liveIn[s]!;
      state |= stateIn[s]!;
    }
    return [live, state];
  };
  solve(n, false, (i) => {
    const [lo, so] = outOf(i);
    const live = (lo & ~lKill[i]!) | lGen[i]!;
    const state = (so & ~sKill[i]!) | sGen[i]!;
    if (live === liveIn[i] && state === stateIn[i]) return [];
    liveIn[i] = live;
    stateIn[i] = state;
    return preds[i]!;
  });
  blocks.forEach((b, bi) => {
    let live = outOf(bi)[0];
    for (let i = b.end - 1; i >= b.start; i--) {
      const o = ops[i]!;
      if (o < DEF) live |= BIT[o]!;
      else if (o < STATE_READ) live &= ~BIT[o - DEF]!;
      else if (o >= HOLDER) {
        const h = o - HOLDER;
        const k = holders[h]!.kind;
        if (k === 'reload' || k === 'reloadOne') {
          transfers[h] = live & reloaded(h) & f.touched;
          live &= ~reloaded(h);
        } else live |= transfers[h]!;
      }
    }
  });

  let entryLoads = n > 0 ? liveIn[0]! : 0n;
  for (const l of f.resumeLabels) entryLoads |= liveIn[index.get(l)!]!;
  const reads = n > 0 ? liveIn[0]! | stateIn[0]! : 0n;
  return { transfers, entryLoads: entryLoads & f.touched, reads };
}

/** Runs `step` on blocks from a worklist (all of them first, in block order or reverse) until it reports no more changes. */
function solve(count: number, forward: boolean, step: (block: number) => number[]): void {
  const work = Array.from({ length: count }, (_v, i) => (forward ? count - 1 - i : i)); // popped from the end
  const queued = new Uint8Array(count).fill(1);
  while (work.length > 0) {
    const i = work.pop()!;
    queued[i] = 0;
    for (const n of step(i)) {
      if (queued[n] === 0) {
        queued[n] = 1;
        work.push(n);
      }
    }
  }
}
