/* wasi-test: {"tcplisten": true, "node": {"skip": "node:wasi cannot hand a listening socket to the guest"}}
 *
 * Sockets: descriptor 3 is a listening TCP socket (awsm run --tcplisten). sock_accept
 * (EAGAIN when non-blocking with nobody waiting; then blocking), poll_oneoff fd_read on the
 * listener and on the connection, sock_recv (PEEK, then for real), sock_send, fd_write on a
 * socket, sock_shutdown, and the errors: sock_recv on the listener, sock_accept on the
 * connection, bad flags. The test harness connects once "ready" is printed, sends "ping\n",
 * expects "pong: ping\nvia fd_write\n" and then end of stream, and closes.
 */
#include "common.h"

static void wait_readable(const char *what, __wasi_fd_t fd) {
  __wasi_subscription_t s[2];
  memset(s, 0, sizeof s);
  s[0].userdata = 1;
  s[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  s[0].u.u.fd_read.file_descriptor = fd;
  s[1].userdata = 2;
  s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  s[1].u.u.clock.timeout = 20ull * 1000000000ull;
  __wasi_event_t ev[2];
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_poll_oneoff(s, ev, 2, &n);
  printf("poll %s: %s, %u event(s), first: %s\n", what, ename(e), (unsigned)n,
         n > 0 && ev[0].userdata == 1 ? "readable" : "timeout");
}

int main(void) {
  __wasi_fdstat_t fs;
  SHOW("fdstat 3", __wasi_fd_fdstat_get(3, &fs));
  printf("filetype %u (socket stream %u), accept right %s\n", fs.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM,
         fs.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT ? "yes" : "no");
  __wasi_prestat_t ps;
  SHOW("prestat_get 3 (not a directory)", __wasi_fd_prestat_get(3, &ps));
  SHOW("prestat_get 4", __wasi_fd_prestat_get(4, &ps));

  __wasi_fd_t conn;
  SHOW("set listener NONBLOCK", __wasi_fd_fdstat_set_flags(3, __WASI_FDFLAGS_NONBLOCK));
  SHOW("accept with nobody waiting", __wasi_sock_accept(3, 0, &conn));
  SHOW("set listener blocking", __wasi_fd_fdstat_set_flags(3, 0));
  SHOW("accept with bad flags", __wasi_sock_accept(3, __WASI_FDFLAGS_APPEND, &conn));
  printf("ready\n");
  fflush(stdout);

  wait_readable("listener", 3);
  SHOW("accept", __wasi_sock_accept(3, 0, &conn));
  printf("connection fd %u\n", (unsigned)conn);
  SHOW("fdstat connection", __wasi_fd_fdstat_get(conn, &fs));
  printf("filetype %u, accept right %s, shutdown right %s\n", fs.fs_filetype,
         fs.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT ? "yes" : "no",
         fs.fs_rights_base & __WASI_RIGHTS_SOCK_SHUTDOWN ? "yes" : "no");

  wait_readable("connection", conn);
  char buf[64];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n = 0;
  __wasi_roflags_t ro = 7;
  SHOW("recv PEEK|WAITALL 5 bytes",
       __wasi_sock_recv(conn, &(__wasi_iovec_t){(uint8_t *)buf, 5}, 1, __WASI_RIFLAGS_RECV_PEEK | __WASI_RIFLAGS_RECV_WAITALL, &n, &ro));
  printf("peeked %u [%.*s], roflags %u\n", (unsigned)n, (int)n, buf, ro);
  SHOW("recv bad flags", __wasi_sock_recv(conn, &iov, 1, 4, &n, &ro));
  SHOW("recv", __wasi_sock_recv(conn, &iov, 1, 0, &n, &ro));
  printf("received %u [%.*s]\n", (unsigned)n, (int)n - 1, buf);

  char reply[80];
  int len = snprintf(reply, sizeof reply, "pong: %.*s", (int)n, buf);
  __wasi_ciovec_t out[2] = {{(const uint8_t *)reply, 6}, {(const uint8_t *)reply + 6, (size_t)len - 6}};
  __wasi_size_t sent = 0;
  SHOW("send bad flags", __wasi_sock_send(conn, out, 2, 1, &sent));
  SHOW("send", __wasi_sock_send(conn, out, 2, 0, &sent));
  printf("sent %u\n", (unsigned)sent);
  __wasi_ciovec_t w = {(const uint8_t *)"via fd_write\n", 13};
  SHOW("fd_write", __wasi_fd_write(conn, &w, 1, &sent));
  SHOW("shutdown bad how", __wasi_sock_shutdown(conn, 0));
  SHOW("shutdown WR", __wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR));
  SHOW("send after shutdown", __wasi_sock_send(conn, out, 1, 0, &sent));
  SHOW("recv until the peer closes", __wasi_sock_recv(conn, &iov, 1, 0, &n, &ro));
  printf("received %u\n", (unsigned)n);

  SHOW("recv on the listener", __wasi_sock_recv(3, &iov, 1, 0, &n, &ro));
  SHOW("accept on the connection", __wasi_sock_accept(conn, 0, &conn));
  SHOW("close connection", __wasi_fd_close(conn));
  SHOW("close listener", __wasi_fd_close(3));
  SHOW("accept on the closed listener", __wasi_sock_accept(3, 0, &conn));
  return 0;
}
