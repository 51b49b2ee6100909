/**
 * A reference for the adapters' string paths (src/component/adapter-string.ts): the canonical
 * ABI's `load_string_from_range` and `store_string_into_range` with every case of the latter,
 * ported line for line from CanonicalABI.md's Python to TypeScript, over a byte array and a
 * `realloc` function given by the test. tests/component/adapter-transcode.test.ts runs it
 * beside the generated Wasm on the same inputs and compares the results, the bytes stored,
 * the `realloc` calls and the traps.
 */

export type Encoding = 'utf8' | 'utf16' | 'latin1+utf16';

/** A trap of the ABI (`trap_if`), with the line of the spec it comes from. */
export class Trap extends Error {}

export const UTF16_TAG = 0x80000000;
const MAX_STRING_BYTE_LENGTH = 0x7fffffff;

/** A lifted string: its code points, the encoding it came in and its length word as stored. */
export interface Lifted {
  s: string;
  encoding: Encoding;
  tagged: number;
}

/** One side: its memory and realloc. */
export interface Cx {
  memory: Uint8Array;
  realloc: (old: number, oldSize: number, align: number, size: number) => number;
}

function trapIf(cond: boolean, why: string): void {
  if (cond) throw new Trap(why);
}

/**
 * `ptr = cx.opts.realloc(old, oldSize, align, size)` and the spec's checks after it:
 * `trap_if(ptr != align_to(ptr, align))` (which the spec leaves out for align 1) and
 * `trap_if(ptr + size > len(cx.opts.memory))`.
 */
function realloc(cx: Cx, old: number, oldSize: number, align: number, size: number): number {
  const ptr = cx.realloc(old, oldSize, align, size);
  trapIf(ptr !== alignTo(ptr, align), 'misaligned');
  trapIf(ptr + size > cx.memory.length, 'out of range');
  return ptr;
}

const alignTo = (p: number, a: number): number => Math.ceil(p / a) * a;

/** `load_string_from_range` (plus awsm's limit of 2^31 - 1 bytes, which the ABI's range check implies for memories below 2 GiB). */
export function loadString(cx: Cx, encoding: Encoding, ptr: number, tagged: number): Lifted {
  let alignment: number;
  let byteLength: number;
  let form: 'utf-8' | 'utf-16le' | 'latin1';
  switch (encoding) {
    case 'utf8': alignment = 1; byteLength = tagged; form = 'utf-8'; break;
    case 'utf16': alignment = 2; byteLength = 2 * tagged; form = 'utf-16le'; break;
    case 'latin1+utf16':
      alignment = 2;
      if ((tagged & UTF16_TAG) !== 0) {
        byteLength = 2 * ((tagged ^ UTF16_TAG) >>> 0);
        form = 'utf-16le';
      } else {
        byteLength = tagged;
        form = 'latin1';
      }
  }
  trapIf(ptr !== alignTo(ptr, alignment), 'misaligned');
  trapIf(ptr + byteLength > cx.memory.length, 'out of range');
  const bytes = cx.memory.subarray(ptr, ptr + byteLength);
  let s: string;
  if (form === 'latin1') s = String.fromCharCode(...bytes); // Python's latin-1: byte b is U+00bb
  else {
    try {
      s = new TextDecoder(form, { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new Trap(`invalid ${form}`);
    }
  }
  return { s, encoding, tagged };
}

/** Python's `len(s.encode(e))` and `s.encode(e)` for the three encodings the ABI writes. */
function encode(s: string, e: 'utf-8' | 'utf-16-le' | 'latin-1'): Uint8Array {
  if (e === 'utf-8') return new TextEncoder().encode(s);
  if (e === 'latin-1') return Uint8Array.from([...s].map((ch) => ch.codePointAt(0)!));
  const out = new Uint8Array(2 * s.length);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
}

/** `store_string_into_range`: the (pointer, length word) stored in `cx`, in `encoding`. */
export function storeString(cx: Cx, encoding: Encoding, v: Lifted): [number, number] {
  const { s: src, encoding: srcEncoding, tagged } = v;
  let simple: 'utf8' | 'utf16' | 'latin1';
  let units: number;
  if (srcEncoding === 'latin1+utf16') {
    if ((tagged & UTF16_TAG) !== 0) {
      simple = 'utf16';
      units = (tagged ^ UTF16_TAG) >>> 0;
    } else {
      simple = 'latin1';
      units = tagged;
    }
  } else {
    simple = srcEncoding;
    units = tagged;
  }
  switch (encoding) {
    case 'utf8':
      if (simple === 'utf8') return stringCopy(cx, src, units, 1, 1, 'utf-8');
      if (simple === 'utf16') return stringToUtf8(cx, src, units, units * 3);
      return stringToUtf8(cx, src, units, units * 2);
    case 'utf16':
      if (simple === 'utf8') return utf8ToUtf16(cx, src, units);
      return stringCopy(cx, src, units, 2, 2, 'utf-16-le');
    case 'latin1+utf16':
      if (srcEncoding !== 'latin1+utf16') return stringToLatin1OrUtf16(cx, src, units);
      if (simple === 'latin1') return stringCopy(cx, src, units, 1, 2, 'latin-1');
      return probablyUtf16ToLatin1OrUtf16(cx, src, units);
  }
}

function stringCopy(cx: Cx, src: string, units: number, unitSize: number, alignment: number, e: 'utf-8' | 'utf-16-le' | 'latin-1'): [number, number] {
  const dstByteLength = unitSize * units;
  trapIf(dstByteLength > MAX_STRING_BYTE_LENGTH, 'too long');
  const ptr = realloc(cx, 0, 0, alignment, dstByteLength);
  const encoded = encode(src, e);
  if (encoded.length !== dstByteLength) throw new Error('reference: copy length');
  cx.memory.set(encoded, ptr);
  return [ptr, units];
}

function stringToUtf8(cx: Cx, src: string, units: number, worst: number): [number, number] {
  let ptr = realloc(cx, 0, 0, 1, units);
  let i = 0;
  for (const ch of src) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) cx.memory[ptr + i] = cp;
    else {
      trapIf(worst > MAX_STRING_BYTE_LENGTH, 'too long');
      ptr = realloc(cx, ptr, units, 1, worst);
      const encoded = encode(src, 'utf-8');
      cx.memory.set(encoded.subarray(i), ptr + i);
      if (worst > encoded.length) {
        ptr = realloc(cx, ptr, worst, 1, encoded.length);
      }
      return [ptr, encoded.length];
    }
    i++;
  }
  return [ptr, units];
}

function utf8ToUtf16(cx: Cx, src: string, units: number): [number, number] {
  const worst = 2 * units;
  trapIf(worst > MAX_STRING_BYTE_LENGTH, 'too long');
  let ptr = realloc(cx, 0, 0, 2, worst);
  const encoded = encode(src, 'utf-16-le');
  cx.memory.set(encoded, ptr);
  if (encoded.length < worst) {
    ptr = realloc(cx, ptr, worst, 2, encoded.length);
  }
  return [ptr, encoded.length / 2];
}

function stringToLatin1OrUtf16(cx: Cx, src: string, units: number): [number, number] {
  let ptr = realloc(cx, 0, 0, 2, units);
  let dstByteLength = 0;
  for (const usv of src) {
    const cp = usv.codePointAt(0)!;
    if (cp < 0x100) {
      cx.memory[ptr + dstByteLength] = cp;
      dstByteLength++;
    } else {
      const worst = 2 * units;
      trapIf(worst > MAX_STRING_BYTE_LENGTH, 'too long');
      ptr = realloc(cx, ptr, units, 2, worst);
      for (let j = dstByteLength - 1; j >= 0; j--) {
        cx.memory[ptr + 2 * j] = cx.memory[ptr + j]!;
        cx.memory[ptr + 2 * j + 1] = 0;
      }
      const encoded = encode(src, 'utf-16-le');
      cx.memory.set(encoded.subarray(2 * dstByteLength), ptr + 2 * dstByteLength);
      if (worst > encoded.length) {
        ptr = realloc(cx, ptr, worst, 2, encoded.length);
      }
      return [ptr, ((encoded.length / 2) | UTF16_TAG) >>> 0];
    }
  }
  if (dstByteLength < units) {
    ptr = realloc(cx, ptr, units, 2, dstByteLength);
  }
  return [ptr, dstByteLength];
}

function probablyUtf16ToLatin1OrUtf16(cx: Cx, src: string, units: number): [number, number] {
  const srcByteLength = 2 * units;
  trapIf(srcByteLength > MAX_STRING_BYTE_LENGTH, 'too long');
  let ptr = realloc(cx, 0, 0, 2, srcByteLength);
  const encoded = encode(src, 'utf-16-le');
  cx.memory.set(encoded, ptr);
  if ([...src].some((c) => c.codePointAt(0)! >= 0x100)) return [ptr, ((encoded.length / 2) | UTF16_TAG) >>> 0];
  const latin1Size = encoded.length / 2;
  for (let i = 0; i < latin1Size; i++) cx.memory[ptr + i] = cx.memory[ptr + 2 * i]!;
  ptr = realloc(cx, ptr, srcByteLength, 1, latin1Size);
  return [ptr, latin1Size];
}
