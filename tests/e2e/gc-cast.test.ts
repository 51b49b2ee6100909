/**
 * The translator's casts (src/translate/gc-cast.ts, docs/gc.md "RTTs and casts"):
 * tests/gc-cast/*.wast through the 3.0 spec harness at -O2 (guard bounds) and -O0 (explicit
 * bounds), each with a collection before every allocation (AWSM_GC_STRESS=1), and the same
 * script under wasmtime, which must agree with every assertion (the expectations are not
 * awsm's own output). ref.test against every abstract and concrete target at every depth,
 * ref.cast and its traps, br_on_cast / br_on_cast_fail, casts of function references by
 * declared subtype, ref.eq, and the extern conversions in code and constant expressions.
 *
 * The mutation checks gc-cast-display-depth and gc-cast-i31-bit
 * (tests/mutation/mutations.ts) are caught here. Needs wasm-tools and LLVM 16; wasmtime for the
 * cross-check (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { requires } from '../tools.js';

const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');
const DIR = join(packageRoot, 'tests', 'gc-cast');

let work: string;

describe('GC casts', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-gc-cast-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const [opt, bounds] of [['-O2', 'guard'], ['-O0', 'explicit']] as const) {
    test(`tests/gc-cast/*.wast ${opt} --bounds=${bounds} AWSM_GC_STRESS=1`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16'])) return;
      const json = join(work, `cast${opt}-${bounds}.json`);
      const env = { ...process.env, AWSM_SPEC3_DIR: DIR, AWSM_GC_STRESS: '1' };
      const r = spawnSync(process.execPath, [HARNESS, '--suite=3.0', '*', opt, `--bounds=${bounds}`, '--json', json], { env, encoding: 'utf8', timeout: 300_000 });
      assert.equal(r.status, 0, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
      const totals = (JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } }).totals;
      assert.deepEqual({ failed: totals.failed, skipped: totals.skipped }, { failed: 0, skipped: 0 });
      assert.ok(totals.passed >= 62, `only ${totals.passed} assertions ran`);
    });
  }

  test('wasmtime agrees with every assertion of tests/gc-cast/*.wast', (t) => {
    if (!requires(t, ['wasmtime'])) return;
    const r = spawnSync('wasmtime', ['wast', '-W', 'all-proposals=y', join(DIR, 'casts.wast')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });
});
