/*
 * wasi2_fs.c — wasi:filesystem: preopens, the descriptor methods that take no path (streams,
 * stat, read, write, sizes and times, directory listing, hashes) and filesystem-error-code.
 * The *-at methods, which resolve a path beneath the descriptor, are in wasi2_fs_path.c.
 *
 * A descriptor is a host descriptor of its own (the preopens are duplicates of the preview1
 * state's, taken by awsm_wasi2_new) and the descriptor-flags it was opened with: reading
 * needs `read` and writing `write` (else bad-descriptor, as in wasmtime); operations that
 * change a directory's entries need `mutate-directory` (else not-permitted). The preopens
 * have read and mutate-directory.
 *
 * Errors are the host's errno (through preview1's numbering, wasi_errno, which the sandbox
 * helpers return) mapped to error-code; preview1's ENOTCAPABLE, a path leading outside the
 * preopened directory, is not-permitted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi2_fs.h"
#include "wasi2_tramp.h"

#define READ_MAX (1u << 20)

/* preview1 errno → error-code (wasi:filesystem/types). */
uint8_t wasi2_fs_code(uint32_t p1) {
  switch (p1) {
    case WASI_EACCES: return 0;          /* access */
    case WASI_EAGAIN: return 1;          /* would-block */
    case WASI_EALREADY: return 2;        /* already */
    case WASI_EBADF: return 3;           /* bad-descriptor */
    case WASI_EBUSY: return 4;           /* busy */
    case WASI_EDEADLK: return 5;         /* deadlock */
    case WASI_EDQUOT: return 6;          /* quota */
    case WASI_EEXIST: return 7;          /* exist */
    case WASI_EFBIG: return 8;           /* file-too-large */
    case WASI_EILSEQ: return 9;          /* illegal-byte-sequence */
    case WASI_EINPROGRESS: return 10;    /* in-progress */
    case WASI_EINTR: return 11;          /* interrupted */
    case WASI_EINVAL: return 12;         /* invalid */
    case WASI_EIO: return 13;            /* io */
    case WASI_EISDIR: return 14;         /* is-directory */
    case WASI_ELOOP: return 15;          /* loop */
    case WASI_EMLINK: return 16;         /* too-many-links */
    case WASI_EMSGSIZE: return 17;       /* message-size */
    case WASI_ENAMETOOLONG: return 18;   /* name-too-long */
    case WASI_ENODEV: return 19;         /* no-device */
    case WASI_ENOENT: return 20;         /* no-entry */
    case WASI_ENOLCK: return 21;         /* no-lock */
    case WASI_ENOMEM: return 22;         /* insufficient-memory */
    case WASI_ENOSPC: return 23;         /* insufficient-space */
    case WASI_ENOTDIR: return 24;        /* not-directory */
    case WASI_ENOTEMPTY: return 25;      /* not-empty */
    case WASI_ENOTRECOVERABLE: return 26;/* not-recoverable */
    case WASI_ENOTSUP: return 27;        /* unsupported */
    case WASI_ENOTTY: return 28;         /* no-tty */
    case WASI_ENXIO: return 29;          /* no-such-device */
    case WASI_EOVERFLOW: return 30;      /* overflow */
    case WASI_EPERM: return 31;          /* not-permitted */
    case WASI_ENOTCAPABLE: return 31;    /* not-permitted: outside the preopened directory */
    case WASI_EPIPE: return 32;          /* pipe */
    case WASI_EROFS: return 33;          /* read-only */
    case WASI_ESPIPE: return 34;         /* invalid-seek */
    case WASI_ETXTBSY: return 35;        /* text-file-busy */
    case WASI_EXDEV: return 36;          /* cross-device */
    default: return 13;                  /* io */
  }
}

void wasi2_fs_result(uint8_t *r, uint32_t payload, uint32_t p1) {
  if (p1 == WASI_ESUCCESS) {
    wasi2_put8(r, 0);
    return;
  }
  wasi2_put8(r, 1);
  wasi2_put8(r + payload, wasi2_fs_code(p1));
}

uint8_t wasi2_fs_type_of_mode(unsigned mode) {
  if (S_ISREG(mode)) return WASI2_DT_REGULAR_FILE;
  if (S_ISDIR(mode)) return WASI2_DT_DIRECTORY;
  if (S_ISCHR(mode)) return WASI2_DT_CHARACTER_DEVICE;
  if (S_ISBLK(mode)) return WASI2_DT_BLOCK_DEVICE;
  if (S_ISFIFO(mode)) return WASI2_DT_FIFO;
  if (S_ISLNK(mode)) return WASI2_DT_SYMBOLIC_LINK;
  if (S_ISSOCK(mode)) return WASI2_DT_SOCKET;
  return WASI2_DT_UNKNOWN;
}

wasi2_file *wasi2_fs_file(const awsm_canon_opts *o, uint32_t h) {
  return (wasi2_file *)wasi2_handle_get(o, h, WASI2_DESCRIPTOR);
}

uint32_t wasi2_fs_new_descriptor(const awsm_canon_opts *o, int fd, uint8_t flags) {
  wasi2_file *f = wasi2_obj_new(WASI2_DESCRIPTOR, sizeof *f);
  if (f == NULL) {
    close(fd);
    awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  }
  struct stat st;
  f->fd = fd;
  f->flags = flags;
  f->type = fstat(fd, &st) == 0 ? wasi2_fs_type_of_mode(st.st_mode) : WASI2_DT_UNKNOWN;
  return wasi2_handle_new(o, &f->head);
}

/* descriptor-stat (96 bytes, align 8) at p. */
static void put_time(uint8_t *p, struct timespec t) {
  wasi2_put8(p, 1);
  wasi_put64(p + 8, (uint64_t)t.tv_sec);
  wasi_put32(p + 16, (uint32_t)t.tv_nsec);
}
static void put_stat(uint8_t *p, const struct stat *st) {
  memset(p, 0, 96);
  wasi2_put8(p, wasi2_fs_type_of_mode(st->st_mode));
  wasi_put64(p + 8, (uint64_t)st->st_nlink);
  wasi_put64(p + 16, (uint64_t)st->st_size);
  put_time(p + 24, st->st_atim);
  put_time(p + 48, st->st_mtim);
  put_time(p + 72, st->st_ctim);
}

/* metadata-hash-value {lower: u64, upper: u64} at p: a mix of device and inode, the same for
 * every descriptor of one file, as the WIT asks. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
static void put_hash(uint8_t *p, const struct stat *st) {
  wasi_put64(p, mix64((uint64_t)st->st_ino ^ mix64((uint64_t)st->st_dev)));
  wasi_put64(p + 8, mix64((uint64_t)st->st_dev ^ 0x9e3779b97f4a7c15ull) ^ (uint64_t)st->st_ino);
}

void wasi2_fs_stat_result(uint8_t *r, int fd, int hash) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    wasi2_fs_result(r, 8, wasi_errno(errno));
    return;
  }
  wasi2_put8(r, 0);
  if (hash) put_hash(r + 8, &st);
  else put_stat(r + 8, &st);
}

/* ---- wasi:filesystem/preopens ---- */

/* get-directories: func() -> list<tuple<descriptor, string>> (elements of 12 bytes). */
static void get_directories(const awsm_canon_opts *o, uint32_t ret) {
  awsm_wasi2 *w = wasi2_of(o);
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  uint32_t list = wasi2_alloc(o, 4, (uint64_t)w->npreopens * 12);
  for (uint32_t i = 0; i < w->npreopens; i++) {
    int fd = fcntl(w->preopens[i].fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) awsm_trap_host(NULL, "WASI 0.2 host: cannot duplicate a preopened directory: %s", strerror(errno));
    uint32_t h = wasi2_fs_new_descriptor(o, fd, WASI2_DF_READ | WASI2_DF_MUTATE_DIRECTORY);
    wasi_put32(wasi2_mem(o, list + 12 * i, 4, 4), h);
    const char *name = w->preopens[i].name;
    wasi2_store_string(o, name, strlen(name), wasi2_mem(o, list + 12 * i + 4, 8, 4));
  }
  wasi_put32(r, list);
  wasi_put32(r + 4, w->npreopens);
}

/* ---- streams ---- */

/* read-via-stream(offset), write-via-stream(offset), append-via-stream():
 * result<own<input/output-stream>, error-code> (disc @0, handle or code @4). */
static void via_stream(const awsm_canon_opts *o, uint32_t self, uint64_t offset, uint32_t ret, wasi2_kind k,
                       uint8_t mode) {
  wasi2_file *f = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  uint8_t need = k == WASI2_INPUT_STREAM ? WASI2_DF_READ : WASI2_DF_WRITE;
  if (!(f->flags & need) || f->type == WASI2_DT_DIRECTORY) {
    wasi2_fs_result(r, 4, f->type == WASI2_DT_DIRECTORY ? WASI_EISDIR : WASI_EBADF);
    return;
  }
  wasi2_stream *s = wasi2_stream_new(k, f->fd, mode, offset, &f->head);
  if (s == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  uint32_t h = wasi2_handle_new(o, &s->head);
  wasi2_put8(r, 0);
  wasi_put32(r + 4, h);
}
static void read_via_stream(const awsm_canon_opts *o, uint32_t self, uint64_t offset, uint32_t ret) {
  via_stream(o, self, offset, ret, WASI2_INPUT_STREAM, WASI2_STREAM_FILE);
}
static void write_via_stream(const awsm_canon_opts *o, uint32_t self, uint64_t offset, uint32_t ret) {
  via_stream(o, self, offset, ret, WASI2_OUTPUT_STREAM, WASI2_STREAM_FILE);
}
static void append_via_stream(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  via_stream(o, self, 0, ret, WASI2_OUTPUT_STREAM, WASI2_STREAM_APPEND);
}

/* ---- descriptor methods without a path: result<_, error-code> (code @1) unless noted ---- */

static uint32_t host_result(int rc) { return rc == 0 ? WASI_ESUCCESS : wasi_errno(errno); }

/* advise(offset, length, advice). */
static void advise(const awsm_canon_opts *o, uint32_t self, uint64_t offset, uint64_t len, uint32_t advice,
                   uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  static const int host[6] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                              POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  advice = wasi2_check_enum(advice, 6, "advice");
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  uint32_t e = offset > INT64_MAX || len > INT64_MAX ? WASI_EINVAL
               : f->type == WASI2_DT_DIRECTORY     ? WASI_EBADF
                                                   : wasi_errno(posix_fadvise(f->fd, (off_t)offset, (off_t)len, host[advice]));
  wasi2_fs_result(r, 1, e);
}

static void sync_data(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  wasi2_fs_result(wasi2_mem(o, ret, 2, 1), 1, host_result(fdatasync(f->fd)));
}
static void sync_all(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  wasi2_fs_result(wasi2_mem(o, ret, 2, 1), 1, host_result(fsync(f->fd)));
}

/* get-flags: result<descriptor-flags, error-code>; get-type: result<descriptor-type, ...>. */
static void get_flags(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  wasi2_put8(r, 0);
  wasi2_put8(r + 1, f->flags);
}
static void get_type(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  struct stat st;
  if (fstat(f->fd, &st) != 0) {
    wasi2_fs_result(r, 1, wasi_errno(errno));
    return;
  }
  wasi2_put8(r, 0);
  wasi2_put8(r + 1, wasi2_fs_type_of_mode(st.st_mode));
}

static void set_size(const awsm_canon_opts *o, uint32_t self, uint64_t size, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  uint32_t e = !(f->flags & WASI2_DF_WRITE) ? WASI_EBADF
               : size > INT64_MAX          ? WASI_EFBIG
                                           : host_result(ftruncate(f->fd, (off_t)size));
  wasi2_fs_result(r, 1, e);
}

void wasi2_fs_times(uint32_t disc, uint64_t sec, uint32_t ns, struct timespec *ts) {
  switch (wasi2_check_enum(disc, 3, "new-timestamp")) {
    case 0: *ts = (struct timespec){0, UTIME_OMIT}; break;
    case 1: *ts = (struct timespec){0, UTIME_NOW}; break;
    default: *ts = (struct timespec){(time_t)sec, (long)(ns < 1000000000u ? ns : 999999999u)}; break;
  }
}

/* set-times(data-access-timestamp: new-timestamp, data-modification-timestamp: new-timestamp). */
static void set_times(const awsm_canon_opts *o, uint32_t self, uint32_t ad, uint64_t as, uint32_t an, uint32_t md,
                      uint64_t ms, uint32_t mn, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  struct timespec ts[2];
  wasi2_fs_times(ad, as, an, &ts[0]);
  wasi2_fs_times(md, ms, mn, &ts[1]);
  wasi2_fs_result(wasi2_mem(o, ret, 2, 1), 1, host_result(futimens(f->fd, ts)));
}

/* read(length, offset): result<tuple<list<u8>, bool>, error-code> (list @4, end of file @12,
 * code @4). At most READ_MAX bytes; the bool is set when nothing was read. */
static void file_read(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint64_t offset, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 16, 4);
  if (!(f->flags & WASI2_DF_READ) || f->type == WASI2_DT_DIRECTORY || offset > INT64_MAX) {
    wasi2_fs_result(r, 4, f->type == WASI2_DT_DIRECTORY ? WASI_EISDIR : offset > INT64_MAX ? WASI_EINVAL : WASI_EBADF);
    return;
  }
  uint64_t max = len < READ_MAX ? len : READ_MAX;
  uint32_t list = wasi2_alloc(o, 1, max);
  uint8_t *p = wasi2_mem(o, list, max, 1);
  ssize_t got;
  do got = max == 0 ? 0 : pread(f->fd, p, max, (off_t)offset);
  while (got < 0 && errno == EINTR);
  if (got < 0) {
    wasi2_fs_result(r, 4, wasi_errno(errno));
    return;
  }
  wasi2_put8(r, 0);
  wasi_put32(r + 4, list);
  wasi_put32(r + 8, (uint32_t)got);
  wasi2_put8(r + 12, got == 0);
}

/* write(buffer: list<u8>, offset): result<filesize, error-code> (u64 or code @8). */
static void file_write(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint64_t offset,
                       uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  const uint8_t *p = wasi2_mem(o, ptr, len, 1);
  uint8_t *r = wasi2_mem(o, ret, 16, 8);
  if (!(f->flags & WASI2_DF_WRITE) || f->type == WASI2_DT_DIRECTORY || offset > INT64_MAX) {
    wasi2_fs_result(r, 8, f->type == WASI2_DT_DIRECTORY ? WASI_EISDIR : offset > INT64_MAX ? WASI_EINVAL : WASI_EBADF);
    return;
  }
  ssize_t n;
  do n = pwrite(f->fd, p, len, (off_t)offset);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    wasi2_fs_result(r, 8, wasi_errno(errno));
    return;
  }
  wasi2_put8(r, 0);
  wasi_put64(r + 8, (uint64_t)n);
}

/* read-directory: result<directory-entry-stream, error-code> (handle or code @4). */
static void read_directory(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  if (f->type != WASI2_DT_DIRECTORY) {
    wasi2_fs_result(r, 4, WASI_ENOTDIR);
    return;
  }
  wasi2_dir_stream *d = wasi2_obj_new(WASI2_DIR_STREAM, sizeof *d);
  if (d == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  int fd = openat(f->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  d->dir = fd < 0 ? NULL : fdopendir(fd);
  if (d->dir == NULL) {
    uint32_t e = wasi_errno(errno);
    if (fd >= 0) close(fd);
    wasi2_obj_release(&d->head);
    wasi2_fs_result(r, 4, e);
    return;
  }
  uint32_t h = wasi2_handle_new(o, &d->head);
  wasi2_put8(r, 0);
  wasi_put32(r + 4, h);
}

/* read-directory-entry: result<option<directory-entry>, error-code>: option @4, type @8,
 * name @12; code @4. "." and ".." are not entries. */
static void read_directory_entry(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_dir_stream *d = (wasi2_dir_stream *)wasi2_handle_get(o, self, WASI2_DIR_STREAM);
  uint8_t *r = wasi2_mem(o, ret, 20, 4);
  struct dirent *de;
  do {
    errno = 0;
    de = readdir(d->dir);
  } while (de != NULL && (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0));
  if (de == NULL) {
    if (errno != 0) {
      wasi2_fs_result(r, 4, wasi_errno(errno));
      return;
    }
    wasi2_put8(r, 0);
    wasi2_put8(r + 4, 0);
    return;
  }
  struct stat st;
  uint8_t type = fstatat(dirfd(d->dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? wasi2_fs_type_of_mode(st.st_mode)
                                                                                  : WASI2_DT_UNKNOWN;
  char name[sizeof de->d_name];
  snprintf(name, sizeof name, "%s", de->d_name); /* the dirent may change when realloc runs */
  wasi2_put8(r, 0);
  wasi2_put8(r + 4, 1);
  wasi2_put8(r + 8, type);
  wasi2_store_string(o, name, strlen(name), r + 12);
}

/* stat: result<descriptor-stat, error-code>; metadata-hash: result<metadata-hash-value, error-code>. */
static void stat_fn(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  wasi2_fs_stat_result(wasi2_mem(o, ret, 104, 8), f->fd, 0);
}
static void metadata_hash(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_file *f = wasi2_fs_file(o, self);
  wasi2_fs_stat_result(wasi2_mem(o, ret, 24, 8), f->fd, 1);
}

/* is-same-object(other: borrow<descriptor>) -> bool. */
static uint32_t is_same_object(const awsm_canon_opts *o, uint32_t self, uint32_t other) {
  wasi2_file *a = wasi2_fs_file(o, self), *b = wasi2_fs_file(o, other);
  struct stat sa, sb;
  if (fstat(a->fd, &sa) != 0 || fstat(b->fd, &sb) != 0) return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* filesystem-error-code(err: borrow<error>) -> option<error-code> (code @1). */
static void filesystem_error_code(const awsm_canon_opts *o, uint32_t err, uint32_t ret) {
  wasi2_error *e = (wasi2_error *)wasi2_handle_get(o, err, WASI2_ERROR);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  wasi2_put8(r, 1);
  wasi2_put8(r + 1, wasi2_fs_code(wasi_errno(e->err)));
}

const wasi2_fn wasi2_fs_fns[] = {
    {"wasi:filesystem/preopens", "get-directories", "i:", (void *)get_directories, wasi2_tramp_i_},
    {"wasi:filesystem/types", "[method]descriptor.read-via-stream", "iIi:", (void *)read_via_stream, wasi2_tramp_iIi_},
    {"wasi:filesystem/types", "[method]descriptor.write-via-stream", "iIi:", (void *)write_via_stream, wasi2_tramp_iIi_},
    {"wasi:filesystem/types", "[method]descriptor.append-via-stream", "ii:", (void *)append_via_stream, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.advise", "iIIii:", (void *)advise, wasi2_tramp_iIIii_},
    {"wasi:filesystem/types", "[method]descriptor.sync-data", "ii:", (void *)sync_data, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.get-flags", "ii:", (void *)get_flags, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.get-type", "ii:", (void *)get_type, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.set-size", "iIi:", (void *)set_size, wasi2_tramp_iIi_},
    {"wasi:filesystem/types", "[method]descriptor.set-times", "iiIiiIii:", (void *)set_times, wasi2_tramp_iiIiiIii_},
    {"wasi:filesystem/types", "[method]descriptor.read", "iIIi:", (void *)file_read, wasi2_tramp_iIIi_},
    {"wasi:filesystem/types", "[method]descriptor.write", "iiiIi:", (void *)file_write, wasi2_tramp_iiiIi_},
    {"wasi:filesystem/types", "[method]descriptor.read-directory", "ii:", (void *)read_directory, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.sync", "ii:", (void *)sync_all, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.stat", "ii:", (void *)stat_fn, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]descriptor.is-same-object", "ii:i", (void *)is_same_object, wasi2_tramp_ii_i},
    {"wasi:filesystem/types", "[method]descriptor.metadata-hash", "ii:", (void *)metadata_hash, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry", "ii:",
     (void *)read_directory_entry, wasi2_tramp_ii_},
    {"wasi:filesystem/types", "filesystem-error-code", "ii:", (void *)filesystem_error_code, wasi2_tramp_ii_},
};
const size_t wasi2_fs_fns_count = sizeof wasi2_fs_fns / sizeof wasi2_fs_fns[0];
