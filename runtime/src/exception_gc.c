/*
 * exception_gc.c — the lifetime of exceptions: each thread's registry of the exceptions it
 * made, and the collection that frees the exposed ones nothing refers to (docs/abi.md,
 * "Exceptions", lifetime).
 *
 * Every exception (exception.c) is on the registry of the thread that made it while it lives.
 * One caught by `catch` / `catch_all` with no exnref made of it is freed at the catch
 * (awsm_exn_release). One an exnref was made of (catch_ref, catch_all_ref, legacy catch arms:
 * generated code stores 1 into awsm_exn.flags, EXN_EXPOSED) may be stored anywhere, so it is
 * freed only by a collection, which marks from
 *   - the thread's native stack and registers, conservatively (rt_scan_stack, gc_collect.c):
 *     a word anywhere inside an exception's block, or just past it, keeps it;
 *   - every instance's exnref globals, tables and element segments and the exnref fields of
 *     every object of their GC heaps (rt_gc_exnref_roots, gc_exnref.c);
 *   - the exceptions that are not collectable: not exposed (made, not yet caught: in flight
 *     or having its payload stored) or pinned (the host has it, RT_EXN_PINNED);
 * and from every marked exception's payload (every value's word, whatever the tag says: the
 * tag may be gone with its instance), then frees the exposed, unpinned, unmarked ones.
 *
 * When: at the start of awsm_exn_new, once the registry holds `threshold` exceptions (at least
 * EXN_MIN_THRESHOLD, then twice those left by the last collection, as the GC's trigger, or
 * EXN_THROWS_PER_PAGE per heap page the last one walked if that is more). That is
 * a call generated code makes, so every exnref it holds is in a local (stack or register) or in
 * the precise roots. And never during an unwind: no exception is made between a throw and the
 * landing pad that catches it (the pads only compare tags, then catch or resume), so the
 * forced unwind's state in an in-flight exception's header is never freed under the unwinder;
 * once a pad catches, the unwind is over.
 *
 * Threads: a thread frees only exceptions it made and scans only its own stack; an exnref
 * never passes between threads (wasi-threads instances have their own globals and tables, a
 * thread's exceptions reach another only through the host, which pins them). The precise roots
 * are read from every instance that stores exnrefs, and their GC heaps collected, and other
 * threads may be running those: once a second thread has instantiated a module or called into
 * Wasm (rt_threads_entered, trap.c), a collection is skipped while such instances exist (the
 * exceptions stay, as they did before collections existed).
 *
 * Testing: AWSM_EXN_GC_STRESS=1 (read by each thread at its first exception) collects at every
 * awsm_exn_new.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"

/* The registry's first collection threshold. */
#define EXN_MIN_THRESHOLD 1024u
/* Throws between collections per 64 KiB page of the GC heaps a collection walks. A collection
 * collects each such heap (gc_collect) and walks it: on a page of the smallest objects (4096)
 * that costs about as much as 100 throws (0.4 µs each), so the walk at most doubles a throw's
 * cost, and the exceptions made between collections take at most a fifth of the heap's size
 * (about 112 bytes each). */
#define EXN_THROWS_PER_PAGE 128u

/* A thread's registry and the state of its collections. */
typedef struct exn_registry {
  awsm_exn **items;       /* every live exception this thread made; rt_exn_head.index is its slot */
  size_t count, cap;
  size_t threshold;       /* collect when count reaches it (0: not set up yet) */
  int stress;             /* AWSM_EXN_GC_STRESS: collect at every awsm_exn_new */
  /* A collection's scratch (kept between collections): the exceptions sorted by address, to
   * resolve a word, and the mark stack. */
  awsm_exn **sorted;
  awsm_exn **marks;
  size_t mark_size;
} exn_registry;

static __thread exn_registry t_reg;

static pthread_key_t g_key;
static pthread_once_t g_key_once = PTHREAD_ONCE_INIT;

/* At a thread's exit: its registry's arrays go; its exceptions stay (the host may hold pinned
 * ones; unreachable exposed ones are lost, as before). */
static void registry_exit(void *arg) {
  exn_registry *r = arg;
  free(r->items);
  free(r->sorted);
  free(r->marks);
  memset(r, 0, sizeof *r);
}

static void key_init(void) {
  if (pthread_key_create(&g_key, registry_exit) != 0) abort();
}

static __attribute__((noreturn)) void out_of_memory(void) {
  fprintf(stderr, "awsm: out of memory in the registry of exceptions\n");
  abort();
}

static void registry_init(exn_registry *r) {
  pthread_once(&g_key_once, key_init);
  const char *stress = getenv("AWSM_EXN_GC_STRESS");
  r->stress = stress != NULL && strtoul(stress, NULL, 10) != 0;
  r->threshold = EXN_MIN_THRESHOLD;
  pthread_setspecific(g_key, r);
}

void rt_exn_track(awsm_exn *e) {
  exn_registry *r = &t_reg;
  if (r->threshold == 0) registry_init(r);
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    awsm_exn **a = realloc(r->items, cap * sizeof *a);
    if (a == NULL) out_of_memory();
    r->items = a;
    r->cap = cap;
  }
  rt_exn_head_of(e)->index = r->count;
  r->items[r->count++] = e;
}

/* Frees e, which is off the registry. */
static void exn_free(awsm_exn *e) {
  rt_exn_head *hd = rt_exn_head_of(e);
  if (hd->flags & RT_EXN_GC_ROOTS) rt_gc_exn_unregister(e);
  free(hd);
}

void rt_exn_free(awsm_exn *e) {
  exn_registry *r = &t_reg;
  size_t i = rt_exn_head_of(e)->index;
  awsm_exn *last = r->items[--r->count];
  r->items[i] = last;
  rt_exn_head_of(last)->index = i;
  exn_free(e);
}

/* ---- a collection ---- */

static int by_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)*(awsm_exn *const *)a, y = (uintptr_t)*(awsm_exn *const *)b;
  return x < y ? -1 : x > y;
}

/* The exception whose block (prefix, header, payload) holds address w or ends at it, or NULL. */
static awsm_exn *resolve(const exn_registry *r, uintptr_t w) {
  size_t lo = 0, hi = r->count;
  while (lo < hi) { /* the first exception whose block starts above w */
    size_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t)rt_exn_head_of(r->sorted[mid]) <= w)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return NULL;
  awsm_exn *e = r->sorted[lo - 1];
  uintptr_t end = (uintptr_t)e + sizeof(awsm_exn) + (uintptr_t)e->count * sizeof(awsm_value);
  return w <= end ? e : NULL;
}

static void mark(exn_registry *r, awsm_exn *e) {
  rt_exn_head *hd = rt_exn_head_of(e);
  if (hd->flags & RT_EXN_MARK) return;
  hd->flags |= RT_EXN_MARK;
  r->marks[r->mark_size++] = e; /* at most count entries: each exception is pushed once */
}

static void mark_word(void *cx, uintptr_t w) {
  exn_registry *r = cx;
  if (w == 0) return;
  awsm_exn *e = resolve(r, w);
  if (e != NULL) mark(r, e);
}

static void mark_stack_range(void *cx, uintptr_t lo, uintptr_t hi) {
  for (uintptr_t p = lo; p + sizeof(uintptr_t) <= hi; p += sizeof(uintptr_t)) mark_word(cx, *(const uintptr_t *)p);
}

/* 1 if the exception may be freed once unreachable: exposed by generated code, not the host's. */
static int collectable(awsm_exn *e) {
  return (e->flags & 1u) != 0 && (rt_exn_head_of(e)->flags & RT_EXN_PINNED) == 0;
}

static void collect(exn_registry *r) {
  /* Other threads' instances would be read, and their GC heaps collected, while they run (the
   * file's comment). */
  if (rt_threads_entered() > 1 && rt_gc_exnref_instances() > 0) {
    r->threshold = r->count * 2;
    return;
  }
  awsm_exn **sorted = realloc(r->sorted, r->cap * sizeof *sorted);
  awsm_exn **marks = sorted == NULL ? NULL : realloc(r->marks, r->cap * sizeof *marks);
  if (sorted != NULL) r->sorted = sorted;
  if (marks == NULL) out_of_memory();
  r->marks = marks;
  memcpy(r->sorted, r->items, r->count * sizeof *r->sorted);
  qsort(r->sorted, r->count, sizeof *r->sorted, by_address);

  r->mark_size = 0;
  for (size_t i = 0; i < r->count; i++)
    if (!collectable(r->items[i])) mark(r, r->items[i]);
  rt_scan_stack(mark_stack_range, r);
  size_t pages = rt_gc_exnref_roots(mark_word, r);
  while (r->mark_size > 0) {
    awsm_exn *e = r->marks[--r->mark_size];
    for (uint32_t i = 0; i < e->count; i++) mark_word(r, (uintptr_t)e->values[i].ref);
  }

  size_t kept = 0;
  for (size_t i = 0; i < r->count; i++) {
    awsm_exn *e = r->items[i];
    rt_exn_head *hd = rt_exn_head_of(e);
    if (hd->flags & RT_EXN_MARK) {
      hd->flags &= ~RT_EXN_MARK;
      hd->index = kept;
      r->items[kept++] = e;
    } else {
      exn_free(e);
    }
  }
  r->count = kept;
  /* Twice what is left, and no less than EXN_THROWS_PER_PAGE throws per heap page walked: a
   * large GC heap with exnref fields is not walked every 1024 throws. */
  size_t threshold = kept * 2 > EXN_MIN_THRESHOLD ? kept * 2 : EXN_MIN_THRESHOLD;
  if (threshold < pages * EXN_THROWS_PER_PAGE) threshold = pages * EXN_THROWS_PER_PAGE;
  r->threshold = threshold;
}

void rt_exn_maybe_collect(void) {
  exn_registry *r = &t_reg;
  if (r->threshold != 0 && (r->count >= r->threshold || r->stress)) collect(r);
}
