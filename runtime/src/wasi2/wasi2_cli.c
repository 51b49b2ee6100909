/*
 * wasi2_cli.c — wasi:cli (environment, exit, stdin, stdout, stderr, terminal-*), wasi:clocks
 * (monotonic-clock, wall-clock) and wasi:random (random, insecure, insecure-seed).
 *
 * Arguments and environment are the preview1 state's (awsm_wasi_new): the same strings a
 * preview1 program sees. initial-cwd is none (the guest has no current directory on the
 * host). exit unwinds to the embedder's awsm_call as proc_exit does (AWSM_ERR_EXIT): status 0
 * for ok, 1 for err; exit-with-code gives its u8. The standard streams are the host's
 * descriptors 0, 1 and 2; a terminal-* resource is given when that descriptor is a terminal.
 * Both random interfaces read the kernel's CSPRNG (getrandom), which is fast enough for the
 * insecure one too.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "wasi2_internal.h"
#include "wasi2_tramp.h"

/* ---- wasi:cli/environment ---- */

/* get-environment: func() -> list<tuple<string, string>> (elements of 16 bytes, align 4). */
static void get_environment(const awsm_canon_opts *o, uint32_t ret) {
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  awsm_wasi *b = wasi2_of(o)->base;
  uint32_t list = wasi2_alloc(o, 4, (uint64_t)b->envc * 16);
  for (uint32_t i = 0; i < b->envc; i++) {
    const char *kv = b->envp[i], *eq = strchr(kv, '=');
    size_t klen = eq != NULL ? (size_t)(eq - kv) : strlen(kv);
    const char *v = eq != NULL ? eq + 1 : "";
    wasi2_store_string(o, kv, klen, wasi2_mem(o, list + 16 * i, 8, 4));
    wasi2_store_string(o, v, strlen(v), wasi2_mem(o, list + 16 * i + 8, 8, 4));
  }
  wasi_put32(r, list);
  wasi_put32(r + 4, b->envc);
}

/* get-arguments: func() -> list<string>. */
static void get_arguments(const awsm_canon_opts *o, uint32_t ret) {
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  awsm_wasi *b = wasi2_of(o)->base;
  uint32_t list = wasi2_alloc(o, 4, (uint64_t)b->argc * 8);
  for (uint32_t i = 0; i < b->argc; i++)
    wasi2_store_string(o, b->argv[i], strlen(b->argv[i]), wasi2_mem(o, list + 8 * i, 8, 4));
  wasi_put32(r, list);
  wasi_put32(r + 4, b->argc);
}

/* initial-cwd: func() -> option<string>: none. */
static void initial_cwd(const awsm_canon_opts *o, uint32_t ret) {
  uint8_t *r = wasi2_mem(o, ret, 12, 4);
  wasi2_put8(r, 0);
}

/* ---- wasi:cli/exit ---- */

/* exit: func(status: result). */
static void cli_exit(const awsm_canon_opts *o, uint32_t status) {
  (void)o;
  awsm_trap_exit(NULL, (int32_t)wasi2_check_enum(status, 2, "result (exit status)"));
}

/* exit-with-code: func(status-code: u8). */
static void cli_exit_with_code(const awsm_canon_opts *o, uint32_t code) {
  (void)o;
  awsm_trap_exit(NULL, (int32_t)(code & 0xFF));
}

/* ---- wasi:cli/stdin, stdout, stderr ---- */

static uint32_t std_stream(const awsm_canon_opts *o, wasi2_kind k, int fd) {
  wasi2_stream *s = wasi2_stream_new(k, fd, WASI2_STREAM_FD, 0, NULL);
  if (s == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  return wasi2_handle_new(o, &s->head);
}
static uint32_t get_stdin(const awsm_canon_opts *o) { return std_stream(o, WASI2_INPUT_STREAM, 0); }
static uint32_t get_stdout(const awsm_canon_opts *o) { return std_stream(o, WASI2_OUTPUT_STREAM, 1); }
static uint32_t get_stderr(const awsm_canon_opts *o) { return std_stream(o, WASI2_OUTPUT_STREAM, 2); }

/* ---- wasi:cli/terminal-stdin, terminal-stdout, terminal-stderr ---- */

/* get-terminal-*: func() -> option<terminal-input/output>: some when fd is a terminal. */
static void terminal(const awsm_canon_opts *o, uint32_t ret, wasi2_kind k, int fd) {
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  if (!isatty(fd)) {
    wasi2_put8(r, 0);
    return;
  }
  wasi2_obj *t = wasi2_obj_new(k, sizeof(wasi2_obj));
  if (t == NULL) awsm_trap_host(NULL, "WASI 0.2 host: out of memory");
  uint32_t h = wasi2_handle_new(o, t);
  wasi2_put8(r, 1);
  wasi_put32(r + 4, h);
}
static void get_terminal_stdin(const awsm_canon_opts *o, uint32_t ret) { terminal(o, ret, WASI2_TERMINAL_INPUT, 0); }
static void get_terminal_stdout(const awsm_canon_opts *o, uint32_t ret) { terminal(o, ret, WASI2_TERMINAL_OUTPUT, 1); }
static void get_terminal_stderr(const awsm_canon_opts *o, uint32_t ret) { terminal(o, ret, WASI2_TERMINAL_OUTPUT, 2); }

/* ---- wasi:clocks ---- */

static uint64_t clock_ns(clockid_t c, int res) {
  struct timespec t = {0, 0};
  if (res) clock_getres(c, &t);
  else clock_gettime(c, &t);
  return rt_timespec_ns(t);
}

/* monotonic-clock.now, resolution: func() -> u64 (nanoseconds). */
static uint64_t mono_now(const awsm_canon_opts *o) { (void)o; return clock_ns(CLOCK_MONOTONIC, 0); }
static uint64_t mono_resolution(const awsm_canon_opts *o) { (void)o; return clock_ns(CLOCK_MONOTONIC, 1); }

/* subscribe-instant: func(when: instant) -> pollable; subscribe-duration: func(when: duration). */
static uint32_t mono_subscribe_instant(const awsm_canon_opts *o, uint64_t when) {
  return wasi2_pollable_new(o, WASI2_POLL_DEADLINE, when, -1, 0, NULL);
}
static uint32_t mono_subscribe_duration(const awsm_canon_opts *o, uint64_t d) {
  uint64_t now = clock_ns(CLOCK_MONOTONIC, 0);
  return wasi2_pollable_new(o, WASI2_POLL_DEADLINE, d > UINT64_MAX - now ? UINT64_MAX : now + d, -1, 0, NULL);
}

/* wall-clock.now, resolution: func() -> datetime {seconds: u64 @0, nanoseconds: u32 @8}. */
static void wall(const awsm_canon_opts *o, uint32_t ret, int res) {
  uint8_t *r = wasi2_mem(o, ret, 16, 8);
  struct timespec t = {0, 0};
  if (res) clock_getres(CLOCK_REALTIME, &t);
  else clock_gettime(CLOCK_REALTIME, &t);
  wasi_put64(r, (uint64_t)t.tv_sec);
  wasi_put32(r + 8, (uint32_t)t.tv_nsec);
}
static void wall_now(const awsm_canon_opts *o, uint32_t ret) { wall(o, ret, 0); }
static void wall_resolution(const awsm_canon_opts *o, uint32_t ret) { wall(o, ret, 1); }

/* ---- wasi:random ---- */

static void fill_random(void *p, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = getrandom((uint8_t *)p + done, n - done, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      awsm_trap_host(NULL, "WASI 0.2 host: getrandom failed: %s", strerror(errno));
    }
    done += (size_t)r;
  }
}

/* get-random-bytes, get-insecure-random-bytes: func(len: u64) -> list<u8>. */
static void random_bytes(const awsm_canon_opts *o, uint64_t len, uint32_t ret) {
  uint8_t *r = wasi2_mem(o, ret, 8, 4);
  uint32_t list = wasi2_alloc(o, 1, len);
  fill_random(wasi2_mem(o, list, len, 1), len);
  wasi_put32(r, list);
  wasi_put32(r + 4, (uint32_t)len);
}

/* get-random-u64, get-insecure-random-u64: func() -> u64. */
static uint64_t random_u64(const awsm_canon_opts *o) {
  (void)o;
  uint64_t v;
  fill_random(&v, sizeof v);
  return v;
}

/* insecure-seed: func() -> tuple<u64, u64>. */
static void insecure_seed(const awsm_canon_opts *o, uint32_t ret) {
  uint8_t *r = wasi2_mem(o, ret, 16, 8);
  uint64_t v[2];
  fill_random(v, sizeof v);
  wasi_put64(r, v[0]);
  wasi_put64(r + 8, v[1]);
}

const wasi2_fn wasi2_cli_fns[] = {
    {"wasi:cli/environment", "get-environment", "i:", (void *)get_environment, wasi2_tramp_i_},
    {"wasi:cli/environment", "get-arguments", "i:", (void *)get_arguments, wasi2_tramp_i_},
    {"wasi:cli/environment", "initial-cwd", "i:", (void *)initial_cwd, wasi2_tramp_i_},
    {"wasi:cli/exit", "exit", "i:", (void *)cli_exit, wasi2_tramp_i_},
    {"wasi:cli/exit", "exit-with-code", "i:", (void *)cli_exit_with_code, wasi2_tramp_i_},
    {"wasi:cli/stdin", "get-stdin", ":i", (void *)get_stdin, wasi2_tramp__i},
    {"wasi:cli/stdout", "get-stdout", ":i", (void *)get_stdout, wasi2_tramp__i},
    {"wasi:cli/stderr", "get-stderr", ":i", (void *)get_stderr, wasi2_tramp__i},
    {"wasi:cli/terminal-stdin", "get-terminal-stdin", "i:", (void *)get_terminal_stdin, wasi2_tramp_i_},
    {"wasi:cli/terminal-stdout", "get-terminal-stdout", "i:", (void *)get_terminal_stdout, wasi2_tramp_i_},
    {"wasi:cli/terminal-stderr", "get-terminal-stderr", "i:", (void *)get_terminal_stderr, wasi2_tramp_i_},
    {"wasi:clocks/monotonic-clock", "now", ":I", (void *)mono_now, wasi2_tramp__I},
    {"wasi:clocks/monotonic-clock", "resolution", ":I", (void *)mono_resolution, wasi2_tramp__I},
    {"wasi:clocks/monotonic-clock", "subscribe-instant", "I:i", (void *)mono_subscribe_instant, wasi2_tramp_I_i},
    {"wasi:clocks/monotonic-clock", "subscribe-duration", "I:i", (void *)mono_subscribe_duration, wasi2_tramp_I_i},
    {"wasi:clocks/wall-clock", "now", "i:", (void *)wall_now, wasi2_tramp_i_},
    {"wasi:clocks/wall-clock", "resolution", "i:", (void *)wall_resolution, wasi2_tramp_i_},
    {"wasi:random/random", "get-random-bytes", "Ii:", (void *)random_bytes, wasi2_tramp_Ii_},
    {"wasi:random/random", "get-random-u64", ":I", (void *)random_u64, wasi2_tramp__I},
    {"wasi:random/insecure", "get-insecure-random-bytes", "Ii:", (void *)random_bytes, wasi2_tramp_Ii_},
    {"wasi:random/insecure", "get-insecure-random-u64", ":I", (void *)random_u64, wasi2_tramp__I},
    {"wasi:random/insecure-seed", "insecure-seed", "i:", (void *)insecure_seed, wasi2_tramp_i_},
};
const size_t wasi2_cli_fns_count = sizeof wasi2_cli_fns / sizeof wasi2_cli_fns[0];
