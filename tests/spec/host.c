/*
 * host.c — the spec testsuite host: executes the line protocol of docs/spec-harness.md
 * against modules compiled by awsm into shared libraries.
 *
 * Build (the libraries it loads carry no runtime, so the host must export the runtime's
 * symbols to them: -rdynamic):
 *
 *   clang-16 -O2 -rdynamic -Iruntime/include tests/spec/host.c <runtime objects> -ldl -lm -lpthread
 *
 * One request per line on stdin, one reply line per request on stdout (flushed). Instances
 * are kept until `quit` (or end of input): registered instances are imported by later ones,
 * and an instance whose initialisation trapped may still have functions in imported tables.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awsm.h"

/* ---- output ---- */

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  for (char *p = buf; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  fputs(buf, stdout);
  fputc('\n', stdout);
  fflush(stdout);
}

/* ---- state ---- */

typedef struct registration {
  char *name;
  size_t len;
  awsm_instance *inst;
} registration;

static void **libs;
static size_t num_libs;
static awsm_instance **slots; /* by harness instance id */
static size_t num_slots;
static awsm_instance **all; /* every instance created, failed ones included, for freeing */
static size_t num_all, cap_all;
static registration *regs;
static size_t num_regs;

static void *grow_array(void *p, size_t n, size_t size) {
  void *q = realloc(p, n * size);
  if (q == NULL) {
    reply("error out of memory");
    exit(1);
  }
  return q;
}

static void remember(awsm_instance *inst) {
  if (num_all == cap_all) {
    cap_all = cap_all ? cap_all * 2 : 16;
    all = grow_array(all, cap_all, sizeof *all);
  }
  all[num_all++] = inst;
}

/* ---- the spectest module ---- */

static void print_(void *ctx) {
  (void)ctx;
  fprintf(stderr, "spectest print\n");
}
static void print_i32(void *ctx, uint32_t x) {
  (void)ctx;
  fprintf(stderr, "%" PRId32 " : i32\n", (int32_t)x);
}
static void print_i64(void *ctx, uint64_t x) {
  (void)ctx;
  fprintf(stderr, "%" PRId64 " : i64\n", (int64_t)x);
}
static void print_f32(void *ctx, float x) {
  (void)ctx;
  fprintf(stderr, "%g : f32\n", (double)x);
}
static void print_f64(void *ctx, double x) {
  (void)ctx;
  fprintf(stderr, "%g : f64\n", x);
}
static void print_i32_f32(void *ctx, uint32_t x, float y) {
  (void)ctx;
  fprintf(stderr, "%" PRId32 " : i32\n%g : f32\n", (int32_t)x, (double)y);
}
static void print_f64_f64(void *ctx, double x, double y) {
  (void)ctx;
  fprintf(stderr, "%g : f64\n%g : f64\n", x, y);
}

static void tr_(void *c, void *x, awsm_value *a) {
  (void)a;
  ((void (*)(void *))c)(x);
}
static void tr_i(void *c, void *x, awsm_value *a) { ((void (*)(void *, uint32_t))c)(x, a[0].i32); }
static void tr_I(void *c, void *x, awsm_value *a) { ((void (*)(void *, uint64_t))c)(x, a[0].i64); }
static void tr_f(void *c, void *x, awsm_value *a) { ((void (*)(void *, float))c)(x, a[0].f32); }
static void tr_F(void *c, void *x, awsm_value *a) { ((void (*)(void *, double))c)(x, a[0].f64); }
static void tr_if(void *c, void *x, awsm_value *a) { ((void (*)(void *, uint32_t, float))c)(x, a[0].i32, a[1].f32); }
static void tr_FF(void *c, void *x, awsm_value *a) { ((void (*)(void *, double, double))c)(x, a[0].f64, a[1].f64); }

static awsm_func spectest_funcs[] = {
    {":", (void *)print_, NULL, tr_, UINT32_MAX, 0, NULL},
    {"i:", (void *)print_i32, NULL, tr_i, UINT32_MAX, 0, NULL},
    {"I:", (void *)print_i64, NULL, tr_I, UINT32_MAX, 0, NULL},
    {"f:", (void *)print_f32, NULL, tr_f, UINT32_MAX, 0, NULL},
    {"F:", (void *)print_f64, NULL, tr_F, UINT32_MAX, 0, NULL},
    {"if:", (void *)print_i32_f32, NULL, tr_if, UINT32_MAX, 0, NULL},
    {"FF:", (void *)print_f64_f64, NULL, tr_FF, UINT32_MAX, 0, NULL},
};
static const char *const spectest_func_names[] = {"print",     "print_i32",     "print_i64",    "print_f32",
                                                  "print_f64", "print_i32_f32", "print_f64_f64"};

static awsm_value global_i32 = {.i32 = 666};
static awsm_value global_i64 = {.i64 = 666};
static awsm_value global_f32 = {.f32 = 666.6f};
static awsm_value global_f64 = {.f64 = 666.6};
static awsm_table *spectest_table;
static awsm_table *spectest_table64; /* the 3.0 suite's "table64": i64 10 20 funcref */
static awsm_memory *spectest_memory;
static awsm_memory *spectest_shared_memory;

static int name_is(const char *name, size_t len, const char *s) { return strlen(s) == len && memcmp(name, s, len) == 0; }

static int spectest_resolve(const char *name, size_t len, awsm_extern *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < sizeof spectest_func_names / sizeof spectest_func_names[0]; i++) {
    if (name_is(name, len, spectest_func_names[i])) {
      out->kind = AWSM_EXTERN_FUNC;
      out->u.func = &spectest_funcs[i];
      return 1;
    }
  }
  struct {
    const char *name;
    awsm_value *cell;
    uint32_t type;
  } globals[] = {{"global_i32", &global_i32, AWSM_T_I32},
                 {"global_i64", &global_i64, AWSM_T_I64},
                 {"global_f32", &global_f32, AWSM_T_F32},
                 {"global_f64", &global_f64, AWSM_T_F64}};
  for (size_t i = 0; i < 4; i++) {
    if (name_is(name, len, globals[i].name)) {
      out->kind = AWSM_EXTERN_GLOBAL;
      out->u.global.cell = globals[i].cell;
      out->u.global.type = globals[i].type;
      out->u.global.mutable_ = 0;
      return 1;
    }
  }
  awsm_error err;
  if (name_is(name, len, "table")) {
    if (spectest_table == NULL) spectest_table = awsm_table_new(AWSM_T_FUNCREF, 10, 1, 20, &err);
    out->kind = AWSM_EXTERN_TABLE;
    out->u.table = spectest_table;
    return spectest_table != NULL;
  }
  if (name_is(name, len, "table64")) {
    if (spectest_table64 == NULL) spectest_table64 = awsm_table_new64(AWSM_T_FUNCREF, 10, 1, 20, &err);
    out->kind = AWSM_EXTERN_TABLE;
    out->u.table = spectest_table64;
    return spectest_table64 != NULL;
  }
  if (name_is(name, len, "memory")) {
    if (spectest_memory == NULL) spectest_memory = awsm_memory_new(1, 1, 2, &err);
    out->kind = AWSM_EXTERN_MEMORY;
    out->u.memory = spectest_memory;
    return spectest_memory != NULL;
  }
  if (name_is(name, len, "shared_memory")) { /* the threads proposal's: (memory 1 2 shared) */
    awsm_memory_desc type = {1, 2, 1, AWSM_PAGE_SIZE_LOG2, 0, 1};
    if (spectest_shared_memory == NULL) spectest_shared_memory = awsm_memory_new_type(&type, &err);
    out->kind = AWSM_EXTERN_MEMORY;
    out->u.memory = spectest_shared_memory;
    return spectest_shared_memory != NULL;
  }
  return 0;
}

static awsm_instance *find_registered(const char *name, size_t len) {
  for (size_t i = num_regs; i-- > 0;)
    if (regs[i].len == len && memcmp(regs[i].name, name, len) == 0) return regs[i].inst;
  return NULL;
}

static int resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                   awsm_error *err) {
  (void)data;
  (void)importer;
  (void)err;
  awsm_instance *r = find_registered(imp->module, imp->module_len);
  if (r != NULL) return awsm_instance_export(r, imp->name, imp->name_len, out);
  if (name_is(imp->module, imp->module_len, "spectest")) return spectest_resolve(imp->name, imp->name_len, out);
  return 0;
}

/* ---- parsing ---- */

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Decodes NAMEHEX ("-" is empty) into a malloc'd buffer; NULL if malformed. */
static char *decode_name(const char *hex, size_t *len) {
  size_t n = strlen(hex);
  if (strcmp(hex, "-") == 0) n = 0;
  if (n % 2 != 0) return NULL;
  char *out = malloc(n / 2 + 1);
  if (out == NULL) return NULL;
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(out);
      return NULL;
    }
    out[i] = (char)(hi * 16 + lo);
  }
  out[n / 2] = '\0';
  *len = n / 2;
  return out;
}

static int parse_hex64(const char *s, size_t digits, uint64_t *out) {
  size_t n = strlen(s);
  if (n == 0 || n > digits) return 0;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = hexval(s[i]);
    if (d < 0) return 0;
    v = v << 4 | (uint64_t)d;
  }
  *out = v;
  return 1;
}

static char type_char(const char *type) {
  if (strcmp(type, "i32") == 0) return AWSM_T_I32;
  if (strcmp(type, "i64") == 0) return AWSM_T_I64;
  if (strcmp(type, "f32") == 0) return AWSM_T_F32;
  if (strcmp(type, "f64") == 0) return AWSM_T_F64;
  if (strcmp(type, "v128") == 0) return AWSM_T_V128;
  if (strcmp(type, "funcref") == 0 || strcmp(type, "nullfuncref") == 0) return AWSM_T_FUNCREF;
  if (strcmp(type, "externref") == 0 || strcmp(type, "nullexternref") == 0) return AWSM_T_EXTERNREF;
  if (strcmp(type, "exnref") == 0 || strcmp(type, "nullexnref") == 0) return AWSM_T_EXNREF;
  /* Every type of the GC (any) hierarchy travels as AWSM_T_ANYREF. */
  static const char *const any[] = {"anyref", "eqref", "i31ref", "structref", "arrayref", "nullref"};
  for (size_t i = 0; i < sizeof any / sizeof any[0]; i++)
    if (strcmp(type, any[i]) == 0) return AWSM_T_ANYREF;
  return 0;
}

/* A host value N: "N" in decimal, as the word N + 1 (so that ref.extern 0 is not null); 0 if malformed. */
static void *host_word(const char *payload) {
  char *end;
  unsigned long long n = strtoull(payload, &end, 10);
  if (*payload == '\0' || *end != '\0' || n >= UINTPTR_MAX) return NULL;
  return (void *)(uintptr_t)(n + 1);
}

/* Parses TYPE:PAYLOAD into *v; returns its type character, or 0. A host value as an anyref
 * (`anyref:N`, the spec's `ref.host N`) is boxed in the GC heap `heap`, as any.convert_extern
 * of the externref N would: the caller roots it until the call. */
static char parse_value(char *tok, awsm_value *v, awsm_gc_heap *heap) {
  char *colon = strchr(tok, ':');
  if (colon == NULL) return 0;
  *colon = '\0';
  const char *payload = colon + 1;
  char t = type_char(tok);
  memset(v, 0, sizeof *v);
  uint64_t x;
  switch (t) {
    case AWSM_T_I32:
    case AWSM_T_F32:
      if (!parse_hex64(payload, 8, &x)) return 0;
      v->i32 = (uint32_t)x;
      return t;
    case AWSM_T_I64:
    case AWSM_T_F64:
      if (!parse_hex64(payload, 16, &x)) return 0;
      v->i64 = x;
      return t;
    case AWSM_T_V128: {
      if (strlen(payload) != 32) return 0;
      for (int i = 0; i < 16; i++) {
        int hi = hexval(payload[2 * i]), lo = hexval(payload[2 * i + 1]);
        if (hi < 0 || lo < 0) return 0;
        v->v128[15 - i] = (uint8_t)(hi * 16 + lo);
      }
      return t;
    }
    case AWSM_T_EXNREF:
    case AWSM_T_FUNCREF:
      /* The harness can only pass null funcrefs (and exnrefs). */
      if (strcmp(payload, "null") != 0) return 0;
      v->ref = NULL;
      return t;
    case AWSM_T_EXTERNREF:
    case AWSM_T_ANYREF:
      if (strcmp(payload, "null") == 0) {
        v->ref = NULL;
        return t;
      }
      v->ref = host_word(payload);
      if (v->ref == NULL) return 0;
      if (t == AWSM_T_ANYREF) v->ref = awsm_gc_from_host(heap, v->ref);
      return t;
  }
  return 0;
}

/* Appends " TYPE:PAYLOAD" for v of type t. */
static void format_value(char *buf, size_t cap, size_t *pos, char t, const awsm_value *v) {
  int n = 0;
  switch (t) {
    case AWSM_T_I32: n = snprintf(buf + *pos, cap - *pos, " i32:%08" PRIx32, v->i32); break;
    case AWSM_T_F32: n = snprintf(buf + *pos, cap - *pos, " f32:%08" PRIx32, v->i32); break;
    case AWSM_T_I64: n = snprintf(buf + *pos, cap - *pos, " i64:%016" PRIx64, v->i64); break;
    case AWSM_T_F64: n = snprintf(buf + *pos, cap - *pos, " f64:%016" PRIx64, v->i64); break;
    case AWSM_T_V128: {
      n = snprintf(buf + *pos, cap - *pos, " v128:");
      for (int i = 15; i >= 0 && n > 0; i--) n += snprintf(buf + *pos + n, cap - *pos - (size_t)n, "%02x", v->v128[i]);
      break;
    }
    case AWSM_T_FUNCREF: n = snprintf(buf + *pos, cap - *pos, " funcref:%s", v->ref ? "nonnull" : "null"); break;
    case AWSM_T_EXNREF: n = snprintf(buf + *pos, cap - *pos, " exnref:%s", v->ref ? "nonnull" : "null"); break;
    case AWSM_T_EXTERNREF:
      if (v->ref == NULL)
        n = snprintf(buf + *pos, cap - *pos, " externref:null");
      else
        n = snprintf(buf + *pos, cap - *pos, " externref:%" PRIuPTR, (uintptr_t)v->ref - 1);
      break;
    case AWSM_T_ANYREF: {
      /* What the reference is, for values.ts to judge against abstract types: i31ref:V,
       * structref:nonnull, arrayref:nonnull, a host value anyref:N, or anyref:null. */
      void *host;
      switch (awsm_gc_kind_of(v->ref)) {
        case AWSM_GC_NULL: n = snprintf(buf + *pos, cap - *pos, " anyref:null"); break;
        case AWSM_GC_I31: n = snprintf(buf + *pos, cap - *pos, " i31ref:%" PRIu32, awsm_gc_i31_get_u(v->ref)); break;
        case AWSM_GC_STRUCT: n = snprintf(buf + *pos, cap - *pos, " structref:nonnull"); break;
        case AWSM_GC_ARRAY: n = snprintf(buf + *pos, cap - *pos, " arrayref:nonnull"); break;
        case AWSM_GC_HOST:
          if (awsm_gc_host_value(v->ref, &host) && host != NULL)
            n = snprintf(buf + *pos, cap - *pos, " anyref:%" PRIuPTR, (uintptr_t)host - 1);
          else
            n = snprintf(buf + *pos, cap - *pos, " anyref:badhost");
          break;
      }
      break;
    }
    default: n = snprintf(buf + *pos, cap - *pos, " unknown:%c", t);
  }
  if (n > 0) *pos += (size_t)n;
  if (*pos >= cap) *pos = cap - 1;
}

/* ---- commands ---- */

static awsm_instance *instance_by_id(const char *id) {
  char *end;
  unsigned long n = strtoul(id, &end, 10);
  if (*id == '\0' || *end != '\0' || n >= num_slots) return NULL;
  return slots[n];
}

static void cmd_load(const char *path) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    reply("error %s", dlerror());
    return;
  }
  libs = grow_array(libs, num_libs + 1, sizeof *libs);
  libs[num_libs++] = h;
  reply("ok");
}

static void cmd_instantiate(const char *id, const char *modsym) {
  char *end;
  unsigned long n = strtoul(id, &end, 10);
  if (*id == '\0' || *end != '\0' || n > 10000000ul) {
    reply("error bad instance id %s", id);
    return;
  }
  size_t symlen = strlen(modsym) + sizeof "_module";
  char *sym = malloc(symlen);
  if (sym == NULL) {
    reply("error out of memory");
    return;
  }
  snprintf(sym, symlen, "%s_module", modsym);
  const awsm_module_desc *desc = NULL;
  for (size_t i = num_libs; i-- > 0 && desc == NULL;) desc = dlsym(libs[i], sym);
  if (desc == NULL) {
    reply("error no symbol %s in the loaded libraries", sym);
    free(sym);
    return;
  }
  free(sym);
  if (n >= num_slots) {
    size_t want = n + 1;
    slots = grow_array(slots, want, sizeof *slots);
    for (size_t i = num_slots; i < want; i++) slots[i] = NULL;
    num_slots = want;
  }
  awsm_options o = {0};
  o.resolve = resolve;
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(desc, &o, &err);
  if (inst != NULL) {
    remember(inst);
    slots[n] = inst;
    reply("ok");
    return;
  }
  slots[n] = NULL;
  if (err.instance != NULL) remember(err.instance); /* may still be referenced from imported tables */
  switch (err.kind) {
    case AWSM_ERR_LINK: reply("unlinkable %s", err.message); break;
    case AWSM_ERR_TRAP:
    case AWSM_ERR_EXIT: reply("trap %s", err.message); break;
    case AWSM_ERR_EXCEPTION: reply("exception %s", err.message); break;
    default: reply("error %s", err.message);
  }
}

static void cmd_register(const char *id, const char *namehex) {
  awsm_instance *inst = instance_by_id(id);
  size_t len;
  char *name = decode_name(namehex, &len);
  if (inst == NULL || name == NULL) {
    free(name);
    reply("error %s", inst == NULL ? "no such instance" : "bad name");
    return;
  }
  regs = grow_array(regs, num_regs + 1, sizeof *regs);
  regs[num_regs].name = name;
  regs[num_regs].len = len;
  regs[num_regs].inst = inst;
  num_regs++;
  reply("ok");
}

static int lookup_export(const char *id, const char *namehex, awsm_instance **inst, awsm_extern *ext) {
  *inst = instance_by_id(id);
  if (*inst == NULL) {
    reply("error no such instance %s", id);
    return 0;
  }
  size_t len;
  char *name = decode_name(namehex, &len);
  if (name == NULL) {
    reply("error bad name %s", namehex);
    return 0;
  }
  int found = awsm_instance_export(*inst, name, len, ext);
  free(name);
  if (!found) {
    reply("error no export %s", namehex);
    return 0;
  }
  return 1;
}

static void cmd_invoke(const char *id, const char *namehex, char **args, size_t nargs) {
  awsm_instance *inst;
  awsm_extern ext;
  if (!lookup_export(id, namehex, &inst, &ext)) return;
  if (ext.kind != AWSM_EXTERN_FUNC) {
    reply("error export %s is not a function", namehex);
    return;
  }
  const char *sig = ext.u.func->sig;
  uint32_t np = awsm_sig_params(sig), nr = awsm_sig_results(sig);
  if (nargs != np) {
    reply("error %s takes %u arguments, got %zu", namehex, np, nargs);
    return;
  }
  size_t n = np > nr ? np : nr;
  awsm_value *vals = calloc(n ? n : 1, sizeof *vals);
  if (vals == NULL) {
    reply("error out of memory");
    return;
  }
  /* Host values boxed as anyrefs are rooted by handles until the call has them: vals is on
   * the C heap, which the collector does not scan, and the next box may collect. */
  awsm_gc_heap *heap = awsm_instance_gc_heap(inst);
  if (heap == NULL) heap = awsm_gc_default_heap();
  awsm_gc_handle **roots = calloc(nargs ? nargs : 1, sizeof *roots);
  if (roots == NULL) {
    reply("error out of memory");
    free(vals);
    return;
  }
  int bad = 0;
  for (size_t i = 0; i < nargs && !bad; i++) {
    char t = parse_value(args[i], &vals[i], heap);
    if (t == 0 || t != sig[i]) {
      reply("error argument %zu does not match signature %s", i + 1, sig);
      bad = 1;
    } else if (t == AWSM_T_ANYREF && vals[i].ref != NULL) {
      roots[i] = awsm_gc_root(heap, vals[i].ref);
    }
  }
  awsm_error err;
  int failed = bad || awsm_call(inst, ext.u.func, vals, &err) != 0;
  for (size_t i = 0; i < nargs; i++)
    if (roots[i] != NULL) awsm_gc_unroot(roots[i]);
  free(roots);
  if (bad) {
    free(vals);
    return;
  }
  if (failed) {
    if (err.kind == AWSM_ERR_TRAP || err.kind == AWSM_ERR_EXIT)
      reply("trap %s", err.message);
    else if (err.kind == AWSM_ERR_EXCEPTION)
      reply("exception %s", err.message);
    else
      reply("error %s", err.message);
    free(vals);
    return;
  }
  char buf[4096] = "ok";
  size_t pos = 2;
  const char *results = sig + np + 1;
  for (uint32_t i = 0; i < nr; i++) format_value(buf, sizeof buf, &pos, results[i], &vals[i]);
  reply("%s", buf);
  free(vals);
}

static void cmd_get(const char *id, const char *namehex) {
  awsm_instance *inst;
  awsm_extern ext;
  if (!lookup_export(id, namehex, &inst, &ext)) return;
  if (ext.kind != AWSM_EXTERN_GLOBAL) {
    reply("error export %s is not a global", namehex);
    return;
  }
  char buf[256] = "ok";
  size_t pos = 2;
  format_value(buf, sizeof buf, &pos, (char)ext.u.global.type, ext.u.global.cell);
  reply("%s", buf);
}

static void shutdown_host(void) {
  for (size_t i = num_all; i-- > 0;) awsm_instance_free(all[i]);
  awsm_table_free(spectest_table);
  awsm_table_free(spectest_table64);
  awsm_memory_free(spectest_memory);
  awsm_memory_free(spectest_shared_memory);
  for (size_t i = 0; i < num_regs; i++) free(regs[i].name);
  free(regs);
  free(all);
  free(slots);
  free(libs); /* libraries stay loaded: unloading code is pointless at exit */
}

int main(void) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  enum { MAX_TOKENS = 4096 };
  char **tok = malloc(MAX_TOKENS * sizeof *tok);
  if (tok == NULL) return 1;
  while ((len = getline(&line, &cap, stdin)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (strncmp(line, "load ", 5) == 0) {
      cmd_load(line + 5);
      continue;
    }
    size_t nt = 0;
    for (char *p = strtok(line, " "); p != NULL && nt < MAX_TOKENS; p = strtok(NULL, " ")) tok[nt++] = p;
    if (nt == 0) {
      reply("error empty request");
      continue;
    }
    const char *cmd = tok[0];
    if (strcmp(cmd, "quit") == 0) break;
    if (strcmp(cmd, "instantiate") == 0 && nt == 3)
      cmd_instantiate(tok[1], tok[2]);
    else if (strcmp(cmd, "register") == 0 && nt == 3)
      cmd_register(tok[1], tok[2]);
    else if (strcmp(cmd, "invoke") == 0 && nt >= 3)
      cmd_invoke(tok[1], tok[2], tok + 3, nt - 3);
    else if (strcmp(cmd, "get") == 0 && nt == 3)
      cmd_get(tok[1], tok[2]);
    else
      reply("error unknown request %s", cmd);
  }
  free(line);
  free(tok);
  shutdown_host();
  return 0;
}
