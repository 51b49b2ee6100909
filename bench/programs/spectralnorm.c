/* spectralnorm: power iteration for the spectral norm of the infinite matrix A(i,j)=1/((i+j)(i+j+1)/2+i+1). */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#ifndef N
#define N 4000
#endif
#ifndef ITERS
#define ITERS 10
#endif

static double a(int i, int j) { return 1.0 / ((double)((i + j) * (i + j + 1) / 2 + i + 1)); }

static void mul_av(int n, const double *v, double *out) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += a(i, j) * v[j];
    out[i] = s;
  }
}

static void mul_atv(int n, const double *v, double *out) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += a(j, i) * v[j];
    out[i] = s;
  }
}

static void mul_atav(int n, const double *v, double *out, double *tmp) {
  mul_av(n, v, tmp);
  mul_atv(n, tmp, out);
}

int main(void) {
  double *u = malloc(sizeof(double) * N), *v = malloc(sizeof(double) * N), *t = malloc(sizeof(double) * N);
  if (!u || !v || !t) return 1;
  for (int i = 0; i < N; i++) u[i] = 1.0;
  for (int k = 0; k < ITERS; k++) {
    mul_atav(N, u, v, t);
    mul_atav(N, v, u, t);
  }
  double vbv = 0.0, vv = 0.0;
  for (int i = 0; i < N; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
  printf("spectralnorm n=%d norm=%.12f\n", N, sqrt(vbv / vv));
  free(u); free(v); free(t);
  return 0;
}
