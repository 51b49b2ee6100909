/**
 * Partitioned, parallel and incremental compilation of a large module (docs/architecture.md,
 * "The driver"): the translator emits the module as partitions (src/translate/partition.ts
 * chooses them, translatePartition in src/translate/module.ts writes one), each partition's
 * IR is compiled to an object by its own clang, up to `jobs` at once, and the objects are
 * linked into the artifact:
 *
 *   partition k → IR text → clang -c -fPIC -O<n> … -x ir -  → object    (k = 0 … n, cached)
 *   objects → clang + lld with the runtime (exe), clang -shared (shared), ld.lld -r (obj)
 *
 * Node holds at most `jobs` partition texts: partition k is translated when a clang slot is
 * free, handed to clang on its standard input, and the next one is translated only once clang
 * has all of it (the translator is synchronous and would otherwise starve clang's input).
 *
 * Each object is a verified cache entry (entry.ts) keyed by the sha256 of its IR text, the
 * clang flags, the compiler fingerprint and the toolchain, so recompiling a module after a
 * change compiles only the partitions whose text changed. Partitions are chosen by size alone
 * (a changed constant moves nothing); an added function shifts every later function's
 * symbol, and with it the text of the partitions that define or call one.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AwsmError } from '../errors.js';
import { cacheDir, compilerFingerprint, sha256 } from './cache.js';
import { cachedFile } from './entry.js';
import { compileObject, linkObjects, nativePlan, planFlags, type NativeOptions } from './native.js';
import { Pool } from './pool.js';
import { toolchainId } from './tools.js';

/** The environment variable that sets the partition size (in Wasm instructions). */
export const PARTITION_SIZE_ENV = 'AWSM_PARTITION_SIZE';

/**
 * The default partition size, in Wasm instructions; a module of at most this many is compiled
 * whole. The bench programs (7,000–15,000 instructions) stay whole, so their code is what it
 * was. go-utf8 (1.52 million instructions, docs/benchmarks.md "Partitioned compilation"),
 * whole: 83 CPU s, peak RSS 880 MB (clang's). At 100,000 (16 partitions and the module
 * partition): 77 CPU s, 540 MB (node's); at 50,000 (31 and the module partition): 78 CPU s,
 * 433 MB, so the smaller size, which also recompiles less after a change. A partition's
 * clang takes about 140 MB and 4.4 CPU s at 100,000; the module partition's 220 MB, 0.4 s.
 */
export const DEFAULT_PARTITION_SIZE = 50_000;

/**
 * The default partition size of -O0 code (the quick tier). A partition's clang costs about
 * 0.03 CPU s more than its code (starting clang, loading LLVM), which -O0's fast code
 * generation does not hide: go-utf8's quick tier took 10.2 CPU s at 50,000 (32 partitions),
 * 9.7 s at 200,000 (9), 9.5 s at 400,000 (4), with node's peak RSS 430, 490 and 550 MB
 * (medians of 3, load average 15). Four times the default: as many partitions as cores on
 * a module of twice go-utf8's size.
 */
export const QUICK_PARTITION_SIZE = 4 * DEFAULT_PARTITION_SIZE;

/**
 * The partition size in effect: `AWSM_PARTITION_SIZE` when set, else the default, that of
 * -O0 code (the quick tier) when `quick`.
 */
export function partitionSize(quick = false): number {
  const v = process.env[PARTITION_SIZE_ENV];
  if (v === undefined || v === '') return quick ? QUICK_PARTITION_SIZE : DEFAULT_PARTITION_SIZE;
  if (!/^[1-9][0-9]*$/.test(v)) throw new AwsmError('usage', `${PARTITION_SIZE_ENV} must be a positive number of instructions, not '${v}'`);
  return Number(v);
}

/** The default number of clang processes at once: the cores available. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** What a partitioned compile did, for `-v`. */
export interface PartitionCounts {
  /** Partitions, the module partition included. */
  total: number;
  /** Partitions compiled by clang (the others' objects came from the cache). */
  compiled: number;
  /** Partitions whose object is ready (compiled or from the cache). */
  done: number;
  /** Milliseconds node spent translating partitions (interleaved with clang's work). */
  translateMs: number;
}

/** How to compile partitions. */
export interface PartitionJob {
  /** The number of partitions (the module partition included). */
  count: number;
  /** The IR text of partition k (translatePartition). */
  translate: (k: number) => string;
  native: NativeOptions;
  /** clang processes at once. */
  jobs: number;
  /** Take objects from the cache (false: compile every one, and refresh its entry). */
  reuse: boolean;
  /** Called each time a partition's object is ready, for a progress display. */
  onProgress?: (counts: PartitionCounts) => void;
}

/** The cache directory (relative parts) of partition objects with this key. */
function objectParts(key: string): string[] {
  return ['part', key.slice(0, 2)];
}

/**
 * The object of one partition's IR: from the cache, else compiled (through `pool`). `handOff`
 * is called once node may drop the text and translate the next partition.
 */
async function objectFor(ir: string, job: PartitionJob, handOff: () => void, counts: PartitionCounts): Promise<string> {
  const plan = nativePlan(ir, job.native);
  // Encoded once, for the key and for clang's standard input (go-utf8: 60 MB of text).
  const bytes = Buffer.from(ir, 'utf8');
  const key = sha256(bytes, JSON.stringify(planFlags(plan)), compilerFingerprint(), toolchainId());
  const { path } = await cachedFile(objectParts(key), key, '.o', () => async (tmp) => {
    counts.compiled++;
    await compileObject(bytes, tmp, plan, handOff);
  }, job.reuse);
  return path;
}

/**
 * Compile every partition to an object (at most job.jobs clang processes at once) and return
 * the objects' paths in partition order. On a failure, no further partition is started, those
 * under way are waited for, and the first error is thrown.
 */
export async function compilePartitions(job: PartitionJob): Promise<{ objects: string[]; counts: PartitionCounts }> {
  const pool = new Pool(Math.max(1, job.jobs));
  const counts: PartitionCounts = { total: job.count, compiled: 0, done: 0, translateMs: 0 };
  const results: Array<Promise<string>> = [];
  let failed = false;
  for (let k = 0; k < job.count && !failed; k++) {
    let handOff!: () => void;
    const handedOff = new Promise<void>((resolve) => (handOff = resolve));
    const result = pool.run(async () => {
      try {
        const t0 = performance.now();
        const ir = job.translate(k);
        counts.translateMs += performance.now() - t0;
        const object = await objectFor(ir, job, handOff, counts);
        counts.done++;
        job.onProgress?.({ ...counts });
        return object;
      } finally {
        handOff();
      }
    });
    result.catch(() => (failed = true));
    results.push(result);
    await handedOff;
  }
  const settled = await Promise.allSettled(results);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return { objects: settled.map((r) => (r as PromiseFulfilledResult<string>).value), counts };
}

/** Compile the partitions and link them into `emit` at `out`. */
export async function buildPartitioned(job: PartitionJob, emit: 'obj' | 'shared' | 'exe', out: string): Promise<PartitionCounts> {
  const { objects, counts } = await compilePartitions(job);
  await linkObjects(objects, emit, out, job.native);
  return counts;
}

/** Where partition objects are cached (for docs and tests): CACHE/part/<kk>/. */
export function partitionCacheDir(): string {
  return join(cacheDir(), 'part');
}
