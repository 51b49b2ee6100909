/*
 * gc_heap.c — the GC heap: its reservation, pages, size classes, allocation and limit
 * (gc.h has the data structure, docs/gc.md the design).
 *
 * Allocation of a small object pops its size class's free list (a few instructions, plus
 * zeroing), or bumps through the class's fresh page; when both are empty the class takes a
 * fresh page, and a large object takes a run of pages. Pages come from a scan of the page table for free ones (a cursor reset by each
 * sweep) or from the untouched end of the reservation, which is made read-write
 * GC_COMMIT_PAGES at a time. Before taking pages past the collection threshold, or past the
 * limit, the heap collects; if the limit still cannot be met the allocation fails (generated
 * code traps "out of memory", the host gets NULL).
 *
 * Testing: AWSM_GC_STRESS=N in the environment when a heap is made makes it collect before
 * every N-th allocation (1: every one), which turns a reference the collector cannot see into
 * a failure at once instead of some day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "gc.h"

/* Size classes: multiples of 16 up to 256, then four per power of two up to GC_SMALL_MAX. */
static uint32_t g_class_size[GC_NUM_CLASSES];
/* The class of an object of g granules (1 ≤ g ≤ GC_SMALL_MAX / 16). */
static uint8_t g_class_of[GC_SMALL_MAX / GC_GRANULE + 1];
static pthread_once_t g_classes_once = PTHREAD_ONCE_INIT;

static void classes_init(void) {
  uint32_t n = 0;
  for (uint32_t s = 16; s <= 256; s += 16) g_class_size[n++] = s;
  for (uint32_t p = 256; p < GC_SMALL_MAX; p *= 2)
    for (uint32_t k = 1; k <= 4; k++) g_class_size[n++] = p + k * (p / 4);
  uint32_t c = 0;
  for (uint32_t g = 1; g <= GC_SMALL_MAX / GC_GRANULE; g++) {
    while (g_class_size[c] < g * GC_GRANULE) c++;
    g_class_of[g] = (uint8_t)c;
  }
  g_class_of[0] = 0;
  gc_box_rtts_init();
}

uint32_t gc_class_size(uint32_t c) { return g_class_size[c]; }

/* ---- heaps ---- */

static awsm_gc_heap *g_default;
static uint64_t g_default_max = AWSM_DEFAULT_MAX_HEAP;
static pthread_mutex_t g_default_lock = PTHREAD_MUTEX_INITIALIZER;

awsm_gc_heap *awsm_gc_heap_new(uint64_t max_bytes, awsm_error *err) {
  pthread_once(&g_classes_once, classes_init);
  awsm_gc_heap *h = calloc(1, sizeof *h);
  if (h == NULL) {
    if (err != NULL) rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  if (max_bytes == 0) max_bytes = AWSM_DEFAULT_MAX_HEAP;
  uint64_t pages = (max_bytes + GC_PAGE - 1) / GC_PAGE;
  if (pages > UINT32_MAX / 2) pages = UINT32_MAX / 2;
  h->num_pages = (uint32_t)pages;
  h->max_bytes = max_bytes;
  h->threshold = gc_min_threshold(h);
  const char *stress = getenv("AWSM_GC_STRESS");
  if (stress != NULL) h->stress = (uint32_t)strtoul(stress, NULL, 10);
  pthread_mutex_init(&h->lock, NULL);
  return h;
}

void awsm_gc_heap_free(awsm_gc_heap *h) {
  if (h == NULL) return;
  for (gc_handle_block *b = h->handle_blocks; b != NULL;) {
    gc_handle_block *next = b->next;
    free(b);
    b = next;
  }
  if (h->mapping != NULL) munmap(h->mapping, h->mapping_size);
  if (h->starts != NULL) munmap(h->starts, h->starts_size);
  free(h->pages);
  free(h->mark_stack);
  pthread_mutex_destroy(&h->lock);
  pthread_mutex_lock(&g_default_lock);
  if (g_default == h) g_default = NULL;
  pthread_mutex_unlock(&g_default_lock);
  free(h);
}

awsm_gc_heap *awsm_gc_default_heap(void) {
  pthread_mutex_lock(&g_default_lock);
  if (g_default == NULL) g_default = awsm_gc_heap_new(g_default_max, NULL);
  awsm_gc_heap *h = g_default;
  pthread_mutex_unlock(&g_default_lock);
  return h;
}

int awsm_gc_set_default_max_heap(uint64_t max_bytes) {
  int rc = 0;
  if (max_bytes == 0) max_bytes = AWSM_DEFAULT_MAX_HEAP;
  pthread_mutex_lock(&g_default_lock);
  if (g_default == NULL) {
    g_default_max = max_bytes;
  } else if (g_default->base == NULL) { /* made, but nothing allocated yet */
    uint64_t pages = (max_bytes + GC_PAGE - 1) / GC_PAGE;
    g_default->num_pages = (uint32_t)(pages > UINT32_MAX / 2 ? UINT32_MAX / 2 : pages);
    g_default->max_bytes = max_bytes;
    g_default->threshold = gc_min_threshold(g_default);
    g_default_max = max_bytes;
  } else {
    rc = -1;
  }
  pthread_mutex_unlock(&g_default_lock);
  return rc;
}

void awsm_gc_heap_stats(const awsm_gc_heap *h, awsm_gc_stats *out) {
  memset(out, 0, sizeof *out);
  if (h == NULL) return;
  out->max_bytes = h->max_bytes;
  out->heap_bytes = h->used_pages * GC_PAGE;
  out->live_bytes = h->live_bytes;
  out->live_objects = h->live_objects;
  out->allocated_bytes = h->allocated_bytes;
  out->collections = h->collections;
}

/* The reservation, page table and start bitmap, on the first allocation. */
static int reserve(awsm_gc_heap *h) {
  uint64_t bytes = (uint64_t)h->num_pages * GC_PAGE;
  h->mapping_size = bytes + GC_PAGE;
  void *m = mmap(NULL, h->mapping_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return -1;
  h->starts_size = (bytes / GC_GRANULE / 8 + 4095) & ~(uint64_t)4095;
  void *s = mmap(NULL, h->starts_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  gc_page *pages = calloc(h->num_pages, sizeof *pages);
  if (s == MAP_FAILED || pages == NULL) {
    munmap(m, h->mapping_size);
    if (s != MAP_FAILED) munmap(s, h->starts_size);
    free(pages);
    return -1;
  }
  h->mapping = m;
  h->base = (uint8_t *)(((uintptr_t)m + GC_PAGE - 1) & ~(uintptr_t)(GC_PAGE - 1));
  h->starts = s;
  h->pages = pages;
  return 0;
}

/* Makes pages [0, upto) read-write. */
static int commit(awsm_gc_heap *h, uint32_t upto) {
  if (upto <= h->committed) return 0;
  uint32_t to = upto + GC_COMMIT_PAGES - 1;
  to -= to % GC_COMMIT_PAGES;
  if (to > h->num_pages) to = h->num_pages;
  if (mprotect(gc_page_addr(h, h->committed), (uint64_t)(to - h->committed) * GC_PAGE, PROT_READ | PROT_WRITE) != 0)
    return -1;
  h->committed = to;
  return 0;
}

/* n free pages in a row: the first one's index, or UINT32_MAX. Never collects. */
static uint32_t find_pages(awsm_gc_heap *h, uint32_t n) {
  if (h->used_pages + n > h->num_pages) return UINT32_MAX;
  uint32_t run = 0;
  for (uint32_t p = h->free_pages; p < h->top; p++) {
    if (h->pages[p].kind != GC_PAGE_FREE) {
      run = 0;
      continue;
    }
    if (n == 1) h->free_pages = p + 1; /* the cursor: every page below it is in use */
    if (++run == n) return p + 1 - n;
  }
  if (n == 1) h->free_pages = h->top;
  /* Extend the run at the end of the used range with untouched pages. */
  uint32_t first = h->top - run;
  if ((uint64_t)first + n > h->num_pages || commit(h, first + n) != 0) return UINT32_MAX;
  h->top = first + n;
  return first;
}

/* Takes n pages for an object or a size class: may collect first. UINT32_MAX when the limit
 * is reached. *collected is set when a collection ran (free lists may have slots again). */
static uint32_t take_pages(awsm_gc_heap *h, uint32_t n, int *collected) {
  uint64_t bytes = (uint64_t)n * GC_PAGE;
  if (h->taken_since_gc + bytes > h->threshold || h->used_pages + n > h->num_pages) {
    gc_collect(h);
    *collected = 1;
  }
  uint32_t p = find_pages(h, n);
  if (p == UINT32_MAX && !*collected) {
    gc_collect(h); /* fragmentation: a run may exist after a sweep */
    *collected = 1;
    p = find_pages(h, n);
  }
  if (p == UINT32_MAX) return UINT32_MAX;
  for (uint32_t k = 0; k < n; k++) {
    h->pages[p + k].resident = 1;
    h->pages[p + k].start = p;
  }
  h->used_pages += n;
  h->taken_since_gc += bytes;
  return p;
}

void gc_page_release(awsm_gc_heap *h, uint32_t p) {
  uint32_t n = h->pages[p].kind == GC_PAGE_LARGE ? h->pages[p].run : 1;
  for (uint32_t k = 0; k < n; k++) {
    h->pages[p + k].kind = GC_PAGE_FREE;
    h->pages[p + k].run = 0;
  }
  if (p < h->free_pages) h->free_pages = p;
  h->used_pages -= n;
}

void gc_trim(awsm_gc_heap *h) {
  uint64_t keep = h->threshold / GC_PAGE;
  uint64_t resident = 0;
  for (uint32_t p = 0; p < h->top; p++) {
    gc_page *pg = &h->pages[p];
    if (pg->kind != GC_PAGE_FREE || !pg->resident) continue;
    if (++resident <= keep) continue;
    madvise(gc_page_addr(h, p), GC_PAGE, MADV_DONTNEED);
    pg->resident = 0;
  }
}

/* A fresh page for size class c: its slots become the class's bump region. */
static int refill(awsm_gc_heap *h, uint32_t c) {
  int collected = 0;
  uint32_t p = take_pages(h, 1, &collected);
  if (collected && h->free_lists[c] != NULL) {
    if (p != UINT32_MAX) gc_page_release(h, p), h->taken_since_gc -= GC_PAGE;
    return 0;
  }
  if (p == UINT32_MAX) return -1;
  gc_page *pg = &h->pages[p];
  pg->kind = GC_PAGE_SMALL;
  pg->cls = (uint8_t)c;
  uint32_t size = g_class_size[c];
  h->bump[c] = gc_page_addr(h, p);
  h->bump_end[c] = h->bump[c] + (GC_PAGE / size) * size;
  return 0;
}

static void *alloc_large(awsm_gc_heap *h, uint64_t size) {
  uint64_t n = (size + GC_PAGE - 1) / GC_PAGE;
  if (n > h->num_pages) return NULL;
  int collected = 0;
  uint32_t p = take_pages(h, (uint32_t)n, &collected);
  if (p == UINT32_MAX) return NULL;
  h->pages[p].kind = GC_PAGE_LARGE;
  h->pages[p].run = (uint32_t)n;
  for (uint32_t k = 1; k < n; k++) h->pages[p + k].kind = GC_PAGE_LARGE_TAIL;
  uint8_t *o = gc_page_addr(h, p);
  memset(o, 0, size); /* a reused run holds old bytes; untouched pages are zero */
  return o;
}

void *gc_alloc(awsm_gc_heap *h, const awsm_rtt *rtt, uint64_t size) {
  if (h->collecting) {
    /* A bug: nothing allocates during a collection. */
    fprintf(stderr, "awsm: GC allocation during a collection\n");
    abort();
  }
  if (h->base == NULL && reserve(h) != 0) return NULL;
  if (h->stress != 0 && ++h->stress_count >= h->stress) {
    h->stress_count = 0;
    gc_collect(h);
  }
  uint8_t *o;
  uint64_t bytes;
  if (size <= GC_SMALL_MAX) {
    uint32_t c = g_class_of[(size + GC_GRANULE - 1) / GC_GRANULE];
    bytes = g_class_size[c];
    o = h->free_lists[c];
    if (o == NULL && h->bump[c] == h->bump_end[c]) {
      if (refill(h, c) != 0) return NULL;
      o = h->free_lists[c];
    }
    if (o != NULL) {
      h->free_lists[c] = *(void **)o;
    } else {
      o = h->bump[c];
      h->bump[c] += bytes;
    }
    memset(o, 0, bytes);
  } else {
    o = alloc_large(h, size);
    if (o == NULL) return NULL;
    bytes = size;
  }
  gc_set_start(h, (uintptr_t)o, 1);
  *(const awsm_rtt **)o = rtt;
  h->live_bytes += bytes;
  h->live_objects++;
  h->allocated_bytes += bytes;
  return o;
}

void *gc_alloc_or_trap(awsm_instance *ctx, const awsm_rtt *rtt, uint64_t size, uint32_t funcidx) {
  void *o = gc_alloc(gc_heap_of(ctx), rtt, size);
  if (o == NULL) awsm_trap(ctx, AWSM_TRAP_OUT_OF_MEMORY, funcidx);
  return o;
}

uintptr_t gc_resolve(const awsm_gc_heap *h, uintptr_t w) {
  uintptr_t off = w - (uintptr_t)h->base;
  if (h->base == NULL || off >= (uint64_t)h->top * GC_PAGE) return 0;
  const gc_page *pg = &h->pages[off >> GC_PAGE_LOG2];
  uintptr_t s;
  switch (pg->kind) {
    case GC_PAGE_SMALL: {
      uint32_t size = g_class_size[pg->cls];
      uint32_t in = (uint32_t)(off & (GC_PAGE - 1));
      uint32_t slot = in / size;
      if ((uint64_t)(slot + 1) * size > GC_PAGE) return 0; /* the page's unused tail */
      s = (w - in) + (uintptr_t)slot * size;
      break;
    }
    case GC_PAGE_LARGE:
    case GC_PAGE_LARGE_TAIL: s = (uintptr_t)gc_page_addr(h, pg->start); break;
    default: return 0;
  }
  return gc_is_start(h, s) ? s : 0;
}
