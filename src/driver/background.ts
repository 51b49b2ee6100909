/**
 * The background compile of the optimising tier that `awsm run --tier=auto` starts (tiers.ts):
 * `node dist/src/driver/background.js JOB`, a detached process (its own session and process
 * group) that outlives the `awsm run` that started it.
 *
 * JOB is JSON: { input: absolute path of the .wasm, options: compile() options, key: the
 * optimised build's cache key, cacheRoot: the cache directory }. The parent has taken the lock
 * CACHE/build/KK/KEY.lock and handed it to this process (lock.ts). The process
 *   1. compiles through the cache (compile(), emit 'exe', tier 'opt'): the entry is published
 *      by its manifest last, so killing this process at any moment leaves either no entry or a
 *      whole one, never half of one (entry.ts);
 *   2. removes the lock, if it is still its own.
 * If the cache directory disappears meanwhile (a test's temporary cache deleted), it stops its
 * whole process group at once rather than recreate the directory. It writes nothing to any
 * terminal: its standard streams are /dev/null. A failure (clang killed for want of memory,
 * or a bug) leaves no entry but CACHE/build/KK/KEY.failed, holding the error message: runs then
 * start no more background compiles of that build (see tiers.ts).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CompileOptions, buildFailurePath, buildLockPath, compile } from './compile.js';
import { releaseLock } from './lock.js';

/** What the parent passes. */
export interface BackgroundJob {
  /** Absolute path of the module. */
  input: string;
  /** compile()'s options, as the parent had them (emit and tier are set here). */
  options: Omit<CompileOptions, 'emit' | 'output' | 'tier'>;
  /** The cache key of the optimised build (names the lock this process is handed). */
  key: string;
  /** The cache directory in use when the job was started. */
  cacheRoot: string;
}

/** How often to check that the cache directory still exists, in ms. */
const WATCH_MS = 500;

/** Path of this script, for the parent to run. */
export const BACKGROUND_SCRIPT = fileURLToPath(import.meta.url);

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as BackgroundJob;
  const lock = buildLockPath(job.key);
  const watch = setInterval(() => {
    // Kill the group (this process and its clang), so nothing recreates a deleted cache.
    if (!existsSync(job.cacheRoot)) process.kill(-process.pid, 'SIGKILL');
  }, WATCH_MS);
  try {
    await compile(job.input, { ...job.options, emit: 'exe', tier: 'opt' });
  } catch (e) {
    // E.g. clang killed for want of memory: runs stop retrying (tiers.ts) until the key changes.
    writeFileSync(buildFailurePath(job.key), `${e instanceof Error ? e.message : String(e)}\n`);
    throw e;
  } finally {
    clearInterval(watch);
    releaseLock(lock);
  }
}

if (process.argv[1] !== undefined && process.argv[1] === BACKGROUND_SCRIPT) {
  main().catch(() => {
    process.exitCode = 1;
  });
}
