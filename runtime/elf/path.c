/* System calls on paths (docs/elf.md, "Files and the sandbox"), resolved as wasi-libc resolves
   a WASI program's paths: an absolute path, or a relative one from AT_FDCWD (the working
   directory is "/"), goes to the preopened directory whose name is its longest leading match
   (component by component; a preopen named "." or "/" matches everything), the rest of the
   path relative to it; a path under no preopen is ENOENT. Relative to another descriptor, the
   path goes to that descriptor. The WASI host then refuses whatever leaves the directory (".."
   past its top, a symbolic link out of it): ENOTCAPABLE, which the guest sees as EACCES. */
#include <string.h>

#include "elf_rt.h"

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000
enum { O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000, O_APPEND = 02000,
       O_NONBLOCK = 04000, O_DSYNC = 010000, O_DIRECTORY = 040000, O_NOFOLLOW = 0100000, O_SYNC = 04010000 };

#define MAX_PREOPENS 32
#define MAX_NAME 256

/* The preopened directories: descriptor and name without leading "/" and "./" ("" for "."). */
static struct {
  uint32_t fd;
  uint32_t len;
  char name[MAX_NAME];
} preopens[MAX_PREOPENS];
static uint32_t npreopens;

/* `p` without leading "/" and "./" (and a lone "."). */
static const char *strip(const char *p) {
  for (;;) {
    if (p[0] == '/') p++;
    else if (p[0] == '.' && p[1] == '/') p += 2;
    else if (p[0] == '.' && p[1] == 0) p++;
    else return p;
  }
}

void awsm_elf_preopens_init(void) {
  for (uint32_t fd = 3; npreopens < MAX_PREOPENS; fd++) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0) break;
    if (ps.tag != __WASI_PREOPENTYPE_DIR || ps.u.dir.pr_name_len >= MAX_NAME) continue;
    char raw[MAX_NAME];
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)raw, ps.u.dir.pr_name_len) != 0) continue;
    raw[ps.u.dir.pr_name_len] = 0;
    const char *n = strip(raw);
    size_t len = strlen(n);
    while (len > 0 && n[len - 1] == '/') len--;
    preopens[npreopens].fd = fd;
    preopens[npreopens].len = (uint32_t)len;
    memcpy(preopens[npreopens].name, n, len);
    preopens[npreopens].name[len] = 0;
    npreopens++;
  }
}

/* Where (dirfd, path) lives: sets *fd and *rel (into `path`, or "."); 0 or -errno. */
static int64_t resolve(int64_t dirfd, uint64_t path_addr, uint32_t *fd, const char **rel) {
  const char *path = guest(path_addr);
  if (path[0] == 0) return -L_ENOENT;
  if (path[0] != '/' && (int32_t)dirfd != AT_FDCWD) {
    *fd = (uint32_t)dirfd;
    *rel = path;
    return 0;
  }
  const char *p = strip(path);
  int best = -1;
  for (uint32_t i = 0; i < npreopens; i++) {
    uint32_t len = preopens[i].len;
    if (strncmp(p, preopens[i].name, len) != 0 || (len > 0 && p[len] != 0 && p[len] != '/')) continue;
    if (best < 0 || len > preopens[best].len) best = (int)i;
  }
  if (best < 0) return -L_ENOENT;
  const char *r = p + preopens[best].len;
  while (*r == '/') r++;
  *fd = preopens[best].fd;
  *rel = *r == 0 ? "." : r;
  return 0;
}

/* Lookup flags for "follow symbolic links unless `nofollow`". */
static __wasi_lookupflags_t follow(int nofollow) {
  return nofollow ? 0 : __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
}

int64_t sys_openat(struct a64_state *st) {
  uint32_t dir;
  const char *rel;
  int64_t r = resolve((int64_t)ARG(0), ARG(1), &dir, &rel);
  if (r != 0) return r;
  uint32_t fl = (uint32_t)ARG(2);
  __wasi_oflags_t of = (fl & O_CREAT ? __WASI_OFLAGS_CREAT : 0) | (fl & O_EXCL ? __WASI_OFLAGS_EXCL : 0) |
                       (fl & O_TRUNC ? __WASI_OFLAGS_TRUNC : 0) | (fl & O_DIRECTORY ? __WASI_OFLAGS_DIRECTORY : 0);
  __wasi_fdflags_t ff = (fl & O_APPEND ? __WASI_FDFLAGS_APPEND : 0) | (fl & O_NONBLOCK ? __WASI_FDFLAGS_NONBLOCK : 0) |
                        ((fl & O_SYNC) == O_SYNC ? __WASI_FDFLAGS_SYNC : fl & O_DSYNC ? __WASI_FDFLAGS_DSYNC : 0);
  /* The rights wasi-libc asks for: reading or writing as the access mode says, and everything
     else the directory passes on. */
  const __wasi_rights_t rw_bits = __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ALLOCATE |
                                  __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE;
  __wasi_rights_t rights = ~rw_bits;
  uint32_t acc = fl & O_ACCMODE;
  if (acc != O_WRONLY) rights |= __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR;
  if (acc != 0) rights |= __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE;
  __wasi_fdstat_t ds;
  __wasi_errno_t e = __wasi_fd_fdstat_get(dir, &ds);
  if (e != 0) return awsm_elf_errno(e);
  rights &= ds.fs_rights_inheriting;
  __wasi_fd_t fd;
  e = __wasi_path_open(dir, follow(fl & O_NOFOLLOW), rel, of, rights, rights, ff, &fd);
  if (e != 0) return awsm_elf_errno(e);
  awsm_elf_fd_forget(fd);
  return fd;
}

int64_t sys_newfstatat(struct a64_state *st) {
  __wasi_filestat_t fs;
  __wasi_errno_t e;
  uint32_t flags = (uint32_t)ARG(3);
  const char *p = guest(ARG(1));
  if (p[0] == 0 && (flags & AT_EMPTY_PATH)) {
    e = __wasi_fd_filestat_get((uint32_t)ARG(0), &fs);
  } else {
    uint32_t dir;
    const char *rel;
    int64_t r = resolve((int64_t)ARG(0), ARG(1), &dir, &rel);
    if (r != 0) return r;
    e = __wasi_path_filestat_get(dir, follow(flags & AT_SYMLINK_NOFOLLOW), rel, &fs);
  }
  if (e != 0) return awsm_elf_errno(e);
  awsm_elf_put_stat(ARG(2), &fs);
  return 0;
}

int64_t sys_mkdirat(struct a64_state *st) {
  uint32_t dir;
  const char *rel;
  int64_t r = resolve((int64_t)ARG(0), ARG(1), &dir, &rel);
  return r != 0 ? r : awsm_elf_errno(__wasi_path_create_directory(dir, rel));
}

int64_t sys_unlinkat(struct a64_state *st) {
  uint32_t dir;
  const char *rel;
  int64_t r = resolve((int64_t)ARG(0), ARG(1), &dir, &rel);
  if (r != 0) return r;
  return awsm_elf_errno(ARG(2) & AT_REMOVEDIR ? __wasi_path_remove_directory(dir, rel) : __wasi_path_unlink_file(dir, rel));
}

int64_t sys_renameat(struct a64_state *st) {
  uint32_t d1, d2;
  const char *r1, *r2;
  int64_t r = resolve((int64_t)ARG(0), ARG(1), &d1, &r1);
  if (r == 0) r = resolve((int64_t)ARG(2), ARG(3), &d2, &r2);
  return r != 0 ? r : awsm_elf_errno(__wasi_path_rename(d1, r1, d2, r2));
}

int64_t sys_renameat2(struct a64_state *st) {
  return ARG(4) != 0 ? -L_EINVAL : sys_renameat(st);
}

int64_t sys_faccessat(struct a64_state *st) {
  uint32_t dir;
  const char *rel;
  __wasi_filestat_t fs;
  int64_t r = resolve((int64_t)ARG(0), ARG(1), &dir, &rel);
  /* Existence only: WASI has no permission bits to check against the mode. */
  return r != 0 ? r : awsm_elf_errno(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, &fs));
}

int64_t sys_readlinkat(struct a64_state *st) {
  uint32_t dir;
  const char *rel;
  int64_t r = resolve((int64_t)ARG(0), ARG(1), &dir, &rel);
  if (r != 0) return r; /* /proc/self/exe and the like: ENOENT */
  __wasi_size_t n;
  __wasi_errno_t e = __wasi_path_readlink(dir, rel, guest(ARG(2)), (__wasi_size_t)ARG(3), &n);
  return e != 0 ? awsm_elf_errno(e) : (int64_t)n;
}

int64_t sys_getcwd(struct a64_state *st) {
  if (ARG(1) < 2) return -L_ERANGE;
  memcpy(guest(ARG(0)), "/", 2);
  return 2;
}
