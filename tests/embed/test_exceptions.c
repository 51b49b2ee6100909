/*
 * test_exceptions.c — exceptions through the C API (awsm.h, docs/embedding.md "Exceptions"),
 * against tests/embed/exn.wat compiled as `exn` (tests/e2e/exceptions.test.ts):
 *   - an uncaught exception reaches awsm_call as AWSM_ERR_EXCEPTION with its tag (the
 *     exported tag object) and payload, and a one-line message;
 *   - a host function that calls Wasm gets the exception as an error (never unwound past it),
 *     inspects it and rethrows it with awsm_throw or awsm_trap_error: Wasm catches it;
 *   - a host function throws a new exception of a host tag (awsm_exception_new, awsm_throw);
 *   - a host tag (static, or from awsm_tag_new) imported by two instances is one tag; each
 *     instance's own tags are distinct;
 *   - a trap inside a try_table is a trap;
 *   - exception collection (runtime/src/exception_gc.c): an exception the host got stays valid
 *     (pinned) while Wasm catches thousands by reference, even kept where no scan looks (a
 *     static); two threads collect their own exceptions at once (per-thread registries).
 * Prints "N passed, M failed".
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "awsm.h"
#include "../check.h"

AWSM_MODULE(exn);

/* A host tag can be any awsm_tag the host keeps alive. */
static awsm_tag host_tag = {.sig = "i:"};
static awsm_instance *current;
static int rethrow_with_trap_error;

/* mode 0: call "inner" (throws $e), check what comes back, rethrow it; 1: throw a new
 * exception of the host tag; other: return mode * 2. */
static uint32_t call_back(awsm_instance *caller, uint32_t mode) {
  if (mode == 0) {
    awsm_error err;
    uint32_t r;
    int rc = awsm_callf(current, "inner", &err, 5, &r);
    CHECK(rc != 0 && err.kind == AWSM_ERR_EXCEPTION && err.exception != NULL, "inner: an exception (%s)", err.message);
    if (err.exception == NULL) awsm_trap_host(caller, "no exception");
    CHECK(err.exception->tag == awsm_instance_export_tag(current, "e"), "its tag is the exported tag e");
    CHECK(err.exception->count == 2 && err.exception->values[0].i32 == 5 && err.exception->values[1].i64 == 77,
          "payload (5, 77)");
    CHECK(strstr(err.message, "uncaught exception") != NULL, "message: %s", err.message);
    if (rethrow_with_trap_error) awsm_trap_error(caller, &err);
    awsm_throw(err.exception);
  }
  if (mode == 1) {
    awsm_value v[1] = {awsm_i32(9)};
    awsm_exn *e = awsm_exception_new(&host_tag, v);
    CHECK(e != NULL && e->tag == &host_tag && e->count == 1, "awsm_exception_new");
    awsm_throw(e);
  }
  return mode * 2;
}

static const awsm_host_func_def host_funcs[] = {{"host", "call_back", "i:i", (void *)call_back, NULL}};

static awsm_instance *instantiate(awsm_tag *tag) {
  awsm_extern_def ext = {"host", "tag", {.kind = AWSM_EXTERN_TAG, .instance = NULL, .u.tag = tag}};
  awsm_imports imp = {.funcs = host_funcs, .num_funcs = 1, .externs = &ext, .num_externs = 1};
  awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imp};
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(&exn_module, &opts, &err);
  CHECK(inst != NULL, "instantiate: %s", err.message);
  return inst;
}

/* Kept where neither the stack scan nor the precise roots look: only pinning keeps it. */
static awsm_exn *kept;

/* A thread of its own: instantiate, catch n exceptions by reference; 1 if the result is right. */
static void *churn_thread(void *arg) {
  uint32_t n = (uint32_t)(uintptr_t)arg, r = 0;
  awsm_instance *inst = instantiate(&host_tag);
  awsm_error err;
  int ok = inst != NULL && awsm_callf(inst, "churn", &err, n, &r) == 0 && r == n;
  awsm_instance_free(inst);
  return (void *)(uintptr_t)ok;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  awsm_instance *a = instantiate(&host_tag);
  if (a == NULL) return 1;
  current = a;
  awsm_error err;
  uint32_t r = 0;

  /* Uncaught: the host gets the exception. */
  CHECK(awsm_callf(a, "uncaught", &err, 3) != 0 && err.kind == AWSM_ERR_EXCEPTION, "uncaught: %s", err.message);
  CHECK(err.exception != NULL && err.exception->tag == awsm_instance_export_tag(a, "e") &&
            err.exception->values[0].i32 == 3 && err.exception->values[1].i64 == 5,
        "uncaught: tag e, payload (3, 5)");
  CHECK(strcmp(err.message, "uncaught exception (payload: i32 3, i64 5)") == 0, "message: %s", err.message);
  kept = err.exception;
  CHECK(awsm_callf(a, "throw_host_tag", &err, 4) != 0 && err.kind == AWSM_ERR_EXCEPTION &&
            err.exception->tag == &host_tag && err.exception->values[0].i32 == 4,
        "an exception of the host tag reaches the host");

  /* Through the host: rethrown with awsm_throw, then with awsm_trap_error; a host exception. */
  CHECK(awsm_callf(a, "outer", &err, 0, &r) == 0 && r == 1082, "rethrown by the host, caught by Wasm: %u (%s)", r,
        err.message);
  rethrow_with_trap_error = 1;
  CHECK(awsm_callf(a, "outer", &err, 0, &r) == 0 && r == 1082, "rethrown with awsm_trap_error: %u (%s)", r,
        err.message);
  CHECK(awsm_callf(a, "outer", &err, 1, &r) == 0 && r == 2009, "host exception caught by Wasm: %u (%s)", r,
        err.message);
  CHECK(awsm_callf(a, "outer", &err, 21, &r) == 0 && r == 42, "no exception: %u (%s)", r, err.message);

  /* A trap is not an exception. */
  CHECK(awsm_callf(a, "trap_in_try", &err, &r) != 0 && err.kind == AWSM_ERR_TRAP && err.trap == AWSM_TRAP_UNREACHABLE,
        "trap inside try_table: %s", err.message);

  /* Exception collection: the host's exception survives; threads collect their own. */
  CHECK(awsm_callf(a, "churn", &err, 20000, &r) == 0 && r == 20000, "churn: %u (%s)", r, err.message);
  CHECK(kept->values[0].i32 == 3 && kept->values[1].i64 == 5 && kept->tag == awsm_instance_export_tag(a, "e"),
        "an uncaught exception the host kept is still (3, 5) after 20000 more");
  pthread_t threads[2];
  for (int i = 0; i < 2; i++) CHECK(pthread_create(&threads[i], NULL, churn_thread, (void *)(uintptr_t)30000) == 0, "thread %d", i);
  for (int i = 0; i < 2; i++) {
    void *ok = NULL;
    pthread_join(threads[i], &ok);
    CHECK(ok == (void *)1, "thread %d: 30000 exceptions caught by reference, the first kept", i);
  }

  /* Tag identity: per instance for defined tags; an imported tag is the provider's. */
  awsm_tag *made = awsm_tag_new(a, "i:");
  CHECK(made != NULL && strcmp(made->sig, "i:") == 0, "awsm_tag_new");
  awsm_instance *b = instantiate(made);
  if (b == NULL) return 1;
  CHECK(awsm_instance_export_tag(a, "e") != awsm_instance_export_tag(b, "e"), "two instances: distinct tags");
  CHECK(awsm_instance_export_tag(a, "outer") == NULL, "a function is not a tag export");
  CHECK(awsm_callf(b, "throw_host_tag", &err, 6) != 0 && err.kind == AWSM_ERR_EXCEPTION &&
            err.exception->tag == made,
        "b throws the awsm_tag_new tag");

  /* An instance whose imported tag type differs does not link. */
  static awsm_tag wrong = {.sig = "I:"};
  awsm_extern_def ext = {"host", "tag", {.kind = AWSM_EXTERN_TAG, .instance = NULL, .u.tag = &wrong}};
  awsm_imports imp = {.funcs = host_funcs, .num_funcs = 1, .externs = &ext, .num_externs = 1};
  awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imp};
  CHECK(awsm_instantiate(&exn_module, &opts, &err) == NULL && err.kind == AWSM_ERR_LINK &&
            strstr(err.message, "incompatible import type") != NULL,
        "tag type mismatch: %s", err.message);

  awsm_instance_free(b);
  awsm_instance_free(a);
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
