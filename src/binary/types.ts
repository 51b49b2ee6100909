/**
 * The value types of Wasm 3.0 (as far as awsm decodes them), in their own file so that both
 * the opcode table (opcodes.ts) and the decoded module (module.ts, which re-exports them) can
 * name them without importing each other.
 *
 * A reference type is `(ref null? ht)`: a heap type `ht` and whether null is a value of it.
 * Heap types are abstract (one row each in ABS_HEAP_TYPES: `func`, `extern`, `exn`, GC's `any`,
 * `eq`, `i31`, `struct`, `array`, and the bottoms `nofunc`, `noextern`, `noexn`, `none`) or
 * concrete (a type index of the module: a function, struct or array type, module.ts). Reference types are held as
 * canonical strings, so that they compare with `===`, serve as map keys and switch cases like
 * the number types do:
 *
 * | type                     | string          |
 * |--------------------------|-----------------|
 * | (ref null func)          | `funcref`       | (the 2.0 spellings: the nullable abstract
 * | (ref null nofunc)        | `nullfuncref`   |  forms are the row's `short` name)
 * | (ref func)               | `(ref func)`    |
 * | (ref null 3)             | `(ref null 3)`  |
 * | (ref 3)                  | `(ref 3)`       |
 *
 * `refInfo` takes a string apart, `refType` builds one; subtyping (`matches`) lives in
 * src/validate/subtype.ts. A concrete index is module-local: comparing two of them needs the
 * module's type section (iso-recursive canonicalisation of whole recursive groups,
 * src/validate/canon.ts).
 */

/** Number types and the vector type. */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
export type VecType = 'v128';

/** The abstract heap types awsm knows, by their text names. */
export type AbsHeapType =
  | 'func' | 'nofunc' | 'extern' | 'noextern' | 'exn' | 'noexn'
  | 'any' | 'eq' | 'i31' | 'struct' | 'array' | 'none';

/** A heap type: abstract, or a type index (concrete). */
export type HeapType = AbsHeapType | number;

/** A reference type, in its canonical string form (see the table above). */
export type RefType =
  | 'funcref'
  | 'externref'
  | 'nullfuncref'
  | 'nullexternref'
  | 'exnref'
  | 'nullexnref'
  | 'anyref'
  | 'eqref'
  | 'i31ref'
  | 'structref'
  | 'arrayref'
  | 'nullref'
  | `(ref ${AbsHeapType})`
  | `(ref null ${number})`
  | `(ref ${number})`;

export type ValType = NumType | VecType | RefType;

/** One abstract heap type: its encoding, names and place in its hierarchy. */
export interface AbsHeapInfo {
  /** Text name (`func`). */
  name: AbsHeapType;
  /** The byte encoding the heap type, and (as a value type) its nullable reference type. */
  byte: number;
  /** The shorthand of the nullable reference type (`funcref`), also its canonical string. */
  short: RefType;
  /** Top of its hierarchy: every heap type of the hierarchy is a subtype of it. */
  top: AbsHeapType;
  /** Bottom of its hierarchy: a subtype of every heap type of the hierarchy. */
  bottom: AbsHeapType;
  /**
   * The abstract heap type directly above it (`eq` for `i31`, `any` for `eq`); absent for a
   * top and for a bottom (which lies below every type of its hierarchy).
   */
  parent?: AbsHeapType;
}

/**
 * The abstract heap types. `exn` (exnref: a caught exception, src/binary/tags.ts) and `noexn`
 * come from exception handling; GC's hierarchy is any ⊇ eq ⊇ {i31, struct, array} ⊇ none
 * (concrete struct and array types lie below `struct` and `array`, function types below `func`).
 */
export const ABS_HEAP_TYPES: readonly AbsHeapInfo[] = [
  { name: 'func', byte: 0x70, short: 'funcref', top: 'func', bottom: 'nofunc' },
  { name: 'nofunc', byte: 0x73, short: 'nullfuncref', top: 'func', bottom: 'nofunc' },
  { name: 'extern', byte: 0x6f, short: 'externref', top: 'extern', bottom: 'noextern' },
  { name: 'noextern', byte: 0x72, short: 'nullexternref', top: 'extern', bottom: 'noextern' },
  { name: 'exn', byte: 0x69, short: 'exnref', top: 'exn', bottom: 'noexn' },
  { name: 'noexn', byte: 0x74, short: 'nullexnref', top: 'exn', bottom: 'noexn' },
  { name: 'any', byte: 0x6e, short: 'anyref', top: 'any', bottom: 'none' },
  { name: 'eq', byte: 0x6d, short: 'eqref', top: 'any', bottom: 'none', parent: 'any' },
  { name: 'i31', byte: 0x6c, short: 'i31ref', top: 'any', bottom: 'none', parent: 'eq' },
  { name: 'struct', byte: 0x6b, short: 'structref', top: 'any', bottom: 'none', parent: 'eq' },
  { name: 'array', byte: 0x6a, short: 'arrayref', top: 'any', bottom: 'none', parent: 'eq' },
  { name: 'none', byte: 0x71, short: 'nullref', top: 'any', bottom: 'none' },
];

const BY_NAME = new Map<AbsHeapType, AbsHeapInfo>(ABS_HEAP_TYPES.map((h) => [h.name, h]));
const BY_BYTE = new Map<number, AbsHeapInfo>(ABS_HEAP_TYPES.map((h) => [h.byte, h]));

/** The row of an abstract heap type. */
export function absHeap(name: AbsHeapType): AbsHeapInfo {
  return BY_NAME.get(name) as AbsHeapInfo;
}

/** The abstract heap type encoded by `byte`, if awsm knows it. */
export function absHeapByByte(byte: number): AbsHeapInfo | undefined {
  return BY_BYTE.get(byte);
}

/** A reference type taken apart. */
export interface RefInfo {
  nullable: boolean;
  heap: HeapType;
}

const INFO = new Map<string, RefInfo>();
for (const h of ABS_HEAP_TYPES) {
  INFO.set(h.short, { nullable: true, heap: h.name });
  INFO.set(`(ref ${h.name})`, { nullable: false, heap: h.name });
}

/** The reference type `(ref null? heap)`, in canonical form. */
export function refType(nullable: boolean, heap: HeapType): RefType {
  if (typeof heap === 'number') return nullable ? `(ref null ${heap})` : `(ref ${heap})`;
  return nullable ? absHeap(heap).short : `(ref ${heap})`;
}

/** Whether `t` (a value type, or a validator's operand: `unknown`, `botref`) is a reference type. */
export function isRef(t: string): t is RefType {
  return t !== 'i32' && t !== 'i64' && t !== 'f32' && t !== 'f64' && t !== 'v128' && t !== 'unknown' && t !== 'botref';
}

/** Nullability and heap type of a reference type. */
export function refInfo(t: RefType): RefInfo {
  let info = INFO.get(t);
  if (info === undefined) {
    // Only concrete forms are missing from the table: `(ref null N)` or `(ref N)`.
    const nullable = t.startsWith('(ref null ');
    const heap = Number(t.slice(nullable ? 10 : 5, -1));
    INFO.set(t, (info = { nullable, heap }));
  }
  return info;
}

/** The kind of a defined type, as far as the hierarchy of references to it goes (module.ts). */
export interface KindOf {
  comp: { kind: 'func' | 'struct' | 'array' };
}

/**
 * The abstract top of the hierarchy of a reference type: `func` for function references,
 * `any` for GC objects, `extern` for external ones. A concrete index is a function type unless
 * `types` (the module's type section) says it is a struct or array type. The ABI represents
 * every reference by its top (docs/abi.md): a `(ref $t)` of a function type is a funcref.
 */
export function topOf(t: RefType, types?: readonly KindOf[]): AbsHeapType {
  const heap = refInfo(t).heap;
  if (typeof heap !== 'number') return absHeap(heap).top;
  const kind = types?.[heap]?.comp.kind ?? 'func';
  return kind === 'func' ? 'func' : 'any';
}

/** The nullable top reference type of `t`'s hierarchy (`funcref`, `externref`): its ABI type. */
export function topRef(t: RefType, types?: readonly KindOf[]): RefType {
  return absHeap(topOf(t, types)).short;
}
