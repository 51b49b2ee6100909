/**
 * Hostile input for the decoder, validator and translator (docs/security.md).
 *
 * 1. Hand-made inputs for each limit the decoder enforces before allocating, and for the
 *    cases that used to cost quadratic time or unbounded memory: each must be rejected (or
 *    compiled) with the right error class, quickly.
 * 2. A bounded fuzzing run (tests/fuzz/fuzz.ts): 20,000 mutated and random inputs, a fixed
 *    seed (AWSM_FUZZ_SEED overrides it, AWSM_FUZZ_INPUTS the count), no findings allowed: no
 *    exception but DecodeError / ValidationError / CompileError, no hang, no running out of
 *    memory, and the same accept/reject verdict as V8 where the rules say so.
 *    `scripts/fuzz.sh N` is the long run.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { decodeModule, MAX_FUNC_LOCALS, MAX_FUNC_PARAMS, MAX_FUNC_RESULTS } from '../../src/binary/decoder.js';
import { CompileError, DecodeError, ValidationError } from '../../src/errors.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { checkInput } from '../fuzz/check.js';
import { loadCorpus } from '../fuzz/corpus.js';
import { runFuzz } from '../fuzz/fuzz.js';
import { HEADER, concat, uleb } from '../fuzz/wasm-bytes.js';
import { underCI } from '../tools.js';

// ---- building modules -------------------------------------------------------------------------

function section(id: number, content: ArrayLike<number>): Uint8Array {
  return concat([id], uleb(content.length), content);
}

function vec(items: ReadonlyArray<ArrayLike<number>>): Uint8Array {
  return concat(uleb(items.length), ...items);
}

/** A function type with `params` and `results` i32 values. */
function funcType(params: number, results: number): Uint8Array {
  return concat([0x60], uleb(params), new Uint8Array(params).fill(0x7f), uleb(results), new Uint8Array(results).fill(0x7f));
}

/** A module with the given types, one function per entry of `funcs` (type index, body). */
function moduleOf(types: Uint8Array[], funcs: Array<{ type: number; body: ArrayLike<number> }>): Uint8Array {
  return concat(
    HEADER,
    section(1, vec(types)),
    section(3, vec(funcs.map((f) => uleb(f.type)))),
    section(10, vec(funcs.map((f) => concat(uleb(f.body.length), f.body)))),
  );
}

/** decode + validate + translate, timed; returns the error (or undefined) and milliseconds. */
function pipeline(bytes: Uint8Array): { error: unknown; ms: number } {
  const t0 = performance.now();
  let error: unknown;
  try {
    const m = decodeModule(bytes);
    validateModule(m);
    translateModule(m, { name: 'h' });
  } catch (e) {
    error = e;
  }
  return { error, ms: performance.now() - t0 };
}

function rejects(bytes: Uint8Array, cls: typeof DecodeError | typeof ValidationError | typeof CompileError, text: RegExp, maxMs: number): void {
  const { error, ms } = pipeline(bytes);
  assert.ok(error instanceof cls, `expected ${cls.name}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.match((error as Error).message, text);
  assert.ok(ms < maxMs, `took ${ms.toFixed(0)} ms (limit ${maxMs})`);
}

// ---- hand-made hostile inputs ---------------------------------------------------------------------

test('huge vector counts are rejected before anything is allocated', () => {
  const huge = uleb(0xffffffff);
  for (const id of [1, 2, 3, 4, 5, 6, 7, 9, 10, 11]) {
    const m = concat(HEADER, section(id, concat(huge, [0, 0, 0])));
    rejects(m, DecodeError, /length out of bounds|unexpected end/, 2000);
  }
  // A count in a function body: locals groups, br_table labels, select types.
  rejects(moduleOf([funcType(0, 0)], [{ type: 0, body: concat(huge, [0x0b]) }]), DecodeError, /length out of bounds/, 2000);
  rejects(moduleOf([funcType(0, 0)], [{ type: 0, body: concat([0, 0x41, 0, 0x0e], huge, [0x0b]) }]), DecodeError, /length out of bounds/, 2000);
  // Sizes: a section, a function body, a name, a data segment.
  rejects(concat(HEADER, [1], huge), DecodeError, /length out of bounds/, 2000);
  rejects(concat(HEADER, section(0, concat(huge, [0x61]))), DecodeError, /length out of bounds|unexpected end/, 2000);
});

test('locals: at most 50,000 per function, parameters included', () => {
  const body = (n: number): Uint8Array => concat([1], uleb(n), [0x7f, 0x0b]);
  assert.doesNotThrow(() => decodeModule(moduleOf([funcType(0, 0)], [{ type: 0, body: body(MAX_FUNC_LOCALS) }])));
  rejects(moduleOf([funcType(0, 0)], [{ type: 0, body: body(MAX_FUNC_LOCALS + 1) }]), DecodeError, /too many locals/, 2000);
  rejects(moduleOf([funcType(2, 0)], [{ type: 0, body: body(MAX_FUNC_LOCALS - 1) }]), DecodeError, /too many locals/, 2000);
  rejects(moduleOf([funcType(0, 0)], [{ type: 0, body: concat([2], uleb(0xffffffff), [0x7f], uleb(0xffffffff), [0x7e, 0x0b]) }]), DecodeError, /too many locals/, 2000);
});

test('function types: at most 1,000 parameters and 1,000 results', () => {
  const ok = moduleOf([funcType(MAX_FUNC_PARAMS, MAX_FUNC_RESULTS)], []);
  assert.doesNotThrow(() => decodeModule(ok));
  rejects(moduleOf([funcType(MAX_FUNC_PARAMS + 1, 0)], []), DecodeError, /too many parameters \(implementation limit: 1000\)/, 2000);
  rejects(moduleOf([funcType(0, MAX_FUNC_RESULTS + 1)], []), DecodeError, /too many results \(implementation limit: 1000\)/, 2000);
});

test('blocks of a 1,000-value type in unreachable code: linear time', () => {
  // unreachable, then 30,000 × (block (type 1) end), the function returning the 1,000 values.
  const blocks = new Uint8Array(30_000 * 3);
  for (let i = 0; i < blocks.length; i += 3) blocks.set([0x02, 0x01, 0x0b], i);
  const m = moduleOf([funcType(0, 0), funcType(1000, 1000)], [{ type: 1, body: concat([0, 0x00], blocks, [0x0b]) }]);
  const { error, ms } = pipeline(m);
  assert.equal(error, undefined);
  assert.ok(ms < 60_000, `took ${ms.toFixed(0)} ms`);
});

test('br_table with many labels to blocks of many results: each label type is checked once', () => {
  // block (type () -> [1000 × i32]) … br_table with 200,000 labels … end
  const consts = new Uint8Array(2000);
  for (let i = 0; i < 2000; i += 2) consts.set([0x41, 0x00], i);
  const labels = new Uint8Array(200_000); // all 0
  const drops = new Uint8Array(1000).fill(0x1a);
  const body = concat([0, 0x02, 0x01], consts, [0x41, 0x00, 0x0e], uleb(labels.length), labels, [0x00, 0x0b], drops, [0x0b]);
  const { error, ms } = pipeline(moduleOf([funcType(0, 0), funcType(0, 1000)], [{ type: 0, body }]));
  assert.equal(error, undefined);
  assert.ok(ms < 10_000, `took ${ms.toFixed(0)} ms`);
});

test('a function whose IR would be huge is a CompileError, not an out-of-memory crash', () => {
  // 1,000 values, then 2,000 × (block (type [1000] -> [1000]) br 0 end): each branch moves 1,000 values.
  const gets = new Uint8Array(2000);
  for (let i = 0; i < 2000; i += 2) gets.set([0x41, 0x00], i);
  const blocks = new Uint8Array(2000 * 5);
  for (let i = 0; i < blocks.length; i += 5) blocks.set([0x02, 0x01, 0x0c, 0x00, 0x0b], i);
  const drops = new Uint8Array(1000).fill(0x1a);
  const m = moduleOf([funcType(0, 0), funcType(1000, 1000)], [{ type: 0, body: concat([0], gets, blocks, drops, [0x0b]) }]);
  rejects(m, CompileError, /too large to compile.*implementation limit/, 60_000);
});

test('deep nesting: 200,000 nested blocks decode, validate and translate without recursion', () => {
  const n = 200_000;
  const body = concat([0], new Uint8Array(n * 2).map((_, i) => (i % 2 === 0 ? 0x02 : 0x40)), new Uint8Array(n).fill(0x0b), [0x0b]);
  const { error, ms } = pipeline(moduleOf([funcType(0, 0)], [{ type: 0, body }]));
  assert.equal(error, undefined);
  assert.ok(ms < 60_000, `took ${ms.toFixed(0)} ms`);
});

test('the oracle flags an exception of the wrong class', () => {
  // A sanity check of the harness itself: random bytes are malformed, never a finding.
  const r = checkInput(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]), { translate: true, bounds: 'guard', v8: true, verify: false });
  assert.equal(r.verdict, 'malformed');
  assert.equal(r.finding, undefined);
});

// ---- the bounded fuzzing run --------------------------------------------------------------------

test('fuzzing: 20,000 hostile inputs', { timeout: 300_000 }, async () => {
  const seed = Number(process.env['AWSM_FUZZ_SEED'] ?? 20240607);
  const iterations = Number(process.env['AWSM_FUZZ_INPUTS'] ?? 20_000);
  const corpus = await loadCorpus();
  // Both seed sources (the spec testsuite's modules, the C programs) must load under CI: a
  // missing testsuite or toolchain would quietly make the run weaker.
  const missing = corpus.notes.filter((n) => /not found|failed|skipped/.test(n));
  if (underCI()) assert.deepEqual(missing, [], 'under CI every seed source must load');
  for (const n of missing) console.log(`fuzz corpus: ${n}`);
  const report = await runFuzz({
    iterations, seed, jobs: Math.min(2, availableParallelism()), timeoutMs: 20_000, maxHeapMb: 1024,
    translate: true, v8: true, verify: 0, corpus,
  });
  const findings = report.findings
    .map((f) => `${f.signature}\n  input ${f.index} (${f.how}); reproduce: node dist/tests/fuzz/fuzz.js --seed ${seed} --only ${f.index}`)
    .join('\n');
  assert.equal(report.findings.length, 0, `fuzz findings (seed ${seed}):\n${findings}`);
  assert.equal(report.inputs, iterations);
  assert.ok((report.verdicts['accepted'] ?? 0) > iterations / 50, `too few accepted inputs: ${JSON.stringify(report.verdicts)}`);
});
