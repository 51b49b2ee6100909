/*
 * gc_module.c — a hand-written "compiled module" that uses the GC heap as generated code
 * will (docs/gc.md, "Functions for the translator"): objects allocated with the runtime's
 * entry points, fields read and written at the layout's offsets, references held only in
 * locals (registers and the native stack, no bookkeeping) across allocations that collect.
 * Built at -O2 like generated code. test_gc.c drives it.
 *
 *   types   0 node {i32 value; anyref left; anyref right}   (i32 @8, refs @16, @24; 32 bytes)
 *           1 array i32, 2 array anyref, 3 blob {i64 x7} (64 bytes), 4 array i8
 *           5 base {i32}, 6 mid <: base {i32, i64}, 7 leaf <: mid {i32, i64, i8}
 *           8 packed {i8, i16, anyref, f64}                 (@8, @10, @16, @24; 32 bytes)
 *   global  0 anyref (mutable), 1 externref
 *   table   0 anyref, 4 elements
 *   elem    0 anyref, 2 items (i31 5 and a node of value 77, made by init)
 *   data    0 "0123456789abcdef"
 */
#include "fake.h"

enum { T_NODE, T_ARR_I32, T_ARR_REF, T_BLOB, T_ARR_I8, T_BASE, T_MID, T_LEAF, T_PACKED, T_COUNT };

static const awsm_type_desc gc_types[] = {
    {"test:node", AWSM_TYPE_STRUCT, UINT32_MAX, "iaa"},
    {"test:arr_i32", AWSM_TYPE_ARRAY, UINT32_MAX, "i"},
    {"test:arr_ref", AWSM_TYPE_ARRAY, UINT32_MAX, "a"},
    {"test:blob", AWSM_TYPE_STRUCT, UINT32_MAX, "IIIIIII"},
    {"test:arr_i8", AWSM_TYPE_ARRAY, UINT32_MAX, "b"},
    {"test:base", AWSM_TYPE_STRUCT, UINT32_MAX, "i"},
    {"test:mid", AWSM_TYPE_STRUCT, T_BASE, "iI"},
    {"test:leaf", AWSM_TYPE_STRUCT, T_MID, "iIb"},
    {"test:packed", AWSM_TYPE_STRUCT, UINT32_MAX, "bhaF"},
};

#define VALUE(n) (*(uint32_t *)((uint8_t *)(n) + 8))
#define LEFT(n) (*(void **)((uint8_t *)(n) + 16))
#define RIGHT(n) (*(void **)((uint8_t *)(n) + 24))
/* ref.i31 and array.len as generated code does them. */
#define I31(v) ((void *)(((uintptr_t)(v) << 1) | 1))
#define LEN(a) (*(uint32_t *)((uint8_t *)(a) + AWSM_GC_ARRAY_LENGTH))
#define ELEMS(a, T) ((T *)((uint8_t *)(a) + AWSM_GC_ARRAY_DATA))

enum {
  F_TREES, F_LIST, F_AOS, F_CHURN, F_OOM, F_INTERIOR, F_SET_ROOTS, F_CHECK_ROOTS, F_ARRAYS, F_ARRAY_TRAP, F_COUNT
};

static void *node(awsm_instance *ctx, uint32_t value, uint32_t funcidx) {
  void *n = awsm_gc_struct_new(ctx, ctx->rtts[T_NODE], funcidx);
  VALUE(n) = value;
  return n;
}

/* ---- binary trees (the Benchmarks Game's shape) ---- */

static void *make_tree(awsm_instance *ctx, uint32_t depth) {
  STACK_CHECK(ctx, F_TREES);
  void *n = node(ctx, depth, F_TREES);
  if (depth > 0) {
    void *l = make_tree(ctx, depth - 1);
    AFTER_CALL();
    void *r = make_tree(ctx, depth - 1); /* l is held only in a register or this frame */
    AFTER_CALL();
    LEFT(n) = l;
    RIGHT(n) = r;
  }
  return n;
}

/* Nodes in the tree, or 0x80000000 when a node's value is not its depth. */
static uint32_t check_tree(void *n, uint32_t depth) {
  if (VALUE(n) != depth) return 0x80000000u;
  if (LEFT(n) == NULL) return depth == 0 ? 1 : 0x80000000u;
  return 1 + check_tree(LEFT(n), depth - 1) + check_tree(RIGHT(n), depth - 1);
}

/* A long-lived tree of `depth` in global 0, then `iters` short-lived trees of each depth 4, 6,
 * …, depth; returns the sum of all checks (the host knows the expected sum). */
static uint32_t gc_trees(awsm_instance *ctx, uint32_t depth, uint32_t iters) {
  ctx->globals[0]->ref = make_tree(ctx, depth);
  void *local = make_tree(ctx, depth); /* a second long-lived tree, on the stack only */
  uint32_t sum = 0;
  for (uint32_t d = 4; d <= depth; d += 2)
    for (uint32_t i = 0; i < iters; i++) sum += check_tree(make_tree(ctx, d), d);
  return sum + check_tree(ctx->globals[0]->ref, depth) + check_tree(local, depth);
}

/* ---- a linked list built among garbage ---- */

/* n nodes (values i * 2654435761), `garbage` short-lived arrays between them; 0 when every
 * value is intact afterwards, else the first bad position + 1. */
static uint32_t gc_list(awsm_instance *ctx, uint32_t n, uint32_t garbage) {
  void *head = NULL;
  for (uint32_t i = 0; i < n; i++) {
    void *x = node(ctx, i * 2654435761u, F_LIST);
    LEFT(x) = head;
    head = x;
    for (uint32_t g = 0; g < garbage; g++) {
      void *junk = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I32], 16 + g % 64, F_LIST);
      ELEMS(junk, uint32_t)[0] = g;
    }
  }
  for (uint32_t i = n; i-- > 0; head = LEFT(head))
    if (head == NULL || VALUE(head) != i * 2654435761u) return n - i;
  return head == NULL ? 0 : n + 1;
}

/* ---- an array of structs, elements replaced over and over ---- */

static uint32_t gc_aos(awsm_instance *ctx, uint32_t n, uint32_t rounds) {
  void *arr = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_REF], n, F_AOS);
  for (uint32_t i = 0; i < n; i++) ELEMS(arr, void *)[i] = node(ctx, i * 3, F_AOS);
  for (uint32_t r = 0; r < rounds; r++) {
    uint32_t i = (r * 7919u) % n;
    void *x = node(ctx, i * 3, F_AOS);
    RIGHT(x) = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I8], r % 300, F_AOS); /* and a payload */
    ELEMS(arr, void *)[i] = x;
  }
  for (uint32_t i = 0; i < n; i++)
    if (VALUE(ELEMS(arr, void *)[i]) != i * 3) return i + 1;
  return 0;
}

/* ---- churn: `thousands` * 1000 short-lived 64-byte objects; returns a checksum ---- */

static uint32_t gc_churn(awsm_instance *ctx, uint32_t thousands, uint32_t salt) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < (uint64_t)thousands * 1000; i++) {
    uint64_t *b = awsm_gc_struct_new(ctx, ctx->rtts[T_BLOB], F_CHURN);
    b[1] = i ^ salt;
    sum += b[1] + b[7]; /* b[7] is zero: objects are zeroed */
  }
  return (uint32_t)sum;
}

/* ---- every node kept alive: the limit must trap ---- */

static uint32_t gc_oom(awsm_instance *ctx) {
  void *head = NULL;
  for (uint32_t i = 0;; i++) {
    void *x = node(ctx, i, F_OOM);
    LEFT(x) = head;
    head = x;
  }
  return 0;
}

/* ---- only an interior pointer keeps an array alive ---- */

static uint32_t gc_interior(awsm_instance *ctx, uint32_t n, uint32_t churn) {
  uint32_t *mid;
  {
    void *a = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I32], n, F_INTERIOR);
    for (uint32_t i = 0; i < n; i++) ELEMS(a, uint32_t)[i] = i ^ 0xA5A5A5A5u;
    mid = ELEMS(a, uint32_t) + n / 2;
    __asm__ volatile("" : "+r"(mid)); /* from here on the compiler knows only `mid` */
  }
  gc_churn(ctx, churn, 1);
  uint32_t *elems = mid - n / 2;
  for (uint32_t i = 0; i < n; i++)
    if (elems[i] != (i ^ 0xA5A5A5A5u)) return i + 1;
  return 0;
}

/* ---- precise roots: a global, a table element, an element segment ---- */

static void gc_set_roots(awsm_instance *ctx, uint32_t value) {
  ctx->globals[0]->ref = node(ctx, value, F_SET_ROOTS);
  ctx->tables[0]->elems[3] = node(ctx, value + 1, F_SET_ROOTS);
  ctx->globals[1]->ref = awsm_gc_extern_convert_any(ctx, node(ctx, value + 2, F_SET_ROOTS), F_SET_ROOTS);
}

static uint32_t gc_check_roots(awsm_instance *ctx, uint32_t value) {
  void *g = ctx->globals[0]->ref, *t = ctx->tables[0]->elems[3];
  void *e = awsm_gc_any_convert_extern(ctx, ctx->globals[1]->ref, F_CHECK_ROOTS);
  void *seg = ctx->elems[0].items[1];
  return (VALUE(g) == value) | (VALUE(t) == value + 1) << 1 | (VALUE(e) == value + 2) << 2 |
         (VALUE(seg) == 77) << 3 | (ctx->elems[0].items[0] == I31(5)) << 4;
}

/* ---- the array helpers ---- */

static uint32_t gc_arrays(awsm_instance *ctx) {
  uint32_t bad = 0;
  void *a = awsm_gc_array_new_data(ctx, ctx->rtts[T_ARR_I32], 0, 4, 3, F_ARRAYS); /* "4567" "89ab" "cdef" */
  bad |= (LEN(a) != 3 || ELEMS(a, uint32_t)[0] != 0x37363534u) << 0;
  uint32_t v = 0x11223344u;
  awsm_gc_array_fill(ctx, a, 1, &v, 2, F_ARRAYS);
  bad |= (ELEMS(a, uint32_t)[2] != v || ELEMS(a, uint32_t)[0] != 0x37363534u) << 1;
  void *b = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I8], 10, F_ARRAYS);
  awsm_gc_array_init_data(ctx, b, 2, 0, 0, 8, F_ARRAYS);
  awsm_gc_array_copy(ctx, b, 0, b, 2, 8, F_ARRAYS); /* overlapping: memmove */
  bad |= (memcmp(ELEMS(b, char), "0123456767", 10) != 0) << 2;
  void *r = awsm_gc_array_new_elem(ctx, ctx->rtts[T_ARR_REF], 0, 0, 2, F_ARRAYS);
  bad |= (ELEMS(r, void *)[0] != I31(5) || VALUE(ELEMS(r, void *)[1]) != 77) << 3;
  awsm_gc_array_init_elem(ctx, r, 1, 0, 0, 1, F_ARRAYS);
  bad |= (ELEMS(r, void *)[1] != I31(5)) << 4;
  uint32_t fixed32[3] = {7, 8, 9};
  void *f = awsm_gc_array_new_fixed(ctx, ctx->rtts[T_ARR_I32], 3, fixed32, F_ARRAYS);
  bad |= (LEN(f) != 3 || ELEMS(f, uint32_t)[2] != 9) << 6;
  void *refs[2] = {I31(1), f};
  void *fr = awsm_gc_array_new_fixed(ctx, ctx->rtts[T_ARR_REF], 2, refs, F_ARRAYS);
  bad |= (ELEMS(fr, void *)[1] != f) << 7;
  uint8_t z = 0x7F;
  void *big = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I8], 100000, F_ARRAYS); /* a large object */
  awsm_gc_array_fill(ctx, big, 99990, &z, 10, F_ARRAYS);
  bad |= (ELEMS(big, uint8_t)[99999] != 0x7F || ELEMS(big, uint8_t)[99989] != 0) << 5;
  return bad;
}

/* Each case traps; `which` selects it. */
static void gc_array_trap(awsm_instance *ctx, uint32_t which) {
  void *a = awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I32], 4, F_ARRAY_TRAP);
  uint32_t v = 0;
  switch (which) {
    case 0: awsm_gc_array_fill(ctx, NULL, 0, &v, 0, F_ARRAY_TRAP); break;
    case 1: awsm_gc_array_fill(ctx, a, 3, &v, 2, F_ARRAY_TRAP); break;
    case 2: awsm_gc_array_copy(ctx, a, 0, a, 1, 4, F_ARRAY_TRAP); break;
    case 3: awsm_gc_array_new_data(ctx, ctx->rtts[T_ARR_I32], 0, 8, 3, F_ARRAY_TRAP); break;
    case 4: awsm_gc_array_new_elem(ctx, ctx->rtts[T_ARR_REF], 0, 1, 2, F_ARRAY_TRAP); break;
    case 5: awsm_gc_array_init_data(ctx, a, 0, 0, 10, 2, F_ARRAY_TRAP); break;
    case 6: awsm_gc_array_init_elem(ctx, a, 4, 0, 0, 1, F_ARRAY_TRAP); break;
    case 7: awsm_gc_array_new(ctx, ctx->rtts[T_ARR_I32], 0xFFFFFFFFu, F_ARRAY_TRAP); break;
  }
}

/* ---- the descriptor ---- */

static void gc_init(awsm_instance *ctx) {
  ctx->elems[0].items[0] = I31(5);
  ctx->elems[0].items[1] = node(ctx, 77, UINT32_MAX);
}

#define FN(sig, code, tramp, name) {sig, (void *)(code), tramp, name}
static const awsm_func_desc gc_funcs[] = {
    FN("ii:i", gc_trees, t_ii_i, "trees"),       FN("ii:i", gc_list, t_ii_i, "list"),
    FN("ii:i", gc_aos, t_ii_i, "aos"),           FN("ii:i", gc_churn, t_ii_i, "churn"),
    FN(":i", gc_oom, t__i, "oom"),               FN("ii:i", gc_interior, t_ii_i, "interior"),
    FN("i:", gc_set_roots, t_i_, "set_roots"),   FN("i:i", gc_check_roots, t_i_i, "check_roots"),
    FN(":i", gc_arrays, t__i, "arrays"),         FN("i:", gc_array_trap, t_i_, "array_trap"),
};
static const awsm_export_desc gc_exports[] = {
    {"trees", 5, AWSM_EXTERN_FUNC, F_TREES, 0},        {"list", 4, AWSM_EXTERN_FUNC, F_LIST, 0},
    {"aos", 3, AWSM_EXTERN_FUNC, F_AOS, 0},            {"churn", 5, AWSM_EXTERN_FUNC, F_CHURN, 0},
    {"oom", 3, AWSM_EXTERN_FUNC, F_OOM, 0},            {"interior", 8, AWSM_EXTERN_FUNC, F_INTERIOR, 0},
    {"set_roots", 9, AWSM_EXTERN_FUNC, F_SET_ROOTS, 0}, {"check_roots", 11, AWSM_EXTERN_FUNC, F_CHECK_ROOTS, 0},
    {"arrays", 6, AWSM_EXTERN_FUNC, F_ARRAYS, 0},      {"array_trap", 10, AWSM_EXTERN_FUNC, F_ARRAY_TRAP, 0},
    {"g", 1, AWSM_EXTERN_GLOBAL, 0, 0},
};
static const awsm_global_desc gc_globals[] = {{.type = AWSM_T_ANYREF, .mutable_ = 1},
                                              {.type = AWSM_T_EXTERNREF, .mutable_ = 1}};
static const awsm_table_desc gc_tables[] = {{.elem_type = AWSM_T_ANYREF, .min = 4}};
static const uint8_t gc_data0[] = "0123456789abcdef";
static const awsm_data_desc gc_datas[] = {{gc_data0, 16, 0}};
static const awsm_elem_desc gc_elems[] = {{2, AWSM_T_ANYREF}};

#define COUNT(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))
const awsm_module_desc fake_gc = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "gc",
    .num_funcs = COUNT(gc_funcs),
    .funcs = gc_funcs,
    .num_tables = 1,
    .tables = gc_tables,
    .num_globals = COUNT(gc_globals),
    .globals = gc_globals,
    .num_exports = COUNT(gc_exports),
    .exports = gc_exports,
    .num_datas = 1,
    .num_elems = 1,
    .datas = gc_datas,
    .elems = gc_elems,
    .init = gc_init,
    .start_funcidx = -1,
    .num_types = T_COUNT,
    .types = gc_types,
};

/* A second module with the same canonical types (interning across modules). */
const awsm_module_desc fake_gc_twin = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "gc_twin",
    .start_funcidx = -1,
    .num_types = T_COUNT,
    .types = gc_types,
};
