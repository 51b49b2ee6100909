/**
 * Worker thread for the V8 side of the differential tests: runs the modules it is given, in
 * order, and posts one transcript per module as soon as it has it, so the supervisor
 * (diff.ts) knows which module was running if it has to stop the worker.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { runInV8, type ExportInfo } from './v8.js';

// Liftoff only: V8's optimising tier can take minutes in the background on some random
// modules (and then the module "times out"); the baseline compiler is a fine reference.
setFlagsFromString('--no-wasm-tier-up');

export interface V8Job {
  modules: Array<{ k: number; bytes: Uint8Array; exports: ExportInfo[] }>;
}

for (const m of (workerData as V8Job).modules) {
  let transcript: string;
  try {
    transcript = runInV8(m.bytes, m.k, m.exports);
  } catch (e) {
    transcript = `module ${m.k}\nharness-error ${e instanceof Error ? e.message : String(e)}\nend ${m.k}\n`;
  }
  parentPort!.postMessage({ k: m.k, transcript });
}
