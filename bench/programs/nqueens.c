/* nqueens: counts all N-queens solutions with bitmask backtracking (explicit stack, symmetry halving). */
#include <stdio.h>
#include <stdint.h>

#define MAXN 16
/* the largest board counted (below MAXN) */
#ifndef LASTN
#define LASTN 15
#endif

/* count solutions whose first-row queen lies in columns selected by firstmask */
static uint64_t solve(int n, uint32_t firstmask) {
  uint32_t all = (1u << n) - 1;
  uint32_t cols[MAXN], d1[MAXN], d2[MAXN], avail[MAXN];
  uint64_t count = 0;
  int row = 0;
  cols[0] = d1[0] = d2[0] = 0;
  avail[0] = firstmask;
  for (;;) {
    if (avail[row] == 0) {
      if (row == 0) break;
      row--;
      continue;
    }
    uint32_t bit = avail[row] & (0u - avail[row]);
    avail[row] ^= bit;
    if (row == n - 1) { count++; continue; }
    uint32_t c = cols[row] | bit, a = (d1[row] | bit) << 1, b = (d2[row] | bit) >> 1;
    row++;
    cols[row] = c; d1[row] = a & all; d2[row] = b;
    avail[row] = all & ~(c | d1[row] | d2[row]);
  }
  return count;
}

static uint64_t count_all(int n) {
  uint32_t half = (1u << (n / 2)) - 1;
  uint64_t c = 2 * solve(n, half);
  if (n & 1) c += solve(n, 1u << (n / 2));
  return c;
}

int main(void) {
  uint64_t check = 0;
  for (int n = 4; n <= LASTN; n++) {
    uint64_t c = count_all(n);
    printf("queens(%d) = %llu\n", n, (unsigned long long)c);
    check = check * 31 + c;
  }
  printf("nqueens check=%llu\n", (unsigned long long)check);
  return 0;
}
