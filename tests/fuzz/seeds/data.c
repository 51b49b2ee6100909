/* Fuzz seed: structures, recursion, a hash table, memcpy/memset over linear memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *left, *right; int key; char tag[12]; };

static struct node *insert(struct node *t, int key) {
  if (t == NULL) {
    t = calloc(1, sizeof *t);
    t->key = key;
    snprintf(t->tag, sizeof t->tag, "k%d", key);
    return t;
  }
  if (key < t->key) t->left = insert(t->left, key);
  else t->right = insert(t->right, key);
  return t;
}

static int depth(const struct node *t) {
  if (t == NULL) return 0;
  int l = depth(t->left), r = depth(t->right);
  return 1 + (l > r ? l : r);
}

#define BUCKETS 64
static unsigned table[BUCKETS];

int main(void) {
  struct node *root = NULL;
  unsigned x = 12345;
  for (int i = 0; i < 200; i++) {
    x = x * 1103515245u + 12345u;
    root = insert(root, (int)(x >> 16) % 1000);
    table[(x >> 8) % BUCKETS]++;
  }
  char a[1024], b[1024];
  memset(a, 'x', sizeof a);
  memcpy(b, a, sizeof b);
  memmove(b + 1, b, 100);
  unsigned sum = 0;
  for (int i = 0; i < BUCKETS; i++) sum += table[i] * (unsigned)i;
  printf("depth %d sum %u cmp %d %s\n", depth(root), sum, memcmp(a, b, sizeof a), root->tag);
  return 0;
}
