/*
 * driver.c — the awsm side of the differential tests (tests/diff/diff.ts, docs/security.md).
 *
 *   driver LIB.so FIRST COUNT [exact]
 *
 * LIB.so holds modules compiled by awsm with the names d<FIRST> … d<FIRST+COUNT-1> (their
 * descriptors d<k>_module). For each module, in order, the driver writes a transcript that
 * tests/diff/v8.ts writes the same way for V8, line for line:
 *
 *   module K
 *   unlinkable | trap CLASS            instantiation failed (then `end K`)
 *   call NAME                          each exported function, in export order, called with
 *                                      zeros (null references); `hangLimitInitializer`, if
 *                                      exported, is called before each and not listed
 *   skip NAME                          an export JS cannot call (v128 in its type)
 *   log TYPE VALUE                     a call of a fuzzing-support log-* import
 *   result TYPE VALUE                  per result
 *   trap CLASS                         the call trapped (after `stack`, the module stops)
 *   mem PAGES HASH                     the exported memory after each call (FNV-1a of the bytes;
 *                                      `big` instead of the hash above 64 MiB)
 *   global NAME TYPE VALUE             each exported global after each call
 *   end K
 *
 * Values: i32 and i64 in hex, f32 and f64 as their bits in hex or `nan`, references `null` or
 * `nonnull`. Trap classes merge what the two engines word differently: unreachable, memory,
 * table (undefined element, table access), indirect (null entry, signature mismatch), div0,
 * overflow (integer overflow, invalid conversion: V8 does not tell a truncation's overflow
 * from its NaN), stack, other.
 *
 * With `exact` (the differential tests against wasmtime, tests/diff/wasmtime.ts), every value
 * is exact and nothing is skipped: f32 and f64 always as their bits, v128 as four i32 lanes in
 * hex (`v128 L0 L1 L2 L3`), exports with v128 in their type are called (with zero vectors),
 * v128 globals are listed, a reference is `funcref null|nonnull`, `externref …` or (GC) `anyref
 * null|i31|struct|array|host`, exports with a non-nullable reference parameter are skipped, a trap is
 * `trap MESSAGE` with the spec's message (awsm_trap_message), a memory is `mem NAME PAGES HASH`
 * (the export's name: several memories can be exported), and memories and globals are also
 * listed once after instantiation, before the first call. A global exported as `awsm-fuel`
 * (smith's fuel, tests/diff/fuel.ts) is set back to 8000 before each call.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awsm.h"

static FILE *out;
/* The `exact` argument: see above. */
static int exact;
/* With `exact`: a global exported under this name (smith's fuel, tests/diff/fuel.ts) is set to
 * FUEL before each call. */
#define FUEL_EXPORT "awsm-fuel"
#define FUEL 8000

/* Whether a parameter of signature `sig` is a non-nullable reference: its exact type after the
 * `|` (one per reference value, parameters first, comma-separated) starts with `R`. */
static int nonnull_ref_param(const char *sig) {
  const char *bar = strchr(sig, '|');
  if (bar == NULL) return 0;
  uint32_t refs = 0, np = awsm_sig_params(sig);
  for (uint32_t i = 0; i < np; i++)
    if (sig[i] == AWSM_T_FUNCREF || sig[i] == AWSM_T_EXTERNREF || sig[i] == AWSM_T_ANYREF || sig[i] == AWSM_T_EXNREF) refs++;
  const char *p = bar + 1;
  for (uint32_t i = 0; i < refs && *p != '\0' && *p != '#'; i++) {
    if (*p == 'R') return 1;
    p += strcspn(p, ",#");
    if (*p == ',') p++;
  }
  return 0;
}

static void print_name(const char *tag, const char *name, size_t len) {
  fprintf(out, "%s ", tag);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c > 0x20 && c < 0x7f && c != '%')
      fputc(c, out);
    else
      fprintf(out, "%%%02x", c);
  }
}

static void print_value(char t, const awsm_value *v) {
  switch (t) {
    case AWSM_T_I32: fprintf(out, "i32 %08" PRIx32, v->i32); break;
    case AWSM_T_I64: fprintf(out, "i64 %016" PRIx64, v->i64); break;
    case AWSM_T_F32:
      if (isnan(v->f32) && !exact)
        fprintf(out, "f32 nan");
      else
        fprintf(out, "f32 %08" PRIx32, v->i32);
      break;
    case AWSM_T_F64:
      if (isnan(v->f64) && !exact)
        fprintf(out, "f64 nan");
      else
        fprintf(out, "f64 %016" PRIx64, v->i64);
      break;
    case AWSM_T_FUNCREF:
    case AWSM_T_EXTERNREF:
    case AWSM_T_EXNREF:
      if (exact)
        fprintf(out, "%s %s", t == AWSM_T_FUNCREF ? "funcref" : t == AWSM_T_EXTERNREF ? "externref" : "exnref",
                v->ref ? "nonnull" : "null");
      else
        fprintf(out, "ref %s", v->ref ? "nonnull" : "null");
      break;
    case AWSM_T_ANYREF: {
      /* GC references (issue 17): what the reference is, as wast's result forms can say it. */
      static const char *const kinds[] = {"null", "i31", "struct", "array", "host"};
      if (exact)
        fprintf(out, "anyref %s", kinds[awsm_gc_kind_of(v->ref)]);
      else
        fprintf(out, "ref %s", v->ref ? "nonnull" : "null");
      break;
    }
    case AWSM_T_V128:
      if (exact) {
        uint32_t l[4];
        memcpy(l, v->v128, sizeof l);
        fprintf(out, "v128 %08" PRIx32 " %08" PRIx32 " %08" PRIx32 " %08" PRIx32, l[0], l[1], l[2], l[3]);
      } else {
        fprintf(out, "v128 ?");
      }
      break;
    default: fprintf(out, "? %c", t);
  }
}

/* ---- fuzzing-support imports ---- */

static void log_value(char t, awsm_value v) {
  fprintf(out, "log ");
  print_value(t, &v);
  fputc('\n', out);
}
static void log_i32(void *ctx, uint32_t x) { (void)ctx; log_value(AWSM_T_I32, (awsm_value){.i32 = x}); }
static void log_i64(void *ctx, uint64_t x) { (void)ctx; log_value(AWSM_T_I64, (awsm_value){.i64 = x}); }
static void log_f32(void *ctx, float x) { (void)ctx; log_value(AWSM_T_F32, (awsm_value){.f32 = x}); }
static void log_f64(void *ctx, double x) { (void)ctx; log_value(AWSM_T_F64, (awsm_value){.f64 = x}); }

static void tr_i(void *c, void *x, awsm_value *a) { ((void (*)(void *, uint32_t))c)(x, a[0].i32); }
static void tr_I(void *c, void *x, awsm_value *a) { ((void (*)(void *, uint64_t))c)(x, a[0].i64); }
static void tr_f(void *c, void *x, awsm_value *a) { ((void (*)(void *, float))c)(x, a[0].f32); }
static void tr_F(void *c, void *x, awsm_value *a) { ((void (*)(void *, double))c)(x, a[0].f64); }

static awsm_func log_funcs[] = {
    {"i:", (void *)log_i32, NULL, tr_i, UINT32_MAX, 0, NULL},
    {"I:", (void *)log_i64, NULL, tr_I, UINT32_MAX, 0, NULL},
    {"f:", (void *)log_f32, NULL, tr_f, UINT32_MAX, 0, NULL},
    {"F:", (void *)log_f64, NULL, tr_F, UINT32_MAX, 0, NULL},
};
static const char *const log_names[] = {"log-i32", "log-i64", "log-f32", "log-f64"};

static int resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *o, awsm_error *err) {
  (void)data;
  (void)importer;
  (void)err;
  if (imp->module_len != strlen("fuzzing-support") || memcmp(imp->module, "fuzzing-support", imp->module_len) != 0) return 0;
  for (size_t i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
    if (imp->name_len == strlen(log_names[i]) && memcmp(imp->name, log_names[i], imp->name_len) == 0) {
      memset(o, 0, sizeof *o);
      o->kind = AWSM_EXTERN_FUNC;
      o->u.func = &log_funcs[i];
      return 1;
    }
  }
  return 0;
}

/* ---- one module ---- */

static const char *trap_class(const awsm_error *err) {
  if (exact) return err->kind == AWSM_ERR_TRAP ? awsm_trap_message(err->trap) : "other";
  switch (err->trap) {
    case AWSM_TRAP_UNREACHABLE: return "unreachable";
    case AWSM_TRAP_MEMORY_OOB: return "memory";
    case AWSM_TRAP_TABLE_OOB:
    case AWSM_TRAP_UNDEFINED_ELEMENT: return "table";
    case AWSM_TRAP_UNINITIALIZED_ELEMENT:
    case AWSM_TRAP_INDIRECT_TYPE: return "indirect";
    case AWSM_TRAP_DIV_ZERO: return "div0";
    /* The spec says "integer overflow" for a float-to-int truncation out of range and
     * "invalid conversion" for NaN; V8 says "float unrepresentable" for both. */
    case AWSM_TRAP_INT_OVERFLOW:
    case AWSM_TRAP_INVALID_CONVERSION: return "overflow";
    case AWSM_TRAP_STACK_EXHAUSTED: return "stack";
    default: return "other";
  }
}

/* Memories larger than this are compared by size only (v8.ts has the same limit): hashing
 * 4 GiB after every call would be the whole run time. */
#define MAX_HASHED (64u << 20)

static uint32_t fnv1a(const uint8_t *p, uint64_t n) {
  uint32_t h = 2166136261u;
  for (uint64_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static void snapshot(awsm_instance *inst, const awsm_module_desc *d) {
  for (uint32_t i = 0; i < d->num_exports; i++) {
    const awsm_export_desc *e = &d->exports[i];
    awsm_extern x;
    if (e->kind == AWSM_EXTERN_MEMORY) {
      if (!awsm_instance_export(inst, e->name, e->name_len, &x)) continue;
      if (exact) {
        print_name("mem", e->name, e->name_len);
        fputc(' ', out);
      } else {
        fprintf(out, "mem ");
      }
      if (x.u.memory->size > MAX_HASHED)
        fprintf(out, "%" PRIu64 " big\n", x.u.memory->pages);
      else
        fprintf(out, "%" PRIu64 " %08" PRIx32 "\n", x.u.memory->pages, fnv1a(x.u.memory->base, x.u.memory->size));
    } else if (e->kind == AWSM_EXTERN_GLOBAL) {
      if (!awsm_instance_export(inst, e->name, e->name_len, &x) || (x.u.global.type == AWSM_T_V128 && !exact) ||
          x.u.global.type == AWSM_T_EXNREF)
        continue;
      print_name("global", e->name, e->name_len);
      fputc(' ', out);
      print_value((char)x.u.global.type, x.u.global.cell);
      fputc('\n', out);
    }
  }
}

static int is_name(const awsm_export_desc *e, const char *s) { return e->name_len == strlen(s) && memcmp(e->name, s, e->name_len) == 0; }

static void run_module(const awsm_module_desc *d, unsigned long k) {
  fprintf(out, "module %lu\n", k);
  awsm_options o = {0};
  o.resolve = resolve;
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(d, &o, &err);
  if (inst == NULL) {
    if (err.kind == AWSM_ERR_LINK)
      fprintf(out, "unlinkable\n");
    else if (err.kind == AWSM_ERR_TRAP)
      fprintf(out, "trap %s\n", trap_class(&err));
    else
      fprintf(out, "error %s\n", err.message);
    awsm_instance_free(err.instance);
    fprintf(out, "end %lu\n", k);
    return;
  }
  if (exact) snapshot(inst, d); /* memories and globals after instantiation */
  awsm_extern init, fuel;
  int have_init = 0, have_fuel = 0;
  for (uint32_t i = 0; i < d->num_exports; i++) {
    const awsm_export_desc *e = &d->exports[i];
    if (e->kind == AWSM_EXTERN_FUNC && is_name(e, "hangLimitInitializer")) have_init = awsm_instance_export(inst, e->name, e->name_len, &init);
    if (exact && e->kind == AWSM_EXTERN_GLOBAL && is_name(e, FUEL_EXPORT)) have_fuel = awsm_instance_export(inst, e->name, e->name_len, &fuel);
  }
  for (uint32_t i = 0; i < d->num_exports; i++) {
    const awsm_export_desc *e = &d->exports[i];
    if (e->kind != AWSM_EXTERN_FUNC || is_name(e, "hangLimitInitializer")) continue;
    awsm_extern f;
    if (!awsm_instance_export(inst, e->name, e->name_len, &f)) continue;
    const char *sig = f.u.func->sig;
    /* wasmtime's wast cannot pass or print an exnref, nor pass a non-null reference as the
     * zero argument (exact: wasmtime checks the types): such exports are not called. */
    if ((strchr(sig, AWSM_T_V128) != NULL && !exact) || strchr(sig, AWSM_T_EXNREF) != NULL || (exact && nonnull_ref_param(sig))) {
      print_name("skip", e->name, e->name_len);
      fputc('\n', out);
      continue;
    }
    if (have_init) {
      awsm_value none[1];
      if (awsm_call(inst, init.u.func, none, &err) != 0) {
        fprintf(out, "init-trap %s\n", trap_class(&err));
        break;
      }
    }
    if (have_fuel) fuel.u.global.cell->i32 = FUEL;
    print_name("call", e->name, e->name_len);
    fputc('\n', out);
    uint32_t np = awsm_sig_params(sig), nr = awsm_sig_results(sig);
    uint32_t n = np > nr ? np : nr;
    awsm_value *vals = calloc(n ? n : 1, sizeof *vals);
    if (vals == NULL) abort();
    int rc = awsm_call(inst, f.u.func, vals, &err);
    if (rc != 0) {
      /* An uncaught Wasm exception (exception handling) is not a trap. */
      if (err.kind == AWSM_ERR_EXCEPTION)
        fprintf(out, "exception\n");
      else
        fprintf(out, "trap %s\n", err.kind == AWSM_ERR_TRAP ? trap_class(&err) : "other");
      free(vals);
      if (err.kind == AWSM_ERR_TRAP && err.trap == AWSM_TRAP_STACK_EXHAUSTED) break;
    } else {
      const char *res = sig + np + 1;
      for (uint32_t r = 0; r < nr; r++) {
        fprintf(out, "result ");
        print_value(res[r], &vals[r]);
        fputc('\n', out);
      }
      free(vals);
    }
    snapshot(inst, d);
  }
  awsm_instance_free(inst);
  fprintf(out, "end %lu\n", k);
}

int main(int argc, char **argv) {
  if (argc != 4 && !(argc == 5 && strcmp(argv[4], "exact") == 0)) {
    fprintf(stderr, "usage: %s LIB.so FIRST COUNT [exact]\n", argv[0]);
    return 2;
  }
  exact = argc == 5;
  out = stdout;
  /* Line by line: when the driver is stopped in a module that hangs, diff.ts gets the
   * transcript up to the call that hangs (for the dead-load rule, transcript.ts). */
  setvbuf(out, NULL, _IOLBF, 0);
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "driver: %s\n", dlerror());
    return 1;
  }
  unsigned long first = strtoul(argv[2], NULL, 10), count = strtoul(argv[3], NULL, 10);
  for (unsigned long k = first; k < first + count; k++) {
    char sym[64];
    snprintf(sym, sizeof sym, "d%lu_module", k);
    const awsm_module_desc *d = dlsym(lib, sym);
    if (d == NULL) {
      fprintf(out, "module %lu\nmissing\nend %lu\n", k, k);
      continue;
    }
    run_module(d, k);
    fflush(out);
  }
  return 0;
}
