/* sort: quicksort, bottom-up mergesort and LSD radix sort of generated keys, cross-checked. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef COUNT
#define COUNT 3000000
#endif
#ifndef ROUNDS
#define ROUNDS 2
#endif

static uint64_t rng_state = 0x3F84D5B5B5470917ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void insertion(uint32_t *a, long n) {
  for (long i = 1; i < n; i++) {
    uint32_t v = a[i];
    long j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

/* median-of-three quicksort; recurses on the smaller side so the stack stays O(log n) */
static void quicksort(uint32_t *a, long n) {
  while (n > 24) {
    long mid = n / 2;
    uint32_t x = a[0], y = a[mid], z = a[n - 1];
    uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    long i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
      i++; j--;
    }
    long left = j + 1;
    if (left < n - left) { quicksort(a, left); a += left; n -= left; }
    else { quicksort(a + left, n - left); n = left; }
  }
  insertion(a, n);
}

static void mergesort(uint32_t *a, uint32_t *tmp, long n) {
  for (long i = 0; i < n; i += 16) insertion(a + i, (i + 16 <= n) ? 16 : n - i);
  uint32_t *src = a, *dst = tmp;
  for (long width = 16; width < n; width *= 2) {
    for (long lo = 0; lo < n; lo += 2 * width) {
      long mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      long i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    uint32_t *t = src; src = dst; dst = t;
  }
  if (src != a) memcpy(a, src, sizeof(uint32_t) * (size_t)n);
}

static void radixsort(uint32_t *a, uint32_t *tmp, long n) {
  uint32_t *src = a, *dst = tmp;
  for (int shift = 0; shift < 32; shift += 8) {
    long count[257];
    memset(count, 0, sizeof count);
    for (long i = 0; i < n; i++) count[((src[i] >> shift) & 255) + 1]++;
    for (int b = 0; b < 256; b++) count[b + 1] += count[b];
    for (long i = 0; i < n; i++) dst[count[(src[i] >> shift) & 255]++] = src[i];
    uint32_t *t = src; src = dst; dst = t;
  }
  /* four passes: result is back in a */
}

int main(void) {
  uint32_t *orig = malloc(sizeof(uint32_t) * COUNT), *q = malloc(sizeof(uint32_t) * COUNT);
  uint32_t *m = malloc(sizeof(uint32_t) * COUNT), *r = malloc(sizeof(uint32_t) * COUNT);
  uint32_t *tmp = malloc(sizeof(uint32_t) * COUNT);
  if (!orig || !q || !m || !r || !tmp) return 1;
  uint64_t check = 0;
  int ok = 1;
  for (int round = 0; round < ROUNDS; round++) {
    for (long i = 0; i < COUNT; i++) {
      uint64_t v = rng();
      /* round 1 has many duplicates and presorted runs */
      orig[i] = round == 0 ? (uint32_t)v : (i % 1000 < 300 ? (uint32_t)i : (uint32_t)(v % 5000));
    }
    memcpy(q, orig, sizeof(uint32_t) * COUNT);
    memcpy(m, orig, sizeof(uint32_t) * COUNT);
    memcpy(r, orig, sizeof(uint32_t) * COUNT);
    quicksort(q, COUNT);
    mergesort(m, tmp, COUNT);
    radixsort(r, tmp, COUNT);
    for (long i = 0; i < COUNT; i++) {
      if (q[i] != m[i] || q[i] != r[i] || (i > 0 && q[i - 1] > q[i])) { ok = 0; break; }
      check = check * 31 + q[i] * (uint64_t)(i & 255);
    }
  }
  printf("sort count=%d rounds=%d ok=%d check=%016llx min=%u max=%u\n", COUNT, ROUNDS, ok,
         (unsigned long long)check, q[0], q[COUNT - 1]);
  free(orig); free(q); free(m); free(r); free(tmp);
  return 0;
}
