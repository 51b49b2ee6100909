/*
 * wasi_table.c — the WASI descriptor table: guest descriptor numbers to reference-counted
 * entries, safe to use from every thread of a wasi-threads program at once (the design is in
 * wasi_internal.h and docs/threads.md, "The WASI descriptor table"). The table lock guards
 * only the slot array and is never held across a host call; an entry's host descriptor is
 * closed when its last reference is dropped.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasi_internal.h"

wasi_fd *wasi_fd_acquire(awsm_wasi *w, uint32_t fd) {
  pthread_mutex_lock(&w->lock);
  wasi_fd *e = fd < w->nfds ? w->fds[fd] : NULL;
  if (e != NULL) __atomic_add_fetch(&e->refs, 1, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&w->lock);
  return e;
}

uint32_t wasi_fd_lookup(awsm_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out) {
  wasi_fd *e = wasi_fd_acquire(w, fd);
  if (e == NULL) return WASI_EBADF;
  if ((wasi_rights_base(e) & rights) != rights) {
    wasi_fd_drop(e);
    return WASI_ENOTCAPABLE;
  }
  *out = e;
  return WASI_ESUCCESS;
}

void wasi_fd_drop(wasi_fd *e) {
  if (e == NULL || __atomic_sub_fetch(&e->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
  if (e->dir != NULL) closedir(e->dir);
  if (e->owned) close(e->host);
  free(e->preopen);
  pthread_mutex_destroy(&e->lock);
  free(e);
}

wasi_fd *wasi_fd_new(const wasi_fd *proto) {
  wasi_fd *e = malloc(sizeof *e);
  if (e == NULL) return NULL;
  *e = *proto;
  e->refs = 1; /* the slot's */
  e->dir = NULL;
  pthread_mutex_init(&e->lock, NULL);
  return e;
}

int32_t wasi_fd_insert(awsm_wasi *w, const wasi_fd *proto) {
  wasi_fd *e = wasi_fd_new(proto);
  if (e == NULL) return -1;
  pthread_mutex_lock(&w->lock);
  uint32_t i = w->lowest_free;
  while (i < w->nfds && w->fds[i] != NULL) i++;
  if (i == w->nfds) {
    /* Only the slot array moves; the entries other threads hold stay where they are. */
    uint32_t n = w->nfds * 2;
    wasi_fd **fds = w->nfds >= (1u << 20) ? NULL : realloc(w->fds, n * sizeof *fds);
    if (fds == NULL) {
      pthread_mutex_unlock(&w->lock);
      pthread_mutex_destroy(&e->lock);
      free(e);
      return -1;
    }
    memset(fds + w->nfds, 0, (n - w->nfds) * sizeof *fds);
    w->fds = fds;
    w->nfds = n;
  }
  w->fds[i] = e;
  w->lowest_free = i + 1;
  pthread_mutex_unlock(&w->lock);
  return (int32_t)i;
}

uint32_t wasi_fd_close(awsm_wasi *w, uint32_t fd) {
  pthread_mutex_lock(&w->lock);
  wasi_fd *e = fd < w->nfds ? w->fds[fd] : NULL;
  if (e != NULL) {
    w->fds[fd] = NULL;
    if (fd < w->lowest_free) w->lowest_free = fd;
  }
  pthread_mutex_unlock(&w->lock);
  if (e == NULL) return WASI_EBADF;
  wasi_fd_drop(e); /* the slot's reference; the host descriptor closes with the last one */
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_renumber(awsm_wasi *w, uint32_t from, uint32_t to) {
  pthread_mutex_lock(&w->lock);
  wasi_fd *a = from < w->nfds ? w->fds[from] : NULL, *b = to < w->nfds ? w->fds[to] : NULL;
  int ok = a != NULL && b != NULL;
  if (ok && from != to) {
    w->fds[to] = a;
    w->fds[from] = NULL;
    if (from < w->lowest_free) w->lowest_free = from;
  }
  pthread_mutex_unlock(&w->lock);
  if (!ok) return WASI_EBADF;
  if (from != to) wasi_fd_drop(b);
  return WASI_ESUCCESS;
}
