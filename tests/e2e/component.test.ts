/**
 * End-to-end tests of `awsm` given a component (issue 20): until compiling components lands,
 * `awsm run`, `awsm compile` and the aWsm-style form decode and validate it and then refuse
 * it in one line naming what is missing, with exit status 1 and no stack trace; a malformed
 * or invalid component gets its one-line decode or validation error instead.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { compile } from '../../src/driver/compile.js';
import { UnsupportedError, ValidationError } from '../../src/errors.js';
import { requires } from '../tools.js';
import { FIXTURES, adapterMissing, parseWat, wasiCComponent } from '../component/tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-e2e-comp-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** `awsm ARGS` in the work directory: exit status and standard error. */
function awsm(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** Status 1, exactly one line on standard error matching `pattern`, no stack trace. */
function oneLine(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.status, 1, `status; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

test('a C WASI program as a 0.2 component: validated, then refused in one line by run, compile and the aWsm form', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'], adapterMissing())) return;
  const c = wasiCComponent(join(FIXTURES, 'hello.c'), work);
  const valid = /; this component is valid: 4 core modules, \d+ imports, exports wasi:cli\/run@0\.2\.\d+\)$/;
  const r = awsm('run', c);
  oneLine(r, valid);
  assert.ok(r.stderr.startsWith(`awsm: ${c}: unsupported: components (awsm run: running components is not supported yet, issue 20; `), r.stderr);
  oneLine(awsm('compile', c, '-o', join(work, 'out')), /^awsm: .*: unsupported: components \(awsm compile: compiling components is not supported yet, issue 20; /);
  oneLine(awsm(c), /^awsm: .*: unsupported: components \(awsm: compiling components is not supported yet, issue 20; /);
});

test('a truncated component gets its decode error; an invalid one its validation error', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const good = parseWat('(component (import "f" (func (param "x" string))))');
  writeFileSync(join(work, 'trunc.wasm'), good.subarray(0, good.length - 3));
  oneLine(awsm('run', 'trunc.wasm'), /^awsm: decode error: trunc\.wasm: .*\(at byte offset 0x[0-9a-f]+\)$/);
  writeFileSync(join(work, 'bad.wasm'), parseWat('(component (import "f" (func $f (result string))) (core func (canon lower (func $f))))'));
  oneLine(awsm('compile', 'bad.wasm'), /^awsm: validate error: bad\.wasm: canon lower: .*memory option is required \(in byte offset 0x[0-9a-f]+\)$/);
  // A valid component's own bytes are still a component to `awsm run` (not "unknown binary version").
  writeFileSync(join(work, 'good.wasm'), good);
  oneLine(awsm('run', 'good.wasm'), /unsupported: components \(awsm run: .*this component is valid: 0 core modules, 1 import, exports nothing\)$/);
  assert.ok(readFileSync(join(work, 'good.wasm')).length > 8);
});

test('the compile() API refuses a component by name after validating it (not "unknown binary version")', async (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const good = parseWat('(component (import "f" (func (param "x" string))))');
  await assert.rejects(compile(good), (e: unknown) => e instanceof UnsupportedError && /^unsupported: components \(compile\(\): compiling components is not supported yet, issue 20; this component is valid: 0 core modules, 1 import, exports nothing\)$/.test(e.message));
  const bad = parseWat('(component (import "f" (func $f (result string))) (core func (canon lower (func $f))))');
  await assert.rejects(compile(bad), (e: unknown) => e instanceof ValidationError && /memory option is required/.test(e.message));
});
