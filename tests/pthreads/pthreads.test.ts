/**
 * C with pthreads and Rust with std threads on wasi-threads (docs/threads.md), by hand:
 * `npm run test:pthreads` (scripts/setup.sh --pthreads first). Not part of `npm test` and CI:
 * both need rustup's wasm32-wasip1-threads target (its threads build of wasi-libc is the only
 * one this machine can get), which comes from static.rust-lang.org, outside the registries
 * the CI machine reaches.
 *  - pool.c: a parallel sum on a pthread thread pool of 1, 2 and 4 workers, each the sum
 *    computed here;
 *  - tests/threads/rust-threads: 1 and 4 threads, partial sums through an mpsc channel, a count
 *    in a Mutex.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { mustRun, requires } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const PROGRAMS = join(packageRoot, 'tests', 'threads');
/** The wasm32-wasi-threads C sysroot `scripts/setup.sh --pthreads` puts together. */
const SYSROOT = join(packageRoot, '.cache', 'wasi-threads-sysroot');

let work: string;

/** What pool.c prints for 2^log2n numbers: the sum of its hash (x = i * 0x9E3779B1, x ^ x >> 15, 32-bit). */
function poolSum(log2n: number): bigint {
  let total = 0n;
  const n = 2 ** log2n;
  for (let base = 0; base < n; base += 1 << 20) {
    let s = 0; // at most 2^20 values below 2^32: exact in a double
    for (let i = base; i < Math.min(n, base + (1 << 20)); i++) {
      const x = Math.imul(i, 0x9e3779b1) >>> 0;
      s += (x ^ (x >>> 15)) >>> 0;
    }
    total += BigInt(s);
  }
  return total;
}

describe('C and Rust threads on wasi-threads', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-pthreads-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('pool.c: C with pthreads, a parallel sum on a thread pool of 1, 2 and 4 workers', (t) => {
    const sysroot = existsSync(join(SYSROOT, 'lib', 'wasm32-wasi-threads', 'libc.a')) ? undefined : `the wasm32-wasi-threads sysroot (${SYSROOT}: bash scripts/setup.sh --pthreads)`;
    if (!requires(t, ['clang-16', 'wasm-ld-16'], sysroot)) return;
    const wasm = join(work, 'pool.wasm');
    mustRun('clang-16', ['--target=wasm32-wasi-threads', `--sysroot=${SYSROOT}`, '-pthread', '-O2', join(PROGRAMS, 'pool.c'), '-o', wasm,
      '-Wl,--import-memory,--export-memory,--max-memory=67108864']);
    const exe = join(work, 'pool');
    mustRun(process.execPath, [CLI, 'compile', '-q', '--no-cache', wasm, '-o', exe]);
    const want = `sum ${poolSum(24)} tasks 256\n`;
    for (const threads of ['1', '2', '4']) {
      const r = spawnSync(exe, [threads, '24'], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `pool ${threads}: exit ${r.status}: ${r.stderr}`);
      assert.equal(r.stdout, want, `pool ${threads}`);
    }
  });

  test('rust-threads: Rust with std threads (thread::spawn, mpsc, Mutex) on 1 and 4 threads', (t) => {
    // rustup's tools are in ~/.cargo/bin, on PATH or not.
    const env = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:${join(homedir(), '.cargo', 'bin')}` };
    const rustc = spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8', env });
    const missing = rustc.status !== 0 ? 'rustc and cargo (rustup)'
      : existsSync(join(rustc.stdout.trim(), 'lib', 'rustlib', 'wasm32-wasip1-threads')) ? undefined
      : 'the Rust target wasm32-wasip1-threads (rustup target add wasm32-wasip1-threads: bash scripts/setup.sh --pthreads)';
    if (!requires(t, [], missing)) return;
    const targetDir = join(work, 'cargo');
    mustRun('cargo', ['build', '--release', '--offline', '--quiet', '--target', 'wasm32-wasip1-threads'],
      { cwd: join(PROGRAMS, 'rust-threads'), env: { ...env, CARGO_TARGET_DIR: targetDir } });
    const exe = join(work, 'rust-threads');
    mustRun(process.execPath, [CLI, 'compile', '-q', '--no-cache', join(targetDir, 'wasm32-wasip1-threads', 'release', 'rust-threads.wasm'), '-o', exe]);
    for (const threads of [1, 4]) {
      const n = BigInt(threads) * 1_000_000n;
      const sum = ((n * (n - 1n) * (2n * n - 1n)) / 6n) % (1n << 64n); // the squares below n, wrapped
      const r = spawnSync(exe, [String(threads)], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `rust-threads ${threads}: exit ${r.status}: ${r.stderr}`);
      assert.equal(r.stdout, `sum ${sum} items ${n}\n`);
    }
  });

});
