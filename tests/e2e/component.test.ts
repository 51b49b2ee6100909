/**
 * End-to-end tests of components (issue 20): `awsm run` and `awsm compile` build a component
 * into one executable (src/driver/component.ts, runtime/src/component.c) and run its
 * `wasi:cli/run`.
 *
 * - The wiring, without the WASI 0.2 host: a hand-written component
 *   (tests/component/fixtures/host-test.wat) linked with a test-only host
 *   (fixtures/test_host.c, which defines the awsm_wasi2.h contract for test:host/log@0.1.0):
 *   lowered imports with memory and realloc, resource.drop of an imported resource, a
 *   seven-parameter import, run's result as the exit status, an import the host does not
 *   provide (one line, exit 1), a trap in the host (134).
 * - C WASI programs wrapped with the preview1 adapter, beside `wasmtime run`: output, args,
 *   environment, files in a --dir, exit status, stdin. These need the WASI 0.2 host
 *   (runtime/src/wasi2/): skipped, with that reason, when the runtime has none.
 * - What does not apply to components, and bad components: one line, no stack trace.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { compile } from '../../src/driver/compile.js';
import { buildComponent } from '../../src/driver/component.js';
import { UnsupportedError, ValidationError } from '../../src/errors.js';
import { requires } from '../tools.js';
import { FIXTURES, type Ran, adapterMissing, parseWat, runIn, wasiCComponent, workDir } from '../component/tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

const workdir = workDir('awsm-e2e-comp-');

/** `awsm ARGS` in the work directory. */
function awsm(args: readonly string[], input?: string): Ran {
  return runIn(workdir(), process.execPath, [CLI, ...args], input);
}

/** A program (an executable, or wasmtime) in the work directory. */
function exec(cmd: string, args: readonly string[], input?: string): Ran {
  return runIn(workdir(), cmd, args, input);
}

/** `status`, exactly one line on standard error matching `pattern`, no stack trace. */
function oneLine(r: Ran, pattern: RegExp, status = 1): void {
  assert.equal(r.status, status, `status; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

/** host-test.wat with `edit` applied, built with the test host into an executable; its path. */
async function withTestHost(file: string, edit: (text: string) => string): Promise<string> {
  const text = edit(readFileSync(join(FIXTURES, 'host-test.wat'), 'utf8'));
  const exe = join(workdir(), file);
  await buildComponent(parseWat(text), exe, {
    name: file.replace(/[^A-Za-z0-9_]/g, '_'),
    moduleOptions: { tier: 'quick' },
    native: { optLevel: 0 },
    compileModule: compile,
    extraInputs: [join(FIXTURES, 'test_host.c')],
  });
  return exe;
}

test('the runner wires lowered imports (memory, realloc, seven parameters), resource.drop and run, with a test host', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const ok = exec(await withTestHost('ok', (s) => s.replaceAll('RUN_RESULT', '0')), []);
  assert.equal(ok.stderr, '');
  assert.equal(ok.stdout, 'log: hello from a component\nlog: test host\ndropped thing 7\nlog: seven ok\n');
  assert.equal(ok.status, 0);
  // run returning err: exit status 1, after the same output.
  const err = exec(await withTestHost('err', (s) => s.replaceAll('RUN_RESULT', '1')), []);
  assert.equal(err.stdout, ok.stdout);
  assert.equal(err.status, 1);
});

test('an import the host does not provide: one line naming the interface and function, exit 1', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const exe = await withTestHost('missing', (s) => s.replaceAll('RUN_RESULT', '0').replaceAll('seven-args', 'eight-args'));
  oneLine(exec(exe, []), /^awsm: component import test:host\/log@0\.1\.0 'eight-args' is not provided by awsm's WASI 0\.2 host$/);
});

test('a trap in a host function ends the component with status 134 and one line', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  // The first log reads past the end of memory: test_host.c traps.
  const exe = await withTestHost('trap', (s) => s.replaceAll('RUN_RESULT', '0').replace('(i32.const 16) (i32.const 22)', '(i32.const 65530) (i32.const 22)'));
  const r = exec(exe, []);
  oneLine(r, /^awsm: trap: log: string out of bounds/, 134);
  assert.equal(r.stdout, '');
});

test('what does not apply to a component is refused in one line', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  writeFileSync(join(workdir(), 'c.wasm'), parseWat(readFileSync(join(FIXTURES, 'host-test.wat'), 'utf8').replaceAll('RUN_RESULT', '0')));
  oneLine(awsm(['compile', '--emit=obj', 'c.wasm']), /^awsm: error: a component compiles to an executable only \(--emit=exe\), not --emit=obj/, 2);
  oneLine(awsm(['c.wasm']), /^awsm: error: c\.wasm is a component: the aWsm-style form writes bitcode of one module/, 2);
  oneLine(awsm(['run', '--max-threads=2', 'c.wasm']), /^awsm: error: --max-threads does not apply to a component/, 2);
});

test('a truncated component gets its decode error, an invalid one its validation error, one without wasi:cli/run a refusal', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const good = parseWat('(component (import "f" (func (param "x" string))))');
  writeFileSync(join(workdir(), 'trunc.wasm'), good.subarray(0, good.length - 3));
  oneLine(awsm(['run', 'trunc.wasm']), /^awsm: decode error: trunc\.wasm: .*\(at byte offset 0x[0-9a-f]+\)$/);
  writeFileSync(join(workdir(), 'bad.wasm'), parseWat('(component (import "f" (func $f (result string))) (core func (canon lower (func $f))))'));
  oneLine(awsm(['compile', 'bad.wasm']), /^awsm: validate error: bad\.wasm: canon lower: .*memory option is required \(in byte offset 0x[0-9a-f]+\)$/);
  writeFileSync(join(workdir(), 'good.wasm'), good);
  oneLine(awsm(['run', 'good.wasm']), /^awsm: good\.wasm: unsupported: components \(awsm runs components that export functions \(wasi:cli\/run@0\.2\.x 'run', or any called with --invoke\); this one exports no function\)$/);
  // Resources the component defines get handle tables: a command using resource.new runs.
  const own = parseWat(`(component
    (core module $m (func (export "run") (result i32) i32.const 0) (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (type $r (resource (rep i32)))
    (core func $new (canon resource.new $r))
    (core module $n (import "x" "new" (func (param i32) (result i32))))
    (core instance (instantiate $n (with "x" (instance (export "new" (func $new))))))
    (func $run (result (result)) (canon lift (core func $i "run")))
    (instance $x (export "run" (func $run)))
    (export "wasi:cli/run@0.2.3" (instance $x)))`);
  writeFileSync(join(workdir(), 'own.wasm'), own);
  assert.deepEqual(awsm(['run', 'own.wasm']), { status: 0, stdout: '', stderr: '' });
});

test('the compile() API: a component without wasi:cli/run is refused by name, an invalid one gets its ValidationError', async (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const good = parseWat('(component (import "f" (func (param "x" string))))');
  await assert.rejects(compile(good), (e: unknown) => e instanceof UnsupportedError && /or any called with --invoke\); this one exports no function/.test(e.message));
  await assert.rejects(compile(good, { emit: 'llvm' }), /compiles to an executable only/);
  const bad = parseWat('(component (import "f" (func $f (result string))) (core func (canon lower (func $f))))');
  await assert.rejects(compile(bad), (e: unknown) => e instanceof ValidationError && /memory option is required/.test(e.message));
});

// ---- C WASI programs as 0.2 components, beside wasmtime ----------------------------------------

/** Why the WASI 0.2 tests cannot run, or undefined. */
function wasi2Missing(t: TestContext): boolean {
  if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'], adapterMissing())) return true;
  if (existsSync(join(packageRoot, 'runtime', 'src', 'wasi2'))) return false;
  const reason = 'the WASI 0.2 host (runtime/src/wasi2/, built by h-wasi2) is not in this runtime yet';
  t.diagnostic(`skipped: ${reason}`);
  t.skip(reason);
  return true;
}

/** The component of tests/component/fixtures/wasi-cases.c, built once. */
let casesComponent: string | undefined;
function cases(): string {
  if (casesComponent === undefined) {
    const dir = join(workdir(), 'cases');
    mkdirSync(dir, { recursive: true });
    casesComponent = wasiCComponent(join(FIXTURES, 'wasi-cases.c'), dir);
  }
  return casesComponent;
}

/** `awsm run` and `wasmtime run` of the same component agree on output and status. */
function agree(runArgs: readonly string[], wasmtimeArgs: readonly string[], progArgs: readonly string[], input?: string): Ran {
  const a = awsm(['run', ...runArgs, cases(), ...progArgs], input);
  const w = exec('wasmtime', ['run', ...wasmtimeArgs, cases(), ...progArgs], input);
  assert.equal(a.stdout, w.stdout, `stdout; awsm stderr: ${a.stderr}`);
  assert.equal(a.status, w.status, `status; awsm stderr: ${a.stderr}`);
  return a;
}

test('hello world as a 0.2 component prints what wasmtime prints', (t) => {
  if (wasi2Missing(t)) return;
  const c = wasiCComponent(join(FIXTURES, 'hello.c'), workdir());
  const a = awsm(['run', c, 'a', 'b']);
  const w = exec('wasmtime', ['run', c, 'a', 'b']);
  assert.equal(a.stdout, w.stdout);
  assert.equal(a.stdout, 'hello 3\n');
  assert.equal(a.status, 0, a.stderr);
});

test('arguments and environment (--env), as wasmtime', (t) => {
  if (wasi2Missing(t)) return;
  const a = agree(['--env', 'GREETING=hey there'], ['--env', 'GREETING=hey there'], ['args', 'x', 'y z']);
  assert.match(a.stdout, /^arg 1: args\narg 2: x\narg 3: y z\nGREETING=hey there\n$/);
});

test('a file read and one written in a --dir, as wasmtime', (t) => {
  if (wasi2Missing(t)) return;
  const dir = join(workdir(), 'data');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'in.txt'), 'some text\n');
  const a = agree([`--dir=${dir}::/data`], ['--dir', `${dir}::/data`], ['files']);
  assert.equal(a.stdout, 'copied 10 bytes\n');
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'SOME TEXT\n');
});

test('exit(3) and standard input, as wasmtime', (t) => {
  if (wasi2Missing(t)) return;
  const e = agree([], [], ['exit', '3']);
  assert.notEqual(e.status, 0);
  const s = agree([], [], ['stdin'], 'hello, stdin\n');
  assert.equal(s.stdout, 'HELLO, STDIN\n');
});
