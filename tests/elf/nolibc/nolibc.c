/* A program without a C library (built -nostdlib -ffreestanding -mgeneral-regs-only): its own
   _start reads argc, argv and envp off the initial stack, and it talks to the kernel with SVC
   only. It runs through the whole translation (reader, lifter, runtime) without needing the
   lifter to know glibc's SIMD string routines (tests/e2e/elf.test.ts). Prints its arguments,
   one variable, a prime count, the auxv page size; writes a file, reads it back; exits 3.
   With a first argument `repeat=N` it only sieves, N times, prints the count and exits 0
   (bench/elf/run.ts times that). */
typedef unsigned long u64;

static long sys(long n, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c, x3 __asm__("x3") = d;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}

static u64 len(const char *s) {
  u64 n = 0;
  while (s[n]) n++;
  return n;
}

static void put(const char *s) {
  sys(64, 1, (long)s, (long)len(s), 0);
}

static void num(long v) {
  char b[24], *p = b + 23;
  int neg = v < 0;
  u64 u = neg ? -(u64)v : (u64)v;
  *p = 0;
  do *--p = (char)('0' + u % 10);
  while ((u /= 10) != 0);
  if (neg) *--p = '-';
  put(p);
}

static int starts(const char *s, const char *prefix) {
  while (*prefix)
    if (*s++ != *prefix++) return 0;
  return 1;
}

static unsigned char sieve[100001];

__attribute__((used)) void cmain(u64 *sp) {
  long argc = (long)sp[0];
  char **argv = (char **)(sp + 1);
  char **envp = argv + argc + 1;
  for (long i = 1; i < argc; i++) put("arg: "), put(argv[i]), put("\n");
  char **e = envp;
  for (; *e; e++)
    if (starts(*e, "GREETING=")) put(*e), put("\n");
  for (u64 *a = (u64 *)(e + 1); a[0] != 0; a += 2)
    if (a[0] == 6) put("page size "), num((long)a[1]), put("\n");
  long repeat = 1, count = 0;
  if (argc > 1 && starts(argv[1], "repeat=")) {
    repeat = 0;
    for (const char *q = argv[1] + 7; *q; q++) repeat = repeat * 10 + (*q - '0');
  }
  for (long r = 0; r < repeat; r++) {
    for (long i = 0; i <= 100000; i++) sieve[i] = 0;
    count = 0;
    for (long i = 2; i <= 100000; i++) {
      if (sieve[i]) continue;
      count++;
      for (long j = i * i; j <= 100000; j += i) sieve[j] = 1;
    }
  }
  put("primes up to 100000: "), num(count), put("\n");
  if (repeat != 1) sys(94, 0, 0, 0, 0);
  long fd = sys(56, -100, (long)"out.txt", 01 | 0100 | 01000, 0644); /* openat O_WRONLY|O_CREAT|O_TRUNC */
  put("write "), num(sys(64, fd, (long)"written by nolibc\n", 18, 0)), put("\n");
  sys(57, fd, 0, 0, 0);
  char buf[64];
  fd = sys(56, -100, (long)"out.txt", 0, 0);
  long n = sys(63, fd, (long)buf, sizeof buf - 1, 0);
  buf[n > 0 ? n : 0] = 0;
  put("read back "), num(n), put(": "), put(buf);
  put("open /etc/passwd: "), num(sys(56, -100, (long)"/etc/passwd", 0, 0) >= 0 ? 1 : 0), put("\n");
  sys(94, 3, 0, 0, 0);
}

__asm__(".globl _start\n_start:\n  mov x0, sp\n  bl cmain\n  brk #0\n");
