/* avltree: AVL tree with insert, delete and lookup over a pool of heap nodes; in-order checks. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

#ifndef OPS
#define OPS 1200000
#endif
#ifndef KEYSPACE
#define KEYSPACE 400000
#endif

typedef struct Node { struct Node *l, *r; uint32_t key, val; int32_t h; } Node;

static uint64_t rng_state = 0x0801F2E2858EFC16ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static Node *freelist;
static Node *new_node(uint32_t key, uint32_t val) {
  Node *n = freelist;
  if (n) freelist = n->l; else n = malloc(sizeof(Node));
  n->l = n->r = NULL; n->key = key; n->val = val; n->h = 1;
  return n;
}
static void free_node(Node *n) { n->l = freelist; freelist = n; }

static int32_t ht(const Node *n) { return n ? n->h : 0; }
static void fix(Node *n) { int32_t a = ht(n->l), b = ht(n->r); n->h = (a > b ? a : b) + 1; }
static Node *rot_right(Node *n) { Node *l = n->l; n->l = l->r; l->r = n; fix(n); fix(l); return l; }
static Node *rot_left(Node *n) { Node *r = n->r; n->r = r->l; r->l = n; fix(n); fix(r); return r; }

static Node *balance(Node *n) {
  fix(n);
  int32_t bf = ht(n->l) - ht(n->r);
  if (bf > 1) {
    if (ht(n->l->l) < ht(n->l->r)) n->l = rot_left(n->l);
    return rot_right(n);
  }
  if (bf < -1) {
    if (ht(n->r->r) < ht(n->r->l)) n->r = rot_right(n->r);
    return rot_left(n);
  }
  return n;
}

static uint32_t size;
static Node *insert(Node *n, uint32_t key, uint32_t val) {
  if (!n) { size++; return new_node(key, val); }
  if (key < n->key) n->l = insert(n->l, key, val);
  else if (key > n->key) n->r = insert(n->r, key, val);
  else { n->val += val; return n; }
  return balance(n);
}

static Node *remove_min(Node *n, Node **min) {
  if (!n->l) { *min = n; return n->r; }
  n->l = remove_min(n->l, min);
  return balance(n);
}

static Node *erase(Node *n, uint32_t key) {
  if (!n) return NULL;
  if (key < n->key) n->l = erase(n->l, key);
  else if (key > n->key) n->r = erase(n->r, key);
  else {
    Node *l = n->l, *r = n->r;
    free_node(n);
    size--;
    if (!r) return l;
    Node *m;
    r = remove_min(r, &m);
    m->l = l; m->r = r;
    return balance(m);
  }
  return balance(n);
}

static const Node *lookup(const Node *n, uint32_t key) {
  while (n && n->key != key) n = key < n->key ? n->l : n->r;
  return n;
}

/* in-order walk verifying order and heights; returns node count */
static uint32_t verify(const Node *n, uint32_t *prev, int *ok, uint64_t *acc) {
  if (!n) return 0;
  uint32_t c = verify(n->l, prev, ok, acc);
  if (*prev != UINT32_MAX && n->key <= *prev) *ok = 0;
  *prev = n->key;
  *acc = *acc * 1000003u + n->key + n->val;
  int32_t d = ht(n->l) - ht(n->r);
  if (d < -1 || d > 1) *ok = 0;
  return c + 1 + verify(n->r, prev, ok, acc);
}

int main(void) {
  Node *root = NULL;
  uint64_t found = 0, vsum = 0;
  for (uint32_t op = 0; op < OPS; op++) {
    uint64_t r = rng();
    uint32_t key = (uint32_t)((r >> 16) % KEYSPACE);
    switch (r & 3) {
    case 0: case 1: root = insert(root, key, (uint32_t)(r >> 48)); break;
    case 2: root = erase(root, key); break;
    default: { const Node *n = lookup(root, key); if (n) { found++; vsum += n->val; } }
    }
  }
  uint32_t prev = UINT32_MAX; int ok = 1; uint64_t acc = 0;
  uint32_t counted = verify(root, &prev, &ok, &acc);
  printf("avltree ops=%d size=%u counted=%u height=%d ok=%d found=%llu vsum=%llu acc=%016llx\n", OPS, size, counted,
         ht(root), ok, (unsigned long long)found, (unsigned long long)vsum, (unsigned long long)acc);
  return 0;
}
