/* json: generates random JSON documents, serialises them, parses the text back, re-serialises and compares. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef DOCS
#define DOCS 1500
#endif
#ifndef PASSES
#define PASSES 4
#endif

static uint64_t rng_state = 0x24A19947B3916CF7ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

enum { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ };
typedef struct Value {
  int kind; int64_t num; char *str; /* J_STR value, or the key when this value is an object member */
  char *key; struct Value *child, *next; /* children of arrays/objects as a linked list */
} Value;

static Value *mkval(int kind) { Value *v = calloc(1, sizeof(Value)); v->kind = kind; return v; }

static char *rand_string(void) {
  static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 _-\"\\/\n\t";
  int n = (int)(rng() % 14);
  char *s = malloc((size_t)n + 1);
  for (int i = 0; i < n; i++) s[i] = chars[rng() % (sizeof chars - 1)];
  s[n] = 0;
  return s;
}

static Value *gen(int depth) {
  uint64_t r = rng();
  int k = (int)(r % 10);
  if (depth >= 5 && k >= 5) k = (int)(r % 5);
  Value *v;
  switch (k) {
  case 0: return mkval(J_NULL);
  case 1: return mkval((r >> 8) & 1 ? J_TRUE : J_FALSE);
  case 2: case 3: v = mkval(J_NUM); v->num = (int64_t)(r >> 8) % 2000000001 - 1000000000; return v;
  case 4: v = mkval(J_STR); v->str = rand_string(); return v;
  default: {
    v = mkval(k < 7 ? J_ARR : J_OBJ);
    int n = (int)((r >> 16) % 7);
    Value **tail = &v->child;
    for (int i = 0; i < n; i++) {
      Value *c = gen(depth + 1);
      if (v->kind == J_OBJ) c->key = rand_string();
      *tail = c; tail = &c->next;
    }
    return v;
  }
  }
}

static void free_val(Value *v) {
  while (v) { Value *n = v->next; free_val(v->child); free(v->str); free(v->key); free(v); v = n; }
}

typedef struct { char *p; size_t n, cap; } Buf;
static void put(Buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) { b->cap = (b->cap + n) * 2; b->p = realloc(b->p, b->cap); }
  memcpy(b->p + b->n, s, n); b->n += n; b->p[b->n] = 0;
}
static void put_str(Buf *b, const char *s) {
  put(b, "\"", 1);
  for (; *s; s++) {
    if (*s == '"') put(b, "\\\"", 2); else if (*s == '\\') put(b, "\\\\", 2);
    else if (*s == '\n') put(b, "\\n", 2); else if (*s == '\t') put(b, "\\t", 2);
    else put(b, s, 1);
  }
  put(b, "\"", 1);
}
static void serialise(Buf *b, const Value *v) {
  char num[32];
  switch (v->kind) {
  case J_NULL: put(b, "null", 4); break;
  case J_FALSE: put(b, "false", 5); break;
  case J_TRUE: put(b, "true", 4); break;
  case J_NUM: put(b, num, (size_t)snprintf(num, sizeof num, "%lld", (long long)v->num)); break;
  case J_STR: put_str(b, v->str); break;
  default: {
    int obj = v->kind == J_OBJ;
    put(b, obj ? "{" : "[", 1);
    for (const Value *c = v->child; c; c = c->next) {
      if (c != v->child) put(b, ",", 1);
      if (obj) { put_str(b, c->key); put(b, ":", 1); }
      serialise(b, c);
    }
    put(b, obj ? "}" : "]", 1);
  }
  }
}

static const char *p; /* parser cursor */
static void ws(void) { while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++; }
static char *parse_string(void) {
  p++; /* opening quote */
  const char *s = p; size_t n = 0;
  while (*s != '"') { if (*s == '\\') s++; s++; n++; }
  char *out = malloc(n + 1), *o = out;
  while (*p != '"') {
    if (*p == '\\') { p++; *o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p; p++; }
    else *o++ = *p++;
  }
  p++; *o = 0;
  return out;
}
static Value *parse(void) {
  ws();
  Value *v;
  if (*p == 'n') { p += 4; return mkval(J_NULL); }
  if (*p == 't') { p += 4; return mkval(J_TRUE); }
  if (*p == 'f') { p += 5; return mkval(J_FALSE); }
  if (*p == '"') { v = mkval(J_STR); v->str = parse_string(); return v; }
  if (*p == '-' || (*p >= '0' && *p <= '9')) {
    int neg = *p == '-'; if (neg) p++;
    int64_t x = 0; while (*p >= '0' && *p <= '9') x = x * 10 + (*p++ - '0');
    v = mkval(J_NUM); v->num = neg ? -x : x; return v;
  }
  int obj = *p == '{';
  char close = obj ? '}' : ']';
  v = mkval(obj ? J_OBJ : J_ARR);
  p++; ws();
  Value **tail = &v->child;
  while (*p != close) {
    char *key = NULL;
    if (obj) { ws(); key = parse_string(); ws(); p++; /* ':' */ }
    Value *c = parse();
    c->key = key;
    *tail = c; tail = &c->next;
    ws();
    if (*p == ',') p++;
    ws();
  }
  p++;
  return v;
}

int main(void) {
  uint64_t check = 0, bytes = 0, mism = 0;
  for (int pass = 0; pass < PASSES; pass++) {
    Buf a = {0}, b = {0};
    put(&a, "[", 1);
    Value **docs = malloc(sizeof(Value *) * DOCS);
    for (int d = 0; d < DOCS; d++) {
      docs[d] = mkval(J_OBJ);
      Value **tail = &docs[d]->child;
      for (int f = 0; f < 12; f++) { Value *c = gen(1); c->key = rand_string(); *tail = c; tail = &c->next; }
      if (d) put(&a, ",\n", 2);
      serialise(&a, docs[d]);
    }
    put(&a, "]", 1);
    for (int rep = 0; rep < 4; rep++) {
      p = a.p;
      Value *root = parse();
      b.n = 0;
      serialise(&b, root);
      free_val(root);
    }
    /* the reparsed text has no newlines between documents */
    size_t i = 0, j = 0;
    while (i < a.n && j < b.n) { if (a.p[i] == '\n') { i++; continue; } if (a.p[i] != b.p[j]) { mism++; break; } i++; j++; }
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < b.n; k++) h = (h ^ (uint8_t)b.p[k]) * 16777619u;
    check = check * 1000003u + h;
    bytes += a.n;
    for (int d = 0; d < DOCS; d++) free_val(docs[d]);
    free(docs); free(a.p); free(b.p);
  }
  printf("json docs=%d passes=%d bytes=%llu mismatches=%llu check=%016llx\n", DOCS, PASSES, (unsigned long long)bytes,
         (unsigned long long)mism, (unsigned long long)check);
  return 0;
}
