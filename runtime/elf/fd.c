/* System calls on open descriptors (docs/elf.md, "System calls"): guest descriptor = WASI
   descriptor (0, 1, 2, then the preopened directories from 3, then what openat opens). Reads
   and writes go to fd_read/fd_write; struct stat and struct linux_dirent64 are converted to
   the aarch64 layouts; a directory's read position (getdents64) is the WASI cookie, kept here
   per descriptor. */
#include <string.h>

#include "elf_rt.h"

/* Largest iovec count (Linux's IOV_MAX). */
#define IOV_MAX 1024
/* Descriptors whose directory position is remembered. */
#define MAX_DIRFD 1024

/* The next fd_readdir cookie of each directory descriptor (0: from the start). */
static uint64_t dir_cookie[MAX_DIRFD];

void awsm_elf_fd_forget(uint32_t fd) {
  if (fd < MAX_DIRFD) dir_cookie[fd] = 0;
}

/* A Linux struct iovec: base and length, 8 bytes each on aarch64. */
struct l_iovec {
  uint64_t base, len;
};

/* The guest's iovec array at `addr` (count `n`) as WASI iovecs in `out`; -errno or n. */
static int64_t iovecs(uint64_t addr, uint64_t n, __wasi_iovec_t *out) {
  if (n > IOV_MAX) return -L_EINVAL;
  const struct l_iovec *v = guest(addr);
  for (uint64_t i = 0; i < n; i++) {
    out[i].buf = guest(v[i].base);
    out[i].buf_len = (size_t)v[i].len;
  }
  return (int64_t)n;
}

static __wasi_iovec_t iov_buf[IOV_MAX];

/* A read (fd_read, or fd_pread at `off` when `at`) into the iovecs given. */
static int64_t do_read(uint32_t fd, __wasi_iovec_t *v, size_t n, int at, uint64_t off) {
  __wasi_size_t got;
  __wasi_errno_t e = at ? __wasi_fd_pread(fd, v, n, off, &got) : __wasi_fd_read(fd, v, n, &got);
  return e != 0 ? awsm_elf_errno(e) : (int64_t)got;
}

/* A write (fd_write, or fd_pwrite at `off` when `at`) of the iovecs given, all of them: a WASI
   host may write only the first buffer (wasmtime does), where Linux's writev writes them all.
   `v` is consumed. */
static int64_t do_write(uint32_t fd, __wasi_ciovec_t *v, size_t n, int at, uint64_t off) {
  int64_t total = 0;
  while (n > 0) {
    __wasi_size_t put;
    __wasi_errno_t e = at ? __wasi_fd_pwrite(fd, v, n, off, &put) : __wasi_fd_write(fd, v, n, &put);
    if (e != 0) return total > 0 ? total : awsm_elf_errno(e);
    if (put == 0) break;
    total += put;
    off += put;
    while (n > 0 && put >= v->buf_len) {
      put -= v->buf_len;
      v++;
      n--;
    }
    if (n > 0) {
      v->buf += put;
      v->buf_len -= put;
    }
  }
  return total;
}

int64_t sys_read(struct a64_state *st) {
  __wasi_iovec_t v = {guest(ARG(1)), (size_t)ARG(2)};
  return do_read((uint32_t)ARG(0), &v, 1, 0, 0);
}

int64_t sys_pread64(struct a64_state *st) {
  __wasi_iovec_t v = {guest(ARG(1)), (size_t)ARG(2)};
  return do_read((uint32_t)ARG(0), &v, 1, 1, ARG(3));
}

int64_t sys_write(struct a64_state *st) {
  __wasi_ciovec_t v = {guest(ARG(1)), (size_t)ARG(2)};
  return do_write((uint32_t)ARG(0), &v, 1, 0, 0);
}

int64_t sys_pwrite64(struct a64_state *st) {
  __wasi_ciovec_t v = {guest(ARG(1)), (size_t)ARG(2)};
  return do_write((uint32_t)ARG(0), &v, 1, 1, ARG(3));
}

int64_t sys_readv(struct a64_state *st) {
  int64_t n = iovecs(ARG(1), ARG(2), iov_buf);
  return n < 0 ? n : do_read((uint32_t)ARG(0), iov_buf, (size_t)n, 0, 0);
}

int64_t sys_writev(struct a64_state *st) {
  int64_t n = iovecs(ARG(1), ARG(2), iov_buf);
  /* __wasi_iovec_t and __wasi_ciovec_t have one layout. */
  return n < 0 ? n : do_write((uint32_t)ARG(0), (__wasi_ciovec_t *)iov_buf, (size_t)n, 0, 0);
}

int64_t sys_lseek(struct a64_state *st) {
  uint32_t fd = (uint32_t)ARG(0);
  int64_t off = (int64_t)ARG(1);
  uint32_t whence = (uint32_t)ARG(2);
  if (whence > 2) return -L_EINVAL;
  /* rewinddir: back to the first entry of a directory (WASI cannot seek one). */
  __wasi_fdstat_t s;
  if (fd < MAX_DIRFD && whence == 0 && off == 0 && __wasi_fd_fdstat_get(fd, &s) == 0 && s.fs_filetype == __WASI_FILETYPE_DIRECTORY) {
    dir_cookie[fd] = 0;
    return 0;
  }
  __wasi_filesize_t pos;
  __wasi_errno_t e = __wasi_fd_seek(fd, off, (__wasi_whence_t)whence, &pos);
  return e != 0 ? awsm_elf_errno(e) : (int64_t)pos;
}

int64_t sys_close(struct a64_state *st) {
  uint32_t fd = (uint32_t)ARG(0);
  awsm_elf_fd_forget(fd);
  return awsm_elf_errno(__wasi_fd_close(fd));
}

/* File-type bits of st_mode. */
enum { S_IFCHR = 0020000, S_IFDIR = 0040000, S_IFBLK = 0060000, S_IFREG = 0100000, S_IFLNK = 0120000, S_IFSOCK = 0140000 };

/* Linux's struct stat on aarch64 (asm-generic): 128 bytes. */
struct l_stat {
  uint64_t dev, ino;
  uint32_t mode, nlink, uid, gid;
  uint64_t rdev, pad1;
  int64_t size;
  int32_t blksize, pad2;
  int64_t blocks;
  int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
  uint32_t unused[2];
};
_Static_assert(sizeof(struct l_stat) == 128, "struct stat on aarch64");

void awsm_elf_put_stat(uint64_t addr, const __wasi_filestat_t *fs) {
  static const uint32_t type_mode[] = {
      [__WASI_FILETYPE_UNKNOWN] = S_IFREG, [__WASI_FILETYPE_BLOCK_DEVICE] = S_IFBLK, [__WASI_FILETYPE_CHARACTER_DEVICE] = S_IFCHR,
      [__WASI_FILETYPE_DIRECTORY] = S_IFDIR, [__WASI_FILETYPE_REGULAR_FILE] = S_IFREG, [__WASI_FILETYPE_SOCKET_DGRAM] = S_IFSOCK,
      [__WASI_FILETYPE_SOCKET_STREAM] = S_IFSOCK, [__WASI_FILETYPE_SYMBOLIC_LINK] = S_IFLNK,
  };
  struct l_stat s;
  memset(&s, 0, sizeof s);
  uint32_t type = fs->filetype < 8 ? type_mode[fs->filetype] : S_IFREG;
  s.dev = fs->dev;
  s.ino = fs->ino;
  /* WASI has no permissions: what a umask of 022 gives. */
  s.mode = type | (type == S_IFDIR ? 0755 : 0644);
  s.nlink = (uint32_t)fs->nlink;
  s.size = (int64_t)fs->size;
  s.blksize = 4096;
  s.blocks = (int64_t)((fs->size + 511) / 512);
  s.atime = (int64_t)(fs->atim / 1000000000u);
  s.atime_ns = (int64_t)(fs->atim % 1000000000u);
  s.mtime = (int64_t)(fs->mtim / 1000000000u);
  s.mtime_ns = (int64_t)(fs->mtim % 1000000000u);
  s.ctime = (int64_t)(fs->ctim / 1000000000u);
  s.ctime_ns = (int64_t)(fs->ctim % 1000000000u);
  memcpy(guest(addr), &s, sizeof s);
}

int64_t sys_fstat(struct a64_state *st) {
  __wasi_filestat_t fs;
  __wasi_errno_t e = __wasi_fd_filestat_get((uint32_t)ARG(0), &fs);
  if (e != 0) return awsm_elf_errno(e);
  awsm_elf_put_stat(ARG(1), &fs);
  return 0;
}

/* DT_* for a WASI file type. */
static uint8_t dtype(uint8_t t) {
  static const uint8_t dt[] = {0, 6, 2, 4, 8, 12, 12, 10};
  return t < sizeof dt ? dt[t] : 0;
}

/* fd_readdir's buffer: entries are converted from here into the guest's. */
static uint8_t dirbuf[32768];

int64_t sys_getdents64(struct a64_state *st) {
  uint32_t fd = (uint32_t)ARG(0);
  uint8_t *out = guest(ARG(1));
  uint64_t room = ARG(2);
  if (fd >= MAX_DIRFD) return -L_EBADF;
  size_t ask = room < sizeof dirbuf ? (size_t)room : sizeof dirbuf;
  __wasi_size_t got;
  __wasi_errno_t e = __wasi_fd_readdir(fd, dirbuf, ask, dir_cookie[fd], &got);
  if (e != 0) return awsm_elf_errno(e);
  uint64_t put = 0;
  for (size_t o = 0; o + sizeof(__wasi_dirent_t) <= got;) {
    __wasi_dirent_t d;
    memcpy(&d, dirbuf + o, sizeof d);
    if (o + sizeof d + d.d_namlen > got) break; /* cut off: fetched again next time */
    uint32_t reclen = (uint32_t)((19 + d.d_namlen + 1 + 7) & ~7u);
    if (put + reclen > room) break;
    uint8_t *r = out + put;
    memset(r, 0, reclen);
    memcpy(r, &d.d_ino, 8);
    memcpy(r + 8, &d.d_next, 8);
    r[16] = (uint8_t)reclen;
    r[17] = (uint8_t)(reclen >> 8);
    r[18] = dtype(d.d_type);
    memcpy(r + 19, dirbuf + o + sizeof d, d.d_namlen);
    put += reclen;
    dir_cookie[fd] = d.d_next;
    o += sizeof d + d.d_namlen;
  }
  if (put == 0 && got == ask && got > 0) return -L_EINVAL; /* the buffer cannot hold one entry */
  return (int64_t)put;
}

int64_t sys_ioctl(struct a64_state *st) {
  __wasi_fdstat_t s;
  if (__wasi_fd_fdstat_get((uint32_t)ARG(0), &s) != 0) return -L_EBADF;
  /* TCGETS, TIOCGWINSZ and the rest: no terminals here, so glibc buffers stdout fully, as on a pipe. */
  return -L_ENOTTY;
}

enum { F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030 };
enum { O_WRONLY = 1, O_RDWR = 2, O_APPEND = 02000, O_NONBLOCK = 04000 };

int64_t sys_fcntl(struct a64_state *st) {
  uint32_t fd = (uint32_t)ARG(0);
  __wasi_fdstat_t s;
  __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &s);
  if (e != 0) return awsm_elf_errno(e);
  switch (ARG(1)) {
  case F_GETFD:
  case F_SETFD:
    return 0;
  case F_GETFL: {
    int rd = (s.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0, wr = (s.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0;
    int64_t fl = rd && wr ? O_RDWR : wr ? O_WRONLY : 0;
    if (s.fs_flags & __WASI_FDFLAGS_APPEND) fl |= O_APPEND;
    if (s.fs_flags & __WASI_FDFLAGS_NONBLOCK) fl |= O_NONBLOCK;
    return fl;
  }
  case F_SETFL: {
    __wasi_fdflags_t f = (ARG(2) & O_APPEND ? __WASI_FDFLAGS_APPEND : 0) | (ARG(2) & O_NONBLOCK ? __WASI_FDFLAGS_NONBLOCK : 0);
    return awsm_elf_errno(__wasi_fd_fdstat_set_flags(fd, f));
  }
  default:
    return -L_EINVAL; /* F_DUPFD and the rest: WASI cannot duplicate a descriptor */
  }
}

int64_t sys_fsync(struct a64_state *st) {
  return awsm_elf_errno(__wasi_fd_sync((uint32_t)ARG(0)));
}

int64_t sys_ftruncate(struct a64_state *st) {
  return awsm_elf_errno(__wasi_fd_filestat_set_size((uint32_t)ARG(0), ARG(1)));
}
