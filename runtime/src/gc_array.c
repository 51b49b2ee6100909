/*
 * gc_array.c — the array instructions generated code calls the runtime for (docs/gc.md,
 * "Functions for the translator"): array.new_fixed, array.new_data, array.new_elem, array.fill, array.copy,
 * array.init_data, array.init_elem. Every range is checked, in u64 arithmetic, before anything
 * is written, in the spec's order: the array's range ("out of bounds array access"), then the
 * segment's ("out of bounds memory access" for data, "out of bounds table access" for
 * elements). Element bytes are the little-endian storage layout, as in linear memory.
 */
#include <string.h>

#include "gc.h"

static uint8_t *elems_of(void *arr) { return (uint8_t *)arr + AWSM_GC_ARRAY_DATA; }

/* Traps unless arr is non-null and [d, d + n) lies inside it; returns its element size. */
static uint32_t check_array(awsm_instance *ctx, void *arr, uint32_t d, uint32_t n, uint32_t funcidx) {
  if (arr == NULL) awsm_trap(ctx, AWSM_TRAP_NULL_ARRAY_REF, funcidx);
  if ((uint64_t)d + n > awsm_gc_array_len(arr)) awsm_trap(ctx, AWSM_TRAP_ARRAY_OOB, funcidx);
  return gc_rtt((uintptr_t)arr)->size;
}

/* The bytes [s, s + bytes) of data segment dataidx, or a trap. */
static const uint8_t *data_range(awsm_instance *ctx, uint32_t dataidx, uint32_t s, uint64_t bytes, uint32_t funcidx) {
  const awsm_data_seg *seg = &ctx->datas[dataidx];
  if ((uint64_t)s + bytes > seg->len) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  return seg->bytes + s;
}

/* The items [s, s + n) of element segment elemidx, or a trap. */
static void *const *elem_range(awsm_instance *ctx, uint32_t elemidx, uint32_t s, uint32_t n, uint32_t funcidx) {
  const awsm_elem_seg *seg = &ctx->elems[elemidx];
  if ((uint64_t)s + n > seg->count) awsm_trap(ctx, AWSM_TRAP_TABLE_OOB, funcidx);
  return seg->items + s;
}

void *awsm_gc_array_new_fixed(awsm_instance *ctx, const awsm_rtt *rtt, uint32_t n, const void *vals, uint32_t funcidx) {
  void *a = awsm_gc_array_new(ctx, rtt, n, funcidx);
  memcpy(elems_of(a), vals, (size_t)n * rtt->size);
  return a;
}

/* A reference element's slot: 8 bytes on every target (docs/gc.md, "Layout"). */
#define GC_REF_SLOT 8

/* Element segment values (pointer-sized) into n reference slots at dst: on 64-bit targets a
 * copy, on 32-bit ones each pointer widened to its 8-byte slot. */
static void copy_refs(uint8_t *dst, void *const *src, uint32_t n) {
  if (sizeof(void *) == GC_REF_SLOT) {
    memcpy(dst, src, (size_t)n * GC_REF_SLOT);
    return;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint64_t w = (uintptr_t)src[i];
    memcpy(dst + (size_t)i * GC_REF_SLOT, &w, GC_REF_SLOT);
  }
}

void *awsm_gc_array_new_data(awsm_instance *ctx, const awsm_rtt *rtt, uint32_t dataidx, uint32_t s, uint32_t len,
                             uint32_t funcidx) {
  uint64_t bytes = (uint64_t)len * rtt->size;
  const uint8_t *src = data_range(ctx, dataidx, s, bytes, funcidx);
  void *a = awsm_gc_array_new(ctx, rtt, len, funcidx);
  memcpy(elems_of(a), src, bytes);
  return a;
}

void *awsm_gc_array_new_elem(awsm_instance *ctx, const awsm_rtt *rtt, uint32_t elemidx, uint32_t s, uint32_t len,
                             uint32_t funcidx) {
  void *const *src = elem_range(ctx, elemidx, s, len, funcidx);
  void *a = awsm_gc_array_new(ctx, rtt, len, funcidx);
  copy_refs(elems_of(a), src, len);
  return a;
}

void awsm_gc_array_fill(awsm_instance *ctx, void *arr, uint32_t d, const void *val, uint32_t n, uint32_t funcidx) {
  uint32_t size = check_array(ctx, arr, d, n, funcidx);
  uint8_t *p = elems_of(arr) + (uint64_t)d * size;
  if (size == 1) {
    memset(p, *(const uint8_t *)val, n);
    return;
  }
  for (uint32_t i = 0; i < n; i++, p += size) memcpy(p, val, size);
}

void awsm_gc_array_copy(awsm_instance *ctx, void *dst, uint32_t d, void *src, uint32_t s, uint32_t n,
                        uint32_t funcidx) {
  uint32_t size = check_array(ctx, dst, d, n, funcidx);
  check_array(ctx, src, s, n, funcidx);
  memmove(elems_of(dst) + (uint64_t)d * size, elems_of(src) + (uint64_t)s * size, (size_t)n * size);
}

void awsm_gc_array_init_data(awsm_instance *ctx, void *arr, uint32_t d, uint32_t dataidx, uint32_t s, uint32_t n,
                             uint32_t funcidx) {
  uint32_t size = check_array(ctx, arr, d, n, funcidx);
  const uint8_t *src = data_range(ctx, dataidx, s, (uint64_t)n * size, funcidx);
  memcpy(elems_of(arr) + (uint64_t)d * size, src, (size_t)n * size);
}

void awsm_gc_array_init_elem(awsm_instance *ctx, void *arr, uint32_t d, uint32_t elemidx, uint32_t s, uint32_t n,
                             uint32_t funcidx) {
  check_array(ctx, arr, d, n, funcidx);
  void *const *src = elem_range(ctx, elemidx, s, n, funcidx);
  copy_refs(elems_of(arr) + (uint64_t)d * GC_REF_SLOT, src, n);
}
