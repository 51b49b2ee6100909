/* mandelbrot: escape-time Mandelbrot set over a grid, histogram of iteration counts and a 1-bit image hash. */
#include <stdio.h>
#include <stdint.h>

#ifndef W
#define W 2000
#endif
#ifndef H
#define H 1500
#endif
#ifndef MAXIT
#define MAXIT 500
#endif

int main(void) {
  static uint32_t hist[MAXIT + 1];
  uint32_t hash = 2166136261u, inside = 0;
  uint8_t bits = 0;
  for (int py = 0; py < H; py++) {
    double ci = -1.2 + 2.4 * py / (double)H;
    for (int px = 0; px < W; px++) {
      double cr = -2.2 + 3.2 * px / (double)W;
      double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
      int it = 0;
      while (it < MAXIT && zr2 + zi2 <= 4.0) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        it++;
      }
      hist[it]++;
      bits = (uint8_t)(bits << 1 | (it == MAXIT));
      if (it == MAXIT) inside++;
      if ((px & 7) == 7) { hash = (hash ^ bits) * 16777619u; bits = 0; }
    }
  }
  uint64_t wsum = 0;
  for (int i = 0; i <= MAXIT; i++) wsum += (uint64_t)hist[i] * (uint64_t)(i + 1);
  printf("mandelbrot %dx%d maxit=%d inside=%u wsum=%llu imagehash=%08x\n", W, H, MAXIT, inside,
         (unsigned long long)wsum, hash);
  return 0;
}
