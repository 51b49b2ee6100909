/* jacobi2d: 5-point Jacobi relaxation on a 2-D grid with fixed boundary, ping-ponging two arrays. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef W
#define W 1200
#endif
#ifndef H
#define H 1200
#endif
#ifndef STEPS
#define STEPS 500
#endif

int main(void) {
  double *a = malloc(sizeof(double) * W * H), *b = malloc(sizeof(double) * W * H);
  if (!a || !b) return 1;
  uint32_t x = 2463534242u;
  for (int i = 0; i < W * H; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    a[i] = (double)(x % 1000) / 10.0;
  }
  /* hot and cold edges */
  for (int j = 0; j < W; j++) { a[j] = 100.0; a[(size_t)(H - 1) * W + j] = 0.0; }
  for (int i = 0; i < H; i++) { a[(size_t)i * W] = 50.0; a[(size_t)i * W + W - 1] = 25.0; }
  for (int i = 0; i < W * H; i++) b[i] = a[i];
  for (int t = 0; t < STEPS; t++) {
    for (int i = 1; i < H - 1; i++) {
      const double *up = a + (size_t)(i - 1) * W, *mid = a + (size_t)i * W, *dn = a + (size_t)(i + 1) * W;
      double *out = b + (size_t)i * W;
      for (int j = 1; j < W - 1; j++) out[j] = 0.2 * (mid[j] + mid[j - 1] + mid[j + 1] + up[j] + dn[j]);
    }
    double *t2 = a; a = b; b = t2;
  }
  double sum = 0.0, wsum = 0.0;
  for (int i = 0; i < H; i++)
    for (int j = 0; j < W; j++) {
      double v = a[(size_t)i * W + j];
      sum += v;
      wsum += v * (double)((i * 31 + j * 17) % 101);
    }
  printf("jacobi2d %dx%d steps=%d sum=%.9e wsum=%.9e center=%.12f\n", W, H, STEPS, sum, wsum,
         a[(size_t)(H / 2) * W + W / 2]);
  free(a); free(b);
  return 0;
}
