/*
 * wasi_tramp.h — trampolines for the signatures of the WASI preview1 functions: each calls
 * code(ctx, params...) with the parameters from args[] and stores the result in args[0]
 * (awsm_abi.h: awsm_trampoline). Generated shapes; `i` is uint32_t, `I` uint64_t.
 */
#ifndef AWSM_WASI_TRAMP_H
#define AWSM_WASI_TRAMP_H

#include "awsm_abi.h"

static inline void wasi_tramp_i_(void *code, void *ctx, awsm_value *a) {
  ((void(*)(void *, uint32_t))code)(ctx, a[0].i32);
}
static inline void wasi_tramp__i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *))code)(ctx);
}
static inline void wasi_tramp_i_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t))code)(ctx, a[0].i32);
}
static inline void wasi_tramp_ii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32);
}
static inline void wasi_tramp_iii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32);
}
static inline void wasi_tramp_iiii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32);
}
static inline void wasi_tramp_iiiii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32);
}
static inline void wasi_tramp_iiiiii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i32);
}
static inline void wasi_tramp_iiiiiii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i32, a[6].i32);
}
static inline void wasi_tramp_iI_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint64_t))code)(ctx, a[0].i32, a[1].i64);
}
static inline void wasi_tramp_iIi_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i32);
}
static inline void wasi_tramp_iII_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint64_t, uint64_t))code)(ctx, a[0].i32, a[1].i64, a[2].i64);
}
static inline void wasi_tramp_iIIi_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint64_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i64, a[3].i32);
}
static inline void wasi_tramp_iIii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint64_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i32, a[3].i32);
}
static inline void wasi_tramp_iiiIi_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i64, a[4].i32);
}
static inline void wasi_tramp_iiiiIIi_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i64, a[5].i64, a[6].i32);
}
static inline void wasi_tramp_iiiiiIIii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t, uint64_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i64, a[6].i64, a[7].i32, a[8].i32);
}

#endif /* AWSM_WASI_TRAMP_H */
