/*
 * internal.h — private declarations shared by the runtime's C files.
 *
 *   instance.c  instantiate / free / exports / import linking / instance groups
 *   memory.c    linear memories (guard reservations), memory.grow, bulk memory helpers
 *   table.c     tables, table.grow/fill/copy/init, elem.drop
 *   trap.c      awsm_trap, awsm_call, the fault handler, stack limits, trap messages
 *   wasi.c      WASI preview1 host functions
 *   util.c      errors, name escaping, signature helpers
 *
 * The instance the generated code sees (awsm_instance) is the first member of a larger,
 * private record (rt_instance); the runtime converts between the two with a cast.
 */
#ifndef AWSM_INTERNAL_H
#define AWSM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "awsm.h"

#if UINTPTR_MAX != 0xFFFFFFFFFFFFFFFFu
#error "the awsm runtime currently supports 64-bit (LP64) hosts only"
#endif
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the awsm runtime assumes a little-endian host (Wasm memory is little-endian)"
#endif

/* Bytes reserved per linear memory in guard mode: every zext(i32) + u32 offset + access
 * width (at most 16) stays inside, so an out-of-bounds access always faults on PROT_NONE
 * pages that belong to this memory. */
#define RT_GUARD_RESERVATION (((uint64_t)8 << 30) + (uint64_t)AWSM_PAGE_SIZE)

/* Hard limits of the Wasm 2.0 index spaces. */
#define RT_MAX_PAGES 65536u

/* A host function object allocated for (and freed with) an instance. */
typedef struct rt_host_func {
  awsm_func func;
  struct rt_host_func *next;
} rt_host_func;

/* The private instance record. `pub` must stay first. */
typedef struct rt_instance {
  awsm_instance pub;
  uint32_t max_memory_pages;      /* host limit for memories this instance defines */
  uint32_t max_table_elems;       /* host limit for tables this instance defines */
  awsm_func *func_objs;           /* defined functions' objects (num_funcs - imported) */
  awsm_value *global_cells;       /* defined globals' cells */
  rt_host_func *host_funcs;       /* awsm_instance_host_func allocations */
  int initialized;                /* init and start completed */

  /* Instances this one is linked with (import providers, and importers of its exports),
   * without duplicates. The connected component is the instance's "group": stack limits
   * are set group-wide, and faults are classified against the group's memories. */
  struct rt_instance **peers;
  uint32_t num_peers, cap_peers;

  /* Group walk bookkeeping (see rt_group_walk): a per-thread epoch stamp and a worklist link. */
  uint64_t walk_epoch;
  const void *walk_thread;
  struct rt_instance *walk_next;
} rt_instance;

static inline rt_instance *rt_of(awsm_instance *i) { return (rt_instance *)i; }

/* ---- util.c ---- */
void rt_error_clear(awsm_error *err);
void rt_error_set(awsm_error *err, awsm_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends `len` bytes of `s` to buf (size cap, current length *pos), escaping quotes,
 * backslashes and bytes outside printable ASCII as \hh, so messages stay on one line. */
void rt_append_escaped(char *buf, size_t cap, size_t *pos, const char *s, size_t len);
void rt_append(char *buf, size_t cap, size_t *pos, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- memory.c ---- */
awsm_memory *rt_memory_create(uint32_t min_pages, uint32_t has_max, uint32_t max_pages,
                              uint32_t host_limit_pages, awsm_error *err);
void rt_memory_destroy(awsm_memory *m);
uint32_t rt_memory_grow(awsm_memory *m, uint32_t delta_pages);

/* ---- table.c ---- */
awsm_table *rt_table_create(uint32_t elem_type, uint32_t min, uint32_t has_max, uint32_t max,
                            uint32_t host_limit, awsm_error *err);
void rt_table_destroy(awsm_table *t);
uint32_t rt_table_grow(awsm_table *t, void *init, uint32_t delta);

/* ---- trap.c ---- */
/* Prepares the calling thread for running Wasm (stack bounds, alternate signal stack, the
 * process-wide fault handler) and returns the stack limit for this thread. */
uintptr_t rt_thread_enter(void);
/* Runs fn(data) with a trap handler armed; returns 0, or -1 with err filled in. `inst`
 * names the instance group for stack limits and fault classification (may be NULL). */
int rt_call_protected(awsm_instance *inst, void (*fn)(void *), void *data, awsm_error *err);
/* Starts a group walk on this thread: a fresh epoch and the thread's token for visit marks. */
uint64_t rt_walk_begin(const void **thread);

/* ---- instance.c ---- */
/* Calls fn(r, arg) for every instance in start's group until fn returns nonzero (then
 * returns that value). Usable from the fault handler: no allocation, no locks. */
int rt_group_walk(rt_instance *start, int (*fn)(rt_instance *r, void *arg), void *arg);
/* Sets stack_limit of every instance in the group of `inst`. */
void rt_group_set_stack_limit(rt_instance *inst, uintptr_t limit);

#endif /* AWSM_INTERNAL_H */
