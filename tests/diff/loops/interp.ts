/**
 * The loop fuzzer's interpreter of addresses and exits: it runs a generated function's AST on
 * i32 locals only (loads are unknown) to guarantee termination (a function that could run more
 * than its budget of iterations, or whose exit is unknown, is generated again), to know which
 * loops trap, and, at each entry of a loop the mirror (model.ts) versions, to replay the entry
 * checks on the concrete values: the counts of fast and slow entries in LoopMeta, and an
 * inconsistency when a fast prediction's trip count is not the interpreter's. Its dry run
 * (no access checks, probes recording) lets the generator fix an exit's bound.
 */
import { widthOf, type Expr, type LoopStmt, type Stmt, type VT } from './ast.js';
import { predict } from './model.js';

/** A certain trap (out of bounds, unreachable): the function stops there. */
export class Trap {
  constructor(readonly why: string) {}
}
/** The function cannot be bounded: it is generated again. */
export class TooLong {
  constructor(readonly why: string) {}
}
/** A taken br_if to `label`, unwinding to its block or loop. */
class Branch {
  constructor(readonly label: string) {}
}

export const PAGE = 65536;

export interface Sim {
  /** i32 locals (unsigned); undefined: unknown. */
  env: Map<string, number | undefined>;
  /** The function's locals and their types (only i32 ones are tracked). */
  types: ReadonlyMap<string, VT>;
  /** The memory's size and maximum, in pages. */
  pages: number;
  maxPages: number;
  /** Loop iterations run so far, and the budget. */
  steps: number;
  cap: number;
  /** Depth of `if` arms whose condition is unknown. */
  cond: number;
  /** Dry run: no access checks, no memory.grow, probes record. */
  dry: boolean;
  /** A conditional access may have trapped (since the flag was last cleared). */
  maybeTrap: boolean;
  /** Labels a br_if with an unknown condition may have branched to. */
  maybe: Set<string>;
}

/** A fresh interpreter state: every i32 local of `types` 0, as at a function's entry. */
export function newSim(types: ReadonlyMap<string, VT>, pages: number, maxPages: number, cap: number, dry: boolean): Sim {
  const sim: Sim = { env: new Map(), types, pages, maxPages, steps: 0, cap, cond: 0, dry, maybeTrap: false, maybe: new Set() };
  for (const [l, t] of types) if (t === 'i32') sim.env.set(l, 0);
  return sim;
}

function setLocal(s: Sim, l: string, v: number | undefined): void {
  if (s.types.get(l) === 'i32') s.env.set(l, v);
}

export function evalExpr(e: Expr, s: Sim): number | undefined {
  switch (e.k) {
    case 'i32':
      return e.v >>> 0;
    case 'probe': {
      const v = evalExpr(e.e, s);
      if (s.dry) e.vals.push(v);
      return v;
    }
    case 'const':
    case 'gget':
      return undefined;
    case 'zero':
      return 0;
    case 'get':
      return s.types.get(e.l) === 'i32' ? s.env.get(e.l) : undefined;
    case 'tee': {
      const v = evalExpr(e.e, s);
      setLocal(s, e.l, v);
      return s.types.get(e.l) === 'i32' ? v : undefined;
    }
    case 'call':
      // $mix is pure; $poke masks its address below 64 KiB (always in bounds).
      for (const a of e.args) evalExpr(a, s);
      return undefined;
    case 'load':
      access(s, evalExpr(e.addr, s), e.offset, widthOf(e.op));
      return undefined;
    case 'op':
      return applyOp(e.op, e.args.map((a) => evalExpr(a, s)), s);
  }
}

function applyOp(op: string, vs: Array<number | undefined>, s: Sim): number | undefined {
  const [a, b, c] = vs;
  switch (op) {
    case 'memory.size':
      return s.pages;
    case 'memory.grow': {
      if (a === undefined) throw new Error('memory.grow by an unknown delta');
      if (s.dry) return s.pages;
      const old = s.pages;
      if (old + a <= s.maxPages) {
        s.pages += a;
        return old;
      }
      return 0xffffffff;
    }
    case 'i32.and':
      if (a === 0 || b === 0) return 0;
      break;
    case 'select':
      if (c === undefined) return undefined;
      return c !== 0 ? a : b;
  }
  if (a === undefined || (vs.length > 1 && b === undefined)) return undefined;
  const x = a;
  const y = b ?? 0;
  const sx = x | 0;
  const sy = y | 0;
  const bool = (p: boolean): number => (p ? 1 : 0);
  switch (op) {
    case 'i32.add': return (x + y) >>> 0;
    case 'i32.sub': return (x - y) >>> 0;
    case 'i32.mul': return Math.imul(x, y) >>> 0;
    case 'i32.shl': return (x << (y & 31)) >>> 0;
    case 'i32.shr_u': return x >>> (y & 31);
    case 'i32.shr_s': return (sx >> (y & 31)) >>> 0;
    case 'i32.and': return (x & y) >>> 0;
    case 'i32.or': return (x | y) >>> 0;
    case 'i32.xor': return (x ^ y) >>> 0;
    case 'i32.eq': return bool(x === y);
    case 'i32.ne': return bool(x !== y);
    case 'i32.lt_u': return bool(x < y);
    case 'i32.lt_s': return bool(sx < sy);
    case 'i32.gt_u': return bool(x > y);
    case 'i32.gt_s': return bool(sx > sy);
    case 'i32.le_u': return bool(x <= y);
    case 'i32.le_s': return bool(sx <= sy);
    case 'i32.ge_u': return bool(x >= y);
    case 'i32.ge_s': return bool(sx >= sy);
    case 'i32.eqz': return bool(x === 0);
  }
  return undefined;
}

function access(s: Sim, a: number | undefined, offset: number, width: number): void {
  if (s.dry) return;
  if (a === undefined || a + (offset >>> 0) + width > s.pages * PAGE) {
    if (a === undefined || s.cond > 0) {
      s.maybeTrap = true;
      return;
    }
    throw new Trap(`out of bounds at ${a} + ${offset >>> 0}`);
  }
}

/** The i32 locals a statement list may set. */
function assigned(ss: readonly Stmt[], out = new Set<string>()): Set<string> {
  const inExpr = (e: Expr): void => {
    switch (e.k) {
      case 'tee':
        out.add(e.l);
        inExpr(e.e);
        return;
      case 'probe':
        inExpr(e.e);
        return;
      case 'op':
      case 'call':
        e.args.forEach(inExpr);
        return;
      case 'load':
        inExpr(e.addr);
        return;
      default:
        return;
    }
  };
  for (const s of ss) {
    switch (s.k) {
      case 'set': out.add(s.l); inExpr(s.e); break;
      case 'store': inExpr(s.addr); inExpr(s.value); break;
      case 'if': inExpr(s.cond); assigned(s.then, out); if (s.else) assigned(s.else, out); break;
      case 'drop': case 'exec': case 'gset': inExpr(s.e); break;
      case 'block': case 'carry': assigned(s.body, out); break;
      case 'brif': inExpr(s.cond); break;
      case 'loop': assigned(s.body, out); inExpr(s.cond); break;
      default: break;
    }
  }
  return out;
}

export function execStmts(ss: readonly Stmt[], s: Sim): void {
  for (const st of ss) execStmt(st, s);
}

function execStmt(st: Stmt, s: Sim): void {
  switch (st.k) {
    case 'set':
      setLocal(s, st.l, evalExpr(st.e, s));
      return;
    case 'store': {
      const a = evalExpr(st.addr, s);
      evalExpr(st.value, s);
      access(s, a, st.offset, widthOf(st.op));
      return;
    }
    case 'drop':
    case 'exec':
    case 'gset':
      evalExpr(st.e, s);
      return;
    case 'nop':
      return;
    case 'unreachable':
      if (s.dry) return;
      if (s.cond > 0) s.maybeTrap = true;
      else throw new Trap('unreachable');
      return;
    case 'if': {
      const c = evalExpr(st.cond, s);
      if (c !== undefined) return execStmts(c !== 0 ? st.then : (st.else ?? []), s);
      const before = new Map(s.env);
      s.cond++;
      execStmts(st.then, s);
      const afterThen = s.env;
      s.env = new Map(before);
      execStmts(st.else ?? [], s);
      for (const [l, v] of afterThen) if (s.env.get(l) !== v) s.env.set(l, undefined);
      for (const [l, v] of s.env) if (afterThen.get(l) !== v) s.env.set(l, undefined);
      s.cond--;
      return;
    }
    case 'carry':
      return execStmts(st.body, s);
    case 'block':
      try {
        execStmts(st.body, s);
      } catch (x) {
        if (!(x instanceof Branch && x.label === st.label)) throw x;
      }
      if (s.maybe.delete(st.label)) for (const l of assigned(st.body)) s.env.set(l, undefined);
      return;
    case 'brif': {
      const c = evalExpr(st.cond, s);
      if (s.dry) return;
      if (c === undefined) {
        if (st.label.startsWith('$L')) throw new TooLong('a continue with an unknown condition');
        s.maybe.add(st.label);
        return;
      }
      if (c !== 0) throw new Branch(st.label);
      return;
    }
    case 'loop':
      return runLoop(st, s);
  }
}

function runLoop(l: LoopStmt, s: Sim): void {
  const meta = l.meta;
  const size = s.pages * PAGE;
  const p = !s.dry && typeof meta.model !== 'string' ? predict(meta.model, s.env, size) : undefined;
  if (!s.dry) {
    meta.entries++;
    if (typeof meta.model !== 'string') {
      if (p === undefined) meta.unpredicted++;
      else if (p.fast) meta.fast++;
      else {
        meta.slow++;
        for (const w of p.why) meta.slowWhy[w] = (meta.slowWhy[w] ?? 0) + 1;
      }
    }
  }
  const maybeTrapBefore = s.maybeTrap;
  s.maybeTrap = false;
  let iters = 0;
  let uncertain = false;
  try {
    for (;;) {
      iters++;
      if (++s.steps > s.cap) throw new TooLong('too many iterations');
      try {
        execStmts(l.body, s);
      } catch (x) {
        if (x instanceof Branch && x.label === l.label) continue;
        throw x;
      }
      const c = evalExpr(l.cond, s);
      if (c === undefined) {
        // An exit on loaded data (near misses only): assume it continues, the longest path.
        uncertain = true;
        continue;
      }
      if (c === 0) break;
    }
  } catch (x) {
    if (x instanceof Trap && !s.dry) {
      meta.trapped++;
      meta.trapWhy ??= `${x.why} in iteration ${iters} (memory ${size})`;
      meta.iterations += iters;
      if (p?.fast) meta.inconsistencies.push(`predicted fast with n=${p.n} but the loop traps in iteration ${iters}`);
    }
    throw x;
  }
  if (!s.dry) {
    meta.iterations += iters;
    if (p?.fast && (iters !== p.n || uncertain || s.maybeTrap)) {
      meta.inconsistencies.push(`predicted fast with n=${p.n} but the loop ran ${iters} iterations${uncertain ? ' (uncertain exit)' : ''}${s.maybeTrap ? ' (maybe trapped)' : ''}`);
    }
  }
  if (uncertain) for (const x of assigned(l.body)) s.env.set(x, undefined);
  s.maybeTrap ||= maybeTrapBefore;
}
