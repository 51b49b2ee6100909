/**
 * Differential tests against wasmtime on Wasm 3.0 modules (tests/diff/wasmtime.ts,
 * docs/security.md), bounded for `npm test`:
 *
 * 1. the transcript-to-wast conversion on made-up values (no tools);
 * 2. every module in tests/diff/regressions-3.0/ (a .wat file named after the bug it found or
 *    the feature it pins down, assembled by wasm-tools), guard and explicit mode;
 * 3. 100 modules from wasm-tools smith with tail calls, extended constants, wide arithmetic
 *    and the 2.0 features (and, in a fraction, the features awsm refuses until their support
 *    lands: counted per feature), with a fixed seed (AWSM_WDIFF_SEED overrides it,
 *    AWSM_WDIFF_MODULES the count), guard and explicit mode in alternate batches;
 * 4. 30 modules of typed function references (tests/diff/typed-refs.ts: call_ref through
 *    globals, locals and a table with an initialiser, br_on_null/non_null, ref.as_non_null,
 *    return_call_ref), seed 1, guard and explicit mode;
 * 5. 30 modules of atomics, single-threaded (tests/diff/atomics.ts: every 0xFE instruction on
 *    aligned, unaligned, end-of-memory and out-of-bounds addresses, shared, unshared and 64-bit
 *    memories), seed 1, guard and explicit mode;
 * 6. 12 GC modules from binaryen's fuzzer (tests/diff/gc.ts: `wasm-opt -ttf --enable-gc`,
 *    binaryen 132, imports defined in place), seed 1, guard and explicit mode
 *    (`npm run diff:gc` for long runs).
 *
 * Any divergence fails; so does a refusal of a feature tests/diff/wasmtime.ts's GATED marks as
 * expected to compile. Each part prints what it compared, refused, excused and allowed.
 * wasmtime and wasm-tools are required under CI=true (tests/tools.ts's requires).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { totalCount } from '../diff/diff.js';
import { floatLiteral, wastString, wastValue } from '../diff/wast.js';
import { runTypedRefsDiff } from '../diff/typed-refs.js';
import { runAtomicsDiff } from '../diff/atomics.js';
import { gcGeneratorMissing, runGcDiff } from '../diff/gc.js';
import { checkWasmtime, runWasmtimeDiff, summaryLines, type WasmtimeReport } from '../diff/wasmtime.js';
import { mustRun, requires } from '../tools.js';

const REGRESSIONS = join(packageRoot, 'tests', 'diff', 'regressions-3.0');
const MODULES = Number(process.env['AWSM_WDIFF_MODULES'] ?? 100);

let work: string;

function summary(t: TestContext, part: string, r: WasmtimeReport): void {
  for (const l of summaryLines(r)) t.diagnostic(`${part}: ${l}`);
}

describe('differential tests against wasmtime', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-wdiff-test-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('transcript values as exact wast literals', () => {
    assert.equal(wastValue('i32', '0000002a'), '(i32.const 0x0000002a)');
    assert.equal(floatLiteral(0x3f800000n, 8, 23), '0x1.000000p+0');
    assert.equal(floatLiteral(0xc0490fdbn, 8, 23), '-0x1.921fb6p+1');
    assert.equal(floatLiteral(0x00000001n, 8, 23), '0x0.000002p-126');
    assert.equal(floatLiteral(0x7fc00000n, 8, 23), 'nan:canonical');
    assert.equal(floatLiteral(0xffc00000n, 8, 23), 'nan:canonical');
    assert.equal(floatLiteral(0x7fa00000n, 8, 23), 'nan:0x200000');
    assert.equal(floatLiteral(0xff800000n, 8, 23), '-inf');
    assert.equal(floatLiteral(0x3ff0000000000001n, 11, 52), '0x1.0000000000001p+0');
    assert.equal(floatLiteral(0xfff0000000000001n, 11, 52), '-nan:0x1');
    assert.equal(wastValue('v128', '00000001 00000002 00000003 ffffffff'), '(v128.const i32x4 0x00000001 0x00000002 0x00000003 0xffffffff)');
    assert.equal(wastValue('funcref', 'nonnull'), '(ref.func)');
    assert.equal(wastValue('anyref', 'null'), '(ref.null any)');
    assert.equal(wastValue('anyref', 'i31'), '(ref.i31)');
    assert.equal(wastValue('anyref', 'struct'), '(ref.struct)');
    assert.equal(wastValue('anyref', 'host'), '(ref.any)');
    assert.equal(wastString('a%00"\\b'), '"a\\00\\22\\5cb"');
  });

  test('tests/diff/regressions-3.0/*.wat, guard and explicit mode', { timeout: 300_000 }, async (t) => {
    if (!requires(t, ['wasmtime', 'wasm-tools'])) return;
    const wats = readdirSync(REGRESSIONS).filter((n) => n.endsWith('.wat')).sort();
    assert.ok(wats.length > 0, 'no regression modules');
    const files = wats.map((n) => {
      const out = join(work, n.replace(/\.wat$/, '.wasm'));
      mustRun('wasm-tools', ['parse', join(REGRESSIONS, n), '-o', out]);
      return out;
    });
    for (const bounds of ['guard', 'explicit'] as const) {
      const r = await checkWasmtime(files, { bounds, optLevel: 2, timeoutMs: 120_000 });
      summary(t, `regressions, ${bounds} mode`, r);
      assert.deepEqual(r.divergences.map((d) => `${d.how} [${d.kind}]: ${d.detail}`), [], `${bounds} mode`);
      assert.equal(r.compared, files.length, `${bounds} mode: only ${r.compared} of ${files.length} modules compared`);
      assert.equal(totalCount(r.excused), 0, 'regression modules compare exactly');
      assert.ok(r.calls >= wats.length, `only ${r.calls} export calls`);
    }
  });

  test(`${MODULES} random modules (wasm-tools smith, Wasm 3.0 features)`, { timeout: 600_000 }, async (t) => {
    if (!requires(t, ['wasmtime', 'wasm-tools'])) return;
    const seed = Number(process.env['AWSM_WDIFF_SEED'] ?? 3);
    const r = await runWasmtimeDiff({
      modules: MODULES, seed, jobs: 2, batch: 25, simd: 0.3, gated: 0.2, noTraps: 0.5, optLevel: 2, bounds: 'both', timeoutMs: 120_000,
    });
    summary(t, 'random modules', r);
    const detail = r.divergences.map((d) => `module ${d.k} (${d.how}) [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
    assert.equal(r.divergences.length, 0, `seed ${seed}:\n${detail}`);
    assert.equal(r.generated, MODULES);
    assert.ok(r.compared >= MODULES * 0.6, `only ${r.compared} of ${MODULES} modules were compared`);
    assert.ok(r.calls > MODULES * 3, `only ${r.calls} export calls`);
  });

  for (const [what, run] of [['typed function references', runTypedRefsDiff], ['atomics, single-threaded', runAtomicsDiff]] as const) {
    const file = run === runTypedRefsDiff ? 'typed-refs' : 'atomics';
    test(`30 modules of ${what} (tests/diff/${file}.ts), guard and explicit mode`, { timeout: 600_000 }, async (t) => {
      if (!requires(t, ['wasmtime', 'wasm-tools'])) return;
      for (const r of await run(1, 30, ['guard', 'explicit'], 2)) {
        summary(t, what, r);
        const detail = r.divergences.map((d) => `module ${d.k} (${d.how}) [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
        assert.equal(r.divergences.length, 0, detail);
        assert.equal(totalCount(r.refused), 0, `awsm refused a module of ${what}`);
        assert.equal(r.compared, 30);
        assert.ok(r.calls > 30 * 5, `only ${r.calls} export calls`);
      }
    });
  }

  test('12 GC modules from binaryen -ttf (tests/diff/gc.ts), guard and explicit mode', { timeout: 900_000 }, async (t) => {
    if (!requires(t, ['wasmtime', 'wasm-tools', 'clang-16'], gcGeneratorMissing())) return;
    const { reports, skipped } = await runGcDiff(1, 12, ['guard', 'explicit'], 2);
    for (const r of reports) {
      summary(t, 'GC', r);
      const detail = r.divergences.map((d) => `module ${d.k} (${d.how}) [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
      assert.equal(r.divergences.length, 0, detail);
      assert.equal(totalCount(r.refused), 0, 'awsm refused a GC module');
      assert.equal(r.compared + skipped, 12);
      assert.ok(r.compared >= 10, `only ${r.compared} of 12 modules compared (${skipped} skipped)`);
      assert.ok(r.calls > 12 * 4, `only ${r.calls} export calls`);
    }
  });
});
