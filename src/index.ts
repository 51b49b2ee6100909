/**
 * awsm's TypeScript API: the package's main export. The `awsm` command line is a thin layer
 * over these functions (one code path: `awsm compile` is `compile()`, `awsm run` is
 * `compile()` then `run()`).
 *
 * Compile and run a WASI program:
 *
 * ```ts
 * import { compile, run } from 'awsm';
 * const exe = await compile('hello.wasm', { emit: 'exe' });   // cached by content hash
 * const { status, stdout } = await run(exe, { args: ['world'], env: { LANG: 'C' }, dirs: ['data'] });
 * ```
 *
 * run() is told what it runs: an Artifact, `{ executable: 'prog' }`, or `{ wasm: 'prog.wasm' }`
 * (compiled first); an ELF file passed as `wasm`, or a module as `executable`, is a usage error.
 *
 * Compile a module for a C program that embeds it (docs/embedding.md): an object (or a shared
 * library) whose only global symbol is the descriptor `<name>_module`, linked with the runtime
 * library that `buildRuntime()` builds (headers in `join(runtimeDir, 'include')`; for another
 * machine, `compile(…, { target })` and `buildRuntime(target)`, cross-compiled: docs/cli.md, "Targets"):
 *
 * ```ts
 * import { buildRuntime, compile, runtimeDir, RUNTIME_LIBS } from 'awsm';
 * const obj = await compile(wasmBytes, { emit: 'obj', name: 'plugin', output: 'plugin.o' });
 * const rt = await buildRuntime();
 * // clang-16 host.c plugin.o <rt.archive> -I<runtimeDir>/include <RUNTIME_LIBS...>
 * ```
 *
 * The stages are exported too, for tools that want the module or the IR itself:
 * decodeModule (bytes → Module), validateModule, translateModule (Module → LLVM IR text).
 * Every failure a user can cause is an AwsmError (or one of its subclasses: DecodeError,
 * ValidationError, UnsupportedError, CompileError), with a `kind` ('usage', 'io', 'decode',
 * 'validate', 'unsupported', 'compile', 'link', 'tool'); anything else thrown is a bug in awsm.
 */
export { compile, moduleNameFromPath, BOUNDS_MODES, TIERS } from './driver/compile.js';
export type { Artifact, BoundsMode, CompileOptions, Phase, Tier } from './driver/compile.js';
export { run, DIRS_ENV } from './driver/run.js';
export { ComponentCallError, ComponentInstance, instantiateComponent, invokeComponent } from './driver/component-api.js';
export type { ClosedInstance, ComponentOptions } from './driver/component-api.js';
export type { Program, RunOptions, RunResult } from './driver/run.js';
export { EMITS } from './driver/native.js';
export type { Emit, OptLevel } from './driver/native.js';
export { cacheDir, version } from './driver/cache.js';
export { findTool } from './driver/tools.js';
export { buildRuntime, runtimeDir, RUNTIME_LIBS } from './driver/runtime.js';
export type { RuntimeBuild } from './driver/runtime.js';
export { decodeModule } from './binary/decoder.js';
export { validateModule } from './validate/validator.js';
export { translateModule } from './translate/module.js';
export type { Module } from './binary/module.js';
export { AwsmError, CompileError, DecodeError, UnsupportedError, ValidationError } from './errors.js';
export type { ErrorKind } from './errors.js';
