/*
 * main.c — the entry point of executables built by `awsm compile` (emit exe).
 *
 * The compiler emits `awsm_main_module`, a pointer to the module's descriptor. This file
 * gives the module WASI preview1, instantiates it, calls its `_start` export and turns the
 * outcome into an exit status (docs/traps.md). A component's executable defines
 * `awsm_main_component` instead: its core instances get the WASI 0.2 host (over the same
 * preview1 state: arguments, environment, directories) and its `wasi:cli/run` is called
 * (runtime/src/component.c); it exits 0 when run returns ok, 1 when it returns an error.
 *
 *   0      _start returned
 *   N      the program called proc_exit(N) (the OS keeps the low 8 bits)
 *   1      the program could not start: a bad AWSM_* setting, a missing preopened
 *          directory, the module cannot be instantiated (unknown or incompatible import, no
 *          `_start`, memory or table larger than the limits): one line "awsm: MESSAGE"
 *   124    AWSM_TIMEOUT expired: "awsm: timeout: the program ran longer than N s"
 *   134    a trap (in _start, the start function or segment initialisation): one line
 *          "awsm: trap: MESSAGE" on stderr; no core dump, no stack trace; or an uncaught
 *          Wasm exception: "awsm: uncaught exception (payload: i32 7)" 
 *
 * Every command-line argument goes to the program (there is no option parsing, no `--`).
 * The runtime is configured through environment variables, which `awsm run` sets from its
 * options (src/driver/run.ts) and which are removed from the environment the guest sees
 * (docs/wasi.md has the details):
 *
 *   AWSM_DIRS                preopened directories: HOST[::GUEST] entries separated by ':'
 *                            (backslash escapes ':' and '\' inside a path)
 *   AWSM_TCPLISTEN           listening sockets: ADDRESS:PORT entries separated by ','
 *   AWSM_MAX_MEMORY          memory limit: bytes with an optional K/M/G suffix (KiB, MiB,
 *                            GiB) or 64 KiB pages with suffix 'p'
 *   AWSM_MAX_TABLE_ELEMENTS  table size limit, in elements
 *   AWSM_MAX_HEAP            the GC heap's limit: bytes with an optional K/M/G suffix
 *   AWSM_TIMEOUT             wall-clock limit in seconds (decimals allowed)
 *   AWSM_MAX_THREADS         wasi-threads: threads spawned and alive at once, at most
 *                            (default 64; thread-spawn fails past it)
 *   AWSM_WASI_RESOLVER       'walk': resolve paths component by component even when the
 *                            kernel has openat2 (for testing)
 *   AWSM_INVOKE              a component's executable: instead of wasi:cli/run, make the call
 *                            in WAVE ("add(1, 2)") and print its result in WAVE; "-": calls
 *                            one per line on descriptor 3, answered there ("ok VALUE",
 *                            "error trap|invalid MESSAGE", "exit N"): runtime/src/component_call.c
 *   AWSM_GC_STRESS           N: the GC heap collects before every N-th allocation (for
 *                            testing; read by the runtime library, runtime/src/gc_heap.c)
 *
 * The rest of the process environment is the guest's environment, unchanged.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "awsm.h"
#include "awsm_component.h"

/* The program: a module's descriptor, or a component's (awsm_component.h, issue 20); each
 * executable defines one of the two, so both are weak here. */
extern const awsm_module_desc *const awsm_main_module __attribute__((weak));
extern const awsm_component_desc *const awsm_main_component __attribute__((weak));

#define AWSM_EXIT_START 1
#define AWSM_EXIT_TIMEOUT 124
#define AWSM_EXIT_TRAP 134

static const char *const CONTROL_VARS[] = {
    "AWSM_DIRS",     "AWSM_TCPLISTEN", "AWSM_MAX_MEMORY",    "AWSM_MAX_TABLE_ELEMENTS",
    "AWSM_MAX_HEAP", "AWSM_TIMEOUT",   "AWSM_WASI_RESOLVER", "AWSM_GC_STRESS",
    "AWSM_MAX_THREADS", "AWSM_INVOKE",
};

#define DEFAULT_MAX_THREADS 64u

static int is_control_var(const char *kv) {
  for (size_t i = 0; i < sizeof CONTROL_VARS / sizeof CONTROL_VARS[0]; i++) {
    size_t n = strlen(CONTROL_VARS[i]);
    if (strncmp(kv, CONTROL_VARS[i], n) == 0 && kv[n] == '=') return 1;
  }
  return 0;
}

static __attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "awsm: %s\n", buf);
  exit(AWSM_EXIT_START);
}

/* ---- settings ---- */

/* A size in bytes: a number with an optional K/M/G suffix (KiB, MiB, GiB), or, when
 * `pages_ok`, 64 KiB pages with suffix 'p'; capped at 1 TiB. `var` names the setting. */
static unsigned long long parse_size(const char *var, const char *s, int pages_ok) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s || errno != 0 || s[0] == '-') fail("%s: invalid size '%s'", var, s);
  unsigned long long unit = 1;
  if (strcmp(end, "") == 0) unit = 1;
  else if (strcmp(end, "K") == 0 || strcmp(end, "KiB") == 0 || strcmp(end, "k") == 0) unit = 1ull << 10;
  else if (strcmp(end, "M") == 0 || strcmp(end, "MiB") == 0) unit = 1ull << 20;
  else if (strcmp(end, "G") == 0 || strcmp(end, "GiB") == 0) unit = 1ull << 30;
  else if (pages_ok && strcmp(end, "p") == 0) unit = AWSM_PAGE_SIZE;
  else if (pages_ok) fail("%s: invalid size '%s' (a number of bytes with K, M or G, or of pages with p)", var, s);
  else fail("%s: invalid size '%s' (a number of bytes with K, M or G)", var, s);
  if (v > (1ull << 40)) v = 1ull << 40;
  return v * unit;
}

/* AWSM_MAX_MEMORY: pages (at least 1, at most AWSM_MAX_PAGES). */
static uint32_t parse_memory(const char *s) {
  unsigned long long pages = parse_size("AWSM_MAX_MEMORY", s, 1) / AWSM_PAGE_SIZE;
  if (pages == 0) fail("AWSM_MAX_MEMORY: '%s' is less than one 64 KiB page", s);
  return pages > AWSM_MAX_PAGES ? AWSM_MAX_PAGES : (uint32_t)pages;
}

/* AWSM_MAX_HEAP: the GC heap's limit in bytes (at least 64 KiB). */
static uint64_t parse_heap(const char *s) {
  unsigned long long bytes = parse_size("AWSM_MAX_HEAP", s, 0);
  if (bytes < AWSM_PAGE_SIZE) fail("AWSM_MAX_HEAP: '%s' is less than 64 KiB", s);
  return bytes;
}

static uint32_t parse_table(const char *s) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s || *end != '\0' || errno != 0 || s[0] == '-' || v == 0 || v > 0xFFFFFFFFull)
    fail("AWSM_MAX_TABLE_ELEMENTS: invalid count '%s' (1 to 4294967295)", s);
  return (uint32_t)v;
}

static uint32_t parse_threads(const char *s) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s || *end != '\0' || errno != 0 || s[0] == '-' || v > 100000)
    fail("AWSM_MAX_THREADS: invalid count '%s' (0 to 100000)", s);
  return (uint32_t)v;
}

static char timeout_msg[160];
static size_t timeout_len;

static void on_timeout(int sig) {
  (void)sig;
  ssize_t r = write(2, timeout_msg, timeout_len);
  (void)r;
  _exit(AWSM_EXIT_TIMEOUT);
}

static void arm_timeout(const char *s) {
  char *end;
  double secs = strtod(s, &end);
  if (end == s || *end != '\0' || !isfinite(secs) || secs <= 0 || secs > 1e8)
    fail("AWSM_TIMEOUT: invalid number of seconds '%s'", s);
  timeout_len = (size_t)snprintf(timeout_msg, sizeof timeout_msg,
                                 "awsm: timeout: the program ran longer than %g s\n", secs);
  if (timeout_len >= sizeof timeout_msg) timeout_len = sizeof timeout_msg - 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_timeout;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_sec = (time_t)secs;
  it.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) * 1e6);
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &it, NULL);
}

/* AWSM_DIRS: HOST[::GUEST] entries separated by ':'; '\' escapes the next character. */
static void preopen_dirs(awsm_wasi *wasi, const char *spec) {
  size_t n = strlen(spec);
  char *host = malloc(n + 1), *guest = malloc(n + 1);
  if (host == NULL || guest == NULL) fail("out of memory");
  size_t i = 0;
  while (i <= n) {
    size_t hl = 0, gl = 0;
    int in_guest = 0;
    for (; i < n; i++) {
      char c = spec[i];
      if (c == '\\' && i + 1 < n) {
        c = spec[++i];
      } else if (c == ':' && i + 1 < n && spec[i + 1] == ':' && !in_guest) {
        in_guest = 1;
        i++;
        continue;
      } else if (c == ':') {
        break;
      }
      if (in_guest) guest[gl++] = c;
      else host[hl++] = c;
    }
    i++; /* past the ':' (or the end) */
    host[hl] = guest[gl] = '\0';
    if (hl == 0 && !in_guest) continue; /* empty entry */
    if (hl == 0) fail("AWSM_DIRS: an entry has no host directory ('::%s')", guest);
    awsm_error err;
    if (awsm_wasi_preopen_dir(wasi, host, in_guest ? guest : host, &err) < 0) fail("%s", err.message);
  }
  free(host);
  free(guest);
}

static void tcplisten(awsm_wasi *wasi, const char *spec) {
  char *copy = strdup(spec);
  if (copy == NULL) fail("out of memory");
  char *save = NULL;
  for (char *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
    awsm_error err;
    if (awsm_wasi_tcplisten(wasi, t, &err) < 0) fail("%s", err.message);
  }
  free(copy);
}

/* ---- running ---- */

static int exit_for(const awsm_error *err, const awsm_options *opts) {
  switch (err->kind) {
    case AWSM_OK: return 0;
    case AWSM_ERR_EXIT: return err->exit_status;
    case AWSM_ERR_TRAP:
      fprintf(stderr, "awsm: trap: %s\n", err->message);
      return AWSM_EXIT_TRAP;
    case AWSM_ERR_EXCEPTION:
      fprintf(stderr, "awsm: %s\n", err->message);
      return AWSM_EXIT_TRAP;
    case AWSM_ERR_RESOURCE:
      if (opts->max_memory_pages != 0 && strncmp(err->message, "memory of ", 10) == 0)
        fprintf(stderr, "awsm: %s (--max-memory / AWSM_MAX_MEMORY)\n", err->message);
      else if (opts->max_table_elems != 0 && strncmp(err->message, "table of ", 9) == 0)
        fprintf(stderr, "awsm: %s (--max-table-elements / AWSM_MAX_TABLE_ELEMENTS)\n", err->message);
      else
        fprintf(stderr, "awsm: %s\n", err->message);
      return AWSM_EXIT_START;
    default:
      fprintf(stderr, "awsm: %s\n", err->message);
      return AWSM_EXIT_START;
  }
}

int main(int argc, char **argv, char **envp) {
  /* Writes to a closed pipe or socket are EPIPE for the guest, as WASI has no signals. */
  signal(SIGPIPE, SIG_IGN);

  const char *timeout = getenv("AWSM_TIMEOUT");
  if (timeout != NULL && timeout[0] != '\0') arm_timeout(timeout);

  awsm_options opts = {0};
  const char *mem = getenv("AWSM_MAX_MEMORY");
  if (mem != NULL && mem[0] != '\0') opts.max_memory_pages = parse_memory(mem);
  const char *tab = getenv("AWSM_MAX_TABLE_ELEMENTS");
  if (tab != NULL && tab[0] != '\0') opts.max_table_elems = parse_table(tab);
  const char *heap = getenv("AWSM_MAX_HEAP");
  if (heap != NULL && heap[0] != '\0') awsm_gc_set_default_max_heap(parse_heap(heap));

  int n = 0;
  while (envp != NULL && envp[n] != NULL) n++;
  const char **env = calloc((size_t)n + 1, sizeof *env);
  int envc = 0;
  if (env == NULL) fail("out of memory");
  for (int i = 0; i < n; i++)
    if (!is_control_var(envp[i])) env[envc++] = envp[i];
  awsm_wasi *wasi = awsm_wasi_new(argc, (const char *const *)argv, envc, env);
  free(env);
  if (wasi == NULL) fail("out of memory");

  const char *dirs = getenv("AWSM_DIRS");
  if (dirs != NULL) preopen_dirs(wasi, dirs);
  const char *listen = getenv("AWSM_TCPLISTEN");
  if (listen != NULL) tcplisten(wasi, listen);

  awsm_error err;
  const char *invoke = getenv("AWSM_INVOKE");
  if (&awsm_main_component != NULL && awsm_main_component != NULL) {
    int status = invoke != NULL ? awsm_component_invoke(awsm_main_component, wasi, &opts, invoke, &err)
                                : awsm_main_component->start(awsm_main_component, wasi, &opts, &err);
    if (status < 0) status = exit_for(&err, &opts);
    awsm_wasi_free(wasi);
    return status;
  }
  if (&awsm_main_module == NULL) fail("this executable has no module (awsm_main_module)");
  if (invoke != NULL) fail("--invoke (AWSM_INVOKE) calls the exports of components; this is a core module");

  opts.resolve = awsm_wasi_resolve;
  opts.resolve_data = wasi;
  opts.host = wasi;
  /* wasi-threads: thread-spawn and imported shared memories (runtime/src/wasi_threads.c). */
  uint32_t max_threads = DEFAULT_MAX_THREADS;
  const char *threads = getenv("AWSM_MAX_THREADS");
  if (threads != NULL && threads[0] != '\0') max_threads = parse_threads(threads);
  awsm_wasi_threads *wt = awsm_wasi_threads_new(awsm_main_module, &opts, max_threads, &err);
  if (wt == NULL) exit(exit_for(&err, &opts));
  awsm_instance *inst = awsm_instantiate(awsm_main_module, awsm_wasi_threads_options(wt), &err);
  if (inst == NULL) exit(exit_for(&err, &opts));

  awsm_extern start;
  if (!awsm_instance_export(inst, "_start", 6, &start) || start.kind != AWSM_EXTERN_FUNC)
    fail("the module exports no function \"_start\"");
  if (!awsm_sig_eq(start.u.func->sig, ":"))
    fail("\"_start\" must take no parameters and return nothing (its signature is %s)", start.u.func->sig);
  awsm_value none[1];
  int status = awsm_call(inst, start.u.func, none, &err) == 0 ? 0 : exit_for(&err, &opts);
  /* Spawned threads still running: end the process without freeing what they use (neither
   * exit() nor wasi-threads waits for them). */
  if (awsm_wasi_threads_live(wt) != 0) {
    fflush(NULL);
    _exit(status);
  }
  awsm_instance_free(inst);
  awsm_wasi_threads_free(wt);
  awsm_wasi_free(wasi);
  return status;
}
