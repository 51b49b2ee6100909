/* linkedlist: singly linked lists over scattered nodes: build, merge sort, reverse, split/splice, filter. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef NODES
#define NODES 250000
#endif
#ifndef ROUNDS
#define ROUNDS 6
#endif

typedef struct Node { struct Node *next; uint32_t key; uint32_t pad; } Node;

static uint64_t rng_state = 0xD1310BA698DFB5ACull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static Node *merge(Node *a, Node *b) {
  Node head, *t = &head;
  while (a && b) {
    if (b->key < a->key) { t->next = b; b = b->next; }
    else { t->next = a; a = a->next; }
    t = t->next;
  }
  t->next = a ? a : b;
  return head.next;
}

/* bottom-up merge sort with an array of partial lists (no recursion) */
static Node *sort_list(Node *list) {
  Node *bins[64] = {0};
  int top = 0;
  while (list) {
    Node *n = list; list = list->next; n->next = NULL;
    int i = 0;
    for (; i < top && bins[i]; i++) { n = merge(bins[i], n); bins[i] = NULL; }
    if (i == top) top++;
    bins[i] = n;
  }
  Node *res = NULL;
  for (int i = 0; i < top; i++) if (bins[i]) res = merge(bins[i], res);
  return res;
}

static Node *reverse(Node *l) {
  Node *prev = NULL;
  while (l) { Node *n = l->next; l->next = prev; prev = l; l = n; }
  return prev;
}

int main(void) {
  Node *pool = malloc(sizeof(Node) * NODES);
  uint32_t *perm = malloc(sizeof(uint32_t) * NODES);
  if (!pool || !perm) return 1;
  /* link nodes in a random permutation order so traversal jumps around memory */
  for (uint32_t i = 0; i < NODES; i++) perm[i] = i;
  for (uint32_t i = NODES - 1; i > 0; i--) { uint32_t j = (uint32_t)(rng() % (i + 1)); uint32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  Node *list = NULL;
  for (uint32_t i = 0; i < NODES; i++) { Node *n = &pool[perm[i]]; n->key = (uint32_t)rng(); n->next = list; list = n; }
  uint64_t check = 0;
  for (int round = 0; round < ROUNDS; round++) {
    list = sort_list(list);
    uint32_t prev = 0, sorted = 1, len = 0;
    for (Node *n = list; n; n = n->next) { if (n->key < prev) sorted = 0; prev = n->key; len++; }
    list = reverse(list);
    /* split into even/odd keys, rekey one half, splice back together interleaved */
    Node *even = NULL, *odd = NULL;
    while (list) {
      Node *n = list; list = list->next;
      if (n->key & 1) { n->next = odd; odd = n; } else { n->next = even; even = n; }
    }
    for (Node *n = odd; n; n = n->next) n->key = n->key * 2654435761u + (uint32_t)round;
    Node head, *t = &head;
    while (even || odd) {
      if (even) { t->next = even; t = even; even = even->next; }
      if (odd) { t->next = odd; t = odd; odd = odd->next; }
    }
    t->next = NULL;
    list = head.next;
    uint64_t s = 0; uint32_t idx = 0;
    for (Node *n = list; n; n = n->next, idx++) s += (uint64_t)n->key * (idx & 1023);
    check = check * 1000003u + s + sorted + len;
  }
  printf("linkedlist nodes=%d rounds=%d check=%016llx\n", NODES, ROUNDS, (unsigned long long)check);
  free(pool); free(perm);
  return 0;
}
