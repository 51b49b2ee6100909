/**
 * Exception handling end to end (docs/abi.md, "Exceptions"):
 *
 *   - tests/exceptions/*.wast and legacy/*.wast through the 3.0 spec harness (guard and
 *     explicit bounds at -O2, and -O0): exceptions across instances, imported tags, distinct
 *     tags of two instances of one module, an exnref rethrown by another instance, traps never
 *     caught, a return_call leaving its try_table; the legacy instructions across instances;
 *   - programs that use exceptions as compilers do (clang-16 here has no wasm32 libc++ with
 *     exceptions, so they are hand-written .wat in tests/exceptions): a throw 10 frames deep
 *     with destructors run by catch_all_ref + throw_ref, one million throws, setjmp/longjmp
 *     lowered to a tag and catch_ref/throw_ref. Each is compiled by awsm (guard -O2, explicit
 *     -O2, -O0) and its output and status compared with wasmtime's;
 *   - exception collection (runtime/src/exception_gc.c): exnref-keep.wat (exnrefs kept in
 *     globals, tables, GC objects, payloads and locals) against wasmtime, then with
 *     AWSM_EXN_GC_STRESS=1 and under valgrind; exnref-roots.wast and legacy/rethrow-kept.wast
 *     with AWSM_EXN_GC_STRESS=1; catch-ref-10m.wat (10 million exceptions caught by reference)
 *     and catch-ref-boxes.wat (exnrefs in dead GC structs) in bounded memory (GNU time's peak RSS);
 *   - `awsm run` of a program whose exception nobody catches: one line, status 134;
 *   - tests/embed/test_exceptions.c: the C API (exceptions crossing the host, host tags,
 *     host functions that throw).
 *
 * Needs wasm-tools, clang-16 and wasmtime (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { buildRuntime, compile } from '../../src/index.js';
import { mustRun, requires } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
const PROGRAMS = join(packageRoot, 'tests', 'exceptions');
const EMBED = join(packageRoot, 'tests', 'embed');

let work: string;
let env: NodeJS.ProcessEnv;

/** tests/…/NAME.wat → work/NAME.wasm (wasm-tools: Wasm 3.0 syntax). */
function assemble(dir: string, name: string): string {
  const out = join(work, `${name}.wasm`);
  mustRun('wasm-tools', ['parse', join(dir, `${name}.wat`), '-o', out]);
  return out;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(cmd, args, { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  if (r.error !== undefined) assert.fail(`cannot run ${cmd}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** awsm compile `wasm` with `flags`, then run the executable. */
function awsm(wasm: string, flags: readonly string[]): Run {
  const exe = join(work, `p${Math.random().toString(36).slice(2)}`);
  const c = run(process.execPath, [CLI, 'compile', '-q', ...flags, wasm, '-o', exe]);
  assert.equal(c.status, 0, `awsm compile ${flags.join(' ')}: ${c.stderr}`);
  return run(exe, []);
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-exn-'));
  env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('exceptions across instances (tests/exceptions/*.wast, legacy/*.wast)', () => {
  for (const [opt, bounds] of [['-O2', 'guard'], ['-O2', 'explicit'], ['-O0', 'guard']] as const) {
    test(`${opt} --bounds=${bounds}`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16'])) return;
      const json = join(work, `exn${opt}-${bounds}.json`);
      const r = run(process.execPath, [HARNESS, '--suite=3.0', '*', opt, `--bounds=${bounds}`, '--json', json], {
        AWSM_SPEC3_DIR: PROGRAMS,
      });
      assert.equal(r.status, 0, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
      const totals = (JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } }).totals;
      assert.deepEqual({ failed: totals.failed, skipped: totals.skipped }, { failed: 0, skipped: 0 });
      assert.ok(totals.passed >= 15, `only ${totals.passed} assertions ran`);
    });
  }
});

describe('programs, against wasmtime', () => {
  for (const name of ['cpp-unwind', 'throws-1m', 'longjmp', 'exnref-keep']) {
    test(`${name}: the same output and status as wasmtime, in both bounds modes and at -O0`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
      const wasm = assemble(PROGRAMS, name);
      const reference = run('wasmtime', ['run', '-W', 'all-proposals=y', wasm]);
      assert.equal(reference.status, 0, `wasmtime: ${reference.stderr}`);
      assert.notEqual(reference.stdout, '', 'wasmtime printed nothing');
      for (const flags of [['-O2'], ['-O2', '--bounds=explicit'], ['-O0']]) {
        const r = awsm(wasm, flags);
        assert.deepEqual({ status: r.status, stdout: r.stdout }, { status: 0, stdout: reference.stdout }, `${flags.join(' ')}: ${r.stderr}`);
      }
    });
  }
});

describe('exception collection: kept exnrefs survive, dropped ones are freed (runtime/src/exception_gc.c)', () => {
  test('exnref-roots.wast and legacy/rethrow-kept.wast with a collection at every throw (AWSM_EXN_GC_STRESS=1)', (t) => {
    if (!requires(t, ['wasm-tools', 'wast2json', 'clang-16'])) return;
    const json = join(work, 'exn-stress.json');
    const r = run(process.execPath, [HARNESS, '--suite=3.0', 'exnref-roots', 'legacy/rethrow-kept', '--json', json], {
      AWSM_SPEC3_DIR: PROGRAMS,
      AWSM_EXN_GC_STRESS: '1',
    });
    assert.equal(r.status, 0, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    const totals = (JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } }).totals;
    assert.deepEqual({ failed: totals.failed, skipped: totals.skipped }, { failed: 0, skipped: 0 });
    assert.ok(totals.passed >= 14, `only ${totals.passed} assertions ran`);
  });

  test('exnref-keep.wat: the same output with a collection at every throw, and under valgrind (no use after free)', (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16', 'wasmtime'])) return;
    const wasm = assemble(PROGRAMS, 'exnref-keep');
    const reference = run('wasmtime', ['run', '-W', 'all-proposals=y', wasm]);
    assert.equal(reference.status, 0, `wasmtime: ${reference.stderr}`);
    const exe = join(work, 'exnref-keep');
    const c = run(process.execPath, [CLI, 'compile', '-q', wasm, '-o', exe]);
    assert.equal(c.status, 0, c.stderr);
    const stress = run(exe, [], { AWSM_EXN_GC_STRESS: '1' });
    assert.deepEqual({ status: stress.status, stdout: stress.stdout }, { status: 0, stdout: reference.stdout }, stress.stderr);
    if (!requires(t, ['valgrind'])) return;
    const vg = run('valgrind', ['-q', '--error-exitcode=99', exe], { AWSM_EXN_GC_STRESS: '1' });
    assert.deepEqual({ status: vg.status, stdout: vg.stdout }, { status: 0, stdout: reference.stdout }, vg.stderr);
  });

  // Without collection every exception stays (catch-ref-10m: 1.1 GB); a collection that read
  // the exnref fields of dead GC objects kept catch-ref-boxes' (150 MB). With it, a few MB.
  const n = 10_000_000n;
  const bounded: [string, string, string][] = [
    ['catch-ref-10m', '10 million exceptions caught by reference', `${n} ${(n * (n - 1n)) / 2n}\n`], // payloads 0 … n-1
    ['catch-ref-boxes', '2 million exnrefs stored in GC structs dropped at once', '2000000 1999999\n'], // the last one's payload
  ];
  for (const [name, what, stdout] of bounded) {
    test(`${name}.wat: ${what} run in bounded memory`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16', 'time'])) return;
      const wasm = assemble(PROGRAMS, name);
      const exe = join(work, name);
      const c = run(process.execPath, [CLI, 'compile', '-q', wasm, '-o', exe]);
      assert.equal(c.status, 0, c.stderr);
      const r = run('time', ['-f', 'peak %M KB', exe]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, stdout);
      const m = /^peak (\d+) KB$/m.exec(r.stderr);
      assert.ok(m !== null, `no peak RSS from GNU time: ${r.stderr}`);
      assert.ok(Number(m[1]) < 64 * 1024, `peak RSS ${m[1]} KB`);
    });
  }
});

test('awsm run: an uncaught exception ends the program with one line and status 134', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const wat = join(work, 'uncaught.wat');
  const wasm = join(work, 'uncaught.wasm');
  writeFileSync(wat, '(module (tag $e (param i32 f64)) (func (export "_start") (throw $e (i32.const 7) (f64.const 2.5))))');
  mustRun('wasm-tools', ['parse', wat, '-o', wasm]);
  const r = run(process.execPath, [CLI, 'run', wasm]);
  assert.equal(r.status, 134, r.stderr);
  assert.equal(r.stderr, 'awsm: uncaught exception (payload: i32 7, f64 2.5)\n');
  assert.equal(r.stdout, '');
});

test('a program without exceptions does not link the unwinder (libgcc_s); one with them does', (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16', 'objdump'])) return;
  const needed = (watText: string, name: string): string => {
    const wat = join(work, `${name}.wat`);
    writeFileSync(wat, watText);
    const wasm = join(work, `${name}.wasm`);
    mustRun('wasm-tools', ['parse', wat, '-o', wasm]);
    const exe = join(work, name);
    const c = run(process.execPath, [CLI, 'compile', '-q', wasm, '-o', exe]);
    assert.equal(c.status, 0, c.stderr);
    return mustRun('objdump', ['-p', exe]);
  };
  assert.doesNotMatch(needed('(module (func (export "_start")))', 'plain'), /libgcc_s/);
  assert.match(needed('(module (tag $e) (func (export "_start") (block $h (try_table (catch $e $h) (throw $e)))))', 'eh'), /libgcc_s/);
});

test('the C API: exceptions through host functions, host tags (tests/embed/test_exceptions.c)', async (t) => {
  if (!requires(t, ['wasm-tools', 'clang-16'])) return;
  const rt = await buildRuntime();
  const obj = (await compile(readFileSync(assemble(EMBED, 'exn')), { emit: 'obj', name: 'exn', output: join(work, 'exn.o') })).path;
  const exe = join(work, 'test_exceptions');
  mustRun('clang-16', ['-O2', '-rdynamic', `-I${join(packageRoot, 'runtime', 'include')}`, join(EMBED, 'test_exceptions.c'), obj,
    ...rt.objects, '-lm', '-ldl', '-lpthread', '-o', exe]);
  const r = run(exe, []);
  const m = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout);
  assert.ok(m !== null, `no summary line\n${r.stdout}\n${r.stderr}`);
  assert.equal(m[2], '0', r.stdout);
  assert.ok(Number(m[1]) >= 20, `only ${m[1]} checks ran`);
  assert.equal(r.status, 0, r.stderr);
});
