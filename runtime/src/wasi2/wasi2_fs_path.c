/*
 * wasi2_fs_path.c — the *-at methods of wasi:filesystem's descriptor: a path relative to a
 * directory descriptor, resolved by the preview1 sandbox (wasi_fs_sandbox.c), so that the
 * guarantees are preview1's: nothing outside the preopened directories, not through "..",
 * an absolute path, or a symlink (absolute, or relative leading out), whatever the resolver
 * (openat2 RESOLVE_BENEATH or the component walk). An escape is not-permitted.
 *
 * Methods that look at or open an existing file resolve the whole path (following the last
 * symlink only with path-flags.symlink-follow); those that create, remove or rename a name
 * resolve its parent directory and apply the *at call to the last component. Changing a
 * directory's entries (and opening for writing) needs the descriptor's mutate-directory flag.
 *
 * Arguments are lifted first (handles, strings: these may trap), then the host is called:
 * the host descriptors opened here are closed before anything that may trap.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi2_fs.h"
#include "wasi2_tramp.h"

#define SYMLINK_FOLLOW 1u
enum { OPEN_CREATE = 1, OPEN_DIRECTORY = 2, OPEN_EXCLUSIVE = 4, OPEN_TRUNCATE = 8 };

/* A lifted path in scratch `slot`: preview1's errno for one the host cannot use (EINVAL for
 * an embedded NUL, ENAMETOOLONG), else WASI_ESUCCESS. Invalid strings trap. */
static uint32_t lift_path(const awsm_canon_opts *o, uint32_t ptr, uint32_t len, int slot, char **out) {
  size_t n;
  const char *p = wasi2_lift_string(o, ptr, len, slot, &n);
  *out = (char *)p;
  if (memchr(p, 0, n) != NULL) return WASI_EINVAL;
  if (n >= PATH_MAX) return WASI_ENAMETOOLONG;
  return WASI_ESUCCESS;
}

/* The directory `self` as a base for paths, with the mutate-directory flag when `mutate`. */
static uint32_t dir_of(const wasi2_file *d, int mutate) {
  if (d->type != WASI2_DT_DIRECTORY) return WASI_ENOTDIR;
  if (mutate && !(d->flags & WASI2_DF_MUTATE_DIRECTORY)) return WASI_EPERM;
  return WASI_ESUCCESS;
}

/* Resolves (d, path) to an O_PATH descriptor of the file itself. */
static uint32_t open_path(const wasi2_file *d, const char *path, int follow, int *out) {
  uint32_t e = dir_of(d, 0);
  return e != WASI_ESUCCESS ? e : wasi_sb_open(d->fd, path, O_PATH, 0, follow, out);
}

/* A name to create or remove: its parent directory (O_PATH, -1 when not resolved) and last
 * component. */
typedef struct named {
  int parent;
  const char *name; /* inside the path */
  int dots;         /* the last component is "." or ".." */
} named;

static uint32_t resolve_name(const wasi2_file *d, char *path, named *n) {
  n->parent = -1;
  uint32_t e = dir_of(d, 1);
  return e != WASI_ESUCCESS ? e : wasi_sb_parent(d->fd, path, &n->parent, &n->name, &n->dots);
}

static void named_close(named *n) {
  if (n->parent >= 0) close(n->parent);
}

static uint32_t host_result(int rc) { return rc == 0 ? WASI_ESUCCESS : wasi_errno(errno); }

/* open-at(path-flags, path, open-flags, descriptor-flags) -> result<descriptor, error-code>
 * (handle or code @4). */
static void open_at(const awsm_canon_opts *o, uint32_t self, uint32_t pflags, uint32_t ptr, uint32_t len,
                    uint32_t oflags, uint32_t dflags, uint32_t ret) {
  wasi2_file *d = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  char *path;
  uint32_t e = lift_path(o, ptr, len, 0, &path);
  oflags &= 15;
  dflags &= 63;
  int write = (dflags & WASI2_DF_WRITE) != 0, read = (dflags & WASI2_DF_READ) != 0;
  int changes = (oflags & (OPEN_CREATE | OPEN_TRUNCATE)) || write || (dflags & WASI2_DF_MUTATE_DIRECTORY);
  if (e == WASI_ESUCCESS) e = dir_of(d, changes);
  if (e == WASI_ESUCCESS && (oflags & OPEN_DIRECTORY) && (oflags & (OPEN_CREATE | OPEN_EXCLUSIVE | OPEN_TRUNCATE)))
    e = WASI_EINVAL;
  if (e != WASI_ESUCCESS) {
    wasi2_fs_result(r, 4, e);
    return;
  }
  int flags = write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (oflags & OPEN_DIRECTORY) flags |= O_DIRECTORY;
  if (oflags & OPEN_CREATE) flags |= O_CREAT;
  if (oflags & OPEN_EXCLUSIVE) flags |= O_EXCL;
  if (oflags & OPEN_TRUNCATE) flags |= O_TRUNC;
  if (dflags & WASI2_DF_FILE_INTEGRITY_SYNC) flags |= O_SYNC;
  if (dflags & WASI2_DF_DATA_INTEGRITY_SYNC) flags |= O_DSYNC;
  if (dflags & WASI2_DF_REQUESTED_WRITE_SYNC) flags |= O_RSYNC;
  int fd;
  e = wasi_sb_open(d->fd, path, flags, 0666, (pflags & SYMLINK_FOLLOW) != 0, &fd);
  if (e != WASI_ESUCCESS) {
    wasi2_fs_result(r, 4, e);
    return;
  }
  /* A directory takes its parent's permissions, whatever was asked (as wasmtime's directories
   * inherit their preopen's): mutate-directory comes from the preopen, not from the flags. */
  struct stat st;
  int is_dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
  uint32_t h = wasi2_fs_new_descriptor(o, fd, is_dir ? d->flags : (uint8_t)(dflags & ~WASI2_DF_MUTATE_DIRECTORY));
  wasi2_put8(r, 0);
  wasi_put32(r + 4, h);
}

/* stat-at(path-flags, path) -> result<descriptor-stat, error-code> (stat or code @8);
 * metadata-hash-at(path-flags, path) -> result<metadata-hash-value, error-code>. */
static void stat_common(const awsm_canon_opts *o, uint32_t self, uint32_t pflags, uint32_t ptr, uint32_t len,
                        uint32_t ret, int hash) {
  wasi2_file *d = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, hash ? 24 : 104, 8);
  char *path;
  uint32_t e = lift_path(o, ptr, len, 0, &path);
  int fd = -1;
  if (e == WASI_ESUCCESS) e = open_path(d, path, (pflags & SYMLINK_FOLLOW) != 0, &fd);
  if (e != WASI_ESUCCESS) {
    wasi2_fs_result(r, 8, e);
    return;
  }
  wasi2_fs_stat_result(r, fd, hash);
  close(fd);
}
static void stat_at(const awsm_canon_opts *o, uint32_t self, uint32_t pflags, uint32_t ptr, uint32_t len,
                    uint32_t ret) {
  stat_common(o, self, pflags, ptr, len, ret, 0);
}
static void metadata_hash_at(const awsm_canon_opts *o, uint32_t self, uint32_t pflags, uint32_t ptr, uint32_t len,
                             uint32_t ret) {
  stat_common(o, self, pflags, ptr, len, ret, 1);
}

/* set-times-at(path-flags, path, data-access-timestamp, data-modification-timestamp). */
static void set_times_at(const awsm_canon_opts *o, uint32_t self, uint32_t pflags, uint32_t ptr, uint32_t len,
                         uint32_t ad, uint64_t as, uint32_t an, uint32_t md, uint64_t ms, uint32_t mn, uint32_t ret) {
  wasi2_file *d = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  struct timespec ts[2];
  wasi2_fs_times(ad, as, an, &ts[0]);
  wasi2_fs_times(md, ms, mn, &ts[1]);
  char *path;
  uint32_t e = lift_path(o, ptr, len, 0, &path);
  if (e == WASI_ESUCCESS) e = dir_of(d, 1);
  int fd = -1;
  if (e == WASI_ESUCCESS) e = open_path(d, path, (pflags & SYMLINK_FOLLOW) != 0, &fd);
  if (e == WASI_ESUCCESS) {
    e = host_result(wasi_utimens_fd(fd, ts));
    close(fd);
  }
  wasi2_fs_result(r, 1, e);
}

/* create-directory-at(path), remove-directory-at(path), unlink-file-at(path):
 * result<_, error-code> (code @1). */
enum { OP_MKDIR, OP_RMDIR, OP_UNLINK };
static void name_op(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret, int op) {
  wasi2_file *d = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  char *path;
  named n = {.parent = -1};
  uint32_t e = lift_path(o, ptr, len, 0, &path);
  if (e == WASI_ESUCCESS) e = resolve_name(d, path, &n);
  if (e == WASI_ESUCCESS) {
    if (op == OP_MKDIR) e = n.dots ? WASI_EEXIST : host_result(mkdirat(n.parent, n.name, 0777));
    else if (op == OP_RMDIR) e = n.dots ? (n.name[1] == '.' ? WASI_ENOTEMPTY : WASI_EINVAL)
                                        : host_result(unlinkat(n.parent, n.name, AT_REMOVEDIR));
    else e = n.dots ? WASI_EISDIR : host_result(unlinkat(n.parent, n.name, 0));
  }
  named_close(&n);
  wasi2_fs_result(r, 1, e);
}
static void create_directory_at(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  name_op(o, self, ptr, len, ret, OP_MKDIR);
}
static void remove_directory_at(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  name_op(o, self, ptr, len, ret, OP_RMDIR);
}
static void unlink_file_at(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  name_op(o, self, ptr, len, ret, OP_UNLINK);
}

/* rename-at(old-path, new-descriptor: borrow<descriptor>, new-path). */
static void rename_at(const awsm_canon_opts *o, uint32_t self, uint32_t optr, uint32_t olen, uint32_t other,
                      uint32_t nptr, uint32_t nlen, uint32_t ret) {
  wasi2_file *d = wasi2_fs_file(o, self), *d2 = wasi2_fs_file(o, other);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  char *op, *np;
  uint32_t e = lift_path(o, optr, olen, 0, &op), e2 = lift_path(o, nptr, nlen, 1, &np);
  named a = {.parent = -1}, b = {.parent = -1};
  if (e == WASI_ESUCCESS) e = e2;
  if (e == WASI_ESUCCESS) e = resolve_name(d, op, &a);
  if (e == WASI_ESUCCESS) e = resolve_name(d2, np, &b);
  if (e == WASI_ESUCCESS) e = a.dots || b.dots ? WASI_EBUSY : host_result(renameat(a.parent, a.name, b.parent, b.name));
  named_close(&a);
  named_close(&b);
  wasi2_fs_result(r, 1, e);
}

/* symlink-at(old-path, new-path): the target is stored as given, except that an absolute one
 * is refused (not-permitted), as in preview1; resolution never follows a link out. */
static void symlink_at(const awsm_canon_opts *o, uint32_t self, uint32_t tptr, uint32_t tlen, uint32_t nptr,
                       uint32_t nlen, uint32_t ret) {
  wasi2_file *d = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  char *target, *np;
  uint32_t e = lift_path(o, tptr, tlen, 0, &target), e2 = lift_path(o, nptr, nlen, 1, &np);
  named n = {.parent = -1};
  if (e == WASI_ESUCCESS) e = e2;
  if (e == WASI_ESUCCESS) e = resolve_name(d, np, &n);
  if (e == WASI_ESUCCESS) e = target[0] == '/' ? WASI_ENOTCAPABLE : n.dots ? WASI_EEXIST
                                                                           : host_result(symlinkat(target, n.parent, n.name));
  named_close(&n);
  wasi2_fs_result(r, 1, e);
}

/* link-at(old-path-flags, old-path, new-descriptor, new-path). With symlink-follow the source
 * is resolved (beneath self) and linked through /proc/self/fd. */
static void link_at(const awsm_canon_opts *o, uint32_t self, uint32_t pflags, uint32_t optr, uint32_t olen,
                    uint32_t other, uint32_t nptr, uint32_t nlen, uint32_t ret) {
  wasi2_file *d = wasi2_fs_file(o, self), *d2 = wasi2_fs_file(o, other);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  char *op, *np;
  uint32_t e = lift_path(o, optr, olen, 0, &op), e2 = lift_path(o, nptr, nlen, 1, &np);
  named a = {.parent = -1}, b = {.parent = -1};
  int src = -1;
  if (e == WASI_ESUCCESS) e = e2;
  if (e == WASI_ESUCCESS) e = dir_of(d, 1);
  if (e == WASI_ESUCCESS) e = (pflags & SYMLINK_FOLLOW) ? open_path(d, op, 1, &src) : resolve_name(d, op, &a);
  if (e == WASI_ESUCCESS) e = resolve_name(d2, np, &b);
  if (e == WASI_ESUCCESS && b.dots) e = WASI_EEXIST;
  if (e == WASI_ESUCCESS && src >= 0) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", src);
    e = host_result(linkat(AT_FDCWD, proc, b.parent, b.name, AT_SYMLINK_FOLLOW));
  } else if (e == WASI_ESUCCESS) {
    /* A directory, or a trailing slash (which would make the kernel follow a symlink): the
     * kernel's answer for a directory without following anything. */
    e = a.dots || a.name[strcspn(a.name, "/")] == '/' ? WASI_EPERM : host_result(linkat(a.parent, a.name, b.parent, b.name, 0));
  }
  if (src >= 0) close(src);
  named_close(&a);
  named_close(&b);
  wasi2_fs_result(r, 1, e);
}

/* readlink-at(path) -> result<string, error-code> (string or code @4). */
static void readlink_at(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  wasi2_file *d = wasi2_fs_file(o, self);
  uint8_t *r = wasi2_mem(o, ret, 12, 4);
  char *path;
  uint32_t e = lift_path(o, ptr, len, 0, &path);
  int fd = -1;
  char target[PATH_MAX];
  ssize_t n = -1;
  if (e == WASI_ESUCCESS) e = open_path(d, path, 0, &fd);
  if (e == WASI_ESUCCESS) {
    n = readlinkat(fd, "", target, sizeof target);
    e = n >= 0 ? WASI_ESUCCESS : errno == ENOENT ? WASI_EINVAL : wasi_errno(errno); /* "" on a non-link: ENOENT */
    close(fd);
  }
  if (e == WASI_ESUCCESS && (size_t)n >= sizeof target) e = WASI_ENAMETOOLONG;
  if (e != WASI_ESUCCESS) {
    wasi2_fs_result(r, 4, e);
    return;
  }
  wasi2_put8(r, 0);
  wasi2_store_string(o, target, (size_t)n, r + 4);
}

#define T "wasi:filesystem/types"
const wasi2_fn wasi2_fs_path_fns[] = {
    {T, "[method]descriptor.open-at", "iiiiiii:", (void *)open_at, wasi2_tramp_iiiiiii_},
    {T, "[method]descriptor.stat-at", "iiiii:", (void *)stat_at, wasi2_tramp_iiiii_},
    {T, "[method]descriptor.metadata-hash-at", "iiiii:", (void *)metadata_hash_at, wasi2_tramp_iiiii_},
    {T, "[method]descriptor.set-times-at", "iiiiiIiiIii:", (void *)set_times_at, wasi2_tramp_iiiiiIiiIii_},
    {T, "[method]descriptor.create-directory-at", "iiii:", (void *)create_directory_at, wasi2_tramp_iiii_},
    {T, "[method]descriptor.remove-directory-at", "iiii:", (void *)remove_directory_at, wasi2_tramp_iiii_},
    {T, "[method]descriptor.unlink-file-at", "iiii:", (void *)unlink_file_at, wasi2_tramp_iiii_},
    {T, "[method]descriptor.rename-at", "iiiiiii:", (void *)rename_at, wasi2_tramp_iiiiiii_},
    {T, "[method]descriptor.symlink-at", "iiiiii:", (void *)symlink_at, wasi2_tramp_iiiiii_},
    {T, "[method]descriptor.link-at", "iiiiiiii:", (void *)link_at, wasi2_tramp_iiiiiiii_},
    {T, "[method]descriptor.readlink-at", "iiii:", (void *)readlink_at, wasi2_tramp_iiii_},
};
const size_t wasi2_fs_path_fns_count = sizeof wasi2_fs_path_fns / sizeof wasi2_fs_path_fns[0];
