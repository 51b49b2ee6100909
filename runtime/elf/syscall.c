/* The system-call layer (docs/elf.md, "System calls"): awsm_elf_syscall looks x8 up in one
   table of handlers (number → handler; names from sysnames.h) and leaves the result or -errno
   in x0. An unknown number returns -ENOSYS (and with --trace-syscalls logs it). Here too the
   calls that need no file system: time, randomness, exit, identity, signals (accepted, never
   delivered), limits, futex for one thread. */
#include <string.h>

#include "elf_rt.h"
#include "sysnames.h"

#define NSYSCALLS 512

/* ---- Time ---- */

/* The WASI clock for a Linux clock id (CLOCK_REALTIME, _MONOTONIC, _PROCESS_CPUTIME_ID, ...). */
static __wasi_clockid_t clock_of(uint64_t id) {
  switch (id) {
  case 0: case 5: case 8: case 11: return __WASI_CLOCKID_REALTIME; /* REALTIME, _COARSE, _ALARM, TAI */
  case 2: return __WASI_CLOCKID_PROCESS_CPUTIME_ID;
  case 3: return __WASI_CLOCKID_THREAD_CPUTIME_ID;
  default: return __WASI_CLOCKID_MONOTONIC; /* MONOTONIC, _RAW, _COARSE, BOOTTIME */
  }
}

/* Reads clock `c` into *t (nanoseconds); falls back to the monotonic clock for a CPU-time
   clock the host lacks. */
static __wasi_errno_t now(__wasi_clockid_t c, __wasi_timestamp_t *t) {
  __wasi_errno_t e = __wasi_clock_time_get(c, 1, t);
  if (e != 0 && c != __WASI_CLOCKID_REALTIME) e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, t);
  return e;
}

/* Writes a struct timespec (or timeval when `div` is 1000): two 64-bit words. */
static void put_time(uint64_t addr, __wasi_timestamp_t t, uint64_t div) {
  int64_t *p = guest(addr);
  p[0] = (int64_t)(t / 1000000000u);
  p[1] = (int64_t)(t % 1000000000u / div);
}

static int64_t sys_clock_gettime(struct a64_state *st) {
  __wasi_timestamp_t t;
  __wasi_errno_t e = now(clock_of(ARG(0)), &t);
  if (e != 0) return awsm_elf_errno(e);
  put_time(ARG(1), t, 1);
  return 0;
}

static int64_t sys_clock_getres(struct a64_state *st) {
  __wasi_timestamp_t t;
  __wasi_errno_t e = __wasi_clock_res_get(clock_of(ARG(0)), &t);
  if (e != 0) return awsm_elf_errno(e);
  if (ARG(1) != 0) put_time(ARG(1), t, 1);
  return 0;
}

static int64_t sys_gettimeofday(struct a64_state *st) {
  __wasi_timestamp_t t;
  __wasi_errno_t e = now(__WASI_CLOCKID_REALTIME, &t);
  if (e != 0) return awsm_elf_errno(e);
  if (ARG(0) != 0) put_time(ARG(0), t, 1000);
  return 0;
}

/* Sleeps for the timespec at `req` on clock `c` (until it, if `absolute`). */
static int64_t sleep_on(__wasi_clockid_t c, uint64_t req, int absolute) {
  const int64_t *ts = guest(req);
  if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000) return -L_EINVAL;
  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = c;
  sub.u.u.clock.timeout = (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
  sub.u.u.clock.flags = absolute ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
  __wasi_event_t ev;
  __wasi_size_t n;
  return awsm_elf_errno(__wasi_poll_oneoff(&sub, &ev, 1, &n));
}

static int64_t sys_nanosleep(struct a64_state *st) {
  return sleep_on(__WASI_CLOCKID_MONOTONIC, ARG(0), 0);
}

static int64_t sys_clock_nanosleep(struct a64_state *st) {
  return sleep_on(clock_of(ARG(0)), ARG(2), ARG(1) & 1);
}

static int64_t sys_getrandom(struct a64_state *st) {
  uint64_t len = ARG(1);
  __wasi_errno_t e = __wasi_random_get(guest(ARG(0)), (size_t)len);
  return e != 0 ? awsm_elf_errno(e) : (int64_t)len;
}

/* ---- Process ---- */

static int64_t sys_exit(struct a64_state *st) {
  /* The status as given: awsm run and Node pass 126..255 on; wasmtime refuses them. */
  __wasi_proc_exit((__wasi_exitcode_t)(ARG(0) & 0xff));
}

/* kill/tkill/tgkill of this process (abort() raises SIGABRT): ends it as a death by signal
   (awsm_elf_exit(128 + signal): a trap, status 134). Signal 0 only asks whether it exists. */
static int64_t kill_with(uint64_t sig) {
  if (sig == 0) return 0;
  if (sig > 64) return -L_EINVAL;
  awsm_elf_exit((uint32_t)(128 + sig));
}

static int64_t sys_kill(struct a64_state *st) {
  return kill_with(ARG(1));
}

static int64_t sys_tgkill(struct a64_state *st) {
  return kill_with(ARG(2));
}

/* getpid, gettid (1), getppid (0), the user and group ids (0), set_tid_address (the tid). */
static int64_t sys_one(struct a64_state *st) {
  (void)st;
  return 1;
}

static int64_t sys_zero(struct a64_state *st) {
  (void)st;
  return 0;
}

static int64_t sys_nosys(struct a64_state *st) {
  (void)st;
  return -L_ENOSYS;
}

static int64_t sys_uname(struct a64_state *st) {
  static const char *const fields[6] = {"Linux", "awsm", "6.1.0", "#1 SMP (awsm elf2wasm)", "aarch64", "(none)"};
  char *u = guest(ARG(0));
  memset(u, 0, 6 * 65);
  for (int i = 0; i < 6; i++) memcpy(u + 65 * i, fields[i], strlen(fields[i]));
  return 0;
}

/* rt_sigaction and rt_sigprocmask: accepted; the old action or mask reads as default/empty. */
static int64_t sys_rt_sigaction(struct a64_state *st) {
  if (ARG(2) != 0) memset(guest(ARG(2)), 0, 32); /* struct sigaction on aarch64 */
  return 0;
}

static int64_t sys_rt_sigprocmask(struct a64_state *st) {
  if (ARG(2) != 0) memset(guest(ARG(2)), 0, ARG(3) < 128 ? (size_t)ARG(3) : 128);
  return 0;
}

/* Resource limits: the stack is GUEST_STACK, 1024 descriptors, the rest unlimited. */
static void put_rlimit(uint64_t addr, uint64_t resource) {
  uint64_t *r = guest(addr);
  r[0] = r[1] = ~(uint64_t)0;
  if (resource == 3) r[0] = GUEST_STACK; /* RLIMIT_STACK */
  if (resource == 7) r[0] = r[1] = 1024; /* RLIMIT_NOFILE */
}

static int64_t sys_prlimit64(struct a64_state *st) {
  if (ARG(0) != 0 && ARG(0) != 1) return -L_ESRCH;
  if (ARG(3) != 0) put_rlimit(ARG(3), ARG(1));
  return 0;
}

static int64_t sys_getrlimit(struct a64_state *st) {
  put_rlimit(ARG(1), ARG(0));
  return 0;
}

static int64_t sys_sysinfo(struct a64_state *st) {
  uint8_t *p = guest(ARG(0));
  memset(p, 0, 112);
  uint64_t total = 4ull << 30, avail = 2ull << 30;
  memcpy(p + 32, &total, 8);  /* totalram */
  memcpy(p + 40, &avail, 8);  /* freeram */
  p[80] = 1;                  /* procs */
  p[104] = 1;                 /* mem_unit */
  return 0;
}

static int64_t sys_getrusage(struct a64_state *st) {
  memset(guest(ARG(1)), 0, 144);
  return 0;
}

static int64_t sys_umask(struct a64_state *st) {
  (void)st;
  return 022;
}

/* futex with one thread: WAIT on a changed value is EAGAIN, on an unchanged one it would wait
   forever (ETIMEDOUT with a timeout); WAKE wakes no one. */
static int64_t sys_futex(struct a64_state *st) {
  uint32_t op = (uint32_t)ARG(1) & 0x7f;
  if (op == 1 || op == 10) return 0; /* FUTEX_WAKE, FUTEX_WAKE_BITSET */
  if (op != 0 && op != 9) return -L_ENOSYS;
  if (*(uint32_t *)guest(ARG(0)) != (uint32_t)ARG(2)) return -L_EAGAIN;
  if (ARG(3) != 0) return -L_ETIMEDOUT;
  awsm_elf_fatal("futex wait with no other thread to wake it: deadlock", 134);
}

static int64_t sys_sched_getaffinity(struct a64_state *st) {
  uint64_t size = ARG(1);
  if (size < 8) return -L_EINVAL;
  uint8_t *m = guest(ARG(2));
  memset(m, 0, 8);
  m[0] = 1; /* one CPU */
  return 8;
}

/* ---- The table ---- */

static const awsm_elf_handler handlers[NSYSCALLS] = {
    [17] = sys_getcwd, [25] = sys_fcntl, [29] = sys_ioctl, [34] = sys_mkdirat, [35] = sys_unlinkat,
    [38] = sys_renameat, [46] = sys_ftruncate, [48] = sys_faccessat, [56] = sys_openat, [57] = sys_close,
    [61] = sys_getdents64, [62] = sys_lseek, [63] = sys_read, [64] = sys_write, [65] = sys_readv,
    [66] = sys_writev, [67] = sys_pread64, [68] = sys_pwrite64, [78] = sys_readlinkat, [79] = sys_newfstatat,
    [80] = sys_fstat, [82] = sys_fsync, [83] = sys_fsync, [93] = sys_exit, [94] = sys_exit,
    [96] = sys_one /* set_tid_address */, [98] = sys_futex, [99] = sys_zero /* set_robust_list */,
    [101] = sys_nanosleep, [113] = sys_clock_gettime, [114] = sys_clock_getres, [115] = sys_clock_nanosleep,
    [123] = sys_sched_getaffinity, [124] = sys_zero /* sched_yield */, [129] = sys_kill, [130] = sys_kill /* tkill */,
    [131] = sys_tgkill, [132] = sys_zero /* sigaltstack */, [134] = sys_rt_sigaction, [135] = sys_rt_sigprocmask,
    [160] = sys_uname, [163] = sys_getrlimit, [165] = sys_getrusage, [166] = sys_umask, [169] = sys_gettimeofday,
    [172] = sys_one /* getpid */, [173] = sys_zero /* getppid */, [174] = sys_zero /* getuid */,
    [175] = sys_zero /* geteuid */, [176] = sys_zero /* getgid */, [177] = sys_zero /* getegid */,
    [178] = sys_one /* gettid */, [179] = sys_sysinfo, [214] = sys_brk, [215] = sys_munmap, [216] = sys_mremap,
    [222] = sys_mmap, [226] = sys_zero /* mprotect */, [233] = sys_madvise, [261] = sys_prlimit64,
    [276] = sys_renameat2, [278] = sys_getrandom, [293] = sys_nosys /* rseq: glibc then does without */,
    [439] = sys_faccessat /* faccessat2 */,
};

/* Writes a decimal number to standard error. */
static void put_dec(uint64_t v) {
  char b[24], *p = b + 23;
  *p = 0;
  do *--p = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  awsm_elf_puts(p);
}

void awsm_elf_syscall(struct a64_state *st) {
  uint64_t nr = st->x[8];
  awsm_elf_handler h = nr < NSYSCALLS ? handlers[nr] : 0;
  if (h != 0) {
    st->x[0] = (uint64_t)h(st);
    return;
  }
  if (awsm_elf_image.trace_syscalls) {
    const char *name = nr < sizeof awsm_elf_sysnames / sizeof *awsm_elf_sysnames ? awsm_elf_sysnames[nr] : 0;
    awsm_elf_puts("awsm: elf: syscall ");
    put_dec(nr);
    awsm_elf_puts(" (");
    awsm_elf_puts(name != 0 ? name : "?");
    awsm_elf_puts(") unknown\n");
  }
  st->x[0] = (uint64_t)-L_ENOSYS;
}
