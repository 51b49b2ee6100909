/* regex: a backtracking matcher for a small regex dialect (. * + ? ^ $ [a-z] [^x] \d \w) over generated lines. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef LINES
#define LINES 120000
#endif
#define LINELEN 80

static uint64_t rng_state = 0x299F31D0082EFA98ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Does the single pattern atom at p (length *alen) match character c? */
static int atom_match(const char *p, int *alen, char c) {
  if (*p == '\\') {
    *alen = 2;
    if (p[1] == 'd') return c >= '0' && c <= '9';
    if (p[1] == 'w') return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return c == p[1];
  }
  if (*p == '[') {
    int i = 1, neg = 0, hit = 0;
    if (p[i] == '^') { neg = 1; i++; }
    while (p[i] != ']') {
      if (p[i + 1] == '-' && p[i + 2] != ']') { if (c >= p[i] && c <= p[i + 2]) hit = 1; i += 3; }
      else { if (c == p[i]) hit = 1; i++; }
    }
    *alen = i + 1;
    return c != 0 && (hit ^ neg);
  }
  *alen = 1;
  return c != 0 && (*p == '.' || *p == c);
}

static int match_here(const char *p, const char *s);

static int match_star(const char *atom, const char *rest, const char *s, int min) {
  /* greedy: count how far the atom repeats, then back off */
  int alen, n = 0;
  while (s[n] && atom_match(atom, &alen, s[n])) n++;
  for (int k = n; k >= min; k--)
    if (match_here(rest, s + k)) return 1;
  return 0;
}

static int match_here(const char *p, const char *s) {
  for (;;) {
    if (*p == 0) return 1;
    if (p[0] == '$' && p[1] == 0) return *s == 0;
    int alen;
    int m = atom_match(p, &alen, *s);
    char q = p[alen];
    if (q == '*') return match_star(p, p + alen + 1, s, 0);
    if (q == '+') return match_star(p, p + alen + 1, s, 1);
    if (q == '?') return (m && match_here(p + alen + 1, s + 1)) || match_here(p + alen + 1, s);
    if (!m) return 0;
    p += alen; s++;
  }
}

static int match(const char *p, const char *s) {
  if (*p == '^') return match_here(p + 1, s);
  do { if (match_here(p, s)) return 1; } while (*s++);
  return 0;
}

int main(void) {
  static const char *words[] = {"error", "warn", "info", "debug", "id", "user", "wasm", "trap", "stack",
                                "func", "ok", "fail", "retry", "timeout", "cache", "load", "store", "br_if"};
  const int nw = (int)(sizeof words / sizeof words[0]);
  char *lines = malloc((size_t)LINES * (LINELEN + 1));
  if (!lines) return 1;
  for (int l = 0; l < LINES; l++) {
    char *s = lines + (size_t)l * (LINELEN + 1);
    int n = 0;
    while (n < LINELEN - 12) {
      uint64_t r = rng();
      if ((r & 3) == 0) n += snprintf(s + n, 12, "%u", (unsigned)((r >> 8) % 100000));
      else { const char *w = words[(r >> 8) % (uint64_t)nw]; size_t wl = strlen(w); memcpy(s + n, w, wl); n += (int)wl; }
      s[n++] = ((r >> 40) % 5 == 0) ? '=' : ((r >> 40) % 7 == 0 ? ':' : ' ');
    }
    s[n - 1] = 0; /* drop the last separator: lines end in a word or a number */
  }
  static const char *patterns[] = {
      "^error", "trap.*stack", "id=\\d+", "[0-9][0-9][0-9][0-9][0-9]", "user:\\w+ ", "fail$", "w?a?sm+ func",
      "^[a-z]+ [a-z]+ [a-z]+", "cache.*load.*store", "timeout [^ ]*9 ", "br_if=\\d*7", "retry.*retry.*retry",
      "t.m.o.t", "\\w+=\\w+=\\w+", "[aeiou][aeiou]", "st[a-z]*e", "ok ok", "^.*\\d$"};
  const int np = (int)(sizeof patterns / sizeof patterns[0]);
  uint32_t counts[32] = {0};
  uint64_t check = 0;
  for (int p = 0; p < np; p++)
    for (int l = 0; l < LINES; l++)
      if (match(patterns[p], lines + (size_t)l * (LINELEN + 1))) { counts[p]++; check += (uint64_t)l * (p + 1); }
  for (int p = 0; p < np; p++) printf("%-28s %u\n", patterns[p], counts[p]);
  printf("regex lines=%d patterns=%d check=%llu\n", LINES, np, (unsigned long long)check);
  free(lines);
  return 0;
}
