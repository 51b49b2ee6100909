/*
 * memory.c — linear memories and the bulk-memory helpers.
 *
 * Guard mode (the only layout on 64-bit hosts, whatever the module's bounds flag): each
 * memory reserves RT_GUARD_RESERVATION bytes of PROT_NONE address space (MAP_NORESERVE, so
 * nothing is committed) and makes the first pages * 64 KiB read-write. Generated code adds
 * zext(i32 address) + u32 offset (+ access width <= 16) to the base: at most 8 GiB + 14,
 * inside the reservation, so an out-of-bounds access faults on this memory's own PROT_NONE
 * pages and the fault handler (trap.c) turns it into "out of bounds memory access".
 * memory.grow mprotects more pages; the base never moves, so ctx->mem0_base stays valid and
 * explicit-check code (which reads `size`) works on the same memory. Reservations come from
 * (and go back to) the pool of pool.c. Instances keep their memory objects inside their own
 * allocation (rt_memory_init/fini); host memories are allocated alone (awsm_memory_new).
 *
 * Without guard pages (32-bit hosts: platform.h RT_GUARD_PAGES) a memory is a read-write
 * mapping of its committed bytes, `reserved` its length, and growth remaps it (mremap with
 * MREMAP_MAYMOVE): the base may move. Only explicit-check code runs there (the translator
 * refuses guard mode on 32-bit targets), and it reads every memory's base from its object
 * (m->base, not ctx->mem0_base: src/translate/memory.ts), so a move is seen by every
 * instance that shares the memory.
 *
 * The host's accessors (awsm_memory_read/write/data/strlen) check [offset, offset + len)
 * against the current size in 64-bit arithmetic without overflow.
 *
 * Shared memories (threads proposal, docs/threads.md): several threads access one memory and
 * any of them may grow it. Growth is serialised by one lock (grows are rare), the new pages
 * are made accessible before the new size is published with a release store, and generated
 * code reads `size` and `pages` of a shared memory with acquire loads: a thread never sees a
 * size larger than what it may access. The base never moves (guard layout), so code running
 * on other threads keeps its base.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

/* The committed part of a memory of `size` bytes: whole 64 KiB units, so that the pool
 * (pool.c) only ever sees whole host pages. Bytes in [size, committed) are never written
 * (every access to a memory of 1-byte pages is checked against `size`), so they stay zero. */
static uint64_t committed(uint64_t size) { return (size + AWSM_PAGE_SIZE - 1) / AWSM_PAGE_SIZE * AWSM_PAGE_SIZE; }

/* The host's largest memory, in pages of 2^log2 bytes. */
static uint64_t host_max_pages(uint32_t log2) {
  return log2 == AWSM_PAGE_SIZE_LOG2 ? AWSM_MAX_PAGES : AWSM_MAX_BYTE_PAGES;
}

int rt_memory_init(awsm_memory *m, const awsm_memory_desc *type, uint32_t host_limit_pages, awsm_error *err) {
  memset(m, 0, sizeof *m);
  uint32_t log2 = type->page_size_log2;
  if (log2 != AWSM_PAGE_SIZE_LOG2 && log2 != AWSM_PAGE_SIZE_LOG2_BYTE) {
    rt_error_set(err, AWSM_ERR_INVALID, "memory page size 2^%u is not supported (1 or 65536 bytes)", log2);
    return -1;
  }
  uint64_t limit = host_max_pages(log2);
  if (type->has_max && type->max_pages < limit) limit = type->max_pages;
  /* The host limit is in 64 KiB pages, whatever this memory's page size. */
  uint64_t host = (uint64_t)host_limit_pages << (AWSM_PAGE_SIZE_LOG2 - log2);
  if (host_limit_pages != 0 && host < limit) limit = host;
  if (type->min_pages > limit) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "memory of %llu pages exceeds the limit of %llu pages",
                 (unsigned long long)type->min_pages, (unsigned long long)limit);
    return -1;
  }
  uint64_t bytes = type->min_pages << log2;
  uint8_t *base = rt_reservation_acquire(committed(bytes), err);
  if (base == NULL) return -1;
  m->base = base;
  m->size = bytes;
  m->pages = type->min_pages;
  m->max_pages = limit;
#if RT_GUARD_PAGES
  m->reserved = RT_GUARD_RESERVATION;
#else
  m->reserved = rt_mapping_size(committed(bytes));
#endif
  m->has_max = type->has_max ? 1 : 0;
  m->page_size_log2 = log2;
  m->declared_max = type->has_max ? type->max_pages : 0;
  m->addr64 = type->addr64 ? 1 : 0;
  m->shared = type->shared ? 1 : 0;
  return 0;
}

void rt_memory_fini(awsm_memory *m) {
  if (m == NULL || m->base == NULL) return;
#if RT_GUARD_PAGES
  rt_reservation_release(m->base, committed(m->size));
#else
  rt_reservation_release(m->base, m->reserved);
#endif
  m->base = NULL;
}

/* Serialises the growth of shared memories (one lock for all: growth is rare). */
static pthread_mutex_t shared_grow_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t grow_locked(awsm_memory *m, uint64_t delta_pages);

uint64_t rt_memory_grow(awsm_memory *m, uint64_t delta_pages) {
  if (!m->shared) return grow_locked(m, delta_pages);
  pthread_mutex_lock(&shared_grow_lock);
  uint64_t old = grow_locked(m, delta_pages);
  pthread_mutex_unlock(&shared_grow_lock);
  return old;
}

/* Grow by delta_pages (the caller holds shared_grow_lock for a shared memory): the old page
 * count, or UINT64_MAX when the memory cannot grow. */
static uint64_t grow_locked(awsm_memory *m, uint64_t delta_pages) {
  uint64_t old = m->pages;
  if (delta_pages == 0) return old;
  if (delta_pages > m->max_pages - old) return UINT64_MAX; /* max_pages >= old always */
  uint64_t want = old + delta_pages;
  uint64_t size = want << m->page_size_log2;
  /* Pages past the accessible part read as zero (fresh, or zeroed by the pool). */
  uint64_t from = committed(m->size), to = committed(size);
#if RT_GUARD_PAGES
  if (to > from && mprotect(m->base + from, to - from, PROT_READ | PROT_WRITE) != 0) {
    /* mprotect may have changed part of the range: everything past `size` must fault. */
    mprotect(m->base + from, to - from, PROT_NONE);
    return UINT64_MAX;
  }
#else
  if (to > m->reserved) {
    /* The new pages are fresh anonymous ones: zero. A failure leaves the mapping as it was.
     * A shared memory never moves (other threads hold its base): it grows in place or not. */
    void *p = to > SIZE_MAX ? MAP_FAILED : mremap(m->base, (size_t)m->reserved, (size_t)to, m->shared ? 0 : MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return UINT64_MAX;
    m->base = p;
    m->reserved = to;
  }
  (void)from;
#endif
  /* Published after the pages are accessible: another thread reading the new size (acquire)
   * may access them. */
  __atomic_store_n(&m->size, size, __ATOMIC_RELEASE);
  __atomic_store_n(&m->pages, want, __ATOMIC_RELEASE);
  return old;
}

/* ---- public wrappers ---- */

awsm_memory *awsm_memory_new(uint32_t min_pages, uint32_t has_max, uint32_t max_pages, awsm_error *err) {
  awsm_memory_desc type = {min_pages, max_pages, has_max, AWSM_PAGE_SIZE_LOG2, 0, 0};  /* unshared */
  return awsm_memory_new_type(&type, err);
}

awsm_memory *awsm_memory_new_type(const awsm_memory_desc *type, awsm_error *err) {
  rt_error_clear(err);
  if (type->has_max && type->max_pages < type->min_pages) {
    rt_error_set(err, AWSM_ERR_INVALID, "memory maximum %llu is below its minimum %llu",
                 (unsigned long long)type->max_pages, (unsigned long long)type->min_pages);
    return NULL;
  }
  awsm_memory *m = malloc(sizeof *m);
  if (m == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  if (rt_memory_init(m, type, 0, err) != 0) {
    free(m);
    return NULL;
  }
  return m;
}

void awsm_memory_free(awsm_memory *m) {
  if (m == NULL) return;
  rt_memory_fini(m);
  free(m);
}

uint32_t awsm_memory_grow_object(awsm_memory *m, uint32_t delta_pages) {
  uint64_t old = rt_memory_grow(m, delta_pages);
  return old > UINT32_MAX ? 0xFFFFFFFFu : (uint32_t)old;
}

/* ---- bounds-checked access for the host ---- */

uint64_t awsm_memory_size(const awsm_memory *m) { return m == NULL ? 0 : __atomic_load_n(&m->size, __ATOMIC_ACQUIRE); }

static int in_bounds(const awsm_memory *m, uint64_t offset, uint64_t len) {
  uint64_t size = awsm_memory_size(m); /* once: another thread may grow a shared memory */
  return m != NULL && offset <= size && len <= size - offset;
}

int awsm_memory_read(const awsm_memory *m, uint64_t offset, void *dst, size_t len) {
  if (!in_bounds(m, offset, len)) return -1;
  if (len != 0) memcpy(dst, m->base + offset, len);
  return 0;
}

int awsm_memory_write(awsm_memory *m, uint64_t offset, const void *src, size_t len) {
  if (!in_bounds(m, offset, len)) return -1;
  if (len != 0) memcpy(m->base + offset, src, len);
  return 0;
}

void *awsm_memory_data(awsm_memory *m, uint64_t offset, uint64_t len) {
  return in_bounds(m, offset, len) ? m->base + offset : NULL;
}

int64_t awsm_memory_strlen(const awsm_memory *m, uint64_t offset, uint64_t max_len) {
  if (m == NULL || offset >= awsm_memory_size(m)) return -1;
  uint64_t avail = awsm_memory_size(m) - offset;
  uint64_t n = max_len < avail ? max_len + 1 : avail;
  const uint8_t *nul = memchr(m->base + offset, 0, n);
  return nul == NULL ? -1 : (int64_t)(nul - (m->base + offset));
}

/* ---- helpers called by generated code ----
 * Bounds follow the spec: the range [x, x + n) must lie inside, computed in 64 bits, and it
 * is checked even when n = 0 (so x = size passes, x = size + 1 traps). */

uint32_t awsm_memory_grow(awsm_instance *ctx, uint32_t memidx, uint32_t delta_pages) {
  /* A 32-bit memory never has 2^32 pages or more (at most 2^32 - 1 bytes). */
  return (uint32_t)rt_memory_grow(ctx->memories[memidx], delta_pages);
}

uint64_t awsm_memory_grow64(awsm_instance *ctx, uint32_t memidx, uint64_t delta_pages) {
  return rt_memory_grow(ctx->memories[memidx], delta_pages);
}

void awsm_memory_init(awsm_instance *ctx, uint32_t memidx, uint32_t dataidx, uint32_t d, uint32_t s, uint32_t n,
                      uint32_t funcidx) {
  awsm_memory *m = ctx->memories[memidx];
  awsm_data_seg *seg = &ctx->datas[dataidx];
  if ((uint64_t)s + n > seg->len || (uint64_t)d + n > awsm_memory_size(m)) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  if (n != 0) memcpy(m->base + d, seg->bytes + s, n);
}

void awsm_data_drop(awsm_instance *ctx, uint32_t dataidx) { ctx->datas[dataidx].len = 0; }

void awsm_data_apply(awsm_instance *ctx, const rt_active_data *segs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    uint32_t k = segs[i].dataidx;
    awsm_memory_init(ctx, segs[i].memidx, k, segs[i].offset, 0, ctx->datas[k].len, UINT32_MAX);
    awsm_data_drop(ctx, k);
  }
}

void awsm_memory_copy(awsm_instance *ctx, uint32_t dst_mem, uint32_t src_mem, uint32_t d, uint32_t s, uint32_t n,
                      uint32_t funcidx) {
  awsm_memory *dm = ctx->memories[dst_mem];
  awsm_memory *sm = ctx->memories[src_mem];
  if ((uint64_t)s + n > awsm_memory_size(sm) || (uint64_t)d + n > awsm_memory_size(dm)) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  if (n != 0) memmove(dm->base + d, sm->base + s, n);
}

void awsm_memory_fill(awsm_instance *ctx, uint32_t memidx, uint32_t d, uint32_t val, uint32_t n,
                      uint32_t funcidx) {
  awsm_memory *m = ctx->memories[memidx];
  if ((uint64_t)d + n > awsm_memory_size(m)) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  if (n != 0) memset(m->base + d, (int)(val & 0xFF), n);
}

/* ---- the 64-bit variants (memory64): [x, x + n) inside [0, size), without overflow ---- */

static int range_out(uint64_t x, uint64_t n, uint64_t size) { return n > size || x > size - n; }

void awsm_memory_init64(awsm_instance *ctx, uint32_t memidx, uint32_t dataidx, uint64_t d, uint32_t s, uint32_t n,
                        uint32_t funcidx) {
  awsm_memory *m = ctx->memories[memidx];
  awsm_data_seg *seg = &ctx->datas[dataidx];
  if ((uint64_t)s + n > seg->len || range_out(d, n, awsm_memory_size(m))) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  if (n != 0) memcpy(m->base + d, seg->bytes + s, n);
}

void awsm_memory_copy64(awsm_instance *ctx, uint32_t dst_mem, uint32_t src_mem, uint64_t d, uint64_t s, uint64_t n,
                        uint32_t funcidx) {
  awsm_memory *dm = ctx->memories[dst_mem];
  awsm_memory *sm = ctx->memories[src_mem];
  if (range_out(s, n, awsm_memory_size(sm)) || range_out(d, n, awsm_memory_size(dm))) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  if (n != 0) memmove(dm->base + d, sm->base + s, n);
}

void awsm_memory_fill64(awsm_instance *ctx, uint32_t memidx, uint64_t d, uint32_t val, uint64_t n, uint32_t funcidx) {
  awsm_memory *m = ctx->memories[memidx];
  if (range_out(d, n, awsm_memory_size(m))) awsm_trap(ctx, AWSM_TRAP_MEMORY_OOB, funcidx);
  if (n != 0) memset(m->base + d, (int)(val & 0xFF), n);
}
