/**
 * 64-bit tables (table64; docs/abi.md, "Globals, tables, references"). tests/table64/*.wast
 * runs through the 3.0 spec harness in both bounds modes at -O0 and -O2: an i64 index of
 * 2^32 + 1 on a table of two elements traps (truncated, it would be 1), also through
 * call_indirect, return_call_indirect and the bulk instructions, and table.grow by 2^32 is
 * refused. `wasmtime wast` passes the same file. The mutation check
 * `table64-index-truncated` (tests/mutation/mutations.ts) plants the truncation and this test
 * catches it. Then the host limit, which the .wast cannot state: a minimum beyond it, or
 * beyond 2^32, fails instantiation with one clear line, and growth stops at it (-1).
 *
 * Needs wasm-tools and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { mustRun, requires } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
const HARNESS = join(packageRoot, 'dist', 'tests', 'spec', 'run.js');

let work: string;
let env: NodeJS.ProcessEnv;

/** `awsm run` of the module `wat` (assembled by wasm-tools, which knows table64). */
function run(wat: string): { status: number | null; stderr: string } {
  const name = `m${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(work, `${name}.wat`), wat);
  mustRun('wasm-tools', ['parse', join(work, `${name}.wat`), '-o', join(work, `${name}.wasm`)]);
  const r = spawnSync(process.execPath, [CLI, 'run', '-q', join(work, `${name}.wasm`)], { env, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stderr: r.stderr };
}

describe('table64', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-table64-'));
    env = { ...process.env, AWSM_CACHE_DIR: join(work, 'cache') };
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const opt of ['-O0', '-O2'] as const) {
    for (const bounds of ['guard', 'explicit'] as const) {
      test(`tests/table64/*.wast ${opt} --bounds=${bounds}: i64 indices are not truncated`, (t) => {
        if (!requires(t, ['wasm-tools', 'clang-16'])) return;
        const json = join(work, `table64${opt}-${bounds}.json`);
        const r = spawnSync(process.execPath, [HARNESS, '--suite=3.0', '*', opt, `--bounds=${bounds}`, '--json', json], {
          env: { ...env, AWSM_SPEC3_DIR: join(packageRoot, 'tests', 'table64') }, encoding: 'utf8', timeout: 300_000,
        });
        assert.equal(r.status, 0, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
        const totals = (JSON.parse(readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number; skipped: number } }).totals;
        assert.deepEqual({ failed: totals.failed, skipped: totals.skipped }, { failed: 0, skipped: 0 });
        assert.ok(totals.passed >= 40, `only ${totals.passed} assertions ran`);
      });
    }
  }

  for (const [min, what] of [['0x1_0000_0001', 'beyond 2^32'], ['20_000_000', 'beyond the host limit']] as const) {
    test(`a minimum ${what} fails instantiation with one line`, (t) => {
      if (!requires(t, ['wasm-tools', 'clang-16'])) return;
      const r = run(`(module (table i64 ${min} funcref) (func (export "_start")))`);
      assert.notEqual(r.status, 0);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /table of \d+ elements exceeds the limit of 10000000 elements/);
    });
  }

  test('table.grow stops at the host limit (-1), below a maximum beyond 2^32', (t) => {
    if (!requires(t, ['wasm-tools', 'clang-16'])) return;
    const r = run(`(module
  (table $t i64 1 0x1_0000_0000_0000 externref)
  (func (export "_start")
    (if (i64.ne (table.grow $t (ref.null extern) (i64.const 10_000_000)) (i64.const -1)) (then unreachable))
    (if (i64.ne (table.grow $t (ref.null extern) (i64.const 9_999_999)) (i64.const 1)) (then unreachable))
    (if (i64.ne (table.size $t) (i64.const 10_000_000)) (then unreachable))
    (if (i64.ne (table.grow $t (ref.null extern) (i64.const 1)) (i64.const -1)) (then unreachable))))`);
    assert.equal(r.status, 0, r.stderr);
  });
});
