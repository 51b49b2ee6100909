/* sudoku: generates full grids, removes clues, and solves the puzzles with constraint propagation + backtracking. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#ifndef PUZZLES
#define PUZZLES 1000
#endif

static uint64_t rng_state = 0x98DFB5AC2FFD72DBull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

typedef struct { uint8_t cell[81]; uint16_t row[9], col[9], box[9]; } Grid; /* masks of used digits */

static int boxof(int i) { return (i / 27) * 3 + (i % 9) / 3; }
static int place(Grid *g, int i, int d) {
  uint16_t bit = (uint16_t)(1u << d);
  int r = i / 9, c = i % 9, b = boxof(i);
  if ((g->row[r] | g->col[c] | g->box[b]) & bit) return 0;
  g->cell[i] = (uint8_t)(d + 1); g->row[r] |= bit; g->col[c] |= bit; g->box[b] |= bit;
  return 1;
}
static void unplace(Grid *g, int i) {
  int d = g->cell[i] - 1;
  uint16_t bit = (uint16_t)~(1u << d);
  g->cell[i] = 0; g->row[i / 9] &= bit; g->col[i % 9] &= bit; g->box[boxof(i)] &= bit;
}
static void init(Grid *g, const uint8_t *cells) {
  memset(g, 0, sizeof *g);
  for (int i = 0; i < 81; i++) if (cells[i]) place(g, i, cells[i] - 1);
}

static uint64_t nodes;
/* counts solutions up to limit; picks the empty cell with fewest candidates; randomised order if shuffle */
static int solve(Grid *g, int limit, int shuffle, uint8_t *first) {
  nodes++;
  int best = -1, bestcount = 10;
  uint16_t bestmask = 0;
  for (int i = 0; i < 81; i++) {
    if (g->cell[i]) continue;
    uint16_t m = (uint16_t)(~(g->row[i / 9] | g->col[i % 9] | g->box[boxof(i)]) & 0x1FF);
    int cnt = __builtin_popcount(m);
    if (cnt < bestcount) { best = i; bestcount = cnt; bestmask = m; if (cnt <= 1) break; }
  }
  if (best < 0) { if (first) memcpy(first, g->cell, 81); return 1; }
  int found = 0;
  int digits[9], nd = 0;
  for (int d = 0; d < 9; d++) if (bestmask & (1u << d)) digits[nd++] = d;
  if (shuffle)
    for (int k = nd - 1; k > 0; k--) { int j = (int)(rng() % (uint64_t)(k + 1)); int t = digits[k]; digits[k] = digits[j]; digits[j] = t; }
  for (int k = 0; k < nd && found < limit; k++) {
    place(g, best, digits[k]);
    found += solve(g, limit - found, shuffle, found == 0 ? first : NULL);
    unplace(g, best);
  }
  return found;
}

int main(void) {
  uint64_t check = 0, clues_total = 0;
  int unique = 0;
  for (int p = 0; p < PUZZLES; p++) {
    Grid g;
    uint8_t full[81], puzzle[81], sol[81];
    memset(full, 0, 81);
    init(&g, full);
    solve(&g, 1, 1, full); /* random complete grid */
    memcpy(puzzle, full, 81);
    /* remove clues in random order while the solution stays unique (stop at a budget) */
    int order[81];
    for (int i = 0; i < 81; i++) order[i] = i;
    for (int i = 80; i > 0; i--) { int j = (int)(rng() % (uint64_t)(i + 1)); int t = order[i]; order[i] = order[j]; order[j] = t; }
    int removed = 0;
    for (int k = 0; k < 81 && removed < 56; k++) {
      int i = order[k];
      uint8_t keep = puzzle[i];
      puzzle[i] = 0;
      init(&g, puzzle);
      if (solve(&g, 2, 0, NULL) != 1) puzzle[i] = keep; else removed++;
    }
    init(&g, puzzle);
    int n = solve(&g, 2, 0, sol);
    if (n == 1 && memcmp(sol, full, 81) == 0) unique++;
    clues_total += (uint64_t)(81 - removed);
    for (int i = 0; i < 81; i++) check = check * 31 + (uint64_t)(puzzle[i] * (i + 1));
  }
  printf("sudoku puzzles=%d unique=%d clues=%llu nodes=%llu check=%016llx\n", PUZZLES, unique,
         (unsigned long long)clues_total, (unsigned long long)nodes, (unsigned long long)check);
  return 0;
}
