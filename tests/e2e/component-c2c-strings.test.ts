/**
 * End-to-end tests of strings between components in every pair of encodings that involves
 * latin1+utf16 (src/component/adapter-string.ts), under `awsm run` and `wasmtime run`.
 *
 * fixtures/strings-caller.c (a WASI program) calls fixtures/strings-callee.c through
 * test:strings/api (fixtures/strings.wit). Each core module is built once and embedded with
 * `wasm-tools component embed --encoding utf8 | utf16 | compact-utf16` (compact-utf16 is
 * latin1+utf16), and `wasm-tools compose` links a caller and a callee of the encodings wanted.
 * The caller passes a table of strings (ASCII, latin1, BMP, astral, NUL, strings that fit
 * latin1 passed as utf16) to `look` (the callee reports the length word and bytes it got), to
 * `echo` (the callee stores it again with a code point appended, in its encoding, sometimes
 * as utf16 though latin1 fits) and, in a list of records, to `entries`; it prints the raw
 * length words and bytes of everything that comes back. Both engines must print the same,
 * and the callee's reports must be the ABI's (computed here: latin1 when every code point
 * fits, else utf16 with the tag). Then bad strings from either side (a lone surrogate,
 * invalid UTF-8, a misaligned pointer, a tagged length over 2^31 - 1 bytes, a range past the
 * end of memory) must trap under both, awsm naming the rule.
 *
 * The compositions are compiled at the quick tier (--tier=quick), but one at the default opt
 * tier: a composition takes ~15 s to compile at -O2 on the CI machine, ~5 s at the quick tier,
 * and the adapters' code is the same at both (tests/component/adapter-transcode.test.ts
 * checks its logic on thousands of strings).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { WASI_CC, WASI_FLAGS, mustRun, requires } from '../tools.js';
import { ADAPTER, FIXTURES, type Ran, adapterMissing, runIn, workDir } from '../component/tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const workdir = workDir('awsm-e2e-c2c-strings-');
const TOOLS = ['wasm-tools', 'wasmtime', 'clang-16'];

/** The encodings by the number the fixtures use, and `wasm-tools component embed --encoding`'s name. */
const ENCODINGS = ['utf8', 'utf16', 'compact-utf16'] as const;
const UTF8 = 0;
const UTF16 = 1;
const LATIN1_UTF16 = 2;

/** The pairs (caller, callee) tested, and the one compiled at the opt tier. */
const PAIRS: ReadonlyArray<[number, number]> = [[UTF8, LATIN1_UTF16], [UTF16, LATIN1_UTF16], [LATIN1_UTF16, UTF8], [LATIN1_UTF16, UTF16], [LATIN1_UTF16, LATIN1_UTF16]];
const OPT_PAIR = `${UTF8}-${LATIN1_UTF16}`;

/** The composed component of each pair and its awsm executable, built on first use. */
const built = new Map<string, { wasm: string; exe: string }>();
let cores: { caller: string; callee: string } | undefined;

function build(caller: number, callee: number): { wasm: string; exe: string } {
  const key = `${caller}-${callee}`;
  const have = built.get(key);
  if (have !== undefined) return have;
  const dir = workdir();
  const wit = join(FIXTURES, 'strings.wit');
  if (cores === undefined) {
    const core = (name: string, extra: readonly string[]): string => {
      const out = join(dir, `${name}.core.wasm`);
      mustRun(WASI_CC, [...WASI_FLAGS, '-O2', '-Wall', '-Werror', ...extra, join(FIXTURES, `strings-${name}.c`), '-o', out]);
      return out;
    };
    cores = { caller: core('caller', []), callee: core('callee', ['-mexec-model=reactor']) };
  }
  const part = (name: 'caller' | 'callee', enc: number): string => {
    const out = join(dir, `${name}-${enc}.wasm`);
    const embedded = join(dir, `${name}-${enc}.embedded.wasm`);
    mustRun('wasm-tools', ['component', 'embed', wit, '--world', name, '--encoding', ENCODINGS[enc]!, cores![name], '-o', embedded]);
    mustRun('wasm-tools', ['component', 'new', embedded, ...(name === 'caller' ? ['--adapt', `wasi_snapshot_preview1=${ADAPTER}`] : []), '-o', out]);
    return out;
  };
  const wasm = join(dir, `pair-${key}.wasm`);
  mustRun('wasm-tools', ['compose', part('caller', caller), '-d', part('callee', callee), '-o', wasm]);
  const exe = join(dir, `pair-${key}`);
  const r = runIn(dir, process.execPath, [CLI, 'compile', ...(key === OPT_PAIR ? [] : ['--tier=quick']), wasm, '-o', exe]);
  assert.equal(r.status, 0, `awsm compile ${key}: ${r.stderr}`);
  const b = { wasm, exe };
  built.set(key, b);
  return b;
}

function both(caller: number, callee: number, mode?: string): { awsm: Ran; wasmtime: Ran } {
  const { wasm, exe } = build(caller, callee);
  const args = [`${caller}`, `${callee}`, ...(mode === undefined ? [] : [mode])];
  return { awsm: runIn(workdir(), exe, args), wasmtime: runIn(workdir(), 'wasmtime', ['run', wasm, ...args]) };
}

/** The strings of the caller's table (strings-caller.c TABLE), in order. */
const TABLE = ['', 'a', 'hello', 'héllo', 'café', 'ÿ\u0080', 'plain', '€', 'hé €', '😀', 'é😀!', '\uffff\u0100ÿ', '\u007f\u0000z', '\ud7ff\ue000', ''];

/** What the callee's `look` reports of `s` in encoding `enc`, as the ABI stores it. */
function report(s: string, enc: number): string {
  const hex = (b: Iterable<number>): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  const utf16 = (): string => hex(new Uint8Array(Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)).buffer));
  const word = (n: number): string => `word=${(n >>> 0).toString(16).padStart(8, '0')}`;
  if (enc === UTF8) {
    const b = new TextEncoder().encode(s);
    return `${word(b.length)} bytes=${hex(b)}`;
  }
  if (enc === UTF16) return `${word(s.length)} bytes=${utf16()}`;
  if ([...s].every((c) => c.codePointAt(0)! < 0x100)) return `${word(s.length)} bytes=${hex(Array.from(s, (c) => c.charCodeAt(0)))}`;
  return `${word(s.length | 0x80000000)} bytes=${utf16()}`;
}

for (const [caller, callee] of PAIRS) {
  test(`strings from a ${ENCODINGS[caller]} caller to a ${ENCODINGS[callee]} callee and back, as under wasmtime and as the ABI stores them`, (t) => {
    if (!requires(t, TOOLS, adapterMissing())) return;
    const r = both(caller, callee);
    assert.equal(r.wasmtime.status, 0, r.wasmtime.stderr);
    assert.equal(r.awsm.stderr, '');
    assert.equal(r.awsm.status, 0);
    assert.equal(r.awsm.stdout, r.wasmtime.stdout);
    const out = `\n${r.awsm.stdout}`;
    const has = (line: string): void => assert.ok(out.includes(`\n${line}\n`), `missing ${line} in:\n${r.awsm.stdout}`);
    // The callee saw each string as the ABI stores it in its encoding, whatever the caller's.
    TABLE.forEach((s, i) => has(`look ${i}: ${report(s, callee)}`));
    // What came back is stored in the caller's encoding: echo appends U+00E9, U+20AC, U+1F600 in turn.
    const tails = ['', 'é', '€', '😀'];
    TABLE.forEach((s, i) => has(`echo ${i}: ${report(s + tails[i % 4]!, caller)}`));
    // entries: reversed, each name's length word as the callee saw it, the name back in the caller's encoding.
    TABLE.forEach((s, i) => has(`entry ${TABLE.length - 1 - i}: callee saw ${report(s, callee).slice(5, 13)}, name ${TABLE.length - 1 - i}: ${report(s, caller)}`));
  });
}

/** The bad strings: (caller, callee, mode, the rule awsm names). */
const TRAPS: Array<[number, number, string, string]> = [
  [LATIN1_UTF16, UTF8, 'invalid', 'invalid UTF-16'],
  [LATIN1_UTF16, UTF8, 'odd', 'misaligned pointer'],
  [LATIN1_UTF16, UTF8, 'long', 'string too long'],
  [LATIN1_UTF16, UTF8, 'oob', 'pointer range outside memory'],
  [LATIN1_UTF16, LATIN1_UTF16, 'invalid', 'invalid UTF-16'],
  [UTF8, LATIN1_UTF16, 'invalid', 'invalid UTF-8'],
  [UTF16, LATIN1_UTF16, 'invalid', 'invalid UTF-16'],
  [UTF16, LATIN1_UTF16, 'odd', 'misaligned pointer'],
  [UTF8, LATIN1_UTF16, 'bad0', 'invalid UTF-16'],
  [UTF8, LATIN1_UTF16, 'bad1', 'misaligned pointer'],
  [UTF8, LATIN1_UTF16, 'bad2', 'string too long'],
  [UTF8, LATIN1_UTF16, 'bad3', 'pointer range outside memory'],
  [UTF16, LATIN1_UTF16, 'bad0', 'invalid UTF-16'],
  [LATIN1_UTF16, UTF8, 'bad0', 'invalid UTF-8'],
  [LATIN1_UTF16, UTF16, 'bad0', 'invalid UTF-16'],
];

const WHAT: Record<string, string> = {
  invalid: 'an invalid string from the caller', odd: 'a misaligned string from the caller', long: 'a tagged length over 2^31 - 1 bytes from the caller',
  oob: 'a string past the end of memory from the caller', bad0: 'an invalid string from the callee', bad1: 'a misaligned string from the callee',
  bad2: 'a length over 2^31 - 1 bytes from the callee', bad3: 'a string past the end of memory from the callee',
};

test('the adapters trap on bad strings between encodings, either way, as wasmtime does', (t) => {
  if (!requires(t, TOOLS, adapterMissing())) return;
  for (const [caller, callee, mode, rule] of TRAPS) {
    const what = `${WHAT[mode]} (${ENCODINGS[caller]} caller, ${ENCODINGS[callee]} callee, ${mode})`;
    const r = both(caller, callee, mode);
    assert.notEqual(r.wasmtime.status, 0, `${what}: wasmtime did not fail:\n${r.wasmtime.stdout}`);
    assert.equal(r.awsm.status, 134, `${what}: awsm: ${r.awsm.stdout}${r.awsm.stderr}`);
    assert.match(r.awsm.stderr, new RegExp(`^awsm: trap: unreachable in function canon: ${rule}\\n`), what);
    assert.doesNotMatch(r.awsm.stdout, /no trap/, what);
  }
});
