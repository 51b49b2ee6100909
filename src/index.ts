/**
 * awsm's TypeScript API. The `awsm` command line is a thin layer over these functions.
 *
 * ```ts
 * import { compile, run } from 'awsm';
 * const exe = await compile('hello.wasm', { emit: 'exe' });   // cached by content hash
 * const { status, stdout } = await run(exe, { args: ['world'] });
 * ```
 *
 * The stages are exported too, for tools that want the module or the IR itself:
 * decodeModule (bytes → Module), validateModule, translateModule (Module → LLVM IR text).
 * Every failure a user can cause is an AwsmError (or one of its subclasses); anything else
 * thrown is a bug in awsm.
 */
export { compile, moduleNameFromPath, BOUNDS_MODES } from './driver/compile.js';
export type { Artifact, BoundsMode, CompileOptions } from './driver/compile.js';
export { run, DIRS_ENV } from './driver/run.js';
export type { RunOptions, RunResult } from './driver/run.js';
export { EMITS } from './driver/native.js';
export type { Emit, OptLevel } from './driver/native.js';
export { cacheDir, version } from './driver/cache.js';
export { findTool } from './driver/tools.js';
export { buildRuntime } from './driver/runtime.js';
export type { RuntimeBuild } from './driver/runtime.js';
export { decodeModule } from './binary/decoder.js';
export { validateModule } from './validate/validator.js';
export { translateModule } from './translate/module.js';
export type { Module } from './binary/module.js';
export { AwsmError, CompileError, DecodeError, ValidationError } from './errors.js';
export type { ErrorKind } from './errors.js';
