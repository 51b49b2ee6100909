/**
 * The loops of string transcoding inside fused adapters (issue 20, docs/components.md
 * "Component-to-component calls"): each is the body of one helper function of the adapter
 * module, reading a string in memory `from` and writing memory `to` (the same memory for the
 * in-place ones). adapter-string.ts decides which run, allocates and checks around them, as
 * CanonicalABI.md's `store_string_into_range` and its cases do.
 *
 * Every loop takes `(src i32, len i32, dst i32)`: `len` source code units at `src`, written at
 * `dst`. The source has been validated (the validators of adapter-abi.ts ran, and latin1 is
 * always valid), so these do not check it again; a lead byte says how long its sequence is.
 */
import type { Code, FuncSig } from '../binary/encoder.js';

const [SRC, LEN, DST] = [0, 1, 2];

/** utf8 → utf16: decode each UTF-8 sequence, write one unit or a surrogate pair. Returns the units written. */
export function utf8ToUtf16Body(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  const k = c.local('i32');
  const b = c.local('i32');
  const cp = c.local('i32');
  const byteAt = (n: number): void => { c.get(SRC).get(i).op('i32.add').mem('i32.load8_u', from, n); };
  const cont = (n: number): void => { byteAt(n); c.i32(0x3f).op('i32.and'); };
  const unit = (): void => { c.get(DST).get(k).i32(1).op('i32.shl').op('i32.add'); };
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  byteAt(0);
  c.tee(b).i32(0x80).op('i32.lt_u').if().get(b).set(cp).get(i).i32(1).op('i32.add').set(i).else();
  c.get(b).i32(0xe0).op('i32.lt_u').if();
  c.get(b).i32(0x1f).op('i32.and').i32(6).op('i32.shl');
  cont(1);
  c.op('i32.or').set(cp).get(i).i32(2).op('i32.add').set(i).else();
  c.get(b).i32(0xf0).op('i32.lt_u').if();
  c.get(b).i32(0x0f).op('i32.and').i32(12).op('i32.shl');
  cont(1);
  c.i32(6).op('i32.shl').op('i32.or');
  cont(2);
  c.op('i32.or').set(cp).get(i).i32(3).op('i32.add').set(i).else();
  c.get(b).i32(0x07).op('i32.and').i32(18).op('i32.shl');
  cont(1);
  c.i32(12).op('i32.shl').op('i32.or');
  cont(2);
  c.i32(6).op('i32.shl').op('i32.or');
  cont(3);
  c.op('i32.or').set(cp).get(i).i32(4).op('i32.add').set(i);
  c.end().end().end();
  // One unit below U+10000, else a surrogate pair.
  c.get(cp).i32(0x10000).op('i32.lt_u').if();
  unit();
  c.get(cp).mem('i32.store16', to, 0).get(k).i32(1).op('i32.add').set(k);
  c.else();
  c.get(cp).i32(0x10000).op('i32.sub').set(cp);
  unit();
  c.get(cp).i32(10).op('i32.shr_u').i32(0xd800).op('i32.or').mem('i32.store16', to, 0);
  unit();
  c.get(cp).i32(0x3ff).op('i32.and').i32(0xdc00).op('i32.or').mem('i32.store16', to, 2);
  c.get(k).i32(2).op('i32.add').set(k);
  c.end();
  c.br(0).end().end();
  c.get(k);
}

/** utf16 → utf8: decode each unit or surrogate pair, write 1 to 4 bytes. Returns the bytes written. */
export function utf16ToUtf8Body(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  const k = c.local('i32');
  const cp = c.local('i32');
  const unitAt = (n: number): void => { c.get(SRC).get(i).i32(1).op('i32.shl').op('i32.add').mem('i32.load16_u', from, n); };
  /** Store byte `lead | (cp >> shift) & mask` at dst + k + n. */
  const put = (n: number, shift: number, mask: number, lead: number): void => {
    c.get(DST).get(k).op('i32.add').get(cp);
    if (shift > 0) c.i32(shift).op('i32.shr_u');
    c.i32(mask).op('i32.and').i32(lead).op('i32.or').mem('i32.store8', to, n);
  };
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  unitAt(0);
  c.tee(cp).i32(0xfc00).op('i32.and').i32(0xd800).op('i32.eq').if();
  // A high surrogate and the low one after it (validated).
  c.get(cp).i32(0x3ff).op('i32.and').i32(10).op('i32.shl');
  unitAt(2);
  c.i32(0x3ff).op('i32.and').op('i32.or').i32(0x10000).op('i32.add').set(cp);
  c.get(i).i32(1).op('i32.add').set(i);
  c.end();
  c.get(i).i32(1).op('i32.add').set(i);
  c.get(cp).i32(0x80).op('i32.lt_u').if();
  put(0, 0, 0x7f, 0);
  c.get(k).i32(1).op('i32.add').set(k).else();
  c.get(cp).i32(0x800).op('i32.lt_u').if();
  put(0, 6, 0x1f, 0xc0);
  put(1, 0, 0x3f, 0x80);
  c.get(k).i32(2).op('i32.add').set(k).else();
  c.get(cp).i32(0x10000).op('i32.lt_u').if();
  put(0, 12, 0x0f, 0xe0);
  put(1, 6, 0x3f, 0x80);
  put(2, 0, 0x3f, 0x80);
  c.get(k).i32(3).op('i32.add').set(k).else();
  put(0, 18, 0x07, 0xf0);
  put(1, 12, 0x3f, 0x80);
  put(2, 6, 0x3f, 0x80);
  put(3, 0, 0x3f, 0x80);
  c.get(k).i32(4).op('i32.add').set(k);
  c.end().end().end();
  c.br(0).end().end();
  c.get(k);
}

/** latin1 → utf8: one byte below 0x80, else two. Returns the bytes written. */
function latin1ToUtf8Body(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  const k = c.local('i32');
  const b = c.local('i32');
  const out = (): void => { c.get(DST).get(k).op('i32.add'); };
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  c.get(SRC).get(i).op('i32.add').mem('i32.load8_u', from, 0).tee(b).i32(0x80).op('i32.lt_u').if();
  out();
  c.get(b).mem('i32.store8', to, 0).get(k).i32(1).op('i32.add').set(k).else();
  out();
  c.get(b).i32(6).op('i32.shr_u').i32(0xc0).op('i32.or').mem('i32.store8', to, 0);
  out();
  c.get(b).i32(0x3f).op('i32.and').i32(0x80).op('i32.or').mem('i32.store8', to, 1);
  c.get(k).i32(2).op('i32.add').set(k);
  c.end();
  c.get(i).i32(1).op('i32.add').set(i);
  c.br(0).end().end();
  c.get(k);
}

/** latin1 → utf8 while the bytes are ASCII: copies them, returns how many (the index of the first other byte, or len). */
function asciiPrefixBody(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  const b = c.local('i32');
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  c.get(SRC).get(i).op('i32.add').mem('i32.load8_u', from, 0).tee(b).i32(0x80).op('i32.ge_u').brIf(1);
  c.get(DST).get(i).op('i32.add').get(b).mem('i32.store8', to, 0);
  c.get(i).i32(1).op('i32.add').set(i);
  c.br(0).end().end();
  c.get(i);
}

/**
 * latin1 → utf16: each byte widened to a unit, from the last one down, so that it also works
 * in place (dst = src in one memory: unit i is written at 2i ≥ i, past the bytes not yet read).
 */
function inflateBody(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  c.get(LEN).set(i);
  c.block().loop();
  c.get(i).op('i32.eqz').brIf(1);
  c.get(i).i32(1).op('i32.sub').set(i);
  c.get(DST).get(i).i32(1).op('i32.shl').op('i32.add');
  c.get(SRC).get(i).op('i32.add').mem('i32.load8_u', from, 0);
  c.mem('i32.store16', to, 0);
  c.br(0).end().end();
}

/**
 * utf16 → latin1, every unit below 0x100: each unit narrowed to a byte, from the first one
 * up, so that it also works in place (byte i is written at i ≤ 2i, where unit i/2 was read).
 */
function deflateBody(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  c.get(DST).get(i).op('i32.add');
  c.get(SRC).get(i).i32(1).op('i32.shl').op('i32.add').mem('i32.load16_u', from, 0);
  c.mem('i32.store8', to, 0);
  c.get(i).i32(1).op('i32.add').set(i);
  c.br(0).end().end();
}

/**
 * utf8 → latin1 while the code points are below U+0100 (one byte, or lead byte C2/C3 and a
 * continuation): writes them as bytes, returns (source bytes read, bytes written).
 */
function utf8Latin1PrefixBody(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  const k = c.local('i32');
  const b = c.local('i32');
  const byteAt = (n: number): void => { c.get(SRC).get(i).op('i32.add').mem('i32.load8_u', from, n); };
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  byteAt(0);
  c.tee(b).i32(0xc4).op('i32.ge_u').brIf(1);
  c.get(DST).get(k).op('i32.add');
  c.get(b).i32(0x80).op('i32.lt_u').if('i32');
  c.get(b).get(i).i32(1).op('i32.add').set(i).else();
  c.get(b).i32(6).op('i32.shl');
  byteAt(1);
  c.i32(0x3f).op('i32.and').op('i32.or').get(i).i32(2).op('i32.add').set(i);
  c.end();
  c.mem('i32.store8', to, 0);
  c.get(k).i32(1).op('i32.add').set(k);
  c.br(0).end().end();
  c.get(i).get(k);
}

/** utf16 → latin1 while the units are below 0x100: writes them as bytes, returns (units read, bytes written), equal. */
function utf16Latin1PrefixBody(c: Code, from: number, to: number): void {
  const i = c.local('i32');
  const u = c.local('i32');
  c.block().loop();
  c.get(i).get(LEN).op('i32.ge_u').brIf(1);
  c.get(SRC).get(i).i32(1).op('i32.shl').op('i32.add').mem('i32.load16_u', from, 0).tee(u).i32(0x100).op('i32.ge_u').brIf(1);
  c.get(DST).get(i).op('i32.add').get(u).mem('i32.store8', to, 0);
  c.get(i).i32(1).op('i32.add').set(i);
  c.br(0).end().end();
  c.get(i).get(i);
}

/** `(ptr i32, len i32) -> i32`: 1 when one of the `len` units at `ptr` in memory `mem` is 0x100 or above (the string does not fit latin1), else 0. */
function utf16WideBody(c: Code, mem: number): void {
  const [ptr, len] = [0, 1];
  const i = c.local('i32');
  c.block().loop();
  c.get(i).get(len).op('i32.ge_u').brIf(1);
  c.get(ptr).get(i).i32(1).op('i32.shl').op('i32.add').mem('i32.load16_u', mem, 0).i32(0x100).op('i32.ge_u').if().i32(1).op('return').end();
  c.get(i).i32(1).op('i32.add').set(i);
  c.br(0).end().end();
  c.i32(0);
}

const COPY: FuncSig = { params: ['i32', 'i32', 'i32'], results: [] };
const COUNT: FuncSig = { params: ['i32', 'i32', 'i32'], results: ['i32'] };
const PREFIX: FuncSig = { params: ['i32', 'i32', 'i32'], results: ['i32', 'i32'] };

/**
 * The transcoding helpers by kind: their signature, their name in the adapter module (a trap
 * inside one names it) and their body from memory `from` to memory `to`.
 */
export const TRANSCODERS = {
  'utf8-utf16': { sig: COUNT, name: 'canon: transcode utf8 to utf16', body: utf8ToUtf16Body },
  'utf16-utf8': { sig: COUNT, name: 'canon: transcode utf16 to utf8', body: utf16ToUtf8Body },
  'latin1-utf8': { sig: COUNT, name: 'canon: transcode latin1 to utf8', body: latin1ToUtf8Body },
  'ascii-prefix': { sig: COUNT, name: 'canon: copy the ascii prefix', body: asciiPrefixBody },
  'latin1-utf16': { sig: COPY, name: 'canon: transcode latin1 to utf16', body: inflateBody },
  'utf16-latin1': { sig: COPY, name: 'canon: transcode utf16 to latin1', body: deflateBody },
  'utf8-latin1-prefix': { sig: PREFIX, name: 'canon: transcode the latin1 prefix of utf8', body: utf8Latin1PrefixBody },
  'utf16-latin1-prefix': { sig: PREFIX, name: 'canon: transcode the latin1 prefix of utf16', body: utf16Latin1PrefixBody },
  'utf16-wide': { sig: { params: ['i32', 'i32'], results: ['i32'] }, name: 'canon: find a utf16 unit above latin1', body: (c: Code, from: number) => utf16WideBody(c, from) },
} as const satisfies Record<string, { sig: FuncSig; name: string; body: (c: Code, from: number, to: number) => void }>;

/** The kind of a transcoding helper. */
export type Transcoder = keyof typeof TRANSCODERS;
