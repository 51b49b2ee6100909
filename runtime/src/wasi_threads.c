/*
 * wasi_threads.c — wasi-threads: the `wasi.thread-spawn` import and the `wasi_thread_start`
 * export convention (docs/threads.md).
 *
 * A program built for wasm32-wasip1-threads imports a shared memory (usually "env"
 * "memory") and `(import "wasi" "thread-spawn" (func (param i32) (result i32)))`, and
 * exports `wasi_thread_start(tid: i32, arg: i32)`. thread-spawn(arg) makes a new instance of
 * the same module, with the same imports (the same shared memory, the same WASI state), on a
 * new OS thread, and calls its wasi_thread_start(tid, arg) there; it returns the new thread's
 * id (1 to 2^29 - 1), or a negative number when no thread can be made (the limit, out of
 * memory).
 *
 * The resolver (awsm_wasi_threads_resolve) provides thread-spawn and every shared memory
 * import (one memory per import, created on first use from the import's type, then given to
 * every instance), and passes everything else to the next resolver (awsm_wasi_resolve).
 *
 * Whole-process outcomes, as wasi-threads wants them: proc_exit in any thread ends the process
 * with its status, and a trap (or an uncaught exception) in any spawned thread ends it with the
 * trap's message and status 134, as a trap in _start does (main.c). A spawned thread that
 * returns from wasi_thread_start just ends. Each thread has its own instance, so its own stack
 * limit (set when its call enters: trap.c), signal stack (trap.c, per thread) and interrupt
 * state.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define THREAD_STACK_BYTES (8u << 20) /* as the main thread's default on Linux */
#define MAX_TID 0x1FFFFFFF
#define MAX_SHARED_IMPORTS 8

struct awsm_wasi_threads {
  const awsm_module_desc *module;  /* what every thread instantiates */
  awsm_options opts;               /* the options of every thread's instance (resolve: ours) */
  awsm_resolver next;              /* the resolver for every other import */
  void *next_data;                 /* its data */
  uint32_t max_threads;            /* spawned threads alive at once, at most */
  uint32_t live;                   /* spawned threads alive (atomic) */
  uint32_t next_tid;               /* the last id given (atomic) */
  pthread_mutex_t lock;            /* guards `memories` */
  /* The shared memories given to every instance, by import index (memory import order). */
  awsm_memory *memories[MAX_SHARED_IMPORTS];
};

/* One spawned thread's start: what to call wasi_thread_start with. */
typedef struct spawn {
  awsm_wasi_threads *wt;
  uint32_t tid;
  uint32_t arg;
} spawn;

/* Ends the process for an error of a spawned thread: proc_exit's status, or a trap's or
 * exception's message and 134 (main.c's statuses). */
static __attribute__((noreturn)) void end_process(const awsm_error *err) {
  if (err->kind == AWSM_ERR_EXIT) _exit(err->exit_status);
  if (err->kind == AWSM_ERR_TRAP) fprintf(stderr, "awsm: trap: %s\n", err->message);
  else fprintf(stderr, "awsm: %s\n", err->message);
  fflush(stderr);
  _exit(err->kind == AWSM_ERR_TRAP || err->kind == AWSM_ERR_EXCEPTION ? 134 : 1);
}

static void *thread_main(void *p) {
  spawn s = *(spawn *)p;
  free(p);
  awsm_wasi_threads *wt = s.wt;
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(wt->module, &wt->opts, &err);
  if (inst == NULL) end_process(&err);
  awsm_extern start;
  if (!awsm_instance_export(inst, "wasi_thread_start", 17, &start) || start.kind != AWSM_EXTERN_FUNC ||
      !awsm_sig_eq(start.u.func->sig, "ii:")) {
    fprintf(stderr, "awsm: thread-spawn: the module exports no function \"wasi_thread_start\" (param i32 i32)\n");
    _exit(1);
  }
  awsm_value args[2];
  args[0].i32 = s.tid;
  args[1].i32 = s.arg;
  if (awsm_call(inst, start.u.func, args, &err) != 0) end_process(&err);
  awsm_instance_free(inst);
  __atomic_fetch_sub(&wt->live, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

/* thread-spawn(arg) -> tid, or a negative number (-1: the limit or out of ids; -2: the OS
 * refused a thread; -3: out of memory). */
static int32_t thread_spawn(awsm_instance *caller, uint32_t arg) {
  awsm_wasi_threads *wt = awsm_instance_user(caller);
  if (__atomic_add_fetch(&wt->live, 1, __ATOMIC_SEQ_CST) > wt->max_threads) {
    __atomic_fetch_sub(&wt->live, 1, __ATOMIC_SEQ_CST);
    return -1;
  }
  uint32_t tid = __atomic_add_fetch(&wt->next_tid, 1, __ATOMIC_SEQ_CST);
  spawn *s = malloc(sizeof *s);
  int32_t fail = tid > MAX_TID ? -1 : s == NULL ? -3 : 0;
  if (fail == 0) {
    *s = (spawn){wt, tid, arg};
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, THREAD_STACK_BYTES);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, thread_main, s) != 0) fail = -2;
    pthread_attr_destroy(&attr);
  }
  if (fail != 0) {
    free(s);
    __atomic_fetch_sub(&wt->live, 1, __ATOMIC_SEQ_CST);
    return fail;
  }
  return (int32_t)tid;
}

awsm_wasi_threads *awsm_wasi_threads_new(const awsm_module_desc *module, const awsm_options *opts,
                                         uint32_t max_threads, awsm_error *err) {
  rt_error_clear(err);
  awsm_wasi_threads *wt = calloc(1, sizeof *wt);
  if (wt == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  wt->module = module;
  wt->opts = *opts;
  wt->next = opts->resolve;
  wt->next_data = opts->resolve_data;
  wt->opts.resolve = awsm_wasi_threads_resolve;
  wt->opts.resolve_data = wt;
  wt->opts.user = wt;
  wt->max_threads = max_threads;
  pthread_mutex_init(&wt->lock, NULL);
  return wt;
}

const awsm_options *awsm_wasi_threads_options(const awsm_wasi_threads *wt) { return &wt->opts; }

uint32_t awsm_wasi_threads_live(const awsm_wasi_threads *wt) { return __atomic_load_n(&wt->live, __ATOMIC_SEQ_CST); }

void awsm_wasi_threads_free(awsm_wasi_threads *wt) {
  if (wt == NULL) return;
  for (unsigned i = 0; i < MAX_SHARED_IMPORTS; i++) awsm_memory_free(wt->memories[i]);
  pthread_mutex_destroy(&wt->lock);
  free(wt);
}

static int name_is(const char *s, uint32_t len, const char *want) {
  return strlen(want) == len && memcmp(s, want, len) == 0;
}

/* The shared memory of memory import `index` (its type `md`): made on first use. */
static int shared_memory(awsm_wasi_threads *wt, uint32_t index, const awsm_memory_desc *md, awsm_extern *out,
                         awsm_error *err) {
  if (index >= MAX_SHARED_IMPORTS) {
    rt_error_set(err, AWSM_ERR_LINK, "wasi-threads: at most %u imported shared memories", MAX_SHARED_IMPORTS);
    return -1;
  }
  pthread_mutex_lock(&wt->lock);
  if (wt->memories[index] == NULL) {
    awsm_memory_desc type = *md;
    wt->memories[index] = awsm_memory_new_type(&type, err);
  }
  awsm_memory *m = wt->memories[index];
  pthread_mutex_unlock(&wt->lock);
  if (m == NULL) return -1;
  memset(out, 0, sizeof *out);
  out->kind = AWSM_EXTERN_MEMORY;
  out->u.memory = m;
  return 1;
}

int awsm_wasi_threads_resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                              awsm_error *err) {
  awsm_wasi_threads *wt = data;
  const awsm_module_desc *d = importer->module;
  if (imp->kind == AWSM_EXTERN_MEMORY && d->memories[imp->index].shared) {
    return shared_memory(wt, imp->index, &d->memories[imp->index], out, err);
  }
  if (imp->kind == AWSM_EXTERN_FUNC && name_is(imp->module, imp->module_len, "wasi") &&
      name_is(imp->name, imp->name_len, "thread-spawn")) {
    if (!awsm_sig_eq(d->funcs[imp->index].sig, "i:i")) {
      rt_error_set(err, AWSM_ERR_LINK, "incompatible import type \"wasi\".\"thread-spawn\": expected (param i32) (result i32)");
      return -1;
    }
    return rt_import_host_func(importer, "i:i", (void *)thread_spawn, NULL, out, err);
  }
  return wt->next == NULL ? 0 : wt->next(wt->next_data, importer, imp, out, err);
}
