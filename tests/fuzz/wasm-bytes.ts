/**
 * Byte-level helpers for building and taking apart WebAssembly binaries in the fuzzers:
 * LEB128 encoding (minimal and overlong), and a lenient split of a module into its sections
 * and of the code section into its bodies, so mutations can fix up the sizes around what
 * they changed and get past the framing checks to the parts deeper inside.
 */

export const HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

/** Unsigned LEB128 of `n` (0 ≤ n < 2^53), padded with continuation bytes to `minLen` bytes. */
export function uleb(n: number, minLen = 1): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0 || out.length + 1 < minLen) b |= 0x80;
    out.push(b);
  } while (n > 0);
  while (out.length < minLen) out.push(out.length + 1 < minLen ? 0x80 : 0x00);
  return out;
}

/** Signed LEB128 of `n` (a safe integer or a bigint). */
export function sleb(value: number | bigint): number[] {
  let n = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** An unsigned LEB128 read at `pos` (at most `maxBytes`), or undefined if there is none. */
export function readUleb(b: Uint8Array, pos: number, maxBytes = 5): { value: number; len: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < maxBytes && pos + i < b.length; i++) {
    const byte = b[pos + i] as number;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, len: i + 1 };
  }
  return undefined;
}

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A section as found in a module: its id and the absolute range of its contents. */
export interface RawSection {
  id: number;
  /** Offset of the id byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the contents. */
  end: number;
}

/**
 * The sections of `b`, if it has the header and its section framing holds together (every
 * size fits in the module); ids and contents are not checked.
 */
export function splitSections(b: Uint8Array): RawSection[] | undefined {
  if (b.length < 8) return undefined;
  for (let i = 0; i < 8; i++) if (b[i] !== HEADER[i]) return undefined;
  const out: RawSection[] = [];
  let pos = 8;
  while (pos < b.length) {
    const start = pos;
    const id = b[pos++] as number;
    const size = readUleb(b, pos);
    if (size === undefined) return undefined;
    pos += size.len;
    if (pos + size.value > b.length) return undefined;
    out.push({ id, start, contentStart: pos, end: pos + size.value });
    pos += size.value;
  }
  return out;
}

/** A module from a list of (id, contents) sections. */
export function joinSections(sections: ReadonlyArray<{ id: number; content: Uint8Array }>): Uint8Array {
  const parts: ArrayLike<number>[] = [HEADER];
  for (const s of sections) parts.push([s.id], uleb(s.content.length), s.content);
  return concat(...parts);
}

/** The sections of `b` as (id, contents) pairs (contents are views into `b`). */
export function sectionList(b: Uint8Array, secs: readonly RawSection[]): Array<{ id: number; content: Uint8Array }> {
  return secs.map((s) => ({ id: s.id, content: b.subarray(s.contentStart, s.end) }));
}

/** A function body inside the code section's contents: absolute ranges. */
export interface RawBody {
  /** Offset of its size field. */
  start: number;
  contentStart: number;
  end: number;
}

/** The bodies of a code section (absolute offsets), if its framing holds together. */
export function splitBodies(b: Uint8Array, sec: RawSection): RawBody[] | undefined {
  const count = readUleb(b, sec.contentStart);
  if (count === undefined) return undefined;
  let pos = sec.contentStart + count.len;
  const out: RawBody[] = [];
  for (let i = 0; i < count.value; i++) {
    const start = pos;
    const size = readUleb(b, pos);
    if (size === undefined) return undefined;
    pos += size.len;
    if (pos + size.value > sec.end) return undefined;
    out.push({ start, contentStart: pos, end: pos + size.value });
    pos += size.value;
  }
  return out;
}

/**
 * Replace `del` bytes at absolute offset `pos` with `ins`, then re-encode the size of the
 * function body (if `pos` is inside one) and of the section around it, so the framing stays
 * consistent. If `b` has no consistent framing, or `pos` is outside every section, the edit is
 * made as a plain splice.
 */
export function editAt(b: Uint8Array, pos: number, del: number, ins: ArrayLike<number>): Uint8Array {
  const splice = (x: Uint8Array, at: number, d: number): Uint8Array => concat(x.subarray(0, at), ins, x.subarray(at + d));
  const secs = splitSections(b);
  const sec = secs?.find((s) => pos >= s.contentStart && pos < s.end && pos + del <= s.end);
  if (secs === undefined || sec === undefined) return splice(b, pos, del);
  let content = b.subarray(sec.contentStart, sec.end);
  const rel = pos - sec.contentStart;
  const body = sec.id === 10 ? splitBodies(b, sec)?.find((f) => pos >= f.contentStart && pos < f.end && pos + del <= f.end) : undefined;
  if (body !== undefined) {
    const bodyContent = b.subarray(body.contentStart, body.end);
    const newBody = splice(bodyContent, pos - body.contentStart, del);
    content = concat(
      b.subarray(sec.contentStart, body.start),
      uleb(newBody.length),
      newBody,
      b.subarray(body.end, sec.end),
    );
  } else {
    content = splice(content, rel, del);
  }
  return concat(b.subarray(0, sec.start), [sec.id], uleb(content.length), content, b.subarray(sec.end));
}
