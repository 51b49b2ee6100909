/**
 * The exit of a generated loop (gen-nest.ts builds the rest): `x op y` with op ne, lt_u, lt_s,
 * gt_u, gt_s (operands swapped sometimes), or a plain value (`local.tee $c (c - s)` countdown,
 * `n - p`), where x is the counter, a pointer, the counter shifted, offset or negated, a copy
 * taken at the top of the body, or the difference of two counters; y a constant, an invariant
 * local or local + constant; and the exit near misses (le/ge/eqz/xor/select exits, a
 * non-power-of-two step, a comparison against the step's direction, both sides varying).
 * fixExit then sets the adjustable constant from a dry run for the target trip count, reachable
 * exactly or not, or at the edges: a bound within one step of where x wraps.
 */
import { get, i32c, isPow2, op, set, u32, type Const32, type Expr, type LoopStmt, type Probe, type Stmt } from './ast.js';
import { evalExpr, execStmts, newSim, TooLong, Trap } from './interp.js';
import { POINTER_NEAR_MISSES, type Arr, type BodyCtx, type FuncGen, type NearMiss } from './gen-values.js';

/** A loop's exit as planExit builds it, and what fixExit needs to set its bound. */
export interface ExitPlan {
  /** The latch's condition. */
  cond: Expr;
  /** Records x's values in the dry run. */
  probe: Probe;
  /** The adjustable constant: the bound (cmp) or a start (plain). */
  A: Const32;
  /** cmp: x op y; plain: the value itself is the condition (ne 0). */
  kind: 'cmp' | 'plain';
  op?: string;
  /** plain: x = x(A = 0) + sign · A. */
  sign?: 1 | -1;
  /** plain: adjust the counter's start instead of A. */
  adjustC?: boolean;
  /** The bound is y = local + yk. */
  yk?: number;
  /** The invariant local in the bound, and its change per outer iteration. */
  boundLocal?: { l: string; odelta: number };
  /** cmp: the pointer array the exit compares (else the counter). */
  varArr?: Arr;
  /** cmp: move the compared variable's start by delta (for the edge bounds). */
  shift?: (delta: number) => void;
  /** The exit turned out to be a near miss of this kind. */
  near?: NearMiss;
  /** The probe is not part of the condition: the dry run evaluates it after the condition. */
  detached?: boolean;
  /** A second counter (its start is A). */
  second?: { l: string; node: Const32 };
  /** The counter still needs its update statement. */
  updateC: boolean;
  /** cmp: x's step per iteration. */
  step?: number;
  /** The exit's description, for the loop's comment. */
  what: string;
}

/** The exit of loop L: its condition, and the statements it needs put in the body by `insert`. */
export function planExit(g: FuncGen, L: number, near: NearMiss | undefined, ctx: BodyCtx, sc: number, ptrs: Arr[], insert: (s: Stmt, anywhere?: boolean) => void): ExitPlan {
  const r = g.r;
  const c = ctx.c;
  const A = i32c(0);
  const probe = (e: Expr): Probe => ({ k: 'probe', e, vals: [] });
  // Which variable: the counter, a pointer (p ≠ end and friends), or two counters.
  const movers = ptrs.filter((a) => !(a === ptrs[0] && near !== undefined && POINTER_NEAR_MISSES.has(near)));
  const exitNear = near === 'exitStep' || near === 'dirMismatch' || near === 'leExit' || near === 'eqzExit' || near === 'xorExit' || near === 'selectExit';
  const v = near === 'bothVary' ? 2 : r.weighted([70, movers.length > 0 && near !== 'exitStep' ? 20 : 0, exitNear ? 0 : 10]);
  if (v === 2) {
    // Two counters: x = c - d, ne; or both varying in lt_u (near miss).
    const d = g.local(`$d${L}`);
    const sd = near === 'bothVary' ? -Math.abs(sc) : r.pick([-sc, sc * 3, -1, 1, 2 * sc]);
    g.update(d, sd, insert);
    const x = probe(op('i32.sub', get(c), get(d)));
    if (near === 'bothVary') {
      const cond = sc > 0 ? op('i32.lt_u', get(c), get(d)) : op('i32.gt_u', get(c), get(d));
      return { cond, probe: probe(op('i32.sub', get(d), get(c))), detached: true, A, kind: 'plain', sign: 1, second: { l: d, node: A }, updateC: true, what: `c ${sc > 0 ? '<u' : '>u'} d (d step ${sd}, both vary)`, op: 'both' };
    }
    const cond = r.chance(0.5) ? op('i32.ne', get(c), get(d)) : op('i32.ne', get(d), get(c));
    const S = Math.abs(sc - sd);
    return { ...(isPow2(S) ? {} : { near: 'exitStep' as const }), cond, probe: x, detached: true, A, kind: 'plain', sign: -1, second: { l: d, node: A }, updateC: true, what: `c != d (d step ${sd})`, op: 'ne' };
  }
  // x: the variable in one of several forms; S its step.
  let updateC = true;
  let exitNearMiss: NearMiss | undefined;
  let varArr: Arr | undefined;
  let xe: Expr;
  let form: string;
  let step: number;
  if (v === 1) {
    const a = r.pick(movers);
    xe = get(a.local!);
    form = `p step ${a.pstep}`;
    step = a.pstep;
    if (!isPow2(Math.abs(step))) exitNearMiss = 'exitStep';
    varArr = a;
  } else {
    step = sc;
    switch (r.weighted([30, 25, 10, 15, 10, 10])) {
      case 0:
        xe = get(c);
        form = 'c';
        break;
      case 1:
        xe = { k: 'tee', l: c, e: r.chance(0.8) ? op('i32.add', get(c), i32c(sc)) : op('i32.sub', get(c), i32c(-sc)) };
        updateC = false;
        form = 'tee c';
        break;
      case 2: {
        const t = g.local(`$x${L}`);
        insert(set(t, get(c)), true);
        xe = get(t);
        form = 'copy of c';
        break;
      }
      case 3: {
        const sh = r.range(1, 3);
        xe = r.chance(0.5) ? op('i32.shl', get(c), i32c(sh)) : op('i32.mul', get(c), i32c(1 << sh));
        step = sc << sh;
        form = `c << ${sh}`;
        break;
      }
      case 4: {
        const k = r.pick([1, -1, 100, 0x7fffffff, 0x80000000]);
        xe = op('i32.add', get(c), i32c(k));
        form = `c + ${k}`;
        break;
      }
      default:
        xe = op('i32.sub', i32c(r.pick([0, 10, -1])), get(c));
        step = -sc;
        form = 'k - c';
    }
  }
  if (near === 'exitStep' && v === 0 && isPow2(Math.abs(step))) {
    xe = op('i32.mul', get(c), i32c(3));
    step = sc * 3;
    form = 'c * 3';
  }
  const x = probe(xe);
  // Plain countdown: br_if (local.tee $c (c - s)): the start is adjusted, not a bound.
  if (v === 0 && near === undefined && r.chance(0.12)) {
    const cond = probe({ k: 'tee', l: c, e: r.chance(0.5) ? op('i32.add', get(c), i32c(sc)) : op('i32.sub', get(c), i32c(-sc)) });
    return { cond, probe: cond, A, kind: 'plain', sign: 1, adjustC: true, updateC: false, what: `plain tee c (step ${sc})`, op: 'ne' };
  }
  // The bound: a constant, an invariant local, or local + constant.
  const yForm = r.weighted([35, 45, 20]);
  let y: Expr = A;
  let boundLocal: ExitPlan['boundLocal'];
  let yk = 0;
  if (yForm >= 1) {
    const n = g.local(`$n${L}`);
    boundLocal = { l: n, odelta: r.chance(0.3) ? r.pick([step, -step, 1, 2 * step]) : 0 };
    y = get(n);
    if (yForm === 2) {
      yk = r.pick([1, -1, 4, 64]);
      y = op('i32.add', y, i32c(yk));
    }
  }
  // The comparison.
  let opName: string;
  if (near === 'dirMismatch') opName = step > 0 ? r.pick(['gt_u', 'gt_s']) : r.pick(['lt_u', 'lt_s']);
  else if (near === 'leExit') opName = step > 0 ? r.pick(['le_u', 'le_s']) : r.pick(['ge_u', 'ge_s']);
  else if (near === 'eqzExit' || near === 'xorExit' || near === 'selectExit') opName = 'ne';
  else opName = step > 0 ? r.pick(['ne', 'ne', 'lt_u', 'lt_s', 'plain']) : r.pick(['ne', 'ne', 'gt_u', 'gt_s', 'plain']);
  const swap: Record<string, string> = { lt_u: 'gt_u', lt_s: 'gt_s', gt_u: 'lt_u', gt_s: 'lt_s', ne: 'ne', le_u: 'ge_u', ge_u: 'le_u', le_s: 'ge_s', ge_s: 'le_s' };
  let cond: Expr;
  let what: string;
  if (opName === 'plain') {
    // x - y (ne 0), or y - x.
    const xy = r.chance(0.5);
    cond = xy ? op('i32.sub', x, y) : op('i32.sub', y, x);
    what = `plain ${xy ? `${form} - n` : `n - ${form}`}`;
    opName = 'ne';
  } else if (near === 'eqzExit') {
    cond = op('i32.eqz', op('i32.eq', x, y));
    what = `eqz (${form} == n)`;
  } else if (near === 'xorExit') {
    cond = op('i32.xor', x, y);
    what = `${form} xor n`;
  } else if (near === 'selectExit') {
    cond = op('select', i32c(1), i32c(0), op('i32.ne', x, y));
    what = `select on ${form} != n`;
  } else if (r.chance(0.3)) {
    cond = op(`i32.${swap[opName]!}`, y, x);
    what = `n ${swap[opName]} ${form}`;
  } else {
    cond = op(`i32.${opName}`, x, y);
    what = `${form} ${opName} n`;
  }
  return { ...(exitNearMiss ? { near: exitNearMiss } : {}), ...(varArr ? { varArr } : {}), cond, probe: x, A, kind: 'cmp', op: opName, yk, boundLocal, updateC, what, step };
}

/**
 * Dry-run the loop twice with the adjustable constant as it is, then fix it for about T
 * iterations: for `cmp` the bound from x's first value and step; for `plain` the start.
 * Returns false when x is unknown (the nest is dropped).
 */
export function fixExit(g: FuncGen, exit: ExitPlan, loop: LoopStmt, prologue: ReadonlyArray<{ l: string; node: Const32 }>, T: number, c0: Const32): boolean {
  const r = g.r;
  /** x at the first two iterations' conditions, with the prologue's current constants. */
  const dry = (): [number, number] | undefined => {
    const sim = newSim(g.locals, 1, 1, 10, true);
    for (const p of prologue) sim.env.set(p.l, u32(p.node.v));
    const xs: Array<number | undefined> = [];
    try {
      for (let i = 0; i < 2; i++) {
        exit.probe.vals.length = 0;
        execStmts(loop.body, sim);
        evalExpr(loop.cond, sim);
        if (exit.detached) evalExpr(exit.probe, sim);
        xs.push(exit.probe.vals.length === 1 ? exit.probe.vals[0] : undefined);
      }
    } catch (e) {
      if (e instanceof TooLong || e instanceof Trap) return undefined;
      throw e;
    } finally {
      exit.probe.vals.length = 0;
    }
    const [a, b] = xs;
    return a === undefined || b === undefined ? undefined : [a, b];
  };
  const d = dry();
  if (d === undefined) return false;
  const [x0, x1] = d;
  const S = (x1 - x0) | 0;
  if (S === 0) return false;
  const s = Math.abs(S);
  const inexact = s > 1 && r.chance(0.1) ? r.range(1, s - 1) : 0;
  if (exit.kind === 'plain') {
    // x_i = x0 + i·S (+ sign · ΔA); want x_{T-1} = 0.
    const target = -(x0 + (T - 1) * S);
    const delta = (exit.sign === 1 ? target : -target) + inexact;
    if (exit.adjustC) c0.v = (c0.v + delta) | 0;
    else exit.A.v = (exit.A.v + delta) | 0;
    return true;
  }
  const op = exit.op ?? 'ne';
  // Edge: a bound within one step of where x wraps (2^32 for _u, 2^31 for _s, counting up;
  // 0 or -2^31 counting down), x starting a few steps before it. The checks must refuse
  // the bound unless it leaves a whole step of room; the Wasm loop may then wrap and run on.
  if (exit.shift !== undefined && /^(lt|gt)_/.test(op) && r.chance(s > 1 ? 0.5 : 0.1)) {
    exit.shift(1);
    const d1 = dry();
    exit.shift(-1);
    const coef = d1 === undefined ? 0 : (d1[0] - x0) | 0;
    if (coef === 1 || coef === -1) {
      const signed = op.endsWith('_s');
      const m = r.range(0, Math.min(T - 1, 40));
      // Room to the wrap point: a whole step (the checks accept) or less (they refuse).
      const room = s > 1 && r.chance(0.75) ? r.range(1, s - 1) : s;
      // x's phase: 0 lands on the bound; 1 … s - room steps over it and wraps (the Wasm loop
      // then runs on until an address goes out of bounds).
      const q = r.chance(0.25) || room === s ? 0 : r.range(1, s - room);
      let Y: number;
      let target: number;
      if (op.startsWith('lt')) {
        Y = (signed ? 2 ** 31 : 2 ** 32) - room;
        target = Y - m * s - q;
      } else {
        Y = (signed ? -(2 ** 31) : 0) + room - 1;
        target = Y + m * s + q;
      }
      exit.shift(Math.imul(coef, (target - x0) | 0));
      exit.A.v = (Y - (exit.yk ?? 0)) | 0;
      return true;
    }
  }
  let Y: number;
  const last = x0 + (T - 1) * S;
  if (op === 'ne') Y = last + inexact;
  else if (/^(lt|le)/.test(op)) Y = T === 1 ? x0 - r.range(0, 4) : last - r.range(0, s - 1);
  else if (/^(gt|ge)/.test(op)) Y = T === 1 ? x0 + r.range(0, 4) : last + r.range(0, s - 1);
  else Y = last;
  // Sometimes a bound the checks must refuse: close to 2^32 or 2^31, or 0 when counting down.
  if (r.chance(0.04)) Y = r.pick([0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 0, 1]);
  exit.A.v = (Y - (exit.yk ?? 0)) | 0;
  return true;
}
