/*
 * component_resource.c — resources (issue 20, docs/components.md "Resources" and "Resources
 * between components"): one handle table per component instance (every resource type's
 * handles), the built-ins `resource.new`, `resource.rep` and `resource.drop` its core modules
 * import (host functions whose ctx is a canon_table: the resource and the component instance),
 * the built-ins of fused adapters (enter/exit of a call, own/borrow moves, may_leave), and the
 * host's side of own and borrow handles for the component API (canon.c lowers and lifts them
 * through the functions at the end).
 *
 * Handles are indices from 1 in a table (0 is never a handle); freed slots are reused, the
 * most recently freed first (a free list, as in the WASI 0.2 host's table: wasi2_state.c, and
 * as wasmtime numbers them). The canonical ABI's rules and traps:
 *   - a handle that is not in the table, or of another resource type: "unknown handle",
 *     "used with the wrong type";
 *   - resource.drop of an own handle calls the type's destructor with its rep, if it has one;
 *     of a borrow handle ends that borrow; of a handle lent to a call in progress traps;
 *   - between components (CanonicalABI.md lift_own/lower_own, lift_borrow/lower_borrow): an
 *     own moves from one instance's table to the other's (not a borrow, not lent out); a
 *     borrow is lent for the call (its lend count) and gives the callee the rep when it
 *     defines the resource, else a borrow handle that must be dropped before the call ends;
 *   - lifting an own handle out of the component (a result of a host call) takes it out of the
 *     table: the host holds the resource from then on (a host handle of its own table, per
 *     component); lowering an own from the host moves it into the defining instance's table;
 *     lowering a borrow of a resource the callee defines passes its rep (no handle).
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
  t->slots[h] = (canon_slot){.rep = rep, .resource = resource, .used = 1, .next_free = 0, .lends = 0, .scope = 0};
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

/* ---- the built-ins the component's core modules import (ctx: a canon_table) ---- */

static const char *res_name(const awsm_component *c, uint32_t id) {
  return id < c->d->num_resources ? c->d->resources[id].name : "?";
}

/* The live handle h of resource id in component instance ci's table, or a trap naming `what`. */
static canon_slot *handle_of(awsm_component *c, uint32_t ci, uint32_t h, uint32_t id, const char *what) {
  canon_slot *s = slot_get(&c->handles[ci], h);
  if (s == NULL) awsm_trap_host(NULL, "canonical ABI: %s: unknown handle %u of resource %s", what, h, res_name(c, id));
  if (s->resource != id)
    awsm_trap_host(NULL, "canonical ABI: %s: handle %u used with the wrong type (resource %s, not %s)", what, h,
                   res_name(c, s->resource), res_name(c, id));
  return s;
}

static uint32_t builtin_new(void *ctx, uint32_t rep) {
  canon_table *t = ctx;
  awsm_error err;
  uint32_t h = slot_alloc(&t->c->handles[t->ci], rep, t->id, &err);
  if (h == 0) awsm_trap_error(NULL, &err);
  return h;
}

static uint32_t builtin_rep(void *ctx, uint32_t h) {
  canon_table *t = ctx;
  return handle_of(t->c, t->ci, h, t->id, "resource.rep")->rep;
}

/* resource.drop: an own handle (not lent out) runs the destructor; a borrow handle ends the
 * callee's borrow of its call (canon_scope.borrows). */
static void builtin_drop(void *ctx, uint32_t h) {
  canon_table *t = ctx;
  canon_slot *s = handle_of(t->c, t->ci, h, t->id, "resource.drop");
  if (s->lends != 0) awsm_trap_host(NULL, "canonical ABI: resource.drop: handle %u is lent to a call in progress", h);
  uint32_t rep = s->rep, scope = s->scope;
  slot_free(&t->c->handles[t->ci], h);
  if (scope != 0) {
    t->c->scopes[scope - 1].borrows--;
    return;
  }
  awsm_error err;
  if (canon_destroy(t->c, t->id, rep, &err) != 0) awsm_trap_error(NULL, &err);
}

/* ---- the built-ins of fused adapters (src/component/adapter-resource.ts; ctx: the component) ---- */

static void check_ci(awsm_component *c, uint32_t ci) {
  if (ci >= c->d->num_cinstances) awsm_trap_host(NULL, "canonical ABI: component instance %u out of range", ci);
}

/* `array` (of `n` elements of `size` bytes, room for *cap) with room for one more: grown
 * (doubled) when full, or a trap naming `what` when it cannot be. */
static void *room_for(void *array, uint32_t n, uint32_t *cap, size_t size, const char *what) {
  if (n < *cap) return array;
  uint32_t m = *cap == 0 ? 16 : *cap * 2;
  void *p = m > MAX_HANDLES ? NULL : realloc(array, m * size);
  if (p == NULL) awsm_trap_host(NULL, "canonical ABI: too many %s", what);
  *cap = m;
  return p;
}

/* enter(caller, callee): the caller may leave (it is not inside a realloc lowering a value for
 * an adapter), and a new call scope opens. */
static void builtin_enter(void *ctx, uint32_t caller, uint32_t callee) {
  awsm_component *c = ctx;
  check_ci(c, caller);
  check_ci(c, callee);
  if (!c->may_leave[caller] || c->host_lowering) awsm_trap_host(NULL, "canonical ABI: cannot leave component instance");
  canon_scope_enter(c);
}

void canon_scope_enter(awsm_component *c) {
  c->scopes = room_for(c->scopes, c->nscopes, &c->cap_scopes, sizeof *c->scopes, "component-to-component calls in progress");
  c->scopes[c->nscopes++] = (canon_scope){.borrows = 0, .lend_base = c->nlends};
}

int canon_scope_exit(awsm_component *c, awsm_error *err) {
  canon_scope *s = &c->scopes[c->nscopes - 1];
  if (s->borrows != 0) {
    rt_error_set(err, AWSM_ERR_TRAP, "canonical ABI: borrow handles still remain at the end of the call (%u)", s->borrows);
    err->trap = AWSM_TRAP_HOST;
    return -1;
  }
  for (uint32_t i = s->lend_base; i < c->nlends; i++) {
    canon_slot *h = slot_get(&c->handles[c->lends[i].ci], c->lends[i].h);
    if (h != NULL && h->lends > 0) h->lends--;
  }
  c->nlends = s->lend_base;
  c->nscopes--;
  return 0;
}

/* exit(): the callee holds none of the call's borrows any more (else a trap), and the handles
 * lent for it are free again. */
static void builtin_exit(void *ctx) {
  awsm_component *c = ctx;
  if (c->nscopes == 0) awsm_trap_host(NULL, "canonical ABI: exit without a call in progress");
  awsm_error err;
  if (canon_scope_exit(c, &err) != 0) awsm_trap_error(NULL, &err);
}

/* Weak: a test host of its own (tests/component/fixtures/test_host.c) has no such flag. */
#pragma weak awsm_wasi2_in_realloc

static void builtin_leave(void *ctx, uint32_t ci, uint32_t flag) {
  awsm_component *c = ctx;
  check_ci(c, ci);
  c->may_leave[ci] = flag != 0;
  /* The WASI 0.2 host's functions refuse to run inside a realloc too. */
  if (awsm_wasi2_in_realloc != NULL && c->wasi != NULL) awsm_wasi2_in_realloc(c->wasi, flag == 0);
}

void canon_host_lowering(awsm_component *c, int on) {
  c->host_lowering = on != 0;
  if (awsm_wasi2_in_realloc != NULL && c->wasi != NULL) awsm_wasi2_in_realloc(c->wasi, on);
}

/* own(h, from, to, id): lift_own from `from`'s table (an own handle of resource id, not lent
 * out), then lower_own into `to`'s: the new handle. */
static uint32_t builtin_own(void *ctx, uint32_t h, uint32_t from, uint32_t to, uint32_t id) {
  awsm_component *c = ctx;
  check_ci(c, from);
  check_ci(c, to);
  canon_slot *s = handle_of(c, from, h, id, "own");
  if (s->lends != 0) awsm_trap_host(NULL, "canonical ABI: cannot move own handle %u of resource %s while it is borrowed", h, res_name(c, id));
  if (s->scope != 0) awsm_trap_host(NULL, "canonical ABI: handle %u of resource %s is a borrow, passed as own", h, res_name(c, id));
  uint32_t rep = s->rep;
  slot_free(&c->handles[from], h);
  awsm_error err;
  uint32_t n = slot_alloc(&c->handles[to], rep, id, &err);
  if (n == 0) awsm_trap_error(NULL, &err);
  return n;
}

/* borrow(h, from, to, id): lift_borrow (h lent to the call until its exit), then lower_borrow:
 * the rep when `to` defines resource id, else a borrow handle in `to`'s table for the call. */
static uint32_t builtin_borrow(void *ctx, uint32_t h, uint32_t from, uint32_t to, uint32_t id) {
  awsm_component *c = ctx;
  check_ci(c, from);
  check_ci(c, to);
  canon_slot *s = handle_of(c, from, h, id, "borrow");
  if (c->nscopes == 0) awsm_trap_host(NULL, "canonical ABI: borrow outside a call");
  c->lends = room_for(c->lends, c->nlends, &c->cap_lends, sizeof *c->lends, "handles lent");
  s->lends++;
  c->lends[c->nlends++] = (canon_lend){from, h};
  if (to == c->d->resources[id].instance) return s->rep;
  uint32_t rep = s->rep;
  awsm_error err;
  uint32_t n = slot_alloc(&c->handles[to], rep, id, &err);
  if (n == 0) awsm_trap_error(NULL, &err);
  c->handles[to].slots[n].scope = c->nscopes;
  c->scopes[c->nscopes - 1].borrows++;
  return n;
}

int canon_builtin(awsm_component *c, uint32_t kind, uint32_t id, uint32_t ci, awsm_instance *importer, awsm_extern *out,
                  awsm_error *err) {
  static const struct { const char *sig; void *code; } builtins[] = {
      [AWSM_WIRE_RESOURCE_NEW] = {"i:i", (void *)builtin_new},     [AWSM_WIRE_RESOURCE_REP] = {"i:i", (void *)builtin_rep},
      [AWSM_WIRE_RESOURCE_DROP] = {"i:", (void *)builtin_drop},    [AWSM_WIRE_CANON_ENTER] = {"ii:", (void *)builtin_enter},
      [AWSM_WIRE_CANON_EXIT] = {":", (void *)builtin_exit},        [AWSM_WIRE_CANON_LEAVE] = {"ii:", (void *)builtin_leave},
      [AWSM_WIRE_CANON_OWN] = {"iiii:i", (void *)builtin_own},     [AWSM_WIRE_CANON_BORROW] = {"iiii:i", (void *)builtin_borrow},
  };
  if (kind >= sizeof builtins / sizeof builtins[0] || builtins[kind].code == NULL) {
    rt_error_set(err, AWSM_ERR_LINK, "component: unknown wire kind %u", kind);
    return -1;
  }
  if (kind >= AWSM_WIRE_CANON_ENTER) return canon_host_func(importer, builtins[kind].sig, builtins[kind].code, NULL, c, out, err);
  if (id >= c->d->num_resources || ci >= c->d->num_cinstances) {
    rt_error_set(err, AWSM_ERR_LINK, "component: resource %u of component instance %u is not in the descriptor", id, ci);
    return -1;
  }
  return canon_host_func(importer, builtins[kind].sig, builtins[kind].code, NULL, &c->tables[id * c->d->num_cinstances + ci], out,
                         err);
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
  awsm_component *c = cx->comp;
  if (ct->kind == AWSM_CT_BORROW && cx->ci == cx->d->resources[id].instance) { /* the callee defines it: its rep */
    *out = s->rep;
    return 0;
  }
  uint32_t rep = s->rep;
  uint32_t h = slot_alloc(&c->handles[cx->ci], rep, (uint32_t)id, cx->err);
  if (h == 0) return -1;
  if (ct->kind == AWSM_CT_BORROW) { /* a borrow handle of the call's scope (awsm_component_call's) */
    c->handles[cx->ci].slots[h].scope = c->nscopes;
    c->scopes[c->nscopes - 1].borrows++;
  } else
    slot_free(&c->host, hh);
  *out = h;
  return 0;
}

int canon_lift_handle(canon_cx *cx, const awsm_ctype *ct, uint32_t h, uint32_t *out) {
  int id = defined(cx, ct);
  if (id < 0) return -1;
  canon_handles *t = &cx->comp->handles[cx->ci];
  canon_slot *s = slot_get(t, h);
  if (s == NULL || s->resource != (uint32_t)id || s->scope != 0 || s->lends != 0) {
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
