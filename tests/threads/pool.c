/*
 * wasi-threads from C: a parallel sum on a pthreads thread pool, built for
 * wasm32-wasi-threads with the sysroot scripts/setup.sh assembles (docs/threads.md, "C with
 * pthreads").
 *
 *   pool THREADS [LOG2_N]
 *
 * The sum of hash(i) for i < 2^LOG2_N (default 30), hash a 32-bit multiply-xorshift, cut into
 * 256 tasks that a pool of THREADS workers (pthread_create) takes from a queue guarded by a
 * mutex, with condition variables for "a task is queued" and "all tasks are done"; the
 * workers add their partial sums under the mutex, and are joined after a shutdown. Prints
 * "sum S tasks T" (T: the tasks run, 256) and exits 0; exits 1 on a pthread error. The test
 * (tests/e2e/threads.test.ts) checks S against its own computation, and that 1, 2 and 4
 * workers agree.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TASKS 256

/* The pool's state, all under `lock`. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queued = PTHREAD_COND_INITIALIZER; /* a task was queued, or shutdown */
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;   /* the last task finished */
static uint32_t next_task, queued_tasks;                  /* queue: tasks [next_task, queued_tasks) */
static uint32_t finished;                                 /* tasks finished */
static int shutting_down;                                 /* the workers end when the queue is empty */
static uint64_t total;                                    /* the sum of the finished tasks */
static uint64_t task_len;                                 /* numbers per task */

static uint32_t hash(uint32_t i) {
  uint32_t x = i * 0x9E3779B1u;
  return x ^ (x >> 15);
}

static uint64_t run_task(uint32_t t) {
  uint64_t s = 0;
  uint64_t end = (uint64_t)(t + 1) * task_len;
  for (uint64_t i = (uint64_t)t * task_len; i < end; i++) s += hash((uint32_t)i);
  return s;
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (next_task == queued_tasks && !shutting_down) pthread_cond_wait(&queued, &lock);
    if (next_task == queued_tasks) break; /* shutting down, nothing left */
    uint32_t t = next_task++;
    pthread_mutex_unlock(&lock);
    uint64_t s = run_task(t);
    pthread_mutex_lock(&lock);
    total += s;
    if (++finished == TASKS) pthread_cond_signal(&idle);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  int log2n = argc > 2 ? atoi(argv[2]) : 30;
  if (threads < 1 || threads > 64 || log2n < 8 || log2n > 32) {
    fprintf(stderr, "usage: pool THREADS(1-64) [LOG2_N(8-32)]\n");
    return 2;
  }
  task_len = (1ull << log2n) / TASKS;
  pthread_t pool[64];
  for (int i = 0; i < threads; i++) {
    if (pthread_create(&pool[i], NULL, worker, NULL) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 1;
    }
  }
  pthread_mutex_lock(&lock);
  for (uint32_t t = 0; t < TASKS; t++) { /* queue the tasks one by one, waking one worker each */
    queued_tasks++;
    pthread_cond_signal(&queued);
  }
  while (finished < TASKS) pthread_cond_wait(&idle, &lock);
  shutting_down = 1;
  pthread_cond_broadcast(&queued);
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < threads; i++) pthread_join(pool[i], NULL);
  printf("sum %llu tasks %u\n", (unsigned long long)total, finished);
  return 0;
}
