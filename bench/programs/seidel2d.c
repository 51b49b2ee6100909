/* seidel2d: in-place Gauss-Seidel 9-point heat relaxation with internal heat sources. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef W
#define W 1000
#endif
#ifndef H
#define H 1000
#endif
#ifndef STEPS
#define STEPS 100
#endif

int main(void) {
  double *g = malloc(sizeof(double) * W * H);
  unsigned char *src = malloc((size_t)W * H);
  if (!g || !src) return 1;
  uint32_t x = 88172645u;
  for (int i = 0; i < W * H; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    g[i] = 0.0;
    src[i] = (x % 997) == 0; /* sparse heat sources held at a fixed temperature */
  }
  for (int j = 0; j < W; j++) { g[j] = 10.0; g[(size_t)(H - 1) * W + j] = -10.0; }
  for (int t = 0; t < STEPS; t++) {
    for (int i = 1; i < H - 1; i++) {
      double *up = g + (size_t)(i - 1) * W, *mid = g + (size_t)i * W, *dn = g + (size_t)(i + 1) * W;
      const unsigned char *s = src + (size_t)i * W;
      for (int j = 1; j < W - 1; j++) {
        if (s[j]) { mid[j] = 100.0; continue; }
        mid[j] = (up[j - 1] + up[j] + up[j + 1] + mid[j - 1] + mid[j] + mid[j + 1] + dn[j - 1] + dn[j] +
                  dn[j + 1]) / 9.0;
      }
    }
  }
  double sum = 0.0, maxv = -1e300;
  for (int i = 0; i < W * H; i++) {
    sum += g[i] * ((i & 15) + 1);
    if (g[i] > maxv && !src[i]) maxv = g[i];
  }
  printf("seidel2d %dx%d steps=%d wsum=%.9e max=%.12f probe=%.12f\n", W, H, STEPS, sum, maxv,
         g[(size_t)(H / 3) * W + W / 3]);
  free(g); free(src);
  return 0;
}
