/**
 * String transcoding inside fused adapters (issue 20 step 2): the bodies of the adapter
 * module's functions that convert a validated string from one memory to another, utf8 to
 * utf16 and utf16 to utf8 (CanonicalABI.md `store_utf8_to_utf16`, `store_string_to_utf8`).
 * The caller (adapter-abi.ts translateRange) validates the source first, allocates the worst
 * case in the destination (2 bytes per utf8 byte, 3 bytes per utf16 unit), calls one of these,
 * and shrinks the allocation with realloc when the result is shorter.
 *
 * Both take `(src i32, len i32, dst i32) -> i32`: `len` source code units at `src` in memory
 * `from`, written at `dst` in memory `to`; the result is the number of destination code
 * units. The source must be valid (the validators ran): these do not check it again.
 */
import type { Code } from '../binary/encoder.js';

const [SRC, LEN, DST] = [0, 1, 2];

/** utf8 → utf16: decode each UTF-8 sequence, write one unit or a surrogate pair. */
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

/** utf16 → utf8: decode each unit or surrogate pair, write 1 to 4 bytes. */
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
