/**
 * One source for the ABI: src/translate/abi.ts (and the descriptor types of descriptor.ts)
 * repeat by hand the offsets, sizes and enum values of runtime/include/awsm_abi.h. This test
 * writes a C program that prints each of them as the C compiler lays it out, builds it with
 * clang-16 against the header, and compares every value with the translator's. A field moved
 * or an enum renumbered in one place and not the other fails here, naming the value.
 *
 * The same facts hold for each pointer size (abiLayout): 8 bytes, the program run on this
 * machine; 4 bytes (armv7), the program compiled for armv7-linux-gnueabihf with each fact as a
 * static assertion, so that no cross libc or qemu is needed.
 *
 * Needs clang-16: a failure under CI=true when missing, a counted skip elsewhere.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ValType } from '../../src/binary/module.js';
import { packageRoot } from '../../src/driver/cache.js';
import { ABI_VERSION, abiLayout, MAX_PAGES, PAGE_SIZE, sigChar, TrapKind, VALUE_SIZE } from '../../src/translate/abi.js';
import { BOUNDS_FLAG, DATA_PACKED_FLAG, DESCRIPTOR_TYPES, EXTERN_KIND, GC_DESCRIPTOR_TYPES } from '../../src/translate/descriptor.js';
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
  OutOfMemory: 'AWSM_TRAP_OUT_OF_MEMORY',
  ArrayOutOfBounds: 'AWSM_TRAP_ARRAY_OOB',
  NullStructRef: 'AWSM_TRAP_NULL_STRUCT_REF',
  NullArrayRef: 'AWSM_TRAP_NULL_ARRAY_REF',
  NullI31Ref: 'AWSM_TRAP_NULL_I31_REF',
  CastFailure: 'AWSM_TRAP_CAST_FAILURE',
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
  '%awsm_type_desc': ['canon', 'kind', 'super', 'fields'],
  '%awsm_module_desc': [
    'abi_version', 'flags', 'name', 'num_funcs', 'num_imported_funcs', 'funcs', 'num_tables',
    'num_imported_tables', 'tables', 'num_memories', 'num_imported_memories', 'memories',
    'num_globals', 'num_imported_globals', 'globals', 'num_imports', 'num_exports', 'imports',
    'exports', 'num_datas', 'num_elems', 'datas', 'elems', 'init', 'start_funcidx', 'reserved', 'tails',
    'num_tags', 'num_imported_tags', 'tags', 'num_types', 'reserved2', 'types',
  ],
};

/** Size and alignment of the LLVM field types the descriptors use, for pointers of `p` bytes (i64 is 8-aligned on every target). */
const llvmField = (p: number): Record<string, number> => ({ i32: 4, i64: 8, ptr: p });

/**
 * Offsets and size of each descriptor struct, laid out as LLVM lays out a non-packed literal
 * struct (each field at its natural alignment) with pointers of `p` bytes, against the C struct's.
 */
function descriptorFacts(p: 4 | 8): Fact[] {
  const LLVM_FIELD = llvmField(p);
  const out: Fact[] = [];
  for (const [name, body] of [...DESCRIPTOR_TYPES, ...GC_DESCRIPTOR_TYPES]) {
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

/** Everything the translator assumes about awsm_abi.h, with pointers of `p` bytes. */
function abiFacts(p: 4 | 8): Fact[] {
  const valTypes: ValType[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref', 'exnref'];
  const L = abiLayout(p);
  const attrs = /align (\d+) dereferenceable\((\d+)\)/.exec(L.ctxParamAttrs);
  return [
    { name: 'ABI_VERSION', ts: ABI_VERSION, c: 'AWSM_ABI_VERSION' },
    { name: 'PAGE_SIZE', ts: PAGE_SIZE, c: 'AWSM_PAGE_SIZE' },
    { name: 'MAX_PAGES', ts: MAX_PAGES, c: 'AWSM_MAX_PAGES' },
    { name: 'pointerSize', ts: L.pointerSize, c: 'sizeof(void *)' },
    { name: 'intptr', ts: L.intptr === 'i64' ? 8 : 4, c: 'sizeof(uintptr_t)' },
    { name: 'ctxSize', ts: L.ctxSize, c: 'sizeof(awsm_instance)' },
    { name: 'ctxAlign', ts: L.ctxAlign, c: '_Alignof(awsm_instance)' },
    { name: 'CTX_PARAM_ATTRS align', ts: Number(attrs?.[1]), c: '_Alignof(awsm_instance)' },
    // Dereferenceable up to stack_limit: `tags` after it is read only by code that throws or catches.
    { name: 'CTX_PARAM_ATTRS dereferenceable', ts: Number(attrs?.[2]), c: 'offsetof(awsm_instance, stack_limit) + sizeof(uintptr_t)' },
    { name: 'VALUE_SIZE', ts: VALUE_SIZE, c: 'sizeof(awsm_value)' },
    ...offsets('ctx', 'awsm_instance', L.ctx),
    ...offsets('funcObj', 'awsm_func', L.funcObj),
    ...offsets('memObj', 'awsm_memory', L.memObj),
    ...offsets('tableObj', 'awsm_table', L.tableObj),
    ...offsets('elemSeg', 'awsm_elem_seg', L.elemSeg),
    ...offsets('exnObj', 'awsm_exn', L.exnObj),
    { name: 'elemSegSize', ts: L.elemSegSize, c: 'sizeof(awsm_elem_seg)' },
    ...Object.entries(TRAP_NAMES).map(([k, c]) => ({ name: `TrapKind.${k}`, ts: TrapKind[k as keyof typeof TrapKind], c })),
    ...valTypes.map((t) => ({ name: `sigChar('${t}')`, ts: sigChar(t).charCodeAt(0), c: `AWSM_T_${t.toUpperCase()}` })),
    ...Object.entries(EXTERN_KIND).map(([k, v]) => ({ name: `EXTERN_KIND.${k}`, ts: v, c: `AWSM_EXTERN_${k.toUpperCase()}` })),
    ...Object.entries(BOUNDS_FLAG).map(([k, v]) => ({ name: `BOUNDS_FLAG.${k}`, ts: v, c: `AWSM_MODULE_BOUNDS_${k.toUpperCase()}` })),
    { name: 'DATA_PACKED_FLAG', ts: DATA_PACKED_FLAG, c: 'AWSM_MODULE_DATA_PACKED' },
    ...descriptorFacts(p),
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

/**
 * The C compiler's complaints, for armv7-linux-gnueabihf, about the facts whose TypeScript
 * value differs from its own: each fact a static assertion naming it (none: all agree).
 */
function armv7Mismatches(facts: Fact[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'awsm-abi-'));
  try {
    const src = join(dir, 'abi.c');
    const lines = facts.map((f) => `_Static_assert((${f.c}) == ${f.ts}, "${f.name}: TypeScript ${f.ts}");`);
    writeFileSync(src, ['#include <stddef.h>', '#include <stdint.h>', '#include "awsm_abi.h"', ...lines, ''].join('\n'));
    const r = spawnSync('clang-16', ['--target=armv7-linux-gnueabihf', '-ffreestanding', '-fsyntax-only', '-std=c11', '-I', join(packageRoot, 'runtime', 'include'), src], { encoding: 'utf8' });
    return [...r.stderr.matchAll(/static assertion failed[^"]*"([^"]*)"/g)].map((m) => m[1]!);
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
  const facts = abiFacts(8);
  const c = cValues(facts);
  assert.equal(c.length, facts.length, 'the C program printed a value per fact');
  assert.deepEqual(mismatches(facts, c), []);
  // The comparison catches a wrong offset: the same run with one TypeScript value off.
  const wrong = facts.map((f) => (f.name === 'ctx.stackLimit' ? { ...f, ts: f.ts - 8 } : f));
  assert.deepEqual(mismatches(wrong, c), [`ctx.stackLimit: TypeScript 64, awsm_abi.h 72 (offsetof(awsm_instance, stack_limit))`]);
});

test('the 32-bit layout (armv7) agrees with awsm_abi.h compiled for armv7-linux-gnueabihf', (t) => {
  if (!requires(t, ['clang-16'])) return;
  const facts = abiFacts(4);
  assert.deepEqual(armv7Mismatches(facts), []);
  // A wrong value is caught: the ctx's stack_limit at its 64-bit offset, and the 64-bit layout as a whole.
  const wrong = facts.map((f) => (f.name === 'ctx.stackLimit' ? { ...f, ts: 72 } : f));
  assert.deepEqual(armv7Mismatches(wrong), ['ctx.stackLimit: TypeScript 72']);
  assert.ok(armv7Mismatches(abiFacts(8)).includes('ctxSize: TypeScript 96'));
});
