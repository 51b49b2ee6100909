/* wasi-test: {"stdin": "hello from stdin\nsecond line\n", "status": 8, "node": {
 *   "^(seek stdout|tell stdin): ": "node:wasi checks rights first (ENOTCAPABLE); awsm says what is wrong: a stream (ESPIPE), as POSIX lseek does"}}
 *
 * The standard streams: fd_read of stdin, fd_write to stdout and stderr, fd_fdstat_get,
 * fd_seek/fd_tell on streams (ESPIPE), fd_fdstat_set_flags NONBLOCK on stdin, fd_close of
 * stdout (later writes: EBADF, the exit status).
 */
#include "common.h"

/* Writes a and b and a newline to stderr with fd_write (stdout is closed by then). */
static void errline(const char *a, const char *b) {
  __wasi_ciovec_t v[3] = {{(const uint8_t *)a, strlen(a)}, {(const uint8_t *)b, strlen(b)}, {(const uint8_t *)"\n", 1}};
  __wasi_size_t n;
  if (__wasi_fd_write(2, v, 3, &n) != 0) __wasi_proc_exit(99);
}

int main(void) {
  char buf[256];
  size_t total = 0;
  for (;;) {
    __wasi_iovec_t v[2] = {{(uint8_t *)buf + total, 5}, {(uint8_t *)buf + total + 5, sizeof buf - total - 6}};
    __wasi_size_t n;
    __wasi_errno_t e = __wasi_fd_read(0, v, 2, &n);
    if (e != 0) {
      printf("read: %s\n", ename(e));
      break;
    }
    if (n == 0) break;
    total += n;
  }
  buf[total] = '\0';
  printf("stdin: %zu bytes\n", total);
  for (char *p = buf; *p; p++)
    if (*p >= 'a' && *p <= 'z') *p -= 32;
  printf("%s", buf);
  fflush(stdout);

  __wasi_fdstat_t fs;
  for (__wasi_fd_t fd = 0; fd < 3; fd++) {
    __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &fs);
    printf("fdstat %u: %s, read %s, write %s, seek %s\n", (unsigned)fd, ename(e),
           fs.fs_rights_base & __WASI_RIGHTS_FD_READ ? "yes" : "no", fs.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no",
           fs.fs_rights_base & __WASI_RIGHTS_FD_SEEK ? "yes" : "no");
  }
  __wasi_filesize_t pos;
  SHOW("seek stdout", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &pos));
  SHOW("tell stdin", __wasi_fd_tell(0, &pos));
  SHOW("set stdin NONBLOCK", __wasi_fd_fdstat_set_flags(0, __WASI_FDFLAGS_NONBLOCK));
  __wasi_iovec_t v = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n = 99;
  __wasi_errno_t e = __wasi_fd_read(0, &v, 1, &n);
  printf("read at end of stdin: %s %u\n", ename(e), (unsigned)n);
  SHOW("set stdin back", __wasi_fd_fdstat_set_flags(0, 0));
  SHOW("filestat stdout", __wasi_fd_filestat_get(1, &(__wasi_filestat_t){0}));

  __wasi_ciovec_t err = {(const uint8_t *)"to stderr\n", 10};
  SHOW("write stderr", __wasi_fd_write(2, &err, 1, &n));
  __wasi_ciovec_t many[3] = {{(const uint8_t *)"a", 1}, {(const uint8_t *)"", 0}, {(const uint8_t *)"bc\n", 3}};
  SHOW("write 3 iovecs", __wasi_fd_write(1, many, 3, &n));
  printf("wrote %u\n", (unsigned)n);
  fflush(stdout);
  SHOW("close stdout", __wasi_fd_close(1));
  __wasi_ciovec_t lost = {(const uint8_t *)"lost\n", 5};
  e = __wasi_fd_write(1, &lost, 1, &n);
  errline("write after close: ", ename(e));
  __wasi_proc_exit(e);
}
