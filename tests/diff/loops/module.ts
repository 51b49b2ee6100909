/**
 * A module of the loop fuzzer: module k of a run is a function of (seed, k) alone
 * (tests/fuzz/rng.ts). It has one exported memory (1–2 pages, a maximum of up to 2 more,
 * random data in the first 16 KiB), an exported mutable global written by the loops and one
 * never written (`$zero`), two unexported helpers (`$mix`, a pure function, and `$poke`, a
 * store that cannot trap) and 4–7 exported functions without parameters returning an i64
 * checksum, each of 1–2 loop nests (gen-nest.ts), some first growing the memory. Each function
 * is modelled (model.ts) and run in the interpreter (interp.ts) before it is accepted; one the
 * interpreter cannot bound is generated again.
 */
import { Rng } from '../../fuzz/rng.js';
import { get, i32c, op, set, type Expr, type LoopMeta, type Stmt, type VT } from './ast.js';
import { nest } from './gen-nest.js';
import { FuncGen, P } from './gen-values.js';
import { execStmts, newSim, PAGE, TooLong, Trap } from './interp.js';
import { modelLoop } from './model.js';
import { renderExpr, renderStmts } from './render.js';

export interface GeneratedModule {
  /** The module's index in its run, and its text. */
  k: number;
  wat: string;
  /** Per exported function, its loops in body order (outer loops first). */
  loops: LoopMeta[][];
  /** Exported functions. */
  functions: number;
  /** Functions regenerated because the interpreter could not bound them. */
  retries: number;
  /** Functions that trap (per the interpreter; a trap in an `if` arm is not counted). */
  trapping: number;
}

/** The loops of `ss` in body order (an outer loop before its inner loops), as in the binary. */
function walkLoops(ss: readonly Stmt[], out: LoopMeta[]): void {
  for (const s of ss) {
    if (s.k === 'loop') {
      out.push(s.meta);
      walkLoops(s.body, out);
    } else if (s.k === 'block' || s.k === 'carry') walkLoops(s.body, out);
    else if (s.k === 'if') {
      walkLoops(s.then, out);
      if (s.else) walkLoops(s.else, out);
    }
  }
}

/** Run the mirror of the analysis on every loop of `ss`, in its LoopMeta. */
function modelAll(ss: readonly Stmt[], types: ReadonlyMap<string, VT>): void {
  for (const s of ss) {
    if (s.k === 'loop') {
      const m = (s.meta.model = s.meta.intent === 'outer' ? 'nested control' : modelLoop(s, types));
      // Whether a group's accesses overlap partially depends on all the random choices: the
      // intent follows the mirror's verdict on that one rule.
      const phase = typeof m === 'string' && /overlap partially|multiple of the access width/.test(m);
      const retag = (to: string): void => {
        s.meta.what = s.meta.what.replace(s.meta.intent, to);
        s.meta.intent = to;
      };
      if (s.meta.intent === 'versionable' && phase) retag('partialOverlap');
      else if (s.meta.intent === 'partialOverlap' && typeof m !== 'string') retag('versionable');
      modelAll(s.body, types);
    } else if (s.k === 'block' || s.k === 'carry') modelAll(s.body, types);
    else if (s.k === 'if') modelAll(s.then, types);
  }
}

/** Module k of the run with `seed`. */
export function generateLoopModule(seed: number, k: number): GeneratedModule {
  const r = new Rng(seed ^ 0x100f5eed, k);
  const initial = r.chance(0.7) ? 1 : 2;
  const max = initial + r.range(0, 2);
  let pages = initial;
  const nf = r.range(P.funcs[0], P.funcs[1]);
  const funcs: string[] = [];
  const loops: LoopMeta[][] = [];
  let retries = 0;
  let trapping = 0;
  for (let fi = 0; fi < nf; fi++) {
    let accepted: { text: string; loops: LoopMeta[]; pages: number; trapped: boolean } | undefined;
    for (let attempt = 0; attempt < 25 && accepted === undefined; attempt++) {
      accepted = generateFunction(r, fi, pages, max, attempt >= 20);
      if (accepted === undefined) retries++;
    }
    if (accepted === undefined) throw new Error(`module ${k}: function ${fi} could not be bounded`);
    funcs.push(accepted.text);
    if (accepted.trapped) trapping++;
    loops.push(accepted.loops);
    pages = accepted.pages;
  }
  const data = r.bytes(P.dataBytes);
  let esc = '';
  for (const b of data) esc += `\\${b.toString(16).padStart(2, '0')}`;
  const wat = [
    `;; awsm loop-versioning fuzz module: seed ${seed}, module ${k}`,
    '(module',
    `  (memory (export "mem") ${initial} ${max})`,
    '  (global $g (export "g") (mut i32) (i32.const 0))',
    '  (global $zero (export "zero") (mut i32) (i32.const 0))',
    '  (func $mix (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 0x9e3779b1)) (i32.const 7)))',
    '  (func $poke (param i32 i32) (i32.store (i32.and (local.get 0) (i32.const 0xfffc)) (local.get 1)))',
    ...funcs,
    `  (data (i32.const 0) "${esc}")`,
    ')',
    '',
  ].join('\n');
  return { k, wat, loops, functions: nf, retries, trapping };
}

/**
 * One exported function `f<fi>`; undefined when the interpreter cannot bound it (too many
 * iterations, an unknown exit). `simple`: a last resort with fewer features.
 */
function generateFunction(r: Rng, fi: number, pages: number, maxPages: number, simple: boolean): { text: string; loops: LoopMeta[]; pages: number; trapped: boolean } | undefined {
  const g = new FuncGen(r, () => curPages * PAGE);
  let curPages = pages;
  const body: Stmt[] = [];
  // memory.grow first (before anything can trap, so the generator knows the size after it).
  if (!simple && r.chance(P.grow)) {
    const d = r.pick([0, 1, 1, 2]);
    if (r.chance(0.5)) body.push({ k: 'drop', e: op('memory.grow', i32c(d)) });
    else body.push(set(g.local('$gp'), op('memory.grow', i32c(d))), g.mix('$gp'));
    if (curPages + d <= maxPages) curPages += d;
  }
  const nn = simple ? 1 : r.range(P.nests[0], P.nests[1]);
  for (let L = 0; L < nn; L++) body.push(...nest(g, L));
  const fold = (e: Expr, l: string, t: VT): Expr => {
    const v: Expr =
      t === 'i64' ? get(l)
        : t === 'i32' ? op('i64.extend_i32_u', get(l))
          : t === 'f32' ? op('i64.extend_i32_u', op('i32.reinterpret_f32', get(l)))
            : op('i64.reinterpret_f64', get(l));
    return op('i64.add', op('i64.mul', e, { k: 'const', t: 'i64', text: '1000003' }), v);
  };
  let result: Expr = get('$h');
  for (const [l, t] of [['$ai', 'i32'], ['$al', 'i64'], ['$af', 'f32'], ['$ad', 'f64']] as const) result = fold(result, l, t);
  for (const [l, t] of g.locals) if (/^\$last|^\$cnt/.test(l)) result = fold(result, l, t);

  // The model of each loop, then the interpreter over the function.
  modelAll(body, g.locals);
  const sim = newSim(g.locals, pages, maxPages, P.cap, false);
  let trapped = false;
  try {
    execStmts(body, sim);
  } catch (e) {
    if (e instanceof TooLong) return undefined;
    if (!(e instanceof Trap)) throw e;
    trapped = true;
  }
  if (sim.pages !== curPages) throw new Error(`generator: memory size ${sim.pages} pages, expected ${curPages}`);
  const loops: LoopMeta[] = [];
  walkLoops(body, loops);
  const out: string[] = [`  (func $f${fi} (export "f${fi}") (result i64)`];
  for (const [l, t] of g.locals) out.push(`    (local ${l} ${t})`);
  renderStmts(body, '    ', out);
  out.push(`    ${renderExpr(result)}`, '  )');
  return { text: out.join('\n'), loops, pages: curPages, trapped };
}
