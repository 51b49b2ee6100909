/*
 * atomic_wait.c — memory.atomic.wait32/64 and memory.atomic.notify (threads proposal).
 *
 * A futex-like wait queue keyed by host address: generated code has checked the alignment and
 * the bounds and passes the pointer into the (shared) memory, which is the same for every
 * instance sharing it. Waiters hash into one of WAIT_BUCKETS buckets; each bucket has a lock
 * and a list of waiters in arrival order, each with its own condition variable
 * (CLOCK_MONOTONIC).
 *
 * No lost wake-up: wait compares the memory with the expected value while holding its
 * bucket's lock and enqueues itself before releasing it; notify takes the same lock, so a
 * notify that follows the store another thread waits for always finds the waiter. notify
 * wakes the oldest waiters first, up to `count`, and returns how many it woke.
 *
 * Results of wait: 0 woken by notify ("ok"), 1 the value differed ("not-equal"), 2 the
 * timeout (ns; negative: none) passed ("timed-out"). wait on an unshared memory never gets
 * here: the generated code traps "expected shared memory" (src/translate/atomic.ts).
 *
 * Interrupts: a waiting thread wakes at least every WAIT_SLICE_NS to look for a pending
 * interrupt (awsm_instance_interrupt, deadlines); it then leaves the queue and its lock before
 * it traps "interrupted", so the queue never keeps a waiter whose frame is gone.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "internal.h"

#define WAIT_BUCKETS 64u
#define WAIT_SLICE_NS 10000000ull /* 10 ms */

typedef struct waiter {
  const void *addr;     /* the waited-on address */
  pthread_cond_t cond;  /* signalled by notify */
  int woken;            /* set by notify (under the bucket lock) */
  struct waiter *next;  /* the next waiter of the bucket */
} waiter;

typedef struct bucket {
  pthread_mutex_t lock;  /* guards `head` and every waiter on it */
  waiter *head;          /* waiters, oldest first */
} bucket;

static bucket g_buckets[WAIT_BUCKETS];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void buckets_init(void) {
  for (unsigned i = 0; i < WAIT_BUCKETS; i++) pthread_mutex_init(&g_buckets[i].lock, NULL);
}

static bucket *bucket_of(const void *addr) {
  pthread_once(&g_once, buckets_init);
  uintptr_t a = (uintptr_t)addr;
  return &g_buckets[((a >> 2) ^ (a >> 12)) % WAIT_BUCKETS];
}

/* Unlinks w from b (the caller holds b->lock); nothing if it is not linked. */
static void unlink_waiter(bucket *b, waiter *w) {
  for (waiter **pp = &b->head; *pp != NULL; pp = &(*pp)->next) {
    if (*pp == w) {
      *pp = w->next;
      return;
    }
  }
}

/* Blocks on w (linked into b, b->lock held) until notified, the timeout passes or an
 * interrupt is pending; returns 0, 2, or -1 for an interrupt (w unlinked in both latter). */
static int block(bucket *b, waiter *w, int64_t timeout_ns) {
  uint64_t now = rt_clock_ns(CLOCK_MONOTONIC);
  uint64_t deadline = timeout_ns < 0 ? UINT64_MAX : now + (uint64_t)timeout_ns;
  if (deadline < now) deadline = UINT64_MAX; /* overflow: as good as no timeout */
  for (;;) {
    if (w->woken) return 0;
    now = rt_clock_ns(CLOCK_MONOTONIC);
    if (now >= deadline) {
      unlink_waiter(b, w);
      return 2;
    }
    if (rt_interrupt_pending()) {
      unlink_waiter(b, w);
      return -1;
    }
    uint64_t until = deadline - now > WAIT_SLICE_NS ? now + WAIT_SLICE_NS : deadline;
    struct timespec ts = {(time_t)(until / 1000000000ull), (long)(until % 1000000000ull)};
    pthread_cond_timedwait(&w->cond, &b->lock, &ts);
  }
}

/* The common part of wait32 and wait64: `same` compares the memory at addr with the expected
 * value (atomically, seq_cst). */
static int32_t wait_common(void *addr, int (*same)(void *, uint64_t), uint64_t expected, int64_t timeout_ns) {
  bucket *b = bucket_of(addr);
  pthread_mutex_lock(&b->lock);
  if (!same(addr, expected)) {
    pthread_mutex_unlock(&b->lock);
    return 1;
  }
  waiter w = {addr, PTHREAD_COND_INITIALIZER, 0, NULL};
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w.cond, &attr);
  pthread_condattr_destroy(&attr);
  /* Append: notify wakes the oldest first. */
  waiter **pp = &b->head;
  while (*pp != NULL) pp = &(*pp)->next;
  *pp = &w;
  int r = block(b, &w, timeout_ns);
  pthread_mutex_unlock(&b->lock);
  pthread_cond_destroy(&w.cond);
  if (r < 0) rt_check_interrupt(); /* traps "interrupted" */
  return r < 0 ? 2 : r;
}

static int same32(void *addr, uint64_t expected) {
  return __atomic_load_n((uint32_t *)addr, __ATOMIC_SEQ_CST) == (uint32_t)expected;
}

static int same64(void *addr, uint64_t expected) {
  return __atomic_load_n((uint64_t *)addr, __ATOMIC_SEQ_CST) == expected;
}

int32_t awsm_atomic_wait32(awsm_instance *ctx, void *addr, uint32_t expected, int64_t timeout_ns) {
  (void)ctx;
  return wait_common(addr, same32, expected, timeout_ns);
}

int32_t awsm_atomic_wait64(awsm_instance *ctx, void *addr, uint64_t expected, int64_t timeout_ns) {
  (void)ctx;
  return wait_common(addr, same64, expected, timeout_ns);
}

uint32_t awsm_atomic_notify(awsm_instance *ctx, void *addr, uint32_t count) {
  (void)ctx;
  bucket *b = bucket_of(addr);
  uint32_t n = 0;
  pthread_mutex_lock(&b->lock);
  for (waiter **pp = &b->head; *pp != NULL && n < count;) {
    waiter *w = *pp;
    if (w->addr != addr) {
      pp = &w->next;
      continue;
    }
    *pp = w->next;
    w->woken = 1;
    pthread_cond_signal(&w->cond);
    n++;
  }
  pthread_mutex_unlock(&b->lock);
  return n;
}
