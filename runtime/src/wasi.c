/*
 * wasi.c — WASI preview1 ("wasi_snapshot_preview1"): the state, the import resolver, and the
 * functions that touch no descriptor (arguments, environment, clocks, random, proc_exit,
 * proc_raise, sched_yield). The descriptor table is in wasi_table.c; the other functions live
 * by area in wasi_fd.c, wasi_path.c, wasi_poll.c and wasi_sock.c, each with a table of (name,
 * signature, function, trampoline); docs/wasi.md describes the behaviour of every function.
 *
 * Every host function receives the importing instance (its function object's ctx) and finds
 * the WASI state in ctx->host. Guest pointers are checked against the current size of memory
 * 0 before use (64-bit arithmetic): a bad pointer returns EFAULT (21), it never traps or
 * faults. Guest descriptors index a table of their own: the guest never sees a host
 * descriptor number, and a number not handed out is EBADF.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"
#include "wasi_tramp.h"

/* ---- state ---- */

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
  pthread_mutex_init(&w->lock, NULL);
  int ok = 1;
  if (argc < 0) argc = 0;
  if (envc < 0) envc = 0;
  w->argc = (uint32_t)argc;
  w->envc = (uint32_t)envc;
  w->argv = copy_strings(argc, argv, &w->argv_buf_size, &ok);
  if (ok) w->envp = copy_strings(envc, envp, &w->env_buf_size, &ok);
  if (ok) {
    w->nfds = 8;
    w->fds = calloc(w->nfds, sizeof *w->fds);
    ok = w->fds != NULL;
  }
  if (!ok) {
    awsm_wasi_free(w);
    return NULL;
  }
  /* The standard streams: the host's own descriptors, shared, never closed by the guest.
   * Streams even when redirected from or to a file (as in wasmtime): no seek or tell, so
   * the guest cannot move a file position it shares with other processes. */
  for (int i = 0; i < 3; i++) {
    if (fcntl(i, F_GETFD) < 0) continue;
    wasi_fd e = {0};
    uint64_t max_base, max_inheriting;
    e.host = i;
    e.owned = 0;
    wasi_fd_classify(&e, &max_base, &max_inheriting);
    e.seekable = 0;
    e.listener = 0;
    e.rights_base = WASI_RIGHTS_STREAM;
    e.rights_inheriting = 0;
    w->fds[i] = wasi_fd_new(&e);
    if (w->fds[i] == NULL) {
      awsm_wasi_free(w);
      return NULL;
    }
  }
  while (w->lowest_free < w->nfds && w->fds[w->lowest_free] != NULL) w->lowest_free++;
  return w;
}

void awsm_wasi_free(awsm_wasi *w) {
  if (w == NULL) return;
  free_strings(w->argv);
  free_strings(w->envp);
  for (uint32_t i = 0; w->fds != NULL && i < w->nfds; i++) wasi_fd_drop(w->fds[i]);
  free(w->fds);
  pthread_mutex_destroy(&w->lock);
  free(w);
}

uint8_t wasi_filetype_of_mode(unsigned mode) {
  if (S_ISREG(mode)) return WASI_FILETYPE_REGULAR_FILE;
  if (S_ISDIR(mode)) return WASI_FILETYPE_DIRECTORY;
  if (S_ISCHR(mode)) return WASI_FILETYPE_CHARACTER_DEVICE;
  if (S_ISBLK(mode)) return WASI_FILETYPE_BLOCK_DEVICE;
  if (S_ISSOCK(mode)) return WASI_FILETYPE_SOCKET_STREAM;
  if (S_ISLNK(mode)) return WASI_FILETYPE_SYMBOLIC_LINK;
  return WASI_FILETYPE_UNKNOWN; /* FIFOs: preview1 has no type for them */
}

void wasi_fd_classify(wasi_fd *e, uint64_t *max_base, uint64_t *max_inheriting) {
  struct stat st;
  e->filetype = WASI_FILETYPE_UNKNOWN;
  e->seekable = 0;
  e->listener = 0;
  *max_base = WASI_RIGHTS_STREAM;
  *max_inheriting = 0;
  if (fstat(e->host, &st) != 0) return;
  e->filetype = wasi_filetype_of_mode(st.st_mode);
  switch (e->filetype) {
    case WASI_FILETYPE_REGULAR_FILE:
    case WASI_FILETYPE_BLOCK_DEVICE:
      e->seekable = 1;
      *max_base = WASI_RIGHTS_REGULAR_FILE;
      break;
    case WASI_FILETYPE_DIRECTORY:
      *max_base = WASI_RIGHTS_DIRECTORY;
      *max_inheriting = WASI_RIGHTS_DIRECTORY_INHERITING;
      break;
    case WASI_FILETYPE_SOCKET_STREAM: {
      int type = 0, acc = 0;
      socklen_t len = sizeof type;
      if (getsockopt(e->host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
        e->filetype = WASI_FILETYPE_SOCKET_DGRAM;
      len = sizeof acc;
      if (getsockopt(e->host, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) == 0 && acc) e->listener = 1;
      *max_base = e->listener ? WASI_RIGHTS_LISTENER : WASI_RIGHTS_SOCKET;
      break;
    }
    default: /* terminals, pipes, other character devices: streams */
      break;
  }
}

uint32_t wasi_errno(int e) {
  switch (e) {
    case 0: return WASI_ESUCCESS;
    case E2BIG: return WASI_E2BIG;
    case EACCES: return WASI_EACCES;
    case EADDRINUSE: return WASI_EADDRINUSE;
    case EADDRNOTAVAIL: return WASI_EADDRNOTAVAIL;
    case EAFNOSUPPORT: return WASI_EAFNOSUPPORT;
    case EAGAIN: return WASI_EAGAIN;
    case EALREADY: return WASI_EALREADY;
    case EBADF: return WASI_EBADF;
    case EBADMSG: return WASI_EBADMSG;
    case EBUSY: return WASI_EBUSY;
    case ECANCELED: return WASI_ECANCELED;
    case ECHILD: return WASI_ECHILD;
    case ECONNABORTED: return WASI_ECONNABORTED;
    case ECONNREFUSED: return WASI_ECONNREFUSED;
    case ECONNRESET: return WASI_ECONNRESET;
    case EDEADLK: return WASI_EDEADLK;
    case EDESTADDRREQ: return WASI_EDESTADDRREQ;
    case EDOM: return WASI_EDOM;
    case EDQUOT: return WASI_EDQUOT;
    case EEXIST: return WASI_EEXIST;
    case EFAULT: return WASI_EFAULT;
    case EFBIG: return WASI_EFBIG;
    case EHOSTUNREACH: return WASI_EHOSTUNREACH;
    case EIDRM: return WASI_EIDRM;
    case EILSEQ: return WASI_EILSEQ;
    case EINPROGRESS: return WASI_EINPROGRESS;
    case EINTR: return WASI_EINTR;
    case EINVAL: return WASI_EINVAL;
    case EIO: return WASI_EIO;
    case EISCONN: return WASI_EISCONN;
    case EISDIR: return WASI_EISDIR;
    case ELOOP: return WASI_ELOOP;
    case EMFILE: return WASI_EMFILE;
    case EMLINK: return WASI_EMLINK;
    case EMSGSIZE: return WASI_EMSGSIZE;
    case EMULTIHOP: return WASI_EMULTIHOP;
    case ENAMETOOLONG: return WASI_ENAMETOOLONG;
    case ENETDOWN: return WASI_ENETDOWN;
    case ENETRESET: return WASI_ENETRESET;
    case ENETUNREACH: return WASI_ENETUNREACH;
    case ENFILE: return WASI_ENFILE;
    case ENOBUFS: return WASI_ENOBUFS;
    case ENODEV: return WASI_ENODEV;
    case ENOENT: return WASI_ENOENT;
    case ENOEXEC: return WASI_ENOEXEC;
    case ENOLCK: return WASI_ENOLCK;
    case ENOLINK: return WASI_ENOLINK;
    case ENOMEM: return WASI_ENOMEM;
    case ENOMSG: return WASI_ENOMSG;
    case ENOPROTOOPT: return WASI_ENOPROTOOPT;
    case ENOSPC: return WASI_ENOSPC;
    case ENOSYS: return WASI_ENOSYS;
    case ENOTCONN: return WASI_ENOTCONN;
    case ENOTDIR: return WASI_ENOTDIR;
    case ENOTEMPTY: return WASI_ENOTEMPTY;
    case ENOTRECOVERABLE: return WASI_ENOTRECOVERABLE;
    case ENOTSOCK: return WASI_ENOTSOCK;
    case ENOTSUP: return WASI_ENOTSUP; /* == EOPNOTSUPP on Linux */
    case ENOTTY: return WASI_ENOTTY;
    case ENXIO: return WASI_ENXIO;
    case EOVERFLOW: return WASI_EOVERFLOW;
    case EOWNERDEAD: return WASI_EOWNERDEAD;
    case EPERM: return WASI_EPERM;
    case EPIPE: return WASI_EPIPE;
    case EPROTO: return WASI_EPROTO;
    case EPROTONOSUPPORT: return WASI_EPROTONOSUPPORT;
    case EPROTOTYPE: return WASI_EPROTOTYPE;
    case ERANGE: return WASI_ERANGE;
    case EROFS: return WASI_EROFS;
    case ESPIPE: return WASI_ESPIPE;
    case ESRCH: return WASI_ESRCH;
    case ESTALE: return WASI_ESTALE;
    case ETIMEDOUT: return WASI_ETIMEDOUT;
    case ETXTBSY: return WASI_ETXTBSY;
    case EXDEV: return WASI_EXDEV;
    default: return WASI_EIO;
  }
}

/* ---- guest memory helpers ---- */

uint32_t wasi_iovecs(awsm_instance *ctx, uint32_t iovs, uint32_t n, struct iovec *out, uint32_t max,
                     uint32_t *count) {
  const uint8_t *vec = wasi_mem(ctx, iovs, (uint64_t)n * 8);
  if (vec == NULL) return WASI_EFAULT;
  uint32_t c = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t buf = wasi_get32(vec + 8 * i), len = wasi_get32(vec + 8 * i + 4);
    uint8_t *p = wasi_mem(ctx, buf, len);
    if (p == NULL) return WASI_EFAULT;
    if (len == 0 || c == max) continue;
    out[c].iov_base = p;
    out[c].iov_len = len;
    c++;
  }
  *count = c;
  return WASI_ESUCCESS;
}

uint32_t wasi_path_copy(awsm_instance *ctx, uint32_t ptr, uint32_t len, char **out) {
  const uint8_t *p = wasi_mem(ctx, ptr, len);
  if (p == NULL) return WASI_EFAULT;
  if (len >= PATH_MAX) return WASI_ENAMETOOLONG;
  if (memchr(p, 0, len) != NULL) return WASI_EINVAL;
  char *s = malloc((size_t)len + 1);
  if (s == NULL) return WASI_ENOMEM;
  memcpy(s, p, len);
  s[len] = '\0';
  *out = s;
  return WASI_ESUCCESS;
}

void wasi_put_filestat(uint8_t *p, const struct stat *st) {
  memset(p, 0, 64);
  wasi_put64(p + 0, (uint64_t)st->st_dev);
  wasi_put64(p + 8, (uint64_t)st->st_ino);
  p[16] = wasi_filetype_of_mode(st->st_mode);
  wasi_put64(p + 24, (uint64_t)st->st_nlink);
  wasi_put64(p + 32, (uint64_t)st->st_size);
  wasi_put64(p + 40, rt_timespec_ns(st->st_atim));
  wasi_put64(p + 48, rt_timespec_ns(st->st_mtim));
  wasi_put64(p + 56, rt_timespec_ns(st->st_ctim));
}

uint32_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]) {
  if (fst & ~15u) return WASI_EINVAL;
  if ((fst & WASI_FSTFLAG_ATIM) && (fst & WASI_FSTFLAG_ATIM_NOW)) return WASI_EINVAL;
  if ((fst & WASI_FSTFLAG_MTIM) && (fst & WASI_FSTFLAG_MTIM_NOW)) return WASI_EINVAL;
  struct timespec omit = {0, UTIME_OMIT}, now = {0, UTIME_NOW};
  ts[0] = ts[1] = omit;
  if (fst & WASI_FSTFLAG_ATIM_NOW) ts[0] = now;
  if (fst & WASI_FSTFLAG_MTIM_NOW) ts[1] = now;
  if (fst & WASI_FSTFLAG_ATIM) {
    ts[0].tv_sec = (time_t)(atim / 1000000000ull);
    ts[0].tv_nsec = (long)(atim % 1000000000ull);
  }
  if (fst & WASI_FSTFLAG_MTIM) {
    ts[1].tv_sec = (time_t)(mtim / 1000000000ull);
    ts[1].tv_nsec = (long)(mtim % 1000000000ull);
  }
  return WASI_ESUCCESS;
}

/* ---- preopened directories ---- */

int awsm_wasi_preopen_dir(awsm_wasi *w, const char *host_path, const char *guest_path, awsm_error *err) {
  if (guest_path == NULL || guest_path[0] == '\0') guest_path = host_path;
  (void)wasi_sb_uses_openat2(); /* probe the kernel now, not in the middle of the program */
  int fd = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    rt_error_set(err, AWSM_ERR_INVALID, "cannot preopen directory '%s': %s", host_path,
                 e == ENOENT ? "no such directory" : e == ENOTDIR ? "not a directory" : strerror(e));
    return -1;
  }
  wasi_fd e = {0};
  e.host = fd;
  e.owned = 1;
  wasi_fd_classify(&e, &e.rights_base, &e.rights_inheriting);
  e.preopen = strdup(guest_path);
  int32_t n = e.preopen == NULL ? -1 : wasi_fd_insert(w, &e);
  if (n < 0) {
    free(e.preopen);
    close(fd);
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  return n;
}

/* ---- arguments and environment ---- */

/* Writes count pointers at vec and the strings (NUL-terminated) at buf. */
static uint32_t put_strings(awsm_instance *ctx, char *const *strs, uint32_t count, uint64_t buf_size, uint32_t vec,
                            uint32_t buf) {
  uint8_t *pv = wasi_mem(ctx, vec, (uint64_t)count * 4);
  uint8_t *pb = wasi_mem(ctx, buf, buf_size);
  if (pv == NULL || pb == NULL) return WASI_EFAULT;
  uint64_t off = 0;
  for (uint32_t i = 0; i < count; i++) {
    size_t len = strlen(strs[i]) + 1;
    wasi_put32(pv + 4 * i, (uint32_t)(buf + off));
    memcpy(pb + off, strs[i], len);
    off += len;
  }
  return WASI_ESUCCESS;
}

static uint32_t put_sizes(awsm_instance *ctx, uint32_t count, uint64_t buf_size, uint32_t count_ptr,
                          uint32_t size_ptr) {
  uint8_t *pc = wasi_mem(ctx, count_ptr, 4);
  uint8_t *ps = wasi_mem(ctx, size_ptr, 4);
  if (pc == NULL || ps == NULL) return WASI_EFAULT;
  if (buf_size > UINT32_MAX) return WASI_EOVERFLOW;
  wasi_put32(pc, count);
  wasi_put32(ps, (uint32_t)buf_size);
  return WASI_ESUCCESS;
}

static uint32_t wasi_args_sizes_get(awsm_instance *ctx, uint32_t argc_ptr, uint32_t size_ptr) {
  awsm_wasi *w = wasi_state(ctx);
  return put_sizes(ctx, w->argc, w->argv_buf_size, argc_ptr, size_ptr);
}

static uint32_t wasi_args_get(awsm_instance *ctx, uint32_t argv, uint32_t buf) {
  awsm_wasi *w = wasi_state(ctx);
  return put_strings(ctx, w->argv, w->argc, w->argv_buf_size, argv, buf);
}

static uint32_t wasi_environ_sizes_get(awsm_instance *ctx, uint32_t count_ptr, uint32_t size_ptr) {
  awsm_wasi *w = wasi_state(ctx);
  return put_sizes(ctx, w->envc, w->env_buf_size, count_ptr, size_ptr);
}

static uint32_t wasi_environ_get(awsm_instance *ctx, uint32_t environ, uint32_t buf) {
  awsm_wasi *w = wasi_state(ctx);
  return put_strings(ctx, w->envp, w->envc, w->env_buf_size, environ, buf);
}

/* ---- clocks, random, scheduling ---- */

static int host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
    case 0: *out = CLOCK_REALTIME; return 1;
    case 1: *out = CLOCK_MONOTONIC; return 1;
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return 1;
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return 1;
    default: return 0;
  }
}

static uint32_t wasi_clock_res_get(awsm_instance *ctx, uint32_t id, uint32_t out) {
  clockid_t c;
  if (!host_clock(id, &c)) return WASI_EINVAL;
  uint8_t *p = wasi_mem(ctx, out, 8);
  if (p == NULL) return WASI_EFAULT;
  struct timespec t;
  if (clock_getres(c, &t) != 0) return wasi_errno(errno);
  wasi_put64(p, rt_timespec_ns(t));
  return WASI_ESUCCESS;
}

/* The precision argument is a hint; the host clock is read at its own resolution. */
static uint32_t wasi_clock_time_get(awsm_instance *ctx, uint32_t id, uint64_t precision, uint32_t out) {
  (void)precision;
  clockid_t c;
  if (!host_clock(id, &c)) return WASI_EINVAL;
  uint8_t *p = wasi_mem(ctx, out, 8);
  if (p == NULL) return WASI_EFAULT;
  struct timespec t;
  if (clock_gettime(c, &t) != 0) return wasi_errno(errno);
  wasi_put64(p, rt_timespec_ns(t));
  return WASI_ESUCCESS;
}

static uint32_t wasi_random_get(awsm_instance *ctx, uint32_t buf, uint32_t len) {
  uint8_t *p = wasi_mem(ctx, buf, len);
  if (p == NULL) return WASI_EFAULT;
  uint32_t done = 0;
  while (done < len) {
    ssize_t r = getrandom(p + done, len - done, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return wasi_errno(errno);
    }
    done += (uint32_t)r;
  }
  return WASI_ESUCCESS;
}

static uint32_t wasi_sched_yield(awsm_instance *ctx) {
  (void)ctx;
  sched_yield();
  return WASI_ESUCCESS;
}

/* proc_exit(code): unwinds to the host's awsm_call, which reports AWSM_ERR_EXIT. */
static void wasi_proc_exit(awsm_instance *ctx, uint32_t code) { awsm_trap_exit(ctx, (int32_t)code); }

/*
 * proc_raise(sig): the default action of the signal, without delivering a host signal.
 * Signals whose default is to be ignored (CHLD, CONT, URG, WINCH) and the job-control stops
 * (STOP, TSTP, TTIN, TTOU) return success and do nothing; the others end the program as
 * proc_exit(128 + the Linux number of the signal) would, the status a shell shows for a
 * process killed by that signal. 0 and numbers above 30 are EINVAL.
 */
static uint32_t wasi_proc_raise(awsm_instance *ctx, uint32_t sig) {
  /* WASI signal numbers 1..30 → Linux numbers (x86-64 and AArch64 agree); 0 = ignored. */
  static const uint8_t linux_sig[31] = {
      [1] = 1,   [2] = 2,   [3] = 3,   [4] = 4,   [5] = 5,   [6] = 6,   [7] = 7,   [8] = 8,
      [9] = 9,   [10] = 10, [11] = 11, [12] = 12, [13] = 13, [14] = 14, [15] = 15, [16] = 0 /* CHLD */,
      [17] = 0 /* CONT */, [18] = 0 /* STOP */, [19] = 0 /* TSTP */, [20] = 0 /* TTIN */,
      [21] = 0 /* TTOU */, [22] = 0 /* URG */, [23] = 24 /* XCPU */, [24] = 25 /* XFSZ */,
      [25] = 26 /* VTALRM */, [26] = 27 /* PROF */, [27] = 0 /* WINCH */, [28] = 29 /* POLL */,
      [29] = 30 /* PWR */, [30] = 31 /* SYS */,
  };
  if (sig == 0 || sig > 30) return WASI_EINVAL;
  if (linux_sig[sig] == 0) return WASI_ESUCCESS;
  awsm_trap_exit(ctx, 128 + linux_sig[sig]);
}

/* ---- the function table ---- */

static const wasi_fn core_fns[] = {
    {"args_get", "ii:i", (void *)wasi_args_get, wasi_tramp_ii_i},
    {"args_sizes_get", "ii:i", (void *)wasi_args_sizes_get, wasi_tramp_ii_i},
    {"clock_res_get", "ii:i", (void *)wasi_clock_res_get, wasi_tramp_ii_i},
    {"clock_time_get", "iIi:i", (void *)wasi_clock_time_get, wasi_tramp_iIi_i},
    {"environ_get", "ii:i", (void *)wasi_environ_get, wasi_tramp_ii_i},
    {"environ_sizes_get", "ii:i", (void *)wasi_environ_sizes_get, wasi_tramp_ii_i},
    {"proc_exit", "i:", (void *)wasi_proc_exit, wasi_tramp_i_},
    {"proc_raise", "i:i", (void *)wasi_proc_raise, wasi_tramp_i_i},
    {"random_get", "ii:i", (void *)wasi_random_get, wasi_tramp_ii_i},
    {"sched_yield", ":i", (void *)wasi_sched_yield, wasi_tramp__i},
};

static const struct {
  const wasi_fn *fns;
  const size_t *count;
} tables[] = {
    {core_fns, NULL}, {wasi_fd_fns, &wasi_fd_fns_count}, {wasi_path_fns, &wasi_path_fns_count},
    {wasi_poll_fns, &wasi_poll_fns_count}, {wasi_sock_fns, &wasi_sock_fns_count},
};

static const wasi_fn *find_fn(const char *name, size_t len) {
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
    size_t n = tables[t].count ? *tables[t].count : sizeof core_fns / sizeof core_fns[0];
    for (size_t i = 0; i < n; i++) {
      const wasi_fn *f = &tables[t].fns[i];
      if (strlen(f->name) == len && memcmp(f->name, name, len) == 0) return f;
    }
  }
  return NULL;
}

#define WASI_MODULE "wasi_snapshot_preview1"

/* A signature string ("iI:i") as Wasm text: "(i32, i64) -> i32". */
static const char *sig_text(const char *sig, char *buf, size_t cap) {
  size_t pos = 0;
  int results = 0, n = 0;
  rt_append(buf, cap, &pos, "(");
  for (const char *c = sig ? sig : ""; *c != '\0'; c++) {
    if (*c == ':') {
      results = 1;
      n = 0;
      rt_append(buf, cap, &pos, ") -> ");
      continue;
    }
    const char *t = *c == 'i' ? "i32" : *c == 'I' ? "i64" : *c == 'f' ? "f32" : *c == 'F' ? "f64" : *c == 'v' ? "v128"
                  : *c == 'r' ? "funcref" : *c == 'e' ? "externref" : "?";
    rt_append(buf, cap, &pos, "%s%s", n++ > 0 ? ", " : "", t);
  }
  if (!results) rt_append(buf, cap, &pos, ") -> ");
  if (n == 0) rt_append(buf, cap, &pos, "()");
  if (pos < cap) buf[pos] = '\0';
  /* Several results: parenthesise them. */
  const char *arrow = strstr(buf, "-> ");
  if (arrow != NULL && strchr(arrow, ',') != NULL && pos + 2 < cap) {
    size_t at = (size_t)(arrow - buf) + 3;
    memmove(buf + at + 1, buf + at, pos - at + 1);
    buf[at] = '(';
    buf[pos + 1] = ')';
    buf[pos + 2] = '\0';
  }
  return buf;
}

int awsm_wasi_resolve(void *data, awsm_instance *importer, const awsm_import_desc *imp, awsm_extern *out,
                      awsm_error *err) {
  awsm_wasi *w = data;
  size_t mlen = sizeof WASI_MODULE - 1;
  if (imp->module_len != mlen || memcmp(imp->module, WASI_MODULE, mlen) != 0) return 0;
  const wasi_fn *fn = find_fn(imp->name, imp->name_len);
  if (fn == NULL) return 0;
  char have[128], want_text[128];
  if (imp->kind != AWSM_EXTERN_FUNC) {
    rt_error_set(err, AWSM_ERR_LINK, "incompatible import type \"" WASI_MODULE "\".\"%s\": WASI provides a function %s",
                 fn->name, sig_text(fn->sig, have, sizeof have));
    return -1;
  }
  const char *want = importer->module->funcs[imp->index].sig;
  if (!awsm_sig_eq(want, fn->sig)) {
    rt_error_set(err, AWSM_ERR_LINK,
                 "incompatible import type \"" WASI_MODULE "\".\"%s\": the module expects %s, WASI provides %s",
                 fn->name, sig_text(want, want_text, sizeof want_text), sig_text(fn->sig, have, sizeof have));
    return -1;
  }
  if (importer->host == NULL) importer->host = w;
  if (importer->host != w) {
    rt_error_set(err, AWSM_ERR_INVALID, "WASI import \"%s\": the instance's host state is not this WASI state",
                 fn->name);
    return -1;
  }
  return rt_import_host_func(importer, fn->sig, fn->code, fn->tramp, out, err);
}
