/**
 * End-to-end tests of calling a component's exports with typed values (issue 20, the
 * host↔component half of the canonical-ABI suite; docs/components.md "Calling exports"), on
 * tests/component/fixtures/api-types.wat, which exports a function of every type:
 *
 * - the C API (tests/runtime/component_api.c linked with the compiled component: values built
 *   by hand and in WAVE, post-return, bad arguments, the ABI's traps), under valgrind when it
 *   is installed;
 * - `awsm run --invoke CALL` beside `wasmtime run --invoke CALL` (the reference): the same
 *   result text for every type, and a failure for each of the ABI's traps (awsm: one line
 *   "awsm: trap: canonical ABI: ...", status 134; wasmtime reports them as errors, status 1);
 * - the TypeScript API (instantiateComponent, invokeComponent): several calls on one instance,
 *   the same results as wasmtime, its error kinds.
 * - resources the component defines (tests/component/fixtures/api-resources.wat): handles made
 *   and dropped inside a call, destructors, the unknown-handle traps, beside wasmtime; own
 *   handles returned to the host, lent back as borrows, given back as owns, dropped by the host.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { compile } from '../../src/driver/compile.js';
import { buildComponent } from '../../src/driver/component.js';
import { ComponentCallError, instantiateComponent, invokeComponent } from '../../src/driver/component-api.js';
import { have, mustRun, requires } from '../tools.js';
import { FIXTURES, type Ran, runIn, workDir } from '../component/tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const workdir = workDir('awsm-e2e-capi-');
let wasm = '';
let exe = '';
let resWasm = '';

/** Calls of every type whose results awsm and wasmtime must print alike. */
const CALLS = [
  'add(4294967295, 2)', 'echo-bool(false)', 'echo-s8(-128)', 'echo-u16(65535)', 'echo-s32(-2147483648)',
  'echo-u64(18446744073709551615)', 'echo-f32(-0)', 'echo-f32(0.1)', 'echo-f32(3.4028235e38)', 'echo-f32(nan)', 'echo-f64(0.1)',
  'echo-f64(-inf)', 'echo-f64(1e300)', 'echo-f64(5e-324)', "echo-char('\\u{1f600}')", "echo-char('\"')", "echo-char('\\'')",
  'ints(-1, 255, -32768, 65535, -5, 4000000000, -9223372036854775808, 18446744073709551615)', 'floats(1.5, -2.25)',
  'echo-string("")', 'echo-string("h\u00e9llo \u{1f600} \\u{1} \\t \' \\"")', 'echo-utf16("a\u{1f600}\u00e9")', 'echo-latin1("caf\u00e9")',
  'echo-latin1("\u20acuro")', 'echo-list([])', 'echo-list([0, 65535, 7])', 'echo-strings(["a", "", "\u00fc"])',
  'echo-points([{x: 1, y: 2}, {y: -4, x: 3}])', 'echo-nested([(1, "one"), (255, "two")])', 'echo-point({x: -1, y: 2147483647})',
  'echo-tuple((0, -7))', 'echo-color(blue)', 'echo-shape(circle(1.5))', 'echo-shape(rect((3, 4)))', 'echo-shape(dot)',
  'echo-num(int(-9000000000))', 'echo-num(float(2.5))', 'echo-option(some(0))', 'echo-option(none)', 'echo-option(7)',
  'echo-option-f64(some(-0.5))', 'echo-option-string(some("x"))', 'echo-option-string(none)', 'echo-result(ok("fine"))',
  'echo-result(err(404))', 'echo-orec({a: 1})', 'echo-orec({a: 2, b: none})', 'echo-orec({b: some(3), a: 4})', 'echo-result-empty(ok)', 'echo-result-empty(err)', 'echo-perms({})', 'echo-perms({read, exec})',
  'echo-many({f0, f19, f7})', 'sum17(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)', 'add-twice(20, 22)', 'posts()',
];

/** The ABI's traps: awsm's message, and wasmtime's for the same case. */
const TRAPS: Array<[string, RegExp, RegExp]> = [
  ['bad-utf8()', /invalid UTF-8 in a string/, /invalid utf-8 sequence/],
  ['bad-ptr()', /string \[65535, 65537\) is outside the memory/, /string pointer\/length out of bounds of memory/],
  ['bad-align()', /list pointer 514 is not aligned to 4 bytes/, /list pointer is not aligned/],
  ['bad-option()', /discriminant 2 out of range \[0\.\.2\)/, /discriminant 2 out of range \[0\.\.2\)/],
  ['bad-disc()', /discriminant 7 out of range \[0\.\.3\)/, /discriminant 7 out of range \[0\.\.3\)/],
  ['bad-char()', /0xd800 is not a Unicode scalar value/, /out of range for `char`/],
];

/** wasmtime's answers, by call (each asked once). */
const reference = new Map<string, Ran>();
function wasmtime(call: string): Ran {
  let r = reference.get(call);
  if (r === undefined) reference.set(call, (r = runIn(workdir(), 'wasmtime', ['run', '--invoke', call, wasm])));
  return r;
}

/** The compiled component's executable making `call` (what `awsm run --invoke` runs). */
function invoke(call: string): Ran {
  const r = spawnSync(exe, [], { encoding: 'utf8', env: { ...process.env, AWSM_INVOKE: call }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  if (!have('wasm-tools') || !have('clang-16')) return;
  wasm = join(workdir(), 'api.wasm');
  mustRun('wasm-tools', ['parse', join(FIXTURES, 'api-types.wat'), '-o', wasm]);
  exe = (await compile(wasm, { emit: 'exe' })).path;
  resWasm = join(workdir(), 'res.wasm');
  mustRun('wasm-tools', ['parse', join(FIXTURES, 'api-resources.wat'), '-o', resWasm]);
});

test('the C API: typed values, WAVE, post-return, bad arguments, the ABI traps (valgrind when installed)', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const bin = join(workdir(), 'component_api');
  await buildComponent(new Uint8Array(readFileSync(wasm)), bin, {
    name: 'api', moduleOptions: { tier: 'quick' }, native: { optLevel: 0 }, compileModule: compile,
    extraInputs: [join(packageRoot, 'tests', 'runtime', 'component_api.c')], main: false,
  });
  const valgrind = have('valgrind');
  if (!valgrind) t.diagnostic('valgrind is not installed: the C API test runs without it');
  const r = valgrind
    ? spawnSync('valgrind', ['-q', '--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite', bin], { encoding: 'utf8', timeout: 300_000 })
    : spawnSync(bin, [], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const m = /^(\d+) passed, 0 failed$/m.exec(r.stdout);
  assert.ok(m !== null && Number(m[1]) >= 78, r.stdout);
});

test('every type through --invoke: the same result as wasmtime run --invoke', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
  for (const call of CALLS) {
    const want = wasmtime(call);
    assert.equal(want.status, 0, `wasmtime ${call}: ${want.stderr}`);
    const got = invoke(call);
    assert.deepEqual({ call, status: got.status, stdout: got.stdout, stderr: got.stderr }, { call, status: 0, stdout: want.stdout, stderr: '' });
  }
});

test('awsm run --invoke itself: results, a function of an exported interface, bad calls in one line', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
  const awsm = (args: readonly string[]): Ran => runIn(workdir(), process.execPath, [CLI, 'run', ...args]);
  for (const call of ['echo-points([{x: 1, y: 2}])', 'echo-result(err(7))', 'add-twice(1, 2)']) {
    assert.deepEqual(awsm(['--invoke', call, wasm]), { ...wasmtime(call), stderr: '' }, call);
  }
  // IFACE#NAME names a function of an exported instance (wasmtime takes the plain name only).
  assert.deepEqual(awsm([`--invoke=test:api/math@0.1.0#add-twice(1, 2)`, wasm]), { status: 0, stdout: '3\n', stderr: '' });
  const bad = (args: readonly string[], pattern: RegExp, status = 1): void => {
    const r = awsm(args);
    assert.equal(r.status, status, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.equal(r.stdout, '');
  };
  bad(['--invoke', 'add(1)', wasm], /^awsm: invalid value at byte 5 of 'add\(1\)': expected ',' and parameter 'b' \(2 parameters\)$/m);
  bad(['--invoke', 'echo-u8(300)', wasm], /^awsm: the component exports no function 'echo-u8'/m);
  bad(['--invoke', 'echo-u16(65536)', wasm], /^awsm: invalid value at byte 9 .*: number out of range for u16$/m);
  bad(['--invoke', 'echo-color(purple)', wasm], /no case 'purple'/);
  bad(['--invoke', 'trap()', wasm], /^awsm: trap: unreachable/, 134);
  // Without --invoke, a component that does not export wasi:cli/run says how to call it.
  bad([wasm], /^awsm: the component exports no wasi:cli\/run@0\.2\.x 'run': call its functions with --invoke/);
  writeFileSync(join(workdir(), 'core.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  bad(['--invoke', 'f()', 'core.wasm'], /^awsm: error: --invoke calls the exports of a component; core\.wasm is not one$/m, 2);
});

test('the ABI traps in lifting a result: awsm traps (134, one line), wasmtime fails too', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
  for (const [call, ours, theirs] of TRAPS) {
    const got = invoke(call);
    assert.equal(got.status, 134, `${call}: ${got.stderr}`);
    assert.equal(got.stdout, '');
    assert.match(got.stderr, new RegExp(`^awsm: trap: canonical ABI: ${ours.source}.*\\n$`), call);
    const want = wasmtime(call);
    assert.notEqual(want.status, 0, `wasmtime ${call}`);
    assert.match(want.stderr, theirs, `wasmtime ${call}`);
  }
});

test('the TypeScript API: one instance, many calls, the same results as wasmtime; error kinds', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
  const inst = await instantiateComponent(wasm);
  for (const call of CALLS.filter((c) => c !== 'posts()')) assert.equal(`${await inst.call(call)}\n`, wasmtime(call).stdout, call);
  // The instance lives on: post-return of echo-string counted every call made above.
  assert.equal(await inst.call('posts()'), '2');
  await assert.rejects(inst.call('add(1, "x")'), (e: unknown) => e instanceof ComponentCallError && e.kind === 'invalid' && /expected a u32/.test(e.message));
  assert.equal(await inst.call('add(2, 3)'), '5');
  await assert.rejects(inst.call('bad-utf8()'), (e: unknown) => e instanceof ComponentCallError && e.kind === 'trap' && /invalid UTF-8/.test(e.message));
  await assert.rejects(inst.call('add(2, 3)'), (e: unknown) => e instanceof ComponentCallError && /cannot be entered again/.test(e.message));
  assert.deepEqual(await inst.close(), { status: 0, stdout: '', stderr: '' });
  assert.equal(await invokeComponent(wasm, 'echo-shape(rect((5, 6)))'), 'rect((5, 6))');
});

test('resources the component defines, through --invoke beside wasmtime: handles in a call, destructors, unknown handles', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
  const awsm = (call: string): Ran => runIn(workdir(), process.execPath, [CLI, 'run', '--invoke', call, resWasm]);
  const reference = (call: string): Ran => runIn(workdir(), 'wasmtime', ['run', '--invoke', call, resWasm]);
  // churn(3): four handles made and dropped (the destructor counts 4), reps read back: 401006.
  for (const call of ['churn(3)', 'churn(1)', 'drops()']) assert.deepEqual(awsm(call), { ...reference(call), stderr: '' }, call);
  assert.equal(awsm('churn(3)').stdout, '401006\n');
  for (const [call, ours, theirs] of [
    ['double-drop(1)', /^awsm: trap: canonical ABI: resource\.drop: unknown handle 1 of resource counter\n$/, /unknown handle index 1/],
    ['bad-rep(1)', /^awsm: trap: canonical ABI: resource\.rep: unknown handle 77 of resource counter\n$/, /unknown handle index 77/],
  ] as const) {
    const got = awsm(call);
    assert.equal(got.status, 134, got.stderr);
    assert.match(got.stderr, ours);
    const want = reference(call);
    assert.notEqual(want.status, 0);
    assert.match(want.stderr, theirs);
  }
});

test('resources through the TypeScript API: constructor, methods (borrow), a static function (own in and out), drop', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const inst = await instantiateComponent(resWasm);
  assert.equal(await inst.call('[constructor]counter(5)'), '1');
  assert.equal(await inst.call('[constructor]counter(7)'), '2');
  assert.equal(await inst.call('[method]counter.get(1)'), '5');
  assert.equal(await inst.call('[method]counter.inc(1)'), '()');
  assert.equal(await inst.call('[method]counter.get(1)'), '6'); // a borrow: the host still holds 1
  // merge takes both as own: the component drops b (its destructor runs) and returns a.
  const merged = await inst.call('[static]counter.merge(1, 2)');
  assert.equal(await inst.call('drops()'), '1');
  assert.equal(await inst.call(`[method]counter.get(${merged})`), '13');
  const gone = merged === '1' ? 2 : 1;
  await assert.rejects(inst.call(`[method]counter.get(${gone})`), (e: unknown) =>
    e instanceof ComponentCallError && e.kind === 'invalid' && new RegExp(`${gone} is not a handle of resource counter the host holds`).test(e.message));
  await inst.drop(Number(merged));
  assert.equal(await inst.call('drops()'), '2');
  await assert.rejects(inst.drop(Number(merged)), (e: unknown) => e instanceof ComponentCallError && /is not a resource handle the host holds/.test(e.message));
  assert.deepEqual(await inst.close(), { status: 0, stdout: '', stderr: '' });
});
