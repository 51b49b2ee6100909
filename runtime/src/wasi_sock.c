/*
 * wasi_sock.c — sockets in WASI preview1: sock_accept, sock_recv, sock_send, sock_shutdown,
 * on listening sockets the host hands in (awsm_wasi_tcplisten: `awsm run --tcplisten`,
 * AWSM_TCPLISTEN for executables) and the connections accepted from them. Preview1 has no
 * way to create, bind or connect a socket; fd_read, fd_write, poll_oneoff, fd_fdstat_* and
 * fd_close work on these descriptors too.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi_internal.h"
#include "wasi_tramp.h"

#define WASI_RIFLAG_PEEK 1u
#define WASI_RIFLAG_WAITALL 2u
#define WASI_ROFLAG_DATA_TRUNCATED 1u
#define WASI_SDFLAG_RD 1u
#define WASI_SDFLAG_WR 2u

static int is_socket(const wasi_fd *e) {
  return e->filetype == WASI_FILETYPE_SOCKET_STREAM || e->filetype == WASI_FILETYPE_SOCKET_DGRAM;
}

/* sock_accept(fd, flags, out): flags may hold NONBLOCK (for the new connection). */
static uint32_t wasi_sock_accept(awsm_instance *ctx, uint32_t fd, uint32_t flags, uint32_t out) {
  awsm_wasi *w = wasi_state(ctx);
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(w, fd, 0, &e);
  if (r != WASI_ESUCCESS) return r;
  if (!is_socket(e)) return wasi_fd_done(e, WASI_ENOTSOCK);
  if (!(wasi_rights_base(e) & WASI_RIGHT_SOCK_ACCEPT)) return wasi_fd_done(e, e->listener ? WASI_ENOTCAPABLE : WASI_EINVAL);
  uint8_t *p = wasi_mem(ctx, out, 4);
  if (p == NULL) return wasi_fd_done(e, WASI_EFAULT);
  if (flags & ~WASI_FDFLAG_NONBLOCK) return wasi_fd_done(e, WASI_EINVAL);
  int c;
  do c = accept4(e->host, NULL, NULL, SOCK_CLOEXEC | ((flags & WASI_FDFLAG_NONBLOCK) ? SOCK_NONBLOCK : 0));
  while (c < 0 && errno == EINTR);
  if (c < 0) return wasi_fd_done(e, wasi_errno(errno));
  wasi_fd n = {0};
  n.host = c;
  n.owned = 1;
  wasi_fd_classify(&n, &n.rights_base, &n.rights_inheriting);
  int32_t num = wasi_fd_insert(w, &n);
  if (num < 0) {
    close(c);
    return wasi_fd_done(e, WASI_ENOMEM);
  }
  wasi_put32(p, (uint32_t)num);
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* sock_recv(fd, iovs, iovs_len, ri_flags, ro_datalen, ro_flags): ri_flags PEEK 1, WAITALL 2;
 * ro_flags gets DATA_TRUNCATED (1) for a cut datagram. */
static uint32_t wasi_sock_recv(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ri_flags,
                               uint32_t ro_datalen, uint32_t ro_flags) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_READ, &e);
  if (r != WASI_ESUCCESS) return r;
  if (!is_socket(e)) return wasi_fd_done(e, WASI_ENOTSOCK);
  uint8_t *plen = wasi_mem(ctx, ro_datalen, 4), *pflags = wasi_mem(ctx, ro_flags, 2);
  if (plen == NULL || pflags == NULL) return wasi_fd_done(e, WASI_EFAULT);
  struct iovec hv[IOV_BATCH];
  uint32_t n;
  if ((r = wasi_iovecs(ctx, iovs, iovs_len, hv, IOV_BATCH, &n)) != WASI_ESUCCESS) return wasi_fd_done(e, r);
  if (ri_flags & ~(WASI_RIFLAG_PEEK | WASI_RIFLAG_WAITALL)) return wasi_fd_done(e, WASI_EINVAL);
  struct msghdr m = {0};
  m.msg_iov = hv;
  m.msg_iovlen = n;
  int hflags = ((ri_flags & WASI_RIFLAG_PEEK) ? MSG_PEEK : 0) | ((ri_flags & WASI_RIFLAG_WAITALL) ? MSG_WAITALL : 0);
  ssize_t got;
  do got = recvmsg(e->host, &m, hflags);
  while (got < 0 && errno == EINTR);
  if (got < 0) return wasi_fd_done(e, wasi_errno(errno));
  wasi_put32(plen, (uint32_t)got);
  wasi_put16(pflags, (m.msg_flags & MSG_TRUNC) ? WASI_ROFLAG_DATA_TRUNCATED : 0);
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* sock_send(fd, iovs, iovs_len, si_flags, so_datalen): si_flags must be 0. No SIGPIPE: a
 * closed peer is EPIPE. */
static uint32_t wasi_sock_send(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t si_flags,
                               uint32_t so_datalen) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, WASI_RIGHT_FD_WRITE, &e);
  if (r != WASI_ESUCCESS) return r;
  if (!is_socket(e)) return wasi_fd_done(e, WASI_ENOTSOCK);
  uint8_t *plen = wasi_mem(ctx, so_datalen, 4);
  if (plen == NULL) return wasi_fd_done(e, WASI_EFAULT);
  struct iovec hv[IOV_BATCH];
  uint32_t n;
  if ((r = wasi_iovecs(ctx, iovs, iovs_len, hv, IOV_BATCH, &n)) != WASI_ESUCCESS) return wasi_fd_done(e, r);
  if (si_flags != 0) return wasi_fd_done(e, WASI_EINVAL);
  struct msghdr m = {0};
  m.msg_iov = hv;
  m.msg_iovlen = n;
  ssize_t sent;
  do sent = sendmsg(e->host, &m, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  if (sent < 0) return wasi_fd_done(e, wasi_errno(errno));
  wasi_put32(plen, (uint32_t)sent);
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* sock_shutdown(fd, how): RD 1, WR 2, or both. */
static uint32_t wasi_sock_shutdown(awsm_instance *ctx, uint32_t fd, uint32_t how) {
  wasi_fd *e;
  uint32_t r = wasi_fd_lookup(wasi_state(ctx), fd, 0, &e);
  if (r != WASI_ESUCCESS) return r;
  if (!is_socket(e)) return wasi_fd_done(e, WASI_ENOTSOCK);
  if (!(wasi_rights_base(e) & WASI_RIGHT_SOCK_SHUTDOWN)) return wasi_fd_done(e, WASI_ENOTCAPABLE);
  int h;
  switch (how) {
    case WASI_SDFLAG_RD: h = SHUT_RD; break;
    case WASI_SDFLAG_WR: h = SHUT_WR; break;
    case WASI_SDFLAG_RD | WASI_SDFLAG_WR: h = SHUT_RDWR; break;
    default: return wasi_fd_done(e, WASI_EINVAL);
  }
  if (shutdown(e->host, h) != 0) return wasi_fd_done(e, wasi_errno(errno));
  return wasi_fd_done(e, WASI_ESUCCESS);
}

/* ---- host side: listening sockets ---- */

int awsm_wasi_add_listener(awsm_wasi *w, int host_fd, awsm_error *err) {
  wasi_fd e = {0};
  e.host = host_fd;
  e.owned = 1;
  wasi_fd_classify(&e, &e.rights_base, &e.rights_inheriting);
  if (!e.listener) {
    rt_error_set(err, AWSM_ERR_INVALID, "descriptor %d is not a listening socket", host_fd);
    return -1;
  }
  int32_t n = wasi_fd_insert(w, &e);
  if (n < 0) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  return n;
}

int awsm_wasi_tcplisten(awsm_wasi *w, const char *addr_port, awsm_error *err) {
  const char *colon = strrchr(addr_port, ':');
  if (colon == NULL || colon == addr_port || colon[1] == '\0') {
    rt_error_set(err, AWSM_ERR_INVALID, "cannot listen on '%s': expected ADDRESS:PORT (e.g. 127.0.0.1:8080)",
                 addr_port);
    return -1;
  }
  char host[256], port[32];
  size_t hl = (size_t)(colon - addr_port);
  const char *h = addr_port;
  if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
    h++;
    hl -= 2;
  }
  if (hl >= sizeof host || strlen(colon + 1) >= sizeof port) {
    rt_error_set(err, AWSM_ERR_INVALID, "cannot listen on '%s': address too long", addr_port);
    return -1;
  }
  memcpy(host, h, hl);
  host[hl] = '\0';
  strcpy(port, colon + 1);
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  int g = getaddrinfo(host, port, &hints, &res);
  if (g != 0) {
    rt_error_set(err, AWSM_ERR_INVALID, "cannot listen on '%s': %s", addr_port, gai_strerror(g));
    return -1;
  }
  int fd = -1, e = 0;
  for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      e = errno;
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 128) == 0) break;
    e = errno;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd < 0) {
    rt_error_set(err, AWSM_ERR_INVALID, "cannot listen on '%s': %s", addr_port, strerror(e));
    return -1;
  }
  int n = awsm_wasi_add_listener(w, fd, err);
  if (n < 0) close(fd);
  return n;
}

const wasi_fn wasi_sock_fns[] = {
    {"sock_accept", "iii:i", (void *)wasi_sock_accept, wasi_tramp_iii_i},
    {"sock_recv", "iiiiii:i", (void *)wasi_sock_recv, wasi_tramp_iiiiii_i},
    {"sock_send", "iiiii:i", (void *)wasi_sock_send, wasi_tramp_iiiii_i},
    {"sock_shutdown", "ii:i", (void *)wasi_sock_shutdown, wasi_tramp_ii_i},
};
const size_t wasi_sock_fns_count = sizeof wasi_sock_fns / sizeof wasi_sock_fns[0];
