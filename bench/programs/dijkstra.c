/* dijkstra: single-source shortest paths with a binary heap on a generated weighted graph. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef NODES
#define NODES 250000
#endif
#define DEGREE 6
#ifndef SOURCES
#define SOURCES 8
#endif

static uint64_t rng_state = 0xC0AC29B7C97C50DDull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

typedef struct { uint64_t key; uint32_t node; } HeapItem;
static HeapItem *heap;
static uint32_t heap_n;

static void heap_push(uint64_t key, uint32_t node) {
  uint32_t i = heap_n++;
  while (i > 0) {
    uint32_t p = (i - 1) / 2;
    if (heap[p].key <= key) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i].key = key; heap[i].node = node;
}

static HeapItem heap_pop(void) {
  HeapItem top = heap[0], last = heap[--heap_n];
  uint32_t i = 0;
  for (;;) {
    uint32_t c = 2 * i + 1;
    if (c >= heap_n) break;
    if (c + 1 < heap_n && heap[c + 1].key < heap[c].key) c++;
    if (last.key <= heap[c].key) break;
    heap[i] = heap[c];
    i = c;
  }
  if (heap_n > 0) heap[i] = last;
  return top;
}

int main(void) {
  const uint32_t m = (uint32_t)NODES * DEGREE;
  uint32_t *off = calloc(NODES + 1, sizeof(uint32_t)), *adj = malloc(sizeof(uint32_t) * m);
  uint32_t *wt = malloc(sizeof(uint32_t) * m), *from = malloc(sizeof(uint32_t) * m);
  uint32_t *to = malloc(sizeof(uint32_t) * m), *w0 = malloc(sizeof(uint32_t) * m);
  uint64_t *dist = malloc(sizeof(uint64_t) * NODES);
  heap = malloc(sizeof(HeapItem) * (m + NODES));
  if (!off || !adj || !wt || !from || !to || !w0 || !dist || !heap) return 1;
  for (uint32_t e = 0; e < m; e++) {
    uint32_t u = (uint32_t)(rng() % NODES);
    uint64_t r = rng();
    uint32_t v = (r & 3) ? (uint32_t)((u + 1 + (r >> 4) % 500) % NODES) : (uint32_t)((r >> 4) % NODES);
    from[e] = u; to[e] = v; w0[e] = 1 + (uint32_t)((r >> 40) % 1000);
  }
  for (uint32_t e = 0; e < m; e++) off[from[e] + 1]++;
  for (uint32_t i = 0; i < NODES; i++) off[i + 1] += off[i];
  for (uint32_t e = 0; e < m; e++) { uint32_t k = off[from[e]]++; adj[k] = to[e]; wt[k] = w0[e]; }
  for (uint32_t i = NODES; i > 0; i--) off[i] = off[i - 1];
  off[0] = 0;
  uint64_t check = 0, settled_total = 0;
  for (int s = 0; s < SOURCES; s++) {
    for (uint32_t i = 0; i < NODES; i++) dist[i] = UINT64_MAX;
    uint32_t root = (uint32_t)(rng() % NODES);
    dist[root] = 0;
    heap_n = 0;
    heap_push(0, root);
    while (heap_n) {
      HeapItem it = heap_pop();
      if (it.key != dist[it.node]) continue; /* stale entry */
      settled_total++;
      for (uint32_t k = off[it.node]; k < off[it.node + 1]; k++) {
        uint64_t nd = it.key + wt[k];
        uint32_t v = adj[k];
        if (nd < dist[v]) { dist[v] = nd; heap_push(nd, v); }
      }
    }
    for (uint32_t i = 0; i < NODES; i++)
      if (dist[i] != UINT64_MAX) check = check * 6364136223846793005ull + dist[i];
  }
  printf("dijkstra nodes=%d edges=%u sources=%d settled=%llu check=%016llx\n", NODES, m, SOURCES,
         (unsigned long long)settled_total, (unsigned long long)check);
  free(off); free(adj); free(wt); free(from); free(to); free(w0); free(dist); free(heap);
  return 0;
}
