/* Fuzz seed: integer and floating-point arithmetic, conversions, switch tables, indirect calls. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

typedef double (*unary)(double);
static double twice(double x) { return 2 * x; }
static double cube(double x) { return x * x * x; }
static unary table[] = {sqrt, sin, cos, exp, log, twice, cube, floor, ceil, fabs};

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static const char *name(int k) {
  switch (k) {
    case 0: return "zero"; case 1: return "one"; case 2: return "two"; case 3: return "three";
    case 5: return "five"; case 8: return "eight"; case 13: return "thirteen"; default: return "other";
  }
}

int main(void) {
  uint64_t h = 1;
  double acc = 0;
  for (int i = 0; i < 100; i++) {
    h = mix(h + (uint64_t)i);
    double x = (double)(h % 1000) / 37.0;
    acc += table[h % 10](x);
    int32_t q = (int32_t)(h >> 40) / (i + 1);
    float f = (float)q * 0.5f;
    acc += (double)(int64_t)f + (double)(uint32_t)(h & 0xffffffff) / 4294967296.0;
    if (i % 17 == 0) printf("%d %s %.6g %lld\n", i, name(i % 16), acc, (long long)(h >> 3));
  }
  printf("%.17g %u %d\n", acc, (unsigned)lrint(acc) , (int)isnan(acc / 0.0 - acc / 0.0));
  return 0;
}
