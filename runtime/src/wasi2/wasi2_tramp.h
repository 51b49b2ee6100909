/*
 * wasi2_tramp.h — trampolines for the core signatures of the WASI 0.2 host functions: each
 * calls code(ctx, params...) with the parameters from args[] and stores the result (if any) in
 * args[0] (awsm_abi.h: awsm_trampoline). awsm_instance_host_func needs one wherever the
 * generic trampoline does not cover a signature: more integer parameters than it passes in
 * registers (x86-64: 5), and every signature on 32-bit ARM. Generated shapes, named by
 * signature (`i` uint32_t, `I` uint64_t; parameters, `_`, result).
 */
#ifndef AWSM_WASI2_TRAMP_H
#define AWSM_WASI2_TRAMP_H

#include "awsm_abi.h"

static inline void wasi2_tramp__I(void *code, void *ctx, awsm_value *a) {
  a[0].i64 = ((uint64_t (*)(void *))code)(ctx);
}
static inline void wasi2_tramp__i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t (*)(void *))code)(ctx);
}
static inline void wasi2_tramp_I_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t (*)(void *, uint64_t))code)(ctx, a[0].i64);
}
static inline void wasi2_tramp_Ii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint64_t, uint32_t))code)(ctx, a[0].i64, a[1].i32);
}
static inline void wasi2_tramp_i_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t))code)(ctx, a[0].i32);
}
static inline void wasi2_tramp_i_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t (*)(void *, uint32_t))code)(ctx, a[0].i32);
}
static inline void wasi2_tramp_iIIi_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint64_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i64, a[3].i32);
}
static inline void wasi2_tramp_iIIii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint64_t, uint64_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i64, a[3].i32, a[4].i32);
}
static inline void wasi2_tramp_iIi_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i32);
}
static inline void wasi2_tramp_ii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32);
}
static inline void wasi2_tramp_ii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t (*)(void *, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32);
}
static inline void wasi2_tramp_iiIi_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i64, a[3].i32);
}
static inline void wasi2_tramp_iiIiiIii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i64, a[3].i32, a[4].i32, a[5].i64, a[6].i32, a[7].i32);
}
static inline void wasi2_tramp_iii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32);
}
static inline void wasi2_tramp_iiiIi_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint64_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i64, a[4].i32);
}
static inline void wasi2_tramp_iiii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32);
}
static inline void wasi2_tramp_iiiii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32);
}
static inline void wasi2_tramp_iiiiiIiiIii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, uint64_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i64, a[6].i32, a[7].i32, a[8].i64, a[9].i32, a[10].i32);
}
static inline void wasi2_tramp_iiiiii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i32);
}
static inline void wasi2_tramp_iiiiiii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i32, a[6].i32);
}
static inline void wasi2_tramp_iiiiiiii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i32, a[6].i32, a[7].i32);
}

static inline void wasi2_tramp_iiiiiiiiiiiiiii_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32, a[3].i32, a[4].i32, a[5].i32, a[6].i32, a[7].i32, a[8].i32, a[9].i32, a[10].i32, a[11].i32, a[12].i32, a[13].i32, a[14].i32);
}

#endif /* AWSM_WASI2_TRAMP_H */
