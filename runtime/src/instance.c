/*
 * instance.c — instantiation, import linking, exports, instance groups, freeing.
 *
 * awsm_instantiate follows the spec's order: resolve and type-check every import (nothing is
 * allocated for the module's own definitions before linking succeeds, so an unlinkable module
 * has no effect), create the defined memories, tables, global cells and function objects,
 * the element and data segment instances, then run desc->init (globals, segments) and the
 * start function under a trap handler. A trap there leaves its effects on imported memories
 * and tables in place (Wasm 2.0) and hands the failed instance to the caller.
 *
 * Instances linked through imports form a group (a connected component of the "peers"
 * relation). Groups let the runtime set stack limits and classify faults without any
 * process-wide list of instances.
 *
 * Cost: one calloc for the whole instance (see compute_layout), a linear-memory reservation
 * from the pool (pool.c: usually no system call at all), and the module's init function.
 * Freeing gives the reservation back to the pool and frees the one allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"

/* ---- groups ---- */

int rt_group_walk(rt_instance *start, int (*fn)(rt_instance *r, void *arg), void *arg) {
  if (start->num_peers == 0) return fn(start, arg); /* alone: no marks needed */
  const void *thread;
  uint64_t epoch = rt_walk_begin(&thread);
  start->walk_epoch = epoch;
  start->walk_thread = thread;
  start->walk_next = NULL;
  rt_instance *list = start;
  int rc = 0;
  while (list != NULL && rc == 0) {
    rt_instance *r = list;
    list = r->walk_next;
    rc = fn(r, arg);
    if (rc != 0) break;
    for (uint32_t k = 0; k < r->num_peers; k++) {
      rt_instance *p = r->peers[k];
      if (p->walk_epoch == epoch && p->walk_thread == thread) continue;
      p->walk_epoch = epoch;
      p->walk_thread = thread;
      p->walk_next = list;
      list = p;
    }
  }
  rt_walk_end();
  return rc;
}

static int set_limit(rt_instance *r, void *arg) {
  r->pub.stack_limit = *(uintptr_t *)arg;
  return 0;
}

void rt_group_set_stack_limit(rt_instance *inst, uintptr_t limit) { rt_group_walk(inst, set_limit, &limit); }

static int peer_append(rt_instance *a, rt_instance *b) {
  for (uint32_t k = 0; k < a->num_peers; k++)
    if (a->peers[k] == b) return 1;
  if (a->num_peers == a->cap_peers) {
    uint32_t cap = a->cap_peers ? a->cap_peers * 2 : 4;
    rt_instance **p = realloc(a->peers, cap * sizeof *p);
    if (p == NULL) return 0;
    a->peers = p;
    a->cap_peers = cap;
  }
  a->peers[a->num_peers++] = b;
  return 1;
}

static void peer_remove(rt_instance *a, rt_instance *b) {
  for (uint32_t k = 0; k < a->num_peers; k++) {
    if (a->peers[k] == b) {
      a->peers[k] = a->peers[--a->num_peers];
      return;
    }
  }
}

static int link_peers(rt_instance *a, rt_instance *b) {
  if (a == b) return 1;
  if (!peer_append(a, b)) return 0;
  if (!peer_append(b, a)) {
    peer_remove(a, b);
    return 0;
  }
  return 1;
}

/* ---- import checking ---- */

static const char *kind_name(uint32_t kind) {
  switch (kind) {
    case AWSM_EXTERN_FUNC: return "function";
    case AWSM_EXTERN_TABLE: return "table";
    case AWSM_EXTERN_MEMORY: return "memory";
    case AWSM_EXTERN_GLOBAL: return "global";
    case AWSM_EXTERN_TAG: return "tag";
  }
  return "unknown kind";
}

static char type_name_char(uint32_t t) {
  return (t == AWSM_T_I32 || t == AWSM_T_I64 || t == AWSM_T_F32 || t == AWSM_T_F64 || t == AWSM_T_V128 ||
          t == AWSM_T_FUNCREF || t == AWSM_T_EXTERNREF || t == AWSM_T_EXNREF || t == AWSM_T_ANYREF)
             ? (char)t
             : '?';
}

static int is_ref_code(uint32_t t) { return t == AWSM_T_FUNCREF || t == AWSM_T_EXTERNREF || t == AWSM_T_ANYREF; }

/* An immutable global's type may be a subtype of the import's; a mutable one's must equal it. */
static int global_ref_matches(const awsm_global_desc *gd, uint32_t type, const char *ref_type) {
  if (!awsm_ref_matches(type, ref_type, gd->type, gd->ref_type)) return 0;
  return !gd->mutable_ || awsm_ref_matches(gd->type, gd->ref_type, type, ref_type);
}

/* Checks ext against import imp of desc (the spec's import matching); 1 if it matches, else
 * 0 with an "incompatible import type" message. */
static int check_import(const awsm_module_desc *desc, const awsm_import_desc *imp, const awsm_extern *ext,
                        awsm_error *err) {
  char why[200];
  why[0] = '\0';
  if (ext->kind != imp->kind) {
    snprintf(why, sizeof why, "expected a %s, got a %s", kind_name(imp->kind), kind_name(ext->kind));
  } else {
    switch (imp->kind) {
      case AWSM_EXTERN_FUNC: {
        const char *want = desc->funcs[imp->index].sig;
        if (ext->u.func == NULL || ext->u.func->tramp == NULL)
          snprintf(why, sizeof why, "no function provided");
        else if (!awsm_sig_sub(ext->u.func->sig, want))
          snprintf(why, sizeof why, "expected signature %s, got %s", want, ext->u.func->sig ? ext->u.func->sig : "?");
        break;
      }
      case AWSM_EXTERN_TABLE: {
        const awsm_table_desc *td = &desc->tables[imp->index];
        const awsm_table *t = ext->u.table;
        if (t == NULL)
          snprintf(why, sizeof why, "no table provided");
        else if (t->elem_type != td->elem_type)
          snprintf(why, sizeof why, "expected element type %c, got %c", type_name_char(td->elem_type),
                   type_name_char(t->elem_type));
        else if (!awsm_ref_matches(t->elem_type, t->ref_type, td->elem_type, td->ref_type) ||
                 !awsm_ref_matches(td->elem_type, td->ref_type, t->elem_type, t->ref_type))
          snprintf(why, sizeof why, "expected element type %s, got %s", td->ref_type ? td->ref_type : "the plain one",
                   t->ref_type ? t->ref_type : "the plain one");
        else if (t->addr64 != td->addr64)
          snprintf(why, sizeof why, "expected a table with %s indices, got %s", td->addr64 ? "i64" : "i32",
                   t->addr64 ? "i64" : "i32");
        else if (t->size < td->min)
          snprintf(why, sizeof why, "expected at least %llu elements, got %u", (unsigned long long)td->min, t->size);
        else if (td->has_max && !t->has_max)
          snprintf(why, sizeof why, "expected maximum %llu, got no maximum", (unsigned long long)td->max);
        else if (td->has_max && t->declared_max > td->max)
          snprintf(why, sizeof why, "expected maximum %llu, got %llu", (unsigned long long)td->max,
                   (unsigned long long)t->declared_max);
        break;
      }
      case AWSM_EXTERN_MEMORY: {
        const awsm_memory_desc *md = &desc->memories[imp->index];
        const awsm_memory *m = ext->u.memory;
        if (m == NULL)
          snprintf(why, sizeof why, "no memory provided");
        else if (m->addr64 != md->addr64)
          snprintf(why, sizeof why, "expected a %s memory, got a %s one", md->addr64 ? "64-bit" : "32-bit",
                   m->addr64 ? "64-bit" : "32-bit");
        else if (m->page_size_log2 != md->page_size_log2)
          snprintf(why, sizeof why, "expected page size %llu, got %llu", 1ull << md->page_size_log2,
                   1ull << m->page_size_log2);
        else if (m->shared != md->shared)
          snprintf(why, sizeof why, "expected %s memory, got %s one", md->shared ? "a shared" : "an unshared",
                   m->shared ? "a shared" : "an unshared");
        /* Atomic: a shared memory may be growing on another thread (wasi-threads instantiates
         * each new thread's instance while the others run). */
        else if (__atomic_load_n(&m->pages, __ATOMIC_ACQUIRE) < md->min_pages)
          snprintf(why, sizeof why, "expected at least %llu pages, got %llu", (unsigned long long)md->min_pages,
                   (unsigned long long)__atomic_load_n(&m->pages, __ATOMIC_ACQUIRE));
        else if (md->has_max && !m->has_max)
          snprintf(why, sizeof why, "expected maximum %llu pages, got no maximum", (unsigned long long)md->max_pages);
        else if (md->has_max && m->declared_max > md->max_pages)
          snprintf(why, sizeof why, "expected maximum %llu pages, got %llu", (unsigned long long)md->max_pages,
                   (unsigned long long)m->declared_max);
        else if ((desc->flags & 3u) != AWSM_MODULE_BOUNDS_EXPLICIT && m->reserved < RT_GUARD_RESERVATION)
          /* Not a spec rule: guard-mode code needs the whole reservation behind the base. */
          snprintf(why, sizeof why, "memory has no guard reservation (module uses guard-page bounds checks)");
        break;
      }
      case AWSM_EXTERN_GLOBAL: {
        const awsm_global_desc *gd = &desc->globals[imp->index];
        if (ext->u.global.cell == NULL)
          snprintf(why, sizeof why, "no global provided");
        else if (ext->u.global.type != gd->type || (ext->u.global.mutable_ != 0) != (gd->mutable_ != 0))
          snprintf(why, sizeof why, "expected %s %c, got %s %c", gd->mutable_ ? "mutable" : "immutable",
                   type_name_char(gd->type), ext->u.global.mutable_ ? "mutable" : "immutable",
                   type_name_char(ext->u.global.type));
        else if (is_ref_code(gd->type) && !global_ref_matches(gd, ext->u.global.type, ext->u.global.ref_type))
          snprintf(why, sizeof why, "expected %s global of type %s, got %s", gd->mutable_ ? "a mutable" : "an immutable",
                   gd->ref_type ? gd->ref_type : "the plain one",
                   ext->u.global.ref_type ? ext->u.global.ref_type : "the plain one");
        break;
      }
      case AWSM_EXTERN_TAG: {
        /* Tag types match exactly (the same type, not a subtype). */
        const char *want = desc->tags[imp->index].sig;
        if (ext->u.tag == NULL)
          snprintf(why, sizeof why, "no tag provided");
        else if (!awsm_sig_eq(want, ext->u.tag->sig))
          snprintf(why, sizeof why, "expected tag type %s, got %s", want, ext->u.tag->sig ? ext->u.tag->sig : "?");
        break;
      }
      default:
        snprintf(why, sizeof why, "unknown import kind %u", imp->kind);
    }
  }
  if (why[0] == '\0') return 1;
  size_t pos = rt_import_message(err, AWSM_ERR_LINK, "incompatible import type", imp);
  rt_append(err->message, sizeof err->message, &pos, ": %s", why);
  return 0;
}

/* ---- instantiation ---- */

/* The GC heap of a new instance whose imports are linked (docs/gc.md, "Heaps"): none when its
 * module needs none; else the options' heap, else that of its import providers, else the
 * default heap. Linked instances must share one. 0, or -1 with err set. */
static int gc_provider_heap(rt_instance *p, void *arg) {
  awsm_gc_heap **want = arg;
  if (p->gc_heap == NULL || p->gc_heap == *want) return 0;
  if (*want == NULL) {
    *want = p->gc_heap;
    return 0;
  }
  return 1;
}

static int gc_choose_heap(rt_instance *r, const awsm_options *o, awsm_gc_heap **out, awsm_error *err) {
  *out = NULL;
  if (!rt_gc_needs_heap(r->pub.module)) return 0;
  awsm_gc_heap *h = o->gc_heap;
  for (uint32_t k = 0; k < r->num_peers; k++) {
    if (gc_provider_heap(r->peers[k], &h) != 0) {
      rt_error_set(err, AWSM_ERR_LINK, "instances linked through imports must use the same GC heap");
      return -1;
    }
  }
  if (h == NULL) h = awsm_gc_default_heap();
  if (h == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  *out = h; /* attached once the instance is complete */
  return 0;
}

/*
 * An instance is one zeroed allocation (calloc: cheap, and freed at once), laid out as
 *   rt_instance | memories* | tables* | globals* | funcs* | tags* | elem segs | data segs |
 *   function objects | global cells | memory objects | table objects | tag objects |
 *   initial table elements | element segment items | rtts*
 * each part aligned to 16 bytes. The offsets are recomputed per instantiation (a few adds).
 */
typedef struct layout {
  size_t memories, tables, globals, funcs, tags, elems, datas, func_objs, cells, mem_objs, tab_objs, tag_objs,
      tab_elems, items, rtts, total;
} layout;

static size_t place(size_t *off, uint64_t count, size_t size) {
  size_t at = (*off + 15) & ~(size_t)15;
  *off = at + (size_t)count * size;
  return at;
}

static void compute_layout(const awsm_module_desc *d, uint32_t max_table_elems, layout *l) {
  size_t off = sizeof(rt_instance);
  l->memories = place(&off, d->num_memories, sizeof(awsm_memory *));
  l->tables = place(&off, d->num_tables, sizeof(awsm_table *));
  l->globals = place(&off, d->num_globals, sizeof(awsm_value *));
  l->funcs = place(&off, d->num_funcs, sizeof(awsm_func *));
  l->tags = place(&off, d->num_tags, sizeof(awsm_tag *));
  l->elems = place(&off, d->num_elems, sizeof(awsm_elem_seg));
  l->datas = place(&off, d->num_datas, sizeof(awsm_data_seg));
  l->func_objs = place(&off, d->num_funcs - d->num_imported_funcs, sizeof(awsm_func));
  l->cells = place(&off, d->num_globals - d->num_imported_globals, sizeof(awsm_value));
  l->mem_objs = place(&off, d->num_memories - d->num_imported_memories, sizeof(awsm_memory));
  l->tab_objs = place(&off, d->num_tables - d->num_imported_tables, sizeof(rt_table));
  l->tag_objs = place(&off, d->num_tags - d->num_imported_tags, sizeof(awsm_tag));
  uint64_t n = 0;
  for (uint32_t i = d->num_imported_tables; i < d->num_tables; i++) n += rt_table_inline_elems(&d->tables[i], max_table_elems);
  l->tab_elems = place(&off, n, sizeof(void *));
  n = 0;
  for (uint32_t i = 0; i < d->num_elems; i++) n += d->elems[i].count;
  l->items = place(&off, n, sizeof(void *));
  l->rtts = place(&off, d->num_types, sizeof(awsm_rtt *));
  l->total = off;
}

static void init_thunk(void *p) {
  awsm_instance *ctx = p;
  ctx->module->init(ctx);
}

static int valid_counts(const awsm_module_desc *d) {
  return d->num_imported_funcs <= d->num_funcs && d->num_imported_tables <= d->num_tables &&
         d->num_imported_memories <= d->num_memories && d->num_imported_globals <= d->num_globals &&
         d->num_imported_tags <= d->num_tags;
}

awsm_instance *awsm_instantiate(const awsm_module_desc *desc, const awsm_options *opts, awsm_error *err) {
  rt_error_clear(err);
  rt_thread_enter(); /* counted among the threads with instances (exception_gc.c) */
  if (desc == NULL) {
    rt_error_set(err, AWSM_ERR_INVALID, "no module descriptor");
    return NULL;
  }
  if (desc->abi_version != AWSM_ABI_VERSION) {
    rt_error_set(err, AWSM_ERR_INVALID, "module descriptor has ABI version %u, the runtime expects %u",
                 desc->abi_version, AWSM_ABI_VERSION);
    return NULL;
  }
  if (!valid_counts(desc)) {
    rt_error_set(err, AWSM_ERR_INVALID, "malformed module descriptor");
    return NULL;
  }
  awsm_options o;
  memset(&o, 0, sizeof o);
  if (opts != NULL) o = *opts;

  awsm_gc_heap *heap = NULL;
  layout l;
  compute_layout(desc, o.max_table_elems, &l);
  uint8_t *block = calloc(1, l.total);
  if (block == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return NULL;
  }
  rt_instance *r = (rt_instance *)block;
  awsm_instance *ctx = &r->pub;
  ctx->module = desc;
  ctx->host = o.host;
  r->max_memory_pages = o.max_memory_pages;
  r->max_table_elems = o.max_table_elems;
  r->user = o.user;
  ctx->memories = (awsm_memory **)(block + l.memories);
  ctx->tables = (awsm_table **)(block + l.tables);
  ctx->globals = (awsm_value **)(block + l.globals);
  ctx->funcs = (awsm_func **)(block + l.funcs);
  ctx->tags = (awsm_tag **)(block + l.tags);
  ctx->elems = (awsm_elem_seg *)(block + l.elems);
  ctx->datas = (awsm_data_seg *)(block + l.datas);
  ctx->rtts = (const awsm_rtt **)(block + l.rtts);
  r->func_objs = (awsm_func *)(block + l.func_objs);
  r->global_cells = (awsm_value *)(block + l.cells);
  r->memory_objs = (awsm_memory *)(block + l.mem_objs);
  r->table_objs = (rt_table *)(block + l.tab_objs);

  /* Imports, in order. */
  for (uint32_t i = 0; i < desc->num_imports; i++) {
    const awsm_import_desc *imp = &desc->imports[i];
    awsm_extern ext;
    memset(&ext, 0, sizeof ext);
    int rc = o.resolve != NULL ? o.resolve(o.resolve_data, ctx, imp, &ext, err) : 0;
    if (rc == 0) {
      rt_import_message(err, AWSM_ERR_LINK, "unknown import", imp);
      goto fail;
    }
    if (rc < 0) {
      if (err->kind == AWSM_OK) rt_import_message(err, AWSM_ERR_LINK, "incompatible import type", imp);
      goto fail;
    }
    if (!check_import(desc, imp, &ext, err)) goto fail;
    switch (imp->kind) {
      case AWSM_EXTERN_FUNC: ctx->funcs[imp->index] = ext.u.func; break;
      case AWSM_EXTERN_TABLE: ctx->tables[imp->index] = ext.u.table; break;
      case AWSM_EXTERN_MEMORY: ctx->memories[imp->index] = ext.u.memory; break;
      case AWSM_EXTERN_GLOBAL: ctx->globals[imp->index] = ext.u.global.cell; break;
      case AWSM_EXTERN_TAG: ctx->tags[imp->index] = ext.u.tag; break;
    }
    if (ext.instance != NULL && !link_peers(r, rt_of(ext.instance))) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
      goto fail;
    }
  }

  if (gc_choose_heap(r, &o, &heap, err) != 0) goto fail;

  /* Definitions. */
  for (uint32_t i = desc->num_imported_memories; i < desc->num_memories; i++) {
    const awsm_memory_desc *md = &desc->memories[i];
    awsm_memory *m = &r->memory_objs[i - desc->num_imported_memories];
    if (rt_memory_init(m, md, r->max_memory_pages, err) != 0) goto fail;
    ctx->memories[i] = m;
  }
  void **elems = (void **)(block + l.tab_elems);
  for (uint32_t i = desc->num_imported_tables; i < desc->num_tables; i++) {
    const awsm_table_desc *td = &desc->tables[i];
    rt_table *t = &r->table_objs[i - desc->num_imported_tables];
    uint32_t inline_elems = rt_table_inline_elems(td, r->max_table_elems);
    if (rt_table_init(t, td->elem_type, td->addr64, td->min, td->has_max, td->max, r->max_table_elems,
                      inline_elems ? elems : NULL, err) != 0)
      goto fail;
    elems += inline_elems;
    t->pub.ref_type = td->ref_type;
    ctx->tables[i] = &t->pub;
  }
  for (uint32_t i = desc->num_imported_globals; i < desc->num_globals; i++)
    ctx->globals[i] = &r->global_cells[i - desc->num_imported_globals];
  /* Defined tags: one object each, per instance (tag identity is per instance). */
  awsm_tag *tag_objs = (awsm_tag *)(block + l.tag_objs);
  for (uint32_t i = desc->num_imported_tags; i < desc->num_tags; i++) {
    tag_objs[i - desc->num_imported_tags].sig = desc->tags[i].sig;
    ctx->tags[i] = &tag_objs[i - desc->num_imported_tags];
  }
  for (uint32_t i = desc->num_imported_funcs; i < desc->num_funcs; i++) {
    awsm_func *f = &r->func_objs[i - desc->num_imported_funcs];
    f->sig = desc->funcs[i].sig;
    f->code = desc->funcs[i].code;
    f->ctx = ctx;
    f->tramp = desc->funcs[i].tramp;
    f->funcidx = i;
    f->tail = desc->tails != NULL ? desc->tails[i - desc->num_imported_funcs] : NULL;
    ctx->funcs[i] = f;
  }
  void **items = (void **)(block + l.items);
  for (uint32_t i = 0; i < desc->num_elems; i++) {
    uint32_t n = desc->elems[i].count;
    ctx->elems[i].items = n != 0 ? items : NULL;
    ctx->elems[i].count = n;
    items += n;
  }
  /* AWSM_MODULE_DATA_PACKED: segment i starts where segment i - 1 ends. */
  const uint8_t *packed = (desc->flags & AWSM_MODULE_DATA_PACKED) && desc->num_datas > 0 ? desc->datas[0].bytes : NULL;
  for (uint32_t i = 0; i < desc->num_datas; i++) {
    ctx->datas[i].bytes = packed != NULL ? packed : desc->datas[i].bytes;
    ctx->datas[i].len = desc->datas[i].len;
    if (packed != NULL) packed += desc->datas[i].len;
  }
  if (desc->num_memories > 0) ctx->mem0_base = ctx->memories[0]->base;
  if (desc->num_types > 0 && rt_gc_intern_types(desc, ctx->rtts, err) != 0) goto fail;
  if (heap != NULL) rt_gc_attach(r, heap);

  /* Stack limits for this thread, group-wide (linking may have merged groups). */
  rt_group_set_stack_limit(r, rt_thread_enter());

  /* Initialisation and start, under a trap handler. */
  if (desc->init != NULL && rt_call_protected(ctx, init_thunk, ctx, 0, err) != 0) {
    err->instance = ctx;
    return NULL;
  }
  if (desc->start_funcidx >= 0) {
    awsm_value none[1];
    if (awsm_call(ctx, ctx->funcs[desc->start_funcidx], none, err) != 0) {
      err->instance = ctx;
      return NULL;
    }
  }
  return ctx;

fail:
  awsm_instance_free(ctx);
  return NULL;
}

void awsm_instance_free(awsm_instance *inst) {
  if (inst == NULL) return;
  rt_instance *r = rt_of(inst);
  const awsm_module_desc *desc = inst->module;
  for (uint32_t k = 0; k < r->num_peers; k++) peer_remove(r->peers[k], r);
  free(r->peers);
  rt_gc_detach(r);
  for (uint32_t i = desc->num_imported_memories; i < desc->num_memories; i++)
    rt_memory_fini(&r->memory_objs[i - desc->num_imported_memories]);
  for (uint32_t i = desc->num_imported_tables; i < desc->num_tables; i++)
    rt_table_fini(&r->table_objs[i - desc->num_imported_tables]);
  for (rt_host_func *h = r->host_funcs; h != NULL;) {
    rt_host_func *next = h->next;
    free(h);
    h = next;
  }
  for (rt_host_tag *h = r->host_tags; h != NULL;) {
    rt_host_tag *next = h->next;
    free(h);
    h = next;
  }
  awsm_module *lib = r->lib;
  free(r);
  if (lib != NULL) rt_module_release(lib);
}

void *awsm_instance_user(const awsm_instance *inst) { return inst == NULL ? NULL : ((const rt_instance *)inst)->user; }

void awsm_instance_set_user(awsm_instance *inst, void *user) {
  if (inst != NULL) rt_of(inst)->user = user;
}

/* ---- exports and host functions ---- */

int awsm_instance_export(awsm_instance *inst, const char *name, size_t len, awsm_extern *out) {
  const awsm_module_desc *desc = inst->module;
  for (uint32_t i = 0; i < desc->num_exports; i++) {
    const awsm_export_desc *e = &desc->exports[i];
    if (e->name_len != len || (len != 0 && memcmp(e->name, name, len) != 0)) continue;
    memset(out, 0, sizeof *out);
    out->kind = e->kind;
    out->instance = inst;
    switch (e->kind) {
      case AWSM_EXTERN_FUNC: out->u.func = inst->funcs[e->index]; break;
      case AWSM_EXTERN_TABLE: out->u.table = inst->tables[e->index]; break;
      case AWSM_EXTERN_MEMORY: out->u.memory = inst->memories[e->index]; break;
      case AWSM_EXTERN_GLOBAL:
        out->u.global.cell = inst->globals[e->index];
        out->u.global.type = desc->globals[e->index].type;
        out->u.global.mutable_ = desc->globals[e->index].mutable_;
        out->u.global.ref_type = desc->globals[e->index].ref_type;
        break;
      case AWSM_EXTERN_TAG: out->u.tag = inst->tags[e->index]; break;
      default: return 0;
    }
    return 1;
  }
  return 0;
}

/* A host tag (awsm_tag_new), freed with the instance. */
awsm_tag *rt_tag_alloc(rt_instance *r, const char *sig) {
  rt_host_tag *h = calloc(1, sizeof *h);
  if (h == NULL) return NULL;
  h->tag.sig = sig;
  h->next = r->host_tags;
  r->host_tags = h;
  return &h->tag;
}

awsm_func *awsm_instance_host_func(awsm_instance *owner, const char *sig, void *code, awsm_trampoline tramp,
                                   void *ctx) {
  rt_instance *r = rt_of(owner);
  if (tramp == NULL) tramp = awsm_host_trampoline(sig);
  if (tramp == NULL || owner == NULL) return NULL;
  rt_host_func *h = calloc(1, sizeof *h);
  if (h == NULL) return NULL;
  h->func.sig = sig;
  h->func.code = code;
  h->func.ctx = ctx;
  h->func.tramp = tramp;
  h->func.funcidx = UINT32_MAX;
  h->code = code;
  h->ctx = ctx;
  rt_host_func_wrap(h);
  h->next = r->host_funcs;
  r->host_funcs = h;
  return &h->func;
}
