/*
 * abi_check.c — compile-time checks that the structures in awsm_abi.h have the offsets and
 * sizes its comments promise (and src/translate/abi.ts mirrors). Generates no code: a layout
 * change breaks the runtime build instead of silently miscompiling generated code.
 */
#include <stddef.h>

#include "internal.h"

#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field " is at offset " #off)
#define SIZE(type, n) _Static_assert(sizeof(type) == (n), "sizeof(" #type ") is " #n)

SIZE(awsm_value, 16);

AT(awsm_func, sig, 0);
AT(awsm_func, code, 8);
AT(awsm_func, ctx, 16);
AT(awsm_func, tramp, 24);
AT(awsm_func, funcidx, 32);
AT(awsm_func, reserved, 36);
AT(awsm_func, tail, 40);
SIZE(awsm_func, 48);

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
AT(awsm_table, size, 8);
AT(awsm_table, max, 12);
AT(awsm_table, has_max, 16);
AT(awsm_table, elem_type, 20);
AT(awsm_table, capacity, 24);
AT(awsm_table, addr64, 28);
AT(awsm_table, declared_max, 32);
AT(awsm_table, ref_type, 40);
SIZE(awsm_table, 48);

AT(awsm_elem_seg, items, 0);
AT(awsm_elem_seg, count, 8);
SIZE(awsm_elem_seg, 16);

AT(awsm_data_seg, bytes, 0);
AT(awsm_data_seg, len, 8);
SIZE(awsm_data_seg, 16);

AT(awsm_func_desc, sig, 0);
AT(awsm_func_desc, code, 8);
AT(awsm_func_desc, tramp, 16);
AT(awsm_func_desc, name, 24);
SIZE(awsm_func_desc, 32);

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
SIZE(awsm_global_desc, 16);

AT(awsm_import_desc, module, 0);
AT(awsm_import_desc, name, 8);
AT(awsm_import_desc, module_len, 16);
AT(awsm_import_desc, name_len, 20);
AT(awsm_import_desc, kind, 24);
AT(awsm_import_desc, index, 28);
SIZE(awsm_import_desc, 32);

AT(awsm_export_desc, name, 0);
AT(awsm_export_desc, name_len, 8);
AT(awsm_export_desc, kind, 12);
AT(awsm_export_desc, index, 16);
SIZE(awsm_export_desc, 24);

AT(awsm_data_desc, bytes, 0);
AT(awsm_data_desc, len, 8);
SIZE(awsm_data_desc, 16);

AT(awsm_elem_desc, count, 0);
AT(awsm_elem_desc, elem_type, 4);
SIZE(awsm_elem_desc, 8);

AT(awsm_module_desc, abi_version, 0);
AT(awsm_module_desc, flags, 4);
AT(awsm_module_desc, name, 8);
AT(awsm_module_desc, num_funcs, 16);
AT(awsm_module_desc, num_imported_funcs, 20);
AT(awsm_module_desc, funcs, 24);
AT(awsm_module_desc, num_tables, 32);
AT(awsm_module_desc, num_imported_tables, 36);
AT(awsm_module_desc, tables, 40);
AT(awsm_module_desc, num_memories, 48);
AT(awsm_module_desc, num_imported_memories, 52);
AT(awsm_module_desc, memories, 56);
AT(awsm_module_desc, num_globals, 64);
AT(awsm_module_desc, num_imported_globals, 68);
AT(awsm_module_desc, globals, 72);
AT(awsm_module_desc, num_imports, 80);
AT(awsm_module_desc, num_exports, 84);
AT(awsm_module_desc, imports, 88);
AT(awsm_module_desc, exports, 96);
AT(awsm_module_desc, num_datas, 104);
AT(awsm_module_desc, num_elems, 108);
AT(awsm_module_desc, datas, 112);
AT(awsm_module_desc, elems, 120);
AT(awsm_module_desc, init, 128);
AT(awsm_module_desc, start_funcidx, 136);
AT(awsm_module_desc, reserved, 140);
AT(awsm_module_desc, tails, 144);
AT(awsm_module_desc, num_tags, 152);
AT(awsm_module_desc, num_imported_tags, 156);
AT(awsm_module_desc, tags, 160);
AT(awsm_module_desc, num_types, 168);
AT(awsm_module_desc, types, 176);
SIZE(awsm_module_desc, 184);

AT(awsm_tag, sig, 0);
SIZE(awsm_tag, 16);
SIZE(awsm_tag_desc, 8);

AT(awsm_exn, unwind, 0);
AT(awsm_exn, tag, 32);
AT(awsm_exn, count, 40);
AT(awsm_exn, flags, 44);
AT(awsm_exn, values, 48);

AT(awsm_instance, mem0_base, 0);
AT(awsm_instance, memories, 8);
AT(awsm_instance, tables, 16);
AT(awsm_instance, globals, 24);
AT(awsm_instance, funcs, 32);
AT(awsm_instance, elems, 40);
AT(awsm_instance, datas, 48);
AT(awsm_instance, module, 56);
AT(awsm_instance, host, 64);
AT(awsm_instance, stack_limit, 72);
AT(awsm_instance, tags, 80);
AT(awsm_instance, rtts, 88);
SIZE(awsm_instance, 96);

AT(awsm_type_desc, canon, 0);
AT(awsm_type_desc, kind, 8);
AT(awsm_type_desc, super, 12);
AT(awsm_type_desc, fields, 16);
SIZE(awsm_type_desc, 24);

AT(awsm_rtt, kind, 0);
AT(awsm_rtt, depth, 4);
AT(awsm_rtt, size, 8);
AT(awsm_rtt, num_fields, 12);
AT(awsm_rtt, fields, 16);
AT(awsm_rtt, offsets, 24);
AT(awsm_rtt, canon, 32);
AT(awsm_rtt, num_refs, 40);
AT(awsm_rtt, ref_offsets, 48);
AT(awsm_rtt, display, 56);

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
