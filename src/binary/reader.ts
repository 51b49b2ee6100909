/**
 * Byte reader for the WebAssembly binary format: bytes, LEB128 integers, floats as raw bits,
 * length-prefixed byte strings and UTF-8 names.
 *
 * LEB128 follows the spec's exact rules (binary/values): an N-bit integer takes at most
 * ceil(N/7) bytes ("integer representation too long" otherwise), and the bits of the last byte
 * beyond N must be zero (unsigned) or copies of the sign bit (signed) ("integer too large").
 * Every failure is a DecodeError whose text matches the spec testsuite's expectations.
 *
 * The reader never allocates per byte: integers are assembled in numbers (bigint only for the
 * 64-bit results), strings and data are sub-views of the input.
 */
import { DecodeError } from '../errors.js';

/** What the testsuite expects when input runs out (the reference interpreter's text). */
export const UNEXPECTED_END = 'unexpected end of section or function';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export class Reader {
  readonly bytes: Uint8Array;
  /** Offset of the next byte to read (absolute, in `bytes`). */
  pos: number;
  /** Reads stop here (exclusive): the end of the module, or of a custom section. */
  end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  fail(message: string, at: number = this.pos): never {
    throw new DecodeError(message, at);
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? (this.bytes[this.pos] as number) : -1;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail(UNEXPECTED_END);
    return this.bytes[this.pos++] as number;
  }

  /** Exactly `b`, else `message` (e.g. the reserved "zero byte expected" memory index). */
  expect(b: number, message: string): void {
    const at = this.pos;
    if (this.u8() !== b) this.fail(message, at);
  }

  /**
   * A one-byte signed LEB128 (the encoding of type constructors such as 0x7F i32 or 0x60
   * func). A continuation bit means a longer, hence invalid, encoding: the testsuite expects
   * "integer representation too long" for that, so we report it before "malformed …".
   */
  typeByte(): number {
    const at = this.pos;
    const b = this.u8();
    if (b & 0x80) this.fail('integer representation too long', at);
    return b;
  }

  /** Unsigned 32-bit LEB128, as a non-negative number. */
  u32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos < this.end) {
      const b = bytes[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.unsigned(5, 4);
  }

  /**
   * Unsigned 64-bit LEB128 (memory64 limits, memarg offsets), as a number: exact up to 2^53,
   * rounded beyond (see Limits and MemArg in module.ts for why that is enough).
   */
  u64(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.bytes[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.unsigned(10, 1);
  }

  /**
   * The exact value of the u64 already read (and so well-formed) at `at`, as a bigint: for the
   * rare comparisons that rounding above 2^53 would decide wrongly (limits.ts).
   */
  u64At(at: number): bigint {
    let v = 0n;
    for (let i = at, shift = 0n; ; i++, shift += 7n) {
      const b = this.bytes[i] as number;
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
  }

  /**
   * Unsigned LEB128 of at most `maxBytes` bytes, whose last byte has `lastBits` payload bits
   * (u32: 5 and 4, u64: 10 and 1), as a number.
   */
  private unsigned(maxBytes: number, lastBits: number): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    let scale = 1;
    const lastMask = (1 << lastBits) - 1;
    for (let i = 0; ; i++) {
      if (pos >= this.end) {
        this.pos = pos;
        this.fail(UNEXPECTED_END);
      }
      const b = bytes[pos++] as number;
      if (i === maxBytes - 1) {
        if ((b & 0x7f & ~lastMask) !== 0) this.fail('integer too large', pos - 1);
        if (b & 0x80) this.fail('integer representation too long', pos);
        this.pos = pos;
        return result + (b & lastMask) * scale;
      }
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return result;
      }
    }
  }

  /** Signed 32-bit LEB128, as a signed number. */
  s32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      if (pos >= this.end) {
        this.pos = pos;
        this.fail(UNEXPECTED_END);
      }
      const b = bytes[pos++] as number;
      if (i === 4) {
        // 5th byte: bit 3 is the sign, bits 4–6 must repeat it.
        const high = b & 0x78;
        if (high !== 0 && high !== 0x78) this.fail('integer too large', pos - 1);
        if (b & 0x80) this.fail('integer representation too long', pos);
        this.pos = pos;
        return result | (b << 28);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return b & 0x40 ? result | (-1 << shift) : result;
      }
    }
  }

  /** Signed 33-bit LEB128 (block type indices), as a number in [-2^32, 2^32). */
  s33(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (pos >= this.end) {
        this.pos = pos;
        this.fail(UNEXPECTED_END);
      }
      const b = bytes[pos++] as number;
      if (i === 4) {
        // 5th byte: bit 4 is the sign, bits 5–6 must repeat it.
        const high = b & 0x70;
        if (high !== 0 && high !== 0x70) this.fail('integer too large', pos - 1);
        if (b & 0x80) this.fail('integer representation too long', pos);
        this.pos = pos;
        const low5 = b & 0x1f;
        return result + (low5 & 0x10 ? low5 - 0x20 : low5) * scale;
      }
      const payload = b & 0x7f;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return result + (payload & 0x40 ? payload - 0x80 : payload) * scale;
      }
      result += payload * scale;
      scale *= 128;
    }
  }

  /** Signed 64-bit LEB128, as a bigint. */
  s64(): bigint {
    // Fast path: up to 7 bytes (49 bits) are exact in a double, so one BigInt() at the end.
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7 && pos < this.end; i++) {
      const b = bytes[pos++] as number;
      const payload = b & 0x7f;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return BigInt(result + (payload & 0x40 ? payload - 0x80 : payload) * scale);
      }
      result += payload * scale;
      scale *= 128;
    }
    return this.s64Slow(start);
  }

  private s64Slow(start: number): bigint {
    const bytes = this.bytes;
    let pos = start;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (pos >= this.end) {
        this.pos = pos;
        this.fail(UNEXPECTED_END);
      }
      const b = bytes[pos++] as number;
      if (i === 9) {
        // 10th byte: bit 0 is the sign, bits 1–6 must repeat it.
        const high = b & 0x7f;
        if (high !== 0 && high !== 0x7f) this.fail('integer too large', pos - 1);
        if (b & 0x80) this.fail('integer representation too long', pos);
        this.pos = pos;
        return BigInt.asIntN(64, result | (BigInt(b & 1) << 63n));
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return b & 0x40 ? result - (1n << shift) : result;
      }
    }
  }

  /** Four little-endian bytes as an unsigned number (f32 bit pattern). */
  f32bits(): number {
    const p = this.pos;
    if (this.end - p < 4) this.fail(UNEXPECTED_END, this.end);
    const b = this.bytes;
    this.pos = p + 4;
    return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
  }

  /** Eight little-endian bytes as an unsigned bigint (f64 bit pattern). */
  f64bits(): bigint {
    const lo = this.f32bits();
    const hi = this.f32bits();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * A u32 length or vector count. It must not exceed the bytes left, counted from the length
   * field itself — the reference interpreter's rule, so that the testsuite's "length out of
   * bounds" cases match. This also caps any allocation sized by a count at the input size.
   */
  len(): number {
    const at = this.pos;
    const n = this.u32();
    if (n > this.end - at) this.fail('length out of bounds', at);
    return n;
  }

  /** `n` raw bytes, as a view into the input (no copy). */
  take(n: number): Uint8Array {
    const p = this.pos;
    if (n > this.end - p) this.fail(UNEXPECTED_END, this.end);
    this.pos = p + n;
    return this.bytes.subarray(p, p + n);
  }

  /** A length-prefixed byte string. */
  byteString(): Uint8Array {
    return this.take(this.len());
  }

  /** A name: a length-prefixed, well-formed UTF-8 string. */
  name(): string {
    const n = this.len();
    const at = this.pos;
    const b = this.take(n);
    if (!isValidUtf8(this.bytes, at, at + n)) this.fail('malformed UTF-8 encoding', at);
    // ASCII fast path: most names are short plain identifiers (bounded: apply() spreads).
    let ascii = n <= 64;
    for (let i = 0; ascii && i < n; i++) {
      if ((b[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    return ascii ? String.fromCharCode.apply(null, b as unknown as number[]) : utf8.decode(b);
  }
}

/**
 * Whether bytes[start, end) is well-formed UTF-8 (Unicode 3.9, Table 3-7): no overlong forms,
 * no surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no stray or missing continuations.
 */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 === 0xe0) lo = 0xa0; // overlong below U+0800
      else if (b0 === 0xed) hi = 0x9f; // surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 === 0xf0) lo = 0x90; // overlong below U+10000
      else if (b0 === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return false; // continuation byte, C0/C1 overlong lead, or F5–FF
    if (end - i - 1 < need) return false;
    const b1 = bytes[i + 1] as number;
    if (b1 < lo || b1 > hi) return false;
    for (let k = 2; k <= need; k++) {
      const bk = bytes[i + k] as number;
      if (bk < 0x80 || bk > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}
