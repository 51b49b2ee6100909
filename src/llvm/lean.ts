/**
 * The quick tier's peepholes on a function's lines as they are emitted (FunctionBuilder.lean,
 * set by TranslateOptions.quick), and their state. Off for the optimising tier, whose
 * InstCombine and GVN do all of this; LLVM -O0 does none of it.
 *
 *  - unextended: what a `zext` emitted just now extends, its line taken back (eqz and
 *    i64.extend_i32_u look through Go's widened booleans and addresses);
 *  - zextOnce: a block's `zext i32 … to i64` of an address made once and reused;
 *  - wrapI64: a constant's low half; a block's `trunc` of an i64 made once; an i64 add, sub,
 *    mul, and, or or xor of zexts narrowed to the i32 operation (narrow.ts).
 *
 * Taking a line back is safe because a Wasm stack value is consumed once: a line just
 * emitted that defines the value asked about has no reader yet (a `local.tee` would have
 * stored it, a branch ended the block).
 */
import { narrowWrap } from './narrow.js';
import type { Line } from './sink.js';
import { type Ty, type Value, i32, i64 } from './values.js';

/** What the peepholes need from the function being built (FunctionBuilder). */
export interface LeanHost {
  /** The body's lines so far (the peepholes read the last few). */
  readonly lines: readonly Line[];
  /** Remove the last body line, whose value nothing has read. */
  takeBack(): void;
  zext(v: Value, to: Ty): Value;
  trunc(v: Value, to: Ty): Value;
  /** A two-operand instruction `op ty a, b` of a's type. */
  binary(op: string, a: Value, b: Value): Value;
}

/** A `zext` line: the source type and value. */
const ZEXT_LINE = /^ {2}%\S+ = zext (i\d+) (\S+) to i\d+$/;

/** The peepholes' state for one function. */
export class Lean {
  /** zextOnce's values: the i32's ref → its `zext` to i64 (valid in block memoBlock). */
  private readonly blockZexts = new Map<string, Value>();
  /** wrapI64's `trunc`s: the i64's ref → its i32 (valid in block memoBlock). */
  private readonly blockTruncs = new Map<string, Value>();
  /**
   * The block (`block`'s value) in which each entry of blockZexts and blockTruncs was made: an
   * entry of another block is stale. Stamped rather than cleared at each block, since clearing
   * a Map allocates its table anew. (A value's ref is not handed out again once a zext or trunc
   * of it stays: only the last lines are ever taken back.)
   */
  private readonly memoBlock = new Map<string, number>();
  /** The current block's number, for memoBlock. */
  private block = 0;
  /** The refs of zextOnce's values, in any block (narrowWrap must not take their lines back). */
  private readonly sharedZexts = new Set<string>();
  private readonly host: LeanHost;

  constructor(host: LeanHost) {
    this.host = host;
  }

  /** A new block starts: what was computed in the others no longer dominates. */
  enterBlock(): void {
    this.block++;
  }

  /**
   * The value `v` zero-extends, when `v` is a `zext` emitted just now and not one zextOnce
   * hands out: its line is taken back, and so on down a chain of zexts (Go's booleans:
   * `zext i1` to i32, then to i64), but not to an i1 when `keepI1` is false. Otherwise `v`.
   */
  unextended(v: Value, keepI1: boolean): Value {
    const lines = this.host.lines;
    let x = v;
    for (;;) {
      const last = lines[lines.length - 1];
      if (last === undefined || last.def !== x.ref || this.sharedZexts.has(x.ref)) return x;
      const m = ZEXT_LINE.exec(last.text);
      if (m === null || (m[1] === 'i1' && !keepI1)) return x;
      this.host.takeBack();
      x = { ty: m[1]!, ref: m[2]! };
    }
  }

  /** `zext i32 v to i64`: the one already computed for `v` in this block if any (it dominates what follows). */
  zextOnce(v: Value): Value {
    if (v.k !== undefined) return i64(v.k);
    let z = this.memoBlock.get(v.ref) === this.block ? this.blockZexts.get(v.ref) : undefined;
    if (z === undefined) {
      z = this.host.zext(v, 'i64');
      this.blockZexts.set(v.ref, z);
      this.memoBlock.set(v.ref, this.block);
      this.sharedZexts.add(z.ref);
    }
    return z;
  }

  /**
   * `trunc i64 v to i32`: a constant's low half; the `trunc` already computed for `v` in this
   * block; or, when `v` is a narrowable operation on zexts and constants emitted just now, the
   * i32 operation, its i64 lines taken back (narrow.ts; not kept for reuse: the refs of lines
   * taken back are handed out again).
   */
  wrapI64(v: Value): Value {
    if (v.k !== undefined) return i32(Number(BigInt.asIntN(32, v.k)));
    const n = narrowWrap(this.host.lines, v.ref, this.sharedZexts);
    if (n !== undefined) {
      for (let i = 0; i < n.drop; i++) this.host.takeBack();
      return this.host.binary(n.op, { ty: 'i32', ref: n.a }, { ty: 'i32', ref: n.b });
    }
    let t = this.memoBlock.get(v.ref) === this.block ? this.blockTruncs.get(v.ref) : undefined;
    if (t === undefined) {
      this.blockTruncs.set(v.ref, (t = this.host.trunc(v, 'i32')));
      this.memoBlock.set(v.ref, this.block);
    }
    return t;
  }
}
