/*
 * wasi2_canon.c — the canonical ABI as the WASI 0.2 host needs it: checked access to the
 * component's memory, calls of its `realloc`, and strings in the three encodings.
 *
 * Rules followed (the Component Model's CanonicalABI.md):
 *  - a pointer the guest gives (a list, a string, the return area) must be aligned to its
 *    type's alignment and lie inside the memory: else a trap;
 *  - everything the host returns through memory is allocated with realloc(0, 0, align, size)
 *    and the result is checked the same way (a misaligned or out-of-bounds result traps);
 *  - strings: utf8 (bytes), utf16 (code units, align 2), latin1+utf16 (bytes when every code
 *    point fits in Latin-1, else UTF-16 with bit 31 of the length set); the length of a string
 *    is below 2^31; lifting an invalid string (bad UTF-8, an unpaired surrogate) traps;
 *  - an enum or variant discriminant out of range traps; a bool is any non-zero value; flags
 *    ignore the bits past their last label.
 * Strings the host returns come from the host (environment, file names) and may not be
 * valid UTF-8: they are stored with U+FFFD for each invalid sequence, as Rust's
 * from_utf8_lossy makes them.
 */
#include <stdlib.h>

#include "../canon.h"
#include "wasi2_internal.h"

void wasi2_check_leave(const awsm_canon_opts *o) {
  if (o->wasi->in_realloc)
    awsm_trap_host(NULL, "canonical ABI: a WASI function was called from inside realloc (may_leave is false)");
}

void awsm_wasi2_in_realloc(awsm_wasi2 *w, int on) { w->in_realloc = on != 0; }

uint8_t *wasi2_mem(const awsm_canon_opts *o, uint32_t ptr, uint64_t len, uint32_t align) {
  wasi2_check_leave(o);
  if (o->memory == NULL) awsm_trap_host(NULL, "canonical ABI: the function needs the memory option");
  if (align > 1 && ptr % align != 0)
    awsm_trap_host(NULL, "canonical ABI: pointer %u is not aligned to %u bytes", ptr, align);
  uint8_t *p = awsm_memory_data(o->memory, ptr, len);
  if (p == NULL)
    awsm_trap_host(NULL, "canonical ABI: [%u, %llu) is outside the memory (%llu bytes)", ptr,
                   (unsigned long long)ptr + len, (unsigned long long)awsm_memory_size(o->memory));
  return p;
}

uint32_t wasi2_alloc(const awsm_canon_opts *o, uint32_t align, uint64_t size) {
  if (o->realloc == NULL) awsm_trap_host(NULL, "canonical ABI: the function needs the realloc option");
  if (size > UINT32_MAX) awsm_trap_host(NULL, "canonical ABI: %llu bytes do not fit in memory",
                                        (unsigned long long)size);
  awsm_value a[4] = {awsm_i32(0), awsm_i32(0), awsm_i32((int32_t)align), awsm_i32((int32_t)size)};
  awsm_error err;
  wasi2_check_leave(o);
  o->wasi->in_realloc = 1;
  int rc = awsm_call(o->realloc_instance, o->realloc, a, &err);
  o->wasi->in_realloc = 0;
  if (rc != 0) awsm_trap_error(NULL, &err);
  uint32_t ptr = a[0].i32;
  if (ptr % align != 0) awsm_trap_host(NULL, "canonical ABI: realloc returned %u, not aligned to %u", ptr, align);
  if (awsm_memory_data(o->memory, ptr, size) == NULL)
    awsm_trap_host(NULL, "canonical ABI: realloc returned [%u, %llu), outside the memory", ptr,
                   (unsigned long long)ptr + size);
  return ptr;
}

uint32_t wasi2_store_bytes(const awsm_canon_opts *o, const void *data, uint64_t n) {
  uint32_t ptr = wasi2_alloc(o, 1, n);
  if (n > 0) memcpy(wasi2_mem(o, ptr, n, 1), data, n);
  return ptr;
}

char *wasi2_scratch(const awsm_canon_opts *o, int slot, size_t n) {
  wasi2_buf *b = &wasi2_of(o)->scratch[slot];
  if (n > b->cap) {
    size_t cap = n < 256 ? 256 : n;
    char *d = realloc(b->data, cap);
    if (d == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory (%zu bytes)", n);
    b->data = d;
    b->cap = cap;
  }
  return b->data;
}

uint32_t wasi2_check_enum(uint32_t v, uint32_t cases, const char *what) {
  if (v >= cases) awsm_trap_host(NULL, "canonical ABI: discriminant %u out of range for %s (%u cases)", v, what, cases);
  return v;
}

/* ---- strings (code points: canon_utf.c, shared with the component API) ---- */

const char *wasi2_lift_string(const awsm_canon_opts *o, uint32_t ptr, uint32_t tagged_len, int slot, size_t *len) {
  canon_str_ref ref = canon_string_ref(o->string_encoding, tagged_len);
  if (ref.units > CANON_MAX_STRING_UNITS)
    awsm_trap_host(NULL, "canonical ABI: string length %u is too large", ref.units);
  const uint8_t *p = wasi2_mem(o, ptr, ref.bytes, ref.align);
  char *out = wasi2_scratch(o, slot, canon_decode_room(ref) + 1);
  size_t bad = 0;
  int64_t n = canon_decode(p, ref, out, &bad);
  if (n < 0 && ref.form == CANON_FORM_UTF16)
    awsm_trap_host(NULL, "canonical ABI: invalid UTF-16 in a string argument (an unpaired surrogate)");
  if (n < 0) awsm_trap_host(NULL, "canonical ABI: invalid UTF-8 in a string argument (at byte %zu)", bad);
  *len = (size_t)n;
  return out;
}

void wasi2_store_string(const awsm_canon_opts *o, const char *s, size_t len, uint8_t *dst) {
  const uint8_t *p = (const uint8_t *)s;
  canon_str_info m = canon_measure(p, len);
  uint32_t enc = o->string_encoding;
  if (enc == AWSM_CANON_UTF8) {
    if (m.bytes8 > CANON_MAX_STRING_UNITS) awsm_trap_host(NULL, "canonical ABI: a string of %llu bytes is too large",
                                                   (unsigned long long)m.bytes8);
    uint32_t ptr = wasi2_alloc(o, 1, m.bytes8);
    uint8_t *out = wasi2_mem(o, ptr, m.bytes8, 1);
    if (m.valid) memcpy(out, s, len);
    else canon_encode(p, len, CANON_FORM_UTF8, out);
    wasi_put32(dst, ptr);
    wasi_put32(dst + 4, (uint32_t)m.bytes8);
    return;
  }
  int latin1 = enc == AWSM_CANON_LATIN1_UTF16 && m.maxcp <= 0xFF;
  uint64_t count = m.units16; /* latin1: one byte per code point (all below U+0100) */
  if (count > (latin1 ? CANON_MAX_STRING_UNITS : CANON_MAX_STRING_UNITS / 2))
    awsm_trap_host(NULL, "canonical ABI: a string of %llu code units is too large", (unsigned long long)count);
  uint64_t size = latin1 ? count : 2 * count;
  uint32_t ptr = wasi2_alloc(o, 2, size);
  canon_encode(p, len, latin1 ? CANON_FORM_LATIN1 : CANON_FORM_UTF16, wasi2_mem(o, ptr, size, 2));
  wasi_put32(dst, ptr);
  wasi_put32(dst + 4, (uint32_t)count | (enc == AWSM_CANON_LATIN1_UTF16 && !latin1 ? CANON_UTF16_TAG : 0));
}
