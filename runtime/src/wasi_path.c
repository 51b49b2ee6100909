/*
 * wasi_path.c — the path_* functions of WASI preview1.
 *
 * A path is relative to a directory descriptor and never leaves it (wasi_fs_sandbox.c):
 * absolute paths, ".." above the directory and symlinks leading outside are ENOTCAPABLE.
 * Functions that look at or open an existing file resolve the whole path (following the last
 * symlink only with LOOKUPFLAGS_SYMLINK_FOLLOW); functions that create, remove or rename a
 * name resolve its parent directory and apply the *at call to the last component.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"
#include "wasi_tramp.h"

/* The directory entry for `fd` with `rights`: EBADF, ENOTCAPABLE, ENOTDIR or success (with a
 * reference the caller drops). */
static uint32_t dir_fd(awsm_instance *ctx, uint32_t fd, uint64_t rights, wasi_fd **out) {
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, rights, out);
  if (r != WASI_ESUCCESS) return r;
  if ((*out)->filetype != WASI_FILETYPE_DIRECTORY) return wasi_fd_done(*out, WASI_ENOTDIR);
  return WASI_ESUCCESS;
}

/* Resolves (fd, guest path) to an O_PATH descriptor of the file itself. */
static uint32_t open_path(awsm_instance *ctx, uint32_t fd, uint64_t rights, uint32_t path, uint32_t len,
                          int follow, int *out) {
  wasi_fd *d;
  uint32_t r = dir_fd(ctx, fd, rights, &d);
  if (r != WASI_ESUCCESS) return r;
  char *p;
  if ((r = wasi_path_copy(ctx, path, len, &p)) != WASI_ESUCCESS) return wasi_fd_done(d, r);
  r = wasi_sb_open(d->host, p, O_PATH, 0, follow, out);
  free(p);
  return wasi_fd_done(d, r);
}

/* A name to create/remove: the parent (O_PATH descriptor) and the last component. */
typedef struct named {
  char *path;       /* the guest path (heap) */
  const char *name; /* its last component, inside path */
  int parent;       /* -1 when not resolved */
  int dots;         /* the last component is "." or ".." */
} named;

static uint32_t resolve_name(awsm_instance *ctx, uint32_t fd, uint64_t rights, uint32_t path, uint32_t len,
                             named *n) {
  n->path = NULL;
  n->parent = -1;
  wasi_fd *d;
  uint32_t r = dir_fd(ctx, fd, rights, &d);
  if (r != WASI_ESUCCESS) return r;
  if ((r = wasi_path_copy(ctx, path, len, &n->path)) != WASI_ESUCCESS) return wasi_fd_done(d, r);
  return wasi_fd_done(d, wasi_sb_parent(d->host, n->path, &n->parent, &n->name, &n->dots));
}

static void named_free(named *n) {
  if (n->parent >= 0) close(n->parent);
  free(n->path);
}

static uint32_t result(int rc) { return rc == 0 ? WASI_ESUCCESS : wasi_errno(errno); }

/*
 * path_open(fd, dirflags, path, len, oflags, rights_base, rights_inheriting, fdflags, out).
 * The requested rights must be held by fd as inheriting rights (else ENOTCAPABLE); the new
 * descriptor gets those that apply to what was opened. Read access when the base rights
 * include FD_READ or FD_READDIR, write access when they include FD_WRITE, FD_DATASYNC,
 * FD_ALLOCATE or FD_FILESTAT_SET_SIZE.
 *
 * Directories, as wasmtime has them: DIRECTORY with CREAT, EXCL or TRUNC is EINVAL; a
 * directory cannot be opened for writing, so FD_WRITE, CREAT or TRUNC on one is EISDIR (the
 * kernel's answer to the write-mode open, with or without DIRECTORY). The other rights that
 * mean write access for a file (FD_DATASYNC, FD_ALLOCATE, FD_FILESTAT_SET_SIZE) do not apply
 * to a directory and are dropped like any other inapplicable right: when such an open fails
 * with EISDIR, it is retried read-only with O_DIRECTORY.
 */
static uint32_t wasi_path_open(awsm_instance *ctx, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t len,
                               uint32_t oflags, uint64_t base, uint64_t inheriting, uint32_t fdflags, uint32_t out) {
  awsm_wasi *w = wasi_state(ctx);
  uint64_t need = WASI_RIGHT_PATH_OPEN;
  if (oflags & WASI_OFLAG_CREAT) need |= WASI_RIGHT_PATH_CREATE_FILE;
  if (oflags & WASI_OFLAG_TRUNC) need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
  wasi_fd *d;
  uint32_t r = dir_fd(ctx, fd, need, &d);
  if (r != WASI_ESUCCESS) return r;
  uint8_t *pout = wasi_mem(ctx, out, 4);
  if (pout == NULL) return wasi_fd_done(d, WASI_EFAULT);
  if ((oflags & ~15u) || (fdflags & ~WASI_FDFLAGS_ALL)) return wasi_fd_done(d, WASI_EINVAL);
  if ((oflags & WASI_OFLAG_DIRECTORY) && (oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_EXCL | WASI_OFLAG_TRUNC)))
    return wasi_fd_done(d, WASI_EINVAL);
  if (((base | inheriting) & ~wasi_rights_inheriting(d)) != 0) return wasi_fd_done(d, WASI_ENOTCAPABLE);
  char *p;
  if ((r = wasi_path_copy(ctx, path, len, &p)) != WASI_ESUCCESS) return wasi_fd_done(d, r);

  int rd = (base & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)) != 0;
  int wr = (base & (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_ALLOCATE |
                    WASI_RIGHT_FD_FILESTAT_SET_SIZE)) != 0;
  int write_asked = (base & WASI_RIGHT_FD_WRITE) != 0;
  int flags = wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (oflags & WASI_OFLAG_DIRECTORY) flags = (write_asked ? O_WRONLY : O_RDONLY) | O_DIRECTORY;
  if (oflags & WASI_OFLAG_CREAT) flags |= O_CREAT;
  if (oflags & WASI_OFLAG_EXCL) flags |= O_EXCL;
  if (oflags & WASI_OFLAG_TRUNC) flags |= O_TRUNC;
  if (fdflags & WASI_FDFLAG_APPEND) flags |= O_APPEND;
  if (fdflags & WASI_FDFLAG_DSYNC) flags |= O_DSYNC;
  if (fdflags & WASI_FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
  if (fdflags & WASI_FDFLAG_RSYNC) flags |= O_RSYNC;
  if (fdflags & WASI_FDFLAG_SYNC) flags |= O_SYNC;
  int hfd;
  int follow = (dirflags & WASI_LOOKUP_SYMLINK_FOLLOW) != 0;
  r = wasi_sb_open(d->host, p, flags, 0666, follow, &hfd);
  if (r == WASI_EISDIR && !write_asked && !(oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC)))
    r = wasi_sb_open(d->host, p, (flags & ~(O_ACCMODE | O_APPEND)) | O_RDONLY | O_DIRECTORY, 0, follow, &hfd);
  free(p);
  wasi_fd_drop(d);
  if (r != WASI_ESUCCESS) return r;

  wasi_fd e = {0};
  e.host = hfd;
  e.owned = 1;
  uint64_t max_base, max_inh;
  wasi_fd_classify(&e, &max_base, &max_inh);
  e.rights_base = base & max_base;
  e.rights_inheriting = inheriting & max_inh;
  int32_t n = wasi_fd_insert(w, &e);
  if (n < 0) {
    close(hfd);
    return WASI_ENOMEM;
  }
  wasi_put32(pout, (uint32_t)n);
  return WASI_ESUCCESS;
}

static uint32_t wasi_path_filestat_get(awsm_instance *ctx, uint32_t fd, uint32_t flags, uint32_t path,
                                       uint32_t len, uint32_t buf) {
  uint8_t *p = wasi_mem(ctx, buf, 64);
  if (wasi_fd_exists(wasi_state(ctx), fd) && p == NULL) return WASI_EFAULT;
  int hfd;
  uint32_t r = open_path(ctx, fd, WASI_RIGHT_PATH_FILESTAT_GET, path, len, flags & WASI_LOOKUP_SYMLINK_FOLLOW, &hfd);
  if (r != WASI_ESUCCESS) return r;
  struct stat st;
  int rc = fstat(hfd, &st);
  close(hfd);
  if (rc != 0) return wasi_errno(errno);
  wasi_put_filestat(p, &st);
  return WASI_ESUCCESS;
}

int wasi_utimens_fd(int fd, const struct timespec ts[2]) {
  int rc = utimensat(fd, "", ts, AT_EMPTY_PATH);
  if (rc != 0 && errno == EINVAL) {
    /* Kernels before AT_EMPTY_PATH support in utimensat: through /proc, for anything but a
     * symlink itself. */
    struct stat st;
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) errno = ENOTSUP, rc = -1;
    else rc = utimensat(AT_FDCWD, proc, ts, 0);
  }
  return rc;
}

static uint32_t wasi_path_filestat_set_times(awsm_instance *ctx, uint32_t fd, uint32_t flags, uint32_t path,
                                             uint32_t len, uint64_t atim, uint64_t mtim, uint32_t fst) {
  struct timespec ts[2];
  uint32_t r = wasi_times(atim, mtim, fst, ts);
  int hfd;
  uint32_t ro = open_path(ctx, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path, len,
                          flags & WASI_LOOKUP_SYMLINK_FOLLOW, &hfd);
  if (ro != WASI_ESUCCESS) return ro;
  if (r != WASI_ESUCCESS) {
    close(hfd);
    return r;
  }
  r = result(wasi_utimens_fd(hfd, ts));
  close(hfd);
  return r;
}

static uint32_t wasi_path_create_directory(awsm_instance *ctx, uint32_t fd, uint32_t path, uint32_t len) {
  named n;
  uint32_t r = resolve_name(ctx, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path, len, &n);
  if (r == WASI_ESUCCESS) r = n.dots ? WASI_EEXIST : result(mkdirat(n.parent, n.name, 0777));
  named_free(&n);
  return r;
}

static uint32_t wasi_path_remove_directory(awsm_instance *ctx, uint32_t fd, uint32_t path, uint32_t len) {
  named n;
  uint32_t r = resolve_name(ctx, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path, len, &n);
  if (r == WASI_ESUCCESS) {
    if (n.dots) r = n.name[1] == '.' ? WASI_ENOTEMPTY : WASI_EINVAL;
    else r = result(unlinkat(n.parent, n.name, AT_REMOVEDIR));
  }
  named_free(&n);
  return r;
}

static uint32_t wasi_path_unlink_file(awsm_instance *ctx, uint32_t fd, uint32_t path, uint32_t len) {
  named n;
  uint32_t r = resolve_name(ctx, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, len, &n);
  if (r == WASI_ESUCCESS) r = n.dots ? WASI_EISDIR : result(unlinkat(n.parent, n.name, 0));
  named_free(&n);
  return r;
}

static uint32_t wasi_path_rename(awsm_instance *ctx, uint32_t fd, uint32_t old_path, uint32_t old_len,
                                 uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  named a, b;
  b.path = NULL;
  b.parent = -1;
  uint32_t r = resolve_name(ctx, fd, WASI_RIGHT_PATH_RENAME_SOURCE, old_path, old_len, &a);
  if (r == WASI_ESUCCESS) r = resolve_name(ctx, new_fd, WASI_RIGHT_PATH_RENAME_TARGET, new_path, new_len, &b);
  if (r == WASI_ESUCCESS) r = a.dots || b.dots ? WASI_EBUSY : result(renameat(a.parent, a.name, b.parent, b.name));
  named_free(&a);
  named_free(&b);
  return r;
}

/* path_symlink(target, target_len, fd, new_path, new_len): the target is stored as given, but
 * an absolute one is refused (ENOTCAPABLE): in the guest's namespace it would mean a path
 * under some preopen, for the host a path anywhere. Relative targets that lead outside can
 * be created; resolution never follows them out. */
static uint32_t wasi_path_symlink(awsm_instance *ctx, uint32_t target, uint32_t target_len, uint32_t fd,
                                  uint32_t new_path, uint32_t new_len) {
  char *t;
  uint32_t r = wasi_path_copy(ctx, target, target_len, &t);
  if (r != WASI_ESUCCESS) return r;
  named n;
  r = resolve_name(ctx, fd, WASI_RIGHT_PATH_SYMLINK, new_path, new_len, &n);
  if (r == WASI_ESUCCESS) {
    if (t[0] == '/') r = WASI_ENOTCAPABLE;
    else if (n.dots) r = WASI_EEXIST;
    else r = result(symlinkat(t, n.parent, n.name));
  }
  named_free(&n);
  free(t);
  return r;
}

/* path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len). With
 * SYMLINK_FOLLOW the source is resolved (beneath old_fd) and linked through /proc/self/fd. */
static uint32_t wasi_path_link(awsm_instance *ctx, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                               uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  named a, b;
  a.path = NULL;
  a.parent = -1;
  b.path = NULL;
  b.parent = -1;
  int src = -1;
  uint32_t r;
  if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW)
    r = open_path(ctx, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path, old_len, 1, &src);
  else
    r = resolve_name(ctx, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path, old_len, &a);
  if (r == WASI_ESUCCESS) r = resolve_name(ctx, new_fd, WASI_RIGHT_PATH_LINK_TARGET, new_path, new_len, &b);
  if (r == WASI_ESUCCESS && b.dots) r = WASI_EEXIST;
  if (r == WASI_ESUCCESS && src >= 0) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", src);
    r = result(linkat(AT_FDCWD, proc, b.parent, b.name, AT_SYMLINK_FOLLOW));
  } else if (r == WASI_ESUCCESS) {
    if (a.dots) {
      r = WASI_EPERM; /* a directory */
    } else if (a.name[strcspn(a.name, "/")] == '/') {
      /* A trailing slash would make the kernel follow a symlink here: answer as it would for
       * a directory (EPERM) or anything else (ENOTDIR) without following. */
      char *bare = strndup(a.name, strcspn(a.name, "/"));
      struct stat st;
      r = bare == NULL ? WASI_ENOMEM
          : fstatat(a.parent, bare, &st, AT_SYMLINK_NOFOLLOW) != 0 ? wasi_errno(errno)
          : S_ISDIR(st.st_mode) ? WASI_EPERM
                                : WASI_ENOTDIR;
      free(bare);
    } else {
      r = result(linkat(a.parent, a.name, b.parent, b.name, 0));
    }
  }
  if (src >= 0) close(src);
  named_free(&a);
  named_free(&b);
  return r;
}

/* path_readlink(fd, path, len, buf, buf_len, bufused): the target, cut to buf_len bytes. */
static uint32_t wasi_path_readlink(awsm_instance *ctx, uint32_t fd, uint32_t path, uint32_t len, uint32_t buf,
                                   uint32_t buf_len, uint32_t bufused) {
  uint8_t *p = wasi_mem(ctx, buf, buf_len), *used = wasi_mem(ctx, bufused, 4);
  if (wasi_fd_exists(wasi_state(ctx), fd) && (p == NULL || used == NULL)) return WASI_EFAULT;
  int hfd;
  uint32_t r = open_path(ctx, fd, WASI_RIGHT_PATH_READLINK, path, len, 0, &hfd);
  if (r != WASI_ESUCCESS) return r;
  char target[PATH_MAX];
  ssize_t n = readlinkat(hfd, "", target, sizeof target);
  int err = errno;
  close(hfd);
  if (n < 0) return err == ENOENT ? WASI_EINVAL : wasi_errno(err); /* "" on a non-link: ENOENT */
  uint32_t m = (uint64_t)n < buf_len ? (uint32_t)n : buf_len;
  memcpy(p, target, m);
  wasi_put32(used, m);
  return WASI_ESUCCESS;
}

const wasi_fn wasi_path_fns[] = {
    {"path_create_directory", "iii:i", (void *)wasi_path_create_directory, wasi_tramp_iii_i},
    {"path_filestat_get", "iiiii:i", (void *)wasi_path_filestat_get, wasi_tramp_iiiii_i},
    {"path_filestat_set_times", "iiiiIIi:i", (void *)wasi_path_filestat_set_times, wasi_tramp_iiiiIIi_i},
    {"path_link", "iiiiiii:i", (void *)wasi_path_link, wasi_tramp_iiiiiii_i},
    {"path_open", "iiiiiIIii:i", (void *)wasi_path_open, wasi_tramp_iiiiiIIii_i},
    {"path_readlink", "iiiiii:i", (void *)wasi_path_readlink, wasi_tramp_iiiiii_i},
    {"path_remove_directory", "iii:i", (void *)wasi_path_remove_directory, wasi_tramp_iii_i},
    {"path_rename", "iiiiii:i", (void *)wasi_path_rename, wasi_tramp_iiiiii_i},
    {"path_symlink", "iiiii:i", (void *)wasi_path_symlink, wasi_tramp_iiiii_i},
    {"path_unlink_file", "iii:i", (void *)wasi_path_unlink_file, wasi_tramp_iii_i},
};
const size_t wasi_path_fns_count = sizeof wasi_path_fns / sizeof wasi_path_fns[0];
