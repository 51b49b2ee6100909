/**
 * Decoding of the component model's types (Binary.md, "Type Definitions") and of the small
 * productions they share with the sections: sorts, aliases, extern descriptors, import and
 * export names. decoder.ts reads the sections and calls in here.
 *
 *   type      ::= defvaltype | functype (0x40) | componenttype (0x41) | instancetype (0x42)
 *               | resourcetype (0x3f 0x7f dtor?)
 *   valtype   ::= typeidx (a non-negative s33) | primvaltype (0x7f bool … 0x73 string)
 *   core:type ::= core:functype (0x60) | core:moduletype (0x50 vec(moduledecl))
 *
 * Encodings of later proposals (async: stream, future, error-context, async functions and
 * destructors; fixed-size lists; GC core types) are refused by name with an UnsupportedError,
 * so that a well-formed component of a later version gets a line naming the feature rather
 * than "malformed". Decoding never recurses more than MAX_NESTING levels (types in types,
 * components in components): without a limit a few kilobytes of 0x42 0x01 0x01 … would
 * exhaust the stack.
 */
import { globalType, tableType, valType as coreValType } from '../binary/decoder.js';
import { memType } from '../binary/limits.js';
import type { Reader } from '../binary/reader.js';
import { tagType } from '../binary/tags.js';
import type { ImportDesc as CoreImportDesc } from '../binary/module.js';
import { UnsupportedError } from '../errors.js';
import type {
  Alias,
  AliasTarget,
  Case,
  ComponentDecl,
  CoreSort,
  CoreType,
  ExternDesc,
  InstanceDecl,
  LabelValType,
  ModuleDecl,
  PrimValType,
  Sort,
  Type,
  ValType,
} from './ast.js';

/** Deepest nesting of types in types, and of components in components (docs/security.md). */
export const MAX_NESTING = 100;

/** Feature names of the later proposals, as the messages give them. */
export const ASYNC = 'component-model async';
export const VALUES = 'component-model value definitions';

/** A vector: a length (bounded by the bytes left), then that many elements. */
export function vec<T>(r: Reader, each: () => T): T[] {
  const n = r.len();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(each());
  return out;
}

/** Refuse a well-formed encoding of a later proposal, naming it. */
export function unsupported(feature: string, what: string, at: number): never {
  throw new UnsupportedError(feature, what, { offset: at });
}

/** Check the nesting `depth` against MAX_NESTING. */
export function nest(r: Reader, depth: number, at: number): number {
  if (depth >= MAX_NESTING) r.fail(`nesting too deep (implementation limit: ${MAX_NESTING} levels)`, at);
  return depth + 1;
}

// ---- sorts, names, aliases ----------------------------------------------------------------------

const CORE_SORTS = new Map<number, CoreSort>([
  [0x00, 'func'],
  [0x01, 'table'],
  [0x02, 'memory'],
  [0x03, 'global'],
  [0x04, 'tag'],
  [0x10, 'type'],
  [0x11, 'module'],
  [0x12, 'instance'],
]);

export function coreSort(r: Reader): CoreSort {
  const at = r.pos;
  const s = CORE_SORTS.get(r.u8());
  if (s === undefined) r.fail('malformed core sort', at);
  return s;
}

const SORTS: ReadonlyArray<Sort | undefined> = [undefined, 'func', 'value', 'type', 'component', 'instance'];

export function sort(r: Reader): Sort {
  const at = r.pos;
  const b = r.u8();
  if (b === 0x00) return `core ${coreSort(r)}`;
  const s = SORTS[b];
  if (s === undefined) r.fail('malformed sort', at);
  return s;
}

/**
 * An import or export name (importname', exportname'): 0x00 and the name. 0x01 is the
 * discriminant older encoders gave interface names (`ns:pkg/iface`); wasm-tools still reads it.
 */
export function externName(r: Reader): string {
  const at = r.pos;
  const b = r.u8();
  if (b !== 0x00 && b !== 0x01) r.fail('malformed import or export name', at);
  return r.name();
}

export function alias(r: Reader): Alias {
  const s = sort(r);
  const at = r.pos;
  let target: AliasTarget;
  switch (r.u8()) {
    case 0x00: target = { kind: 'export', instance: r.u32(), name: r.name() }; break;
    case 0x01: target = { kind: 'core export', instance: r.u32(), name: r.name() }; break;
    case 0x02: target = { kind: 'outer', count: r.u32(), idx: r.u32() }; break;
    default: return r.fail('malformed alias target', at);
  }
  return { sort: s, target };
}

// ---- value types ----------------------------------------------------------------------------

/** The primitive value types by their byte (0x7f bool down to 0x73 string). */
const PRIMS: readonly PrimValType[] = ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string'];

function prim(b: number): PrimValType | undefined {
  return b <= 0x7f && b >= 0x73 ? PRIMS[0x7f - b] : undefined;
}

/** A valtype: a type index (a non-negative s33) or a primitive type. */
export function valType(r: Reader): ValType {
  const at = r.pos;
  const b = r.peek();
  if (b >= 0 && (b & 0xc0) === 0x40) {
    r.pos++;
    const p = prim(b);
    if (p !== undefined) return p;
    if (b === 0x64) unsupported(ASYNC, 'error-context type', at);
    return r.fail('malformed value type', at);
  }
  const x = r.s33();
  if (x < 0) r.fail('malformed value type', at);
  return x;
}

/** `<T>?`: 0x00 for none, 0x01 then the value. */
function optional<T>(r: Reader, what: string, read: () => T): T | undefined {
  const at = r.pos;
  switch (r.u8()) {
    case 0x00: return undefined;
    case 0x01: return read();
    default: return r.fail(`malformed ${what}: expected 0x00 or 0x01`, at);
  }
}

function labelValType(r: Reader): LabelValType {
  return { label: r.name(), type: valType(r) };
}

function variantCase(r: Reader): Case {
  const label = r.name();
  const type = optional(r, 'variant case type', () => valType(r));
  // The trailing byte was once the index of a refined case; it is 0x00 now.
  r.expect(0x00, 'malformed variant case: refinement is not supported');
  return type === undefined ? { label } : { label, type };
}

/** The result list of a function type: 0x00 and one type, or 0x01 0x00 for none. */
function resultList(r: Reader): ValType | undefined {
  const at = r.pos;
  switch (r.u8()) {
    case 0x00: return valType(r);
    case 0x01:
      // Once a vector of named results; only the empty vector remains.
      if (r.u32() !== 0) r.fail('malformed function type: named results are no longer part of the component model', at);
      return undefined;
    default: return r.fail('malformed function type result list', at);
  }
}

// ---- type definitions ----------------------------------------------------------------------

/** A type definition (deftype or resourcetype) at nesting `depth`. */
export function type(r: Reader, depth: number): Type {
  const at = r.pos;
  const b = r.u8();
  const p = prim(b);
  if (p !== undefined) return { kind: 'prim', prim: p };
  switch (b) {
    case 0x72: return { kind: 'record', fields: vec(r, () => labelValType(r)) };
    case 0x71: return { kind: 'variant', cases: vec(r, () => variantCase(r)) };
    case 0x70: return { kind: 'list', elem: valType(r) };
    case 0x6f: return { kind: 'tuple', types: vec(r, () => valType(r)) };
    case 0x6e: return { kind: 'flags', labels: vec(r, () => r.name()) };
    case 0x6d: return { kind: 'enum', labels: vec(r, () => r.name()) };
    case 0x6b: return { kind: 'option', type: valType(r) };
    case 0x6a: {
      const ok = optional(r, 'result type', () => valType(r));
      const err = optional(r, 'result error type', () => valType(r));
      return { kind: 'result', ...(ok !== undefined ? { ok } : {}), ...(err !== undefined ? { err } : {}) };
    }
    case 0x69: return { kind: 'own', resource: r.u32() };
    case 0x68: return { kind: 'borrow', resource: r.u32() };
    case 0x67: return unsupported('fixed-size lists', 'list type with a length', at);
    case 0x66: return unsupported(ASYNC, 'stream type', at);
    case 0x65: return unsupported(ASYNC, 'future type', at);
    case 0x64: return unsupported(ASYNC, 'error-context type', at);
    case 0x40: return { kind: 'func', func: { params: vec(r, () => labelValType(r)), ...optionalResult(resultList(r)) } };
    case 0x43: return unsupported(ASYNC, 'async function type', at);
    case 0x41: {
      const d = nest(r, depth, at);
      return { kind: 'component', decls: vec(r, () => componentDecl(r, d)) };
    }
    case 0x42: {
      const d = nest(r, depth, at);
      return { kind: 'instance', decls: vec(r, () => instanceDecl(r, d)) };
    }
    case 0x3f: {
      r.expect(0x7f, 'malformed resource type: the representation must be i32');
      const dtor = optional(r, 'resource destructor', () => r.u32());
      return dtor === undefined ? { kind: 'resource' } : { kind: 'resource', dtor };
    }
    case 0x3e: return unsupported(ASYNC, 'resource type with an async destructor', at);
  }
  return r.fail(`malformed type: unknown type constructor 0x${b.toString(16)}`, at);
}

function optionalResult(result: ValType | undefined): { result?: ValType } {
  return result === undefined ? {} : { result };
}

export function externDesc(r: Reader): ExternDesc {
  const at = r.pos;
  switch (r.u8()) {
    case 0x00:
      r.expect(0x11, 'malformed extern descriptor: a core import must be a module');
      return { kind: 'core module', type: r.u32() };
    case 0x01: return { kind: 'func', type: r.u32() };
    case 0x02: return unsupported(VALUES, 'value import or export', at);
    case 0x03: {
      const bt = r.pos;
      switch (r.u8()) {
        case 0x00: return { kind: 'type', bound: { kind: 'eq', type: r.u32() } };
        case 0x01: return { kind: 'type', bound: { kind: 'sub resource' } };
        default: return r.fail('malformed type bound', bt);
      }
    }
    case 0x04: return { kind: 'component', type: r.u32() };
    case 0x05: return { kind: 'instance', type: r.u32() };
  }
  return r.fail('malformed extern descriptor', at);
}

function instanceDecl(r: Reader, depth: number): InstanceDecl {
  const offset = r.pos;
  switch (r.u8()) {
    case 0x00: return { kind: 'core type', type: coreType(r, depth), offset };
    case 0x01: return { kind: 'type', type: type(r, depth), offset };
    case 0x02: return { kind: 'alias', alias: alias(r), offset };
    case 0x04: return { kind: 'export', name: externName(r), desc: externDesc(r), offset };
  }
  return r.fail('malformed instance type declaration', offset);
}

function componentDecl(r: Reader, depth: number): ComponentDecl {
  if (r.peek() !== 0x03) return instanceDecl(r, depth);
  const offset = r.pos++;
  return { kind: 'import', name: externName(r), desc: externDesc(r), offset };
}

// ---- core types -----------------------------------------------------------------------------

/** A core type: a function type, or a module type (whose declarations cannot nest further). */
export function coreType(r: Reader, depth: number): CoreType {
  const at = r.pos;
  const b = r.u8();
  if (b === 0x60) return { kind: 'func', type: { params: vec(r, () => coreValType(r)), results: vec(r, () => coreValType(r)) } };
  if (b === 0x50) {
    const d = nest(r, depth, at);
    return { kind: 'module', decls: vec(r, () => moduleDecl(r, d)), offset: at };
  }
  if (b === 0x4e || b === 0x4f || b === 0x5e || b === 0x5f) unsupported('garbage collection', 'core GC type in a component', at);
  return r.fail('malformed core type', at);
}

function coreImportDesc(r: Reader): CoreImportDesc {
  const at = r.pos;
  switch (r.u8()) {
    case 0: return { kind: 'func', typeidx: r.u32() };
    case 1: return { kind: 'table', table: tableType(r) };
    case 2: return { kind: 'memory', mem: memType(r) };
    case 3: return { kind: 'global', global: globalType(r) };
    case 4: return { kind: 'tag', tag: tagType(r) };
  }
  return r.fail('malformed import kind', at);
}

function moduleDecl(r: Reader, depth: number): ModuleDecl {
  const at = r.pos;
  switch (r.u8()) {
    case 0x00: return { kind: 'import', module: r.name(), name: r.name(), desc: coreImportDesc(r) };
    case 0x01: return { kind: 'type', type: coreType(r, depth) };
    case 0x02: {
      const s = coreSort(r);
      r.expect(0x01, 'malformed core alias: only outer aliases are allowed in a module type');
      return { kind: 'alias', sort: s, count: r.u32(), idx: r.u32() };
    }
    case 0x03: return { kind: 'export', name: r.name(), desc: coreImportDesc(r) };
  }
  return r.fail('malformed module type declaration', at);
}
