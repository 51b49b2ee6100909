/**
 * The compiled-module ABI as the translator sees it: trap kinds, type mappings and the
 * instance-context field offsets. Mirrors runtime/include/awsm_abi.h; change both together:
 * tests/unit/abi.test.ts builds a C program against the header and compares every offset, size
 * and enum value here (and the descriptor types of descriptor.ts) with the C compiler's.
 */
import type { FuncType, RefType, SubType, ValType } from '../binary/module.js';
import { isRef, topOf, topRef } from '../binary/types.js';
import { refKey } from '../validate/subtype.js';
import { display, isPlain } from '../validate/canon.js';
import { poison, type Value } from '../llvm/builder.js';

/** Trap kinds (awsm_trap_kind in awsm_abi.h). */
export enum TrapKind {
  Unreachable = 1,
  MemoryOutOfBounds = 2,
  TableOutOfBounds = 3,
  UndefinedElement = 4,
  UninitializedElement = 5,
  IndirectCallTypeMismatch = 6,
  IntegerDivideByZero = 7,
  IntegerOverflow = 8,
  InvalidConversion = 9,
  StackExhausted = 10,
  NullFuncRef = 14,
  NullRef = 15,
  NullExnRef = 16,
  UnalignedAtomic = 17,
  ExpectedShared = 18,
  OutOfMemory = 19,
  ArrayOutOfBounds = 20,
  NullStructRef = 21,
  NullArrayRef = 22,
  NullI31Ref = 23,
  CastFailure = 24,
}

/** AWSM_ABI_VERSION. */
export const ABI_VERSION = 4;

/** AWSM_PAGE_SIZE, and AWSM_MAX_PAGES: no memory grows past it (no-wrap.ts relies on it). */
export const PAGE_SIZE = 65536;
export const MAX_PAGES = 65535;

/** sizeof awsm_value: a global's cell, a trampoline's argument and result slot (16 on every target). */
export const VALUE_SIZE = 16;

/**
 * What the translator needs to know of a target architecture: LLVM's data layout (so that opt
 * and clang lay the descriptor structs out as the C compiler lays out awsm_abi.h's) and the
 * size of a pointer, which places the fields of the runtime's structures (abiLayout).
 */
export interface TargetAbi {
  /** The triple's architecture prefix. */
  prefix: RegExp;
  /** LLVM's data layout string for it (clang-16's). */
  dataLayout: string;
  /** Bytes in a pointer (and uintptr_t). */
  pointerSize: 4 | 8;
  /**
   * LLVM 16 has no `tailcc` here (RISC-V: "Unsupported calling convention"): a function that
   * makes tail calls takes its arguments and gives its results in a tail buffer instead
   * (BUFFER_TAIL_SIGNATURE, tail-buffer.ts; docs/abi.md, "Tail calls on RISC-V").
   */
  tailBuffer?: true;
}

/** The architectures the translator generates code for (docs/abi.md, "Targets"). */
const TARGET_ABIS: readonly TargetAbi[] = [
  { prefix: /^x86_64-/, dataLayout: 'e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128', pointerSize: 8 },
  { prefix: /^aarch64-/, dataLayout: 'e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128', pointerSize: 8 },
  { prefix: /^riscv64-/, dataLayout: 'e-m:e-p:64:64-i64:64-i128:128-n32:64-S128', pointerSize: 8, tailBuffer: true },
  { prefix: /^armv7[al]?-/, dataLayout: 'e-m:e-p:32:32-Fi8-i64:64-v128:64:128-a:0:32-n32-S64', pointerSize: 4 },
];

/** The target of `triple`, or undefined when the translator does not know its architecture. */
export function targetAbi(triple: string): TargetAbi | undefined {
  return TARGET_ABIS.find((t) => t.prefix.test(triple));
}

/**
 * The byte offsets and sizes of awsm_abi.h's runtime structures that generated code reads,
 * for a pointer size: every pointer and uintptr_t field is `pointerSize` bytes at its natural
 * alignment, u32 fields 4 and u64 fields 8 (8-aligned on every target, 32-bit ARM included).
 * tests/unit/abi.test.ts checks every value against the C compiler's for each pointer size.
 */
export interface AbiLayout {
  pointerSize: 4 | 8;
  /** The LLVM integer type of a pointer's width (uintptr_t): i64 or i32. */
  intptr: 'i32' | 'i64';
  /** Byte offsets of awsm_instance fields read by generated code. */
  ctx: { mem0Base: number; memories: number; tables: number; globals: number; funcs: number; elems: number; datas: number; module: number; host: number; stackLimit: number; tags: number;
    /** GC: per type index its canonical RTT (docs/gc.md); read by code that allocates or casts. */
    rtts: number };
  /** sizeof and _Alignof awsm_instance. */
  ctxSize: number;
  ctxAlign: number;
  /**
   * Attributes of every `%ctx` parameter: an awsm_instance, dereferenceable up to stack_limit,
   * the fields any function may read (`tags`, after it, only functions that throw or catch).
   */
  ctxParamAttrs: string;
  /** Byte offsets in awsm_func, awsm_memory and awsm_table. */
  funcObj: { sig: number; code: number; ctx: number; tramp: number; funcidx: number; tail: number };
  memObj: { base: number; size: number; pages: number };
  tableObj: { elems: number; size: number };
  /** Byte offsets in awsm_elem_seg (ctx->elems[k]) read by generated code, and its size. */
  elemSeg: { items: number };
  elemSegSize: number;
  /**
   * Byte offsets in awsm_exn, an exception (exnref points to one): after the unwinder's
   * header (32 bytes; 88 on 32-bit ARM, its EHABI's _Unwind_Control_Block), the tag, flags (bit 0: an exnref to it was handed out), the payload values
   * (16 bytes each, 8-aligned).
   */
  exnObj: { tag: number; flags: number; values: number };
}

/** `n` rounded up to a multiple of `a`. */
const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The layout of awsm_abi.h's structures for pointers of `p` bytes. */
export function abiLayout(p: 4 | 8): AbiLayout {
  const names = ['mem0Base', 'memories', 'tables', 'globals', 'funcs', 'elems', 'datas', 'module', 'host', 'stackLimit', 'tags', 'rtts'] as const;
  const ctx = Object.fromEntries(names.map((n, i) => [n, i * p])) as AbiLayout['ctx'];
  // awsm_exn's unwinder header: struct _Unwind_Exception, or 32-bit ARM's EHABI control block.
  const unwind = p === 8 ? 32 : 88;
  return {
    pointerSize: p,
    intptr: p === 8 ? 'i64' : 'i32',
    ctx,
    ctxSize: names.length * p,
    ctxAlign: p,
    ctxParamAttrs: `noundef nonnull align ${p} dereferenceable(${ctx.stackLimit + p})`,
    funcObj: { sig: 0, code: p, ctx: 2 * p, tramp: 3 * p, funcidx: 4 * p, tail: alignUp(4 * p + 8, p) },
    memObj: { base: 0, size: 8, pages: 16 },
    tableObj: { elems: 0, size: p },
    elemSeg: { items: 0 },
    elemSegSize: alignUp(p + 8, p),
    exnObj: { tag: unwind, flags: unwind + p + 4, values: alignUp(unwind + p + 8, 8) },
  };
}

/** The LLVM type of a Wasm value type. */
export function llvmType(t: ValType): string {
  switch (t) {
    case 'i32': return 'i32';
    case 'i64': return 'i64';
    case 'f32': return 'float';
    case 'f64': return 'double';
    case 'v128': return '<2 x i64>';
    default: return 'ptr'; // every reference type (docs/abi.md)
  }
}

/**
 * The alignment to state for a load or store of type `t` in an `awsm_value` cell (global
 * cells, trampoline argument slots): undefined (LLVM's ABI alignment, at most 8) except for
 * v128, whose ABI alignment of 16 the cells do not guarantee (awsm_value is 8-aligned).
 */
export function cellAlign(t: ValType): number | undefined {
  return t === 'v128' ? 8 : undefined;
}

/** The LLVM return type of a function type: void, the one result, or a literal struct. */
export function llvmReturnType(ft: FuncType): string {
  if (ft.results.length === 0) return 'void';
  if (ft.results.length === 1) return llvmType(ft.results[0]!);
  return `{ ${ft.results.map(llvmType).join(', ')} }`;
}

/**
 * The signature character of a value type (AWSM_T_* in awsm_abi.h). A concrete reference
 * `(ref $t)` is a funcref or, when `types` (the module's type section) says `$t` is a struct
 * or array type, an anyref: pass `types` wherever such a type can occur.
 */
export function sigChar(t: ValType, types?: readonly SubType[]): string {
  switch (t) {
    case 'i32': return 'i';
    case 'i64': return 'I';
    case 'f32': return 'f';
    case 'f64': return 'F';
    case 'v128': return 'v';
    default: return refChar(t, types);
  }
}

/**
 * The type code of a reference type: its hierarchy's top. Exhaustive over the abstract heap
 * types, so that a new hierarchy (exnref; GC's any) must choose its code here.
 */
function refChar(t: RefType, types?: readonly SubType[]): string {
  switch (topOf(t, types)) {
    case 'func':
    case 'nofunc': return 'r';
    case 'extern':
    case 'noextern': return 'e';
    case 'exn':
    case 'noexn': return 'x';
    // GC references (docs/gc.md): null, an i31 `(v << 1) | 1` or an object of the GC heap.
    case 'any': case 'eq': case 'i31': case 'struct': case 'array': case 'none': return 'a';
  }
}

/**
 * The signature string of a function type of module `types`: "iI:f" is (i32, i64) -> f32.
 * A type with typed references (anything but the nullable tops funcref, externref, exnref) appends `|` and the
 * exact type of each reference value, in order, comma-separated (refKey: `r:|R$f3f…`): the
 * runtime compares whole strings, so call_indirect's check and import matching tell
 * `(ref $t)` from funcref, while the characters before `|` stay one per value.
 *
 * A type that is not plain (canon.ts isPlain: in a recursive group, with a supertype, or not
 * final), type index `idx`, is more than its structure: its string goes on with `#` and its
 * supertype display, the identities of its declared supertypes from the root down to itself
 * (`:|#<id0>,<id1>`), which awsm_sig_sub (awsm_abi.h) compares for call_indirect's subtyping.
 */
export function sigString(ft: FuncType, types: readonly SubType[], idx?: number): string {
  const char = (t: ValType): string => sigChar(t, types);
  const base = ft.params.map(char).join('') + ':' + ft.results.map(char).join('');
  const refs = [...ft.params, ...ft.results].filter(isRef);
  const plain = idx === undefined || isPlain(types, idx);
  if (plain && refs.every((t) => t === topRef(t, types))) return base;
  const exact = base + '|' + refs.map((t) => refKey(types, t)).join(',');
  return plain ? exact : `${exact}#${display(types, idx).join(',')}`;
}

/**
 * The most results a `tailcc` function returns in registers. LLVM 16 cannot make a `musttail`
 * call whose results do not fit in return registers (x86-64 fails at four i64 results,
 * AArch64 not below nine); two always fit. A `tailcc` function with more stores them into a
 * result buffer its caller passes (docs/abi.md, "Tail calls").
 */
const MAX_TAIL_RESULTS = 2;

/** A `tailcc` function of type `ft` returns its results through a buffer (tailSignature). */
export function tailBuffered(ft: FuncType): boolean {
  return ft.results.length > MAX_TAIL_RESULTS;
}

/** The LLVM signature of a `tailcc` function after `ptr %ctx` (tailSignature). */
export interface TailSignature {
  ret: string;
  params: string[];
  /** The index in `params` of the first Wasm parameter (after 32-bit ARM's register fillers). */
  first: number;
}

/**
 * 32-bit ARM's register fillers of a `tailcc` signature: with ctx in r0 they take r1-r3 and
 * s0-s15 (so d0-d7 and q0-q3 too), so that every Wasm argument goes on the stack
 * (tailSignature).
 */
const ARM_FILLERS: readonly string[] = ['i32', 'i32', 'i32', ...Array<string>(16).fill('float')];

/**
 * The `i32` paddings after 32-bit ARM's stack arguments `params` (all of them on the stack:
 * AAPCS puts an i64, double and <2 x i64> at 8-byte alignment, the rest at 4) that make
 * their size a multiple of 16.
 */
function armStackPadding(params: readonly string[]): string[] {
  let size = 0;
  for (const ty of params) {
    const [bytes, align] = ty === 'i64' || ty === 'double' ? [8, 8] : ty === '<2 x i64>' ? [16, 8] : [4, 4];
    size = alignUp(size, align) + bytes;
  }
  return Array<string>((alignUp(size, 16) - size) / 4).fill('i32');
}

/**
 * The LLVM signature of a `tailcc` function of type `ft` after `ptr %ctx`: the C one (env.ts,
 * llvmSignature), or with more than MAX_TAIL_RESULTS results `void (ptr ctx, params…, ptr
 * res)`, the results stored at `res` as the struct llvmReturnType gives. A tail call passes its
 * own `res` on: a tail callee has the caller's result types.
 *
 * With 4-byte pointers (32-bit ARM) the Wasm parameters come after register fillers and before
 * padding, both poison in calls (tailArgs): every Wasm argument goes on the stack, in a layout
 * that does not depend on the CPU's NEON, and the stack arguments' size is a multiple of 16.
 * LLVM 16's ARM backend pops a `tailcc` callee's stack arguments with their size rounded to 8
 * but re-adjusts the caller's stack by it rounded to 16 after an ordinary call (llvm-project
 * PR 194520), which a multiple of 16 makes agree (docs/abi.md, "32-bit ARM: tail calls").
 */
export function tailSignature(ft: FuncType, pointerSize: 4 | 8): TailSignature {
  const params = ft.params.map(llvmType);
  const wasm = tailBuffered(ft) ? [...params, 'ptr'] : params;
  const ret = tailBuffered(ft) ? 'void' : llvmReturnType(ft);
  if (pointerSize === 8) return { ret, params: wasm, first: 0 };
  return { ret, params: [...ARM_FILLERS, ...wasm, ...armStackPadding(wasm)], first: ARM_FILLERS.length };
}

/**
 * The signature of every function that makes tail calls on a target without `tailcc`
 * (TargetAbi.tailBuffer), whatever its type: `void (ptr ctx, ptr tb)`, the C convention, its
 * parameters and results in the tail buffer `%tb` (tail-buffer.ts). Identical prototypes with
 * register arguments only, so a `musttail` call between any two is a sibling call.
 */
export const BUFFER_TAIL_SIGNATURE: TailSignature = { ret: 'void', params: ['ptr'], first: 0 };

/** The arguments after ctx of a call of `sig`: `wasm` (with the result buffer) between poison fillers. */
export function tailArgs(sig: TailSignature, wasm: readonly Value[]): Value[] {
  return sig.params.map((ty, i) => (i >= sig.first && i < sig.first + wasm.length ? wasm[i - sig.first]! : poison(ty)));
}
