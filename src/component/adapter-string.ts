/**
 * Strings inside fused adapters (issue 20, docs/components.md "Component-to-component calls"):
 * the core Wasm that lifts a string from one component's memory and stores it into the
 * other's, in every pair of the three encodings, as CanonicalABI.md's
 * `load_string_from_range` and `store_string_into_range` do.
 *
 * Lifting checks the source: a latin1+utf16 string's pointer is 2-aligned whatever its form;
 * its length word's top bit (UTF16_TAG) says utf16 (the rest counts units) or latin1 (bytes);
 * a utf16 string is 2-aligned; the bytes lie in the source memory and number at most
 * 2^31 - 1; UTF-8 and UTF-16 are valid (adapter-abi.ts's validators); latin1 always is.
 *
 * Storing follows the ABI's cases, with its `realloc` calls in its order, each result checked
 * (aligned, inside the destination memory), except for utf16 → utf8, which allocates the
 * worst case (3 bytes a unit) and shrinks it, where the ABI allocates the source's length
 * first and grows it at the first non-ASCII unit: the string stored is the same.
 *
 * - the same encoding (and latin1 into latin1+utf16): one copy;
 * - latin1 → utf16: each byte widened; utf8 ↔ utf16: the transcoders, worst case then shrunk;
 * - latin1 → utf8 (`store_latin1_to_utf8`): the source's length allocated, the ASCII prefix
 *   copied; at the first other byte grown to 2 bytes a unit, the rest encoded, shrunk;
 * - utf8 or utf16 → latin1+utf16 (`store_string_to_latin1_or_utf16`): the source's length
 *   allocated and filled as latin1 while the code points fit; at the first that does not,
 *   grown to 2 bytes a unit, the latin1 widened in place, the rest written as UTF-16, shrunk,
 *   and the length tagged; all latin1: shrunk to the bytes written;
 * - tagged utf16 → latin1+utf16 (`store_probably_utf16_to_latin1_or_utf16`): copied as
 *   utf16; kept tagged if a unit is 0x100 or above, else narrowed in place and shrunk.
 *
 * The loops are helper functions of the adapter module (adapter-transcode.ts).
 */
import type { Code } from '../binary/encoder.js';
import type { StringEncoding } from './ast.js';
import type { Bytes, Emit, MemSide } from './adapter-check.js';
import { checkAlign, checkRange, reallocate, trapIf } from './adapter-check.js';
import type { Transcoder } from './adapter-transcode.js';

/** What the string paths need of the adapter function being written (adapter-abi.ts's Gen has it). */
export interface StringGen extends Emit {
  trap: (rule: 'align' | 'range' | 'length') => number;
  /** The function index of the validator `(ptr, len) -> ()` of `encoding` strings in memory `mem`. */
  validator: (encoding: 'utf8' | 'utf16', mem: number) => number;
  /** The function index of the transcoding helper `kind` from memory `fromMem` to memory `toMem`. */
  transcoder: (kind: Transcoder, fromMem: number, toMem: number) => number;
}

/** One side of the call: its memory, realloc and string encoding. */
export interface StringSide extends MemSide {
  encoding: StringEncoding;
}

/** The longest string the ABI moves, in bytes. */
export const MAX_STRING_BYTES = 0x7fffffff;

/** The top bit of a latin1+utf16 length: the string is utf16. */
export const UTF16_TAG = 0x80000000;

/** A string's form once lifted: its encoding, a latin1+utf16 string's by its tag. */
type Form = 'utf8' | 'utf16' | 'latin1';

/** The locals of the string being moved: source pointer, units (untagged), and the result. */
interface Locals {
  ptr: number;
  len: number;
  dptr: number;
  dlen: number;
}

/**
 * Move the string at i32 locals (`ptr`, `len`: the length word as stored, tagged or not) from
 * side `from` to side `to`: the i32 locals holding its pointer and length word in `to`.
 */
export function moveString(g: StringGen, ptr: number, len: number, from: StringSide, to: StringSide): { ptr: number; len: number } {
  const c = g.code;
  const l: Locals = { ptr, len, dptr: c.local('i32'), dlen: c.local('i32') };
  if (from.encoding !== 'latin1+utf16') {
    lift(g, from.encoding, l, from);
    store(g, from.encoding, false, l, from, to);
  } else {
    checkAlign(g, ptr, 2);
    c.get(len).i32(UTF16_TAG).op('i32.and').if();
    c.get(len).i32(UTF16_TAG).op('i32.xor').set(len);
    lift(g, 'utf16', l, from);
    store(g, 'utf16', true, l, from, to);
    c.else();
    lift(g, 'latin1', l, from);
    store(g, 'latin1', true, l, from, to);
    c.end();
  }
  return { ptr: l.dptr, len: l.dlen };
}

/** A new i64 local holding `units` (an i32 local) times `size`. */
function bytesOf(c: Code, units: number, size: number): number {
  const b = c.local('i64');
  c.get(units).op('i64.extend_i32_u');
  if (size !== 1) c.i64(BigInt(size)).op('i64.mul');
  c.set(b);
  return b;
}

/** Trap when the i64 local `bytes` is above the ABI's longest string. */
function checkLength(g: StringGen, bytes: number): void {
  g.code.get(bytes).i64(BigInt(MAX_STRING_BYTES)).op('i64.gt_u');
  trapIf(g.code, g.trap('length'));
}

/** The source checks of a string of form `form` (latin1+utf16's alignment checked before). */
function lift(g: StringGen, form: Form, l: Locals, from: StringSide): void {
  const bytes = bytesOf(g.code, l.len, form === 'utf16' ? 2 : 1);
  if (form !== 'latin1') checkLength(g, bytes);
  if (from.encoding === 'utf16') checkAlign(g, l.ptr, 2);
  checkRange(g, from.mem!, l.ptr, { local: bytes });
  if (form !== 'latin1') g.code.get(l.ptr).get(l.len).call(g.validator(form, from.mem!));
}

/** Store the lifted string of form `form` (`tagged`: it came from latin1+utf16) into `to`, setting l.dptr and l.dlen. */
function store(g: StringGen, form: Form, tagged: boolean, l: Locals, from: StringSide, to: StringSide): void {
  switch (to.encoding) {
    case 'utf8':
      if (form === 'utf8') return copy(g, l, 1, 1, from, to);
      if (form === 'utf16') return transcodeShrink(g, 'utf16-utf8', l, from, to);
      return latin1ToUtf8(g, l, from, to);
    case 'utf16':
      if (form === 'utf8') return transcodeShrink(g, 'utf8-utf16', l, from, to);
      return copy(g, l, 2, 2, from, to, form === 'latin1' ? 'latin1-utf16' : undefined);
    case 'latin1+utf16':
      if (form === 'latin1') return copy(g, l, 1, 2, from, to);
      if (tagged) return probablyUtf16(g, l, from, to);
      return toLatin1OrUtf16(g, form, l, from, to);
  }
}

/**
 * `store_string_copy`: `len` units of `size` bytes allocated with `align` and copied (or
 * widened by helper `widen`); the length word is the source's units, untagged.
 */
function copy(g: StringGen, l: Locals, size: number, align: number, from: StringSide, to: StringSide, widen?: Transcoder): void {
  const c = g.code;
  const bytes = bytesOf(c, l.len, size);
  if (size === 2) checkLength(g, bytes);
  reallocate(g, to, undefined, align, { local: bytes }, l.dptr);
  if (widen === undefined) c.get(l.dptr).get(l.ptr).get(bytes).op('i32.wrap_i64').memoryCopy(to.mem!, from.mem!);
  else c.get(l.ptr).get(l.len).get(l.dptr).call(g.transcoder(widen, from.mem!, to.mem!));
  c.get(l.len).set(l.dlen);
}

/**
 * utf8 ↔ utf16: the worst case allocated in the destination (2 bytes per UTF-8 byte, 3 per
 * UTF-16 unit), the transcoder run, the allocation shrunk when the result is shorter.
 */
function transcodeShrink(g: StringGen, kind: 'utf8-utf16' | 'utf16-utf8', l: Locals, from: StringSide, to: StringSide): void {
  const c = g.code;
  const size = kind === 'utf8-utf16' ? 2 : 1;
  const worst = bytesOf(c, l.len, kind === 'utf8-utf16' ? 2 : 3);
  checkLength(g, worst);
  reallocate(g, to, undefined, size, { local: worst }, l.dptr);
  c.get(l.ptr).get(l.len).get(l.dptr).call(g.transcoder(kind, from.mem!, to.mem!)).set(l.dlen);
  shrink(g, to, l, worst, bytesOf(c, l.dlen, size), size);
}

/** `realloc(dptr, had, align, got)` when the i64 local `got` is below `had` (both i64 locals). */
function shrink(g: StringGen, to: StringSide, l: Locals, had: number, got: number, align: number): void {
  const c = g.code;
  c.get(got).get(had).op('i64.lt_u').if();
  reallocate(g, to, { ptr: l.dptr, bytes: { local: had } }, align, { local: got }, l.dptr);
  c.end();
}

/** `store_latin1_to_utf8`: the source's length, then, at the first byte 0x80 or above, twice that, shrunk. */
function latin1ToUtf8(g: StringGen, l: Locals, from: StringSide, to: StringSide): void {
  const c = g.code;
  const n: Bytes = { local: bytesOf(c, l.len, 1) };
  reallocate(g, to, undefined, 1, n, l.dptr);
  const i = c.local('i32');
  c.get(l.ptr).get(l.len).get(l.dptr).call(g.transcoder('ascii-prefix', from.mem!, to.mem!)).tee(i).get(l.len).op('i32.lt_u').if();
  const worst = bytesOf(c, l.len, 2);
  checkLength(g, worst);
  reallocate(g, to, { ptr: l.dptr, bytes: n }, 1, { local: worst }, l.dptr);
  c.get(l.ptr).get(i).op('i32.add').get(l.len).get(i).op('i32.sub').get(l.dptr).get(i).op('i32.add');
  c.call(g.transcoder('latin1-utf8', from.mem!, to.mem!)).get(i).op('i32.add').set(l.dlen);
  shrink(g, to, l, worst, bytesOf(c, l.dlen, 1), 1);
  c.else();
  c.get(l.len).set(l.dlen);
  c.end();
}

/**
 * `store_string_to_latin1_or_utf16` from utf8 or utf16: latin1 while it fits, then utf16
 * (tagged) from the first code point above U+00FF.
 */
function toLatin1OrUtf16(g: StringGen, form: 'utf8' | 'utf16', l: Locals, from: StringSide, to: StringSide): void {
  const c = g.code;
  const n: Bytes = { local: bytesOf(c, l.len, 1) };
  reallocate(g, to, undefined, 2, n, l.dptr);
  const read = c.local('i32');
  const written = c.local('i32');
  c.get(l.ptr).get(l.len).get(l.dptr).call(g.transcoder(form === 'utf8' ? 'utf8-latin1-prefix' : 'utf16-latin1-prefix', from.mem!, to.mem!));
  c.set(written).tee(read).get(l.len).op('i32.lt_u').if();
  // A code point above latin1 at `read`: grow to utf16's worst case, widen what is written.
  const worst = bytesOf(c, l.len, 2);
  checkLength(g, worst);
  reallocate(g, to, { ptr: l.dptr, bytes: n }, 2, { local: worst }, l.dptr);
  c.get(l.dptr).get(written).get(l.dptr).call(g.transcoder('latin1-utf16', to.mem!, to.mem!));
  const rest = c.local('i32');
  const at = (): void => void c.get(l.dptr).get(written).i32(1).op('i32.shl').op('i32.add');
  c.get(l.len).get(read).op('i32.sub').set(rest);
  if (form === 'utf8') {
    c.get(l.ptr).get(read).op('i32.add').get(rest);
    at();
    c.call(g.transcoder('utf8-utf16', from.mem!, to.mem!)).set(rest);
  } else {
    at();
    c.get(l.ptr).get(read).i32(1).op('i32.shl').op('i32.add').get(rest).i32(1).op('i32.shl').memoryCopy(to.mem!, from.mem!);
  }
  c.get(written).get(rest).op('i32.add').set(l.dlen);
  shrink(g, to, l, worst, bytesOf(c, l.dlen, 2), 2);
  c.get(l.dlen).i32(UTF16_TAG).op('i32.or').set(l.dlen);
  c.else();
  // All latin1: shrink to the bytes written.
  c.get(written).set(l.dlen);
  shrink(g, to, l, n.local, bytesOf(c, written, 1), 2);
  c.end();
}

/**
 * `store_probably_utf16_to_latin1_or_utf16`: a tagged utf16 string copied as such; kept (and
 * tagged) when a unit is above 0x00FF, else narrowed to latin1 in place and shrunk.
 */
function probablyUtf16(g: StringGen, l: Locals, from: StringSide, to: StringSide): void {
  const c = g.code;
  const bytes = bytesOf(c, l.len, 2);
  reallocate(g, to, undefined, 2, { local: bytes }, l.dptr);
  c.get(l.dptr).get(l.ptr).get(bytes).op('i32.wrap_i64').memoryCopy(to.mem!, from.mem!);
  c.get(l.dptr).get(l.len).call(g.transcoder('utf16-wide', to.mem!, to.mem!)).if();
  c.get(l.len).i32(UTF16_TAG).op('i32.or').set(l.dlen);
  c.else();
  c.get(l.dptr).get(l.len).get(l.dptr).call(g.transcoder('utf16-latin1', to.mem!, to.mem!));
  reallocate(g, to, { ptr: l.dptr, bytes: { local: bytes } }, 1, { local: bytesOf(c, l.len, 1) }, l.dptr);
  c.get(l.len).set(l.dlen);
  c.end();
}
