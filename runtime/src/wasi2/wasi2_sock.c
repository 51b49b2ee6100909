/*
 * wasi2_sock.c — wasi:sockets TCP as far as preview1 goes: accepting connections on the
 * listening sockets the host gave (--tcplisten, awsm_wasi_tcplisten / awsm_wasi_add_listener),
 * and reading and writing them through wasi:io streams.
 *
 * WASI 0.2 has no preopened sockets: a component makes a tcp-socket (create-tcp-socket) and
 * binds it (start-bind/finish-bind) to an address, then listens (start-listen/finish-listen).
 * Here binding adopts the host's listener bound to that address (the same port, and the same
 * address or the unspecified one): the component listens only where the host let it, and
 * any other address is access-denied, as is every outgoing connection (start-connect) — the
 * same reach as preview1's sock_accept. accept never blocks (would-block when no connection
 * waits; the socket's pollable is ready when one does) and gives the connection with its
 * input and output streams (wasi2_io.c, reading and writing the socket at its own position).
 * The socket options act on the host socket once there is one (bound or accepted).
 * Not provided: UDP, ip-name-lookup.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi2_internal.h"
#include "wasi2_tramp.h"

/* error-code of wasi:sockets/network. */
enum {
  EC_UNKNOWN = 0, EC_ACCESS_DENIED = 1, EC_NOT_SUPPORTED = 2, EC_INVALID_ARGUMENT = 3, EC_OUT_OF_MEMORY = 4,
  EC_TIMEOUT = 5, EC_NOT_IN_PROGRESS = 7, EC_WOULD_BLOCK = 8, EC_INVALID_STATE = 9, EC_NEW_SOCKET_LIMIT = 10,
  EC_ADDRESS_NOT_BINDABLE = 11, EC_ADDRESS_IN_USE = 12, EC_REMOTE_UNREACHABLE = 13, EC_CONNECTION_REFUSED = 14,
  EC_CONNECTION_RESET = 15, EC_CONNECTION_ABORTED = 16, EC_DATAGRAM_TOO_LARGE = 17,
};
#define EC_OK 0xFF /* not an error-code: success */

static uint8_t sock_code(int e) {
  switch (e) {
    case EACCES: case EPERM: return EC_ACCESS_DENIED;
    case ENOTSUP: return EC_NOT_SUPPORTED;
    case EINVAL: return EC_INVALID_ARGUMENT;
    case ENOMEM: case ENOBUFS: return EC_OUT_OF_MEMORY;
    case ETIMEDOUT: return EC_TIMEOUT;
    case EAGAIN: return EC_WOULD_BLOCK;
    case EMFILE: case ENFILE: return EC_NEW_SOCKET_LIMIT;
    case EADDRNOTAVAIL: return EC_ADDRESS_NOT_BINDABLE;
    case EADDRINUSE: return EC_ADDRESS_IN_USE;
    case EHOSTUNREACH: case ENETUNREACH: return EC_REMOTE_UNREACHABLE;
    case ECONNREFUSED: return EC_CONNECTION_REFUSED;
    case ECONNRESET: return EC_CONNECTION_RESET;
    case ECONNABORTED: return EC_CONNECTION_ABORTED;
    case EMSGSIZE: return EC_DATAGRAM_TOO_LARGE;
    default: return EC_UNKNOWN;
  }
}

/* result<_, error-code> (and any result whose payload is at `payload`): ok, or the code. */
static void sock_result(uint8_t *r, uint32_t payload, uint8_t code) {
  wasi2_put8(r, code != EC_OK);
  if (code != EC_OK) wasi2_put8(r + payload, code);
}

/* ---- addresses ---- */

/* A lifted ip-socket-address: family (0 ipv4, 1 ipv6), port, address bytes in network order. */
typedef struct sock_addr {
  uint8_t family;
  uint16_t port;
  uint8_t addr[16];
} sock_addr;

static int addr_of_host(const struct sockaddr_storage *ss, sock_addr *a) {
  memset(a, 0, sizeof *a);
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
    a->family = 0;
    a->port = ntohs(in->sin_port);
    memcpy(a->addr, &in->sin_addr, 4);
    return 1;
  }
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)ss;
    a->family = 1;
    a->port = ntohs(in->sin6_port);
    memcpy(a->addr, &in->sin6_addr, 16);
    return 1;
  }
  return 0;
}

/* The flat ip-socket-address (12 i32: discriminant, then ipv4 {port, a, b, c, d} or ipv6
 * {port, flow-info, 8 segments, scope-id}). */
static sock_addr lift_addr(const uint32_t v[12]) {
  sock_addr a;
  memset(&a, 0, sizeof a);
  a.family = (uint8_t)wasi2_check_enum(v[0], 2, "ip-socket-address");
  a.port = (uint16_t)v[1];
  if (a.family == 0) {
    for (int i = 0; i < 4; i++) a.addr[i] = (uint8_t)v[2 + i];
  } else {
    for (int i = 0; i < 8; i++) a.addr[2 * i] = (uint8_t)(v[3 + i] >> 8), a.addr[2 * i + 1] = (uint8_t)v[3 + i];
  }
  return a;
}

/* ip-socket-address at p (32 bytes: discriminant @0, ipv4 port @4, address @6; ipv6 port @4,
 * flow-info @8, segments @12, scope-id @28). */
static void store_addr(uint8_t *p, const sock_addr *a) {
  memset(p, 0, 32);
  wasi2_put8(p, a->family);
  memcpy(p + 4, &a->port, 2);
  if (a->family == 0) {
    memcpy(p + 6, a->addr, 4);
  } else {
    for (int i = 0; i < 8; i++) {
      uint16_t seg = (uint16_t)(a->addr[2 * i] << 8 | a->addr[2 * i + 1]);
      memcpy(p + 12 + 2 * i, &seg, 2);
    }
  }
}

int wasi2_take_listeners(awsm_wasi2 *w, awsm_error *err) {
  awsm_wasi *b = w->base;
  uint32_t n = 0, slots = b->nfds; /* nothing runs yet: the table cannot change under us */
  for (uint32_t i = 0; i < slots; i++) {
    wasi_fd *e = wasi_fd_acquire(b, i);
    n += e != NULL && e->listener;
    wasi_fd_drop(e);
  }
  w->listeners = calloc(n > 0 ? n : 1, sizeof *w->listeners);
  if (w->listeners == NULL) {
    rt_error_set(err, AWSM_ERR_RESOURCE, "out of memory");
    return -1;
  }
  for (uint32_t i = 0; i < slots && w->nlisteners < n; i++) {
    wasi_fd *e = wasi_fd_acquire(b, i);
    int host = e != NULL && e->listener ? e->host : -1;
    wasi_fd_drop(e); /* the slot's reference keeps host open: nothing runs yet */
    if (host < 0) continue;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    sock_addr a;
    if (getsockname(host, (struct sockaddr *)&ss, &len) != 0 || !addr_of_host(&ss, &a)) continue;
    int fd = fcntl(host, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) {
      rt_error_set(err, AWSM_ERR_RESOURCE, "cannot duplicate a listening socket: %s", strerror(errno));
      return -1;
    }
    wasi2_listener *l = &w->listeners[w->nlisteners++];
    l->fd = fd;
    l->family = a.family;
    l->port = a.port;
    memcpy(l->addr, a.addr, 16);
  }
  return 0;
}

/* ---- network, tcp-create-socket ---- */

/* instance-network: func() -> network. */
static uint32_t instance_network(const awsm_canon_opts *o) {
  wasi2_obj *n = wasi2_obj_new(WASI2_NETWORK, sizeof(wasi2_obj));
  if (n == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  return wasi2_handle_new(o, n);
}

/* network-error-code(err: borrow<error>) -> option<error-code> (code @1). */
static void network_error_code(const awsm_canon_opts *o, uint32_t err, uint32_t ret) {
  wasi2_error *e = (wasi2_error *)wasi2_handle_get(o, err, WASI2_ERROR);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  wasi2_put8(r, 1);
  wasi2_put8(r + 1, sock_code(e->err));
}

static wasi2_tcp *tcp_new(uint8_t family, int fd, uint8_t state) {
  wasi2_tcp *t = wasi2_obj_new(WASI2_TCP_SOCKET, sizeof *t);
  if (t == NULL) {
    if (fd >= 0) close(fd);
    awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  }
  t->fd = fd;
  t->family = family;
  t->state = state;
  return t;
}

/* create-tcp-socket(address-family) -> result<tcp-socket, error-code> (handle or code @4). */
static void create_tcp_socket(const awsm_canon_opts *o, uint32_t family, uint32_t ret) {
  family = wasi2_check_enum(family, 2, "ip-address-family");
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  wasi2_tcp *t = tcp_new((uint8_t)family, -1, WASI2_TCP_UNBOUND);
  uint32_t h = wasi2_handle_new(o, &t->head);
  wasi2_put8(r, 0);
  wasi_put32(r + 4, h);
}

/* ---- tcp-socket ---- */

static wasi2_tcp *tcp_of(const awsm_canon_opts *o, uint32_t h) {
  return (wasi2_tcp *)wasi2_handle_get(o, h, WASI2_TCP_SOCKET);
}

/* start-bind(network, local-address) -> result<_, error-code>: adopts the host's listener
 * bound there; start-connect(network, remote-address): access-denied. */
static void bind_or_connect(const awsm_canon_opts *o, uint32_t self, uint32_t net, const uint32_t v[12], uint32_t ret,
                            int connect) {
  awsm_wasi2 *w = wasi2_of(o);
  wasi2_tcp *t = tcp_of(o, self);
  (void)wasi2_handle_get(o, net, WASI2_NETWORK);
  sock_addr a = lift_addr(v);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  uint8_t code = EC_OK;
  if (t->state != WASI2_TCP_UNBOUND) code = EC_INVALID_STATE;
  else if (a.family != t->family) code = EC_INVALID_ARGUMENT;
  else if (connect) code = EC_ACCESS_DENIED;
  if (code == EC_OK) {
    static const uint8_t any[16];
    size_t n = a.family == 0 ? 4 : 16;
    code = EC_ACCESS_DENIED;
    for (uint32_t i = 0; i < w->nlisteners; i++) {
      const wasi2_listener *l = &w->listeners[i];
      if (l->family != a.family || l->port != a.port) continue;
      if (memcmp(l->addr, a.addr, n) != 0 && memcmp(a.addr, any, n) != 0) continue;
      int fd = fcntl(l->fd, F_DUPFD_CLOEXEC, 3);
      code = fd < 0 ? sock_code(errno) : EC_OK;
      if (fd >= 0) t->fd = fd, t->state = WASI2_TCP_BIND_STARTED;
      break;
    }
  }
  sock_result(r, 1, code);
}
static void start_bind(const awsm_canon_opts *o, uint32_t self, uint32_t net, uint32_t v0, uint32_t v1, uint32_t v2,
                       uint32_t v3, uint32_t v4, uint32_t v5, uint32_t v6, uint32_t v7, uint32_t v8, uint32_t v9,
                       uint32_t v10, uint32_t v11, uint32_t ret) {
  const uint32_t v[12] = {v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11};
  bind_or_connect(o, self, net, v, ret, 0);
}
static void start_connect(const awsm_canon_opts *o, uint32_t self, uint32_t net, uint32_t v0, uint32_t v1, uint32_t v2,
                          uint32_t v3, uint32_t v4, uint32_t v5, uint32_t v6, uint32_t v7, uint32_t v8, uint32_t v9,
                          uint32_t v10, uint32_t v11, uint32_t ret) {
  const uint32_t v[12] = {v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11};
  bind_or_connect(o, self, net, v, ret, 1);
}

/* finish-bind, start-listen, finish-listen: the state machine (the host's socket already
 * listens). result<_, error-code>. */
static void step(const awsm_canon_opts *o, uint32_t self, uint32_t ret, uint8_t from, uint8_t to, uint8_t wrong) {
  wasi2_tcp *t = tcp_of(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  uint8_t code = t->state == from ? EC_OK : wrong;
  if (code == EC_OK) t->state = to;
  sock_result(r, 1, code);
}
static void finish_bind(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  step(o, self, ret, WASI2_TCP_BIND_STARTED, WASI2_TCP_BOUND, EC_NOT_IN_PROGRESS);
}
static void start_listen(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  step(o, self, ret, WASI2_TCP_BOUND, WASI2_TCP_LISTEN_STARTED, EC_INVALID_STATE);
}
static void finish_listen(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  step(o, self, ret, WASI2_TCP_LISTEN_STARTED, WASI2_TCP_LISTENING, EC_NOT_IN_PROGRESS);
}

/* finish-connect -> result<tuple<input-stream, output-stream>, error-code>: never started. */
static void finish_connect(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  (void)tcp_of(o, self);
  sock_result(wasi2_mem(o, ret, 12, 4), 4, EC_NOT_IN_PROGRESS);
}

/* accept -> result<tuple<tcp-socket, input-stream, output-stream>, error-code> (handles @4,
 * @8, @12; code @4). */
static void accept_fn(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  wasi2_tcp *t = tcp_of(o, self);
  uint8_t *r = wasi2_mem(o, ret, 16, 4);
  if (t->state != WASI2_TCP_LISTENING) {
    sock_result(r, 4, EC_INVALID_STATE);
    return;
  }
  struct pollfd p = {.fd = t->fd, .events = POLLIN};
  int fd = -1;
  if (poll(&p, 1, 0) == 1) {
    do fd = accept4(t->fd, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
  } else {
    errno = EAGAIN;
  }
  if (fd < 0) {
    sock_result(r, 4, sock_code(errno == EWOULDBLOCK ? EAGAIN : errno));
    return;
  }
  wasi2_tcp *c = tcp_new(t->family, fd, WASI2_TCP_CONNECTED);
  uint32_t hc = wasi2_handle_new(o, &c->head);
  wasi2_stream *in = wasi2_stream_new(WASI2_INPUT_STREAM, fd, WASI2_STREAM_FD, 0, &c->head);
  if (in == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  uint32_t hi = wasi2_handle_new(o, &in->head);
  wasi2_stream *out = wasi2_stream_new(WASI2_OUTPUT_STREAM, fd, WASI2_STREAM_FD, 0, &c->head);
  if (out == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  uint32_t ho = wasi2_handle_new(o, &out->head);
  wasi2_put8(r, 0);
  wasi_put32(r + 4, hc);
  wasi_put32(r + 8, hi);
  wasi_put32(r + 12, ho);
}

/* local-address, remote-address -> result<ip-socket-address, error-code> (address or code @4). */
static void address(const awsm_canon_opts *o, uint32_t self, uint32_t ret, int remote) {
  wasi2_tcp *t = tcp_of(o, self);
  uint8_t *r = wasi2_mem(o, ret, 36, 4);
  if (t->fd < 0 || (remote && t->state != WASI2_TCP_CONNECTED)) {
    sock_result(r, 4, EC_INVALID_STATE);
    return;
  }
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  sock_addr a;
  int rc = remote ? getpeername(t->fd, (struct sockaddr *)&ss, &len) : getsockname(t->fd, (struct sockaddr *)&ss, &len);
  if (rc != 0 || !addr_of_host(&ss, &a)) {
    sock_result(r, 4, rc != 0 ? sock_code(errno) : EC_NOT_SUPPORTED);
    return;
  }
  wasi2_put8(r, 0);
  store_addr(r + 4, &a);
}
static void local_address(const awsm_canon_opts *o, uint32_t self, uint32_t ret) { address(o, self, ret, 0); }
static void remote_address(const awsm_canon_opts *o, uint32_t self, uint32_t ret) { address(o, self, ret, 1); }

/* is-listening -> bool; address-family -> ip-address-family. */
static uint32_t is_listening(const awsm_canon_opts *o, uint32_t self) {
  return tcp_of(o, self)->state == WASI2_TCP_LISTENING;
}
static uint32_t address_family(const awsm_canon_opts *o, uint32_t self) { return tcp_of(o, self)->family; }

/* set-listen-backlog-size(value: u64) -> result<_, error-code>: 0 is invalid-argument; the host's
 * listener keeps its own backlog. */
static void set_listen_backlog_size(const awsm_canon_opts *o, uint32_t self, uint64_t value, uint32_t ret) {
  (void)tcp_of(o, self);
  sock_result(wasi2_mem(o, ret, 2, 1), 1, value == 0 ? EC_INVALID_ARGUMENT : EC_OK);
}

/* subscribe -> pollable: a listener's is ready when a connection waits; any other's at once. */
static uint32_t tcp_subscribe(const awsm_canon_opts *o, uint32_t self) {
  wasi2_tcp *t = tcp_of(o, self);
  int listening = t->state == WASI2_TCP_LISTENING;
  return wasi2_pollable_new(o, listening ? WASI2_POLL_READ : WASI2_POLL_READY, 0, t->fd, listening, &t->head);
}

/* shutdown(shutdown-type: receive, send, both) -> result<_, error-code>. */
static void shutdown_fn(const awsm_canon_opts *o, uint32_t self, uint32_t how, uint32_t ret) {
  wasi2_tcp *t = tcp_of(o, self);
  static const int host[3] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
  how = wasi2_check_enum(how, 3, "shutdown-type");
  uint8_t *r = wasi2_mem(o, ret, 2, 1);
  uint8_t code = t->state != WASI2_TCP_CONNECTED ? EC_INVALID_STATE
                 : shutdown(t->fd, host[how]) != 0 ? sock_code(errno)
                                                    : EC_OK;
  sock_result(r, 1, code);
}

/* ---- socket options ---- */

/* The options a tcp-socket has: getsockopt/setsockopt on its host socket. An unbound socket
 * has none yet (WASI 0.2 lets a component set them before binding; here the socket is the
 * host's listener it binds to): invalid-state. Durations are nanoseconds (the host counts
 * seconds: set rounds down, at least 1). */
typedef enum sock_opt { OPT_KEEPALIVE, OPT_KEEPIDLE, OPT_KEEPINTVL, OPT_KEEPCNT, OPT_HOPS, OPT_RCVBUF, OPT_SNDBUF } sock_opt;

static void opt_level(const wasi2_tcp *t, sock_opt k, int *level, int *name) {
  switch (k) {
    case OPT_KEEPALIVE: *level = SOL_SOCKET, *name = SO_KEEPALIVE; break;
    case OPT_KEEPIDLE: *level = IPPROTO_TCP, *name = TCP_KEEPIDLE; break;
    case OPT_KEEPINTVL: *level = IPPROTO_TCP, *name = TCP_KEEPINTVL; break;
    case OPT_KEEPCNT: *level = IPPROTO_TCP, *name = TCP_KEEPCNT; break;
    case OPT_HOPS:
      if (t->family == 0) *level = IPPROTO_IP, *name = IP_TTL;
      else *level = IPPROTO_IPV6, *name = IPV6_UNICAST_HOPS;
      break;
    case OPT_RCVBUF: *level = SOL_SOCKET, *name = SO_RCVBUF; break;
    default: *level = SOL_SOCKET, *name = SO_SNDBUF; break;
  }
}

/* Reads option k: EC_OK with *v, or an error-code. */
static uint8_t opt_get(const wasi2_tcp *t, sock_opt k, uint64_t *v) {
  if (t->fd < 0) return EC_INVALID_STATE;
  int level, name, x = 0;
  socklen_t len = sizeof x;
  opt_level(t, k, &level, &name);
  if (getsockopt(t->fd, level, name, &x, &len) != 0) return sock_code(errno);
  *v = k == OPT_KEEPIDLE || k == OPT_KEEPINTVL ? (uint64_t)x * 1000000000ull : (uint64_t)(unsigned)x;
  return EC_OK;
}

/* Sets option k to v (0 is invalid-argument but for keep-alive-enabled). */
static uint8_t opt_set(const wasi2_tcp *t, sock_opt k, uint64_t v) {
  if (t->fd < 0) return EC_INVALID_STATE;
  if (v == 0 && k != OPT_KEEPALIVE) return EC_INVALID_ARGUMENT;
  if (k == OPT_KEEPIDLE || k == OPT_KEEPINTVL) v = v < 1000000000ull ? 1 : v / 1000000000ull;
  int level, name, x = v > INT32_MAX ? INT32_MAX : (int)v;
  opt_level(t, k, &level, &name);
  return setsockopt(t->fd, level, name, &x, sizeof x) != 0 ? sock_code(errno) : EC_OK;
}

/* The getters: result<T, error-code> with T at `payload` of `size` bytes (bool and u8 @1,
 * u32 @4, u64 @8). */
static void opt_getter(const awsm_canon_opts *o, uint32_t self, uint32_t ret, sock_opt k, uint32_t payload) {
  wasi2_tcp *t = tcp_of(o, self);
  uint8_t *r = wasi2_mem(o, ret, 2 * payload, payload);
  uint64_t v = 0;
  uint8_t code = opt_get(t, k, &v);
  sock_result(r, payload, code);
  if (code != EC_OK) return;
  if (payload == 1) wasi2_put8(r + 1, (uint8_t)(k == OPT_KEEPALIVE ? v != 0 : v));
  else if (payload == 4) wasi_put32(r + 4, (uint32_t)v);
  else wasi_put64(r + 8, v);
}
static void opt_setter(const awsm_canon_opts *o, uint32_t self, uint64_t v, uint32_t ret, sock_opt k) {
  wasi2_tcp *t = tcp_of(o, self);
  sock_result(wasi2_mem(o, ret, 2, 1), 1, opt_set(t, k, v));
}

static void keep_alive_enabled(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  opt_getter(o, self, ret, OPT_KEEPALIVE, 1);
}
static void set_keep_alive_enabled(const awsm_canon_opts *o, uint32_t self, uint32_t v, uint32_t ret) {
  opt_setter(o, self, v != 0, ret, OPT_KEEPALIVE);
}
static void keep_alive_idle_time(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  opt_getter(o, self, ret, OPT_KEEPIDLE, 8);
}
static void set_keep_alive_idle_time(const awsm_canon_opts *o, uint32_t self, uint64_t v, uint32_t ret) {
  opt_setter(o, self, v, ret, OPT_KEEPIDLE);
}
static void keep_alive_interval(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  opt_getter(o, self, ret, OPT_KEEPINTVL, 8);
}
static void set_keep_alive_interval(const awsm_canon_opts *o, uint32_t self, uint64_t v, uint32_t ret) {
  opt_setter(o, self, v, ret, OPT_KEEPINTVL);
}
static void keep_alive_count(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  opt_getter(o, self, ret, OPT_KEEPCNT, 4);
}
static void set_keep_alive_count(const awsm_canon_opts *o, uint32_t self, uint32_t v, uint32_t ret) {
  opt_setter(o, self, v, ret, OPT_KEEPCNT);
}
static void hop_limit(const awsm_canon_opts *o, uint32_t self, uint32_t ret) { opt_getter(o, self, ret, OPT_HOPS, 1); }
static void set_hop_limit(const awsm_canon_opts *o, uint32_t self, uint32_t v, uint32_t ret) {
  opt_setter(o, self, v & 0xFF, ret, OPT_HOPS);
}
static void receive_buffer_size(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  opt_getter(o, self, ret, OPT_RCVBUF, 8);
}
static void set_receive_buffer_size(const awsm_canon_opts *o, uint32_t self, uint64_t v, uint32_t ret) {
  opt_setter(o, self, v, ret, OPT_RCVBUF);
}
static void send_buffer_size(const awsm_canon_opts *o, uint32_t self, uint32_t ret) {
  opt_getter(o, self, ret, OPT_SNDBUF, 8);
}
static void set_send_buffer_size(const awsm_canon_opts *o, uint32_t self, uint64_t v, uint32_t ret) {
  opt_setter(o, self, v, ret, OPT_SNDBUF);
}

#define TCP "wasi:sockets/tcp"
#define I15 "iiiiiiiiiiiiiii:"
const wasi2_fn wasi2_sock_fns[] = {
    {"wasi:sockets/instance-network", "instance-network", ":i", (void *)instance_network, wasi2_tramp__i},
    {"wasi:sockets/network", "network-error-code", "ii:", (void *)network_error_code, wasi2_tramp_ii_},
    {"wasi:sockets/tcp-create-socket", "create-tcp-socket", "ii:", (void *)create_tcp_socket, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.start-bind", I15, (void *)start_bind, wasi2_tramp_iiiiiiiiiiiiiii_},
    {TCP, "[method]tcp-socket.finish-bind", "ii:", (void *)finish_bind, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.start-connect", I15, (void *)start_connect, wasi2_tramp_iiiiiiiiiiiiiii_},
    {TCP, "[method]tcp-socket.finish-connect", "ii:", (void *)finish_connect, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.start-listen", "ii:", (void *)start_listen, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.finish-listen", "ii:", (void *)finish_listen, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.accept", "ii:", (void *)accept_fn, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.local-address", "ii:", (void *)local_address, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.remote-address", "ii:", (void *)remote_address, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.is-listening", "i:i", (void *)is_listening, wasi2_tramp_i_i},
    {TCP, "[method]tcp-socket.address-family", "i:i", (void *)address_family, wasi2_tramp_i_i},
    {TCP, "[method]tcp-socket.set-listen-backlog-size", "iIi:", (void *)set_listen_backlog_size, wasi2_tramp_iIi_},
    {TCP, "[method]tcp-socket.subscribe", "i:i", (void *)tcp_subscribe, wasi2_tramp_i_i},
    {TCP, "[method]tcp-socket.shutdown", "iii:", (void *)shutdown_fn, wasi2_tramp_iii_},
    {TCP, "[method]tcp-socket.keep-alive-enabled", "ii:", (void *)keep_alive_enabled, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-keep-alive-enabled", "iii:", (void *)set_keep_alive_enabled, wasi2_tramp_iii_},
    {TCP, "[method]tcp-socket.keep-alive-idle-time", "ii:", (void *)keep_alive_idle_time, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-keep-alive-idle-time", "iIi:", (void *)set_keep_alive_idle_time, wasi2_tramp_iIi_},
    {TCP, "[method]tcp-socket.keep-alive-interval", "ii:", (void *)keep_alive_interval, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-keep-alive-interval", "iIi:", (void *)set_keep_alive_interval, wasi2_tramp_iIi_},
    {TCP, "[method]tcp-socket.keep-alive-count", "ii:", (void *)keep_alive_count, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-keep-alive-count", "iii:", (void *)set_keep_alive_count, wasi2_tramp_iii_},
    {TCP, "[method]tcp-socket.hop-limit", "ii:", (void *)hop_limit, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-hop-limit", "iii:", (void *)set_hop_limit, wasi2_tramp_iii_},
    {TCP, "[method]tcp-socket.receive-buffer-size", "ii:", (void *)receive_buffer_size, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-receive-buffer-size", "iIi:", (void *)set_receive_buffer_size, wasi2_tramp_iIi_},
    {TCP, "[method]tcp-socket.send-buffer-size", "ii:", (void *)send_buffer_size, wasi2_tramp_ii_},
    {TCP, "[method]tcp-socket.set-send-buffer-size", "iIi:", (void *)set_send_buffer_size, wasi2_tramp_iIi_},
};
const size_t wasi2_sock_fns_count = sizeof wasi2_sock_fns / sizeof wasi2_sock_fns[0];
