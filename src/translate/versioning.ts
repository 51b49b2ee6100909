/**
 * Loop versioning: a second copy of simple innermost loops and two-level nests, for LLVM's
 * vectorisers.
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
 *          (B + i * step, `inbounds`, never below the base), one alias scope per group
 *          (`llvm.experimental.noalias.scope.decl` at the loop entry, so the claims hold
 *          per execution of the loop only), no bounds checks, no dead-load keep-alives,
 *          `if` arms flattened into selects (fastSpecial)
 *   slow:  the loop as always
 *
 * A loop whose body is straight-line code around one such inner loop, which runs the same
 * number of times on every outer iteration, is versioned as a nest (analyseNest): one set of
 * checks at the outer entry covers both loops, and the fast copy of the outer loop holds the
 * fast copy of the inner one, unrolled fully when its trip count is a small constant.
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
 * The analysis (which loops, which checks, which accesses) is loop-plan.ts, a pass that builds
 * no IR; this file emits the checks and the fast copy's special instructions from its plan,
 * and function.ts (loop) drives the two copies.
 *
 * docs/abi.md ("Loop versioning") has the rules in prose.
 */import type { Instr } from '../binary/module.js';
import { i32, i64, iconst, type Value } from '../llvm/builder.js';
import type { FuncEnv, ProvenAccesses } from './func-env.js';
import { affine, type Affine } from './affine.js';
import type { Exit, LoopPlan } from './loop-plan.js';
import { memoryBase, memorySize } from './memory.js';

/** One loop of the fast copy. */
export interface FastLevel {
  /** i64 alloca: the iteration number. */
  counter: Value;
  /** The iteration number, loaded at the header. */
  iter?: Value;
  /** The trip count (i64). */
  n: Value;
  /** `!llvm.loop` for the latch branch. */
  loopMd: string;
}

/** What the fast copy needs while its body is translated (function.ts, loop). */
export interface FastLoop {
  plan: LoopPlan;
  /** Per plan level. */
  levels: FastLevel[];
  /**
   * Per group: B = G + kMin (i64), its lowest address at iteration 0, where G is the value of
   * the group's terms at the loop entry.
   */
  bases: Value[];
  /** The memory base (guard mode: the function's; otherwise loaded once before the loop). */
  memBase: Value;
  /** Per group: the metadata to attach to its accesses. */
  md: string[];
  /** Inside a flattened `if` arm: its condition (i1). */
  pred?: Value;
}

/** The value of an affine expression at iteration 0 (the loop entry), as an i32 (an i64 for w = 64). */
function atEntry(t: FuncEnv, a: Affine): Value {
  const f = t.f;
  const [ty, c_] = a.w === 32 ? ['i32', i32] as const : ['i64', i64] as const;
  let acc: Value | undefined;
  for (const [l, c] of a.terms) {
    let v = t.localValues.get(l) ?? f.load(ty, t.locals[l]!);
    if (c !== 1) v = f.mul(v, c_(c));
    acc = acc === undefined ? v : f.add(acc, v);
  }
  if (acc === undefined) return c_(a.k);
  return a.k === 0 ? acc : f.add(acc, c_(a.k));
}

/**
 * The type the entry checks compute in, exactly: i64 for i32 values, i128 for i64 ones (a
 * 64-bit memory's addresses and trip counts: sums and products of i64 values that no 64-bit
 * type holds without overflow), and a constant of it.
 */
function wide(w: 32 | 64): { ty: 'i64' | 'i128'; c: (n: number | bigint) => Value } {
  const ty = w === 32 ? 'i64' : 'i128';
  return { ty, c: (n) => iconst(ty, BigInt(n)) };
}

/**
 * Most iterations the fast copy of a 64-bit loop runs (its i64 counter, and `i · step` for
 * every group, stay far from overflow). An i32 loop runs at most 2^32 + 1.
 */
const MAX_TRIPS64 = 2n ** 62n;

const and1 = (t: FuncEnv, a: Value | undefined, b: Value): Value => (a === undefined ? b : t.f.and(a, b));

/**
 * The trip count n (i64, ≥ 1) of a loop that continues while `x op y`, x and y evaluated at
 * the current point, and `ok`: that x reaches the bound without wrapping. x and y of width w
 * are extended to twice w (wide()), where every step below is exact; a 64-bit loop also needs
 * n ≤ MAX_TRIPS64 (n is computed in i128, then truncated to the i64 counter).
 */
function tripCount(t: FuncEnv, exit: Exit): { ok: Value; n: Value } {
  const f = t.f;
  const { op, x, y, step } = exit;
  const w = x.w;
  const { ty, c } = wide(w);
  const s = Math.abs(step);
  const shift = c(Math.log2(s));
  const x0 = atEntry(t, x);
  const counted = (r: { ok: Value; n: Value }): { ok: Value; n: Value } =>
    w === 32 ? r : { ok: f.and(r.ok, f.icmp('ule', r.n, c(MAX_TRIPS64))), n: f.trunc(r.n, 'i64') };
  if (op === 'ne') {
    // x_i = x0 + i·step ≡ 0 first at i = d / s, where d = -x0 (counting up) or x0 (down) mod 2^w.
    const d = f.zext(step > 0 ? f.sub(w === 32 ? i32(0) : i64(0), x0) : x0, ty);
    return counted({ ok: f.icmp('eq', f.and(d, c(s - 1)), c(0)), n: f.add(f.lshr(d, shift), c(1), 'nuw nsw') });
  }
  const signed = op.endsWith('_s');
  const ext = (v: Value): Value => (signed ? f.sext(v, ty) : f.zext(v, ty));
  const X = ext(x0);
  const Y = ext(atEntry(t, y));
  const top = signed ? 2n ** BigInt(w - 1) : 2n ** BigInt(w);
  const bottom = signed ? -(2n ** BigInt(w - 1)) : 0n;
  let ok: Value;
  let gap: Value;
  let done: Value;
  if (op.startsWith('lt')) {
    // x never wraps on its way up to y: y + s ≤ top.
    ok = f.icmp('sle', Y, c(top - BigInt(s)));
    done = f.icmp('sge', X, Y);
    gap = f.sub(Y, X);
  } else {
    ok = f.icmp('sge', Y, c(bottom + BigInt(s)));
    done = f.icmp('sle', X, Y);
    gap = f.sub(X, Y);
  }
  // The first i with x_i past y is ceil(gap / s); the loop runs that iteration too.
  const count = f.add(f.lshr(f.add(gap, c(s - 1)), shift), c(1));
  return counted({ ok, n: f.select(done, c(1), count) });
}

/**
 * At the loop entry (the current block): the trip counts and the checks, then the branch to the
 * fast or the slow copy. Returns the fast copy's state; the caller is left in the fast block,
 * and translates the slow copy at `slow`. For a nest the checks cover both loops: the inner
 * loop's trip count is the same on every outer iteration (analyseNest), so each group's
 * addresses range over a box, and their extremes are at its corners.
 */
export function emitVersionChecks(t: FuncEnv, plan: LoopPlan): { fast: FastLoop; slow: string } {
  const f = t.f;
  const cx = t.cx;
  let ok: Value | undefined;
  const ns = plan.levels.map((l) => {
    const c = tripCount(t, l.exit);
    ok = and1(t, ok, c.ok);
    return c.n;
  });

  // Per group: the byte range [lo, hi) of all its accesses over every iteration. A 32-bit
  // memory's ranges are computed in i64, a 64-bit memory's in i128 (wide()): exact either way,
  // since each term is below 2^w times a factor under 2^21 (MAX_STEP).
  const { ty, c } = wide(plan.addrWidth);
  const widen = (v: Value): Value => (ty === 'i64' ? v : f.zext(v, ty));
  const size = widen(memorySize(t, 0));
  const lasts = ns.map((n) => widen(f.sub(n, i64(1), 'nuw nsw')));
  const bases: Value[] = [];
  const ranges: Array<{ lo: Value; hi: Value }> = [];
  for (const g of plan.groups) {
    const base = f.zext(atEntry(t, affine(g.terms, 0, plan.addrWidth)), ty);
    // The group's lowest address at iteration 0 is the fast copy's base (fastAccess), an i64:
    // the checks below prove it in [0, size].
    const low0 = f.add(base, c(g.kMin), 'nsw');
    bases.push(ty === 'i64' ? low0 : f.trunc(low0, 'i64'));
    let lo = low0;
    let hi = f.add(base, c(g.endMax), 'nsw');
    g.steps.forEach((step, l) => {
      if (step === 0) return;
      const span = f.mul(lasts[l]!, c(step), 'nsw');
      if (step < 0) lo = f.add(lo, span, 'nsw');
      else hi = f.add(hi, span, 'nsw');
    });
    // No address wraps (lo ≥ 0, and hi ≤ size < 2^w), and every access is in bounds.
    ok = and1(t, ok, f.and(f.icmp('sge', lo, c(0)), f.icmp('sle', hi, size)));
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
  const memBase = memoryBase(t, 0);
  const levels = plan.levels.map((l, i): FastLevel => {
    // A body Wasm's producer already unrolled (several stores to one group per iteration) is
    // left to SLP, which packs the copies into vectors as they are; the loop vectoriser would
    // treat them as an interleave group and shuffle (docs/benchmarks.md).
    const hints = [mb.md('!{!"llvm.loop.mustprogress"}')];
    if (l.unrolled) hints.push(mb.md('!{!"llvm.loop.vectorize.enable", i1 false}'));
    if (l.unrollFully) hints.push(mb.md('!{!"llvm.loop.unroll.full"}'));
    return { counter: f.alloca('i64', 'i'), n: ns[i]!, loopMd: mb.mdDistinct(hints.join(', ')) };
  });
  f.store(i64(0), levels[0]!.counter);
  return { fast: { plan, levels, bases, memBase, md }, slow };
}

/** In the fast copy, before the inner loop of a nest: its counter starts at 0. */
export function fastEnter(t: FuncEnv, fl: FastLoop, level: number): void {
  t.f.store(i64(0), fl.levels[level]!.counter);
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
export function fastSpecial(t: FuncEnv, fl: FastLoop, ins: Instr, isLoopEnd: boolean): boolean {
  const f = t.f;
  switch (ins.op.name) {
    case 'if':
      fl.pred = f.icmp('ne', t.s.pop().v, i32(0));
      return true;
    case 'end':
      if (isLoopEnd) return false;
      fl.pred = undefined;
      return true;
    case 'local.set':
    case 'local.tee': {
      if (fl.pred === undefined) return false;
      const l = ins.idx!;
      const o = t.s.pop();
      const old = t.localValues.get(l) ?? f.load(o.v.ty, t.locals[l]!);
      t.s.push(f.select(fl.pred, o.v, old), o.tainted);
      return false; // and now the set itself, as usual
    }
  }
  return false;
}

/**
 * In the fast copy: the pointer and metadata for load or store `ins`, or undefined when `ins`
 * is not one of the plan's accesses. The group's varying part and the access's constant are
 * separate GEPs, so the accesses of a group share one pointer and differ by constants that
 * alias analysis and SLP read off directly, whatever LICM hoists (with one sum, `(B + 8) + j·16`
 * and `B + j·16` would be unrelated values to them).
 *
 *   %o  = mul nsw i64 %i, <step>                  ; per level the group steps in
 *   %ea = add nsw i64 %B, %o                      ; B = G + kMin
 *   %q  = getelementptr inbounds i8, ptr %base, i64 %ea
 *   %p  = getelementptr inbounds i8, ptr %q, i64 <k + offset - kMin>   ; ≥ 0
 *
 * Every pointer formed is defined (LLVM's `inbounds` makes one outside the memory object
 * poison): every partial sum B + Σ i_l·step_l, with 0 ≤ i_l < n_l, is the group's lowest
 * address at some point of the box of iterations, which the checks proved in [0, size]
 * (emitVersionChecks), so %q is in [base, base + size]; the constant is never negative, and
 * %p is the access's own address, proved in bounds. (Adding G first and the constant k after would form `base + G + i·step`,
 * which lies below the base when k > 0 and the group runs downwards, or G = 0.)
 */
function fastAccess(t: FuncEnv, fl: FastLoop, ins: Instr): { ptr: Value; md: string; pred?: Value } | undefined {
  const a = fl.plan.accesses.get(ins);
  if (a === undefined) return undefined;
  const f = t.f;
  const g = fl.plan.groups[a.group]!;
  let ea = fl.bases[a.group]!;
  g.steps.forEach((step, l) => {
    if (step !== 0) ea = f.add(ea, f.mul(fl.levels[l]!.iter!, i64(step), 'nsw'), 'nsw');
  });
  const q = f.gep('i8', fl.memBase, [ea], true);
  const c = a.k + a.offset - g.kMin;
  const ptr = c === 0 ? q : f.gep('i8', q, [i64(c)], true);
  return fl.pred === undefined ? { ptr, md: fl.md[a.group]! } : { ptr, md: fl.md[a.group]!, pred: fl.pred };
}

/**
 * The fast copy's latch, in place of `br_if 0`: the Wasm condition is dropped (the checks
 * proved it holds for exactly n iterations) and the counter decides.
 *
 *   %i1 = add nuw nsw i64 %i, 1
 *   %c  = icmp ult i64 %i1, %n
 *   br i1 %c, label %loopN, label %contM, !llvm.loop !L
 */
export function fastLatch(t: FuncEnv, fast: FastLoop, level: number): void {
  const fl = fast.levels[level]!;
  const f = t.f;
  t.s.pop();
  const next = f.add(fl.iter!, i64(1), 'nuw nsw');
  f.store(next, fl.counter);
  const frame = t.s.frameAt(0);
  frame.branched = true;
  const cont = f.newBlock('cont');
  f.condBr(f.icmp('ult', next, fl.n), t.s.labelOf(frame), cont, `!llvm.loop ${fl.loopMd}`);
  f.setBlock(cont);
}

/** The fast copy's accesses, as memory.ts asks for them while the copy is translated (FuncEnv.proven). */
export function provenAccesses(t: FuncEnv, fl: FastLoop, loop: Instr): ProvenAccesses {
  return { loop, address: (ins) => fastAccess(t, fl, ins) };
}
