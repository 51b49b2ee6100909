/* exprparse: generates arithmetic programs as text, tokenises, parses to an AST and evaluates them. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef STATEMENTS
#define STATEMENTS 60000
#endif
#ifndef PASSES
#define PASSES 5
#endif
#define VARS 26

static uint64_t rng_state = 0x85A308D313198A2Eull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static char *text; static size_t tlen, tcap;
static void emit(const char *s) {
  size_t n = strlen(s);
  if (tlen + n + 1 > tcap) { tcap = (tcap + n) * 2; text = realloc(text, tcap); }
  memcpy(text + tlen, s, n); tlen += n; text[tlen] = 0;
}

static void gen_expr(int depth) {
  char buf[32];
  uint64_t r = rng();
  if (depth > 5 || (r & 3) == 0) {
    if (r & 4) { buf[0] = (char)('a' + (r >> 8) % VARS); buf[1] = 0; }
    else snprintf(buf, sizeof buf, "%u", (unsigned)((r >> 8) % 10000));
    emit(buf);
    return;
  }
  static const char *ops[] = {" + ", " - ", " * ", " / ", " % ", " & ", " | ", " ^ ", " << ", " >> "};
  int paren = (r >> 8) & 1;
  if (paren) emit("(");
  if (((r >> 9) & 7) == 0) emit("-");
  gen_expr(depth + 1);
  emit(ops[(r >> 12) % 10]);
  gen_expr(depth + 1);
  if (paren) emit(")");
}

/* ---- tokens ---- */
enum { T_NUM, T_VAR, T_OP, T_LP, T_RP, T_ASSIGN, T_SEMI, T_END };
typedef struct { uint8_t kind; uint8_t op; uint32_t val; } Tok;
static Tok *toks; static size_t ntok, pos;

static void tokenise(const char *s) {
  ntok = 0;
  for (;;) {
    while (*s == ' ' || *s == '\n') s++;
    Tok t = {T_END, 0, 0};
    char c = *s;
    if (!c) { toks[ntok++] = t; return; }
    if (c >= '0' && c <= '9') { uint32_t v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (uint32_t)(*s++ - '0'); t.kind = T_NUM; t.val = v; }
    else if (c >= 'a' && c <= 'z') { t.kind = T_VAR; t.val = (uint32_t)(c - 'a'); s++; }
    else if (c == '(') { t.kind = T_LP; s++; }
    else if (c == ')') { t.kind = T_RP; s++; }
    else if (c == ';') { t.kind = T_SEMI; s++; }
    else if (c == '=') { t.kind = T_ASSIGN; s++; }
    else if ((c == '<' || c == '>') && s[1] == c) { t.kind = T_OP; t.op = (uint8_t)c; s += 2; }
    else { t.kind = T_OP; t.op = (uint8_t)c; s++; }
    toks[ntok++] = t;
  }
}

/* ---- AST in a node pool ---- */
typedef struct { uint8_t kind; uint8_t op; int32_t a, b; uint32_t val; } Node; /* kind: 0 num,1 var,2 bin,3 neg */
static Node *pool; static int32_t npool;
static int32_t mk(uint8_t kind, uint8_t op, int32_t a, int32_t b, uint32_t val) {
  Node *n = &pool[npool]; n->kind = kind; n->op = op; n->a = a; n->b = b; n->val = val; return npool++;
}

static int prec(uint8_t op) {
  switch (op) {
  case '|': return 1; case '^': return 2; case '&': return 3;
  case '<': case '>': return 4; case '+': case '-': return 5; default: return 6;
  }
}

static int32_t parse_expr(int minprec);
static int32_t parse_unary(void) {
  Tok t = toks[pos++];
  if (t.kind == T_NUM) return mk(0, 0, -1, -1, t.val);
  if (t.kind == T_VAR) return mk(1, 0, -1, -1, t.val);
  if (t.kind == T_OP && t.op == '-') return mk(3, 0, parse_unary(), -1, 0);
  if (t.kind == T_LP) { int32_t e = parse_expr(0); pos++; /* ')' */ return e; }
  fprintf(stderr, "parse error at token %zu\n", pos); exit(3);
}
/* precedence climbing, left associative */
static int32_t parse_expr(int minprec) {
  int32_t lhs = parse_unary();
  while (toks[pos].kind == T_OP && prec(toks[pos].op) > minprec) {
    uint8_t op = toks[pos++].op;
    int32_t rhs = parse_expr(prec(op));
    lhs = mk(2, op, lhs, rhs, 0);
  }
  return lhs;
}

static uint32_t vars[VARS];
static uint32_t eval(int32_t i) {
  const Node *n = &pool[i];
  switch (n->kind) {
  case 0: return n->val;
  case 1: return vars[n->val];
  case 3: return 0u - eval(n->a);
  default: {
    uint32_t x = eval(n->a), y = eval(n->b);
    switch (n->op) {
    case '+': return x + y; case '-': return x - y; case '*': return x * y;
    case '/': return y ? x / y : 0; case '%': return y ? x % y : 0;
    case '&': return x & y; case '|': return x | y; case '^': return x ^ y;
    case '<': return x << (y & 31); default: return x >> (y & 31);
    }
  }
  }
}

int main(void) {
  for (int i = 0; i < STATEMENTS; i++) {
    char buf[8];
    buf[0] = (char)('a' + rng() % VARS); buf[1] = 0;
    emit(buf); emit(" = ");
    gen_expr(0);
    emit(";\n");
  }
  toks = malloc(sizeof(Tok) * (tlen + 1));
  pool = malloc(sizeof(Node) * (tlen + 1));
  int32_t *stmt_expr = malloc(sizeof(int32_t) * STATEMENTS);
  uint8_t *stmt_var = malloc(STATEMENTS);
  if (!toks || !pool || !stmt_expr || !stmt_var) return 1;
  uint64_t check = 0;
  for (int pass = 0; pass < PASSES; pass++) {
    tokenise(text);
    pos = 0; npool = 0;
    for (int s = 0; s < STATEMENTS; s++) {
      stmt_var[s] = (uint8_t)toks[pos].val; pos += 2; /* var '=' */
      stmt_expr[s] = parse_expr(0);
      pos++; /* ';' */
    }
    for (int v = 0; v < VARS; v++) vars[v] = (uint32_t)(v * 7 + pass);
    for (int rep = 0; rep < 4; rep++)
      for (int s = 0; s < STATEMENTS; s++) vars[stmt_var[s]] = eval(stmt_expr[s]);
    for (int v = 0; v < VARS; v++) check = check * 1099511628211ull ^ vars[v];
  }
  printf("exprparse bytes=%zu tokens=%zu nodes=%d check=%016llx\n", tlen, ntok, npool, (unsigned long long)check);
  free(text); free(toks); free(pool); free(stmt_expr); free(stmt_var);
  return 0;
}
