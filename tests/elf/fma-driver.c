/* The driver of tests/unit/elf-fma.test.ts: runs the lifter's fused multiply-add helper of one
   shape (src/elf/lift/simd-fma.ts, compiled from the IR the test writes: lifted_<shape>) on
   the triples of a file (n, m, a per lane, as tests/elf/fma-values.ts makes them; for a
   vector shape, each run of `lanes` triples is one call) and compares each lane with the C
   library's fma or fmaf, which round correctly. A NaN must give a NaN (its payload follows
   the architecture's rules, which the instruction harness checks against qemu).

     fma-driver SHAPE FILE   prints "checked N mismatches K", then up to 5 mismatches */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void lifted_fn(const void *in, void *out, const void *state);
extern lifted_fn lifted_f64, lifted_v2f64, lifted_f32, lifted_v2f32, lifted_v4f32;

static const struct {
  const char *name;
  lifted_fn *fn;
  int width, lanes;
} SHAPES[] = {
  {"f64", lifted_f64, 64, 1}, {"v2f64", lifted_v2f64, 64, 2}, {"f32", lifted_f32, 32, 1},
  {"v2f32", lifted_v2f32, 32, 2}, {"v4f32", lifted_v4f32, 32, 4},
};

/* The state the helpers read FPCR from: zero (round to nearest, no default-NaN mode). */
static unsigned char state[4096];

int main(int argc, char **argv) {
  if (argc != 3) return fprintf(stderr, "usage: fma-driver SHAPE FILE\n"), 2;
  int k = -1;
  for (int i = 0; i < (int)(sizeof SHAPES / sizeof SHAPES[0]); i++)
    if (strcmp(SHAPES[i].name, argv[1]) == 0) k = i;
  if (k < 0) return fprintf(stderr, "fma-driver: unknown shape %s\n", argv[1]), 2;
  FILE *f = fopen(argv[2], "rb");
  if (f == NULL) return perror(argv[2]), 2;
  int bytes = SHAPES[k].width / 8, lanes = SHAPES[k].lanes;
  unsigned char triples[3 * 4 * 8], in[3 * 4 * 8], out[4 * 8];
  long checked = 0, bad = 0;
  while (fread(triples, (size_t)(3 * bytes * lanes), 1, f) == 1) {
    /* lane l of operand j (n, m, a) goes to in[(j * lanes + l) * bytes] */
    for (int l = 0; l < lanes; l++)
      for (int j = 0; j < 3; j++) memcpy(in + (j * lanes + l) * bytes, triples + (3 * l + j) * bytes, (size_t)bytes);
    SHAPES[k].fn(in, out, state);
    for (int l = 0; l < lanes; l++, checked++) {
      uint64_t got = 0, want = 0, n = 0, m = 0, a = 0;
      int nan_want, nan_got;
      memcpy(&n, in + l * bytes, (size_t)bytes), memcpy(&m, in + (lanes + l) * bytes, (size_t)bytes);
      memcpy(&a, in + (2 * lanes + l) * bytes, (size_t)bytes), memcpy(&got, out + l * bytes, (size_t)bytes);
      if (bytes == 8) {
        double x, y, z, r;
        memcpy(&x, &n, 8), memcpy(&y, &m, 8), memcpy(&z, &a, 8);
        r = fma(x, y, z);
        memcpy(&want, &r, 8);
        nan_want = isnan(r), nan_got = (got & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
      } else {
        float x, y, z, r;
        memcpy(&x, &n, 4), memcpy(&y, &m, 4), memcpy(&z, &a, 4);
        r = fmaf(x, y, z);
        memcpy(&want, &r, 4);
        nan_want = isnan(r), nan_got = (got & 0x7fffffff) > 0x7f800000;
      }
      if (nan_want ? nan_got : got == want) continue;
      if (bad++ < 5)
        printf("n=%0*llx m=%0*llx a=%0*llx: fma %0*llx, lifted %0*llx\n", 2 * bytes, (unsigned long long)n, 2 * bytes, (unsigned long long)m,
               2 * bytes, (unsigned long long)a, 2 * bytes, (unsigned long long)want, 2 * bytes, (unsigned long long)got);
    }
  }
  fclose(f);
  printf("checked %ld mismatches %ld\n", checked, bad);
  return 0;
}
