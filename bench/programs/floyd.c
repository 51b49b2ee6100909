/* floyd: Floyd-Warshall all-pairs shortest paths on a dense generated digraph. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef N
#define N 1200
#endif
#define INF 0x3FFFFFFF

int main(void) {
  int32_t *d = malloc(sizeof(int32_t) * N * N);
  if (!d) return 1;
  uint32_t x = 123456789u;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      x ^= x << 13; x ^= x >> 17; x ^= x << 5;
      int32_t w = (x % 100) < 15 ? (int32_t)(1 + (x >> 8) % 1000) : INF;
      d[(size_t)i * N + j] = i == j ? 0 : w;
    }
  for (int k = 0; k < N; k++) {
    const int32_t *dk = d + (size_t)k * N;
    for (int i = 0; i < N; i++) {
      int32_t *di = d + (size_t)i * N;
      int32_t dik = di[k];
      if (dik >= INF) continue;
      for (int j = 0; j < N; j++) {
        int32_t c = dik + dk[j];
        if (c < di[j]) di[j] = c;
      }
    }
  }
  uint64_t sum = 0;
  int32_t maxd = 0;
  uint32_t unreachable = 0;
  for (int i = 0; i < N * N; i++) {
    if (d[i] >= INF) { unreachable++; continue; }
    sum += (uint64_t)d[i];
    if (d[i] > maxd) maxd = d[i];
  }
  printf("floyd n=%d sum=%llu diameter=%d unreachable=%u d[7][N-3]=%d\n", N, (unsigned long long)sum, maxd,
         unreachable, d[7 * N + N - 3]);
  free(d);
  return 0;
}
