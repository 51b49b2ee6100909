/*
 * common.h — helpers for the WASI test programs in tests/wasi/ (built with
 * clang-16 --target=wasm32-wasi --sysroot=/usr -O2; run by tests/e2e/wasi.test.ts under awsm
 * and under Node's node:wasi).
 *
 * The programs call the preview1 functions directly (wasi/api.h) where the exact errno
 * matters, and print one line per check: "name: result". An errno prints as its name.
 */
#ifndef WASI_TEST_COMMON_H
#define WASI_TEST_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char *const errno_names[] = {
    "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF",
    "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK",
    "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS",
    "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP",
    "NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC",
    "NOLCK", "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY",
    "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY", "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE",
    "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT",
    "TXTBSY", "XDEV", "NOTCAPABLE",
};

/* Line-buffered output, so that a program that hangs or dies shows how far it got. */
__attribute__((constructor)) static void line_buffered_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

static inline const char *ename(unsigned e) {
  static char buf[16];
  if (e < sizeof errno_names / sizeof errno_names[0]) return errno_names[e];
  snprintf(buf, sizeof buf, "E%u", e);
  return buf;
}

/* Prints "what: ERRNO". */
#define SHOW(what, call)                           \
  do {                                             \
    unsigned e_ = (unsigned)(call);                \
    printf("%s: %s\n", (what), ename(e_));         \
  } while (0)

/* The test harness sets WASI_TEST_RUNTIME to "awsm" or "node" (for the few checks that
 * Node's node:wasi cannot survive; their output lines are excluded from the comparison). */
static inline int under_node(void) {
  extern char *getenv(const char *);
  const char *r = getenv("WASI_TEST_RUNTIME");
  return r != NULL && strcmp(r, "node") == 0;
}

/* node:wasi (libuv) measures timers against a loop time it caches at millisecond granularity,
 * so its clock subscriptions can end up to this many milliseconds early by the guest's
 * monotonic clock (docs/wasi.md). */
#define NODE_TIMER_SLACK_MS 2

/* Under node:wasi, prints "what: skipped under node:wasi" and returns 1. */
static inline int skipped_under_node(const char *what) {
  if (!under_node()) return 0;
  printf("%s: skipped under node:wasi\n", what);
  return 1;
}

/* Bytes of linear memory right now. */
static inline uint32_t mem_size(void) { return (uint32_t)__builtin_wasm_memory_size(0) * 65536u; }

/* Guest descriptors of the first preopened directory (wasi-libc finds it by name too). */
#define PREOPEN 3

/* path_open with everything spelled out, for the errno-precise tests. */
static inline __wasi_errno_t open_at(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                                     __wasi_rights_t base, __wasi_fdflags_t fdflags, int follow, __wasi_fd_t *fd) {
  return __wasi_path_open(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, oflags, base, base, fdflags,
                          fd);
}

#define R_READ \
  (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_ADVISE)
/* Every right a regular file can have. */
#define R_RW                                                                                                 \
  (R_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_DATASYNC |        \
   __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | \
   __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_POLL_FD_READWRITE)

#endif
