/**
 * Building the C runtime (runtime/) on first use, into the cache.
 *
 * Every `runtime/src/*.c` and `runtime/src/wasi2/*.c` (the WASI 0.2 host) is compiled to an
 * object and archived as `libawsm_rt.a`;
 * `runtime/main.c` (the entry point of executables) is compiled on its own. The cache key
 * hashes every .c and .h under runtime/ but runtime/elf/ (the wasm32 runtime of elf2wasm, keyed
 * on its own by src/elf/runtime.ts), the flags and the toolchain, so editing the runtime
 * rebuilds it and nothing else does. The build goes to a directory of its own,
 * CACHE/runtime/HASH.<id>/, and is published by the manifest CACHE/runtime/HASH.json that lists
 * the size and sha256 of every file (entry.ts): a build is used only if its files verify; a bad
 * one is reported once and rebuilt beside it, never deleted under a process that may be using it.
 *
 * One build per target (targets.ts): for another architecture than the host's the runtime is
 * cross-compiled (`--target=TRIPLE`, against Debian's cross libc) and its hash is the host's
 * sources hash with the triple, so each target has its own cache entry.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative } from 'node:path';
import { AwsmError } from '../errors.js';
import { cacheDir, cacheSubdir, makeDirs, packageRoot, reason, sha256, uniqueId } from './cache.js';
import { checkEntry, publishEntry, warnBadEntry } from './entry.js';
import { memoisedTreeHash } from './stamps.js';
import { type TargetInfo, crossCheck, isCross, targetOf } from './targets.js';
import { runTool, toolchainId } from './tools.js';

/** The runtime directory of this awsm installation. */
export const runtimeDir = join(packageRoot, 'runtime');

/**
 * Flags for every runtime C file (besides -c and -o), for `target` (default: the host). 64-bit
 * file offsets, inode numbers and times on 32-bit targets too (no-ops on 64-bit ones): WASI's
 * are 64-bit, and glibc's 32-bit readdir fails with EOVERFLOW on a 64-bit inode or cookie.
 * Unwind tables everywhere: a Wasm exception is thrown from awsm_exn_throw, whose frame the
 * unwinder must pass; clang emits them by default on x86-64 and AArch64, not on RISC-V.
 */
export function runtimeCFlags(target?: TargetInfo): string[] {
  const cross = target !== undefined && isCross(target) ? [`--target=${target.triple}`] : [];
  return ['-O2', '-fPIC', '-std=gnu11', '-D_GNU_SOURCE', '-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64', '-funwind-tables', ...cross, `-I${join(runtimeDir, 'include')}`];
}

/** Libraries an executable or host linked with the runtime needs. */
export const RUNTIME_LIBS = ['-lm', '-ldl', '-lpthread'] as const;

/** A built runtime. */
export interface RuntimeBuild {
  /** Hash of sources, flags and toolchain; part of every cache key downstream. */
  hash: string;
  /** The objects of runtime/src/*.c and its subdirectories (for hosts that must export every
   * runtime symbol). */
  objects: string[];
  /** libawsm_rt.a: the same objects, archived. */
  archive: string;
  /** runtime/main.c compiled: the entry point of executables. */
  mainObject: string;
}

/** Subdirectories of runtime/src whose .c files are part of the runtime too (their base names
 * are unique across the runtime: objects are named by base name). */
const SOURCE_SUBDIRS = ['wasi2'] as const;

function sourcesOf(): string[] {
  const src = join(runtimeDir, 'src');
  const cFiles = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.c')).sort().map((n) => join(dir, n)) : [];
  const files = cFiles(src);
  if (files.length === 0) throw new AwsmError('io', `no runtime sources found in ${src}`);
  return [...files, ...SOURCE_SUBDIRS.flatMap((d) => cFiles(join(src, d)))];
}

/** The runtime's sources and headers, by path under runtime/: not those of runtime/elf/. */
const isRuntimeSource = (path: string): boolean => (path.endsWith('.c') || path.endsWith('.h')) && !path.startsWith('elf/');

let hashMemo: string | undefined;

/**
 * The hash identifying the runtime sources (isRuntimeSource), flags and
 * toolchain; computed once per process, and memoised across processes by the files' stamps in
 * dist/runtime-sources.json (stamps.ts), so a cached run does not read 250 KB of C. For a cross
 * `triple` (targets.ts): that hash with the cross flags.
 */
export function runtimeHash(triple?: string): string {
  if (hashMemo === undefined) {
    const salt = `${runtimeCFlags().join(' ')}\n${toolchainId()}`;
    const memo = join(packageRoot, 'dist', 'runtime-sources.json');
    hashMemo = memoisedTreeHash(memo, runtimeDir, isRuntimeSource, salt).slice(0, 24);
  }
  const t = triple === undefined ? undefined : targetOf(triple);
  return t === undefined || !isCross(t) ? hashMemo : sha256(hashMemo, runtimeCFlags(t).join(' ')).slice(0, 24);
}

/** Builds in progress or done in this process, by target triple ('' for the host). */
const building = new Map<string, Promise<RuntimeBuild>>();

/**
 * The runtime build for the current sources and `triple` (default: the host's): from the
 * cache, or built now (once per process and target). A cross target whose Debian packages are
 * missing is an AwsmError('tool') naming them.
 */
export function buildRuntime(triple?: string): Promise<RuntimeBuild> {
  const t = triple === undefined ? undefined : targetOf(triple);
  const key = t === undefined || !isCross(t) ? '' : t.triple;
  let b = building.get(key);
  if (b === undefined) {
    b = doBuild(key === '' ? undefined : t);
    building.set(key, b);
    // A failed build is not remembered: the next call tries again.
    b.catch(() => building.delete(key));
  }
  return b;
}

/** The build in `dir` (CACHE/runtime/HASH.<id>) of these sources. */
function layout(hash: string, sources: readonly string[], dir: string): RuntimeBuild {
  return {
    hash,
    objects: sources.map((s) => join(dir, 'obj', basename(s, '.c') + '.o')),
    archive: join(dir, 'libawsm_rt.a'),
    mainObject: join(dir, 'main.o'),
  };
}

/** The files of a build that its manifest must list (main.o only when runtime/main.c exists). */
function filesOf(b: RuntimeBuild, withMain: boolean): string[] {
  return [b.archive, ...(withMain ? [b.mainObject] : []), ...b.objects];
}

/**
 * The verified build published in `root` for `hash`, or undefined. A manifest that verifies
 * but lacks a file this runtime needs is bad too. `report`: warn about a bad entry.
 */
function findBuild(root: string, hash: string, sources: readonly string[], withMain: boolean, report: boolean): RuntimeBuild | undefined {
  const r = checkEntry(root, hash);
  let why: string;
  if ('miss' in r) return undefined;
  if ('names' in r) {
    const dir = join(root, r.names[0]!.split('/')[0]!);
    const build = layout(hash, sources, dir);
    const missing = filesOf(build, withMain).find((f) => !r.names.includes(relative(root, f)));
    if (missing === undefined) return build;
    why = `the manifest does not list ${relative(root, missing)}`;
  } else why = r.bad;
  if (report) warnBadEntry(root, hash, why);
  return undefined;
}

async function doBuild(target: TargetInfo | undefined): Promise<RuntimeBuild> {
  if (target !== undefined) crossCheck(target);
  const hash = runtimeHash(target?.triple);
  const sources = sourcesOf();
  const mainSource = join(runtimeDir, 'main.c');
  const withMain = existsSync(mainSource);
  const found = findBuild(join(cacheDir(), 'runtime'), hash, sources, withMain, true);
  if (found !== undefined) return found;

  const root = cacheSubdir('runtime');
  const dir = join(root, `${hash}.${uniqueId()}`); // the manifest's names must start with HASH.
  const staged = layout(hash, sources, dir);
  const flags = runtimeCFlags(target);
  const jobs = sources.map((s, i) => () => runTool('clang', [...flags, '-c', s, '-o', staged.objects[i]!]));
  if (withMain) jobs.push(() => runTool('clang', [...flags, '-c', mainSource, '-o', staged.mainObject]));
  try {
    try {
      makeDirs(join(dir, 'obj'));
    } catch (e) {
      throw new AwsmError('io', `cannot create ${join(dir, 'obj')}: ${reason(e)}`);
    }
    const { Pool } = await import('./pool.js'); // only for a build, not on the cached path
    const pool = new Pool(availableParallelism());
    await Promise.all(jobs.map((job) => pool.run(job)));
    await runTool('llvm-ar', ['rcs', staged.archive, ...staged.objects]);
    // Another process may have published a build meanwhile: use it, and drop ours, which no
    // manifest names and so no one else can be using.
    const theirs = findBuild(root, hash, sources, withMain, false);
    if (theirs !== undefined) {
      rmSync(dir, { recursive: true, force: true });
      return theirs;
    }
    publishEntry(root, hash, filesOf(staged, withMain).map((f) => relative(root, f)));
    return staged;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    if (e instanceof AwsmError && e.kind === 'tool') throw new AwsmError('tool', `building the runtime failed: ${e.message}`);
    throw e;
  }
}
