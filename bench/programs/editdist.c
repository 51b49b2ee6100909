/* editdist: Levenshtein distance and longest common subsequence of generated DNA-like strings. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef LEN
#define LEN 12000
#endif
#ifndef PAIRS
#define PAIRS 2
#endif

static uint64_t rng_state = 0x082EFA98EC4E6C89ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint32_t levenshtein(const char *a, int n, const char *b, int m, uint32_t *row) {
  for (int j = 0; j <= m; j++) row[j] = (uint32_t)j;
  for (int i = 1; i <= n; i++) {
    uint32_t diag = row[0];
    row[0] = (uint32_t)i;
    char ca = a[i - 1];
    for (int j = 1; j <= m; j++) {
      uint32_t up = row[j];
      uint32_t best = diag + (ca != b[j - 1]);
      uint32_t del = up + 1, ins = row[j - 1] + 1;
      if (del < best) best = del;
      if (ins < best) best = ins;
      row[j] = best;
      diag = up;
    }
  }
  return row[m];
}

static uint32_t lcs(const char *a, int n, const char *b, int m, uint32_t *prev, uint32_t *cur) {
  memset(prev, 0, sizeof(uint32_t) * (size_t)(m + 1));
  for (int i = 1; i <= n; i++) {
    cur[0] = 0;
    char ca = a[i - 1];
    for (int j = 1; j <= m; j++) {
      if (ca == b[j - 1]) cur[j] = prev[j - 1] + 1;
      else cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
    }
    uint32_t *t = prev; prev = cur; cur = t;
  }
  return prev[m];
}

int main(void) {
  static const char alphabet[4] = {'A', 'C', 'G', 'T'};
  char *a = malloc(LEN + 1), *b = malloc(LEN + 1);
  uint32_t *r1 = malloc(sizeof(uint32_t) * (LEN + 1)), *r2 = malloc(sizeof(uint32_t) * (LEN + 1));
  if (!a || !b || !r1 || !r2) return 1;
  uint64_t check = 0;
  for (int p = 0; p < PAIRS; p++) {
    for (int i = 0; i < LEN; i++) a[i] = alphabet[rng() & 3];
    /* b is a mutated copy of a: substitutions, insertions and deletions */
    int bi = 0;
    for (int i = 0; i < LEN && bi < LEN; i++) {
      uint64_t r = rng() % 100;
      if (r < 6) b[bi++] = alphabet[rng() & 3];
      else if (r < 9) { b[bi++] = a[i]; if (bi < LEN) b[bi++] = alphabet[rng() & 3]; }
      else if (r < 12) continue;
      else b[bi++] = a[i];
    }
    while (bi < LEN) b[bi++] = alphabet[rng() & 3];
    uint32_t d = levenshtein(a, LEN, b, LEN, r1);
    uint32_t l = lcs(a, LEN, b, LEN, r1, r2);
    printf("pair %d: levenshtein=%u lcs=%u\n", p, d, l);
    check = check * 1000003u + d * 7919u + l;
  }
  printf("editdist len=%d pairs=%d check=%llu\n", LEN, PAIRS, (unsigned long long)check);
  free(a); free(b); free(r1); free(r2);
  return 0;
}
