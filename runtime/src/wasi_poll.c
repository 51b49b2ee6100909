/*
 * wasi_poll.c — poll_oneoff(in, out, nsubscriptions, nevents).
 *
 * Subscriptions (48 bytes): u64 userdata @0, u8 tag @8 (0 clock, 1 fd_read, 2 fd_write),
 * then for a clock: u32 id @16, u64 timeout @24, u64 precision @32, u16 flags @40 (1:
 * ABSTIME); for an fd: u32 fd @16. Events (32 bytes): u64 userdata @0, u16 error @8, u8 type
 * @10, u64 nbytes @16, u16 flags @24 (1: HANGUP).
 *
 * Blocks (ppoll) until an fd is ready or the earliest clock fires, then reports every
 * subscription that is ready at that moment, in subscription order. An fd subscription on a
 * bad descriptor (EBADF, ENOTCAPABLE without POLL_FD_READWRITE) is reported at once as an
 * event with that error, and the call does not block. Clocks: realtime and monotonic,
 * relative or absolute; a CPU-time clock is an event with ENOTSUP, an unknown id EINVAL.
 * Regular files are always ready (nbytes: the bytes from the position to the end).
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"
#include "wasi_tramp.h"

enum { SUB_SIZE = 48, EVENT_SIZE = 32, TAG_CLOCK = 0, TAG_FD_READ = 1, TAG_FD_WRITE = 2 };

static void put_event(uint8_t *ev, uint64_t userdata, uint16_t error, uint8_t type, uint64_t nbytes,
                      uint16_t flags) {
  memset(ev, 0, EVENT_SIZE);
  wasi_put64(ev, userdata);
  wasi_put16(ev + 8, error);
  ev[10] = type;
  wasi_put64(ev + 16, nbytes);
  wasi_put16(ev + 24, flags);
}

/* Bytes readable without blocking, as far as the host can tell. */
static uint64_t readable_bytes(const wasi_fd *e) {
  if (e->filetype == WASI_FILETYPE_REGULAR_FILE) {
    struct stat st;
    off_t pos = lseek(e->host, 0, SEEK_CUR);
    if (fstat(e->host, &st) == 0 && pos >= 0 && st.st_size > pos) return (uint64_t)(st.st_size - pos);
    return 0;
  }
  int n = 0;
  if (ioctl(e->host, FIONREAD, &n) == 0 && n > 0) return (uint64_t)n;
  return 0;
}

static uint32_t wasi_poll_oneoff(awsm_instance *ctx, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents) {
  awsm_wasi *w = wasi_state(ctx);
  const uint8_t *subs = wasi_mem(ctx, in, (uint64_t)nsubs * SUB_SIZE);
  uint8_t *events = wasi_mem(ctx, out, (uint64_t)nsubs * EVENT_SIZE);
  uint8_t *pn = wasi_mem(ctx, nevents, 4);
  if (subs == NULL || events == NULL || pn == NULL) return WASI_EFAULT;
  if (nsubs == 0) return WASI_EINVAL;

  /* Copy the subscriptions first: `in` and `out` may overlap. */
  uint8_t *copy = malloc((size_t)nsubs * SUB_SIZE);
  struct pollfd *pfds = calloc(nsubs, sizeof *pfds);
  uint32_t *pidx = calloc(nsubs, sizeof *pidx);     /* subscription → pollfd index + 1 */
  uint64_t *deadline = calloc(nsubs, sizeof *deadline); /* clock subscriptions: monotonic ns */
  uint16_t *err = calloc(nsubs, sizeof *err);
  /* fd subscriptions: the entries, held until the end, so that a descriptor another thread
   * closes meanwhile keeps its host descriptor (not reused under the ppoll). */
  wasi_fd **held = calloc(nsubs, sizeof *held);
  uint32_t r = WASI_ESUCCESS;
  if (copy == NULL || pfds == NULL || pidx == NULL || deadline == NULL || err == NULL || held == NULL) {
    r = WASI_ENOMEM;
    goto done;
  }
  memcpy(copy, subs, (size_t)nsubs * SUB_SIZE);

  uint32_t npfd = 0, immediate = 0;
  int have_clock = 0;
  uint64_t earliest = UINT64_MAX, start = rt_clock_ns(CLOCK_MONOTONIC);
  for (uint32_t i = 0; i < nsubs; i++) {
    const uint8_t *s = copy + (size_t)i * SUB_SIZE;
    uint8_t tag = s[8];
    if (tag == TAG_CLOCK) {
      uint32_t id = wasi_get32(s + 16);
      uint64_t timeout = wasi_get64(s + 24);
      uint16_t flags = wasi_get16(s + 40);
      uint64_t rel = 0;
      if (id > 3) {
        err[i] = WASI_EINVAL;
      } else if (id >= 2) {
        err[i] = WASI_ENOTSUP;
      } else if (flags & 1) {
        uint64_t now = id == 0 ? rt_clock_ns(CLOCK_REALTIME) : start;
        rel = timeout > now ? timeout - now : 0;
      } else {
        rel = timeout;
      }
      if (err[i] != 0) {
        immediate++;
        continue;
      }
      deadline[i] = rel > UINT64_MAX - start ? UINT64_MAX : start + rel;
      if (deadline[i] < earliest) earliest = deadline[i];
      have_clock = 1;
    } else if (tag == TAG_FD_READ || tag == TAG_FD_WRITE) {
      wasi_fd *e;
      uint32_t lr = wasi_fd_lookup(w, wasi_get32(s + 16), WASI_RIGHT_POLL_FD_READWRITE, &e);
      if (lr != WASI_ESUCCESS) {
        err[i] = (uint16_t)lr;
        immediate++;
        continue;
      }
      held[i] = e;
      pfds[npfd].fd = e->host;
      pfds[npfd].events = tag == TAG_FD_READ ? POLLIN : POLLOUT;
      pidx[i] = ++npfd;
    } else {
      r = WASI_EINVAL;
      goto done;
    }
  }

  /* Wait. */
  for (;;) {
    struct timespec ts, *tsp = NULL;
    uint64_t now = rt_clock_ns(CLOCK_MONOTONIC);
    if (immediate > 0 || (have_clock && earliest <= now)) {
      ts.tv_sec = 0;
      ts.tv_nsec = 0;
      tsp = &ts;
    } else if (have_clock) {
      uint64_t d = earliest - now;
      ts.tv_sec = (time_t)(d / 1000000000ull > (uint64_t)INT32_MAX ? INT32_MAX : d / 1000000000ull);
      ts.tv_nsec = (long)(d % 1000000000ull);
      tsp = &ts;
    }
    int n = ppoll(npfd ? pfds : NULL, npfd, tsp, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      r = wasi_errno(errno);
      goto done;
    }
    if (n > 0 || immediate > 0 || !have_clock || rt_clock_ns(CLOCK_MONOTONIC) >= earliest) break;
  }

  /* Report. */
  uint64_t now = rt_clock_ns(CLOCK_MONOTONIC);
  uint32_t count = 0;
  for (uint32_t i = 0; i < nsubs; i++) {
    const uint8_t *s = copy + (size_t)i * SUB_SIZE;
    uint64_t userdata = wasi_get64(s);
    uint8_t tag = s[8];
    uint8_t *ev = events + (size_t)count * EVENT_SIZE;
    if (err[i] != 0) {
      put_event(ev, userdata, err[i], tag, 0, 0);
      count++;
    } else if (tag == TAG_CLOCK) {
      if (now >= deadline[i]) {
        put_event(ev, userdata, 0, tag, 0, 0);
        count++;
      }
    } else {
      struct pollfd *p = &pfds[pidx[i] - 1];
      if (p->revents == 0) continue;
      wasi_fd *e = held[i];
      uint16_t flags = (p->revents & POLLHUP) ? 1 : 0;
      uint16_t error = (p->revents & (POLLERR | POLLNVAL)) && !(p->revents & (POLLIN | POLLOUT | POLLHUP))
                           ? WASI_EIO : 0;
      uint64_t nbytes = tag == TAG_FD_READ && e != NULL ? readable_bytes(e) : 0;
      put_event(ev, userdata, error, tag, nbytes, flags);
      count++;
    }
  }
  wasi_put32(pn, count);

done:
  for (uint32_t i = 0; held != NULL && i < nsubs; i++) wasi_fd_drop(held[i]);
  free(held);
  free(copy);
  free(pfds);
  free(pidx);
  free(deadline);
  free(err);
  return r;
}

const wasi_fn wasi_poll_fns[] = {
    {"poll_oneoff", "iiii:i", (void *)wasi_poll_oneoff, wasi_tramp_iiii_i},
};
const size_t wasi_poll_fns_count = sizeof wasi_poll_fns / sizeof wasi_poll_fns[0];
