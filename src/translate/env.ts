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

/** The type of a memory's addresses: i32, or i64 for a 64-bit memory (memory64). */
export type AddrType = 'i32' | 'i64';

/** Where memory N is and how it is addressed (memory.ts turns this into IR). */
export interface MemoryInfo {
  memidx: number;
  addrType: AddrType;
  /** log2 of the page size: 16 (64 KiB), or 0 (custom page sizes). */
  pageSizeLog2: number;
  /**
   * The base never moves (guard mode: the runtime's reservation is fixed), so a function loads
   * it once as an invariant (memory.ts, invariantBase); otherwise it is reloaded at each access.
   */
  fixedBase: boolean;
  /**
   * How an access is kept inside: guard pages, an explicit compare with the current size
   * (ctx->memories[N]->size), or nothing (unsafe, for measurements). In guard mode a memory of
   * 1-byte pages is checked explicitly (its size need not be a multiple of the host's pages,
   * which are what fault), and so is a 64-bit memory (guard pages cannot cover a 64-bit
   * address).
   */
  bounds: 'guard' | 'explicit' | 'none';
  /**
   * Every address of a completed access is below 2^32 - 2^16 (i32 addresses, 64 KiB pages, at
   * most AWSM_MAX_PAGES pages): what no-wrap.ts's `nuw` facts and loop versioning's range
   * arithmetic rely on. False for page-size-1 memories (up to 2^32 - 1 bytes) and 64-bit ones.
   */
  smallAddresses: boolean;
  /**
   * A shared memory (threads proposal): another thread may grow it at any time, so its size
   * and page count are read with acquire loads (memory.ts), and memory.atomic.wait works on it.
   */
  shared: boolean;
}

/**
 * Memory `memidx` (imports first). ctx->mem0_base caches memory 0's base (awsm_abi.h); every
 * other memory's base is read from its object, ctx->memories[N]->base.
 */
export function memoryOf(cx: ModuleContext, memidx: number): MemoryInfo {
  const mt = cx.memories[memidx];
  if (mt === undefined) throw new CompileError(`no memory ${memidx}`);
  const { addrType, pageSizeLog2 } = mt;
  const mode = cx.opts.bounds;
  const smallAddresses = addrType === 'i32' && pageSizeLog2 === 16;
  const bounds = mode === 'guard' && !smallAddresses ? 'explicit' : mode;
  return { memidx, addrType, pageSizeLog2, fixedBase: mode === 'guard', bounds, smallAddresses, shared: mt.shared === true };
}
