/**
 * The adapters' string paths (src/component/adapter-string.ts and the loops of
 * adapter-transcode.ts) run under V8 beside a reference: CanonicalABI.md's lifting and
 * storing of strings ported to TypeScript (adapter-transcode-ref.ts). For each of the nine
 * pairs of encodings, an adapter-like module moves a string through `moveString` from the
 * top page of its memory to the bottom one (Node 20's V8 has one memory a module, so both sides
 * share it), with a `realloc` in JavaScript that logs its calls; thousands of
 * random strings (ASCII, latin1, BMP, astral, lone surrogates; invalid UTF-8; latin1+utf16
 * strings tagged utf16 when they would fit latin1; misaligned pointers, ranges past the end
 * of memory, corrupt and out-of-range tagged lengths; a realloc that returns a misaligned or
 * out-of-range pointer once) go through both. They must agree on whether it traps and, if
 * not, on the length word and the bytes stored; and on the `realloc` calls and the pointer,
 * except utf16 → utf8, whose calls docs/components.md says differ.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FuncSig } from '../../src/binary/encoder.js';
import { ModuleEncoder } from '../../src/binary/encoder.js';
import { adapterHelpers } from '../../src/component/adapter-helpers.js';
import type { StringGen } from '../../src/component/adapter-string.js';
import { moveString } from '../../src/component/adapter-string.js';
import { type Cx, type Encoding, Trap, UTF16_TAG, loadString, storeString } from './adapter-transcode-ref.js';

const ENCODINGS: readonly Encoding[] = ['utf8', 'utf16', 'latin1+utf16'];
const REALLOC: FuncSig = { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] };
const PAGE = 65536;
/** The memory's size: the source string lies in the top page, the destination's allocations in the bottom one. */
const SIZE = 2 * PAGE;

/** The module of one pair: `move(ptr, len) -> (ptr, len)` from a string in encoding `from` to one in `to`, in its memory. */
function moveModule(from: Encoding, to: Encoding): WebAssembly.Module {
  const enc = new ModuleEncoder();
  enc.importMemory('env', 'memory', 2);
  const reallocA = enc.importFunc('env', 'reallocA', REALLOC);
  const reallocB = enc.importFunc('env', 'reallocB', REALLOC);
  const leave = enc.importFunc('env', 'leave', { params: ['i32', 'i32'], results: [] });
  const move = enc.func({ params: ['i32', 'i32'], results: ['i32', 'i32'] });
  const g: StringGen = { code: move.code, ...adapterHelpers(enc), handles: { builtin: () => leave, resources: new Map() } };
  const out = moveString(g, 0, 1, { mem: 0, realloc: reallocA, encoding: from, instance: 0 }, { mem: 0, realloc: reallocB, encoding: to, instance: 1 });
  move.code.get(out.ptr).get(out.len);
  enc.export('move', 'func', move.index);
  return new WebAssembly.Module(enc.encode());
}

/** A deterministic random source (mulberry32: a plain LCG's low bits repeat with short periods). */
function random(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n | 0;
  };
}

/** One realloc call: (old, old size, align, size). */
type Call = [number, number, number, number];

/**
 * A bump allocator over `memory` logging its calls: shrinking keeps the block, growing copies
 * it. Call number `bad.at` (if any) returns a pointer one past an aligned one, or one that
 * ends one byte past the memory.
 */
function allocator(memory: Uint8Array, log: Call[], bad?: { at: number; kind: 'odd' | 'end' }): Cx['realloc'] {
  let top = 1024;
  return (old, oldSize, align, size) => {
    log.push([old, oldSize, align, size]);
    if (bad !== undefined && log.length === bad.at) return bad.kind === 'odd' ? (Math.ceil(top / align) * align) + 1 : memory.length - size + 1;
    if (old !== 0 && size <= oldSize) return old;
    const p = Math.ceil(top / align) * align;
    top = p + size;
    if (old !== 0) memory.copyWithin(p, old, old + Math.min(oldSize, size));
    return p;
  };
}

/** The bytes of a string stored in `encoding` with length word `len`. */
function byteLength(encoding: Encoding, len: number): number {
  if (encoding === 'utf8') return len;
  if (encoding === 'utf16') return 2 * len;
  return (len & UTF16_TAG) !== 0 ? 2 * ((len ^ UTF16_TAG) >>> 0) : len;
}

/** A random string of code units: ASCII, latin1, BMP, astral and (rarely) lone surrogates. */
function randomText(rand: (n: number) => number): string {
  const profile = rand(6); // 0: ASCII, 1: latin1, 2: + BMP, 3: + astral, 4: all, 5: + lone surrogates
  const units: number[] = [];
  const n = rand(5) === 0 ? rand(64) : rand(12);
  for (let i = 0; i < n; i++) {
    const kind = rand(Math.min(profile, 4) + 1);
    if (profile === 5 && rand(8) === 0) units.push(0xd800 + rand(0x800));
    else if (kind === 0) units.push(rand(5) === 0 ? [0, 0x7f][rand(2)]! : 0x20 + rand(0x5f));
    else if (kind === 1) units.push(0x80 + rand(0x80));
    else if (kind === 2) {
      const cp = 0x100 + rand(0xfeff - 0x800);
      units.push(cp >= 0xd800 ? cp + 0x800 : cp);
    } else {
      const cp = 0x10000 + rand(0x100000);
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
  }
  return String.fromCharCode(...units);
}

/** `text` as stored in `encoding`: its bytes and length word. */
function encodeSource(text: string, encoding: Encoding, rand: (n: number) => number): { bytes: Uint8Array; len: number } {
  const utf16 = (): Uint8Array => new Uint8Array(Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)).buffer);
  if (encoding === 'utf8') {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > 0 && rand(12) === 0) bytes[rand(bytes.length)] = [0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xf4, 0xf5, 0xff][rand(9)]!;
    return { bytes, len: bytes.length };
  }
  if (encoding === 'utf16') return { bytes: utf16(), len: text.length };
  const latin1 = [...text].every((ch) => ch.charCodeAt(0) < 0x100);
  if (latin1 && rand(4) !== 0) return { bytes: Uint8Array.from(text, (ch) => ch.charCodeAt(0)), len: text.length };
  return { bytes: utf16(), len: (text.length | UTF16_TAG) >>> 0 };
}

/** What one move gave: a trap, or the length word, the bytes stored, the pointer and the realloc calls. */
type Outcome = { trap: string } | { len: number; bytes: number[]; ptr: number; calls: Call[] };

test('strings move between every pair of encodings as the canonical ABI stores them, traps included', (t) => {
  const rand = random(2026);
  const memory = new WebAssembly.Memory({ initial: 2 });
  const seen = new Map<string, number>();
  const count = (what: string): void => void seen.set(what, (seen.get(what) ?? 0) + 1);
  for (const from of ENCODINGS) {
    for (const to of ENCODINGS) {
      const log: Call[] = [];
      let realloc: Cx['realloc'] = () => 0;
      /** The may_leave flag of each instance as the adapter sets it (1 = may leave). */
      const mayLeave = [1, 1];
      const instance = new WebAssembly.Instance(moveModule(from, to), {
        env: {
          memory,
          reallocA: () => assert.fail('realloc of the source side'),
          // Every realloc runs with the allocating instance's may_leave flag cleared (adapter-check.ts).
          reallocB: (...args: Call) => (assert.equal(mayLeave[1], 0, 'realloc called with may_leave set'), realloc(...args)),
          leave: (instance: number, flag: number) => void (mayLeave[instance] = flag),
        },
      });
      const move = instance.exports['move'] as (ptr: number, len: number) => [number, number];
      for (let iter = 0; iter < 700; iter++) {
        const text = randomText(rand);
        const src = encodeSource(text, from, rand);
        // Where the string lies: aligned mostly; odd, or running past the end of memory, sometimes.
        const place = rand(20);
        let ptr = place === 0 ? PAGE + 513 : place === 1 ? SIZE - src.bytes.length + 1 + rand(2) : PAGE + 512 + 2 * rand(8);
        if (place === 1 && src.bytes.length === 0) ptr = SIZE + 2;
        let len = src.len;
        const lenPlace = rand(30);
        if (lenPlace === 0) len = (len + 1 + rand(4)) >>> 0;
        else if (lenPlace === 1) len = [0xffffffff, 0x80000000 | 0x40000000, 0x7fffffff, 0x80008000][rand(4)]! >>> 0;
        new Uint8Array(memory.buffer, PAGE).fill(0);
        new Uint8Array(memory.buffer).set(src.bytes.subarray(0, Math.max(0, Math.min(src.bytes.length, SIZE - ptr))), Math.min(ptr, SIZE));
        const tagged = from === 'latin1+utf16' && (len & UTF16_TAG) !== 0;
        // The ABI's realloc calls, except for utf16 -> utf8 (awsm allocates the worst case first).
        const sameCalls = !(to === 'utf8' && (from === 'utf16' || tagged));
        const bad = sameCalls && rand(6) === 0 ? { at: 1 + rand(3), kind: rand(2) === 0 ? 'odd' as const : 'end' as const } : undefined;
        const run = (dst: Uint8Array, go: () => [number, number]): Outcome => {
          dst.fill(0, 0, PAGE);
          log.length = 0;
          realloc = allocator(dst, log, bad);
          try {
            const [p, l] = go();
            return { ptr: p >>> 0, len: l >>> 0, bytes: [...dst.subarray(p >>> 0, (p >>> 0) + byteLength(to, l >>> 0))], calls: [...log] };
          } catch (e) {
            if (e instanceof Trap) return { trap: e.message };
            assert.ok(e instanceof WebAssembly.RuntimeError && /unreachable/.test(e.message), `${from} -> ${to}: ${String(e)}`);
            return { trap: e.message };
          }
        };
        const refMemory = new Uint8Array(SIZE);
        const want = run(refMemory, () => {
          const lifted = loadString({ memory: new Uint8Array(memory.buffer), realloc: () => assert.fail('realloc of the source side') }, from, ptr, len);
          return storeString({ memory: refMemory, realloc: (...args) => realloc(...args) }, to, lifted);
        });
        const got = run(new Uint8Array(memory.buffer), () => move(ptr, len));
        const what = `${from} -> ${to}: ${JSON.stringify(text)} at ${ptr}, length word ${len.toString(16)}${bad ? `, realloc call ${bad.at} ${bad.kind}` : ''}`;
        if ('trap' in want || 'trap' in got) {
          assert.equal('trap' in got, 'trap' in want, `${what}: ${'trap' in got ? `awsm trapped (${got.trap})` : `the reference trapped (${'trap' in want ? want.trap : ''})`}`);
          count(`${from} -> ${to} trap`);
          continue;
        }
        assert.equal(got.len.toString(16), want.len.toString(16), what);
        assert.deepEqual(got.bytes, want.bytes, what);
        if (sameCalls) {
          assert.deepEqual(got.calls, want.calls, `${what}: realloc calls`);
          assert.equal(got.ptr, want.ptr, what);
        }
        count(`${from} -> ${to} ${to === 'latin1+utf16' ? ((got.len & UTF16_TAG) !== 0 ? 'utf16' : 'latin1') : 'ok'}`);
      }
    }
  }
  t.diagnostic([...seen].sort().map(([k, n]) => `${k}: ${n}`).join(', '));
  // Every pair both moved strings and trapped; latin1+utf16 got both forms from every source.
  for (const from of ENCODINGS) {
    for (const to of ENCODINGS) {
      const kinds = to === 'latin1+utf16' ? ['utf16', 'latin1', 'trap'] : ['ok', 'trap'];
      for (const k of kinds) assert.ok((seen.get(`${from} -> ${to} ${k}`) ?? 0) > 20, `${from} -> ${to} ${k}: ${seen.get(`${from} -> ${to} ${k}`) ?? 0} cases`);
    }
  }
});
