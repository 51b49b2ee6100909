/*
 * util.c — error records, one-line message formatting, signature strings, trap texts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void rt_error_clear(awsm_error *err) {
  err->kind = AWSM_OK;
  err->trap = AWSM_TRAP_NONE;
  err->exit_status = 0;
  err->instance = NULL;
  err->exception = NULL;
  err->message[0] = '\0';
}

void rt_error_set(awsm_error *err, awsm_error_kind kind, const char *fmt, ...) {
  err->kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

void rt_append(char *buf, size_t cap, size_t *pos, const char *fmt, ...) {
  if (*pos + 1 >= cap) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + *pos, cap - *pos, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  *pos += (size_t)n;
  if (*pos >= cap) *pos = cap - 1;
}

void rt_append_escaped(char *buf, size_t cap, size_t *pos, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char tmp[4];
    size_t n = 0;
    if (c == '"' || c == '\\') {
      tmp[n++] = '\\';
      tmp[n++] = (char)c;
    } else if (c < 0x20 || c >= 0x7f) {
      /* UTF-8 and control bytes alike: the message must stay one line of ASCII. */
      tmp[n++] = '\\';
      tmp[n++] = hex[c >> 4];
      tmp[n++] = hex[c & 15];
    } else {
      tmp[n++] = (char)c;
    }
    if (*pos + n + 1 > cap) break;
    memcpy(buf + *pos, tmp, n);
    *pos += n;
  }
  if (cap > 0) buf[*pos < cap ? *pos : cap - 1] = '\0';
}

size_t rt_import_message(awsm_error *err, awsm_error_kind kind, const char *prefix, const awsm_import_desc *imp) {
  size_t pos = 0;
  err->kind = kind;
  err->message[0] = '\0';
  rt_append(err->message, sizeof err->message, &pos, "%s \"", prefix);
  rt_append_escaped(err->message, sizeof err->message, &pos, imp->module, imp->module_len);
  rt_append(err->message, sizeof err->message, &pos, "\".\"");
  rt_append_escaped(err->message, sizeof err->message, &pos, imp->name, imp->name_len);
  rt_append(err->message, sizeof err->message, &pos, "\"");
  return pos;
}

int rt_valid_name(const char *s) {
  if (s == NULL || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
  for (s++; *s != '\0'; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
  return 1;
}

uint32_t awsm_sig_eq(const char *a, const char *b) {
  if (a == b) return 1;
  if (a == NULL || b == NULL) return 0;
  return strcmp(a, b) == 0;
}

/* The supertype display of a signature string: what follows its '#', or NULL (a plain type). */
static const char *sig_display(const char *sig) {
  const char *bar = strchr(sig, '|');
  return bar == NULL ? NULL : strchr(bar, '#');
}

uint32_t awsm_sig_sub(const char *have, const char *want) {
  if (awsm_sig_eq(have, want)) return 1;
  if (have == NULL || want == NULL) return 0;
  const char *w = sig_display(want), *h = sig_display(have);
  if (w == NULL || h == NULL) return 0;
  /* want's display, ids from its root down to itself, must begin have's: then have's entry at
   * want's depth is want. */
  size_t n = strlen(w);
  return strncmp(h, w, n) == 0 && (h[n] == '\0' || h[n] == ',');
}

uint32_t awsm_sig_params(const char *sig) {
  const char *colon = strchr(sig, ':');
  return colon ? (uint32_t)(colon - sig) : (uint32_t)strlen(sig);
}

uint32_t awsm_sig_results(const char *sig) {
  const char *colon = strchr(sig, ':');
  return colon ? (uint32_t)strcspn(colon + 1, "|") : 0;
}

/* The exact form of a reference type: its string, or the plain type of its code. */
static const char *ref_or_plain(uint32_t code, const char *ref) {
  return ref != NULL                ? ref
         : code == AWSM_T_EXTERNREF ? "Nextern"
         : code == AWSM_T_EXNREF    ? "Nexn"
         : code == AWSM_T_ANYREF    ? "Nany"
                                    : "Nfunc";
}

/* The abstract heap types of the `any` hierarchy (GC): none <: i31, struct, array <: eq <: any.
 * 1 if abstract heap type a lies below b (a != b). */
static int any_below(const char *a, const char *b) {
  if (strcmp(b, "any") == 0) return strcmp(a, "eq") == 0 || any_below(a, "eq");
  if (strcmp(b, "eq") == 0)
    return strcmp(a, "i31") == 0 || strcmp(a, "struct") == 0 || strcmp(a, "array") == 0 || strcmp(a, "none") == 0;
  return strcmp(a, "none") == 0 && (strcmp(b, "i31") == 0 || strcmp(b, "struct") == 0 || strcmp(b, "array") == 0);
}

/* The abstract heap type directly above a concrete one ("$f…", "$s…", "$a…": its kind letter). */
static const char *concrete_parent(const char *h) { return h[1] == 'f' ? "func" : h[1] == 's' ? "struct" : "array"; }

/* Whether concrete heap type a lies at or below concrete b: both "$" KIND DISPLAY, a display
 * being the identities from the root supertype down to the type, '/'-separated; a <= b when
 * b's display begins a's (the supertype display check, on strings). */
static int concrete_below(const char *a, const char *b) {
  size_t n = strlen(b);
  return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

uint32_t awsm_ref_matches(uint32_t code_a, const char *a, uint32_t code_b, const char *b) {
  a = ref_or_plain(code_a, a);
  b = ref_or_plain(code_b, b);
  if (a[0] == 'N' && b[0] == 'R') return 0;
  const char *ha = a + 1, *hb = b + 1;
  if (strcmp(ha, hb) == 0) return 1;
  if (ha[0] == '$' && hb[0] == '$') return concrete_below(ha, hb);
  if (ha[0] == '$') {
    /* A concrete type lies below its kind's abstract type and what is above that. */
    const char *up = concrete_parent(ha);
    return strcmp(up, hb) == 0 || any_below(up, hb);
  }
  /* Below a concrete type lies only its hierarchy's bottom. */
  if (hb[0] == '$') return strcmp(ha, hb[1] == 'f' ? "nofunc" : "none") == 0;
  if (strcmp(ha, "nofunc") == 0) return strcmp(hb, "func") == 0;
  if (strcmp(ha, "noextern") == 0) return strcmp(hb, "extern") == 0;
  if (strcmp(ha, "noexn") == 0) return strcmp(hb, "exn") == 0;
  return any_below(ha, hb);
}

const char *awsm_trap_message(awsm_trap_kind kind) {
  switch (kind) {
    case AWSM_TRAP_NONE: return "no trap";
    case AWSM_TRAP_UNREACHABLE: return "unreachable";
    case AWSM_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case AWSM_TRAP_TABLE_OOB: return "out of bounds table access";
    case AWSM_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case AWSM_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
    case AWSM_TRAP_INDIRECT_TYPE: return "indirect call type mismatch";
    case AWSM_TRAP_DIV_ZERO: return "integer divide by zero";
    case AWSM_TRAP_INT_OVERFLOW: return "integer overflow";
    case AWSM_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case AWSM_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    case AWSM_TRAP_HOST: return "host function failed";
    case AWSM_TRAP_EXIT: return "exit";
    case AWSM_TRAP_INTERRUPTED: return "interrupted";
    case AWSM_TRAP_NULL_FUNC_REF: return "null function reference";
    case AWSM_TRAP_NULL_REF: return "null reference";
    case AWSM_TRAP_NULL_EXNREF: return "null exception reference";
    case AWSM_TRAP_UNALIGNED_ATOMIC: return "unaligned atomic";
    case AWSM_TRAP_EXPECTED_SHARED: return "expected shared memory";
    case AWSM_TRAP_OUT_OF_MEMORY: return "out of memory";
    case AWSM_TRAP_ARRAY_OOB: return "out of bounds array access";
    case AWSM_TRAP_NULL_STRUCT_REF: return "null structure reference";
    case AWSM_TRAP_NULL_ARRAY_REF: return "null array reference";
    case AWSM_TRAP_NULL_I31_REF: return "null i31 reference";
    case AWSM_TRAP_CAST_FAILURE: return "cast failure";
    case AWSM_TRAP_KIND_COUNT: break;
  }
  return "unknown trap";
}
