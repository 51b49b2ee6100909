/*
 * table.c — tables of references and the table helpers called by generated code.
 *
 * A table is an array of pointers: awsm_func* for funcref, the host's opaque pointer for
 * externref, NULL for null. table.grow reallocates `elems` (generated code reloads it after
 * any call), up to `max`: the declared maximum, or the host limit when there is none.
 * Bounds follow the spec: [x, x + n) must lie inside, in 64-bit arithmetic, also for n = 0.
 *
 * A table defined by an instance keeps its initial elements inside the instance's allocation
 * (one calloc for the whole instance, instance.c); the first growth past them moves them to
 * a heap array of their own. Host tables (awsm_table_new) allocate theirs.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int rt_table_init(rt_table *rt, uint32_t elem_type, uint32_t min, uint32_t has_max, uint32_t max, uint32_t host_limit,
                  void **storage, awsm_error *err) {
  awsm_table *t = &rt->pub;
  memset(rt, 0, sizeof *rt);
  uint32_t limit = has_max ? max : 0xFFFFFFFFu;
  if (host_limit == 0) host_limit = AWSM_DEFAULT_TABLE_LIMIT;
  if (host_limit < limit) limit = host_limit;
  if (min > limit) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "table of %u elements exceeds the limit of %u elements", min, limit);
    return -1;
  }
  void **elems = storage;
  if (elems == NULL && min != 0) {
    elems = calloc(min, sizeof(void *));
    if (elems == NULL) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory (table of %u elements)", min);
      return -1;
    }
  }
  rt->inline_elems = storage;
  t->elems = elems;
  t->size = min;
  t->capacity = min;
  t->max = limit;
  t->has_max = has_max ? 1 : 0;
  t->declared_max = has_max ? max : 0;
  t->elem_type = elem_type;
  return 0;
}

void rt_table_fini(rt_table *rt) {
  if (rt->pub.elems != rt->inline_elems) free(rt->pub.elems);
  rt->pub.elems = NULL;
}

uint32_t rt_table_grow(awsm_table *t, void *init, uint32_t delta) {
  rt_table *rt = (rt_table *)t;
  uint32_t old = t->size;
  uint64_t want = (uint64_t)old + delta;
  if (want > t->max) return 0xFFFFFFFFu;
  if (want > t->capacity) {
    /* Grow geometrically so that repeated table.grow 1 stays linear overall. */
    uint64_t cap = (uint64_t)t->capacity * 2;
    if (cap < want) cap = want;
    if (cap > t->max) cap = t->max;
    void **e;
    if (t->elems == rt->inline_elems) {
      /* The initial elements live inside the instance's allocation: move them out. */
      e = malloc(cap * sizeof(void *));
      if (e != NULL && old != 0) memcpy(e, t->elems, (size_t)old * sizeof(void *));
    } else {
      e = realloc(t->elems, cap * sizeof(void *));
    }
    if (e == NULL) return 0xFFFFFFFFu;
    t->elems = e;
    t->capacity = (uint32_t)cap;
  }
  for (uint64_t i = old; i < want; i++) t->elems[i] = init;
  t->size = (uint32_t)want;
  return old;
}

awsm_table *awsm_table_new(uint32_t elem_type, uint32_t min, uint32_t has_max, uint32_t max, awsm_error *err) {
  rt_error_clear(err);
  if (elem_type != AWSM_T_FUNCREF && elem_type != AWSM_T_EXTERNREF) {
    rt_error_set(err, AWSM_ERR_INVALID, "table element type must be funcref or externref");
    return NULL;
  }
  if (has_max && max < min) {
    rt_error_set(err, AWSM_ERR_INVALID, "table maximum %u is below its minimum %u", max, min);
    return NULL;
  }
  rt_table *t = malloc(sizeof *t);
  if (t == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  if (rt_table_init(t, elem_type, min, has_max, max, 0, NULL, err) != 0) {
    free(t);
    return NULL;
  }
  return &t->pub;
}

void awsm_table_free(awsm_table *t) {
  if (t == NULL) return;
  rt_table_fini((rt_table *)t);
  free(t);
}

uint32_t awsm_table_grow_object(awsm_table *t, void *init, uint32_t delta) { return rt_table_grow(t, init, delta); }

/* ---- helpers called by generated code ---- */

uint32_t awsm_table_grow(awsm_instance *ctx, uint32_t tableidx, void *init, uint32_t delta) {
  return rt_table_grow(ctx->tables[tableidx], init, delta);
}

void awsm_table_fill(awsm_instance *ctx, uint32_t tableidx, uint32_t i, void *val, uint32_t n, uint32_t funcidx) {
  awsm_table *t = ctx->tables[tableidx];
  if ((uint64_t)i + n > t->size) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  for (uint32_t k = 0; k < n; k++) t->elems[i + k] = val;
}

void awsm_table_copy(awsm_instance *ctx, uint32_t dst_table, uint32_t src_table, uint32_t d, uint32_t s, uint32_t n,
                     uint32_t funcidx) {
  awsm_table *dt = ctx->tables[dst_table];
  awsm_table *st = ctx->tables[src_table];
  if ((uint64_t)s + n > st->size || (uint64_t)d + n > dt->size) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  if (n != 0) memmove(dt->elems + d, st->elems + s, (size_t)n * sizeof(void *));
}

void awsm_table_init(awsm_instance *ctx, uint32_t tableidx, uint32_t elemidx, uint32_t d, uint32_t s, uint32_t n,
                     uint32_t funcidx) {
  awsm_table *t = ctx->tables[tableidx];
  awsm_elem_seg *seg = &ctx->elems[elemidx];
  if ((uint64_t)s + n > seg->count || (uint64_t)d + n > t->size) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  if (n != 0) memcpy(t->elems + d, seg->items + s, (size_t)n * sizeof(void *));
}

void awsm_elem_drop(awsm_instance *ctx, uint32_t elemidx) {
  /* The items array stays allocated (freed with the instance); count 0 makes it empty. */
  ctx->elems[elemidx].count = 0;
}
