/**
 * Building the C runtime (runtime/) on first use, into the cache.
 *
 * Every `runtime/src/*.c` is compiled to an object and archived as `libawsm_rt.a`;
 * `runtime/main.c` (the entry point of executables) is compiled on its own. The cache key
 * hashes every .c and .h under runtime/, the flags and the toolchain, so editing the runtime
 * rebuilds it and nothing else does. The build happens in a temporary directory that is
 * renamed into place when complete (see cache.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { AwsmError } from '../errors.js';
import { cacheDir, packageRoot, publishDir, sha256, tempName } from './cache.js';
import { Pool } from './pool.js';
import { runTool, toolchainId } from './tools.js';

/** The runtime directory of this awsm installation. */
export const runtimeDir = join(packageRoot, 'runtime');

/** Flags for every runtime C file (besides -c and -o). */
export function runtimeCFlags(): string[] {
  return ['-O2', '-fPIC', '-std=gnu11', '-D_GNU_SOURCE', `-I${join(runtimeDir, 'include')}`];
}

/** Libraries an executable or host linked with the runtime needs. */
export const RUNTIME_LIBS = ['-lm', '-ldl', '-lpthread'] as const;

/** A built runtime. */
export interface RuntimeBuild {
  /** Hash of sources, flags and toolchain; part of every cache key downstream. */
  hash: string;
  /** The objects of runtime/src/*.c (for hosts that must export every runtime symbol). */
  objects: string[];
  /** libawsm_rt.a: the same objects, archived. */
  archive: string;
  /** runtime/main.c compiled: the entry point of executables. */
  mainObject: string;
}

function runtimeFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.c') || name.endsWith('.h')) out.push(p);
    }
  };
  walk(runtimeDir);
  return out;
}

function sourcesOf(): string[] {
  const src = join(runtimeDir, 'src');
  const files = existsSync(src) ? readdirSync(src).filter((n) => n.endsWith('.c')).sort() : [];
  if (files.length === 0) throw new AwsmError('io', `no runtime sources found in ${src}`);
  return files.map((n) => join(src, n));
}

let hashMemo: string | undefined;

/**
 * The hash identifying the runtime sources, flags and toolchain; computed once per process
 * (about 250 KB of C read and hashed), like buildRuntime's build.
 */
export function runtimeHash(): string {
  if (hashMemo !== undefined) return hashMemo;
  const parts: string[] = [runtimeCFlags().join(' '), toolchainId()];
  for (const f of runtimeFiles()) parts.push(f.slice(runtimeDir.length), readFileSync(f, 'utf8'));
  return (hashMemo = sha256(...parts).slice(0, 24));
}

let building: Promise<RuntimeBuild> | undefined;

/** The runtime build for the current sources: from the cache, or built now (once per process). */
export function buildRuntime(): Promise<RuntimeBuild> {
  if (building === undefined) {
    building = doBuild();
    // A failed build is not remembered: the next call tries again.
    building.catch(() => {
      building = undefined;
    });
  }
  return building;
}

async function doBuild(): Promise<RuntimeBuild> {
  const hash = runtimeHash();
  const dir = join(cacheDir(), 'runtime', hash);
  const sources = sourcesOf();
  const layout = (root: string): RuntimeBuild => ({
    hash,
    objects: sources.map((s) => join(root, 'obj', basename(s, '.c') + '.o')),
    archive: join(root, 'libawsm_rt.a'),
    mainObject: join(root, 'main.o'),
  });
  if (existsSync(join(dir, 'libawsm_rt.a'))) return layout(dir);

  const tmp = tempName(dir);
  mkdirSync(join(tmp, 'obj'), { recursive: true });
  const staged = layout(tmp);
  const flags = runtimeCFlags();
  const mainSource = join(runtimeDir, 'main.c');
  const jobs = sources.map((s, i) => () => runTool('clang', [...flags, '-c', s, '-o', staged.objects[i]!]));
  if (existsSync(mainSource)) jobs.push(() => runTool('clang', [...flags, '-c', mainSource, '-o', staged.mainObject]));
  try {
    const pool = new Pool(availableParallelism());
    await Promise.all(jobs.map((job) => pool.run(job)));
    await runTool('llvm-ar', ['rcs', staged.archive, ...staged.objects]);
  } catch (e) {
    if (e instanceof AwsmError) throw new AwsmError('tool', `building the runtime failed: ${e.message}`);
    throw e;
  }
  publishDir(tmp, dir);
  return layout(dir);
}
