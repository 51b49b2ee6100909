/* hashmap: open-addressing (linear probing, tombstones) hash map with murmur3 mixing; insert/find/erase. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef CAPBITS
#define CAPBITS 22
#endif
#ifndef OPS
#define OPS 12000000
#endif

typedef struct { uint64_t key; uint64_t value; } Slot; /* key 0 = empty, 1 = tombstone */

static uint64_t rng_state = 0xB8E1AFED6A267E96ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint64_t fmix64(uint64_t k) {
  k ^= k >> 33; k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

static Slot *slots;
static const uint64_t mask = (1ull << CAPBITS) - 1;
static uint64_t live, tombs;

static Slot *find(uint64_t key) {
  uint64_t i = fmix64(key) & mask;
  for (;;) {
    Slot *s = &slots[i];
    if (s->key == key) return s;
    if (s->key == 0) return NULL;
    i = (i + 1) & mask;
  }
}

static void rehash_in_place(void) {
  /* rebuild without tombstones */
  Slot *old = slots;
  slots = calloc(mask + 1, sizeof(Slot));
  for (uint64_t i = 0; i <= mask; i++)
    if (old[i].key > 1) {
      uint64_t j = fmix64(old[i].key) & mask;
      while (slots[j].key) j = (j + 1) & mask;
      slots[j] = old[i];
    }
  free(old);
  tombs = 0;
}

static void insert(uint64_t key, uint64_t value) {
  uint64_t i = fmix64(key) & mask;
  Slot *tomb = NULL;
  for (;;) {
    Slot *s = &slots[i];
    if (s->key == key) { s->value += value; return; }
    if (s->key == 1 && !tomb) tomb = s;
    if (s->key == 0) break;
    i = (i + 1) & mask;
  }
  Slot *dst = tomb ? tomb : &slots[i];
  if (tomb) tombs--;
  dst->key = key; dst->value = value;
  live++;
  if ((live + tombs) * 4 > (mask + 1) * 3) rehash_in_place();
}

static int erase(uint64_t key) {
  Slot *s = find(key);
  if (!s) return 0;
  s->key = 1; live--; tombs++;
  return 1;
}

int main(void) {
  slots = calloc(mask + 1, sizeof(Slot));
  if (!slots) return 1;
  uint64_t hits = 0, misses = 0, erased = 0, vsum = 0;
  const uint64_t universe = 3000000;
  for (uint64_t op = 0; op < OPS; op++) {
    uint64_t r = rng();
    uint64_t key = 2 + (r >> 8) % universe;
    switch (r & 7) {
    case 0: case 1: case 2: insert(key, op & 1023); break;
    case 3: erased += (uint64_t)erase(key); break;
    default: {
      Slot *s = find(key);
      if (s) { hits++; vsum += s->value; } else misses++;
    }
    }
  }
  uint64_t total = 0, x = 0;
  for (uint64_t i = 0; i <= mask; i++)
    if (slots[i].key > 1) { total += slots[i].value; x ^= fmix64(slots[i].key + slots[i].value); }
  printf("hashmap ops=%d live=%llu hits=%llu misses=%llu erased=%llu vsum=%llu total=%llu x=%016llx\n", OPS,
         (unsigned long long)live, (unsigned long long)hits, (unsigned long long)misses,
         (unsigned long long)erased, (unsigned long long)vsum, (unsigned long long)total, (unsigned long long)x);
  free(slots);
  return 0;
}
