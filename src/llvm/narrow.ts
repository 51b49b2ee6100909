/**
 * Narrowing an i64 operation on zero-extended i32s back to i32, for the quick tier's IR
 * (FunctionBuilder.wrapI64 with `lean` on).
 *
 * Go computes addresses in i64 and wraps them: `i64.extend_i32_u`, `i64.const 8`, `i64.add`,
 * `i32.wrap_i64` is, as IR,
 *
 *   %4 = zext i32 %3 to i64
 *   %5 = add i64 %4, 8
 *   %6 = trunc i64 %5 to i32
 *
 * and the low 32 bits of an add, sub, mul, and, or or xor depend only on the low 32 bits of
 * its operands, so this is `%4 = add i32 %3, 8`: one IR instruction instead of three (a
 * quick partition of go-utf8 has 5,600 of these in 200,000 instructions). LLVM -O0 does not
 * fold it; the optimising tier's InstCombine does, so its IR keeps the plain form.
 *
 * Why taking the lines back is safe: a Wasm stack value is consumed once. The zexts are the
 * lines just before the operation and the operation is the last line, so nothing between
 * read them: a `local.tee` or `local.set` of one would have emitted its store in between,
 * a branch its terminator. A zext that FunctionBuilder.zextOnce may hand out again is not
 * taken (`shared`).
 */
import type { Line } from './sink.js';

/** The operations whose low 32 bits depend only on their operands' low 32 bits. */
const NARROWABLE = /^ {2}(%\S+) = (add|sub|mul|and|or|xor)(?: nuw| nsw)* i64 (\S+), (\S+)$/;

/**
 * `%x` when `l` is `%d = zext i32 %x to i64` (as FunctionBuilder's cast writes it: its one use
 * is `%x`) and `%d` is not in `shared`; else undefined. Read without a regular expression,
 * whose match would be an allocation at each wrap.
 */
function zextSource(l: Line | undefined, shared: ReadonlySet<string>): string | undefined {
  if (l === undefined || l.def === undefined || l.uses.length !== 1 || shared.has(l.def)) return undefined;
  if (!l.text.startsWith(' = zext i32 ', 2 + l.def.length) || !l.text.endsWith(' to i64')) return undefined;
  return l.uses[0]!.ref;
}

/** An integer constant as the builder prints it. */
const INTEGER = /^-?\d+$/;

/** An integer constant's low 32 bits, as the builder prints an i32. */
function low32(ref: string): string {
  return BigInt.asIntN(32, BigInt(ref)).toString();
}

/** The i32 operation to emit in place of the last `drop` lines. */
export interface Narrowed {
  /** Lines to take back from the end: the operation and its zexts. */
  drop: number;
  op: string;
  /** The i32 operands' refs. */
  a: string;
  b: string;
}

/**
 * If the last line of `lines` defines `v` as a narrowable i64 operation whose operands are
 * integer constants or zexts of i32s defined by the lines just before it (none of them in
 * `shared`), the i32 operation that computes `trunc v to i32`; otherwise undefined.
 */
export function narrowWrap(lines: readonly Line[], v: string, shared: ReadonlySet<string>): Narrowed | undefined {
  const last = lines[lines.length - 1];
  if (last === undefined || last.def !== v || last.md !== undefined) return undefined;
  const m = NARROWABLE.exec(last.text);
  if (m === null) return undefined;
  // The zexts just before the operation (at most one per operand), nearest first: their
  // defined names and sources (locals, not a map: this runs at every wrap).
  let d0: string | undefined;
  let s0: string | undefined;
  let d1: string | undefined;
  let s1: string | undefined;
  const z0 = zextSource(lines[lines.length - 2], shared);
  if (z0 !== undefined) {
    d0 = lines[lines.length - 2]!.def;
    s0 = z0;
    s1 = zextSource(lines[lines.length - 3], shared);
    if (s1 !== undefined) d1 = lines[lines.length - 3]!.def;
  }
  const ra = m[3]!;
  const rb = m[4]!;
  const a = INTEGER.test(ra) ? low32(ra) : ra === d0 ? s0 : ra === d1 ? s1 : undefined;
  const b = INTEGER.test(rb) ? low32(rb) : rb === d0 ? s0 : rb === d1 ? s1 : undefined;
  if (a === undefined || b === undefined) return undefined;
  // Every zext taken back must be an operand: one that is not was pushed for someone else.
  const aZext = ra === d0 || ra === d1;
  const bZext = rb !== ra && (rb === d0 || rb === d1);
  const drop = 1 + (aZext ? 1 : 0) + (bZext ? 1 : 0);
  if (drop > 1 && d0 !== ra && d0 !== rb) return undefined;
  if (drop > 2 && d1 !== ra && d1 !== rb) return undefined;
  return { drop, op: m[2]!, a, b };
}
