/* The ELF runtime (runtime/elf/) without the lifter: this file stands in for the lifted code
   (awsm_elf_run) and for the image the driver generates (one data segment at 0x400000), so
   start-up and the system calls can be tested alone (tests/unit/elf-runtime.test.ts). It
   checks the initial stack, then makes system calls as a program would and prints what it
   sees; the test compares that with what it expects. Arguments: a preopened directory's
   guest name (files are made there). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "elf_rt.h"

static const uint8_t seg0[16] = "segment bytes!!";
static const struct awsm_elf_segment segs[] = {{0x400000, 16, 0x2000, seg0}};
const struct awsm_elf_image awsm_elf_image = {0x400000, 0x400000, 1, 56, 1, segs, 1};

static struct a64_state *S;

/* A system call as the lifted code makes it. */
static int64_t sc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) {
  S->x[8] = nr;
  S->x[0] = a0, S->x[1] = a1, S->x[2] = a2, S->x[3] = a3, S->x[4] = a4, S->x[5] = a5;
  awsm_elf_syscall(S);
  return (int64_t)S->x[0];
}

/* Output through the write system call, as the guest's. */
static char line[512];
#define SAY(...) (snprintf(line, sizeof line, __VA_ARGS__), sc(64, 1, (uintptr_t)line, strlen(line), 0, 0, 0))
#define G(p) ((uint64_t)(uintptr_t)(p))

static void check_stack(void) {
  uint64_t *sp = guest(S->sp);
  SAY("sp aligned %d pc %llx\n", (S->sp & 15) == 0, (unsigned long long)S->pc);
  uint64_t argc = sp[0];
  SAY("argc %llu argv0 %s argv1 %s argv-end %llu\n", (unsigned long long)argc, (char *)guest(sp[1]), argc > 1 ? (char *)guest(sp[2]) : "-", (unsigned long long)sp[1 + argc]);
  uint64_t *e = sp + 2 + argc;
  while (*e) SAY("env %s\n", (char *)guest(*e++));
  for (uint64_t *a = e + 1; a[0] != 0; a += 2) {
    if (a[0] == 3 || a[0] == 5 || a[0] == 4 || a[0] == 6 || a[0] == 9 || a[0] == 16 || a[0] == 26) SAY("auxv %llu %llx\n", (unsigned long long)a[0], (unsigned long long)a[1]);
    if (a[0] == 25) SAY("random in stack %d\n", a[1] > S->sp);
    if (a[0] == 15) SAY("platform %s\n", (char *)guest(a[1]));
  }
  SAY("segment %s bss %d\n", (char *)guest(0x400000), *(char *)guest(0x401000));
}

static void check_files(const char *dir) {
  char path[300];
  snprintf(path, sizeof path, "%s/out.txt", dir);
  int64_t fd = sc(56, (uint64_t)-100, G(path), 01 | 0100 | 01000, 0644, 0, 0); /* O_WRONLY|O_CREAT|O_TRUNC */
  SAY("open for writing %s\n", fd >= 3 ? "ok" : "failed");
  struct { uint64_t base, len; } iov[2] = {{G("hello, "), 7}, {G("file\n"), 5}};
  SAY("writev %lld\n", (long long)sc(66, fd, G(iov), 2, 0, 0, 0));
  SAY("close %lld\n", (long long)sc(57, fd, 0, 0, 0, 0, 0));
  fd = sc(56, (uint64_t)-100, G(path), 0, 0, 0, 0);
  char buf[64] = {0};
  SAY("read %lld: %s", (long long)sc(63, fd, G(buf), sizeof buf - 1, 0, 0, 0), buf);
  uint8_t st[128];
  SAY("fstat %lld size %lld mode %o\n", (long long)sc(80, fd, G(st), 0, 0, 0, 0), (long long)*(int64_t *)(st + 48), *(uint32_t *)(st + 16));
  SAY("lseek %lld pread %lld\n", (long long)sc(62, fd, 7, 0, 0, 0, 0), (long long)sc(67, fd, G(buf), 4, 1, 0, 0));
  SAY("ioctl TCGETS %lld\n", (long long)sc(29, 1, 0x5401, G(buf), 0, 0, 0));
  sc(57, fd, 0, 0, 0, 0, 0);
  SAY("newfstatat %lld\n", (long long)sc(79, (uint64_t)-100, G(path), G(st), 0, 0, 0));
  /* Outside the sandbox: nothing. */
  SAY("open /etc/passwd %lld\n", (long long)sc(56, (uint64_t)-100, G("/etc/passwd"), 0, 0, 0, 0));
  snprintf(path, sizeof path, "%s/../../../../etc/passwd", dir);
  SAY("open dir/../../etc/passwd %lld\n", (long long)sc(56, (uint64_t)-100, G(path), 0, 0, 0, 0));
  SAY("readlink /proc/self/exe %lld\n", (long long)sc(78, (uint64_t)-100, G("/proc/self/exe"), G(buf), sizeof buf, 0, 0));
  /* A directory: mkdir, list, rename, unlink. */
  snprintf(path, sizeof path, "%s/sub", dir);
  SAY("mkdirat %lld\n", (long long)sc(34, (uint64_t)-100, G(path), 0755, 0, 0, 0));
  int64_t dfd = sc(56, (uint64_t)-100, G(dir), 040000, 0, 0, 0);
  uint8_t dents[4096];
  int64_t n = sc(61, dfd, G(dents), sizeof dents, 0, 0, 0);
  int names = 0;
  for (int64_t o = 0; o < n; o += *(uint16_t *)(dents + o + 16)) {
    const char *name = (char *)dents + o + 19;
    if (strcmp(name, "out.txt") == 0 || strcmp(name, "sub") == 0) names += dents[o + 18] == 8 ? 1 : dents[o + 18] == 4 ? 10 : 100;
  }
  SAY("getdents64 names %d again %lld\n", names, (long long)sc(61, dfd, G(dents), sizeof dents, 0, 0, 0));
  char to[300];
  snprintf(to, sizeof to, "%s/moved.txt", dir);
  snprintf(path, sizeof path, "%s/out.txt", dir);
  SAY("renameat %lld\n", (long long)sc(38, (uint64_t)-100, G(path), (uint64_t)-100, G(to), 0, 0));
  SAY("faccessat old %lld new %lld\n", (long long)sc(48, (uint64_t)-100, G(path), 0, 0, 0, 0), (long long)sc(48, (uint64_t)-100, G(to), 0, 0, 0, 0));
  SAY("unlinkat %lld\n", (long long)sc(35, dfd, G("moved.txt"), 0, 0, 0, 0));
  SAY("rmdir %lld\n", (long long)sc(35, dfd, G("sub"), 0x200, 0, 0, 0));
}

static void check_memory(void) {
  int64_t b0 = sc(214, 0, 0, 0, 0, 0, 0);
  int64_t b1 = sc(214, b0 + 100000, 0, 0, 0, 0, 0);
  memset(guest(b0), 0xab, 100000);
  int64_t b2 = sc(214, b0, 0, 0, 0, 0, 0);
  int64_t b3 = sc(214, b0 + 4096, 0, 0, 0, 0, 0);
  SAY("brk grows %d shrinks %d regrown zero %d huge fails %d\n", b1 == b0 + 100000, b2 == b0, b3 == b0 + 4096 && *(uint8_t *)guest(b0 + 100) == 0,
      sc(214, b0 + (3ull << 30), 0, 0, 0, 0, 0) == b3);
  int64_t m1 = sc(222, 0, 3 << 20, 3, 0x22, (uint64_t)-1, 0);
  memset(guest(m1), 0xcd, 3 << 20);
  int64_t m2 = sc(222, 0, 4096, 3, 0x22, (uint64_t)-1, 0);
  SAY("mmap aligned %d above brk %d distinct %d\n", (m1 & 4095) == 0, m1 > b3, m2 >= m1 + (3 << 20));
  SAY("munmap %lld\n", (long long)sc(215, m1, 3 << 20, 0, 0, 0, 0));
  int64_t m3 = sc(222, 0, 1 << 20, 3, 0x22, (uint64_t)-1, 0);
  SAY("reused %d zero %d\n", m3 == m1, *(uint8_t *)guest(m3 + 5000) == 0);
  int64_t m4 = sc(216, m3, 1 << 20, 2 << 20, 1, 0, 0);
  SAY("mremap in place %d\n", m4 == m3);
  int64_t bad = sc(222, 0, 0, 3, 0x22, (uint64_t)-1, 0);
  SAY("mmap 0 bytes %lld\n", (long long)bad);
}

static void check_misc(void) {
  int64_t ts[2];
  SAY("clock_gettime %lld sane %d\n", (long long)sc(113, 1, G(ts), 0, 0, 0, 0), ts[1] >= 0 && ts[1] < 1000000000);
  uint8_t r[32] = {0};
  SAY("getrandom %lld\n", (long long)sc(278, G(r), 32, 0, 0, 0, 0));
  char u[390];
  sc(160, G(u), 0, 0, 0, 0, 0);
  SAY("uname %s %s\n", u, u + 4 * 65);
  SAY("rseq %lld unknown %lld\n", (long long)sc(293, 0, 0, 0, 0, 0, 0), (long long)sc(999, 0, 0, 0, 0, 0, 0));
  uint32_t word = 5;
  SAY("futex wait changed %lld wake %lld\n", (long long)sc(98, G(&word), 128, 4, 0, 0, 0), (long long)sc(98, G(&word), 129, 1, 0, 0, 0));
}

void awsm_elf_run(struct a64_state *st) {
  S = st;
  check_stack();
  uint64_t argc = *(uint64_t *)guest(st->sp);
  const char *dir = argc > 1 ? guest(((uint64_t *)guest(st->sp))[2]) : ".";
  check_files(dir);
  check_memory();
  check_misc();
  sc(94, 7, 0, 0, 0, 0, 0); /* exit_group(7) */
}
