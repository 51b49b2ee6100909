/**
 * Choosing the tier `awsm run` runs (docs/cli.md, "Tiers"):
 *
 *   opt    the optimising tier, compiled now if the cache lacks it
 *   quick  the quick tier, compiled now if the cache lacks it
 *   auto   (the default) the optimising tier if the cache has it; else the quick tier (from
 *          the cache or compiled now), while a detached process (background.ts) compiles the
 *          optimising tier into the cache for the next run. Modules smaller than
 *          AUTO_MIN_SIZE skip the quick tier: their optimised build takes hardly longer than
 *          the link that both tiers share, so a second compile would be wasted work.
 *          With --no-cache, auto compiles the optimising tier now.
 *
 * At most one background compile per build runs at a time: its lock file (lock.ts) names the
 * live process, and a run that finds one starts no other. One that failed (clang killed for
 * want of memory, say) leaves KEY.failed, and no run starts another for that build: a big
 * module on a small machine must not repeat a doomed 2 GB compile on every run. A temporary fallback cache (deleted
 * when `awsm run` exits) or a read-only one gets no background compile.
 *
 * Every tier looks the cache up first (lookup(): no compiler, no progress display), so a run
 * whose executable is cached loads only what finds it; what compiles, and the background
 * compile's modules (background.ts, lock.ts), are imported on a miss.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, resolve } from 'node:path';
import { AwsmError } from '../errors.js';
import type { BackgroundJob } from './background.js';
import { cacheDir, makeDirs, usingFallback } from './cache.js';
import { type Artifact, type CompileOptions, type Tier, buildFailurePath, buildLockPath, compile, lookup, moduleNameFromPath, readInput } from './compile.js';

/** What `--tier` takes for `awsm run`. */
export type RunTier = Tier | 'auto';

/** All of them, in the order --help lists them. */
export const RUN_TIERS: readonly RunTier[] = ['quick', 'opt', 'auto'];

/** Default smallest module size (bytes) for which `auto` starts on the quick tier. */
export const AUTO_MIN_SIZE = 128 * 1024;

/** The variable that overrides AUTO_MIN_SIZE (bytes; 0: always tier). */
export const AUTO_MIN_SIZE_ENV = 'AWSM_TIER_MIN_SIZE';

/** Niceness of the background compile: it must not slow the program it races. */
const BACKGROUND_NICENESS = 10;

/** The executable to run and how it was chosen (for `-v`). */
export interface TieredBuild {
  artifact: Artifact;
  /** The tier of `artifact`. */
  tier: Tier;
  /**
   * The background compile of the optimising tier: its PID and whether this run started it,
   * or the file where an earlier one recorded its failure.
   */
  background?: { pid: number; started: boolean } | { failed: string };
}

/** Whether `path` is a regular file (false for a pipe, a device, or what cannot be stat'ed). */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // readInput says why
  }
}

/** AUTO_MIN_SIZE, or the value of AWSM_TIER_MIN_SIZE. */
function autoMinSize(): number {
  const v = process.env[AUTO_MIN_SIZE_ENV];
  if (v === undefined || v === '') return AUTO_MIN_SIZE;
  if (!/^\d+$/.test(v)) throw new AwsmError('usage', `invalid ${AUTO_MIN_SIZE_ENV} '${v}' (a size in bytes)`);
  return Number(v);
}

/** Gives the progress callback for a compile of this tier, if any (the CLI's display, loaded on a miss). */
export type ProgressOf = (tier: Tier) => CompileOptions['onPhase'] | Promise<CompileOptions['onPhase']>;

/**
 * The executable `awsm run` runs for the module at `input` (options as for compile(); emit
 * and tier are set here).
 */
export async function compileForRun(input: string, options: CompileOptions, tier: RunTier, progressOf: ProgressOf = () => undefined): Promise<TieredBuild> {
  /** compile() with the progress display for `t`. */
  const compileTier = async (what: Uint8Array | string, o: CompileOptions, t: Tier): Promise<Artifact> => {
    const onPhase = await progressOf(t);
    return compile(what, { ...o, emit: 'exe', tier: t, ...(onPhase !== undefined ? { onPhase } : {}) });
  };
  const useCache = options.cache !== false;
  // A pipe (`awsm run <(cat prog.wasm)`) can be read once: its bytes serve lookup and compile.
  const source = isRegularFile(input) ? input : readInput(input);
  // The name comes from the path, as compile(path) would take it, whatever `source` is.
  const base: CompileOptions = { ...options, emit: 'exe', name: options.name ?? moduleNameFromPath(input) };
  if (tier !== 'auto') {
    const hit = useCache ? lookup(source, { ...base, tier }).hit : undefined;
    return { artifact: hit ?? (await compileTier(source, base, tier)), tier };
  }
  if (!useCache) return { artifact: await compileTier(source, base, 'opt'), tier: 'opt' };
  // A path, not bytes, when it can be: its hash is memoised, so a hit need not read a big module.
  const { key, hit } = lookup(source, { ...base, tier: 'opt' });
  const minSize = autoMinSize(); // a bad AWSM_TIER_MIN_SIZE is reported, hit or miss
  if (hit !== undefined) return { artifact: hit, tier: 'opt' };
  const bytes = typeof source === 'string' ? readInput(source) : source;
  if (bytes.length < minSize) return { artifact: await compileTier(bytes, base, 'opt'), tier: 'opt' };
  const artifact = await compileTier(bytes, base, 'quick');
  const background = await startBackground({ input: resolve(input), options, key, cacheRoot: cacheDir() });
  return background === undefined ? { artifact, tier: 'quick' } : { artifact, tier: 'quick', background };
}

/**
 * Start the background compile of `job` unless one is running (then report that one), or
 * the cache cannot keep its result (a temporary fallback, a read-only directory). The lock is
 * taken here and handed to the child, so a run right after this one sees it.
 */
async function startBackground(job: BackgroundJob): Promise<TieredBuild['background']> {
  if (usingFallback()) return undefined;
  const [{ BACKGROUND_SCRIPT }, { handOverLock, lockHolder, releaseLock, takeLock }] = await Promise.all([import('./background.js'), import('./lock.js')]);
  const failed = buildFailurePath(job.key);
  if (existsSync(failed)) return { failed };
  const lock = buildLockPath(job.key);
  try {
    makeDirs(dirname(lock));
  } catch {
    return undefined; // a read-only cache: nowhere to put the result either
  }
  if (!takeLock(lock)) {
    const holder = lockHolder(lock);
    return holder === undefined ? undefined : { pid: holder, started: false };
  }
  const child = spawn(process.execPath, [BACKGROUND_SCRIPT, JSON.stringify(job)], { detached: true, stdio: 'ignore' });
  child.on('error', () => {}); // could not start: the next run tries again
  child.unref();
  if (child.pid === undefined) {
    releaseLock(lock);
    return undefined;
  }
  try {
    handOverLock(lock, child.pid);
  } catch {
    // The lock keeps this process's PID: stale once it exits, so a later run may start a
    // second compile of the same build (harmless: the cache publishes whole entries).
  }
  try {
    setPriority(child.pid, BACKGROUND_NICENESS);
  } catch {
    // not allowed here: it competes at normal priority
  }
  return { pid: child.pid, started: true };
}
