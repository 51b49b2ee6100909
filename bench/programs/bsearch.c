/* bsearch: lower-bound binary search (branchy and branchless) plus a sorted-merge intersection. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef KEYS
#define KEYS 4000000
#endif
#ifndef QUERIES
#define QUERIES 3000000
#endif

static uint64_t rng_state = 0x9216D5D98979FB1Bull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint32_t lower_bound(const uint32_t *a, uint32_t n, uint32_t key) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (a[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static uint32_t lower_bound_branchless(const uint32_t *a, uint32_t n, uint32_t key) {
  const uint32_t *base = a;
  while (n > 1) {
    uint32_t half = n / 2;
    base = (base[half - 1] < key) ? base + half : base;
    n -= half;
  }
  return (uint32_t)(base - a) + (n == 1 && *base < key);
}

int main(void) {
  uint32_t *keys = malloc(sizeof(uint32_t) * KEYS);
  if (!keys) return 1;
  /* strictly increasing keys with random gaps */
  uint32_t k = 0;
  for (uint32_t i = 0; i < KEYS; i++) { k += 1 + (uint32_t)(rng() % 900); keys[i] = k; }
  uint32_t maxkey = k;
  uint64_t s1 = 0, s2 = 0, found = 0;
  for (uint32_t q = 0; q < QUERIES; q++) {
    uint64_t r = rng();
    uint32_t key = (r & 1) ? keys[(r >> 1) % KEYS] : (uint32_t)((r >> 1) % (maxkey + 2u));
    uint32_t p1 = lower_bound(keys, KEYS, key);
    uint32_t p2 = lower_bound_branchless(keys, KEYS, key);
    if (p1 != p2) { printf("mismatch at query %u\n", q); return 2; }
    s1 += p1;
    if (p1 < KEYS && keys[p1] == key) { found++; s2 ^= (uint64_t)key * 2654435761u; }
  }
  /* intersection of the key set with a second sorted set by galloping merge */
  uint32_t *other = malloc(sizeof(uint32_t) * KEYS);
  if (!other) return 1;
  k = 0;
  for (uint32_t i = 0; i < KEYS; i++) { k += 1 + (uint32_t)(rng() % 1200); other[i] = k; }
  uint32_t i = 0, j = 0, common = 0;
  while (i < KEYS && j < KEYS) {
    if (keys[i] < other[j]) i++;
    else if (keys[i] > other[j]) j++;
    else { common++; i++; j++; }
  }
  printf("bsearch keys=%d queries=%d found=%llu possum=%llu keyx=%016llx common=%u\n", KEYS, QUERIES,
         (unsigned long long)found, (unsigned long long)s1, (unsigned long long)s2, common);
  free(keys); free(other);
  return 0;
}
