/*
 * driver.c — the instantiation benchmark (npm run bench:instantiate; bench/instantiate/run.ts
 * builds it). Links the module of module.wat, compiled by awsm as `bench_inst`, with the
 * runtime, and measures:
 *
 *   1. instantiate + destroy: BATCHES batches of N cycles each (defaults 9 x 10,000), after a
 *      warm-up batch; the median batch, in microseconds per cycle. Each cycle runs the whole
 *      instantiation (memory with its data segment, table with its element segment, globals)
 *      and frees the instance.
 *   2. the same with one call (`sum` over the data segment) between instantiate and destroy,
 *      which also makes the instance touch its memory;
 *   3. the memory an idle instance costs: resident set size and page tables (VmRSS, VmPTE of
 *      /proc/self/status) before and after making LIVE (default 1,000) instances, divided by
 *      LIVE.
 *
 * Usage: driver [N [BATCHES [LIVE]]]. The last line is always
 *   instantiate+destroy: <median> us per instance
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "awsm.h"

extern const awsm_module_desc bench_inst_module;

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static awsm_instance *instantiate(void) {
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(&bench_inst_module, NULL, &err);
  if (inst == NULL) {
    fprintf(stderr, "driver: instantiate failed: %s\n", err.message);
    exit(1);
  }
  return inst;
}

static const awsm_func *sum_func(awsm_instance *inst) {
  awsm_extern e;
  if (!awsm_instance_export(inst, "sum", 3, &e) || e.kind != AWSM_EXTERN_FUNC) {
    fprintf(stderr, "driver: no export \"sum\"\n");
    exit(1);
  }
  return e.u.func;
}

static void call_sum(awsm_instance *inst) {
  awsm_value v[2] = {{.i32 = 64}, {.i32 = 32}};
  awsm_error err;
  if (awsm_call(inst, sum_func(inst), v, &err) != 0 || v[0].i32 != 2806) {
    fprintf(stderr, "driver: sum failed: %s (got %u)\n", err.message, v[0].i32);
    exit(1);
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median over `batches` batches of `n` cycles; with_call adds a call per cycle. */
static double measure(int n, int batches, int with_call) {
  double *t = calloc((size_t)batches, sizeof *t);
  for (int b = -1; b < batches; b++) { /* b = -1: warm-up */
    double t0 = now_us();
    for (int i = 0; i < n; i++) {
      awsm_instance *inst = instantiate();
      if (with_call) call_sum(inst);
      awsm_instance_free(inst);
    }
    if (b >= 0) t[b] = (now_us() - t0) / n;
  }
  qsort(t, (size_t)batches, sizeof *t, cmp_double);
  double median = t[batches / 2];
  printf("  batches (us per cycle):");
  for (int b = 0; b < batches; b++) printf(" %.2f", t[b]);
  printf("\n");
  free(t);
  return median;
}

/* A field of /proc/self/status in KiB ("VmRSS:", "VmPTE:"), or -1. */
static long status_kib(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL) return -1;
  char line[256];
  long v = -1;
  size_t len = strlen(field);
  while (fgets(line, sizeof line, f) != NULL)
    if (strncmp(line, field, len) == 0) v = strtol(line + len, NULL, 10);
  fclose(f);
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10000;
  int batches = argc > 2 ? atoi(argv[2]) : 9;
  int live = argc > 3 ? atoi(argv[3]) : 1000;
  if (n <= 0 || batches <= 0 || live <= 0) {
    fprintf(stderr, "usage: driver [N [BATCHES [LIVE]]]\n");
    return 2;
  }

  printf("module: 1 page of memory (32-byte data segment), a table of 8 (3 elements), 1 global\n");
  printf("instantiate+destroy, %d batches of %d:\n", batches, n);
  double plain = measure(n, batches, 0);
  printf("instantiate+call+destroy, %d batches of %d:\n", batches, n);
  double called = measure(n, batches, 1);

  /* Idle instances: instantiated (data segment written), then left alone. */
  awsm_instance **v = calloc((size_t)live, sizeof *v);
  long rss0 = status_kib("VmRSS:"), pte0 = status_kib("VmPTE:");
  for (int i = 0; i < live; i++) v[i] = instantiate();
  long rss1 = status_kib("VmRSS:"), pte1 = status_kib("VmPTE:");
  for (int i = 0; i < live; i++) awsm_instance_free(v[i]);
  free(v);
  printf("idle instance (%d live): %.1f KiB resident, %.1f KiB page tables per instance\n", live,
         (double)(rss1 - rss0) / live, (double)(pte1 - pte0) / live);
  printf("instantiate+call+destroy: %.2f us per instance\n", called);
  printf("instantiate+destroy: %.2f us per instance\n", plain);
  return 0;
}
