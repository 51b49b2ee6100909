/* wasi-test: {"dirs": true, "stdin": "abc\n", "node": {
 *   "^absolute (monotonic|realtime in the past)|^  userdata [34],": "node:wasi (Node 20) never wakes up from an absolute monotonic clock subscription, nor from an absolute time in the past: skipped there",
 *   "^regular file readable|^  userdata 10,": "node:wasi cannot poll regular files (EPERM from libuv): skipped there",
 *   "^descriptor 77|^  userdata 11,": "node:wasi ignores a subscription on a descriptor that is not open (waits for the clock): skipped there",
 *   "^  userdata 9,": "node:wasi reports nbytes 0 for a readable pipe; awsm the bytes available (FIONREAD)"}}
 *
 * poll_oneoff: relative and absolute clocks (realtime, monotonic), the earliest of several
 * clocks, fd_read and fd_write readiness (stdin pipe, stdout, a regular file), a descriptor
 * that was not handed out, an unknown clock, an unknown tag, no subscriptions.
 */
#include <stdlib.h>

#include "common.h"

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout, int abs) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = id;
  s.u.u.clock.timeout = timeout;
  s.u.u.clock.precision = 1000;
  s.u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
  return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = type;
  if (type == __WASI_EVENTTYPE_FD_READ) s.u.u.fd_read.file_descriptor = fd;
  else s.u.u.fd_write.file_descriptor = fd;
  return s;
}

static uint64_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  if (__wasi_clock_time_get(id, 1, &t) != 0) return 0;
  return t;
}

/* Polls; the call must take at least min_ms (less NODE_TIMER_SLACK_MS, which node:wasi
 * needs) and, on a loaded machine too, less than 4 s, where every 5 s clock would have fired. */
static void poll(const char *what, const __wasi_subscription_t *subs, unsigned n, unsigned min_ms) {
  __wasi_event_t ev[8];
  __wasi_size_t count = 99;
  uint64_t t0 = now(1);
  __wasi_errno_t e = __wasi_poll_oneoff(subs, ev, n, &count);
  uint64_t ms = (now(1) - t0) / 1000000;
  char timing[64] = "";
  if (ms + NODE_TIMER_SLACK_MS < min_ms || ms >= 4000)
    snprintf(timing, sizeof timing, ", took %llu ms", (unsigned long long)ms);
  printf("%s: %s, %u event(s)%s\n", what, ename(e), e == 0 ? (unsigned)count : 0, timing);
  for (unsigned i = 0; e == 0 && i < count; i++)
    printf("  userdata %llu, type %u, error %s%s%s\n", (unsigned long long)ev[i].userdata, ev[i].type,
           ename(ev[i].error), ev[i].type != __WASI_EVENTTYPE_CLOCK && ev[i].fd_readwrite.nbytes > 0 ? ", nbytes > 0" : "",
           ev[i].fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP ? ", hangup" : "");
}

int main(void) {
  __wasi_subscription_t s[4];
  __wasi_event_t ev[1];
  __wasi_size_t count;
  SHOW("no subscriptions", __wasi_poll_oneoff(s, ev, 0, &count));

  s[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 20 * 1000000ull, 0);
  poll("relative 20 ms", s, 1, 20);
  s[0] = clock_sub(2, __WASI_CLOCKID_REALTIME, now(0) + 20 * 1000000ull, 1);
  poll("absolute realtime +20 ms", s, 1, 15);
  if (!skipped_under_node("absolute monotonic +20 ms")) {
    s[0] = clock_sub(3, __WASI_CLOCKID_MONOTONIC, now(1) + 20 * 1000000ull, 1);
    poll("absolute monotonic +20 ms", s, 1, 15);
  }
  if (!skipped_under_node("absolute realtime in the past")) {
    s[0] = clock_sub(4, __WASI_CLOCKID_REALTIME, 1000, 1);
    poll("absolute realtime in the past", s, 1, 0);
  }
  s[0] = clock_sub(5, __WASI_CLOCKID_MONOTONIC, 5000 * 1000000ull, 0);
  s[1] = clock_sub(6, __WASI_CLOCKID_MONOTONIC, 20 * 1000000ull, 0);
  poll("two clocks, 5 s and 20 ms", s, 2, 20);

  s[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 5000 * 1000000ull, 0);
  s[1] = fd_sub(8, __WASI_EVENTTYPE_FD_WRITE, 1);
  poll("stdout writable, clock 5 s", s, 2, 0);
  s[1] = fd_sub(9, __WASI_EVENTTYPE_FD_READ, 0);
  poll("stdin readable, clock 5 s", s, 2, 0);
  char buf[16];
  __wasi_iovec_t v = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  SHOW("read stdin", __wasi_fd_read(0, &v, 1, &n));
  printf("read %u bytes\n", (unsigned)n);

  __wasi_fd_t fd;
  SHOW("open hello.txt", open_at(PREOPEN, "hello.txt", 0, R_READ | __WASI_RIGHTS_POLL_FD_READWRITE, 0, 1, &fd));
  if (!skipped_under_node("regular file readable, clock 5 s")) {
    s[1] = fd_sub(10, __WASI_EVENTTYPE_FD_READ, fd);
    poll("regular file readable, clock 5 s", s, 2, 0);
  }
  if (!skipped_under_node("descriptor 77, clock 5 s")) {
    s[1] = fd_sub(11, __WASI_EVENTTYPE_FD_READ, 77);
    poll("descriptor 77, clock 5 s", s, 2, 0);
  }
  return 0;
}
