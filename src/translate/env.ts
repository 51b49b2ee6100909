/**
 * The module environment's answers to what instruction families ask about the module, as in
 * Cranelift's FuncEnvironment: "how is function F called", "where is memory N and how are
 * its addresses typed". A family asks here and emits from the answer, so that what changes
 * with a proposal (imports, partitions, multiple or 64-bit memories) changes here, not in
 * every family. The ABI offsets behind the answers are abi.ts's; loading them is instance.ts's.
 *
 * Emits no IR: it describes, the families (call.ts, reference.ts, constexpr.ts, memory.ts)
 * and the trampolines emit.
 */
import type { FuncType } from '../binary/module.js';
import { CompileError } from '../errors.js';
import type { Ty } from '../llvm/builder.js';
import { llvmReturnType, llvmType } from './abi.js';
import type { ModuleContext } from './context.js';

/** A function type in LLVM terms: every Wasm function is `ret (ptr ctx, params…)`. */
export interface LlvmSignature {
  /** void, the one result's type, or a literal struct of the results. */
  ret: Ty;
  /** The Wasm parameters' types, after the leading `ptr` context. */
  params: Ty[];
}

/** The LLVM signature of Wasm function type `ft`. */
export function llvmSignature(ft: FuncType): LlvmSignature {
  return { ret: llvmReturnType(ft), params: ft.params.map(llvmType) };
}

/**
 * How function `funcidx` is called. Every function, defined or imported, also has a function
 * object `ctx->funcs[funcidx]` (an awsm_func: signature, code, context), which ref.func and
 * element segments yield.
 *  - defined: a direct call of `symbol` with this instance's ctx;
 *  - imported: load code and context from the import's function object and call through
 *    them.
 * `obj` is the slot of the function object in ctx->funcs (fixed once the instance exists).
 */
export type Callee =
  | { kind: 'defined'; funcidx: number; obj: number; type: FuncType; sig: LlvmSignature; symbol: string }
  | { kind: 'imported'; funcidx: number; obj: number; type: FuncType; sig: LlvmSignature };

/** How function `funcidx` is called (see Callee). */
export function calleeOf(cx: ModuleContext, funcidx: number): Callee {
  const type = cx.funcTypes[funcidx];
  if (type === undefined) throw new Error(`no function ${funcidx}`);
  const sig = llvmSignature(type);
  // The function object's slot in ctx->funcs is the function's index.
  if (funcidx < cx.numImportedFuncs) return { kind: 'imported', funcidx, obj: funcidx, type, sig };
  return { kind: 'defined', funcidx, obj: funcidx, type, sig, symbol: cx.funcSymbol(funcidx) };
}

/**
 * The type of a memory's addresses: i32 in Wasm 2.0; i64 with memory64 (the next issue:
 * memory.ts's single access path, memoryAddress, refuses it until then).
 */
export type AddrType = 'i32' | 'i64';

/** Where memory N is and how it is addressed (memory.ts turns this into IR). */
export interface MemoryInfo {
  memidx: number;
  addrType: AddrType;
  /**
   * The base never moves (guard mode: the reservation is fixed), so a function loads it once
   * as an invariant (memory.ts, invariantBase); otherwise it is reloaded at each access.
   */
  fixedBase: boolean;
  /**
   * How an access is kept inside: guard pages, an explicit compare with the current size
   * (ctx->memories[N]->size), or nothing (unsafe, for measurements).
   */
  bounds: 'guard' | 'explicit' | 'none';
}

/**
 * Memory `memidx`. Wasm 2.0 has one memory, addressed by i32; ctx->mem0_base caches memory 0's
 * base (awsm_abi.h). Multiple memories need a base per memory first.
 */
export function memoryOf(cx: ModuleContext, memidx: number): MemoryInfo {
  if (memidx !== 0) throw new CompileError(`memory ${memidx}: multiple memories are not supported`);
  const bounds = cx.opts.bounds;
  return { memidx, addrType: 'i32', fixedBase: bounds === 'guard', bounds };
}
