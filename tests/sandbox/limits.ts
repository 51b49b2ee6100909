/**
 * Sandbox tests of the resource limits of `awsm run` (docs/cli.md, docs/security.md):
 * --max-memory, --max-table-elements and --timeout. Each program runs under the limit and
 * must stop cleanly: memory.grow / table.grow return -1 at the limit, a module that needs more
 * than the limit to start fails with status 1 and one line naming the option, and a program
 * that runs too long is stopped with status 124. Bad values are usage errors (status 2).
 *
 * Registered by tests/e2e/sandbox.test.ts. Needs wat2wasm and LLVM 16 (scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires, wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let work: string;

function awsm(...args: string[]): Result {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** `name.wasm` from WAT text. */
function wat(name: string, text: string): string {
  return wat2wasm({ text }, `${name}.wasm`, [], { cwd: work });
}

const EXIT = '(import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))';

/** Grows memory one page at a time until memory.grow fails; exits with the size in pages. */
const GROW_MEMORY = `(module ${EXIT}
  (memory (export "memory") MIN)
  (func (export "_start")
    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (call $exit (memory.size))))`;

/** The same with one huge request first: it must fail without taking anything. */
const GROW_MEMORY_HUGE = `(module ${EXIT}
  (memory (export "memory") 3)
  (func (export "_start")
    (if (i32.ne (memory.grow (i32.const 0xffff)) (i32.const -1)) (then (call $exit (i32.const 99))))
    (call $exit (memory.size))))`;

/** Grows a table until table.grow fails; exits with its size. */
const GROW_TABLE = `(module ${EXIT}
  (memory (export "memory") 1)
  (table $t MIN funcref)
  (func (export "_start")
    (loop $l (br_if $l (i32.ne (table.grow $t (ref.null func) (i32.const 1)) (i32.const -1))))
    (call $exit (table.size $t))))`;

const GROW_TABLE_HUGE = `(module ${EXIT}
  (memory (export "memory") 1)
  (table $t 3 funcref)
  (func (export "_start")
    (if (i32.ne (table.grow $t (ref.null func) (i32.const 0x7fffffff)) (i32.const -1)) (then (call $exit (i32.const 99))))
    (call $exit (table.size $t))))`;

const SPIN = `(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))`;
const SPIN_CALLS = `(module (memory (export "memory") 1)
  (func $f (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "_start") (local i32) (loop $l (local.set 0 (call $f (local.get 0))) (br $l))))`;

describe('awsm run resource limits', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-limits-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('--max-memory: memory.grow returns -1 at the limit, in pages or bytes', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('grow1', GROW_MEMORY.replace('MIN', '1'));
    assert.equal(awsm('run', '--max-memory=5p', w).status, 5);
    assert.equal(awsm('run', '--max-memory=1M', w).status, 16);
    assert.equal(awsm('run', '--max-memory=200K', w).status, 3); // rounded down to whole pages
    assert.equal(awsm('run', '--max-memory', '1p', w).status, 1); // already at the limit
    assert.equal(awsm('run', '--max-memory=10G', '--max-memory=7p', w).status, 7); // the last one counts
  });

  test('--max-memory: a huge memory.grow fails and leaves the memory as it was', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('growhuge', GROW_MEMORY_HUGE);
    const r = awsm('run', '--max-memory=64M', w);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(awsm('run', w).status, 3); // 3 + 0xffff pages is more than 4 GiB
  });

  test('--max-memory: a module whose initial memory exceeds the limit does not start', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('grow20', GROW_MEMORY.replace('MIN', '20'));
    const r = awsm('run', '--max-memory=10p', w);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^awsm: .*--max-memory/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.equal(awsm('run', '--max-memory=20p', w).status, 20);
  });

  test('a 64-bit memory larger than the host allows does not start, with one line naming the limit', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    // Memory 1 of 2^16 pages of 64 KiB (4 GiB; valid with memory64): one page more than the host's largest.
    const text = `(module ${EXIT} (memory (export "memory") 1) (memory i64 0x10000)
      (func (export "_start") (call $exit (select (i32.const 42) (i32.const 7) (i64.eq (memory.size 1) (i64.const 0xffff))))))`;
    const w = wat2wasm({ text }, 'huge64.wasm', ['--enable-memory64', '--enable-multi-memory'], { cwd: work });
    const r = awsm('run', w);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, 'awsm: memory of 65536 pages exceeds the limit of 65535 pages\n');
    const ok = wat2wasm({ text: text.replace('0x10000', '0xffff') }, 'max64.wasm', ['--enable-memory64', '--enable-multi-memory'], { cwd: work });
    assert.equal(awsm('run', ok).status, 42);
  });

  test('--max-table-elements: table.grow returns -1 at the limit', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('table1', GROW_TABLE.replace('MIN', '1'));
    assert.equal(awsm('run', '--max-table-elements=50', w).status, 50);
    assert.equal(awsm('run', '--max-table-elements=1', w).status, 1);
    const h = wat('tablehuge', GROW_TABLE_HUGE);
    assert.equal(awsm('run', '--max-table-elements=1000', h).status, 3);
    assert.equal(awsm('run', h).status, 3); // the default limit refuses 2^31 elements too
  });

  test('--max-table-elements: a module whose table exceeds the limit does not start', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('table100', GROW_TABLE.replace('MIN', '100'));
    const r = awsm('run', '--max-table-elements=50', w);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^awsm: .*--max-table-elements/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  });

  test('--timeout: a program that never ends is stopped with status 124', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    for (const [name, text] of [['spin', SPIN], ['spincalls', SPIN_CALLS]] as const) {
      const w = wat(name, text);
      awsm('compile', w); // compile first, so the time limit measures the run only
      const r = awsm('run', '--timeout=0.5', w);
      assert.equal(r.status, 124, r.stderr);
      assert.match(r.stderr, /^awsm: timeout: /);
      assert.ok(r.ms < 30_000, `took ${r.ms} ms`);
    }
  });

  test('--timeout: a program that finishes in time is not affected', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('quick', GROW_MEMORY.replace('MIN', '1'));
    assert.equal(awsm('run', '--timeout=60', '--max-memory=2p', w).status, 2);
  });

  test('bad limit values are usage errors', (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const w = wat('quick2', GROW_MEMORY.replace('MIN', '1'));
    for (const args of [
      ['--max-memory=abc'], ['--max-memory=-1'], ['--max-memory=1000'], ['--max-memory=0p'],
      ['--max-table-elements=0'], ['--max-table-elements=-5'], ['--max-table-elements=4294967296'],
      ['--timeout=0'], ['--timeout=-1'], ['--timeout=soon'],
    ]) {
      const r = awsm('run', ...args, w);
      assert.equal(r.status, 2, `${args.join(' ')}: status ${r.status}, stderr ${r.stderr}`);
      assert.match(r.stderr, /^awsm: error: /);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
  });
});
