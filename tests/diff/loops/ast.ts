/**
 * The generated program of the loop fuzzer (tests/diff/loops.ts), as a small AST: expressions,
 * statements and loops, what the generator knows about each loop (LoopMeta), the plan that the
 * mirror of the analysis (model.ts) computes for it, and the constructors the generators use.
 * render.ts writes it as .wat text, interp.ts runs its address arithmetic.
 */

// ---- the generated program, as a small AST ------------------------------------------------

export type VT = 'i32' | 'i64' | 'f32' | 'f64';

/** An i32.const; mutable, so that a bound or a base can be fixed after the body is built. */
export interface Const32 {
  k: 'i32';
  v: number;
}
/** Records the values of `e` during the generator's dry run (the exit's x). */
export interface Probe {
  k: 'probe';
  e: Expr;
  vals: Array<number | undefined>;
}
export type Expr =
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

export interface LoopStmt {
  k: 'loop';
  label: string;
  body: Stmt[];
  /** The latch: `(br_if $label cond)` ends the body. */
  cond: Expr;
  /** Near miss: `(drop (loop (result i32) … (br_if …) (i32.const 7)))`. */
  result?: boolean;
  meta: LoopMeta;
}
export type Stmt =
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
export function widthOf(op: string): number {
  if (op.startsWith('v128')) return 16;
  const m = /(?:load|store)(8|16|32)/.exec(op);
  if (m !== null) return Number(m[1]) / 8;
  return op.startsWith('i64') || op.startsWith('f64') ? 8 : 4;
}

// ---- constructors --------------------------------------------------------------------------

export const u32 = (x: number): number => x >>> 0;
export const i32c = (v: number): Const32 => ({ k: 'i32', v: v | 0 });
export const get = (l: string): Expr => ({ k: 'get', l });
export const op = (name: string, ...args: Expr[]): Expr => ({ k: 'op', op: name, args });
export const set = (l: string, e: Expr): Stmt => ({ k: 'set', l, e });
export const isPow2 = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;

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

export function newMeta(intent: string, what: string): LoopMeta {
  return { intent, what, model: 'not modelled', entries: 0, iterations: 0, trapped: 0, fast: 0, slow: 0, slowWhy: {}, unpredicted: 0, inconsistencies: [] };
}

// ---- the plan of the mirror of the analysis (model.ts computes it) ---------------------------

/** An affine i32 value: the sum of terms (local → coefficient) and k, modulo 2^32. */
export interface Aff {
  terms: Map<string, number>;
  k: number;
}

/** A group of accesses with the same terms (one base), as emitVersionChecks bounds it. */
export interface MGroup {
  terms: Map<string, number>;
  /** Bytes the group's addresses move per iteration. */
  step: number;
  /** Whether any access of the group is a store. */
  store: boolean;
  /** The lowest constant of the group's addresses, and the highest end (k + offset + width). */
  kMin: number;
  endMax: number;
}
/** The analysis' plan, as far as the checks need it. */
export interface Model {
  groups: MGroup[];
  exit: { op: string; x: Aff; y: Aff; step: number };
}
