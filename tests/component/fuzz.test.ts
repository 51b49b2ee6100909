/**
 * A bounded run of the component fuzzer (tests/component/fuzz.ts) in npm test: 3,000 mutated
 * components from a fixed seed (AWSM_COMPONENT_FUZZ_INPUTS overrides the count, AWSM_FUZZ_SEED
 * the seed), no crash and no input slower than a second allowed: every input is accepted or
 * refused with one DecodeError, ValidationError or UnsupportedError line. Also checks that
 * every seed is valid, so that mutations start from components that reach the validator.
 * `node dist/tests/component/fuzz.js -n N [--wasm-tools]` is the long run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requires } from '../tools.js';
import { checkOne, fuzzComponents } from './fuzz.js';
import { wasmToolsValid } from './tools.js';
import { loadComponentSeeds } from './seeds.js';

test('mutated components: 0 crashes, every failure a clean one-line error', (t) => {
  if (!requires(t, ['wasm-tools'])) return;
  const seeds = loadComponentSeeds();
  for (const s of seeds) {
    assert.equal(checkOne(s.bytes).outcome, 'accepted', `seed ${s.name} is not valid: ${checkOne(s.bytes).message}`);
    assert.ok(wasmToolsValid(s.bytes), `wasm-tools finds seed ${s.name} invalid`);
  }
  const inputs = Number(process.env['AWSM_COMPONENT_FUZZ_INPUTS'] ?? 3000);
  const seed = Number(process.env['AWSM_FUZZ_SEED'] ?? 20);
  const r = fuzzComponents(seeds, inputs, seed);
  const o = r.outcomes;
  t.diagnostic(`${inputs} inputs, seed ${seed}: ${o.accepted} accepted, ${o.decode} malformed, ${o.validate} invalid, ${o.unsupported} unsupported, ${o.crash} crashes`);
  assert.deepEqual(r.findings, [], 'crashes or slow inputs (reproduce with node dist/tests/component/fuzz.js --seed S -n N)');
  // The mutations must reach both the decoder's and the validator's errors.
  assert.ok(o.decode > inputs / 10 && o.validate > 0 && o.accepted > 0, JSON.stringify(o));
});
