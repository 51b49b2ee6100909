/**
 * The pointer checks of fused adapters (issue 20, docs/components.md "Component-to-component
 * calls"): the canonical ABI's traps on a misaligned pointer, a range outside a memory, and a
 * `realloc` result that is either, as core Wasm written into an adapter function. Shared by
 * the value moves (adapter-abi.ts) and the string paths (adapter-string.ts); the types here are
 * the least those need, so that both can use them without importing each other.
 */
import type { Code } from '../binary/encoder.js';
import type { HandleGen } from './adapter-resource.js';
import { setMayLeave } from './adapter-resource.js';

/** What the checks need of the adapter function being written: its body and its trap functions. */
export interface Emit {
  code: Code;
  /** The function index of the `() -> ()` function that traps for `rule` (named after it, for the trap message). */
  trap: (rule: 'align' | 'range') => number;
  /** The runtime's handle and flag built-ins (adapter-resource.ts): realloc runs with may_leave cleared. */
  handles: HandleGen;
}

/** The memory and allocator of one side of a call, as adapter-abi.ts's `Side` has them. */
export interface MemSide {
  /** The index of its memory in the adapter module, if it has one. */
  mem?: number;
  /** The function index of its realloc in the adapter module, if it has one. */
  realloc?: number;
  /** Its component instance (the plan's numbering): whose may_leave flag a realloc call clears. */
  instance: number;
}

/** A byte count: an i64 local, or a constant. */
export type Bytes = { local: number } | { size: number };

/** Trap when the i32 on the stack is not zero: call `trap` (a trap function of Gen.trap), or `unreachable`. */
export function trapIf(c: Code, trap?: number): void {
  c.if();
  if (trap !== undefined) c.call(trap);
  else c.op('unreachable');
  c.end();
}

/** Trap unless `ptr` (an i32 local) is a multiple of `align`. */
export function checkAlign(g: Emit, ptr: number, align: number): void {
  if (align <= 1) return;
  g.code.get(ptr).i32(align - 1).op('i32.and');
  trapIf(g.code, g.trap('align'));
}

/** Trap unless [ptr, ptr + bytes) lies in memory `mem` (ptr an i32 local). */
export function checkRange(g: Emit, mem: number, ptr: number, bytes: Bytes): void {
  const c = g.code;
  c.get(ptr).op('i64.extend_i32_u');
  if ('local' in bytes) c.get(bytes.local);
  else c.i64(BigInt(bytes.size));
  c.op('i64.add');
  c.memorySize(mem).op('i64.extend_i32_u').i64(16n).op('i64.shl').op('i64.gt_u');
  trapIf(c, g.trap('range'));
}

/**
 * `realloc(0, 0, align, bytes)` of side `to` into the i32 local `dptr`, the pointer checked:
 * aligned, and [dptr, dptr + bytes) inside `to`'s memory.
 */
export function allocate(g: Emit, to: MemSide, align: number, bytes: Bytes, dptr: number): void {
  reallocate(g, to, undefined, align, bytes, dptr);
}

/**
 * `realloc(old.ptr, old.bytes, align, bytes)` of side `to` (or `realloc(0, 0, …)` without
 * `old`) into the i32 local `dptr`, checked as `allocate` does. `old.ptr` is an i32 local.
 */
export function reallocate(g: Emit, to: MemSide, old: { ptr: number; bytes: Bytes } | undefined, align: number, bytes: Bytes, dptr: number): void {
  const c = g.code;
  const i32Of = (b: Bytes): void => void ('local' in b ? c.get(b.local).op('i32.wrap_i64') : c.i32(b.size));
  if (old === undefined) c.i32(0).i32(0);
  else {
    c.get(old.ptr);
    i32Of(old.bytes);
  }
  c.i32(align);
  i32Of(bytes);
  callRealloc(g, to);
  c.set(dptr);
  checkAlign(g, dptr, align);
  checkRange(g, to.mem!, dptr, bytes);
}

/**
 * Call side `to`'s realloc (its four arguments on the stack) with its may_leave flag cleared
 * meanwhile: every realloc an adapter calls goes through here.
 */
export function callRealloc(g: Emit, to: MemSide): void {
  setMayLeave(g.code, g.handles, to.instance, 0);
  g.code.call(to.realloc!);
  setMayLeave(g.code, g.handles, to.instance, 1);
}
