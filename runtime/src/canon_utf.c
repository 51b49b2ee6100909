/*
 * canon_utf.c — UTF-8 and UTF-16 code points for the canonical ABI's strings, shared by the
 * WASI 0.2 host (wasi2/wasi2_canon.c) and the component API (canon.c).
 */
#include <string.h>

#include "canon.h"

size_t canon_utf8_next(const uint8_t *p, size_t n, uint32_t *cp) {
  uint8_t c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || len > n || c > 0xF4) return 0;
  uint32_t v = c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[i] & 0x3F);
  }
  static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

size_t canon_utf8_put(char *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decodes n UTF-16LE code units at p into out (room for 3n bytes): the byte length, or -1 at
 * an unpaired surrogate. */
static int64_t utf16_to_utf8(const uint8_t *p, uint64_t n, char *out) {
  size_t k = 0;
  for (uint64_t i = 0; i < n; i++) {
    uint32_t u = (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 == n) return -1;
      uint32_t l = (uint32_t)p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;
      if (l < 0xDC00 || l > 0xDFFF) return -1;
      u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
      i++;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return -1;
    }
    k += canon_utf8_put(out + k, u);
  }
  return (int64_t)k;
}

canon_str_info canon_measure(const uint8_t *s, size_t len) {
  canon_str_info r = {0, 0, 0, 1};
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = canon_utf8_next(s + i, len - i, &cp);
    if (n == 0) {
      r.valid = 0;
      cp = 0xFFFD;
      n = 1;
    }
    r.bytes8 += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    r.units16 += cp >= 0x10000 ? 2 : 1;
    if (cp > r.maxcp) r.maxcp = cp;
    i += n;
  }
  return r;
}

size_t canon_encode(const uint8_t *s, size_t len, int form, uint8_t *out) {
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = canon_utf8_next(s + i, len - i, &cp);
    if (n == 0) cp = 0xFFFD, n = 1;
    i += n;
    if (form == CANON_FORM_UTF8) {
      k += canon_utf8_put((char *)out + k, cp);
    } else if (form == CANON_FORM_LATIN1) {
      out[k++] = (uint8_t)cp;
    } else if (cp >= 0x10000) {
      uint32_t hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      out[k++] = (uint8_t)hi, out[k++] = (uint8_t)(hi >> 8), out[k++] = (uint8_t)lo, out[k++] = (uint8_t)(lo >> 8);
    } else {
      out[k++] = (uint8_t)cp, out[k++] = (uint8_t)(cp >> 8);
    }
  }
  return k;
}

canon_str_ref canon_string_ref(uint32_t encoding, uint32_t tagged_len) {
  canon_str_ref r;
  int utf16 = encoding == AWSM_CANON_UTF16 || (encoding == AWSM_CANON_LATIN1_UTF16 && (tagged_len & CANON_UTF16_TAG));
  r.units = encoding == AWSM_CANON_LATIN1_UTF16 ? tagged_len & ~CANON_UTF16_TAG : tagged_len;
  r.form = utf16 ? CANON_FORM_UTF16 : encoding == AWSM_CANON_LATIN1_UTF16 ? CANON_FORM_LATIN1 : CANON_FORM_UTF8;
  r.bytes = utf16 ? 2 * (uint64_t)r.units : r.units;
  r.align = utf16 ? 2 : 1;
  return r;
}

size_t canon_decode_room(canon_str_ref s) {
  return s.form == CANON_FORM_UTF16 ? 3 * (size_t)s.units : s.form == CANON_FORM_LATIN1 ? 2 * (size_t)s.units : s.units;
}

int64_t canon_decode(const uint8_t *p, canon_str_ref s, char *out, size_t *bad) {
  size_t n = 0;
  if (s.form == CANON_FORM_UTF16) {
    int64_t k = utf16_to_utf8(p, s.units, out);
    if (k < 0) return -1;
    n = (size_t)k;
  } else if (s.form == CANON_FORM_LATIN1) {
    for (uint32_t i = 0; i < s.units; i++) n += canon_utf8_put(out + n, p[i]);
  } else {
    for (size_t i = 0; i < s.units;) {
      uint32_t cp;
      size_t k = canon_utf8_next(p + i, s.units - i, &cp);
      if (k == 0) {
        *bad = i;
        return -1;
      }
      i += k;
    }
    memcpy(out, p, s.units);
    n = s.units;
  }
  out[n] = '\0';
  return (int64_t)n;
}
