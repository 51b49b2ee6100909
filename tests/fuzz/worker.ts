/**
 * A fuzz worker thread (started by tests/fuzz/fuzz.ts): generates inputs `start`,
 * `start + stride`, … below `end` and checks each. Before each input it publishes the index
 * in the shared `progress` array, so the supervisor can tell a hang (the same index for too
 * long) and knows which input was running when the worker ran out of memory.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { checkInput, type Bounds, type CheckOptions, type Finding } from './check.js';
import { generate, prepare, type Seed } from './mutate.js';

export interface WorkerInput {
  seed: number;
  start: number;
  stride: number;
  end: number;
  corpus: Array<{ name: string; bytes: Uint8Array }>;
  translate: boolean;
  v8: boolean;
  /** Fraction of translated modules whose IR goes through opt-16 -passes=verify. */
  verify: number;
  /**
   * [0]: index of the input being checked; [1]: inputs finished by this worker; [2]: 1 once
   * the worker is ready (the supervisor's clock starts then); [3]: 1 while an input is being
   * checked (so a worker stopped just after finishing one is not blamed for it).
   */
  progress: SharedArrayBuffer;
}

export interface WorkerFinding extends Finding {
  index: number;
  how: string;
  bytes: Uint8Array;
}

export interface WorkerReport {
  type: 'stats';
  done: number;
  verdicts: Record<string, number>;
  allowed: Record<string, number>;
  findings: WorkerFinding[];
}

const BOUNDS: Bounds[] = ['guard', 'explicit', 'none'];

function main(): void {
  const w = workerData as WorkerInput;
  // Node 20's V8 accepts tail calls by default; Wasm 2.0 has none. (Exceptions and threads
  // cannot be switched off; check.ts allows for them.)
  setFlagsFromString('--no-experimental-wasm-return-call');
  const corpus: Seed[] = w.corpus.map((s) => ({ name: s.name, bytes: s.bytes }));
  const progress = new Int32Array(w.progress);
  prepare(corpus);
  Atomics.store(progress, 2, 1);
  let report: WorkerReport = { type: 'stats', done: 0, verdicts: {}, allowed: {}, findings: [] };
  let lastFlush = Date.now();
  const flush = (): void => {
    parentPort!.postMessage(report);
    report = { type: 'stats', done: 0, verdicts: {}, allowed: {}, findings: [] };
    lastFlush = Date.now();
  };
  for (let i = w.start; i < w.end; i += w.stride) {
    Atomics.store(progress, 0, i);
    Atomics.store(progress, 3, 1);
    const g = generate(w.seed, i, corpus);
    const o: CheckOptions = {
      translate: w.translate,
      bounds: BOUNDS[i % 3] as Bounds,
      v8: w.v8,
      verify: w.verify > 0 && (Math.imul(i, 0x9e3779b1) >>> 0) < w.verify * 0x100000000,
    };
    const r = checkInput(g.bytes, o);
    report.done++;
    report.verdicts[r.verdict] = (report.verdicts[r.verdict] ?? 0) + 1;
    if (r.allowed !== undefined) report.allowed[r.allowed] = (report.allowed[r.allowed] ?? 0) + 1;
    if (r.finding !== undefined) report.findings.push({ ...r.finding, index: i, how: g.how, bytes: g.bytes });
    Atomics.store(progress, 3, 0);
    Atomics.add(progress, 1, 1);
    if (report.findings.length > 0 || report.done >= 2000 || Date.now() - lastFlush > 1000) flush();
  }
  flush();
}

main();
