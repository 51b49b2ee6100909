/**
 * Module → LLVM IR: the translator's entry point.
 *
 * Output, in order of construction (the ModuleBuilder groups them by kind):
 *
 *   target datalayout / triple
 *   %awsm_* descriptor types                                  descriptor.ts
 *   @<name>_sig<k>   one constant per distinct signature      context.ts
 *   define internal … @<name>_f<i>(ptr %ctx, …)               function.ts (one per defined function)
 *   define internal … @<name>_c<i>(ptr %ctx, …)               call.ts (C entry of a tailcc function)
 *   define internal void @<name>_tramp<k>(ptr, ptr, ptr)      call.ts (one per signature of a defined function)
 *   define internal void @<name>_init(ptr %ctx)               init.ts
 *   @<name>_module = constant %awsm_module_desc { … }         descriptor.ts
 *   @awsm_main_module = constant ptr @<name>_module           with `exe` (for runtime/main.c)
 *
 * A large module can instead be translated in partitions (partition.ts chooses them), each
 * its own LLVM module for its own clang, linked together afterwards: translatePartition(k)
 * for k < parts.length defines the functions of parts[k] (`hidden`, so the other partitions'
 * objects can call them) and declares the ones it calls elsewhere; k = parts.length is the
 * module partition, with the trampolines, the init function, the descriptor and the one
 * definition of each signature constant (`hidden`; the others declare them). One partition
 * is no partitioning: translateModule's text, unchanged.
 *
 * The module has been validated; every valid Wasm 2.0 module (SIMD included) translates. A
 * CompileError remains for bad options (symbol prefix, target).
 */
import { assertSupported } from './support.js';
import { funcType, type Module } from '../binary/module.js';
import { CompileError } from '../errors.js';
import { targetAbi } from './abi.js';
import { emitEntry, emitTrampoline } from './call.js';
import { ModuleContext, type BoundsMode, type PartitionScope } from './context.js';
import { DescriptorEmitter } from './descriptor.js';
import { translateFunction } from './function.js';
import { emitInit } from './init.js';
import { planPartitions, type Partition } from './partition.js';

export interface TranslateOptions {
  /** Symbol prefix, [A-Za-z_][A-Za-z0-9_]* (validated by the caller). */
  name: string;
  /** Linear-memory bounds checks (memory.ts); default 'guard', 'explicit' on 32-bit targets (which refuse 'guard'). */
  bounds?: BoundsMode;
  /** Emit `@awsm_main_module = constant ptr @<name>_module` for runtime/main.c. */
  exe?: boolean;
  /** Target triple; default 'x86_64-pc-linux-gnu'. x86_64, aarch64, riscv64 and armv7 are supported. */
  triple?: string;
  /** Version simple innermost loops for the vectorisers (versioning.ts); default true. */
  versionLoops?: boolean;
  /**
   * Test tools only (tests/diff/diff.ts): every linear-memory load and store and every
   * global.set is volatile, so LLVM can neither delete, move nor fold one, nor reorder them
   * against each other: each out-of-bounds access faults, with exactly the stores before it
   * done. This closes guard mode's dead-load gap (memory.ts) at a cost in speed; the
   * differential harness uses it to prove that a guard-mode difference is that gap. Default false.
   */
  volatileAccesses?: boolean;
  /**
   * Translate for LLVM -O0 (the quick tier, and -O0), which merges and hoists nothing: function
   * bodies carry none of the optimiser's metadata (TBAA, invariant loads, branch weights:
   * FunctionBuilder.metadata), and the instance's fixed pointers (ctx->globals[i] and the
   * like: instance.ts) are loaded once in the entry block instead of at each use. (For an
   * optimising build that would load them on paths that never use them; LLVM hoists and
   * merges the per-use loads itself.) Default false.
   */
  quick?: boolean;
}

/** What a module name (the prefix of every symbol) must match. */
export const SYMBOL_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Modules that assertSupported has passed: the check reads every instruction, and each
 * partition's translation would otherwise repeat it (about 0.5 CPU s for 32 partitions of a
 * 5 MB module).
 */
const SUPPORTED = new WeakSet<Module>();

/** The translation context for `m`, after checking the options and what the translator supports. */
function context(m: Module, opts: TranslateOptions, partition?: PartitionScope): ModuleContext {
  if (!SYMBOL_NAME_RE.test(opts.name)) throw new CompileError(`invalid symbol prefix '${opts.name}'`);
  const triple = opts.triple ?? 'x86_64-pc-linux-gnu';
  const target = targetAbi(triple);
  if (target === undefined) {
    throw new CompileError(`unsupported target '${triple}' (awsm generates code for x86_64, aarch64, riscv64 and armv7)`);
  }
  if (!SUPPORTED.has(m)) {
    assertSupported(m);
    SUPPORTED.add(m);
  }
  // 32-bit: no room for a guard reservation per memory (docs/abi.md, "Targets").
  if (target.pointerSize === 4 && opts.bounds === 'guard') throw new CompileError(`guard-page bounds checks need a 64-bit target, not '${triple}': use explicit bounds`);
  return new ModuleContext(m, {
    name: opts.name, bounds: opts.bounds ?? (target.pointerSize === 4 ? 'explicit' : 'guard'), exe: opts.exe ?? false, triple, versionLoops: opts.versionLoops ?? true,
    volatileAccesses: opts.volatileAccesses ?? false, quick: opts.quick ?? false,
  }, partition);
}

/** The module-wide pieces: trampolines, init function, descriptor (and the exe's main module). */
function emitModulePieces(cx: ModuleContext): void {
  const m = cx.m;
  const trampolines = new Set(m.funcs.map((fn) => cx.sigIndex(funcType(m, fn.typeidx)!)));
  for (const k of [...trampolines].sort((a, b) => a - b)) cx.mb.addFunction(emitTrampoline(cx, k));

  cx.mb.addFunction(emitInit(cx));
  new DescriptorEmitter(cx).emit();
  if (cx.tailCalls) cx.defineTails();
  if (cx.opts.exe) cx.mb.global(`@awsm_main_module = constant ptr @${cx.name}_module`);
}

/**
 * Defined function `defIndex` and, when it is `tailcc`, its C-convention entry (call.ts,
 * emitEntry) first: the entry is the function's code pointer, and the runtime's fault handler
 * takes a fault for a trap only at a PC between the lowest code pointer and the highest
 * (runtime/src/trap.c, probe_code), so the body must not come before its entry (an
 * out-of-bounds access in guard mode in the module's first function killed the process).
 */
function defineFunction(cx: ModuleContext, defIndex: number): void {
  const funcidx = cx.numImportedFuncs + defIndex;
  if (cx.tailcc.has(funcidx)) cx.mb.addFunction(emitEntry(cx, funcidx));
  cx.mb.addFunction(translateFunction(cx, defIndex));
}

/** Translate a validated module into the text of one LLVM module. */
export function translateModule(m: Module, opts: TranslateOptions): string {
  const cx = context(m, opts);
  m.funcs.forEach((_, i) => defineFunction(cx, i));
  emitModulePieces(cx);
  return cx.mb.toString();
}

/**
 * The text of partition `k` of `m` split as `parts` (defined-function indices, partition.ts):
 * for k < parts.length the functions of parts[k]; for k = parts.length the module partition.
 * With one partition, use translateModule: a single part is not split.
 */
export function translatePartition(m: Module, opts: TranslateOptions, parts: readonly Partition[], k: number): string {
  if (!Number.isInteger(k) || k < 0 || k > parts.length) throw new RangeError(`no partition ${k} of ${parts.length + 1}`);
  const own = k < parts.length ? parts[k]! : [];
  const imported = m.imports.filter((i) => i.desc.kind === 'func').length;
  const cx = context(m, opts, { defines: new Set(own.map((i) => imported + i)), module: k === parts.length });
  for (const i of own) defineFunction(cx, i);
  if (k === parts.length) emitModulePieces(cx);
  return cx.mb.toString();
}

/**
 * Every text of `m` split into partitions of about `size` instructions, at once (the test
 * harnesses; the driver translates one partition at a time): translateModule's text alone
 * when the module is one partition, else each partition's, the module partition last.
 */
export function translateParts(m: Module, opts: TranslateOptions, size: number): string[] {
  const parts = planPartitions(m, size);
  if (parts.length <= 1) return [translateModule(m, opts)];
  return [...parts, []].map((_, k) => translatePartition(m, opts, parts, k));
}
