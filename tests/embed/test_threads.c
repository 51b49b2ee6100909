/*
 * test_threads.c — the C API with threads (docs/threads.md, docs/embedding.md "Threads"):
 * one shared memory made by the host (awsm_memory_new_type with .shared = 1), imported by
 * instances of one module (tests/embed/shared.wat, linked in as `shared_module`) created and
 * called on several threads at once:
 *   - 4 threads, each with its own instance, call add(100000) concurrently: the counter in the
 *     shared memory is exactly 400,000, seen through any instance and awsm_memory_data;
 *   - a thread blocked in memory.atomic.wait32 (no timeout) is woken by wake() called through
 *     another instance on the main thread: wait returns 0, notify 1;
 *   - an unshared memory cannot be imported where a shared one is expected (the link error
 *     names it).
 * Prints "N passed, M failed".
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "awsm.h"
#include "../check.h"

AWSM_MODULE(shared);

#define THREADS 4
#define ADDS 100000

static awsm_memory *memory;

static awsm_instance *instance(awsm_error *err) {
  awsm_extern_def mem = {"env", "memory", {.kind = AWSM_EXTERN_MEMORY, .u.memory = memory}};
  awsm_imports imp = {.externs = &mem, .num_externs = 1};
  awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imp};
  return awsm_instantiate(&shared_module, &opts, err);
}

/* Call export `name` of inst with one i32 argument (ignored when the function has none). */
static int call(awsm_instance *inst, const char *name, uint32_t arg, uint32_t *result, awsm_error *err) {
  awsm_extern f;
  if (!awsm_instance_export(inst, name, strlen(name), &f) || f.kind != AWSM_EXTERN_FUNC) return -1;
  awsm_value v[1];
  v[0].i32 = arg;
  int r = awsm_call(inst, f.u.func, v, err);
  if (result != NULL) *result = v[0].i32;
  return r;
}

typedef struct job {
  awsm_instance *inst;
  int status;
  uint32_t result;
  awsm_error err;
} job;

static void *adder(void *p) {
  job *j = p;
  awsm_error err;
  j->inst = instance(&err); /* instantiated on this thread */
  j->status = j->inst == NULL ? -1 : call(j->inst, "add", ADDS, NULL, &j->err);
  return NULL;
}

static void *waiter(void *p) {
  job *j = p;
  j->status = call(j->inst, "wait", 0, &j->result, &j->err);
  return NULL;
}

int main(void) {
  awsm_error err;
  awsm_memory_desc type = {.min_pages = 1, .max_pages = 1, .has_max = 1, .page_size_log2 = AWSM_PAGE_SIZE_LOG2, .shared = 1};
  memory = awsm_memory_new_type(&type, &err);
  CHECK(memory != NULL, "awsm_memory_new_type: %s", err.message);
  if (memory == NULL) return 1;

  /* Concurrent adds through 4 instances on 4 threads. */
  pthread_t th[THREADS];
  job jobs[THREADS];
  memset(jobs, 0, sizeof jobs);
  for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, adder, &jobs[i]);
  for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
  for (int i = 0; i < THREADS; i++) CHECK(jobs[i].status == 0, "thread %d: add failed: %s", i, jobs[i].err.message);
  uint32_t total = 0;
  CHECK(call(jobs[0].inst, "get", 0, &total, &err) == 0 && total == THREADS * ADDS, "counter %u, want %u", total,
        THREADS * ADDS);
  uint32_t *word = awsm_memory_data(memory, 0, 4);
  CHECK(word != NULL && *word == THREADS * ADDS, "the host sees %u", word == NULL ? 0 : *word);

  /* wait on one thread, woken through another instance on this one. */
  job w = {.inst = jobs[1].inst};
  pthread_t wt;
  pthread_create(&wt, NULL, waiter, &w);
  uint32_t woken = 0;
  for (int tries = 0; tries < 2000 && woken == 0; tries++) {
    /* Notify only once the waiter is queued: wake() before it waits would make it return 1. */
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
    if (tries == 20) CHECK(call(jobs[2].inst, "wake", 0, &woken, &err) == 0, "wake: %s", err.message);
  }
  pthread_join(wt, NULL);
  CHECK(w.status == 0 && w.result == 0, "wait returned %u (status %d)", w.result, w.status);
  CHECK(woken == 1, "notify woke %u", woken);

  /* Sharedness must match on import. */
  awsm_extern_def mem = {"env", "memory", {.kind = AWSM_EXTERN_MEMORY, .u.memory = memory}};
  awsm_imports imp = {.externs = &mem, .num_externs = 1};
  awsm_memory_desc unshared_type = type;
  unshared_type.shared = 0;
  awsm_memory *unshared = awsm_memory_new_type(&unshared_type, &err);
  mem.ext.u.memory = unshared;
  awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imp};
  awsm_instance *bad = awsm_instantiate(&shared_module, &opts, &err);
  CHECK(bad == NULL && err.kind == AWSM_ERR_LINK && strstr(err.message, "expected a shared memory, got an unshared one"),
        "an unshared memory for a shared import: %s", bad == NULL ? err.message : "instantiated");
  awsm_memory_free(unshared);

  for (int i = 0; i < THREADS; i++) awsm_instance_free(jobs[i].inst);
  awsm_memory_free(memory);
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed != 0;
}
