/*
 * abi_check.c — compile-time checks that the structures in awsm_abi.h have the offsets and
 * sizes its comments promise (and src/translate/abi.ts mirrors). Generates no code: a layout
 * change breaks the runtime build instead of silently miscompiling generated code.
 *
 * L(lp64, ilp32): the value on 64-bit targets and on 32-bit ARM, where pointers are 4 bytes
 * and u64 fields stay 8-aligned (abiLayout in src/translate/abi.ts).
 */
#include <stddef.h>

#include "internal.h"

#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field " is at offset " #off)
#define L(lp64, ilp32) (sizeof(void *) == 8 ? (lp64) : (ilp32))
#define SIZE(type, n) _Static_assert(sizeof(type) == (n), "sizeof(" #type ") is " #n)

SIZE(awsm_value, 16);

AT(awsm_func, sig, 0);
AT(awsm_func, code, L(8, 4));
AT(awsm_func, ctx, L(16, 8));
AT(awsm_func, tramp, L(24, 12));
AT(awsm_func, funcidx, L(32, 16));
AT(awsm_func, reserved, L(36, 20));
AT(awsm_func, tail, L(40, 24));
SIZE(awsm_func, L(48, 28));

AT(awsm_memory, base, 0);
AT(awsm_memory, size, 8);
AT(awsm_memory, pages, 16);
AT(awsm_memory, max_pages, 24);
AT(awsm_memory, reserved, 32);
AT(awsm_memory, has_max, 40);
AT(awsm_memory, page_size_log2, 44);
AT(awsm_memory, declared_max, 48);
AT(awsm_memory, addr64, 56);
AT(awsm_memory, shared, 60);
SIZE(awsm_memory, 64);

AT(awsm_table, elems, 0);
AT(awsm_table, size, L(8, 4));
AT(awsm_table, max, L(12, 8));
AT(awsm_table, has_max, L(16, 12));
AT(awsm_table, elem_type, L(20, 16));
AT(awsm_table, capacity, L(24, 20));
AT(awsm_table, addr64, L(28, 24));
AT(awsm_table, declared_max, 32);
AT(awsm_table, ref_type, 40);
SIZE(awsm_table, 48);

AT(awsm_elem_seg, items, 0);
AT(awsm_elem_seg, count, L(8, 4));
SIZE(awsm_elem_seg, L(16, 12));

AT(awsm_data_seg, bytes, 0);
AT(awsm_data_seg, len, L(8, 4));
SIZE(awsm_data_seg, L(16, 12));

AT(awsm_func_desc, sig, 0);
AT(awsm_func_desc, code, L(8, 4));
AT(awsm_func_desc, tramp, L(16, 8));
AT(awsm_func_desc, name, L(24, 12));
SIZE(awsm_func_desc, L(32, 16));

AT(awsm_table_desc, elem_type, 0);
AT(awsm_table_desc, has_max, 4);
AT(awsm_table_desc, min, 8);
AT(awsm_table_desc, max, 16);
AT(awsm_table_desc, addr64, 24);
AT(awsm_table_desc, ref_type, 32);
SIZE(awsm_table_desc, 40);

AT(awsm_memory_desc, min_pages, 0);
AT(awsm_memory_desc, max_pages, 8);
AT(awsm_memory_desc, has_max, 16);
AT(awsm_memory_desc, page_size_log2, 20);
AT(awsm_memory_desc, addr64, 24);
AT(awsm_memory_desc, shared, 28);
SIZE(awsm_memory_desc, 32);

AT(awsm_global_desc, type, 0);
AT(awsm_global_desc, mutable_, 4);
AT(awsm_global_desc, ref_type, 8);
SIZE(awsm_global_desc, L(16, 12));

AT(awsm_import_desc, module, 0);
AT(awsm_import_desc, name, L(8, 4));
AT(awsm_import_desc, module_len, L(16, 8));
AT(awsm_import_desc, name_len, L(20, 12));
AT(awsm_import_desc, kind, L(24, 16));
AT(awsm_import_desc, index, L(28, 20));
SIZE(awsm_import_desc, L(32, 24));

AT(awsm_export_desc, name, 0);
AT(awsm_export_desc, name_len, L(8, 4));
AT(awsm_export_desc, kind, L(12, 8));
AT(awsm_export_desc, index, L(16, 12));
SIZE(awsm_export_desc, L(24, 20));

AT(awsm_data_desc, bytes, 0);
AT(awsm_data_desc, len, L(8, 4));
SIZE(awsm_data_desc, L(16, 12));

AT(awsm_elem_desc, count, 0);
AT(awsm_elem_desc, elem_type, 4);
SIZE(awsm_elem_desc, 8);

AT(awsm_module_desc, abi_version, 0);
AT(awsm_module_desc, flags, 4);
AT(awsm_module_desc, name, 8);
AT(awsm_module_desc, num_funcs, L(16, 12));
AT(awsm_module_desc, num_imported_funcs, L(20, 16));
AT(awsm_module_desc, funcs, L(24, 20));
AT(awsm_module_desc, num_tables, L(32, 24));
AT(awsm_module_desc, num_imported_tables, L(36, 28));
AT(awsm_module_desc, tables, L(40, 32));
AT(awsm_module_desc, num_memories, L(48, 36));
AT(awsm_module_desc, num_imported_memories, L(52, 40));
AT(awsm_module_desc, memories, L(56, 44));
AT(awsm_module_desc, num_globals, L(64, 48));
AT(awsm_module_desc, num_imported_globals, L(68, 52));
AT(awsm_module_desc, globals, L(72, 56));
AT(awsm_module_desc, num_imports, L(80, 60));
AT(awsm_module_desc, num_exports, L(84, 64));
AT(awsm_module_desc, imports, L(88, 68));
AT(awsm_module_desc, exports, L(96, 72));
AT(awsm_module_desc, num_datas, L(104, 76));
AT(awsm_module_desc, num_elems, L(108, 80));
AT(awsm_module_desc, datas, L(112, 84));
AT(awsm_module_desc, elems, L(120, 88));
AT(awsm_module_desc, init, L(128, 92));
AT(awsm_module_desc, start_funcidx, L(136, 96));
AT(awsm_module_desc, reserved, L(140, 100));
AT(awsm_module_desc, tails, L(144, 104));
AT(awsm_module_desc, num_tags, L(152, 108));
AT(awsm_module_desc, num_imported_tags, L(156, 112));
AT(awsm_module_desc, tags, L(160, 116));
AT(awsm_module_desc, num_types, L(168, 120));
AT(awsm_module_desc, reserved2, L(172, 124));
AT(awsm_module_desc, types, L(176, 128));
SIZE(awsm_module_desc, L(184, 132));

AT(awsm_tag, sig, 0);
SIZE(awsm_tag, L(16, 8));
SIZE(awsm_tag_desc, L(8, 4));

AT(awsm_exn, unwind, 0);
AT(awsm_exn, tag, L(32, 88));
AT(awsm_exn, count, L(40, 92));
AT(awsm_exn, flags, L(44, 96));
AT(awsm_exn, values, L(48, 104));

AT(awsm_instance, mem0_base, 0);
AT(awsm_instance, memories, L(8, 4));
AT(awsm_instance, tables, L(16, 8));
AT(awsm_instance, globals, L(24, 12));
AT(awsm_instance, funcs, L(32, 16));
AT(awsm_instance, elems, L(40, 20));
AT(awsm_instance, datas, L(48, 24));
AT(awsm_instance, module, L(56, 28));
AT(awsm_instance, host, L(64, 32));
AT(awsm_instance, stack_limit, L(72, 36));
AT(awsm_instance, tags, L(80, 40));
AT(awsm_instance, rtts, L(88, 44));
SIZE(awsm_instance, L(96, 48));

AT(awsm_type_desc, canon, 0);
AT(awsm_type_desc, kind, L(8, 4));
AT(awsm_type_desc, super, L(12, 8));
AT(awsm_type_desc, fields, L(16, 12));
SIZE(awsm_type_desc, L(24, 16));

AT(awsm_rtt, kind, 0);
AT(awsm_rtt, depth, 4);
AT(awsm_rtt, size, 8);
AT(awsm_rtt, num_fields, 12);
AT(awsm_rtt, fields, 16);
AT(awsm_rtt, offsets, L(24, 20));
AT(awsm_rtt, canon, L(32, 24));
AT(awsm_rtt, num_refs, L(40, 28));
AT(awsm_rtt, ref_offsets, L(48, 36));
AT(awsm_rtt, display, L(56, 40));

/* The private record extends the public one. */
AT(rt_instance, pub, 0);

/* Trap kinds are part of the ABI too (src/translate/abi.ts TrapKind). */
_Static_assert(AWSM_TRAP_UNREACHABLE == 1 && AWSM_TRAP_MEMORY_OOB == 2 && AWSM_TRAP_TABLE_OOB == 3 &&
                   AWSM_TRAP_UNDEFINED_ELEMENT == 4 && AWSM_TRAP_UNINITIALIZED_ELEMENT == 5 &&
                   AWSM_TRAP_INDIRECT_TYPE == 6 && AWSM_TRAP_DIV_ZERO == 7 && AWSM_TRAP_INT_OVERFLOW == 8 &&
                   AWSM_TRAP_INVALID_CONVERSION == 9 && AWSM_TRAP_STACK_EXHAUSTED == 10 &&
                   AWSM_TRAP_NULL_FUNC_REF == 14 && AWSM_TRAP_NULL_REF == 15 && AWSM_TRAP_NULL_EXNREF == 16 &&
                   AWSM_TRAP_UNALIGNED_ATOMIC == 17 && AWSM_TRAP_EXPECTED_SHARED == 18,
               "trap kind numbering");

/* ISO C forbids an empty translation unit. */
typedef int awsm_abi_check_unit;
