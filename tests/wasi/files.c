/* wasi-test: {"dirs": true, "node": {
 *   "^flags: ": "node:wasi puts the host's open(2) flags in fs_flags (O_APPEND is 0x400 there) instead of WASI fdflags"}}
 *
 * Files in a preopened directory (/sandbox, descriptor 3): path_open with every oflag and
 * the fdflags APPEND, fd_read/fd_write/fd_pread/fd_pwrite, fd_seek/fd_tell, fd_sync,
 * fd_datasync, fd_advise, fd_allocate, fd_filestat_get/set_size/set_times, fd_fdstat_get,
 * fd_fdstat_set_flags, fd_fdstat_set_rights (and ENOTCAPABLE afterwards), fd_renumber,
 * fd_close; then the same through wasi-libc's stdio.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

static __wasi_size_t wr(__wasi_fd_t fd, const char *s, __wasi_errno_t *e) {
  __wasi_ciovec_t v = {(const uint8_t *)s, strlen(s)};
  __wasi_size_t n = 0;
  *e = __wasi_fd_write(fd, &v, 1, &n);
  return n;
}

static void rd(const char *what, __wasi_fd_t fd) {
  char buf[128];
  __wasi_iovec_t v = {(uint8_t *)buf, sizeof buf - 1};
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_fd_read(fd, &v, 1, &n);
  buf[e == 0 ? n : 0] = '\0';
  for (char *p = buf; *p; p++)
    if (*p == '\n') *p = '|';
  printf("%s: %s %u [%s]\n", what, ename(e), (unsigned)n, buf);
}

int main(void) {
  __wasi_fd_t fd, fd2;
  __wasi_errno_t e;
  __wasi_filestat_t st;
  __wasi_fdstat_t fs;

  /* Reading an existing file. */
  SHOW("open hello.txt", open_at(PREOPEN, "hello.txt", 0, R_READ, 0, 1, &fd));
  printf("new fd: %u\n", (unsigned)fd);
  rd("read", fd);
  rd("read at end", fd);
  SHOW("fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
  printf("filetype %u, append %s, read %s, write %s\n", fs.fs_filetype, fs.fs_flags & __WASI_FDFLAGS_APPEND ? "yes" : "no",
         fs.fs_rights_base & __WASI_RIGHTS_FD_READ ? "yes" : "no", fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no");
  wr(fd, "x", &e);
  printf("write to a read-only fd: %s\n", ename(e));
  __wasi_filesize_t pos;
  SHOW("seek to 7", __wasi_fd_seek(fd, 7, __WASI_WHENCE_SET, &pos));
  printf("position %llu\n", (unsigned long long)pos);
  rd("read from 7", fd);
  SHOW("seek -5 from end", __wasi_fd_seek(fd, -5, __WASI_WHENCE_END, &pos));
  printf("position %llu\n", (unsigned long long)pos);
  SHOW("tell", __wasi_fd_tell(fd, &pos));
  printf("position %llu\n", (unsigned long long)pos);
  SHOW("seek before start", __wasi_fd_seek(fd, -100, __WASI_WHENCE_CUR, &pos));
  SHOW("seek bad whence", __wasi_fd_seek(fd, 0, 3, &pos));
  char pb[8] = {0};
  __wasi_iovec_t pv = {(uint8_t *)pb, 5};
  __wasi_size_t n;
  SHOW("pread 5 at 0", __wasi_fd_pread(fd, &pv, 1, 0, &n));
  printf("pread got %u [%.5s]\n", (unsigned)n, pb);
  SHOW("tell after pread", __wasi_fd_tell(fd, &pos));
  printf("position %llu (unchanged)\n", (unsigned long long)pos);
  SHOW("filestat_get", __wasi_fd_filestat_get(fd, &st));
  printf("size %llu, type %u, nlink %llu\n", (unsigned long long)st.size, st.filetype, (unsigned long long)st.nlink);
  SHOW("advise sequential", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_SEQUENTIAL));
  SHOW("advise bad", __wasi_fd_advise(fd, 0, 0, 9));
  SHOW("close", __wasi_fd_close(fd));
  SHOW("close again", __wasi_fd_close(fd));

  /* Creating: CREAT, EXCL, TRUNC. */
  SHOW("open new.txt without CREAT", open_at(PREOPEN, "new.txt", 0, R_RW, 0, 1, &fd));
  SHOW("create new.txt", open_at(PREOPEN, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_RW, 0, 1, &fd));
  SHOW("create new.txt again (EXCL)", open_at(PREOPEN, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_RW, 0, 1, &fd2));
  n = wr(fd, "0123456789", &e);
  printf("write: %s %u\n", ename(e), (unsigned)n);
  __wasi_ciovec_t cv[3] = {{(const uint8_t *)"ab", 2}, {(const uint8_t *)"", 0}, {(const uint8_t *)"cd", 2}};
  SHOW("pwrite 3 iovecs at 2", __wasi_fd_pwrite(fd, cv, 3, 2, &n));
  printf("pwrite wrote %u\n", (unsigned)n);
  SHOW("sync", __wasi_fd_sync(fd));
  SHOW("datasync", __wasi_fd_datasync(fd));
  SHOW("seek 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  rd("read back", fd);
  SHOW("set_size 4", __wasi_fd_filestat_set_size(fd, 4));
  SHOW("filestat_get", __wasi_fd_filestat_get(fd, &st));
  printf("size %llu\n", (unsigned long long)st.size);
  SHOW("allocate 0+4096", __wasi_fd_allocate(fd, 0, 4096));
  SHOW("filestat_get", __wasi_fd_filestat_get(fd, &st));
  printf("size %llu\n", (unsigned long long)st.size);
  SHOW("set_size 6", __wasi_fd_filestat_set_size(fd, 6));
  SHOW("set_times", __wasi_fd_filestat_set_times(fd, 1000000000ull * 1000000000ull, 2000000000ull * 1000000000ull,
                                                 __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  SHOW("filestat_get", __wasi_fd_filestat_get(fd, &st));
  printf("atim %llu s, mtim %llu s\n", (unsigned long long)(st.atim / 1000000000ull),
         (unsigned long long)(st.mtim / 1000000000ull));
  SHOW("set_times ATIM|ATIM_NOW", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
  SHOW("set_times MTIM_NOW", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  SHOW("filestat_get", __wasi_fd_filestat_get(fd, &st));
  printf("mtim recent: %s\n", st.mtim / 1000000000ull > 1704067200ull ? "yes" : "no");
  SHOW("close", __wasi_fd_close(fd));
  SHOW("open TRUNC", open_at(PREOPEN, "new.txt", __WASI_OFLAGS_TRUNC, R_RW, 0, 1, &fd));
  SHOW("filestat_get", __wasi_fd_filestat_get(fd, &st));
  printf("size after TRUNC %llu\n", (unsigned long long)st.size);
  SHOW("close", __wasi_fd_close(fd));

  /* APPEND, and changing it with fdstat_set_flags. */
  SHOW("open APPEND", open_at(PREOPEN, "new.txt", 0, R_RW, __WASI_FDFLAGS_APPEND, 1, &fd));
  wr(fd, "one,", &e);
  SHOW("seek 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  wr(fd, "two,", &e);
  SHOW("fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
  printf("flags: append %s, nonblock %s\n", fs.fs_flags & __WASI_FDFLAGS_APPEND ? "yes" : "no",
         fs.fs_flags & __WASI_FDFLAGS_NONBLOCK ? "yes" : "no");
  SHOW("set_flags 0", __wasi_fd_fdstat_set_flags(fd, 0));
  SHOW("seek 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  wr(fd, "ONE", &e);
  SHOW("set_flags NONBLOCK", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK));
  SHOW("fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
  printf("flags: append %s, nonblock %s\n", fs.fs_flags & __WASI_FDFLAGS_APPEND ? "yes" : "no",
         fs.fs_flags & __WASI_FDFLAGS_NONBLOCK ? "yes" : "no");
  SHOW("seek 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  rd("read back", fd);

  /* The SYNC family: set at open, fixed afterwards (Linux cannot change them). */
  static const struct {
    const char *name;
    __wasi_fdflags_t flag;
  } syncs[] = {{"DSYNC", __WASI_FDFLAGS_DSYNC}, {"SYNC", __WASI_FDFLAGS_SYNC}, {"RSYNC", __WASI_FDFLAGS_RSYNC},
               {"NONBLOCK", __WASI_FDFLAGS_NONBLOCK}};
  for (unsigned i = 0; i < 4; i++) {
    e = open_at(PREOPEN, "new.txt", 0, R_RW, syncs[i].flag, 1, &fd2);
    if (__wasi_fd_fdstat_get(fd2, &fs) != 0) fs.fs_flags = 0xFFFF;
    printf("flags: open %s: %s, dsync %s, sync %s, nonblock %s\n", syncs[i].name, ename(e),
           fs.fs_flags & __WASI_FDFLAGS_DSYNC ? "yes" : "no", fs.fs_flags & __WASI_FDFLAGS_SYNC ? "yes" : "no",
           fs.fs_flags & __WASI_FDFLAGS_NONBLOCK ? "yes" : "no");
    printf("flags: set_flags 0 after %s: %s\n", syncs[i].name, ename(__wasi_fd_fdstat_set_flags(fd2, 0)));
    (void)__wasi_fd_close(fd2);
  }

  /* Rights can only be dropped; then the operation is ENOTCAPABLE. */
  SHOW("set_rights read-only", __wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK, 0));
  wr(fd, "x", &e);
  printf("write without the right: %s\n", ename(e));
  SHOW("tell without the right", __wasi_fd_tell(fd, &pos));
  SHOW("set_rights back", __wasi_fd_fdstat_set_rights(fd, R_RW, 0));
  SHOW("fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
  printf("rights now read+seek: %s\n",
         fs.fs_rights_base == (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK) ? "yes" : "no");

  /* Renumber onto another open descriptor. */
  SHOW("open hello.txt", open_at(PREOPEN, "hello.txt", 0, R_READ, 0, 1, &fd2));
  SHOW("renumber to itself", __wasi_fd_renumber(fd, fd));
  SHOW("renumber", __wasi_fd_renumber(fd2, fd));
  rd("read renumbered", fd);
  SHOW("old number closed", __wasi_fd_close(fd2));
  SHOW("renumber to unopened", __wasi_fd_renumber(fd, 77));
  SHOW("close", __wasi_fd_close(fd));

  /* Opening a directory as a file, a file as a directory. */
  SHOW("open sub with DIRECTORY", open_at(PREOPEN, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 1, &fd));
  rd("read a directory", fd);
  SHOW("close", __wasi_fd_close(fd));
  SHOW("open hello.txt with DIRECTORY", open_at(PREOPEN, "hello.txt", __WASI_OFLAGS_DIRECTORY, 0, 0, 1, &fd));
  SHOW("open sub for writing", open_at(PREOPEN, "sub", 0, __WASI_RIGHTS_FD_WRITE, 0, 1, &fd));
  SHOW("open relative to a file", open_at(PREOPEN + 100, "x", 0, 0, 0, 1, &fd));

  /* wasi-libc's stdio on top. */
  FILE *f = fopen("/sandbox/sub/libc.txt", "w+");
  printf("fopen: %s\n", f ? "ok" : strerror(errno));
  fprintf(f, "line %d\nline %d\n", 1, 2);
  rewind(f);
  char line[64];
  while (fgets(line, sizeof line, f)) printf("fgets: %s", line);
  printf("fclose: %d\n", fclose(f));
  int cfd = open("/sandbox/nope.txt", O_RDONLY);
  printf("open missing: %d %s\n", cfd, strerror(errno));
  cfd = open("/sandbox/sub/libc.txt", O_WRONLY | O_APPEND);
  printf("write: %zd\n", write(cfd, "line 3\n", 7));
  printf("lseek end: %lld\n", (long long)lseek(cfd, 0, SEEK_END));
  printf("ftruncate: %d\n", ftruncate(cfd, 7));
  printf("close: %d\n", close(cfd));
  return 0;
}
