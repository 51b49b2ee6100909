/*
 * gc_exnref.c — where exnrefs may be stored: the precise roots of exception collection
 * (exception_gc.c; docs/abi.md "Exceptions", docs/gc.md "Roots").
 *
 * An exnref lives in a local (the native stack: exception_gc.c scans it), in an exnref global,
 * table or element segment of an instance, in an exnref field or element of a GC object, or in
 * another exception's payload (exception_gc.c). An instance whose module stores exnrefs
 * (rt_gc_has_exnref_storage) gets a GC heap like one that stores anyrefs (rt_gc_needs_heap)
 * and is on the list here while it is attached to it; its heap's objects are found by a
 * collection of the heap (gc_collect: exception collection runs at awsm_exn_new, a call of
 * generated code, where a GC collection may run too) followed by a walk of the heap's pages,
 * every allocated object: the live ones and those the conservative scan retained. Nothing here
 * is in the GC's hot paths: the GC never traces exnref fields (an exception is not a GC
 * object), and the walk runs only at an exception collection.
 *
 * The list is process-wide (g_lock). The thread that collects reads the instances and
 * collects their heaps, so exception_gc.c collects with this list non-empty only while no
 * second thread has instantiated or entered Wasm (docs/abi.md, "Threads").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"

/* The instances that store exnrefs (an array: they are few and change only at instantiation). */
static rt_instance **g_insts;
static size_t g_count, g_cap;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static int is_exnref_code(uint32_t t) { return t == AWSM_T_EXNREF; }

int rt_gc_has_exnref_storage(const awsm_module_desc *d) {
  if (rt_module_stores(d, is_exnref_code)) return 1;
  for (uint32_t i = 0; i < d->num_types; i++)
    if (d->types[i].kind != AWSM_TYPE_FUNC && strchr(d->types[i].fields, AWSM_T_EXNREF) != NULL) return 1;
  return 0;
}

void rt_gc_exnref_track(rt_instance *r) {
  pthread_mutex_lock(&g_lock);
  if (g_count == g_cap) {
    size_t cap = g_cap ? g_cap * 2 : 16;
    rt_instance **a = realloc(g_insts, cap * sizeof *a);
    if (a == NULL) {
      fprintf(stderr, "awsm: out of memory in the list of instances that store exnrefs\n");
      abort();
    }
    g_insts = a;
    g_cap = cap;
  }
  g_insts[g_count++] = r;
  pthread_mutex_unlock(&g_lock);
}

void rt_gc_exnref_untrack(rt_instance *r) {
  pthread_mutex_lock(&g_lock);
  for (size_t i = 0; i < g_count; i++) {
    if (g_insts[i] == r) {
      g_insts[i] = g_insts[--g_count];
      break;
    }
  }
  pthread_mutex_unlock(&g_lock);
}

size_t rt_gc_exnref_instances(void) {
  pthread_mutex_lock(&g_lock);
  size_t n = g_count;
  pthread_mutex_unlock(&g_lock);
  return n;
}

/* The exnref fields of object o (a struct's 'x' fields, an array's 'x' elements: 8-byte slots,
 * the pointer in the low word on 32-bit targets). */
static void visit_object(rt_word_fn fn, void *cx, uintptr_t o) {
  const awsm_rtt *rtt = gc_rtt(o);
  if (rtt->kind == AWSM_TYPE_STRUCT) {
    for (uint32_t i = 0; i < rtt->num_fields; i++)
      if (rtt->fields[i] == AWSM_T_EXNREF) fn(cx, *(const uintptr_t *)(o + rtt->offsets[i]));
  } else if (rtt->kind == AWSM_TYPE_ARRAY && rtt->fields[0] == AWSM_T_EXNREF) {
    uint32_t len = *(const uint32_t *)(o + AWSM_GC_ARRAY_LENGTH);
    const uint8_t *e = (const uint8_t *)(o + AWSM_GC_ARRAY_DATA);
    for (uint32_t i = 0; i < len; i++) fn(cx, *(const uintptr_t *)(e + (size_t)i * rtt->size));
  }
}

/* Every allocated object of heap h: the start bits of small pages, the first page of large runs.
 * Returns the pages looked at. */
static size_t visit_heap(rt_word_fn fn, void *cx, awsm_gc_heap *h) {
  if (h->base == NULL) return 0;
  for (uint32_t p = 0; p < h->top; p++) {
    const gc_page *pg = &h->pages[p];
    uintptr_t base = (uintptr_t)gc_page_addr(h, p);
    if (pg->kind == GC_PAGE_LARGE) {
      if (gc_is_start(h, base)) visit_object(fn, cx, base);
    } else if (pg->kind == GC_PAGE_SMALL) {
      uint32_t size = gc_class_size(pg->cls);
      for (uint64_t off = 0; off + size <= GC_PAGE; off += size)
        if (gc_is_start(h, base + off)) visit_object(fn, cx, base + off);
    }
  }
  return h->top;
}

size_t rt_gc_exnref_roots(rt_word_fn fn, void *cx) {
  size_t pages = 0;
  pthread_mutex_lock(&g_lock);
  for (size_t i = 0; i < g_count; i++) {
    rt_instance *r = g_insts[i];
    rt_visit_instance_slots(r, is_exnref_code, fn, cx);
    /* Each heap once: those of the instances before this one are done. */
    awsm_gc_heap *h = r->gc_heap;
    size_t k = 0;
    while (k < i && g_insts[k]->gc_heap != h) k++;
    if (h != NULL && k == i) {
      gc_collect(h); /* first free the dead objects, so that their exnrefs keep nothing */
      pages += visit_heap(fn, cx, h);
    }
  }
  pthread_mutex_unlock(&g_lock);
  return pages;
}
