/**
 * The validation context C of the spec (section 3.1.1): what is in scope while checking a
 * module's parts — types, the function/table/memory/global index spaces (imports first),
 * element and data segments, and C.refs, the functions that `ref.func` may name in code.
 */
import { ValidationError } from '../errors.js';
import type { FuncType, GlobalType, MemType, Module, RefType, SubType, TableType, ValType } from '../binary/module.js';
import { isRef, refInfo } from '../binary/types.js';

export interface Context {
  module: Module;
  /** The type section (subtyping and type identity need all of it, not only function types). */
  types: SubType[];
  /** Type of every function in the function index space. */
  funcs: FuncType[];
  /** Type index of every function in the function index space (ref.func's `(ref $t)`). */
  funcTypeIdx: number[];
  tables: TableType[];
  mems: MemType[];
  globals: GlobalType[];
  /**
   * How many of `globals` are imported: a global's initialiser may read those and the
   * globals defined before it (Wasm 3.0).
   */
  importedGlobals: number;
  /** Type of every tag in the tag index space (exceptions.ts). */
  tags: FuncType[];
  /** Element type of each element segment. */
  elems: RefType[];
  /** Number of data segments. */
  datas: number;
  /** C.refs: 1 at funcidx if that function is referenced outside function bodies. */
  refs: Uint8Array;
}

/** Throw the spec's "invalid" error, located at a byte offset and/or in a function. */
export function invalid(message: string, offset?: number, funcidx?: number): never {
  const where: { offset?: number; funcidx?: number } = {};
  if (offset !== undefined) where.offset = offset;
  if (funcidx !== undefined) where.funcidx = funcidx;
  throw new ValidationError(message, where);
}

/**
 * A value type must name only existing types: the heap type of a concrete reference is an
 * index below `limit` (the type section's length; while checking the type section itself,
 * the types up to and including the one being defined, which may refer to itself).
 */
export function checkValType(ctx: Context, t: ValType, offset?: number, funcidx?: number, limit = ctx.types.length): void {
  if (!isRef(t)) return;
  const heap = refInfo(t).heap;
  if (typeof heap === 'number' && heap >= limit) invalid(`unknown type ${heap}`, offset, funcidx);
}
