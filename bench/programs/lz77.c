/* lz77: LZ77 compressor with hash chains over generated text, decompressor, round-trip check. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef INPUT
#define INPUT (6 << 20)
#endif
#define WINDOW 32768
#define MINMATCH 4
#define MAXMATCH 258
#define HASHBITS 15
#define MAXCHAIN 48
#ifndef ROUNDS
#define ROUNDS 5
#endif

static uint64_t rng_state = 0x7B54A41DC25A59B5ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Text-like input: words from a small skewed vocabulary, punctuation, occasional random bytes. */
static void generate(uint8_t *out, size_t n) {
  static const char *words[] = {"the", "of", "and", "compiler", "wasm", "memory", "to", "in", "function",
                                "table", "a", "module", "value", "stack", "local", "global", "is", "for",
                                "branch", "loop", "export", "import", "type", "with", "native", "code"};
  const int nw = (int)(sizeof words / sizeof words[0]);
  size_t i = 0;
  while (i < n) {
    uint64_t r = rng();
    if ((r & 63) == 0) { out[i++] = (uint8_t)(r >> 8); continue; }
    int w = (int)((r >> 8) % (uint64_t)nw);
    if ((r >> 20) & 1) w = (int)((r >> 21) % 6); /* skew towards the first words */
    const char *s = words[w];
    while (*s && i < n) out[i++] = (uint8_t)*s++;
    if (i < n) out[i++] = ((r >> 30) % 13 == 0) ? '.' : ' ';
    if (i < n && (r >> 40) % 29 == 0) out[i++] = '\n';
  }
}

/* Output format: a token stream. Literal run: 0x00 len(1..255) bytes. Match: 0x01 len-MINMATCH(1 byte) dist(2 bytes). */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out, int32_t *head, int32_t *prev) {
  for (int i = 0; i < (1 << HASHBITS); i++) head[i] = -1;
  size_t o = 0, lit_start = 0, i = 0;
  while (i < n) {
    int best_len = 0;
    size_t best_dist = 0;
    if (i + MINMATCH <= n) {
      uint32_t h = ((uint32_t)in[i] | (uint32_t)in[i + 1] << 8 | (uint32_t)in[i + 2] << 16 | (uint32_t)in[i + 3] << 24);
      h = (h * 2654435761u) >> (32 - HASHBITS);
      int32_t cand = head[h];
      int chain = MAXCHAIN;
      size_t maxlen = n - i < MAXMATCH ? n - i : MAXMATCH;
      while (cand >= 0 && i - (size_t)cand <= WINDOW - 1 && chain--) {
        const uint8_t *a = in + cand, *b = in + i;
        if (a[best_len] == b[best_len]) {
          size_t l = 0;
          while (l < maxlen && a[l] == b[l]) l++;
          if ((int)l > best_len) { best_len = (int)l; best_dist = i - (size_t)cand; if (l == maxlen) break; }
        }
        cand = prev[cand % WINDOW];
      }
      prev[i % WINDOW] = head[h];
      head[h] = (int32_t)i;
    }
    if (best_len >= MINMATCH) {
      while (lit_start < i) {
        size_t run = i - lit_start > 255 ? 255 : i - lit_start;
        out[o++] = 0; out[o++] = (uint8_t)run;
        memcpy(out + o, in + lit_start, run); o += run; lit_start += run;
      }
      out[o++] = 1; out[o++] = (uint8_t)(best_len - MINMATCH);
      out[o++] = (uint8_t)best_dist; out[o++] = (uint8_t)(best_dist >> 8);
      /* insert the skipped positions into the hash chains */
      size_t end = i + (size_t)best_len;
      for (i = i + 1; i < end; i++) {
        if (i + MINMATCH > n) continue;
        uint32_t h = ((uint32_t)in[i] | (uint32_t)in[i + 1] << 8 | (uint32_t)in[i + 2] << 16 | (uint32_t)in[i + 3] << 24);
        h = (h * 2654435761u) >> (32 - HASHBITS);
        prev[i % WINDOW] = head[h];
        head[h] = (int32_t)i;
      }
      lit_start = i;
    } else {
      i++;
    }
  }
  while (lit_start < n) {
    size_t run = n - lit_start > 255 ? 255 : n - lit_start;
    out[o++] = 0; out[o++] = (uint8_t)run;
    memcpy(out + o, in + lit_start, run); o += run; lit_start += run;
  }
  return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    if (in[i] == 0) {
      size_t run = in[i + 1];
      memcpy(out + o, in + i + 2, run);
      o += run; i += 2 + run;
    } else {
      size_t len = (size_t)in[i + 1] + MINMATCH, dist = (size_t)in[i + 2] | (size_t)in[i + 3] << 8;
      for (size_t k = 0; k < len; k++) out[o + k] = out[o - dist + k]; /* may overlap */
      o += len; i += 4;
    }
  }
  return o;
}

int main(void) {
  uint8_t *in = malloc(INPUT), *comp = malloc(INPUT + INPUT / 64 + 16), *back = malloc(INPUT);
  int32_t *head = malloc(sizeof(int32_t) << HASHBITS), *prev = malloc(sizeof(int32_t) * WINDOW);
  if (!in || !comp || !back || !head || !prev) return 1;
  size_t total = 0;
  int ok = 1;
  uint32_t h = 2166136261u;
  for (int round = 0; round < ROUNDS; round++) {
    generate(in, INPUT);
    size_t clen = compress(in, INPUT, comp, head, prev);
    size_t dlen = decompress(comp, clen, back);
    ok &= dlen == INPUT && memcmp(in, back, INPUT) == 0;
    for (size_t i = 0; i < clen; i++) h = (h ^ comp[i]) * 16777619u;
    total += clen;
  }
  printf("lz77 input=%d rounds=%d compressed=%zu ratio=%.4f roundtrip=%d fnv=%08x\n", INPUT, ROUNDS, total,
         (double)total / ((double)INPUT * ROUNDS), ok, h);
  free(in); free(comp); free(back); free(head); free(prev);
  return 0;
}
