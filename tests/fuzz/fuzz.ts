/**
 * Fuzzing the decoder, validator and translator with hostile inputs (docs/security.md).
 *
 *   node dist/tests/fuzz/fuzz.js [-n N] [--seed S] [-j N] [--timeout MS] [--max-heap MB]
 *                                [--no-translate] [--no-v8] [--verify P] [--no-spec]
 *                                [--out DIR] [--only I] [--file PATH]
 *
 * Inputs are random bytes and mutated corpus modules (mutate.ts, corpus.ts); the oracle is
 * check.ts. Every input runs in a worker thread with a heap limit (--max-heap) under a
 * supervisor that kills it when one input takes longer than --timeout: a hang or running out
 * of memory is a finding like a crash. Input I of a run is a pure function of (seed, I), so
 * `--seed S --only I` reproduces it (and prints what it is); findings are also saved to
 * --out (default CACHE/fuzz/findings/SEED/) as .wasm files with a .txt description.
 *
 * Exit status: 0 when there were no findings, 1 when there were, 2 for a usage error.
 * scripts/fuzz.sh N runs N inputs; tests/unit/fuzz.test.ts runs a bounded run in `npm test`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cacheDir } from '../../src/driver/cache.js';
import { OptionReader, runAsScript } from '../tools.js';
import { boundsFor, checkInput, type Finding } from './check.js';
import { type Corpus, loadCorpus } from './corpus.js';
import { generate } from './mutate.js';
import type { WorkerFinding, WorkerInput, WorkerReport } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

export interface FuzzOptions {
  iterations: number;
  seed: number;
  jobs: number;
  /** Per-input limit in milliseconds. */
  timeoutMs: number;
  /** Heap limit of each worker (V8 old generation), in MiB. */
  maxHeapMb: number;
  translate: boolean;
  v8: boolean;
  verify: number;
  corpus: Corpus;
  /** Where findings are written (nothing is written when undefined). */
  out?: string;
  /** Called about every `progressMs` with the inputs done so far. */
  onProgress?: (done: number, findings: number) => void;
  /** Called for the first finding of each kind (signature), when it happens. */
  onFinding?: (f: FindingRecord) => void;
  progressMs?: number;
}

/** One kind of finding, with how often it happened and the smallest input that showed it. */
export interface FindingRecord extends Finding {
  signature: string;
  count: number;
  index: number;
  how: string;
  bytes: Uint8Array;
  saved?: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  seconds: number;
  corpusSize: number;
  verdicts: Record<string, number>;
  /** V8 disagreements the rules allow, by reason. */
  allowed: Record<string, number>;
  findings: FindingRecord[];
}

/** A stable signature: kind, stage and the message with numbers and quoted names blurred. */
function signature(f: Finding): string {
  const top = f.stack?.split('\n').find((l) => /^\s+at /.test(l))?.trim().replace(/:\d+:\d+\)?$/, '') ?? '';
  const msg = f.message.replace(/0x[0-9a-f]+|\d+/gi, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 160);
  return `${f.kind}/${f.stage}: ${msg}${top ? ` @ ${top}` : ''}`;
}

/** Run the fuzzer. Resolves with the report; findings are in it (and in `out` if given). */
export function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const corpus = o.corpus.seeds.map((s) => ({ name: s.name, bytes: s.bytes }));
  const verdicts: Record<string, number> = {};
  const allowed: Record<string, number> = {};
  const bySig = new Map<string, FindingRecord>();
  const jobs = Math.max(1, Math.min(o.jobs, o.iterations || 1));
  let finishedInputs = 0; // inputs counted by exited/killed workers
  let findingCount = 0;

  const record = (f: WorkerFinding): void => {
    findingCount++;
    const sig = signature(f);
    const old = bySig.get(sig);
    if (old === undefined) {
      const rec: FindingRecord = { ...f, signature: sig, count: 1 };
      bySig.set(sig, rec);
      o.onFinding?.(rec);
    } else {
      old.count++;
      if (f.bytes.length < old.bytes.length) Object.assign(old, { ...f, signature: sig, count: old.count });
    }
  };
  const add = (into: Record<string, number>, from: Record<string, number>): void => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };

  return new Promise((resolveRun) => {
    let live = 0;
    interface Slot {
      progress: Int32Array;
      lastCount: number;
      lastChange: number;
      worker: Worker | undefined;
      /** Set when the supervisor kills the worker for a hang. */
      hung: boolean;
    }
    const states: Slot[] = [];
    const totalDone = (): number => finishedInputs + states.reduce((n, s) => n + Atomics.load(s.progress, 1), 0);

    const start = (slot: number, from: number): void => {
      if (from >= o.iterations) return;
      const sab = new SharedArrayBuffer(16);
      const progress = new Int32Array(sab);
      Atomics.store(progress, 0, from);
      const input: WorkerInput = {
        seed: o.seed, start: from, stride: jobs, end: o.iterations, corpus,
        translate: o.translate, v8: o.v8, verify: o.verify, progress: sab,
      };
      const worker = new Worker(WORKER, {
        workerData: input,
        resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb, maxYoungGenerationSizeMb: 64 },
      });
      const state: Slot = { progress, lastCount: 0, lastChange: Date.now(), worker, hung: false };
      states[slot] = state;
      live++;
      let fatal: Error | undefined;
      worker.on('message', (r: WorkerReport) => {
        add(verdicts, r.verdicts);
        add(allowed, r.allowed);
        for (const f of r.findings) record(f);
      });
      worker.on('error', (e) => {
        fatal = e;
      });
      worker.on('exit', () => {
        live--;
        state.worker = undefined;
        const at = Atomics.load(progress, 0);
        const busy = Atomics.load(progress, 3) === 1;
        finishedInputs += Atomics.load(progress, 1);
        Atomics.store(progress, 1, 0);
        if (state.hung && !busy) {
          start(slot, at + jobs); // it finished that input just as it was stopped
        } else if (state.hung || fatal !== undefined) {
          const g = generate(o.seed, at, o.corpus.seeds);
          const oom = fatal !== undefined && (fatal as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
          const f: Finding =
            state.hung ? { kind: 'hang', stage: 'input', message: `input took longer than ${o.timeoutMs} ms` }
            : oom ? { kind: 'oom', stage: 'input', message: `worker ran out of memory (heap limit ${o.maxHeapMb} MiB)` }
            : { kind: 'harness', stage: 'input', message: `worker died: ${fatal!.message}`, ...(fatal!.stack ? { stack: fatal!.stack } : {}) };
          record({ ...f, index: at, how: g.how, bytes: g.bytes });
          finishedInputs++;
          start(slot, at + jobs);
        }
        if (live === 0) finish();
      });
    };

    const timer = setInterval(() => {
      const now = Date.now();
      for (const s of states) {
        if (s?.worker === undefined) continue;
        if (Atomics.load(s.progress, 2) === 0) {
          s.lastChange = now; // still starting up
          continue;
        }
        const c = Atomics.load(s.progress, 1);
        if (c !== s.lastCount) {
          s.lastCount = c;
          s.lastChange = now;
        } else if (now - s.lastChange > o.timeoutMs) {
          s.lastChange = Infinity; // once
          s.hung = true;
          void s.worker.terminate();
        }
      }
    }, 100);
    let lastProgress = Date.now();
    const progressTimer = setInterval(() => {
      if (o.onProgress !== undefined && Date.now() - lastProgress >= (o.progressMs ?? 10_000)) {
        lastProgress = Date.now();
        o.onProgress(totalDone(), findingCount);
      }
    }, 500);

    const finish = (): void => {
      clearInterval(timer);
      clearInterval(progressTimer);
      const findings = [...bySig.values()].sort((a, b) => b.count - a.count);
      if (o.out !== undefined && findings.length > 0) {
        mkdirSync(o.out, { recursive: true });
        for (const f of findings) {
          const base = join(o.out, `${f.kind}-${f.stage}-${f.index}`);
          writeFileSync(`${base}.wasm`, f.bytes);
          writeFileSync(
            `${base}.txt`,
            `seed ${o.seed} input ${f.index} (${f.how}), seen ${f.count} times\n${f.signature}\n\n${f.message}\n${f.stack ?? ''}\n` +
              `reproduce: node dist/tests/fuzz/fuzz.js --seed ${o.seed} --only ${f.index}\n`,
          );
          f.saved = `${base}.wasm`;
        }
      }
      resolveRun({
        seed: o.seed,
        inputs: totalDone(),
        seconds: (Date.now() - started) / 1000,
        corpusSize: corpus.length,
        verdicts,
        allowed,
        findings,
      });
    };

    for (let w = 0; w < jobs; w++) start(w, w);
    if (live === 0) finish();
  });
}

// ---- command line ---------------------------------------------------------------------------

const USAGE = `usage: node dist/tests/fuzz/fuzz.js [options]
  -n N             inputs to run (default 10000)
  --seed S         run seed, 0..2^32-1 (default: from the clock; printed)
  -j N             worker threads (default: number of CPUs)
  --timeout MS     per-input limit (default 10000)
  --max-heap MB    heap limit per worker (default 1024)
  --no-translate   do not translate accepted modules
  --no-v8          do not compare accept/reject with V8's WebAssembly.validate
  --verify P       pass this fraction of translated modules through opt-16 -passes=verify (default 0)
  --no-spec        no spec testsuite seeds (C seeds and the built-in module only)
  --out DIR        where findings go (default CACHE/fuzz/findings/SEED)
  --only I         check input I of the run only, in this thread, and describe it
  --file PATH      check one .wasm file, in this thread
  --save PATH      with --only: also write the input to PATH`;

/** The command line: runFuzz's options (but the corpus and the callbacks), and the modes. */
type CliArgs = Omit<FuzzOptions, 'corpus' | 'onProgress' | 'onFinding' | 'progressMs'> & {
  spec: boolean;
  only?: number;
  file?: string;
  save?: string;
};

function parseCli(argv: readonly string[]): CliArgs | 'help' {
  const a: CliArgs = {
    iterations: 10_000, seed: (Date.now() ^ (process.pid << 16)) >>> 0, jobs: availableParallelism(), timeoutMs: 10_000,
    maxHeapMb: 1024, translate: true, v8: true, verify: 0, spec: true,
  };
  for (const o = new OptionReader(argv, true); o.next(); ) {
    switch (o.name) {
      case '-h': case '--help': return 'help';
      case '-n': a.iterations = Math.floor(o.num(0, 2 ** 31 - 1)); break;
      case '--seed': a.seed = Math.floor(o.num(0, 2 ** 32 - 1)); break;
      case '-j': a.jobs = Math.floor(o.num(1, 256)); break;
      case '--timeout': a.timeoutMs = o.num(100, 3_600_000); break;
      case '--max-heap': a.maxHeapMb = Math.floor(o.num(64, 65536)); break;
      case '--no-translate': a.translate = false; break;
      case '--no-v8': a.v8 = false; break;
      case '--verify': a.verify = o.num(0, 1); break;
      case '--no-spec': a.spec = false; break;
      case '--out': a.out = o.value(); break;
      case '--only': a.only = Math.floor(o.num(0, 2 ** 31 - 1)); break;
      case '--file': a.file = o.value(); break;
      case '--save': a.save = o.value(); break;
      default: throw new Error(`unknown option '${o.arg}'`);
    }
  }
  return a;
}

function printReport(r: FuzzReport): void {
  const rate = r.seconds > 0 ? Math.round(r.inputs / r.seconds) : r.inputs;
  console.log(`fuzz: seed ${r.seed}: ${r.inputs} inputs in ${r.seconds.toFixed(1)} s (${rate}/s), corpus ${r.corpusSize} modules`);
  console.log(`fuzz: verdicts: ${Object.entries(r.verdicts).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  const allowed = Object.entries(r.allowed).sort();
  if (allowed.length > 0) console.log(`fuzz: V8 disagreements allowed: ${allowed.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.findings.length === 0) {
    console.log('fuzz: no findings');
    return;
  }
  console.log(`fuzz: ${r.findings.length} kinds of findings:`);
  for (const f of r.findings) {
    console.log(`  [${f.count}x] ${f.signature}`);
    console.log(`      e.g. input ${f.index} (${f.how}, ${f.bytes.length} bytes)${f.saved ? `: ${f.saved}` : ''}`);
    console.log(`      ${f.message.split('\n')[0]!.slice(0, 300)}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let a: CliArgs | 'help';
  try {
    a = parseCli(argv);
  } catch (e) {
    console.error(`fuzz: error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (a === 'help') {
    console.log(USAGE);
    return 0;
  }
  const opts = { translate: a.translate, v8: a.v8, verify: a.verify > 0 };
  if (a.file !== undefined) {
    const bytes = new Uint8Array(readFileSync(a.file));
    for (const bounds of ['guard', 'explicit', 'none'] as const) {
      const r = checkInput(bytes, { ...opts, bounds });
      console.log(`${a.file} (${bounds}): ${r.verdict}${r.allowed ? ` (V8 disagrees: ${r.allowed})` : ''}${r.finding ? `\nFINDING ${r.finding.kind}/${r.finding.stage}: ${r.finding.message}\n${r.finding.stack ?? ''}` : ''}`);
    }
    return 0;
  }
  const corpus = await loadCorpus({ spec: a.spec });
  for (const n of corpus.notes) console.error(`fuzz: ${n}`);
  if (a.only !== undefined) {
    const g = generate(a.seed, a.only, corpus.seeds);
    if (a.save !== undefined) writeFileSync(a.save, g.bytes);
    const r = checkInput(g.bytes, { ...opts, bounds: boundsFor(a.only) });
    console.log(`input ${a.only} of seed ${a.seed}: ${g.how}, ${g.bytes.length} bytes: ${r.verdict}${r.allowed ? ` (V8 disagrees: ${r.allowed})` : ''}`);
    if (r.finding !== undefined) console.log(`FINDING ${r.finding.kind}/${r.finding.stage}: ${r.finding.message}\n${r.finding.stack ?? ''}`);
    return r.finding === undefined ? 0 : 1;
  }
  const out = a.out ?? join(cacheDir(), 'fuzz', 'findings', String(a.seed));
  console.error(`fuzz: seed ${a.seed}, ${a.iterations} inputs, ${a.jobs} workers, ${a.timeoutMs} ms per input, heap ${a.maxHeapMb} MiB`);
  const report = await runFuzz({
    iterations: a.iterations, seed: a.seed, jobs: a.jobs, timeoutMs: a.timeoutMs, maxHeapMb: a.maxHeapMb,
    translate: a.translate, v8: a.v8, verify: a.verify, corpus, out: resolve(out),
    onProgress: (done, findings) => console.error(`fuzz: ${done} inputs, ${findings} findings`),
    onFinding: (f) => console.error(`fuzz: new finding at input ${f.index} (${f.how}): ${f.signature}`),
  });
  printReport(report);
  return report.findings.length === 0 ? 0 : 1;
}

runAsScript(import.meta.url, 'fuzz', main);
