/*
 * wasi_fd.c — the fd_* functions of WASI preview1: reading and writing, positions, file
 * attributes, descriptor flags and rights, preopen names, directory listing, renumbering.
 *
 * Each function checks, in this order: the descriptor (EBADF), its rights (ENOTCAPABLE), its
 * arguments (EINVAL, EFAULT for every guest pointer), then calls the host. The standard
 * streams are the host's own descriptors: the guest may close them (it loses them; the
 * host's stay open) and set NONBLOCK on them, which is emulated (a read that would block
 * returns EAGAIN) instead of changing a file description shared with the parent process.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi_internal.h"
#include "wasi_tramp.h"

/* Emulated NONBLOCK: 1 when a read (events POLLIN) or write (POLLOUT) would block. */
static int would_block(const wasi_fd *e, short events) {
  if (e->owned || !(__atomic_load_n(&e->emu_flags, __ATOMIC_RELAXED) & WASI_FDFLAG_NONBLOCK)) return 0;
  struct pollfd p = {.fd = e->host, .events = events};
  int r;
  do r = poll(&p, 1, 0);
  while (r < 0 && errno == EINTR);
  return r == 0;
}

/* What fd_read, fd_pread, fd_write and fd_pwrite share. They check, in this order: the
 * descriptor and its rights (plus FD_SEEK when positional), the result pointer, the iovec array
 * and every buffer in it (not only the first batch), then the position. On success the call
 * holds a reference to the entry (wasi_fd_done drops it). */
typedef struct {
  wasi_fd *e;                 /* the descriptor's entry (a reference) */
  uint8_t *count;             /* where the byte count goes */
  struct iovec hv[IOV_BATCH]; /* the first batch of host iovecs */
  uint32_t n;                 /* how many of them */
} io_call;

static uint32_t io_check(awsm_instance *ctx, io_call *c, uint32_t iovs, uint32_t iovs_len, int positional,
                         uint64_t offset, uint32_t count_ptr) {
  uint32_t r;
  if ((c->count = wasi_mem(ctx, count_ptr, 4)) == NULL) return WASI_EFAULT;
  if ((r = wasi_iovecs(ctx, iovs, iovs_len, c->hv, IOV_BATCH, &c->n)) != WASI_ESUCCESS) return r;
  if (positional && !c->e->seekable) return WASI_ESPIPE;
  if (positional && offset > INT64_MAX) return WASI_EINVAL;
  return WASI_ESUCCESS;
}

static uint32_t io_begin(awsm_instance *ctx, io_call *c, uint32_t fd, uint64_t right, uint32_t iovs,
                         uint32_t iovs_len, int positional, uint64_t offset, uint32_t count_ptr) {
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, right | (positional ? WASI_RIGHT_FD_SEEK : 0), &c->e);
  if (r != WASI_ESUCCESS) return r;
  if ((r = io_check(ctx, c, iovs, iovs_len, positional, offset, count_ptr)) != WASI_ESUCCESS) wasi_fd_drop(c->e);
  return r;
}

static uint32_t do_read(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len, int positional,
                        uint64_t offset, uint32_t nread) {
  io_call c;
  uint32_t r = io_begin(ctx, &c, fd, WASI_RIGHT_FD_READ, iovs, iovs_len, positional, offset, nread);
  if (r != WASI_ESUCCESS) return r;
  if (c.n == 0) {
    wasi_put32(c.count, 0);
    return wasi_fd_done(c.e, WASI_ESUCCESS);
  }
  if (would_block(c.e, POLLIN)) return wasi_fd_done(c.e, WASI_EAGAIN);
  /* One batch of host iovecs: a read returns what it got (a pipe must not block for more). */
  ssize_t got;
  do got = positional ? preadv(c.e->host, c.hv, (int)c.n, (off_t)offset) : readv(c.e->host, c.hv, (int)c.n);
  while (got < 0 && errno == EINTR);
  if (got < 0) return wasi_fd_done(c.e, wasi_errno(errno));
  wasi_put32(c.count, (uint32_t)got);
  return wasi_fd_done(c.e, WASI_ESUCCESS);
}

static uint32_t do_write(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len, int positional,
                         uint64_t offset, uint32_t nwritten) {
  io_call c;
  uint32_t r = io_begin(ctx, &c, fd, WASI_RIGHT_FD_WRITE, iovs, iovs_len, positional, offset, nwritten);
  if (r != WASI_ESUCCESS) return r;
  /* Batches of host iovecs; a short write ends the call (POSIX semantics: the caller
   * retries with the rest). */
  const uint8_t *vec = wasi_mem(ctx, iovs, (uint64_t)iovs_len * 8); /* checked just above */
  uint64_t written = 0;
  uint32_t i = 0;
  while (i < iovs_len) {
    uint64_t want = 0;
    c.n = 0;
    for (; i < iovs_len && c.n < IOV_BATCH; i++) {
      uint32_t buf = wasi_get32(vec + 8 * i), len = wasi_get32(vec + 8 * i + 4);
      if (len == 0) continue;
      c.hv[c.n].iov_base = wasi_mem(ctx, buf, len);
      c.hv[c.n].iov_len = len;
      want += len;
      c.n++;
    }
    if (c.n == 0) break;
    ssize_t got;
    do got = positional ? pwritev(c.e->host, c.hv, (int)c.n, (off_t)(offset + written))
                        : writev(c.e->host, c.hv, (int)c.n);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
      if (written > 0) break;
      return wasi_fd_done(c.e, wasi_errno(errno));
    }
    written += (uint64_t)got;
    /* Partial progress is a valid result: stop before the count could exceed a u32. */
    if ((uint64_t)got < want || written >= 0x80000000u) break;
  }
  wasi_put32(c.count, written > UINT32_MAX ? UINT32_MAX : (uint32_t)written);
  return wasi_fd_done(c.e, WASI_ESUCCESS);
}

static uint32_t wasi_fd_read(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nread) {
  return do_read(ctx, fd, iovs, n, 0, 0, nread);
}
static uint32_t wasi_fd_pread(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t off,
                              uint32_t nread) {
  return do_read(ctx, fd, iovs, n, 1, off, nread);
}
static uint32_t wasi_fd_write(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nwritten) {
  return do_write(ctx, fd, iovs, n, 0, 0, nwritten);
}
static uint32_t wasi_fd_pwrite(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t off,
                               uint32_t nwritten) {
  return do_write(ctx, fd, iovs, n, 1, off, nwritten);
}

/* fd_seek(fd, offset, whence, newoffset): SET 0, CUR 1, END 2. Streams: ESPIPE. A directory
 * is not a file to seek in: EBADF at once, as wasmtime says (its descriptor has neither
 * FD_SEEK nor FD_TELL). */
static uint32_t seek_on(awsm_instance *ctx, wasi_fd *e, uint64_t offset, uint32_t whence, uint32_t newoffset) {
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EBADF;
  if (whence > 2) return WASI_EINVAL;
  uint8_t *out = wasi_mem(ctx, newoffset, 8);
  if (out == NULL) return WASI_EFAULT;
  if (!e->seekable) return WASI_ESPIPE;
  uint64_t need = offset == 0 && whence == 1 ? WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
  if ((wasi_rights_base(e) & need) == 0) return WASI_ENOTCAPABLE;
  static const int how[3] = {SEEK_SET, SEEK_CUR, SEEK_END};
  off_t pos = lseek(e->host, (off_t)(int64_t)offset, how[whence]);
  if (pos < 0) return wasi_errno(errno);
  wasi_put64(out, (uint64_t)pos);
  return WASI_ESUCCESS;
}
static uint32_t wasi_fd_seek(awsm_instance *ctx, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset) {
  wasi_fd *e = wasi_fd_acquire(wasi_state(ctx), fd);
  if (e == NULL) return WASI_EBADF;
  return wasi_fd_done(e, seek_on(ctx, e, offset, whence, newoffset));
}

/* fd_tell(fd, offset): fd_seek(fd, 0, CUR), which needs the TELL right (not SEEK). */
static uint32_t wasi_fd_tell(awsm_instance *ctx, uint32_t fd, uint32_t offset) {
  return wasi_fd_seek(ctx, fd, 0, 1, offset);
}

/* fd_close(fd): any descriptor, preopens included. The host's standard streams stay open. A
 * call of another thread still using the descriptor finishes on it (the host descriptor is
 * closed after it). */
static uint32_t wasi_fd_close_fn(awsm_instance *ctx, uint32_t fd) { return wasi_fd_close(wasi_state(ctx), fd); }

/* fd_renumber(from, to): `to` must be open; it is closed and `from` takes its number. */
static uint32_t wasi_fd_renumber_fn(awsm_instance *ctx, uint32_t from, uint32_t to) {
  return wasi_fd_renumber(wasi_state(ctx), from, to);
}

static uint32_t sync_common(awsm_instance *ctx, uint32_t fd, uint64_t right, int data) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, right, &e);
  if (r != WASI_ESUCCESS) return r;
  if ((data ? fdatasync(e->host) : fsync(e->host)) != 0) return wasi_fd_done(e, wasi_errno(errno));
  return wasi_fd_done(e, WASI_ESUCCESS);
}
static uint32_t wasi_fd_sync(awsm_instance *ctx, uint32_t fd) { return sync_common(ctx, fd, WASI_RIGHT_FD_SYNC, 0); }
static uint32_t wasi_fd_datasync(awsm_instance *ctx, uint32_t fd) {
  return sync_common(ctx, fd, WASI_RIGHT_FD_DATASYNC, 1);
}

/* fd_advise(fd, offset, len, advice): NORMAL 0 … NOREUSE 5, a hint to the host. */
static uint32_t wasi_fd_advise(awsm_instance *ctx, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_ADVISE, &e);
  if (r != WASI_ESUCCESS) return r;
  static const int host[6] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                              POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  if (advice > 5 || offset > INT64_MAX || len > INT64_MAX) return wasi_fd_done(e, WASI_EINVAL);
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return wasi_fd_done(e, WASI_EBADF);
  int err = posix_fadvise(e->host, (off_t)offset, (off_t)len, host[advice]);
  return wasi_fd_done(e, wasi_errno(err));
}

static uint32_t wasi_fd_allocate(awsm_instance *ctx, uint32_t fd, uint64_t offset, uint64_t len) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_ALLOCATE, &e);
  if (r != WASI_ESUCCESS) return r;
  if (offset > INT64_MAX || len > INT64_MAX || offset + len > INT64_MAX) return wasi_fd_done(e, WASI_EFBIG);
  if (len == 0) return wasi_fd_done(e, WASI_EINVAL);
  int err = posix_fallocate(e->host, (off_t)offset, (off_t)len);
  return wasi_fd_done(e, wasi_errno(err));
}

/* fd_fdstat_get(fd, buf): u8 filetype @0, u16 flags @2, u64 rights_base @8, inheriting @16. */
static uint32_t wasi_fd_fdstat_get(awsm_instance *ctx, uint32_t fd, uint32_t buf) {
  wasi_fd *e = wasi_fd_acquire(wasi_state(ctx), fd);
  if (e == NULL) return WASI_EBADF;
  uint8_t *p = wasi_mem(ctx, buf, 24);
  if (p == NULL) return wasi_fd_done(e, WASI_EFAULT);
  uint16_t flags = 0;
  int fl = fcntl(e->host, F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) flags |= WASI_FDFLAG_APPEND;
    if ((fl & O_SYNC) == O_SYNC) flags |= WASI_FDFLAG_SYNC;
    else if (fl & O_DSYNC) flags |= WASI_FDFLAG_DSYNC;
    if (e->owned && (fl & O_NONBLOCK)) flags |= WASI_FDFLAG_NONBLOCK;
  }
  /* The standard streams' NONBLOCK is emulated (fd_fdstat_set_flags), not the host's. */
  if (!e->owned) flags |= __atomic_load_n(&e->emu_flags, __ATOMIC_RELAXED) & WASI_FDFLAG_NONBLOCK;
  pthread_mutex_lock(&e->lock); /* the two rights as one fd_fdstat_set_rights left them */
  uint64_t base = wasi_rights_base(e), inheriting = wasi_rights_inheriting(e);
  pthread_mutex_unlock(&e->lock);
  memset(p, 0, 24);
  p[0] = e->filetype;
  wasi_put16(p + 2, flags);
  wasi_put64(p + 8, base);
  wasi_put64(p + 16, inheriting);
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* fd_fdstat_set_flags(fd, flags): APPEND and NONBLOCK can change; the SYNC family is fixed at
 * open on Linux (ENOTSUP when asked to change). On the standard streams APPEND is fixed and
 * NONBLOCK emulated. */
static uint32_t set_flags_locked(wasi_fd *e, uint32_t flags) {
  int fl = fcntl(e->host, F_GETFL);
  if (fl < 0) return wasi_errno(errno);
  uint32_t sync_now = (fl & O_SYNC) == O_SYNC ? WASI_FDFLAG_SYNC : (fl & O_DSYNC) ? WASI_FDFLAG_DSYNC : 0;
  uint32_t sync_want = flags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC);
  if (sync_want & WASI_FDFLAG_RSYNC) sync_want = (sync_want & ~WASI_FDFLAG_RSYNC) | WASI_FDFLAG_SYNC;
  if (sync_want & WASI_FDFLAG_SYNC) sync_want = WASI_FDFLAG_SYNC;
  if (sync_want != sync_now) return WASI_ENOTSUP;
  int append = (flags & WASI_FDFLAG_APPEND) != 0, nonblock = (flags & WASI_FDFLAG_NONBLOCK) != 0;
  if (!e->owned) {
    if (append != ((fl & O_APPEND) != 0)) return WASI_ENOTSUP;
    __atomic_store_n(&e->emu_flags, (uint16_t)(nonblock ? WASI_FDFLAG_NONBLOCK : 0), __ATOMIC_RELAXED);
    return WASI_ESUCCESS;
  }
  fl = (fl & ~(O_APPEND | O_NONBLOCK)) | (append ? O_APPEND : 0) | (nonblock ? O_NONBLOCK : 0);
  if (fcntl(e->host, F_SETFL, fl) != 0) return wasi_errno(errno);
  return WASI_ESUCCESS;
}
static uint32_t wasi_fd_fdstat_set_flags(awsm_instance *ctx, uint32_t fd, uint32_t flags) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &e);
  if (r != WASI_ESUCCESS) return r;
  if (flags & ~WASI_FDFLAGS_ALL) return wasi_fd_done(e, WASI_EINVAL);
  pthread_mutex_lock(&e->lock); /* F_GETFL … F_SETFL as one change */
  r = set_flags_locked(e, flags);
  pthread_mutex_unlock(&e->lock);
  return wasi_fd_done(e, r);
}

/* fd_fdstat_set_rights(fd, base, inheriting): rights can only be dropped. */
static uint32_t wasi_fd_fdstat_set_rights(awsm_instance *ctx, uint32_t fd, uint64_t base, uint64_t inheriting) {
  wasi_fd *e = wasi_fd_acquire(wasi_state(ctx), fd);
  if (e == NULL) return WASI_EBADF;
  pthread_mutex_lock(&e->lock); /* check and narrow as one change */
  uint32_t r = WASI_ENOTCAPABLE;
  if ((base & ~wasi_rights_base(e)) == 0 && (inheriting & ~wasi_rights_inheriting(e)) == 0) {
    __atomic_store_n(&e->rights_base, base, __ATOMIC_RELAXED);
    __atomic_store_n(&e->rights_inheriting, inheriting, __ATOMIC_RELAXED);
    r = WASI_ESUCCESS;
  }
  pthread_mutex_unlock(&e->lock);
  return wasi_fd_done(e, r);
}

static uint32_t wasi_fd_filestat_get(awsm_instance *ctx, uint32_t fd, uint32_t buf) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_FILESTAT_GET, &e);
  if (r != WASI_ESUCCESS) return r;
  uint8_t *p = wasi_mem(ctx, buf, 64);
  if (p == NULL) return wasi_fd_done(e, WASI_EFAULT);
  struct stat st;
  if (fstat(e->host, &st) != 0) return wasi_fd_done(e, wasi_errno(errno));
  wasi_put_filestat(p, &st);
  /* A socket's type is what we classified (stat cannot tell stream from datagram). */
  if (S_ISSOCK(st.st_mode)) p[16] = e->filetype;
  return wasi_fd_done(e, WASI_ESUCCESS);
}

static uint32_t wasi_fd_filestat_set_size(awsm_instance *ctx, uint32_t fd, uint64_t size) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, &e);
  if (r != WASI_ESUCCESS) return r;
  if (size > INT64_MAX) return wasi_fd_done(e, WASI_EFBIG);
  if (ftruncate(e->host, (off_t)size) != 0) return wasi_fd_done(e, wasi_errno(errno));
  return wasi_fd_done(e, WASI_ESUCCESS);
}

static uint32_t wasi_fd_filestat_set_times(awsm_instance *ctx, uint32_t fd, uint64_t atim, uint64_t mtim,
                                           uint32_t fst) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, &e);
  if (r != WASI_ESUCCESS) return r;
  struct timespec ts[2];
  if ((r = wasi_times(atim, mtim, fst, ts)) != WASI_ESUCCESS) return wasi_fd_done(e, r);
  if (futimens(e->host, ts) != 0) return wasi_fd_done(e, wasi_errno(errno));
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* fd_prestat_get(fd, buf): u8 tag 0 (directory) @0, u32 name length @4. Descriptors that
 * are not preopened directories (sockets, files, directories the guest opened) are EBADF,
 * which ends the preopen scan of wasi-libc and Go. */
static uint32_t wasi_fd_prestat_get(awsm_instance *ctx, uint32_t fd, uint32_t buf) {
  wasi_fd *e = wasi_fd_acquire(wasi_state(ctx), fd);
  if (e == NULL || e->preopen == NULL) return wasi_fd_done(e, WASI_EBADF);
  uint8_t *p = wasi_mem(ctx, buf, 8);
  if (p == NULL) return wasi_fd_done(e, WASI_EFAULT);
  memset(p, 0, 8);
  wasi_put32(p + 4, (uint32_t)strlen(e->preopen));
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* fd_prestat_dir_name(fd, path, len): the name, not NUL-terminated; ENAMETOOLONG when it
 * does not fit in len bytes. */
static uint32_t wasi_fd_prestat_dir_name(awsm_instance *ctx, uint32_t fd, uint32_t path, uint32_t len) {
  wasi_fd *e = wasi_fd_acquire(wasi_state(ctx), fd);
  if (e == NULL || e->preopen == NULL) return wasi_fd_done(e, WASI_EBADF);
  uint8_t *p = wasi_mem(ctx, path, len);
  if (p == NULL) return wasi_fd_done(e, WASI_EFAULT);
  size_t n = strlen(e->preopen);
  if (n > len) return wasi_fd_done(e, WASI_ENAMETOOLONG);
  memcpy(p, e->preopen, n);
  return wasi_fd_done(e, WASI_ESUCCESS);
}

static uint8_t dirent_type(DIR *d, const struct dirent *de) {
  switch (de->d_type) {
    case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case DT_DIR: return WASI_FILETYPE_DIRECTORY;
    case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
    case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
    case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case DT_UNKNOWN: {
      struct stat st;
      if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) return wasi_filetype_of_mode(st.st_mode);
      return WASI_FILETYPE_UNKNOWN;
    }
    default: return WASI_FILETYPE_UNKNOWN;
  }
}

/*
 * fd_readdir(fd, buf, buf_len, cookie, bufused): entries from position `cookie` (0: the
 * start; otherwise a d_next value from an earlier call), each a 24-byte dirent (u64 d_next
 * @0, u64 d_ino @8, u32 d_namlen @16, u8 d_type @20) followed by the name. The buffer is
 * filled completely, the last entry cut off if needed: bufused < buf_len means the end. The
 * cookies are the host's telldir positions (on a 32-bit host entry counts), on a stream of its
 * own (the descriptor's file position is not involved). "." and ".." are listed, as the host lists them.
 */
/* The listing, with the entry's lock held (the stream and its position are the entry's). */
static uint32_t readdir_locked(wasi_fd *e, uint8_t *p, uint32_t buf_len, uint64_t cookie, uint8_t *used_p) {
  if (e->dir == NULL) {
    int dfd = openat(e->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return wasi_errno(errno);
    e->dir = fdopendir(dfd);
    if (e->dir == NULL) {
      int err = errno;
      close(dfd);
      return wasi_errno(err);
    }
  }
#if LONG_MAX >= INT64_MAX
  if (cookie == 0) rewinddir(e->dir);
  else seekdir(e->dir, (long)cookie);
#else
  /* A 32-bit long cannot hold the host's 64-bit directory offsets (telldir truncates them):
   * cookies count entries from the start instead, and resuming reads that many again. */
  rewinddir(e->dir);
  for (uint64_t k = 0; k < cookie; k++) {
    errno = 0;
    if (readdir(e->dir) == NULL) {
      if (errno != 0) return wasi_errno(errno);
      break;
    }
  }
  uint64_t index = cookie;
#endif
  uint32_t used = 0;
  while (used < buf_len) {
    errno = 0;
    struct dirent *de = readdir(e->dir);
    if (de == NULL) {
      if (errno != 0) return wasi_errno(errno);
      break;
    }
#if LONG_MAX >= INT64_MAX
    uint64_t next = (uint64_t)telldir(e->dir);
#else
    uint64_t next = ++index;
#endif
    size_t namlen = strlen(de->d_name);
    uint8_t head[24];
    memset(head, 0, sizeof head);
    wasi_put64(head, next);
    wasi_put64(head + 8, (uint64_t)de->d_ino);
    wasi_put32(head + 16, (uint32_t)namlen);
    head[20] = dirent_type(e->dir, de);
    uint32_t room = buf_len - used;
    uint32_t n = room < 24 ? room : 24;
    memcpy(p + used, head, n);
    used += n;
    room = buf_len - used;
    n = room < namlen ? room : (uint32_t)namlen;
    memcpy(p + used, de->d_name, n);
    used += n;
  }
  wasi_put32(used_p, used);
  return WASI_ESUCCESS;
}

static uint32_t wasi_fd_readdir(awsm_instance *ctx, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                                uint32_t bufused) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_READDIR, &e);
  if (r != WASI_ESUCCESS) return r;
  uint8_t *p = wasi_mem(ctx, buf, buf_len);
  uint8_t *used_p = wasi_mem(ctx, bufused, 4);
  if (p == NULL || used_p == NULL) return wasi_fd_done(e, WASI_EFAULT);
  if (e->filetype != WASI_FILETYPE_DIRECTORY) return wasi_fd_done(e, WASI_ENOTDIR);
#if LONG_MAX >= INT64_MAX
  if (cookie > LONG_MAX) return wasi_fd_done(e, WASI_EINVAL);
#endif
  pthread_mutex_lock(&e->lock);
  r = readdir_locked(e, p, buf_len, cookie, used_p);
  pthread_mutex_unlock(&e->lock);
  return wasi_fd_done(e, r);
}

const wasi_fn wasi_fd_fns[] = {
    {"fd_advise", "iIIi:i", (void *)wasi_fd_advise, wasi_tramp_iIIi_i},
    {"fd_allocate", "iII:i", (void *)wasi_fd_allocate, wasi_tramp_iII_i},
    {"fd_close", "i:i", (void *)wasi_fd_close_fn, wasi_tramp_i_i},
    {"fd_datasync", "i:i", (void *)wasi_fd_datasync, wasi_tramp_i_i},
    {"fd_fdstat_get", "ii:i", (void *)wasi_fd_fdstat_get, wasi_tramp_ii_i},
    {"fd_fdstat_set_flags", "ii:i", (void *)wasi_fd_fdstat_set_flags, wasi_tramp_ii_i},
    {"fd_fdstat_set_rights", "iII:i", (void *)wasi_fd_fdstat_set_rights, wasi_tramp_iII_i},
    {"fd_filestat_get", "ii:i", (void *)wasi_fd_filestat_get, wasi_tramp_ii_i},
    {"fd_filestat_set_size", "iI:i", (void *)wasi_fd_filestat_set_size, wasi_tramp_iI_i},
    {"fd_filestat_set_times", "iIIi:i", (void *)wasi_fd_filestat_set_times, wasi_tramp_iIIi_i},
    {"fd_pread", "iiiIi:i", (void *)wasi_fd_pread, wasi_tramp_iiiIi_i},
    {"fd_prestat_dir_name", "iii:i", (void *)wasi_fd_prestat_dir_name, wasi_tramp_iii_i},
    {"fd_prestat_get", "ii:i", (void *)wasi_fd_prestat_get, wasi_tramp_ii_i},
    {"fd_pwrite", "iiiIi:i", (void *)wasi_fd_pwrite, wasi_tramp_iiiIi_i},
    {"fd_read", "iiii:i", (void *)wasi_fd_read, wasi_tramp_iiii_i},
    {"fd_readdir", "iiiIi:i", (void *)wasi_fd_readdir, wasi_tramp_iiiIi_i},
    {"fd_renumber", "ii:i", (void *)wasi_fd_renumber_fn, wasi_tramp_ii_i},
    {"fd_seek", "iIii:i", (void *)wasi_fd_seek, wasi_tramp_iIii_i},
    {"fd_sync", "i:i", (void *)wasi_fd_sync, wasi_tramp_i_i},
    {"fd_tell", "ii:i", (void *)wasi_fd_tell, wasi_tramp_ii_i},
    {"fd_write", "iiii:i", (void *)wasi_fd_write, wasi_tramp_iiii_i},
};
const size_t wasi_fd_fns_count = sizeof wasi_fd_fns / sizeof wasi_fd_fns[0];
