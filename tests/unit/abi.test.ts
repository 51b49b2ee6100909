/**
 * One source for the ABI: src/translate/abi.ts (and the descriptor types of descriptor.ts)
 * repeat by hand the offsets, sizes and enum values of runtime/include/awsm_abi.h. This test
 * writes a C program that prints each of them as the C compiler lays it out, builds it with
 * clang-16 against the header, and compares every value with the translator's. A field moved
 * or an enum renumbered in one place and not the other fails here, naming the value.
 *
 * Needs clang-16: a failure under CI=true when missing, a counted skip elsewhere.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ValType } from '../../src/binary/module.js';
import { packageRoot } from '../../src/driver/cache.js';
import {
  ABI_VERSION, Ctx, CTX_ALIGN, ExnObj, CTX_PARAM_ATTRS, CTX_SIZE, ELEM_SEG_SIZE, ElemSeg, FuncObj, MAX_PAGES, MemObj, PAGE_SIZE,
  sigChar, TableObj, TrapKind, VALUE_SIZE,
} from '../../src/translate/abi.js';
import { BOUNDS_FLAG, DATA_PACKED_FLAG, DESCRIPTOR_TYPES, EXTERN_KIND } from '../../src/translate/descriptor.js';
import { requires } from '../tools.js';

/** One value the translator assumes: its name here, its value in TypeScript, a C expression for it. */
interface Fact {
  name: string;
  ts: number;
  c: string;
}

/** `stackLimit` → `stack_limit`. */
const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The offsets of an offsets object (Ctx, FuncObj, …) against the C struct's fields. */
function offsets(what: string, cType: string, o: Record<string, number>): Fact[] {
  return Object.entries(o).map(([k, v]) => ({ name: `${what}.${k}`, ts: v, c: `offsetof(${cType}, ${snake(k)})` }));
}

/** TrapKind member → its awsm_trap_kind enumerator. */
const TRAP_NAMES: Record<keyof typeof TrapKind, string> = {
  Unreachable: 'AWSM_TRAP_UNREACHABLE',
  MemoryOutOfBounds: 'AWSM_TRAP_MEMORY_OOB',
  TableOutOfBounds: 'AWSM_TRAP_TABLE_OOB',
  UndefinedElement: 'AWSM_TRAP_UNDEFINED_ELEMENT',
  UninitializedElement: 'AWSM_TRAP_UNINITIALIZED_ELEMENT',
  IndirectCallTypeMismatch: 'AWSM_TRAP_INDIRECT_TYPE',
  IntegerDivideByZero: 'AWSM_TRAP_DIV_ZERO',
  IntegerOverflow: 'AWSM_TRAP_INT_OVERFLOW',
  InvalidConversion: 'AWSM_TRAP_INVALID_CONVERSION',
  NullFuncRef: 'AWSM_TRAP_NULL_FUNC_REF',
  NullRef: 'AWSM_TRAP_NULL_REF',
  StackExhausted: 'AWSM_TRAP_STACK_EXHAUSTED',
  NullExnRef: 'AWSM_TRAP_NULL_EXNREF',
  UnalignedAtomic: 'AWSM_TRAP_UNALIGNED_ATOMIC',
  ExpectedShared: 'AWSM_TRAP_EXPECTED_SHARED',
};

/** The C fields of each descriptor struct, in order (the LLVM types list their types only). */
const DESCRIPTOR_FIELDS: Record<string, string[]> = {
  '%awsm_func_desc': ['sig', 'code', 'tramp', 'name'],
  '%awsm_table_desc': ['elem_type', 'has_max', 'min', 'max', 'addr64', 'reserved', 'ref_type'],
  '%awsm_memory_desc': ['min_pages', 'max_pages', 'has_max', 'page_size_log2', 'addr64', 'shared'],
  '%awsm_global_desc': ['type', 'mutable_', 'ref_type'],
  '%awsm_import_desc': ['module', 'name', 'module_len', 'name_len', 'kind', 'index'],
  '%awsm_export_desc': ['name', 'name_len', 'kind', 'index', 'reserved'],
  '%awsm_data_desc': ['bytes', 'len', 'reserved'],
  '%awsm_elem_desc': ['count', 'elem_type'],
  '%awsm_tag_desc': ['sig'],
  '%awsm_module_desc': [
    'abi_version', 'flags', 'name', 'num_funcs', 'num_imported_funcs', 'funcs', 'num_tables',
    'num_imported_tables', 'tables', 'num_memories', 'num_imported_memories', 'memories',
    'num_globals', 'num_imported_globals', 'globals', 'num_imports', 'num_exports', 'imports',
    'exports', 'num_datas', 'num_elems', 'datas', 'elems', 'init', 'start_funcidx', 'reserved', 'tails',
    'num_tags', 'num_imported_tags', 'tags', 'num_types', 'reserved2', 'types',
  ],
};

/** Size and alignment of the LLVM field types the descriptors use (LP64 data layout). */
const LLVM_FIELD: Record<string, number> = { i32: 4, i64: 8, ptr: 8 };

/**
 * Offsets and size of each descriptor struct, laid out as LLVM lays out a non-packed literal
 * struct (each field at its natural alignment), against the C struct's.
 */
function descriptorFacts(): Fact[] {
  const out: Fact[] = [];
  for (const [name, body] of DESCRIPTOR_TYPES) {
    const cType = name.slice(1);
    const fields = DESCRIPTOR_FIELDS[name];
    if (fields === undefined) throw new Error(`no C field list for ${name}`);
    const types = body.replace(/[{}]/g, '').split(',').map((s) => s.trim());
    assert.equal(types.length, fields.length, `${name}: ${types.length} LLVM fields, ${fields.length} C fields listed`);
    let at = 0;
    let align = 1;
    types.forEach((ty, i) => {
      const size = LLVM_FIELD[ty];
      if (size === undefined) throw new Error(`${name}: field type ${ty} not known here`);
      at = Math.ceil(at / size) * size;
      align = Math.max(align, size);
      const field = fields[i]!;
      out.push({ name: `${name}.${field} offset`, ts: at, c: `offsetof(${cType}, ${field})` });
      out.push({ name: `${name}.${field} size`, ts: size, c: `sizeof(((${cType} *)0)->${field})` });
      at += size;
    });
    out.push({ name: `sizeof ${name}`, ts: Math.ceil(at / align) * align, c: `sizeof(${cType})` });
  }
  return out;
}

/** Everything the translator assumes about awsm_abi.h. */
function abiFacts(): Fact[] {
  const valTypes: ValType[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref', 'exnref'];
  const attrs = /align (\d+) dereferenceable\((\d+)\)/.exec(CTX_PARAM_ATTRS);
  return [
    { name: 'ABI_VERSION', ts: ABI_VERSION, c: 'AWSM_ABI_VERSION' },
    { name: 'PAGE_SIZE', ts: PAGE_SIZE, c: 'AWSM_PAGE_SIZE' },
    { name: 'MAX_PAGES', ts: MAX_PAGES, c: 'AWSM_MAX_PAGES' },
    { name: 'CTX_SIZE', ts: CTX_SIZE, c: 'sizeof(awsm_instance)' },
    { name: 'CTX_ALIGN', ts: CTX_ALIGN, c: '_Alignof(awsm_instance)' },
    { name: 'CTX_PARAM_ATTRS align', ts: Number(attrs?.[1]), c: '_Alignof(awsm_instance)' },
    // Dereferenceable up to stack_limit: `tags` after it is read only by code that throws or catches.
    { name: 'CTX_PARAM_ATTRS dereferenceable', ts: Number(attrs?.[2]), c: 'offsetof(awsm_instance, stack_limit) + 8' },
    { name: 'VALUE_SIZE', ts: VALUE_SIZE, c: 'sizeof(awsm_value)' },
    ...offsets('Ctx', 'awsm_instance', Ctx),
    ...offsets('FuncObj', 'awsm_func', FuncObj),
    ...offsets('MemObj', 'awsm_memory', MemObj),
    ...offsets('TableObj', 'awsm_table', TableObj),
    ...offsets('ElemSeg', 'awsm_elem_seg', ElemSeg),
    ...offsets('ExnObj', 'awsm_exn', ExnObj),
    { name: 'ELEM_SEG_SIZE', ts: ELEM_SEG_SIZE, c: 'sizeof(awsm_elem_seg)' },
    ...Object.entries(TRAP_NAMES).map(([k, c]) => ({ name: `TrapKind.${k}`, ts: TrapKind[k as keyof typeof TrapKind], c })),
    ...valTypes.map((t) => ({ name: `sigChar('${t}')`, ts: sigChar(t).charCodeAt(0), c: `AWSM_T_${t.toUpperCase()}` })),
    ...Object.entries(EXTERN_KIND).map(([k, v]) => ({ name: `EXTERN_KIND.${k}`, ts: v, c: `AWSM_EXTERN_${k.toUpperCase()}` })),
    ...Object.entries(BOUNDS_FLAG).map(([k, v]) => ({ name: `BOUNDS_FLAG.${k}`, ts: v, c: `AWSM_MODULE_BOUNDS_${k.toUpperCase()}` })),
    { name: 'DATA_PACKED_FLAG', ts: DATA_PACKED_FLAG, c: 'AWSM_MODULE_DATA_PACKED' },
    ...descriptorFacts(),
  ];
}

/** The C program printing each fact's C value, one `index value` line per fact. */
function cProgram(facts: Fact[]): string {
  const lines = facts.map((f, i) => `  printf("%d %lld\\n", ${i}, (long long)(${f.c}));`);
  return ['#include <stddef.h>', '#include <stdio.h>', '#include "awsm_abi.h"', 'int main(void) {', ...lines, '  return 0;', '}', ''].join('\n');
}

/** Build and run the program; the C value of each fact, by index. */
function cValues(facts: Fact[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-abi-'));
  try {
    const src = join(dir, 'abi.c');
    const exe = join(dir, 'abi');
    writeFileSync(src, cProgram(facts));
    execFileSync('clang-16', ['-std=c11', '-Wall', '-Werror', '-I', join(packageRoot, 'runtime', 'include'), src, '-o', exe]);
    const out: number[] = [];
    for (const line of execFileSync(exe, { encoding: 'utf8' }).trim().split('\n')) {
      const [i, v] = line.split(' ');
      out[Number(i)] = Number(v);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The facts whose TypeScript value differs from C's, as `name: TypeScript X, awsm_abi.h Y`. */
function mismatches(facts: Fact[], c: number[]): string[] {
  return facts.flatMap((f, i) => (f.ts === c[i] ? [] : [`${f.name}: TypeScript ${f.ts}, awsm_abi.h ${c[i]} (${f.c})`]));
}

test('abi.ts and the descriptor types agree with awsm_abi.h (a C program prints its layout)', (t) => {
  if (!requires(t, ['clang-16'])) return;
  const facts = abiFacts();
  const c = cValues(facts);
  assert.equal(c.length, facts.length, 'the C program printed a value per fact');
  assert.deepEqual(mismatches(facts, c), []);
  // The comparison catches a wrong offset: the same run with one TypeScript value off.
  const wrong = facts.map((f) => (f.name === 'Ctx.stackLimit' ? { ...f, ts: f.ts - 8 } : f));
  assert.deepEqual(mismatches(wrong, c), [`Ctx.stackLimit: TypeScript 64, awsm_abi.h 72 (offsetof(awsm_instance, stack_limit))`]);
});
