/*
 * wasi2_state.c — the WASI 0.2 host's state (awsm_wasi2), its handle table, the
 * `[resource-drop]R` functions, and awsm_wasi2_lookup.
 *
 * Handles. The host's resources (streams, pollables, descriptors, ...) live in one table per
 * awsm_wasi2, as the Component Model's current canonical ABI has one table per component
 * instance: a handle is an index (1, 2, ...; 0 is never one), its slot records the resource
 * type, and a handle used as another type, never created or already dropped traps. Freed
 * slots are reused, the most recently freed first (a free list). Every handle the host gives is an `own`:
 * no WASI 0.2 function gives a borrow, and the borrows a guest passes (`self` of a method,
 * `borrow<descriptor>` of rename-at) last for the call only, during which the host never
 * calls back into the guest except for realloc (which cannot drop a handle of this table:
 * `canon resource.drop` of an imported resource comes back here, and realloc imports none).
 * So the borrow counts of the ABI never rise above zero here, and resource-drop of an own
 * handle always succeeds.
 *
 * Objects are reference counted (wasi2_internal.h): dropping the handle of a descriptor
 * while a stream made from it lives keeps the host file open until the stream goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasi2_internal.h"
#include "wasi2_tramp.h"

static const char *const kind_names[WASI2_KIND_COUNT] = {
    [WASI2_FREE] = "(free)",
    [WASI2_ERROR] = "error",
    [WASI2_POLLABLE] = "pollable",
    [WASI2_INPUT_STREAM] = "input-stream",
    [WASI2_OUTPUT_STREAM] = "output-stream",
    [WASI2_TERMINAL_INPUT] = "terminal-input",
    [WASI2_TERMINAL_OUTPUT] = "terminal-output",
    [WASI2_DESCRIPTOR] = "descriptor",
    [WASI2_DIR_STREAM] = "directory-entry-stream",
    [WASI2_NETWORK] = "network",
    [WASI2_TCP_SOCKET] = "tcp-socket",
};

const char *wasi2_kind_name(wasi2_kind k) { return k < WASI2_KIND_COUNT ? kind_names[k] : "?"; }

/* ---- objects ---- */

void *wasi2_obj_new(wasi2_kind k, size_t size) {
  wasi2_obj *obj = calloc(1, size);
  if (obj == NULL) return NULL;
  obj->kind = k;
  obj->refs = 1;
  return obj;
}

void wasi2_obj_ref(wasi2_obj *obj) { obj->refs++; }

void wasi2_obj_release(wasi2_obj *obj) {
  if (obj == NULL || --obj->refs > 0) return;
  switch ((wasi2_kind)obj->kind) {
    case WASI2_POLLABLE: wasi2_obj_release(((wasi2_pollable *)obj)->owner); break;
    case WASI2_INPUT_STREAM:
    case WASI2_OUTPUT_STREAM: wasi2_obj_release(((wasi2_stream *)obj)->owner); break;
    case WASI2_DESCRIPTOR: close(((wasi2_file *)obj)->fd); break;
    case WASI2_TCP_SOCKET:
      if (((wasi2_tcp *)obj)->fd >= 0) close(((wasi2_tcp *)obj)->fd);
      break;
    case WASI2_DIR_STREAM: {
      wasi2_dir_stream *d = (wasi2_dir_stream *)obj;
      if (d->dir != NULL) closedir(d->dir);
      break;
    }
    default: break;
  }
  free(obj);
}

/* ---- the handle table ---- */

uint32_t wasi2_handle_new(const awsm_canon_opts *o, wasi2_obj *obj) {
  awsm_wasi2 *w = wasi2_of(o);
  if (w->in_realloc) wasi2_obj_release(obj);
  wasi2_check_leave(o);
  if (w->free_head == 0) {
    uint32_t n = w->nslots == 0 ? 16 : w->nslots * 2;
    wasi2_slot *s = n > WASI2_MAX_HANDLES + 1 ? NULL : realloc(w->slots, n * sizeof *s);
    if (s == NULL) {
      wasi2_obj_release(obj);
      awsm_trap_host(NULL, "WASI 0.2 host: too many handles (%u live)", w->live);
    }
    /* Chain the new slots (slot 0 stays unused), lowest first. */
    for (uint32_t i = n - 1; i >= (w->nslots == 0 ? 1 : w->nslots); i--) {
      s[i].obj = NULL;
      s[i].next_free = w->free_head;
      w->free_head = i;
    }
    if (w->nslots == 0) s[0].obj = NULL, s[0].next_free = 0;
    w->slots = s;
    w->nslots = n;
  }
  uint32_t h = w->free_head;
  w->free_head = w->slots[h].next_free;
  w->slots[h].obj = obj;
  w->slots[h].next_free = 0;
  w->live++;
  return h;
}

wasi2_obj *wasi2_handle_get(const awsm_canon_opts *o, uint32_t h, wasi2_kind k) {
  awsm_wasi2 *w = wasi2_of(o);
  wasi2_check_leave(o);
  wasi2_obj *obj = h < w->nslots ? w->slots[h].obj : NULL;
  if (obj == NULL)
    awsm_trap_host(NULL, "WASI 0.2: unknown handle %u (expected a %s: never created, or dropped)", h,
                   wasi2_kind_name(k));
  if (obj->kind != k)
    awsm_trap_host(NULL, "WASI 0.2: handle %u is a %s, not a %s", h, wasi2_kind_name(obj->kind), wasi2_kind_name(k));
  return obj;
}

/* `canon resource.drop` of an own handle: the slot is freed, the object released. */
static void handle_drop(const awsm_canon_opts *o, uint32_t h, wasi2_kind k) {
  awsm_wasi2 *w = wasi2_of(o);
  wasi2_obj *obj = wasi2_handle_get(o, h, k);
  w->slots[h].obj = NULL;
  w->slots[h].next_free = w->free_head;
  w->free_head = h;
  w->live--;
  wasi2_obj_release(obj);
}

static void drop_error(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_ERROR); }
static void drop_pollable(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_POLLABLE); }
static void drop_input_stream(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_INPUT_STREAM); }
static void drop_output_stream(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_OUTPUT_STREAM); }
static void drop_terminal_input(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_TERMINAL_INPUT); }
static void drop_terminal_output(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_TERMINAL_OUTPUT); }
static void drop_descriptor(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_DESCRIPTOR); }
static void drop_dir_stream(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_DIR_STREAM); }
static void drop_network(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_NETWORK); }
static void drop_tcp_socket(const awsm_canon_opts *o, uint32_t h) { handle_drop(o, h, WASI2_TCP_SOCKET); }

static const wasi2_fn drop_fns[] = {
    {"wasi:io/error", "[resource-drop]error", "i:", (void *)drop_error, wasi2_tramp_i_},
    {"wasi:io/poll", "[resource-drop]pollable", "i:", (void *)drop_pollable, wasi2_tramp_i_},
    {"wasi:io/streams", "[resource-drop]input-stream", "i:", (void *)drop_input_stream, wasi2_tramp_i_},
    {"wasi:io/streams", "[resource-drop]output-stream", "i:", (void *)drop_output_stream, wasi2_tramp_i_},
    {"wasi:cli/terminal-input", "[resource-drop]terminal-input", "i:", (void *)drop_terminal_input, wasi2_tramp_i_},
    {"wasi:cli/terminal-output", "[resource-drop]terminal-output", "i:", (void *)drop_terminal_output, wasi2_tramp_i_},
    {"wasi:filesystem/types", "[resource-drop]descriptor", "i:", (void *)drop_descriptor, wasi2_tramp_i_},
    {"wasi:filesystem/types", "[resource-drop]directory-entry-stream", "i:", (void *)drop_dir_stream, wasi2_tramp_i_},
    {"wasi:sockets/network", "[resource-drop]network", "i:", (void *)drop_network, wasi2_tramp_i_},
    {"wasi:sockets/tcp", "[resource-drop]tcp-socket", "i:", (void *)drop_tcp_socket, wasi2_tramp_i_},
};

/* ---- state ---- */

awsm_wasi2 *awsm_wasi2_new(awsm_wasi *base, awsm_error *err) {
  awsm_wasi2 *w = calloc(1, sizeof *w);
  if (w == NULL || base == NULL) {
    free(w);
    rt_error_set(err, base == NULL ? AWSM_ERR_INVALID : AWSM_ERR_RESOURCE,
                 base == NULL ? "awsm_wasi2_new: no preview1 state" : "out of memory");
    return NULL;
  }
  w->base = base;
  /* The preopened directories of the preview1 state, each with a descriptor of our own (the
   * guest may close the preview1 one). Taken now: preopen before making the host. */
  uint32_t n = 0, slots = base->nfds; /* nothing runs yet: the table cannot change under us */
  for (uint32_t i = 0; i < slots; i++) {
    wasi_fd *e = wasi_fd_acquire(base, i);
    n += e != NULL && e->preopen != NULL;
    wasi_fd_drop(e);
  }
  w->preopens = calloc(n > 0 ? n : 1, sizeof *w->preopens);
  if (w->preopens == NULL) goto oom;
  for (uint32_t i = 0; i < slots && w->npreopens < n; i++) {
    wasi_fd *e = wasi_fd_acquire(base, i);
    if (e == NULL || e->preopen == NULL) {
      wasi_fd_drop(e);
      continue;
    }
    wasi2_preopen *p = &w->preopens[w->npreopens];
    p->fd = fcntl(e->host, F_DUPFD_CLOEXEC, 3);
    if (p->fd < 0) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "cannot duplicate the descriptor of preopened '%s': %s", e->preopen,
                   strerror(errno));
      wasi_fd_drop(e);
      awsm_wasi2_free(w);
      return NULL;
    }
    p->name = strdup(e->preopen);
    wasi_fd_drop(e);
    w->npreopens++;
    if (p->name == NULL) goto oom;
  }
  if (wasi2_take_listeners(w, err) != 0) {
    awsm_wasi2_free(w);
    return NULL;
  }
  return w;
oom:
  awsm_wasi2_free(w);
  rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
  return NULL;
}

void awsm_wasi2_free(awsm_wasi2 *w) {
  if (w == NULL) return;
  for (uint32_t h = 1; h < w->nslots; h++) wasi2_obj_release(w->slots[h].obj);
  free(w->slots);
  for (uint32_t i = 0; i < w->npreopens; i++) {
    close(w->preopens[i].fd);
    free(w->preopens[i].name);
  }
  free(w->preopens);
  for (uint32_t i = 0; i < w->nlisteners; i++) close(w->listeners[i].fd);
  free(w->listeners);
  for (size_t i = 0; i < sizeof w->scratch / sizeof w->scratch[0]; i++) free(w->scratch[i].data);
  free(w);
}

/* ---- lookup ---- */

static const struct {
  const wasi2_fn *fns;
  const size_t *count;
} tables[] = {
    {drop_fns, NULL},
    {wasi2_cli_fns, &wasi2_cli_fns_count},
    {wasi2_io_fns, &wasi2_io_fns_count},
    {wasi2_fs_fns, &wasi2_fs_fns_count},
    {wasi2_fs_path_fns, &wasi2_fs_path_fns_count},
    {wasi2_sock_fns, &wasi2_sock_fns_count},
};

/* "0.2.N" with N a decimal number: the versions whose interfaces this host implements. */
static int version_ok(const char *v) {
  if (strncmp(v, "0.2.", 4) != 0 || v[4] == '\0') return 0;
  for (const char *c = v + 4; *c != '\0'; c++)
    if (*c < '0' || *c > '9') return 0;
  return v[4] != '0' || v[5] == '\0';
}

int awsm_wasi2_lookup(const char *iface, const char *name, awsm_wasi2_func *out) {
  if (iface == NULL || name == NULL || out == NULL) return -1;
  const char *at = strchr(iface, '@');
  if (at == NULL || !version_ok(at + 1)) return -1;
  size_t ilen = (size_t)(at - iface);
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
    size_t n = tables[t].count ? *tables[t].count : sizeof drop_fns / sizeof drop_fns[0];
    for (size_t i = 0; i < n; i++) {
      const wasi2_fn *f = &tables[t].fns[i];
      if (strlen(f->iface) == ilen && memcmp(f->iface, iface, ilen) == 0 && strcmp(f->name, name) == 0) {
        out->sig = f->sig;
        out->code = f->code;
        out->tramp = f->tramp;
        return 0;
      }
    }
  }
  return -1;
}
