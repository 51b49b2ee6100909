/*
 * fake_module.c — hand-written "compiled modules" for the runtime tests (test_runtime.c).
 *
 *   fake_m0  memory (1, max 4), table (4 funcref, max 8), globals, segments, one host import
 *            ("env" "host_add"), and a function per runtime feature
 *   fake_m1  imports m0's memory, table, global and "add" (linking, shared state)
 *   fake_m2  imports m0's table; its init writes an element, then traps (partial effects)
 *   fake_m3  a start function that traps
 *   fake_m4  a start function that sets a global
 */
#include "fake.h"

typedef uint32_t (*fn_ii_i)(void *, uint32_t, uint32_t);

/* ---- fake_m0 ---- */

enum {
  F_HOST_ADD, F_ADD, F_SUB, F_LOAD, F_LOAD_FAR, F_STORE, F_GROW, F_SIZE, F_FILL, F_COPY, F_INIT, F_DATA_DROP,
  F_DIV, F_UNREACHABLE, F_RECURSE, F_CALL_INDIRECT, F_TABLE_GROW, F_TABLE_SIZE, F_TABLE_FILL, F_TABLE_COPY,
  F_TABLE_INIT, F_ELEM_DROP, F_GLOBAL_GET, F_RECURSE_NOCHECK, F_HOST_CALL, F_COUNT
};

static uint32_t m0_add(awsm_instance *ctx, uint32_t a, uint32_t b) { (void)ctx; return a + b; }
static uint32_t m0_sub(awsm_instance *ctx, uint32_t a, uint32_t b) { (void)ctx; return a - b; }
static uint32_t m0_load(awsm_instance *ctx, uint32_t a) { return fake_load32(ctx, a, 0); }
static uint32_t m0_load_far(awsm_instance *ctx, uint32_t a) { return fake_load32(ctx, a, 0xFFFFFFFFu); }
static void m0_store(awsm_instance *ctx, uint32_t a, uint32_t v) { fake_store32(ctx, a, 0, v); }
static uint32_t m0_grow(awsm_instance *ctx, uint32_t n) { return awsm_memory_grow(ctx, 0, n); }
static uint32_t m0_size(awsm_instance *ctx) { return (uint32_t)ctx->memories[0]->pages; }
static void m0_fill(awsm_instance *ctx, uint32_t d, uint32_t v, uint32_t n) { awsm_memory_fill(ctx, 0, d, v, n, F_FILL); }
static void m0_copy(awsm_instance *ctx, uint32_t d, uint32_t s, uint32_t n) {
  awsm_memory_copy(ctx, 0, 0, d, s, n, F_COPY);
}
static void m0_init(awsm_instance *ctx, uint32_t d, uint32_t s, uint32_t n) {
  awsm_memory_init(ctx, 0, 1, d, s, n, F_INIT);
}
static void m0_data_drop(awsm_instance *ctx) { awsm_data_drop(ctx, 1); }
static uint32_t m0_div(awsm_instance *ctx, uint32_t a, uint32_t b) {
  if (b == 0) awsm_trap(ctx, AWSM_TRAP_DIV_ZERO, F_DIV);
  if (a == 0x80000000u && b == 0xFFFFFFFFu) awsm_trap(ctx, AWSM_TRAP_INT_OVERFLOW, F_DIV);
  return (uint32_t)((int32_t)a / (int32_t)b);
}
static void m0_unreachable(awsm_instance *ctx) { awsm_trap(ctx, AWSM_TRAP_UNREACHABLE, F_UNREACHABLE); }
static uint32_t m0_recurse(awsm_instance *ctx, uint32_t n) {
  STACK_CHECK(ctx, F_RECURSE);
  volatile uint32_t pad[16];
  pad[0] = n;
  if (n == 0) return 0;
  uint32_t r = m0_recurse(ctx, n - 1);
  AFTER_CALL();
  return r + 1 + (pad[0] & 0);
}
static uint32_t m0_call_indirect(awsm_instance *ctx, uint32_t i, uint32_t x) {
  STACK_CHECK(ctx, F_CALL_INDIRECT);
  uint32_t r;
  FAKE_CALL_INDIRECT(ctx, 0, i, "ii:i", F_CALL_INDIRECT, fn_ii_i, r, x, x);
  return r;
}
static uint32_t m0_table_grow(awsm_instance *ctx, uint32_t n) { return awsm_table_grow(ctx, 0, NULL, n); }
static uint32_t m0_table_size(awsm_instance *ctx) { return ctx->tables[0]->size; }
static void m0_table_fill(awsm_instance *ctx, uint32_t i, uint32_t which, uint32_t n) {
  awsm_table_fill(ctx, 0, i, which ? ctx->funcs[which] : NULL, n, F_TABLE_FILL);
}
static void m0_table_copy(awsm_instance *ctx, uint32_t d, uint32_t s, uint32_t n) {
  awsm_table_copy(ctx, 0, 0, d, s, n, F_TABLE_COPY);
}
static void m0_table_init(awsm_instance *ctx, uint32_t d, uint32_t s, uint32_t n) {
  awsm_table_init(ctx, 0, 1, d, s, n, F_TABLE_INIT);
}
static void m0_elem_drop(awsm_instance *ctx) { awsm_elem_drop(ctx, 1); }
static uint32_t m0_global_get(awsm_instance *ctx) { return ctx->globals[0]->i32; }
static uint32_t m0_recurse_nocheck(awsm_instance *ctx, uint32_t n) {
  /* No stack check: overflows into the guard page; the fault handler must report it. */
  volatile uint32_t pad[64];
  pad[0] = n;
  if (n == 0) return 0;
  uint32_t r = m0_recurse_nocheck(ctx, n - 1);
  AFTER_CALL();
  return r + 1 + (pad[0] & 0);
}
static uint32_t m0_host_call(awsm_instance *ctx, uint32_t a, uint32_t b) {
  STACK_CHECK(ctx, F_HOST_CALL);
  awsm_func *f = ctx->funcs[F_HOST_ADD];
  return ((fn_ii_i)f->code)(f->ctx, a, b);
}

#define FN(sig, code, tramp, name) {sig, (void *)(code), tramp, name}
static const awsm_func_desc m0_funcs[F_COUNT] = {
    [F_HOST_ADD] = {"ii:i", NULL, NULL, NULL},
    [F_ADD] = FN("ii:i", m0_add, t_ii_i, "add"),
    [F_SUB] = FN("ii:i", m0_sub, t_ii_i, "sub"),
    [F_LOAD] = FN("i:i", m0_load, t_i_i, "load"),
    [F_LOAD_FAR] = FN("i:i", m0_load_far, t_i_i, "load_far"),
    [F_STORE] = FN("ii:", m0_store, t_ii_, "store"),
    [F_GROW] = FN("i:i", m0_grow, t_i_i, "grow"),
    [F_SIZE] = FN(":i", m0_size, t__i, "size"),
    [F_FILL] = FN("iii:", m0_fill, t_iii_, "fill"),
    [F_COPY] = FN("iii:", m0_copy, t_iii_, "copy"),
    [F_INIT] = FN("iii:", m0_init, t_iii_, "init"),
    [F_DATA_DROP] = FN(":", m0_data_drop, t__, "data_drop"),
    [F_DIV] = FN("ii:i", m0_div, t_ii_i, "div"),
    [F_UNREACHABLE] = FN(":", m0_unreachable, t__, NULL),
    [F_RECURSE] = FN("i:i", m0_recurse, t_i_i, "recurse"),
    [F_CALL_INDIRECT] = FN("ii:i", m0_call_indirect, t_ii_i, "call_indirect"),
    [F_TABLE_GROW] = FN("i:i", m0_table_grow, t_i_i, "table_grow"),
    [F_TABLE_SIZE] = FN(":i", m0_table_size, t__i, "table_size"),
    [F_TABLE_FILL] = FN("iii:", m0_table_fill, t_iii_, "table_fill"),
    [F_TABLE_COPY] = FN("iii:", m0_table_copy, t_iii_, "table_copy"),
    [F_TABLE_INIT] = FN("iii:", m0_table_init, t_iii_, "table_init"),
    [F_ELEM_DROP] = FN(":", m0_elem_drop, t__, "elem_drop"),
    [F_GLOBAL_GET] = FN(":i", m0_global_get, t__i, "global_get"),
    [F_RECURSE_NOCHECK] = FN("i:i", m0_recurse_nocheck, t_i_i, "recurse_nocheck"),
    [F_HOST_CALL] = FN("ii:i", m0_host_call, t_ii_i, "host_call"),
};

static const awsm_table_desc m0_tables[] = {{.elem_type = AWSM_T_FUNCREF, .has_max = 1, .min = 4, .max = 8}};
static const awsm_memory_desc m0_memories[] = {{1, 4, 1, AWSM_PAGE_SIZE_LOG2, 0, 0}};
static const awsm_global_desc m0_globals[] = {{.type = AWSM_T_I32, .mutable_ = 1}, {.type = AWSM_T_I64, .mutable_ = 0}};
static const awsm_import_desc m0_imports[] = {IMPORT_DESC("env", "host_add", 0, 0)};
static const uint8_t m0_data0[] = "hello";
static const uint8_t m0_data1[] = "0123456789";
static const awsm_data_desc m0_datas[] = {{m0_data0, 5, 0}, {m0_data1, 10, 0}};
static const awsm_elem_desc m0_elems[] = {{2, AWSM_T_FUNCREF}, {3, AWSM_T_FUNCREF}};

#define EXPORT_FUNC(name, idx) {name, (uint32_t)(sizeof(name) - 1), AWSM_EXTERN_FUNC, idx, 0}
static const awsm_export_desc m0_exports[] = {
    EXPORT_FUNC("add", F_ADD),
    EXPORT_FUNC("load", F_LOAD),
    EXPORT_FUNC("load_far", F_LOAD_FAR),
    EXPORT_FUNC("store", F_STORE),
    EXPORT_FUNC("grow", F_GROW),
    EXPORT_FUNC("size", F_SIZE),
    EXPORT_FUNC("fill", F_FILL),
    EXPORT_FUNC("copy", F_COPY),
    EXPORT_FUNC("init", F_INIT),
    EXPORT_FUNC("data_drop", F_DATA_DROP),
    EXPORT_FUNC("div", F_DIV),
    EXPORT_FUNC("unreachable", F_UNREACHABLE),
    EXPORT_FUNC("recurse", F_RECURSE),
    EXPORT_FUNC("call_indirect", F_CALL_INDIRECT),
    EXPORT_FUNC("table_grow", F_TABLE_GROW),
    EXPORT_FUNC("table_size", F_TABLE_SIZE),
    EXPORT_FUNC("table_fill", F_TABLE_FILL),
    EXPORT_FUNC("table_copy", F_TABLE_COPY),
    EXPORT_FUNC("table_init", F_TABLE_INIT),
    EXPORT_FUNC("elem_drop", F_ELEM_DROP),
    EXPORT_FUNC("global_get", F_GLOBAL_GET),
    EXPORT_FUNC("recurse_nocheck", F_RECURSE_NOCHECK),
    EXPORT_FUNC("host_call", F_HOST_CALL),
    EXPORT_FUNC("host_add", F_HOST_ADD),
    {"mem", 3, AWSM_EXTERN_MEMORY, 0, 0},
    {"tab", 3, AWSM_EXTERN_TABLE, 0, 0},
    {"g", 1, AWSM_EXTERN_GLOBAL, 0, 0},
    {"g64", 3, AWSM_EXTERN_GLOBAL, 1, 0},
};

static void m0_init_fn(awsm_instance *ctx) {
  ctx->globals[0]->i32 = 42;
  ctx->globals[1]->i64 = 7;
  ctx->elems[0].items[0] = ctx->funcs[F_ADD];
  ctx->elems[0].items[1] = ctx->funcs[F_SUB];
  ctx->elems[1].items[0] = ctx->funcs[F_SUB];
  ctx->elems[1].items[1] = ctx->funcs[F_ADD];
  ctx->elems[1].items[2] = NULL;
  awsm_table_init(ctx, 0, 0, 1, 0, 2, UINT32_MAX);
  awsm_elem_drop(ctx, 0);
  awsm_memory_init(ctx, 0, 0, 16, 0, 5, UINT32_MAX);
  awsm_data_drop(ctx, 0);
}

#define COUNT(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))

const awsm_module_desc fake_m0 = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m0",
    .num_funcs = F_COUNT,
    .num_imported_funcs = 1,
    .funcs = m0_funcs,
    .num_tables = 1,
    .tables = m0_tables,
    .num_memories = 1,
    .memories = m0_memories,
    .num_globals = 2,
    .globals = m0_globals,
    .num_imports = COUNT(m0_imports),
    .num_exports = COUNT(m0_exports),
    .imports = m0_imports,
    .exports = m0_exports,
    .num_datas = 2,
    .num_elems = 2,
    .datas = m0_datas,
    .elems = m0_elems,
    .init = m0_init_fn,
    .start_funcidx = -1,
};

/* ---- fake_m1: imports from m0 ---- */

static uint32_t m1_get_g(awsm_instance *ctx) { return ctx->globals[0]->i32; }
static void m1_set_g(awsm_instance *ctx, uint32_t v) { ctx->globals[0]->i32 = v; }
static uint32_t m1_load(awsm_instance *ctx, uint32_t a) { return fake_load32(ctx, a, 0); }
static uint32_t m1_call_add(awsm_instance *ctx, uint32_t a, uint32_t b) {
  STACK_CHECK(ctx, 5);
  awsm_func *f = ctx->funcs[0];
  return ((fn_ii_i)f->code)(f->ctx, a, b);
}
static uint32_t m1_load_far(awsm_instance *ctx, uint32_t a) { return fake_load32(ctx, a, 0x80000000u); }

static const awsm_func_desc m1_funcs[] = {
    {"ii:i", NULL, NULL, NULL},
    FN(":i", m1_get_g, t__i, "get_g"),
    FN("i:", m1_set_g, t_i_, "set_g"),
    FN("i:i", m1_load, t_i_i, "m1_load"),
    FN("i:i", m1_load_far, t_i_i, "m1_load_far"),
    FN("ii:i", m1_call_add, t_ii_i, "call_add"),
};
static const awsm_table_desc m1_tables[] = {{.elem_type = AWSM_T_FUNCREF, .has_max = 1, .min = 4, .max = 8}};
static const awsm_memory_desc m1_memories[] = {{1, 4, 1, AWSM_PAGE_SIZE_LOG2, 0, 0}};
static const awsm_global_desc m1_globals[] = {{.type = AWSM_T_I32, .mutable_ = 1}};
static const awsm_import_desc m1_imports[] = {
    IMPORT_DESC("m0", "mem", AWSM_EXTERN_MEMORY, 0),
    IMPORT_DESC("m0", "tab", AWSM_EXTERN_TABLE, 0),
    IMPORT_DESC("m0", "g", AWSM_EXTERN_GLOBAL, 0),
    IMPORT_DESC("m0", "add", AWSM_EXTERN_FUNC, 0),
};
static const awsm_export_desc m1_exports[] = {
    EXPORT_FUNC("get_g", 1), EXPORT_FUNC("set_g", 2), EXPORT_FUNC("load", 3),
    EXPORT_FUNC("load_far", 4), EXPORT_FUNC("call_add", 5),
};

const awsm_module_desc fake_m1 = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m1",
    .num_funcs = COUNT(m1_funcs),
    .num_imported_funcs = 1,
    .funcs = m1_funcs,
    .num_tables = 1,
    .num_imported_tables = 1,
    .tables = m1_tables,
    .num_memories = 1,
    .num_imported_memories = 1,
    .memories = m1_memories,
    .num_globals = 1,
    .num_imported_globals = 1,
    .globals = m1_globals,
    .num_imports = COUNT(m1_imports),
    .num_exports = COUNT(m1_exports),
    .imports = m1_imports,
    .exports = m1_exports,
    .start_funcidx = -1,
};

/* ---- fake_m2: writes into m0's table, then traps in its data segment ---- */

static uint32_t m2_forty_two(awsm_instance *ctx, uint32_t a, uint32_t b) {
  (void)a;
  (void)b;
  return 40 + ctx->memories[0]->pages + 1; /* 42 while m2's own memory has 1 page */
}
static const awsm_func_desc m2_funcs[] = {FN("ii:i", m2_forty_two, t_ii_i, "forty_two")};
static const awsm_table_desc m2_tables[] = {{.elem_type = AWSM_T_FUNCREF, .min = 4}};
static const awsm_memory_desc m2_memories[] = {{1, 0, 0, AWSM_PAGE_SIZE_LOG2, 0, 0}};
static const awsm_import_desc m2_imports[] = {IMPORT_DESC("m0", "tab", AWSM_EXTERN_TABLE, 0)};
static const uint8_t m2_data0[] = "xy";
static const awsm_data_desc m2_datas[] = {{m2_data0, 2, 0}};
static const awsm_elem_desc m2_elems[] = {{1, AWSM_T_FUNCREF}};
static void m2_init_fn(awsm_instance *ctx) {
  ctx->elems[0].items[0] = ctx->funcs[0];
  awsm_table_init(ctx, 0, 0, 3, 0, 1, UINT32_MAX);
  awsm_elem_drop(ctx, 0);
  awsm_memory_init(ctx, 0, 0, 65535, 0, 2, UINT32_MAX); /* out of bounds: traps */
  awsm_data_drop(ctx, 0);
}
const awsm_module_desc fake_m2 = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m2",
    .num_funcs = 1,
    .funcs = m2_funcs,
    .num_tables = 1,
    .num_imported_tables = 1,
    .tables = m2_tables,
    .num_memories = 1,
    .memories = m2_memories,
    .num_imports = 1,
    .imports = m2_imports,
    .num_datas = 1,
    .num_elems = 1,
    .datas = m2_datas,
    .elems = m2_elems,
    .init = m2_init_fn,
    .start_funcidx = -1,
};

/* ---- fake_m3: a trapping start function; fake_m4: a start function that runs ---- */

static void m3_start(awsm_instance *ctx) { awsm_trap(ctx, AWSM_TRAP_UNREACHABLE, 0); }
static const awsm_func_desc m3_funcs[] = {FN(":", m3_start, t__, "start_fn")};
const awsm_module_desc fake_m3 = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m3",
    .num_funcs = 1,
    .funcs = m3_funcs,
    .start_funcidx = 0,
};

static void m4_start(awsm_instance *ctx) { ctx->globals[0]->i32 = 99; }
static const awsm_func_desc m4_funcs[] = {FN(":", m4_start, t__, "start")};
static const awsm_global_desc m4_globals[] = {{.type = AWSM_T_I32, .mutable_ = 0}};
static const awsm_export_desc m4_exports[] = {{"g", 1, AWSM_EXTERN_GLOBAL, 0, 0}};
const awsm_module_desc fake_m4 = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m4",
    .num_funcs = 1,
    .funcs = m4_funcs,
    .num_globals = 1,
    .globals = m4_globals,
    .num_exports = 1,
    .exports = m4_exports,
    .start_funcidx = 0,
};
