/**
 * Loop versioning: a second copy of simple innermost loops, for LLVM's vectorisers.
 *
 * Why (docs/benchmarks.md, "Where awsm is behind native"): in Wasm every array lives in one
 * linear memory and addresses are i32 sums that may wrap, so to LLVM an address such as
 * `zext(crow + j)` is not affine, and a store through one row may alias a load through another.
 * Native code has 64-bit pointers and `restrict`; the loop vectoriser and SLP then combine
 * accesses that Wasm code leaves scalar.
 *
 * What: for an innermost `loop` whose body is straight-line code ending in `br_if 0` (or has
 * `if`s without `else` whose arms are straight-line), with every address an affine function of
 * the loop's induction variables, the translator emits
 *
 *   <checks, at the loop entry>            trip count n; every access in bounds on every
 *   br i1 %ok, label %fast, label %slow      iteration; store groups disjoint from the rest
 *   fast:  the body, run exactly n times by an i64 counter; addresses 64-bit affine
 *          (base + i * step, `inbounds`), one alias scope per group of accesses
 *          (`llvm.experimental.noalias.scope.decl` at the loop entry, so the claims hold
 *          per execution of the loop only), no bounds checks, no dead-load keep-alives,
 *          `if` arms flattened into selects (fastSpecial)
 *   slow:  the loop as always
 *
 * Safety does not rest on this file's analysis being right. The fast loop runs exactly n
 * iterations and its addresses are `base + i * step` for i < n, and the checks prove every one
 * of those addresses in bounds of the current memory (which cannot grow: the body has no calls
 * and no memory.grow) and the groups' byte ranges disjoint. So the fast loop cannot touch memory
 * outside the sandbox, and the alias claims hold, whatever the analysis concluded. What rests
 * on the analysis is that the fast loop computes what the Wasm loop computes: that n is the
 * trip count of the Wasm loop, and that `base + i * step` is the Wasm address (mod 2^32, which
 * the no-wrap checks make exact). tests/diff/regressions/loop-versioning.wat compares both
 * paths with V8 on every exit condition and on wrapping, overlapping and trapping loops.
 *
 * The analysis evaluates the body symbolically. An i32 value is either unknown or affine:
 * Σ coef · (local at the start of the iteration) + k, mod 2^32. A local the body sets is an
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
import type { Instr } from '../binary/module.js';
import { i32, i64, type Value } from '../llvm/builder.js';
import { Ctx, MemObj } from './abi.js';
import type { FuncTranslator } from './function.js';
import { fieldPtr, memoryObj } from './instance.js';

/** value ≡ Σ coef · (local at the start of the iteration) + k  (mod 2^32); coefs and k as int32. */
interface Affine {
  kind: 'affine';
  terms: Map<number, number>;
  k: number;
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
  /** The constant of the address (int32), plus the memarg offset: addr = G + k + offset. */
  k: number;
  offset: number;
  width: number;
  store: boolean;
}

/** Accesses whose addresses differ only by constants. */
interface Group {
  terms: Map<number, number>;
  /** Bytes the address advances per iteration (int32, |step| ≤ MAX_STEP). */
  step: number;
  store: boolean;
  /** Smallest k, and largest k + offset + width, over the group's accesses. */
  kMin: number;
  endMax: number;
}

type ExitOp = 'ne' | 'lt_u' | 'lt_s' | 'gt_u' | 'gt_s';

export interface LoopPlan {
  /** Body index of the loop's `end`, and of the `br_if 0` just before it. */
  end: number;
  latch: number;
  accesses: Map<Instr, Access>;
  groups: Group[];
  /** The loop continues while `x op y`; x advances by `step` per iteration, y is invariant. */
  exit: { op: ExitOp; x: Affine; y: Affine; step: number };
}

/** Limits that keep the checks small and the i64 arithmetic exact. */
const MAX_BODY = 512;
const MAX_ACCESSES = 32;
const MAX_GROUPS = 8;
const MAX_STEP = 1 << 20;

const affine = (terms: Map<number, number>, k: number): Affine => ({ kind: 'affine', terms, k: k | 0 });

/** a + sign · b, mod 2^32 */
function addAffine(a: Affine, b: Affine, sign: 1 | -1): Affine {
  const terms = new Map(a.terms);
  for (const [l, c] of b.terms) {
    const v = (((terms.get(l) ?? 0) + sign * c) | 0);
    if (v === 0) terms.delete(l);
    else terms.set(l, v);
  }
  return affine(terms, a.k + sign * b.k);
}

/** a · c, mod 2^32 */
function scaleAffine(a: Affine, c: number): Affine {
  const terms = new Map<number, number>();
  for (const [l, x] of a.terms) {
    const v = Math.imul(x, c);
    if (v !== 0) terms.set(l, v);
  }
  return affine(terms, Math.imul(a.k, c));
}

function constOf(s: Sym): number | undefined {
  return s !== null && s.kind === 'affine' && s.terms.size === 0 ? s.k : undefined;
}

function asAffine(s: Sym): Affine | null {
  return s !== null && s.kind === 'affine' ? s : null;
}

/** Integer operations that may trap: a loop with one keeps its single copy. */
const TRAPPING = /^i(32|64)\.(div_[su]|rem_[su]|trunc_f(32|64)_[su])$/;
const EXIT_OPS = new Set(['i32.ne', 'i32.lt_u', 'i32.lt_s', 'i32.gt_u', 'i32.gt_s']);

interface BodyEval {
  /** Each local's value at the end of the body, for the locals the body sets. */
  sets: Map<number, Sym>;
  accesses: Array<{ ins: Instr; addr: Affine }>;
  cond: Sym;
}

/**
 * Evaluate body[start+1 .. latch-1] and the latch's condition. `varying`: locals set in the
 * body whose value at the start of an iteration is unknown. A string is the reason to give up.
 */
function evalBody(t: FuncTranslator, body: Instr[], start: number, latch: number, varying: Set<number>): BodyEval | string {
  const stack: Sym[] = [];
  const sets = new Map<number, Sym>();
  const accesses: BodyEval['accesses'] = [];
  const pop = (): Sym => {
    if (stack.length === 0) throw new Error('versioning: value stack underflow');
    return stack.pop()!;
  };
  /** Inside an `if` arm: the locals it sets, unknown after its `end` (paths merge there). */
  let armSets: Set<number> | undefined;
  for (let j = start + 1; j < latch; j++) {
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
        else if (varying.has(l) || t.localTypes[l] !== 'i32') stack.push(null);
        else stack.push(affine(new Map([[l, 1]]), 0));
        continue;
      }
      case 'local.set':
        sets.set(ins.idx!, t.localTypes[ins.idx!] === 'i32' ? pop() : (pop(), null));
        continue;
      case 'local.tee': {
        const v = t.localTypes[ins.idx!] === 'i32' ? pop() : (pop(), null);
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
    }
    if (ins.op.imm === 'memarg' && ins.op.family === 'memory') {
      const store = name.includes('.store');
      if (store) pop();
      const addr = asAffine(pop());
      if (addr === null) return `the address of ${name} at ${ins.pos} is not affine`;
      accesses.push({ ins, addr });
      if (!store) stack.push(null);
      continue;
    }
    if (ins.op.family !== 'numeric' || ins.op.sig === undefined || TRAPPING.test(name)) {
      return `${name} at ${ins.pos} is not allowed`;
    }
    const nparams = ins.op.sig.params.length;
    if (nparams === 2) {
      const b = pop();
      const a = pop();
      const A = asAffine(a);
      const B = asAffine(b);
      if (name === 'i32.add' && A && B) stack.push(addAffine(A, B, 1));
      else if (name === 'i32.sub' && A && B) stack.push(addAffine(A, B, -1));
      else if (name === 'i32.mul' && A && constOf(B) !== undefined) stack.push(scaleAffine(A, constOf(B)!));
      else if (name === 'i32.mul' && B && constOf(A) !== undefined) stack.push(scaleAffine(B, constOf(A)!));
      else if (name === 'i32.shl' && A && constOf(B) !== undefined) stack.push(scaleAffine(A, 2 ** (constOf(B)! & 31) | 0));
      else if (EXIT_OPS.has(name)) stack.push({ kind: 'cmp', op: name.slice(4), a, b });
      else stack.push(null);
    } else {
      for (let p = 0; p < nparams; p++) pop();
      for (let r = 0; r < ins.op.sig.results.length; r++) stack.push(null);
    }
  }
  const cond = pop();
  if (stack.length !== 0) return 'values left on the stack at the latch';
  return { sets, accesses, cond };
}

/** The step per iteration of an affine value, given the induction variables' steps. */
function stepOf(a: Affine, steps: Map<number, number>): number {
  let d = 0;
  for (const [l, c] of a.terms) d = (d + Math.imul(c, steps.get(l) ?? 0)) | 0;
  return d;
}

const isPow2 = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;

/**
 * The plan for the `loop` at body[at], or undefined when the loop does not qualify (a short
 * reason then goes to AWSM_DEBUG_VERSIONING's output).
 */
export function planLoop(t: FuncTranslator, body: Instr[], at: number): LoopPlan | undefined {
  const r = analyse(t, body, at);
  if (typeof r === 'string') {
    if (process.env['AWSM_DEBUG_VERSIONING']) process.stderr.write(`versioning: f${t.funcidx} @${body[at]!.pos}: ${r}\n`);
    return undefined;
  }
  if (process.env['AWSM_DEBUG_VERSIONING']) {
    process.stderr.write(`versioning: f${t.funcidx} @${body[at]!.pos}: versioned, ${r.accesses.size} accesses in ${r.groups.length} groups, exit ${r.exit.op} step ${r.exit.step}\n`);
  }
  return r;
}

function analyse(t: FuncTranslator, body: Instr[], at: number): LoopPlan | string {
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

  // Find the induction variables: iterate until the set of varying locals is stable.
  let varying = new Set<number>();
  let ev: BodyEval | string = '';
  let steps = new Map<number, number>();
  for (let round = 0; ; round++) {
    ev = evalBody(t, body, at, latch, varying);
    if (typeof ev === 'string') return ev;
    steps = new Map();
    const next = new Set<number>();
    for (const [l, v] of ev.sets) {
      const a = asAffine(v);
      if (a !== null && a.terms.size === 1 && a.terms.get(l) === 1 && a.k !== 0) steps.set(l, a.k);
      else next.add(l);
    }
    if (next.size === varying.size) break;
    if (round >= 4) return 'induction variables do not settle';
    varying = next;
  }
  if (ev.accesses.length === 0) return 'no memory access';
  if (ev.accesses.length > MAX_ACCESSES) return 'too many accesses';
  if (!ev.accesses.some((a) => a.ins.op.name.includes('.store'))) return 'no store';

  // Group the accesses by their terms.
  const groups: Group[] = [];
  const keys = new Map<string, number>();
  const accesses = new Map<Instr, Access>();
  for (const { ins, addr } of ev.accesses) {
    const key = [...addr.terms].sort((x, y) => x[0] - y[0]).map(([l, c]) => `${l}:${c}`).join(',');
    let g = keys.get(key);
    const width = ins.op.memBytes!;
    const offset = ins.memarg!.offset;
    const store = ins.op.name.includes('.store');
    if (g === undefined) {
      const step = stepOf(addr, steps);
      if (Math.abs(step) > MAX_STEP) return 'an address steps too far per iteration';
      g = groups.length;
      keys.set(key, g);
      groups.push({ terms: addr.terms, step, store, kMin: addr.k, endMax: addr.k + offset + width });
    }
    const grp = groups[g]!;
    grp.store ||= store;
    grp.kMin = Math.min(grp.kMin, addr.k);
    grp.endMax = Math.max(grp.endMax, addr.k + offset + width);
    accesses.set(ins, { group: g, k: addr.k, offset, width, store });
  }
  if (groups.length > MAX_GROUPS) return 'too many groups';
  // Within a group, two accesses must be at the same address or not overlap at all, in any two
  // iterations: one width w, every offset the same modulo w, and a step that is a multiple of
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
    if (groups[a.group]!.step % w !== 0) return 'a step is not a multiple of the access width';
  }

  // The exit condition: continue while x op y, with y invariant.
  const cond = ev.cond;
  let op: ExitOp;
  let x: Affine;
  let y: Affine;
  if (cond !== null && cond.kind === 'cmp') {
    const a = asAffine(cond.a);
    const b = asAffine(cond.b);
    if (a === null || b === null) return 'the exit condition is not affine';
    op = cond.op as ExitOp;
    if (op === 'ne') [x, y] = [addAffine(a, b, -1), affine(new Map(), 0)];
    else if (stepOf(b, steps) === 0) [x, y] = [a, b];
    else if (stepOf(a, steps) === 0) {
      [x, y] = [b, a];
      op = ({ lt_u: 'gt_u', lt_s: 'gt_s', gt_u: 'lt_u', gt_s: 'lt_s' } as const)[op];
    } else return 'both sides of the exit comparison vary';
  } else {
    const a = asAffine(cond);
    if (a === null) return 'the exit condition is not affine';
    [op, x, y] = ['ne', a, affine(new Map(), 0)];
  }
  const step = stepOf(x, steps);
  if (!isPow2(Math.abs(step)) || Math.abs(step) > MAX_STEP) return `exit step ${step} is not a power of two`;
  if ((op === 'lt_u' || op === 'lt_s') && step < 0) return 'counting down to an upper bound';
  if ((op === 'gt_u' || op === 'gt_s') && step > 0) return 'counting up to a lower bound';
  return { end, latch, accesses, groups, exit: { op, x, y, step } };
}

// ---- emission ------------------------------------------------------------------------------

/** What the fast copy needs while its body is translated (FuncTranslator.fastLoop). */
export interface FastLoop {
  plan: LoopPlan;
  /** i64 alloca: the iteration number. */
  counter: Value;
  /** The iteration number, loaded at the header. */
  iter?: Value;
  /** The trip count (i64). */
  n: Value;
  /** Per group: G, the address at iteration 0 without the constants (i64). */
  bases: Value[];
  /** The memory base (guard mode: the function's; otherwise loaded once before the loop). */
  memBase: Value;
  /** Per group: the metadata to attach to its accesses. */
  md: string[];
  /** `!llvm.loop` for the latch branch. */
  loopMd: string;
  /** Inside a flattened `if` arm: its condition (i1). */
  pred?: Value;
}

/** The value of an affine expression at iteration 0 (the loop entry), as an i32. */
function atEntry(t: FuncTranslator, a: Affine): Value {
  const f = t.f;
  let acc: Value | undefined;
  for (const [l, c] of a.terms) {
    let v = t.facts.local(l) ?? f.load('i32', t.locals[l]!);
    if (c !== 1) v = f.mul(v, i32(c));
    acc = acc === undefined ? v : f.add(acc, v);
  }
  if (acc === undefined) return i32(a.k);
  return a.k === 0 ? acc : f.add(acc, i32(a.k));
}

const and1 = (t: FuncTranslator, a: Value | undefined, b: Value): Value => (a === undefined ? b : t.f.and(a, b));

/**
 * At the loop entry (the current block): the trip count and the checks, then the branch to the
 * fast or the slow copy. Returns the fast copy's state; the caller is left in the fast block,
 * and translates the slow copy at `slow`.
 */
export function emitVersionChecks(t: FuncTranslator, plan: LoopPlan): { fast: FastLoop; slow: string } {
  const f = t.f;
  const cx = t.cx;
  const { op, x, y, step } = plan.exit;
  const s = Math.abs(step);
  const shift = i64(Math.log2(s));
  let ok: Value | undefined;
  let n: Value;
  const x0 = atEntry(t, x);
  if (op === 'ne') {
    // x_i = x0 + i·step ≡ 0 first at i = d / s, where d = -x0 (counting up) or x0 (down) mod 2^32.
    const d = f.zext(step > 0 ? f.sub(i32(0), x0) : x0, 'i64');
    ok = f.icmp('eq', f.and(d, i64(s - 1)), i64(0));
    n = f.add(f.lshr(d, shift), i64(1), 'nuw nsw');
  } else {
    const signed = op.endsWith('_s');
    const ext = (v: Value): Value => (signed ? f.sext(v, 'i64') : f.zext(v, 'i64'));
    const X = ext(x0);
    const Y = ext(atEntry(t, y));
    const top = signed ? 2 ** 31 : 2 ** 32;
    const bottom = signed ? -(2 ** 31) : 0;
    let gap: Value;
    let done: Value;
    if (op.startsWith('lt')) {
      // x never wraps on its way up to y: y + s ≤ top.
      ok = f.icmp('sle', Y, i64(top - s));
      done = f.icmp('sge', X, Y);
      gap = f.sub(Y, X);
    } else {
      ok = f.icmp('sge', Y, i64(bottom + s));
      done = f.icmp('sle', X, Y);
      gap = f.sub(X, Y);
    }
    // The first i with x_i past y is ceil(gap / s); the loop runs that iteration too.
    const count = f.add(f.lshr(f.add(gap, i64(s - 1)), shift), i64(1));
    n = f.select(done, i64(1), count);
  }

  // Per group: the byte range [lo, hi) of all its accesses over the n iterations.
  const mem = memoryObj(cx, f, t.ctx, 0);
  const size = f.load('i64', fieldPtr(f, mem, MemObj.size), { md: `!tbaa ${cx.tbaa.ctx}` });
  const last = f.sub(n, i64(1), 'nuw nsw');
  const bases: Value[] = [];
  const ranges: Array<{ lo: Value; hi: Value }> = [];
  for (const g of plan.groups) {
    const base = f.zext(atEntry(t, affine(g.terms, 0)), 'i64');
    bases.push(base);
    const span = g.step === 0 ? i64(0) : f.mul(last, i64(g.step), 'nsw');
    let lo = f.add(base, i64(g.kMin), 'nsw');
    let hi = f.add(base, i64(g.endMax), 'nsw');
    if (g.step < 0) lo = f.add(lo, span, 'nsw');
    if (g.step > 0) hi = f.add(hi, span, 'nsw');
    // No address wraps (lo ≥ 0, and hi ≤ size < 2^32), and every access is in bounds.
    ok = and1(t, ok, f.and(f.icmp('sge', lo, i64(0)), f.icmp('sle', hi, size)));
    ranges.push({ lo, hi });
  }
  plan.groups.forEach((g, a) => {
    for (let b = a + 1; b < plan.groups.length; b++) {
      if (!g.store && !plan.groups[b]!.store) continue;
      const A = ranges[a]!;
      const B = ranges[b]!;
      ok = and1(t, ok, f.or(f.icmp('sle', A.hi, B.lo), f.icmp('sle', B.hi, A.lo)));
    }
  });

  const fastLabel = f.newBlock('fast');
  const slow = f.newBlock('slow');
  f.condBr(ok!, fastLabel, slow, `!prof ${cx.mdLikely}`);
  f.setBlock(fastLabel);

  // One scope per group, in a domain of this loop's own; declared here, per execution.
  const mb = cx.mb;
  const domain = mb.mdDistinct('!"awsm loop"');
  const scopes = plan.groups.map(() => mb.mdDistinct(domain));
  const lists = scopes.map((sc) => mb.md(`!{${sc}}`));
  cx.declare('@llvm.experimental.noalias.scope.decl', 'void', ['metadata']);
  for (const l of lists) f.call('void', '@llvm.experimental.noalias.scope.decl', [{ ty: 'metadata', ref: l }]);
  const md = plan.groups.map((_, g) => {
    const others = scopes.filter((_, h) => h !== g);
    const noalias = others.length === 0 ? '' : `, !noalias ${mb.md(`!{${others.join(', ')}}`)}`;
    return `!alias.scope ${lists[g]}${noalias}`;
  });
  const memBase = t.memBase ?? f.load('ptr', fieldPtr(f, t.ctx, Ctx.mem0Base), { md: `!tbaa ${cx.tbaa.ctx}` });
  const counter = f.alloca('i64', 'i');
  f.store(i64(0), counter);
  // A body Wasm's producer already unrolled (several stores to one group per iteration) is
  // left to SLP, which packs the copies into vectors as they are; the loop vectoriser would
  // treat them as an interleave group and shuffle (docs/benchmarks.md).
  const hints = [mb.md('!{!"llvm.loop.mustprogress"}')];
  if (unrolled(plan)) hints.push(mb.md('!{!"llvm.loop.vectorize.enable", i1 false}'));
  const loopMd = mb.mdDistinct(hints.join(', '));
  return { fast: { plan, counter, n, bases, memBase, md, loopMd }, slow };
}

/** Some group is stored to at two different addresses in one iteration. */
function unrolled(plan: LoopPlan): boolean {
  const seen = new Map<number, number>();
  for (const a of plan.accesses.values()) {
    if (!a.store) continue;
    const at = seen.get(a.group);
    if (at !== undefined && at !== a.k + a.offset) return true;
    seen.set(a.group, a.k + a.offset);
  }
  return false;
}

/**
 * In the fast copy, the instructions that differ from the slow copy's apart from accesses:
 * an `if` inside the body is flattened (its arm runs always, its effects made conditional:
 * stores in memory.ts, local sets here), so the body is one basic block for the vectorisers.
 * This is sound because nothing in the arm can trap (no trapping instruction, and every access
 * is in bounds) and no other thread sees the memory (awsm has no shared memories). Returns
 * false for an instruction to translate as usual.
 *
 *   if:          %pred = icmp ne i32 %c, 0
 *   local.set L: %v' = select i1 %pred, i32 %v, i32 <L's value>
 */
export function fastSpecial(t: FuncTranslator, ins: Instr, isLoopEnd: boolean): boolean {
  const fl = t.fastLoop!;
  const f = t.f;
  switch (ins.op.name) {
    case 'if':
      fl.pred = f.icmp('ne', t.pop().v, i32(0));
      return true;
    case 'end':
      if (isLoopEnd) return false;
      fl.pred = undefined;
      return true;
    case 'local.set':
    case 'local.tee': {
      if (fl.pred === undefined) return false;
      const l = ins.idx!;
      const o = t.pop();
      const old = t.facts.local(l) ?? f.load(o.v.ty, t.locals[l]!);
      t.push(f.select(fl.pred, o.v, old), o.tainted);
      return false; // and now the set itself, as usual
    }
  }
  return false;
}

/**
 * In the fast copy: the pointer and metadata for load or store `ins`, or undefined when `ins`
 * is not one of the plan's accesses.
 *
 *   %o  = mul nsw i64 %i, <step>
 *   %ea = add nsw i64 %o, <G + k + offset>
 *   %p  = getelementptr inbounds i8, ptr %base, i64 %ea
 */
export function fastAccess(t: FuncTranslator, ins: Instr): { ptr: Value; md: string } | undefined {
  const fl = t.fastLoop;
  const a = fl?.plan.accesses.get(ins);
  if (fl === undefined || a === undefined) return undefined;
  const f = t.f;
  const g = fl.plan.groups[a.group]!;
  let ea = f.add(fl.bases[a.group]!, i64(a.k + a.offset), 'nsw');
  if (g.step !== 0) ea = f.add(ea, f.mul(fl.iter!, i64(g.step), 'nsw'), 'nsw');
  return { ptr: f.gep('i8', fl.memBase, [ea], true), md: fl.md[a.group]! };
}

/**
 * The fast copy's latch, in place of `br_if 0`: the Wasm condition is dropped (the checks
 * proved it holds for exactly n iterations) and the counter decides.
 *
 *   %i1 = add nuw nsw i64 %i, 1
 *   %c  = icmp ult i64 %i1, %n
 *   br i1 %c, label %loopN, label %contM, !llvm.loop !L
 */
export function fastLatch(t: FuncTranslator): void {
  const fl = t.fastLoop!;
  const f = t.f;
  t.pop();
  const next = f.add(fl.iter!, i64(1), 'nuw nsw');
  f.store(next, fl.counter);
  const frame = t.frameAt(0);
  frame.branched = true;
  const cont = f.newBlock('cont');
  f.condBr(f.icmp('ult', next, fl.n), t.labelOf(frame), cont, `!llvm.loop ${fl.loopMd}`);
  f.setBlock(cont);
}
