/* huffman: run-length + canonical Huffman encoder and table-driven decoder, round-trip checked. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef INPUT
#define INPUT (4 << 20)
#endif
#ifndef ROUNDS
#define ROUNDS 20
#endif
#define MAXBITS 15

static uint64_t rng_state = 0x6A09E667F3BCC908ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* RLE: byte b; if the same byte repeats (3..258 times) emit b b b count-3. */
static size_t rle_encode(const uint8_t *in, size_t n, uint8_t *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    size_t r = 1;
    while (i + r < n && in[i + r] == in[i] && r < 258) r++;
    if (r >= 3) { out[o++] = in[i]; out[o++] = in[i]; out[o++] = in[i]; out[o++] = (uint8_t)(r - 3); i += r; }
    else { out[o++] = in[i++]; }
  }
  return o;
}

static size_t rle_decode(const uint8_t *in, size_t n, uint8_t *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    if (i + 3 < n && in[i] == in[i + 1] && in[i] == in[i + 2]) {
      size_t r = (size_t)in[i + 3] + 3;
      memset(out + o, in[i], r); o += r; i += 4;
    } else out[o++] = in[i++];
  }
  return o;
}

/* Code lengths from frequencies: package the two-smallest repeatedly (simple O(n^2) on 256 symbols),
   then limit depth by flattening; canonical codes are assigned from lengths. */
static void build_lengths(const uint64_t *freq, uint8_t *len) {
  uint64_t w[512]; int parent[512], alive[512], nodes = 256;
  for (int i = 0; i < 256; i++) { w[i] = freq[i] ? freq[i] : 0; alive[i] = freq[i] != 0; parent[i] = -1; }
  for (;;) {
    int a = -1, b = -1;
    for (int i = 0; i < nodes; i++) {
      if (!alive[i]) continue;
      if (a < 0 || w[i] < w[a]) { b = a; a = i; }
      else if (b < 0 || w[i] < w[b]) b = i;
    }
    if (b < 0) break;
    w[nodes] = w[a] + w[b]; alive[nodes] = 1; parent[nodes] = -1;
    alive[a] = alive[b] = 0; parent[a] = parent[b] = nodes; nodes++;
  }
  for (int i = 0; i < 256; i++) {
    int d = 0;
    for (int p = i; parent[p] >= 0; p = parent[p]) d++;
    len[i] = freq[i] ? (uint8_t)(d ? d : 1) : 0;
    if (len[i] > MAXBITS) len[i] = MAXBITS; /* crude limit; fixed up below */
  }
  /* Kraft fix-up: while oversubscribed, lengthen the longest code shorter than MAXBITS */
  for (;;) {
    uint64_t kraft = 0;
    for (int i = 0; i < 256; i++) if (len[i]) kraft += 1ull << (MAXBITS - len[i]);
    if (kraft <= (1ull << MAXBITS)) break;
    int best = -1;
    for (int i = 0; i < 256; i++) if (len[i] && len[i] < MAXBITS && (best < 0 || len[i] > len[best])) best = i;
    len[best]++;
  }
}

static void canonical(const uint8_t *len, uint16_t *code) {
  int count[MAXBITS + 1] = {0}, next[MAXBITS + 2];
  for (int i = 0; i < 256; i++) count[len[i]]++;
  count[0] = 0;
  int c = 0;
  for (int b = 1; b <= MAXBITS; b++) { c = (c + count[b - 1]) << 1; next[b] = c; }
  for (int i = 0; i < 256; i++) if (len[i]) code[i] = (uint16_t)next[len[i]]++;
}

static size_t huff_encode(const uint8_t *in, size_t n, const uint8_t *len, const uint16_t *code, uint8_t *out) {
  uint64_t acc = 0; int bits = 0; size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    acc = (acc << len[in[i]]) | code[in[i]]; bits += len[in[i]];
    while (bits >= 8) { bits -= 8; out[o++] = (uint8_t)(acc >> bits); }
  }
  if (bits) out[o++] = (uint8_t)(acc << (8 - bits));
  return o;
}

/* Decode with a 2^MAXBITS lookup table: (symbol, length) indexed by the next MAXBITS bits. */
static void huff_decode(const uint8_t *in, size_t n, uint8_t *out, size_t count, const uint8_t *len,
                        const uint16_t *code, uint16_t *lut) {
  for (int s = 0; s < 256; s++) {
    if (!len[s]) continue;
    uint32_t first = (uint32_t)code[s] << (MAXBITS - len[s]), span = 1u << (MAXBITS - len[s]);
    for (uint32_t k = 0; k < span; k++) lut[first + k] = (uint16_t)(s | len[s] << 8);
  }
  uint64_t acc = 0; int bits = 0; size_t i = 0;
  for (size_t o = 0; o < count; o++) {
    while (bits < MAXBITS) { acc = (acc << 8) | (i < n ? in[i] : 0); i++; bits += 8; }
    uint16_t e = lut[(acc >> (bits - MAXBITS)) & ((1u << MAXBITS) - 1)];
    out[o] = (uint8_t)e; bits -= e >> 8;
  }
}

int main(void) {
  uint8_t *in = malloc(INPUT), *rle = malloc(INPUT * 2), *enc = malloc(INPUT * 4);
  uint8_t *dec = malloc(INPUT * 2), *back = malloc(INPUT);
  uint16_t *lut = malloc(sizeof(uint16_t) << MAXBITS);
  if (!in || !rle || !enc || !dec || !back || !lut) return 1;
  uint32_t check = 0; size_t total_enc = 0; int ok = 1;
  for (int round = 0; round < ROUNDS; round++) {
    /* skewed symbols with runs: geometric-ish distribution */
    size_t i = 0;
    while (i < INPUT) {
      uint64_t r = rng();
      uint8_t sym = (uint8_t)(__builtin_ctzll(r | (1ull << 40)) * 5 + round);
      size_t run = (r >> 50) % 9 == 0 ? 1 + (r >> 56) % 40 : 1;
      while (run-- && i < INPUT) in[i++] = sym;
    }
    size_t rlen = rle_encode(in, INPUT, rle);
    uint64_t freq[256] = {0};
    for (size_t k = 0; k < rlen; k++) freq[rle[k]]++;
    uint8_t len[256]; uint16_t code[256];
    build_lengths(freq, len);
    canonical(len, code);
    size_t elen = huff_encode(rle, rlen, len, code, enc);
    huff_decode(enc, elen, dec, rlen, len, code, lut);
    size_t blen = rle_decode(dec, rlen, back);
    ok &= blen == INPUT && memcmp(back, in, INPUT) == 0;
    total_enc += elen;
    for (size_t k = 0; k < elen; k += 61) check = check * 31 + enc[k];
  }
  printf("huffman input=%d rounds=%d encoded=%zu roundtrip=%d check=%08x\n", INPUT, ROUNDS, total_enc, ok, check);
  free(in); free(rle); free(enc); free(dec); free(back); free(lut);
  return 0;
}
