/*
 * imports.c — the ready-made import resolver (awsm_imports) and the generic host trampoline.
 *
 * awsm_imports_resolve looks an import up in the host function definitions, then the
 * (module name -> instance) bindings, then the host objects, then the `next` resolver. Host
 * functions become objects owned by the importing instance whose first argument is that
 * instance (the caller): awsm_instance_host_func(importer, sig, code, tramp, importer).
 *
 * The generic trampoline. Wasm code calls host functions directly, in the generated-code
 * convention; a trampoline is only needed when the host calls one generically (awsm_call on
 * an export that re-exports an imported host function). Writing one per signature is a
 * chore, so awsm_host_trampoline(sig) offers a generic one for every signature whose
 * parameters all travel in registers and that has at most one result. It relies on the
 * calling conventions of the supported hosts (platform.h), where integer-class arguments (i32, i64,
 * references) and floating-point arguments (f32, f64) are assigned to two independent
 * register sequences in order:
 *   x86-64 SysV  rdi (ctx), rsi, rdx, rcx, r8, r9  |  xmm0-xmm7  |  result rax or xmm0
 *   AArch64      x0 (ctx), x1-x7                   |  v0-v7      |  result x0 or v0
 *   RISC-V LP64D a0 (ctx), a1-a7                   |  fa0-fa7    |  result a0 or fa0
 * so calling any such function through the type
 *   R (void *, u64 x N, double x 8)
 * with the integer arguments in order, zero-extended, and the floating-point ones in order
 * (an f32 as the low 32 bits of a double's bit pattern, which is where the callee reads it, the
 * upper 32 bits all ones: RISC-V's NaN-boxing, ignored elsewhere; an i32 sign-extended, as
 * RISC-V's callee expects, ignored elsewhere)
 * passes every argument where the callee expects it; the callee ignores the extra registers.
 * R is uint64_t or double by the result's class. This is outside ISO C, but it is exactly
 * what the platform ABIs specify. Since a trampoline does not receive the signature,
 * awsm_call recognises rt_generic_trampoline and calls rt_generic_call with the function's
 * signature instead; calling the generic trampoline any other way is a usage error.
 *
 * The same property gives host functions an interrupt check on their way back into Wasm.
 * Generated code calls an imported function directly, so a Wasm loop that only calls host
 * functions (a read loop, a sleep) never reaches a point where the runtime runs, and the
 * interrupt signal almost always lands in host code, where it cannot unwind. So every host
 * function object whose signature the generic trampoline covers (awsm_instance_host_func)
 * gets the code of a wrapper, with the same register-forwarding type, that calls the real
 * function and then traps with AWSM_TRAP_INTERRUPTED if an interrupt is pending
 * (rt_check_interrupt). The object's ctx is the wrapper's record, which holds the real code
 * and ctx. Other signatures are called directly, without the check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define GEN_INT_REGS RT_GEN_INT_REGS /* platform.h */
#define GEN_FLOAT_REGS 8

#if GEN_INT_REGS == 5
typedef uint64_t (*gen_int_fn)(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                               double, double, double, double, double);
typedef double (*gen_float_fn)(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                               double, double, double, double, double);
#define GEN_INT_ARGS(i) i[0], i[1], i[2], i[3], i[4]
#elif GEN_INT_REGS == 7
typedef uint64_t (*gen_int_fn)(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double,
                               double, double, double, double, double, double, double);
typedef double (*gen_float_fn)(void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double,
                               double, double, double, double, double, double, double);
#define GEN_INT_ARGS(i) i[0], i[1], i[2], i[3], i[4], i[5], i[6]
#endif

static int generic_ok(const char *sig) {
  if (GEN_INT_REGS == 0 || sig == NULL) return 0;
  uint32_t ni = 0, nf = 0;
  const char *p = sig;
  for (; *p != '\0' && *p != ':'; p++) {
    switch (*p) {
      case AWSM_T_I32:
      case AWSM_T_I64:
      case AWSM_T_FUNCREF:
      case AWSM_T_EXTERNREF:
      case AWSM_T_EXNREF:
      case AWSM_T_ANYREF: ni++; break;
      case AWSM_T_F32:
      case AWSM_T_F64: nf++; break;
      default: return 0;
    }
  }
  if (ni > GEN_INT_REGS || nf > GEN_FLOAT_REGS) return 0;
  if (*p != ':') return 0;
  p++;
  size_t nr = strcspn(p, "|");
  if (nr > 1) return 0;
  if (nr == 1 && strchr("iIfFrexa", *p) == NULL) return 0;
  return 1;
}

awsm_trampoline awsm_host_trampoline(const char *sig) { return generic_ok(sig) ? rt_generic_trampoline : NULL; }

void rt_generic_trampoline(void *code, void *ctx, awsm_value *args) {
  (void)code;
  (void)ctx;
  (void)args;
  fprintf(stderr, "awsm: the generic host trampoline can only be called through awsm_call\n");
  abort();
}

typedef union bits {
  uint64_t u;
  double d;
} bits;

void rt_generic_call(const char *sig, void *code, void *ctx, awsm_value *a) {
#if GEN_INT_REGS > 0
  uint64_t iv[GEN_INT_REGS] = {0};
  double fv[GEN_FLOAT_REGS] = {0};
  uint32_t ni = 0, nf = 0, k = 0;
  const char *p = sig;
  for (; *p != '\0' && *p != ':'; p++, k++) {
    bits b;
    switch (*p) {
      case AWSM_T_I32: iv[ni++] = (uint64_t)(int64_t)(int32_t)a[k].i32; break;
      case AWSM_T_I64: iv[ni++] = a[k].i64; break;
      case AWSM_T_F32:
        b.u = 0xFFFFFFFF00000000u | a[k].i32; /* the f32's bits in the low half, NaN-boxed */
        fv[nf++] = b.d;
        break;
      case AWSM_T_F64: fv[nf++] = a[k].f64; break;
      default: iv[ni++] = (uint64_t)(uintptr_t)a[k].ref; break;
    }
  }
  char res = *p == ':' ? p[1] : '\0';
  if (res == AWSM_T_F32 || res == AWSM_T_F64) {
    bits b;
    b.d = ((gen_float_fn)code)(ctx, GEN_INT_ARGS(iv), fv[0], fv[1], fv[2], fv[3], fv[4], fv[5], fv[6], fv[7]);
    if (res == AWSM_T_F32)
      a[0].i32 = (uint32_t)b.u;
    else
      a[0].i64 = b.u;
  } else {
    uint64_t r = ((gen_int_fn)code)(ctx, GEN_INT_ARGS(iv), fv[0], fv[1], fv[2], fv[3], fv[4], fv[5], fv[6], fv[7]);
    switch (res) {
      case AWSM_T_I32: a[0].i32 = (uint32_t)r; break;
      case AWSM_T_I64: a[0].i64 = r; break;
      case AWSM_T_FUNCREF:
      case AWSM_T_EXTERNREF:
      case AWSM_T_EXNREF:
      case AWSM_T_ANYREF: a[0].ref = (void *)(uintptr_t)r; break;
      default: break;
    }
  }
#else
  (void)sig;
  rt_generic_trampoline(code, ctx, a);
#endif
}

/* ---- interrupt-checking wrappers for host functions ---- */

#if GEN_INT_REGS == 5
#define WRAP_PARAMS                                                                                                \
  void *rec, uint64_t i0, uint64_t i1, uint64_t i2, uint64_t i3, uint64_t i4, double f0, double f1, double f2, \
      double f3, double f4, double f5, double f6, double f7
#define WRAP_INTS i0, i1, i2, i3, i4
#elif GEN_INT_REGS == 7
#define WRAP_PARAMS                                                                                                \
  void *rec, uint64_t i0, uint64_t i1, uint64_t i2, uint64_t i3, uint64_t i4, uint64_t i5, uint64_t i6, double f0, \
      double f1, double f2, double f3, double f4, double f5, double f6, double f7
#define WRAP_INTS i0, i1, i2, i3, i4, i5, i6
#endif

#if GEN_INT_REGS > 0
static uint64_t wrap_int(WRAP_PARAMS) {
  rt_host_func *h = rec;
  uint64_t r = ((gen_int_fn)h->code)(h->ctx, WRAP_INTS, f0, f1, f2, f3, f4, f5, f6, f7);
  rt_check_interrupt();
  return r;
}

static double wrap_float(WRAP_PARAMS) {
  rt_host_func *h = rec;
  double r = ((gen_float_fn)h->code)(h->ctx, WRAP_INTS, f0, f1, f2, f3, f4, f5, f6, f7);
  rt_check_interrupt();
  return r;
}
#endif

void rt_host_func_wrap(rt_host_func *h) {
#if GEN_INT_REGS > 0
  if (!generic_ok(h->func.sig)) return;
  const char *colon = strchr(h->func.sig, ':');
  char res = colon[1];
  h->func.code = (res == AWSM_T_F32 || res == AWSM_T_F64) ? (void *)wrap_float : (void *)wrap_int;
  h->func.ctx = h;
#else
  (void)h;
#endif
}

/* ---- the ready-made resolver ---- */

int rt_import_host_func(awsm_instance *importer, const char *sig, void *code, awsm_trampoline tramp, awsm_extern *out,
                        awsm_error *err) {
  awsm_func *f = awsm_instance_host_func(importer, sig, code, tramp, importer);
  if (f == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  memset(out, 0, sizeof *out);
  out->kind = AWSM_EXTERN_FUNC;
  out->u.func = f;
  return 1;
}

static int name_eq(const char *s, const char *name, uint32_t len) {
  return s != NULL && strlen(s) == len && memcmp(s, name, len) == 0;
}

int awsm_imports_resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                         awsm_error *err) {
  const awsm_imports *im = data;
  if (im == NULL) return 0;
  for (size_t i = 0; i < im->num_funcs; i++) {
    const awsm_host_func_def *d = &im->funcs[i];
    if (!name_eq(d->module, imp->module, imp->module_len) || !name_eq(d->name, imp->name, imp->name_len)) continue;
    awsm_trampoline tramp = d->tramp != NULL ? d->tramp : awsm_host_trampoline(d->sig);
    if (tramp == NULL) {
      size_t pos = rt_import_message(err, AWSM_ERR_LINK, "host function", imp);
      rt_append(err->message, sizeof err->message, &pos, ": signature %s needs a trampoline (awsm_host_func_def.tramp)",
                d->sig ? d->sig : "(none)");
      return -1;
    }
    return rt_import_host_func(importer, d->sig, d->code, tramp, out, err);
  }
  for (size_t i = 0; i < im->num_instances; i++) {
    const awsm_instance_binding *b = &im->instances[i];
    if (b->instance != NULL && name_eq(b->module, imp->module, imp->module_len) &&
        awsm_instance_export(b->instance, imp->name, imp->name_len, out))
      return 1;
  }
  for (size_t i = 0; i < im->num_externs; i++) {
    const awsm_extern_def *d = &im->externs[i];
    if (name_eq(d->module, imp->module, imp->module_len) && name_eq(d->name, imp->name, imp->name_len)) {
      *out = d->ext;
      return 1;
    }
  }
  return im->next != NULL ? im->next(im->next_data, importer, imp, out, err) : 0;
}
