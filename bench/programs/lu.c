/* lu: LU decomposition with partial pivoting, then forward/back substitution, on random systems. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#ifndef N
#define N 1200
#endif
#ifndef SYSTEMS
#define SYSTEMS 4
#endif

static uint64_t rng_state = 0x13198A2E03707344ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rnd(void) { return (double)(rng() >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0; }

/* In-place LU of the n x n matrix a with row permutation perm; returns number of row swaps. */
static int lu_decompose(int n, double *a, int *perm) {
  int swaps = 0;
  for (int i = 0; i < n; i++) perm[i] = i;
  for (int k = 0; k < n; k++) {
    int p = k;
    double best = fabs(a[(size_t)k * n + k]);
    for (int i = k + 1; i < n; i++) {
      double v = fabs(a[(size_t)i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (p != k) {
      double *rk = a + (size_t)k * n, *rp = a + (size_t)p * n;
      for (int j = 0; j < n; j++) { double t = rk[j]; rk[j] = rp[j]; rp[j] = t; }
      int t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      swaps++;
    }
    double *rk = a + (size_t)k * n;
    double inv = 1.0 / rk[k];
    for (int i = k + 1; i < n; i++) {
      double *ri = a + (size_t)i * n;
      double f = ri[k] * inv;
      ri[k] = f;
      for (int j = k + 1; j < n; j++) ri[j] -= f * rk[j];
    }
  }
  return swaps;
}

static void lu_solve(int n, const double *a, const int *perm, const double *b, double *x) {
  for (int i = 0; i < n; i++) {
    double s = b[perm[i]];
    for (int j = 0; j < i; j++) s -= a[(size_t)i * n + j] * x[j];
    x[i] = s;
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = x[i];
    for (int j = i + 1; j < n; j++) s -= a[(size_t)i * n + j] * x[j];
    x[i] = s / a[(size_t)i * n + i];
  }
}

int main(void) {
  double *a = malloc(sizeof(double) * N * N);
  double *orig = malloc(sizeof(double) * N * N);
  double *b = malloc(sizeof(double) * N), *x = malloc(sizeof(double) * N), *xt = malloc(sizeof(double) * N);
  int *perm = malloc(sizeof(int) * N);
  if (!a || !orig || !b || !x || !xt || !perm) return 1;
  double sumx = 0.0, maxerr = 0.0, diagsum = 0.0;
  int totswaps = 0;
  for (int s = 0; s < SYSTEMS; s++) {
    for (int i = 0; i < N * N; i++) orig[i] = rnd();
    for (int i = 0; i < N; i++) xt[i] = rnd();
    for (int i = 0; i < N; i++) {
      double acc = 0.0;
      for (int j = 0; j < N; j++) acc += orig[(size_t)i * N + j] * xt[j];
      b[i] = acc;
    }
    for (int i = 0; i < N * N; i++) a[i] = orig[i];
    totswaps += lu_decompose(N, a, perm);
    lu_solve(N, a, perm, b, x);
    for (int i = 0; i < N; i++) {
      sumx += x[i];
      double e = fabs(x[i] - xt[i]);
      if (e > maxerr) maxerr = e;
      diagsum += fabs(a[(size_t)i * N + i]);
    }
  }
  printf("lu n=%d systems=%d swaps=%d sumx=%.10e diag=%.10e errok=%d\n", N, SYSTEMS, totswaps, sumx,
         diagsum, maxerr < 1e-6);
  free(a); free(orig); free(b); free(x); free(xt); free(perm);
  return 0;
}
