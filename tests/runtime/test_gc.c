/*
 * test_gc.c — tests of the GC heap and collector (runtime/src/gc_*.c) with the hand-written
 * module of gc_module.c playing generated code. Prints one line per failure and
 * "N passed, N failed".
 *
 *   test_gc           all tests, at full size (the bounded-RSS test allocates 100x the limit)
 *   test_gc --small   the same at sizes valgrind runs in seconds (tests/runtime/run.sh runs it
 *                     under memcheck: no invalid access, nothing leaked at teardown)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "awsm.h"

extern const awsm_module_desc fake_gc, fake_gc_twin;

#include "../check.h"

static int small;

static awsm_instance *make(awsm_gc_heap *h) {
  awsm_options o = {.gc_heap = h};
  awsm_error err;
  awsm_instance *i = awsm_instantiate(&fake_gc, &o, &err);
  if (i == NULL) {
    printf("instantiate: %s\n", err.message);
    exit(2);
  }
  return i;
}


/* Calls export `name` (i32 parameters, at most one i32 result): the call's status. */
static int call(awsm_instance *i, const char *name, uint32_t a, uint32_t b, uint32_t *res, awsm_error *err) {
  awsm_value v[2] = {awsm_i32((int32_t)a), awsm_i32((int32_t)b)};
  int rc = awsm_call(i, awsm_instance_export_func(i, name), v, err);
  if (res != NULL) *res = v[0].i32;
  return rc;
}

static uint32_t call_ok(awsm_instance *i, const char *name, uint32_t a, uint32_t b) {
  awsm_error err;
  uint32_t r = 0;
  int rc = call(i, name, a, b, &r, &err);
  CHECK(rc == 0, "%s(%u, %u) failed: %s", name, a, b, err.message);
  return r;
}

static void expect_trap(awsm_instance *i, const char *name, uint32_t a, awsm_trap_kind kind, const char *message) {
  awsm_error err;
  int rc = call(i, name, a, 0, NULL, &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_TRAP && err.trap == kind && strcmp(err.message, message) == 0,
        "%s(%u): expected trap \"%s\", got rc %d trap %d \"%s\"", name, a, message, rc, err.trap, err.message);
}

static awsm_gc_stats stats(awsm_gc_heap *h) {
  awsm_gc_stats s;
  awsm_gc_heap_stats(h, &s);
  return s;
}

/* Overwrites dead stack below the caller, so that stale words do not keep garbage alive. */
static __attribute__((noinline)) void clear_stack(void) {
  volatile char buf[64 << 10];
  memset((char *)buf, 0, sizeof buf);
}

/* Layout, RTT interning across modules, the display casts. */
static void test_types(awsm_gc_heap *h) {
  awsm_instance *a = make(h);
  awsm_error err;
  awsm_options o = {.gc_heap = h};
  awsm_instance *b = awsm_instantiate(&fake_gc_twin, &o, &err);
  CHECK(b != NULL, "twin: %s", err.message);
  if (b == NULL) return;
  for (uint32_t t = 0; t < fake_gc.num_types; t++)
    CHECK(a->rtts[t] == b->rtts[t] && a->rtts[t] != NULL, "type %u is not interned across modules", t);
  const awsm_rtt *node = a->rtts[0], *packed = a->rtts[8], *base = a->rtts[5], *mid = a->rtts[6], *leaf = a->rtts[7];
  CHECK(node->size == 32 && node->offsets[0] == 8 && node->offsets[1] == 16 && node->offsets[2] == 24 &&
            node->num_refs == 2 && node->ref_offsets[1] == 24,
        "node layout: size %u offsets %u %u %u refs %u", node->size, node->offsets[0], node->offsets[1],
        node->offsets[2], node->num_refs);
  CHECK(packed->size == 32 && packed->offsets[0] == 8 && packed->offsets[1] == 10 && packed->offsets[2] == 16 &&
            packed->offsets[3] == 24 && packed->num_refs == 1,
        "packed layout: size %u offsets %u %u %u %u", packed->size, packed->offsets[0], packed->offsets[1],
        packed->offsets[2], packed->offsets[3]);
  CHECK(a->rtts[1]->size == 4 && a->rtts[2]->num_refs == 1 && a->rtts[4]->size == 1 && a->rtts[1]->num_refs == 0,
        "array element sizes");
  CHECK(leaf->depth == 2 && leaf->display[0] == base && leaf->display[1] == mid && leaf->display[2] == leaf,
        "leaf display");
  /* Casts on real objects, outside a call (no trap can happen with this much room). */
  void *o_leaf = awsm_gc_struct_new(a, leaf, 0), *o_base = awsm_gc_struct_new(a, base, 0);
  CHECK(awsm_gc_ref_test(o_leaf, base) && awsm_gc_ref_test(o_leaf, mid) && awsm_gc_ref_test(o_leaf, leaf),
        "leaf <: base, mid");
  CHECK(!awsm_gc_ref_test(o_base, mid) && !awsm_gc_ref_test(o_base, leaf) && awsm_gc_ref_test(o_base, base),
        "base </: mid");
  CHECK(!awsm_gc_ref_test(o_leaf, node) && awsm_gc_kind_of(o_leaf) == AWSM_GC_STRUCT && awsm_gc_rtt_of(o_leaf) == leaf,
        "leaf is not a node");
  awsm_instance_free(b);
  awsm_instance_free(a);
  /* Import matching of any-hierarchy reference types (globals and tables). */
  const uint32_t A = AWSM_T_ANYREF;
  CHECK(awsm_ref_matches(A, "Ri31", A, NULL) && awsm_ref_matches(A, "Nnone", A, "Nstruct") &&
            awsm_ref_matches(A, "Rarray", A, "Req") && awsm_ref_matches(A, NULL, A, "Nany"),
        "any-hierarchy subtyping");
  CHECK(!awsm_ref_matches(A, NULL, A, "Neq") && !awsm_ref_matches(A, "Nstruct", A, "Narray") &&
            !awsm_ref_matches(A, "Ni31", A, "Ri31") && !awsm_ref_matches(A, "Neq", AWSM_T_EXTERNREF, NULL),
        "any-hierarchy non-subtyping");
  /* Concrete types: "$" KIND DISPLAY (src/validate/subtype.ts refKey); $s2 is declared a subtype of $s1. */
  const char *s1 = "R$s11", *s2 = "R$s11/22", *s3 = "R$s33", *a1 = "N$a44", *f1 = "R$f55", *f2 = "R$f55/66";
  CHECK(awsm_ref_matches(A, s2, A, s1) && awsm_ref_matches(A, s2, A, "Rstruct") && awsm_ref_matches(A, s1, A, "Req") &&
            awsm_ref_matches(A, a1, A, "Narray") && awsm_ref_matches(A, a1, A, "Nany") &&
            awsm_ref_matches(A, "Rnone", A, s2) && awsm_ref_matches(A, "Nnone", A, a1) &&
            awsm_ref_matches(AWSM_T_FUNCREF, f2, AWSM_T_FUNCREF, f1) && awsm_ref_matches(AWSM_T_FUNCREF, f1, AWSM_T_FUNCREF, NULL) &&
            awsm_ref_matches(AWSM_T_FUNCREF, "Rnofunc", AWSM_T_FUNCREF, f1),
        "concrete subtyping");
  CHECK(!awsm_ref_matches(A, s1, A, s2) && !awsm_ref_matches(A, s3, A, s1) && !awsm_ref_matches(A, "R$s1", A, s1) &&
            !awsm_ref_matches(A, "R$s11/2", A, s2) && !awsm_ref_matches(A, s1, A, "Rarray") &&
            !awsm_ref_matches(A, a1, A, "Rstruct") && !awsm_ref_matches(A, s1, A, "Ri31") &&
            !awsm_ref_matches(A, "Rnofunc", A, s1) && !awsm_ref_matches(A, "Ri31", A, s1) &&
            !awsm_ref_matches(A, "Rstruct", A, s1) && !awsm_ref_matches(AWSM_T_FUNCREF, f1, AWSM_T_FUNCREF, f2) &&
            !awsm_ref_matches(AWSM_T_FUNCREF, f1, A, "Rany") && !awsm_ref_matches(A, "Rnone", AWSM_T_FUNCREF, f1),
        "concrete non-subtyping");
  awsm_error err2;
  awsm_table *t = awsm_table_new(AWSM_T_ANYREF, 2, 0, 0, &err2);
  CHECK(t != NULL && t->elem_type == AWSM_T_ANYREF && t->size == 2, "host anyref table: %s", err2.message);
  awsm_table_free(t);
}

/* externref <-> anyref: host values boxed, exposed references unboxed, i31s boxed as externrefs. */
static void test_extern(awsm_gc_heap *h) {
  awsm_instance *a = make(h);
  void *host7 = awsm_gc_any_convert_extern(a, (void *)(uintptr_t)7, 0);
  void *v;
  CHECK(awsm_gc_kind_of(host7) == AWSM_GC_HOST && awsm_gc_host_value(host7, &v) && v == (void *)(uintptr_t)7,
        "host 7 as anyref");
  CHECK(awsm_gc_extern_convert_any(a, host7, 0) == (void *)(uintptr_t)7, "host 7 back to externref");
  void *i31 = awsm_gc_i31(0x7FFFFFFFu);
  CHECK(awsm_gc_i31_get_s(i31) == -1 && awsm_gc_i31_get_u(awsm_gc_i31(123)) == 123 &&
            awsm_gc_kind_of(i31) == AWSM_GC_I31,
        "i31 encoding");
  void *ext = awsm_gc_extern_convert_any(a, i31, 0);
  CHECK(ext != i31 && awsm_gc_any_convert_extern(a, ext, 0) == i31, "i31 round trip through externref");
  void *obj = awsm_gc_struct_new(a, a->rtts[0], 0);
  CHECK(awsm_gc_extern_convert_any(a, obj, 0) == obj && awsm_gc_any_convert_extern(a, obj, 0) == obj,
        "objects are exposed as themselves");
  CHECK(awsm_gc_any_convert_extern(a, NULL, 0) == NULL && awsm_gc_extern_convert_any(a, NULL, 0) == NULL, "null");
  CHECK(awsm_gc_from_host(h, (void *)(uintptr_t)3) != NULL && !awsm_gc_host_value(obj, &v), "host API");
  /* A host box fails every cast to a defined type, the display check included (depth 0). */
  CHECK(!awsm_gc_ref_test(host7, a->rtts[5]) && !awsm_gc_ref_test(host7, a->rtts[0]), "host box cast");
  awsm_instance_free(a);
}

/* Binary trees: the sum of node counts is exact, so no reachable node was freed. */
static void test_trees(awsm_gc_heap *h) {
  awsm_instance *a = make(h);
  uint32_t depth = small ? 12 : 16, iters = small ? 4 : 8;
  uint32_t want = 2 * ((2u << depth) - 1);
  for (uint32_t d = 4; d <= depth; d += 2) want += iters * ((2u << d) - 1);
  uint64_t before = stats(h).collections;
  uint32_t got = call_ok(a, "trees", depth, iters);
  CHECK(got == want, "trees(%u, %u) = %u, want %u", depth, iters, got, want);
  CHECK(stats(h).collections > before, "trees ran no collection");
  awsm_instance_free(a);
}

static void test_list_aos(awsm_gc_heap *h) {
  awsm_instance *a = make(h);
  uint64_t before = stats(h).collections;
  uint32_t r = call_ok(a, "list", small ? 2000 : 200000, small ? 4 : 20);
  CHECK(r == 0, "list: node %u damaged", r);
  r = call_ok(a, "aos", small ? 500 : 20000, small ? 20000 : 2000000);
  CHECK(r == 0, "aos: element %u damaged", r);
  r = call_ok(a, "interior", small ? 1000 : 1000000, small ? 300 : 3000);
  CHECK(r == 0, "interior: element %u damaged", r - 1);
  CHECK(stats(h).collections > before + (small ? 0 : 10), "list/aos/interior ran only %llu collections",
        (unsigned long long)(stats(h).collections - before));
  CHECK(call_ok(a, "arrays", 0, 0) == 0, "array helpers: failed checks mask %u", call_ok(a, "arrays", 0, 0));
  awsm_instance_free(a);
}

/* Globals, tables, element segments, handles and exception payloads are roots. */
static void test_roots(awsm_gc_heap *h) {
  awsm_instance *a = make(h);
  call_ok(a, "set_roots", 1000, 0);
  void *held = awsm_gc_struct_new(a, a->rtts[0], 0);
  *(uint32_t *)((char *)held + 8) = 4242;
  awsm_gc_handle *hd = awsm_gc_root(h, held);
  awsm_tag *tag = awsm_tag_new(a, "ai:");
  void *in_exn = awsm_gc_struct_new(a, a->rtts[0], 0);
  *(uint32_t *)((char *)in_exn + 8) = 5151;
  awsm_value payload[2] = {awsm_ref(in_exn), awsm_i32(1)};
  awsm_exn *e = awsm_exception_new(tag, payload);
  held = in_exn = NULL;
  clear_stack();
  call_ok(a, "churn", small ? 300 : 1000, 2);
  awsm_gc_collect(h);
  uint32_t mask = call_ok(a, "check_roots", 1000, 0);
  CHECK(mask == 31, "roots: global/table/externref global/segment/i31 mask %u, want 31", mask);
  void *back = awsm_gc_handle_get(hd);
  CHECK(*(uint32_t *)((char *)back + 8) == 4242, "handle's object damaged");
  CHECK(*(uint32_t *)((char *)e->values[0].ref + 8) == 5151, "exception payload's object damaged");
  /* Unrooted, the handle's object goes (with a fresh node count as evidence). */
  awsm_gc_unroot(hd);
  back = NULL;
  awsm_gc_handle *h2 = awsm_gc_root(h, awsm_gc_i31(9));
  CHECK(h2 != NULL && awsm_gc_handle_get(h2) == awsm_gc_i31(9), "i31 handle");
  awsm_gc_unroot(h2);
  awsm_instance_free(a);
}

/* Short-lived objects of 100x the heap's limit: collections keep the heap bounded. */
static uint64_t peak_rss(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  uint64_t kb = 0;
  while (f != NULL && fgets(line, sizeof line, f) != NULL)
    if (sscanf(line, "VmHWM: %llu", (unsigned long long *)&kb) == 1) break;
  if (f != NULL) fclose(f);
  return kb << 10;
}

static void reset_peak_rss(void) {
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (f != NULL) {
    fputs("5", f);
    fclose(f);
  }
}

static void test_bounded(void) {
  uint64_t limit = (uint64_t)(small ? 1 : 32) << 20;
  awsm_error err;
  awsm_gc_heap *h = awsm_gc_heap_new(limit, &err);
  awsm_instance *a = make(h);
  call_ok(a, "churn", 100, 1); /* warm up: the heap's pages and metadata */
  reset_peak_rss();
  uint64_t rss0 = peak_rss();
  uint32_t thousands = (uint32_t)(100 * limit / 64 / 1000);
  struct timespec c0, c1;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
  uint32_t sum = call_ok(a, "churn", thousands, 0);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
  double ns = ((double)(c1.tv_sec - c0.tv_sec) * 1e9 + (double)(c1.tv_nsec - c0.tv_nsec)) / ((double)thousands * 1000);
  uint64_t n = (uint64_t)thousands * 1000;
  CHECK(sum == (uint32_t)(n * (n - 1) / 2), "churn checksum %u", sum);
  awsm_gc_stats s = stats(h);
  uint64_t grew = peak_rss() - rss0;
  printf("bounded: %llu MiB allocated with a %llu MiB limit, %llu collections, peak RSS +%llu KiB, %.1f ns CPU "
         "per 64-byte object (allocation and collection)\n",
         (unsigned long long)(s.allocated_bytes >> 20), (unsigned long long)(limit >> 20),
         (unsigned long long)s.collections, (unsigned long long)(grew >> 10), ns);
  CHECK(s.allocated_bytes >= 100 * limit && s.heap_bytes <= limit, "allocated %llu, heap %llu",
        (unsigned long long)s.allocated_bytes, (unsigned long long)s.heap_bytes);
  CHECK(small || grew <= limit, "peak RSS grew by %llu bytes, limit %llu", (unsigned long long)grew,
        (unsigned long long)limit);
  awsm_instance_free(a);
  awsm_gc_heap_free(h);
}

/* Exhausting the limit traps cleanly, and the heap works again afterwards. */
static void *exhaust(void *a) {
  expect_trap(a, "oom", 0, AWSM_TRAP_OUT_OF_MEMORY, "out of memory in function oom");
  expect_trap(a, "array_trap", 7, AWSM_TRAP_OUT_OF_MEMORY, "out of memory in function array_trap");
  return NULL;
}

static void test_limit(void) {
  awsm_error err;
  awsm_gc_heap *h = awsm_gc_heap_new(4 << 20, &err);
  awsm_instance *a = make(h);
  /* The trapped call's list is garbage afterwards, but a stale word left in a live host frame
   * could keep it alive (conservative stack scanning: it happens with some frame layouts). Run
   * the trapping calls on a thread of their own, whose stack goes with it, so that what this
   * checks is the heap, not the layout: it works again after the trap. */
  pthread_t t;
  CHECK(pthread_create(&t, NULL, exhaust, a) == 0, "pthread_create");
  pthread_join(t, NULL);
  CHECK(call_ok(a, "list", 1000, 1) == 0, "list after out of memory");
  expect_trap(a, "array_trap", 0, AWSM_TRAP_NULL_ARRAY_REF, "null array reference in function array_trap");
  expect_trap(a, "array_trap", 1, AWSM_TRAP_ARRAY_OOB, "out of bounds array access in function array_trap");
  expect_trap(a, "array_trap", 2, AWSM_TRAP_ARRAY_OOB, "out of bounds array access in function array_trap");
  expect_trap(a, "array_trap", 3, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function array_trap");
  expect_trap(a, "array_trap", 4, AWSM_TRAP_TABLE_OOB, "out of bounds table access in function array_trap");
  expect_trap(a, "array_trap", 5, AWSM_TRAP_MEMORY_OOB, "out of bounds memory access in function array_trap");
  expect_trap(a, "array_trap", 6, AWSM_TRAP_ARRAY_OOB, "out of bounds array access in function array_trap");
  awsm_instance_free(a);
  awsm_gc_heap_free(h);
}

/* The default heap: used without awsm_options.gc_heap; its limit is fixed by its first
 * allocation (here: the module's init function allocates). */
static void test_default_heap(void) {
  awsm_error err;
  CHECK(awsm_gc_set_default_max_heap(2 << 20) == 0, "default limit settable before any allocation");
  awsm_instance *a = awsm_instantiate(&fake_gc, NULL, &err);
  CHECK(a != NULL && awsm_instance_gc_heap(a) == awsm_gc_default_heap(), "default heap");
  CHECK(stats(awsm_gc_default_heap()).max_bytes == 2 << 20, "default heap's limit");
  CHECK(awsm_gc_set_default_max_heap(1 << 20) == -1, "default limit fixed after an allocation");
  if (a != NULL) expect_trap(a, "oom", 0, AWSM_TRAP_OUT_OF_MEMORY, "out of memory in function oom");
  awsm_instance_free(a);
  awsm_gc_heap_free(awsm_gc_default_heap());
}

/* A collection before every allocation (AWSM_GC_STRESS=1): every reference live in a register
 * or a frame at any allocation must be seen. */
static void test_stress(void) {
  setenv("AWSM_GC_STRESS", "1", 1);
  awsm_error err;
  awsm_gc_heap *h = awsm_gc_heap_new(4 << 20, &err);
  unsetenv("AWSM_GC_STRESS");
  awsm_instance *a = make(h);
  uint32_t depth = 8, iters = 2;
  uint32_t want = 2 * ((2u << depth) - 1);
  for (uint32_t d = 4; d <= depth; d += 2) want += iters * ((2u << d) - 1);
  CHECK(call_ok(a, "trees", depth, iters) == want, "stressed trees");
  CHECK(call_ok(a, "list", 300, 2) == 0, "stressed list");
  CHECK(call_ok(a, "aos", 100, 1000) == 0, "stressed aos");
  CHECK(call_ok(a, "interior", 1000, 1) == 0, "stressed interior");
  awsm_gc_stats s = stats(h);
  CHECK(s.collections >= want, "stress: %llu collections for more than %u allocations", (unsigned long long)s.collections,
        want);
  awsm_instance_free(a);
  awsm_gc_heap_free(h);
}

/* Two threads, each with its own heap and instance, allocate and collect at the same time: a
 * collection scans its own thread's stack and its own heap's instances only. */
typedef struct thread_job {
  uint32_t seed;
  uint32_t list, aos, trees, want_trees;
  uint64_t collections;
} thread_job;

static void *thread_main(void *p) {
  thread_job *j = p;
  awsm_error err;
  awsm_gc_heap *h = awsm_gc_heap_new(8 << 20, &err);
  awsm_instance *a = make(h);
  uint32_t depth = small ? 8 : 12, iters = 4;
  j->want_trees = 2 * ((2u << depth) - 1);
  for (uint32_t d = 4; d <= depth; d += 2) j->want_trees += iters * ((2u << d) - 1);
  awsm_value v[2];
  v[0] = awsm_i32(small ? 500 : 20000), v[1] = awsm_i32(4);
  j->list = awsm_call(a, awsm_instance_export_func(a, "list"), v, &err) == 0 ? v[0].i32 : 1000000;
  v[0] = awsm_i32(300), v[1] = awsm_i32(small ? 3000 : 300000 + j->seed);
  j->aos = awsm_call(a, awsm_instance_export_func(a, "aos"), v, &err) == 0 ? v[0].i32 : 1000000;
  v[0] = awsm_i32((int32_t)depth), v[1] = awsm_i32((int32_t)iters);
  j->trees = awsm_call(a, awsm_instance_export_func(a, "trees"), v, &err) == 0 ? v[0].i32 : 0;
  j->collections = stats(h).collections;
  awsm_instance_free(a);
  awsm_gc_heap_free(h);
  return NULL;
}

static void test_threads(void) {
  pthread_t t[2];
  thread_job jobs[2] = {{.seed = 1}, {.seed = 2}};
  for (int k = 0; k < 2; k++) CHECK(pthread_create(&t[k], NULL, thread_main, &jobs[k]) == 0, "pthread_create");
  for (int k = 0; k < 2; k++) {
    pthread_join(t[k], NULL);
    CHECK(jobs[k].list == 0 && jobs[k].aos == 0 && jobs[k].trees == jobs[k].want_trees,
          "thread %d: list %u aos %u trees %u (want %u)", k, jobs[k].list, jobs[k].aos, jobs[k].trees,
          jobs[k].want_trees);
    CHECK(small || jobs[k].collections > 0, "thread %d ran no collection", k);
  }
}

int main(int argc, char **argv) {
  small = argc > 1 && strcmp(argv[1], "--small") == 0;
  awsm_error err;
  awsm_gc_heap *h = awsm_gc_heap_new(small ? 2 << 20 : 64 << 20, &err);
  test_types(h);
  test_extern(h);
  test_trees(h);
  test_list_aos(h);
  test_roots(h);
  awsm_gc_heap_free(h);
  test_bounded();
  test_limit();
  test_default_heap();
  test_stress();
  test_threads();
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
