/*
 * module.c — modules loaded from shared libraries.
 *
 * `awsm compile --emit=shared --name=NAME` makes a library whose only global symbol is the
 * descriptor NAME_module (everything else is internal; Wasm names never become symbols) and
 * whose undefined symbols are the runtime's (awsm_trap, awsm_memory_grow, ...), provided by
 * the program that loads it. awsm_module_open dlopens it with RTLD_NOW (every runtime symbol
 * must resolve now, not at the first trap) and RTLD_LOCAL (two libraries never see each
 * other's symbols), and checks the descriptor.
 *
 * awsm_module_instantiate counts the live instances of a module so that awsm_module_close
 * refuses to unload code that instances still run.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct awsm_module {
  void *handle;
  const awsm_module_desc *desc;
  uint64_t live; /* atomic: instances made by awsm_module_instantiate, not yet freed */
};

awsm_module *awsm_module_open(const char *path, const char *name, awsm_error *err) {
  rt_error_clear(err);
  if (path == NULL || name == NULL || !rt_valid_name(name) || strlen(name) > 200) {
    size_t pos = 0;
    err->kind = AWSM_ERR_INVALID;
    rt_append(err->message, sizeof err->message, &pos, "invalid module name \"");
    if (name != NULL) rt_append_escaped(err->message, sizeof err->message, &pos, name, strnlen(name, 200));
    rt_append(err->message, sizeof err->message, &pos, "\" (it must match [A-Za-z_][A-Za-z0-9_]*)");
    return NULL;
  }
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    const char *why = dlerror();
    rt_error_set(err, AWSM_ERR_RESOURCE, "cannot load %s: %s", path, why ? why : "unknown error");
    return NULL;
  }
  char sym[256];
  snprintf(sym, sizeof sym, "%s_module", name);
  const awsm_module_desc *desc = dlsym(h, sym);
  if (desc == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "%s has no module descriptor %s (was it compiled with --name=%s?)", path, sym,
                 name);
    dlclose(h);
    return NULL;
  }
  if (desc->abi_version != AWSM_ABI_VERSION) {
    rt_error_set(err, AWSM_ERR_INVALID, "%s: module descriptor has ABI version %u, the runtime expects %u", path,
                 desc->abi_version, AWSM_ABI_VERSION);
    dlclose(h);
    return NULL;
  }
  awsm_module *m = calloc(1, sizeof *m);
  if (m == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    dlclose(h);
    return NULL;
  }
  m->handle = h;
  m->desc = desc;
  return m;
}

const awsm_module_desc *awsm_module_descriptor(const awsm_module *m) { return m == NULL ? NULL : m->desc; }

awsm_instance *awsm_module_instantiate(awsm_module *m, const awsm_options *opts, awsm_error *err) {
  if (m == NULL) {
    rt_error_clear(err);
    rt_error_set(err, AWSM_ERR_INVALID, "no module");
    return NULL;
  }
  awsm_instance *inst = awsm_instantiate(m->desc, opts, err);
  /* A failed initialisation hands its instance to the caller: it counts too. */
  awsm_instance *counted = inst != NULL ? inst : err->instance;
  if (counted != NULL) {
    __atomic_add_fetch(&m->live, 1, __ATOMIC_RELAXED);
    rt_of(counted)->lib = m;
  }
  return inst;
}

void rt_module_release(awsm_module *m) { __atomic_sub_fetch(&m->live, 1, __ATOMIC_RELEASE); }

int awsm_module_close(awsm_module *m) {
  if (m == NULL) return 0;
  if (__atomic_load_n(&m->live, __ATOMIC_ACQUIRE) != 0) return -1;
  dlclose(m->handle);
  free(m);
  return 0;
}
