/* wasi-test: {"dirs": true, "node": {
 *   "^(preopen|sub): (seek|tell)|^libc lseek": "node:wasi: ENOTCAPABLE (a directory has no FD_SEEK or FD_TELL right; wasi-libc's lseek turns it into ESPIPE); awsm: EBADF, as wasmtime",
 *   "^sub, DIRECTORY\\|(EXCL|TRUNC)": "node:wasi passes DIRECTORY with EXCL or TRUNC to the kernel (EXCL opens the directory, TRUNC is EISDIR); awsm: EINVAL, as wasmtime",
 *   "^sub, (DIRECTORY, )?FD_READDIR\\|FD_DATASYNC": "node:wasi opens for writing when FD_DATASYNC or FD_FILESTAT_SET_SIZE is asked (EISDIR); awsm drops the rights that do not apply to a directory, as wasmtime"}}
 *
 * The rights of directory descriptors, as wasmtime has them (docs/wasi.md, "Directories"):
 * neither the preopen (descriptor 3) nor a directory opened with path_open has FD_SEEK or
 * FD_TELL (fd_fdstat_get), and fd_seek/fd_tell on one fail (EBADF, as wasmtime); a directory
 * opened for writing (FD_WRITE, CREAT or TRUNC) is EISDIR, with or without DIRECTORY; DIRECTORY
 * with CREAT, EXCL or TRUNC is EINVAL; rights that do not apply to a directory are dropped;
 * then the same through wasi-libc (open, lseek, opendir).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "common.h"

/* The rights wasi-libc asks for when it opens a directory (O_RDONLY | O_DIRECTORY): every
 * one but the write rights, as far as the directory's inheriting rights go. */
#define R_LIBC_DIR_MAX                                                                                   \
  (~(__WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ALLOCATE | \
     __WASI_RIGHTS_FD_FILESTAT_SET_SIZE))

/* Prints what fd_fdstat_get says about the rights that matter here. */
static void rights(const char *what, __wasi_fd_t fd) {
  __wasi_fdstat_t fs;
  __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &fs);
  if (e != 0) {
    printf("%s: fdstat %s\n", what, ename(e));
    return;
  }
  __wasi_rights_t b = fs.fs_rights_base;
  printf("%s: type %u, base SEEK %d TELL %d READDIR %d PATH_OPEN %d WRITE %d DATASYNC %d SET_SIZE %d, "
         "inheriting SEEK %d WRITE %d\n",
         what, fs.fs_filetype, !!(b & __WASI_RIGHTS_FD_SEEK), !!(b & __WASI_RIGHTS_FD_TELL),
         !!(b & __WASI_RIGHTS_FD_READDIR), !!(b & __WASI_RIGHTS_PATH_OPEN), !!(b & __WASI_RIGHTS_FD_WRITE),
         !!(b & __WASI_RIGHTS_FD_DATASYNC), !!(b & __WASI_RIGHTS_FD_FILESTAT_SET_SIZE),
         !!(fs.fs_rights_inheriting & __WASI_RIGHTS_FD_SEEK), !!(fs.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE));
}

/* fd_seek and fd_tell on fd, each printed. */
static void seeks(const char *what, __wasi_fd_t fd) {
  __wasi_filesize_t pos = 99;
  char line[80];
  snprintf(line, sizeof line, "%s: seek 0 SET", what);
  SHOW(line, __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  snprintf(line, sizeof line, "%s: seek 0 CUR", what);
  SHOW(line, __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos));
  snprintf(line, sizeof line, "%s: seek 5 SET", what);
  SHOW(line, __wasi_fd_seek(fd, 5, __WASI_WHENCE_SET, &pos));
  snprintf(line, sizeof line, "%s: tell", what);
  SHOW(line, __wasi_fd_tell(fd, &pos));
}

/* path_open of `path` from the preopen; on success prints the rights and closes it. */
static void try_open(const char *what, const char *path, __wasi_oflags_t oflags, __wasi_rights_t base,
                     __wasi_fdflags_t fdflags) {
  __wasi_fd_t fd = 0;
  __wasi_errno_t e = __wasi_path_open(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, base, 0, fdflags, &fd);
  printf("%s: %s\n", what, ename(e));
  if (e == 0) {
    rights(what, fd);
    __wasi_fd_close(fd);
  }
}

int main(void) {
  rights("preopen", PREOPEN);
  seeks("preopen", PREOPEN);
  SHOW("preopen: set_rights adding FD_SEEK",
       __wasi_fd_fdstat_set_rights(PREOPEN, __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_PATH_OPEN, 0));

  __wasi_fdstat_t pre;
  __wasi_fd_fdstat_get(PREOPEN, &pre);
  __wasi_fd_t sub;
  SHOW("open sub as wasi-libc does", __wasi_path_open(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "sub",
                                                      __WASI_OFLAGS_DIRECTORY, R_LIBC_DIR_MAX & pre.fs_rights_inheriting,
                                                      pre.fs_rights_inheriting, 0, &sub));
  rights("sub", sub);
  seeks("sub", sub);
  SHOW("close sub", __wasi_fd_close(sub));

  /* Write access to a directory. */
  try_open("sub, DIRECTORY, FD_WRITE", "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_WRITE, 0);
  try_open("sub, DIRECTORY, FD_READDIR|FD_WRITE", "sub", __WASI_OFLAGS_DIRECTORY,
           __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_WRITE, 0);
  try_open("sub, FD_WRITE", "sub", 0, __WASI_RIGHTS_FD_WRITE, 0);
  try_open("sub, CREAT", "sub", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("sub, TRUNC", "sub", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("sub, CREAT|EXCL", "sub", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("sub, DIRECTORY|CREAT", "sub", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("sub, DIRECTORY|EXCL", "sub", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("sub, DIRECTORY|TRUNC", "sub", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("new, DIRECTORY|CREAT", "new", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READDIR, 0);
  try_open("hello.txt, DIRECTORY, FD_WRITE", "hello.txt", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_WRITE, 0);

  /* Rights that mean write access for a file but do not apply to a directory: dropped. */
  try_open("sub, DIRECTORY, FD_READDIR|FD_DATASYNC|FD_FILESTAT_SET_SIZE", "sub", __WASI_OFLAGS_DIRECTORY,
           __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0);
  try_open("sub, FD_READDIR|FD_DATASYNC|FD_FILESTAT_SET_SIZE", "sub", 0,
           __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0);
  try_open("sub, DIRECTORY, APPEND", "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, __WASI_FDFLAGS_APPEND);

  /* A file keeps its seek and tell rights. */
  __wasi_fd_t file;
  SHOW("open hello.txt", open_at(PREOPEN, "hello.txt", 0, R_READ, 0, 1, &file));
  rights("hello.txt", file);
  __wasi_filesize_t pos = 0;
  SHOW("hello.txt: seek 5 SET", __wasi_fd_seek(file, 5, __WASI_WHENCE_SET, &pos));
  SHOW("hello.txt: tell", __wasi_fd_tell(file, &pos));
  printf("hello.txt: position %llu\n", (unsigned long long)pos);
  __wasi_fd_close(file);

  /* wasi-libc. */
  int fd = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
  printf("libc open sub O_DIRECTORY: %s\n", fd >= 0 ? "ok" : strerror(errno));
  errno = 0;
  off_t off = lseek(fd, 0, SEEK_SET);
  printf("libc lseek sub: %lld %s\n", (long long)off, strerror(errno));
  close(fd);
  fd = open("/sandbox/sub", O_WRONLY);
  printf("libc open sub O_WRONLY: %d %s\n", fd, strerror(errno));
  fd = open("/sandbox/sub", O_RDWR | O_DIRECTORY);
  printf("libc open sub O_RDWR|O_DIRECTORY: %d %s\n", fd, strerror(errno));
  DIR *d = opendir("/sandbox/sub");
  int n = 0, again = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) n++;
  rewinddir(d);
  while ((de = readdir(d)) != NULL) again++;
  closedir(d);
  printf("libc readdir sub: %s entries, the same after rewinddir: %s\n", n >= 4 ? "4 or more" : "too few",
         n == again ? "yes" : "no");
  return 0;
}
