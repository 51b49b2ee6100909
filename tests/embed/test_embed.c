/*
 * test_embed.c — tests of the embedding API (runtime/include/awsm.h) against modules
 * compiled by awsm from the .wat files beside it (tests/e2e/embed.test.ts builds everything):
 *
 *   calc.wasm    --emit=obj --name=calc, and again as --name=calc_a / --name=calc_b (two
 *                separately compiled copies linked into this program: no symbol clashes),
 *                and --emit=shared --name=calc_so (loaded with awsm_module_open)
 *   lib.wasm     --name=lib;  app.wasm --name=app (imports every kind of extern from lib)
 *   limits.wasm  --name=limits
 *   multimem.wasm  --name=multimem (three memories, two of them host memories, one 64-bit)
 *
 * Usage: test_embed SHARED_LIB [--cycles N] [--no-signals]
 *   --cycles N     instantiate/call/destroy cycles at the end (default 1000)
 *   --no-signals   skip what relies on signals and stack overflow (guard-page faults, stack
 *                  exhaustion, interrupts): for valgrind
 * Prints one line per failure and "N passed, N failed"; exits 1 on any failure.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "awsm.h"

AWSM_MODULE(calc);
AWSM_MODULE(calc_a);
AWSM_MODULE(calc_b);
AWSM_MODULE(lib);
AWSM_MODULE(app);
AWSM_MODULE(limits);
AWSM_MODULE(multimem);

#include "../check.h"

static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* ---- host functions of calc.wat ---- */

typedef struct host_state {
  char logged[64];
  int ticks;
} host_state;

static void host_log(awsm_instance *caller, uint32_t ptr, uint32_t len) {
  host_state *h = awsm_instance_user(caller);
  awsm_memory *mem = awsm_instance_memory(caller, 0);
  if (len >= sizeof h->logged || awsm_memory_read(mem, ptr, h->logged, len) != 0)
    awsm_trap_host(caller, "log: bad string at %u (%u bytes)", ptr, len);
  h->logged[len] = '\0';
}

static double host_mix(awsm_instance *caller, uint32_t a, uint64_t b, float c, double d) {
  (void)caller;
  return (double)a * 1000.0 + (double)(b >> 32) + (double)c * 10.0 + d;
}

static void host_fail(awsm_instance *caller, uint32_t code) { awsm_trap_host(caller, "host failed with %u", code); }

static void host_nap(awsm_instance *caller, uint32_t ms) {
  (void)caller;
  struct timespec ts = {0, (long)ms * 1000000L};
  nanosleep(&ts, NULL);
}

static uint32_t host_tick(awsm_instance *caller) {
  host_state *h = awsm_instance_user(caller);
  h->ticks++;
  return 1;
}

static const awsm_host_func_def calc_env[] = {
    {"env", "log", "ii:", (void *)host_log, NULL},
    {"env", "mix", "iIfF:F", (void *)host_mix, NULL},
    {"env", "fail", "i:", (void *)host_fail, NULL},
    {"env", "nap", "i:", (void *)host_nap, NULL},
    {"env", "tick", ":i", (void *)host_tick, NULL},
};
static const awsm_imports calc_imports = {.funcs = calc_env, .num_funcs = 5};

static awsm_instance *new_calc_of(const awsm_module_desc *desc, host_state *h) {
  awsm_options o = {0};
  o.resolve = awsm_imports_resolve;
  o.resolve_data = (void *)&calc_imports;
  o.user = h;
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(desc, &o, &err);
  if (inst == NULL) {
    printf("FAIL instantiate %s: %s\n", desc->name, err.message);
    exit(2);
  }
  return inst;
}

static awsm_instance *new_calc(host_state *h) { return new_calc_of(&calc_module, h); }

/* ---- tests ---- */

static void test_calls(void) {
  host_state h = {{0}, 0};
  awsm_instance *c = new_calc(&h);
  awsm_error err;
  uint32_t r = 0;
  CHECK(awsm_callf(c, "add", &err, 2, 40, &r) == 0 && r == 42, "callf add: %s", err.message);
  awsm_value args[2] = {awsm_i32(-5), awsm_i32(3)};
  awsm_value res[1];
  CHECK(awsm_call_export(c, "add", args, 2, res, 1, &err) == 0 && (int32_t)res[0].i32 == -2, "call_export add: %s",
        err.message);
  CHECK(awsm_call_export(c, "add", args, 1, res, 1, &err) != 0 && err.kind == AWSM_ERR_INVALID &&
            strstr(err.message, "2 parameters") != NULL,
        "call_export arity: %s", err.message);
  CHECK(awsm_call_export(c, "add", args, 2, res, 0, &err) != 0 && err.kind == AWSM_ERR_INVALID, "no room for result");
  CHECK(awsm_callf(c, "nope\n", &err) != 0 && err.kind == AWSM_ERR_INVALID &&
            strcmp(err.message, "no function export \"nope\\0a\"") == 0,
        "missing export: %s", err.message);
  CHECK(awsm_instance_export_func(c, "memory") == NULL, "memory is not a function export");
  CHECK(awsm_instance_export_func(c, "add") != NULL && strcmp(awsm_instance_export_func(c, "add")->sig, "ii:i") == 0,
        "export_func signature");
  /* in place: args become results */
  awsm_value v[2] = {awsm_i32(7), awsm_i32(8)};
  CHECK(awsm_call(c, awsm_instance_export_func(c, "add"), v, &err) == 0 && v[0].i32 == 15, "awsm_call");

  /* Globals. */
  uint32_t type = 0, mut = 9;
  awsm_value *g = awsm_instance_export_global(c, "counter", &type, &mut);
  CHECK(g != NULL && type == AWSM_T_I32 && mut == 1 && g->i32 == 0, "export_global counter");
  CHECK(awsm_callf(c, "bump", &err, &r) == 0 && r == 1 && g->i32 == 1, "bump");
  g->i32 = 41;
  CHECK(awsm_callf(c, "bump", &err, &r) == 0 && r == 42, "host write to a global");
  awsm_value *answer = awsm_instance_export_global(c, "answer", &type, &mut);
  CHECK(answer != NULL && type == AWSM_T_I64 && mut == 0 && answer->i64 == 42, "immutable i64 global");
  CHECK(awsm_instance_export_global(c, "add", NULL, NULL) == NULL, "a function is not a global");
  awsm_table *t = awsm_instance_export_table(c, "table");
  CHECK(t != NULL && t->size == 2 && t->elems[0] != NULL && t->elems[1] == NULL, "export_table");
  awsm_instance_free(c);
}

static void test_host_functions(void) {
  host_state h = {{0}, 0};
  awsm_instance *c = new_calc(&h);
  awsm_error err;
  CHECK(awsm_callf(c, "say_hello", &err) == 0 && strcmp(h.logged, "hello from calc") == 0,
        "host function reads the caller's memory: [%s] %s", h.logged, err.message);
  double d = 0;
  uint64_t big = (uint64_t)3 << 32;
  /* 7 * 1000 + 3 + 1.5 * 10 + 0.25 */
  CHECK(awsm_callf(c, "call_mix", &err, 7, big, 1.5, 0.25, &d) == 0 && d == 7018.25,
        "mixed-type host function called from Wasm: %g %s", d, err.message);
  d = 0;
  CHECK(awsm_callf(c, "mix", &err, 7, big, 1.5, 0.25, &d) == 0 && d == 7018.25,
        "re-exported host function through the generic trampoline: %g %s", d, err.message);
  CHECK(awsm_callf(c, "call_fail", &err, 7) != 0 && err.kind == AWSM_ERR_TRAP && err.trap == AWSM_TRAP_HOST &&
            strcmp(err.message, "host failed with 7") == 0,
        "awsm_trap_host: %s", err.message);
  uint32_t r = 0;
  CHECK(awsm_callf(c, "count", &err, 5, &r) == 0 && r == 7 && h.ticks == 5, "tick 5 times: %d", h.ticks);
  CHECK(awsm_callf(c, "add", &err, 1, 1, &r) == 0 && r == 2, "usable after a host trap");
  awsm_instance_free(c);

  /* Generic trampoline coverage. */
  CHECK(awsm_host_trampoline("iIfFre:F") != NULL, "generic trampoline for iIfFre:F");
  CHECK(awsm_host_trampoline("v:") == NULL, "no generic trampoline for v128");
  CHECK(awsm_host_trampoline("ii:ii") == NULL, "no generic trampoline for two results");
  CHECK(awsm_host_trampoline("ffffffff:") != NULL && awsm_host_trampoline("fffffffff:") == NULL, "8 float registers");

  /* An import the definitions do not have; a host function with the wrong signature. */
  awsm_host_func_def partial[] = {{"env", "log", "ii:", (void *)host_log, NULL}};
  awsm_imports im = {.funcs = partial, .num_funcs = 1};
  awsm_options o = {0};
  o.resolve = awsm_imports_resolve;
  o.resolve_data = &im;
  CHECK(awsm_instantiate(&calc_module, &o, &err) == NULL && err.kind == AWSM_ERR_LINK &&
            strcmp(err.message, "unknown import \"env\".\"mix\"") == 0,
        "unknown import: %s", err.message);
  awsm_host_func_def wrong[5];
  memcpy(wrong, calc_env, sizeof wrong);
  wrong[1].sig = "iIfF:f";
  im.funcs = wrong;
  im.num_funcs = 5;
  CHECK(awsm_instantiate(&calc_module, &o, &err) == NULL && err.kind == AWSM_ERR_LINK &&
            strcmp(err.message, "incompatible import type \"env\".\"mix\": expected signature iIfF:F, got iIfF:f") == 0,
        "signature mismatch: %s", err.message);
  wrong[1].sig = "iIfF:FF";
  CHECK(awsm_instantiate(&calc_module, &o, &err) == NULL && err.kind == AWSM_ERR_LINK &&
            strstr(err.message, "needs a trampoline") != NULL,
        "no generic trampoline: %s", err.message);
}

static void test_memory_access(void) {
  host_state h = {{0}, 0};
  awsm_instance *c = new_calc(&h);
  awsm_memory *m = awsm_instance_export_memory(c, "memory");
  CHECK(m != NULL && m == awsm_instance_memory(c, 0) && awsm_instance_memory(c, 1) == NULL, "memory lookups");
  CHECK(awsm_memory_size(m) == 65536, "size");
  char buf[16] = {0};
  CHECK(awsm_memory_read(m, 0, buf, 15) == 0 && strcmp(buf, "hello from calc") == 0, "read the data segment");
  uint32_t v = 0xfeedf00d;
  CHECK(awsm_memory_write(m, 65532, &v, 4) == 0, "write at the end");
  awsm_error err;
  uint32_t r = 0;
  CHECK(awsm_callf(c, "load", &err, 65532, &r) == 0 && r == 0xfeedf00d, "Wasm sees the host's write");
  CHECK(awsm_memory_write(m, 65533, &v, 4) == -1, "write across the end refused");
  CHECK(awsm_memory_read(m, 65536, buf, 1) == -1 && awsm_memory_read(m, 65536, buf, 0) == 0, "read at the end");
  CHECK(awsm_memory_read(m, UINT64_MAX, buf, 2) == -1 && awsm_memory_read(m, 2, buf, SIZE_MAX) == -1,
        "overflowing ranges refused");
  CHECK(awsm_memory_data(m, 0, 5) != NULL && memcmp(awsm_memory_data(m, 0, 5), "hello", 5) == 0, "data pointer");
  CHECK(awsm_memory_data(m, 65535, 2) == NULL && awsm_memory_data(m, 65536, 0) != NULL, "data bounds");
  CHECK(awsm_memory_strlen(m, 0, 100) == 15 && awsm_memory_strlen(m, 6, 100) == 9, "strlen");
  CHECK(awsm_memory_strlen(m, 0, 10) == -1 && awsm_memory_strlen(m, 0, 15) == 15, "strlen max_len");
  memset(awsm_memory_data(m, 65530, 6), 'x', 6);
  CHECK(awsm_memory_strlen(m, 65530, 100) == -1 && awsm_memory_strlen(m, 70000, 1) == -1, "strlen at the end");
  CHECK(awsm_callf(c, "grow", &err, 1, &r) == 0 && r == 1 && awsm_memory_size(m) == 131072 &&
            awsm_memory_write(m, 65533, &v, 4) == 0,
        "accessors follow memory.grow");
  awsm_instance_free(c);
}

static void test_traps(int signals) {
  host_state h = {{0}, 0};
  awsm_instance *c = new_calc(&h);
  awsm_error err;
  uint32_t r = 0;
  CHECK(awsm_callf(c, "div", &err, 1, 0, &r) != 0 && err.kind == AWSM_ERR_TRAP && err.trap == AWSM_TRAP_DIV_ZERO &&
            strcmp(err.message, "integer divide by zero in function div") == 0,
        "div by zero: %s", err.message);
  CHECK(awsm_callf(c, "unreachable", &err) != 0 && err.trap == AWSM_TRAP_UNREACHABLE &&
            starts_with(err.message, "unreachable in function "),
        "unreachable: %s", err.message);
  if (signals) {
    CHECK(awsm_callf(c, "load", &err, 65535, &r) != 0 && err.trap == AWSM_TRAP_MEMORY_OOB &&
              strcmp(err.message, "out of bounds memory access in function load") == 0,
          "oob: %s", err.message);
    CHECK(awsm_callf(c, "recurse", &err, 100000000, &r) != 0 && err.trap == AWSM_TRAP_STACK_EXHAUSTED &&
              strcmp(err.message, "call stack exhausted in function recurse") == 0,
          "stack: %s", err.message);
  }
  CHECK(awsm_callf(c, "recurse", &err, 1000, &r) == 0 && r == 1000, "usable after traps");
  awsm_instance_free(c);
}

static uint32_t host_add3(awsm_instance *caller, uint32_t a, uint32_t b, uint32_t c) {
  (void)caller;
  return a + b + c;
}

static void test_linking(void) {
  awsm_error err;
  awsm_instance *lib = awsm_instantiate(&lib_module, NULL, &err);
  CHECK(lib != NULL, "lib: %s", err.message);
  if (lib == NULL) return;
  awsm_host_func_def host[] = {{"host", "add3", "iii:i", (void *)host_add3, NULL}};
  awsm_instance_binding bind[] = {{"lib", lib}};
  awsm_imports im = {.funcs = host, .num_funcs = 1, .instances = bind, .num_instances = 1};
  awsm_options o = {0};
  o.resolve = awsm_imports_resolve;
  o.resolve_data = &im;
  awsm_instance *app = awsm_instantiate(&app_module, &o, &err);
  CHECK(app != NULL, "app: %s", err.message);
  if (app != NULL) {
    uint32_t r = 0;
    CHECK(awsm_callf(app, "run", &err, 5, &r) == 0 && r == 120, "run(5) = 100 + 10 + 10: %u %s", r, err.message);
    uint32_t at8 = 0;
    CHECK(awsm_memory_read(awsm_instance_export_memory(lib, "mem"), 8, &at8, 4) == 0 && at8 == 120,
          "app wrote lib's memory");
    CHECK(awsm_instance_export_global(lib, "base", NULL, NULL)->i32 == 101, "app wrote lib's global");
    CHECK(awsm_callf(lib, "peek", &err, 8, &r) == 0 && r == 120, "lib reads it");
    awsm_instance_free(app);
  }
  /* No binding for "lib": unknown import. */
  awsm_imports im2 = {.funcs = host, .num_funcs = 1};
  o.resolve_data = &im2;
  CHECK(awsm_instantiate(&app_module, &o, &err) == NULL && strcmp(err.message, "unknown import \"lib\".\"double\"") == 0,
        "missing binding: %s", err.message);
  /* Host objects through externs, falling back to `next`. */
  awsm_memory *mem = awsm_memory_new(1, 1, 4, &err);
  awsm_table *tab = awsm_table_new(AWSM_T_FUNCREF, 4, 1, 10, &err);
  awsm_value base = {.i32 = 1000};
  awsm_extern_def ext[3];
  memset(ext, 0, sizeof ext);
  ext[0].module = "lib";
  ext[0].name = "mem";
  ext[0].ext.kind = AWSM_EXTERN_MEMORY;
  ext[0].ext.u.memory = mem;
  ext[1].module = "lib";
  ext[1].name = "tab";
  ext[1].ext.kind = AWSM_EXTERN_TABLE;
  ext[1].ext.u.table = tab;
  ext[2].module = "lib";
  ext[2].name = "base";
  ext[2].ext.kind = AWSM_EXTERN_GLOBAL;
  ext[2].ext.u.global.cell = &base;
  ext[2].ext.u.global.type = AWSM_T_I32;
  ext[2].ext.u.global.mutable_ = 1;
  awsm_imports next = {.instances = bind, .num_instances = 1}; /* "double" from lib */
  awsm_imports im3 = {.funcs = host, .num_funcs = 1, .externs = ext, .num_externs = 3,
                      .next = awsm_imports_resolve, .next_data = &next};
  o.resolve_data = &im3;
  awsm_instance *app2 = awsm_instantiate(&app_module, &o, &err);
  CHECK(app2 != NULL, "app with host objects: %s", err.message);
  if (app2 != NULL) {
    uint32_t r = 0;
    tab->elems[1] = awsm_instance_export_func(lib, "double");
    CHECK(awsm_callf(app2, "run", &err, 1, &r) == 0 && r == 1004 && base.i32 == 1001, "run with host objects: %u %s",
          r, err.message);
    CHECK(*(uint32_t *)awsm_memory_data(mem, 8, 4) == 1004, "host memory written");
    awsm_instance_free(app2);
  }
  awsm_memory_free(mem);
  awsm_table_free(tab);
  awsm_instance_free(lib);
}

/* Several memories: host memories of both address types imported, awsm_instance_memory(N). */
static void test_multiple_memories(void) {
  awsm_error err;
  awsm_memory *a = awsm_memory_new(1, 1, 2, &err);
  awsm_memory_desc btype = {1, 0, 0, AWSM_PAGE_SIZE_LOG2, 1, 0};
  awsm_memory *b = awsm_memory_new_type(&btype, &err);
  CHECK(a != NULL && b != NULL && b->addr64 == 1, "host memories: %s", err.message);
  if (a == NULL || b == NULL) return;
  awsm_extern_def ext[2];
  memset(ext, 0, sizeof ext);
  ext[0].module = ext[1].module = "host";
  ext[0].name = "a";
  ext[1].name = "b";
  ext[0].ext.kind = ext[1].ext.kind = AWSM_EXTERN_MEMORY;
  ext[0].ext.u.memory = b; /* swapped: the 64-bit one where a 32-bit one is imported */
  ext[1].ext.u.memory = a;
  awsm_imports im = {.externs = ext, .num_externs = 2};
  awsm_options o = {0};
  o.resolve = awsm_imports_resolve;
  o.resolve_data = &im;
  CHECK(awsm_instantiate(&multimem_module, &o, &err) == NULL && strstr(err.message, "expected a 32-bit memory") != NULL,
        "address types must match: %s", err.message);
  ext[0].ext.u.memory = a;
  ext[1].ext.u.memory = b;
  awsm_instance *m = awsm_instantiate(&multimem_module, &o, &err);
  CHECK(m != NULL, "multimem: %s", err.message);
  if (m != NULL) {
    CHECK(awsm_instance_memory(m, 0) == a && awsm_instance_memory(m, 1) == b && awsm_instance_memory(m, 3) == NULL &&
              awsm_instance_memory(m, 2) == awsm_instance_export_memory(m, "own"),
          "memory lookups by index");
    CHECK(awsm_memory_write(a, 100, "multi", 5) == 0, "write a");
    uint32_t r = 0;
    CHECK(awsm_callf(m, "relay", &err, 60000, 100, 5, &r) == 0 && r == 2, "relay: %u %s", r, err.message);
    char got[6] = {0};
    CHECK(awsm_memory_read(awsm_instance_memory(m, 2), 60000, got, 5) == 0 && strcmp(got, "multi") == 0,
          "own memory got the bytes through the 64-bit one");
    CHECK(awsm_callf(m, "relay", &err, 65535, 100, 5, &r) != 0 && err.kind == AWSM_ERR_TRAP,
          "past the 64-bit memory's 1 page: trap");
    awsm_instance_free(m);
  }
  awsm_memory_free(a);
  awsm_memory_free(b);
}

static void test_limits(void) {
  awsm_error err;
  awsm_options o = {0};
  o.max_memory_pages = 1;
  CHECK(awsm_instantiate(&limits_module, &o, &err) == NULL && err.kind == AWSM_ERR_RESOURCE &&
            strcmp(err.message, "memory of 2 pages exceeds the limit of 1 pages") == 0,
        "memory limit at instantiation: %s", err.message);
  o.max_memory_pages = 3;
  o.max_table_elems = 3;
  CHECK(awsm_instantiate(&limits_module, &o, &err) == NULL && err.kind == AWSM_ERR_RESOURCE &&
            strcmp(err.message, "table of 4 elements exceeds the limit of 3 elements") == 0,
        "table limit at instantiation: %s", err.message);
  o.max_table_elems = 6;
  awsm_instance *l = awsm_instantiate(&limits_module, &o, &err);
  CHECK(l != NULL, "within limits: %s", err.message);
  if (l == NULL) return;
  uint32_t r = 0;
  CHECK(awsm_callf(l, "grow", &err, 1, &r) == 0 && r == 2, "memory.grow to the limit");
  CHECK(awsm_callf(l, "grow", &err, 1, &r) == 0 && r == 0xFFFFFFFFu, "memory.grow past the limit");
  CHECK(awsm_memory_grow_object(awsm_instance_export_memory(l, "memory"), 1) == 0xFFFFFFFFu, "host grow past it");
  CHECK(awsm_callf(l, "table_grow", &err, 2, &r) == 0 && r == 4, "table.grow to the limit");
  CHECK(awsm_callf(l, "table_grow", &err, 1, &r) == 0 && r == 0xFFFFFFFFu, "table.grow past the limit");
  CHECK(awsm_instance_export_table(l, "table")->size == 6, "table size");
  awsm_instance_free(l);
  /* Declared maximum below the host limit: the declared one wins. */
  host_state h = {{0}, 0};
  awsm_instance *c = new_calc(&h);
  CHECK(awsm_callf(c, "grow", &err, 999, &r) == 0 && r == 1 && awsm_callf(c, "grow", &err, 1, &r) == 0 &&
            r == 0xFFFFFFFFu,
        "declared maximum 1000");
  awsm_instance_free(c);
}

/* The pool must hand out zeroed memory of exactly the requested size. */
static void test_pool(int signals) {
  awsm_memory_pool_limit(4);
  host_state h = {{0}, 0};
  awsm_error err;
  uint32_t r = 0;
  awsm_instance *c = new_calc(&h);
  uint8_t *base = c->mem0_base;
  awsm_callf(c, "store", &err, 100, 0x11111111);
  awsm_callf(c, "store", &err, 65532, 0x22222222);
  awsm_callf(c, "grow", &err, 2, &r);
  awsm_callf(c, "store", &err, 65536 + 4096, 0x33333333);
  awsm_callf(c, "load", &err, 2 * 65536 + 8192, &r); /* read-only touch: the zero page */
  awsm_callf(c, "store", &err, 3 * 65536 - 4, 0x44444444);
  awsm_instance_free(c);
  c = new_calc(&h);
  CHECK(c->mem0_base == base, "the reservation is reused");
  CHECK(memcmp(awsm_memory_data(awsm_instance_memory(c, 0), 0, 15), "hello from calc", 15) == 0, "data segment");
  int zero = 1;
  const uint32_t addrs[] = {100, 65532};
  for (size_t i = 0; i < 2; i++) zero &= awsm_callf(c, "load", &err, addrs[i], &r) == 0 && r == 0;
  CHECK(zero, "a reused memory reads zero");
  CHECK(awsm_memory_size(awsm_instance_memory(c, 0)) == 65536, "size back to 1 page");
  if (signals)
    CHECK(awsm_callf(c, "load", &err, 65536 + 4096, &r) != 0 && err.trap == AWSM_TRAP_MEMORY_OOB,
          "the pages past the size fault again");
  awsm_callf(c, "grow", &err, 2, &r);
  zero = 1;
  const uint32_t more[] = {65536 + 4096, 2 * 65536 + 8192, 3 * 65536 - 4};
  for (size_t i = 0; i < 3; i++) zero &= awsm_callf(c, "load", &err, more[i], &r) == 0 && r == 0;
  CHECK(zero, "grown pages of a reused memory read zero");
  /* Many resident pages (the madvise path) and a large growth (PROT_NONE again). */
  awsm_callf(c, "grow", &err, 100, &r);
  for (uint32_t p = 0; p < 100; p++) awsm_callf(c, "store", &err, p * 65536 + 512, 0x55555555u + p);
  awsm_instance_free(c);
  c = new_calc(&h);
  zero = c->mem0_base == base;
  awsm_callf(c, "grow", &err, 299, &r);
  for (uint32_t p = 1; p < 100; p++) zero &= awsm_callf(c, "load", &err, p * 65536 + 512, &r) == 0 && r == 0;
  awsm_callf(c, "store", &err, 300 * 65536 - 4, 0x66666666);
  CHECK(zero, "after many resident pages: zero");
  awsm_instance_free(c);
  c = new_calc(&h);
  CHECK(c->mem0_base == base && awsm_memory_size(awsm_instance_memory(c, 0)) == 65536, "after a large memory");
  if (signals)
    CHECK(awsm_callf(c, "load", &err, 300 * 65536 - 4, &r) != 0 && err.trap == AWSM_TRAP_MEMORY_OOB,
          "a large memory's pages fault");
  awsm_callf(c, "grow", &err, 299, &r);
  CHECK(awsm_callf(c, "load", &err, 300 * 65536 - 4, &r) == 0 && r == 0, "and read zero when grown again");
  awsm_instance_free(c);
  CHECK(awsm_memory_pool_limit(0) == 4, "pool limit");
  c = new_calc(&h);
  awsm_instance_free(c);
  awsm_memory_pool_limit(128);
}

static void test_module_open(const char *so) {
  awsm_error err;
  CHECK(awsm_module_open(so, "calc so", &err) == NULL && err.kind == AWSM_ERR_INVALID &&
            strcmp(err.message, "invalid module name \"calc so\" (it must match [A-Za-z_][A-Za-z0-9_]*)") == 0,
        "bad name: %s", err.message);
  CHECK(awsm_module_open(so, "calc", &err) == NULL && err.kind == AWSM_ERR_INVALID &&
            strstr(err.message, "has no module descriptor calc_module") != NULL,
        "wrong name: %s", err.message);
  CHECK(awsm_module_open("/nonexistent/x.so", "calc_so", &err) == NULL && err.kind == AWSM_ERR_RESOURCE &&
            starts_with(err.message, "cannot load /nonexistent/x.so: "),
        "missing file: %s", err.message);
  awsm_module *m = awsm_module_open(so, "calc_so", &err);
  CHECK(m != NULL, "open %s: %s", so, err.message);
  if (m == NULL) return;
  const awsm_module_desc *d = awsm_module_descriptor(m);
  CHECK(d != NULL && strcmp(d->name, "calc_so") == 0 && d != &calc_module, "descriptor");
  awsm_options o = {0};
  o.resolve = awsm_imports_resolve;
  o.resolve_data = (void *)&calc_imports;
  host_state h = {{0}, 0};
  o.user = &h;
  awsm_instance *i1 = awsm_module_instantiate(m, &o, &err);
  awsm_instance *i2 = awsm_module_instantiate(m, &o, &err);
  uint32_t r1 = 0, r2 = 0;
  CHECK(i1 != NULL && i2 != NULL && awsm_callf(i1, "add", &err, 1, 2, &r1) == 0 &&
            awsm_callf(i2, "add", &err, 3, 4, &r2) == 0 && r1 == 3 && r2 == 7,
        "two instances of a loaded module: %s", err.message);
  CHECK(awsm_callf(i1, "div", &err, 1, 0, &r1) != 0 && strcmp(err.message, "integer divide by zero in function div") == 0,
        "trap in a loaded module: %s", err.message);
  CHECK(awsm_callf(i1, "say_hello", &err) == 0 && strcmp(h.logged, "hello from calc") == 0, "host function");
  CHECK(awsm_module_close(m) == -1, "close refused while instances live");
  awsm_instance_free(i1);
  CHECK(awsm_module_close(m) == -1, "still one");
  awsm_instance_free(i2);
  CHECK(awsm_module_close(m) == 0, "close");
}

static void test_two_copies(void) {
  /* calc compiled twice, as calc_a and calc_b, both linked here: separate descriptors,
   * separate code, no clash. */
  host_state h = {{0}, 0};
  awsm_instance *a = new_calc_of(&calc_a_module, &h), *b = new_calc_of(&calc_b_module, &h);
  awsm_error err;
  uint32_t r = 0;
  CHECK(calc_a_module.funcs[5].code != calc_b_module.funcs[5].code, "two copies of the code");
  CHECK(awsm_callf(a, "add", &err, 1, 1, &r) == 0 && r == 2 && awsm_callf(b, "add", &err, 2, 2, &r) == 0 && r == 4,
        "both work");
  awsm_instance_free(a);
  awsm_instance_free(b);
}

/* ---- interrupts ---- */

typedef struct runner {
  awsm_instance *inst;
  const char *func;
  uint64_t deadline;
  int rc;
  awsm_error err;
  volatile int started;
  double seconds;
} runner;

static double now_s(void) { return (double)awsm_monotonic_ns() / 1e9; }

static void *run_export(void *p) {
  runner *r = p;
  awsm_func *f = awsm_instance_export_func(r->inst, r->func);
  awsm_value v[1];
  double t0 = now_s();
  r->started = 1;
  r->rc = awsm_call_with_deadline(r->inst, f, v, r->deadline, &r->err);
  r->seconds = now_s() - t0;
  return NULL;
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void test_interrupt(void) {
  host_state h = {{0}, 0};
  const char *funcs[] = {"spin", "spin_calls", "spin_host"};
  for (size_t k = 0; k < 3; k++) {
    awsm_instance *c = new_calc(&h);
    runner r;
    memset(&r, 0, sizeof r);
    r.inst = c;
    r.func = funcs[k];
    pthread_t th;
    pthread_create(&th, NULL, run_export, &r);
    while (!r.started) sleep_ms(1);
    sleep_ms(30);
    double t0 = now_s();
    int rc = awsm_instance_interrupt(c);
    pthread_join(th, NULL);
    double latency = now_s() - t0;
    CHECK(rc == 1 && r.rc != 0 && r.err.kind == AWSM_ERR_TRAP && r.err.trap == AWSM_TRAP_INTERRUPTED &&
              starts_with(r.err.message, "interrupted"),
          "interrupt %s: rc %d, %d %d \"%s\"", funcs[k], rc, r.rc, r.err.trap, r.err.message);
    CHECK(latency < 0.5, "interrupt %s took %.3f s", funcs[k], latency);
    /* Nothing running: nothing to interrupt, and no effect on the next call. */
    CHECK(awsm_instance_interrupt(c) == 0, "no call running");
    awsm_error err;
    uint32_t v = 0;
    CHECK(awsm_callf(c, "recurse", &err, 100, &v) == 0 && v == 100, "calls work after an interrupt: %s", err.message);
    awsm_instance_free(c);
  }
  /* Deadlines. */
  for (size_t k = 0; k < 3; k++) {
    awsm_instance *c = new_calc(&h);
    runner r;
    memset(&r, 0, sizeof r);
    r.inst = c;
    r.func = funcs[k];
    r.deadline = awsm_monotonic_ns() + 50 * 1000000ull;
    run_export(&r);
    CHECK(r.rc != 0 && r.err.trap == AWSM_TRAP_INTERRUPTED && r.seconds >= 0.045 && r.seconds < 0.6,
          "deadline %s: %d \"%s\" after %.3f s", funcs[k], r.err.trap, r.err.message, r.seconds);
    awsm_instance_free(c);
  }
  awsm_instance *c = new_calc(&h);
  awsm_value v[2] = {awsm_i32(1), awsm_i32(2)};
  awsm_error err;
  CHECK(awsm_call_with_deadline(c, awsm_instance_export_func(c, "add"), v, awsm_monotonic_ns() + 1000000000ull, &err) ==
                0 &&
            v[0].i32 == 3,
        "a call that beats its deadline");
  sleep_ms(20); /* the watchdog must not fire for it afterwards */
  v[0].i32 = 5;
  v[1].i32 = 6;
  CHECK(awsm_call(c, awsm_instance_export_func(c, "add"), v, &err) == 0 && v[0].i32 == 11, "later calls unaffected");
  awsm_instance_free(c);
}

/* After fork(), the child has its own pool (zeroed memories) and starts its own watchdog. */
static void test_fork(void) {
  host_state h = {{0}, 0};
  awsm_error err;
  awsm_instance *c = new_calc(&h);
  runner r;
  memset(&r, 0, sizeof r);
  r.inst = c;
  r.func = "spin";
  r.deadline = awsm_monotonic_ns() + 10 * 1000000ull;
  run_export(&r); /* the parent's watchdog runs */
  awsm_callf(c, "store", &err, 200, 0x77777777);
  awsm_instance_free(c); /* pooled */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    awsm_instance *k = new_calc(&h);
    uint32_t v = 1;
    int ok = awsm_callf(k, "load", &err, 200, &v) == 0 && v == 0;
    memset(&r, 0, sizeof r);
    r.inst = k;
    r.func = "spin";
    r.deadline = awsm_monotonic_ns() + 20 * 1000000ull;
    run_export(&r);
    ok &= r.rc != 0 && r.err.trap == AWSM_TRAP_INTERRUPTED;
    awsm_instance_free(k);
    _exit(ok ? 0 : 1);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork: the child's instances and deadlines work (%d)", status);
}

/* ---- threads ---- */

typedef struct worker {
  int iterations;
  int ok;
  int signals;
} worker;

static void *work(void *p) {
  worker *w = p;
  host_state h = {{0}, 0};
  w->ok = 1;
  for (int i = 0; i < w->iterations; i++) {
    awsm_instance *c = new_calc(&h);
    awsm_error err;
    uint32_t r = 0;
    w->ok &= awsm_callf(c, "add", &err, i, 1, &r) == 0 && r == (uint32_t)i + 1;
    w->ok &= awsm_callf(c, "div", &err, 1, 0, &r) != 0 && err.trap == AWSM_TRAP_DIV_ZERO;
    if (w->signals) w->ok &= awsm_callf(c, "load", &err, 70000, &r) != 0 && err.trap == AWSM_TRAP_MEMORY_OOB;
    w->ok &= awsm_callf(c, "load", &err, 100, &r) == 0 && r == 0;
    awsm_callf(c, "store", &err, 100, 0xabcdef);
    awsm_instance_free(c);
  }
  return NULL;
}

static void test_threads(int signals, int iterations) {
  enum { N = 4 };
  pthread_t th[N];
  worker w[N];
  for (int i = 0; i < N; i++) {
    w[i].iterations = iterations;
    w[i].signals = signals;
    pthread_create(&th[i], NULL, work, &w[i]);
  }
  int ok = 1;
  for (int i = 0; i < N; i++) {
    pthread_join(th[i], NULL);
    ok &= w[i].ok;
  }
  CHECK(ok, "%d threads instantiating, calling, trapping and freeing concurrently", N);
}

static void test_cycles(int n) {
  host_state h = {{0}, 0};
  int ok = 1;
  for (int i = 0; i < n; i++) {
    awsm_instance *c = new_calc(&h);
    awsm_error err;
    uint32_t r = 0;
    ok &= awsm_callf(c, "add", &err, i, 2, &r) == 0 && r == (uint32_t)i + 2;
    if (i % 100 == 0) ok &= awsm_callf(c, "call_fail", &err, 1) != 0;
    awsm_instance_free(c);
  }
  CHECK(ok, "%d instantiate/call/destroy cycles", n);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_embed SHARED_LIB [--cycles N] [--no-signals]\n");
    return 2;
  }
  const char *so = argv[1];
  int cycles = 1000, signals = 1;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--cycles") == 0 && i + 1 < argc)
      cycles = atoi(argv[++i]);
    else if (strcmp(argv[i], "--no-signals") == 0)
      signals = 0;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_calls();
  test_host_functions();
  test_memory_access();
  test_traps(signals);
  test_linking();
  test_multiple_memories();
  test_limits();
  test_pool(signals);
  test_module_open(so);
  test_two_copies();
  if (signals) {
    test_interrupt();
    test_fork();
  }
  test_threads(signals, signals ? 500 : 20);
  test_cycles(cycles);
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
