// The runtime of translated programs (runtime/elf/*.c: start-up, system calls, memory) built
// for wasm32-wasi with clang-16 against Debian's wasi-libc, archived once into the cache (the
// key hashes its sources, the flags and the toolchain, memoised by the files' stamps as
// src/driver/runtime.ts does for the native runtime, whose key leaves runtime/elf/ out), and
// the link of a translated program: wasm-ld through clang with the memory layout docs/elf.md
// describes.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsmError } from '../errors.js';
import { packageRoot } from '../driver/cache.js';
import { cachedFile } from '../driver/entry.js';
import { memoisedTreeHash } from '../driver/stamps.js';
import { runTool, toolchainId } from '../driver/tools.js';

/** The runtime's sources. */
export const elfRuntimeDir = join(packageRoot, 'runtime', 'elf');

/** Debian's wasi-libc (package wasi-libc) and the wasm32 compiler-rt builtins (libclang-rt-16-dev-wasm32). */
const SYSROOT = '/usr';
const WASI_LIBC = join(SYSROOT, 'lib', 'wasm32-wasi', 'libc.a');
const WASM_BUILTINS = '/usr/lib/llvm-16/lib/clang/16/lib/wasi/libclang_rt.builtins-wasm32.a';

/** clang flags for everything compiled for the translated program. */
export const WASM_CFLAGS: readonly string[] = ['--target=wasm32-wasi', `--sysroot=${SYSROOT}`, '-O2'];

/** The size of the runtime's own stack, at the bottom of linear memory (wasm-ld --stack-first). */
export const RUNTIME_STACK = 1 << 20;

/** Fails with a tool error naming the Debian package when wasi-libc or the builtins are missing. */
export function checkWasiLibc(): void {
  if (!existsSync(WASI_LIBC)) throw new AwsmError('tool', `wasi-libc not found (${WASI_LIBC}); install it with: apt-get install wasi-libc`);
  if (!existsSync(WASM_BUILTINS)) throw new AwsmError('tool', `the wasm32 compiler-rt builtins are not found (${WASM_BUILTINS}); install them with: apt-get install libclang-rt-16-dev-wasm32`);
}

/** runtime/elf/*.c, sorted. */
function sources(): string[] {
  return readdirSync(elfRuntimeDir).filter((n) => n.endsWith('.c')).sort().map((n) => join(elfRuntimeDir, n));
}

/** clang flags for the runtime's own files. */
const RUNTIME_CFLAGS: readonly string[] = [...WASM_CFLAGS, '-std=gnu11', '-Wall'];

let hashMemo: string | undefined;

/**
 * The cache key of the runtime: its .c and .h files, the flags, the toolchain; once per
 * process, and across processes through the stamps in dist/elf-runtime-sources.json.
 */
export function elfRuntimeHash(): string {
  hashMemo ??= memoisedTreeHash(
    join(packageRoot, 'dist', 'elf-runtime-sources.json'), elfRuntimeDir,
    (path) => path.endsWith('.c') || path.endsWith('.h'), `${RUNTIME_CFLAGS.join(' ')}\n${toolchainId()}`,
  ).slice(0, 24);
  return hashMemo;
}

let building: Promise<string> | undefined;

/** The runtime archive (libawsm_elf.a) for the current sources: from the cache, or built now. */
export function elfRuntime(): Promise<string> {
  building ??= (async () => {
    checkWasiLibc();
    const { path } = await cachedFile(['elf-runtime'], elfRuntimeHash(), '.a', () => async (tmp) => {
      const dir = mkdtempSync(join(tmpdir(), 'awsm-elfrt-'));
      try {
        const objects = await Promise.all(sources().map(async (s, i) => {
          const o = join(dir, `${i}.o`);
          await runTool('clang', [...RUNTIME_CFLAGS, '-c', s, '-o', o]);
          return o;
        }));
        await runTool('llvm-ar', ['rcs', tmp, ...objects]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
    return path;
  })();
  building.catch(() => (building = undefined));
  return building;
}

/**
 * Links `objects` (the lifted code, the image, then the runtime archive) into the WASI
 * preview1 module `output`. The runtime's stack is [0, RUNTIME_STACK); its data starts at
 * `globalBase`, past the program's segments; memory may grow to 4 GiB.
 */
export async function linkElfWasm(objects: readonly string[], globalBase: number, output: string): Promise<void> {
  await runTool('clang', [
    ...WASM_CFLAGS, '-nostartfiles',
    `-Wl,--stack-first,-z,stack-size=${RUNTIME_STACK},--global-base=${globalBase},--max-memory=4294967296`,
    ...objects, '-o', output,
  ]);
}
