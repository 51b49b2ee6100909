/*
 * wasi.c — WASI preview1 ("wasi_snapshot_preview1") host functions.
 *
 * Minimal set for now: the standard streams (fd_write, fd_close, fd_fdstat_get, fd_seek),
 * arguments and environment, proc_exit. The rest of preview1 (files through preopened
 * directories, clocks, random, poll) is to come; functions not in the table below are
 * "unknown import" at instantiation, never silently stubbed.
 *
 * Every host function receives the importing instance (its function object's ctx) and finds
 * the WASI state in ctx->host. Guest pointers are checked against the current size of memory
 * 0 before use (64-bit arithmetic): a bad pointer returns EFAULT, it never traps or faults.
 * To add a function: write it, add a trampoline for its signature if new, add a table row.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

/* Errno values of preview1 (wasi/api.h). */
enum {
  WASI_ESUCCESS = 0,
  WASI_EACCES = 2,
  WASI_EAGAIN = 6,
  WASI_EBADF = 8,
  WASI_EFAULT = 21,
  WASI_EFBIG = 22,
  WASI_EINTR = 27,
  WASI_EINVAL = 28,
  WASI_EIO = 29,
  WASI_ENOSPC = 51,
  WASI_ENOSYS = 52,
  WASI_EOVERFLOW = 61,
  WASI_EPERM = 63,
  WASI_EPIPE = 64,
  WASI_ESPIPE = 70,
};

enum {
  WASI_FILETYPE_UNKNOWN = 0,
  WASI_FILETYPE_BLOCK_DEVICE = 1,
  WASI_FILETYPE_CHARACTER_DEVICE = 2,
  WASI_FILETYPE_DIRECTORY = 3,
  WASI_FILETYPE_REGULAR_FILE = 4,
  WASI_FILETYPE_SOCKET_STREAM = 6,
};

#define WASI_RIGHT_FD_READ (1ull << 1)
#define WASI_RIGHT_FD_WRITE (1ull << 6)
#define WASI_RIGHT_POLL_FD_READWRITE (1ull << 27)

#define WASI_NUM_STDIO 3

struct awsm_wasi {
  uint32_t argc, envc;
  char **argv, **envp;
  uint64_t argv_buf_size, env_buf_size;
  uint8_t stdio_closed[WASI_NUM_STDIO];
};

static char **copy_strings(int n, const char *const *src, uint64_t *total, int *ok) {
  *total = 0;
  char **out = calloc((size_t)n + 1, sizeof(char *));
  if (out == NULL) {
    *ok = 0;
    return NULL;
  }
  for (int i = 0; i < n; i++) {
    out[i] = strdup(src[i] ? src[i] : "");
    if (out[i] == NULL) {
      *ok = 0;
      return out;
    }
    *total += strlen(out[i]) + 1;
  }
  return out;
}

static void free_strings(char **v) {
  if (v == NULL) return;
  for (char **p = v; *p != NULL; p++) free(*p);
  free(v);
}

awsm_wasi *awsm_wasi_new(int argc, const char *const *argv, int envc, const char *const *envp) {
  awsm_wasi *w = calloc(1, sizeof *w);
  if (w == NULL) return NULL;
  int ok = 1;
  if (argc < 0) argc = 0;
  if (envc < 0) envc = 0;
  w->argc = (uint32_t)argc;
  w->envc = (uint32_t)envc;
  w->argv = copy_strings(argc, argv, &w->argv_buf_size, &ok);
  if (ok) w->envp = copy_strings(envc, envp, &w->env_buf_size, &ok);
  if (!ok) {
    awsm_wasi_free(w);
    return NULL;
  }
  return w;
}

void awsm_wasi_free(awsm_wasi *w) {
  if (w == NULL) return;
  free_strings(w->argv);
  free_strings(w->envp);
  free(w);
}

/* ---- guest memory access ---- */

/* The host address of guest range [ptr, ptr + len) in memory 0, or NULL if out of bounds. */
static uint8_t *guest(awsm_instance *ctx, uint32_t ptr, uint64_t len) {
  if (ctx->module->num_memories == 0) return NULL;
  awsm_memory *m = ctx->memories[0];
  if ((uint64_t)ptr + len > m->size) return NULL;
  return m->base + ptr;
}

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get_u32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static awsm_wasi *state(awsm_instance *ctx) { return ctx->host; }

static uint32_t errno_to_wasi(int e) {
  switch (e) {
    case EACCES: return WASI_EACCES;
    case EAGAIN: return WASI_EAGAIN;
    case EBADF: return WASI_EBADF;
    case EFAULT: return WASI_EFAULT;
    case EFBIG: return WASI_EFBIG;
    case EINTR: return WASI_EINTR;
    case EINVAL: return WASI_EINVAL;
    case ENOSPC: return WASI_ENOSPC;
    case EPERM: return WASI_EPERM;
    case EPIPE: return WASI_EPIPE;
    case ESPIPE: return WASI_ESPIPE;
    case EOVERFLOW: return WASI_EOVERFLOW;
    default: return WASI_EIO;
  }
}

/* The host descriptor behind WASI fd, or -1 (EBADF). Only the standard streams for now. */
static int host_fd(awsm_wasi *w, uint32_t fd) {
  if (fd < WASI_NUM_STDIO && !w->stdio_closed[fd]) return (int)fd;
  return -1;
}

/* ---- the functions ---- */

/* fd_write(fd, iovs, iovs_len, nwritten) -> errno */
static uint32_t wasi_fd_write(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten) {
  int hfd = host_fd(state(ctx), fd);
  if (hfd < 0) return WASI_EBADF;
  const uint8_t *vec = guest(ctx, iovs, (uint64_t)iovs_len * 8);
  uint8_t *out = guest(ctx, nwritten, 4);
  if (vec == NULL || out == NULL) return WASI_EFAULT;
  for (uint32_t i = 0; i < iovs_len; i++) {
    uint32_t buf = get_u32(vec + 8 * i), len = get_u32(vec + 8 * i + 4);
    if (guest(ctx, buf, len) == NULL) return WASI_EFAULT;
  }
  /* Write in batches of host iovecs; a short write ends the call (POSIX semantics, the
   * caller retries with the rest). */
  enum { BATCH = 64 };
  struct iovec hv[BATCH];
  uint64_t written = 0;
  uint32_t i = 0;
  while (i < iovs_len) {
    uint32_t n = 0;
    uint64_t want = 0;
    for (; i < iovs_len && n < BATCH; i++) {
      uint32_t buf = get_u32(vec + 8 * i), len = get_u32(vec + 8 * i + 4);
      if (len == 0) continue;
      hv[n].iov_base = guest(ctx, buf, len);
      hv[n].iov_len = len;
      want += len;
      n++;
    }
    if (n == 0) break;
    ssize_t r;
    do r = writev(hfd, hv, (int)n);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
      if (written > 0) break;
      return errno_to_wasi(errno);
    }
    written += (uint64_t)r;
    if ((uint64_t)r < want) break;
  }
  put_u32(out, (uint32_t)written);
  return WASI_ESUCCESS;
}

/* fd_close(fd) -> errno. The host's standard streams stay open; the guest loses them. */
static uint32_t wasi_fd_close(awsm_instance *ctx, uint32_t fd) {
  awsm_wasi *w = state(ctx);
  if (host_fd(w, fd) < 0) return WASI_EBADF;
  w->stdio_closed[fd] = 1;
  return WASI_ESUCCESS;
}

/* fd_fdstat_get(fd, buf) -> errno; buf: u8 filetype, u16 flags @2, u64 rights @8, @16. */
static uint32_t wasi_fd_fdstat_get(awsm_instance *ctx, uint32_t fd, uint32_t buf) {
  int hfd = host_fd(state(ctx), fd);
  if (hfd < 0) return WASI_EBADF;
  uint8_t *p = guest(ctx, buf, 24);
  if (p == NULL) return WASI_EFAULT;
  uint8_t type = WASI_FILETYPE_UNKNOWN;
  struct stat st;
  if (fstat(hfd, &st) == 0) {
    if (S_ISCHR(st.st_mode)) type = WASI_FILETYPE_CHARACTER_DEVICE;
    else if (S_ISREG(st.st_mode)) type = WASI_FILETYPE_REGULAR_FILE;
    else if (S_ISBLK(st.st_mode)) type = WASI_FILETYPE_BLOCK_DEVICE;
    else if (S_ISDIR(st.st_mode)) type = WASI_FILETYPE_DIRECTORY;
    else if (S_ISSOCK(st.st_mode)) type = WASI_FILETYPE_SOCKET_STREAM;
  }
  /* Streams: no seek/tell rights, so wasi-libc treats them as such (line-buffers a tty). */
  uint64_t rights = (fd == 0 ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE) | WASI_RIGHT_POLL_FD_READWRITE;
  memset(p, 0, 24);
  p[0] = type;
  put_u64(p + 8, rights);
  put_u64(p + 16, 0);
  return WASI_ESUCCESS;
}

/* fd_seek(fd, offset, whence, newoffset) -> errno. The standard streams are not seekable. */
static uint32_t wasi_fd_seek(awsm_instance *ctx, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset) {
  (void)offset;
  (void)newoffset;
  if (host_fd(state(ctx), fd) < 0) return WASI_EBADF;
  if (whence > 2) return WASI_EINVAL;
  return WASI_ESPIPE;
}

/* proc_exit(code): unwinds to the host's awsm_call, which reports AWSM_ERR_EXIT. */
static void wasi_proc_exit(awsm_instance *ctx, uint32_t code) { awsm_trap_exit(ctx, (int32_t)code); }

/* Writes count pointers at vec and the strings (NUL-terminated) at buf. */
static uint32_t put_strings(awsm_instance *ctx, char *const *strs, uint32_t count, uint64_t buf_size, uint32_t vec,
                            uint32_t buf) {
  uint8_t *pv = guest(ctx, vec, (uint64_t)count * 4);
  uint8_t *pb = guest(ctx, buf, buf_size);
  if (pv == NULL || pb == NULL) return WASI_EFAULT;
  uint64_t off = 0;
  for (uint32_t i = 0; i < count; i++) {
    size_t len = strlen(strs[i]) + 1;
    put_u32(pv + 4 * i, (uint32_t)(buf + off));
    memcpy(pb + off, strs[i], len);
    off += len;
  }
  return WASI_ESUCCESS;
}

static uint32_t put_sizes(awsm_instance *ctx, uint32_t count, uint64_t buf_size, uint32_t count_ptr,
                          uint32_t size_ptr) {
  uint8_t *pc = guest(ctx, count_ptr, 4);
  uint8_t *ps = guest(ctx, size_ptr, 4);
  if (pc == NULL || ps == NULL) return WASI_EFAULT;
  if (buf_size > UINT32_MAX) return WASI_EOVERFLOW;
  put_u32(pc, count);
  put_u32(ps, (uint32_t)buf_size);
  return WASI_ESUCCESS;
}

static uint32_t wasi_args_sizes_get(awsm_instance *ctx, uint32_t argc_ptr, uint32_t size_ptr) {
  awsm_wasi *w = state(ctx);
  return put_sizes(ctx, w->argc, w->argv_buf_size, argc_ptr, size_ptr);
}

static uint32_t wasi_args_get(awsm_instance *ctx, uint32_t argv, uint32_t buf) {
  awsm_wasi *w = state(ctx);
  return put_strings(ctx, w->argv, w->argc, w->argv_buf_size, argv, buf);
}

static uint32_t wasi_environ_sizes_get(awsm_instance *ctx, uint32_t count_ptr, uint32_t size_ptr) {
  awsm_wasi *w = state(ctx);
  return put_sizes(ctx, w->envc, w->env_buf_size, count_ptr, size_ptr);
}

static uint32_t wasi_environ_get(awsm_instance *ctx, uint32_t environ, uint32_t buf) {
  awsm_wasi *w = state(ctx);
  return put_strings(ctx, w->envp, w->envc, w->env_buf_size, environ, buf);
}

/* ---- trampolines, one per signature ---- */

static void tramp_i_(void *code, void *ctx, awsm_value *a) {
  ((void (*)(void *, uint32_t))code)(ctx, a[0].i32);
}
static void tramp_i_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t))code)(ctx, a[0].i32);
}
static void tramp_ii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32);
}
static void tramp_iiii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i32, a[2].i32,
                                                                                  a[3].i32);
}
static void tramp_iIii_i(void *code, void *ctx, awsm_value *a) {
  a[0].i32 = ((uint32_t(*)(void *, uint32_t, uint64_t, uint32_t, uint32_t))code)(ctx, a[0].i32, a[1].i64, a[2].i32,
                                                                                  a[3].i32);
}

typedef struct wasi_fn {
  const char *name;
  const char *sig;
  void *code;
  awsm_trampoline tramp;
} wasi_fn;

static const wasi_fn wasi_fns[] = {
    {"args_get", "ii:i", (void *)wasi_args_get, tramp_ii_i},
    {"args_sizes_get", "ii:i", (void *)wasi_args_sizes_get, tramp_ii_i},
    {"environ_get", "ii:i", (void *)wasi_environ_get, tramp_ii_i},
    {"environ_sizes_get", "ii:i", (void *)wasi_environ_sizes_get, tramp_ii_i},
    {"fd_close", "i:i", (void *)wasi_fd_close, tramp_i_i},
    {"fd_fdstat_get", "ii:i", (void *)wasi_fd_fdstat_get, tramp_ii_i},
    {"fd_seek", "iIii:i", (void *)wasi_fd_seek, tramp_iIii_i},
    {"fd_write", "iiii:i", (void *)wasi_fd_write, tramp_iiii_i},
    {"proc_exit", "i:", (void *)wasi_proc_exit, tramp_i_},
};

#define WASI_MODULE "wasi_snapshot_preview1"

int awsm_wasi_resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                      awsm_error *err) {
  awsm_wasi *w = data;
  size_t mlen = sizeof WASI_MODULE - 1;
  if (imp->module_len != mlen || memcmp(imp->module, WASI_MODULE, mlen) != 0) return 0;
  const wasi_fn *fn = NULL;
  for (size_t i = 0; i < sizeof wasi_fns / sizeof wasi_fns[0]; i++) {
    if (strlen(wasi_fns[i].name) == imp->name_len && memcmp(wasi_fns[i].name, imp->name, imp->name_len) == 0) {
      fn = &wasi_fns[i];
      break;
    }
  }
  if (fn == NULL) return 0;
  if (imp->kind != AWSM_EXTERN_FUNC) {
    rt_error_set(err, AWSM_ERR_LINK,
                 "incompatible import type \"" WASI_MODULE "\".\"%s\": WASI provides a function (signature %s)",
                 fn->name, fn->sig);
    return -1;
  }
  const char *want = importer->module->funcs[imp->index].sig;
  if (!awsm_sig_eq(want, fn->sig)) {
    rt_error_set(err, AWSM_ERR_LINK,
                 "incompatible import type \"" WASI_MODULE "\".\"%s\": the module expects signature %s, WASI provides %s",
                 fn->name, want ? want : "?", fn->sig);
    return -1;
  }
  if (importer->host == NULL) importer->host = w;
  if (importer->host != w) {
    rt_error_set(err, AWSM_ERR_INVALID, "WASI import \"%s\": the instance's host state is not this WASI state",
                 fn->name);
    return -1;
  }
  awsm_func *f = awsm_instance_host_func(importer, fn->sig, fn->code, fn->tramp, importer);
  if (f == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  memset(out, 0, sizeof *out);
  out->kind = AWSM_EXTERN_FUNC;
  out->instance = NULL;
  out->u.func = f;
  return 1;
}
