/*
 * component_call.c — calling a component's exports with typed values (awsm_component.h,
 * docs/embedding.md "Components"): awsm_component_call lowers the arguments (canon.c) into
 * the component's memory, flat or spilled through its realloc, calls the lifted core
 * function, lifts its result (flat, or from the return area it points to) with the ABI's
 * checks, then calls post-return with the core results. A trap, in the component or in
 * lifting, leaves the instance unusable (the canonical ABI's may-enter flag: later calls are
 * refused), as wasmtime does.
 *
 * awsm_component_invoke is what runtime/main.c runs for AWSM_INVOKE (`awsm run --invoke`):
 * one call in WAVE, its result printed in WAVE; or, for "-", calls read line by line from
 * descriptor 3 and answered there, which the TypeScript API's component instances use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canon.h"
#include "internal.h"

#define NONE AWSM_COMPONENT_NONE

const awsm_component_export *awsm_component_find(const awsm_component_desc *d, const char *name) {
  const awsm_component_export *found = NULL;
  for (uint32_t i = 0; i < d->num_exports; i++)
    if (strcmp(d->exports[i].name, name) == 0) return &d->exports[i];
  if (strchr(name, '#') != NULL) return NULL;
  for (uint32_t i = 0; i < d->num_exports; i++) {
    const char *h = strrchr(d->exports[i].name, '#');
    if (h != NULL && strcmp(h + 1, name) == 0) {
      if (found != NULL) return NULL; /* ambiguous */
      found = &d->exports[i];
    }
  }
  return found;
}

/* Binds the canonical options of f into cx: 0, or -1 with err set. */
static int bind_options(awsm_component *c, const awsm_component_export *f, canon_cx *cx, awsm_error *err) {
  awsm_extern e;
  memset(cx, 0, sizeof *cx);
  cx->d = c->d;
  cx->comp = c;
  cx->err = err;
  cx->encoding = f->string_encoding;
  cx->ci = f->cinst;
  if (f->memory.instance != NONE) {
    if (!canon_export_of(c, &f->memory, AWSM_EXTERN_MEMORY, &e, err)) return -1;
    cx->mem = e.u.memory;
  }
  if (f->realloc.instance != NONE) {
    if (!canon_export_of(c, &f->realloc, AWSM_EXTERN_FUNC, &e, err)) return -1;
    cx->realloc = e.u.func;
    cx->realloc_instance = e.instance;
  }
  return 0;
}

/* The parameters as one tuple in memory (more than 16 flat values): vals[0] is its pointer. */
static int spill_params(canon_cx *cx, const awsm_component_export *f, const awsm_cval *args, awsm_value *vals) {
  uint32_t align = 1, size = 0;
  for (uint32_t i = 0; i < f->num_params; i++) {
    uint32_t a = canon_align(cx->d, f->params[i]);
    if (a > align) align = a;
    size = (size + a - 1) / a * a + canon_size(cx->d, f->params[i]);
  }
  uint32_t ptr, off = 0;
  if (canon_alloc(cx, align, size, &ptr) != 0) return -1;
  for (uint32_t i = 0; i < f->num_params; i++) {
    uint32_t a = canon_align(cx->d, f->params[i]);
    off = (off + a - 1) / a * a;
    if (canon_store(cx, f->params[i], &args[i], ptr + off) != 0) return -1;
    off += canon_size(cx->d, f->params[i]);
  }
  vals[0] = awsm_i32((int32_t)ptr);
  return 0;
}

int awsm_component_call(awsm_component *c, const char *name, const awsm_cval *args, size_t nargs, awsm_cval *result,
                        awsm_error *err) {
  rt_error_clear(err);
  memset(result, 0, sizeof *result);
  result->kind = AWSM_CT_UNIT;
  const awsm_component_desc *d = c->d;
  if (c->poisoned) {
    rt_error_set(err, AWSM_ERR_INVALID, "the component instance trapped before: it cannot be entered again");
    return -1;
  }
  const awsm_component_export *f = awsm_component_find(d, name);
  if (f == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "the component exports no function '%s'%s", name,
                 strchr(name, '#') == NULL ? " (or several have that name: write IFACE#NAME)" : "");
    return -1;
  }
  if (nargs != f->num_params) {
    rt_error_set(err, AWSM_ERR_INVALID, "%s takes %u arguments, not %zu", f->name, f->num_params, nargs);
    return -1;
  }
  canon_cx cx;
  awsm_extern fn;
  if (bind_options(c, f, &cx, err) != 0 || !canon_export_of(c, &f->core, AWSM_EXTERN_FUNC, &fn, err)) return -1;

  /* The core signature the canonical ABI gives the lifted function. */
  char sig[CANON_MAX_FLAT_PARAMS + 8], rflat[CANON_MAX_FLAT_RESULTS + 1];
  size_t np = 0, nr = 0;
  int spill = 0;
  for (uint32_t i = 0; i < f->num_params && !spill; i++) spill = !canon_flatten(d, f->params[i], sig, &np, CANON_MAX_FLAT_PARAMS);
  if (spill) np = 1, sig[0] = 'i';
  int indirect = f->result != NONE && !canon_flatten(d, f->result, rflat, &nr, CANON_MAX_FLAT_RESULTS);
  if (indirect) nr = 1, rflat[0] = 'i';
  sig[np] = ':';
  memcpy(sig + np + 1, rflat, nr);
  sig[np + 1 + nr] = '\0';
  if (!awsm_sig_eq(fn.u.func->sig, sig)) {
    rt_error_set(err, AWSM_ERR_LINK, "component: the core function of %s has signature %s, not %s", f->name, fn.u.func->sig, sig);
    return -1;
  }

  awsm_value vals[CANON_MAX_FLAT_PARAMS + 1];
  size_t n = 0;
  uint32_t scopes = c->nscopes, lends = c->nlends;
  canon_scope_enter(c); /* borrow handles lowered for the call count in its scope */
  canon_host_lowering(c, 1); /* the reallocs lowering calls may not leave the component (may_leave) */
  for (uint32_t i = 0; i < f->num_params && !spill; i++) {
    if (canon_lower_flat(&cx, f->params[i], &args[i], vals, &n) != 0) goto lower_failed;
  }
  if (spill && spill_params(&cx, f, args, vals) != 0) goto lower_failed;
  canon_host_lowering(c, 0);
  if (awsm_call(fn.instance, fn.u.func, vals, err) != 0) {
    c->poisoned = err->kind == AWSM_ERR_TRAP || err->kind == AWSM_ERR_EXCEPTION;
    return -1;
  }
  awsm_value core_results[1] = {vals[0]};
  if (f->result != NONE) {
    size_t i = 0;
    int rc = indirect ? canon_load(&cx, f->result, vals[0].i32, result) : canon_lift_flat(&cx, f->result, vals, rflat, &i, result);
    if (rc != 0) {
      c->poisoned = 1;
      memset(result, 0, sizeof *result);
      result->kind = AWSM_CT_UNIT;
      return -1;
    }
  }
  if (f->post_return.instance != NONE) {
    awsm_extern pr;
    if (!canon_export_of(c, &f->post_return, AWSM_EXTERN_FUNC, &pr, err) || awsm_call(pr.instance, pr.u.func, core_results, err) != 0) {
      c->poisoned = err->kind == AWSM_ERR_TRAP;
      awsm_cval_free(result);
      return -1;
    }
  }
  if (canon_scope_exit(c, err) != 0) {
    c->poisoned = 1;
    awsm_cval_free(result);
    return -1;
  }
  return 0;
lower_failed:
  canon_host_lowering(c, 0);
  c->nscopes = scopes;
  c->nlends = lends;
  /* A trap in realloc or a bad pointer it returned poisons the instance; a bad argument does not. */
  if (err->kind != AWSM_ERR_INVALID) c->poisoned = 1;
  if (err->kind == AWSM_ERR_INVALID && strncmp(err->message, "canonical ABI", 13) != 0) {
    char msg[AWSM_ERROR_MESSAGE_MAX];
    snprintf(msg, sizeof msg, "%s", err->message);
    rt_error_set(err, AWSM_ERR_INVALID, "an argument of %s: %s", f->name, msg);
  }
  return -1;
}

/* ---- AWSM_INVOKE ---- */

/* Parses and makes one call; the result printed in WAVE (malloc'd) in *out. 0 or -1. */
static int invoke_one(awsm_component *c, const char *call, char **out, awsm_error *err) {
  const awsm_component_export *f;
  awsm_cval *args, result;
  size_t nargs;
  if (awsm_wave_parse_call(c->d, call, &f, &args, &nargs, err) != 0) return -1;
  int rc = awsm_component_call(c, f->name, args, nargs, &result, err);
  for (size_t i = 0; i < nargs; i++) awsm_cval_free(&args[i]);
  free(args);
  if (rc != 0) return -1;
  *out = awsm_wave_print(c->d, f->result, &result);
  awsm_cval_free(&result);
  if (*out == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  return 0;
}

/* Serves calls on descriptor 3: one per line in, "ok VALUE" or "error KIND MESSAGE" out. */
static int serve(awsm_component *c, awsm_error *err) {
  FILE *in = fdopen(3, "r+");
  if (in == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "AWSM_INVOKE=- needs descriptor 3 open for reading and writing");
    return -1;
  }
  setvbuf(in, NULL, _IONBF, 0);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int status = 0;
  while ((n = getline(&line, &cap, in)) > 0) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    if (n == 0) continue;
    char *out = NULL;
    fflush(stdout);
    if (strncmp(line, "!drop ", 6) == 0) {
      if (awsm_component_drop(c, (uint32_t)strtoul(line + 6, NULL, 10), err) == 0) dprintf(3, "ok ()\n");
      else dprintf(3, "error %s %s\n", err->kind == AWSM_ERR_TRAP ? "trap" : "invalid", err->message);
    } else if (invoke_one(c, line, &out, err) == 0) {
      dprintf(3, "ok %s\n", out);
    } else if (err->kind == AWSM_ERR_EXIT) {
      status = err->exit_status;
      dprintf(3, "exit %d\n", status);
      break;
    } else {
      dprintf(3, "error %s %s\n", err->kind == AWSM_ERR_TRAP ? "trap" : "invalid", err->message);
    }
    free(out);
  }
  free(line);
  fclose(in);
  rt_error_clear(err);
  return status;
}

int awsm_component_invoke(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits, const char *call,
                          awsm_error *err) {
  awsm_component *c = awsm_component_instantiate(d, base, limits, err);
  if (c == NULL) return -1;
  int status;
  if (strcmp(call, "-") == 0) {
    status = serve(c, err);
  } else {
    char *out = NULL;
    status = invoke_one(c, call, &out, err);
    if (status == 0) {
      fflush(stdout);
      printf("%s\n", out);
      fflush(stdout);
      free(out);
    }
  }
  awsm_component_free(c);
  return status;
}
