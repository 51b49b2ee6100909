/**
 * Input generation for the decoder/validator/translator fuzzer (tests/fuzz/fuzz.ts).
 *
 * An input is either random bytes or a corpus module changed by one to four mutations. Byte
 * mutations (bit flips, interesting bytes, insertions, deletions, truncation, duplicated or
 * spliced ranges) mostly test the framing checks. Structure-aware ones rewrite a LEB128 in an
 * overlong or huge form, reorder, duplicate, drop or renumber sections, put huge counts and
 * sizes in front of section contents, or edit inside one section or one function body and
 * fix up the sizes around the edit, which gets them past the framing to the decoder's and
 * validator's deeper rules. Instruction snippets (every opcode-table row with a fixed type,
 * with constant operands) inserted at instruction boundaries mostly keep the module valid,
 * which is what reaches the translator.
 */
import { decodeModule } from '../../src/binary/decoder.js';
import { validateModule } from '../../src/validate/validator.js';
import { OPCODES, type OpInfo } from '../../src/binary/opcodes.js';
import type { ValType } from '../../src/binary/module.js';
import { Rng } from './rng.js';
import {
  HEADER,
  concat,
  editAt,
  joinSections,
  readUleb,
  sectionList,
  sleb,
  splitBodies,
  splitSections,
  uleb,
} from './wasm-bytes.js';

/** A corpus module. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  /** Absolute offsets of instructions in function bodies (computed on first use; [] if none). */
  boundaries?: number[];
}

/** Every mutation by name; the fuzzer reports how many inputs each produced. */
export const MUTATIONS = [
  'bitflip', 'byte', 'insert', 'delete', 'truncate', 'duplicate', 'splice',
  'leb-overlong', 'leb-huge', 'section-swap', 'section-dup', 'section-drop', 'section-id',
  'section-size', 'huge-count', 'in-section', 'in-body', 'snippet', 'locals', 'amplify',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

const WEIGHTS: Record<Mutation, number> = {
  bitflip: 8, byte: 8, insert: 5, delete: 5, truncate: 4, duplicate: 3, splice: 3,
  'leb-overlong': 5, 'leb-huge': 5, 'section-swap': 3, 'section-dup': 3, 'section-drop': 3,
  'section-id': 2, 'section-size': 4, 'huge-count': 8, 'in-section': 10, 'in-body': 10,
  snippet: 14, locals: 3, amplify: 1,
};
const WEIGHT_LIST = MUTATIONS.map((m) => WEIGHTS[m]);

const INTERESTING_BYTES = [
  0x00, 0x01, 0x02, 0x0b, 0x0c, 0x0e, 0x10, 0x11, 0x1a, 0x20, 0x40, 0x41, 0x60, 0x6f, 0x70,
  0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0xfc, 0xfd, 0xfe, 0xff,
];

/** Interesting u32 values; `len` (the bytes left) is added by the caller. */
const INTERESTING_U32 = [
  0, 1, 2, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x3fff, 0x4000, 0xffff, 0x10000, 0x10001, 0xfffff,
  0x100000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
];

export interface Generated {
  bytes: Uint8Array;
  /** What produced it: 'random', or the seed's name and the mutations applied. */
  how: string;
}

/** Input `index` of the run with `seed`: a pure function of the two and the corpus. */
export function generate(seed: number, index: number, corpus: readonly Seed[]): Generated {
  const rng = new Rng(seed, index);
  if (corpus.length === 0 || rng.chance(0.06)) {
    const n = rng.chance(0.5) ? rng.int(24) : rng.int(600);
    const body = rng.bytes(n);
    if (rng.chance(0.6)) return { bytes: concat(HEADER, body), how: 'random (with header)' };
    return { bytes: body, how: 'random' };
  }
  // Valid seeds more often: mutations of them get furthest (into validation and translation).
  const valid = validSeeds(corpus);
  const s = valid.length > 0 && rng.chance(0.7) ? rng.pick(valid) : rng.pick(corpus);
  let bytes = s.bytes;
  const applied: string[] = [];
  const rounds = rng.chance(0.6) ? 1 : rng.range(2, 4);
  for (let i = 0; i < rounds; i++) {
    const m = MUTATIONS[rng.weighted(WEIGHT_LIST)] as Mutation;
    bytes = mutate(rng, m, bytes, s, corpus);
    applied.push(m);
  }
  return { bytes, how: `${s.name} + ${applied.join(', ')}` };
}

const VALID = new WeakMap<readonly Seed[], Seed[]>();

/** Do the per-corpus work up front (which seeds are valid), not in the first input's time. */
export function prepare(corpus: readonly Seed[]): void {
  validSeeds(corpus);
}

/** The seeds that decode and validate (computed once per corpus). */
function validSeeds(corpus: readonly Seed[]): Seed[] {
  let v = VALID.get(corpus);
  if (v === undefined) {
    v = corpus.filter((s) => {
      try {
        validateModule(decodeModule(s.bytes));
        return true;
      } catch {
        return false;
      }
    });
    VALID.set(corpus, v);
  }
  return v;
}

/** Apply mutation `m` to `b` (from seed `s`); returns new bytes, never modifies `b`. */
export function mutate(rng: Rng, m: Mutation, b: Uint8Array, s: Seed, corpus: readonly Seed[]): Uint8Array {
  switch (m) {
    case 'bitflip': {
      if (b.length === 0) return b;
      const out = b.slice();
      for (let k = rng.range(1, 8); k > 0; k--) {
        const at = rng.int(out.length);
        out[at] = (out[at] as number) ^ (1 << rng.int(8));
      }
      return out;
    }
    case 'byte': {
      if (b.length === 0) return b;
      const out = b.slice();
      for (let k = rng.range(1, 4); k > 0; k--) out[rng.int(out.length)] = rng.chance(0.7) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
      return out;
    }
    case 'insert': {
      const n = rng.range(1, 16);
      const ins = rng.chance(0.5) ? rng.bytes(n) : Array.from({ length: n }, () => rng.pick(INTERESTING_BYTES));
      const at = rng.int(b.length + 1);
      return concat(b.subarray(0, at), ins, b.subarray(at));
    }
    case 'delete': {
      if (b.length === 0) return b;
      const at = rng.int(b.length);
      const n = Math.min(b.length - at, rng.range(1, 16));
      return concat(b.subarray(0, at), b.subarray(at + n));
    }
    case 'truncate':
      return b.slice(0, rng.int(b.length + 1));
    case 'duplicate': {
      if (b.length === 0) return b;
      const from = rng.int(b.length);
      const n = Math.min(b.length - from, rng.range(1, 64));
      const at = rng.int(b.length + 1);
      return concat(b.subarray(0, at), b.subarray(from, from + n), b.subarray(at));
    }
    case 'splice': {
      const other = rng.pick(corpus).bytes;
      return concat(b.subarray(0, rng.int(b.length + 1)), other.subarray(rng.int(other.length + 1)));
    }
    case 'leb-overlong':
    case 'leb-huge':
      return rewriteLeb(rng, m, b);
    case 'section-swap':
    case 'section-dup':
    case 'section-drop':
    case 'section-id':
      return shuffleSections(rng, m, b);
    case 'section-size': {
      const secs = splitSections(b);
      if (secs === undefined || secs.length === 0) return mutate(rng, 'bitflip', b, s, corpus);
      const sec = rng.pick(secs);
      const size = sec.end - sec.contentStart;
      const value = rng.pick([0, 1, size - 1, size + 1, size + 2, b.length, 0x7fffffff, 0xffffffff]);
      return concat(b.subarray(0, sec.start + 1), uleb(Math.max(0, value)), b.subarray(sec.contentStart));
    }
    case 'huge-count':
      return hugeCount(rng, b);
    case 'in-section':
    case 'in-body':
      return editInside(rng, m, b);
    case 'snippet':
      return insertSnippet(rng, b, s);
    case 'amplify':
      return amplify(rng, b, s);
    case 'locals':
      return hugeLocals(rng, b);
  }
}

/** A u32 value for a count, size or index: interesting values, or near the bytes left. */
function interestingU32(rng: Rng, left: number): number {
  if (rng.chance(0.3)) return Math.max(0, left + rng.range(-2, 2));
  return rng.pick(INTERESTING_U32);
}

/** Re-encode a LEB128 found at a random offset overlong, or replace it with a huge value. */
function rewriteLeb(rng: Rng, m: Mutation, b: Uint8Array): Uint8Array {
  if (b.length <= 8) return b;
  const at = rng.range(8, b.length - 1);
  const old = readUleb(b, at);
  if (old === undefined) return b;
  let enc: number[];
  if (m === 'leb-overlong') {
    // Overlong, up to the 5-byte maximum or beyond it; sometimes with junk in the unused bits
    // of a fifth byte.
    enc = uleb(old.value, rng.pick([2, 3, 4, 5, 5, 6, 10]));
    if (enc.length === 5 && rng.chance(0.3)) enc[4] = (enc[4] as number) | (rng.range(1, 7) << 4);
  } else {
    enc = uleb(interestingU32(rng, b.length - at), rng.chance(0.2) ? 5 : 1);
  }
  return rng.chance(0.7) ? editAt(b, at, old.len, enc) : concat(b.subarray(0, at), enc, b.subarray(at + old.len));
}

function shuffleSections(rng: Rng, m: Mutation, b: Uint8Array): Uint8Array {
  const secs = splitSections(b);
  if (secs === undefined || secs.length === 0) return b;
  const list = sectionList(b, secs);
  const i = rng.int(list.length);
  if (m === 'section-swap') {
    const j = rng.int(list.length);
    [list[i], list[j]] = [list[j]!, list[i]!];
  } else if (m === 'section-dup') {
    list.splice(rng.int(list.length + 1), 0, list[i]!);
  } else if (m === 'section-drop') {
    list.splice(i, 1);
  } else {
    list[i] = { id: rng.chance(0.8) ? rng.int(14) : rng.int(256), content: list[i]!.content };
  }
  return joinSections(list);
}

/** Replace the first LEB128 of a section's contents (its vector count, mostly) by a huge value. */
function hugeCount(rng: Rng, b: Uint8Array): Uint8Array {
  const secs = splitSections(b)?.filter((s) => s.end > s.contentStart);
  if (secs === undefined || secs.length === 0) return b;
  const sec = rng.pick(secs);
  let at = sec.contentStart;
  if (sec.id === 0) {
    // Custom section: the name's length.
    const old = readUleb(b, at);
    if (old === undefined) return b;
    return editAt(b, at, old.len, uleb(interestingU32(rng, sec.end - at)));
  }
  // Sometimes a count deeper in: the first LEB after a random element boundary is unknown,
  // so pick an offset in the section and hope (the decoder must cope either way).
  if (rng.chance(0.3)) at = rng.range(sec.contentStart, sec.end - 1);
  const old = readUleb(b, at);
  if (old === undefined) return b;
  return editAt(b, at, old.len, uleb(interestingU32(rng, sec.end - at), rng.chance(0.2) ? 5 : 1));
}

/** 1–4 byte mutations inside one section's contents (or one function body), sizes fixed up. */
function editInside(rng: Rng, m: Mutation, b: Uint8Array): Uint8Array {
  const secs = splitSections(b)?.filter((s) => s.end > s.contentStart);
  if (secs === undefined || secs.length === 0) return b;
  let lo: number;
  let hi: number;
  const code = secs.find((s) => s.id === 10);
  const bodies = m === 'in-body' && code !== undefined ? splitBodies(b, code)?.filter((f) => f.end > f.contentStart) : undefined;
  if (bodies !== undefined && bodies.length > 0) {
    const f = rng.pick(bodies);
    lo = f.contentStart;
    hi = f.end;
  } else {
    const sec = rng.pick(secs);
    lo = sec.contentStart;
    hi = sec.end;
  }
  let out = b;
  for (let k = rng.range(1, 4); k > 0 && hi > lo; k--) {
    const at = rng.range(lo, hi - 1);
    const what = rng.int(4);
    if (what === 0) {
      out = editAt(out, at, 1, [(out[at] as number) ^ (1 << rng.int(8))]);
    } else if (what === 1) {
      out = editAt(out, at, 1, [rng.chance(0.7) ? rng.pick(INTERESTING_BYTES) : rng.int(256)]);
    } else if (what === 2) {
      const n = rng.range(1, 4);
      out = editAt(out, at, 0, Array.from({ length: n }, () => rng.pick(INTERESTING_BYTES)));
      hi += n;
    } else {
      out = editAt(out, at, 1, []);
      hi--;
    }
  }
  return out;
}

/** Set one local-declaration count of a function body to a huge or boundary value. */
function hugeLocals(rng: Rng, b: Uint8Array): Uint8Array {
  const secs = splitSections(b);
  const code = secs?.find((s) => s.id === 10);
  const bodies = code === undefined ? undefined : splitBodies(b, code);
  if (bodies === undefined || bodies.length === 0) return b;
  const f = rng.pick(bodies);
  const groups = readUleb(b, f.contentStart);
  if (groups === undefined) return b;
  const counts = [0, 1, 49_999, 50_000, 50_001, 0x7fffffff, 0x80000000, 0xffffffff];
  if (groups.value === 0 || rng.chance(0.3)) {
    // Replace the declarations with one or two huge groups.
    const decl = [...uleb(rng.chance(0.5) ? 1 : 2), ...uleb(rng.pick(counts)), 0x7f];
    if (decl[0] === 2) decl.push(...uleb(rng.pick(counts)), 0x7e);
    return editAt(b, f.contentStart, groups.len, decl);
  }
  const at = f.contentStart + groups.len;
  const old = readUleb(b, at);
  if (old === undefined) return b;
  return editAt(b, at, old.len, uleb(rng.pick(counts)));
}

// ---- instruction snippets ----------------------------------------------------------------------

/** Opcode-table rows usable in a snippet: a fixed type and immediates we can make up. */
const SNIPPET_OPS: OpInfo[] = OPCODES.filter(
  (op) =>
    op.sig !== undefined &&
    ['none', 'memarg', 'lane', 'shuffle', 'memarg_lane', 'mem'].includes(op.imm) &&
    op.sig.results.length <= 1,
);

function opBytes(op: OpInfo): number[] {
  return op.prefix === 0 ? [op.code] : [op.prefix, ...uleb(op.code)];
}

/** Bytes that push a constant of type `t`. */
function constOf(rng: Rng, t: ValType): number[] {
  switch (t) {
    case 'i32':
      return [0x41, ...sleb(rng.chance(0.5) ? rng.pick([0, 1, -1, 0x7fffffff, -0x80000000, 65535, 65536, -4]) : rng.u32() | 0)];
    case 'i64':
      return [0x42, ...sleb(rng.chance(0.5) ? rng.pick([0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n]) : BigInt.asIntN(64, (BigInt(rng.u32()) << 32n) | BigInt(rng.u32())))];
    case 'f32': {
      const bits = rng.chance(0.5) ? rng.pick([0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001, 0x4f000000, 0xcf000000, 0x3f800000]) : rng.u32();
      return [0x43, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, bits >>> 24];
    }
    case 'f64': {
      const bs = rng.bytes(8);
      if (rng.chance(0.3)) bs.set([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]); // NaN
      return [0x44, ...bs];
    }
    case 'v128':
      return [0xfd, ...uleb(12), ...rng.bytes(16)];
    case 'externref':
      return [0xd0, 0x6f];
    case 'exnref':
      return [0xd0, 0x69];
    default:
      return [0xd0, 0x70];
  }
}

/** A stack-neutral instruction sequence (valid wherever an instruction may start, mostly). */
function snippet(rng: Rng): number[] {
  const k = rng.int(10);
  if (k === 0) return rng.pick([[0x01], [0x00], [0x02, 0x40, 0x0b], [0x03, 0x40, 0x0b], [0x02, 0x40, 0x00, 0x0b], [0x02, 0x40, 0x0c, 0x00, 0x0b]]);
  if (k === 1) return [...constOf(rng, 'i32'), 0x04, 0x40, ...snippet(rng), 0x05, ...snippet(rng), 0x0b];
  if (k === 2) return [0x3f, 0x00, 0x40, 0x00, 0x1a]; // memory.grow (memory.size)
  if (k === 3) return [0x02, 0x40, ...constOf(rng, 'i32'), 0x0d, 0x00, ...snippet(rng), 0x0b]; // br_if out
  const op = rng.pick(SNIPPET_OPS);
  const sig = op.sig!;
  const out: number[] = [];
  for (const p of sig.params) out.push(...constOf(rng, p));
  out.push(...opBytes(op));
  const memarg = (): number[] => {
    const bytes = op.memBytes ?? 1;
    const natural = Math.log2(bytes);
    const align = rng.chance(0.9) ? rng.int(natural + 1) : rng.int(40);
    const offset = rng.chance(0.6) ? rng.int(64) : rng.pick(INTERESTING_U32);
    return [...uleb(align), ...uleb(offset)];
  };
  const lane = (): number => (rng.chance(0.95) ? rng.int(op.lanes ?? 16) : rng.int(256));
  switch (op.imm) {
    case 'memarg': out.push(...memarg()); break;
    case 'memarg_lane': out.push(...memarg(), lane()); break;
    case 'lane': out.push(lane()); break;
    case 'shuffle': for (let i = 0; i < 16; i++) out.push(lane()); break;
    case 'mem': out.push(0x00); break;
  }
  for (let i = 0; i < sig.results.length; i++) out.push(0x1a);
  return out;
}

/**
 * Something big at an instruction boundary: one snippet repeated up to 50,000 times, a
 * br_table with up to 300,000 labels, or blocks nested up to 50,000 deep. Inputs stay below
 * about a megabyte; what is tested is that time and memory grow with the input, not faster.
 */
function amplify(rng: Rng, b: Uint8Array, s: Seed): Uint8Array {
  const bs = boundaries(s);
  if (bs.length === 0 || b !== s.bytes) return b;
  const at = rng.pick(bs);
  const n = rng.pick([100, 1000, 10_000, 50_000]);
  let ins: Uint8Array;
  const k = rng.int(3);
  if (k === 0) {
    const one = snippet(rng);
    const m = Math.min(n, Math.floor((1 << 20) / one.length));
    ins = new Uint8Array(one.length * m);
    for (let i = 0; i < m; i++) ins.set(one, i * one.length);
  } else if (k === 1) {
    const labels = rng.pick([1000, 65_536, 300_000]);
    const table = new Uint8Array(labels);
    if (rng.chance(0.5)) for (let i = 0; i < labels; i++) table[i] = rng.int(2);
    ins = concat([0x02, 0x40, 0x02, 0x40], constOf(rng, 'i32'), [0x0e], uleb(labels), table, [0x00, 0x0b, 0x0b]);
  } else {
    ins = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) ins.set([0x02, 0x40], i * 2);
    ins.fill(0x0b, n * 2);
  }
  return editAt(b, at, 0, ins);
}

function boundaries(s: Seed): number[] {
  if (s.boundaries === undefined) {
    try {
      const m = decodeModule(s.bytes);
      s.boundaries = m.funcs.flatMap((f) => f.body.map((ins) => ins.pos));
    } catch {
      s.boundaries = [];
    }
  }
  return s.boundaries;
}

/** Insert snippets at instruction boundaries of the seed (positions only valid in its bytes). */
function insertSnippet(rng: Rng, b: Uint8Array, s: Seed): Uint8Array {
  const bs = boundaries(s);
  if (bs.length === 0 || b !== s.bytes) {
    // Not the seed's own bytes any more: any offset inside a body will do.
    return editInside(rng, 'in-body', b);
  }
  // Positions from the end backwards, so earlier offsets stay valid.
  const picks = Array.from({ length: rng.range(1, 3) }, () => rng.pick(bs)).sort((x, y) => y - x);
  let out = b;
  for (const at of picks) out = editAt(out, at, 0, snippet(rng));
  return out;
}
