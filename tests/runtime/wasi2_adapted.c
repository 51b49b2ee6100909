/*
 * wasi2_adapted.c — runs a WASI preview1 program wrapped as a 0.2 component with the jco
 * adapter (wasm-tools component new --adapt) on the awsm WASI 0.2 host, its two core modules
 * compiled by awsm (--name=adapted_main: the program; --name=adapted_adapter: the adapter,
 * from `wasm-tools component unbundle`) and wired by hand, until awsm runs components itself
 * (the component runner, issue 20). tests/e2e/wasi2-adapter.test.ts compares its output with
 * wasmtime's for the same component.
 *
 * The component's own wiring (a shim module of indirect calls and a fixup module that fills
 * its table) breaks the cycle between the program, which imports wasi_snapshot_preview1 from
 * the adapter, and the adapter, which imports the program's memory. Here host functions break
 * it instead: each preview1 import of the program is a forwarder that calls the adapter's
 * export of that name (awsm_call, once the adapter exists). The adapter's WASI 0.2 imports
 * are bound through awsm_wasi2_lookup with the canonical options of the component's `canon
 * lower`s: the program's memory, the adapter's cabi_import_realloc, UTF-8. Then the adapter's
 * wasi:cli/run export runs the program.
 *
 *   wasi2_adapted [-e NAME=VALUE]... [-d HOST::GUEST]... -- ARGS...
 *
 * Exit status: the program's (exit), 0 or 1 from run's result; 134 after "awsm: trap: ..." for a trap.
 */
#include <stdio.h>
#include <string.h>

#include "awsm.h"
#include "awsm_wasi2.h"

AWSM_MODULE(adapted_main);
AWSM_MODULE(adapted_adapter);

static awsm_canon_opts opts;
static awsm_instance *adapter, *program;

/* A preview1 import of the program: the adapter's export it calls. */
typedef struct forwarder {
  char name[64];
  awsm_func *target;
} forwarder;
static forwarder forwarders[64];
static size_t nforwarders;

static void forward(forwarder *f, awsm_value *a) {
  awsm_error err;
  if (awsm_call(adapter, f->target, a, &err) != 0) awsm_trap_error(NULL, &err);
}

/* One forwarder per preview1 signature (generated shapes). */
static uint32_t fw__i(forwarder *f) {
  awsm_value v[1] = {awsm_i32(0)};
  forward(f, v);
  return v[0].i32;
}
static void fw_i_(forwarder *f, uint32_t a0) {
  awsm_value v[1] = {awsm_i32((int32_t)a0)};
  forward(f, v);
}
static uint32_t fw_i_i(forwarder *f, uint32_t a0) {
  awsm_value v[1] = {awsm_i32((int32_t)a0)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iI_i(forwarder *f, uint32_t a0, uint64_t a1) {
  awsm_value v[2] = {awsm_i32((int32_t)a0), awsm_i64((int64_t)a1)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iII_i(forwarder *f, uint32_t a0, uint64_t a1, uint64_t a2) {
  awsm_value v[3] = {awsm_i32((int32_t)a0), awsm_i64((int64_t)a1), awsm_i64((int64_t)a2)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iIIi_i(forwarder *f, uint32_t a0, uint64_t a1, uint64_t a2, uint32_t a3) {
  awsm_value v[4] = {awsm_i32((int32_t)a0), awsm_i64((int64_t)a1), awsm_i64((int64_t)a2), awsm_i32((int32_t)a3)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iIi_i(forwarder *f, uint32_t a0, uint64_t a1, uint32_t a2) {
  awsm_value v[3] = {awsm_i32((int32_t)a0), awsm_i64((int64_t)a1), awsm_i32((int32_t)a2)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iIii_i(forwarder *f, uint32_t a0, uint64_t a1, uint32_t a2, uint32_t a3) {
  awsm_value v[4] = {awsm_i32((int32_t)a0), awsm_i64((int64_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_ii_i(forwarder *f, uint32_t a0, uint32_t a1) {
  awsm_value v[2] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iii_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2) {
  awsm_value v[3] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiiIi_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint64_t a3, uint32_t a4) {
  awsm_value v[5] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i64((int64_t)a3), awsm_i32((int32_t)a4)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiii_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  awsm_value v[4] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiiiIIi_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint64_t a4, uint64_t a5, uint32_t a6) {
  awsm_value v[7] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3), awsm_i64((int64_t)a4), awsm_i64((int64_t)a5), awsm_i32((int32_t)a6)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiiii_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4) {
  awsm_value v[5] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3), awsm_i32((int32_t)a4)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiiiiIIii_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint64_t a5, uint64_t a6, uint32_t a7, uint32_t a8) {
  awsm_value v[9] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3), awsm_i32((int32_t)a4), awsm_i64((int64_t)a5), awsm_i64((int64_t)a6), awsm_i32((int32_t)a7), awsm_i32((int32_t)a8)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiiiii_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5) {
  awsm_value v[6] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3), awsm_i32((int32_t)a4), awsm_i32((int32_t)a5)};
  forward(f, v);
  return v[0].i32;
}
static uint32_t fw_iiiiiii_i(forwarder *f, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6) {
  awsm_value v[7] = {awsm_i32((int32_t)a0), awsm_i32((int32_t)a1), awsm_i32((int32_t)a2), awsm_i32((int32_t)a3), awsm_i32((int32_t)a4), awsm_i32((int32_t)a5), awsm_i32((int32_t)a6)};
  forward(f, v);
  return v[0].i32;
}

static const struct {
  const char *sig;
  void *code;
} forward_fns[] = {
    {":i", (void *)fw__i},
    {"i:", (void *)fw_i_},
    {"i:i", (void *)fw_i_i},
    {"iI:i", (void *)fw_iI_i},
    {"iII:i", (void *)fw_iII_i},
    {"iIIi:i", (void *)fw_iIIi_i},
    {"iIi:i", (void *)fw_iIi_i},
    {"iIii:i", (void *)fw_iIii_i},
    {"ii:i", (void *)fw_ii_i},
    {"iii:i", (void *)fw_iii_i},
    {"iiiIi:i", (void *)fw_iiiIi_i},
    {"iiii:i", (void *)fw_iiii_i},
    {"iiiiIIi:i", (void *)fw_iiiiIIi_i},
    {"iiiii:i", (void *)fw_iiiii_i},
    {"iiiiiIIii:i", (void *)fw_iiiiiIIii_i},
    {"iiiiii:i", (void *)fw_iiiiii_i},
    {"iiiiiii:i", (void *)fw_iiiiiii_i},
};

/* Generated code calls host functions directly; a trampoline is needed only to make the
 * object when the generic one does not cover the signature, and is never called here. */
static void unused_tramp(void *code, void *ctx, awsm_value *a) {
  (void)code, (void)ctx, (void)a;
}

static int resolve_program(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                           awsm_error *err) {
  (void)data, (void)err;
  const char *sig = importer->module->funcs[imp->index].sig;
  if (imp->kind != AWSM_EXTERN_FUNC || nforwarders == sizeof forwarders / sizeof forwarders[0]) return 0;
  forwarder *f = &forwarders[nforwarders];
  snprintf(f->name, sizeof f->name, "%.*s", (int)imp->name_len, imp->name);
  for (size_t i = 0; i < sizeof forward_fns / sizeof forward_fns[0]; i++) {
    if (strcmp(forward_fns[i].sig, sig) != 0) continue;
    awsm_trampoline t = awsm_host_trampoline(sig);
    memset(out, 0, sizeof *out);
    out->kind = AWSM_EXTERN_FUNC;
    out->u.func = awsm_instance_host_func(importer, sig, forward_fns[i].code, t != NULL ? t : unused_tramp, f);
    nforwarders++;
    return out->u.func != NULL;
  }
  return 0;
}

static int resolve_adapter(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                           awsm_error *err) {
  (void)data, (void)err;
  char module[256], name[256];
  snprintf(module, sizeof module, "%.*s", (int)imp->module_len, imp->module);
  snprintf(name, sizeof name, "%.*s", (int)imp->name_len, imp->name);
  memset(out, 0, sizeof *out);
  if (strcmp(module, "env") == 0 && strcmp(name, "memory") == 0) {
    out->kind = AWSM_EXTERN_MEMORY;
    out->instance = program;
    out->u.memory = awsm_instance_export_memory(program, "memory");
    return out->u.memory != NULL;
  }
  if (strcmp(module, "__main_module__") == 0) {
    out->kind = AWSM_EXTERN_FUNC;
    out->instance = program;
    out->u.func = awsm_instance_export_func(program, name);
    return out->u.func != NULL;
  }
  awsm_wasi2_func f;
  if (awsm_wasi2_lookup(module, name, &f) != 0) return 0;
  out->kind = AWSM_EXTERN_FUNC;
  out->u.func = awsm_instance_host_func(importer, f.sig, f.code, f.tramp, &opts);
  return out->u.func != NULL;
}

int main(int argc, char **argv) {
  const char *env[32], *dirs[8];
  int nenv = 0, ndirs = 0, i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "-e") == 0 && i + 1 < argc && nenv < 32) env[nenv++] = argv[++i];
    else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc && ndirs < 8) dirs[ndirs++] = argv[++i];
    else {
      fprintf(stderr, "usage: wasi2_adapted [-e NAME=VALUE]... [-d HOST::GUEST]... -- ARGS...\n");
      return 2;
    }
  }
  i += i < argc;
  awsm_error err;
  awsm_wasi *base = awsm_wasi_new(argc - i, (const char *const *)argv + i, nenv, env);
  for (int k = 0; base != NULL && k < ndirs; k++) {
    char host[1024];
    const char *sep = strstr(dirs[k], "::");
    snprintf(host, sizeof host, "%.*s", sep != NULL ? (int)(sep - dirs[k]) : (int)strlen(dirs[k]), dirs[k]);
    if (awsm_wasi_preopen_dir(base, host, sep != NULL ? sep + 2 : host, &err) < 0) {
      fprintf(stderr, "awsm: %s\n", err.message);
      return 1;
    }
  }
  awsm_wasi2 *w = base != NULL ? awsm_wasi2_new(base, &err) : NULL;
  awsm_options po = {.resolve = resolve_program}, ao = {.resolve = resolve_adapter};
  if (w == NULL || (program = awsm_instantiate(&adapted_main_module, &po, &err)) == NULL ||
      (adapter = awsm_instantiate(&adapted_adapter_module, &ao, &err)) == NULL) {
    fprintf(stderr, "awsm: %s\n", base == NULL ? "out of memory" : err.message);
    return 1;
  }
  for (size_t k = 0; k < nforwarders; k++) {
    forwarders[k].target = awsm_instance_export_func(adapter, forwarders[k].name);
    if (forwarders[k].target == NULL) {
      fprintf(stderr, "awsm: the adapter does not export %s\n", forwarders[k].name);
      return 1;
    }
  }
  opts = (awsm_canon_opts){.wasi = w,
                           .memory = awsm_instance_export_memory(program, "memory"),
                           .realloc_instance = adapter,
                           .realloc = awsm_instance_export_func(adapter, "cabi_import_realloc"),
                           .string_encoding = AWSM_CANON_UTF8};
  awsm_value r[1];
  int rc = awsm_call_export(adapter, "wasi:cli/run@0.2.12#run", NULL, 0, r, 1, &err);
  fflush(stdout);
  int status = rc == 0 ? (int)(r[0].i32 != 0) : err.kind == AWSM_ERR_EXIT ? err.exit_status : 134;
  if (rc != 0 && err.kind != AWSM_ERR_EXIT) fprintf(stderr, "awsm: trap: %s\n", err.message);
  awsm_instance_free(adapter);
  awsm_instance_free(program);
  awsm_wasi2_free(w);
  awsm_wasi_free(base);
  return status;
}
