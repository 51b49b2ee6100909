/*
 * gc_types.c — run-time types (RTTs), object layout, casts, allocation entry points, the
 * externref boxes and the host's view of references (docs/gc.md, "Layout", "RTTs and
 * casts", "externref").
 *
 * RTTs are interned process-wide by canonical string (a hash table under a lock, taken only
 * at instantiation): equivalent types of different modules share one RTT, so a cast is a
 * pointer comparison in the display. RTTs, their strings and tables are never freed (a few
 * hundred bytes per distinct type; modules may be unloaded, so the strings are copied).
 *
 * Struct layout: the header word, then each field in declaration order at its natural
 * alignment (i8 1, i16 2, i32/f32 4, i64/f64/references 8, v128 16); the size is rounded up
 * to 8. Array: header, u32 length at 8, elements from 16 at their size.
 */
#include <stdlib.h>
#include <string.h>

#include "gc.h"

uint32_t gc_storage_size(char c) {
  switch (c) {
    case AWSM_GC_I8: return 1;
    case AWSM_GC_I16: return 2;
    case AWSM_T_I32:
    case AWSM_T_F32: return 4;
    case AWSM_T_V128: return 16;
    default: return 8; /* i64, f64, references */
  }
}

uint64_t gc_array_bytes(const awsm_rtt *rtt, uint64_t len) {
  uint64_t bytes = AWSM_GC_ARRAY_DATA + len * rtt->size;
  return len > UINT32_MAX ? UINT64_MAX : bytes;
}

uint64_t gc_object_size(uintptr_t obj) {
  const awsm_rtt *rtt = gc_rtt(obj);
  if (rtt->kind == AWSM_TYPE_ARRAY) return gc_array_bytes(rtt, *(uint32_t *)(obj + AWSM_GC_ARRAY_LENGTH));
  return rtt->size;
}

/* The boxes (docs/gc.md, "externref"): one word after the header. Their RTTs have depth 0
 * and a one-entry display (themselves), so the display check of a cast reads inside them;
 * filled in by gc_box_rtts_init (once, before any heap exists). */
typedef union gc_box_rtt {
  awsm_rtt rtt;
  uint8_t bytes[sizeof(awsm_rtt) + sizeof(awsm_rtt *)];
} gc_box_rtt;
static gc_box_rtt host_box, i31_box;

void gc_box_rtts_init(void) {
  host_box.rtt.kind = AWSM_TYPE_HOST_BOX;
  i31_box.rtt.kind = AWSM_TYPE_I31_BOX;
  host_box.rtt.size = i31_box.rtt.size = 16;
  host_box.rtt.canon = "<host box>";
  i31_box.rtt.canon = "<i31 box>";
  host_box.rtt.display[0] = &host_box.rtt;
  i31_box.rtt.display[0] = &i31_box.rtt;
}
const awsm_rtt *const gc_host_box_rtt = &host_box.rtt, *const gc_i31_box_rtt = &i31_box.rtt;

/* ---- interning ---- */

typedef struct rtt_table {
  awsm_rtt **slots;
  size_t cap, count;
} rtt_table;
static rtt_table g_rtts;
static pthread_mutex_t g_rtt_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603ull;
  for (; *s != '\0'; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
  return h;
}

static awsm_rtt **rtt_slot(awsm_rtt **slots, size_t cap, const char *canon) {
  for (size_t i = hash_str(canon) & (cap - 1);; i = (i + 1) & (cap - 1))
    if (slots[i] == NULL || strcmp(slots[i]->canon, canon) == 0) return &slots[i];
}

static int rtt_table_grow(void) {
  size_t cap = g_rtts.cap ? g_rtts.cap * 2 : 64;
  awsm_rtt **slots = calloc(cap, sizeof *slots);
  if (slots == NULL) return -1;
  for (size_t i = 0; i < g_rtts.cap; i++)
    if (g_rtts.slots[i] != NULL) *rtt_slot(slots, cap, g_rtts.slots[i]->canon) = g_rtts.slots[i];
  free(g_rtts.slots);
  g_rtts.slots = slots;
  g_rtts.cap = cap;
  return 0;
}

/* A new RTT for type t whose supertype's RTT is `super` (or NULL); one allocation holding the
 * RTT, its display, offsets, reference map and strings. */
static awsm_rtt *rtt_make(const awsm_type_desc *t, const awsm_rtt *super) {
  uint32_t depth = super != NULL ? super->depth + 1 : 0;
  const char *fields = t->fields != NULL ? t->fields : "";
  uint32_t nf = (uint32_t)strlen(fields);
  size_t canon_len = strlen(t->canon) + 1;
  size_t head = sizeof(awsm_rtt) + (depth + 1) * sizeof(awsm_rtt *);
  size_t total = head + 2 * (size_t)nf * sizeof(uint32_t) + nf + 1 + canon_len;
  awsm_rtt *r = calloc(1, total);
  if (r == NULL) return NULL;
  uint32_t *offsets = (uint32_t *)((uint8_t *)r + head);
  uint32_t *refs = offsets + nf;
  char *fcopy = (char *)(refs + nf);
  char *ccopy = fcopy + nf + 1;
  memcpy(fcopy, fields, nf + 1);
  memcpy(ccopy, t->canon, canon_len);
  r->kind = t->kind;
  r->depth = depth;
  r->num_fields = t->kind == AWSM_TYPE_ARRAY ? 1 : nf;
  r->fields = fcopy;
  r->canon = ccopy;
  for (uint32_t d = 0; d < depth; d++) r->display[d] = super->display[d];
  r->display[depth] = r;
  if (t->kind == AWSM_TYPE_STRUCT) {
    uint32_t at = AWSM_GC_HEADER;
    for (uint32_t i = 0; i < nf; i++) {
      uint32_t sz = gc_storage_size(fields[i]);
      at = (at + sz - 1) & ~(sz - 1);
      offsets[i] = at;
      if (gc_traced(fields[i])) refs[r->num_refs++] = at;
      at += sz;
    }
    r->size = (at + 7) & ~7u;
    r->offsets = offsets;
    r->ref_offsets = refs;
  } else if (t->kind == AWSM_TYPE_ARRAY) {
    r->size = nf > 0 ? gc_storage_size(fields[0]) : 1;
    r->num_refs = nf > 0 && gc_traced(fields[0]);
  }
  return r;
}

int rt_gc_intern_types(const awsm_module_desc *desc, const awsm_rtt **rtts, awsm_error *err) {
  int rc = 0;
  pthread_mutex_lock(&g_rtt_lock);
  for (uint32_t i = 0; i < desc->num_types && rc == 0; i++) {
    const awsm_type_desc *t = &desc->types[i];
    if (t->canon == NULL || (t->super != UINT32_MAX && t->super >= i)) {
      rt_error_set(err, AWSM_ERR_INVALID, "malformed module descriptor (type %u)", i);
      rc = -1;
      break;
    }
    if ((g_rtts.count + 1) * 2 > g_rtts.cap && rtt_table_grow() != 0) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
      rc = -1;
      break;
    }
    awsm_rtt **slot = rtt_slot(g_rtts.slots, g_rtts.cap, t->canon);
    if (*slot == NULL) {
      *slot = rtt_make(t, t->super != UINT32_MAX ? rtts[t->super] : NULL);
      if (*slot == NULL) {
        rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
        rc = -1;
        break;
      }
      g_rtts.count++;
    }
    rtts[i] = *slot;
  }
  pthread_mutex_unlock(&g_rtt_lock);
  return rc;
}

/* ---- generated code's entry points ---- */

void *awsm_gc_struct_new(awsm_instance *ctx, const awsm_rtt *rtt, uint32_t funcidx) {
  return gc_alloc_or_trap(ctx, rtt, rtt->size, funcidx);
}

void *awsm_gc_array_new(awsm_instance *ctx, const awsm_rtt *rtt, uint32_t len, uint32_t funcidx) {
  uint8_t *a = gc_alloc_or_trap(ctx, rtt, gc_array_bytes(rtt, len), funcidx);
  *(uint32_t *)(a + AWSM_GC_ARRAY_LENGTH) = len;
  return a;
}

uint32_t awsm_gc_ref_test(const void *obj, const awsm_rtt *t) {
  const awsm_rtt *o = gc_rtt((uintptr_t)obj);
  return o->depth >= t->depth && o->display[t->depth] == t;
}

/* An object of the heap starting exactly at x, or 0. */
static uintptr_t exact_object(const awsm_gc_heap *h, void *x) {
  uintptr_t w = (uintptr_t)x;
  return (w & (GC_GRANULE - 1)) == 0 && gc_resolve(h, w) == w ? w : 0;
}

static void *box(awsm_gc_heap *h, const awsm_rtt *rtt, void *word) {
  void **b = gc_alloc(h, rtt, 16);
  if (b != NULL) b[1] = word;
  return b;
}

/* any.convert_extern: an exposed reference comes back as itself (an i31 out of its box);
 * any other host value is boxed. */
static void *from_extern(awsm_gc_heap *h, void *ext, int *failed) {
  *failed = 0;
  if (ext == NULL) return NULL;
  uintptr_t o = exact_object(h, ext);
  if (o != 0) return gc_rtt(o) == gc_i31_box_rtt ? ((void **)o)[1] : (void *)o;
  void *b = box(h, gc_host_box_rtt, ext);
  *failed = b == NULL;
  return b;
}

void *awsm_gc_any_convert_extern(awsm_instance *ctx, void *ext, uint32_t funcidx) {
  int failed;
  void *r = from_extern(gc_heap_of(ctx), ext, &failed);
  if (failed) awsm_trap(ctx, AWSM_TRAP_OUT_OF_MEMORY, funcidx);
  return r;
}

/* extern.convert_any: a host box gives its host value back; an i31 is boxed (an odd host word
 * could not be told from it); an object is exposed as itself. */
void *awsm_gc_extern_convert_any(awsm_instance *ctx, void *any, uint32_t funcidx) {
  if (any == NULL) return NULL;
  if ((uintptr_t)any & 1) {
    void *b = box(gc_heap_of(ctx), gc_i31_box_rtt, any);
    if (b == NULL) awsm_trap(ctx, AWSM_TRAP_OUT_OF_MEMORY, funcidx);
    return b;
  }
  if (gc_rtt((uintptr_t)any) == gc_host_box_rtt) return ((void **)any)[1];
  return any;
}

/* ---- the host's view (awsm.h) ---- */

awsm_gc_kind awsm_gc_kind_of(const void *ref) {
  if (ref == NULL) return AWSM_GC_NULL;
  if ((uintptr_t)ref & 1) return AWSM_GC_I31;
  switch (gc_rtt((uintptr_t)ref)->kind) {
    case AWSM_TYPE_STRUCT: return AWSM_GC_STRUCT;
    case AWSM_TYPE_ARRAY: return AWSM_GC_ARRAY;
    default: return AWSM_GC_HOST;
  }
}

const awsm_rtt *awsm_gc_rtt_of(const void *ref) {
  awsm_gc_kind k = awsm_gc_kind_of(ref);
  return k == AWSM_GC_STRUCT || k == AWSM_GC_ARRAY ? gc_rtt((uintptr_t)ref) : NULL;
}

uint32_t awsm_gc_array_len(const void *arr) { return *(const uint32_t *)((const uint8_t *)arr + AWSM_GC_ARRAY_LENGTH); }

void *awsm_gc_from_host(awsm_gc_heap *h, void *ext) {
  int failed;
  return h == NULL ? NULL : from_extern(h, ext, &failed);
}

int awsm_gc_host_value(const void *ref, void **out) {
  if (awsm_gc_kind_of(ref) != AWSM_GC_HOST) return 0;
  *out = ((void *const *)ref)[1];
  return 1;
}
