/**
 * The canonical ABI inside a fused adapter (issue 20 step 2, docs/components.md): the core
 * Wasm that moves one value of a component type from one component (its flat core values or
 * its linear memory) to another, checking it on the way (CanonicalABI.md: `lift_flat`/`load`
 * on the source side, `lower_flat`/`store` on the destination side, with nothing in between).
 *
 * A value comes from a `Src` and goes to a `Dst`: either flat (a list of core locals) or
 * memory (an address local plus a constant offset in the side's memory). Flat slots are
 * typed twice, as stored (the local's type) and as wanted (the type of the case being
 * moved): variants join their cases' flat types, so a case's `f32` may travel in an `i64`
 * slot (`reinterpret`, `wrap`, `extend_u` convert between them).
 *
 * Checks (the ABI's traps, each an `unreachable`): a `char` outside the Unicode scalar
 * values; a discriminant of a variant, enum, option or result out of range; a list outside
 * the source memory; a pointer from `realloc` misaligned or its range outside the
 * destination memory (adapter-check.ts); a string's checks are adapter-string.ts's. `bool`
 * becomes 0 or 1, small integers are narrowed and unused flag bits are dropped, as lifting
 * does; floats pass unchanged (checkScalar).
 *
 * Strings move between any two encodings (adapter-string.ts). own and borrow handles move
 * between the two instances' handle tables through the runtime's built-ins
 * (adapter-resource.ts), and every realloc call runs with the allocating instance's may_leave
 * flag cleared (adapter-check.ts, `reallocate`).
 */
import type { Code, MemOp, NumType } from '../binary/encoder.js';
import type { HandleGen } from './adapter-resource.js';
import { moveHandle, setMayLeave } from './adapter-resource.js';
import type { StringEncoding } from './ast.js';
import type { Val } from './types.js';
import { flattenVal } from './types.js';
import { allocate, checkAlign, checkRange, trapIf } from './adapter-check.js';
import { moveString } from './adapter-string.js';
import type { Transcoder } from './adapter-transcode.js';


/** One side of a call (the caller or the callee) as the adapter module sees it. */
export interface Side {
  /** The index of its memory in the adapter module, if it has one. */
  mem?: number;
  /** The function index of its realloc in the adapter module, if it has one. */
  realloc?: number;
  encoding: StringEncoding;
  /** Its component instance (the plan's numbering): whose handle table and flags. */
  instance: number;
}

/** A flat core value: the local holding it (of type `stored`) and the type wanted of it. */
export interface Slot {
  local: number;
  stored: NumType;
  want: NumType;
}

export type Src = { kind: 'flat'; slots: Slot[] } | { kind: 'mem'; addr: number; offset: number };
export type Dst = Src;

/** What generating one adapter function needs: its body, the two sides, the shared helpers. */
export interface Gen {
  code: Code;
  /** The function index of the validator `(ptr, len) -> ()` of `encoding` strings in memory `mem`. */
  validator: (encoding: 'utf8' | 'utf16', mem: number) => number;
  /** The function index of the transcoding helper `kind` (adapter-transcode.ts) from memory `fromMem` to memory `toMem`. */
  transcoder: (kind: Transcoder, fromMem: number, toMem: number) => number;
  /** The function index of the `() -> ()` function that traps for `rule` (named after it, for the trap message). */
  trap: (rule: TrapRule) => number;
  /** The handle and flag built-ins of the runtime (adapter-resource.ts). */
  handles: HandleGen;
}

/** The ABI's traps an adapter checks, by the name of the function that traps (the trap message shows it). */
export const TRAP_RULES = {
  char: 'canon: char out of range',
  disc: 'canon: discriminant out of range',
  align: 'canon: misaligned pointer',
  range: 'canon: pointer range outside memory',
  length: 'canon: string too long',
  utf8: 'canon: invalid UTF-8',
  utf16: 'canon: invalid UTF-16',
  enter: 'canon: cannot enter component instance',
} as const;

export type TrapRule = keyof typeof TRAP_RULES;

// ---- layout (CanonicalABI.md "Alignment", "Element Size") ------------------------------------

/** The cases of a variant-like type (variant, option, result, enum), payloads or undefined. */
function casesOf(t: Val): Array<Val | undefined> | undefined {
  switch (t.kind) {
    case 'variant': return t.cases.map(([, c]) => c);
    case 'option': return [undefined, t.type];
    case 'result': return [t.ok, t.err];
    case 'enum': return t.labels.map(() => undefined);
    default: return undefined;
  }
}

function discSize(n: number): 1 | 2 | 4 {
  return n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4;
}

const alignTo = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The fields of a record or tuple, in order. */
function fieldsOf(t: Val): Val[] | undefined {
  return t.kind === 'record' ? t.fields.map(([, f]) => f) : t.kind === 'tuple' ? t.types : undefined;
}

export function alignment(t: Val): number {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool': case 'u8': case 's8': return 1;
        case 'u16': case 's16': return 2;
        case 'u64': case 's64': case 'f64': return 8;
        default: return 4;
      }
    case 'list': return 4;
    case 'flags': return t.labels.length <= 8 ? 1 : t.labels.length <= 16 ? 2 : 4;
    case 'own': case 'borrow': return 4;
    default: {
      const fs = fieldsOf(t);
      if (fs !== undefined) return Math.max(1, ...fs.map(alignment));
      const cs = casesOf(t)!;
      return Math.max(discSize(cs.length), ...cs.map((c) => (c === undefined ? 1 : alignment(c))));
    }
  }
}

export function sizeOf(t: Val): number {
  switch (t.kind) {
    case 'prim':
      return t.prim === 'string' ? 8 : alignment(t);
    case 'list': return 8;
    case 'flags': return t.labels.length === 0 ? 0 : alignment(t);
    case 'own': case 'borrow': return 4;
    default: {
      const fs = fieldsOf(t);
      if (fs !== undefined) {
        let s = 0;
        for (const f of fs) s = alignTo(s, alignment(f)) + sizeOf(f);
        return alignTo(s, alignment(t));
      }
      const cs = casesOf(t)!;
      const off = payloadOffset(cs);
      return alignTo(off + Math.max(0, ...cs.map((c) => (c === undefined ? 0 : sizeOf(c)))), alignment(t));
    }
  }
}

function payloadOffset(cs: Array<Val | undefined>): number {
  return alignTo(discSize(cs.length), Math.max(1, ...cs.map((c) => (c === undefined ? 1 : alignment(c)))));
}

/** Field offsets of a record or tuple. */
function offsets(fs: readonly Val[]): number[] {
  let s = 0;
  return fs.map((f) => {
    s = alignTo(s, alignment(f));
    const o = s;
    s += sizeOf(f);
    return o;
  });
}

/**
 * Whether a list of `t` can be copied bytewise: integers, floats (NaNs pass unchanged, see
 * checkScalar) and records/tuples of them: nothing needing a check or holding a pointer.
 */
function bytewise(t: Val): boolean {
  if (t.kind === 'prim') return ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64'].includes(t.prim);
  const fs = fieldsOf(t);
  return fs !== undefined && fs.every((f) => bytewise(f));
}

// ---- code ------------------------------------------------------------------------------------

/** Read slot `s` as its wanted type. */
function readSlot(c: Code, s: Slot): void {
  c.get(s.local);
  convert(c, s.stored, s.want);
}

/** Write the value on the stack (of the slot's wanted type) to slot `s`. */
function writeSlot(c: Code, s: Slot): void {
  convert(c, s.want, s.stored);
  c.set(s.local);
}

/** Convert between a joined flat type and one of its cases' (either direction). */
function convert(c: Code, from: NumType, to: NumType): void {
  if (from === to) return;
  const key = `${from}>${to}`;
  switch (key) {
    case 'i32>f32': c.op('f32.reinterpret_i32'); break;
    case 'f32>i32': c.op('i32.reinterpret_f32'); break;
    case 'i64>i32': c.op('i32.wrap_i64'); break;
    case 'i32>i64': c.op('i64.extend_i32_u'); break;
    case 'i64>f32': c.op('i32.wrap_i64').op('f32.reinterpret_i32'); break;
    case 'f32>i64': c.op('i32.reinterpret_f32').op('i64.extend_i32_u'); break;
    case 'i64>f64': c.op('f64.reinterpret_i64'); break;
    case 'f64>i64': c.op('i64.reinterpret_f64'); break;
    default: throw new Error(`adapter: no conversion ${key}`);
  }
}

/** The core type a scalar travels as, and its memory load and store. */
function scalarOps(t: Val): { type: NumType; load: MemOp; store: MemOp } {
  if (t.kind === 'prim') {
    switch (t.prim) {
      case 'bool': case 'u8': return { type: 'i32', load: 'i32.load8_u', store: 'i32.store8' };
      case 's8': return { type: 'i32', load: 'i32.load8_s', store: 'i32.store8' };
      case 'u16': return { type: 'i32', load: 'i32.load16_u', store: 'i32.store16' };
      case 's16': return { type: 'i32', load: 'i32.load16_s', store: 'i32.store16' };
      case 'u64': case 's64': return { type: 'i64', load: 'i64.load', store: 'i64.store' };
      case 'f32': return { type: 'f32', load: 'f32.load', store: 'f32.store' };
      case 'f64': return { type: 'f64', load: 'f64.load', store: 'f64.store' };
      default: return { type: 'i32', load: 'i32.load', store: 'i32.store' };
    }
  }
  const size = t.kind === 'flags' ? sizeOf(t) : discSize(casesOf(t)?.length ?? 0);
  return size === 1 ? { type: 'i32', load: 'i32.load8_u', store: 'i32.store8' }
    : size === 2 ? { type: 'i32', load: 'i32.load16_u', store: 'i32.store16' }
      : { type: 'i32', load: 'i32.load', store: 'i32.store' };
}

/** Push a scalar from `src` (consuming one flat slot). */
function loadScalar(g: Gen, t: Val, src: Src, from: Side): void {
  const ops = scalarOps(t);
  if (src.kind === 'flat') readSlot(g.code, src.slots.shift()!);
  else g.code.get(src.addr).mem(ops.load, from.mem!, src.offset);
}

/** Store the scalar on the stack to `dst` (one flat slot or memory); `tmp` holds it meanwhile. */
function storeScalar(g: Gen, t: Val, dst: Dst, to: Side): void {
  const c = g.code;
  const ops = scalarOps(t);
  if (dst.kind === 'flat') return writeSlot(c, dst.slots.shift()!);
  const tmp = c.local(ops.type);
  c.set(tmp).get(dst.addr).get(tmp).mem(ops.store, to.mem!, dst.offset);
}

/** The lifting checks and normalisations of a scalar on the stack. */
function checkScalar(g: Gen, t: Val): void {
  const c = g.code;
  if (t.kind === 'flags') {
    if (t.labels.length < 32) c.i32(2 ** t.labels.length - 1).op('i32.and');
    return;
  }
  if (t.kind !== 'prim') return;
  switch (t.prim) {
    case 'bool': c.i32(0).op('i32.ne'); break;
    case 'u8': c.i32(0xff).op('i32.and'); break;
    case 'u16': c.i32(0xffff).op('i32.and'); break;
    case 's8': c.i32(24).op('i32.shl').i32(24).op('i32.shr_s'); break;
    case 's16': c.i32(16).op('i32.shl').i32(16).op('i32.shr_s'); break;
    case 'char': {
      const v = c.local('i32');
      c.tee(v).i32(0x110000).op('i32.ge_u').get(v).i32(0xd800).op('i32.sub').i32(0x800).op('i32.lt_u').op('i32.or');
      trapIf(c, g.trap('char'));
      c.get(v);
      break;
    }
    // f32 and f64 pass unchanged, NaN payloads included: lifting canonicalises NaNs, but
    // lowering outside the deterministic profile may give any NaN (maybe_scramble_nan32/64),
    // so the original bits are a valid result. wasmtime does the same, and lists of records
    // with floats stay one memory.copy.
    default: break;
  }
}

/** Move one value of type `t` from `src` (side `from`) to `dst` (side `to`). */
export function translate(g: Gen, t: Val, src: Src, dst: Dst, from: Side, to: Side): void {
  const c = g.code;
  if ((t.kind === 'prim' && t.prim === 'string') || t.kind === 'list') return translateRange(g, t, src, dst, from, to);
  if (t.kind === 'own' || t.kind === 'borrow') {
    const u32: Val = { kind: 'prim', prim: 'u32' };
    loadScalar(g, u32, src, from);
    moveHandle(c, g.handles, t, from.instance, to.instance);
    storeScalar(g, u32, dst, to);
    return;
  }
  const fs = fieldsOf(t);
  if (fs !== undefined) {
    const offs = offsets(fs);
    fs.forEach((f, i) => translate(g, f, at(src, offs[i]!), at(dst, offs[i]!), from, to));
    return;
  }
  const cases = t.kind === 'enum' ? undefined : casesOf(t);
  if (cases === undefined) {
    loadScalar(g, t, src, from);
    checkScalar(g, t);
    if (t.kind === 'enum') checkDisc(g, t.labels.length);
    storeScalar(g, t, dst, to);
    return;
  }
  // A variant: its discriminant, checked, then the case's payload.
  const disc = c.local('i32');
  const tag: Val = { kind: 'enum', labels: cases.map((_, i) => `${i}`) };
  loadScalar(g, tag, src, from);
  checkDisc(g, cases.length);
  c.tee(disc);
  storeScalar(g, tag, dst, to);
  const off = payloadOffset(cases);
  const payloadSlots = (s: Src): Slot[] => (s.kind === 'flat' ? s.slots.splice(0, (flattenVal(t, Infinity)?.length ?? 1) - 1) : []);
  const srcSlots = payloadSlots(src);
  const dstSlots = payloadSlots(dst);
  // Zero the destination's payload slots: a shorter case leaves the rest 0, as lower_flat does.
  for (const s of dstSlots) {
    zero(c, s.stored);
    c.set(s.local);
  }
  cases.forEach((p, i) => {
    if (p === undefined) return;
    c.get(disc).i32(i).op('i32.eq').if();
    const flat = flattenVal(p, Infinity) ?? [];
    const view = (s: Src, slots: Slot[]): Src => (s.kind === 'flat' ? { kind: 'flat', slots: flat.map((w, k) => ({ local: slots[k]!.local, stored: slots[k]!.stored, want: w })) } : at(s, off));
    translate(g, p, view(src, srcSlots), view(dst, dstSlots), from, to);
    c.end();
  });
}

function zero(c: Code, t: NumType): void {
  if (t === 'i32') c.i32(0);
  else if (t === 'i64') c.i64(0n);
  else if (t === 'f32') c.i32(0).op('f32.reinterpret_i32');
  else c.i64(0n).op('f64.reinterpret_i64');
}

/** Trap unless the i32 discriminant on the stack is below `n` (leaves it there). */
function checkDisc(g: Gen, n: number): void {
  const c = g.code;
  const v = c.local('i32');
  c.tee(v).i32(n).op('i32.ge_u');
  trapIf(c, g.trap('disc'));
  c.get(v);
}

/** `s` moved `by` bytes on (memory); flat sources are unchanged. */
function at(s: Src, by: number): Src {
  return s.kind === 'mem' ? { kind: 'mem', addr: s.addr, offset: s.offset + by } : s;
}

/**
 * A string or list: (pointer, length) in the source memory, copied into memory the
 * destination's realloc gives (a string by adapter-string.ts, in the destination's encoding).
 */
function translateRange(g: Gen, t: Val, src: Src, dst: Dst, from: Side, to: Side): void {
  const c = g.code;
  const ptr = c.local('i32');
  const len = c.local('i32');
  const u32: Val = { kind: 'prim', prim: 'u32' };
  loadScalar(g, u32, src, from);
  c.set(ptr);
  loadScalar(g, u32, at(src, 4), from);
  c.set(len);
  if (t.kind !== 'list') {
    const out = moveString(g, ptr, len, from, to);
    c.get(out.ptr);
    storeScalar(g, u32, dst, to);
    c.get(out.len);
    storeScalar(g, u32, at(dst, 4), to);
    return;
  }
  const elem = t.elem;
  const esize = sizeOf(elem);
  const ealign = alignment(elem);
  const bytes = c.local('i64');
  const dptr = c.local('i32');
  c.get(len).op('i64.extend_i32_u').i64(BigInt(esize)).op('i64.mul').set(bytes);
  checkAlign(g, ptr, ealign);
  checkRange(g, from.mem!, ptr, { local: bytes });
  allocate(g, to, ealign, { local: bytes }, dptr);
  if (bytewise(elem)) {
    c.get(dptr).get(ptr).get(bytes).op('i32.wrap_i64').memoryCopy(to.mem!, from.mem!);
  } else {
    // Element by element: s and d walk both arrays, n counts down.
    const s = c.local('i32');
    const d = c.local('i32');
    const n = c.local('i32');
    c.get(ptr).set(s).get(dptr).set(d).get(len).set(n);
    c.block().loop();
    c.get(n).op('i32.eqz').brIf(1);
    translate(g, elem, { kind: 'mem', addr: s, offset: 0 }, { kind: 'mem', addr: d, offset: 0 }, from, to);
    c.get(s).i32(esize).op('i32.add').set(s);
    c.get(d).i32(esize).op('i32.add').set(d);
    c.get(n).i32(1).op('i32.sub').set(n);
    c.br(0).end().end();
  }
  c.get(dptr);
  storeScalar(g, u32, dst, to);
  c.get(len);
  storeScalar(g, u32, at(dst, 4), to);
}

/**
 * The body of the UTF-8 validator of memory `mem`: `(ptr i32, len i32)`, traps unless the
 * bytes are well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing
 * above U+10FFFF).
 */
export function utf8ValidatorBody(c: Code, mem: number): void {
  const [ptr, len] = [0, 1];
  const i = c.local('i32');
  const b = c.local('i32');
  const n = c.local('i32');
  const lo = c.local('i32');
  const hi = c.local('i32');
  const byteAt = (k: number): void => { c.get(ptr).get(i).op('i32.add').mem('i32.load8_u', mem, k); };
  c.block().loop();
  c.get(i).get(len).op('i32.ge_u').brIf(1);
  byteAt(0);
  c.tee(b).i32(0x80).op('i32.lt_u').if().get(i).i32(1).op('i32.add').set(i).br(1).end();
  // The lead byte gives the number of continuation bytes and the range of the first one.
  c.i32(0x80).set(lo).i32(0xbf).set(hi);
  c.get(b).i32(0xc2).op('i32.lt_u').get(b).i32(0xf4).op('i32.gt_u').op('i32.or');
  trapIf(c);
  c.get(b).i32(0xe0).op('i32.lt_u').if().i32(1).set(n).else();
  c.get(b).i32(0xf0).op('i32.lt_u').if().i32(2).set(n);
  c.get(b).i32(0xe0).op('i32.eq').if().i32(0xa0).set(lo).end();
  c.get(b).i32(0xed).op('i32.eq').if().i32(0x9f).set(hi).end();
  c.else().i32(3).set(n);
  c.get(b).i32(0xf0).op('i32.eq').if().i32(0x90).set(lo).end();
  c.get(b).i32(0xf4).op('i32.eq').if().i32(0x8f).set(hi).end();
  c.end().end();
  // All n continuation bytes inside the string.
  c.get(i).get(n).op('i32.add').get(len).op('i32.ge_u');
  trapIf(c);
  byteAt(1);
  c.tee(b).get(lo).op('i32.lt_u').get(b).get(hi).op('i32.gt_u').op('i32.or');
  trapIf(c);
  for (let k = 2; k <= 3; k++) {
    c.get(n).i32(k).op('i32.ge_u').if();
    byteAt(k);
    c.i32(0xc0).op('i32.and').i32(0x80).op('i32.ne');
    trapIf(c);
    c.end();
  }
  c.get(i).get(n).op('i32.add').i32(1).op('i32.add').set(i);
  c.br(0).end().end();
}

/**
 * The body of the UTF-16 validator of memory `mem`: `(ptr i32, len i32)` (len in code units,
 * little-endian), traps on a lone surrogate: a high one not followed by a low one, or a low
 * one not preceded by a high one.
 */
export function utf16ValidatorBody(c: Code, mem: number): void {
  const [ptr, len] = [0, 1];
  const i = c.local('i32');
  const u = c.local('i32');
  const unitAt = (k: number): void => { c.get(ptr).get(i).i32(1).op('i32.shl').op('i32.add').mem('i32.load16_u', mem, k); };
  c.block().loop();
  c.get(i).get(len).op('i32.ge_u').brIf(1);
  unitAt(0);
  c.tee(u).i32(0xf800).op('i32.and').i32(0xd800).op('i32.eq').if();
  // A surrogate: it must be a high one (D800-DBFF) with a low one (DC00-DFFF) after it.
  c.get(u).i32(0xdc00).op('i32.ge_u').get(i).i32(1).op('i32.add').get(len).op('i32.ge_u').op('i32.or');
  trapIf(c);
  unitAt(2);
  c.i32(0xfc00).op('i32.and').i32(0xdc00).op('i32.ne');
  trapIf(c);
  c.get(i).i32(1).op('i32.add').set(i);
  c.end();
  c.get(i).i32(1).op('i32.add').set(i);
  c.br(0).end().end();
}
