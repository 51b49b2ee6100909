/*
 * test_runtime.c — tests of the C runtime against the hand-written modules of
 * fake_module.c and wasi_module.c. Prints one line per failure and "N passed, N failed".
 *
 *   test_runtime            all tests
 *   test_runtime --leaks    only the tests that are meaningful under valgrind (no faults, no
 *                           stack overflow): instantiate/free cycles, calls, explicit traps
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awsm.h"

extern const awsm_module_desc fake_m0, fake_m1, fake_m2, fake_m3, fake_m4, wasi_test_module;

#include "../check.h"

/* ---- helpers ---- */

static awsm_func *func_export(awsm_instance *inst, const char *name) {
  awsm_extern e;
  if (!awsm_instance_export(inst, name, strlen(name), &e) || e.kind != AWSM_EXTERN_FUNC) {
    printf("no function export %s\n", name);
    exit(2);
  }
  return e.u.func;
}

/* Calls export `name` with up to 3 i32 args; returns the call status, result in *res. */
static int call3(awsm_instance *inst, const char *name, uint32_t a, uint32_t b, uint32_t c, uint32_t *res,
                 awsm_error *err) {
  awsm_value v[3];
  memset(v, 0, sizeof v);
  v[0].i32 = a;
  v[1].i32 = b;
  v[2].i32 = c;
  int rc = awsm_call(inst, func_export(inst, name), v, err);
  if (res) *res = v[0].i32;
  return rc;
}

static uint32_t call_ok(awsm_instance *inst, const char *name, uint32_t a, uint32_t b, uint32_t c) {
  awsm_error err;
  uint32_t r = 0;
  int rc = call3(inst, name, a, b, c, &r, &err);
  CHECK(rc == 0, "%s(%u, %u, %u) failed: %s", name, a, b, c, err.message);
  return r;
}

static void expect_trap(awsm_instance *inst, const char *name, uint32_t a, uint32_t b, uint32_t c,
                        awsm_trap_kind kind, const char *message) {
  awsm_error err;
  int rc = call3(inst, name, a, b, c, NULL, &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_TRAP && err.trap == kind && strcmp(err.message, message) == 0,
        "%s(%u, %u, %u): expected trap \"%s\", got rc %d kind %d trap %d \"%s\"", name, a, b, c, message, rc,
        err.kind, err.trap, err.message);
}

/* The host function "env" "host_add" of fake_m0: ctx is the importing instance. */
static uint32_t host_add(awsm_instance *ctx, uint32_t a, uint32_t b) {
  awsm_error err;
  if (a == 999) { /* nested call that traps: propagate */
    awsm_value v[2] = {{.i32 = 1}, {.i32 = 0}};
    if (awsm_call(ctx, func_export(ctx, "div"), v, &err) != 0) awsm_trap_error(ctx, &err);
    return 0;
  }
  if (a == 998) awsm_trap_host(ctx, "host says no (%u)", a);
  if (a == 997) awsm_trap_exit(ctx, 5);
  if (a == 996) { /* nested call that succeeds */
    awsm_value v[2] = {{.i32 = b}, {.i32 = 10}};
    if (awsm_call(ctx, func_export(ctx, "add"), v, &err) != 0) awsm_trap_error(ctx, &err);
    return v[0].i32 + 1;
  }
  return a + b;
}

static void t_ii_i_host(void *c, void *x, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t))c)(x, a[0].i32, a[1].i32);
}

static int resolve_env(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                       awsm_error *err) {
  (void)data;
  (void)err;
  if (imp->module_len == 3 && memcmp(imp->module, "env", 3) == 0 && imp->name_len == 8 &&
      memcmp(imp->name, "host_add", 8) == 0) {
    out->kind = AWSM_EXTERN_FUNC;
    out->instance = NULL;
    out->u.func = awsm_instance_host_func(importer, "ii:i", (void *)host_add, t_ii_i_host, importer);
    return 1;
  }
  return 0;
}

/* Resolves module "m0" from the exports of the instance in data. */
static int resolve_from(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                        awsm_error *err) {
  (void)importer;
  (void)err;
  if (imp->module_len != 2 || memcmp(imp->module, "m0", 2) != 0) return 0;
  return awsm_instance_export(data, imp->name, imp->name_len, out);
}

struct nomax_data {
  awsm_instance *m0;
  awsm_memory *mem;
};
static int resolve_nomax(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                         awsm_error *err) {
  struct nomax_data *nd = data;
  if (imp->kind == AWSM_EXTERN_MEMORY) {
    out->kind = AWSM_EXTERN_MEMORY;
    out->instance = NULL;
    out->u.memory = nd->mem;
    return 1;
  }
  return resolve_from(nd->m0, importer, imp, out, err);
}

static awsm_instance *new_m0(void) {
  awsm_options o = {0};
  o.resolve = resolve_env;
  awsm_error err;
  awsm_instance *i = awsm_instantiate(&fake_m0, &o, &err);
  if (i == NULL) {
    printf("FAIL instantiate m0: %s\n", err.message);
    exit(2);
  }
  return i;
}

/* ---- tests ---- */

static void test_basic_calls(void) {
  awsm_instance *m = new_m0();
  CHECK(call_ok(m, "add", 2, 3, 0) == 5, "add");
  CHECK(call_ok(m, "load", 16, 0, 0) == 0x6c6c6568, "data segment applied (\"hell\")");
  CHECK(call_ok(m, "global_get", 0, 0, 0) == 42, "global initialised");
  awsm_extern g;
  CHECK(awsm_instance_export(m, "g", 1, &g) && g.kind == AWSM_EXTERN_GLOBAL && g.u.global.type == AWSM_T_I32 &&
            g.u.global.mutable_ == 1 && g.u.global.cell->i32 == 42,
        "export g");
  g.u.global.cell->i32 = 7;
  CHECK(call_ok(m, "global_get", 0, 0, 0) == 7, "global cell shared with the host");
  CHECK(awsm_instance_export(m, "g64", 3, &g) && g.u.global.type == AWSM_T_I64 && g.u.global.mutable_ == 0 &&
            g.u.global.cell->i64 == 7,
        "export g64");
  awsm_extern e;
  CHECK(!awsm_instance_export(m, "nope", 4, &e), "missing export");
  CHECK(!awsm_instance_export(m, "ad", 2, &e), "prefix of an export is not an export");
  CHECK(m->mem0_base == m->memories[0]->base, "mem0_base");
  CHECK(m->stack_limit != 0, "stack_limit set at instantiation");
  awsm_instance_free(m);
}

static void test_memory(void) {
  awsm_instance *m = new_m0();
  awsm_memory *mem = m->memories[0];
  CHECK(call_ok(m, "size", 0, 0, 0) == 1, "size 1");
  CHECK(call_ok(m, "grow", 1, 0, 0) == 1, "grow 1 -> old 1");
  CHECK(mem->pages == 2 && mem->size == 2 * 65536, "pages and size kept current");
  call_ok(m, "store", 2 * 65536 - 4, 0xdeadbeef, 0);
  CHECK(call_ok(m, "load", 2 * 65536 - 4, 0, 0) == 0xdeadbeef, "store/load at the new end");
  expect_trap(m, "load", 2 * 65536 - 3, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function load");
  CHECK(call_ok(m, "grow", 2, 0, 0) == 2, "grow 2 -> old 2");
  CHECK(call_ok(m, "grow", 1, 0, 0) == 0xFFFFFFFFu, "grow past max 4 -> -1");
  CHECK(call_ok(m, "grow", 0, 0, 0) == 4, "grow 0 -> 4");
  CHECK(call_ok(m, "grow", 0xFFFFFFFFu, 0, 0) == 0xFFFFFFFFu, "grow by 2^32-1 -> -1");
  CHECK(call_ok(m, "load", 4 * 65536 - 4, 0, 0) == 0, "fresh pages are zero");
  CHECK(m->mem0_base == mem->base, "base never moves");
  expect_trap(m, "load", 4 * 65536, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function load");
  expect_trap(m, "load", 0xFFFFFFFFu, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function load");
  expect_trap(m, "load_far", 0xFFFFFFFFu, 0, 0, AWSM_TRAP_MEMORY_OOB,
              "out of bounds memory access in function load_far");
  CHECK(call_ok(m, "add", 1, 1, 0) == 2, "calls work after a fault trap");
  awsm_instance_free(m);

  /* Host limit on memory size. */
  awsm_options o = {0};
  o.resolve = resolve_env;
  o.max_memory_pages = 2;
  awsm_error err;
  m = awsm_instantiate(&fake_m0, &o, &err);
  CHECK(m != NULL, "instantiate with a host limit: %s", err.message);
  if (m) {
    CHECK(call_ok(m, "grow", 1, 0, 0) == 1, "grow within host limit");
    CHECK(call_ok(m, "grow", 1, 0, 0) == 0xFFFFFFFFu, "grow past host limit -> -1");
    awsm_instance_free(m);
  }

  /* Memory (0, max 0). */
  awsm_module_desc d = fake_m0;
  awsm_memory_desc zero = {0, 0, 1, AWSM_PAGE_SIZE_LOG2, 0, 0};
  d.memories = &zero;
  d.init = NULL;
  m = awsm_instantiate(&d, &o, &err);
  CHECK(m != NULL, "instantiate memory 0/0: %s", err.message);
  if (m) {
    CHECK(call_ok(m, "size", 0, 0, 0) == 0, "size 0");
    CHECK(call_ok(m, "grow", 0, 0, 0) == 0, "grow 0 of 0/0");
    CHECK(call_ok(m, "grow", 1, 0, 0) == 0xFFFFFFFFu, "grow 1 of 0/0 -> -1");
    expect_trap(m, "load", 0, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function load");
    call_ok(m, "fill", 0, 0, 0);
    expect_trap(m, "fill", 1, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function fill");
    awsm_instance_free(m);
  }

  /* Host-created memories. */
  awsm_memory *hm = awsm_memory_new(1, 1, 2, &err);
  CHECK(hm != NULL && hm->pages == 1 && hm->has_max && hm->declared_max == 2, "awsm_memory_new");
  CHECK(awsm_memory_grow_object(hm, 1) == 1 && awsm_memory_grow_object(hm, 1) == 0xFFFFFFFFu, "host memory grow");
  awsm_memory_free(hm);
  CHECK(awsm_memory_new(3, 1, 2, &err) == NULL && err.kind == AWSM_ERR_INVALID, "memory max < min refused");

  /* A memory of 1-byte pages (custom page sizes): pages, size and growth count bytes. */
  awsm_memory_desc bytes = {3, 70000, 1, AWSM_PAGE_SIZE_LOG2_BYTE, 0, 0};
  hm = awsm_memory_new_type(&bytes, &err);
  CHECK(hm != NULL && hm->pages == 3 && hm->size == 3, "byte-page memory: %s", err.message);
  if (hm != NULL) {
    uint8_t buf[4] = {1, 2, 3, 4};
    CHECK(awsm_memory_write(hm, 0, buf, 3) == 0 && awsm_memory_write(hm, 1, buf, 3) == -1, "byte-page bounds");
    CHECK(awsm_memory_grow_object(hm, 65536) == 3 && hm->size == 65539, "byte-page grow");
    CHECK(awsm_memory_write(hm, 65535, buf, 4) == 0 && awsm_memory_write(hm, 65536, buf, 4) == -1, "byte-page bounds after grow");
    CHECK(awsm_memory_grow_object(hm, 70000 - 65539 + 1) == 0xFFFFFFFFu && awsm_memory_grow_object(hm, 70000 - 65539) == 65539,
          "byte-page grow to the maximum");
    awsm_memory_free(hm);
  }
  bytes.page_size_log2 = 3;
  CHECK(awsm_memory_new_type(&bytes, &err) == NULL && err.kind == AWSM_ERR_INVALID, "page size 8 refused");
}

static void test_bulk_memory(void) {
  awsm_instance *m = new_m0();
  uint8_t *b = m->mem0_base;
  /* fill */
  call_ok(m, "fill", 65536, 0, 0);
  expect_trap(m, "fill", 65537, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function fill");
  call_ok(m, "fill", 65530, 0x107, 6);
  CHECK(b[65529] == 0 && b[65530] == 7 && b[65535] == 7, "fill bytes (value & 0xff)");
  expect_trap(m, "fill", 65531, 9, 6, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function fill");
  CHECK(b[65531] == 7, "a trapping fill writes nothing");
  expect_trap(m, "fill", 0xFFFFFFFFu, 0, 2, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function fill");
  /* copy: overlapping both ways */
  call_ok(m, "copy", 17, 16, 5);
  CHECK(memcmp(b + 16, "hhello", 6) == 0, "copy forward overlap: %.6s", (char *)b + 16);
  call_ok(m, "copy", 16, 17, 5);
  CHECK(memcmp(b + 16, "helloo", 6) == 0, "copy backward overlap: %.6s", (char *)b + 16);
  call_ok(m, "copy", 65536, 0, 0);
  call_ok(m, "copy", 0, 65536, 0);
  expect_trap(m, "copy", 65537, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function copy");
  expect_trap(m, "copy", 0, 65537, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function copy");
  expect_trap(m, "copy", 65535, 0, 2, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function copy");
  expect_trap(m, "copy", 0, 0xFFFFFFFFu, 2, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function copy");
  /* init from the passive segment "0123456789" */
  call_ok(m, "init", 100, 0, 10);
  CHECK(memcmp(b + 100, "0123456789", 10) == 0, "memory.init");
  call_ok(m, "init", 200, 3, 2);
  CHECK(memcmp(b + 200, "34", 2) == 0, "memory.init with offset");
  call_ok(m, "init", 100, 10, 0);
  expect_trap(m, "init", 100, 11, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function init");
  expect_trap(m, "init", 100, 5, 6, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function init");
  call_ok(m, "init", 65536, 0, 0);
  expect_trap(m, "init", 65537, 0, 0, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function init");
  expect_trap(m, "init", 65530, 0, 7, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function init");
  call_ok(m, "data_drop", 0, 0, 0);
  call_ok(m, "init", 0, 0, 0);
  expect_trap(m, "init", 0, 0, 1, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function init");
  call_ok(m, "data_drop", 0, 0, 0); /* dropping twice is fine */
  awsm_instance_free(m);
}

static void test_tables(void) {
  awsm_instance *m = new_m0();
  CHECK(call_ok(m, "table_size", 0, 0, 0) == 4, "table size 4");
  CHECK(call_ok(m, "call_indirect", 1, 5, 0) == 10, "active elem: slot 1 = add");
  CHECK(call_ok(m, "call_indirect", 2, 5, 0) == 0, "active elem: slot 2 = sub");
  expect_trap(m, "call_indirect", 0, 5, 0, AWSM_TRAP_UNINITIALIZED_ELEMENT,
              "uninitialized element in function call_indirect");
  expect_trap(m, "call_indirect", 4, 5, 0, AWSM_TRAP_UNDEFINED_ELEMENT, "undefined element in function call_indirect");
  call_ok(m, "table_fill", 0, 3 /* load: i:i */, 1);
  expect_trap(m, "call_indirect", 0, 5, 0, AWSM_TRAP_INDIRECT_TYPE,
              "indirect call type mismatch in function call_indirect");
  /* grow */
  CHECK(call_ok(m, "table_grow", 2, 0, 0) == 4, "table.grow 2 -> 4");
  CHECK(call_ok(m, "table_grow", 3, 0, 0) == 0xFFFFFFFFu, "table.grow past max -> -1");
  CHECK(call_ok(m, "table_grow", 2, 0, 0) == 6, "table.grow to max");
  CHECK(call_ok(m, "table_grow", 0, 0, 0) == 8, "table.grow 0");
  CHECK(call_ok(m, "table_grow", 0xFFFFFFFFu, 0, 0) == 0xFFFFFFFFu, "table.grow 2^32-1 -> -1");
  expect_trap(m, "call_indirect", 7, 5, 0, AWSM_TRAP_UNINITIALIZED_ELEMENT,
              "uninitialized element in function call_indirect");
  /* fill */
  call_ok(m, "table_fill", 8, 1, 0);
  expect_trap(m, "table_fill", 9, 1, 0, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_fill");
  expect_trap(m, "table_fill", 7, 1, 2, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_fill");
  call_ok(m, "table_fill", 6, 2 /* sub */, 2);
  CHECK(call_ok(m, "call_indirect", 7, 3, 0) == 0, "table.fill wrote sub");
  /* copy (overlapping): slots 1,2 = add, sub -> slots 2,3 */
  call_ok(m, "table_copy", 2, 1, 2);
  CHECK(call_ok(m, "call_indirect", 2, 4, 0) == 8 && call_ok(m, "call_indirect", 3, 4, 0) == 0, "table.copy overlap");
  call_ok(m, "table_copy", 8, 0, 0);
  call_ok(m, "table_copy", 0, 8, 0);
  expect_trap(m, "table_copy", 9, 0, 0, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_copy");
  expect_trap(m, "table_copy", 0, 9, 0, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_copy");
  expect_trap(m, "table_copy", 7, 0, 2, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_copy");
  /* init from the passive segment [sub, add, null] */
  call_ok(m, "table_init", 0, 0, 3);
  CHECK(call_ok(m, "call_indirect", 0, 9, 0) == 0 && call_ok(m, "call_indirect", 1, 9, 0) == 18, "table.init");
  expect_trap(m, "call_indirect", 2, 5, 0, AWSM_TRAP_UNINITIALIZED_ELEMENT,
              "uninitialized element in function call_indirect");
  call_ok(m, "table_init", 0, 3, 0);
  call_ok(m, "table_init", 8, 0, 0);
  expect_trap(m, "table_init", 0, 4, 0, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_init");
  expect_trap(m, "table_init", 9, 0, 0, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_init");
  expect_trap(m, "table_init", 6, 0, 3, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_init");
  call_ok(m, "elem_drop", 0, 0, 0);
  call_ok(m, "table_init", 0, 0, 0);
  expect_trap(m, "table_init", 0, 0, 1, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function table_init");
  awsm_instance_free(m);

  /* A table without a maximum, limited by the host. */
  awsm_error err;
  awsm_table *t = awsm_table_new(AWSM_T_EXTERNREF, 0, 0, 0, &err);
  CHECK(t != NULL && t->size == 0 && t->elem_type == AWSM_T_EXTERNREF, "awsm_table_new");
  int grew = 1;
  for (uint32_t i = 0; i < 1000; i++) grew &= awsm_table_grow_object(t, (void *)(uintptr_t)(i + 1), 1) == i;
  CHECK(grew && t->size == 1000 && t->elems[999] == (void *)1000, "table grows one by one");
  CHECK(awsm_table_grow_object(t, NULL, 0xFFFFFFF0u) == 0xFFFFFFFFu, "table.grow past host limit -> -1");
  awsm_table_free(t);
}

static void test_traps(void) {
  awsm_instance *m = new_m0();
  expect_trap(m, "div", 1, 0, 0, AWSM_TRAP_DIV_ZERO, "integer divide by zero in function div");
  expect_trap(m, "div", 0x80000000u, 0xFFFFFFFFu, 0, AWSM_TRAP_INT_OVERFLOW, "integer overflow in function div");
  CHECK(call_ok(m, "div", 7, 2, 0) == 3, "div");
  expect_trap(m, "unreachable", 0, 0, 0, AWSM_TRAP_UNREACHABLE, "unreachable in function #13");
  CHECK(call_ok(m, "recurse", 1000, 0, 0) == 1000, "recurse 1000");
  expect_trap(m, "recurse", 1000000000u, 0, 0, AWSM_TRAP_STACK_EXHAUSTED, "call stack exhausted in function recurse");
  expect_trap(m, "recurse", 1000000000u, 0, 0, AWSM_TRAP_STACK_EXHAUSTED, "call stack exhausted in function recurse");
  CHECK(call_ok(m, "add", 1, 2, 0) == 3, "calls work after stack exhaustion");
  for (uint32_t k = 0; k < AWSM_TRAP_KIND_COUNT; k++)
    CHECK(awsm_trap_message((awsm_trap_kind)k) != NULL, "trap message %u", k);
  CHECK(strcmp(awsm_trap_message(AWSM_TRAP_INVALID_CONVERSION), "invalid conversion to integer") == 0, "text");
  awsm_instance_free(m);
}

static void test_fault_stack_overflow(void) {
  awsm_instance *m = new_m0();
  expect_trap(m, "recurse_nocheck", 1000000000u, 0, 0, AWSM_TRAP_STACK_EXHAUSTED,
              "call stack exhausted in function recurse_nocheck");
  expect_trap(m, "recurse_nocheck", 1000000000u, 0, 0, AWSM_TRAP_STACK_EXHAUSTED,
              "call stack exhausted in function recurse_nocheck");
  CHECK(call_ok(m, "recurse_nocheck", 100, 0, 0) == 100, "recurse_nocheck 100");
  awsm_instance_free(m);
}

static void test_host_functions(void) {
  awsm_instance *m = new_m0();
  CHECK(call_ok(m, "host_call", 2, 3, 0) == 5, "host function");
  CHECK(call_ok(m, "host_add", 20, 3, 0) == 23, "re-exported host function called from the host");
  CHECK(call_ok(m, "host_call", 996, 5, 0) == 16, "host -> wasm -> host -> wasm");
  expect_trap(m, "host_call", 999, 0, 0, AWSM_TRAP_DIV_ZERO, "integer divide by zero in function div");
  expect_trap(m, "host_call", 998, 0, 0, AWSM_TRAP_HOST, "host says no (998)");
  awsm_error err;
  int rc = call3(m, "host_call", 997, 0, 0, NULL, &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_EXIT && err.exit_status == 5, "exit from a host function: %s", err.message);
  CHECK(call_ok(m, "host_call", 1, 1, 0) == 2, "calls work after exit");
  awsm_instance_free(m);
}

static void test_linking(void) {
  awsm_instance *m0 = new_m0();
  awsm_options o = {0};
  o.resolve = resolve_from;
  o.resolve_data = m0;
  awsm_error err;
  awsm_instance *m1 = awsm_instantiate(&fake_m1, &o, &err);
  CHECK(m1 != NULL, "instantiate m1: %s", err.message);
  if (m1 == NULL) return;
  CHECK(call_ok(m1, "get_g", 0, 0, 0) == 42, "imported global");
  call_ok(m1, "set_g", 5, 0, 0);
  CHECK(call_ok(m0, "global_get", 0, 0, 0) == 5, "imported mutable global is shared");
  CHECK(call_ok(m1, "load", 16, 0, 0) == 0x6c6c6568, "imported memory");
  CHECK(m1->mem0_base == m0->mem0_base, "same base");
  CHECK(call_ok(m1, "call_add", 20, 22, 0) == 42, "imported function");
  CHECK(m1->tables[0] == m0->tables[0], "imported table");
  call_ok(m0, "grow", 1, 0, 0);
  CHECK(m1->memories[0]->pages == 2, "growth seen by the importer");
  expect_trap(m1, "load_far", 0xF0000000u, 0, 0, AWSM_TRAP_MEMORY_OOB,
              "out of bounds memory access in function m1_load_far");

  /* Import errors. */
  awsm_import_desc imps[4];
  awsm_memory_desc mems[1];
  awsm_table_desc tabs[1];
  awsm_global_desc globs[1];
  awsm_func_desc funcs[6];
  struct {
    const char *what;
    const char *message;
  } cases[] = {
      {"unknown", "unknown import \"m0\".\"nope\""},
      {"mem-min", "incompatible import type \"m0\".\"mem\": expected at least 3 pages, got 2"},
      {"mem-max", "incompatible import type \"m0\".\"mem\": expected maximum 3 pages, got 4"},
      {"mem-pagesize", "incompatible import type \"m0\".\"mem\": expected page size 1, got 65536"},
      {"mem-addr64", "incompatible import type \"m0\".\"mem\": expected a 64-bit memory, got a 32-bit one"},
      {"tab-type", "incompatible import type \"m0\".\"tab\": expected element type e, got r"},
      {"tab-max", "incompatible import type \"m0\".\"tab\": expected maximum 4, got 8"},
      {"tab-min", "incompatible import type \"m0\".\"tab\": expected at least 5 elements, got 4"},
      {"glob-mut", "incompatible import type \"m0\".\"g\": expected immutable i, got mutable i"},
      {"glob-type", "incompatible import type \"m0\".\"g\": expected mutable I, got mutable i"},
      {"func-sig", "incompatible import type \"m0\".\"add\": expected signature i:i, got ii:i"},
      {"kind", "incompatible import type \"m0\".\"g\": expected a function, got a global"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    awsm_module_desc d = fake_m1;
    memcpy(imps, fake_m1.imports, sizeof imps);
    memcpy(mems, fake_m1.memories, sizeof mems);
    memcpy(tabs, fake_m1.tables, sizeof tabs);
    memcpy(globs, fake_m1.globals, sizeof globs);
    memcpy(funcs, fake_m1.funcs, sizeof funcs);
    d.imports = imps;
    d.memories = mems;
    d.tables = tabs;
    d.globals = globs;
    d.funcs = funcs;
    const char *w = cases[k].what;
    if (!strcmp(w, "unknown")) imps[3].name = "nope", imps[3].name_len = 4;
    if (!strcmp(w, "mem-min")) mems[0].min_pages = 3;
    if (!strcmp(w, "mem-max")) mems[0].max_pages = 3;
    if (!strcmp(w, "mem-pagesize")) mems[0].page_size_log2 = AWSM_PAGE_SIZE_LOG2_BYTE;
    if (!strcmp(w, "mem-addr64")) mems[0].addr64 = 1;
    if (!strcmp(w, "tab-type")) tabs[0].elem_type = AWSM_T_EXTERNREF;
    if (!strcmp(w, "tab-max")) tabs[0].max = 4;
    if (!strcmp(w, "tab-min")) tabs[0].min = 5;
    if (!strcmp(w, "glob-mut")) globs[0].mutable_ = 0;
    if (!strcmp(w, "glob-type")) globs[0].type = AWSM_T_I64;
    if (!strcmp(w, "func-sig")) funcs[0].sig = "i:i";
    if (!strcmp(w, "kind")) imps[3].name = "g", imps[3].name_len = 1;
    awsm_instance *bad = awsm_instantiate(&d, &o, &err);
    CHECK(bad == NULL && err.kind == AWSM_ERR_LINK && strcmp(err.message, cases[k].message) == 0,
          "link error %s: got kind %d \"%s\"", w, err.kind, err.message);
    awsm_instance_free(bad);
  }
  /* Names are escaped into one line. */
  {
    awsm_module_desc d = fake_m1;
    memcpy(imps, fake_m1.imports, sizeof imps);
    d.imports = imps;
    imps[0].module = "m\n\xe2\x82\xac\"";
    imps[0].module_len = 6;
    awsm_instance *bad = awsm_instantiate(&d, &o, &err);
    CHECK(bad == NULL && strcmp(err.message, "unknown import \"m\\0a\\e2\\82\\ac\\\"\".\"mem\"") == 0,
          "escaped names: %s", err.message);
  }
  /* No resolver at all. */
  CHECK(awsm_instantiate(&fake_m1, NULL, &err) == NULL && err.kind == AWSM_ERR_LINK, "no resolver");

  /* A memory without maximum does not match an import with one. */
  {
    awsm_memory *nomax = awsm_memory_new(1, 0, 0, &err);
    struct nomax_data nd = {m0, nomax};
    awsm_options o2 = {0};
    o2.resolve = resolve_nomax;
    o2.resolve_data = &nd;
    awsm_instance *bad = awsm_instantiate(&fake_m1, &o2, &err);
    CHECK(bad == NULL && strcmp(err.message, "incompatible import type \"m0\".\"mem\": expected maximum 4 pages, got no "
                                             "maximum") == 0,
          "memory without maximum: %s", err.message);
    awsm_memory_free(nomax);
  }

  /* Partial initialisation effects stay (Wasm 2.0): m2 writes slot 3 of m0's table, then traps. */
  awsm_instance *m2 = awsm_instantiate(&fake_m2, &o, &err);
  CHECK(m2 == NULL && err.kind == AWSM_ERR_TRAP && err.trap == AWSM_TRAP_MEMORY_OOB &&
            strcmp(err.message, "out of bounds memory access") == 0 && err.instance != NULL,
        "m2 uninstantiable: %d %s", err.kind, err.message);
  awsm_instance *failed = err.instance;
  CHECK(call_ok(m0, "call_indirect", 3, 0, 0) == 42, "function of the failed instance callable from m0's table");

  /* Start functions. */
  awsm_instance *m3 = awsm_instantiate(&fake_m3, NULL, &err);
  CHECK(m3 == NULL && err.kind == AWSM_ERR_TRAP && strcmp(err.message, "unreachable in function start_fn") == 0 &&
            err.instance != NULL,
        "start trap: %s", err.message);
  awsm_instance_free(err.instance);
  awsm_instance *m4 = awsm_instantiate(&fake_m4, NULL, &err);
  awsm_extern g;
  CHECK(m4 != NULL && awsm_instance_export(m4, "g", 1, &g) && g.u.global.cell->i32 == 99, "start function ran");
  awsm_instance_free(m4);

  awsm_instance_free(m1);
  awsm_instance_free(m0);
  awsm_instance_free(failed);
}

static void test_bad_descriptor(void) {
  awsm_module_desc d = fake_m4;
  d.abi_version = 999;
  awsm_error err;
  CHECK(awsm_instantiate(&d, NULL, &err) == NULL && err.kind == AWSM_ERR_INVALID, "ABI version checked");
  awsm_func bogus = {":", NULL, NULL, NULL, 0, 0, NULL};
  CHECK(awsm_call(NULL, &bogus, NULL, &err) != 0 && err.kind == AWSM_ERR_INVALID, "call without trampoline");
}

static void test_many_instances(int rounds, int live) {
  awsm_instance **v = calloc((size_t)live, sizeof *v);
  int ok = 1;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < live; i++) {
      v[i] = new_m0();
      ok &= v[i] != NULL;
    }
    for (int i = 0; i < live; i++) {
      awsm_error err;
      uint32_t res;
      ok &= call3(v[i], "grow", 1, 0, 0, &res, &err) == 0 && res == 1;
      ok &= call3(v[i], "add", (uint32_t)i, 1, 0, &res, &err) == 0 && res == (uint32_t)i + 1;
    }
    for (int i = 0; i < live; i++) awsm_instance_free(v[i]);
  }
  CHECK(ok, "%d rounds of %d live instances", rounds, live);
  free(v);
}

/* ---- threads ---- */

typedef struct thread_arg {
  awsm_instance *m;
  int ok;
} thread_arg;

static void *thread_main(void *p) {
  thread_arg *a = p;
  awsm_error err;
  uint32_t r = 0;
  a->ok = call3(a->m, "add", 2, 2, 0, &r, &err) == 0 && r == 4;
  a->ok &= call3(a->m, "recurse", 1000000000u, 0, 0, NULL, &err) != 0 && err.trap == AWSM_TRAP_STACK_EXHAUSTED;
  a->ok &= call3(a->m, "recurse", 1000, 0, 0, &r, &err) == 0 && r == 1000;
  a->ok &= call3(a->m, "recurse_nocheck", 1000000000u, 0, 0, NULL, &err) != 0 &&
           err.trap == AWSM_TRAP_STACK_EXHAUSTED;
  a->ok &= call3(a->m, "load", 0xFFFFFFF0u, 0, 0, NULL, &err) != 0 && err.trap == AWSM_TRAP_MEMORY_OOB;
  return NULL;
}

static void test_threads(void) {
  awsm_instance *m = new_m0();
  uintptr_t main_limit = m->stack_limit;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  thread_arg a = {m, 0};
  pthread_t th;
  pthread_create(&th, &attr, thread_main, &a);
  pthread_join(th, NULL);
  pthread_attr_destroy(&attr);
  CHECK(a.ok, "an instance made on the main thread runs (and traps) on a 1 MiB thread");
  CHECK(call_ok(m, "recurse", 10000, 0, 0) == 10000, "back on the main thread");
  CHECK(m->stack_limit == main_limit, "stack limit restored for the main thread");
  awsm_instance_free(m);
}

/* ---- WASI (in process) ---- */

static void test_wasi(void) {
  const char *argv[] = {"prog", "a", "bc"};
  const char *envp[] = {"X=1", "EMPTY="};
  awsm_wasi *w = awsm_wasi_new(3, argv, 2, envp);
  awsm_options o = {0};
  o.resolve = awsm_wasi_resolve;
  o.resolve_data = w;
  o.host = w;
  awsm_error err;
  awsm_instance *m = awsm_instantiate(&wasi_test_module, &o, &err);
  CHECK(m != NULL, "instantiate the WASI module: %s", err.message);
  if (m == NULL) return;
  CHECK(call_ok(m, "selftest", 0, 0, 0) == 0, "WASI selftest (see wasi_module.c): failed check %u",
        call_ok(m, "selftest", 0, 0, 0));
  CHECK(call_ok(m, "efault", 0, 0, 0) == 0, "WASI EFAULT checks: failed check %u", call_ok(m, "efault", 0, 0, 0));
  uint32_t r = 0;
  int rc = call3(m, "exit", 3, 0, 0, &r, &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_EXIT && err.exit_status == 3, "proc_exit(3)");
  awsm_instance_free(m);

  /* A signature mismatch is a one-line link error. */
  awsm_module_desc d = wasi_test_module;
  awsm_func_desc funcs[64];
  memcpy(funcs, d.funcs, d.num_funcs * sizeof funcs[0]);
  funcs[0].sig = "iii:i"; /* fd_write */
  d.funcs = funcs;
  m = awsm_instantiate(&d, &o, &err);
  CHECK(m == NULL && err.kind == AWSM_ERR_LINK &&
            strcmp(err.message, "incompatible import type \"wasi_snapshot_preview1\".\"fd_write\": the module "
                                "expects (i32, i32, i32) -> i32, WASI provides (i32, i32, i32, i32) -> i32") == 0,
        "WASI signature mismatch: %s", err.message);
  awsm_wasi_free(w);
}

int main(int argc, char **argv) {
  int leaks_only = argc > 1 && strcmp(argv[1], "--leaks") == 0;
  test_basic_calls();
  test_bulk_memory();
  test_tables();
  test_traps();
  test_host_functions();
  test_bad_descriptor();
  test_wasi();
  test_many_instances(leaks_only ? 3 : 20, leaks_only ? 10 : 50);
  if (!leaks_only) {
    test_memory();
    test_linking();
    test_fault_stack_overflow();
    test_threads();
    test_many_instances(1, 1000);
  }
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
