/**
 * Bounded memory under allocation (issue 17, docs/gc.md "Collection"): tests/gc-bounded/churn.wat
 * compiled by awsm at -O2 and run under a 16 MiB heap limit (AWSM_MAX_HEAP, as `awsm run
 * --max-heap=16M`), its executable measured by GNU time's peak RSS:
 *
 *   - 26,214,400 short-lived 64-byte structs (100 times the limit, 1.6 GB) run to the end, and
 *     the peak RSS exceeds that of the same program allocating 1,000 objects by less than the
 *     limit;
 *   - the same program keeping every object alive (its chain never restarts) traps `out of
 *     memory` after 1M objects (64 MB): the objects are real and the limit holds, so the first
 *     run's bound is the collector's doing.
 *
 * Needs wasm-tools, clang-16 and GNU time (/usr/bin/time).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { mustRun, requires } from '../tools.js';

const AWSM = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const SOURCE = readFileSync(join(packageRoot, 'tests', 'gc-bounded', 'churn.wat'), 'utf8');
const LIMIT = 16 * 1024 * 1024;
const TIME = '/usr/bin/time';

let work: string;

/** churn.wat with `n` objects and the chain restarting or not, compiled; the executable. */
function build(name: string, n: number, restart: boolean): string {
  const text = SOURCE.replace('(i32.const 26214400)', `(i32.const ${n})`).replace('(global $restart i32 (i32.const 1))', `(global $restart i32 (i32.const ${restart ? 1 : 0}))`);
  const wat = join(work, `${name}.wat`);
  writeFileSync(wat, text);
  mustRun('wasm-tools', ['parse', wat, '-o', join(work, `${name}.wasm`)]);
  const exe = join(work, name);
  mustRun(process.execPath, [AWSM, 'compile', '-q', '-O2', join(work, `${name}.wasm`), '-o', exe], { env: { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') } });
  return exe;
}

/** Run `exe` under the limit: its exit status, peak RSS in KiB and standard error. */
function run(exe: string): { status: number | null; kib: number; stderr: string } {
  const r = spawnSync(TIME, ['-f', 'peak-rss-kib %M', exe], { env: { ...process.env, AWSM_MAX_HEAP: String(LIMIT) }, encoding: 'utf8', timeout: 120_000 });
  const kib = Number(/peak-rss-kib (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { status: r.status, kib, stderr: r.stderr };
}

describe('GC: bounded memory', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-gc-bounded-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('100x the heap limit in short-lived objects: no trap, peak RSS within the limit of a small run', (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16'], existsSync(TIME) ? undefined : `GNU time (${TIME}, Debian package time)`)) return;
    const big = run(build('big', 100 * (LIMIT / 64), true));
    const small = run(build('small', 1000, true));
    assert.equal(big.status, 0, big.stderr);
    assert.equal(small.status, 0, small.stderr);
    const growth = (big.kib - small.kib) * 1024;
    t.diagnostic(`peak RSS: ${big.kib} KiB allocating 1.6 GB, ${small.kib} KiB allocating 64 KB: +${(growth / 1048576).toFixed(1)} MiB (limit 16 MiB)`);
    assert.ok(growth < LIMIT, `peak RSS grew by ${growth} bytes allocating 100x the ${LIMIT}-byte limit`);
  });

  test('the same objects kept alive trap "out of memory" under the limit', (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16'], existsSync(TIME) ? undefined : `GNU time (${TIME}, Debian package time)`)) return;
    const r = run(build('hold', 1 << 20, false));
    assert.equal(r.status, 134, r.stderr);
    assert.match(r.stderr, /out of memory/);
  });
});
