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
 *  - files.wat: 8 threads open, write (100 fd_writes each) and close 20 files each at once in a
 *    preopened temp dir: every file's content exact, the host descriptors (counted by the
 *    program in a preopened /proc/self/fd) the same before and after, the next descriptor the
 *    lowest number (the thread-safe descriptor table, docs/threads.md);
 *  - closeread.wat: a thread blocked in fd_read on a FIFO while another closes or renumbers
 *    over its descriptor: the read ends with the data or a clean error, no host descriptor
 *    leaks; a read of a descriptor closed before it is EBADF;
 *  - `awsm run --max-threads 0`: thread-spawn fails (counter.wat exits 2);
 *  - the C API (tests/embed/test_threads.c): instances of one module on 4 threads sharing one
 *    host-made shared memory, wait woken across threads, sharedness checked on import.
 * Each program checks its own result and exits non-zero on a wrong one. A modified expected
 * total is part of the test (a check that cannot fail would prove nothing).
 * scripts/stress-threads.sh runs the same programs many times in a loop.
 *
 * Needs wat2wasm and LLVM 16 (bash scripts/setup.sh). C with pthreads and Rust with std threads
 * are tests/pthreads/ (`npm run test:pthreads`, not in CI: docs/threads.md says why).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

function run(exe: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(exe, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh directory under the work dir, preopened as fd 3, with the host's /proc/self/fd as fd 4. */
function sandbox(name: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = join(work, `dir-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  return { dir, env: { AWSM_DIRS: `${dir}:/proc/self/fd` } };
}

/** What files.wat writes into file K-R: 100 lines ('a'+K, 'A'+R, '0'+I%10, newline). */
function filesContent(k: number, r: number): string {
  let s = '';
  for (let i = 0; i < 100; i++) s += `${String.fromCharCode(97 + k, 65 + r)}${i % 10}\n`;
  return s;
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

  for (const bounds of ['guard', 'explicit']) {
    test(`files.wat, ${bounds} mode: 8 threads open, write and close 160 files at once; contents exact, no descriptor leaked`, (t) => {
      if (!requires(t, ['wat2wasm', 'clang-16'])) return;
      const exe = build('files', [`--bounds=${bounds}`]);
      const { dir, env } = sandbox(`files-${bounds}`);
      const r = run(exe, [], env);
      assert.equal(r.status, 0, `files: exit ${r.status} (1 WASI error, 3 host descriptors leaked, 4 guest descriptor leaked): ${r.stderr}`);
      const names = readdirSync(dir).sort();
      assert.equal(names.length, 161, names.join(' '));
      for (let k = 0; k < 8; k++) {
        for (let f = 0; f < 20; f++) {
          const name = `${String.fromCharCode(97 + k)}-${String.fromCharCode(65 + f)}`;
          assert.equal(readFileSync(join(dir, name), 'utf8'), filesContent(k, f), name);
        }
      }
    });
  }

  test('closeread.wat: a read blocked on a pipe whose descriptor another thread closes or renumbers ends cleanly', (t) => {
    if (!requires(t, ['wat2wasm', 'clang-16'])) return;
    const exe = build('closeread', []);
    for (let i = 0; i < 3; i++) {
      const { dir, env } = sandbox('closeread');
      mustRun('mkfifo', [join(dir, 'fifo')]);
      const r = run(exe, [], env);
      assert.equal(r.status, 0, `closeread: exit ${r.status} (1 a bad read result, 3 host descriptors leaked): ${r.stderr}`);
      // 'd': the blocked read got the data on its still-open host descriptor; 'e': EBADF or ENOTCAPABLE.
      // Round 3 closes before the reader starts: EBADF.
      assert.match(r.stdout, /^[de][de]e\n$/);
    }
  });

  test('the checks can fail: a wrong expected total exits 1', (t) => {
    if (!requires(t, ['wat2wasm', 'clang-16'])) return;
    const counter = readFileSync(join(PROGRAMS, 'counter.wat'), 'utf8').replace('(i32.const 800000)', '(i32.const 800001)');
    assert.equal(run(build('counter-wrong', [], counter)).status, 1);
    // The expected sum N(N+1)/3 instead of N(N+1)/2.
    const prodcons = readFileSync(join(PROGRAMS, 'prodcons.wat'), 'utf8').replace('(i64.const 2)))))))', '(i64.const 3)))))))');
    assert.equal(run(build('prodcons-wrong', [], prodcons)).status, 1);
    // files.wat without its fd_close: the host descriptors of the open files are left over.
    const leaky = readFileSync(join(PROGRAMS, 'files.wat'), 'utf8').replace('(if (call $fd_close (local.get $fd)) (then (call $fail)))', '');
    assert.equal(run(build('files-leak', [], leaky), [], sandbox('files-leak').env).status, 3);
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
