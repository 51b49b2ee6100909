/*
 * canon_utf.c — UTF-8 and UTF-16 code points for the canonical ABI's strings, shared by the
 * WASI 0.2 host (wasi2/wasi2_canon.c) and the component API (canon.c).
 */
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

int64_t canon_utf16_to_utf8(const uint8_t *p, uint64_t n, char *out) {
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
