/**
 * Differential tests against V8 (tests/diff/diff.ts, docs/security.md), bounded for `npm test`:
 *
 * 1. every regression module in tests/diff/regressions/ (a .wat file, named after the bug it
 *    found) runs in awsm, guard and explicit mode, and in V8, with the same transcript;
 * 2. 50 random modules from binaryen's wasm-opt -ttf (and wasm-tools smith when it is
 *    installed), with a fixed seed (AWSM_DIFF_SEED overrides it, AWSM_DIFF_MODULES the
 *    count), compared the same way;
 * 3. 30 modules of generated loops for loop versioning (tests/diff/loops.ts; AWSM_LOOPS_SEED
 *    overrides the seed).
 *
 * `scripts/diff.sh N` is the long run. Needs wasm-opt (binaryen) and wat2wasm (wabt); skipped
 * with a note when wasm-opt is missing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { checkFiles, haveWasmOpt, runDiff, type DiffReport } from '../diff/diff.js';
import { runLoopDiff } from '../diff/loops.js';
import { have, wat2wasm } from '../tools.js';

const REGRESSIONS = join(packageRoot, 'tests', 'diff', 'regressions');
const HAVE_TOOLS = haveWasmOpt() && have('wat2wasm');

let work: string;

function explain(r: DiffReport): string {
  return r.divergences.map((d) => `module ${d.k} (${d.how}) [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
}

describe('differential tests against V8', { skip: HAVE_TOOLS ? false : 'wasm-opt (binaryen) or wat2wasm not found' }, () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-diff-test-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('tests/diff/regressions/*.wat', { timeout: 300_000 }, async () => {
    const wats = readdirSync(REGRESSIONS).filter((n) => n.endsWith('.wat')).sort();
    assert.ok(wats.length > 0, 'no regression modules');
    const files = wats.map((n) => wat2wasm(join(REGRESSIONS, n), join(work, n.replace(/\.wat$/, '.wasm'))));
    for (const bounds of ['guard', 'explicit'] as const) {
      const r = await checkFiles(files, { bounds, optLevel: 2, timeoutMs: 120_000 });
      assert.equal(r.divergences.length, 0, `${bounds} mode:\n${explain(r)}`);
      assert.equal(r.compared, files.length, `${bounds} mode: only ${r.compared} of ${files.length} modules ran`);
    }
  });

  test('50 random modules (wasm-opt -ttf; wasm-tools smith too when installed)', { timeout: 600_000 }, async () => {
    const seed = Number(process.env['AWSM_DIFF_SEED'] ?? 7);
    const modules = Number(process.env['AWSM_DIFF_MODULES'] ?? 50);
    const r = await runDiff({
      modules, seed, jobs: 2, batch: 25, simd: 0.3, denan: 0.5, optLevel: 2, bounds: 'both', timeoutMs: 120_000,
    });
    assert.equal(r.divergences.length, 0, `seed ${seed}:\n${explain(r)}`);
    assert.equal(r.generated, modules);
    assert.ok(r.compared >= modules * 0.9, `only ${r.compared} of ${modules} modules were compared`);
    assert.ok(r.calls > modules, `only ${r.calls} export calls`);
  });

  // 3. generated loops for loop versioning (tests/diff/loops.ts; `bash scripts/loopfuzz.sh N` is
  //    the long run): both copies of versioned loops, and near misses, against V8.
  test('30 generated loop modules (loop versioning)', { timeout: 600_000 }, async () => {
    const seed = Number(process.env['AWSM_LOOPS_SEED'] ?? 11);
    const r = await runLoopDiff({ modules: 30, seed, bounds: 'both', jobs: 2 });
    const detail = r.divergences.map((d) => `module ${d.k} [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
    assert.equal(r.divergences.length, 0, `seed ${seed}:\n${detail}`);
    assert.deepEqual(r.errors, []);
    assert.ok(r.versioned > 50, `only ${r.versioned} loops were versioned`);
    assert.ok(r.entries.fast > 0 && r.entries.slow > 0, `fast ${r.entries.fast}, slow ${r.entries.slow} entries`);
  });
});
