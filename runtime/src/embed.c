/*
 * embed.c — conveniences of the embedding API: exports by NUL-terminated name and kind,
 * memories by index, calls by export name with awsm_value arrays (awsm_call_export) or C
 * arguments (awsm_callf). Everything here is built on awsm_instance_export and awsm_call.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int export_of(awsm_instance *inst, const char *name, uint32_t kind, awsm_extern *out) {
  return inst != NULL && name != NULL && awsm_instance_export(inst, name, strlen(name), out) && out->kind == kind;
}

awsm_func *awsm_instance_export_func(awsm_instance *inst, const char *name) {
  awsm_extern e;
  return export_of(inst, name, AWSM_EXTERN_FUNC, &e) ? e.u.func : NULL;
}

awsm_memory *awsm_instance_export_memory(awsm_instance *inst, const char *name) {
  awsm_extern e;
  return export_of(inst, name, AWSM_EXTERN_MEMORY, &e) ? e.u.memory : NULL;
}

awsm_tag *awsm_instance_export_tag(awsm_instance *inst, const char *name) {
  awsm_extern e;
  return export_of(inst, name, AWSM_EXTERN_TAG, &e) ? e.u.tag : NULL;
}

awsm_table *awsm_instance_export_table(awsm_instance *inst, const char *name) {
  awsm_extern e;
  return export_of(inst, name, AWSM_EXTERN_TABLE, &e) ? e.u.table : NULL;
}

awsm_value *awsm_instance_export_global(awsm_instance *inst, const char *name, uint32_t *type, uint32_t *mutable_) {
  awsm_extern e;
  if (!export_of(inst, name, AWSM_EXTERN_GLOBAL, &e)) return NULL;
  if (type != NULL) *type = e.u.global.type;
  if (mutable_ != NULL) *mutable_ = e.u.global.mutable_;
  return e.u.global.cell;
}

awsm_memory *awsm_instance_memory(awsm_instance *inst, uint32_t index) {
  if (inst == NULL || index >= inst->module->num_memories) return NULL;
  return inst->memories[index];
}

/* The function export `name`, or NULL with an AWSM_ERR_INVALID message. */
static awsm_func *find_func(awsm_instance *inst, const char *name, awsm_error *err) {
  rt_error_clear(err);
  awsm_func *f = awsm_instance_export_func(inst, name);
  if (f == NULL) {
    size_t pos = 0;
    err->kind = AWSM_ERR_INVALID;
    rt_append(err->message, sizeof err->message, &pos, "no function export \"");
    if (name != NULL) rt_append_escaped(err->message, sizeof err->message, &pos, name, strlen(name));
    rt_append(err->message, sizeof err->message, &pos, "\"");
  }
  return f;
}

int awsm_call_export(awsm_instance *inst, const char *name, const awsm_value *args, size_t nargs,
                     awsm_value *results, size_t nresults, awsm_error *err) {
  awsm_func *f = find_func(inst, name, err);
  if (f == NULL) return -1;
  uint32_t np = awsm_sig_params(f->sig), nr = awsm_sig_results(f->sig);
  if (nargs != np || nresults < nr) {
    rt_error_set(err, AWSM_ERR_INVALID, "export \"%s\" has signature %s: %u parameters and %u results, got %zu and room for %zu",
                 name, f->sig, np, nr, nargs, nresults);
    return -1;
  }
  awsm_value small[8];
  size_t n = np > nr ? np : nr;
  awsm_value *v = n <= 8 ? small : malloc(n * sizeof *v);
  if (v == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  if (np != 0) memcpy(v, args, np * sizeof *v);
  int rc = awsm_call(inst, f, v, err);
  if (rc == 0 && nr != 0) memcpy(results, v, nr * sizeof *v);
  if (v != small) free(v);
  return rc;
}

int awsm_callf(awsm_instance *inst, const char *name, awsm_error *err, ...) {
  awsm_func *f = find_func(inst, name, err);
  if (f == NULL) return -1;
  const char *sig = f->sig;
  if (strchr(sig, AWSM_T_V128) != NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "awsm_callf: export \"%s\" has v128 in its signature %s (use awsm_call_export)",
                 name, sig);
    return -1;
  }
  uint32_t np = awsm_sig_params(sig), nr = awsm_sig_results(sig);
  awsm_value small[8];
  size_t n = np > nr ? np : nr;
  awsm_value *v = n <= 8 ? small : calloc(n, sizeof *v);
  if (v == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  va_list ap;
  va_start(ap, err);
  for (uint32_t i = 0; i < np; i++) {
    memset(&v[i], 0, sizeof v[i]);
    switch (sig[i]) {
      case AWSM_T_I32: v[i].i32 = va_arg(ap, uint32_t); break;
      case AWSM_T_I64: v[i].i64 = va_arg(ap, uint64_t); break;
      case AWSM_T_F32: v[i].f32 = (float)va_arg(ap, double); break;
      case AWSM_T_F64: v[i].f64 = va_arg(ap, double); break;
      default: v[i].ref = va_arg(ap, void *); break;
    }
  }
  int rc = awsm_call(inst, f, v, err);
  const char *res = sig + np + 1;
  for (uint32_t i = 0; i < nr; i++) {
    void *out = va_arg(ap, void *);
    if (rc != 0 || out == NULL) continue;
    switch (res[i]) {
      case AWSM_T_I32: *(uint32_t *)out = v[i].i32; break;
      case AWSM_T_I64: *(uint64_t *)out = v[i].i64; break;
      case AWSM_T_F32: *(float *)out = v[i].f32; break;
      case AWSM_T_F64: *(double *)out = v[i].f64; break;
      default: *(void **)out = v[i].ref; break;
    }
  }
  va_end(ap);
  if (v != small) free(v);
  return rc;
}
