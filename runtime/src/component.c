/*
 * component.c — running a compiled component (issue 20; awsm_component.h has the descriptor).
 *
 * awsm_component_run creates the component's core instances in the plan's order through the
 * embedding API: each import is resolved by this file's resolver from the instance's wires,
 * either to an export of an instance created before (core-to-core wiring: the importer joins
 * the exporter's group, calls are direct) or to a host function object made from
 * awsm_wasi2_lookup's C function with the lowered import's awsm_canon_opts as its ctx
 * (awsm_wasi2.h). The canonical options name their memory and realloc as (instance, export),
 * bound on first use, when those instances exist. Then it calls the core function lifted as
 * `wasi:cli/run`'s `run` (core signature () -> i32: the result<_, _> discriminant) and its
 * post-return, and returns 0 for ok, 1 for err. awsm_component_instantiate / _free are the
 * same instantiation for the component API (calls with typed values: component_call.c).
 *
 * The WASI 0.2 functions are declared weak here (see below); the generated descriptor refers
 * to them strongly.
 *
 * A host function gets the trampoline the host gives (awsm_wasi2_func.tramp), else the generic
 * one; a signature neither covers (a test host's, say) gets a trampoline that traps: Wasm code
 * calls host functions directly, and only awsm_call of one re-exported by a core instance
 * would need one.
 */
#include <stdlib.h>
#include <string.h>

#include "awsm_component.h"
#include "awsm_wasi2.h"
#include "canon.h"
#include "internal.h"

/* Weak here: every runtime build compiles this file, and hosts linked with every runtime
 * object (the spec host, embedding tests) must not need the WASI 0.2 host. A component's
 * generated descriptor references these strongly, which pulls the host into its executable. */
#pragma weak awsm_wasi2_new
#pragma weak awsm_wasi2_free
#pragma weak awsm_wasi2_lookup

typedef struct awsm_component run_state;

static void no_generic_call(void *code, void *ctx, awsm_value *args) {
  (void)code;
  (void)args;
  awsm_trap_host(NULL, "a WASI 0.2 host function with this signature cannot be called through awsm_call (ctx %p)", ctx);
}

/* The export `r` of an instance created before, or 0 with err set. */
static int export_of(run_state *s, const awsm_component_ref *r, uint32_t kind, awsm_extern *out, awsm_error *err) {
  if (r->instance >= s->current || s->insts[r->instance] == NULL) {
    rt_error_set(err, AWSM_ERR_LINK, "component: core instance %u is used before it is created", r->instance);
    return 0;
  }
  if (!awsm_instance_export(s->insts[r->instance], r->name, r->name_len, out) || out->kind != kind) {
    rt_error_set(err, AWSM_ERR_LINK, "component: core instance %u has no %s export \"%.*s\"", r->instance,
                 kind == AWSM_EXTERN_MEMORY ? "memory" : "function", (int)r->name_len, r->name);
    return 0;
  }
  return 1;
}

/* The canonical options of host function `i`, bound now if they are not yet. */
static awsm_canon_opts *opts_of(run_state *s, uint32_t i, awsm_error *err) {
  awsm_canon_opts *o = &s->opts[i];
  if (s->bound[i]) return o;
  const awsm_component_host *h = &s->d->hosts[i];
  awsm_extern e;
  o->wasi = s->wasi;
  o->string_encoding = (uint8_t)h->string_encoding;
  if (h->memory.instance != AWSM_COMPONENT_NONE) {
    if (!export_of(s, &h->memory, AWSM_EXTERN_MEMORY, &e, err)) return NULL;
    o->memory = e.u.memory;
  }
  if (h->realloc.instance != AWSM_COMPONENT_NONE) {
    if (!export_of(s, &h->realloc, AWSM_EXTERN_FUNC, &e, err)) return NULL;
    o->realloc = e.u.func;
    o->realloc_instance = e.instance;
  }
  s->bound[i] = 1;
  return o;
}

static int resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out, awsm_error *err) {
  run_state *s = data;
  const awsm_component_instance *ci = &s->d->instances[s->current];
  for (uint32_t k = 0; k < ci->num_wires; k++) {
    const awsm_component_wire *w = &ci->wires[k];
    if (w->module_len != imp->module_len || w->name_len != imp->name_len || memcmp(w->module, imp->module, w->module_len) != 0 ||
        memcmp(w->name, imp->name, w->name_len) != 0)
      continue;
    if (w->kind == AWSM_WIRE_EXPORT) return export_of(s, &w->from, imp->kind, out, err) ? 1 : -1;
    if (w->kind != AWSM_WIRE_HOST) return canon_builtin(s, w->kind, w->host, w->cinst, importer, out, err);
    const awsm_component_host *h = &s->d->hosts[w->host];
    awsm_wasi2_func f;
    if (awsm_wasi2_lookup(h->iface, h->name, &f) != 0) {
      rt_error_set(err, AWSM_ERR_LINK, "component import %s '%s' is not provided by awsm's WASI 0.2 host", h->iface, h->name);
      return -1;
    }
    awsm_canon_opts *o = opts_of(s, w->host, err);
    if (o == NULL) return -1;
    awsm_trampoline tramp = f.tramp != NULL ? f.tramp : awsm_host_trampoline(f.sig);
    return canon_host_func(importer, f.sig, f.code, tramp != NULL ? tramp : no_generic_call, o, out, err);
  }
  return 0; /* the runtime reports the unknown import */
}

int canon_host_func(awsm_instance *importer, const char *sig, void *code, awsm_trampoline tramp, void *ctx, awsm_extern *out,
                    awsm_error *err) {
  awsm_func *fn = awsm_instance_host_func(importer, sig, code, tramp, ctx);
  if (fn == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  out->kind = AWSM_EXTERN_FUNC;
  out->instance = NULL;
  out->u.func = fn;
  return 1;
}

/* Calls the lifted run and its post-return: 0 (ok), 1 (err), or -1 with err set. */
static int call_run(run_state *s, awsm_error *err) {
  const awsm_component_desc *d = s->d;
  awsm_extern run;
  if (!export_of(s, &d->run, AWSM_EXTERN_FUNC, &run, err)) return -1;
  if (!awsm_sig_eq(run.u.func->sig, ":i")) {
    rt_error_set(err, AWSM_ERR_LINK, "component: wasi:cli/run's run must lower to () -> i32, not %s", run.u.func->sig);
    return -1;
  }
  awsm_value v[1];
  if (awsm_call(run.instance, run.u.func, v, err) != 0) return -1;
  uint32_t disc = v[0].i32;
  if (d->run_post_return.instance != AWSM_COMPONENT_NONE) {
    awsm_extern pr;
    if (!export_of(s, &d->run_post_return, AWSM_EXTERN_FUNC, &pr, err)) return -1;
    if (awsm_call(pr.instance, pr.u.func, v, err) != 0) return -1;
  }
  if (disc > 1) {
    rt_error_set(err, AWSM_ERR_TRAP, "invalid discriminant %u of wasi:cli/run's result", disc);
    err->trap = AWSM_TRAP_HOST;
    return -1;
  }
  return (int)disc;
}

awsm_component *awsm_component_instantiate(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits,
                                           awsm_error *err) {
  rt_error_clear(err);
  if (awsm_wasi2_new == NULL || awsm_wasi2_lookup == NULL || awsm_wasi2_free == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "this runtime has no WASI 0.2 host (runtime/src/wasi2)");
    return NULL;
  }
  run_state *s = calloc(1, sizeof *s);
  if (s == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  s->d = d;
  s->wasi = awsm_wasi2_new(base, err);
  if (s->wasi == NULL) {
    free(s);
    return NULL;
  }
  s->insts = calloc(d->num_instances + 1u, sizeof *s->insts);
  s->opts = calloc(d->num_hosts + 1u, sizeof *s->opts);
  s->bound = calloc(d->num_hosts + 1u, 1);
  uint32_t nci = d->num_cinstances == 0 ? 1 : d->num_cinstances;
  s->tables = calloc((size_t)d->num_resources * nci + 1u, sizeof *s->tables);
  s->handles = calloc(nci, sizeof *s->handles);
  s->may_leave = malloc(nci);
  if (s->insts == NULL || s->opts == NULL || s->bound == NULL || s->tables == NULL || s->handles == NULL || s->may_leave == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    awsm_component_free(s);
    return NULL;
  }
  memset(s->may_leave, 1, nci);
  for (uint32_t i = 0; i < d->num_resources * nci; i++) s->tables[i].c = s, s->tables[i].id = i / nci, s->tables[i].ci = i % nci;
  for (s->current = 0; s->current < d->num_instances; s->current++) {
    awsm_options o = {0};
    if (limits != NULL) o = *limits;
    o.resolve = resolve;
    o.resolve_data = s;
    o.host = NULL;
    s->insts[s->current] = awsm_instantiate(d->instances[s->current].module, &o, err);
    if (s->insts[s->current] == NULL) {
      s->insts[s->current] = err->instance; /* a start function that trapped: freed below */
      awsm_component_free(s);
      return NULL;
    }
  }
  return s;
}

void awsm_component_free(awsm_component *s) {
  if (s == NULL) return;
  /* Importers first: the instances in reverse creation order. */
  for (uint32_t i = s->d->num_instances; s->insts != NULL && i-- > 0;) awsm_instance_free(s->insts[i]);
  free(s->insts);
  free(s->opts);
  free(s->bound);
  uint32_t nci = s->d->num_cinstances == 0 ? 1 : s->d->num_cinstances;
  for (uint32_t i = 0; s->handles != NULL && i < nci; i++) canon_handles_free(&s->handles[i]);
  free(s->handles);
  free(s->tables);
  free(s->may_leave);
  free(s->scopes);
  free(s->lends);
  canon_handles_free(&s->host);
  awsm_wasi2_free(s->wasi);
  free(s);
}

const awsm_component_desc *awsm_component_descriptor(const awsm_component *c) { return c->d; }

int canon_export_of(awsm_component *c, const awsm_component_ref *r, uint32_t kind, awsm_extern *out, awsm_error *err) {
  return export_of(c, r, kind, out, err);
}

int awsm_component_run(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits, awsm_error *err) {
  rt_error_clear(err);
  if (d->run.instance == AWSM_COMPONENT_NONE) {
    rt_error_set(err, AWSM_ERR_INVALID,
                 "the component exports no wasi:cli/run@0.2.x 'run': call its functions with --invoke (awsm run --help)");
    return -1;
  }
  awsm_component *c = awsm_component_instantiate(d, base, limits, err);
  if (c == NULL) return -1;
  int status = call_run(c, err);
  awsm_component_free(c);
  return status;
}
