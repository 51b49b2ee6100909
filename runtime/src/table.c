/*
 * table.c — tables of references and the table helpers called by generated code.
 *
 * A table is an array of pointers: awsm_func* for funcref, the host's opaque pointer for
 * externref, NULL for null. table.grow reallocates `elems` (generated code reloads it after
 * any call), up to `max`: the declared maximum, or the host limit when there is none.
 * Bounds follow the spec: [x, x + n) must lie inside, also for n = 0, checked without computing
 * x + n (u64 operands of a 64-bit table could wrap).
 *
 * A 64-bit table (table64) has i64 indices and u64 limits; its size still fits a u32 (the host
 * limit, AWSM_DEFAULT_TABLE_LIMIT by default, bounds it), so the layout generated code reads is
 * the same. Its bulk helpers (`awsm_table_*64`) take u64 operands; the i32 ones call them.
 *
 * A table defined by an instance keeps its initial elements inside the instance's allocation
 * (one calloc for the whole instance, instance.c); the first growth past them moves them to
 * a heap array of their own. Host tables (awsm_table_new) allocate theirs.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int rt_table_init(rt_table *rt, uint32_t elem_type, uint32_t addr64, uint64_t min, uint32_t has_max, uint64_t max,
                  uint32_t host_limit, void **storage, awsm_error *err) {
  awsm_table *t = &rt->pub;
  memset(rt, 0, sizeof *rt);
  uint64_t limit = has_max ? max : (addr64 ? UINT64_MAX : 0xFFFFFFFFu);
  if (host_limit == 0) host_limit = AWSM_DEFAULT_TABLE_LIMIT;
  if (host_limit < limit) limit = host_limit;
  if (min > limit) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "table of %llu elements exceeds the limit of %llu elements",
                 (unsigned long long)min, (unsigned long long)limit);
    return -1;
  }
  void **elems = storage;
  if (elems == NULL && min != 0) {
    elems = calloc(min, sizeof(void *));
    if (elems == NULL) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory (table of %llu elements)", (unsigned long long)min);
      return -1;
    }
  }
  rt->inline_elems = storage;
  t->elems = elems;
  /* min <= limit <= host_limit: both fit in 32 bits. */
  t->size = (uint32_t)min;
  t->capacity = (uint32_t)min;
  t->max = (uint32_t)limit;
  t->has_max = has_max ? 1 : 0;
  t->addr64 = addr64 ? 1 : 0;
  t->declared_max = has_max ? max : 0;
  t->elem_type = elem_type;
  return 0;
}

uint32_t rt_table_inline_elems(const awsm_table_desc *td, uint32_t host_limit) {
  if (host_limit == 0) host_limit = AWSM_DEFAULT_TABLE_LIMIT;
  return td->min <= host_limit ? (uint32_t)td->min : 0;
}

void rt_table_fini(rt_table *rt) {
  if (rt->pub.elems != rt->inline_elems) free(rt->pub.elems);
  rt->pub.elems = NULL;
}

uint64_t rt_table_grow(awsm_table *t, void *init, uint64_t delta) {
  rt_table *rt = (rt_table *)t;
  uint32_t old = t->size;
  if (delta > (uint64_t)t->max - old) return UINT64_MAX;
  uint64_t want = old + delta;
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
    if (e == NULL) return UINT64_MAX;
    t->elems = e;
    t->capacity = (uint32_t)cap;
  }
  for (uint64_t i = old; i < want; i++) t->elems[i] = init;
  t->size = (uint32_t)want;
  return old;
}

/* The u32 result of table.grow on an i32 table: -1 stays -1. */
static uint32_t grow32(uint64_t r) { return r == UINT64_MAX ? 0xFFFFFFFFu : (uint32_t)r; }

static awsm_table *table_new(uint32_t elem_type, uint32_t addr64, uint64_t min, uint32_t has_max, uint64_t max,
                             awsm_error *err) {
  rt_error_clear(err);
  if (elem_type != AWSM_T_FUNCREF && elem_type != AWSM_T_EXTERNREF && elem_type != AWSM_T_EXNREF &&
      elem_type != AWSM_T_ANYREF) {
    rt_error_set(err, AWSM_ERR_INVALID, "table element type must be funcref, externref, exnref or anyref");
    return NULL;
  }
  if (has_max && max < min) {
    rt_error_set(err, AWSM_ERR_INVALID, "table maximum %llu is below its minimum %llu", (unsigned long long)max,
                 (unsigned long long)min);
    return NULL;
  }
  rt_table *t = malloc(sizeof *t);
  if (t == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  if (rt_table_init(t, elem_type, addr64, min, has_max, max, 0, NULL, err) != 0) {
    free(t);
    return NULL;
  }
  return &t->pub;
}

awsm_table *awsm_table_new(uint32_t elem_type, uint32_t min, uint32_t has_max, uint32_t max, awsm_error *err) {
  return table_new(elem_type, 0, min, has_max, max, err);
}

awsm_table *awsm_table_new64(uint32_t elem_type, uint64_t min, uint32_t has_max, uint64_t max, awsm_error *err) {
  return table_new(elem_type, 1, min, has_max, max, err);
}

void awsm_table_free(awsm_table *t) {
  if (t == NULL) return;
  rt_table_fini((rt_table *)t);
  free(t);
}

uint32_t awsm_table_grow_object(awsm_table *t, void *init, uint32_t delta) { return grow32(rt_table_grow(t, init, delta)); }

/* ---- helpers called by generated code ----
 * Bounds follow the spec: [x, x + n) must lie inside, for n = 0 too. The i32 helpers are the
 * u64 ones with zero-extended operands. */

/* [x, x + n) lies inside [0, size), without computing x + n (it may wrap in 64 bits). */
static int in_bounds(uint64_t x, uint64_t n, uint64_t size) { return n <= size && x <= size - n; }

uint64_t awsm_table_grow64(awsm_instance *ctx, uint32_t tableidx, void *init, uint64_t delta) {
  return rt_table_grow(ctx->tables[tableidx], init, delta);
}

uint32_t awsm_table_grow(awsm_instance *ctx, uint32_t tableidx, void *init, uint32_t delta) {
  return grow32(rt_table_grow(ctx->tables[tableidx], init, delta));
}

void awsm_table_fill64(awsm_instance *ctx, uint32_t tableidx, uint64_t i, void *val, uint64_t n, uint32_t funcidx) {
  awsm_table *t = ctx->tables[tableidx];
  if (!in_bounds(i, n, t->size)) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  for (uint64_t k = 0; k < n; k++) t->elems[i + k] = val;
}

void awsm_table_fill(awsm_instance *ctx, uint32_t tableidx, uint32_t i, void *val, uint32_t n, uint32_t funcidx) {
  awsm_table_fill64(ctx, tableidx, i, val, n, funcidx);
}

void awsm_table_copy64(awsm_instance *ctx, uint32_t dst_table, uint32_t src_table, uint64_t d, uint64_t s, uint64_t n,
                       uint32_t funcidx) {
  awsm_table *dt = ctx->tables[dst_table];
  awsm_table *st = ctx->tables[src_table];
  if (!in_bounds(s, n, st->size) || !in_bounds(d, n, dt->size)) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  if (n != 0) memmove(dt->elems + d, st->elems + s, (size_t)n * sizeof(void *));
}

void awsm_table_copy(awsm_instance *ctx, uint32_t dst_table, uint32_t src_table, uint32_t d, uint32_t s, uint32_t n,
                     uint32_t funcidx) {
  awsm_table_copy64(ctx, dst_table, src_table, d, s, n, funcidx);
}

void awsm_table_init64(awsm_instance *ctx, uint32_t tableidx, uint32_t elemidx, uint64_t d, uint64_t s, uint64_t n,
                       uint32_t funcidx) {
  awsm_table *t = ctx->tables[tableidx];
  awsm_elem_seg *seg = &ctx->elems[elemidx];
  if (!in_bounds(s, n, seg->count) || !in_bounds(d, n, t->size)) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  if (n != 0) memcpy(t->elems + d, seg->items + s, (size_t)n * sizeof(void *));
}

void awsm_table_init(awsm_instance *ctx, uint32_t tableidx, uint32_t elemidx, uint32_t d, uint32_t s, uint32_t n,
                     uint32_t funcidx) {
  awsm_table_init64(ctx, tableidx, elemidx, d, s, n, funcidx);
}

void awsm_elem_drop(awsm_instance *ctx, uint32_t elemidx) {
  /* The items array stays allocated (freed with the instance); count 0 makes it empty. */
  ctx->elems[elemidx].count = 0;
}
