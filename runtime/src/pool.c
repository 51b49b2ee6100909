/*
 * pool.c — the pool of linear-memory reservations, which makes instantiation cheap.
 *
 * A guard-mode memory is an 8 GiB + 64 KiB PROT_NONE reservation with its first pages
 * read-write (memory.c). Creating and destroying one costs an mmap, an mprotect and an
 * munmap of a huge range, plus a page fault for every page the instance touches again; on
 * virtual machines each of these is several microseconds. So a freed memory's reservation
 * is kept, zeroed, and handed to the next memory:
 *
 *   release  zero the read-write part, then push it (or munmap when the pool is full);
 *   acquire  pop one (or mmap a new one) and mprotect its read-write part to exactly the
 *            size asked for (nothing at all when it already has that size).
 *
 * Zeroing. Every page of a pooled reservation reads as zero: that is the invariant, and the
 * only thing that keeps one sandbox's data out of the next. The read-write part is zeroed
 * page by page as /proc/self/pagemap describes it (one pread):
 *   - not present and not swapped: the page table entry is empty; an anonymous private
 *     page then reads as zero already. Nothing to do.
 *   - present and exclusively ours: memset to zero. The page stays resident, so the next
 *     instance does not take a page fault for it (faults dominate instantiation otherwise).
 *   - anything else (swapped out, the shared zero page, shared with a forked child, ...):
 *     madvise(MADV_DONTNEED) over the run of such pages, which makes them read as zero.
 * When pagemap cannot be read, the part is large, or too many pages are resident (they
 * would stay resident in an idle pool), the whole part is MADV_DONTNEED'ed instead. A
 * memory that grew large gives back its address range as PROT_NONE (mmap MAP_FIXED over
 * it), so idle reservations never hold much.
 *
 * The pool holds at most `limit` reservations (awsm_memory_pool_limit, default 128); its lock
 * is held only to push and pop. pagemap's file descriptor is opened once; a forked child
 * closes the inherited one and opens its own (it must not read its parent's page map), and
 * fork waits for the locks (pthread_atfork).
 *
 * Without guard pages (32-bit hosts, platform.h RT_GUARD_PAGES) there is no reservation to
 * keep: a memory is a plain read-write mapping of its committed bytes (at least one 64 KiB
 * page), mapped on acquire and unmapped on release, which memory.c moves with mremap as it grows.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#if RT_GUARD_PAGES
#define POOL_DEFAULT_LIMIT 128
/* Read-write parts up to this size are zeroed by pagemap; larger ones by madvise. */
#define PAGEMAP_MAX_PAGES 512
/* Resident bytes a pooled reservation may keep (zeroed); more are given back. */
#define KEEP_RESIDENT_MAX ((uint64_t)256 << 10)
/* A read-write part larger than this becomes PROT_NONE again when pooled. */
#define KEEP_RW_MAX ((uint64_t)16 << 20)

#define PM_PRESENT ((uint64_t)1 << 63)
#define PM_SWAP ((uint64_t)1 << 62)
#define PM_EXCLUSIVE ((uint64_t)1 << 56)

typedef struct pooled {
  uint8_t *base;
  uint64_t rw;
} pooled;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pooled *g_free;
static size_t g_count, g_cap;
static size_t g_limit = POOL_DEFAULT_LIMIT;

/* /proc/self/pagemap, opened on first use: PAGEMAP_UNTRIED, PAGEMAP_FAILED (not retried), or
 * the descriptor. Written under g_pagemap_lock, read without it (atomic). */
#define PAGEMAP_UNTRIED (-1)
#define PAGEMAP_FAILED (-2)
static pthread_mutex_t g_pagemap_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_pagemap_fd = PAGEMAP_UNTRIED;
static size_t g_page_size;

/* fork: no lock may be held by a thread that does not exist in the child, and the child must
 * not read its parent's page map (the inherited descriptor names the parent's pid). Registered
 * by the first acquire, which precedes every release. */
static void atfork_prepare(void) {
  pthread_mutex_lock(&g_lock);
  pthread_mutex_lock(&g_pagemap_lock);
}
static void atfork_parent(void) {
  pthread_mutex_unlock(&g_pagemap_lock);
  pthread_mutex_unlock(&g_lock);
}
static void atfork_child(void) {
  if (g_pagemap_fd >= 0) close(g_pagemap_fd);
  g_pagemap_fd = PAGEMAP_UNTRIED;
  atfork_parent();
}
static pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;
static void register_atfork(void) { pthread_atfork(atfork_prepare, atfork_parent, atfork_child); }

static size_t page_size(void) {
  size_t p = __atomic_load_n(&g_page_size, __ATOMIC_RELAXED);
  if (p == 0) {
    long v = sysconf(_SC_PAGESIZE);
    p = v > 0 ? (size_t)v : 4096;
    __atomic_store_n(&g_page_size, p, __ATOMIC_RELAXED);
  }
  return p;
}

/* This process's pagemap, or -1 (a failure to open it is remembered, not retried). */
static int pagemap_fd(void) {
  int fd = __atomic_load_n(&g_pagemap_fd, __ATOMIC_ACQUIRE);
  if (fd == PAGEMAP_UNTRIED) {
    pthread_mutex_lock(&g_pagemap_lock);
    fd = g_pagemap_fd;
    if (fd == PAGEMAP_UNTRIED) {
      fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
      if (fd < 0) fd = PAGEMAP_FAILED;
      __atomic_store_n(&g_pagemap_fd, fd, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&g_pagemap_lock);
  }
  return fd >= 0 ? fd : -1;
}

static int dontneed(uint8_t *p, uint64_t len) { return len == 0 || madvise(p, len, MADV_DONTNEED) == 0; }

/* Makes [base, base + rw) read as zero; 1 on success. */
static int zero_rw(uint8_t *base, uint64_t rw) {
  if (rw == 0) return 1;
  size_t ps = page_size();
  uint64_t n = rw / ps;
  int fd = n <= PAGEMAP_MAX_PAGES ? pagemap_fd() : -1;
  uint64_t map[PAGEMAP_MAX_PAGES];
  if (fd < 0 || pread(fd, map, n * sizeof map[0], (off_t)((uintptr_t)base / ps * sizeof map[0])) !=
                    (ssize_t)(n * sizeof map[0]))
    return dontneed(base, rw);
  uint64_t resident = 0;
  for (uint64_t i = 0; i < n; i++)
    if ((map[i] & (PM_PRESENT | PM_EXCLUSIVE)) == (PM_PRESENT | PM_EXCLUSIVE)) resident += ps;
  if (resident > KEEP_RESIDENT_MAX) return dontneed(base, rw);
  uint64_t run = 0; /* start of the current run of pages for madvise, valid when in_run */
  int in_run = 0;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t e = map[i];
    int zap = (e & (PM_PRESENT | PM_SWAP)) != 0 && (e & (PM_PRESENT | PM_EXCLUSIVE)) != (PM_PRESENT | PM_EXCLUSIVE);
    if (zap && !in_run) {
      run = i;
      in_run = 1;
    } else if (!zap && in_run) {
      if (!dontneed(base + run * ps, (i - run) * ps)) return dontneed(base, rw);
      in_run = 0;
    }
    if ((e & (PM_PRESENT | PM_EXCLUSIVE)) == (PM_PRESENT | PM_EXCLUSIVE)) memset(base + i * ps, 0, ps);
  }
  if (in_run && !dontneed(base + run * ps, (n - run) * ps)) return dontneed(base, rw);
  return 1;
}

uint8_t *rt_reservation_acquire(uint64_t rw_bytes, awsm_error *err) {
  pthread_once(&g_atfork_once, register_atfork);
  uint8_t *base = NULL;
  uint64_t rw = 0;
  pthread_mutex_lock(&g_lock);
  if (g_count > 0) {
    g_count--;
    base = g_free[g_count].base;
    rw = g_free[g_count].rw;
  }
  pthread_mutex_unlock(&g_lock);
  if (base == NULL) {
    void *p = mmap(NULL, RT_GUARD_RESERVATION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "cannot reserve address space for a linear memory: %s", strerror(errno));
      return NULL;
    }
    base = p;
  }
  int rc = 0;
  if (rw < rw_bytes)
    rc = mprotect(base + rw, rw_bytes - rw, PROT_READ | PROT_WRITE);
  else if (rw > rw_bytes)
    rc = mprotect(base + rw_bytes, rw - rw_bytes, PROT_NONE); /* those pages are zero already */
  if (rc != 0) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "cannot commit %llu pages of linear memory: %s",
                 (unsigned long long)(rw_bytes / AWSM_PAGE_SIZE), strerror(errno));
    munmap(base, RT_GUARD_RESERVATION);
    return NULL;
  }
  return base;
}

void rt_reservation_release(uint8_t *base, uint64_t rw_bytes) {
  if (base == NULL) return;
  pthread_mutex_lock(&g_lock);
  int keep = g_count < g_limit;
  pthread_mutex_unlock(&g_lock);
  if (keep && rw_bytes > KEEP_RW_MAX) {
    /* Back to PROT_NONE with nothing behind it: one call zaps the pages and protects. */
    if (mmap(base, rw_bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
      keep = 0;
    rw_bytes = 0;
  } else if (keep && !zero_rw(base, rw_bytes)) {
    keep = 0;
  }
  if (keep) {
    pthread_mutex_lock(&g_lock);
    if (g_count < g_limit && g_count == g_cap) {
      size_t cap = g_cap ? g_cap * 2 : 16;
      pooled *p = realloc(g_free, cap * sizeof *p);
      if (p != NULL) {
        g_free = p;
        g_cap = cap;
      }
    }
    keep = g_count < g_limit && g_count < g_cap;
    if (keep) {
      g_free[g_count].base = base;
      g_free[g_count].rw = rw_bytes;
      g_count++;
    }
    pthread_mutex_unlock(&g_lock);
  }
  if (!keep) munmap(base, RT_GUARD_RESERVATION);
}

size_t awsm_memory_pool_limit(size_t max_free) {
  pooled *drop = NULL;
  size_t ndrop = 0;
  pthread_mutex_lock(&g_lock);
  size_t old = g_limit;
  g_limit = max_free;
  if (g_count > max_free) {
    ndrop = g_count - max_free;
    drop = malloc(ndrop * sizeof *drop);
    if (drop != NULL) {
      memcpy(drop, g_free + max_free, ndrop * sizeof *drop);
      g_count = max_free;
    } else {
      ndrop = 0;
    }
  }
  if (g_count == 0 && max_free == 0) {
    free(g_free);
    g_free = NULL;
    g_cap = 0;
  }
  pthread_mutex_unlock(&g_lock);
  for (size_t i = 0; i < ndrop; i++) munmap(drop[i].base, RT_GUARD_RESERVATION);
  free(drop);
  return old;
}
#else
/* The mapping of a memory of `rw_bytes` committed bytes: never empty (mmap refuses 0). */
uint64_t rt_mapping_size(uint64_t rw_bytes) { return rw_bytes == 0 ? AWSM_PAGE_SIZE : rw_bytes; }

uint8_t *rt_reservation_acquire(uint64_t rw_bytes, awsm_error *err) {
  uint64_t len = rt_mapping_size(rw_bytes);
  void *p = len > SIZE_MAX ? MAP_FAILED : mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "cannot map %llu pages of linear memory: %s",
                 (unsigned long long)(rw_bytes / AWSM_PAGE_SIZE), len > SIZE_MAX ? strerror(ENOMEM) : strerror(errno));
    return NULL;
  }
  return p;
}

void rt_reservation_release(uint8_t *base, uint64_t rw_bytes) {
  if (base != NULL) munmap(base, (size_t)rt_mapping_size(rw_bytes));
}

size_t awsm_memory_pool_limit(size_t max_free) {
  (void)max_free;
  return 0;
}
#endif
