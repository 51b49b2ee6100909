/**
 * Differential tests against V8 (tests/diff/diff.ts, docs/security.md), bounded for `npm test`:
 *
 * 0. the rule that excuses guard mode's dead-load gap, on made-up transcripts (no tools);
 * 1. every regression module in tests/diff/regressions/ (a .wat file, named after the bug it
 *    found) runs in awsm, guard and explicit mode, and in V8, with the same transcript, memory
 *    compared exactly (needs wat2wasm only);
 * 2. 200 random modules from binaryen's wasm-opt -ttf (and wasm-tools smith when it is
 *    installed), with a fixed seed (AWSM_DIFF_SEED overrides it, AWSM_DIFF_MODULES the
 *    count), compared the same way, guard and explicit mode in alternate batches;
 * 3. 30 modules of generated loops for loop versioning (tests/diff/loops.ts; AWSM_LOOPS_SEED
 *    overrides the seed, AWSM_LOOPS_MODULES the count), each in both modes.
 *
 * A guard-mode difference is excused only when diff.ts proves it to be the dead-load gap (V8
 * trapped "memory" there or before; the module with volatile accesses, and in explicit mode,
 * agrees with V8). Each part prints (as test diagnostics) how many modules and export calls it
 * compared, and how many modules were excused or allowed to differ, per reason.
 *
 * A missing tool (wat2wasm, wasm-opt) fails the test under CI=true and skips it, counted, elsewhere
 * (tests/tools.ts's requires). `scripts/diff.sh N` and `scripts/loopfuzz.sh N` are the long runs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { checkFiles, excuseLines, runDiff, totalCount } from '../diff/diff.js';
import { runLoopDiff } from '../diff/loops.js';
import { compareTranscripts, deadLoadShape, firstDifference } from '../diff/transcript.js';
import { requires, wat2wasm } from '../tools.js';

const REGRESSIONS = join(packageRoot, 'tests', 'diff', 'regressions');
const RANDOM_MODULES = Number(process.env['AWSM_DIFF_MODULES'] ?? 200);
const LOOP_MODULES = Number(process.env['AWSM_LOOPS_MODULES'] ?? 30);

let work: string;

interface Counts {
  compared: number;
  calls: number;
  excused: Record<string, number>;
  allowed: Record<string, number>;
  divergences: unknown[];
}

/** What a part compared, excused and allowed, as diagnostics (shown by every reporter). */
function summary(t: TestContext, part: string, r: Counts, extra = ''): void {
  t.diagnostic(`${part}: ${r.compared} modules compared, ${r.calls} export calls, ${totalCount(r.excused)} excused, ${r.divergences.length} divergences${extra}`);
  for (const l of excuseLines(part, r)) t.diagnostic(l);
}

/** A transcript: `module 0`, the lines, `end 0`. */
const tr = (...lines: string[]): string => ['module 0', ...lines, 'end 0', ''].join('\n');

describe('differential tests against V8', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'awsm-diff-test-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test('the dead-load rule: only a difference at or after a memory trap in V8 can be the gap', () => {
    const v8 = tr('call a', 'result i32 00000001', 'call b', 'trap memory', 'mem 1 0000abcd', 'call c', 'result i32 00000002');
    // awsm does not trap in b (a deleted load): the shape allows it, in block 2 (call b).
    const missed = compareTranscripts(tr('call a', 'result i32 00000001', 'call b', 'result i32 00000000', 'mem 1 0000abcd', 'call c', 'result i32 00000002'), v8, { denan: true, floats: false });
    assert.equal(missed.same, false);
    assert.equal(!missed.same && missed.block, 2);
    assert.ok(deadLoadShape(v8, 2));
    // A difference before V8's memory trap (call a) cannot be the gap.
    assert.equal(deadLoadShape(v8, 1), false);
    const early = compareTranscripts(tr('call a', 'result i32 00000009', 'call b', 'trap memory', 'mem 1 0000abcd', 'call c', 'result i32 00000002'), v8, { denan: true, floats: false });
    assert.ok(!early.same && !deadLoadShape(v8, early.block));
    // awsm traps "memory" where V8 does not: never the gap.
    const v8ok = tr('call a', 'result i32 00000001');
    const extra = compareTranscripts(tr('call a', 'trap memory'), v8ok, { denan: true, floats: false });
    assert.ok(!extra.same && !deadLoadShape(v8ok, extra.block));
    // A later call (c) after V8's memory trap in b: hidden state may differ (allowed shape).
    assert.ok(deadLoadShape(v8, 3));
    // A hang: awsm's transcript stops in the call that hangs.
    assert.equal(firstDifference('module 0\ncall a\nresult i32 00000001\ncall b\n', v8), 2);
    assert.ok(deadLoadShape(v8, firstDifference('module 0\ncall a\nresult i32 00000001\ncall b\n', v8)));
    assert.equal(deadLoadShape(v8, firstDifference('module 0\ncall a\n', v8)), false);
    // After a memory hash that may differ by NaN bits, the block index is still the transcript's.
    const nanFirst = compareTranscripts(
      tr('call a', 'mem 1 11111111', 'call b', 'result i32 00000005'),
      tr('call a', 'mem 1 22222222', 'call b', 'result i32 00000006'),
      { denan: false, floats: true },
    );
    assert.equal(!nanFirst.same && nanFirst.block, 2);
  });

  test('tests/diff/regressions/*.wat, guard and explicit mode', { timeout: 300_000 }, async (t) => {
    if (!requires(t, ['wat2wasm'])) return;
    const wats = readdirSync(REGRESSIONS).filter((n) => n.endsWith('.wat')).sort();
    assert.ok(wats.length > 0, 'no regression modules');
    // Named *-denan: no regression module stores a NaN it computed, so memory compares exactly
    // (without the name, a memory difference in a module with float instructions is allowed as
    // "NaN bits possible", which hid guard mode's reordered stores in loop-versioning.wat).
    const files = wats.map((n) => wat2wasm(join(REGRESSIONS, n), join(work, n.replace(/\.wat$/, '-denan.wasm'))));
    for (const bounds of ['guard', 'explicit'] as const) {
      const r = await checkFiles(files, { bounds, optLevel: 2, timeoutMs: 120_000 });
      summary(t, `regressions, ${bounds} mode`, r, ` (${files.length} modules)`);
      const detail = r.divergences.map((d) => `${d.how} [${d.kind}]: ${d.detail}`).join('\n');
      assert.equal(r.divergences.length, 0, `${bounds} mode:\n${detail}`);
      assert.equal(r.compared, files.length, `${bounds} mode: only ${r.compared} of ${files.length} modules ran to the end`);
      assert.deepEqual(r.allowed, {}, `${bounds} mode: regression modules compare exactly`);
      if (bounds === 'explicit') assert.equal(r.excusedModules.length, 0, 'nothing is excused in explicit mode');
    }
  });

  test(`${RANDOM_MODULES} random modules (wasm-opt -ttf; wasm-tools smith too when installed)`, { timeout: 600_000 }, async (t) => {
    if (!requires(t, ['wasm-opt'])) return;
    const seed = Number(process.env['AWSM_DIFF_SEED'] ?? 7);
    const r = await runDiff({
      modules: RANDOM_MODULES, seed, jobs: 2, batch: 25, simd: 0.3, denan: 0.5, optLevel: 2, bounds: 'both', timeoutMs: 120_000,
    });
    summary(t, `random modules, seed ${seed}`, r, `, ${r.bothInvalid} invalid in both engines (${r.generated} generated, ${r.seconds.toFixed(0)} s)`);
    const detail = r.divergences.map((d) => `module ${d.k} (${d.how}) [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
    assert.equal(r.divergences.length, 0, `seed ${seed}:\n${detail}`);
    assert.equal(r.generated, RANDOM_MODULES);
    assert.ok(r.compared >= RANDOM_MODULES * 0.9, `only ${r.compared} of ${RANDOM_MODULES} modules were compared`);
    assert.ok(r.calls > RANDOM_MODULES, `only ${r.calls} export calls`);
  });

  // Both copies of versioned loops, and near misses, against V8 (`bash scripts/loopfuzz.sh N`
  // is the long run).
  test(`${LOOP_MODULES} generated loop modules (loop versioning), guard and explicit mode`, { timeout: 600_000 }, async (t) => {
    // llvm-as-16: loops.ts runs the LLVM verifier on the IR of every module (clang does not).
    if (!requires(t, ['wat2wasm', 'llvm-as-16'])) return;
    const seed = Number(process.env['AWSM_LOOPS_SEED'] ?? 11);
    // 30 s per batch: a batch runs in a second or two; a guard-mode hang (the dead-load gap, excused
    // only when proven) costs the whole limit.
    const r = await runLoopDiff({ modules: LOOP_MODULES, seed, bounds: 'both', jobs: 2, batch: 15, timeoutMs: 30_000 });
    summary(t, `loop modules, seed ${seed}`, r, ` (${r.modules} modules in both modes, ${r.versioned} of ${r.innermost} innermost loops versioned, ${r.seconds.toFixed(0)} s)`);
    const detail = r.divergences.map((d) => `module ${d.k} [${d.kind}, ${d.bounds}]: ${d.detail}`).join('\n');
    assert.equal(r.divergences.length, 0, `seed ${seed}:\n${detail}`);
    assert.deepEqual(r.errors, []);
    assert.ok(r.versioned > LOOP_MODULES * 2, `only ${r.versioned} loops were versioned`);
    assert.ok(r.entries.fast > 0 && r.entries.slow > 0, `fast ${r.entries.fast}, slow ${r.entries.slow} entries`);
  });
});
