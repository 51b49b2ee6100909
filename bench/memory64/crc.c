/* CRC-32 (table-driven) over an 8 MiB buffer, 24 times: a byte loop with a table lookup. */
#include "kernel.h"
#define SIZE (8u << 20)
static unsigned char buf[SIZE];
static u32 table[256];

unsigned kernel(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  for (u32 i = 0; i < SIZE; i++) buf[i] = (unsigned char)bench_next();
  u32 sum = 0;
  for (int r = 0; r < 24; r++) {
    u32 crc = 0xFFFFFFFFu;
    for (u32 i = 0; i < SIZE; i++) crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
    sum += crc ^ 0xFFFFFFFFu;
    buf[r] ^= 0x5A;
  }
  return sum;
}
