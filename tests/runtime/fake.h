/*
 * fake.h — helpers for hand-written "compiled modules" in C: what the awsm compiler emits,
 * written by hand so the runtime can be tested without the compiler. Functions follow the
 * generated-code convention T f(awsm_instance *ctx, params...); one trampoline per signature.
 */
#ifndef AWSM_TESTS_FAKE_H
#define AWSM_TESTS_FAKE_H

#include <stdint.h>
#include <string.h>

#include "awsm_abi.h"

#define UNUSED __attribute__((unused))

/* Trampolines: t_<params>_<results>, with I for i64, e for a pointer (ref). */
static UNUSED void t__(void *c, void *x, awsm_value *a) {
  (void)a;
  ((void (*)(void *))c)(x);
}
static UNUSED void t__i(void *c, void *x, awsm_value *a) { a[0].i32 = ((uint32_t(*)(void *))c)(x); }
static UNUSED void t__I(void *c, void *x, awsm_value *a) { a[0].i64 = ((uint64_t(*)(void *))c)(x); }
static UNUSED void t_i_(void *c, void *x, awsm_value *a) { ((void (*)(void *, uint32_t))c)(x, a[0].i32); }
static UNUSED void t_i_i(void *c, void *x, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t))c)(x, a[0].i32);
}
static UNUSED void t_ii_(void *c, void *x, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t))c)(x, a[0].i32, a[1].i32);
}
static UNUSED void t_ii_i(void *c, void *x, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t))c)(x, a[0].i32, a[1].i32);
}
static UNUSED void t_iii_(void *c, void *x, awsm_value *a) {
  ((void (*)(void *, uint32_t, uint32_t, uint32_t))c)(x, a[0].i32, a[1].i32, a[2].i32);
}
static UNUSED void t_e_e(void *c, void *x, awsm_value *a) { a[0].ref = ((void *(*)(void *, void *))c)(x, a[0].ref); }

/* The stack-limit check generated code puts in functions that make calls. */
#define STACK_CHECK(ctx, funcidx)                                                       \
  do {                                                                                  \
    if ((uintptr_t)__builtin_frame_address(0) < (ctx)->stack_limit)                     \
      awsm_trap((ctx), AWSM_TRAP_STACK_EXHAUSTED, (funcidx));                           \
  } while (0)

/* After a recursive call: keeps compilers from turning the recursion into a loop (generated
 * code is compiled with "disable-tail-calls" for the same reason). */
#define AFTER_CALL() __asm__ volatile("" ::: "memory")

/* An i32 load as guard-mode code does it: base + zext(addr) + offset, no check. */
static inline uint32_t fake_load32(awsm_instance *ctx, uint32_t addr, uint32_t offset) {
  return *(volatile uint32_t *)(ctx->mem0_base + (uint64_t)addr + offset);
}
static inline void fake_store32(awsm_instance *ctx, uint32_t addr, uint32_t offset, uint32_t v) {
  *(volatile uint32_t *)(ctx->mem0_base + (uint64_t)addr + offset) = v;
}

/* call_indirect through table t with signature sig (native type fnty): the checks generated
 * code does. */
#define FAKE_CALL_INDIRECT(ctx, t, i, want_sig, funcidx, fnty, ret, ...)                   \
  do {                                                                                     \
    awsm_table *tab_ = (ctx)->tables[(t)];                                                 \
    if ((i) >= tab_->size) awsm_trap((ctx), AWSM_TRAP_UNDEFINED_ELEMENT, (funcidx));       \
    awsm_func *f_ = tab_->elems[(i)];                                                      \
    if (f_ == NULL) awsm_trap((ctx), AWSM_TRAP_UNINITIALIZED_ELEMENT, (funcidx));          \
    const char *want_ = (want_sig);                                                        \
    if (f_->sig != want_ && !awsm_sig_eq(f_->sig, want_))                                  \
      awsm_trap((ctx), AWSM_TRAP_INDIRECT_TYPE, (funcidx));                                \
    ret = ((fnty)f_->code)(f_->ctx, __VA_ARGS__);                                          \
  } while (0)

/* An import descriptor: module and name are string literals. */
#define IMPORT_DESC(mod, name, kind, idx) \
  {(mod), (name), (uint32_t)(sizeof(mod) - 1), (uint32_t)(sizeof(name) - 1), (kind), (idx)}

#endif
