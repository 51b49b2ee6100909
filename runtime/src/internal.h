/*
 * internal.h — private declarations shared by the runtime's C files.
 *
 *   instance.c   instantiate / free / exports / import linking / instance groups
 *   embed.c      the embedding conveniences: exports by name, calls by name, memory access
 *   imports.c    the ready-made resolver (awsm_imports) and the generic host trampoline
 *   module.c     modules loaded from shared libraries (dlopen)
 *   memory.c     linear memories (guard reservations), memory.grow, bulk memory helpers
 *   pool.c       the pool of memory reservations (fast instantiation)
 *   table.c      tables, table.grow/fill/copy/init, elem.drop
 *   trap.c       awsm_trap, awsm_call, the fault handler, stack limits, trap messages
 *   exception.c  Wasm exceptions: awsm_exn_new/throw/release (the unwinder), host tags
 *   exception_gc.c  the lifetime of exceptions: per-thread registries, exception collection
 *   gc_*.c       the GC heap and collector (gc.h lists its files)
 *   interrupt.c  awsm_instance_interrupt, deadlines (the watchdog thread), the interrupt signal
 *   wasi.c       WASI preview1 host functions
 *   util.c       errors, name escaping, signature helpers
 *   platform.h   what depends on the CPU architecture (ucontext registers, calling convention)
 *
 * The instance the generated code sees (awsm_instance) is the first member of a larger,
 * private record (rt_instance); the runtime converts between the two with a cast. An
 * instance is one allocation: the record, its arrays, function objects, global cells, memory
 * and table objects, initial table elements and element segment items (instance.c).
 */
#ifndef AWSM_INTERNAL_H
#define AWSM_INTERNAL_H

#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "awsm.h"
#include "platform.h"


/* A host function object allocated for (and freed with) an instance. When its signature
 * allows (imports.c), func.code is a wrapper that calls code(ctx, ...) and then honours a
 * pending interrupt; func.ctx is then this record. */
typedef struct rt_host_func {
  awsm_func func;
  struct rt_host_func *next;
  void *code;
  void *ctx;
} rt_host_func;

/* A tag the host made (awsm_tag_new), freed with its owner instance. */
typedef struct rt_host_tag {
  awsm_tag tag;
  struct rt_host_tag *next;
} rt_host_tag;

/* A table: what generated code sees, plus where its initial elements live. */
typedef struct rt_table {
  awsm_table pub;       /* first: generated code reads it through ctx->tables[i] */
  void **inline_elems;  /* storage inside the instance's allocation (never freed alone), or NULL */
} rt_table;

/* The private instance record. `pub` must stay first. */
typedef struct rt_instance {
  awsm_instance pub;
  uint32_t max_memory_pages;      /* host limit for memories this instance defines */
  uint32_t max_table_elems;       /* host limit for tables this instance defines */
  awsm_func *func_objs;           /* defined functions' objects (num_funcs - imported) */
  awsm_value *global_cells;       /* defined globals' cells */
  awsm_memory *memory_objs;       /* defined memories */
  rt_table *table_objs;           /* defined tables */
  rt_host_func *host_funcs;       /* awsm_instance_host_func allocations */
  rt_host_tag *host_tags;         /* awsm_tag_new allocations */
  void *user;                     /* awsm_options.user */
  awsm_module *lib;               /* awsm_module_instantiate: the module counting it */

  /* The frame (trap.c) of the call that entered Wasm through this instance, or 0; bit 0 is
   * set while awsm_instance_interrupt looks at it. Atomic. */
  uintptr_t runner;

  /* Instances this one is linked with (import providers, and importers of its exports),
   * without duplicates. The connected component is the instance's "group": stack limits
   * are set group-wide, and faults are classified against the group's memories. */
  struct rt_instance **peers;
  uint32_t num_peers, cap_peers;

  /* Group walk bookkeeping (see rt_group_walk): a per-thread epoch stamp and a worklist link. */
  uint64_t walk_epoch;
  const void *walk_thread;
  struct rt_instance *walk_next;

  /* The GC heap this instance uses (gc.h), or NULL, and its links in the heap's list of
   * instances (whose reference globals, tables and segments are roots). */
  struct awsm_gc_heap *gc_heap;
  struct rt_instance *gc_next, *gc_prev;
} rt_instance;

static inline rt_instance *rt_of(awsm_instance *i) { return (rt_instance *)i; }

/* ---- calls, frames, threads (trap.c, interrupt.c) ---- */

struct rt_frame;

/* A deadline or a pending interrupt of a frame: the watchdog thread signals the frame's thread
 * at `due`, and again every few milliseconds while the frame lives (interrupt.c). */
typedef struct rt_watch {
  struct rt_watch *next, *prev;
  struct rt_frame *frame;
  pthread_t thread;
  uint64_t due;     /* CLOCK_MONOTONIC ns */
  uint64_t resend;  /* current resend interval, ns */
  int linked;       /* in the watchdog's list (guarded by its lock) */
} rt_watch;

/* One entry from the host into Wasm (awsm_call, instantiation's init and start). */
typedef struct rt_frame {
  sigjmp_buf jb;
  struct rt_frame *prev;
  awsm_instance *inst;
  struct rt_thread *thread;
  int interrupted;  /* atomic: set by awsm_instance_interrupt and the watchdog */
  int registered;   /* this frame is inst's runner */
  rt_watch watch;
} rt_frame;

typedef struct rt_thread {
  int ready;
  pthread_t self;
  uintptr_t stack_lo, stack_hi, limit;
  rt_frame *top;
  int walking;      /* inside a group walk: the interrupt handler must not walk */
  int poisoned;     /* the interrupt handler set stack limits to UINTPTR_MAX */
  /* The pending trap, written just before the siglongjmp. */
  uint32_t kind;
  uint32_t funcidx;
  awsm_instance *ctx;
  uintptr_t pc;
  int32_t status;
  int has_msg;      /* msg replaces the kind's text */
  int msg_complete; /* msg already names the function (re-raised error) */
  char msg[AWSM_ERROR_MESSAGE_MAX];
  awsm_exn *exn;    /* kind RT_PENDING_EXCEPTION: the uncaught exception */
  uint64_t walk_epoch;
} rt_thread;

/* rt_thread.kind of an uncaught exception (beyond the trap kinds). */
#define RT_PENDING_EXCEPTION ((uint32_t)AWSM_TRAP_KIND_COUNT)

/* ---- exceptions (exception.c, trap.c) ---- */
/* The innermost host entry's frame address on this thread (exception.c stops unwinding
 * there), or 0 outside any awsm_call. */
uintptr_t rt_exn_entry(void);
/* Ends an exception's unwinding at the innermost entry, which reports AWSM_ERR_EXCEPTION with
 * `msg` (trap.c; exception.c calls it, never the other way: a program that uses no exception
 * does not link exception.c, hence not the unwinder's library). */
__attribute__((noreturn)) void rt_unwind_exception(awsm_exn *e, const char *msg);
awsm_tag *rt_tag_alloc(rt_instance *r, const char *sig);

/* ---- util.c ---- */
void rt_error_clear(awsm_error *err);
void rt_error_set(awsm_error *err, awsm_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends `len` bytes of `s` to buf (size cap, current length *pos), escaping quotes,
 * backslashes and bytes outside printable ASCII as \hh, so messages stay on one line. */
void rt_append_escaped(char *buf, size_t cap, size_t *pos, const char *s, size_t len);
void rt_append(char *buf, size_t cap, size_t *pos, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Sets err->kind and writes `<prefix> "module"."name"` (escaped) into err->message; returns
 * the message's length, for rt_append. */
size_t rt_import_message(awsm_error *err, awsm_error_kind kind, const char *prefix, const awsm_import_desc *imp);
/* 1 if s matches [A-Za-z_][A-Za-z0-9_]* (module names). */
int rt_valid_name(const char *s);
/* A timespec in nanoseconds, and clock c's current time in nanoseconds. */
static inline uint64_t rt_timespec_ns(struct timespec t) {
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}
static inline uint64_t rt_clock_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return rt_timespec_ns(t);
}

/* ---- pool.c ---- */
/* A guard reservation with exactly [0, rw_bytes) readable and writable, all of it zero
 * (reused from the pool when possible). NULL with err set on failure. */
uint8_t *rt_reservation_acquire(uint64_t rw_bytes, awsm_error *err);
/* Gives a reservation back: zeroed and pooled, or unmapped when the pool is full. */
void rt_reservation_release(uint8_t *base, uint64_t rw_bytes);
#if !RT_GUARD_PAGES
/* The length of the mapping of a memory of `rw_bytes` committed bytes (32-bit hosts: pool.c). */
uint64_t rt_mapping_size(uint64_t rw_bytes);
#endif

/* ---- memory.c ---- */
/* Initialises *m in place (a reservation from the pool); 0, or -1 with err set. */
/* `type`: limits in its own page unit; host_limit_pages (64 KiB pages, 0: none) caps the maximum. */
int rt_memory_init(awsm_memory *m, const awsm_memory_desc *type, uint32_t host_limit_pages, awsm_error *err);
void rt_memory_fini(awsm_memory *m);
/* memory.grow by delta_pages (the memory's page unit): the old size in pages, or UINT64_MAX. */
uint64_t rt_memory_grow(awsm_memory *m, uint64_t delta_pages);

/* One active data segment with a constant offset, as the init function's table lists it
 * (src/translate/init.ts emits the table as a flat array of 3n little-endian u32s: the same layout). */
typedef struct rt_active_data {
  uint32_t memidx;
  uint32_t dataidx;
  uint32_t offset;
} rt_active_data;
/* Called by generated init functions (not in awsm_abi.h: only generated code and this file
 * use it): for each of the n entries in order, memory.init of the whole segment at its
 * offset, then data.drop, exactly as a call of awsm_memory_init (trapping "out of bounds
 * memory access" with funcidx 0xFFFFFFFF, after the earlier entries were applied) followed
 * by awsm_data_drop. One call replaces two per segment in the init function's code. */
void awsm_data_apply(awsm_instance *ctx, const rt_active_data *segs, uint32_t n);

/* ---- table.c ---- */
/* Initialises *t in place. `storage`: min zeroed elements inside the instance allocation, or
 * NULL to allocate them. 0, or -1 with err set. */
int rt_table_init(rt_table *t, uint32_t elem_type, uint32_t addr64, uint64_t min, uint32_t has_max, uint64_t max,
                  uint32_t host_limit, void **storage, awsm_error *err);
/* How many of a defined table's initial elements live inside the instance's allocation: its
 * minimum, or 0 when that exceeds the host limit (rt_table_init then fails cleanly). */
uint32_t rt_table_inline_elems(const awsm_table_desc *td, uint32_t host_limit);
void rt_table_fini(rt_table *t);
/* table.grow by delta: the old size, or UINT64_MAX when refused (past max, or out of memory). */
uint64_t rt_table_grow(awsm_table *t, void *init, uint64_t delta);

/* ---- trap.c ---- */
/* Prepares the calling thread for running Wasm (stack bounds, alternate signal stack, the
 * process-wide signal handlers) and returns the stack limit for this thread. */
uintptr_t rt_thread_enter(void);
/* How many threads have ever been prepared by rt_thread_enter (every thread that instantiated
 * a module or called into Wasm); it never goes down. */
size_t rt_threads_entered(void);
/* Runs fn(data) with a trap handler armed; returns 0, or -1 with err filled in. `inst`
 * names the instance group for stack limits and fault classification (may be NULL); a
 * nonzero deadline (CLOCK_MONOTONIC ns) interrupts the call when it passes. */
int rt_call_protected(awsm_instance *inst, void (*fn)(void *), void *data, uint64_t deadline, awsm_error *err);
/* Group walks on this thread: a fresh epoch and the thread's token for visit marks, and the
 * end of the walk (the interrupt handler does not walk while one is in progress). */
uint64_t rt_walk_begin(const void **thread);
void rt_walk_end(void);

/* ---- interrupt.c ---- */
/* The interrupt signal number; _fix also makes it final (called when the handlers are
 * installed, after which awsm_set_interrupt_signal fails). */
int rt_interrupt_signal(void);
int rt_interrupt_signal_fix(void);
/* Links w (of frame f, on this thread) into the watchdog for `due`; 0, or -1 if the watchdog
 * cannot run. */
int rt_watch_link(rt_frame *f, uint64_t due);
/* Removes f's watch if it is linked. */
void rt_watch_unlink(rt_frame *f);
/* Marks f interrupted, signals its thread and has the watchdog repeat the signal. */
void rt_interrupt_frame(rt_frame *f);

/* Traps with AWSM_TRAP_INTERRUPTED if a frame of this thread is being interrupted. */
void rt_check_interrupt(void);
/* Whether a frame of this thread is being interrupted (what rt_check_interrupt traps on):
 * for runtime code that blocks (memory.atomic.wait) and must leave its locks first. */
int rt_interrupt_pending(void);

/* ---- imports.c ---- */
/* A resolver's answer for a host function import: a function object owned by (and called
 * with) `importer` into *out; 1, or -1 with err set when out of memory. */
int rt_import_host_func(awsm_instance *importer, const char *sig, void *code, awsm_trampoline tramp, awsm_extern *out,
                        awsm_error *err);
/* Makes h call its code through the interrupt-checking wrapper, if its signature allows. */
void rt_host_func_wrap(rt_host_func *h);
/* The generic host trampoline (awsm_host_trampoline) and the call awsm_call makes for it. */
void rt_generic_trampoline(void *code, void *ctx, awsm_value *args);
void rt_generic_call(const char *sig, void *code, void *ctx, awsm_value *args);

/* ---- module.c ---- */
/* An instance of an opened module was freed. */
void rt_module_release(awsm_module *m);

/* ---- instance.c ---- */
/* Calls fn(r, arg) for every instance in start's group until fn returns nonzero (then
 * returns that value). Usable from the fault handler: no allocation, no locks. */
int rt_group_walk(rt_instance *start, int (*fn)(rt_instance *r, void *arg), void *arg);
/* Sets stack_limit of every instance in the group of `inst`. */
void rt_group_set_stack_limit(rt_instance *inst, uintptr_t limit);

#endif /* AWSM_INTERNAL_H */
