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

/** `%d = zext i32 %x to i64`: the defined name and `%x`. */
const ZEXT_I32 = /^ {2}(%\S+) = zext i32 (\S+) to i64$/;

/** An integer constant as the builder prints it. */
const INTEGER = /^-?\d+$/;

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
  // The zexts just before the operation (at most one per operand), by defined name.
  const zexts = new Map<string, string>();
  for (let i = lines.length - 2; i >= 0 && i >= lines.length - 3; i--) {
    const z = ZEXT_I32.exec(lines[i]!.text);
    if (z === null || shared.has(z[1]!)) break;
    zexts.set(z[1]!, z[2]!);
  }
  const narrow = (ref: string): string | undefined =>
    INTEGER.test(ref) ? BigInt.asIntN(32, BigInt(ref)).toString() : zexts.get(ref);
  const a = narrow(m[3]!);
  const b = narrow(m[4]!);
  if (a === undefined || b === undefined) return undefined;
  // Every zext taken back must be an operand: one that is not was pushed for someone else.
  const used = [m[3]!, m[4]!].filter((r) => zexts.has(r));
  const drop = 1 + new Set(used).size;
  let k = 0;
  for (const name of zexts.keys()) {
    if (k++ >= drop - 1) break;
    if (!used.includes(name)) return undefined;
  }
  return { drop, op: m[2]!, a, b };
}
