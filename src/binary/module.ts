/**
 * The decoded form of a WebAssembly module.
 *
 * Field names follow the spec's abstract syntax (funcidx, typeidx, memarg, blocktype…), so
 * that reading this file next to the spec is easy. The decoder produces it, the validator
 * checks it, the translator reads it; nothing downstream re-reads the bytes.
 *
 * Function bodies are flat instruction arrays (as in the binary format), not trees: `block`,
 * `loop` and `if` are followed by their body and closed by an `end` (with `else` between the
 * arms of an `if`). Every instruction keeps the byte offset of its opcode for error messages.
 */
import type { OpInfo } from './opcodes.js';
import type { RefType, ValType } from './types.js';

/** The value types (types.ts, shared with the opcode table). */
export type { AbsHeapType, HeapType, NumType, RefType, ValType, VecType } from './types.js';

/** A function type: parameters → results. */
export interface FuncType {
  params: ValType[];
  results: ValType[];
}

/** A field's storage: a value type, or a packed integer (GC: `i8`, `i16`, read as i32). */
export type StorageType = ValType | 'i8' | 'i16';

/** A struct field or an array's element type. */
export interface FieldType {
  type: StorageType;
  mutable: boolean;
}

/**
 * A composite type (Wasm 3.0): a function type (whose params/results are the FuncType's own
 * fields, so a FuncComp is a FuncType), a struct of fields, or an array of one element type.
 */
export type CompType = FuncComp | StructComp | ArrayComp;
export interface FuncComp extends FuncType {
  kind: 'func';
}
export interface StructComp {
  kind: 'struct';
  fields: FieldType[];
}
export interface ArrayComp {
  kind: 'array';
  elem: FieldType;
}

/**
 * One defined type of the type section (a `subtype` of Wasm 3.0): a composite type, whether
 * it is final, its declared supertype, and the recursive group it was defined in. A 2.0-style
 * `(type (func …))` is `sub final` without supertype, alone in its group.
 */
export interface SubType {
  /** The composite type. */
  comp: CompType;
  /** Declared `final` (or the plain form): no type may name it as its supertype. */
  final: boolean;
  /** The declared supertypes' indices (validation allows at most one). */
  supers: number[];
  /** Index (in Module.types) of the first type of its recursive group. */
  group: number;
  /** Number of types in its recursive group (1 for a type outside a `rec`). */
  groupSize: number;
  /** Byte offset of its definition, for messages. */
  pos: number;
}

/**
 * Limits of a memory (in pages) or a table (in elements); `max` absent = unbounded. u64 for
 * 64-bit memories and tables, held in a number: exact up to 2^53, and every bound validation
 * applies (2^48 pages at most) is far below that, except min <= max for bounds above 2^53
 * (table64 allows up to 2^64 - 1), which limits.ts decides exactly (`minAboveMax`).
 */
export interface Limits {
  min: number;
  max?: number;
  /**
   * Set when the exact u64 minimum exceeds the exact maximum although `min` and `max`, rounded
   * to numbers above 2^53, compare otherwise (the validator's "size minimum must not be greater
   * than maximum" needs the exact values; limits.ts).
   */
  minAboveMax?: true;
}

/** The address type of a memory or table (Wasm 3.0: i64 for memory64 and table64). */
export type AddrType = 'i32' | 'i64';

export interface TableType {
  /** i32, or i64 for a 64-bit table (table64). */
  addrType: AddrType;
  elemType: RefType;
  limits: Limits;
  /**
   * A defined table's initialiser (Wasm 3.0, the `0x40 0x00` form): every slot starts as its
   * value. Absent: slots start null (a table of a non-nullable type must have one).
   */
  init?: ConstExpr;
}

export interface MemType {
  /** i32, or i64 for a 64-bit memory (memory64). */
  addrType: AddrType;
  limits: Limits;
  /** log2 of the page size in bytes: 16 (64 KiB, the default) or 0 (custom page sizes). */
  pageSizeLog2: number;
  /**
   * A shared memory (threads proposal): several instances, on several threads, may import it;
   * absent for an unshared one.
   */
  shared?: true;
}

export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

/** What an import brings in; the index spaces put imports first, in import order. */
export type ImportDesc =
  | { kind: 'func'; typeidx: number }
  | { kind: 'table'; table: TableType }
  | { kind: 'memory'; mem: MemType }
  | { kind: 'global'; global: GlobalType }
  | { kind: 'tag'; tag: Tag };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

/**
 * A block type: no value (`empty`), one result (`value`), or an index into the type section
 * (`typeidx`, which may have parameters and several results).
 */
export type BlockType =
  | { kind: 'empty' }
  | { kind: 'value'; type: ValType }
  | { kind: 'typeidx'; typeidx: number };

/**
 * `memarg`: memory index, alignment exponent (log2 bytes) and a constant offset. The offset is
 * a u64 in the binary format and must fit the memory's address type (validation); held in a
 * number, exact up to 2^53 — a larger one can only address past the end of any memory.
 */
export interface MemArg {
  /** The memory accessed (Wasm 3.0 multiple memories; 0 unless the flags' bit 6 is set). */
  memidx: number;
  align: number;
  offset: number;
  /**
   * An offset above 2^53 (inexact in `offset`): its exact value mod 2^16, for the alignment
   * check of an atomic access (src/translate/atomic.ts), which must see its low bits.
   */
  offsetLow?: number;
}

/**
 * One instruction. `op` is the row of the opcode table (src/binary/opcodes.ts); which of the
 * optional immediate fields are set is decided by `op.imm`:
 *
 * | op.imm        | fields set                                                             |
 * |---------------|------------------------------------------------------------------------|
 * | none          | –                                                                      |
 * | block         | blockType                                                              |
 * | idx           | idx (labelidx, funcidx, localidx, globalidx, tableidx, elemidx, dataidx)|
 * | br_table      | labels (targets), idx (default target)                                 |
 * | call_indirect | idx = typeidx, idx2 = tableidx                                         |
 * | memarg        | memarg (with its memory index)                                         |
 * | mem           | idx = memory index (memory.size, memory.grow, memory.fill)             |
 * | i32 / i64     | value (i32: a JS number holding the signed 32-bit value; i64: bigint)  |
 * | f32 / f64     | bits (f32: u32 number; f64: u64 bigint) so NaN payloads are exact      |
 * | select_t      | types (the one result type of a typed `select`)                        |
 * | reftype       | refType (ref.null: the nullable reference type of its heap type)        |
 * | idx_idx       | idx, idx2: memory.init (dataidx, memidx), memory.copy (dst, src mem),   |
 * |               | table.init (elemidx, tableidx), table.copy (dst table, src table)      |
 * | v128          | bytes (16 bytes, little-endian lanes)                                  |
 * | memarg_lane   | memarg, lane                                                           |
 * | lane          | lane                                                                   |
 * | shuffle       | bytes (16 lane indices)                                                |
 * | try_table     | blockType, catches                                                     |
 */
/**
 * A tag (exception handling): the type of the values an exception of this tag carries, a
 * function type with no results (src/binary/tags.ts).
 */
export interface Tag {
  typeidx: number;
}

/** One handler of a `try_table`: which exceptions it catches and the label it branches to. */
export interface Catch {
  kind: 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref';
  /** The tag (catch, catch_ref). */
  tag?: number;
  label: number;
}

export interface Instr {
  op: OpInfo;
  /** Byte offset of the opcode in the module, for messages. */
  pos: number;
  idx?: number;
  idx2?: number;
  blockType?: BlockType;
  labels?: number[];
  memarg?: MemArg;
  value?: number | bigint;
  bits?: number | bigint;
  types?: ValType[];
  refType?: RefType;
  bytes?: Uint8Array;
  lane?: number;
  /** try_table: its handlers, in order (blockType holds its block type). */
  catches?: Catch[];
}

/**
 * A constant expression (global initialisers, segment offsets, element items): the
 * instructions without the final `end`.
 */
export type ConstExpr = Instr[];

/** A function defined in the module. `locals` lists the declared locals (not the params). */
export interface Func {
  typeidx: number;
  locals: ValType[];
  body: Instr[];
  /** Byte offset of the function body (its size field) in the module, for messages. */
  pos: number;
}

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

/** Element segment modes; `active` segments carry their table and offset. */
export type ElemMode =
  | { kind: 'passive' }
  | { kind: 'declarative' }
  | { kind: 'active'; tableidx: number; offset: ConstExpr };

export interface Elem {
  type: RefType;
  /** Each item is a constant expression (`ref.func i`, `ref.null t`, `global.get g`). */
  init: ConstExpr[];
  mode: ElemMode;
}

export type DataMode = { kind: 'passive' } | { kind: 'active'; memidx: number; offset: ConstExpr };

export interface Data {
  init: Uint8Array;
  mode: DataMode;
}

/** Names from the custom "name" section (subsection 0: module, 1: functions, 2: locals). */
export interface Names {
  module?: string;
  funcs: Map<number, string>;
  locals: Map<number, Map<number, string>>;
}

export interface CustomSection {
  name: string;
  /** Byte offset of the section contents. */
  pos: number;
  data: Uint8Array;
}

export interface Module {
  /**
   * The type section: every defined type (its composite type, supertype and recursive
   * group), in index order; a `rec` group's types take consecutive indices. funcType() gives
   * the function type at an index.
   */
  types: SubType[];
  imports: Import[];
  /** Defined functions only; funcidx = number of imported functions + index here. */
  funcs: Func[];
  tables: TableType[];
  mems: MemType[];
  /** Defined tags (the tag section; imported tags are in `imports`). */
  tags: Tag[];
  globals: Global[];
  exports: Export[];
  start?: number;
  elems: Elem[];
  datas: Data[];
  /** Value of the data count section, when present. */
  dataCount?: number;
  names: Names;
  customs: CustomSection[];
}

/** Helpers over the index spaces (imports first). */

/** The function type at type index `idx` of `types`; undefined if unknown or not a function type. */
export function funcTypeAt(types: readonly SubType[], idx: number): FuncComp | undefined {
  const t = types[idx];
  return t !== undefined && t.comp.kind === 'func' ? t.comp : undefined;
}

/** The function type at type index `idx` of `m`; undefined if unknown or not a function type. */
export function funcType(m: Module, idx: number): FuncComp | undefined {
  return funcTypeAt(m.types, idx);
}

/**
 * Append function type `ft` to `types` as a type of its own (final, no supertype, a group of
 * one: the 2.0 form); returns its index. For modules built by hand (tests, tools).
 */
export function addFuncType(types: SubType[], ft: FuncType): number {
  const idx = types.length;
  types.push({ comp: { kind: 'func', params: ft.params, results: ft.results }, final: true, supers: [], group: idx, groupSize: 1, pos: 0 });
  return idx;
}

/** The type of every function in the function index space; undefined where a type index is unknown. */
export function funcTypes(m: Module): Array<FuncType | undefined> {
  const out: Array<FuncType | undefined> = [];
  for (const imp of m.imports) if (imp.desc.kind === 'func') out.push(funcType(m, imp.desc.typeidx));
  for (const f of m.funcs) out.push(funcType(m, f.typeidx));
  return out;
}

/** All global types in the global index space. */
export function globalTypes(m: Module): GlobalType[] {
  const out: GlobalType[] = [];
  for (const imp of m.imports) if (imp.desc.kind === 'global') out.push(imp.desc.global);
  for (const g of m.globals) out.push(g.type);
  return out;
}

export function tableTypes(m: Module): TableType[] {
  const out: TableType[] = [];
  for (const imp of m.imports) if (imp.desc.kind === 'table') out.push(imp.desc.table);
  return out.concat(m.tables);
}

export function memTypes(m: Module): MemType[] {
  const out: MemType[] = [];
  for (const imp of m.imports) if (imp.desc.kind === 'memory') out.push(imp.desc.mem);
  return out.concat(m.mems);
}

/** All tags in the tag index space (imports first). */
export function tagTypes(m: Module): Tag[] {
  const out: Tag[] = [];
  for (const imp of m.imports) if (imp.desc.kind === 'tag') out.push(imp.desc.tag);
  return out.concat(m.tags);
}

export function emptyModule(): Module {
  return {
    types: [],
    imports: [],
    funcs: [],
    tables: [],
    mems: [],
    tags: [],
    globals: [],
    exports: [],
    elems: [],
    datas: [],
    names: { funcs: new Map(), locals: new Map() },
    customs: [],
  };
}
