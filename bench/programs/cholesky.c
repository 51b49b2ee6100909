/* cholesky: build SPD matrices, Cholesky-factorise them and solve A x = b by two triangular solves. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#ifndef N
#define N 1000
#endif
#ifndef SYSTEMS
#define SYSTEMS 2
#endif

static uint64_t rng_state = 0xA4093822299F31D0ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rnd(void) { return (double)(rng() >> 11) * (1.0 / 9007199254740992.0) - 0.5; }

/* A = M * M^T + n * I, computed on the lower triangle and mirrored. */
static void make_spd(int n, const double *m, double *a) {
  for (int i = 0; i < n; i++) {
    const double *mi = m + (size_t)i * n;
    for (int j = 0; j <= i; j++) {
      const double *mj = m + (size_t)j * n;
      double s = 0.0;
      for (int k = 0; k < n; k++) s += mi[k] * mj[k];
      if (i == j) s += n;
      a[(size_t)i * n + j] = s;
      a[(size_t)j * n + i] = s;
    }
  }
}

/* In-place lower Cholesky factor L (row-major, lower triangle); returns 0 on failure. */
static int cholesky(int n, double *a) {
  for (int j = 0; j < n; j++) {
    double *rj = a + (size_t)j * n;
    double d = rj[j];
    for (int k = 0; k < j; k++) d -= rj[k] * rj[k];
    if (d <= 0.0) return 0;
    d = sqrt(d);
    rj[j] = d;
    double inv = 1.0 / d;
    for (int i = j + 1; i < n; i++) {
      double *ri = a + (size_t)i * n;
      double s = ri[j];
      for (int k = 0; k < j; k++) s -= ri[k] * rj[k];
      ri[j] = s * inv;
    }
  }
  return 1;
}

static void chol_solve(int n, const double *l, const double *b, double *x) {
  for (int i = 0; i < n; i++) {
    double s = b[i];
    for (int k = 0; k < i; k++) s -= l[(size_t)i * n + k] * x[k];
    x[i] = s / l[(size_t)i * n + i];
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = x[i];
    for (int k = i + 1; k < n; k++) s -= l[(size_t)k * n + i] * x[k];
    x[i] = s / l[(size_t)i * n + i];
  }
}

int main(void) {
  double *m = malloc(sizeof(double) * N * N), *a = malloc(sizeof(double) * N * N);
  double *b = malloc(sizeof(double) * N), *x = malloc(sizeof(double) * N);
  if (!m || !a || !b || !x) return 1;
  double sumx = 0.0, sumdiag = 0.0;
  int ok = 1;
  for (int s = 0; s < SYSTEMS; s++) {
    for (int i = 0; i < N * N; i++) m[i] = rnd();
    for (int i = 0; i < N; i++) b[i] = rnd();
    make_spd(N, m, a);
    ok &= cholesky(N, a);
    chol_solve(N, a, b, x);
    for (int i = 0; i < N; i++) { sumx += x[i] * (i + 1); sumdiag += a[(size_t)i * N + i]; }
  }
  printf("cholesky n=%d systems=%d ok=%d sumx=%.10e sumdiag=%.10e\n", N, SYSTEMS, ok, sumx, sumdiag);
  free(m); free(a); free(b); free(x);
  return 0;
}
