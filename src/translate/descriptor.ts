/**
 * The module descriptor `@<name>_module` (awsm_module_desc in runtime/include/awsm_abi.h):
 * everything the runtime needs to instantiate the module — the function index space with code
 * and trampoline pointers, table / memory / global / tag types, imports, exports, data and element
 * segments, the init function and the start function.
 *
 * The `%awsm_*` struct types below mirror awsm_abi.h field by field (natural LP64 layout);
 * change both together. Wasm names (imports, exports, the name section) are arbitrary bytes:
 * they only ever appear inside string constants, never as LLVM identifiers.
 */
import type { ExternKind, MemType, ValType } from '../binary/module.js';
import { memTypes } from '../binary/module.js';
import { isRef } from '../binary/types.js';
import { refKey } from '../validate/subtype.js';
import { escapeBytes, i32, i64, nullptr, typed, type Value } from '../llvm/builder.js';
import { ABI_VERSION, sigChar } from './abi.js';
import { printableName, type ModuleContext } from './context.js';
import { hasGcTypes, storageChar } from './gc.js';
import { typeId } from '../validate/canon.js';

/** The descriptor types, as in awsm_abi.h (offsets in the comments there; tests/unit/abi.test.ts). */
export const DESCRIPTOR_TYPES: Array<[string, string]> = [
  ['%awsm_func_desc', '{ ptr, ptr, ptr, ptr }'],
  ['%awsm_table_desc', '{ i32, i32, i64, i64, i32, i32, ptr }'],
  ['%awsm_memory_desc', '{ i64, i64, i32, i32, i32, i32 }'],
  ['%awsm_global_desc', '{ i32, i32, ptr }'],
  ['%awsm_import_desc', '{ ptr, ptr, i32, i32, i32, i32 }'],
  ['%awsm_export_desc', '{ ptr, i32, i32, i32, i32 }'],
  ['%awsm_data_desc', '{ ptr, i32, i32 }'],
  ['%awsm_elem_desc', '{ i32, i32 }'],
  ['%awsm_tag_desc', '{ ptr }'],
  [
    '%awsm_module_desc',
    '{ i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr, ptr, i32, i32, ptr, ptr, ptr, i32, i32, ptr, i32, i32, ptr, i32, i32, ptr }',
  ],
];

/**
 * The GC descriptor types (awsm_abi.h), defined only in modules that list their type section
 * (gc.ts hasGcTypes), so that the IR of other modules does not change.
 */
export const GC_DESCRIPTOR_TYPES: Array<[string, string]> = [['%awsm_type_desc', '{ ptr, i32, i32, ptr }']];

/** AWSM_TYPE_FUNC / STRUCT / ARRAY by composite kind. */
const TYPE_KIND = { func: 0, struct: 1, array: 2 } as const;

/**
 * A memory or table limit as a u64. The decoder holds u64 bounds in a number, which rounds the
 * largest (2^64 - 1) up to 2^64: that is the largest u64 again, not 0.
 */
function u64Bound(n: number): bigint {
  return n >= 2 ** 64 ? (1n << 64n) - 1n : BigInt(n);
}

/**
 * A memory type's descriptor fields: limits in its own pages (u64; a limit of a 64-bit memory
 * above 2^53 pages is inexact in a number, and any such limit is far beyond the host's, so
 * it is clamped to 2^64 - 1), has_max, page_size_log2, addr64, shared.
 */
function memoryDesc(mt: MemType): Value[] {
  const { min, max } = mt.limits;
  return [i64(u64Bound(min)), i64(u64Bound(max ?? 0)), i32(max === undefined ? 0 : 1), i32(mt.pageSizeLog2), i32(mt.addrType === 'i64' ? 1 : 0), i32(mt.shared === true ? 1 : 0)];
}

/** AWSM_EXTERN_* */
export const EXTERN_KIND: Record<ExternKind, number> = { func: 0, table: 1, memory: 2, global: 3, tag: 4 };
/** AWSM_MODULE_BOUNDS_* */
export const BOUNDS_FLAG = { guard: 0, explicit: 1, none: 2 } as const;
/** AWSM_MODULE_DATA_PACKED: the data segments lie back to back from datas[0].bytes (dataBlob). */
export const DATA_PACKED_FLAG = 4;

const encoder = new TextEncoder();

/** A struct constant: `%ty { i32 1, ptr @x }`. */
function struct(ty: string, fields: Value[]): string {
  return `${ty} { ${fields.map(typed).join(', ')} }`;
}

/** An i32 holding the code of a type character ('i' → 105). */
function charCode(c: string): Value {
  return i32(c.charCodeAt(0));
}

export class DescriptorEmitter {
  private readonly cx: ModuleContext;

  constructor(cx: ModuleContext) {
    this.cx = cx;
  }

  /**
   * A private constant array `@<name>_<what>` of `elemTy` with the given element texts, or null
   * when empty.
   *
   *   @m_funcs = private unnamed_addr constant [2 x %awsm_func_desc] [
 *     %awsm_func_desc { ptr @m_sig0, ptr @m_f0, ptr @m_tramp0, ptr @m_str3 },
 *     …
 *   ]
   */
  private array(what: string, elemTy: string, elems: string[]): Value {
    if (elems.length === 0) return nullptr;
    const g = `@${this.cx.name}_${what}`;
    this.cx.mb.global(`${g} = private unnamed_addr constant [${elems.length} x ${elemTy}] [\n  ${elems.join(',\n  ')}\n]`);
    return { ty: 'ptr', ref: g };
  }

  /**
   * Every data segment's bytes, in index order, in one private constant `@<name>_data`, and
   * the `bytes` field of each segment's descriptor: the blob for segment 0, null for the
   * others (the module's flags say AWSM_MODULE_DATA_PACKED: the runtime finds segment i where
   * segment i - 1 ends). One constant rather than one per segment: Go modules have tens of
   * thousands of segments, and as many globals cost LLVM (ConstantMerge above all) far more
   * than the same bytes in one array; one pointer rather than one per segment: each was a
   * constant expression for clang to parse and a relocation to emit, link and apply at load
   * time (54,637 in go-utf8, half of the quick tier's module partition).
   *
   *   @m_data = private unnamed_addr constant [12 x i8] c"hello, world"
   *   segment 0 → ptr @m_data, segment 1 → ptr null
   */
  private dataBlob(): Value[] {
    const segs = this.cx.m.datas;
    if (segs.length === 0) return [];
    const g = `@${this.cx.name}_data`;
    const blob = new Uint8Array(segs.reduce((n, d) => n + d.init.length, 0));
    let at = 0;
    for (const d of segs) {
      blob.set(d.init, at);
      at += d.init.length;
    }
    this.cx.mb.global(`${g} = private unnamed_addr constant [${blob.length} x i8] ${blob.length === 0 ? 'zeroinitializer' : `c"${escapeBytes(blob)}"`}`);
    return segs.map((_, k) => (k === 0 ? { ty: 'ptr', ref: g } : nullptr));
  }

  /**
   * Emit the types, the arrays and the descriptor itself.
   *
   *   @m_module = constant %awsm_module_desc { i32 1, i32 <flags>, ptr @m_str0, … }
   */
  /**
   * A table's or global's `ref_type`: the exact type (refKey) of a typed reference, which
   * import matching compares; null for the plain funcref and externref and for the others.
   */
  private refTypeString(t: ValType): Value {
    if (!isRef(t) || t === 'funcref' || t === 'externref') return nullptr;
    return this.cx.stringConst(encoder.encode(refKey(this.cx.m.types, t)));
  }

  /**
   * The type section as awsm_type_desc entries (canonical identity, kind, supertype, storage
   * characters), or none when the module has no struct or array type.
   *
   *   %awsm_type_desc { ptr @m_str4 ("3f…"), i32 1, i32 -1, ptr @m_str5 ("bha") }
   */
  private typeDescs(): string[] {
    const { m } = this.cx;
    if (!hasGcTypes(m.types)) return [];
    for (const [name, body] of GC_DESCRIPTOR_TYPES) this.cx.mb.typeDef(name, body);
    return m.types.map((t, x) => {
      const c = t.comp;
      const fields = c.kind === 'struct' ? c.fields : c.kind === 'array' ? [c.elem] : [];
      return struct('%awsm_type_desc', [
        this.cx.stringConst(encoder.encode(typeId(m.types, x))),
        i32(TYPE_KIND[c.kind]),
        i32(t.supers[0] ?? -1),
        this.cx.stringConst(encoder.encode(fields.map((fld) => storageChar(fld.type, m.types)).join(''))),
      ]);
    });
  }

  emit(): void {
    const cx = this.cx;
    const m = cx.m;
    for (const [name, body] of DESCRIPTOR_TYPES) cx.mb.typeDef(name, body);

    const funcs = cx.funcTypes.map((ft, i) => {
      const defined = i >= cx.numImportedFuncs;
      const name = m.names.funcs.get(i);
      return struct('%awsm_func_desc', [
        cx.sigPtr(ft),
        defined ? { ty: 'ptr', ref: cx.entrySymbol(i) } : nullptr,
        defined ? { ty: 'ptr', ref: `@${cx.name}_tramp${cx.sigIndex(ft)}` } : nullptr,
        name === undefined ? nullptr : cx.stringConst(printableName(name)),
      ]);
    });

    const tables = cx.tables.map((t) =>
      struct('%awsm_table_desc', [
        charCode(sigChar(t.elemType, m.types)),
        i32(t.limits.max === undefined ? 0 : 1),
        i64(u64Bound(t.limits.min)),
        i64(u64Bound(t.limits.max ?? 0)),
        i32(t.addrType === 'i64' ? 1 : 0),
        i32(0),
        this.refTypeString(t.elemType),
      ]),
    );
    const mems = memTypes(m).map((mt) => struct('%awsm_memory_desc', memoryDesc(mt)));
    const globals = cx.globals.map((g) =>
      struct('%awsm_global_desc', [charCode(sigChar(g.type, m.types)), i32(g.mutable ? 1 : 0), this.refTypeString(g.type)]),
    );

    const counters: Record<ExternKind, number> = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
    const imports = m.imports.map((imp) => {
      const mod = encoder.encode(imp.module);
      const name = encoder.encode(imp.name);
      const kind = imp.desc.kind;
      return struct('%awsm_import_desc', [
        cx.stringConst(mod),
        cx.stringConst(name),
        i32(mod.length),
        i32(name.length),
        i32(EXTERN_KIND[kind]),
        i32(counters[kind]++),
      ]);
    });
    const exports = m.exports.map((exp) => {
      const name = encoder.encode(exp.name);
      return struct('%awsm_export_desc', [cx.stringConst(name), i32(name.length), i32(EXTERN_KIND[exp.kind]), i32(exp.index), i32(0)]);
    });

    const datas = this.dataBlob().map((bytes, k) => struct('%awsm_data_desc', [bytes, i32(m.datas[k]!.init.length), i32(0)]));
    const elems = m.elems.map((e) => struct('%awsm_elem_desc', [i32(e.init.length), charCode(sigChar(e.type, m.types))]));
    const tags = cx.tags.map((ft) => struct('%awsm_tag_desc', [cx.sigPtr(ft)]));

    const types = this.typeDescs();
    const nameBytes = encoder.encode(cx.name);
    // [field name (awsm_abi.h), value]
    const fields: Array<[string, Value]> = [
      ['abi_version', i32(ABI_VERSION)],
      ['flags', i32(BOUNDS_FLAG[cx.opts.bounds] | (m.datas.length > 0 ? DATA_PACKED_FLAG : 0))],
      ['name', cx.stringConst(nameBytes)],
      ['num_funcs', i32(funcs.length)],
      ['num_imported_funcs', i32(cx.numImportedFuncs)],
      ['funcs', this.array('funcs', '%awsm_func_desc', funcs)],
      ['num_tables', i32(tables.length)],
      ['num_imported_tables', i32(counters.table)],
      ['tables', this.array('tables', '%awsm_table_desc', tables)],
      ['num_memories', i32(mems.length)],
      ['num_imported_memories', i32(counters.memory)],
      ['memories', this.array('memories', '%awsm_memory_desc', mems)],
      ['num_globals', i32(globals.length)],
      ['num_imported_globals', i32(counters.global)],
      ['globals', this.array('globals', '%awsm_global_desc', globals)],
      ['num_imports', i32(imports.length)],
      ['num_exports', i32(exports.length)],
      ['imports', this.array('imports', '%awsm_import_desc', imports)],
      ['exports', this.array('exports', '%awsm_export_desc', exports)],
      ['num_datas', i32(datas.length)],
      ['num_elems', i32(elems.length)],
      ['datas', this.array('datas', '%awsm_data_desc', datas)],
      ['elems', this.array('elems', '%awsm_elem_desc', elems)],
      ['init', { ty: 'ptr', ref: `@${cx.name}_init` }],
      ['start_funcidx', i32(m.start ?? -1)],
      ['reserved', i32(0)],
      ['tails', cx.tailCalls ? { ty: 'ptr', ref: `@${cx.name}_tails` } : nullptr],
      ['num_tags', i32(tags.length)],
      ['num_imported_tags', i32(counters.tag)],
      ['tags', this.array('tags', '%awsm_tag_desc', tags)],
      // GC types (docs/gc.md): the whole type section when it has struct or array types.
      ['num_types', i32(types.length)],
      ['reserved2', i32(0)],
      ['types', this.array('types', '%awsm_type_desc', types)],
    ];
    const body = fields.map(([name, v], i) => `  ${typed(v)}${i < fields.length - 1 ? ',' : ''} ; ${name}`).join('\n');
    cx.mb.global(`@${cx.name}_module = constant %awsm_module_desc {\n${body}\n}`);
  }
}
