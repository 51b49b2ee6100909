/* wasi-test: {"node": {
 *   "^events 1, userdata": "node:wasi ignores a subscription on a descriptor that is not open (reports nothing for it)",
 *   "^closing stdin|stdin": "node:wasi aborts (libuv assertion) when the guest closes descriptor 0: skipped there",
 *   "^fd_fdstat_set_flags unknown flag": "node:wasi accepts unknown fdflags bits",
 *   "^sock_(accept|shutdown) on stdout|^sock_accept and": "node:wasi loses its standard output after sock_shutdown on it: skipped there",
 *   "^fd_seek whence 3": "node:wasi checks rights before arguments (ENOTCAPABLE: streams have no seek right); awsm reports the bad whence"}}
 *
 * Descriptors that were never handed out (3 without preopens, 4, 1000, 2^31 - 1, 2^32 - 1)
 * and one that was closed: every function that takes a descriptor answers EBADF (in
 * poll_oneoff: an event with EBADF). No preopens here, so nothing at all is open besides the
 * standard streams. Then invalid arguments on valid descriptors: EINVAL.
 */
#include "common.h"

static const __wasi_fd_t bad[] = {3, 4, 1000, 0x7FFFFFFF, 0xFFFFFFFF};

#define EACH(what, call)                                                  \
  do {                                                                    \
    unsigned ok_ = 1, first_ = 0;                                         \
    for (unsigned i_ = 0; i_ < sizeof bad / sizeof bad[0]; i_++) {        \
      __wasi_fd_t fd = bad[i_];                                           \
      unsigned e_ = (unsigned)(call);                                     \
      if (i_ == 0) first_ = e_;                                           \
      if (e_ != first_) ok_ = 0;                                          \
    }                                                                     \
    printf("%s: %s%s\n", what, ename(first_), ok_ ? "" : " (not for all)"); \
  } while (0)

int main(void) {
  uint8_t buf[64];
  __wasi_size_t n;
  __wasi_filesize_t pos;
  __wasi_iovec_t iov = {buf, sizeof buf};
  __wasi_ciovec_t ciov = {buf, 1};
  __wasi_fd_t out;
  __wasi_filestat_t st;
  __wasi_fdstat_t fs;
  __wasi_prestat_t ps;
  EACH("fd_advise", __wasi_fd_advise(fd, 0, 0, 0));
  EACH("fd_allocate", __wasi_fd_allocate(fd, 0, 1));
  EACH("fd_close", __wasi_fd_close(fd));
  EACH("fd_datasync", __wasi_fd_datasync(fd));
  EACH("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &fs));
  EACH("fd_fdstat_set_flags", __wasi_fd_fdstat_set_flags(fd, 0));
  EACH("fd_fdstat_set_rights", __wasi_fd_fdstat_set_rights(fd, 0, 0));
  EACH("fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
  EACH("fd_filestat_set_size", __wasi_fd_filestat_set_size(fd, 0));
  EACH("fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 0, 0, 0));
  EACH("fd_pread", __wasi_fd_pread(fd, &iov, 1, 0, &n));
  EACH("fd_prestat_get", __wasi_fd_prestat_get(fd, &ps));
  EACH("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(fd, buf, sizeof buf));
  EACH("fd_pwrite", __wasi_fd_pwrite(fd, &ciov, 1, 0, &n));
  EACH("fd_read", __wasi_fd_read(fd, &iov, 1, &n));
  EACH("fd_readdir", __wasi_fd_readdir(fd, buf, sizeof buf, 0, &n));
  EACH("fd_renumber from", __wasi_fd_renumber(fd, 1));
  EACH("fd_renumber to", __wasi_fd_renumber(1, fd));
  EACH("fd_seek", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos));
  EACH("fd_sync", __wasi_fd_sync(fd));
  EACH("fd_tell", __wasi_fd_tell(fd, &pos));
  EACH("fd_write", __wasi_fd_write(fd, &ciov, 1, &n));
  EACH("path_create_directory", __wasi_path_create_directory(fd, "x"));
  EACH("path_filestat_get", __wasi_path_filestat_get(fd, 0, "x", &st));
  EACH("path_filestat_set_times", __wasi_path_filestat_set_times(fd, 0, "x", 0, 0, 0));
  EACH("path_link old", __wasi_path_link(fd, 0, "x", 1, "y"));
  EACH("path_open", __wasi_path_open(fd, 0, "x", 0, 0, 0, 0, &out));
  EACH("path_readlink", __wasi_path_readlink(fd, "x", buf, sizeof buf, &n));
  EACH("path_remove_directory", __wasi_path_remove_directory(fd, "x"));
  EACH("path_rename old", __wasi_path_rename(fd, "x", 1, "y"));
  EACH("path_symlink", __wasi_path_symlink("x", fd, "y"));
  EACH("path_unlink_file", __wasi_path_unlink_file(fd, "x"));
  EACH("sock_accept", __wasi_sock_accept(fd, 0, &out));
  EACH("sock_recv", __wasi_sock_recv(fd, &iov, 1, 0, &n, &(__wasi_roflags_t){0}));
  EACH("sock_send", __wasi_sock_send(fd, &ciov, 1, 0, &n));
  EACH("sock_shutdown", __wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR));

  /* poll_oneoff: an fd_read subscription on a bad descriptor is an event with EBADF. */
  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.userdata = 42;
  sub.u.tag = __WASI_EVENTTYPE_FD_READ;
  sub.u.u.fd_read.file_descriptor = 1000;
  __wasi_event_t ev;
  SHOW("poll_oneoff", __wasi_poll_oneoff(&sub, &ev, 1, &n));
  printf("events %u, userdata %llu, error %s\n", (unsigned)n, (unsigned long long)ev.userdata, ename(ev.error));

  /* A closed descriptor, and the standard streams after fd_close. */
  if (!skipped_under_node("closing stdin")) {
    SHOW("close stdin", __wasi_fd_close(0));
    SHOW("read closed stdin", __wasi_fd_read(0, &iov, 1, &n));
    SHOW("close stdin again", __wasi_fd_close(0));
    SHOW("fdstat closed stdin", __wasi_fd_fdstat_get(0, &fs));
  }

  /* Invalid arguments on valid descriptors. */
  SHOW("fd_seek whence 3", __wasi_fd_seek(1, 0, 3, &pos));
  SHOW("fd_fdstat_set_rights more rights", __wasi_fd_fdstat_set_rights(1, ~0ull, 0));
  SHOW("fd_fdstat_set_flags unknown flag", __wasi_fd_fdstat_set_flags(1, 0x100));
  SHOW("fd_readdir on stdout", __wasi_fd_readdir(1, buf, sizeof buf, 0, &n));
  SHOW("path_open on stdout", __wasi_path_open(1, 0, "x", 0, 0, 0, 0, &out));
  if (!skipped_under_node("sock_accept and sock_shutdown on stdout")) {
    SHOW("sock_accept on stdout", __wasi_sock_accept(1, 0, &out));
    SHOW("sock_shutdown on stdout", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));
  }
  SHOW("clock_time_get clock 4", __wasi_clock_time_get(4, 0, &pos));
  sub.u.tag = 3;
  SHOW("poll_oneoff unknown tag", __wasi_poll_oneoff(&sub, &ev, 1, &n));
  return 0;
}
