/**
 * Differential fuzzing of loop versioning (src/translate/versioning.ts) against V8.
 *
 *   node dist/tests/diff/loops.js [-n N] [--seed S] [--first K] [--bounds guard|explicit|both]
 *                                 [-O N] [-j N] [--batch B] [--out DIR] [--keep] [--verbose]
 *
 * Why: a versioned loop has two copies, a "fast" one that the entry checks (trip count, every
 * address in bounds and not wrapping, store groups disjoint) let run with 64-bit affine
 * addresses, alias scopes and an i64 counter, and the original "slow" one. A mistake in the
 * analysis or in the checks is a silent miscompile, seen only when the fast copy runs a loop it
 * should not (wrong trip count, wrapping or overlapping addresses, a trap skipped) or computes
 * something else than the Wasm loop. Random modules from wasm-opt -ttf or wasm-tools smith
 * rarely contain such loops, so this generator writes them on purpose.
 *
 * What: module k of a run is a function of (seed, k) alone (tests/fuzz/rng.ts). It has one
 * exported memory (1–2 pages, a maximum of up to 2 more, random data in the first 16 KiB), an
 * exported mutable global written by the loops and one never written (`$zero`: prologue values
 * in half the nests are `V + $z`, $z a local read from $zero, opaque to LLVM, so that it cannot
 * fold the entry checks and trip counts away), two unexported helpers (`$mix`, a pure function, and `$poke`, a
 * store that cannot trap) and 4–7 exported functions without parameters returning an i64
 * checksum; the differential driver calls each once in export order, and hashes memory after
 * each call. A function runs 1–2 "nests": a loop, optionally inside an outer loop that runs it
 * 2–6 times with bases, start values and bounds changing with the outer counter (or with the
 * pointers carried over from the previous run), optionally inside a block; after each run of
 * the inner loop its induction variables and the locals its `if` arm sets are mixed into the
 * checksum. Some functions first grow the memory (loops then use the new pages, or find the
 * memory at its maximum).
 *
 * Each innermost loop is built from:
 *  - a counter IV `c` (start: 0, small, negative, near 2^31 or 2^32, random; step: ±1, ±2, ±4,
 *    ±8, and non-powers of two for the near misses) and 1–4 "arrays" of one element type:
 *    indexed (`base + c·scale + K`, scale ±1…±4 elements; base a local or a constant), pointer
 *    IVs (`p += step`, ±1…±3 elements; a separate set, two halves, unusual affine forms like
 *    `2p + step - p`, or a `local.tee` inside an access address) or fixed cells (an invariant
 *    address). An array's accesses are at whole elements from each other, as the analysis
 *    requires of a group since LLVM 16's loop load elimination mishandled partial overlaps
 *    (the partialOverlap near miss keeps any width, offset and step);
 *  - placements: disjoint, overlapping another array by 0, ±1, ±2, ±element, ±step, half the
 *    range (read-after-write and write-after-read in both directions), ending exactly at the
 *    end of memory or 1…8 bytes past it (a trap in the last iteration), descending to 0 or
 *    past it, out of bounds from the start, or "wrapping": a big constant K in the address
 *    (0x80000000, 0x7FFFFFF0, -256, ...) compensated in the base, so the i32 sum wraps around
 *    2^32 to a valid low address at the loop entry;
 *  - loads and stores of every width (i32/i64/f32/f64, 8/16/32-bit narrow ones signed and
 *    unsigned, other types of the same width: punning), at constant distances ±element, ±step
 *    from each other and with memarg offsets (rarely 65536 or 0xFFFFFFF0), values built from
 *    loads, the counter and accumulators;
 *    reductions into i32/i64/f32/f64 locals; temporaries holding an address; global.set;
 *    an `if` arm (condition on loaded data or on the counter) with stores, reductions, a
 *    counter of taken arms and a `last` local set or teed there, all returned after the loop;
 *  - an exit `x op y` with op ne, lt_u, lt_s, gt_u, gt_s (operands swapped sometimes), or a
 *    plain value (`local.tee $c (c - s)` countdown, `n - p`), where x is the counter, a pointer,
 *    the counter shifted, offset or negated, a copy taken at the top of the body, or the
 *    difference of two counters; y a constant, an invariant local or local + constant. The
 *    bound is chosen for a target trip count (1, 2, small, up to 3000), reachable exactly or
 *    not (`ne` with a bound that is not a multiple of the step never exits and runs into
 *    out-of-bounds addresses), and at the edges: a bound within one step of where x wraps
 *    (2^32 or 2^31 counting up, 0 or -2^31 counting down) with x a few steps before it, which
 *    the checks must refuse unless a whole step is left (the Wasm loop then wraps and runs on).
 *
 * About a third of the loops get one "near miss" that must stop the versioning: a call, an
 * early `br_if` out of a block, a `br_if` continue, a non-power-of-two exit step, a
 * data-dependent (gather/scatter) or non-affine address, div/rem, trapping trunc, SIMD, an
 * if/else, a nested if, a block type, no store, a comparison against the direction of the
 * step, both sides varying, global.set in the arm, memory.size/grow in the body, le/ge/eqz/
 * xor/select exits, a pointer updated in the arm, a pointer that does not move, toggles or
 * doubles (`p + p + 4`), a step beyond 2^20, `unreachable` in the arm, an address through
 * i64, accesses of a group that overlap partially. Where the intent depends on all the random
 * choices (partial overlap, a two-counter exit whose step is not a power of two), it follows
 * the mirror of the analysis.
 *
 * The generator runs every function in a small interpreter of the address arithmetic (i32
 * locals only; loads are unknown) to guarantee termination: a loop that could run more than
 * ~150,000 iterations in total in a function, or whose exit is unknown, is generated again.
 * The same interpreter replays the entry checks of emitVersionChecks on the concrete values
 * (a mirror of the analysis gives the groups and the exit), so the report says how many
 * executions of versioned loops should take the fast path and how many the slow one, and why
 * (trip count not exact, bounds/wrapping, overlap). A fast prediction whose trip count is not
 * the interpreter's is reported as an inconsistency.
 *
 * Coverage: each module is also translated in this process with AWSM_DEBUG_VERSIONING=1 and
 * the per-loop lines (versioned or why not) are matched to the generated loops by position:
 * the report gives versioned / not versioned, near misses that were versioned anyway (always
 * suspicious), and intended-versionable loops that were not (with the reason).
 *
 * IR: both bounds modes' IR of every module goes through llvm-as (when installed), which runs
 * the LLVM verifier: clang does not verify IR given as input, so a value of the fast copy used
 * in the slow one (not dominated) would otherwise compile and go wrong only when that path runs.
 *
 * Comparison: tests/diff/diff.ts's checkFiles, in guard and explicit mode, -O2 by default.
 * Memory compares exactly (files are named *-denan*: float arithmetic only ever sees values
 * converted from integers, so no NaN is computed; raw float loads are only copied, negated,
 * abs'ed or reinterpreted, which keeps their bits). A guard-mode difference or hang is excused
 * only when checkFiles proves it to be guard mode's documented dead-load gap (LLVM deleted the
 * out-of-bounds load that should have trapped, or that ends a runaway loop: V8 traps "memory"
 * there, and the module compiled with volatile accesses and in explicit mode agrees with V8);
 * excused modules are counted apart, per reason, and saved as excused-*.wat. Divergences are
 * saved (the .wat, both transcripts) under --out (default
 * CACHE/diff/loop-findings/SEED). The exit status counts divergences only; near misses
 * versioned anyway and mirror/translator disagreements are printed (and in the report) as
 * signs of an analysis change to look at.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeModule } from '../../src/binary/decoder.js';
import { cacheDir } from '../../src/driver/cache.js';
import type { OptLevel } from '../../src/driver/native.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { Rng } from '../fuzz/rng.js';
import { have, OptionReader, runAsScript, wat2wasm } from '../tools.js';
import { addCounts, checkFiles, EXCUSES, excuseLines, type Divergence } from './diff.js';

// ---- the generated program, as a small AST ------------------------------------------------

type VT = 'i32' | 'i64' | 'f32' | 'f64';

/** An i32.const; mutable, so that a bound or a base can be fixed after the body is built. */
interface Const32 {
  k: 'i32';
  v: number;
}
/** Records the values of `e` during the generator's dry run (the exit's x). */
interface Probe {
  k: 'probe';
  e: Expr;
  vals: Array<number | undefined>;
}
type Expr =
  | Const32
  | Probe
  | { k: 'const'; t: 'i64' | 'f32' | 'f64'; text: string }
  | { k: 'get'; l: string }
  | { k: 'tee'; l: string; e: Expr }
  | { k: 'op'; op: string; args: Expr[] }
  | { k: 'load'; op: string; addr: Expr; offset: number; align?: number }
  | { k: 'gget' }
  /** `(global.get $zero)`: an exported mutable global nothing writes, 0 but opaque to LLVM. */
  | { k: 'zero' }
  | { k: 'call'; f: string; args: Expr[] };

interface LoopStmt {
  k: 'loop';
  label: string;
  body: Stmt[];
  /** The latch: `(br_if $label cond)` ends the body. */
  cond: Expr;
  /** Near miss: `(drop (loop (result i32) … (br_if …) (i32.const 7)))`. */
  result?: boolean;
  meta: LoopMeta;
}
type Stmt =
  | { k: 'set'; l: string; e: Expr }
  | { k: 'store'; op: string; addr: Expr; offset: number; value: Expr; align?: number }
  | { k: 'if'; cond: Expr; then: Stmt[]; else?: Stmt[] }
  | { k: 'drop'; e: Expr }
  | { k: 'exec'; e: Expr }
  | { k: 'gset'; e: Expr }
  | { k: 'block'; label: string; body: Stmt[] }
  | { k: 'brif'; label: string; cond: Expr }
  | { k: 'nop' }
  | { k: 'unreachable' }
  /** `(local.set $h (i64.add (i64.extend_i32_u (local.get l)) (block (result i64) body (local.get $h))))`:
   *  l's value before body stays on the operand stack across it. */
  | { k: 'carry'; l: string; body: Stmt[] }
  | LoopStmt;

/** Byte width of a load or store. */
function widthOf(op: string): number {
  if (op.startsWith('v128')) return 16;
  const m = /(?:load|store)(8|16|32)/.exec(op);
  if (m !== null) return Number(m[1]) / 8;
  return op.startsWith('i64') || op.startsWith('f64') ? 8 : 4;
}

// ---- rendering ----------------------------------------------------------------------------

function renderExpr(e: Expr): string {
  switch (e.k) {
    case 'i32':
      return `(i32.const ${e.v | 0})`;
    case 'probe':
      return renderExpr(e.e);
    case 'const':
      return `(${e.t}.const ${e.text})`;
    case 'get':
      return `(local.get ${e.l})`;
    case 'tee':
      return `(local.tee ${e.l} ${renderExpr(e.e)})`;
    case 'op':
      return e.args.length === 0 ? `(${e.op})` : `(${e.op} ${e.args.map(renderExpr).join(' ')})`;
    case 'load':
      return `(${e.op}${memarg(e.offset, e.align)} ${renderExpr(e.addr)})`;
    case 'gget':
      return '(global.get $g)';
    case 'zero':
      return '(global.get $zero)';
    case 'call':
      return `(call ${e.f}${e.args.map((a) => ' ' + renderExpr(a)).join('')})`;
  }
}

function memarg(offset: number, align: number | undefined): string {
  return `${offset !== 0 ? ` offset=${offset >>> 0}` : ''}${align !== undefined ? ` align=${align}` : ''}`;
}

function renderStmts(ss: readonly Stmt[], ind: string, out: string[]): void {
  for (const s of ss) renderStmt(s, ind, out);
}

function renderStmt(s: Stmt, ind: string, out: string[]): void {
  const i2 = ind + '  ';
  switch (s.k) {
    case 'set':
      out.push(`${ind}(local.set ${s.l} ${renderExpr(s.e)})`);
      return;
    case 'store':
      out.push(`${ind}(${s.op}${memarg(s.offset, s.align)} ${renderExpr(s.addr)} ${renderExpr(s.value)})`);
      return;
    case 'if':
      out.push(`${ind}(if ${renderExpr(s.cond)}`, `${i2}(then`);
      renderStmts(s.then, i2 + '  ', out);
      out.push(`${i2})`);
      if (s.else !== undefined) {
        out.push(`${i2}(else`);
        renderStmts(s.else, i2 + '  ', out);
        out.push(`${i2})`);
      }
      out.push(`${ind})`);
      return;
    case 'drop':
      out.push(`${ind}(drop ${renderExpr(s.e)})`);
      return;
    case 'exec':
      out.push(`${ind}${renderExpr(s.e)}`);
      return;
    case 'gset':
      out.push(`${ind}(global.set $g ${renderExpr(s.e)})`);
      return;
    case 'block':
      out.push(`${ind}(block ${s.label}`);
      renderStmts(s.body, i2, out);
      out.push(`${ind})`);
      return;
    case 'brif':
      out.push(`${ind}(br_if ${s.label} ${renderExpr(s.cond)})`);
      return;
    case 'nop':
      out.push(`${ind}(nop)`);
      return;
    case 'unreachable':
      out.push(`${ind}(unreachable)`);
      return;
    case 'carry':
      out.push(`${ind}(local.set $h (i64.add (i64.extend_i32_u (local.get ${s.l})) (block (result i64)`);
      renderStmts(s.body, i2, out);
      out.push(`${i2}(local.get $h))))`);
      return;
    case 'loop':
      out.push(`${ind}${s.result ? '(drop ' : ''}(loop ${s.label}${s.result ? ' (result i32)' : ''}  ;; ${s.meta.what}`);
      renderStmts(s.body, i2, out);
      out.push(`${i2}(br_if ${s.label} ${renderExpr(s.cond)})`);
      if (s.result) out.push(`${i2}(i32.const 7)`);
      out.push(`${ind})${s.result ? ')' : ''}`);
      return;
  }
}

// ---- what the generator knows about each loop ----------------------------------------------

/** One generated `loop`, and what happened to it. */
export interface LoopMeta {
  /** 'versionable', a near-miss kind, or 'outer' (not innermost). */
  intent: string;
  /** A short description, written as a comment in the .wat. */
  what: string;
  /** The mirror of the analysis (versioning.ts) on this loop, or why it refuses. */
  model: Model | string;
  /** Filled in by coverage(): the translator's verdict. */
  actual?: string;
  // Interpreter statistics (from the accepted simulation of the function).
  entries: number;
  iterations: number;
  trapped: number;
  /** Entries predicted to take the fast / the slow path (versionable per the model). */
  fast: number;
  slow: number;
  slowWhy: Record<string, number>;
  /** Entries whose inputs were not all known to the interpreter. */
  unpredicted: number;
  inconsistencies: string[];
  /** Why the loop trapped (first time). */
  trapWhy?: string;
}

function newMeta(intent: string, what: string): LoopMeta {
  return { intent, what, model: 'not modelled', entries: 0, iterations: 0, trapped: 0, fast: 0, slow: 0, slowWhy: {}, unpredicted: 0, inconsistencies: [] };
}

// ---- a mirror of the analysis (versioning.ts), on the AST -----------------------------------

interface Aff {
  terms: Map<string, number>;
  k: number;
}
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

const EXIT_OPS = new Set(['i32.ne', 'i32.lt_u', 'i32.lt_s', 'i32.gt_u', 'i32.gt_s']);
const TRAPPING = /^i(32|64)\.(div_[su]|rem_[su]|trunc_f(32|64)_[su])$/;
const MAX_STEP = 1 << 20;

interface MGroup {
  terms: Map<string, number>;
  step: number;
  store: boolean;
  kMin: number;
  endMax: number;
}
/** The analysis' plan, as far as the checks need it. */
interface Model {
  groups: MGroup[];
  exit: { op: string; x: Aff; y: Aff; step: number };
}

interface MCtx {
  types: ReadonlyMap<string, VT>;
  varying: Set<string>;
  sets: Map<string, SymV>;
  accesses: Array<{ op: string; addr: Aff; offset: number; store: boolean }>;
  arm?: Set<string>;
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
function modelLoop(l: LoopStmt, types: ReadonlyMap<string, VT>): Model | string {
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
function predict(m: Model, env: ReadonlyMap<string, number | undefined>, size: number): { fast: boolean; n: number; why: string[] } | undefined {
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

// ---- the interpreter of addresses and exits --------------------------------------------------

class Trap {
  constructor(readonly why: string) {}
}
class TooLong {
  constructor(readonly why: string) {}
}
class Branch {
  constructor(readonly label: string) {}
}

const PAGE = 65536;

interface Sim {
  /** i32 locals (unsigned); undefined: unknown. */
  env: Map<string, number | undefined>;
  types: ReadonlyMap<string, VT>;
  pages: number;
  maxPages: number;
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

function setLocal(s: Sim, l: string, v: number | undefined): void {
  if (s.types.get(l) === 'i32') s.env.set(l, v);
}

function evalExpr(e: Expr, s: Sim): number | undefined {
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

function execStmts(ss: readonly Stmt[], s: Sim): void {
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

// ---- generation ------------------------------------------------------------------------------

/**
 * A store of a value loaded from the very same address is moved one element on: LLVM deletes
 * `store(p, load(p))`, and in guard mode the out-of-bounds fault with it, so a loop that should
 * end in that fault runs on (guard mode's dead-load gap, not what this test is about; a loop
 * then hangs, which costs a timeout and is excused only when diff.ts proves it that gap).
 */
function noSelfCopy(s: Stmt & { k: 'store' }, ew: number): Stmt {
  const v = s.value;
  if (v.k === 'load' && v.offset === s.offset && renderExpr(v.addr) === renderExpr(s.addr)) v.offset += ew;
  return s;
}

const u32 = (x: number): number => x >>> 0;
const i32c = (v: number): Const32 => ({ k: 'i32', v: v | 0 });
const get = (l: string): Expr => ({ k: 'get', l });
const op = (name: string, ...args: Expr[]): Expr => ({ k: 'op', op: name, args });
const set = (l: string, e: Expr): Stmt => ({ k: 'set', l, e });
const isPow2 = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;

/** Element families of an array: the loads and stores that fit it. */
type Fam = 'i32' | 'i64' | 'f32' | 'f64' | 'i8' | 'i16';
const FAMS: readonly Fam[] = ['i32', 'i64', 'f32', 'f64', 'i8', 'i16'];
const FAM_WIDTH: Record<Fam, number> = { i32: 4, i64: 8, f32: 4, f64: 8, i8: 1, i16: 2 };
const LOADS: Record<Fam, readonly string[]> = {
  i32: ['i32.load', 'i64.load32_s', 'i64.load32_u'],
  i64: ['i64.load'],
  f32: ['f32.load'],
  f64: ['f64.load'],
  i8: ['i32.load8_s', 'i32.load8_u', 'i64.load8_s', 'i64.load8_u'],
  i16: ['i32.load16_s', 'i32.load16_u', 'i64.load16_s', 'i64.load16_u'],
};
const STORES: Record<Fam, readonly string[]> = {
  i32: ['i32.store', 'i64.store32'],
  i64: ['i64.store'],
  f32: ['f32.store'],
  f64: ['f64.store'],
  i8: ['i32.store8', 'i64.store8'],
  i16: ['i32.store16', 'i64.store16'],
};
const ALL_LOADS = Object.values(LOADS).flat();
const ALL_STORES = Object.values(STORES).flat();
const resultType = (o: string): VT => o.slice(0, 3) as VT;

interface Arr {
  mode: 'idx' | 'ptr' | 'cell';
  fam: Fam;
  ew: number;
  /** idx: bytes per unit of the counter (address = base + c·scale + K). */
  scale: number;
  /** idx with a local base, or ptr: the local. */
  local?: string;
  /** idx / cell: the base (the address for c = 0, minus K); ptr: the pointer's start value. */
  base: Const32;
  /** Change of `base` per outer iteration. */
  odelta: number;
  /** A large constant in every address, compensated in base (wrapping tests). */
  K: number;
  /** Intended address at iteration 0. */
  start: number;
  /** ptr: bytes per iteration. */
  pstep: number;
  /** Bytes the address moves per iteration. */
  astep: number;
  /** ptr: updated by a tee inside a store address. */
  teeUpdate: boolean;
  /** A temporary holding this array's address + tempK, set at the top of the body. */
  temp?: string;
  tempK: number;
  /**
   * Accesses of one width (ew), at whole elements from each other, and a step of whole
   * elements: what the analysis requires of a group (else 'accesses of a group overlap
   * partially'). False for the partialOverlap near miss: any width, offset and step.
   */
  aligned: boolean;
}

const NEAR_MISSES = [
  'call', 'brEarly', 'continue', 'exitStep', 'varAddr', 'div', 'trunc', 'simd', 'ifElse', 'nestedIf', 'blockType',
  'noStore', 'dirMismatch', 'bothVary', 'gsetArm', 'memInBody', 'leExit', 'eqzExit', 'xorExit', 'selectExit',
  'ivInArm', 'xorIv', 'scaleIv', 'stepZero', 'partialOverlap', 'partialOverlap', 'bigStep', 'unreachableArm', 'wrapAddr',
] as const;
type NearMiss = (typeof NEAR_MISSES)[number];

/** The generator's knobs (defaults tuned so that roughly half the entries take the fast path). */
const P = {
  nearMiss: 0.3,
  outer: 0.3,
  block: 0.15,
  grow: 0.3,
  funcs: [4, 7] as const,
  nests: [1, 2] as const,
  /** Interpreter budget: loop iterations per function. */
  cap: 150_000,
  dataBytes: 16384,
};

class FuncGen {
  readonly locals = new Map<string, VT>();
  private labels = 0;

  constructor(
    readonly r: Rng,
    readonly memBytes: () => number,
  ) {
    for (const [l, t] of [['$h', 'i64'], ['$ai', 'i32'], ['$al', 'i64'], ['$af', 'f32'], ['$ad', 'f64']] as const) this.locals.set(l, t);
  }

  local(name: string, t: VT = 'i32'): string {
    this.locals.set(name, t);
    return name;
  }

  label(prefix: '$L' | '$B' | '$O'): string {
    return `${prefix}${this.labels++}`;
  }

  /** `e + c`, as an add or a sub of the negated constant. */
  plus(e: Expr, c: number): Expr {
    c |= 0;
    if (c === 0) return e;
    if (this.r.chance(0.3) && c !== -(2 ** 31)) return op('i32.sub', e, i32c(-c));
    return this.r.chance(0.2) ? op('i32.add', i32c(c), e) : op('i32.add', e, i32c(c));
  }

  /** `c · scale` (shl, mul, or a negated form for negative scales); neg: subtract it. */
  scaled(c: string, scale: number): { e: Expr; neg: boolean } {
    const r = this.r;
    const mag = Math.abs(scale);
    if (scale < 0 && r.chance(0.5)) return { e: this.scaled(c, mag).e, neg: true };
    if (scale === 1) return { e: get(c), neg: false };
    if (isPow2(mag) && scale > 0 && r.chance(0.6)) return { e: op('i32.shl', get(c), i32c(Math.log2(mag))), neg: false };
    return { e: r.chance(0.7) ? op('i32.mul', get(c), i32c(scale)) : op('i32.mul', i32c(scale), get(c)), neg: false };
  }

  // ---- one loop nest ------------------------------------------------------------------------

  /** A loop nest: statements for the function body (prologues, the loop(s), the mixing). */
  nest(L: number): Stmt[] {
    const r = this.r;
    const memBytes = this.memBytes();
    const near: NearMiss | undefined = r.chance(P.nearMiss) ? r.pick(NEAR_MISSES) : undefined;
    const outer = r.chance(P.outer);
    const o = outer ? this.local(`$o${L}`) : undefined;
    const K = outer ? r.range(2, 6) : 1;
    const carry = outer && r.chance(0.25);
    const c = this.local(`$c${L}`);
    const last = this.local(`$last${L}`);
    const cnt = this.local(`$cnt${L}`);

    // The counter and the target trip count.
    let sc = r.pick([1, 1, 1, 1, 2, 4, 8, -1, -1, -1, -2, -4, -8]);
    if (near === 'exitStep') sc = r.pick([3, 5, 6, 7, 12, -3, -5, -6, 24]);
    let T = [() => 1, () => 2, () => r.range(3, 8), () => r.range(9, 64), () => r.range(65, 600), () => r.range(601, 3000)][r.weighted([6, 6, 20, 30, 28, 10])]!();
    const c0node = i32c([
      () => 0, () => r.range(1, 100), () => -r.range(1, 100), () => 0x7fffff00 + r.range(0, 255), () => 0xffffff00 + r.range(0, 255), () => r.u32(),
    ][r.weighted([35, 20, 15, 8, 8, 6])]!());
    const c0delta = outer && r.chance(0.3) ? r.pick([1, sc, -sc, 3]) : 0;

    // The arrays.
    const aligned = near !== 'partialOverlap';
    const nArr = r.range(1, 4);
    const arrs: Arr[] = [];
    for (let j = 0; j < nArr; j++) {
      const fam = r.pick(FAMS);
      const ew = FAM_WIDTH[fam];
      const mode = r.weighted([55, 35, 10]);
      const a: Arr = {
        mode: (['idx', 'ptr', 'cell'] as const)[mode]!, fam, ew, scale: 0, base: i32c(0), odelta: 0, K: 0, start: 0, pstep: 0,
        astep: 0, teeUpdate: false, tempK: 0, aligned,
      };
      if (a.mode === 'idx') {
        a.scale = aligned ? r.pick([ew, ew, ew, 2 * ew, 3 * ew, 4 * ew, -ew, -2 * ew]) : r.pick([ew, 1, 2, 4, 8, 12, 16, -ew, -4, 3]);
        a.astep = Math.imul(a.scale, sc);
        if (r.chance(0.75)) a.local = this.local(`$b${L}_${j}`);
      } else if (a.mode === 'ptr') {
        a.local = this.local(`$p${L}_${j}`);
        a.pstep = aligned
          ? r.pick([ew, ew, ew, -ew, 2 * ew, 3 * ew, -2 * ew, ew * Math.abs(sc), -ew * Math.abs(sc)])
          : r.pick([ew, 1, 2, 4, 8, 16, 12, 24, -4, -8, 3, -6]);
        if (near === 'bigStep' && j === 0) a.pstep = r.pick([0x200000, -0x200000, 0x100008]);
        a.astep = a.pstep;
        a.teeUpdate = r.chance(0.2);
      }
      if (j === 0 && (near === 'ivInArm' || near === 'xorIv' || near === 'scaleIv' || near === 'stepZero' || near === 'bigStep') && a.mode !== 'ptr') {
        a.mode = 'ptr';
        a.scale = 0;
        a.local = this.local(`$p${L}_${j}`);
        a.pstep = near === 'bigStep' ? r.pick([0x200000, -0x200000, 0x100008]) : r.pick([ew, -ew, 2 * ew]);
        a.astep = a.pstep;
      }
      if (a.mode === 'cell' && r.chance(0.5)) a.local = this.local(`$b${L}_${j}`);
      if (near === 'noStore') a.teeUpdate = false;
      arrs.push(a);
    }
    // Most loops fit in memory: the trip count is capped so that every array's range fits in
    // 90% of it (10% are left to run off the end, and bigStep has its own way).
    const widest = Math.max(1, ...arrs.map((a) => (Math.abs(a.astep) < 0x100000 ? Math.abs(a.astep) : 1)));
    if (r.chance(0.9)) T = Math.max(1, Math.min(T, Math.floor((memBytes * 0.9) / widest)));
    for (const [j, a] of arrs.entries()) {
      this.place(a, arrs.slice(0, j), T, memBytes);
      if (outer && a.mode !== 'cell' && a.local !== undefined && r.chance(0.6)) {
        a.odelta = r.pick([a.ew, -a.ew, 2 * a.ew, a.astep * T, -a.astep * T, r.range(-64, 64), 4096]);
      }
    }
    // Arrays with an inline constant base and the same scale are one group to the analysis
    // (same terms): in aligned loops, only one of them keeps its inline base.
    if (aligned) {
      const inline = new Set<string>();
      for (const [j, a] of arrs.entries()) {
        if (a.local !== undefined || a.mode === 'ptr') continue;
        const key = a.mode === 'cell' ? 'cell' : `idx ${a.scale}`;
        if (inline.has(key)) a.local = this.local(`$b${L}_${j}`);
        inline.add(key);
      }
    }
    const ptrs = arrs.filter((a) => a.mode === 'ptr');

    // The body: temporaries (an address computed at the top and used by later accesses),
    // actions, then the induction variables' updates at random places.
    const body: Stmt[] = [];
    const ctx: BodyCtx = { arrs, c, last, cnt, noStore: near === 'noStore', inArm: false };
    for (const [j, a] of arrs.entries()) {
      if (a.mode === 'cell' || !r.chance(0.2)) continue;
      a.tempK = r.pick([0, 0, a.ew, -a.ew]);
      const e = this.addrExprRaw(ctx, a, a.tempK);
      a.temp = this.local(`$t${L}_${j}`);
      body.push(set(a.temp, e));
    }
    const nTemps = body.length;
    const nAct = r.range(1, 6);
    let stores = 0;
    for (let i = 0; i < nAct; i++) {
      const s = this.action(ctx, r.weighted([40, 20, 14, 8, 4, 14]));
      if (s.k === 'store') stores++;
      body.push(s);
    }
    if (stores === 0 && !ctx.noStore) body.push(this.storeTo(ctx, r.pick(arrs)));
    // Mostly, an unconditional store through a moving address: a loop that runs away (its exit
    // never reached) then ends in that store's fault in guard mode too. Without one, LLVM may
    // delete the accesses whose values only matter after the (unreachable) exit, and the loop
    // hangs in guard mode (the dead-load gap: excused only when proven, and a timeout each).
    const moving = arrs.filter((a) => a.astep !== 0);
    if (!ctx.noStore && moving.length > 0 && r.chance(0.9) && !body.some((s) => s.k === 'store' && moving.includes(this.storeArr.get(s)!))) {
      body.push(this.storeTo(ctx, r.pick(moving)));
    }

    // Statements go anywhere after the temporaries (their uses must follow their sets); the
    // plain IV updates (anywhere: true) may also go above them.
    const insert = (s: Stmt, anywhere = false): void => {
      body.splice(r.range(anywhere ? 0 : nTemps, body.length), 0, s);
    };
    // Pointer updates.
    for (const a of ptrs) {
      const p = a.local!;
      if (near === 'ivInArm' && a === ptrs[0]) {
        insert({ k: 'if', cond: this.dataCond(ctx), then: [this.storeTo(ctx, a), set(p, op('i32.add', get(p), i32c(a.pstep)))] });
        continue;
      }
      if (near === 'xorIv' && a === ptrs[0]) {
        insert(set(p, op('i32.xor', get(p), i32c(r.pick([4, 8, 64])))));
        insert(this.storeTo(ctx, a));
        continue;
      }
      if (near === 'scaleIv' && a === ptrs[0]) {
        insert(set(p, op('i32.add', op('i32.add', get(p), get(p)), i32c(a.pstep))));
        insert(this.storeTo(ctx, a));
        continue;
      }
      if (near === 'stepZero' && a === ptrs[0]) {
        insert(set(p, op('i32.add', get(p), i32c(0))));
        insert(this.storeTo(ctx, a));
        continue;
      }
      if (near === 'bigStep' && a === ptrs[0]) insert(this.storeTo(ctx, a));
      if (a.teeUpdate) {
        const k = r.pick([0, 0, -a.pstep, a.ew]);
        const so = r.pick(STORES[a.fam]);
        insert({ k: 'store', op: so, addr: this.plus({ k: 'tee', l: p, e: op('i32.add', get(p), i32c(a.pstep)) }, a.K + k), offset: 0, value: this.valueFor(ctx, so) });
        continue;
      }
      this.update(p, a.pstep, insert, a.aligned && a.pstep % a.ew === 0 ? a.ew : 1);
    }

    // The exit.
    const exit = this.exit(L, near, ctx, sc, ptrs, insert);
    if (exit.updateC) this.update(c, sc, insert);
    const pre: Stmt[] = [];
    const prologue: Array<{ l: string; node: Const32; odelta: number; carry: boolean }> = [];
    prologue.push({ l: c, node: c0node, odelta: c0delta, carry: false });
    if (exit.second !== undefined) prologue.push({ l: exit.second.l, node: exit.second.node, odelta: 0, carry: false });

    // Near misses that change the body.
    let wrapBlock: string | undefined;
    let applied = true;
    switch (near) {
      case 'call':
        insert(r.chance(0.5)
          ? { k: 'drop', e: { k: 'call', f: '$mix', args: [get(c)] } }
          : { k: 'exec', e: { k: 'call', f: '$poke', args: [this.addrExpr(ctx, r.pick(arrs), 0), get(c)] } });
        break;
      case 'brEarly':
        wrapBlock = this.label('$B');
        insert({ k: 'brif', label: wrapBlock, cond: r.chance(0.5) ? op('i32.eqz', op('i32.and', this.load(ctx, r.pick(arrs), 'i32'), i32c(63))) : op('i32.eq', get(c), i32c(u32(c0node.v + sc * r.range(0, T))) ) });
        break;
      case 'continue': {
        // After the counter's update, so that it cannot loop forever.
        const at = body.findIndex((s) => s.k === 'set' && s.l === c);
        if (at >= 0) body.splice(at + 1, 0, { k: 'brif', label: '$L?', cond: op('i32.eq', op('i32.and', get(c), i32c(3)), i32c(1)) });
        else applied = false;
        break;
      }
      case 'varAddr':
        insert(r.chance(0.5)
          ? { k: 'store', op: 'i32.store', addr: op('i32.and', this.load(ctx, r.pick(arrs), 'i32'), i32c(0x3ffc)), offset: 0, value: get(c) }
          : set('$ai', op('i32.add', get('$ai'), { k: 'load', op: 'i32.load8_u', addr: op('i32.and', op('i32.mul', get(c), get(c)), i32c(0x3fff)), offset: 0 })));
        break;
      case 'wrapAddr': {
        const a = r.pick(arrs.filter((x) => x.mode === 'idx').concat(arrs[0]!));
        const so = r.pick(STORES[a.fam]);
        insert({ k: 'store', op: so, addr: op('i32.wrap_i64', op('i64.extend_i32_u', this.addrExpr(ctx, a, 0))), offset: 0, value: this.valueFor(ctx, so) });
        break;
      }
      case 'div':
        insert(set('$ai', op('i32.add', get('$ai'), op(r.pick(['i32.div_u', 'i32.rem_u', 'i32.div_s', 'i32.rem_s']), this.val(ctx, 'i32', 1), op('i32.or', this.val(ctx, 'i32', 1), i32c(1))))));
        break;
      case 'trunc':
        insert(set('$ai', op('i32.add', get('$ai'), op('i32.trunc_f64_s', op('f64.convert_i32_s', this.val(ctx, 'i32', 1))))));
        break;
      case 'simd': {
        const a = r.pick(arrs);
        const b = r.pick(arrs);
        insert(r.chance(0.5)
          ? { k: 'store', op: 'v128.store', addr: this.addrExpr(ctx, a, 0), offset: 0, value: { k: 'load', op: 'v128.load', addr: this.addrExpr(ctx, b, 0), offset: 0 } }
          : set('$ai', op('i32.add', get('$ai'), op('i32x4.extract_lane 1', { k: 'load', op: 'v128.load', addr: this.addrExpr(ctx, b, 0), offset: 0 }))));
        break;
      }
      case 'ifElse':
        insert({ k: 'if', cond: this.dataCond(ctx), then: [this.storeTo(ctx, r.pick(arrs))], else: [set(last, get(c))] });
        break;
      case 'nestedIf':
        insert({ k: 'if', cond: this.dataCond(ctx), then: [{ k: 'if', cond: op('i32.and', get(c), i32c(1)), then: [this.storeTo(ctx, r.pick(arrs))] }] });
        break;
      case 'gsetArm':
        insert({ k: 'if', cond: this.dataCond(ctx), then: [{ k: 'gset', e: get(c) }] });
        break;
      case 'memInBody':
        insert({ k: 'drop', e: r.chance(0.5) ? op('memory.size') : op('memory.grow', i32c(0)) });
        break;
      case 'unreachableArm':
        insert({ k: 'if', cond: op('i32.eq', get(c), i32c(u32(c0node.v + sc * r.range(0, 2 * T)))), then: [{ k: 'unreachable' }] });
        break;
      default:
        break;
    }

    const label = this.label('$L');
    for (const s of body) if (s.k === 'brif' && s.label === '$L?') s.label = label;
    const intent = exit.near ?? (near !== undefined && applied ? near : 'versionable');
    const what = `${intent}: c step ${sc}, target ${T} iterations, ${arrs.map((a) => `${a.mode}/${a.fam}${a.mode === 'ptr' ? ` step ${a.pstep}` : a.mode === 'idx' ? ` scale ${a.scale}` : ''} @${u32(a.start)}${a.K ? ` K=${u32(a.K)}` : ''}`).join(', ')}; exit ${exit.what}`;
    const loop: LoopStmt = { k: 'loop', label, body, cond: exit.cond, meta: newMeta(intent, what), ...(near === 'blockType' ? { result: true } : {}) };

    // Fix the adjustable constant of the exit from a dry run with the constant at 0.
    for (const a of arrs) {
      if (a.local !== undefined) prologue.push({ l: a.local, node: a.base, odelta: a.odelta, carry: carry && a.mode === 'ptr' });
    }
    const boundLocal = exit.boundLocal;
    if (boundLocal !== undefined) prologue.push({ l: boundLocal.l, node: exit.A, odelta: boundLocal.odelta, carry: false });
    this.finalizeBases(arrs, c0node);
    if (exit.kind === 'cmp') {
      const v = exit.varArr;
      exit.shift = v === undefined
        ? (d: number): void => {
            c0node.v = (c0node.v + d) | 0;
          }
        : (d: number): void => {
            v.start = u32(v.start + d);
            this.finalizeBases(arrs, c0node);
          };
    }
    if (!this.fixExit(exit, loop, prologue, T, c0node)) return [];
    this.finalizeBases(arrs, c0node);

    // Assemble: prologue, optional merge point (facts forgotten), loop, optional block, mixing.
    // (The constant nodes are shared with the arrays and the exit: fix-ups show in the text.)
    // In half the nests the values go through $zero, so that LLVM cannot fold the entry checks
    // and the trip count: the fast copy is then compiled for an unknown n (vector remainder
    // loops, runtime checks), as in real code.
    // $zero is read into a local once, before the outer loop if there is one: opaque to LLVM,
    // but an invariant local to the analysis, so that such nests can be versioned as nests.
    const z = r.chance(0.5) ? this.local(`$z${L}`) : undefined;
    const setOf = (e: (typeof prologue)[number]): Stmt => {
      const v: Expr = z !== undefined ? op('i32.add', e.node, get(z)) : e.node;
      return set(e.l, o !== undefined && e.odelta !== 0 ? op('i32.add', v, op('i32.mul', get(o), i32c(e.odelta))) : v);
    };
    const inner: Stmt[] = [];
    if (z !== undefined && o === undefined) inner.push(set(z, { k: 'zero' }));
    for (const e of prologue) if (!e.carry) inner.push(setOf(e));
    if (r.chance(0.2)) inner.push({ k: 'if', cond: { k: 'gget' }, then: [{ k: 'nop' }] });
    let loopStmt: Stmt = wrapBlock !== undefined || r.chance(P.block) ? { k: 'block', label: wrapBlock ?? this.label('$B'), body: [loop] } : loop;
    if (r.chance(0.1)) loopStmt = { k: 'carry', l: r.pick([c, ...ptrs.map((a) => a.local!)]), body: [loopStmt] };
    inner.push(loopStmt);
    for (const l of [c, last, cnt, ...ptrs.map((a) => a.local!), ...(exit.second ? [exit.second.l] : [])]) inner.push(this.mix(l));
    if (o === undefined) return inner;
    if (z !== undefined) pre.push(set(z, { k: 'zero' }));
    for (const e of prologue) if (e.carry) pre.push(setOf(e));
    pre.push(set(o, i32c(0)));
    const olabel = this.label('$O');
    const outerLoop: LoopStmt = {
      k: 'loop', label: olabel, body: inner,
      cond: op('i32.lt_u', { k: 'tee', l: o, e: op('i32.add', get(o), i32c(1)) }, i32c(K)),
      meta: newMeta('outer', `outer loop, ${K} runs${carry ? ', pointers carried over' : ''}`),
    };
    return [...pre, outerLoop];
  }

  /** h = h · 31 + l */
  mix(l: string): Stmt {
    return set('$h', op('i64.add', op('i64.mul', get('$h'), { k: 'const', t: 'i64', text: '31' }), op('i64.extend_i32_u', get(l))));
  }

  /** `l += step`, as one set, two halves or a sub, inserted at random places. */
  update(l: string, step: number, insert: (s: Stmt, anywhere?: boolean) => void, unit = 1): void {
    const r = this.r;
    if (Math.abs(step) >= 2 * unit && r.chance(0.2)) {
      // Two halves, each a multiple of unit (an aligned pointer stays on whole elements).
      const a = r.range(1, Math.abs(step) / unit - 1) * unit * Math.sign(step);
      insert(set(l, op('i32.add', get(l), i32c(a))), true);
      insert(set(l, op('i32.add', get(l), i32c(step - a))), true);
      return;
    }
    const forms: Array<() => Expr> = [
      () => op('i32.add', get(l), i32c(step)),
      () => op('i32.sub', get(l), i32c(-step)),
      () => op('i32.add', i32c(step), get(l)),
      // Affine but unusual: 2l + step - l, and (l + a) + (step - a).
      () => op('i32.sub', op('i32.add', op('i32.shl', get(l), i32c(1)), i32c(step)), get(l)),
      () => op('i32.add', op('i32.add', get(l), i32c(7)), i32c(step - 7)),
    ];
    insert(set(l, forms[r.weighted([50, 20, 10, 10, 10])]!()), true);
  }

  /** Choose where array `a` starts (and its base), given the earlier arrays. */
  place(a: Arr, earlier: readonly Arr[], T: number, memBytes: number): void {
    const r = this.r;
    const ext = Math.abs(a.astep) * Math.max(0, T - 1) + 16;
    const fresh = (): number => {
      const limit = r.chance(0.7) && ext < P.dataBytes ? P.dataBytes : memBytes;
      let s: number;
      if (a.astep >= 0) s = r.range(0, Math.max(0, limit - ext));
      else s = r.range(Math.min(ext, limit - 16), Math.max(ext, limit - 16));
      return r.chance(0.85) ? s - (s % a.ew) : s;
    };
    const kind = r.weighted([50, earlier.length > 0 ? 30 : 0, 5, 3, 6, 1, 1]);
    switch (kind) {
      case 0:
        a.start = fresh();
        break;
      case 1: {
        const b = r.pick(earlier);
        a.start = b.start + r.pick([0, 0, 1, -1, 2, -2, a.ew, -a.ew, 2 * a.ew, -2 * a.ew, b.astep, -b.astep, Math.trunc((b.astep * T) / 2), 16, -16]);
        break;
      }
      case 2: {
        const e = r.pick([0, 0, 0, 1, 2, a.ew, -a.ew, -1, a.astep]);
        a.start = a.astep > 0 ? memBytes - (T - 1) * a.astep - a.ew + e : memBytes - a.ew + e;
        break;
      }
      case 3: {
        const e = r.pick([0, 0, -1, -a.ew, 1]);
        a.start = a.astep < 0 ? (T - 1) * -a.astep + e : Math.max(0, e);
        break;
      }
      case 4:
        a.start = fresh();
        a.K = r.pick([0x80000000, 0x7ffffff0, 0xffffff00, 0xfffffffc, 0x10000, 0xffff0000]) | 0;
        break;
      case 5:
        a.start = memBytes + r.range(0, 64);
        break;
      default:
        a.start = r.u32();
    }
    a.start = u32(a.start);
  }

  /** Bases from starts, now that the counter's start is known: base = start - c0·scale - K. */
  finalizeBases(arrs: readonly Arr[], c0: Const32): void {
    for (const a of arrs) {
      if (a.mode === 'idx') a.base.v = (a.start - Math.imul(c0.v, a.scale) - a.K) | 0;
      else a.base.v = (a.start - a.K) | 0;
    }
  }

  // ---- addresses, values, statements ----------------------------------------------------------

  /** The address of array `a` plus k, not through its temporary. */
  addrExprRaw(ctx: BodyCtx, a: Arr, k: number): Expr {
    const r = this.r;
    if (a.mode === 'ptr') return this.plus(get(a.local!), a.K + k);
    const base: Expr = a.local !== undefined ? get(a.local) : a.base;
    if (a.mode === 'cell') return this.plus(base, a.K + k);
    const s = this.scaled(ctx.c, a.scale);
    const sum = s.neg ? op('i32.sub', base, s.e) : r.chance(0.5) ? op('i32.add', base, s.e) : op('i32.add', s.e, base);
    return this.plus(sum, a.K + k);
  }

  addrExpr(ctx: BodyCtx, a: Arr, k: number): Expr {
    if (a.temp !== undefined && this.r.chance(0.5)) return this.plus(get(a.temp), k - a.tempK);
    return this.addrExprRaw(ctx, a, k);
  }

  /** A relative element position and a memarg offset for an access to `a`. */
  where(a: Arr): { k: number; offset: number } {
    const r = this.r;
    const e = a.aligned ? a.ew : 1;
    const k = [0, 0, 0, 0, a.ew, -a.ew, 2 * a.ew, a.astep, -a.astep, e * r.range(-8, 8)][r.int(10)]!;
    const offset = [0, a.ew, e * r.range(1, 32), 65536, 0xfffffff0][r.weighted([780, 100, 118, 1, 1])]!;
    return { k, offset };
  }

  load(ctx: BodyCtx, a: Arr, t: VT): Expr {
    const r = this.r;
    const { k, offset } = this.where(a);
    const at = (o: string): Expr => ({ k: 'load', op: o, addr: this.addrExpr(ctx, a, k), offset, ...(r.chance(0.1) ? { align: 1 } : {}) });
    if (!a.aligned) {
      let ops = LOADS[a.fam].filter((o) => resultType(o) === t);
      if (ops.length === 0 || r.chance(0.1)) ops = ALL_LOADS.filter((o) => resultType(o) === t);
      return at(r.pick(ops));
    }
    // The array's width: its family's loads, other types' of the same width (punning), or an
    // integer load of that width converted (floats by reinterpretation: raw bits, which the
    // callers only copy).
    const same = ALL_LOADS.filter((o) => resultType(o) === t && widthOf(o) === a.ew);
    const own = same.filter((o) => LOADS[a.fam].includes(o));
    if (own.length > 0 && r.chance(0.9)) return at(r.pick(own));
    if (same.length > 0) return at(r.pick(same));
    const int = r.pick(ALL_LOADS.filter((o) => o.startsWith('i') && widthOf(o) === a.ew));
    const v = at(int);
    const it = resultType(int);
    switch (t) {
      case 'i32': return it === 'i32' ? v : op('i32.wrap_i64', v);
      case 'i64': return it === 'i64' ? v : op('i64.extend_i32_u', v);
      case 'f32': return op('f32.reinterpret_i32', it === 'i32' ? v : op('i32.wrap_i64', v));
      case 'f64': return op('f64.reinterpret_i64', it === 'i64' ? v : op('i64.extend_i32_u', v));
    }
  }

  /** A value of type t: integers anything; floats only from integers (never NaN). */
  val(ctx: BodyCtx, t: VT, depth: number): Expr {
    const r = this.r;
    const leaf = depth <= 0 || r.chance(0.35);
    const arr = (): Arr => r.pick(ctx.arrs);
    switch (t) {
      case 'i32':
        if (leaf) {
          switch (r.weighted([45, 15, 10, 10, 8, 6, 6])) {
            case 0: return this.load(ctx, arr(), 'i32');
            case 1: return get(ctx.c);
            case 2: return get('$ai');
            case 3: return i32c(r.pick([0, 1, -1, 7, 255, 0x7fffffff, r.u32()]));
            case 4: return get(ctx.last);
            case 5: return op('i32.reinterpret_f32', this.load(ctx, arr(), 'f32'));
            default: return op('i32.trunc_sat_f64_s', this.val(ctx, 'f64', 0));
          }
        }
        switch (r.weighted([50, 15, 10, 8, 8, 9])) {
          case 0: return op(r.pick(['i32.add', 'i32.sub', 'i32.mul', 'i32.and', 'i32.or', 'i32.xor', 'i32.shl', 'i32.shr_u', 'i32.shr_s', 'i32.rotl', 'i32.rotr']), this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1));
          case 1: return op(r.pick(['i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.eqz', 'i32.extend8_s', 'i32.extend16_s']), this.val(ctx, 'i32', depth - 1));
          case 2: return op(r.pick(['i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.ge_u', 'i32.gt_s']), this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1));
          case 3: return op('i32.wrap_i64', this.val(ctx, 'i64', depth - 1));
          case 4: return op('select', this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1), this.val(ctx, 'i32', depth - 1));
          default: return op(r.pick(['i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u']), this.val(ctx, 'f32', depth - 1));
        }
      case 'i64':
        if (leaf) {
          switch (r.weighted([45, 25, 10, 10, 10])) {
            case 0: return this.load(ctx, arr(), 'i64');
            case 1: return op(r.pick(['i64.extend_i32_s', 'i64.extend_i32_u']), this.val(ctx, 'i32', 0));
            case 2: return get('$al');
            case 3: return { k: 'const', t: 'i64', text: r.pick(['0', '1', '-1', '0x7fffffffffffffff', String(r.u32() * 65536 + r.int(65536))]) };
            default: return op('i64.reinterpret_f64', this.load(ctx, arr(), 'f64'));
          }
        }
        switch (r.weighted([60, 20, 20])) {
          case 0: return op(r.pick(['i64.add', 'i64.sub', 'i64.mul', 'i64.and', 'i64.or', 'i64.xor', 'i64.shl', 'i64.shr_u', 'i64.rotl']), this.val(ctx, 'i64', depth - 1), this.val(ctx, 'i64', depth - 1));
          case 1: return op(r.pick(['i64.popcnt', 'i64.clz', 'i64.extend32_s', 'i64.extend16_s']), this.val(ctx, 'i64', depth - 1));
          default: return op(r.pick(['i64.extend_i32_s', 'i64.extend_i32_u']), this.val(ctx, 'i32', depth - 1));
        }
      case 'f32':
      case 'f64': {
        // Finite values only: conversions of integers, small constants, the accumulators, one
        // level of add/sub/min/max and multiplication by small constants (no overflow to inf).
        const safeLeaf = (): Expr => {
          switch (r.weighted([55, 15, 15, 15])) {
            case 0: return op(`${t}.convert_i32_${r.pick(['s', 'u'])}`, this.val(ctx, 'i32', 1));
            case 1: return op(`${t}.convert_i64_s`, this.val(ctx, 'i64', 0));
            case 2: return { k: 'const', t, text: r.pick(['0', '1.5', '-2', '0.25', '1000000']) };
            default: return t === 'f32' ? op('f32.demote_f64', op('f64.convert_i32_s', get(ctx.c))) : op('f64.promote_f32', get('$af'));
          }
        };
        if (leaf) return safeLeaf();
        switch (r.weighted([50, 20, 15, 15])) {
          case 0: return op(r.pick([`${t}.add`, `${t}.sub`, `${t}.min`, `${t}.max`]), safeLeaf(), safeLeaf());
          case 1: return op(`${t}.mul`, safeLeaf(), { k: 'const', t, text: r.pick(['2', '0.5', '-3', '4']) });
          case 2: return op(r.pick([`${t}.neg`, `${t}.abs`, `${t}.floor`, `${t}.nearest`]), safeLeaf());
          default: return op(`${t}.copysign`, safeLeaf(), safeLeaf());
        }
      }
    }
  }

  /** A value for store op `o`: floats may also be raw loads (copied bits), neg/abs'ed. */
  valueFor(ctx: BodyCtx, o: string): Expr {
    const r = this.r;
    const t = resultType(o);
    if ((t === 'f32' || t === 'f64') && r.chance(0.4)) {
      const raw = this.load(ctx, r.pick(ctx.arrs), t);
      return r.chance(0.6) ? raw : op(`${t}.${r.pick(['neg', 'abs'])}`, raw);
    }
    if (r.chance(0.25)) return this.load(ctx, r.pick(ctx.arrs), t);
    return this.val(ctx, t, r.range(0, 2));
  }

  /** The array each store made by storeTo writes to. */
  readonly storeArr = new WeakMap<Stmt, Arr>();

  storeTo(ctx: BodyCtx, a: Arr): Stmt {
    const r = this.r;
    const o = r.chance(0.9) ? r.pick(STORES[a.fam]) : r.pick(a.aligned ? ALL_STORES.filter((x) => widthOf(x) === a.ew) : ALL_STORES);
    const { k, offset } = this.where(a);
    const addr = this.addrExpr(ctx, a, k);
    // Sometimes the arm's `last` is teed from the stored value.
    let value = this.valueFor(ctx, o);
    if (ctx.inArm && resultType(o) === 'i32' && r.chance(0.3)) value = { k: 'tee', l: ctx.last, e: value };
    const st = noSelfCopy({ k: 'store', op: o, addr, offset, value, ...(r.chance(0.1) ? { align: 1 } : {}) }, a.ew);
    this.storeArr.set(st, a);
    return st;
  }

  dataCond(ctx: BodyCtx): Expr {
    const r = this.r;
    const a = r.pick(ctx.arrs);
    switch (r.int(6)) {
      case 0: return op('i32.and', this.load(ctx, a, 'i32'), i32c(1));
      case 1: return op('i32.lt_s', this.load(ctx, a, 'i32'), i32c(0));
      case 2: return op('i32.gt_u', this.load(ctx, a, 'i32'), i32c(r.range(0, 255)));
      case 3: return op('i32.ne', this.load(ctx, a, 'i32'), this.load(ctx, r.pick(ctx.arrs), 'i32'));
      case 4: return op('f64.gt', this.val(ctx, 'f64', 1), { k: 'const', t: 'f64', text: '0' });
      default: return this.load(ctx, a, 'i32');
    }
  }

  /** One statement of the body (w: store, reduction, if, copy-through-global, drop, copy). */
  action(ctx: BodyCtx, w: number): Stmt {
    const r = this.r;
    if (ctx.noStore && (w === 0 || w === 5)) w = 1;
    switch (w) {
      case 0:
        return this.storeTo(ctx, r.pick(ctx.arrs));
      case 1:
        return this.reduction(ctx);
      case 2: {
        ctx.inArm = true;
        const then: Stmt[] = [];
        const n = r.range(1, 3);
        for (let i = 0; i < n; i++) {
          switch (r.weighted([ctx.noStore ? 0 : 45, 20, 20, 15])) {
            case 0: then.push(this.storeTo(ctx, r.pick(ctx.arrs))); break;
            case 1: then.push(this.reduction(ctx)); break;
            case 2: then.push(set(ctx.last, r.chance(0.5) ? get(ctx.c) : this.val(ctx, 'i32', 1))); break;
            default: then.push(set(ctx.cnt, op('i32.add', get(ctx.cnt), i32c(1))));
          }
        }
        ctx.inArm = false;
        const cond = r.chance(0.7)
          ? this.dataCond(ctx)
          : r.chance(0.5) ? op('i32.and', get(ctx.c), i32c(r.pick([1, 3, 4]))) : op('i32.gt_u', get(ctx.c), i32c(r.u32()));
        return { k: 'if', cond, then };
      }
      case 3:
        return { k: 'gset', e: op('i32.add', { k: 'gget' }, this.val(ctx, 'i32', 1)) };
      case 4:
        return { k: 'drop', e: this.val(ctx, r.pick(['i32', 'i64', 'f64'] as const), 1) };
      default: {
        // A plain copy between two arrays, same type.
        const a = r.pick(ctx.arrs);
        const o = r.pick(STORES[a.fam]);
        const { k, offset } = this.where(a);
        const addr = this.addrExpr(ctx, a, k);
        return noSelfCopy({ k: 'store', op: o, addr, offset, value: this.load(ctx, r.pick(ctx.arrs), resultType(o)) }, a.ew);
      }
    }
  }

  reduction(ctx: BodyCtx): Stmt {
    const r = this.r;
    switch (r.weighted([40, 25, 15, 20])) {
      case 0: return set('$ai', op(r.pick(['i32.add', 'i32.xor', 'i32.sub']), get('$ai'), this.val(ctx, 'i32', r.range(0, 2))));
      case 1: return set('$al', op(r.pick(['i64.add', 'i64.xor']), get('$al'), this.val(ctx, 'i64', r.range(0, 2))));
      case 2: return set('$af', op('f32.add', get('$af'), this.val(ctx, 'f32', r.range(0, 1))));
      default: return set('$ad', op(r.pick(['f64.add', 'f64.sub']), get('$ad'), this.val(ctx, 'f64', r.range(0, 1))));
    }
  }

  // ---- the exit --------------------------------------------------------------------------------

  exit(L: number, near: NearMiss | undefined, ctx: BodyCtx, sc: number, ptrs: Arr[], insert: (s: Stmt, anywhere?: boolean) => void): ExitPlan {
    const r = this.r;
    const c = ctx.c;
    const A = i32c(0);
    const probe = (e: Expr): Probe => ({ k: 'probe', e, vals: [] });
    // Which variable: the counter, a pointer (p ≠ end and friends), or two counters.
    const movers = ptrs.filter((a) => !(a === ptrs[0] && (near === 'ivInArm' || near === 'xorIv' || near === 'scaleIv' || near === 'stepZero' || near === 'bigStep')));
    const exitNear = near === 'exitStep' || near === 'dirMismatch' || near === 'leExit' || near === 'eqzExit' || near === 'xorExit' || near === 'selectExit';
    const v = near === 'bothVary' ? 2 : r.weighted([70, movers.length > 0 && near !== 'exitStep' ? 20 : 0, exitNear ? 0 : 10]);
    if (v === 2) {
      // Two counters: x = c - d, ne; or both varying in lt_u (near miss).
      const d = this.local(`$d${L}`);
      const sd = near === 'bothVary' ? -Math.abs(sc) : r.pick([-sc, sc * 3, -1, 1, 2 * sc]);
      this.update(d, sd, insert);
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
          const t = this.local(`$x${L}`);
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
      const n = this.local(`$n${L}`);
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
  fixExit(exit: ExitPlan, loop: LoopStmt, prologue: ReadonlyArray<{ l: string; node: Const32 }>, T: number, c0: Const32): boolean {
    const r = this.r;
    /** x at the first two iterations' conditions, with the prologue's current constants. */
    const dry = (): [number, number] | undefined => {
      const sim: Sim = {
        env: new Map(), types: this.locals, pages: 1, maxPages: 1, steps: 0, cap: 10, cond: 0, dry: true, maybeTrap: false, maybe: new Set(),
      };
      for (const [l, t] of this.locals) if (t === 'i32') sim.env.set(l, 0);
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
}

interface BodyCtx {
  arrs: Arr[];
  c: string;
  last: string;
  cnt: string;
  noStore: boolean;
  inArm: boolean;
}

interface ExitPlan {
  cond: Expr;
  probe: Probe;
  /** The adjustable constant: the bound (cmp) or a start (plain). */
  A: Const32;
  kind: 'cmp' | 'plain';
  op?: string;
  /** plain: x = x(A = 0) + sign · A. */
  sign?: 1 | -1;
  /** plain: adjust the counter's start instead of A. */
  adjustC?: boolean;
  /** The bound is y = local + yk. */
  yk?: number;
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
  step?: number;
  what: string;
}

// ---- modules ----------------------------------------------------------------------------------

export interface GeneratedModule {
  k: number;
  wat: string;
  /** Per exported function, its loops in body order (outer loops first). */
  loops: LoopMeta[][];
  functions: number;
  /** Functions regenerated because the interpreter could not bound them. */
  retries: number;
  /** Functions that trap (per the interpreter; a trap in an `if` arm is not counted). */
  trapping: number;
}

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
  for (let L = 0; L < nn; L++) body.push(...g.nest(L));
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
  const sim: Sim = {
    env: new Map(), types: g.locals, pages, maxPages, steps: 0, cap: P.cap, cond: 0, dry: false, maybeTrap: false, maybe: new Set(),
  };
  for (const [l, t] of g.locals) if (t === 'i32') sim.env.set(l, 0);
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

// ---- coverage: what the translator did with each loop ---------------------------------------

/** The two helpers come first in the function index space. */
const FIRST_EXPORTED_FUNC = 2;

let llvmAsPath: string | null | undefined;

/** llvm-as of LLVM 16 (llvm-as-16, /usr/lib/llvm-16/bin/llvm-as, llvm-as), or null. */
function llvmAs(): string | null {
  if (llvmAsPath === undefined) {
    llvmAsPath = ['llvm-as-16', '/usr/lib/llvm-16/bin/llvm-as', 'llvm-as'].find((c) => have(c)) ?? null;
  }
  return llvmAsPath;
}

/**
 * The LLVM verifier's complaint about `ir`, or undefined when it is valid. clang does not
 * verify IR it is given as input (not even at -O0), so IR where the slow copy uses a value
 * defined in the fast copy (which does not dominate it) compiles, and misbehaves only when
 * the slow path runs with that value; llvm-as verifies.
 */
function verifyIR(ir: string): string | undefined {
  const as = llvmAs();
  if (as === null) return undefined;
  const r = spawnSync(as, ['-o', '/dev/null', '-'], { input: ir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status === 0) return undefined;
  return (r.stderr || r.error?.message || `status ${r.status}`).trim().split('\n').slice(0, 6).join(' | ');
}

/**
 * Translate the module with AWSM_DEBUG_VERSIONING=1 in this process and record each loop's
 * verdict (`versioned, …` or the reason) in its LoopMeta, matched by the loop's position.
 * Returns the verifier's complaints about the IR of either bounds mode.
 */
function coverage(gm: GeneratedModule, bytes: Uint8Array): string[] {
  const m = decodeModule(bytes);
  validateModule(m);
  const chunks: string[] = [];
  const saved = process.env['AWSM_DEBUG_VERSIONING'];
  const write = process.stderr.write;
  process.env['AWSM_DEBUG_VERSIONING'] = '1';
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  const irs: Array<['guard' | 'explicit', string]> = [];
  try {
    irs.push(['explicit', translateModule(m, { name: 'cov', bounds: 'explicit' })]);
  } finally {
    process.stderr.write = write;
    if (saved === undefined) delete process.env['AWSM_DEBUG_VERSIONING'];
    else process.env['AWSM_DEBUG_VERSIONING'] = saved;
  }
  const verdicts = new Map<string, string>();
  for (const line of chunks.join('').split('\n')) {
    const v = /^versioning: f(\d+) @(\d+): (.*)$/.exec(line);
    if (v !== null) verdicts.set(`${v[1]}@${v[2]}`, v[3]!);
  }
  gm.loops.forEach((metas, fi) => {
    const funcidx = fi + FIRST_EXPORTED_FUNC;
    const positions = m.funcs[funcidx]!.body.filter((i) => i.op.name === 'loop').map((i) => i.pos);
    if (positions.length !== metas.length) throw new Error(`module ${gm.k} f${fi}: ${positions.length} loops in the binary, ${metas.length} generated`);
    metas.forEach((meta, j) => {
      meta.actual = verdicts.get(`${funcidx}@${positions[j]}`) ?? 'no verdict (unreachable?)';
    });
  });
  irs.push(['guard', translateModule(m, { name: 'cov', bounds: 'guard' })]);
  const bad: string[] = [];
  for (const [bounds, ir] of irs) {
    const v = verifyIR(ir);
    if (v !== undefined) bad.push(`${bounds}: ${v}`);
  }
  return bad;
}

// ---- runs ------------------------------------------------------------------------------------

export interface LoopDiffOptions {
  modules: number;
  seed: number;
  /** Default 'both': every module in guard mode and in explicit mode. */
  bounds?: 'guard' | 'explicit' | 'both';
  /** Index of the first module (default 0). */
  first?: number;
  /** Default 2. */
  optLevel?: OptLevel;
  /** Modules per shared library (default 20). */
  batch?: number;
  /** Batches in parallel (default 1). */
  jobs?: number;
  /** Per batch in the driver, per module in V8 (default 60000 ms). */
  timeoutMs?: number;
  /** Where divergences are saved (nothing is saved when undefined). */
  out?: string;
  keep?: boolean;
  onProgress?: (r: LoopDiffReport) => void;
}

export interface LoopDivergence {
  k: number;
  bounds: 'guard' | 'explicit';
  kind: string;
  detail: string;
  /** The .wat, when saved. */
  saved?: string;
}

export interface LoopDiffReport {
  seed: number;
  modules: number;
  functions: number;
  /** Functions generated again because the interpreter could not bound them. */
  retries: number;
  /** Functions that trap (so that the loops after the trap do not run). */
  trapping: number;
  /** Every generated `loop`, innermost ones, and the translator's verdicts on the latter. */
  loops: number;
  innermost: number;
  versioned: number;
  notVersioned: number;
  /** Outer loops, and those versioned as a nest with their inner loop. */
  outer: number;
  nests: number;
  /** Innermost loops by the generator's intent ('versionable' or a near-miss kind). */
  byIntent: Record<string, { loops: number; versioned: number }>;
  /** Why intended-versionable loops were not versioned (the translator's reason). */
  missedWhy: Record<string, number>;
  /** Near misses the translator versioned anyway (suspicious), with the loop's description. */
  unexpected: string[];
  /** Loops where the mirror of the analysis and the translator disagree. */
  modelDisagreements: string[];
  /** Executions (entries) of versioned loops, by the replayed entry checks. */
  entries: { total: number; fast: number; slow: number; unpredicted: number; trapped: number; slowWhy: Record<string, number> };
  /** Versioned loops with at least one fast / slow entry, and never entered. */
  loopsWithFast: number;
  loopsWithSlow: number;
  loopsNeverRun: number;
  /** A fast prediction whose trip count the interpreter disagrees with. */
  inconsistencies: string[];
  /** Modules compared (per bounds mode) and export calls compared. */
  compared: number;
  calls: number;
  /** Differences the comparison rules allow, by reason (diff.ts). */
  allowed: Record<string, number>;
  /** Guard-mode differences proven to be the dead-load gap, by reason, and the modules (diff.ts's runBatch). */
  excused: Record<string, number>;
  excusedModules: number[];
  divergences: LoopDivergence[];
  /** Generator or tool failures (not divergences, but the run is not clean). */
  errors: string[];
  seconds: number;
}

function emptyReport(seed: number): LoopDiffReport {
  return {
    seed, modules: 0, functions: 0, retries: 0, trapping: 0, loops: 0, innermost: 0, versioned: 0, notVersioned: 0, outer: 0, nests: 0, byIntent: {}, missedWhy: {},
    unexpected: [], modelDisagreements: [], entries: { total: 0, fast: 0, slow: 0, unpredicted: 0, trapped: 0, slowWhy: {} },
    loopsWithFast: 0, loopsWithSlow: 0, loopsNeverRun: 0, inconsistencies: [], compared: 0, calls: 0, allowed: {}, excused: {}, excusedModules: [],
    divergences: [], errors: [], seconds: 0,
  };
}

const bump = (o: Record<string, number>, k: string): void => {
  o[k] = (o[k] ?? 0) + 1;
};

/** Add a module's loop statistics (after coverage()) to the report. */
function account(r: LoopDiffReport, gm: GeneratedModule): void {
  r.modules++;
  r.functions += gm.functions;
  r.retries += gm.retries;
  r.trapping += gm.trapping;
  gm.loops.forEach((metas, fi) => {
    metas.forEach((m, j) => {
      r.loops++;
      if (m.intent === 'outer') {
        r.outer++;
        if (m.actual?.startsWith('versioned nest')) r.nests++;
        return;
      }
      r.innermost++;
      const where = `module ${gm.k} f${fi} loop ${j}`;
      const versioned = m.actual?.startsWith('versioned') ?? false;
      const bi = (r.byIntent[m.intent] ??= { loops: 0, versioned: 0 });
      bi.loops++;
      if (versioned) {
        bi.versioned++;
        r.versioned++;
      } else r.notVersioned++;
      if (m.intent === 'versionable' && !versioned) bump(r.missedWhy, (m.actual ?? '?').replace(/ at \d+/g, '').replace(/-?\d+/g, 'N'));
      if (m.intent !== 'versionable' && versioned) r.unexpected.push(`${where}: ${m.what} — ${m.actual}`);
      const modelSays = typeof m.model !== 'string';
      if (modelSays !== versioned && r.modelDisagreements.length < 50) {
        r.modelDisagreements.push(`${where}: model ${modelSays ? 'versions' : `refuses (${m.model as string})`}, translator: ${m.actual}`);
      }
      if (!versioned) return;
      r.entries.total += m.entries;
      r.entries.fast += m.fast;
      r.entries.slow += m.slow;
      r.entries.unpredicted += m.unpredicted + (modelSays ? 0 : m.entries);
      r.entries.trapped += m.trapped;
      addCounts(r.entries.slowWhy, m.slowWhy);
      if (m.fast > 0) r.loopsWithFast++;
      if (m.slow > 0) r.loopsWithSlow++;
      if (m.entries === 0) r.loopsNeverRun++;
      for (const i of m.inconsistencies) r.inconsistencies.push(`${where}: ${i} (${m.what})`);
    });
  });
}

/** Generate, compare and account for modules [from, to). */
async function runBatch(o: LoopDiffOptions, from: number, to: number, dir: string, report: LoopDiffReport): Promise<void> {
  const files: string[] = [];
  const mods: GeneratedModule[] = [];
  for (let k = from; k < to; k++) {
    let gm: GeneratedModule;
    try {
      gm = generateLoopModule(o.seed, k);
    } catch (e) {
      report.errors.push(`module ${k}: generator: ${(e as Error).message}`);
      continue;
    }
    const wasm = join(dir, `loop${k}-denan.wasm`);
    try {
      wat2wasm({ text: gm.wat }, wasm);
      for (const v of coverage(gm, new Uint8Array(readFileSync(wasm)))) {
        const div: LoopDivergence = { k, bounds: v.startsWith('guard') ? 'guard' : 'explicit', kind: 'invalid-ir', detail: `the LLVM verifier rejects awsm's IR: ${v}` };
        if (o.out !== undefined) {
          mkdirSync(o.out, { recursive: true });
          div.saved = join(o.out, `loop-${o.seed}-${k}-invalid-ir.wat`);
          writeFileSync(div.saved, gm.wat);
        }
        report.divergences.push(div);
      }
    } catch (e) {
      report.errors.push(`module ${k}: ${(e as Error).message.split('\n').slice(0, 4).join(' | ')}`);
      const bad = join(o.out ?? dir, `error-${k}.wat`);
      mkdirSync(o.out ?? dir, { recursive: true });
      writeFileSync(bad, gm.wat);
      continue;
    }
    account(report, gm);
    files.push(wasm);
    mods.push(gm);
  }
  const modes: Array<'guard' | 'explicit'> = (o.bounds ?? 'both') === 'both' ? ['guard', 'explicit'] : [o.bounds as 'guard' | 'explicit'];
  const found: Array<{ bounds: 'guard' | 'explicit'; d: Divergence }> = [];
  for (const bounds of modes) {
    if (files.length === 0) break;
    const r = await checkFiles(files, { bounds, optLevel: o.optLevel ?? 2, timeoutMs: o.timeoutMs ?? 60_000, keep: o.keep ?? false });
    report.compared += r.compared;
    report.calls += r.calls;
    addCounts(report.allowed, r.allowed);
    addCounts(report.excused, r.excused);
    const settled = r.compared + r.divergences.length + r.excusedModules.filter((e) => e.reason === EXCUSES.timeout).length;
    if (settled < files.length) report.errors.push(`${bounds}: only ${r.compared} of ${files.length} modules compared in batch ${from}–${to - 1}`);
    for (const e of r.excusedModules) {
      report.excusedModules.push(mods[e.k]!.k);
      if (o.out !== undefined) {
        mkdirSync(o.out, { recursive: true });
        writeFileSync(join(o.out, `excused-${o.seed}-${mods[e.k]!.k}.wat`), `;; excused: ${e.reason}\n;; guard mode: ${e.detail}\n${mods[e.k]!.wat}`);
      }
    }
    for (const d of r.divergences) found.push({ bounds, d });
  }
  for (const { bounds, d } of found) {
    const gm = mods[d.k]!;
    const div: LoopDivergence = { k: gm.k, bounds, kind: d.kind, detail: d.detail };
    if (o.out !== undefined) {
      mkdirSync(o.out, { recursive: true });
      const base = join(o.out, `loop-${o.seed}-${gm.k}-${bounds}`);
      writeFileSync(`${base}.wat`, gm.wat);
      writeFileSync(
        `${base}.txt`,
        `seed ${o.seed} module ${gm.k}, bounds ${bounds}\n${d.kind}: ${d.detail}\n\n--- awsm\n${d.awsm ?? '(none)'}\n--- V8\n${d.v8 ?? '(none)'}\n` +
          `check: wat2wasm ${base}.wat -o ${base}-denan.wasm && node dist/tests/diff/diff.js --check ${base}-denan.wasm --bounds ${bounds}\n`,
      );
      div.saved = `${base}.wat`;
    }
    report.divergences.push(div);
  }
  if (!o.keep) for (const f of files) rmSync(f, { force: true }), rmSync(f.replace(/\.wasm$/, '.wat'), { force: true });
}

/** Generate `modules` loop modules from `seed` and compare each with V8 (see the top). */
export async function runLoopDiff(o: LoopDiffOptions): Promise<LoopDiffReport> {
  const started = Date.now();
  const report = emptyReport(o.seed);
  delete process.env['AWSM_DEBUG_VERSIONING'];
  const dir = mkdtempSync(join(tmpdir(), 'awsm-loops-'));
  const first = o.first ?? 0;
  const batch = Math.max(1, o.batch ?? 20);
  const batches: Array<[number, number]> = [];
  for (let k = first; k < first + o.modules; k += batch) batches.push([k, Math.min(first + o.modules, k + batch)]);
  try {
    const worker = async (): Promise<void> => {
      for (let b = batches.shift(); b !== undefined; b = batches.shift()) {
        await runBatch(o, b[0], b[1], dir, report);
        report.seconds = (Date.now() - started) / 1000;
        o.onProgress?.(report);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs ?? 1) }, worker));
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`loops: kept ${dir}`);
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

// ---- command line ----------------------------------------------------------------------------

const USAGE = `usage: node dist/tests/diff/loops.js [options]
  -n N             modules to generate and compare (default 100)
  --seed S         run seed (default: from the clock; printed)
  --first K        index of the first module (default 0)
  --bounds MODE    guard, explicit or both (default both: every module in both modes)
  -O N             LLVM optimisation level (default 2)
  -j N             batches in parallel (default 1)
  --batch B        modules per shared library (default 20)
  --timeout MS     per batch in the driver, per module in V8 (default 60000)
  --out DIR        where divergences go (default CACHE/diff/loop-findings/SEED)
  --keep           keep the temporary directory (IR, libraries)
  --print K        print module K of the seed as .wat (with the generator's notes) and exit
  --verbose        list every suspicious loop, not only the first 10
Exit status: 0 when nothing diverged, 1 when something did, 2 for a usage error.`;

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);

function printReport(r: LoopDiffReport, verbose: boolean): void {
  const lim = <T>(xs: T[]): T[] => (verbose ? xs : xs.slice(0, 10));
  console.log(`loops: seed ${r.seed}: ${r.modules} modules, ${r.functions} functions (${r.retries} regenerated, ${r.trapping} trap), ${r.seconds.toFixed(0)} s`);
  console.log(`loops: ${r.loops} loops, ${r.innermost} innermost: ${r.versioned} versioned (${pct(r.versioned, r.innermost)}), ${r.notVersioned} not`);
  console.log(`loops: ${r.outer} outer loops: ${r.nests} versioned as a nest with their inner loop (${pct(r.nests, r.outer)})`);
  const intents = Object.entries(r.byIntent).sort((a, b) => b[1].loops - a[1].loops);
  console.log(`loops: by intent (versioned/loops): ${intents.map(([k, v]) => `${k} ${v.versioned}/${v.loops}`).join(', ')}`);
  const missed = Object.entries(r.missedWhy).sort((a, b) => b[1] - a[1]);
  if (missed.length > 0) console.log(`loops: intended-versionable loops not versioned: ${missed.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  const e = r.entries;
  console.log(
    `loops: entries of versioned loops: ${e.total}; by the replayed checks fast ${e.fast} (${pct(e.fast, e.total)}), slow ${e.slow} (${pct(e.slow, e.total)}), ` +
      `unpredicted ${e.unpredicted}; ${e.trapped} trapped; versioned loops with a fast entry ${r.loopsWithFast}, with a slow entry ${r.loopsWithSlow}, never run ${r.loopsNeverRun}`,
  );
  const why = Object.entries(e.slowWhy).sort((a, b) => b[1] - a[1]);
  if (why.length > 0) console.log(`loops: slow because: ${why.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  console.log(`loops: compared ${r.compared} module runs, ${r.calls} export calls, ${r.excusedModules.length} excused, ${r.divergences.length} divergences`);
  for (const l of excuseLines('loops', r)) console.log(l);
  if (r.excusedModules.length > 0) console.log(`loops: excused modules: ${r.excusedModules.join(', ')}`);
  if (r.unexpected.length > 0) {
    console.log(`loops: ${r.unexpected.length} near misses were versioned (suspicious):`);
    for (const u of lim(r.unexpected)) console.log(`  ${u}`);
  }
  if (r.inconsistencies.length > 0) {
    console.log(`loops: ${r.inconsistencies.length} fast predictions disagree with the interpreter:`);
    for (const u of lim(r.inconsistencies)) console.log(`  ${u}`);
  }
  if (r.modelDisagreements.length > 0) {
    console.log(`loops: ${r.modelDisagreements.length}${r.modelDisagreements.length >= 50 ? '+' : ''} loops where the analysis mirror and the translator disagree:`);
    for (const u of lim(r.modelDisagreements)) console.log(`  ${u}`);
  }
  if (r.errors.length > 0) {
    console.log(`loops: ${r.errors.length} errors:`);
    for (const u of lim(r.errors)) console.log(`  ${u}`);
  }
  for (const d of r.divergences) {
    console.log(`  DIVERGENCE module ${d.k} [${d.kind}, ${d.bounds}]${d.saved ? ` → ${d.saved}` : ''}\n      ${d.detail.slice(0, 500)}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const a = {
    n: 100, seed: (Date.now() ^ (process.pid << 16)) >>> 0, first: 0, bounds: 'both' as 'guard' | 'explicit' | 'both', opt: 2 as OptLevel,
    jobs: 1, batch: 20, timeout: 60_000, out: undefined as string | undefined, keep: false, print: undefined as number | undefined, verbose: false,
  };
  try {
    for (const o = new OptionReader(argv); o.next(); ) {
      switch (o.name) {
        case '-h': case '--help': console.log(USAGE); return 0;
        case '-n': a.n = o.int(0, 1e9); break;
        case '--seed': a.seed = o.int(0, 2 ** 32 - 1); break;
        case '--first': a.first = o.int(0, 2 ** 31 - 1); break;
        case '--bounds': a.bounds = o.choice(['guard', 'explicit', 'both'] as const); break;
        case '-O': a.opt = o.int(0, 3) as OptLevel; break;
        case '-j': a.jobs = o.int(1, 64); break;
        case '--batch': a.batch = o.int(1, 10_000); break;
        case '--timeout': a.timeout = o.int(1000, 86_400_000); break;
        case '--out': a.out = o.value(); break;
        case '--keep': a.keep = true; break;
        case '--print': a.print = o.int(0, 2 ** 31 - 1); break;
        case '--verbose': a.verbose = true; break;
        default: throw new Error(`unknown option '${o.arg}'`);
      }
    }
  } catch (e) {
    console.error(`loops: error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (a.print !== undefined) {
    const gm = generateLoopModule(a.seed, a.print);
    process.stdout.write(gm.wat);
    gm.loops.forEach((ls, fi) => ls.forEach((m, j) => {
      const model = typeof m.model === 'string' ? `refuses: ${m.model}` : `versions (${m.model.groups.length} groups, exit ${m.model.exit.op} step ${m.model.exit.step})`;
      console.error(`f${fi} loop ${j}: ${m.what}\n    model ${model}; ${m.entries} entries, ${m.iterations} iterations, fast ${m.fast}, slow ${m.slow} ${JSON.stringify(m.slowWhy)}, trapped ${m.trapped}${m.inconsistencies.length ? `; INCONSISTENT: ${m.inconsistencies.join('; ')}` : ''}`);
    }));
    return 0;
  }
  const out = resolve(a.out ?? join(cacheDir(), 'diff', 'loop-findings', String(a.seed)));
  console.error(`loops: seed ${a.seed}, ${a.n} modules from ${a.first}, bounds ${a.bounds}, -O${a.opt}, batches of ${a.batch}, ${a.jobs} jobs`);
  let lastPrint = Date.now();
  const report = await runLoopDiff({
    modules: a.n, seed: a.seed, first: a.first, bounds: a.bounds, optLevel: a.opt, jobs: a.jobs, batch: a.batch, timeoutMs: a.timeout, out, keep: a.keep,
    onProgress: (r) => {
      if (Date.now() - lastPrint < 30_000) return;
      lastPrint = Date.now();
      console.error(`loops: ${r.modules} modules, ${r.versioned}/${r.innermost} loops versioned, ${r.calls} calls, ${r.divergences.length} divergences (${r.seconds.toFixed(0)} s)`);
    },
  });
  printReport(report, a.verbose);
  return report.divergences.length === 0 ? 0 : 1;
}

runAsScript(import.meta.url, 'loops', main);
