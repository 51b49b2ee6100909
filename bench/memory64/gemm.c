/* Dense 384x384 double matrix multiply, 30 times: sequential and strided loads in loops. */
#include "kernel.h"
#define N 384
static double A[N][N], B[N][N], C[N][N];

unsigned kernel(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) { A[i][j] = (double)(bench_next() % 100) / 7.0; B[i][j] = (double)(bench_next() % 100) / 3.0; }
  double s = 0;
  for (int r = 0; r < 30; r++) {
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) C[i][j] = 0;
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        double aik = A[i][k];
        for (int j = 0; j < N; j++) C[i][j] += aik * B[k][j];
      }
    for (int i = 0; i < N; i++) s += C[i][(i * 7 + r) % N];
    A[r][r] += 1.0;
  }
  return (unsigned)(u64)s;
}
