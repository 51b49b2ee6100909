/* crc32: table-driven CRC-32 (bytewise and slicing-by-4) and Adler-32 over a mutating buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef BUF
#define BUF (1 << 20)
#endif
#ifndef PASSES
#define PASSES 220
#endif

static uint32_t table[4][256];

static void make_tables(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; i++)
    for (int t = 1; t < 4; t++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 255];
}

static uint32_t crc_bytewise(uint32_t crc, const uint8_t *p, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++) crc = table[0][(crc ^ p[i]) & 255] ^ (crc >> 8);
  return ~crc;
}

static uint32_t crc_slice4(uint32_t crc, const uint8_t *p, size_t n) {
  crc = ~crc;
  while (n >= 4) {
    uint32_t w = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    crc = table[3][w & 255] ^ table[2][(w >> 8) & 255] ^ table[1][(w >> 16) & 255] ^ table[0][w >> 24];
    p += 4; n -= 4;
  }
  while (n--) crc = table[0][(crc ^ *p++) & 255] ^ (crc >> 8);
  return ~crc;
}

static uint32_t adler32(const uint8_t *p, size_t n) {
  uint32_t a = 1, b = 0;
  while (n) {
    size_t chunk = n < 5552 ? n : 5552;
    n -= chunk;
    while (chunk--) { a += *p++; b += a; }
    a %= 65521u; b %= 65521u;
  }
  return b << 16 | a;
}

int main(void) {
  uint8_t *buf = malloc(BUF);
  if (!buf) return 1;
  make_tables();
  uint32_t x = 0xDEADBEEFu;
  for (size_t i = 0; i < BUF; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; buf[i] = (uint8_t)(x >> 24); }
  uint32_t check = crc_bytewise(0, (const uint8_t *)"123456789", 9); /* 0xCBF43926 */
  uint32_t acc = 0, adl = 0;
  for (int pass = 0; pass < PASSES; pass++) {
    uint32_t c1 = crc_bytewise(0, buf, BUF);
    uint32_t c2 = crc_slice4(0, buf, BUF);
    if (c1 != c2) { printf("crc mismatch in pass %d\n", pass); return 2; }
    adl ^= adler32(buf, BUF);
    acc = acc * 16777619u ^ c1;
    /* mutate a few bytes depending on the previous result */
    for (int k = 0; k < 64; k++) buf[(c1 + (uint32_t)k * 7919u) % BUF] ^= (uint8_t)(c1 >> (k & 24));
  }
  printf("crc32 check=%08x buf=%d passes=%d acc=%08x adler=%08x\n", check, BUF, PASSES, acc, adl);
  free(buf);
  return 0;
}
