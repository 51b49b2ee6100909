/* Shell sort of 1M 32-bit keys, five times: strided loads and stores. */
#include "kernel.h"
#define N 1000000
static u32 a[N];

static void shell_sort(u32 *v, long n) {
  static const long gaps[] = {1750, 701, 301, 132, 57, 23, 10, 4, 1};
  for (int g = 0; g < 9; g++) {
    long h = gaps[g];
    for (long i = h; i < n; i++) {
      u32 t = v[i];
      long j = i;
      while (j >= h && v[j - h] > t) { v[j] = v[j - h]; j -= h; }
      v[j] = t;
    }
  }
}

unsigned kernel(void) {
  u32 sum = 0;
  for (int r = 0; r < 5; r++) {
    for (long i = 0; i < N; i++) a[i] = bench_next();
    shell_sort(a, N);
    for (long i = 0; i < N; i += 997) sum = sum * 31 + a[i];
  }
  return sum;
}
