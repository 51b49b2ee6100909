/*
 * canon.c — lowering and lifting of component values (awsm_cval) on the host side, walking
 * the type table of a component descriptor (awsm_component.h), as the Component Model's
 * CanonicalABI.md defines them: sizes and alignments, flattening (variants join their cases'
 * flat types), loads and stores, strings in the three encodings, lists through realloc.
 *
 * Lifting checks what the ABI checks and reports a trap (AWSM_ERR_TRAP, AWSM_TRAP_HOST) in
 * err instead of crashing: invalid UTF-8 or UTF-16, a discriminant out of range, a char that
 * is not a Unicode scalar value, a pointer out of bounds or misaligned, a string too long.
 * Lowering checks that each value has its type's kind (AWSM_ERR_INVALID otherwise).
 * Anything a failed lift allocated is freed before it returns.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awsm_wasi2.h"
#include "canon.h"
#include "internal.h"

#define NONE AWSM_COMPONENT_NONE

static const awsm_ctype *T(const awsm_component_desc *d, uint32_t t) { return &d->types[t]; }

const char *canon_kind_name(uint32_t kind) {
  static const char *const names[] = {"bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64",
                                      "char", "string", "list", "record", "tuple", "variant", "enum", "option",
                                      "result", "flags", "own", "borrow", "unit"};
  return kind < sizeof names / sizeof *names ? names[kind] : "?";
}

__attribute__((format(printf, 2, 3))) static int trap(canon_cx *cx, const char *fmt, ...) {
  char msg[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  rt_error_set(cx->err, AWSM_ERR_TRAP, "canonical ABI: %s", msg);
  cx->err->trap = AWSM_TRAP_HOST;
  return -1;
}

/* ---- sizes, alignments, flattening ---- */

static uint32_t align_to(uint32_t x, uint32_t a) { return (x + a - 1) / a * a; }

/* Bytes of a discriminant for n cases. */
static uint32_t disc_size(uint32_t n) { return n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4; }

/* The cases of a variant-like type: count, and case i's payload type (NONE: none). */
static uint32_t num_cases(const awsm_ctype *ct) {
  switch (ct->kind) {
    case AWSM_CT_OPTION: return 2;
    case AWSM_CT_RESULT: return 2;
    default: return ct->count;
  }
}
static uint32_t case_type(const awsm_ctype *ct, uint32_t i) {
  switch (ct->kind) {
    case AWSM_CT_OPTION: return i == 0 ? NONE : ct->types[0];
    case AWSM_CT_RESULT: return ct->types[i];
    case AWSM_CT_VARIANT: return ct->types[i];
    default: return NONE; /* enum */
  }
}

static int is_variant(uint32_t k) {
  return k == AWSM_CT_VARIANT || k == AWSM_CT_ENUM || k == AWSM_CT_OPTION || k == AWSM_CT_RESULT;
}
static int is_sequence(uint32_t k) { return k == AWSM_CT_RECORD || k == AWSM_CT_TUPLE; }

static uint32_t flags_size(uint32_t n) { return n == 0 ? 0 : n <= 8 ? 1 : n <= 16 ? 2 : 4; }

/* The largest alignment of a variant's payloads (1 when none has one). Each case's alignment
 * is computed once: nested variants would otherwise cost time exponential in their depth. */
static uint32_t max_case_align(const awsm_component_desc *d, const awsm_ctype *ct) {
  uint32_t a = 1;
  for (uint32_t i = 0; i < num_cases(ct); i++) {
    uint32_t c = case_type(ct, i), x = c == NONE ? 1 : canon_align(d, c);
    if (x > a) a = x;
  }
  return a;
}

/* Where a variant's payload starts: past the discriminant, at the payloads' alignment. */
static uint32_t payload_offset(const awsm_component_desc *d, const awsm_ctype *ct) {
  return align_to(disc_size(num_cases(ct)), max_case_align(d, ct));
}

uint32_t canon_align(const awsm_component_desc *d, uint32_t t) {
  const awsm_ctype *ct = T(d, t);
  switch (ct->kind) {
    case AWSM_CT_BOOL: case AWSM_CT_S8: case AWSM_CT_U8: return 1;
    case AWSM_CT_S16: case AWSM_CT_U16: return 2;
    case AWSM_CT_S64: case AWSM_CT_U64: case AWSM_CT_F64: return 8;
    case AWSM_CT_FLAGS: return flags_size(ct->count) == 0 ? 1 : flags_size(ct->count);
    case AWSM_CT_RECORD: case AWSM_CT_TUPLE: {
      uint32_t a = 1;
      for (uint32_t i = 0; i < ct->count; i++) {
        uint32_t x = canon_align(d, ct->types[i]);
        if (x > a) a = x;
      }
      return a;
    }
    default:
      if (is_variant(ct->kind)) {
        uint32_t a = disc_size(num_cases(ct)), ca = max_case_align(d, ct);
        return ca > a ? ca : a;
      }
      return 4; /* s32, u32, f32, char, string, list, own, borrow */
  }
}

uint32_t canon_size(const awsm_component_desc *d, uint32_t t) {
  const awsm_ctype *ct = T(d, t);
  switch (ct->kind) {
    case AWSM_CT_BOOL: case AWSM_CT_S8: case AWSM_CT_U8: return 1;
    case AWSM_CT_S16: case AWSM_CT_U16: return 2;
    case AWSM_CT_S64: case AWSM_CT_U64: case AWSM_CT_F64: return 8;
    case AWSM_CT_STRING: case AWSM_CT_LIST: return 8;
    case AWSM_CT_FLAGS: return flags_size(ct->count);
    case AWSM_CT_RECORD: case AWSM_CT_TUPLE: {
      uint32_t s = 0;
      for (uint32_t i = 0; i < ct->count; i++) s = align_to(s, canon_align(d, ct->types[i])) + canon_size(d, ct->types[i]);
      return align_to(s, canon_align(d, t));
    }
    default:
      if (is_variant(ct->kind)) {
        uint32_t cs = 0;
        for (uint32_t i = 0; i < num_cases(ct); i++) {
          uint32_t c = case_type(ct, i), x = c == NONE ? 0 : canon_size(d, c);
          if (x > cs) cs = x;
        }
        return align_to(payload_offset(d, ct) + cs, canon_align(d, t));
      }
      return 4;
  }
}

static char join(char a, char b) {
  if (a == b) return a;
  if ((a == 'i' && b == 'f') || (a == 'f' && b == 'i')) return 'i';
  return 'I';
}

static int push(char *out, size_t *n, size_t limit, char c) {
  if (*n >= limit) return 0;
  out[(*n)++] = c;
  return 1;
}

int canon_flatten(const awsm_component_desc *d, uint32_t t, char *out, size_t *n, size_t limit) {
  const awsm_ctype *ct = T(d, t);
  switch (ct->kind) {
    case AWSM_CT_S64: case AWSM_CT_U64: return push(out, n, limit, 'I');
    case AWSM_CT_F32: return push(out, n, limit, 'f');
    case AWSM_CT_F64: return push(out, n, limit, 'F');
    case AWSM_CT_STRING: case AWSM_CT_LIST: return push(out, n, limit, 'i') && push(out, n, limit, 'i');
    case AWSM_CT_FLAGS: return ct->count == 0 || push(out, n, limit, 'i');
    case AWSM_CT_RECORD: case AWSM_CT_TUPLE:
      for (uint32_t i = 0; i < ct->count; i++)
        if (!canon_flatten(d, ct->types[i], out, n, limit)) return 0;
      return 1;
    default:
      if (is_variant(ct->kind)) {
        if (!push(out, n, limit, 'i')) return 0;
        size_t base = *n, joined = 0;
        for (uint32_t i = 0; i < num_cases(ct); i++) {
          uint32_t c = case_type(ct, i);
          if (c == NONE) continue;
          char tmp[CANON_MAX_FLAT_PARAMS + 1];
          size_t k = 0;
          if (!canon_flatten(d, c, tmp, &k, limit)) return 0;
          for (size_t j = 0; j < k; j++) {
            if (j < joined) {
              out[base + j] = join(out[base + j], tmp[j]);
            } else {
              if (base + j >= limit) return 0;
              out[base + j] = tmp[j];
              joined++;
            }
          }
        }
        *n = base + joined;
        return 1;
      }
      return push(out, n, limit, 'i');
  }
}

/* ---- memory ---- */

uint8_t *canon_mem(canon_cx *cx, uint32_t ptr, uint64_t len, uint32_t align, const char *what) {
  if (cx->mem == NULL) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "canonical ABI: the export needs the memory option for %s", what);
    return NULL;
  }
  if (align > 1 && ptr % align != 0) {
    trap(cx, "%s pointer %u is not aligned to %u bytes", what, ptr, align);
    return NULL;
  }
  uint8_t *p = awsm_memory_data(cx->mem, ptr, len);
  if (p == NULL) trap(cx, "%s [%u, %llu) is outside the memory", what, ptr, (unsigned long long)ptr + len);
  return p;
}

int canon_alloc(canon_cx *cx, uint32_t align, uint64_t size, uint32_t *ptr) {
  if (cx->realloc == NULL) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "canonical ABI: the export needs the realloc option");
    return -1;
  }
  if (size > UINT32_MAX) return trap(cx, "%llu bytes do not fit in memory", (unsigned long long)size);
  awsm_value a[4] = {awsm_i32(0), awsm_i32(0), awsm_i32((int32_t)align), awsm_i32((int32_t)size)};
  if (awsm_call(cx->realloc_instance, cx->realloc, a, cx->err) != 0) return -1;
  *ptr = a[0].i32;
  return canon_mem(cx, *ptr, size, align, "realloc's result") == NULL ? -1 : 0;
}

static void put(uint8_t *p, uint64_t v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint64_t get(const uint8_t *p, uint32_t n) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

/* ---- lowering ---- */

static int wrong_kind(canon_cx *cx, uint32_t t, const awsm_cval *v) {
  rt_error_set(cx->err, AWSM_ERR_INVALID, "expected a value of type %s, got a %s", canon_kind_name(T(cx->d, t)->kind),
               canon_kind_name(v->kind));
  return -1;
}

/* Stores the string v into memory in the export's encoding: *ptr and the (tagged) length. */
static int lower_string(canon_cx *cx, const awsm_cval *v, uint32_t *ptr, uint32_t *len) {
  const uint8_t *s = (const uint8_t *)v->u.str.ptr;
  uint32_t n = v->u.str.len;
  canon_str_info m = canon_measure(s, n);
  if (!m.valid) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "a string argument is not valid UTF-8");
    return -1;
  }
  if (cx->encoding == AWSM_CANON_UTF8) {
    if (canon_alloc(cx, 1, n, ptr) != 0) return -1;
    if (n > 0) memcpy(canon_mem(cx, *ptr, n, 1, "string"), s, n);
    *len = n;
    return 0;
  }
  int latin1 = cx->encoding == AWSM_CANON_LATIN1_UTF16 && m.maxcp <= 0xFF;
  uint64_t size = latin1 ? m.units16 : 2 * m.units16;
  if (m.units16 > (latin1 ? CANON_MAX_STRING_UNITS : CANON_MAX_STRING_UNITS / 2)) return trap(cx, "a string of %llu code units is too large", (unsigned long long)m.units16);
  if (canon_alloc(cx, 2, size, ptr) != 0) return -1;
  canon_encode(s, n, latin1 ? CANON_FORM_LATIN1 : CANON_FORM_UTF16, canon_mem(cx, *ptr, size, 2, "string"));
  *len = (uint32_t)m.units16 | (cx->encoding == AWSM_CANON_LATIN1_UTF16 && !latin1 ? CANON_UTF16_TAG : 0);
  return 0;
}

static int lower_list(canon_cx *cx, uint32_t t, const awsm_cval *v, uint32_t *ptr) {
  uint32_t e = T(cx->d, t)->types[0], size = canon_size(cx->d, e);
  if (canon_alloc(cx, canon_align(cx->d, e), (uint64_t)size * v->u.list.len, ptr) != 0) return -1;
  for (uint32_t i = 0; i < v->u.list.len; i++)
    if (canon_store(cx, e, &v->u.list.items[i], *ptr + i * size) != 0) return -1;
  return 0;
}

/* Checks a variant-like value: its case number in *disc and payload (NULL: none). */
static int variant_case(canon_cx *cx, uint32_t t, const awsm_cval *v, uint32_t *disc, const awsm_cval **payload) {
  const awsm_ctype *ct = T(cx->d, t);
  *disc = v->u.var.disc;
  *payload = ct->kind == AWSM_CT_ENUM ? NULL : v->u.var.payload;
  if (*disc >= num_cases(ct)) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "case %u of a %s of %u cases", *disc, canon_kind_name(ct->kind), num_cases(ct));
    return -1;
  }
  if ((case_type(ct, *disc) == NONE) != (*payload == NULL)) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "case %u of a %s %s", *disc, canon_kind_name(ct->kind),
                 *payload == NULL ? "needs a payload" : "takes no payload");
    return -1;
  }
  return 0;
}

static int check_kind(canon_cx *cx, uint32_t t, const awsm_cval *v) {
  const awsm_ctype *ct = T(cx->d, t);
  if (v->kind != ct->kind) return wrong_kind(cx, t, v);
  if (is_sequence(ct->kind) && v->u.list.len != ct->count) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "a %s of %u members where %u are expected", canon_kind_name(ct->kind),
                 v->u.list.len, ct->count);
    return -1;
  }
  if (ct->kind == AWSM_CT_CHAR && (v->u.ch >= 0x110000 || (v->u.ch >= 0xD800 && v->u.ch <= 0xDFFF))) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "char U+%X is not a Unicode scalar value", v->u.ch);
    return -1;
  }
  return 0;
}

int canon_lower_flat(canon_cx *cx, uint32_t t, const awsm_cval *v, awsm_value *vals, size_t *n) {
  if (check_kind(cx, t, v) != 0) return -1;
  const awsm_ctype *ct = T(cx->d, t);
  awsm_value *o = &vals[*n];
  *o = awsm_i64(0);
  switch (ct->kind) {
    case AWSM_CT_BOOL: o->i32 = v->u.b != 0; break;
    case AWSM_CT_S8: case AWSM_CT_S16: case AWSM_CT_S32: o->i32 = (uint32_t)v->u.s; break;
    case AWSM_CT_U8: case AWSM_CT_U16: case AWSM_CT_U32: o->i32 = (uint32_t)v->u.u; break;
    case AWSM_CT_S64: case AWSM_CT_U64: o->i64 = v->u.u; break;
    case AWSM_CT_F32: o->f32 = v->u.f32; break;
    case AWSM_CT_F64: o->f64 = v->u.f64; break;
    case AWSM_CT_CHAR: o->i32 = v->u.ch; break;
    case AWSM_CT_FLAGS:
      if (ct->count == 0) return 0;
      o->i32 = v->u.flags & (ct->count == 32 ? 0xFFFFFFFFu : (1u << ct->count) - 1);
      break;
    case AWSM_CT_OWN: case AWSM_CT_BORROW:
      if (canon_lower_handle(cx, ct, v->u.handle, &o->i32) != 0) return -1;
      break;
    case AWSM_CT_STRING: case AWSM_CT_LIST: {
      uint32_t ptr, len = v->u.list.len;
      if ((ct->kind == AWSM_CT_STRING ? lower_string(cx, v, &ptr, &len) : lower_list(cx, t, v, &ptr)) != 0) return -1;
      vals[*n] = awsm_i32((int32_t)ptr);
      vals[*n + 1] = awsm_i32((int32_t)len);
      *n += 2;
      return 0;
    }
    case AWSM_CT_RECORD: case AWSM_CT_TUPLE:
      for (uint32_t i = 0; i < ct->count; i++)
        if (canon_lower_flat(cx, ct->types[i], &v->u.list.items[i], vals, n) != 0) return -1;
      return 0;
    default: { /* variants: the discriminant, the case's payload coerced to the joined types, zeros */
      uint32_t disc;
      const awsm_cval *payload;
      if (variant_case(cx, t, v, &disc, &payload) != 0) return -1;
      char flat[CANON_MAX_FLAT_PARAMS + 2], have[CANON_MAX_FLAT_PARAMS + 2];
      size_t nf = 0, nh = 0, start = *n;
      canon_flatten(cx->d, t, flat, &nf, sizeof flat);
      vals[(*n)++] = awsm_i32((int32_t)disc);
      if (payload != NULL) {
        canon_flatten(cx->d, case_type(ct, disc), have, &nh, sizeof have);
        if (canon_lower_flat(cx, case_type(ct, disc), payload, vals, n) != 0) return -1;
        for (size_t j = 0; j < nh; j++) {
          awsm_value *x = &vals[start + 1 + j];
          char want = flat[1 + j];
          if (have[j] == want) continue;
          uint64_t bits = have[j] == 'i' ? x->i32 : have[j] == 'f' ? (uint64_t)x->i32 /* f32 bits */ : x->i64;
          *x = awsm_i64(0);
          if (want == 'i') x->i32 = (uint32_t)bits;
          else x->i64 = bits;
        }
      }
      while (*n < start + nf) vals[(*n)++] = awsm_i64(0);
      return 0;
    }
  }
  (*n)++;
  return 0;
}

int canon_store(canon_cx *cx, uint32_t t, const awsm_cval *v, uint32_t ptr) {
  if (check_kind(cx, t, v) != 0) return -1;
  const awsm_ctype *ct = T(cx->d, t);
  uint32_t size = canon_size(cx->d, t);
  if (is_sequence(ct->kind)) {
    uint32_t off = 0;
    for (uint32_t i = 0; i < ct->count; i++) {
      off = align_to(off, canon_align(cx->d, ct->types[i]));
      if (canon_store(cx, ct->types[i], &v->u.list.items[i], ptr + off) != 0) return -1;
      off += canon_size(cx->d, ct->types[i]);
    }
    return 0;
  }
  if (is_variant(ct->kind)) {
    uint32_t disc;
    const awsm_cval *payload;
    if (variant_case(cx, t, v, &disc, &payload) != 0) return -1;
    uint32_t ds = disc_size(num_cases(ct));
    uint8_t *p = canon_mem(cx, ptr, size, canon_align(cx->d, t), "a variant");
    if (p == NULL) return -1;
    put(p, disc, ds);
    if (payload == NULL) return 0;
    return canon_store(cx, case_type(ct, disc), payload, ptr + payload_offset(cx->d, ct));
  }
  /* Everything else is its flat values; strings and lists allocate before p is taken. */
  awsm_value flat[2];
  size_t n = 0;
  if (canon_lower_flat(cx, t, v, flat, &n) != 0) return -1;
  uint8_t *p = canon_mem(cx, ptr, size, canon_align(cx->d, t), canon_kind_name(ct->kind));
  if (p == NULL) return -1;
  switch (ct->kind) {
    case AWSM_CT_S64: case AWSM_CT_U64: case AWSM_CT_F64: put(p, flat[0].i64, 8); break;
    case AWSM_CT_F32: put(p, flat[0].i32, 4); break;
    case AWSM_CT_STRING: case AWSM_CT_LIST: put(p, flat[0].i32, 4), put(p + 4, flat[1].i32, 4); break;
    default: put(p, n == 0 ? 0 : flat[0].i32, size);
  }
  return 0;
}

/* ---- lifting ---- */

static int lift_string(canon_cx *cx, uint32_t ptr, uint32_t tagged, awsm_cval *out) {
  canon_str_ref ref = canon_string_ref(cx->encoding, tagged);
  if (ref.units > CANON_MAX_STRING_UNITS) return trap(cx, "string length %u is too large", ref.units);
  const uint8_t *p = canon_mem(cx, ptr, ref.bytes, ref.align, "string");
  if (p == NULL) return -1;
  char *s = malloc(canon_decode_room(ref) + 1);
  if (s == NULL) {
    rt_error_set(cx->err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  size_t bad = 0;
  int64_t n = canon_decode(p, ref, s, &bad);
  if (n < 0) {
    free(s);
    if (ref.form == CANON_FORM_UTF16) return trap(cx, "invalid UTF-16 in a string (an unpaired surrogate)");
    return trap(cx, "invalid UTF-8 in a string (at byte %zu)", bad);
  }
  out->kind = AWSM_CT_STRING;
  out->u.str.ptr = s;
  out->u.str.len = (uint32_t)n;
  return 0;
}

/* A list of `count` elements of type e at ptr; a sequence's members come from `load`. */
static int lift_list(canon_cx *cx, uint32_t t, uint32_t ptr, uint32_t count, awsm_cval *out) {
  uint32_t e = T(cx->d, t)->types[0], size = canon_size(cx->d, e);
  if (canon_mem(cx, ptr, (uint64_t)size * count, canon_align(cx->d, e), "list") == NULL) return -1;
  out->kind = AWSM_CT_LIST;
  out->u.list.len = 0;
  out->u.list.items = calloc(count + 1u, sizeof(awsm_cval));
  if (out->u.list.items == NULL) {
    rt_error_set(cx->err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  for (uint32_t i = 0; i < count; i++, out->u.list.len++) {
    if (canon_load(cx, e, ptr + i * size, &out->u.list.items[i]) != 0) {
      awsm_cval_free(out);
      return -1;
    }
  }
  return 0;
}

/* A scalar of kind k from its 64-bit bits (an integer, float bits or a code point); 0 or -1. */
static int lift_scalar(canon_cx *cx, const awsm_ctype *ct, uint64_t x, awsm_cval *out) {
  out->kind = ct->kind;
  switch (ct->kind) {
    case AWSM_CT_BOOL: out->u.b = (uint32_t)x != 0; break;
    case AWSM_CT_S8: out->u.s = (int8_t)x; break;
    case AWSM_CT_S16: out->u.s = (int16_t)x; break;
    case AWSM_CT_S32: out->u.s = (int32_t)x; break;
    case AWSM_CT_S64: out->u.s = (int64_t)x; break;
    case AWSM_CT_U8: out->u.u = (uint8_t)x; break;
    case AWSM_CT_U16: out->u.u = (uint16_t)x; break;
    case AWSM_CT_U32: out->u.u = (uint32_t)x; break;
    case AWSM_CT_U64: out->u.u = x; break;
    case AWSM_CT_F32: { uint32_t b = (uint32_t)x; memcpy(&out->u.f32, &b, 4); break; }
    case AWSM_CT_F64: memcpy(&out->u.f64, &x, 8); break;
    case AWSM_CT_CHAR:
      if ((uint32_t)x >= 0x110000 || ((uint32_t)x >= 0xD800 && (uint32_t)x <= 0xDFFF))
        return trap(cx, "0x%x is not a Unicode scalar value, so not a char", (uint32_t)x);
      out->u.ch = (uint32_t)x;
      break;
    case AWSM_CT_FLAGS: out->u.flags = (uint32_t)x & (ct->count >= 32 ? 0xFFFFFFFFu : (1u << ct->count) - 1); break;
    default: return canon_lift_handle(cx, ct, (uint32_t)x, &out->u.handle); /* own (a borrow is no result) */
  }
  return 0;
}

/* Allocates the payload of a variant-like value; NULL with err set when out of memory. */
static awsm_cval *new_payload(canon_cx *cx, awsm_cval *out) {
  out->u.var.payload = calloc(1, sizeof(awsm_cval));
  if (out->u.var.payload == NULL) rt_error_set(cx->err, AWSM_ERR_RESOURCE, "out of memory");
  return out->u.var.payload;
}

static int check_disc(canon_cx *cx, const awsm_ctype *ct, uint32_t disc) {
  if (disc < num_cases(ct)) return 0;
  return trap(cx, "discriminant %u out of range [0..%u) (%s)", disc, num_cases(ct), canon_kind_name(ct->kind));
}

int canon_lift_flat(canon_cx *cx, uint32_t t, const awsm_value *vals, const char *flat, size_t *i, awsm_cval *out) {
  const awsm_ctype *ct = T(cx->d, t);
  memset(out, 0, sizeof *out);
  out->kind = ct->kind;
  switch (ct->kind) {
    case AWSM_CT_STRING: case AWSM_CT_LIST: {
      uint32_t ptr = vals[*i].i32, len = vals[*i + 1].i32;
      *i += 2;
      return ct->kind == AWSM_CT_STRING ? lift_string(cx, ptr, len, out) : lift_list(cx, t, ptr, len, out);
    }
    case AWSM_CT_RECORD: case AWSM_CT_TUPLE:
      out->u.list.items = calloc(ct->count + 1u, sizeof(awsm_cval));
      if (out->u.list.items == NULL) return rt_error_set(cx->err, AWSM_ERR_RESOURCE, "out of memory"), -1;
      for (uint32_t k = 0; k < ct->count; k++, out->u.list.len++)
        if (canon_lift_flat(cx, ct->types[k], vals, flat, i, &out->u.list.items[k]) != 0) return awsm_cval_free(out), -1;
      return 0;
    case AWSM_CT_FLAGS:
      if (ct->count == 0) return 0;
      break;
    default:
      if (is_variant(ct->kind)) {
        uint32_t disc = vals[*i].i32;
        char joined[CANON_MAX_FLAT_PARAMS + 2], want[CANON_MAX_FLAT_PARAMS + 2];
        size_t nj = 0, nw = 0, start = *i + 1;
        canon_flatten(cx->d, t, joined, &nj, sizeof joined);
        if (check_disc(cx, ct, disc) != 0) return -1;
        out->u.var.disc = disc;
        *i += nj;
        uint32_t c = case_type(ct, disc);
        if (c == NONE) return 0;
        canon_flatten(cx->d, c, want, &nw, sizeof want);
        awsm_value coerced[CANON_MAX_FLAT_PARAMS + 2];
        for (size_t j = 0; j < nw; j++) {
          awsm_value x = vals[start + j];
          coerced[j] = awsm_i64(0);
          if (want[j] == 'i' || want[j] == 'f') coerced[j].i32 = joined[1 + j] == 'I' ? (uint32_t)x.i64 : x.i32;
          else coerced[j].i64 = x.i64;
        }
        size_t k = 0;
        if (new_payload(cx, out) == NULL) return -1;
        if (canon_lift_flat(cx, c, coerced, want, &k, out->u.var.payload) != 0) return awsm_cval_free(out), -1;
        return 0;
      }
  }
  char f = flat[*i];
  awsm_value x = vals[(*i)++];
  return lift_scalar(cx, ct, f == 'I' || f == 'F' ? x.i64 : x.i32, out);
}

int canon_load(canon_cx *cx, uint32_t t, uint32_t ptr, awsm_cval *out) {
  const awsm_ctype *ct = T(cx->d, t);
  memset(out, 0, sizeof *out);
  out->kind = ct->kind;
  uint32_t size = canon_size(cx->d, t);
  const uint8_t *p = canon_mem(cx, ptr, size, canon_align(cx->d, t), canon_kind_name(ct->kind));
  if (p == NULL) return -1;
  switch (ct->kind) {
    case AWSM_CT_STRING: return lift_string(cx, (uint32_t)get(p, 4), (uint32_t)get(p + 4, 4), out);
    case AWSM_CT_LIST: return lift_list(cx, t, (uint32_t)get(p, 4), (uint32_t)get(p + 4, 4), out);
    case AWSM_CT_RECORD: case AWSM_CT_TUPLE: {
      out->u.list.items = calloc(ct->count + 1u, sizeof(awsm_cval));
      if (out->u.list.items == NULL) return rt_error_set(cx->err, AWSM_ERR_RESOURCE, "out of memory"), -1;
      uint32_t off = 0;
      for (uint32_t k = 0; k < ct->count; k++, out->u.list.len++) {
        off = align_to(off, canon_align(cx->d, ct->types[k]));
        if (canon_load(cx, ct->types[k], ptr + off, &out->u.list.items[k]) != 0) return awsm_cval_free(out), -1;
        off += canon_size(cx->d, ct->types[k]);
      }
      return 0;
    }
    default:
      if (is_variant(ct->kind)) {
        uint32_t ds = disc_size(num_cases(ct)), disc = (uint32_t)get(p, ds);
        if (check_disc(cx, ct, disc) != 0) return -1;
        out->u.var.disc = disc;
        uint32_t c = case_type(ct, disc);
        if (c == NONE) return 0;
        if (new_payload(cx, out) == NULL) return -1;
        if (canon_load(cx, c, ptr + payload_offset(cx->d, ct), out->u.var.payload) != 0) return awsm_cval_free(out), -1;
        return 0;
      }
      return lift_scalar(cx, ct, get(p, size), out);
  }
}

void awsm_cval_free(awsm_cval *v) {
  if (v == NULL) return;
  switch (v->kind) {
    case AWSM_CT_STRING: free(v->u.str.ptr); break;
    case AWSM_CT_LIST: case AWSM_CT_RECORD: case AWSM_CT_TUPLE:
      for (uint32_t i = 0; i < v->u.list.len; i++) awsm_cval_free(&v->u.list.items[i]);
      free(v->u.list.items);
      break;
    case AWSM_CT_VARIANT: case AWSM_CT_OPTION: case AWSM_CT_RESULT:
      awsm_cval_free(v->u.var.payload);
      free(v->u.var.payload);
      break;
    default: break;
  }
  memset(v, 0, sizeof *v);
  v->kind = AWSM_CT_UNIT;
}
