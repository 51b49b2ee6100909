/**
 * Loop versioning, the analysis (versioning.ts emits from its result): for a `loop`, a plan —
 * which loops (the loop, or a two-level nest), their exit conditions and trip counts, every
 * load and store with its affine address, grouped by array — or a short reason why the loop
 * does not qualify. Builds no IR: it reads the function body, the locals' types and the
 * pre-scan's per-loop writes (PlanEnv), so tests/unit/loop-plan.test.ts runs it on small
 * bodies directly.
 *
 * The analysis evaluates the body symbolically. An i32 value is either unknown or affine:
 * Σ coef · (local at the start of the iteration) + k, mod 2^32. So is an i64 value (the
 * addresses of a 64-bit memory 0, memory64, and their induction variables), mod 2^64, within
 * limits (affine.ts). A local the body sets is an
 * induction variable when its value at the end of the body is itself plus a constant step;
 * any other local the body sets is unknown until set in the iteration. Locals the body never
 * sets are invariant. At iteration i an induction variable is its entry value plus i · step, so
 * every affine value is (its value at iteration 0) + i · D for a constant D.
 *
 * Accesses with the same terms (differing only in constants) form a group: the same array,
 * so the group needs no alias claim within itself and LLVM sees their exact distances. A group
 * must look like an array of one element type (one width, offsets equal modulo it): LLVM 16
 * mishandles partially overlapping accesses once their addresses are affine (analyse()).
 *
 * docs/abi.md ("Loop versioning") has the rules in prose.
 */
import type { Instr, ValType } from '../binary/module.js';
import { addAffine, affine, localAffine, LIMIT64, scaleAffine, stepOf, type Affine, type Width } from './affine.js';

export { affine, type Affine, type Width } from './affine.js';

/** What the analysis reads of the function (FuncEnv provides it). */
export interface PlanEnv {
  /** The function's index, for AWSM_DEBUG_VERSIONING's output. */
  readonly funcidx: number;
  /** Types of the parameters, then the declared locals. */
  readonly localTypes: readonly ValType[];
  /** Per `loop` instruction: the locals set inside it, null when there are many (prescan.ts). */
  readonly loopWrites: ReadonlyMap<Instr, Set<number> | null>;
  /**
   * Per memory index, whether every completed access's address is below 2^32 - 2^16
   * (env.ts, MemoryInfo.smallAddresses). Versioning handles memory 0 only: when this holds, or
   * when memory 0 is 64-bit (memory64).
   */
  readonly smallAddresses: readonly boolean[];
  /** Per memory index, whether its addresses are i64 (memory64; env.ts, MemoryInfo.addrType). */
  readonly memory64: readonly boolean[];
}

/** A comparison's result, kept symbolic for the exit condition. */
interface Cmp {
  kind: 'cmp';
  op: string;
  a: Sym;
  b: Sym;
}
type Sym = Affine | Cmp | null;

/** One load or store of the loop body. */
export interface Access {
  group: number;
  /** The innermost level the access is in (0: the body of levels[0] itself). */
  level: number;
  /** The constant of the address (int32), plus the memarg offset: addr = G + k + offset. */
  k: number;
  offset: number;
  width: number;
  store: boolean;
}

/** Accesses whose addresses differ only by constants. */
export interface Group {
  /** In the locals at the start of an iteration of the plan's loop (levels[0]). */
  terms: Map<number, number>;
  /** Per level: bytes the address advances per iteration of that loop (|step| ≤ MAX_STEP). */
  steps: number[];
  store: boolean;
  /** Smallest k, and largest k + offset + width, over the group's accesses. */
  kMin: number;
  endMax: number;
}

export type ExitOp = 'ne' | 'lt_u' | 'lt_s' | 'gt_u' | 'gt_s';

/** The loop continues while `x op y`; x advances by `step` per iteration, y is invariant. */
export interface Exit {
  op: ExitOp;
  x: Affine;
  y: Affine;
  step: number;
}

/** One loop of a plan: levels[0] is the versioned loop, levels[1] its inner loop (a nest). */
export interface Level {
  /** Body index of the `loop`, of its `end`, and of the `br_if 0` just before that. */
  at: number;
  end: number;
  latch: number;
  /**
   * For levels[0], x and y are in the locals at the start of its iteration. For an inner loop,
   * in the locals at the start of levels[0]'s iteration, and invariant there: the inner loop
   * runs the same number of times on every outer iteration.
   */
  exit: Exit;
  /** The producer unrolled this loop's body (unrolled()). */
  unrolled: boolean;
  /** Ask LLVM to unroll this loop fully in the fast copy (analyseNest). */
  unrollFully: boolean;
}

export interface LoopPlan {
  /** The width of memory 0's addresses, and so of every group's terms. */
  addrWidth: Width;
  levels: Level[];
  accesses: Map<Instr, Access>;
  groups: Group[];
}

/** Limits that keep the checks small and the i64 arithmetic exact. */
const MAX_BODY = 512;
const MAX_ACCESSES = 32;
const MAX_GROUPS = 8;
const MAX_STEP = 1 << 20;
/** An inner loop is unrolled fully up to this many iterations, and Wasm instructions in all. */
const MAX_FULL_TRIPS = 64;
const MAX_FULL_UNROLL = 2048;

function constOf(s: Sym): number | undefined {
  return s !== null && s.kind === 'affine' && s.terms.size === 0 ? s.k : undefined;
}

function asAffine(s: Sym): Affine | null {
  return s !== null && s.kind === 'affine' ? s : null;
}

/** Integer operations that may trap: a loop with one keeps its single copy. */
const TRAPPING = /^i(32|64)\.(div_[su]|rem_[su]|trunc_f(32|64)_[su])$/;
const EXIT_OPS = new Set(['ne', 'lt_u', 'lt_s', 'gt_u', 'gt_s'].flatMap((op) => [`i32.${op}`, `i64.${op}`]));

interface BodyEval {
  /** Each local's value at the end of the body, for the locals the body sets. */
  sets: Map<number, Sym>;
  accesses: Array<{ ins: Instr; addr: Affine }>;
  cond: Sym;
  /** With an inner loop: the values of the locals set before it, at its entry. */
  innerEntry?: Map<number, Sym>;
}

/** An inner loop for evalBody to step over: its body indices and the locals it sets. */
interface InnerSpan {
  at: number;
  end: number;
  writes: Set<number>;
}

/**
 * Evaluate body[start+1 .. latch-1] and the latch's condition. `varying`: locals set in the
 * body whose value at the start of an iteration is unknown. `inner`: a loop inside the body,
 * whose effect is to make the locals it sets unknown. A string is the reason to give up.
 */
function evalBody(t: PlanEnv, body: Instr[], start: number, latch: number, varying: Set<number>, inner?: InnerSpan): BodyEval | string {
  const stack: Sym[] = [];
  const sets = new Map<number, Sym>();
  const accesses: BodyEval['accesses'] = [];
  let innerEntry: Map<number, Sym> | undefined;
  const pop = (): Sym => {
    if (stack.length === 0) throw new Error('versioning: value stack underflow');
    return stack.pop()!;
  };
  /** Inside an `if` arm: the locals it sets, unknown after its `end` (paths merge there). */
  let armSets: Set<number> | undefined;
  for (let j = start + 1; j < latch; j++) {
    if (inner !== undefined && j === inner.at) {
      innerEntry = new Map(sets);
      for (const l of inner.writes) sets.set(l, null);
      j = inner.end;
      continue;
    }
    const ins = body[j]!;
    const name = ins.op.name;
    if ((name === 'local.set' || name === 'local.tee') && armSets !== undefined) armSets.add(ins.idx!);
    switch (name) {
      case 'nop':
        continue;
      case 'if':
        pop();
        armSets = new Set();
        continue;
      case 'end':
        for (const l of armSets!) sets.set(l, null);
        armSets = undefined;
        continue;
      case 'local.get': {
        const l = ins.idx!;
        if (sets.has(l)) stack.push(sets.get(l)!);
        else stack.push(varying.has(l) ? null : localAffine(l, t.localTypes[l]));
        continue;
      }
      case 'local.set':
        sets.set(ins.idx!, tracked(ins.idx!) ? pop() : (pop(), null));
        continue;
      case 'local.tee': {
        const v = tracked(ins.idx!) ? pop() : (pop(), null);
        sets.set(ins.idx!, v);
        stack.push(v);
        continue;
      }
      case 'global.get':
        stack.push(null);
        continue;
      case 'global.set':
      case 'drop':
        pop();
        continue;
      case 'select':
        pop(), pop(), pop();
        stack.push(null);
        continue;
      case 'i32.const':
        stack.push(affine(new Map(), Number(ins.value)));
        continue;
      case 'i64.const': {
        const v = BigInt.asIntN(64, BigInt(ins.value!));
        stack.push(v >= -LIMIT64 && v <= LIMIT64 ? affine(new Map(), Number(v), 64) : null);
        continue;
      }
    }
    if (ins.op.imm === 'memarg' && ins.op.family === 'memory') {
      const store = name.includes('.store');
      if (store) pop();
      if (ins.memarg!.memidx !== 0 || (t.smallAddresses[0] !== true && t.memory64[0] !== true)) {
        return `${name} at ${ins.pos}: versioning handles memory 0 only, of 64-bit addresses, or of 32-bit ones and 64 KiB pages`;
      }
      const addr = asAffine(pop());
      if (addr === null) return `the address of ${name} at ${ins.pos} is not affine`;
      accesses.push({ ins, addr });
      if (!store) stack.push(null);
      continue;
    }
    if (name === 'i32.eqz' || name === 'i64.eqz') {
      // x == 0, and its negation: `(i32.eqz (i64.eqz x))` is how a producer says x ≠ 0 for an i64.
      const a = pop();
      const A = asAffine(a);
      if (A !== null) stack.push({ kind: 'cmp', op: 'eq', a: A, b: affine(new Map(), 0, A.w) });
      else if (a?.kind === 'cmp' && (a.op === 'eq' || a.op === 'ne')) stack.push({ ...a, op: a.op === 'eq' ? 'ne' : 'eq' });
      else stack.push(null);
      continue;
    }
    if (ins.op.family !== 'numeric' || ins.op.sig === undefined || TRAPPING.test(name)) {
      return `${name} at ${ins.pos} is not allowed`;
    }
    const nparams = ins.op.sig.params.length;
    if (nparams === 2 && ins.op.sig.results.length === 1) {
      const b = pop();
      const a = pop();
      const A = asAffine(a);
      const B = asAffine(b);
      // i32.add and i64.add alike: the operands' width says which arithmetic applies.
      const op = /^i(32|64)\./.test(name) ? name.slice(4) : '';
      if (op === 'add' && A && B) stack.push(addAffine(A, B, 1));
      else if (op === 'sub' && A && B) stack.push(addAffine(A, B, -1));
      else if (op === 'mul' && A && constOf(B) !== undefined) stack.push(scaleAffine(A, constOf(B)!));
      else if (op === 'mul' && B && constOf(A) !== undefined) stack.push(scaleAffine(B, constOf(A)!));
      else if (op === 'shl' && A && constOf(B) !== undefined) stack.push(scaleAffine(A, A.w === 32 ? 2 ** (constOf(B)! & 31) | 0 : 2 ** (constOf(B)! & 63)));
      else if (EXIT_OPS.has(name)) stack.push({ kind: 'cmp', op, a, b });
      else stack.push(null);
    } else {
      for (let p = 0; p < nparams; p++) pop();
      for (let r = 0; r < ins.op.sig.results.length; r++) stack.push(null);
    }
  }
  const cond = pop();
  if (stack.length !== 0) return 'values left on the stack at the latch';
  return { sets, accesses, cond, innerEntry };

  /** Whether local l holds an integer the analysis tracks (i32, i64). */
  function tracked(l: number): boolean {
    const ty = t.localTypes[l];
    return ty === 'i32' || ty === 'i64';
  }
}

const isPow2 = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;

/**
 * The plan for the `loop` at body[at], or undefined when the loop does not qualify (a short
 * reason then goes to AWSM_DEBUG_VERSIONING's output).
 */
export function planLoop(t: PlanEnv, body: Instr[], at: number): LoopPlan | undefined {
  const r = planOrReason(t, body, at);
  const debug = process.env['AWSM_DEBUG_VERSIONING'];
  if (typeof r === 'string') {
    if (debug) process.stderr.write(`versioning: f${t.funcidx} @${body[at]!.pos}: ${r}\n`);
    return undefined;
  }
  if (debug) {
    const exits = r.levels.map((l) => `${l.exit.op} step ${l.exit.step}`).join(', inner loop ');
    const what = r.levels.length > 1 ? 'versioned nest' : 'versioned';
    process.stderr.write(`versioning: f${t.funcidx} @${body[at]!.pos}: ${what}, ${r.accesses.size} accesses in ${r.groups.length} groups, exit ${exits}\n`);
  }
  return r;
}

/** The plan for the `loop` at body[at]: an innermost loop, else a nest; or why neither. */
export function planOrReason(t: PlanEnv, body: Instr[], at: number): LoopPlan | string {
  const r = analyse(t, body, at);
  if (r !== 'nested control') return r;
  const nest = analyseNest(t, body, at);
  return typeof nest === 'string' ? `nested control; not a nest: ${nest}` : nest;
}

/** An innermost loop. */
function analyse(t: PlanEnv, body: Instr[], at: number): LoopPlan | string {
  const loopIns = body[at]!;
  const bt = loopIns.blockType;
  if (bt !== undefined && bt.kind !== 'empty') return 'the loop has a block type';
  // The body must be straight-line, but for `if`s without `else` or results whose arms are
  // straight-line too: find the `end`, refusing anything else.
  let end = -1;
  let inIf = false;
  for (let j = at + 1; j < body.length && j <= at + MAX_BODY; j++) {
    const ins = body[j]!;
    const n = ins.op.name;
    if (n === 'end' && inIf) inIf = false;
    else if (n === 'end') {
      end = j;
      break;
    } else if (n === 'if' && !inIf && (ins.blockType === undefined || ins.blockType.kind === 'empty')) inIf = true;
    else if (n === 'block' || n === 'loop' || n === 'if' || n === 'else') return 'nested control';
    else {
      const latchHere = n === 'br_if' && ins.idx === 0 && body[j + 1]?.op.name === 'end' && !inIf;
      if (ins.op.family === 'control' && n !== 'nop' && !latchHere) return `${n} in the body`;
      if (n === 'global.set' && inIf) return 'global.set in a conditional arm';
    }
  }
  if (end < 0) return 'body too long';
  const latch = end - 1;
  if (body[latch]!.op.name !== 'br_if' || body[latch]!.idx !== 0) return 'no br_if 0 before end';

  const ivs = inductionVariables(t, body, at, latch);
  if (typeof ivs === 'string') return ivs;
  const { ev, steps } = ivs;
  if (ev.accesses.length === 0) return 'no memory access';
  if (ev.accesses.length > MAX_ACCESSES) return 'too many accesses';
  if (!ev.accesses.some((a) => a.ins.op.name.includes('.store'))) return 'no store';
  const grouped = groupAccesses(ev.accesses.map(({ ins, addr }) => ({ ins, addr, steps: [stepOf(addr, steps)], level: 0 })));
  if (typeof grouped === 'string') return grouped;
  const exit = exitOf(ev.cond, steps);
  if (typeof exit === 'string') return exit;
  return { addrWidth: addrWidth(t), levels: [{ at, end, latch, exit, unrolled: unrolled(grouped.accesses.values(), 0), unrollFully: false }], ...grouped };
}

/**
 * A nest: a loop whose body is straight-line code around exactly one inner loop that
 * analyse() accepts, where the inner loop runs the same number of times on every outer
 * iteration and every address in either loop is affine in both loops' induction variables.
 * One set of checks at the outer loop's entry then covers every iteration of both loops (a
 * box of n_outer × n_inner), and the fast copy of the outer loop holds the fast copy of the
 * inner one: no checks at the inner loop's entry, and accesses the outer loop repeats (a row
 * of C in a matrix product) are alias-free across its iterations, so LLVM may keep them in
 * registers.
 *
 * The inner loop's addresses are in the locals at the start of its iteration: an inner
 * induction variable is its value at the inner loop's entry plus j · step, any other local is
 * its value at that entry. Substituting the entry values, evaluated through the outer body up
 * to the inner loop, gives each address as an affine function of the outer loop's locals plus
 * j · (inner step).
 */
function analyseNest(t: PlanEnv, body: Instr[], at: number): LoopPlan | string {
  const bt = body[at]!.blockType;
  if (bt !== undefined && bt.kind !== 'empty') return 'the loop has a block type';
  let end = -1;
  let inner: LoopPlan | undefined;
  for (let j = at + 1; j < body.length && j <= at + 2 * MAX_BODY; j++) {
    const ins = body[j]!;
    const n = ins.op.name;
    if (n === 'loop') {
      if (inner !== undefined) return 'two inner loops';
      const p = analyse(t, body, j);
      if (typeof p === 'string') return `inner loop: ${p}`;
      inner = p;
      j = p.levels[0]!.end;
    } else if (n === 'end') {
      end = j;
      break;
    } else if (n === 'block' || n === 'if' || n === 'else') return `${n} in the outer body`;
    else {
      const latchHere = n === 'br_if' && ins.idx === 0 && body[j + 1]?.op.name === 'end';
      if (ins.op.family === 'control' && n !== 'nop' && !latchHere) return `${n} in the outer body`;
    }
  }
  if (end < 0) return 'body too long';
  if (inner === undefined) return 'no inner loop';
  const latch = end - 1;
  if (body[latch]!.op.name !== 'br_if' || body[latch]!.idx !== 0) return 'no br_if 0 before end';
  const il = inner.levels[0]!;
  // The locals the inner loop sets, from the translator's pre-scan (null: too many to track).
  const writes = t.loopWrites.get(body[il.at]!);
  if (writes === null || writes === undefined) return 'the inner loop sets too many locals';
  const ivs = inductionVariables(t, body, at, latch, { at: il.at, end: il.end, writes });
  if (typeof ivs === 'string') return ivs;
  const { ev, steps, varying } = ivs;
  const entry = ev.innerEntry!;
  /** An affine value in the inner loop's locals at its entry, in the outer loop's locals. */
  const sub = (a: Affine): Affine | null => {
    let r: Affine | null = affine(new Map(), a.k, a.w);
    for (const [l, c] of a.terms) {
      const e = entry.has(l) ? asAffine(entry.get(l)!) : varying.has(l) ? null : localAffine(l, t.localTypes[l]);
      const scaled = e === null ? null : scaleAffine(e, c);
      r = r === null || scaled === null ? null : addAffine(r, scaled, 1);
      if (r === null) return null;
    }
    return r;
  };
  const raw: RawAccess[] = ev.accesses.map(({ ins, addr }) => ({ ins, addr, steps: [stepOf(addr, steps), 0], level: 0 }));
  for (const [ins, a] of inner.accesses) {
    const g = inner.groups[a.group]!;
    const addr = sub(affine(g.terms, a.k));
    if (addr === null) return 'an inner address is not affine in the outer loop';
    raw.push({ ins, addr, steps: [stepOf(addr, steps), g.steps[0]!], level: 1 });
  }
  const x = sub(il.exit.x);
  const y = sub(il.exit.y);
  if (x === null || y === null || stepOf(x, steps) !== 0 || stepOf(y, steps) !== 0) return 'the inner trip count changes with the outer loop';
  if (raw.length > MAX_ACCESSES) return 'too many accesses';
  const grouped = groupAccesses(raw);
  if (typeof grouped === 'string') return grouped;
  const exit = exitOf(ev.cond, steps);
  if (typeof exit === 'string') return exit;
  // A short inner loop with a constant trip count is unrolled fully: the nest becomes one loop
  // whose body holds the whole inner range, and what the outer loop reads and writes at the
  // same addresses on every iteration (a row of C) becomes loop-invariant, which LLVM then
  // keeps in registers; the alias scopes are what let it (docs/benchmarks.md, gemm).
  const trips = constTrips({ ...il.exit, x, y });
  const unrollFully = trips !== undefined && trips <= MAX_FULL_TRIPS && trips * (il.end - il.at) <= MAX_FULL_UNROLL;
  return {
    addrWidth: addrWidth(t),
    levels: [
      { at, end, latch, exit, unrolled: false, unrollFully: false },
      { ...il, exit: { ...il.exit, x, y }, unrolled: unrolled(grouped.accesses.values(), 1), unrollFully },
    ],
    ...grouped,
  };
}

/** The width of memory 0's addresses (evalBody admitted its accesses). */
const addrWidth = (t: PlanEnv): Width => (t.memory64[0] === true ? 64 : 32);

/**
 * The trip count of a loop whose exit compares constants, as tripCount() computes it
 * (exactly, in bigint, mod 2^w), or undefined when it is not constant or beyond 2^32.
 */
function constTrips(exit: Exit): number | undefined {
  const { op, x, y, step } = exit;
  if (x.terms.size !== 0 || y.terms.size !== 0) return undefined;
  const w = x.w;
  const s = BigInt(Math.abs(step));
  let trips: bigint;
  if (op === 'ne') {
    const d = BigInt.asUintN(w, BigInt(step > 0 ? -x.k : x.k));
    if (d % s !== 0n) return undefined;
    trips = d / s + 1n;
  } else {
    const ext = (k: number): bigint => (op.endsWith('_s') ? BigInt.asIntN(w, BigInt(k)) : BigInt.asUintN(w, BigInt(k)));
    const gap = op.startsWith('lt') ? ext(y.k) - ext(x.k) : ext(x.k) - ext(y.k);
    trips = gap <= 0n ? 1n : (gap + s - 1n) / s + 1n;
  }
  return trips <= 2n ** 32n ? Number(trips) : undefined;
}

/**
 * The loop's induction variables: evaluate the body until the set of varying locals (set in
 * the body, but not to themselves plus a constant) is stable.
 */
function inductionVariables(t: PlanEnv, body: Instr[], at: number, latch: number, inner?: InnerSpan): { ev: BodyEval; steps: Map<number, number>; varying: Set<number> } | string {
  let varying = new Set<number>();
  for (let round = 0; ; round++) {
    const ev = evalBody(t, body, at, latch, varying, inner);
    if (typeof ev === 'string') return ev;
    const steps = new Map<number, number>();
    const next = new Set<number>();
    for (const [l, v] of ev.sets) {
      const a = asAffine(v);
      if (a !== null && a.terms.size === 1 && a.terms.get(l) === 1 && a.k !== 0) steps.set(l, a.k);
      else next.add(l);
    }
    if (next.size === varying.size) return { ev, steps, varying };
    if (round >= 4) return 'induction variables do not settle';
    varying = next;
  }
}

/** An access before grouping: its address, its step per level, the level it is in. */
interface RawAccess {
  ins: Instr;
  addr: Affine;
  steps: number[];
  level: number;
}

/** Group the accesses by their terms and steps, refusing groups LLVM could mishandle. */
function groupAccesses(raw: RawAccess[]): { accesses: Map<Instr, Access>; groups: Group[] } | string {
  const groups: Group[] = [];
  const keys = new Map<string, number>();
  const accesses = new Map<Instr, Access>();
  for (const { ins, addr, steps, level } of raw) {
    const terms = [...addr.terms].sort((x, y) => x[0] - y[0]).map(([l, c]) => `${l}:${c}`).join(',');
    const key = `${terms}|${steps.join(',')}`;
    let g = keys.get(key);
    const width = ins.op.memBytes!;
    const offset = ins.memarg!.offset;
    const store = ins.op.name.includes('.store');
    if (g === undefined) {
      if (steps.some((s) => Math.abs(s) > MAX_STEP)) return 'an address steps too far per iteration';
      g = groups.length;
      keys.set(key, g);
      groups.push({ terms: addr.terms, steps, store, kMin: addr.k, endMax: addr.k + offset + width });
    }
    const grp = groups[g]!;
    grp.store ||= store;
    grp.kMin = Math.min(grp.kMin, addr.k);
    grp.endMax = Math.max(grp.endMax, addr.k + offset + width);
    accesses.set(ins, { group: g, level, k: addr.k, offset, width, store });
  }
  if (groups.length > MAX_GROUPS) return 'too many groups';
  // Within a group, two accesses must be at the same address or not overlap at all, in any two
  // iterations: one width w, every offset the same modulo w, and steps that are multiples of
  // w (an array of one element type). LLVM 16's loop load elimination forwards a store across
  // a partially overlapping one (found by tests/diff/loops.ts; loop-versioning.wat keeps the
  // case), and LLVM sees such accesses only in the fast copy, where addresses are affine.
  const phase = new Map<number, { width: number; mod: number }>();
  for (const a of accesses.values()) {
    const w = a.width;
    const mod = (((a.k + a.offset) % w) + w) % w;
    const seen = phase.get(a.group);
    if (seen === undefined) phase.set(a.group, { width: w, mod });
    else if (seen.width !== w || seen.mod !== mod) return 'accesses of a group overlap partially';
    if (groups[a.group]!.steps.some((s) => s % w !== 0)) return 'a step is not a multiple of the access width';
  }
  return { accesses, groups };
}

/** The exit condition: continue while x op y, with y invariant. */
function exitOf(cond: Sym, steps: Map<number, number>): Exit | string {
  let op: ExitOp;
  let x: Affine;
  let y: Affine;
  if (cond !== null && cond.kind === 'cmp') {
    const a = asAffine(cond.a);
    const b = asAffine(cond.b);
    if (a === null || b === null) return 'the exit condition is not affine';
    if (!EXIT_OPS.has(`i32.${cond.op}`)) return `the exit condition is ${cond.op}`;
    op = cond.op as ExitOp;
    if (op === 'ne') {
      const d = addAffine(a, b, -1);
      if (d === null) return 'the exit condition is not affine';
      [x, y] = [d, affine(new Map(), 0, d.w)];
    } else if (stepOf(b, steps) === 0) [x, y] = [a, b];
    else if (stepOf(a, steps) === 0) {
      [x, y] = [b, a];
      op = ({ lt_u: 'gt_u', lt_s: 'gt_s', gt_u: 'lt_u', gt_s: 'lt_s' } as const)[op];
    } else return 'both sides of the exit comparison vary';
  } else {
    const a = asAffine(cond);
    if (a === null) return 'the exit condition is not affine';
    [op, x, y] = ['ne', a, affine(new Map(), 0, a.w)];
  }
  const step = stepOf(x, steps);
  if (!isPow2(Math.abs(step)) || Math.abs(step) > MAX_STEP) return `exit step ${step} is not a power of two`;
  if ((op === 'lt_u' || op === 'lt_s') && step < 0) return 'counting down to an upper bound';
  if ((op === 'gt_u' || op === 'gt_s') && step > 0) return 'counting up to a lower bound';
  return { op, x, y, step };
}

/** Some group is stored to at two different addresses in one iteration of the level's loop. */
function unrolled(accesses: Iterable<Access>, level: number): boolean {
  const seen = new Map<number, number>();
  for (const a of accesses) {
    if (!a.store || a.level !== level) continue;
    const at = seen.get(a.group);
    if (at !== undefined && at !== a.k + a.offset) return true;
    seen.set(a.group, a.k + a.offset);
  }
  return false;
}
