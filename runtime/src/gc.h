/*
 * gc.h — the managed heap's private declarations (docs/gc.md is the design).
 *
 *   gc_heap.c     the heap: its reservation, pages, size classes, allocation, the limit
 *   gc_collect.c  collection: roots (stack, instances, handles, exceptions), mark, sweep
 *   gc_types.c    RTTs (interning, layout, casts), externref boxes, the host's value API
 *   gc_array.c    the array helpers generated code calls (new_data/elem, fill, copy, init)
 *   gc_exnref.c   instances and objects that hold exnrefs: exception collection's roots
 *
 * A heap is one reservation of max_bytes (rounded up to pages) made on its first allocation,
 * divided into 64 KiB pages. A small object (≤ GC_SMALL_MAX bytes) lives in a page of its
 * size class, whose free slots are on the class's free list (or, in a fresh page, are bumped
 * through in order); a large one takes a run of
 * pages. One bit per 16-byte granule (`starts`) says where an allocated object begins, so
 * that any word can be resolved to the object it points into (gc_resolve): a range check, a
 * page-table lookup, a division and a bit test. The mark bit is bit 0 of the header word
 * (the RTT pointer), set only during a collection.
 */
#ifndef AWSM_GC_H
#define AWSM_GC_H

#include <pthread.h>
#include <stdint.h>

#include "internal.h"

#define GC_PAGE_LOG2 16u
#define GC_PAGE ((uint64_t)1 << GC_PAGE_LOG2)
#define GC_GRANULE 16u
#define GC_SMALL_MAX 8192u
#define GC_NUM_CLASSES 36u
/* Committed (made read-write) this many pages at a time as the heap grows. */
#define GC_COMMIT_PAGES 16u
/* A collection runs once this many bytes of new pages were taken since the last one (a quarter
 * of the limit if that is less), or as many as were live after it, whichever is larger; and
 * always before the limit is passed. */
#define GC_MIN_THRESHOLD ((uint64_t)8 << 20)
#define GC_MARK 1u

/* What a page holds. */
enum { GC_PAGE_FREE = 0, GC_PAGE_SMALL = 1, GC_PAGE_LARGE = 2, GC_PAGE_LARGE_TAIL = 3 };

/* One page's metadata (the page table: one per page of the reservation). */
typedef struct gc_page {
  uint8_t kind;      /* GC_PAGE_* */
  uint8_t cls;       /* GC_PAGE_SMALL: the size class */
  uint8_t resident;  /* touched since it was last given back to the system (MADV_DONTNEED) */
  uint8_t reserved;
  uint32_t start;    /* GC_PAGE_LARGE / LARGE_TAIL: the run's first page; its run length in `run` */
  uint32_t run;      /* GC_PAGE_LARGE: pages in the run */
} gc_page;

/* A block of handles (awsm_gc_root); handles never move, so a handle is a pointer to a slot. */
#define GC_HANDLES_PER_BLOCK 256u
struct awsm_gc_handle {
  void *ref;                    /* the rooted reference */
  struct awsm_gc_handle *next;  /* free list link while unused */
  struct awsm_gc_heap *heap;    /* the owner (NULL while free) */
};
typedef struct gc_handle_block {
  struct gc_handle_block *next;
  struct awsm_gc_handle slots[GC_HANDLES_PER_BLOCK];
} gc_handle_block;

struct awsm_gc_heap {
  /* The reservation: [base, base + num_pages * GC_PAGE); NULL until the first allocation. */
  uint8_t *base;
  void *mapping;                /* what mmap returned (base is aligned up to a page) */
  uint64_t mapping_size;
  uint64_t max_bytes;           /* the limit on pages in use */
  uint32_t num_pages;           /* pages in the reservation */
  uint32_t top;                 /* pages [0, top) were ever used */
  uint32_t committed;           /* pages [0, committed) are read-write */
  uint32_t free_pages;          /* the search cursor: every page below it is in use */
  gc_page *pages;               /* the page table */
  uint64_t *starts;             /* object-start bitmap: bit per granule */
  uint64_t starts_size;         /* bytes mapped for it */
  void *free_lists[GC_NUM_CLASSES]; /* free slots per size class, linked through their first word */
  /* Per size class, the unallocated slots of the last fresh page it took: [bump, bump_end),
   * allocated in address order once the free list is empty (a sweep empties both). */
  uint8_t *bump[GC_NUM_CLASSES], *bump_end[GC_NUM_CLASSES];

  uint64_t used_pages;          /* pages not free */
  uint64_t taken_since_gc;      /* bytes of pages taken since the last collection */
  uint64_t threshold;           /* collect when taken_since_gc reaches it */
  uint64_t live_bytes, live_objects, allocated_bytes, collections;
  int collecting;               /* inside gc_collect (no allocation may run then) */
  /* Testing (AWSM_GC_STRESS=N when the heap was made): collect before every N-th allocation;
   * 0: off. stress_count counts allocations since the last such collection. */
  uint32_t stress, stress_count;

  /* Roots besides the stack: instances using this heap (linked through rt_instance.gc_next /
   * gc_prev, guarded by `lock`, which instantiation on other threads takes) and handles. */
  pthread_mutex_t lock;
  struct rt_instance *instances;
  gc_handle_block *handle_blocks;
  struct awsm_gc_handle *free_handles;
  uint64_t live_handles;

  /* The mark stack of a collection (kept between collections). */
  uintptr_t *mark_stack;
  size_t mark_size, mark_cap;
};

/* ---- gc_heap.c ---- */
static inline uint64_t gc_min_threshold(const struct awsm_gc_heap *h);
/* Size of size class c, and the class of an object of `size` bytes (≤ GC_SMALL_MAX). */
uint32_t gc_class_size(uint32_t c);
/* A zeroed object of `size` bytes with its header set to rtt, or NULL when the limit is
 * reached even after a full collection (the callers trap or return NULL). */
void *gc_alloc(awsm_gc_heap *h, const awsm_rtt *rtt, uint64_t size);
/* The allocating calls of generated code: gc_alloc or trap "out of memory". */
void *gc_alloc_or_trap(awsm_instance *ctx, const awsm_rtt *rtt, uint64_t size, uint32_t funcidx);
/* The heap of ctx (generated code only calls the allocating helpers of instances that use one). */
static inline awsm_gc_heap *gc_heap_of(awsm_instance *ctx) { return rt_of(ctx)->gc_heap; }
/* The start of the allocated object containing address w, or 0. */
uintptr_t gc_resolve(const awsm_gc_heap *h, uintptr_t w);
/* Bit helpers on the object-start bitmap. */
static inline uint64_t gc_granule(const awsm_gc_heap *h, uintptr_t p) { return (p - (uintptr_t)h->base) / GC_GRANULE; }
static inline int gc_is_start(const awsm_gc_heap *h, uintptr_t p) {
  uint64_t g = gc_granule(h, p);
  return (h->starts[g >> 6] >> (g & 63)) & 1;
}
static inline void gc_set_start(awsm_gc_heap *h, uintptr_t p, int on) {
  uint64_t g = gc_granule(h, p);
  if (on)
    h->starts[g >> 6] |= (uint64_t)1 << (g & 63);
  else
    h->starts[g >> 6] &= ~((uint64_t)1 << (g & 63));
}
/* Page p's first byte. */
static inline uint8_t *gc_page_addr(const awsm_gc_heap *h, uint32_t p) { return h->base + (uint64_t)p * GC_PAGE; }
/* Frees page p (and, for a large object, its run). */
void gc_page_release(awsm_gc_heap *h, uint32_t p);
/* After a sweep: gives free pages beyond the allocation threshold back to the system. */
void gc_trim(awsm_gc_heap *h);

static inline uint64_t gc_min_threshold(const struct awsm_gc_heap *h) {
  uint64_t quarter = h->max_bytes / 4 < GC_PAGE ? GC_PAGE : h->max_bytes / 4;
  return quarter < GC_MIN_THRESHOLD ? quarter : GC_MIN_THRESHOLD;
}

/* ---- gc_collect.c ---- */
/* A full collection (mark from every root, sweep). */
void gc_collect(awsm_gc_heap *h);

/* ---- gc_types.c ---- */
/* The RTT an object's header points to (mark bit cleared), and its size in bytes. */
static inline const awsm_rtt *gc_rtt(uintptr_t obj) {
  return (const awsm_rtt *)(*(uintptr_t *)obj & ~(uintptr_t)GC_MARK);
}
uint64_t gc_object_size(uintptr_t obj);
/* Bytes of an array of `len` elements of rtt (UINT64_MAX on overflow). */
uint64_t gc_array_bytes(const awsm_rtt *rtt, uint64_t len);
/* The byte size of a storage type character. */
uint32_t gc_storage_size(char c);
/* 1 for storage types the collector traces (anyref, externref). */
static inline int gc_traced(char c) { return c == AWSM_T_ANYREF || c == AWSM_T_EXTERNREF; }
/* The RTTs of the runtime's boxes. */
extern const awsm_rtt *const gc_host_box_rtt, *const gc_i31_box_rtt;
void gc_box_rtts_init(void);
/* Interns the RTTs of desc's types into rtts[0..num_types); 0, or -1 with err set. */
int rt_gc_intern_types(const awsm_module_desc *desc, const awsm_rtt **rtts, awsm_error *err);

/* ---- gc_collect.c: roots owned by others ---- */
/* Instances: attach r to its heap (chosen by instance.c) / detach it when it is freed. */
void rt_gc_attach(rt_instance *r, awsm_gc_heap *h);
void rt_gc_detach(rt_instance *r);
/* 1 if the module's instances need a heap: GC types, or reference storage that may hold GC
 * references (anyref or externref globals, tables, element segments). */
int rt_gc_needs_heap(const awsm_module_desc *desc);
/* Exceptions whose payload holds references (exception.c): registered while they live. */
void rt_gc_exn_register(awsm_exn *e);
void rt_gc_exn_unregister(awsm_exn *e);

/* ---- the runtime's part of an exception (exception.c, exception_gc.c, gc_collect.c) ---- */
/* What the runtime keeps in the RT_EXN_PREFIX bytes before each awsm_exn (generated code owns
 * awsm_exn.flags and overwrites it: catch_ref stores 1, so the runtime's flags live here). */
typedef struct rt_exn_head {
  struct rt_exn_head *gc_next, *gc_prev; /* the GC's registry (RT_EXN_GC_ROOTS only; gc_collect.c) */
  size_t index;                          /* the exception's slot in its thread's registry (exception_gc.c) */
  uint32_t flags;                        /* RT_EXN_* */
} rt_exn_head;
#define RT_EXN_GC_ROOTS 1u /* on the GC's registry: its payload holds references */
#define RT_EXN_PINNED 2u   /* the host has it (awsm_error.exception, awsm_exception_new): never freed */
#define RT_EXN_MARK 4u     /* reached during an exception collection (exception_gc.c) */
/* The prefix's size: a multiple of 16, so that the exception stays 16-aligned. */
#define RT_EXN_PREFIX ((sizeof(rt_exn_head) + 15u) & ~(size_t)15u)
static inline rt_exn_head *rt_exn_head_of(awsm_exn *e) { return (rt_exn_head *)(void *)((uint8_t *)e - RT_EXN_PREFIX); }

/* exception_gc.c: the calling thread's registry of the exceptions it made. rt_exn_track puts
 * a new exception on it; rt_exn_free takes one off and frees it; rt_exn_maybe_collect frees the
 * unreachable exposed ones once the registry is large enough (only where generated code holds
 * its exnrefs in locals or the precise roots: awsm_exn_new). */
void rt_exn_track(awsm_exn *e);
void rt_exn_free(awsm_exn *e);
void rt_exn_maybe_collect(void);

/* Calls fn(cx, lo, hi) with [lo, hi) the calling thread's stack, from below this call to the
 * stack's base, the callee-saved registers spilled into it first: the conservative roots of
 * the GC and of exception collection. */
typedef void (*rt_stack_fn)(void *cx, uintptr_t lo, uintptr_t hi);
void rt_scan_stack(rt_stack_fn fn, void *cx);

/* ---- an instance's reference slots, for the GC (anyref, externref) and exception collection
 * (exnref): globals, tables and element segments whose type code `is` accepts ---- */
typedef int (*rt_ref_code_fn)(uint32_t code);
typedef void (*rt_word_fn)(void *cx, uintptr_t w);
/* 1 if module d has such a global, table or element segment. */
static inline int rt_module_stores(const awsm_module_desc *d, rt_ref_code_fn is) {
  for (uint32_t i = 0; i < d->num_globals; i++)
    if (is(d->globals[i].type)) return 1;
  for (uint32_t i = 0; i < d->num_tables; i++)
    if (is(d->tables[i].elem_type)) return 1;
  for (uint32_t i = 0; i < d->num_elems; i++)
    if (is(d->elems[i].elem_type)) return 1;
  return 0;
}
/* Calls fn(cx, w) with every word stored in instance r's such slots. Inline, so that the GC's
 * marking calls its marker directly. */
static inline void rt_visit_instance_slots(rt_instance *r, rt_ref_code_fn is, rt_word_fn fn, void *cx) {
  const awsm_module_desc *d = r->pub.module;
  for (uint32_t i = 0; i < d->num_globals; i++)
    if (is(d->globals[i].type) && r->pub.globals[i] != NULL) fn(cx, (uintptr_t)r->pub.globals[i]->ref);
  for (uint32_t i = 0; i < d->num_tables; i++) {
    awsm_table *t = r->pub.tables[i];
    if (is(d->tables[i].elem_type) && t != NULL)
      for (uint64_t k = 0; k < t->size; k++) fn(cx, (uintptr_t)t->elems[k]);
  }
  for (uint32_t i = 0; i < d->num_elems; i++)
    if (is(d->elems[i].elem_type))
      for (uint64_t k = 0; k < r->pub.elems[i].count; k++) fn(cx, (uintptr_t)r->pub.elems[i].items[k]);
}

/* ---- gc_exnref.c: where exnrefs may be stored (exception collection's precise roots) ---- */
/* 1 if the module stores exnrefs: exnref globals, tables or element segments, or GC types
 * with exnref fields or elements. */
int rt_gc_has_exnref_storage(const awsm_module_desc *desc);
/* Instances that store exnrefs (rt_gc_attach / rt_gc_detach keep the list). */
void rt_gc_exnref_track(rt_instance *r);
void rt_gc_exnref_untrack(rt_instance *r);
/* How many instances store exnrefs now. */
size_t rt_gc_exnref_instances(void);
/* Calls fn(cx, w) with every exnref word stored in those instances' globals, tables and element
 * segments and in every object of their heaps that a collection of the heap (run first) leaves.
 * Returns the heap pages it walked. Only where a GC collection may run (awsm_exn_new). */
size_t rt_gc_exnref_roots(rt_word_fn fn, void *cx);

#endif /* AWSM_GC_H */
