/*
 * spec_modules.c — hand-written modules built into a shared library for the spec host test
 * (run.sh feeds tests/runtime/spec_host_cases.txt to tests/spec/host.c). Symbols follow the
 * harness's naming: descriptor `m<k>_module`.
 *
 *   m0   imports spectest (print_i32, global_i32, table, memory); exports values of every
 *        type, traps, multi-value, v128, refs, and names that need hex (UTF-8, empty)
 *   m1   imports "M" "add" (m0 registered as M)
 *   m2   imports "M" "nope": unlinkable
 *   m2b  imports spectest print_i32 with the wrong signature: unlinkable
 *   m3   a start function that traps: uninstantiable
 *   m4   GC values (signature character `a`): anyref identity, an i31, a struct, an array, and
 *        a function that allocates 10,000 objects (each collecting under AWSM_GC_STRESS) before
 *        returning its first anyref argument: a host value the host boxed must survive the
 *        boxing of the next argument (run.sh runs the host under AWSM_GC_STRESS=1)
 */
#include "awsm.h"
#include "fake.h"

typedef uint32_t (*fn_ii_i)(void *, uint32_t, uint32_t);
typedef int64_t v2i64 __attribute__((vector_size(16)));
typedef struct ret_iI {
  uint32_t a;
  uint64_t b;
} ret_iI;

enum {
  F_PRINT_I32, F_ADD, F_ADD64, F_FNEG, F_F64ID, F_DIV, F_LOAD, F_PRINT, F_EXT, F_FNULL, F_FREF, F_MULTI, F_VID,
  F_RECURSE, F_GGET, F_GROW, F_COUNT
};

static uint32_t add(awsm_instance *ctx, uint32_t a, uint32_t b) { (void)ctx; return a + b; }
static uint64_t add64(awsm_instance *ctx, uint64_t a, uint64_t b) { (void)ctx; return a + b; }
static float fneg(awsm_instance *ctx, float x) { (void)ctx; return -x; }
static double f64id(awsm_instance *ctx, double x) { (void)ctx; return x; }
static uint32_t divs(awsm_instance *ctx, uint32_t a, uint32_t b) {
  if (b == 0) awsm_trap(ctx, AWSM_TRAP_DIV_ZERO, F_DIV);
  return a / b;
}
static uint32_t load(awsm_instance *ctx, uint32_t a) { return fake_load32(ctx, a, 0); }
static void print(awsm_instance *ctx, uint32_t x) {
  STACK_CHECK(ctx, F_PRINT);
  awsm_func *f = ctx->funcs[F_PRINT_I32];
  ((void (*)(void *, uint32_t))f->code)(f->ctx, x);
}
static void *ext(awsm_instance *ctx, void *r) { (void)ctx; return r; }
static void *fnull(awsm_instance *ctx) { (void)ctx; return NULL; }
static void *fref(awsm_instance *ctx) { return ctx->funcs[F_ADD]; }
static ret_iI multi(awsm_instance *ctx, uint32_t x) {
  (void)ctx;
  ret_iI r = {x, (uint64_t)x * 2};
  return r;
}
static v2i64 vid(awsm_instance *ctx, v2i64 v) { (void)ctx; return v; }
static uint32_t recurse(awsm_instance *ctx, uint32_t n) {
  STACK_CHECK(ctx, F_RECURSE);
  volatile uint32_t pad[8];
  pad[0] = n;
  if (n == 0) return 0;
  uint32_t r = recurse(ctx, n - 1);
  AFTER_CALL();
  return r + 1 + (pad[0] & 0);
}
static uint32_t gget(awsm_instance *ctx) { return ctx->globals[0]->i32; }
static uint32_t grow(awsm_instance *ctx, uint32_t n) { return awsm_memory_grow(ctx, 0, n); }

static void t_II_I(void *c, void *x, awsm_value *a) {
  a[0].i64 = ((uint64_t(*)(void *, uint64_t, uint64_t))c)(x, a[0].i64, a[1].i64);
}
static void t_f_f(void *c, void *x, awsm_value *a) { a[0].f32 = ((float (*)(void *, float))c)(x, a[0].f32); }
static void t_F_F(void *c, void *x, awsm_value *a) { a[0].f64 = ((double (*)(void *, double))c)(x, a[0].f64); }
static void t__e(void *c, void *x, awsm_value *a) { a[0].ref = ((void *(*)(void *))c)(x); }
static void t_i_iI(void *c, void *x, awsm_value *a) {
  ret_iI r = ((ret_iI(*)(void *, uint32_t))c)(x, a[0].i32);
  a[0].i32 = r.a;
  a[1].i64 = r.b;
}
static void t_v_v(void *c, void *x, awsm_value *a) {
  v2i64 v;
  memcpy(&v, a[0].v128, 16);
  v = ((v2i64(*)(void *, v2i64))c)(x, v);
  memcpy(a[0].v128, &v, 16);
}

#define FN(sig, code, tramp, name) {sig, (void *)(code), tramp, name}
static const awsm_func_desc m0_funcs[F_COUNT] = {
    [F_PRINT_I32] = {"i:", NULL, NULL, NULL},
    [F_ADD] = FN("ii:i", add, t_ii_i, "add"),
    [F_ADD64] = FN("II:I", add64, t_II_I, "add64"),
    [F_FNEG] = FN("f:f", fneg, t_f_f, "fneg"),
    [F_F64ID] = FN("F:F", f64id, t_F_F, "f64id"),
    [F_DIV] = FN("ii:i", divs, t_ii_i, "div"),
    [F_LOAD] = FN("i:i", load, t_i_i, "load"),
    [F_PRINT] = FN("i:", print, t_i_, "print"),
    [F_EXT] = FN("e:e", ext, t_e_e, "ext"),
    [F_FNULL] = FN(":r", fnull, t__e, "fnull"),
    [F_FREF] = FN(":r", fref, t__e, "fref"),
    [F_MULTI] = FN("i:iI", multi, t_i_iI, "multi"),
    [F_VID] = FN("v:v", vid, t_v_v, "vid"),
    [F_RECURSE] = FN("i:i", recurse, t_i_i, "recurse"),
    [F_GGET] = FN(":i", gget, t__i, "gget"),
    [F_GROW] = FN("i:i", grow, t_i_i, "grow"),
};
static const awsm_import_desc m0_imports[] = {
    IMPORT_DESC("spectest", "print_i32", AWSM_EXTERN_FUNC, F_PRINT_I32),
    IMPORT_DESC("spectest", "global_i32", AWSM_EXTERN_GLOBAL, 0),
    IMPORT_DESC("spectest", "table", AWSM_EXTERN_TABLE, 0),
    IMPORT_DESC("spectest", "memory", AWSM_EXTERN_MEMORY, 0),
};
static const awsm_global_desc m0_globals[] = {
    {AWSM_T_I32, 0, NULL}, {AWSM_T_I32, 1, NULL}, {AWSM_T_F32, 0, NULL}, {AWSM_T_EXTERNREF, 1, NULL}};
static const awsm_table_desc m0_tables[] = {{.elem_type = AWSM_T_FUNCREF, .min = 10}};
static const awsm_memory_desc m0_memories[] = {{1, 0, 0, AWSM_PAGE_SIZE_LOG2, 0, 0}};
#define EXPORT(name, kind, idx) {name, (uint32_t)(sizeof(name) - 1), kind, idx, 0}
static const awsm_export_desc m0_exports[] = {
    EXPORT("add", AWSM_EXTERN_FUNC, F_ADD),
    EXPORT("add64", AWSM_EXTERN_FUNC, F_ADD64),
    EXPORT("fneg", AWSM_EXTERN_FUNC, F_FNEG),
    EXPORT("f64id", AWSM_EXTERN_FUNC, F_F64ID),
    EXPORT("div", AWSM_EXTERN_FUNC, F_DIV),
    EXPORT("load", AWSM_EXTERN_FUNC, F_LOAD),
    EXPORT("print", AWSM_EXTERN_FUNC, F_PRINT),
    EXPORT("ext", AWSM_EXTERN_FUNC, F_EXT),
    EXPORT("fnull", AWSM_EXTERN_FUNC, F_FNULL),
    EXPORT("fref", AWSM_EXTERN_FUNC, F_FREF),
    EXPORT("multi", AWSM_EXTERN_FUNC, F_MULTI),
    EXPORT("vid", AWSM_EXTERN_FUNC, F_VID),
    EXPORT("recurse", AWSM_EXTERN_FUNC, F_RECURSE),
    EXPORT("gget", AWSM_EXTERN_FUNC, F_GGET),
    EXPORT("grow", AWSM_EXTERN_FUNC, F_GROW),
    EXPORT("\xe2\x82\xac", AWSM_EXTERN_FUNC, F_ADD),
    EXPORT("", AWSM_EXTERN_FUNC, F_FNULL),
    EXPORT("g", AWSM_EXTERN_GLOBAL, 1),
    EXPORT("gf", AWSM_EXTERN_GLOBAL, 2),
    EXPORT("ge", AWSM_EXTERN_GLOBAL, 3),
    EXPORT("print_i32", AWSM_EXTERN_FUNC, F_PRINT_I32),
};
static void m0_init(awsm_instance *ctx) {
  ctx->globals[1]->i32 = 42;
  ctx->globals[2]->i32 = 0x3fc00000; /* 1.5f */
  ctx->globals[3]->ref = NULL;
}
#define COUNT(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))
const awsm_module_desc m0_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m0",
    .num_funcs = F_COUNT,
    .num_imported_funcs = 1,
    .funcs = m0_funcs,
    .num_tables = 1,
    .num_imported_tables = 1,
    .tables = m0_tables,
    .num_memories = 1,
    .num_imported_memories = 1,
    .memories = m0_memories,
    .num_globals = COUNT(m0_globals),
    .num_imported_globals = 1,
    .globals = m0_globals,
    .num_imports = COUNT(m0_imports),
    .num_exports = COUNT(m0_exports),
    .imports = m0_imports,
    .exports = m0_exports,
    .init = m0_init,
    .start_funcidx = -1,
};

static uint32_t call_add(awsm_instance *ctx, uint32_t a, uint32_t b) {
  STACK_CHECK(ctx, 1);
  awsm_func *f = ctx->funcs[0];
  return ((fn_ii_i)f->code)(f->ctx, a, b);
}
static const awsm_func_desc m1_funcs[] = {{"ii:i", NULL, NULL, NULL}, FN("ii:i", call_add, t_ii_i, "call_add")};
static const awsm_import_desc m1_imports[] = {IMPORT_DESC("M", "add", AWSM_EXTERN_FUNC, 0)};
static const awsm_export_desc m1_exports[] = {EXPORT("call_add", AWSM_EXTERN_FUNC, 1)};
const awsm_module_desc m1_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m1",
    .num_funcs = 2,
    .num_imported_funcs = 1,
    .funcs = m1_funcs,
    .num_imports = 1,
    .num_exports = 1,
    .imports = m1_imports,
    .exports = m1_exports,
    .start_funcidx = -1,
};

static const awsm_import_desc m2_imports[] = {IMPORT_DESC("M", "nope", AWSM_EXTERN_FUNC, 0)};
const awsm_module_desc m2_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m2",
    .num_funcs = 2,
    .num_imported_funcs = 1,
    .funcs = m1_funcs,
    .num_imports = 1,
    .imports = m2_imports,
    .start_funcidx = -1,
};

static const awsm_func_desc m2b_funcs[] = {{"ii:", NULL, NULL, NULL}};
static const awsm_import_desc m2b_imports[] = {IMPORT_DESC("spectest", "print_i32", AWSM_EXTERN_FUNC, 0)};
const awsm_module_desc m2b_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m2b",
    .num_funcs = 1,
    .num_imported_funcs = 1,
    .funcs = m2b_funcs,
    .num_imports = 1,
    .imports = m2b_imports,
    .start_funcidx = -1,
};

static void start(awsm_instance *ctx) { awsm_trap(ctx, AWSM_TRAP_UNREACHABLE, 0); }
static const awsm_func_desc m3_funcs[] = {FN(":", start, t__, "start")};
const awsm_module_desc m3_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m3",
    .num_funcs = 1,
    .funcs = m3_funcs,
    .start_funcidx = 0,
};

enum { T4_STRUCT, T4_ARRAY, T4_COUNT };
static const awsm_type_desc m4_types[] = {
    {"spec_host:struct", AWSM_TYPE_STRUCT, UINT32_MAX, "i"},
    {"spec_host:array", AWSM_TYPE_ARRAY, UINT32_MAX, "i"},
};
static void *anyid(awsm_instance *ctx, void *r) { (void)ctx; return r; }
static void *i31(awsm_instance *ctx, uint32_t v) { (void)ctx; return awsm_gc_i31(v); }
static void *mkstruct(awsm_instance *ctx) { return awsm_gc_struct_new(ctx, ctx->rtts[T4_STRUCT], 2); }
static void *mkarray(awsm_instance *ctx) { return awsm_gc_array_new(ctx, ctx->rtts[T4_ARRAY], 3, 3); }
static void *churn_first(awsm_instance *ctx, void *a, void *b) {
  (void)b;
  for (int i = 0; i < 10000; i++) (void)awsm_gc_struct_new(ctx, ctx->rtts[T4_STRUCT], 4);
  return a;
}
static void t_i_a(void *c, void *x, awsm_value *a) { a[0].ref = ((void *(*)(void *, uint32_t))c)(x, a[0].i32); }
static void t_aa_a(void *c, void *x, awsm_value *a) {
  a[0].ref = ((void *(*)(void *, void *, void *))c)(x, a[0].ref, a[1].ref);
}
static const awsm_func_desc m4_funcs[] = {
    FN("a:a", anyid, t_e_e, "anyid"),     FN("i:a", i31, t_i_a, "i31"),
    FN(":a", mkstruct, t__e, "struct"),   FN(":a", mkarray, t__e, "array"),
    FN("aa:a", churn_first, t_aa_a, "churn"),
};
static const awsm_global_desc m4_globals[] = {{AWSM_T_ANYREF, 0, NULL}};
static const awsm_export_desc m4_exports[] = {
    EXPORT("anyid", AWSM_EXTERN_FUNC, 0), EXPORT("i31", AWSM_EXTERN_FUNC, 1),   EXPORT("struct", AWSM_EXTERN_FUNC, 2),
    EXPORT("array", AWSM_EXTERN_FUNC, 3), EXPORT("churn", AWSM_EXTERN_FUNC, 4), EXPORT("g", AWSM_EXTERN_GLOBAL, 0),
};
static void m4_init(awsm_instance *ctx) { ctx->globals[0]->ref = awsm_gc_i31(0x7fffffff); }
const awsm_module_desc m4_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "m4",
    .num_funcs = COUNT(m4_funcs),
    .funcs = m4_funcs,
    .num_globals = 1,
    .globals = m4_globals,
    .num_exports = COUNT(m4_exports),
    .exports = m4_exports,
    .init = m4_init,
    .start_funcidx = -1,
    .num_types = T4_COUNT,
    .types = m4_types,
};
