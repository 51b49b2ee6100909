/* gemm: blocked dense double-precision matrix multiply C = A*B (+ accumulate), repeated. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef N
#define N 1024
#endif
#define BS 64
#ifndef REPS
#define REPS 3
#endif

static uint64_t rng_state = 0x243F6A8885A308D3ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rnd(void) { return (double)(rng() >> 11) * (1.0 / 9007199254740992.0) - 0.5; }

/* C += A * B for n x n row-major matrices, tiled over k and j. */
static void gemm(int n, const double *restrict A, const double *restrict B, double *restrict C) {
  for (int kk = 0; kk < n; kk += BS) {
    int kend = kk + BS < n ? kk + BS : n;
    for (int jj = 0; jj < n; jj += BS) {
      int jend = jj + BS < n ? jj + BS : n;
      for (int i = 0; i < n; i++) {
        double *crow = C + (size_t)i * n;
        for (int k = kk; k < kend; k++) {
          double a = A[(size_t)i * n + k];
          const double *brow = B + (size_t)k * n;
          for (int j = jj; j < jend; j++) crow[j] += a * brow[j];
        }
      }
    }
  }
}

int main(void) {
  double *A = malloc(sizeof(double) * N * N);
  double *B = malloc(sizeof(double) * N * N);
  double *C = malloc(sizeof(double) * N * N);
  if (!A || !B || !C) return 1;
  for (int i = 0; i < N * N; i++) { A[i] = rnd(); B[i] = rnd(); C[i] = 0.0; }
  double check = 0.0;
  for (int r = 0; r < REPS; r++) {
    gemm(N, A, B, C);
    /* feed the result back so every repetition depends on the previous one */
    double s = 0.0;
    for (int i = 0; i < N * N; i++) s += C[i] * ((i % 7) - 3);
    check += s;
    for (int i = 0; i < N * N; i++) { B[i] = C[i] * (1.0 / 16.0); C[i] = 0.0; }
  }
  double trace = 0.0;
  for (int i = 0; i < N; i++) trace += B[(size_t)i * N + i];
  printf("gemm n=%d reps=%d check=%.9e trace=%.9e\n", N, REPS, check, trace);
  free(A); free(B); free(C);
  return 0;
}
