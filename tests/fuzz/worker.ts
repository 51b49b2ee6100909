/**
 * A fuzz worker thread (started by tests/fuzz/fuzz.ts): generates inputs `start`,
 * `start + stride`, … below `end` and checks each. Before each input it publishes the index
 * in the shared `progress` array, so the supervisor can tell a hang (the same index for too
 * long) and knows which input was running when the worker ran out of memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { boundsFor, checkInput, type CheckOptions, type Finding } from './check.js';
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

/** What a worker posts: counts and findings since its last message. */
export interface WorkerReport {
  verdicts: Record<string, number>;
  allowed: Record<string, number>;
  findings: WorkerFinding[];
}

function main(): void {
  const w = workerData as WorkerInput;
  const corpus: Seed[] = w.corpus.map((s) => ({ name: s.name, bytes: s.bytes }));
  const progress = new Int32Array(w.progress);
  prepare(corpus);
  Atomics.store(progress, 2, 1);
  let report: WorkerReport = { verdicts: {}, allowed: {}, findings: [] };
  let unflushed = 0; // inputs checked since the last message
  let lastFlush = Date.now();
  const flush = (): void => {
    parentPort!.postMessage(report);
    report = { verdicts: {}, allowed: {}, findings: [] };
    unflushed = 0;
    lastFlush = Date.now();
  };
  for (let i = w.start; i < w.end; i += w.stride) {
    Atomics.store(progress, 0, i);
    Atomics.store(progress, 3, 1);
    const g = generate(w.seed, i, corpus);
    const o: CheckOptions = {
      translate: w.translate,
      bounds: boundsFor(i),
      v8: w.v8,
      verify: w.verify > 0 && (Math.imul(i, 0x9e3779b1) >>> 0) < w.verify * 0x100000000,
    };
    const r = checkInput(g.bytes, o);
    unflushed++;
    report.verdicts[r.verdict] = (report.verdicts[r.verdict] ?? 0) + 1;
    if (r.allowed !== undefined) report.allowed[r.allowed] = (report.allowed[r.allowed] ?? 0) + 1;
    if (r.finding !== undefined) report.findings.push({ ...r.finding, index: i, how: g.how, bytes: g.bytes });
    Atomics.store(progress, 3, 0);
    Atomics.add(progress, 1, 1);
    if (report.findings.length > 0 || unflushed >= 2000 || Date.now() - lastFlush > 1000) flush();
  }
  flush();
}

main();
