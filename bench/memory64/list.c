/* A shuffled singly linked list of 1M nodes traversed 20 times: dependent pointer loads (pointers
 * are 8 bytes on wasm64, so the nodes are larger there: part of what wasm64 costs). */
#include "kernel.h"
#define N 1000000
struct node { struct node *next; u32 value; };
static struct node nodes[N];
static u32 order[N];

unsigned kernel(void) {
  for (u32 i = 0; i < N; i++) order[i] = i;
  for (u32 i = N - 1; i > 0; i--) { u32 j = bench_next() % (i + 1); u32 t = order[i]; order[i] = order[j]; order[j] = t; }
  for (u32 i = 0; i < N; i++) {
    nodes[order[i]].value = i;
    nodes[order[i]].next = i + 1 < N ? &nodes[order[i + 1]] : 0;
  }
  u32 sum = 0;
  for (int r = 0; r < 20; r++)
    for (struct node *p = &nodes[order[0]]; p; p = p->next) sum += p->value ^ (u32)r;
  return sum;
}
