/*
 * gc_collect.c — collection: roots, mark, sweep; and the roots other files own (instances,
 * handles, exceptions). docs/gc.md, "Roots" and "Collection".
 *
 * Roots:
 *   - the current thread's native stack and callee-saved registers, conservatively: every
 *     aligned word from this frame up to the stack's base that points into an allocated
 *     object (its start or inside it, or just past its end) keeps that object alive. The
 *     registers are spilled onto the stack first (setjmp and __builtin_unwind_init;
 *     rt_scan_stack, which exception collection uses too: exception_gc.c), and a
 *     collection runs only inside an allocating call, so generated code needs no bookkeeping.
 *   - precisely: every instance of the heap's reference globals, tables and element segments
 *     (AWSM_T_ANYREF and AWSM_T_EXTERNREF: an externref may be a GC object that
 *     extern.convert_any exposed), handles, and the payloads of live exceptions that carry
 *     references (a process-wide registry: exceptions are not tied to a heap).
 * Objects are then traced precisely through their RTT's reference map. A precise value is
 * traced when it is a non-null, even word that resolves to an object of this heap (odd words
 * are i31s; host externref words outside the heap resolve to nothing).
 *
 * Sweep: every page of the used range; dead small objects go back on their class's free list
 * (rebuilt from scratch), pages without a live object and dead large objects become free pages,
 * and free pages beyond the next threshold are given back to the system (gc_trim).
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"

#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define GC_VALGRIND 1
#endif
#endif

/* ---- marking ---- */

static void mark_push(awsm_gc_heap *h, uintptr_t obj) {
  uintptr_t *hdr = (uintptr_t *)obj;
  if (*hdr & GC_MARK) return;
  *hdr |= GC_MARK;
  if (h->mark_size == h->mark_cap) {
    size_t cap = h->mark_cap ? h->mark_cap * 2 : 4096;
    uintptr_t *s = realloc(h->mark_stack, cap * sizeof *s);
    if (s == NULL) {
      fprintf(stderr, "awsm: out of memory in the garbage collector's mark stack\n");
      abort();
    }
    h->mark_stack = s;
    h->mark_cap = cap;
  }
  h->mark_stack[h->mark_size++] = obj;
}

/* A reference from a precise location (a field, global, table element, handle, payload). */
static inline void mark_precise(awsm_gc_heap *h, uintptr_t w) {
  if (w == 0 || (w & 1)) return;
  uintptr_t o = gc_resolve(h, w);
  if (o != 0) mark_push(h, o);
}

/* A word of the stack: any address inside an object, or just past its end. */
static inline void mark_conservative(awsm_gc_heap *h, uintptr_t w) {
  uintptr_t o = gc_resolve(h, w);
  if (o != 0) mark_push(h, o);
  if ((w & (GC_GRANULE - 1)) == 0) {
    uintptr_t before = gc_resolve(h, w - 1);
    if (before != 0 && before != o) mark_push(h, before);
  }
}

static void trace(awsm_gc_heap *h, uintptr_t obj) {
  const awsm_rtt *rtt = gc_rtt(obj);
  if (rtt->kind == AWSM_TYPE_STRUCT) {
    for (uint32_t i = 0; i < rtt->num_refs; i++) mark_precise(h, *(uintptr_t *)(obj + rtt->ref_offsets[i]));
  } else if (rtt->kind == AWSM_TYPE_ARRAY && rtt->num_refs != 0) {
    uint32_t len = *(uint32_t *)(obj + AWSM_GC_ARRAY_LENGTH);
    /* A reference element is an 8-byte slot (rtt->size) on every target; on 32-bit ones the
     * pointer is its low word (little-endian) and the high word is 0. */
    const uint8_t *e = (const uint8_t *)(obj + AWSM_GC_ARRAY_DATA);
    for (uint32_t i = 0; i < len; i++) mark_precise(h, *(const uintptr_t *)(e + (size_t)i * rtt->size));
  }
  /* Boxes hold a host word or an i31: nothing to trace. */
}

static void drain(awsm_gc_heap *h) {
  while (h->mark_size > 0) trace(h, h->mark_stack[--h->mark_size]);
}

/* ---- roots ---- */

static __thread uintptr_t t_stack_hi;

/* The calling thread's stack base (its highest address). */
static uintptr_t stack_hi(void) {
  if (t_stack_hi != 0) return t_stack_hi;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void *addr = NULL;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) t_stack_hi = (uintptr_t)addr + size;
    pthread_attr_destroy(&attr);
  }
  if (t_stack_hi == 0) {
    fprintf(stderr, "awsm: cannot find the thread's stack bounds for the garbage collector\n");
    abort();
  }
  return t_stack_hi;
}

static __attribute__((noinline)) void scan_frames(rt_stack_fn fn, void *cx) {
  uintptr_t lo = (uintptr_t)__builtin_frame_address(0) & ~(uintptr_t)7;
  uintptr_t hi = stack_hi();
#ifdef GC_VALGRIND
  VALGRIND_MAKE_MEM_DEFINED(lo, hi - lo); /* uninitialised stack words are fine to look at */
#endif
  fn(cx, lo, hi);
}

/* Spills the callee-saved registers into this frame (above scan_frames's), then scans. */
__attribute__((noinline)) void rt_scan_stack(rt_stack_fn fn, void *cx) {
  jmp_buf regs;
  setjmp(regs);
  __builtin_unwind_init();
  scan_frames(fn, cx);
  __asm__ volatile("" : : "r"(&regs) : "memory");
}

static void scan_stack_range(void *cx, uintptr_t lo, uintptr_t hi) {
  awsm_gc_heap *h = cx;
  for (uintptr_t p = lo; p + sizeof(uintptr_t) <= hi; p += sizeof(uintptr_t)) mark_conservative(h, *(uintptr_t *)p);
}

static int is_gc_ref_code(uint32_t t) { return t == AWSM_T_ANYREF || t == AWSM_T_EXTERNREF; }

static void mark_slot(void *cx, uintptr_t w) { mark_precise((awsm_gc_heap *)cx, w); }

static void scan_instance(awsm_gc_heap *h, rt_instance *r) { rt_visit_instance_slots(r, is_gc_ref_code, mark_slot, h); }

/* Exceptions with references in their payload (process-wide, guarded by g_exn_lock). */
typedef struct gc_exn_link {
  struct gc_exn_link *next, *prev;
} gc_exn_link;
static gc_exn_link g_exns = {&g_exns, &g_exns};
static pthread_mutex_t g_exn_lock = PTHREAD_MUTEX_INITIALIZER;

/* The link is the first two words of the rt_exn_head exception.c puts before each awsm_exn. */
_Static_assert(offsetof(rt_exn_head, gc_next) == offsetof(gc_exn_link, next) && offsetof(rt_exn_head, gc_prev) == offsetof(gc_exn_link, prev),
               "rt_exn_head starts with a gc_exn_link");
static gc_exn_link *exn_link(awsm_exn *e) { return (gc_exn_link *)(void *)rt_exn_head_of(e); }
static awsm_exn *link_exn(gc_exn_link *l) { return (awsm_exn *)(void *)((uint8_t *)l + RT_EXN_PREFIX); }

void rt_gc_exn_register(awsm_exn *e) {
  gc_exn_link *l = exn_link(e);
  pthread_mutex_lock(&g_exn_lock);
  l->next = g_exns.next;
  l->prev = &g_exns;
  g_exns.next->prev = l;
  g_exns.next = l;
  pthread_mutex_unlock(&g_exn_lock);
}

void rt_gc_exn_unregister(awsm_exn *e) {
  gc_exn_link *l = exn_link(e);
  pthread_mutex_lock(&g_exn_lock);
  l->prev->next = l->next;
  l->next->prev = l->prev;
  pthread_mutex_unlock(&g_exn_lock);
}

static void scan_exceptions(awsm_gc_heap *h) {
  pthread_mutex_lock(&g_exn_lock);
  for (gc_exn_link *l = g_exns.next; l != &g_exns; l = l->next) {
    /* Every payload value, whatever its type: the tag (and its signature) may be gone with
     * its instance while the exception lives on, and a number that looks like a reference only
     * keeps an object alive. */
    awsm_exn *e = link_exn(l);
    for (uint32_t i = 0; i < e->count; i++) mark_precise(h, (uintptr_t)e->values[i].ref);
  }
  pthread_mutex_unlock(&g_exn_lock);
}

static void scan_handles(awsm_gc_heap *h) {
  for (gc_handle_block *b = h->handle_blocks; b != NULL; b = b->next)
    for (uint32_t i = 0; i < GC_HANDLES_PER_BLOCK; i++)
      if (b->slots[i].heap == h) mark_precise(h, (uintptr_t)b->slots[i].ref);
}

/* ---- sweep ---- */

static void sweep_small(awsm_gc_heap *h, uint32_t p) {
  gc_page *pg = &h->pages[p];
  uint32_t size = gc_class_size(pg->cls);
  uint32_t n = (uint32_t)(GC_PAGE / size);
  uint8_t *base = gc_page_addr(h, p);
  uint32_t live = 0;
  for (uint32_t k = 0; k < n; k++) {
    uintptr_t o = (uintptr_t)(base + (uint64_t)k * size);
    if (!gc_is_start(h, o)) continue;
    if (*(uintptr_t *)o & GC_MARK) {
      *(uintptr_t *)o &= ~(uintptr_t)GC_MARK;
      live++;
    } else {
      gc_set_start(h, o, 0);
    }
  }
  if (live == 0) {
    gc_page_release(h, p);
    return;
  }
  h->live_bytes += (uint64_t)live * size;
  h->live_objects += live;
  void *list = h->free_lists[pg->cls];
  for (uint32_t k = n; k-- > 0;) {
    uintptr_t o = (uintptr_t)(base + (uint64_t)k * size);
    if (gc_is_start(h, o)) continue;
    *(void **)o = list;
    list = (void *)o;
  }
  h->free_lists[pg->cls] = list;
}

static void sweep(awsm_gc_heap *h) {
  memset(h->free_lists, 0, sizeof h->free_lists);
  /* Bump regions' unallocated slots have no start bit: the sweep lists them as free. */
  memset(h->bump, 0, sizeof h->bump);
  memset(h->bump_end, 0, sizeof h->bump_end);
  h->live_bytes = 0;
  h->live_objects = 0;
  for (uint32_t p = 0; p < h->top; p++) {
    gc_page *pg = &h->pages[p];
    if (pg->kind == GC_PAGE_SMALL) {
      sweep_small(h, p);
    } else if (pg->kind == GC_PAGE_LARGE) {
      uintptr_t o = (uintptr_t)gc_page_addr(h, p);
      if (*(uintptr_t *)o & GC_MARK) {
        *(uintptr_t *)o &= ~(uintptr_t)GC_MARK;
        h->live_bytes += gc_object_size(o);
        h->live_objects++;
      } else {
        gc_set_start(h, o, 0);
        gc_page_release(h, p);
      }
    }
  }
}

void gc_collect(awsm_gc_heap *h) {
  if (h->base == NULL || h->collecting) return;
  h->collecting = 1;
  rt_scan_stack(scan_stack_range, h);
  pthread_mutex_lock(&h->lock);
  for (rt_instance *r = h->instances; r != NULL; r = r->gc_next) scan_instance(h, r);
  pthread_mutex_unlock(&h->lock);
  scan_handles(h);
  scan_exceptions(h);
  drain(h);
  sweep(h);
  h->collections++;
  h->taken_since_gc = 0;
  h->threshold = h->live_bytes > gc_min_threshold(h) ? h->live_bytes : gc_min_threshold(h);
  gc_trim(h);
  h->collecting = 0;
}

void awsm_gc_collect(awsm_gc_heap *h) {
  if (h != NULL) gc_collect(h);
}

/* ---- instances ---- */

int rt_gc_needs_heap(const awsm_module_desc *d) {
  if (d->num_types > 0) return 1;
  if (rt_module_stores(d, is_gc_ref_code)) return 1;
  return rt_gc_has_exnref_storage(d); /* on a heap's list: exception collection finds them there */
}

void rt_gc_attach(rt_instance *r, awsm_gc_heap *h) {
  r->gc_heap = h;
  pthread_mutex_lock(&h->lock);
  r->gc_prev = NULL;
  r->gc_next = h->instances;
  if (h->instances != NULL) h->instances->gc_prev = r;
  h->instances = r;
  pthread_mutex_unlock(&h->lock);
  if (rt_gc_has_exnref_storage(r->pub.module)) rt_gc_exnref_track(r);
}

void rt_gc_detach(rt_instance *r) {
  awsm_gc_heap *h = r->gc_heap;
  if (h == NULL) return;
  if (rt_gc_has_exnref_storage(r->pub.module)) rt_gc_exnref_untrack(r);
  pthread_mutex_lock(&h->lock);
  if (r->gc_prev != NULL)
    r->gc_prev->gc_next = r->gc_next;
  else
    h->instances = r->gc_next;
  if (r->gc_next != NULL) r->gc_next->gc_prev = r->gc_prev;
  pthread_mutex_unlock(&h->lock);
  r->gc_heap = NULL;
}

awsm_gc_heap *awsm_instance_gc_heap(const awsm_instance *inst) {
  return inst == NULL ? NULL : ((const rt_instance *)inst)->gc_heap;
}

/* ---- handles ---- */

awsm_gc_handle *awsm_gc_root(awsm_gc_heap *h, void *ref) {
  if (h == NULL) return NULL;
  if (h->free_handles == NULL) {
    gc_handle_block *b = calloc(1, sizeof *b);
    if (b == NULL) return NULL;
    b->next = h->handle_blocks;
    h->handle_blocks = b;
    for (uint32_t i = GC_HANDLES_PER_BLOCK; i-- > 0;) {
      b->slots[i].next = h->free_handles;
      h->free_handles = &b->slots[i];
    }
  }
  awsm_gc_handle *handle = h->free_handles;
  h->free_handles = handle->next;
  handle->next = NULL;
  handle->heap = h;
  handle->ref = ref;
  h->live_handles++;
  return handle;
}

void *awsm_gc_handle_get(const awsm_gc_handle *handle) { return handle == NULL ? NULL : handle->ref; }

void awsm_gc_handle_set(awsm_gc_handle *handle, void *ref) {
  if (handle != NULL) handle->ref = ref;
}

void awsm_gc_unroot(awsm_gc_handle *handle) {
  if (handle == NULL || handle->heap == NULL) return;
  awsm_gc_heap *h = handle->heap;
  handle->heap = NULL;
  handle->ref = NULL;
  handle->next = h->free_handles;
  h->free_handles = handle;
  h->live_handles--;
}
