/*
 * canon_wave.c — WAVE, the WebAssembly Value Encoding that wasmtime's `run --invoke` reads
 * and prints (the wasm-wave crate), for component values typed by a descriptor's type table:
 *
 *   bool true false · integers 1 -2 · floats 1.5 -0.25 1e-3 nan inf -inf · char 'x' '\u{1f600}'
 *   string "a\tb" · list [1, 2] · tuple (1, "x") · record {x: 1, y: 2} (option fields may be
 *   left out: none) · variant case, case(payload) · enum case · option some(1), none, or the
 *   payload alone · result ok, ok(1), err("e") · flags {a, c}
 *
 * Escapes in chars and strings: \\ \' \" \t \n \r \u{HEX}. Labels are kebab-case; one that
 * is a keyword (true, some, inf...) is written with a '%' prefix. A call is NAME(ARGS), NAME
 * being an export's name as awsm_component_find takes it.
 *
 * Printing follows wasm-wave's formatting: ", " between items, floats in the shortest form
 * that reads back the same, without exponent (as Rust prints them), control characters as
 * \u{HEX}. The parser reports the first error with its byte position, in one line.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "internal.h"

#define NONE AWSM_COMPONENT_NONE

/* ---- printing ---- */

/* A growing string. */
typedef struct buf {
  char *s;
  size_t len, cap;
  int oom;
} buf;

static void add(buf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->len + n + 1) * 2;
    char *p = realloc(b->s, cap);
    if (p == NULL) {
      b->oom = 1;
      return;
    }
    b->s = p, b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}
static void adds(buf *b, const char *s) { add(b, s, strlen(s)); }
__attribute__((format(printf, 2, 3))) static void addf(buf *b, const char *fmt, ...) {
  char tmp[64];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  add(b, tmp, (size_t)n);
}

static const char *const KEYWORDS[] = {"true", "false", "some", "none", "ok", "err", "inf", "nan", NULL};

static void add_label(buf *b, const char *l) {
  for (const char *const *k = KEYWORDS; *k != NULL; k++)
    if (strcmp(*k, l) == 0) adds(b, "%");
  adds(b, l);
}

/* A float in the shortest decimal form that reads back as x (digits `prec` at most), fixed notation. */
static void add_float(buf *b, double x, int is32) {
  if (isnan(x)) return adds(b, "nan");
  if (isinf(x)) return adds(b, x < 0 ? "-inf" : "inf");
  char e[64];
  for (int p = 1; p <= 17; p++) {
    snprintf(e, sizeof e, "%.*e", p - 1, x);
    if (is32 ? strtof(e, NULL) == (float)x : strtod(e, NULL) == x) break;
  }
  /* e is [-]D[.DDD]e[+-]XX: write its digits in fixed notation. */
  char digits[32];
  size_t nd = 0;
  const char *p = e;
  if (*p == '-') adds(b, "-"), p++;
  for (; *p != 'e'; p++)
    if (isdigit((unsigned char)*p)) digits[nd++] = *p;
  int exp = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  if (exp < 0) {
    adds(b, "0.");
    for (int i = -1; i > exp; i--) adds(b, "0");
    add(b, digits, nd);
  } else if ((size_t)exp + 1 >= nd) {
    add(b, digits, nd);
    for (size_t i = nd; i < (size_t)exp + 1; i++) adds(b, "0");
  } else {
    add(b, digits, (size_t)exp + 1);
    adds(b, ".");
    add(b, digits + exp + 1, nd - (size_t)exp - 1);
  }
}

/* Whether c prints as itself: Rust's char::escape_debug (which wasm-wave uses) escapes the
 * rest. Its tables follow Unicode's categories; this covers the controls, format characters,
 * separators, private use and noncharacters, which is where the two can differ in practice. */
static int printable(uint32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD) return 0;
  if ((c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF) return 0;
  if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) return 0;
  return 1;
}

static void add_char(buf *b, uint32_t c) {
  switch (c) {
    case '\\': return adds(b, "\\\\");
    case '\t': return adds(b, "\\t");
    case '\n': return adds(b, "\\n");
    case '\r': return adds(b, "\\r");
    default: break;
  }
  if (c == '\'' || c == '"') return addf(b, "\\%c", (char)c);
  if (!printable(c)) return addf(b, "\\u{%x}", c);
  char u[4];
  add(b, u, canon_utf8_put(u, c));
}

static void print(buf *b, const awsm_component_desc *d, uint32_t t, const awsm_cval *v) {
  const awsm_ctype *ct = t == NONE ? NULL : &d->types[t];
  switch (v->kind) {
    case AWSM_CT_UNIT: return adds(b, "()");
    case AWSM_CT_BOOL: return adds(b, v->u.b ? "true" : "false");
    case AWSM_CT_S8: case AWSM_CT_S16: case AWSM_CT_S32: case AWSM_CT_S64: return addf(b, "%lld", (long long)v->u.s);
    case AWSM_CT_U8: case AWSM_CT_U16: case AWSM_CT_U32: case AWSM_CT_U64:
    case AWSM_CT_OWN: case AWSM_CT_BORROW:
      return addf(b, "%llu", (unsigned long long)(v->kind >= AWSM_CT_OWN ? v->u.handle : v->u.u));
    case AWSM_CT_F32: return add_float(b, v->u.f32, 1);
    case AWSM_CT_F64: return add_float(b, v->u.f64, 0);
    case AWSM_CT_CHAR: adds(b, "'"), add_char(b, v->u.ch); return adds(b, "'");
    case AWSM_CT_STRING: {
      adds(b, "\"");
      const uint8_t *s = (const uint8_t *)v->u.str.ptr;
      for (size_t i = 0; i < v->u.str.len;) {
        uint32_t cp = 0xFFFD;
        size_t n = canon_utf8_next(s + i, v->u.str.len - i, &cp);
        add_char(b, cp);
        i += n == 0 ? 1 : n;
      }
      return adds(b, "\"");
    }
    case AWSM_CT_LIST: case AWSM_CT_TUPLE: case AWSM_CT_RECORD: {
      /* A record leaves out its option fields that are none, as wasm-wave does ({:} if all). */
      int rec = v->kind == AWSM_CT_RECORD, shown = 0;
      adds(b, v->kind == AWSM_CT_LIST ? "[" : rec ? "{" : "(");
      for (uint32_t i = 0; i < v->u.list.len; i++) {
        const awsm_cval *x = &v->u.list.items[i];
        if (rec && x->kind == AWSM_CT_OPTION && x->u.var.disc == 0) continue;
        if (shown++ > 0) adds(b, ", ");
        if (rec) add_label(b, ct->labels[i]), adds(b, ": ");
        print(b, d, v->kind == AWSM_CT_LIST ? ct->types[0] : ct->types[i], x);
      }
      if (rec && shown == 0) adds(b, ":");
      return adds(b, v->kind == AWSM_CT_LIST ? "]" : rec ? "}" : ")");
    }
    case AWSM_CT_FLAGS: {
      adds(b, "{");
      int first = 1;
      for (uint32_t i = 0; i < ct->count; i++)
        if (v->u.flags & (1u << i)) {
          if (!first) adds(b, ", ");
          add_label(b, ct->labels[i]);
          first = 0;
        }
      return adds(b, "}");
    }
    default: { /* variant, enum, option, result */
      uint32_t k = v->u.var.disc;
      if (v->kind == AWSM_CT_OPTION) adds(b, k == 0 ? "none" : "some");
      else if (v->kind == AWSM_CT_RESULT) adds(b, k == 0 ? "ok" : "err");
      else add_label(b, ct->labels[k]);
      if (v->kind == AWSM_CT_ENUM || v->u.var.payload == NULL) return;
      adds(b, "(");
      print(b, d, v->kind == AWSM_CT_OPTION ? ct->types[0] : ct->types[k], v->u.var.payload);
      return adds(b, ")");
    }
  }
}

char *awsm_wave_print(const awsm_component_desc *d, uint32_t type, const awsm_cval *v) {
  buf b = {0};
  print(&b, d, type, v);
  if (b.oom || b.s == NULL) {
    free(b.s);
    return b.oom ? NULL : strdup("");
  }
  return b.s;
}

/* ---- parsing ---- */

typedef struct parser {
  const awsm_component_desc *d;
  const char *s;  /* the text */
  size_t pos;     /* the next byte */
  awsm_error *err;
} parser;

__attribute__((format(printf, 2, 3))) static int fail(parser *p, const char *fmt, ...) {
  char msg[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  rt_error_set(p->err, AWSM_ERR_INVALID, "invalid value at byte %zu of '%.60s': %s", p->pos, p->s, msg);
  return -1;
}

static void ws(parser *p) {
  while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r') p->pos++;
}

static int eat(parser *p, char c) {
  ws(p);
  if (p->s[p->pos] != c) return 0;
  p->pos++;
  return 1;
}

/* A label (kebab-case, '%' allowed first) into out; its length, or 0 when there is none. */
static size_t label(parser *p, char *out, size_t cap) {
  ws(p);
  if (p->s[p->pos] == '%') p->pos++;
  size_t n = 0;
  while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '-') {
    if (n + 1 < cap) out[n++] = p->s[p->pos];
    p->pos++;
  }
  out[n] = '\0';
  return n;
}

/* One character of a char or string literal: an escape or a UTF-8 sequence. */
static int lit_char(parser *p, uint32_t *cp) {
  const uint8_t *s = (const uint8_t *)p->s + p->pos;
  if (*s == '\0') return fail(p, "unterminated literal");
  if (*s != '\\') {
    size_t n = canon_utf8_next(s, strlen((const char *)s), cp);
    if (n == 0) return fail(p, "invalid UTF-8");
    p->pos += n;
    return 0;
  }
  p->pos += 2;
  switch (s[1]) {
    case '\\': *cp = '\\'; return 0;
    case '\'': *cp = '\''; return 0;
    case '"': *cp = '"'; return 0;
    case 't': *cp = '\t'; return 0;
    case 'n': *cp = '\n'; return 0;
    case 'r': *cp = '\r'; return 0;
    case 'u': {
      char *end;
      if (s[2] != '{') return fail(p, "expected '{' after \\u");
      unsigned long v = strtoul((const char *)s + 3, &end, 16);
      if (end == (const char *)s + 3 || *end != '}' || v >= 0x110000 || (v >= 0xD800 && v <= 0xDFFF))
        return fail(p, "invalid \\u{...} escape");
      p->pos = (size_t)(end + 1 - p->s);
      *cp = (uint32_t)v;
      return 0;
    }
    default: p->pos--; return fail(p, "unknown escape");
  }
}

static int value(parser *p, uint32_t t, awsm_cval *out);

static int number(parser *p, const awsm_ctype *ct, awsm_cval *out) {
  ws(p);
  const char *start = p->s + p->pos;
  char *end;
  static const struct { int64_t min; uint64_t max; } range[] = {
      [AWSM_CT_S8] = {-128, 127}, [AWSM_CT_U8] = {0, 255}, [AWSM_CT_S16] = {-32768, 32767}, [AWSM_CT_U16] = {0, 65535},
      [AWSM_CT_S32] = {INT32_MIN, INT32_MAX}, [AWSM_CT_U32] = {0, UINT32_MAX}, [AWSM_CT_S64] = {INT64_MIN, INT64_MAX},
      [AWSM_CT_U64] = {0, UINT64_MAX}};
  out->kind = ct->kind;
  if (ct->kind == AWSM_CT_F32 || ct->kind == AWSM_CT_F64) {
    size_t n = strspn(start, "-+.0123456789eEinfa");
    char tmp[80];
    if (n == 0 || n >= sizeof tmp) return fail(p, "expected a number");
    memcpy(tmp, start, n), tmp[n] = '\0';
    int ok = strcmp(tmp, "nan") == 0 || strcmp(tmp, "inf") == 0 || strcmp(tmp, "-inf") == 0 ||
             (strspn(tmp, "-+.0123456789eE") == n && tmp[0] != '+' && isdigit((unsigned char)tmp[tmp[0] == '-']));
    double x = strtod(tmp, &end);
    if (!ok || *end != '\0') return fail(p, "expected a number");
    if (ct->kind == AWSM_CT_F32) out->u.f32 = (float)x;
    else out->u.f64 = x;
    p->pos += n;
    return 0;
  }
  if (!(isdigit((unsigned char)start[0]) || (start[0] == '-' && isdigit((unsigned char)start[1]))))
    return fail(p, "expected a %s", canon_kind_name(ct->kind));
  int neg = start[0] == '-';
  errno = 0;
  uint64_t mag = strtoull(start + neg, &end, 10);
  if (errno != 0 || (neg && range[ct->kind].min == 0 && mag != 0) || (neg && mag > (uint64_t)INT64_MAX + 1) ||
      (neg && mag > (uint64_t)-(range[ct->kind].min + 1) + 1) || (!neg && mag > range[ct->kind].max))
    return fail(p, "number out of range for %s", canon_kind_name(ct->kind));
  if (ct->kind >= AWSM_CT_U8 && (ct->kind - AWSM_CT_U8) % 2 == 0) out->u.u = mag;
  else out->u.s = neg ? (int64_t)(0 - mag) : (int64_t)mag;
  p->pos = (size_t)(end - p->s);
  return 0;
}

/* Items until `close`, separated by commas (one trailing comma allowed), each parsed by `item`. */
static int items(parser *p, char close, int (*item)(parser *, void *, uint32_t), void *ctx) {
  for (uint32_t i = 0;; i++) {
    if (eat(p, close)) return 0;
    if (item(p, ctx, i) != 0) return -1;
    if (eat(p, close)) return 0;
    if (!eat(p, ',')) return fail(p, "expected ',' or '%c'", close);
  }
}

/* The growing list of items being parsed and their type. */
typedef struct seq {
  awsm_cval *v;
  const awsm_ctype *ct;
  uint32_t cap;
} seq;

static awsm_cval *seq_slot(parser *p, seq *q) {
  if (q->v->u.list.len == q->cap) {
    uint32_t cap = q->cap * 2 + 4;
    awsm_cval *n = realloc(q->v->u.list.items, cap * sizeof *n);
    if (n == NULL) return fail(p, "out of memory"), NULL;
    q->v->u.list.items = n, q->cap = cap;
  }
  awsm_cval *slot = &q->v->u.list.items[q->v->u.list.len];
  memset(slot, 0, sizeof *slot);
  slot->kind = AWSM_CT_UNIT;
  return slot;
}

static int list_item(parser *p, void *ctx, uint32_t i) {
  seq *q = ctx;
  uint32_t t = q->ct->kind == AWSM_CT_LIST ? q->ct->types[0] : i < q->ct->count ? q->ct->types[i] : NONE;
  if (t == NONE) return fail(p, "a tuple of %u members", q->ct->count);
  awsm_cval *slot = seq_slot(p, q);
  if (slot == NULL || value(p, t, slot) != 0) return -1;
  q->v->u.list.len++;
  return 0;
}

static int field_item(parser *p, void *ctx, uint32_t i) {
  (void)i;
  seq *q = ctx;
  char l[128];
  if (label(p, l, sizeof l) == 0) return fail(p, "expected a field name");
  uint32_t k = 0;
  while (k < q->ct->count && strcmp(q->ct->labels[k], l) != 0) k++;
  if (k == q->ct->count) return fail(p, "no field '%s'", l);
  if (q->v->u.list.items[k].kind != AWSM_CT_UNIT) return fail(p, "field '%s' given twice", l);
  if (!eat(p, ':')) return fail(p, "expected ':'");
  return value(p, q->ct->types[k], &q->v->u.list.items[k]);
}

static int flag_item(parser *p, void *ctx, uint32_t i) {
  (void)i;
  seq *q = ctx;
  char l[128];
  if (label(p, l, sizeof l) == 0) return fail(p, "expected a flag name");
  for (uint32_t k = 0; k < q->ct->count; k++)
    if (strcmp(q->ct->labels[k], l) == 0) {
      q->v->u.flags |= 1u << k;
      return 0;
    }
  return fail(p, "no flag '%s'", l);
}

/* A case label and its payload, if the case has one (in parentheses). */
static int cases(parser *p, uint32_t t, awsm_cval *out) {
  const awsm_ctype *ct = &p->d->types[t];
  char l[128];
  size_t at = p->pos;
  if (label(p, l, sizeof l) == 0 && ct->kind != AWSM_CT_OPTION) return fail(p, "expected a case of a %s", canon_kind_name(ct->kind));
  uint32_t n = ct->kind == AWSM_CT_OPTION || ct->kind == AWSM_CT_RESULT ? 2 : ct->count, k = 0;
  static const char *const opt[] = {"none", "some"}, *const res[] = {"ok", "err"};
  for (; k < n; k++) {
    const char *name = ct->kind == AWSM_CT_OPTION ? opt[k] : ct->kind == AWSM_CT_RESULT ? res[k] : ct->labels[k];
    if (strcmp(name, l) == 0) break;
  }
  if (k == n) {
    if (ct->kind == AWSM_CT_OPTION) { /* the payload alone: some(payload) */
      p->pos = at;
      out->u.var.disc = 1;
      out->u.var.payload = calloc(1, sizeof(awsm_cval));
      return out->u.var.payload == NULL ? fail(p, "out of memory") : value(p, ct->types[0], out->u.var.payload);
    }
    return fail(p, "no case '%s'", l);
  }
  out->u.var.disc = k;
  uint32_t c = ct->kind == AWSM_CT_OPTION ? (k == 0 ? NONE : ct->types[0]) : ct->kind == AWSM_CT_ENUM ? NONE : ct->types[k];
  if (!eat(p, '(')) return c == NONE ? 0 : fail(p, "'%s' needs a payload", l);
  if (c == NONE) return fail(p, "'%s' takes no payload", l);
  out->u.var.payload = calloc(1, sizeof(awsm_cval));
  if (out->u.var.payload == NULL) return fail(p, "out of memory");
  if (value(p, c, out->u.var.payload) != 0) return -1;
  return eat(p, ')') ? 0 : fail(p, "expected ')'");
}

static int value(parser *p, uint32_t t, awsm_cval *out) {
  const awsm_ctype *ct = &p->d->types[t];
  memset(out, 0, sizeof *out);
  out->kind = ct->kind;
  ws(p);
  const char *s = p->s + p->pos;
  switch (ct->kind) {
    case AWSM_CT_BOOL:
      if (strncmp(s, "true", 4) == 0 && !isalnum((unsigned char)s[4])) return p->pos += 4, out->u.b = 1, 0;
      if (strncmp(s, "false", 5) == 0 && !isalnum((unsigned char)s[5])) return p->pos += 5, out->u.b = 0, 0;
      return fail(p, "expected true or false");
    case AWSM_CT_CHAR:
      if (!eat(p, '\'')) return fail(p, "expected a char ('x')");
      if (lit_char(p, &out->u.ch) != 0) return -1;
      return eat(p, '\'') ? 0 : fail(p, "expected ' after one character");
    case AWSM_CT_STRING: {
      if (!eat(p, '"')) return fail(p, "expected a string");
      buf b = {0};
      add(&b, "", 0);
      while (p->s[p->pos] != '"') {
        uint32_t cp;
        char u[4];
        if (lit_char(p, &cp) != 0) return free(b.s), -1;
        add(&b, u, canon_utf8_put(u, cp));
      }
      p->pos++;
      if (b.oom) return free(b.s), fail(p, "out of memory");
      out->u.str.ptr = b.s;
      out->u.str.len = (uint32_t)b.len;
      return 0;
    }
    case AWSM_CT_LIST: case AWSM_CT_TUPLE: {
      seq q = {out, ct, 0};
      if (!eat(p, ct->kind == AWSM_CT_LIST ? '[' : '(')) return fail(p, "expected a %s", canon_kind_name(ct->kind));
      if (items(p, ct->kind == AWSM_CT_LIST ? ']' : ')', list_item, &q) != 0) return -1;
      if (ct->kind == AWSM_CT_TUPLE && out->u.list.len != ct->count) return fail(p, "a tuple of %u members", ct->count);
      return 0;
    }
    case AWSM_CT_RECORD: {
      seq q = {out, ct, ct->count};
      out->u.list.items = calloc(ct->count + 1u, sizeof(awsm_cval));
      if (out->u.list.items == NULL) return fail(p, "out of memory");
      out->u.list.len = ct->count;
      for (uint32_t k = 0; k < ct->count; k++) out->u.list.items[k].kind = AWSM_CT_UNIT;
      if (!eat(p, '{')) return fail(p, "expected a record");
      if (eat(p, ':')) { /* {:}: every field left out */
        if (!eat(p, '}')) return fail(p, "expected '}' after '{:'");
      } else if (items(p, '}', field_item, &q) != 0) {
        return -1;
      }
      for (uint32_t k = 0; k < ct->count; k++) {
        awsm_cval *f = &out->u.list.items[k];
        if (f->kind != AWSM_CT_UNIT) continue;
        if (p->d->types[ct->types[k]].kind != AWSM_CT_OPTION) return fail(p, "field '%s' is missing", ct->labels[k]);
        f->kind = AWSM_CT_OPTION; /* none */
      }
      return 0;
    }
    case AWSM_CT_FLAGS: {
      seq q = {out, ct, 0};
      if (!eat(p, '{')) return fail(p, "expected flags ({a, b})");
      return items(p, '}', flag_item, &q);
    }
    case AWSM_CT_VARIANT: case AWSM_CT_ENUM: case AWSM_CT_OPTION: case AWSM_CT_RESULT: return cases(p, t, out);
    case AWSM_CT_OWN: case AWSM_CT_BORROW: {
      static const awsm_ctype u32 = {AWSM_CT_U32, 0, NULL, NULL};
      if (number(p, &u32, out) != 0) return -1;
      out->kind = ct->kind;
      out->u.handle = (uint32_t)out->u.u;
      return 0;
    }
    default: return number(p, ct, out);
  }
}

int awsm_wave_parse_call(const awsm_component_desc *d, const char *call, const awsm_component_export **f,
                         awsm_cval **args, size_t *nargs, awsm_error *err) {
  rt_error_clear(err);
  parser p = {d, call, 0, err};
  *args = NULL;
  *nargs = 0;
  const char *open = strchr(call, '(');
  if (open == NULL) return fail(&p, "expected NAME(ARGUMENTS)");
  size_t n = (size_t)(open - call);
  while (n > 0 && call[n - 1] == ' ') n--;
  char *name = strndup(call + strspn(call, " "), n - strspn(call, " "));
  if (name == NULL) return fail(&p, "out of memory");
  *f = awsm_component_find(d, name);
  if (*f == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "the component exports no function '%s'%s", name,
                 strchr(name, '#') == NULL ? " (or several have that name: write IFACE#NAME)" : "");
    free(name);
    return -1;
  }
  free(name);
  p.pos = (size_t)(open - call) + 1;
  awsm_cval *a = calloc((*f)->num_params + 1u, sizeof *a);
  if (a == NULL) return fail(&p, "out of memory");
  size_t k = 0;
  int rc = 0;
  for (; k < (*f)->num_params && rc == 0; k++) {
    if (k > 0 && !eat(&p, ',')) rc = fail(&p, "expected ',' and parameter '%s' (%u parameters)", (*f)->param_names[k], (*f)->num_params);
    else if (eat(&p, ')')) p.pos--, rc = fail(&p, "missing parameter '%s' (%u parameters)", (*f)->param_names[k], (*f)->num_params);
    else rc = value(&p, (*f)->params[k], &a[k]);
  }
  if (rc == 0) {
    eat(&p, ',');
    if (!eat(&p, ')')) rc = fail(&p, "expected ')' after %u parameters", (*f)->num_params);
    else if (ws(&p), p.s[p.pos] != '\0') rc = fail(&p, "unexpected text after the call");
  }
  if (rc != 0) {
    for (size_t i = 0; i < k; i++) awsm_cval_free(&a[i]);
    free(a);
    return -1;
  }
  *args = a;
  *nargs = k;
  return 0;
}
