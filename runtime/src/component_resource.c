/*
 * component_resource.c — resources a component defines (issue 20, docs/components.md
 * "Resources"): one handle table per component instance and resource type, the built-ins
 * `resource.new`, `resource.rep` and `resource.drop` its core modules import (host functions
 * whose ctx is the table), and the host's side of own and borrow handles for the component
 * API (canon.c lowers and lifts them through the functions below).
 *
 * Handles are indices from 1 in a table (0 is never a handle); freed slots are reused, the
 * most recently freed first (a free list, as in the WASI 0.2 host's table: wasi2_state.c). A guest's handle is `own` (resource.new makes them, an own lowered
 * from the host becomes one). The canonical ABI's rules and traps:
 *   - resource.rep / resource.drop of a handle that is not in the table: "unknown handle";
 *   - resource.drop of an own handle calls the type's destructor with its rep, if it has one;
 *   - lifting an own handle out of the component (a result) takes it out of the table: the
 *     host holds the resource from then on (a host handle of its own table, per instance);
 *   - lowering an own from the host moves it into the table (a new guest handle); lowering a
 *     borrow of a resource the callee defines passes its rep, as the ABI says (no handle).
 */
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "internal.h"

#define MAX_HANDLES (1u << 28)

/* A new handle of resource `resource` for rep in t: its index, or 0 with err set (too many). */
static uint32_t slot_alloc(canon_handles *t, uint32_t rep, uint32_t resource, awsm_error *err) {
  if (t->free_head == 0) {
    uint32_t n = t->nslots == 0 ? 16 : t->nslots * 2;
    canon_slot *s = n > MAX_HANDLES ? NULL : realloc(t->slots, n * sizeof *s);
    if (s == NULL) {
      rt_error_set(err, AWSM_ERR_TRAP, "canonical ABI: too many handles (%u live)", t->live);
      err->trap = AWSM_TRAP_HOST;
      return 0;
    }
    for (uint32_t i = n - 1; i >= (t->nslots == 0 ? 1 : t->nslots); i--) {
      s[i].used = 0;
      s[i].next_free = t->free_head;
      t->free_head = i;
    }
    if (t->nslots == 0) s[0].used = 0, s[0].next_free = 0;
    t->slots = s;
    t->nslots = n;
  }
  uint32_t h = t->free_head;
  t->free_head = t->slots[h].next_free;
  t->slots[h] = (canon_slot){.rep = rep, .resource = resource, .used = 1, .next_free = 0};
  t->live++;
  return h;
}

/* The live slot h, or NULL. */
static canon_slot *slot_get(canon_handles *t, uint32_t h) {
  return h != 0 && h < t->nslots && t->slots[h].used ? &t->slots[h] : NULL;
}

static void slot_free(canon_handles *t, uint32_t h) {
  t->slots[h].used = 0;
  t->slots[h].next_free = t->free_head;
  t->free_head = h;
  t->live--;
}

void canon_handles_free(canon_handles *t) {
  free(t->slots);
  memset(t, 0, sizeof *t);
}

/* ---- the built-ins the component's core modules import (ctx: its table) ---- */

static const char *res_name(const canon_table *t) { return t->c->d->resources[t->id].name; }

static uint32_t builtin_new(void *ctx, uint32_t rep) {
  canon_table *t = ctx;
  awsm_error err;
  uint32_t h = slot_alloc(&t->handles, rep, t->id, &err);
  if (h == 0) awsm_trap_error(NULL, &err);
  return h;
}

static uint32_t builtin_rep(void *ctx, uint32_t h) {
  canon_table *t = ctx;
  canon_slot *s = slot_get(&t->handles, h);
  if (s == NULL) awsm_trap_host(NULL, "canonical ABI: resource.rep: unknown handle %u of resource %s", h, res_name(t));
  return s->rep;
}

static void builtin_drop(void *ctx, uint32_t h) {
  canon_table *t = ctx;
  canon_slot *s = slot_get(&t->handles, h);
  if (s == NULL) awsm_trap_host(NULL, "canonical ABI: resource.drop: unknown handle %u of resource %s", h, res_name(t));
  uint32_t rep = s->rep;
  slot_free(&t->handles, h);
  awsm_error err;
  if (canon_destroy(t->c, t->id, rep, &err) != 0) awsm_trap_error(NULL, &err);
}

int canon_builtin(awsm_component *c, uint32_t kind, uint32_t id, awsm_instance *importer, awsm_extern *out, awsm_error *err) {
  if (id >= c->d->num_resources) {
    rt_error_set(err, AWSM_ERR_LINK, "component: resource %u is not in the descriptor", id);
    return -1;
  }
  static const struct { const char *sig; void *code; } builtins[] = {
      [AWSM_WIRE_RESOURCE_NEW] = {"i:i", (void *)builtin_new},
      [AWSM_WIRE_RESOURCE_REP] = {"i:i", (void *)builtin_rep},
      [AWSM_WIRE_RESOURCE_DROP] = {"i:", (void *)builtin_drop},
  };
  return canon_host_func(importer, builtins[kind].sig, builtins[kind].code, NULL, &c->tables[id], out, err);
}

int canon_destroy(awsm_component *c, uint32_t id, uint32_t rep, awsm_error *err) {
  const awsm_component_resource *r = &c->d->resources[id];
  if (r->dtor.instance == AWSM_COMPONENT_NONE) return 0;
  awsm_extern f;
  if (!canon_export_of(c, &r->dtor, AWSM_EXTERN_FUNC, &f, err)) return -1;
  awsm_value v[1] = {awsm_i32((int32_t)rep)};
  return awsm_call(f.instance, f.u.func, v, err);
}

/* ---- the host's side (canon.c) ---- */

/* The resource id of an own/borrow type, or -1 with err set when the component does not define it. */
static int defined(canon_cx *cx, const awsm_ctype *ct) {
  if (cx->comp == NULL || ct->count >= cx->d->num_resources) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "handles of resources this component does not define are not supported");
    return -1;
  }
  return (int)ct->count;
}

int canon_lower_handle(canon_cx *cx, const awsm_ctype *ct, uint32_t hh, uint32_t *out) {
  int id = defined(cx, ct);
  if (id < 0) return -1;
  canon_slot *s = slot_get(&cx->comp->host, hh);
  if (s == NULL || s->resource != (uint32_t)id) {
    rt_error_set(cx->err, AWSM_ERR_INVALID, "%u is not a handle of resource %s the host holds", hh, cx->d->resources[id].name);
    return -1;
  }
  if (ct->kind == AWSM_CT_BORROW) { /* the callee defines it: its rep */
    *out = s->rep;
    return 0;
  }
  uint32_t rep = s->rep;
  uint32_t h = slot_alloc(&cx->comp->tables[id].handles, rep, (uint32_t)id, cx->err);
  if (h == 0) return -1;
  slot_free(&cx->comp->host, hh);
  *out = h;
  return 0;
}

int canon_lift_handle(canon_cx *cx, const awsm_ctype *ct, uint32_t h, uint32_t *out) {
  int id = defined(cx, ct);
  if (id < 0) return -1;
  canon_handles *t = &cx->comp->tables[id].handles;
  canon_slot *s = slot_get(t, h);
  if (s == NULL) {
    rt_error_set(cx->err, AWSM_ERR_TRAP, "canonical ABI: unknown handle %u of resource %s", h, cx->d->resources[id].name);
    cx->err->trap = AWSM_TRAP_HOST;
    return -1;
  }
  uint32_t hh = slot_alloc(&cx->comp->host, s->rep, (uint32_t)id, cx->err);
  if (hh == 0) return -1;
  slot_free(t, h);
  *out = hh;
  return 0;
}

int awsm_component_drop(awsm_component *c, uint32_t handle, awsm_error *err) {
  rt_error_clear(err);
  canon_slot *s = slot_get(&c->host, handle);
  if (s == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "%u is not a resource handle the host holds", handle);
    return -1;
  }
  uint32_t id = s->resource, rep = s->rep;
  slot_free(&c->host, handle);
  if (c->poisoned) return 0; /* no more calls into a trapped instance: the destructor does not run */
  int rc = canon_destroy(c, id, rep, err);
  if (rc != 0 && err->kind == AWSM_ERR_TRAP) c->poisoned = 1;
  return rc;
}
