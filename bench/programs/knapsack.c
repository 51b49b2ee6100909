/* knapsack: 0/1 knapsack by dynamic programming over capacity, plus an unbounded variant. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef ITEMS
#define ITEMS 5000
#endif
#ifndef CAP
#define CAP 250000
#endif

static uint64_t rng_state = 0x452821E638D01377ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int main(void) {
  uint32_t *w = malloc(sizeof(uint32_t) * ITEMS), *v = malloc(sizeof(uint32_t) * ITEMS);
  uint64_t *dp = malloc(sizeof(uint64_t) * (CAP + 1));
  if (!w || !v || !dp) return 1;
  for (int i = 0; i < ITEMS; i++) {
    w[i] = 10 + (uint32_t)(rng() % 2000);
    v[i] = w[i] / 2 + (uint32_t)(rng() % 3000); /* loosely correlated value */
  }
  /* 0/1 knapsack: iterate capacity downwards */
  for (int c = 0; c <= CAP; c++) dp[c] = 0;
  for (int i = 0; i < ITEMS; i++) {
    uint32_t wi = w[i];
    uint64_t vi = v[i];
    for (int c = CAP; c >= (int)wi; c--) {
      uint64_t cand = dp[c - wi] + vi;
      if (cand > dp[c]) dp[c] = cand;
    }
  }
  uint64_t best01 = dp[CAP];
  uint64_t sample = 0;
  for (int c = 0; c <= CAP; c += 997) sample = sample * 31 + dp[c];
  /* unbounded knapsack on a subset of the items: iterate capacity upwards */
  for (int c = 0; c <= CAP; c++) dp[c] = 0;
  for (int i = 0; i < ITEMS; i += 8) {
    uint32_t wi = w[i] + 500;
    uint64_t vi = v[i];
    for (int c = (int)wi; c <= CAP; c++) {
      uint64_t cand = dp[c - wi] + vi;
      if (cand > dp[c]) dp[c] = cand;
    }
  }
  printf("knapsack items=%d cap=%d best01=%llu bestunb=%llu sample=%llu\n", ITEMS, CAP,
         (unsigned long long)best01, (unsigned long long)dp[CAP], (unsigned long long)sample);
  free(w); free(v); free(dp);
  return 0;
}
