/**
 * A mirror of the loop-versioning analysis (src/translate/versioning.ts's analyse()) on the
 * loop fuzzer's AST, and emitVersionChecks replayed on concrete values (predict). The fuzzer
 * uses the mirror to say which loops it expects versioned (and to follow its verdict where
 * the intent depends on all the random choices), and predict to count how many executions of
 * versioned loops should take the fast path and why the others take the slow one.
 */
import { widthOf, type Aff, type Expr, type LoopStmt, type MGroup, type Model, type Stmt, type VT } from './ast.js';

/** The symbolic value of an i32 expression: affine, a comparison of two values, or unknown. */
type SymV = { t: 'aff'; a: Aff } | { t: 'cmp'; op: string; x: SymV; y: SymV } | null;

const aff = (terms: Map<string, number>, k: number): SymV => ({ t: 'aff', a: { terms, k: k | 0 } });
const asAff = (s: SymV): Aff | null => (s !== null && s.t === 'aff' ? s.a : null);
const constOfAff = (a: Aff | null): number | undefined => (a !== null && a.terms.size === 0 ? a.k : undefined);

function addAff(a: Aff, b: Aff, sign: 1 | -1): Aff {
  const terms = new Map(a.terms);
  for (const [l, c] of b.terms) {
    const v = ((terms.get(l) ?? 0) + sign * c) | 0;
    if (v === 0) terms.delete(l);
    else terms.set(l, v);
  }
  return { terms, k: (a.k + sign * b.k) | 0 };
}

function scaleAff(a: Aff, c: number): Aff {
  const terms = new Map<string, number>();
  for (const [l, x] of a.terms) {
    const v = Math.imul(x, c);
    if (v !== 0) terms.set(l, v);
  }
  return { terms, k: Math.imul(a.k, c) };
}

/** The comparisons the analysis accepts as a loop's exit. */
const EXIT_OPS = new Set(['i32.ne', 'i32.lt_u', 'i32.lt_s', 'i32.gt_u', 'i32.gt_s']);
/** Operators that may trap: the analysis refuses a body with one. */
const TRAPPING = /^i(32|64)\.(div_[su]|rem_[su]|trunc_f(32|64)_[su])$/;
/** The largest step (bytes per iteration) of an address or of the exit's variable. */
const MAX_STEP = 1 << 20;

/** The state of one symbolic pass over a loop's body. */
interface MCtx {
  /** The function's locals and their types. */
  types: ReadonlyMap<string, VT>;
  /** Locals that are not induction variables (unknown inside the body). */
  varying: Set<string>;
  /** The value each local set so far in this pass holds. */
  sets: Map<string, SymV>;
  /** Every load and store of the body, in order. */
  accesses: Array<{ op: string; addr: Aff; offset: number; store: boolean }>;
  /** Inside an `if` arm: the locals the arm sets. */
  arm?: Set<string>;
  /** The first reason to refuse the loop. */
  refuse?: string;
}

function symExpr(e: Expr, c: MCtx): SymV {
  const refuse = (why: string): null => {
    c.refuse ??= why;
    return null;
  };
  switch (e.k) {
    case 'i32':
      return aff(new Map(), e.v);
    case 'probe':
      return symExpr(e.e, c);
    case 'const':
    case 'gget':
    case 'zero':
      return null;
    case 'get':
      if (c.sets.has(e.l)) return c.sets.get(e.l)!;
      if (c.varying.has(e.l) || c.types.get(e.l) !== 'i32') return null;
      return aff(new Map([[e.l, 1]]), 0);
    case 'tee': {
      const v = symExpr(e.e, c);
      const v2 = c.types.get(e.l) === 'i32' ? v : null;
      c.arm?.add(e.l);
      c.sets.set(e.l, v2);
      return v2;
    }
    case 'call':
      for (const a of e.args) symExpr(a, c);
      return refuse('call');
    case 'load': {
      const a = asAff(symExpr(e.addr, c));
      if (a === null) return refuse('address not affine');
      c.accesses.push({ op: e.op, addr: a, offset: e.offset, store: false });
      return null;
    }
    case 'op': {
      if (/^memory\.|^v128|x\d+\./.test(e.op)) {
        for (const a of e.args) symExpr(a, c);
        return refuse(`${e.op} in the body`);
      }
      if (TRAPPING.test(e.op)) {
        for (const a of e.args) symExpr(a, c);
        return refuse(`${e.op} traps`);
      }
      const vs = e.args.map((a) => symExpr(a, c));
      if (vs.length !== 2) return null;
      const A = asAff(vs[0]!);
      const B = asAff(vs[1]!);
      if (e.op === 'i32.add' && A && B) return { t: 'aff', a: addAff(A, B, 1) };
      if (e.op === 'i32.sub' && A && B) return { t: 'aff', a: addAff(A, B, -1) };
      if (e.op === 'i32.mul' && A && constOfAff(B) !== undefined) return { t: 'aff', a: scaleAff(A, constOfAff(B)!) };
      if (e.op === 'i32.mul' && B && constOfAff(A) !== undefined) return { t: 'aff', a: scaleAff(B, constOfAff(A)!) };
      if (e.op === 'i32.shl' && A && constOfAff(B) !== undefined) return { t: 'aff', a: scaleAff(A, 2 ** (constOfAff(B)! & 31) | 0) };
      if (EXIT_OPS.has(e.op)) return { t: 'cmp', op: e.op.slice(4), x: vs[0]!, y: vs[1]! };
      return null;
    }
  }
}

function symStmts(ss: readonly Stmt[], c: MCtx): void {
  for (const s of ss) {
    switch (s.k) {
      case 'set': {
        const v = symExpr(s.e, c);
        c.arm?.add(s.l);
        c.sets.set(s.l, c.types.get(s.l) === 'i32' ? v : null);
        break;
      }
      case 'store': {
        const a = asAff(symExpr(s.addr, c));
        symExpr(s.value, c);
        if (/^v128/.test(s.op)) c.refuse ??= 'SIMD';
        else if (a === null) c.refuse ??= 'address not affine';
        else c.accesses.push({ op: s.op, addr: a, offset: s.offset, store: true });
        break;
      }
      case 'if':
        if (c.arm !== undefined) c.refuse ??= 'nested control';
        if (s.else !== undefined) c.refuse ??= 'nested control (else)';
        {
          symExpr(s.cond, c);
          const outer = c.arm;
          const arm = new Set<string>();
          c.arm = arm;
          symStmts(s.then, c);
          for (const l of arm) {
            c.sets.set(l, null);
            outer?.add(l);
          }
          c.arm = outer;
        }
        break;
      case 'drop':
      case 'exec':
        symExpr(s.e, c);
        break;
      case 'gset':
        if (c.arm !== undefined) c.refuse ??= 'global.set in a conditional arm';
        symExpr(s.e, c);
        break;
      case 'nop':
        break;
      default:
        c.refuse ??= `${s.k} in the body`;
    }
  }
}

/** The mirror of versioning.ts's analyse() on a loop of the AST. */
export function modelLoop(l: LoopStmt, types: ReadonlyMap<string, VT>): Model | string {
  if (l.result) return 'the loop has a block type';
  let varying = new Set<string>();
  let c: MCtx;
  let cond: SymV;
  let steps = new Map<string, number>();
  for (let round = 0; ; round++) {
    c = { types, varying, sets: new Map(), accesses: [] };
    symStmts(l.body, c);
    cond = symExpr(l.cond, c);
    if (c.refuse !== undefined) return c.refuse;
    steps = new Map();
    const next = new Set<string>();
    for (const [x, v] of c.sets) {
      const a = asAff(v);
      if (a !== null && a.terms.size === 1 && a.terms.get(x) === 1 && a.k !== 0) steps.set(x, a.k);
      else next.add(x);
    }
    if (next.size === varying.size) break;
    if (round >= 4) return 'induction variables do not settle';
    varying = next;
  }
  if (c.accesses.length === 0) return 'no memory access';
  if (c.accesses.length > 32) return 'too many accesses';
  if (!c.accesses.some((a) => a.store)) return 'no store';
  const stepOf = (a: Aff): number => {
    let d = 0;
    for (const [x, k] of a.terms) d = (d + Math.imul(k, steps.get(x) ?? 0)) | 0;
    return d;
  };
  const groups: MGroup[] = [];
  const keys = new Map<string, MGroup>();
  const groupOf: MGroup[] = [];
  for (const a of c.accesses) {
    const key = [...a.addr.terms].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([x, k]) => `${x}:${k}`).join(',');
    let g = keys.get(key);
    const end = a.addr.k + a.offset + widthOf(a.op);
    if (g === undefined) {
      const step = stepOf(a.addr);
      if (Math.abs(step) > MAX_STEP) return 'an address steps too far per iteration';
      g = { terms: a.addr.terms, step, store: a.store, kMin: a.addr.k, endMax: end };
      keys.set(key, g);
      groups.push(g);
    }
    g.store ||= a.store;
    g.kMin = Math.min(g.kMin, a.addr.k);
    g.endMax = Math.max(g.endMax, end);
    groupOf.push(g);
  }
  if (groups.length > 8) return 'too many groups';
  // Within a group: one width, the same phase (k + offset mod width), a step that is a
  // multiple of the width (accesses at the same address or not overlapping at all).
  const phase = new Map<MGroup, { w: number; mod: number }>();
  for (const [i, a] of c.accesses.entries()) {
    const g = groupOf[i]!;
    const w = widthOf(a.op);
    const mod = (((a.addr.k + a.offset) % w) + w) % w;
    const seen = phase.get(g);
    if (seen === undefined) phase.set(g, { w, mod });
    else if (seen.w !== w || seen.mod !== mod) return 'accesses of a group overlap partially';
    if (g.step % w !== 0) return 'a step is not a multiple of the access width';
  }
  let op: string;
  let x: Aff;
  let y: Aff;
  const zero: Aff = { terms: new Map(), k: 0 };
  if (cond !== null && cond.t === 'cmp') {
    const a = asAff(cond.x);
    const b = asAff(cond.y);
    if (a === null || b === null) return 'the exit condition is not affine';
    op = cond.op;
    if (op === 'ne') [x, y] = [addAff(a, b, -1), zero];
    else if (stepOf(b) === 0) [x, y] = [a, b];
    else if (stepOf(a) === 0) {
      [x, y] = [b, a];
      op = ({ lt_u: 'gt_u', lt_s: 'gt_s', gt_u: 'lt_u', gt_s: 'lt_s' } as Record<string, string>)[op]!;
    } else return 'both sides of the exit comparison vary';
  } else {
    const a = asAff(cond);
    if (a === null) return 'the exit condition is not affine';
    [op, x, y] = ['ne', a, zero];
  }
  const step = stepOf(x);
  const s = Math.abs(step);
  if (!(s > 0 && (s & (s - 1)) === 0) || s > MAX_STEP) return `exit step ${step} is not a power of two`;
  if (op.startsWith('lt') && step < 0) return 'counting down to an upper bound';
  if (op.startsWith('gt') && step > 0) return 'counting up to a lower bound';
  return { groups, exit: { op, x, y, step } };
}

/**
 * emitVersionChecks replayed on concrete values at a loop entry: the fast path is taken iff
 * the result has fast; n is then the trip count the fast copy runs. undefined: some input is
 * unknown to the interpreter.
 */
export function predict(m: Model, env: ReadonlyMap<string, number | undefined>, size: number): { fast: boolean; n: number; why: string[] } | undefined {
  const at = (a: Aff): number | undefined => {
    let v = a.k;
    for (const [l, c] of a.terms) {
      const x = env.get(l);
      if (x === undefined) return undefined;
      v = (v + Math.imul(c, x)) | 0;
    }
    return v >>> 0;
  };
  const { op, step } = m.exit;
  const s = Math.abs(step);
  const x0 = at(m.exit.x);
  const y0 = at(m.exit.y);
  if (x0 === undefined || y0 === undefined) return undefined;
  const why: string[] = [];
  let n: number;
  if (op === 'ne') {
    const d = step > 0 ? (-x0 >>> 0) : x0;
    if (d % s !== 0) why.push('trip count: ne never reached');
    n = Math.floor(d / s) + 1;
  } else {
    const signed = op.endsWith('_s');
    const X = signed ? x0 | 0 : x0;
    const Y = signed ? y0 | 0 : y0;
    const top = signed ? 2 ** 31 : 2 ** 32;
    const bottom = signed ? -(2 ** 31) : 0;
    let done: boolean;
    let gap: number;
    if (op.startsWith('lt')) {
      if (!(Y <= top - s)) why.push('trip count: bound too close to the top');
      done = X >= Y;
      gap = Y - X;
    } else {
      if (!(Y >= bottom + s)) why.push('trip count: bound too close to the bottom');
      done = X <= Y;
      gap = X - Y;
    }
    n = done ? 1 : Math.floor((gap + s - 1) / s) + 1;
  }
  const ranges: Array<{ lo: number; hi: number }> = [];
  let bounds = true;
  for (const g of m.groups) {
    const base = at({ terms: g.terms, k: 0 });
    if (base === undefined) return undefined;
    const span = g.step === 0 ? 0 : (n - 1) * g.step;
    let lo = base + g.kMin;
    let hi = base + g.endMax;
    if (g.step < 0) lo += span;
    if (g.step > 0) hi += span;
    if (!(lo >= 0 && hi <= size)) bounds = false;
    ranges.push({ lo, hi });
  }
  if (!bounds) why.push('bounds/wrap');
  let disjoint = true;
  for (let a = 0; a < m.groups.length; a++) {
    for (let b = a + 1; b < m.groups.length; b++) {
      if (!m.groups[a]!.store && !m.groups[b]!.store) continue;
      const A = ranges[a]!;
      const B = ranges[b]!;
      if (!(A.hi <= B.lo || B.hi <= A.lo)) disjoint = false;
    }
  }
  if (!disjoint) why.push('overlap');
  return { fast: why.length === 0, n, why };
}
