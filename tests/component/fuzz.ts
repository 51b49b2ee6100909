/**
 * Fuzzing the component decoder and validator with mutated components (issue 20).
 *
 *   node dist/tests/component/fuzz.js [-n N] [--seed S] [--wasm-tools]
 *
 * Inputs are the seeds of seeds.ts changed by one to four mutations of the module fuzzer's
 * mutator (tests/fuzz/mutate.ts: byte edits, LEB128 rewrites, section reordering, duplication,
 * resizing…; component sections share the module's framing). Input I of a run is a pure
 * function of (seed, I). The oracle: decoding and validating either accepts the input or
 * throws an AwsmError whose message is one line; anything else (a TypeError, a RangeError from
 * a stack overflow) is a crash, and an input taking longer than a second is a finding too.
 * `--wasm-tools` also asks `wasm-tools validate` for its verdict on every input and reports
 * where the two disagree (a dozen inputs a second: for investigating, not for npm test).
 *
 * Exit status: 0 without crashes or slow inputs, 1 with, 2 for a usage error.
 * tests/component/fuzz.test.ts runs a bounded run in npm test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkComponent } from '../../src/component/index.js';
import { AwsmError } from '../../src/errors.js';
import { MUTATIONS, type Mutation, type Seed, mutate } from '../fuzz/mutate.js';
import { Rng } from '../fuzz/rng.js';
import { OptionReader, runAsScript } from '../tools.js';
import { loadComponentSeeds } from './seeds.js';

/** An input slower than this (milliseconds) is a finding. */
export const SLOW_MS = 1000;

/** What happened to one input. */
export type Outcome = 'accepted' | 'decode' | 'validate' | 'unsupported' | 'crash';

export interface ComponentFuzzReport {
  inputs: number;
  /** How many inputs had each outcome. */
  outcomes: Record<Outcome, number>;
  /** Crashes and slow inputs: index, how it was made, what happened. */
  findings: Array<{ index: number; how: string; what: string }>;
  /** With wasm-tools: inputs it judged otherwise (awsm's unsupported ones aside). */
  disagreements: Array<{ index: number; how: string; awsm: string; wasmTools: string }>;
}

/** Input `index` of the run with `seed`. */
export function generateComponent(seed: number, index: number, seeds: readonly Seed[]): { bytes: Uint8Array; how: string } {
  const rng = new Rng(seed, index);
  const s = rng.pick(seeds);
  let bytes = s.bytes;
  const applied: Mutation[] = [];
  const rounds = rng.chance(0.6) ? 1 : rng.range(2, 4);
  for (let i = 0; i < rounds; i++) {
    const m = rng.pick(MUTATIONS);
    bytes = mutate(rng, m, bytes, s, seeds);
    applied.push(m);
  }
  return { bytes, how: `${s.name} + ${applied.join(', ')}` };
}

/** Decode and validate `bytes`: the outcome, and the message (or the crash's). */
export function checkOne(bytes: Uint8Array): { outcome: Outcome; message: string } {
  try {
    checkComponent(bytes);
    return { outcome: 'accepted', message: '' };
  } catch (e) {
    if (e instanceof AwsmError && (e.kind === 'decode' || e.kind === 'validate' || e.kind === 'unsupported')) {
      if (e.message.includes('\n')) return { outcome: 'crash', message: `a message of several lines: ${e.message}` };
      return { outcome: e.kind, message: e.message };
    }
    return { outcome: 'crash', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Run `inputs` inputs of run `seed` over `seeds`. */
export function fuzzComponents(seeds: readonly Seed[], inputs: number, seed: number, withWasmTools = false): ComponentFuzzReport {
  const report: ComponentFuzzReport = {
    inputs,
    outcomes: { accepted: 0, decode: 0, validate: 0, unsupported: 0, crash: 0 },
    findings: [],
    disagreements: [],
  };
  const dir = withWasmTools ? mkdtempSync(join(tmpdir(), 'awsm-cfuzz-')) : undefined;
  try {
    for (let i = 0; i < inputs; i++) {
      const { bytes, how } = generateComponent(seed, i, seeds);
      const t0 = performance.now();
      const { outcome, message } = checkOne(bytes);
      const ms = performance.now() - t0;
      report.outcomes[outcome]++;
      if (outcome === 'crash') report.findings.push({ index: i, how, what: message });
      else if (ms > SLOW_MS) report.findings.push({ index: i, how, what: `took ${ms.toFixed(0)} ms (${outcome})` });
      if (dir !== undefined && outcome !== 'unsupported' && outcome !== 'crash') {
        writeFileSync(join(dir, 'c.wasm'), bytes);
        const r = spawnSync('wasm-tools', ['validate', join(dir, 'c.wasm')], { encoding: 'utf8' });
        if ((r.status === 0) !== (outcome === 'accepted')) {
          report.disagreements.push({ index: i, how, awsm: message || 'valid', wasmTools: r.status === 0 ? 'valid' : (r.stderr.split('\n')[0] ?? '') });
        }
      }
    }
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

const USAGE = 'usage: node dist/tests/component/fuzz.js [-n N] [--seed S] [--wasm-tools]';

async function main(argv: readonly string[]): Promise<number> {
  let inputs = 10_000;
  let seed = 1;
  let withWasmTools = false;
  try {
    for (const o = new OptionReader(argv, true); o.next(); ) {
      switch (o.name) {
        case '-n': inputs = o.int(0, 2 ** 31 - 1); break;
        case '--seed': seed = o.int(0, 2 ** 32 - 1); break;
        case '--wasm-tools': withWasmTools = true; break;
        default: throw new Error(`unknown option '${o.arg}'`);
      }
    }
  } catch (e) {
    console.error(`component fuzz: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const seeds = loadComponentSeeds();
  const t0 = performance.now();
  const r = fuzzComponents(seeds, inputs, seed, withWasmTools);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const oc = r.outcomes;
  console.log(`${r.inputs} inputs from ${seeds.length} seeds (seed ${seed}) in ${s} s: ${oc.accepted} accepted, ${oc.decode} malformed, ${oc.validate} invalid, ${oc.unsupported} unsupported, ${oc.crash} crashes, ${r.findings.length} findings`);
  for (const f of r.findings.slice(0, 20)) console.log(`  finding: input ${f.index} (${f.how}): ${f.what}`);
  if (withWasmTools) {
    console.log(`wasm-tools disagrees on ${r.disagreements.length} inputs`);
    for (const d of r.disagreements.slice(0, 30)) console.log(`  input ${d.index} (${d.how}):\n    awsm:       ${d.awsm}\n    wasm-tools: ${d.wasmTools}`);
  }
  return r.findings.length === 0 ? 0 : 1;
}

runAsScript(import.meta.url, 'component fuzz', main);
