/**
 * LLVM IR text → native artifacts, through clang-16 and lld-16.
 *
 *   llvm    the IR text itself
 *   bc      clang -c -emit-llvm -x ir - -O<n>           (optimised bitcode)
 *   obj     clang -c -x ir - -O<n> -fPIC                (relocatable object)
 *   shared  clang -shared -x ir - -O<n> -fPIC (lld)     (no runtime inside: the host provides it)
 *   exe     clang -x ir - <runtime main.o> libawsm_rt.a -lm -ldl -lpthread (lld)
 *
 * The IR always goes in on standard input: no temporary .ll file to clean up. Why a shared
 * library carries no runtime: the process that dlopens it (the spec host, an embedder) already
 * has one, and two copies would disagree about traps and instances.
 */
import { existsSync } from 'node:fs';
import { AwsmError } from '../errors.js';
import { writeFileAtomic } from './cache.js';
import { RUNTIME_LIBS, buildRuntime, runtimeDir } from './runtime.js';
import { lldArgs, runTool } from './tools.js';

/** What `compile` writes. */
export type Emit = 'llvm' | 'bc' | 'obj' | 'shared' | 'exe';

/** All emit kinds, in the order --help lists them. */
export const EMITS: readonly Emit[] = ['llvm', 'bc', 'obj', 'shared', 'exe'];

/** LLVM optimisation levels. */
export type OptLevel = 0 | 1 | 2 | 3;

/** Options for the native step. */
export interface NativeOptions {
  optLevel: OptLevel;
  /** Target triple; the default is clang's (the host). */
  triple?: string;
}

function codegenFlags(o: NativeOptions): string[] {
  // -Wno-override-module: the IR carries a triple; clang may restate it, which is not news.
  const flags = [`-O${o.optLevel}`, '-Wno-override-module'];
  if (o.triple !== undefined) flags.push(`--target=${o.triple}`);
  return flags;
}

/**
 * Write `ir` as `emit` to `out`. Native outputs are produced by clang writing to `out`
 * directly, so callers that need atomicity pass a temporary path and rename.
 */
export async function emitFromIR(ir: string, emit: Emit, out: string, o: NativeOptions): Promise<void> {
  const flags = codegenFlags(o);
  switch (emit) {
    case 'llvm':
      writeFileAtomic(out, ir);
      return;
    case 'bc':
      await runTool('clang', ['-c', '-emit-llvm', ...flags, '-x', 'ir', '-', '-o', out], ir);
      return;
    case 'obj':
      await runTool('clang', ['-c', '-fPIC', ...flags, '-x', 'ir', '-', '-o', out], ir);
      return;
    case 'shared':
      await runTool('clang', ['-shared', '-fPIC', ...flags, ...lldArgs(), '-x', 'ir', '-', '-o', out], ir);
      return;
    case 'exe': {
      const rt = await buildRuntime();
      if (!existsSync(rt.mainObject)) throw new AwsmError('io', `cannot build an executable: ${runtimeDir}/main.c is missing`);
      await runTool(
        'clang',
        [...flags, '-fPIC', ...lldArgs(), '-x', 'ir', '-', '-x', 'none', rt.mainObject, rt.archive, ...RUNTIME_LIBS, '-o', out],
        ir,
      ).catch((e: unknown) => {
        throw e instanceof AwsmError ? new AwsmError('link', `linking the executable failed: ${e.message}`) : e;
      });
      return;
    }
  }
}

/**
 * Link objects into one shared library. Undefined runtime symbols stay undefined: the
 * process that loads the library provides the runtime.
 */
export async function linkShared(objects: readonly string[], out: string): Promise<void> {
  await runTool('clang', ['-shared', ...lldArgs(), ...objects, '-o', out]).catch((e: unknown) => {
    throw e instanceof AwsmError ? new AwsmError('link', `linking ${out} failed: ${e.message}`) : e;
  });
}

/** The usual file extension for an emit kind ('' for executables). */
export function emitExtension(emit: Emit): string {
  switch (emit) {
    case 'llvm': return '.ll';
    case 'bc': return '.bc';
    case 'obj': return '.o';
    case 'shared': return '.so';
    case 'exe': return '';
  }
}
