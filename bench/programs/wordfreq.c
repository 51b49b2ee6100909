/* wordfreq: tokenises generated text into words, counts them in a chained hash table, sorts by frequency. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef TEXTLEN
#define TEXTLEN (64 << 20)
#endif
#define BUCKETS 65536

static uint64_t rng_state = 0xEC4E6C89452821E6ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

typedef struct Entry { struct Entry *next; uint32_t hash, count, len; char word[]; } Entry;
static Entry *buckets[BUCKETS];
static uint32_t distinct;

static uint32_t fnv1a(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

static void count_word(const char *w, size_t n) {
  uint32_t h = fnv1a(w, n);
  Entry **slot = &buckets[h & (BUCKETS - 1)];
  for (Entry *e = *slot; e; e = e->next)
    if (e->hash == h && e->len == n && memcmp(e->word, w, n) == 0) { e->count++; return; }
  Entry *e = malloc(sizeof(Entry) + n + 1);
  e->hash = h; e->count = 1; e->len = (uint32_t)n;
  memcpy(e->word, w, n); e->word[n] = 0;
  e->next = *slot; *slot = e;
  distinct++;
}

static int cmp_entry(const Entry *a, const Entry *b) {
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return strcmp(a->word, b->word);
}

static void msort(Entry **a, Entry **tmp, size_t n) {
  if (n < 2) return;
  size_t h = n / 2;
  msort(a, tmp, h); msort(a + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = cmp_entry(a[j], a[i]) < 0 ? a[j++] : a[i++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof(Entry *));
}

int main(void) {
  /* vocabulary of pseudo-words; word choice is Zipf-like (min of several uniform draws) */
  enum { VOCAB = 50000 };
  char (*vocab)[16] = malloc(sizeof(char[16]) * VOCAB);
  char *text = malloc(TEXTLEN + 16);
  if (!vocab || !text) return 1;
  static const char syll[][4] = {"ka", "to", "ri", "mu", "sen", "da", "lo", "vi", "qua", "ne", "ph", "or", "is", "tu", "ex", "ya"};
  for (int v = 0; v < VOCAB; v++) {
    uint64_t r = rng();
    int ns = 1 + (int)(r % 4), n = 0;
    for (int k = 0; k < ns; k++) { const char *s = syll[(r >> (4 + 4 * k)) & 15]; while (*s) vocab[v][n++] = *s++; }
    vocab[v][n] = 0;
  }
  size_t t = 0;
  while (t < TEXTLEN) {
    uint64_t r = rng();
    uint32_t a = (uint32_t)(r % VOCAB), b = (uint32_t)((r >> 20) % VOCAB), c = (uint32_t)((r >> 40) % VOCAB);
    uint32_t w = a < b ? a : b; w = w < c ? w : c;
    const char *s = vocab[w];
    int cap = (r >> 60) == 0;
    for (int k = 0; s[k]; k++) text[t++] = (char)(cap && k == 0 ? s[k] - 32 : s[k]);
    uint32_t p = (uint32_t)(r >> 56) & 15;
    text[t++] = p == 0 ? ',' : p == 1 ? '.' : p == 2 ? '\n' : ' ';
    if (p <= 1) text[t++] = ' ';
  }
  text[t] = 0;
  /* tokenise: letters only, lower-cased */
  char word[64];
  size_t total = 0;
  for (size_t i = 0; i < t;) {
    while (i < t && !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) i++;
    size_t n = 0;
    while (i < t && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) {
      char c = text[i++];
      if (n < sizeof word) word[n++] = (char)(c | 32);
    }
    if (n) { count_word(word, n); total++; }
  }
  Entry **all = malloc(sizeof(Entry *) * distinct), **tmp = malloc(sizeof(Entry *) * distinct);
  size_t k = 0;
  for (int b = 0; b < BUCKETS; b++) for (Entry *e = buckets[b]; e; e = e->next) all[k++] = e;
  msort(all, tmp, k);
  uint64_t check = 0;
  for (size_t i = 0; i < k; i++) check = check * 31 + all[i]->count + fnv1a(all[i]->word, all[i]->len);
  for (int i = 0; i < 5; i++) printf("%s %u\n", all[i]->word, all[i]->count);
  printf("wordfreq bytes=%zu words=%zu distinct=%u check=%016llx\n", t, total, distinct, (unsigned long long)check);
  free(vocab); free(text); free(all); free(tmp);
  return 0;
}
