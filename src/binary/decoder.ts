/**
 * The binary decoder: bytes → Module (spec chapter 5, "Binary Format").
 *
 * It checks everything the spec calls *malformed* — section ids, order and sizes, LEB128
 * forms, UTF-8 names, opcodes and immediates, block nesting, the function/code and data
 * count/data agreements — and nothing that is *invalid* (index ranges, types): that is the
 * validator's job, and the testsuite tells the two apart (assert_malformed vs assert_invalid).
 *
 * Reads are bounded by the end of the module, not of the current section, and sizes are checked
 * afterwards ("section size mismatch"), as in the reference interpreter: the testsuite's
 * expected messages depend on it (a function missing its `end` at the end of the code section
 * reads into the next section and then fails the size check).
 *
 * Error messages contain the testsuite's expected text; every failure is a DecodeError.
 */
import { isPrefix, lookupOp, lookupPrefixedOp, opByName, type OpInfo } from './opcodes.js';
import { parseNames } from './names.js';
import { memType, tableLimits } from './limits.js';
import { Reader, UNEXPECTED_END } from './reader.js';
import { catchList, tagType } from './tags.js';
import { absHeapByByte, refType as refTypeOf } from './types.js';
import { UnsupportedError } from '../errors.js';
import {
  emptyModule,
  funcType,
  type BlockType,
  type CompType,
  type ConstExpr,
  type Data,
  type Elem,
  type ElemMode,
  type FieldType,
  type GlobalType,
  type HeapType,
  type ImportDesc,
  type Instr,
  type MemArg,
  type Module,
  type RefType,
  type StorageType,
  type SubType,
  type TableType,
  type ValType,
} from './module.js';

/**
 * Implementation limits on declared locals. The spec allows up to 2^32-1 per function, but
 * `Func.locals` is an expanded list, so a few bytes could otherwise demand gigabytes. The
 * per-function limit is the one of the JS API (and of the web engines). The module-wide one
 * keeps the expanded lists proportional to the input, like the instruction arrays are (a few
 * bytes of code already cost tens of bytes of `Instr`).
 */
export const MAX_FUNC_LOCALS = 50_000;
export function maxModuleLocals(moduleBytes: number): number {
  return (1 << 20) + 8 * moduleBytes;
}

/**
 * Implementation limits on function types, also the JS API's. Without them a module could
 * cost time and memory quadratic in its size: every block, branch, call and return of a type
 * with P values costs O(P) in the validator and the translator (a 100 KB module of 30,000
 * blocks of a 30,000-value type took a minute to validate and then exhausted the translator's
 * memory). docs/security.md lists every limit.
 */
export const MAX_FUNC_PARAMS = 1000;
export const MAX_FUNC_RESULTS = 1000;

// Opcode lookups, derived from the opcode table once.
const SINGLE: Array<OpInfo | undefined> = [];
const PREFIX = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  SINGLE.push(lookupOp(b));
  PREFIX[b] = isPrefix(b) ? 1 : 0;
}
const OP_BLOCK = opByName('block');
const OP_LOOP = opByName('loop');
const OP_IF = opByName('if');
const OP_ELSE = opByName('else');
const OP_END = opByName('end');
const OP_TRY_TABLE = opByName('try_table');
const OP_TRY = opByName('try');
const OP_DELEGATE = opByName('delegate');
const OP_REF_FUNC = opByName('ref.func');
const OP_MEMORY_INIT = opByName('memory.init');
const OP_DATA_DROP = opByName('data.drop');
const OP_ARRAY_NEW_DATA = opByName('array.new_data');
const OP_ARRAY_INIT_DATA = opByName('array.init_data');

/** The tag section of Wasm 3.0 (exception handling), between memory and global sections. */
const TAG_SECTION = 13;

/** Section ids in their required order; the data count section (12) precedes code (10). */
const SECTION_ORDER: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

const EMPTY_BLOCK: BlockType = { kind: 'empty' };

/** Decoding state shared by the section readers. */
interface State {
  r: Reader;
  m: Module;
  /** Type indices from the function section, until the code section pairs them with bodies. */
  funcTypes: number[];
  hasDataCount: boolean;
  /**
   * Offset of the first instruction naming a data segment (memory.init, data.drop,
   * array.new_data, array.init_data) in the code, if any: it needs the
   * data count section.
   */
  dataIndexUse?: number;
  totalLocals: number;
  /** Scratch stack of open blocks while decoding an expression (see readExpr). */
  frames: number[];
  /**
   * The first well-formed construct of a feature awsm does not support (a tag section or
   * import), thrown once the whole module has decoded: malformed bytes later on win.
   */
  unsupported?: UnsupportedError;
}

/** Decode a binary module. Throws DecodeError if it is malformed. */
export function decodeModule(bytes: Uint8Array): Module {
  const r: Reader = new Reader(bytes);
  // Magic "\0asm" and version 1, each read as a little-endian u32.
  if (bytes.length < 4) r.fail('unexpected end', bytes.length);
  if (r.f32bits() !== 0x6d736100) r.fail('magic header not detected', 0);
  if (bytes.length < 8) r.fail('unexpected end', bytes.length);
  if (r.f32bits() !== 1) r.fail('unknown binary version', 4);

  const st: State = { r, m: emptyModule(), funcTypes: [], hasDataCount: false, totalLocals: 0, frames: [] };
  const m = st.m;
  let lastOrder = 0;
  let sawCode = false;
  let tagSeen = false;
  while (!r.eof()) {
    const idAt = r.pos;
    const id = r.u8();
    if (id > 12 && id !== TAG_SECTION) r.fail('malformed section id', idAt);
    const size = r.len();
    const start = r.pos;
    if (id === TAG_SECTION) {
      // Between the memory (5) and global (6) sections.
      if (lastOrder > SECTION_ORDER[5]! || tagSeen) r.fail('unexpected content after last section', idAt);
      tagSeen = true;
      vec(r, () => m.tags.push(tagType(r)));
      if (r.pos !== start + size) r.fail('section size mismatch', start);
      continue;
    }
    if (id === 0) {
      // len() bounds the size from the start of its own field; the contents must fit too.
      if (start + size > bytes.length) r.fail(UNEXPECTED_END, bytes.length);
      customSection(st, start, start + size);
      r.pos = start + size;
      continue;
    }
    const order = SECTION_ORDER[id] as number;
    if (order <= lastOrder || (tagSeen && order <= SECTION_ORDER[5]!)) r.fail('unexpected content after last section', idAt);
    lastOrder = order;
    switch (id) {
      case 1: typeSection(st); break;
      case 2: importSection(st); break;
      case 3: vec(r, () => st.funcTypes.push(r.u32())); break;
      case 4: vec(r, () => m.tables.push(definedTable(st))); break;
      case 5: vec(r, () => m.mems.push(memType(r))); break;
      case 6: vec(r, () => m.globals.push({ type: globalType(r), init: constExpr(st) })); break;
      case 7: exportSection(st); break;
      case 8: m.start = r.u32(); break;
      case 9: vec(r, () => m.elems.push(elemSegment(st))); break;
      case 12: m.dataCount = r.u32(); st.hasDataCount = true; break;
      case 10: codeSection(st); sawCode = true; break;
      case 11: vec(r, () => m.datas.push(dataSegment(st))); break;
    }
    if (r.pos !== start + size) r.fail('section size mismatch', start);
  }
  if (!sawCode && st.funcTypes.length !== 0) {
    r.fail('function and code section have inconsistent lengths', r.pos);
  }
  // Data indices in code need the data count section, so that single-pass compilers know the
  // number of segments before the code (spec 5.5.16). Without any data segment every data
  // index is out of range anyway; we then leave the module to the validator ("unknown data
  // segment"), which is what the testsuite expects of the modules wast2json produces for
  // memory_init.wast (wabt emits no data count section when there are no segments).
  if (st.dataIndexUse !== undefined && !st.hasDataCount && m.datas.length > 0) {
    r.fail('data count section required', st.dataIndexUse);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
    r.fail('data count and data section have inconsistent lengths', r.pos);
  }
  if (st.unsupported !== undefined) throw st.unsupported;
  return m;
}

/** A vector: a length (bounded by the bytes left), then that many elements. */
function vec(r: Reader, each: () => void): void {
  const n = r.len();
  for (let i = 0; i < n; i++) each();
}

// ---- custom sections ------------------------------------------------------------------------

function customSection(st: State, start: number, end: number): void {
  const bytes = st.r.bytes;
  // The name is part of the binary format (a malformed one makes the module malformed); the
  // contents are not, so a bad "name" section is ignored rather than rejected.
  const sub = new Reader(bytes, start, end);
  const name = sub.name();
  const data = bytes.subarray(sub.pos, end);
  st.m.customs.push({ name, pos: sub.pos, data });
  if (name === 'name') {
    const names = parseNames(bytes, sub.pos, end);
    if (names !== undefined) st.m.names = names;
  }
}

// ---- types ----------------------------------------------------------------------------------

export function valType(r: Reader): ValType {
  const at = r.pos;
  switch (r.typeByte()) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
  }
  r.pos = at;
  return refType(r, 'malformed value type');
}

/**
 * A reference type: `0x64 ht` (ref ht), `0x63 ht` (ref null ht), or the one-byte shorthand of
 * a nullable abstract type (0x70 funcref, 0x6e anyref…).
 */
function refType(r: Reader, malformed = 'malformed reference type'): RefType {
  const at = r.pos;
  const b = r.typeByte();
  if (b === 0x63 || b === 0x64) return refTypeOf(b === 0x63, heapType(r));
  const abs = absHeapByByte(b);
  if (abs !== undefined) return abs.short;
  return r.fail(malformed, at);
}

/** A heap type: an abstract one (one negative s33 byte) or a type index (a non-negative s33). */
function heapType(r: Reader): HeapType {
  const at = r.pos;
  const b = r.peek();
  if (b >= 0 && (b & 0xc0) === 0x40) {
    r.pos++;
    const abs = absHeapByByte(b);
    if (abs !== undefined) return abs.name;
    return r.fail('malformed reference type', at);
  }
  const x = r.s33();
  if (x < 0) r.fail('malformed reference type', at);
  return x;
}

function valTypes(r: Reader): ValType[] {
  const n = r.len();
  const out: ValType[] = [];
  for (let i = 0; i < n; i++) out.push(valType(r));
  return out;
}

export function tableType(r: Reader): TableType {
  return tableLimits(r, refType(r));
}

/** A defined table: its type, or (Wasm 3.0) `0x40 0x00`, its type and an initialiser. */
function definedTable(st: State): TableType {
  const r = st.r;
  if (r.peek() !== 0x40) return tableType(r);
  r.pos++;
  r.expect(0x00, 'malformed table');
  const t = tableType(r);
  t.init = constExpr(st);
  return t;
}

export function globalType(r: Reader): GlobalType {
  const type = valType(r);
  const at = r.pos;
  const mut = r.u8();
  if (mut > 1) r.fail('malformed mutability', at);
  return { type, mutable: mut === 1 };
}

/**
 * The type section (Wasm 3.0): recursive groups of subtypes.
 *
 *   rectype  ::= 0x4e vec(subtype) | subtype          (a lone subtype is a group of one)
 *   subtype  ::= 0x50 vec(typeidx) comptype            (sub: may be extended)
 *              | 0x4f vec(typeidx) comptype            (sub final)
 *              | comptype                              (final, no supertype)
 *   comptype ::= 0x60 functype | 0x5f vec(fieldtype) | 0x5e fieldtype
 */
function typeSection(st: State): void {
  const r: Reader = st.r;
  const types = st.m.types;
  vec(r, () => {
    if (r.peek() !== 0x4e) {
      types.push(subType(r, types.length, 1));
      return;
    }
    r.pos++;
    const n = r.len();
    const group = types.length;
    for (let i = 0; i < n; i++) types.push(subType(r, group, n));
  });
}

function subType(r: Reader, group: number, groupSize: number): SubType {
  const pos = r.pos;
  const b = r.peek();
  if (b !== 0x50 && b !== 0x4f) return { comp: compType(r), final: true, supers: [], group, groupSize, pos };
  r.pos++;
  const supers: number[] = [];
  vec(r, () => supers.push(r.u32()));
  return { comp: compType(r), final: b === 0x4f, supers, group, groupSize, pos };
}

function compType(r: Reader): CompType {
  const at = r.pos;
  const form = r.typeByte();
  if (form === 0x5f) {
    const fields: FieldType[] = [];
    vec(r, () => fields.push(fieldType(r)));
    return { kind: 'struct', fields };
  }
  if (form === 0x5e) return { kind: 'array', elem: fieldType(r) };
  if (form !== 0x60) r.fail('malformed function type', at);
  const paramsAt = r.pos;
  const params = valTypes(r);
  if (params.length > MAX_FUNC_PARAMS) r.fail(`too many parameters (implementation limit: ${MAX_FUNC_PARAMS})`, paramsAt);
  const resultsAt = r.pos;
  const results = valTypes(r);
  if (results.length > MAX_FUNC_RESULTS) r.fail(`too many results (implementation limit: ${MAX_FUNC_RESULTS})`, resultsAt);
  return { kind: 'func', params, results };
}

/** A field type: a storage type (a value type or the packed i8 0x78, i16 0x77), then mutability. */
function fieldType(r: Reader): FieldType {
  const b = r.peek();
  let type: StorageType;
  if (b === 0x78 || b === 0x77) {
    r.pos++;
    type = b === 0x78 ? 'i8' : 'i16';
  } else type = valType(r);
  const at = r.pos;
  const mut = r.u8();
  if (mut > 1) r.fail('malformed mutability', at);
  return { type, mutable: mut === 1 };
}

// ---- imports and exports ----------------------------------------------------------------------

function importSection(st: State): void {
  const r: Reader = st.r;
  vec(r, () => {
    const module = r.name();
    const name = r.name();
    const at = r.pos;
    let desc: ImportDesc;
    switch (r.u8()) {
      case 0: desc = { kind: 'func', typeidx: r.u32() }; break;
      case 1: desc = { kind: 'table', table: tableType(r) }; break;
      case 2: desc = { kind: 'memory', mem: memType(r) }; break;
      case 3: desc = { kind: 'global', global: globalType(r) }; break;
      case 4: desc = { kind: 'tag', tag: tagType(r) }; break;
      default: return r.fail('malformed import kind', at);
    }
    st.m.imports.push({ module, name, desc });
  });
}

const EXPORT_KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;

function exportSection(st: State): void {
  const r: Reader = st.r;
  vec(r, () => {
    const name = r.name();
    const at = r.pos;
    const byte = r.u8();
    const kind = EXPORT_KINDS[byte];
    if (kind === undefined) r.fail('malformed export kind', at);
    st.m.exports.push({ name, kind, index: r.u32() });
  });
}

// ---- segments ---------------------------------------------------------------------------------

function elemSegment(st: State): Elem {
  const r: Reader = st.r;
  const at = r.pos;
  const flags = r.u32();
  // Bit 0: passive or declarative (else active); bit 1: explicit table index (active) or
  // declarative (else passive); bit 2: items are expressions (else function indices).
  if (flags > 7) r.fail('malformed elements segment kind', at);
  let mode: ElemMode;
  if ((flags & 1) === 0) {
    const tableidx = flags & 2 ? r.u32() : 0;
    mode = { kind: 'active', tableidx, offset: constExpr(st) };
  } else mode = flags & 2 ? { kind: 'declarative' } : { kind: 'passive' };

  // Function indices make a segment of `(ref func)` (3.0); expressions, of `funcref` unless
  // the type is given.
  if (flags & 4) {
    const type = flags & 3 ? refType(r) : 'funcref';
    const init: ConstExpr[] = [];
    vec(r, () => init.push(constExpr(st)));
    return { type, init, mode };
  }
  if (flags & 3) {
    const kindAt = r.pos;
    if (r.u8() !== 0x00) r.fail('malformed element kind', kindAt);
  }
  const init: ConstExpr[] = [];
  vec(r, () => {
    const pos = r.pos;
    init.push([{ op: OP_REF_FUNC, pos, idx: r.u32() }]);
  });
  return { type: '(ref func)', init, mode };
}

function dataSegment(st: State): Data {
  const r: Reader = st.r;
  const at = r.pos;
  switch (r.u32()) {
    case 0: {
      const offset = constExpr(st);
      return { init: r.byteString(), mode: { kind: 'active', memidx: 0, offset } };
    }
    case 1:
      return { init: r.byteString(), mode: { kind: 'passive' } };
    case 2: {
      const memidx = r.u32();
      const offset = constExpr(st);
      return { init: r.byteString(), mode: { kind: 'active', memidx, offset } };
    }
  }
  return r.fail('malformed data segment kind', at);
}

// ---- code -------------------------------------------------------------------------------------

/**
 * The code section: each body is its locals, then the instructions *including* the final
 * `end` (as in the binary format; the translator relies on it). Constant expressions, in
 * contrast, drop their `end` (see ConstExpr).
 */
function codeSection(st: State): void {
  const r: Reader = st.r;
  const countAt = r.pos;
  const n = r.len();
  if (n !== st.funcTypes.length) {
    r.fail('function and code section have inconsistent lengths', countAt);
  }
  for (let i = 0; i < n; i++) {
    const pos = r.pos;
    const size = r.len();
    const start = r.pos;
    // The locals limit counts the parameters too (as the JS API's does); an unknown type
    // index is the validator's to report.
    const type = funcType(st.m, st.funcTypes[i] as number);
    const locals = readLocals(st, type === undefined ? 0 : type.params.length);
    const body: Instr[] = [];
    readExpr(st, body, true);
    if (r.pos !== start + size) r.fail('section size mismatch', start);
    st.m.funcs.push({ typeidx: st.funcTypes[i] as number, locals, body, pos });
  }
}

function readLocals(st: State, params: number): ValType[] {
  const r: Reader = st.r;
  const at = r.pos;
  const groups = r.len();
  const counts: number[] = [];
  const types: ValType[] = [];
  let total = 0;
  for (let i = 0; i < groups; i++) {
    counts.push(r.u32());
    types.push(valType(r));
    total += counts[i] as number;
  }
  if (total > 0xffffffff) r.fail('too many locals', at);
  st.totalLocals += total;
  if (total + params > MAX_FUNC_LOCALS) {
    r.fail(`too many locals (implementation limit: ${MAX_FUNC_LOCALS}, parameters included)`, at);
  }
  if (st.totalLocals > maxModuleLocals(r.bytes.length)) {
    r.fail('too many locals in the module (implementation limit)', at);
  }
  const locals: ValType[] = [];
  for (let i = 0; i < groups; i++) {
    const t = types[i] as ValType;
    for (let k = counts[i] as number; k > 0; k--) locals.push(t);
  }
  return locals;
}

/** A constant expression: instructions up to the final `end`, which is dropped. */
function constExpr(st: State): ConstExpr {
  const out: Instr[] = [];
  readExpr(st, out, false);
  out.pop();
  return out;
}

// Kinds of open blocks in readExpr's frame stack.
const FRAME_BLOCK = 0; // block, loop, or the whole expression
const FRAME_IF = 1; // `if` whose `else` has not been seen
const FRAME_ELSE = 2;

/**
 * Decode instructions into `out` up to and including the `end` that closes the expression.
 * Only the nesting is checked here (an `else` outside an `if` arm, a missing `end`); typing
 * is the validator's.
 */
function readExpr(st: State, out: Instr[], inFunc: boolean): void {
  const r: Reader = st.r;
  const frames = st.frames;
  frames.length = 0;
  frames.push(FRAME_BLOCK);
  for (;;) {
    const pos = r.pos;
    const b = r.u8();
    let op: OpInfo | undefined;
    if (PREFIX[b] === 1) {
      const sub = r.u32();
      op = lookupPrefixedOp(b, sub);
      if (op === undefined) r.fail(`illegal opcode ${hex(b)} ${sub}`, pos);
    } else {
      op = SINGLE[b];
      if (op === undefined) r.fail(`illegal opcode ${hex(b)}`, pos);
    }
    out.push(readInstr(r, op, pos));
    if (op === OP_BLOCK || op === OP_LOOP || op === OP_TRY_TABLE || op === OP_TRY) frames.push(FRAME_BLOCK);
    else if (op === OP_IF) frames.push(FRAME_IF);
    else if (op === OP_ELSE) {
      // The reference interpreter stops the arm at any `else` and then wants an `end`.
      if (frames[frames.length - 1] !== FRAME_IF) r.fail('END opcode expected', pos);
      frames[frames.length - 1] = FRAME_ELSE;
    } else if (op === OP_END || op === OP_DELEGATE) {
      // `delegate` ends its `try` as `end` does (legacy exceptions).
      frames.pop();
      if (frames.length === 0) return;
    } else if (inFunc && (op === OP_MEMORY_INIT || op === OP_DATA_DROP || op === OP_ARRAY_NEW_DATA || op === OP_ARRAY_INIT_DATA) && st.dataIndexUse === undefined) {
      st.dataIndexUse = pos;
    }
  }
}

/**
 * The instruction with its immediates. Each case builds one object literal with all its
 * fields, rather than adding fields afterwards: that keeps the objects small and monomorphic
 * per kind, which matters for modules with millions of instructions.
 */
function readInstr(r: Reader, op: OpInfo, pos: number): Instr {
  switch (op.imm) {
    case 'none':
      return { op, pos };
    case 'block':
      return { op, pos, blockType: blockType(r) };
    case 'idx':
      return { op, pos, idx: r.u32() };
    case 'br_table': {
      const n = r.len();
      const labels: number[] = [];
      for (let i = 0; i < n; i++) labels.push(r.u32());
      return { op, pos, labels, idx: r.u32() };
    }
    case 'call_indirect': {
      const idx = r.u32();
      return { op, pos, idx, idx2: r.u32() };
    }
    case 'memarg':
      return { op, pos, memarg: memarg(r) };
    case 'mem':
      // A memory index (a reserved zero byte in Wasm 2.0, a u32 since multiple memories).
      return { op, pos, idx: r.u32() };
    case 'i32':
      return { op, pos, value: r.s32() };
    case 'i64':
      return { op, pos, value: r.s64() };
    case 'f32':
      return { op, pos, bits: r.f32bits() };
    case 'f64':
      return { op, pos, bits: r.f64bits() };
    case 'select_t':
      return { op, pos, types: valTypes(r) };
    case 'reftype':
      // A heap type (3.0; the 2.0 encodings are its abstract bytes): ref.null's type is nullable.
      return { op, pos, refType: refTypeOf(true, heapType(r)) };
    case 'idx_idx': {
      // memory.init: data index, memory; memory.copy: destination, source memory; table.init:
      // element index, table; table.copy: destination, source table.
      const idx = r.u32();
      return { op, pos, idx, idx2: r.u32() };
    }
    case 'v128':
    case 'shuffle':
      return { op, pos, bytes: r.take(16) };
    case 'memarg_lane': {
      const m = memarg(r);
      return { op, pos, memarg: m, lane: r.u8() };
    }
    case 'lane':
      return { op, pos, lane: r.u8() };
    case 'try_table': {
      const bt = blockType(r);
      return { op, pos, blockType: bt, catches: catchList(r) };
    }
    case 'casttype':
      // ref.test, ref.cast: a heap type; the opcode says whether the type is nullable.
      return { op, pos, refType: refTypeOf(op.nullable === true, heapType(r)) };
    case 'br_on_cast': {
      // Flags (bit 0: the operand type is nullable, bit 1: the cast type), label, two heap types.
      const at = r.pos;
      const flags = r.u8();
      if (flags > 3) r.fail('malformed br_on_cast flags', at);
      const idx = r.u32();
      const from = refTypeOf((flags & 1) !== 0, heapType(r));
      return { op, pos, idx, types: [from, refTypeOf((flags & 2) !== 0, heapType(r))] };
    }
    case 'zero':
      // atomic.fence's reserved ordering byte: only 0 (sequentially consistent) exists.
      if (r.u8() !== 0) r.fail('malformed atomic.fence ordering: expected a zero byte', pos);
      return { op, pos };
  }
}

/** Bit 6 of a memarg's alignment field: a memory index follows (multiple memories). */
const MEMARG_MEMIDX = 0x40;

function memarg(r: Reader): MemArg {
  const at = r.pos;
  const flags = r.u32();
  if (flags >= 2 * MEMARG_MEMIDX) r.fail('malformed memop flags', at);
  const memidx = flags & MEMARG_MEMIDX ? r.u32() : 0;
  const offsetAt = r.pos;
  const offset = r.u64();
  if (offset <= Number.MAX_SAFE_INTEGER) return { memidx, align: flags & (MEMARG_MEMIDX - 1), offset };
  return { memidx, align: flags & (MEMARG_MEMIDX - 1), offset, offsetLow: Number(r.u64At(offsetAt) & 0xffffn) };
}

const VALUE_BLOCKS = new Map<ValType, BlockType>();

function blockType(r: Reader): BlockType {
  const b = r.peek();
  if (b === 0x40) {
    r.pos++;
    return EMPTY_BLOCK;
  }
  // One-byte negative s33 values are value types; anything else is a type index.
  if (b >= 0 && (b & 0xc0) === 0x40) {
    const type = valType(r);
    let bt = VALUE_BLOCKS.get(type);
    if (bt === undefined) VALUE_BLOCKS.set(type, (bt = { kind: 'value', type }));
    return bt;
  }
  const at = r.pos;
  const x = r.s33();
  if (x < 0) r.fail('malformed block type', at);
  return { kind: 'typeidx', typeidx: x };
}

function hex(b: number): string {
  return '0x' + b.toString(16).padStart(2, '0');
}
