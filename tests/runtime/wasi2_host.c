/*
 * wasi2_host.c — runs tests/runtime/wasi2_guest.wat compiled by awsm (--name=wasi2_guest) with
 * the WASI 0.2 host as a component runner would: every import is looked up with
 * awsm_wasi2_lookup (its module is the interface, its name the function) and bound to a host
 * function object whose ctx is the canonical options; the options get the instance's memory and
 * cabi_realloc once it exists, then `run` is called. Generated code calls the host functions
 * directly, as it calls any import (tests/e2e/wasi2.test.ts).
 *
 *   wasi2_host DIR ARGS...   DIR: preopened as "/"; ARGS: the guest's arguments
 *
 * Exit status: the guest's exit status; 134 after "awsm: trap: MESSAGE" for a trap.
 */
#include <stdio.h>
#include <string.h>

#include "awsm.h"
#include "awsm_wasi2.h"

AWSM_MODULE(wasi2_guest);

static awsm_canon_opts opts;

static int resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                   awsm_error *err) {
  (void)data;
  (void)err;
  char iface[256], name[256];
  if (imp->module_len >= sizeof iface || imp->name_len >= sizeof name || imp->kind != AWSM_EXTERN_FUNC) return 0;
  memcpy(iface, imp->module, imp->module_len);
  iface[imp->module_len] = '\0';
  memcpy(name, imp->name, imp->name_len);
  name[imp->name_len] = '\0';
  awsm_wasi2_func f;
  if (awsm_wasi2_lookup(iface, name, &f) != 0) return 0;
  awsm_func *fn = awsm_instance_host_func(importer, f.sig, f.code, f.tramp, &opts);
  if (fn == NULL) return 0;
  memset(out, 0, sizeof *out);
  out->kind = AWSM_EXTERN_FUNC;
  out->u.func = fn;
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wasi2_host DIR ARGS...\n");
    return 2;
  }
  awsm_error err;
  awsm_wasi *base = awsm_wasi_new(argc - 2, (const char *const *)argv + 2, 0, NULL);
  if (base == NULL || awsm_wasi_preopen_dir(base, argv[1], "/", &err) < 0) {
    fprintf(stderr, "awsm: %s\n", base == NULL ? "out of memory" : err.message);
    return 1;
  }
  awsm_wasi2 *w = awsm_wasi2_new(base, &err);
  if (w == NULL) {
    fprintf(stderr, "awsm: %s\n", err.message);
    return 1;
  }
  opts.wasi = w;
  opts.string_encoding = AWSM_CANON_UTF8;
  awsm_options o = {.resolve = resolve};
  awsm_instance *inst = awsm_instantiate(&wasi2_guest_module, &o, &err);
  if (inst == NULL) {
    fprintf(stderr, "awsm: %s\n", err.message);
    return 1;
  }
  opts.memory = awsm_instance_export_memory(inst, "memory");
  opts.realloc = awsm_instance_export_func(inst, "cabi_realloc");
  opts.realloc_instance = inst;
  int status = 0;
  if (awsm_call_export(inst, "run", NULL, 0, NULL, 0, &err) != 0) {
    if (err.kind == AWSM_ERR_EXIT) {
      status = err.exit_status;
    } else {
      fflush(stdout);
      fprintf(stderr, "awsm: trap: %s\n", err.message);
      status = 134;
    }
  }
  awsm_instance_free(inst);
  awsm_wasi2_free(w);
  awsm_wasi_free(base);
  return status;
}
