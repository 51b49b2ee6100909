/**
 * Differential runs against wasmtime on generated modules of typed function references
 * (issue 16). No generator at hand restricts itself to them: `wasm-tools smith` makes typed
 * references only with GC on, and then puts every type in a recursive group (awsm refuses
 * those: issue 17); binaryen 108 (`wasm-opt -ttf`) writes the pre-standard encodings. So the
 * modules are made here, as text assembled by `wasm-tools parse`, and compared by
 * tests/diff/wasmtime.ts (`checkWasmtime`: awsm's transcript of every export call as a .wast
 * script that `wasmtime wast` checks).
 *
 *   node dist/tests/diff/typed-refs.js [-n N] [--seed S] [--bounds guard|explicit|both] [-O N] [--keep]
 *
 * Module k of seed S: functions f0…fN of two types ($a: i32 → i32, $b: i32 i32 → i32) whose
 * bodies are random i32 expressions that call only later functions (so every call ends), by
 * every route typed references give: call_ref through immutable globals of `(ref $t)`, through
 * non-nullable locals, through a table of `(ref $a)` with an initialiser (table.get, and
 * call_indirect on it), through mutable nullable globals with br_on_null, br_on_non_null and
 * ref.as_non_null (which traps "null reference" when the global is null), call_ref of the
 * nullable global itself (traps "null function reference"), ref.is_null, and
 * return_call_ref in tail position between the two types. Exports, called in order with zero
 * arguments: every function, each followed by the toggle of its mutable global (null ↔ the
 * function; the first state is random), so calls see both states.
 */
import { Rng } from '../fuzz/rng.js';
import { runAsScript } from '../tools.js';
import { generatedMain, runGeneratedDiff } from './generated.js';
import type { WasmtimeReport } from './wasmtime.js';

/** The two function types: `$a` (i32) → i32 and `$b` (i32, i32) → i32. */
type Sig = 'a' | 'b';

/** Generation state of one module. */
interface Gen {
  rng: Rng;
  /** The type of each function. */
  sigs: Sig[];
  /** Table slots (of `(ref $a)`) and the function each holds; the initialiser fills the rest. */
  slots: number[];
  /** The table's initialiser: the last function of type $a. */
  fill: number;
}

/** Functions after `k` of type `s`. */
function later(g: Gen, k: number, s: Sig): number[] {
  const out: number[] = [];
  for (let j = k + 1; j < g.sigs.length; j++) if (g.sigs[j] === s) out.push(j);
  return out;
}

/** The arguments of a call of type `s` from function k, at depth d. */
function args(g: Gen, k: number, s: Sig, d: number): string {
  return s === 'a' ? expr(g, k, d) : `${expr(g, k, d)} ${expr(g, k, d)}`;
}

/**
 * A reference to function j (of type `s`), by one of the routes that give a `(ref $s)`; when
 * `nullable` (an operand of call_ref), also the mutable global itself, null or not.
 */
function refTo(g: Gen, j: number, s: Sig, nullable = false): string {
  const r = g.rng.int(nullable ? 5 : 4);
  if (r === 4) return `(global.get $m${j})`;
  if (r === 0) return `(ref.func $f${j})`;
  if (r === 1) return `(global.get $g${j})`;
  // br_on_non_null: the mutable global when it is set, else the immutable one.
  if (r === 2) return `(block $nn${j} (result (ref $${s})) (br_on_non_null $nn${j} (global.get $m${j})) (global.get $g${j}))`;
  return `(ref.as_non_null (global.get $m${j}))`;
}

/** An i32 expression in function k (locals: its parameters, and $r, a `(ref $a)` when set). */
function expr(g: Gen, k: number, d: number): string {
  const rng = g.rng;
  const leaf = (): string => (rng.chance(0.5) ? `(local.get ${rng.int(g.sigs[k] === 'a' ? 1 : 2)})` : `(i32.const ${rng.range(-50, 50)})`);
  if (d <= 0) return leaf();
  const as = later(g, k, 'a');
  const bs = later(g, k, 'b');
  switch (rng.int(9)) {
    case 0: case 1:
      return `(${rng.pick(['i32.add', 'i32.sub', 'i32.mul', 'i32.xor'])} ${expr(g, k, d - 1)} ${expr(g, k, d - 1)})`;
    case 2: {
      const pool = rng.chance(0.5) ? as : bs;
      if (pool.length === 0) return leaf();
      const j = rng.pick(pool);
      const s = g.sigs[j] as Sig;
      return `(call_ref $${s} ${args(g, k, s, d - 1)} ${refTo(g, j, s, true)})`;
    }
    case 3: {
      // A table slot holding a later function (or the initialiser's, when it is later).
      const slot = g.slots.findIndex((f, i) => f > k && rng.chance(0.5 + i / 100));
      if (slot < 0) return leaf();
      return rng.chance(0.5)
        ? `(call_ref $a ${args(g, k, 'a', d - 1)} (table.get $tab (i32.const ${slot})))`
        : `(call_indirect $tab (type $a) ${args(g, k, 'a', d - 1)} (i32.const ${slot}))`;
    }
    case 4: {
      // br_on_null: -1 when the mutable global is null.
      if (as.length === 0) return leaf();
      const j = rng.pick(as);
      return `(block $done (result i32) (block $null (br $done (call_ref $a ${args(g, k, 'a', d - 1)} (br_on_null $null (global.get $m${j}))))) (i32.const -1))`;
    }
    case 5: {
      if (as.length === 0) return leaf();
      return `(ref.is_null (global.get $m${rng.pick(as)}))`;
    }
    case 6:
      return g.sigs[k] === 'a' || as.length === 0 || !hasLocal(g, k) ? leaf() : `(call_ref $a ${expr(g, k, d - 1)} (local.get $r))`;
    default:
      return leaf();
  }
}

/** Whether function k has the non-nullable local $r (set at entry to a later $a function). */
function hasLocal(g: Gen, k: number): boolean {
  return g.sigs[k] === 'b' && later(g, k, 'a').length > 0;
}

/** Function k: `$r` set first when it has one; a tail call through a reference at the end, sometimes. */
function func(g: Gen, k: number): string {
  const s = g.sigs[k] as Sig;
  const rng = g.rng;
  const params = s === 'a' ? '(param i32)' : '(param i32 i32)';
  const local = hasLocal(g, k) ? '(local $r (ref $a))' : '';
  const init = hasLocal(g, k) ? `(local.set $r ${refTo(g, rng.pick(later(g, k, 'a')), 'a')})` : '';
  const tails = later(g, k, rng.chance(0.5) ? 'a' : 'b');
  let body = expr(g, k, 3);
  if (tails.length > 0 && rng.chance(0.5)) {
    const j = rng.pick(tails);
    const t = g.sigs[j] as Sig;
    body = `(return_call_ref $${t} ${args(g, k, t, 2)} ${refTo(g, j, t, true)})`;
  }
  return `  (func $f${k} (export "f${k}") (type $${s}) ${params} (result i32) ${local}\n    ${init} ${body})`;
}

/** Module k of the run with `seed`, as text. */
export function typedRefsModule(seed: number, k: number): string {
  const rng = new Rng(seed, k);
  const n = rng.range(4, 12);
  const sigs: Sig[] = [];
  for (let i = 0; i < n; i++) sigs.push(rng.chance(0.6) ? 'a' : 'b');
  sigs[n - 1] = 'a'; // the table's initialiser
  const fill = n - 1;
  const slots: number[] = [];
  const size = rng.range(2, 8);
  const as = sigs.map((s, i) => (s === 'a' ? i : -1)).filter((i) => i >= 0);
  for (let i = 0; i < size; i++) slots.push(i < size / 2 ? rng.pick(as) : fill);
  const g: Gen = { rng, sigs, slots, fill };
  const lines = [
    '(module',
    '  (type $a (func (param i32) (result i32)))',
    '  (type $b (func (param i32 i32) (result i32)))',
    `  (table $tab ${size} (ref $a) (ref.func $f${fill}))`,
    `  (elem (table $tab) (i32.const 0) (ref $a) ${slots.slice(0, Math.ceil(size / 2)).map((f) => `(ref.func $f${f})`).join(' ')})`,
    `  (elem declare func ${sigs.map((_, i) => `$f${i}`).join(' ')})`,
  ];
  sigs.forEach((s, i) => {
    lines.push(`  (global $g${i} (ref $${s}) (ref.func $f${i}))`);
    lines.push(`  (global $m${i} (mut (ref null $${s})) ${rng.chance(0.5) ? `(ref.func $f${i})` : `(ref.null $${s})`})`);
  });
  // Each function, then the toggle of its mutable global: the calls of the functions before it
  // see the global's first state, those after it the other.
  sigs.forEach((s, i) => {
    lines.push(func(g, i));
    lines.push(`  (func (export "toggle${i}") (global.set $m${i} (select (result (ref null $${s})) (ref.func $f${i}) (ref.null $${s}) (ref.is_null (global.get $m${i})))))`);
  });
  lines.push(')');
  return lines.join('\n');
}

/** Generate and compare `n` modules in each of `bounds`. */
export function runTypedRefsDiff(
  seed: number, n: number, bounds: ReadonlyArray<'guard' | 'explicit'>, optLevel: 0 | 1 | 2 | 3, keep = false,
): Promise<WasmtimeReport[]> {
  return runGeneratedDiff('typed', typedRefsModule, seed, n, bounds, optLevel, keep);
}

runAsScript(import.meta.url, 'typed-refs-diff', (argv) => generatedMain('typed-refs-diff', 'typed', typedRefsModule, argv));
