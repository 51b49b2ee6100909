/*
 * wasi2_io.c — wasi:io: error, poll, streams.
 *
 * Streams read and write a host descriptor: the standard streams at the descriptor's own
 * position, files at the stream's offset (pread/pwrite) or at their end (append). Writes are
 * performed at once and completely (a non-blocking host descriptor is waited on), so nothing
 * is ever buffered: flush succeeds at once, check-write always permits WRITE_PERMIT bytes,
 * and an output stream's pollable is ready whenever the descriptor is writable. A write of
 * more bytes than the last check-write permitted traps, as the WIT says and wasmtime does; so
 * does blocking-write-and-flush (or -write-zeroes-) of more than 4096 bytes.
 *
 * Reads: `read` never blocks (a standard stream that has no data returns an empty list, its
 * pollable becomes ready when it has), `blocking-read` waits for at least one byte; both
 * return at most READ_MAX bytes, allocated in the guest with realloc first and read into
 * directly. End of file (a read of 0 bytes when some were asked) makes the stream `closed`,
 * and so does EPIPE on a write; other host errors are last-operation-failed with an error
 * resource holding the errno (its to-debug-string is strerror's text; wasi:filesystem's
 * filesystem-error-code maps it).
 *
 * poll waits with poll(2) on the descriptors of stream pollables and up to the earliest
 * clock deadline; an empty list traps (the WIT's rule). A blocked call that receives the
 * runtime's interrupt signal traps "interrupted".
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi2_internal.h"
#include "wasi2_tramp.h"

#define WRITE_PERMIT 65536u
#define READ_MAX (1u << 20)
#define BLOCKING_MAX 4096u

/* ---- objects ---- */

wasi2_stream *wasi2_stream_new(wasi2_kind k, int fd, uint8_t mode, uint64_t offset, wasi2_obj *owner) {
  wasi2_stream *s = wasi2_obj_new(k, sizeof *s);
  if (s == NULL) return NULL;
  s->fd = fd;
  s->mode = mode;
  s->offset = offset;
  s->owner = owner;
  if (owner != NULL) wasi2_obj_ref(owner);
  return s;
}

uint32_t wasi2_error_new(const awsm_canon_opts *o, int err) {
  wasi2_error *e = wasi2_obj_new(WASI2_ERROR, sizeof *e);
  if (e == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  e->err = err;
  return wasi2_handle_new(o, &e->head);
}

uint32_t wasi2_pollable_new(const awsm_canon_opts *o, uint8_t what, uint64_t deadline, int fd, int waits,
                            wasi2_obj *owner) {
  wasi2_pollable *p = wasi2_obj_new(WASI2_POLLABLE, sizeof *p);
  if (p == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  p->what = what;
  p->deadline = deadline;
  p->fd = fd;
  p->waits = (uint8_t)(waits != 0);
  p->owner = owner;
  if (owner != NULL) wasi2_obj_ref(owner);
  return wasi2_handle_new(o, &p->head);
}

/* variant stream-error { last-operation-failed(own<error>), closed } at p (disc @0, error @4). */
void wasi2_store_stream_error(const awsm_canon_opts *o, uint8_t *p, int closed, int err) {
  if (closed) {
    wasi2_put8(p, 1);
    return;
  }
  uint32_t h = wasi2_error_new(o, err);
  wasi2_put8(p, 0);
  wasi_put32(p + 4, h);
}

/* ---- wasi:io/error ---- */

/* [method]error.to-debug-string: func() -> string. */
static void error_to_debug_string(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_error *e = (wasi2_error *)wasi2_handle_get(o, self, WASI2_ERROR);
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  char text[128];
  snprintf(text, sizeof text, "%s", strerror(e->err));
  wasi2_store_string(o, text, strlen(text), r);
}

/* ---- waiting ---- */

/* poll(2) with EINTR retried, unless the runtime's interrupt is pending (then it traps). */
static int poll_fds(struct pollfd *fds, nfds_t n, int timeout_ms) {
  for (;;) {
    int r = poll(fds, n, timeout_ms);
    if (r >= 0 || errno != EINTR) return r;
    rt_check_interrupt();
  }
}

/* Whether fd is ready for `events` now (an error or hang-up counts as ready: the next
 * operation reports it). */
static int fd_ready(int fd, short events) {
  struct pollfd p = {.fd = fd, .events = events};
  return poll_fds(&p, 1, 0) != 0;
}

/* A closed stream needs no check: end of file is readable, a broken pipe an error. */
static int pollable_ready(const wasi2_pollable *p, uint64_t now) {
  switch (p->what) {
    case WASI2_POLL_DEADLINE: return now >= p->deadline;
    case WASI2_POLL_READ: return !p->waits || fd_ready(p->fd, POLLIN);
    case WASI2_POLL_WRITE: return !p->waits || fd_ready(p->fd, POLLOUT);
    default: return 1;
  }
}

/* Waits until at least one of n pollables is ready; pfd has room for n entries. */
static void wait_any(wasi2_pollable *const *ps, uint32_t n, struct pollfd *pfd) {
  for (;;) {
    uint64_t now = rt_clock_ns(CLOCK_MONOTONIC), next = UINT64_MAX;
    nfds_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
      const wasi2_pollable *p = ps[i];
      if (pollable_ready(p, now)) return;
      if (p->what == WASI2_POLL_DEADLINE && p->deadline < next) next = p->deadline;
      if (p->what == WASI2_POLL_READ || p->what == WASI2_POLL_WRITE)
        pfd[k++] = (struct pollfd){.fd = p->fd, .events = p->what == WASI2_POLL_READ ? POLLIN : POLLOUT};
    }
    int timeout = -1;
    if (next != UINT64_MAX) {
      uint64_t ms = (next - now + 999999) / 1000000;
      timeout = ms > 60000 ? 60000 : (int)ms;
    }
    if (poll_fds(pfd, k, timeout) < 0) awsm_trap_host(NULL, "WASI 0.2 host: poll failed: %s", strerror(errno));
  }
}

/* ---- wasi:io/poll ---- */

/* [method]pollable.ready: func() -> bool. */
static uint32_t pollable_ready_fn(const awsm_canon_opts *o, uint32_t self) {
  wasi2_pollable *p = (wasi2_pollable *)wasi2_handle_get(o, self, WASI2_POLLABLE);
  return (uint32_t)pollable_ready(p, rt_clock_ns(CLOCK_MONOTONIC));
}

/* [method]pollable.block: func(). */
static void pollable_block(const awsm_canon_opts *o, uint32_t self) {
  wasi2_pollable *p = (wasi2_pollable *)wasi2_handle_get(o, self, WASI2_POLLABLE);
  struct pollfd pfd[1];
  wait_any(&p, 1, pfd);
}

/* poll: func(in: list<borrow<pollable>>) -> list<u32>. The pollables and the poll(2) array
 * go to a scratch buffer (nothing to leak if a handle traps). */
static void poll_list(const awsm_canon_opts *o, uint32_t list, uint32_t n, uint32_t ret) {
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  if (n == 0) awsm_trap_host(NULL, "wasi:io/poll poll: the list of pollables is empty");
  const uint8_t *in = wasi2_mem(o, list, 4 * (uint64_t)n, 4);
  size_t need = (size_t)n * (sizeof(wasi2_pollable *) + sizeof(struct pollfd) + 4);
  char *buf = wasi2_scratch(o, 2, need);
  wasi2_pollable **ps = (wasi2_pollable **)buf;
  struct pollfd *pfd = (struct pollfd *)(buf + (size_t)n * sizeof *ps);
  uint32_t *ready = (uint32_t *)(buf + (size_t)n * (sizeof *ps + sizeof *pfd));
  for (uint32_t i = 0; i < n; i++) ps[i] = (wasi2_pollable *)wasi2_handle_get(o, wasi_get32(in + 4 * i), WASI2_POLLABLE);
  wait_any(ps, n, pfd);
  uint64_t now = rt_clock_ns(CLOCK_MONOTONIC);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (pollable_ready(ps[i], now)) ready[k++] = i;
  uint32_t out = wasi2_alloc(o, 4, 4 * (uint64_t)k); /* the scratch stays ours: realloc cannot call us */
  memcpy(wasi2_mem(o, out, 4 * (uint64_t)k, 4), ready, 4 * (size_t)k);
  wasi_put32(r, out);
  wasi_put32(r + 4, k);
}

/* ---- input streams ---- */

/* Reads up to max bytes into p: bytes read (0: end of file), or -1 with errno. For a
 * standard stream that must not block and has no data: -2. */
static int64_t stream_read(wasi2_stream *s, uint8_t *p, uint64_t max, int blocking) {
  if (max == 0) return 0;
  if (s->mode == WASI2_STREAM_FD && !blocking && !fd_ready(s->fd, POLLIN)) return -2;
  ssize_t got;
  for (;;) {
    got = s->mode == WASI2_STREAM_FD ? read(s->fd, p, max) : pread(s->fd, p, max, (off_t)s->offset);
    if (got >= 0) break;
    if (errno == EINTR) {
      rt_check_interrupt();
      continue;
    }
    if (errno == EAGAIN && blocking) {
      struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
      poll_fds(&pfd, 1, -1);
      continue;
    }
    return errno == EAGAIN ? -2 : -1;
  }
  if (s->mode != WASI2_STREAM_FD) s->offset += (uint64_t)got;
  return got;
}

/* result<list<u8>, stream-error> at ret: disc @0, list or error @4. */
static void input_read(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret, int blocking) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_INPUT_STREAM);
  uint8_t *r = wasi2_mem(o, ret, 12, 4);
  if (s->closed) {
    wasi2_put8(r, 1);
    wasi2_store_stream_error(o, r + 4, 1, 0);
    return;
  }
  uint64_t max = len < READ_MAX ? len : READ_MAX;
  if (s->mode == WASI2_STREAM_FD && !blocking && !fd_ready(s->fd, POLLIN)) max = 0;
  uint32_t list = wasi2_alloc(o, 1, max);
  int64_t got = stream_read(s, wasi2_mem(o, list, max, 1), max, blocking);
  if (got == -2) got = 0;
  if (got < 0 || (got == 0 && max > 0)) {
    int err = errno;
    if (got == 0) s->closed = 1;
    wasi2_put8(r, 1);
    wasi2_store_stream_error(o, r + 4, got == 0, err);
    return;
  }
  wasi2_put8(r, 0);
  wasi_put32(r + 4, list);
  wasi_put32(r + 8, (uint32_t)got);
}
static void input_read_fn(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret) {
  input_read(o, self, len, ret, 0);
}
static void input_blocking_read(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret) {
  input_read(o, self, len, ret, 1);
}

/* skip, blocking-skip: func(len: u64) -> result<u64, stream-error> (disc @0, u64 or error @8).
 * Reads and discards, at most READ_MAX bytes. */
static void input_skip(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret, int blocking) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_INPUT_STREAM);
  uint8_t *r = wasi2_mem(o, ret, 16, 8);
  uint64_t max = len < READ_MAX ? len : READ_MAX;
  int64_t got = 0;
  if (!s->closed && max > 0) {
    if (s->mode != WASI2_STREAM_FD) {
      struct stat st;
      if (fstat(s->fd, &st) != 0) got = -1;
      else got = (uint64_t)st.st_size > s->offset ? (int64_t)((uint64_t)st.st_size - s->offset) : 0;
      if (got > (int64_t)max) got = (int64_t)max;
      if (got > 0) s->offset += (uint64_t)got;
    } else {
      char *buf = wasi2_scratch(o, 2, max);
      got = stream_read(s, (uint8_t *)buf, max, blocking);
      if (got == -2) got = 0, max = 0;
    }
  }
  if (s->closed || got < 0 || (got == 0 && max > 0)) {
    int err = errno;
    if (got == 0) s->closed = 1;
    wasi2_put8(r, 1);
    wasi2_store_stream_error(o, r + 8, s->closed, err);
    return;
  }
  wasi2_put8(r, 0);
  wasi_put64(r + 8, (uint64_t)got);
}
static void input_skip_fn(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret) {
  input_skip(o, self, len, ret, 0);
}
static void input_blocking_skip(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret) {
  input_skip(o, self, len, ret, 1);
}

/* subscribe: func() -> pollable. */
static uint32_t input_subscribe(const awsm_canon_opts *o, uint32_t self) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_INPUT_STREAM);
  return wasi2_pollable_new(o, WASI2_POLL_READ, 0, s->fd, s->mode == WASI2_STREAM_FD, &s->head);
}

/* ---- output streams ---- */

/* Writes all n bytes (or n zeroes when p is NULL): 0, or -1 with errno. */
static int stream_write(wasi2_stream *s, const uint8_t *p, uint64_t n) {
  static const uint8_t zeroes[4096];
  if (s->mode == WASI2_STREAM_APPEND) {
    struct stat st;
    if (fstat(s->fd, &st) != 0) return -1;
    s->offset = (uint64_t)st.st_size;
  }
  uint64_t done = 0;
  while (done < n) {
    const uint8_t *src = p != NULL ? p + done : zeroes;
    size_t chunk = p != NULL ? (size_t)(n - done) : (size_t)(n - done < sizeof zeroes ? n - done : sizeof zeroes);
    ssize_t w = s->mode == WASI2_STREAM_FD ? write(s->fd, src, chunk) : pwrite(s->fd, src, chunk, (off_t)s->offset);
    if (w < 0) {
      if (errno == EINTR) {
        rt_check_interrupt();
        continue;
      }
      if (errno == EAGAIN) {
        struct pollfd pfd = {.fd = s->fd, .events = POLLOUT};
        poll_fds(&pfd, 1, -1);
        continue;
      }
      return -1;
    }
    done += (uint64_t)w;
    if (s->mode != WASI2_STREAM_FD) s->offset += (uint64_t)w;
  }
  return 0;
}

/* The outcome of an operation as result<_, stream-error> at r (disc @0, error @4). */
static void output_result(const awsm_canon_opts *o, wasi2_stream *s, uint8_t *r, int failed) {
  if (!failed && !s->closed) {
    wasi2_put8(r, 0);
    return;
  }
  int err = errno;
  if (failed && err == EPIPE) s->closed = 1;
  wasi2_put8(r, 1);
  wasi2_store_stream_error(o, r + 4, s->closed, err);
}

/* check-write: func() -> result<u64, stream-error> (disc @0, u64 or error @8). */
static void output_check_write(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_OUTPUT_STREAM);
  uint8_t *r = wasi2_mem(o, ret, 16, 8);
  if (s->closed) {
    wasi2_put8(r, 1);
    wasi2_store_stream_error(o, r + 8, 1, 0);
    return;
  }
  s->permit = WRITE_PERMIT;
  wasi2_put8(r, 0);
  wasi_put64(r + 8, WRITE_PERMIT);
}

/* write, blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;
 * write-zeroes, blocking-write-zeroes-and-flush: func(len: u64) (p NULL). */
static void output_write(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint64_t len, uint32_t ret,
                         int zeroes, int blocking) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_OUTPUT_STREAM);
  const uint8_t *p = zeroes ? NULL : wasi2_mem(o, ptr, len, 1);
  uint8_t *r = wasi2_mem(o, ret, 12, 4);
  if (blocking && len > BLOCKING_MAX)
    awsm_trap_host(NULL, "wasi:io/streams: a blocking write of %llu bytes (at most %u are allowed)",
                   (unsigned long long)len, BLOCKING_MAX);
  if (!blocking) {
    if (len > s->permit)
      awsm_trap_host(NULL, "wasi:io/streams: a write of %llu bytes exceeds the %llu bytes check-write permitted",
                     (unsigned long long)len, (unsigned long long)s->permit);
    s->permit -= len;
  }
  output_result(o, s, r, s->closed ? 0 : stream_write(s, p, len) != 0);
}
static void output_write_fn(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  output_write(o, self, ptr, len, ret, 0, 0);
}
static void output_blocking_write_and_flush(const awsm_canon_opts *o, uint32_t self, uint32_t ptr, uint32_t len,
                                            uint32_t ret) {
  output_write(o, self, ptr, len, ret, 0, 1);
}
static void output_write_zeroes(const awsm_canon_opts *o, uint32_t self, uint64_t len, uint32_t ret) {
  output_write(o, self, 0, len, ret, 1, 0);
}
static void output_blocking_write_zeroes_and_flush(const awsm_canon_opts *o, uint32_t self, uint64_t len,
                                                   uint32_t ret) {
  output_write(o, self, 0, len, ret, 1, 1);
}

/* flush, blocking-flush: func() -> result<_, stream-error>: nothing is buffered. */
static void output_flush(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_OUTPUT_STREAM);
  output_result(o, s, wasi2_mem(o, ret, 12, 4), 0);
}

/* subscribe: func() -> pollable. */
static uint32_t output_subscribe(const awsm_canon_opts *o, uint32_t self) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_OUTPUT_STREAM);
  return wasi2_pollable_new(o, WASI2_POLL_WRITE, 0, s->fd, s->mode == WASI2_STREAM_FD, &s->head);
}

/* splice, blocking-splice: func(src: borrow<input-stream>, len: u64) -> result<u64,
 * stream-error> (disc @0, u64 or error @8): reads up to len bytes (READ_MAX at most) from src
 * and writes them. */
static void output_splice(const awsm_canon_opts *o, uint32_t self, uint32_t src, uint64_t len, uint32_t ret,
                          int blocking) {
  wasi2_stream *s = (wasi2_stream *)wasi2_handle_get(o, self, WASI2_OUTPUT_STREAM);
  wasi2_stream *in = (wasi2_stream *)wasi2_handle_get(o, src, WASI2_INPUT_STREAM);
  uint8_t *r = wasi2_mem(o, ret, 16, 8);
  uint64_t max = len < READ_MAX ? len : READ_MAX;
  if (!blocking && max > s->permit) max = s->permit;
  int64_t got = 0;
  int closed = s->closed || in->closed, failed = 0;
  if (!closed && max > 0) {
    char *buf = wasi2_scratch(o, 2, max);
    got = stream_read(in, (uint8_t *)buf, max, blocking);
    if (got == -2) got = 0;
    else if (got == 0) in->closed = closed = 1;
    else if (got < 0) failed = 1;
    else if (stream_write(s, (uint8_t *)buf, (uint64_t)got) != 0) failed = 1, s->closed = errno == EPIPE;
    if (!blocking && got > 0) s->permit -= (uint64_t)got;
  }
  if (closed || failed) {
    int err = errno;
    wasi2_put8(r, 1);
    wasi2_store_stream_error(o, r + 8, closed || s->closed, err);
    return;
  }
  wasi2_put8(r, 0);
  wasi_put64(r + 8, (uint64_t)got);
}
static void output_splice_fn(const awsm_canon_opts *o, uint32_t self, uint32_t src, uint64_t len, uint32_t ret) {
  output_splice(o, self, src, len, ret, 0);
}
static void output_blocking_splice(const awsm_canon_opts *o, uint32_t self, uint32_t src, uint64_t len,
                                   uint32_t ret) {
  output_splice(o, self, src, len, ret, 1);
}

const wasi2_fn wasi2_io_fns[] = {
    {"wasi:io/error", "[method]error.to-debug-string", "ii:", (void *)error_to_debug_string, wasi2_tramp_ii_},
    {"wasi:io/poll", "[method]pollable.ready", "i:i", (void *)pollable_ready_fn, wasi2_tramp_i_i},
    {"wasi:io/poll", "[method]pollable.block", "i:", (void *)pollable_block, wasi2_tramp_i_},
    {"wasi:io/poll", "poll", "iii:", (void *)poll_list, wasi2_tramp_iii_},
    {"wasi:io/streams", "[method]input-stream.read", "iIi:", (void *)input_read_fn, wasi2_tramp_iIi_},
    {"wasi:io/streams", "[method]input-stream.blocking-read", "iIi:", (void *)input_blocking_read, wasi2_tramp_iIi_},
    {"wasi:io/streams", "[method]input-stream.skip", "iIi:", (void *)input_skip_fn, wasi2_tramp_iIi_},
    {"wasi:io/streams", "[method]input-stream.blocking-skip", "iIi:", (void *)input_blocking_skip, wasi2_tramp_iIi_},
    {"wasi:io/streams", "[method]input-stream.subscribe", "i:i", (void *)input_subscribe, wasi2_tramp_i_i},
    {"wasi:io/streams", "[method]output-stream.check-write", "ii:", (void *)output_check_write, wasi2_tramp_ii_},
    {"wasi:io/streams", "[method]output-stream.write", "iiii:", (void *)output_write_fn, wasi2_tramp_iiii_},
    {"wasi:io/streams", "[method]output-stream.blocking-write-and-flush", "iiii:",
     (void *)output_blocking_write_and_flush, wasi2_tramp_iiii_},
    {"wasi:io/streams", "[method]output-stream.flush", "ii:", (void *)output_flush, wasi2_tramp_ii_},
    {"wasi:io/streams", "[method]output-stream.blocking-flush", "ii:", (void *)output_flush, wasi2_tramp_ii_},
    {"wasi:io/streams", "[method]output-stream.subscribe", "i:i", (void *)output_subscribe, wasi2_tramp_i_i},
    {"wasi:io/streams", "[method]output-stream.write-zeroes", "iIi:", (void *)output_write_zeroes, wasi2_tramp_iIi_},
    {"wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", "iIi:",
     (void *)output_blocking_write_zeroes_and_flush, wasi2_tramp_iIi_},
    {"wasi:io/streams", "[method]output-stream.splice", "iiIi:", (void *)output_splice_fn, wasi2_tramp_iiIi_},
    {"wasi:io/streams", "[method]output-stream.blocking-splice", "iiIi:", (void *)output_blocking_splice, wasi2_tramp_iiIi_},
};
const size_t wasi2_io_fns_count = sizeof wasi2_io_fns / sizeof wasi2_io_fns[0];
