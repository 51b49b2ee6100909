/**
 * wasi-threads end to end (docs/threads.md): the .wat programs of tests/threads/, compiled
 * with `awsm compile` in both bounds modes and run as executables, each a few hundred
 * milliseconds:
 *  - counter.wat: 8 threads × 100,000 i32.atomic.rmw.add on one counter reach exactly 800,000;
 *  - prodcons.wat: a mutex and a condition variable from wait/notify, 2 producers and 2
 *    consumers pass 1,000,000 items through a ring of 256 slots, none lost or duplicated (count
 *    and sum);
 *  - grow.wat: one thread grows the shared memory page by page while two others write and read
 *    back words at the end of the size they last saw: no trap, no lost write;
 *  - trap.wat: a trap in one spawned thread ends the process (status 134, the trap's message)
 *    while the others block in wait; proc_exit(7) in a spawned thread ends it with status 7;
 *  - `awsm run --max-threads 0`: thread-spawn fails (counter.wat exits 2);
 *  - the C API (tests/embed/test_threads.c): instances of one module on 4 threads sharing one
 *    host-made shared memory, wait woken across threads, sharedness checked on import.
 * Each program checks its own result and exits non-zero on a wrong one. A modified expected
 * total is part of the test (a check that cannot fail would prove nothing).
 * scripts/stress-threads.sh runs the same programs many times in a loop.
 *
 * Needs wat2wasm and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { buildRuntime, compile } from '../../src/index.js';
import { mustRun, requires, wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const PROGRAMS = join(packageRoot, 'tests', 'threads');

let work: string;

/** tests/threads/NAME.wat (or `text`) assembled and compiled with `flags`: the executable. */
function build(name: string, flags: readonly string[], text?: string): string {
  const wasm = join(work, `${name}.wasm`);
  const source = text ?? readFileSync(join(PROGRAMS, `${name}.wat`), 'utf8');
  wat2wasm({ text: source }, wasm, ['--enable-threads']);
  const exe = join(work, `${name}${flags.join('')}`);
  const c = spawnSync(process.execPath, [CLI, 'compile', '-q', '--no-cache', ...flags, wasm, '-o', exe], { encoding: 'utf8' });
  assert.equal(c.status, 0, `awsm compile ${name} ${flags.join(' ')}: ${c.stderr}`);
  return exe;
}

function run(exe: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string } {
  const r = spawnSync(exe, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stderr: r.stderr };
}

describe('wasi-threads', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-threads-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const bounds of ['guard', 'explicit']) {
    for (const name of ['counter', 'prodcons', 'grow']) {
      test(`${name}.wat, ${bounds} mode: the program's own checks pass`, (t) => {
        if (!requires(t, ['wat2wasm', 'clang-16'])) return;
        const r = run(build(name, [`--bounds=${bounds}`]));
        assert.equal(r.status, 0, `${name}: exit ${r.status}: ${r.stderr}`);
      });
    }
  }

  test('the checks can fail: a wrong expected total exits 1', (t) => {
    if (!requires(t, ['wat2wasm', 'clang-16'])) return;
    const counter = readFileSync(join(PROGRAMS, 'counter.wat'), 'utf8').replace('(i32.const 800000)', '(i32.const 800001)');
    assert.equal(run(build('counter-wrong', [], counter)).status, 1);
    // The expected sum N(N+1)/3 instead of N(N+1)/2.
    const prodcons = readFileSync(join(PROGRAMS, 'prodcons.wat'), 'utf8').replace('(i64.const 2)))))))', '(i64.const 3)))))))');
    assert.equal(run(build('prodcons-wrong', [], prodcons)).status, 1);
  });

  test('a trap in one thread ends the process with its message; proc_exit in one ends it with its status', (t) => {
    if (!requires(t, ['wat2wasm', 'clang-16'])) return;
    const exe = build('trap', []);
    const trapped = run(exe);
    assert.equal(trapped.status, 134, trapped.stderr);
    assert.match(trapped.stderr, /^awsm: trap: unreachable in function #\d+\n$/);
    const exited = run(exe, ['exit']);
    assert.equal(exited.status, 7, exited.stderr);
    assert.equal(exited.stderr, '');
  });

  test('C API: instances on several threads share one memory (tests/embed/test_threads.c)', async (t) => {
    if (!requires(t, ['wat2wasm', 'clang-16'])) return;
    const wasm = join(work, 'shared.wasm');
    wat2wasm(join(packageRoot, 'tests', 'embed', 'shared.wat'), wasm, ['--enable-threads']);
    const obj = (await compile(new Uint8Array(readFileSync(wasm)), { emit: 'obj', name: 'shared', output: join(work, 'shared.o') })).path;
    const rt = await buildRuntime();
    const exe = join(work, 'test_threads');
    mustRun('clang-16', ['-O2', `-I${join(packageRoot, 'runtime', 'include')}`, join(packageRoot, 'tests', 'embed', 'test_threads.c'), obj, ...rt.objects, '-lm', '-ldl', '-lpthread', '-o', exe]);
    const r = spawnSync(exe, [], { encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stdout, /^\d+ passed, 0 failed$/m, `${r.stdout}${r.stderr}`);
    assert.equal(r.status, 0);
  });

  test('--max-threads 0: thread-spawn fails (counter.wat exits 2); a bad count is a usage error', (t) => {
    if (!requires(t, ['wat2wasm', 'clang-16'])) return;
    const wasm = join(work, 'counter-run.wasm');
    wat2wasm({ text: readFileSync(join(PROGRAMS, 'counter.wat'), 'utf8') }, wasm, ['--enable-threads']);
    const none = spawnSync(process.execPath, [CLI, 'run', '-q', '--no-cache', '--max-threads', '0', wasm], { encoding: 'utf8' });
    assert.equal(none.status, 2, none.stderr);
    const eight = spawnSync(process.execPath, [CLI, 'run', '-q', '--no-cache', '--max-threads', '8', wasm], { encoding: 'utf8' });
    assert.equal(eight.status, 0, eight.stderr);
    const bad = spawnSync(process.execPath, [CLI, 'run', '--max-threads', 'x', wasm], { encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /invalid count 'x' for --max-threads/);
  });
});
