/**
 * End-to-end tests of component-to-component calls through fused adapters (issue 20 step 2,
 * src/component/adapter*.ts): a composed component (tests/component/tools.ts pairComponent:
 * the WASI program fixtures/pair-caller.c calling fixtures/pair-callee.c through
 * test:pair/api, fixtures/pair.wit) run under `awsm run` and `wasmtime run`.
 *
 * - Every function of the interface (bool, s8..u64 with wrapping, f32/f64, char, strings
 *   with multi-byte UTF-8, lists of bytes, of records, of strings, of options, a variant with
 *   joined f32/u64 payloads, enum, flags with unused bits, option, result, tuple, 17
 *   parameters spilled to memory, NaN payloads): the same output under both.
 * - The ABI's traps, one caller mode each: invalid UTF-8 (bad continuation, overlong,
 *   surrogate, truncated; inside a list and in spilled parameters), a bad discriminant
 *   (variant, enum, option), a char out of range (surrogate, above U+10FFFF, inside a list of
 *   options), the callee's realloc returning a misaligned or out-of-bounds pointer, a list
 *   outside the caller's memory: awsm traps (134, its message naming the rule) and wasmtime
 *   fails too.
 * - utf16 strings both ways (fixtures/pair-utf16.wat, hand-written): a surrogate pair crosses,
 *   a lone surrogate traps, under both. A utf8 caller and a utf16 callee
 *   (fixtures/pair-transcode.wat): transcoded both ways; invalid UTF-8 from the caller and a
 *   lone surrogate from the callee trap under both.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires } from '../tools.js';
import { FIXTURES, type Ran, adapterMissing, pairComponent, parseWat, runIn, workDir } from '../component/tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const workdir = workDir('awsm-e2e-c2c-');

/** The composed component and its awsm executable, built once. */
let built: { wasm: string; exe: string } | undefined;
function build(): { wasm: string; exe: string } {
  if (built !== undefined) return built;
  const wasm = pairComponent(workdir());
  const exe = join(workdir(), 'pair');
  const r = runIn(workdir(), process.execPath, [CLI, 'compile', wasm, '-o', exe]);
  assert.equal(r.status, 0, `awsm compile: ${r.stderr}`);
  return (built = { wasm, exe });
}

const TOOLS = ['wasm-tools', 'wasmtime', 'clang-16'];

function both(args: readonly string[]): { awsm: Ran; wasmtime: Ran } {
  const { wasm, exe } = build();
  return { awsm: runIn(workdir(), exe, args), wasmtime: runIn(workdir(), 'wasmtime', ['run', wasm, ...args]) };
}

test('every type of test:pair/api crosses between two components as under wasmtime', (t) => {
  if (!requires(t, TOOLS, adapterMissing())) return;
  const r = both([]);
  assert.equal(r.wasmtime.status, 0, r.wasmtime.stderr);
  assert.equal(r.awsm.stderr, '');
  assert.equal(r.awsm.status, 0);
  assert.equal(r.awsm.stdout, r.wasmtime.stdout);
  assert.match(r.awsm.stdout, /\nnan-bits = [0-9a-f]+\n$/, 'ran to the end');
  // What the fixture computes, so that both engines agreeing on nothing cannot pass.
  for (const line of ['echo(22 bytes) = <héllo wörld 😀 €>', 'sum-points(5) = 37.5', 'shape-area = some(907)', 'pair = ok(ababab)',
    'many = 32285032:spilled', 'names(3) = [thréé!] [!] [one!]', 'maybe = some(abcdé😀)', 'maybe = none', 'maybe = some()',
    // NaN payloads pass unchanged (in a list of records and as an f32 parameter), as under wasmtime.
    'nan-bits = 7ff400007fa00002']) {
    assert.ok(r.awsm.stdout.includes(`${line}\n`), `missing ${line} in:\n${r.awsm.stdout}`);
  }
});

const TRAPS: Array<[string, string, string]> = [
  ['utf8', 'a string with a bad continuation byte', 'invalid UTF-8'],
  ['overlong', 'an overlong UTF-8 form', 'invalid UTF-8'],
  ['surrogate', 'a UTF-8 encoded surrogate', 'invalid UTF-8'],
  ['truncated', 'a string ending inside a character', 'invalid UTF-8'],
  ['names-utf8', 'invalid UTF-8 in a list of strings', 'invalid UTF-8'],
  ['many-utf8', 'invalid UTF-8 in spilled parameters', 'invalid UTF-8'],
  ['disc', 'a variant discriminant out of range', 'discriminant out of range'],
  ['enum', 'an enum value out of range', 'discriminant out of range'],
  ['maybe-disc', 'an option discriminant of 2', 'discriminant out of range'],
  ['char', 'a char that is a surrogate', 'char out of range'],
  ['char-high', 'a char above U+10FFFF', 'char out of range'],
  ['maybe-char', 'a surrogate char in a list of options', 'char out of range'],
  ['misaligned', "the callee's realloc returning a misaligned pointer", 'misaligned pointer'],
  ['oob', "the callee's realloc returning a pointer past the end of its memory", 'pointer range outside memory'],
  ['list-oob', "a list outside the caller's memory", 'pointer range outside memory'],
];

for (const [mode, what, rule] of TRAPS) {
  test(`the adapter traps on ${what} (${mode}), as wasmtime does`, (t) => {
    if (!requires(t, TOOLS, adapterMissing())) return;
    const r = both([mode]);
    assert.notEqual(r.wasmtime.status, 0, `wasmtime did not fail:\n${r.wasmtime.stdout}`);
    assert.equal(r.awsm.status, 134, `awsm: ${r.awsm.stdout}${r.awsm.stderr}`);
    // The trap names the rule: the adapter module's trap functions are named after them.
    assert.match(r.awsm.stderr, new RegExp(`^awsm: trap: unreachable in function canon: ${rule}\\n`));
    assert.doesNotMatch(r.awsm.stdout, /no trap/);
  });
}

test('utf16 strings cross between components with their surrogate pairs; a lone surrogate traps, as under wasmtime', (t) => {
  if (!requires(t, ['wasm-tools', 'wasmtime', 'clang-16'])) return;
  const text = readFileSync(join(FIXTURES, 'pair-utf16.wat'), 'utf8');
  for (const [unit, ok] of [['0xde00', true], ['0xd800', false], ['0x41', false]] as const) {
    const wasm = join(workdir(), `utf16-${unit}.wasm`);
    writeFileSync(wasm, parseWat(text.replaceAll('SECOND_UNIT', unit)));
    const a = runIn(workdir(), process.execPath, [CLI, 'run', wasm]);
    const w = runIn(workdir(), 'wasmtime', ['run', wasm]);
    if (ok) {
      assert.equal(w.status, 0, w.stderr);
      assert.equal(a.status, 0, a.stderr);
    } else {
      assert.notEqual(w.status, 0, `${unit}: wasmtime did not fail`);
      assert.equal(a.status, 134, `${unit}: ${a.stderr}`);
      assert.match(a.stderr, /^awsm: trap: unreachable in function canon: invalid UTF-16\n/);
    }
  }
});

test('strings are transcoded between a utf8 caller and a utf16 callee both ways; invalid input traps on either side, as under wasmtime', (t) => {
  if (!requires(t, ['wasm-tools', 'wasmtime', 'clang-16'])) return;
  const text = readFileSync(join(FIXTURES, 'pair-transcode.wat'), 'utf8');
  const cases: Array<[string, string, string | undefined]> = [
    ['0x80', '0x21', undefined],
    ['0x41', '0x21', 'invalid UTF-8'],
    ['0x80', '0xd800', 'invalid UTF-16'],
  ];
  for (const [last, bang, rule] of cases) {
    const wasm = join(workdir(), `transcode-${last}-${bang}.wasm`);
    writeFileSync(wasm, parseWat(text.replaceAll('LAST_BYTE', last).replaceAll('BANG_UNIT', bang)));
    const a = runIn(workdir(), process.execPath, [CLI, 'run', wasm]);
    const w = runIn(workdir(), 'wasmtime', ['run', wasm]);
    if (rule === undefined) {
      assert.equal(w.status, 0, w.stderr);
      assert.equal(a.status, 0, a.stderr);
    } else {
      assert.notEqual(w.status, 0, `${last} ${bang}: wasmtime did not fail`);
      assert.equal(a.status, 134, `${last} ${bang}: ${a.stderr}`);
      assert.match(a.stderr, new RegExp(`^awsm: trap: unreachable in function canon: ${rule}\\n`));
    }
  }
});
