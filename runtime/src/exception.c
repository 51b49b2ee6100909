/*
 * exception.c — Wasm exceptions (exception handling, Wasm 3.0; docs/abi.md "Exceptions").
 *
 * An exception is an awsm_exn: the unwinder's header (struct _Unwind_Exception), the tag, the
 * payload. `throw` raises it with a *forced* unwind (_Unwind_ForcedUnwind): the unwinder walks
 * the stack once, and at each frame first calls our stop function, then the frame's
 * personality routine, which lands in a landing pad if the frame has one for the call site.
 * Generated functions with a try_table use libgcc's C personality (__gcc_personality_v0): it
 * treats every landing pad as a cleanup, and the landing pad itself matches the tag against
 * the catch clauses (src/translate/exception.ts), `resume`s when none matches. A landing pad
 * that catches simply continues: a forced unwind keeps no state outside the exception.
 *
 * The stop function ends the walk at the innermost host entry (rt_call_protected's frame,
 * trap.c): once the frame being unwound is the entry's or older, or the unwinder reaches a
 * frame it cannot unwind, it hands the exception to trap.c (rt_unwind_exception), which
 * siglongjmps to the entry like a trap; awsm_call returns AWSM_ERR_EXCEPTION. So an exception
 * never unwinds past a host entry: a host function that called Wasm gets it as an error, and
 * rethrows it (awsm_throw) if it wants it to go on. Traps and exits never use the unwinder,
 * so no try_table ever catches one.
 *
 * Lifetime (exception_gc.c): every exception is on the registry of the thread that made it.
 * One caught by `catch` / `catch_all` (no exnref made) is freed there; one an exnref was made of
 * (catch_ref, catch_all_ref, legacy catch arms) is freed by a collection once nothing refers to
 * it; the host's (an uncaught exception, awsm_exception_new, awsm_throw) is pinned: never
 * freed. An exception whose payload holds references (anyref, externref) is on the GC's
 * registry while it lives: its payload is a root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

#include "gc.h"

/* 32-bit ARM unwinds by its EHABI (libgcc's unwind-arm): the header is its
 * _Unwind_Control_Block, 88 bytes (clang's unwind.h names it struct _Unwind_Exception there
 * too), and libgcc calls a stop function with the exception class as a pointer to its 8 bytes
 * (GCC's _Unwind_Exception_Class is char[8] there), not the uint64_t clang's header declares. */
_Static_assert(sizeof(struct _Unwind_Exception) <= sizeof(((awsm_exn *)0)->unwind), "awsm_exn.unwind must hold the unwinder's header");
_Static_assert(offsetof(awsm_exn, values) == (sizeof(void *) == 8 ? 48 : 104), "awsm_exn layout");

/* "AWSM\0EXN" as the exception class, for anyone looking. */
#define AWSM_EXN_CLASS 0x41575344004e5845ull

/* awsm_exn.flags (generated code's catch_ref stores 1 there): an exnref was made of it. The
 * runtime's own flags are in its rt_exn_head (gc.h). */
#define EXN_EXPOSED 1u

static void exn_cleanup(_Unwind_Reason_Code reason, struct _Unwind_Exception *u) {
  (void)reason;
  (void)u;
}

/* 1 if a payload of this signature holds references the GC must see (anyref, externref). */
static int payload_has_gc_refs(const char *sig) {
  for (; *sig != '\0' && *sig != ':'; sig++)
    if (*sig == AWSM_T_ANYREF || *sig == AWSM_T_EXTERNREF) return 1;
  return 0;
}

/* An exception is allocated with its rt_exn_head (RT_EXN_PREFIX bytes, gc.h) before it, and is
 * on this thread's registry (exception_gc.c) until it is freed. */
static awsm_exn *exn_alloc(awsm_tag *tag) {
  uint32_t n = awsm_sig_params(tag->sig);
  size_t size = sizeof(awsm_exn) + (size_t)n * sizeof(awsm_value);
  uint8_t *block;
  if (posix_memalign((void **)&block, 16, RT_EXN_PREFIX + size) != 0) return NULL;
  memset(block, 0, RT_EXN_PREFIX + size);
  awsm_exn *e = (awsm_exn *)(void *)(block + RT_EXN_PREFIX);
  e->tag = tag;
  e->count = n;
  if (payload_has_gc_refs(tag->sig)) {
    rt_exn_head_of(e)->flags |= RT_EXN_GC_ROOTS;
    rt_gc_exn_register(e);
  }
  rt_exn_track(e);
  return e;
}

/* The host has e (an error's exception, one it made or rethrows): never freed. */
static void exn_pin(awsm_exn *e) {
  e->flags |= EXN_EXPOSED;
  rt_exn_head_of(e)->flags |= RT_EXN_PINNED;
}

awsm_exn *awsm_exn_new(awsm_instance *ctx, awsm_tag *tag) {
  rt_exn_maybe_collect(); /* before the new one exists: its payload is still in generated code's hands */
  awsm_exn *e = exn_alloc(tag);
  if (e == NULL) awsm_trap_host(ctx, "out of memory (exception)");
  return e;
}

void awsm_exn_release(awsm_exn *e) {
  if (e->flags & EXN_EXPOSED) return; /* an exnref may be anywhere: a collection frees it */
  rt_exn_free(e);
}

static size_t exn_describe(const awsm_exn *e, char *buf, size_t cap);

/* Ends the unwinding at the innermost host entry: the host gets the exception (so it is
 * never freed). */
static __attribute__((noreturn)) void exn_uncaught(awsm_exn *e) {
  char msg[AWSM_ERROR_MESSAGE_MAX];
  exn_pin(e);
  exn_describe(e, msg, sizeof msg);
  rt_unwind_exception(e, msg);
}

#if defined(__arm__)
typedef const char *rt_exn_class; /* libgcc's ARM stop functions get the class's address */
#else
typedef _Unwind_Exception_Class rt_exn_class;
#endif

/* Stops the walk at the innermost host entry (its frame address is `param`): past it the
 * frame's CFA (ARM: the stack pointer in the frame) is above the entry's local. */
static _Unwind_Reason_Code exn_stop(int version, _Unwind_Action actions, rt_exn_class cls,
                                    struct _Unwind_Exception *u, struct _Unwind_Context *uc, void *param) {
  (void)version;
  (void)cls;
  if ((actions & _UA_END_OF_STACK) || _Unwind_GetCFA(uc) > (uintptr_t)param) exn_uncaught((awsm_exn *)(void *)u);
  return _URC_NO_REASON;
}

void awsm_exn_throw(awsm_exn *e) {
  uintptr_t entry = rt_exn_entry();
  if (entry != 0) {
    struct _Unwind_Exception *u = (struct _Unwind_Exception *)(void *)e->unwind;
    memset(u, 0, sizeof *u);
    u->exception_class = AWSM_EXN_CLASS;
    u->exception_cleanup = exn_cleanup;
    _Unwind_ForcedUnwind(u, (_Unwind_Stop_Fn)(void *)exn_stop, (void *)entry);
  }
  /* No entry (trap.c reports it), or the unwinder failed to start. */
  exn_uncaught(e);
}

/* ---- the embedding API (awsm.h) ---- */

awsm_tag *awsm_tag_new(awsm_instance *owner, const char *sig) {
  if (owner == NULL || sig == NULL) return NULL;
  return rt_tag_alloc(rt_of(owner), sig);
}

awsm_exn *awsm_exception_new(awsm_tag *tag, const awsm_value *values) {
  if (tag == NULL) return NULL;
  awsm_exn *e = exn_alloc(tag);
  if (e == NULL) return NULL;
  exn_pin(e);
  if (e->count > 0 && values != NULL) memcpy(e->values, values, (size_t)e->count * sizeof(awsm_value));
  return e;
}

void awsm_throw(awsm_exn *e) {
  exn_pin(e);
  awsm_exn_throw(e);
}

/* "uncaught exception (payload: i32 7, f64 2.5)", the error's message. */
static size_t exn_describe(const awsm_exn *e, char *buf, size_t cap) {
  size_t pos = 0;
  rt_append(buf, cap, &pos, "uncaught exception");
  const char *sig = e->tag != NULL ? e->tag->sig : "";
  for (uint32_t i = 0; i < e->count && sig[i] != '\0' && sig[i] != ':'; i++) {
    const awsm_value *v = &e->values[i];
    rt_append(buf, cap, &pos, i == 0 ? " (payload: " : ", ");
    switch (sig[i]) {
      case AWSM_T_I32: rt_append(buf, cap, &pos, "i32 %d", (int32_t)v->i32); break;
      case AWSM_T_I64: rt_append(buf, cap, &pos, "i64 %lld", (long long)(int64_t)v->i64); break;
      case AWSM_T_F32: rt_append(buf, cap, &pos, "f32 %g", (double)v->f32); break;
      case AWSM_T_F64: rt_append(buf, cap, &pos, "f64 %g", v->f64); break;
      case AWSM_T_V128: rt_append(buf, cap, &pos, "v128"); break;
      default: rt_append(buf, cap, &pos, "%s", v->ref == NULL ? "null" : "ref"); break;
    }
    if (i + 1 == e->count || sig[i + 1] == ':') rt_append(buf, cap, &pos, ")");
  }
  return pos;
}
