/* bfs: breadth-first search over a generated sparse graph stored in CSR form, from several sources. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef NODES
#define NODES 1000000
#endif
#define DEGREE 8
#ifndef SOURCES
#define SOURCES 8
#endif

static uint64_t rng_state = 0xBE5466CF34E90C6Cull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int main(void) {
  const uint32_t m = (uint32_t)NODES * DEGREE;
  uint32_t *src = malloc(sizeof(uint32_t) * m), *dst = malloc(sizeof(uint32_t) * m);
  uint32_t *off = calloc(NODES + 1, sizeof(uint32_t)), *adj = malloc(sizeof(uint32_t) * m);
  int32_t *dist = malloc(sizeof(int32_t) * NODES);
  uint32_t *queue = malloc(sizeof(uint32_t) * NODES);
  if (!src || !dst || !off || !adj || !dist || !queue) return 1;
  /* mostly-local edges plus long-range shortcuts (small-world-ish) */
  for (uint32_t e = 0; e < m; e++) {
    uint32_t u = (uint32_t)(rng() % NODES), v;
    uint64_t r = rng();
    if ((r & 7) == 0) v = (uint32_t)((r >> 8) % NODES);
    else v = (uint32_t)((u + 1 + (r >> 8) % 64) % NODES);
    src[e] = u; dst[e] = v;
  }
  for (uint32_t e = 0; e < m; e++) off[src[e] + 1]++;
  for (uint32_t i = 0; i < NODES; i++) off[i + 1] += off[i];
  uint32_t *fill = malloc(sizeof(uint32_t) * NODES);
  if (!fill) return 1;
  for (uint32_t i = 0; i < NODES; i++) fill[i] = off[i];
  for (uint32_t e = 0; e < m; e++) adj[fill[src[e]]++] = dst[e];
  free(fill);
  uint64_t total = 0;
  uint32_t maxd = 0, reached_all = 0;
  for (int s = 0; s < SOURCES; s++) {
    for (uint32_t i = 0; i < NODES; i++) dist[i] = -1;
    uint32_t root = (uint32_t)(rng() % NODES), head = 0, tail = 0;
    dist[root] = 0;
    queue[tail++] = root;
    while (head < tail) {
      uint32_t u = queue[head++];
      int32_t du = dist[u] + 1;
      for (uint32_t k = off[u]; k < off[u + 1]; k++) {
        uint32_t v = adj[k];
        if (dist[v] < 0) { dist[v] = du; queue[tail++] = v; }
      }
    }
    uint64_t sum = 0;
    for (uint32_t i = 0; i < NODES; i++)
      if (dist[i] > 0) { sum += (uint64_t)dist[i]; if ((uint32_t)dist[i] > maxd) maxd = (uint32_t)dist[i]; }
    total += sum;
    reached_all += tail;
  }
  printf("bfs nodes=%d edges=%u sources=%d reached=%u distsum=%llu maxdist=%u\n", NODES, m, SOURCES,
         reached_all, (unsigned long long)total, maxd);
  free(src); free(dst); free(off); free(adj); free(dist); free(queue);
  return 0;
}
