/* wasi-test: {"dirs": true, "stdin": "xyz", "node": {"skip": "node:wasi (Node 20) reports out-of-bounds pointers as EOVERFLOW, not EFAULT, and crashes (SIGSEGV) on fd_read with 2^29 iovecs"}}
 *
 * Guest pointers and lengths outside linear memory: every function that takes a pointer
 * gets one that ends past the current memory size (or wraps around 4 GiB), and must return
 * EFAULT without touching anything: no host memory outside the sandbox, no partial effect
 * (a read that fails reads nothing; the data is still there afterwards).
 */
#include "common.h"

#define BAD(p) ((void *)(uintptr_t)(p))

/* The imports themselves, to pass a path pointer with an explicit length (the wasi/api.h
 * wrappers take NUL-terminated strings). */
#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
int32_t raw_path_open(int32_t, int32_t, int32_t, int32_t, int32_t, int64_t, int64_t, int32_t, int32_t) IMPORT(path_open);
int32_t raw_path_filestat_get(int32_t, int32_t, int32_t, int32_t, int32_t) IMPORT(path_filestat_get);
int32_t raw_path_filestat_set_times(int32_t, int32_t, int32_t, int32_t, int64_t, int64_t, int32_t)
    IMPORT(path_filestat_set_times);
int32_t raw_path_create_directory(int32_t, int32_t, int32_t) IMPORT(path_create_directory);
int32_t raw_path_remove_directory(int32_t, int32_t, int32_t) IMPORT(path_remove_directory);
int32_t raw_path_unlink_file(int32_t, int32_t, int32_t) IMPORT(path_unlink_file);
int32_t raw_path_rename(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t) IMPORT(path_rename);
int32_t raw_path_link(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t) IMPORT(path_link);
int32_t raw_path_symlink(int32_t, int32_t, int32_t, int32_t, int32_t) IMPORT(path_symlink);
int32_t raw_path_readlink(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t) IMPORT(path_readlink);
#define P(s) (int32_t)(uintptr_t)(s), (int32_t)strlen(s)

int main(void) {
  uint32_t end = mem_size();
  printf("memory size is a multiple of 64 KiB: %s\n", end % 65536 == 0 ? "yes" : "no");
  void *past = BAD(end - 2), *at_end = BAD(end), *wrap = BAD(0xFFFFFFF8u);
  __wasi_size_t n;
  SHOW("args_sizes_get", __wasi_args_sizes_get(past, &n));
  SHOW("args_sizes_get 2", __wasi_args_sizes_get(&n, wrap));
  char *argv[4];
  SHOW("args_get", __wasi_args_get(BAD(end - 2), (uint8_t *)argv));
  SHOW("args_get buf", __wasi_args_get((uint8_t **)argv, past));
  SHOW("environ_sizes_get", __wasi_environ_sizes_get(at_end, &n));
  SHOW("environ_get", __wasi_environ_get(past, past));
  SHOW("clock_res_get", __wasi_clock_res_get(0, past));
  SHOW("clock_time_get", __wasi_clock_time_get(1, 0, wrap));
  SHOW("random_get", __wasi_random_get(past, 3));
  SHOW("random_get wrap", __wasi_random_get(wrap, 16));
  SHOW("fd_fdstat_get", __wasi_fd_fdstat_get(1, past));
  SHOW("fd_filestat_get", __wasi_fd_filestat_get(1, past));
  SHOW("fd_prestat_get", __wasi_fd_prestat_get(3, past));
  SHOW("fd_prestat_dir_name", __wasi_fd_prestat_dir_name(3, past, 8));
  /* Standard input, a stream (the preopen, a directory, would be EBADF first). */
  SHOW("fd_seek", __wasi_fd_seek(0, 0, __WASI_WHENCE_CUR, past));
  SHOW("fd_tell", __wasi_fd_tell(0, past));

  /* Reads and writes: the iovec array, a buffer in it, the result pointer. */
  char buf[8];
  __wasi_iovec_t good = {(uint8_t *)buf, sizeof buf}, bad_buf = {(uint8_t *)past, 4};
  __wasi_iovec_t two[2] = {{(uint8_t *)buf, 1}, {(uint8_t *)past, 4}};
  SHOW("fd_read iovs", __wasi_fd_read(0, past, 1, &n));
  SHOW("fd_read buffer", __wasi_fd_read(0, &bad_buf, 1, &n));
  SHOW("fd_read second buffer", __wasi_fd_read(0, two, 2, &n));
  SHOW("fd_read result", __wasi_fd_read(0, &good, 1, past));
  SHOW("fd_read 2^29 iovecs", __wasi_fd_read(0, &good, 0x20000000u, &n));
  SHOW("fd_read", __wasi_fd_read(0, &good, 1, &n));
  printf("stdin still intact: [%.*s]\n", (int)n, buf);
  __wasi_ciovec_t cbad = {(const uint8_t *)past, 4}, cwrap = {(const uint8_t *)wrap, 16};
  SHOW("fd_write buffer", __wasi_fd_write(1, &cbad, 1, &n));
  SHOW("fd_write wrapping buffer", __wasi_fd_write(1, &cwrap, 1, &n));
  SHOW("fd_write iovs", __wasi_fd_write(1, wrap, 1, &n));
  __wasi_fd_t fd;
  SHOW("open", open_at(PREOPEN, "hello.txt", 0, R_RW, 0, 1, &fd));
  SHOW("fd_pread", __wasi_fd_pread(fd, &bad_buf, 1, 0, &n));
  SHOW("fd_pwrite", __wasi_fd_pwrite(fd, (__wasi_ciovec_t *)&bad_buf, 1, 0, &n));
  SHOW("fd_pwrite result", __wasi_fd_pwrite(fd, (__wasi_ciovec_t *)&good, 1, 0, past));
  SHOW("fd_read (file)", __wasi_fd_read(fd, &good, 1, &n));
  printf("file unchanged: [%.*s]\n", (int)n, buf);

  /* Directory listing, paths. */
  SHOW("fd_readdir buffer", __wasi_fd_readdir(PREOPEN, past, 64, 0, &n));
  SHOW("fd_readdir bufused", __wasi_fd_readdir(PREOPEN, (uint8_t *)buf, sizeof buf, 0, past));
  __wasi_filestat_t st;
  int32_t pp = (int32_t)(end - 2), pl = 16; /* a path that runs past the end */
  int32_t res = (int32_t)(uintptr_t)&fd, stp = (int32_t)(uintptr_t)&st;
  SHOW("path_open path", raw_path_open(PREOPEN, 0, pp, pl, 0, R_READ, 0, 0, res));
  SHOW("path_open path wrapping", raw_path_open(PREOPEN, 0, (int32_t)0xFFFFFFF0u, 32, 0, R_READ, 0, 0, res));
  SHOW("path_open result", __wasi_path_open(PREOPEN, 0, "hello.txt", 0, R_READ, 0, 0, past));
  SHOW("path_open CREAT result", __wasi_path_open(PREOPEN, 0, "created.txt", __WASI_OFLAGS_CREAT, R_READ, 0, 0, past));
  SHOW("created.txt not created", __wasi_path_filestat_get(PREOPEN, 0, "created.txt", &st));
  SHOW("path_filestat_get path", raw_path_filestat_get(PREOPEN, 0, pp, pl, stp));
  SHOW("path_filestat_get buf", __wasi_path_filestat_get(PREOPEN, 0, "hello.txt", past));
  SHOW("path_filestat_set_times", raw_path_filestat_set_times(PREOPEN, 0, pp, pl, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  SHOW("path_create_directory", raw_path_create_directory(PREOPEN, pp, pl));
  SHOW("path_remove_directory", raw_path_remove_directory(PREOPEN, pp, pl));
  SHOW("path_unlink_file", raw_path_unlink_file(PREOPEN, pp, pl));
  SHOW("path_rename old", raw_path_rename(PREOPEN, pp, pl, PREOPEN, P("x")));
  SHOW("path_rename new", raw_path_rename(PREOPEN, P("hello.txt"), PREOPEN, pp, pl));
  SHOW("path_link old", raw_path_link(PREOPEN, 0, pp, pl, PREOPEN, P("x")));
  SHOW("path_link new", raw_path_link(PREOPEN, 0, P("hello.txt"), PREOPEN, pp, pl));
  SHOW("path_symlink target", raw_path_symlink(pp, pl, PREOPEN, P("sym")));
  SHOW("path_symlink name", raw_path_symlink(P("x"), PREOPEN, pp, pl));
  SHOW("path_readlink path", raw_path_readlink(PREOPEN, pp, pl, (int32_t)(uintptr_t)buf, sizeof buf, (int32_t)(uintptr_t)&n));
  SHOW("path_readlink buf", __wasi_path_readlink(PREOPEN, "link_in", past, 16, &n));
  SHOW("path_readlink bufused", __wasi_path_readlink(PREOPEN, "link_in", (uint8_t *)buf, sizeof buf, past));
  SHOW("hello.txt still there", __wasi_path_filestat_get(PREOPEN, 0, "hello.txt", &st));

  /* poll_oneoff: subscriptions, events, the count. */
  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  __wasi_event_t ev;
  SHOW("poll_oneoff in", __wasi_poll_oneoff(past, &ev, 1, &n));
  SHOW("poll_oneoff out", __wasi_poll_oneoff(&sub, past, 1, &n));
  SHOW("poll_oneoff nevents", __wasi_poll_oneoff(&sub, &ev, 1, past));
  SHOW("poll_oneoff 2^27 subscriptions", __wasi_poll_oneoff(&sub, &ev, 0x8000000u, &n));
  return 0;
}
