/*
 * test_wasi2.c — the WASI 0.2 host (runtime/src/wasi2, docs/wasi2.md) called as a component's
 * lowered imports are: each function found with awsm_wasi2_lookup, made a host function
 * object whose ctx is the canonical options (awsm_instance_host_func), and called with
 * awsm_call, so that its traps come back as errors. The options name a real memory
 * (awsm_memory_new) and a realloc that is a host function bump-allocating in it (it counts its
 * calls). Results are checked byte by byte in the memory.
 *
 *   test_wasi2 DIR [IMPORTS]  DIR: an empty scratch directory (files, preopens, escape
 *                       attempts); IMPORTS: wasi2_adapter_imports.txt, checked against lookup
 *   test_wasi2 --leaks  the same, for valgrind (run.sh): no leak after awsm_wasi2_free
 *
 * Prints one line per failure and "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "awsm.h"
#include "awsm_wasi2.h"

#include "../check.h"

extern const awsm_module_desc fake_m4;

/* ---- the harness ---- */

typedef struct harness {
  awsm_instance *owner;  /* owns the host function objects (a trivial module's instance) */
  awsm_memory *mem;      /* the component's memory (2 pages) */
  awsm_func *realloc;    /* test_realloc */
  uint32_t bump;         /* next free byte for realloc */
  uint32_t reallocs;     /* realloc calls made */
  uint32_t fail_realloc; /* 1: realloc returns a misaligned pointer */
  awsm_wasi *base;
  awsm_wasi2 *w;
  awsm_canon_opts opts;
} harness;

static harness H;

/* realloc(old, old_size, align, size): a bump allocator from 0x8000. */
static uint32_t test_realloc(void *ctx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size) {
  harness *h = ctx;
  (void)old;
  (void)old_size;
  h->reallocs++;
  uint32_t p = (h->bump + align - 1) & ~(align - 1);
  h->bump = p + size;
  return h->fail_realloc ? p + 1 : p;
}

static uint8_t *mem(uint32_t at) { return awsm_memory_data(H.mem, at, 1); }
static uint32_t rd32(uint32_t at) {
  uint32_t v;
  memcpy(&v, mem(at), 4);
  return v;
}
static uint64_t rd64(uint32_t at) {
  uint64_t v;
  memcpy(&v, mem(at), 8);
  return v;
}
static void wr32(uint32_t at, uint32_t v) { memcpy(mem(at), &v, 4); }

/* Puts bytes at `at` (below 0x8000: the test's own area). */
static uint32_t put(uint32_t at, const void *s, size_t n) {
  memcpy(mem(at), s, n);
  return at;
}

/* Calls iface.name with args (i32 in .i32, u64 in .i64); 0, or -1 with err filled. */
static int call(const char *iface, const char *name, awsm_value *args, awsm_error *err) {
  awsm_wasi2_func f;
  if (awsm_wasi2_lookup(iface, name, &f) != 0) {
    snprintf(err->message, sizeof err->message, "lookup of %s %s failed", iface, name);
    err->kind = AWSM_ERR_INVALID;
    return -1;
  }
  awsm_func *fn = awsm_instance_host_func(H.owner, f.sig, f.code, f.tramp, &H.opts);
  if (fn == NULL) {
    snprintf(err->message, sizeof err->message, "no host function object for %s (%s)", name, f.sig);
    err->kind = AWSM_ERR_INVALID;
    return -1;
  }
  return awsm_call(H.owner, fn, args, err);
}

#define A(...) ((awsm_value[]){__VA_ARGS__, awsm_i32(0)})
#define I(v) awsm_i32((int32_t)(v))
#define L(v) awsm_i64((int64_t)(v))

/* Calls and checks success; returns args[0] (the result, if any). */
static uint64_t ok(const char *iface, const char *name, awsm_value *args) {
  awsm_error err;
  int rc = call(iface, name, args, &err);
  CHECK(rc == 0, "%s %s: %s", iface, name, err.message);
  return args[0].i64;
}

/* Calls and checks that it traps with a message containing `want`. */
static void traps(const char *iface, const char *name, awsm_value *args, const char *want) {
  awsm_error err;
  int rc = call(iface, name, args, &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_TRAP && strstr(err.message, want) != NULL,
        "%s %s: expected a trap with \"%s\", got rc %d kind %d \"%s\"", iface, name, want, rc, rc ? (int)err.kind : 0,
        rc ? err.message : "");
}

#define RET 0x100 /* the return area */

static const char *IO = "wasi:io/streams@0.2.12";

/* ---- lookup ---- */

static void test_lookup(void) {
  awsm_wasi2_func f;
  CHECK(awsm_wasi2_lookup("wasi:cli/environment@0.2.0", "get-environment", &f) == 0 && strcmp(f.sig, "i:") == 0,
        "get-environment@0.2.0");
  CHECK(awsm_wasi2_lookup("wasi:cli/environment@0.2.12", "get-arguments", &f) == 0, "get-arguments@0.2.12");
  CHECK(awsm_wasi2_lookup(IO, "[method]output-stream.blocking-write-and-flush", &f) == 0 &&
            strcmp(f.sig, "iiii:") == 0 && f.tramp != NULL,
        "blocking-write-and-flush");
  CHECK(awsm_wasi2_lookup(IO, "[resource-drop]output-stream", &f) == 0 && strcmp(f.sig, "i:") == 0, "drop");
  CHECK(awsm_wasi2_lookup("wasi:cli/environment", "get-arguments", &f) == -1, "no version");
  CHECK(awsm_wasi2_lookup("wasi:cli/environment@0.3.0", "get-arguments", &f) == -1, "0.3");
  CHECK(awsm_wasi2_lookup("wasi:cli/environment@0.2.x", "get-arguments", &f) == -1, "0.2.x");
  CHECK(awsm_wasi2_lookup("wasi:cli/environment@0.2.1", "nope", &f) == -1, "unknown name");
  CHECK(awsm_wasi2_lookup("wasi:cli/stdout@0.2.1", "get-stderr", &f) == -1, "name of another interface");
}

/* Every import of the preview1 adapter (wasi2_adapter_imports.txt: interface, name, core
 * signature of its canon lower) is provided, with that signature and a trampoline (every
 * call of these tests goes through the trampoline: awsm_call). */
static void test_adapter_imports(const char *path) {
  FILE *in = fopen(path, "r");
  CHECK(in != NULL, "cannot open %s", path);
  if (in == NULL) return;
  char line[256], iface[128], name[128], sig[32];
  int n = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    if (line[0] == '#' || sscanf(line, "%127s %127s %31s", iface, name, sig) != 3) continue;
    n++;
    awsm_wasi2_func f;
    int rc = awsm_wasi2_lookup(iface, name, &f);
    CHECK(rc == 0 && strcmp(f.sig, sig) == 0, "%s %s: %s (want %s)", iface, name, rc ? "not provided" : f.sig, sig);
    if (rc == 0) CHECK(f.tramp != NULL, "%s %s: no trampoline", iface, name);
  }
  fclose(in);
  CHECK(n >= 60, "%s: %d imports", path, n);
}

/* ---- wasi:cli ---- */

static void test_environment(void) {
  H.bump = 0x8000;
  ok("wasi:cli/environment@0.2.12", "get-environment", A(I(RET)));
  uint32_t list = rd32(RET), n = rd32(RET + 4);
  CHECK(n == 2 && list % 4 == 0, "environment: %u entries at %u", n, list);
  if (n == 2) {
    CHECK(rd32(list + 4) == 4 && memcmp(mem(rd32(list)), "HOME", 4) == 0, "first name");
    CHECK(rd32(list + 12) == 4 && memcmp(mem(rd32(list + 8)), "/nix", 4) == 0, "first value");
    CHECK(rd32(list + 20) == 1 && memcmp(mem(rd32(list + 16)), "X", 1) == 0, "second name");
    CHECK(rd32(list + 28) == 5 && memcmp(mem(rd32(list + 24)), "a=b=c", 5) == 0, "second value (split at the first =)");
  }
  uint32_t before = H.reallocs;
  ok("wasi:cli/environment@0.2.12", "get-arguments", A(I(RET)));
  list = rd32(RET), n = rd32(RET + 4);
  CHECK(n == 3 && H.reallocs - before == 4, "arguments: %u, %u reallocs", n, H.reallocs - before);
  if (n == 3) {
    CHECK(rd32(list + 4) == 4 && memcmp(mem(rd32(list)), "prog", 4) == 0, "argv[0]");
    CHECK(rd32(list + 12) == 6 && memcmp(mem(rd32(list + 8)), "h\xc3\xa9llo", 6) == 0, "argv[1] (UTF-8)");
    /* invalid UTF-8 from the host: U+FFFD */
    CHECK(rd32(list + 20) == 5 && memcmp(mem(rd32(list + 16)), "a\xef\xbf\xbd" "b", 5) == 0, "argv[2] lossy");
  }
  /* UTF-16: "héllo" is 5 code units, align 2. */
  H.opts.string_encoding = AWSM_CANON_UTF16;
  ok("wasi:cli/environment@0.2.12", "get-arguments", A(I(RET)));
  list = rd32(RET);
  CHECK(rd32(list + 12) == 5 && rd32(list + 8) % 2 == 0 && memcmp(mem(rd32(list + 8)), "h\0\xe9\0l\0l\0o\0", 10) == 0,
        "argv[1] in UTF-16");
  /* latin1+utf16: Latin-1 bytes when they fit; U+FFFD does not, so UTF-16 with bit 31. */
  H.opts.string_encoding = AWSM_CANON_LATIN1_UTF16;
  ok("wasi:cli/environment@0.2.12", "get-arguments", A(I(RET)));
  list = rd32(RET);
  CHECK(rd32(list + 12) == 5 && memcmp(mem(rd32(list + 8)), "h\xe9llo", 5) == 0, "argv[1] in Latin-1");
  CHECK(rd32(list + 20) == (3u | 0x80000000u) && memcmp(mem(rd32(list + 16)), "a\0\xfd\xff" "b\0", 6) == 0,
        "argv[2] as UTF-16 (tagged length %#x)", rd32(list + 20));
  H.opts.string_encoding = AWSM_CANON_UTF8;
  memset(mem(RET), 0xAA, 12);
  ok("wasi:cli/environment@0.2.12", "initial-cwd", A(I(RET)));
  CHECK(*mem(RET) == 0, "initial-cwd: none");
  /* A misaligned or out-of-bounds return pointer traps; so does a bad realloc result. */
  traps("wasi:cli/environment@0.2.12", "get-arguments", A(I(RET + 1)), "not aligned");
  traps("wasi:cli/environment@0.2.12", "get-arguments", A(I(2 * 65536 - 4)), "outside the memory");
  H.fail_realloc = 1;
  traps("wasi:cli/environment@0.2.12", "get-arguments", A(I(RET)), "realloc returned");
  H.fail_realloc = 0;
}

static void test_exit(void) {
  awsm_error err;
  int rc = call("wasi:cli/exit@0.2.12", "exit", A(I(1)), &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_EXIT && err.exit_status == 1, "exit(err)");
  rc = call("wasi:cli/exit@0.2.12", "exit", A(I(0)), &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_EXIT && err.exit_status == 0, "exit(ok)");
  rc = call("wasi:cli/exit@0.2.12", "exit-with-code", A(I(0x1FF)), &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_EXIT && err.exit_status == 255, "exit-with-code(u8)");
  traps("wasi:cli/exit@0.2.12", "exit", A(I(2)), "discriminant 2 out of range");
}

/* Writes through get-stdout's stream with fd 1 on a file; returns what the file got. */
static void test_stdout(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/stdout.txt", dir);
  fflush(stdout);
  int saved = dup(1), fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || dup2(fd, 1) < 0) {
    CHECK(0, "cannot redirect stdout to %s: %s", path, strerror(errno));
    return;
  }
  uint32_t h = (uint32_t)ok("wasi:cli/stdout@0.2.12", "get-stdout", A(I(0)));
  put(0x200, "hello, ", 7);
  put(0x300, "world\n", 6);
  memset(mem(RET), 0xAA, 16);
  ok(IO, "[method]output-stream.blocking-write-and-flush", A(I(h), I(0x200), I(7), I(RET)));
  int ok1 = *mem(RET) == 0;
  ok(IO, "[method]output-stream.check-write", A(I(h), I(RET)));
  uint64_t permit = rd64(RET + 8);
  int ok2 = *mem(RET) == 0 && permit >= 6;
  ok(IO, "[method]output-stream.write", A(I(h), I(0x300), I(6), I(RET)));
  int ok3 = *mem(RET) == 0;
  ok(IO, "[method]output-stream.blocking-flush", A(I(h), I(RET)));
  /* more than permitted traps */
  traps(IO, "[method]output-stream.write", A(I(h), I(0x300), I((uint32_t)permit), I(RET)), "check-write permitted");
  traps(IO, "[method]output-stream.blocking-write-and-flush", A(I(h), I(0x300), I(4097), I(RET)), "at most 4096");
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  char got[64] = {0};
  ssize_t n = pread(fd, got, sizeof got - 1, 0);
  close(fd);
  CHECK(ok1 && ok2 && ok3, "stdout results: %d %d %d (permit %llu)", ok1, ok2, ok3, (unsigned long long)permit);
  CHECK(n == 13 && strcmp(got, "hello, world\n") == 0, "stdout got [%s]", got);
  /* handles: the stream dropped, then used: a trap; a handle of another type: a trap */
  uint32_t e = (uint32_t)ok("wasi:cli/stderr@0.2.12", "get-stderr", A(I(0)));
  uint32_t in = (uint32_t)ok("wasi:cli/stdin@0.2.12", "get-stdin", A(I(0)));
  CHECK(e != h && in != h && e != 0 && in != 0, "distinct handles %u %u %u", h, e, in);
  traps(IO, "[method]output-stream.check-write", A(I(in), I(RET)), "is a input-stream, not a output-stream");
  ok(IO, "[resource-drop]output-stream", A(I(h)));
  traps(IO, "[method]output-stream.check-write", A(I(h), I(RET)), "unknown handle");
  traps(IO, "[resource-drop]output-stream", A(I(h)), "unknown handle");
  traps(IO, "[method]output-stream.check-write", A(I(0), I(RET)), "unknown handle 0");
  traps(IO, "[method]output-stream.check-write", A(I(999999), I(RET)), "unknown handle 999999");
  uint32_t again = (uint32_t)ok("wasi:cli/stdout@0.2.12", "get-stdout", A(I(0)));
  CHECK(again == h, "a freed slot is reused: %u (was %u)", again, h);
  ok(IO, "[resource-drop]output-stream", A(I(again)));
  ok(IO, "[resource-drop]output-stream", A(I(e)));
  ok(IO, "[resource-drop]input-stream", A(I(in)));
}

/* ---- clocks, random, poll ---- */

static void test_clocks_random(void) {
  uint64_t t0 = ok("wasi:clocks/monotonic-clock@0.2.12", "now", A(I(0)));
  uint64_t t1 = ok("wasi:clocks/monotonic-clock@0.2.12", "now", A(I(0)));
  CHECK(t1 >= t0 && t0 > 0, "monotonic");
  ok("wasi:clocks/wall-clock@0.2.12", "now", A(I(RET)));
  CHECK(rd64(RET) > 1700000000ull && rd32(RET + 8) < 1000000000u, "wall clock %llu s", (unsigned long long)rd64(RET));
  uint32_t p = (uint32_t)ok("wasi:clocks/monotonic-clock@0.2.12", "subscribe-duration", A(L(300000000)));
  CHECK(ok("wasi:io/poll@0.2.12", "[method]pollable.ready", A(I(p))) == 0, "not ready before 300 ms");
  uint32_t q = (uint32_t)ok("wasi:clocks/monotonic-clock@0.2.12", "subscribe-instant", A(L(0)));
  wr32(0x400, p);
  wr32(0x404, q);
  ok("wasi:io/poll@0.2.12", "poll", A(I(0x400), I(2), I(RET)));
  CHECK(rd32(RET + 4) == 1 && rd32(rd32(RET)) == 1, "poll: only the past instant is ready (%u)", rd32(RET + 4));
  ok("wasi:io/poll@0.2.12", "poll", A(I(0x400), I(1), I(RET)));
  uint64_t t2 = ok("wasi:clocks/monotonic-clock@0.2.12", "now", A(I(0)));
  CHECK(rd32(RET + 4) == 1 && t2 - t1 >= 300000000ull, "poll waited for the duration");
  traps("wasi:io/poll@0.2.12", "poll", A(I(0x400), I(0), I(RET)), "empty");
  wr32(0x404, 12345);
  traps("wasi:io/poll@0.2.12", "poll", A(I(0x400), I(2), I(RET)), "unknown handle 12345");
  ok("wasi:io/poll@0.2.12", "[resource-drop]pollable", A(I(p)));
  ok("wasi:io/poll@0.2.12", "[resource-drop]pollable", A(I(q)));
  ok("wasi:random/random@0.2.12", "get-random-bytes", A(L(32), I(RET)));
  CHECK(rd32(RET + 4) == 32, "random bytes");
  ok("wasi:random/insecure-seed@0.2.12", "insecure-seed", A(I(RET)));
  uint64_t a = ok("wasi:random/random@0.2.12", "get-random-u64", A(I(0)));
  uint64_t b = ok("wasi:random/insecure@0.2.12", "get-insecure-random-u64", A(I(0)));
  CHECK(a != b, "two random u64 differ");
}


/* ---- wasi:filesystem ---- */

static const char *FS = "wasi:filesystem/types@0.2.12";
enum { F_READ = 1, F_WRITE = 2, F_MUTATE = 32, O_CREATE_ = 1, O_DIRECTORY_ = 4 / 2, FOLLOW = 1 };
enum { EC_BAD_DESCRIPTOR = 3, EC_EXIST = 7, EC_NO_ENTRY = 20, EC_NOT_PERMITTED = 31 };

/* A path argument at 0x600 (and 0x700 for a second one): its (ptr, len). */
static awsm_value path_ptr(int second, const char *p) {
  return I(put(second ? 0x700 : 0x600, p, strlen(p)));
}
#define PATH(p) path_ptr(0, p), I(strlen(p))
#define PATH2(p) path_ptr(1, p), I(strlen(p))

/* open-at(d, path-flags, path, open-flags, flags): the handle, or 0x10000 + error code. */
static uint32_t open_at(uint32_t d, uint32_t pf, const char *path, uint32_t of, uint32_t fl) {
  memset(mem(RET), 0xAA, 8);
  ok(FS, "[method]descriptor.open-at", A(I(d), I(pf), PATH(path), I(of), I(fl), I(RET)));
  return *mem(RET) == 0 ? rd32(RET + 4) : 0x10000u + *mem(RET + 4);
}

/* The error code of a result<_, error-code> at RET, or -1 for ok. */
static int code1(void) { return *mem(RET) == 0 ? -1 : *mem(RET + 1); }

/* Reads all of stream s (blocking-read): the bytes into buf; then expects `closed`. */
static size_t read_all(uint32_t s, char *buf, size_t cap) {
  size_t n = 0;
  for (int i = 0; i < 10; i++) {
    ok(IO, "[method]input-stream.blocking-read", A(I(s), L(cap - n), I(RET)));
    if (*mem(RET) != 0) {
      CHECK(*mem(RET + 4) == 1, "read_all ends with closed, not an error");
      break;
    }
    uint32_t len = rd32(RET + 8);
    memcpy(buf + n, mem(rd32(RET + 4)), len);
    n += len;
  }
  return n;
}

static void make_fixture(const char *dir) {
  char p[600];
  snprintf(p, sizeof p, "%s/root", dir);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/root/sub", dir);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/secret", dir);
  FILE *f = fopen(p, "w");
  if (f) fputs("secret\n", f), fclose(f);
  snprintf(p, sizeof p, "%s/root/a.txt", dir);
  f = fopen(p, "w");
  if (f) fputs("file contents\n", f), fclose(f);
  snprintf(p, sizeof p, "%s/root/out", dir);
  if (symlink("../secret", p) != 0) printf("symlink %s: %s\n", p, strerror(errno));
  snprintf(p, sizeof p, "%s/root/abs", dir);
  if (symlink("/etc/passwd", p) != 0) printf("symlink %s: %s\n", p, strerror(errno));
}

static int host_exists(const char *dir, const char *name) {
  char p[600];
  struct stat st;
  snprintf(p, sizeof p, "%s/root/%s", dir, name);
  return lstat(p, &st) == 0;
}

static void test_filesystem(const char *dir) {
  ok("wasi:filesystem/preopens@0.2.6", "get-directories", A(I(RET)));
  uint32_t list = rd32(RET);
  CHECK(rd32(RET + 4) == 1 && rd32(list + 8) == 5 && memcmp(mem(rd32(list + 4)), "/data", 5) == 0,
        "one preopen named /data");
  uint32_t d = rd32(list);
  ok(FS, "[method]descriptor.get-type", A(I(d), I(RET)));
  CHECK(*mem(RET) == 0 && *mem(RET + 1) == 3, "preopen is a directory");
  ok(FS, "[method]descriptor.get-flags", A(I(d), I(RET)));
  CHECK(*mem(RET) == 0 && *mem(RET + 1) == (F_READ | F_MUTATE), "preopen flags %u", *mem(RET + 1));

  /* reading a file: through a stream, and with read(len, offset) */
  uint32_t f = open_at(d, 0, "a.txt", 0, F_READ);
  CHECK(f < 0x10000, "open a.txt: %#x", f);
  ok(FS, "[method]descriptor.read-via-stream", A(I(f), L(0), I(RET)));
  uint32_t s = rd32(RET + 4);
  char buf[64] = {0};
  size_t n = read_all(s, buf, sizeof buf);
  CHECK(n == 14 && memcmp(buf, "file contents\n", 14) == 0, "read-via-stream: [%.*s]", (int)n, buf);
  ok(FS, "[method]descriptor.read", A(I(f), L(4), L(5), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 8) == 4 && memcmp(mem(rd32(RET + 4)), "cont", 4) == 0 && *mem(RET + 12) == 0,
        "read(4, 5)");
  ok(FS, "[method]descriptor.read", A(I(f), L(4), L(100), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 8) == 0 && *mem(RET + 12) == 1, "read past the end: eof");
  ok(FS, "[method]descriptor.stat", A(I(f), I(RET)));
  CHECK(*mem(RET) == 0 && *mem(RET + 8) == 6 && rd64(RET + 24) == 14 && *mem(RET + 56) == 1 && rd64(RET + 64) > 0,
        "stat: regular file of 14 bytes with an mtime");
  ok(FS, "[method]descriptor.stat-at", A(I(d), I(0), PATH("sub"), I(RET)));
  CHECK(*mem(RET) == 0 && *mem(RET + 8) == 3, "stat-at sub: a directory");
  ok(FS, "[method]descriptor.metadata-hash", A(I(f), I(RET)));
  uint64_t h1 = rd64(RET + 8), h2 = rd64(RET + 16);
  ok(FS, "[method]descriptor.metadata-hash-at", A(I(d), I(0), PATH("a.txt"), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == h1 && rd64(RET + 16) == h2, "metadata-hash = metadata-hash-at");
  CHECK(ok(FS, "[method]descriptor.is-same-object", A(I(f), I(f))) == 1, "same object");
  CHECK(ok(FS, "[method]descriptor.is-same-object", A(I(f), I(d))) == 0, "not the same object");
  ok(FS, "[method]descriptor.write-via-stream", A(I(f), L(0), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 4) == EC_BAD_DESCRIPTOR, "write stream on a read-only descriptor");

  /* escapes: every one refused, whatever the resolver */
  CHECK(open_at(d, 0, "../secret", 0, F_READ) == 0x10000 + EC_NOT_PERMITTED, "../ refused");
  CHECK(open_at(d, 0, "/etc/passwd", 0, F_READ) == 0x10000 + EC_NOT_PERMITTED, "absolute refused");
  CHECK(open_at(d, FOLLOW, "out", 0, F_READ) == 0x10000 + EC_NOT_PERMITTED, "symlink out refused");
  CHECK(open_at(d, FOLLOW, "abs", 0, F_READ) == 0x10000 + EC_NOT_PERMITTED, "absolute symlink refused");
  CHECK(open_at(d, 0, "sub/../../secret", 0, F_READ) == 0x10000 + EC_NOT_PERMITTED, "sub/../../ refused");
  ok(FS, "[method]descriptor.stat-at", A(I(d), I(FOLLOW), PATH("out"), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 8) == EC_NOT_PERMITTED, "stat-at through the symlink out refused");
  ok(FS, "[method]descriptor.symlink-at", A(I(d), PATH("/etc/passwd"), PATH2("abs2"), I(RET)));
  CHECK(code1() == EC_NOT_PERMITTED && !host_exists(dir, "abs2"), "symlink-at to an absolute target refused");
  ok(FS, "[method]descriptor.readlink-at", A(I(d), PATH("out"), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 8) == 9 && memcmp(mem(rd32(RET + 4)), "../secret", 9) == 0, "readlink-at");
  CHECK(open_at(d, 0, "nope", 0, F_READ) == 0x10000 + EC_NO_ENTRY, "no-entry");
  /* invalid UTF-8 in a path: a trap (the canonical ABI's) */
  put(0x600, "a\xff", 2);
  traps(FS, "[method]descriptor.open-at", A(I(d), I(0), I(0x600), I(2), I(0), I(F_READ), I(RET)), "invalid UTF-8");
  H.opts.string_encoding = AWSM_CANON_UTF16;
  put(0x600, "\x00\xd8" "a\0", 4); /* an unpaired high surrogate */
  traps(FS, "[method]descriptor.stat-at", A(I(d), I(0), I(0x600), I(2), I(RET)), "unpaired surrogate");
  put(0x600, "a\0.\0t\0x\0t\0", 10); /* "a.txt" in UTF-16 */
  ok(FS, "[method]descriptor.stat-at", A(I(d), I(0), I(0x600), I(5), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 24) == 14, "stat-at with a UTF-16 path");
  H.opts.string_encoding = AWSM_CANON_UTF8;

  /* a directory opened beneath the preopen takes its permissions (mutate-directory), whatever
   * the flags asked; DIRECTORY on a file is not-directory */
  uint32_t sub = open_at(d, 0, "sub", O_DIRECTORY_, F_READ);
  ok(FS, "[method]descriptor.get-flags", A(I(sub), I(RET)));
  CHECK(sub < 0x10000 && *mem(RET + 1) == (F_READ | F_MUTATE), "sub flags %u", *mem(RET + 1));
  ok(FS, "[method]descriptor.create-directory-at", A(I(sub), PATH("x"), I(RET)));
  CHECK(code1() == -1 && host_exists(dir, "sub/x"), "create-directory-at through an opened directory");
  ok(FS, "[method]descriptor.remove-directory-at", A(I(sub), PATH("x"), I(RET)));
  CHECK(code1() == -1 && !host_exists(dir, "sub/x"), "remove-directory-at through an opened directory");
  ok(FS, "[resource-drop]descriptor", A(I(sub)));
  CHECK(open_at(d, 0, "a.txt", O_DIRECTORY_, F_READ | F_WRITE) == 0x10000 + 24, "DIRECTORY on a file: not-directory");

  /* creating, writing, renaming, removing */
  uint32_t nf = open_at(d, 0, "new.txt", O_CREATE_, F_READ | F_WRITE);
  CHECK(nf < 0x10000 && host_exists(dir, "new.txt"), "create new.txt: %#x", nf);
  ok(FS, "[method]descriptor.write-via-stream", A(I(nf), L(0), I(RET)));
  uint32_t ws = rd32(RET + 4);
  ok(IO, "[method]output-stream.blocking-write-and-flush", A(I(ws), I(put(0x400, "xyz", 3)), I(3), I(RET)));
  ok(FS, "[method]descriptor.write", A(I(nf), I(put(0x400, "ab", 2)), I(2), L(1), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == 2, "write returned %llu", (unsigned long long)rd64(RET + 8));
  ok(FS, "[method]descriptor.append-via-stream", A(I(nf), I(RET)));
  uint32_t as = rd32(RET + 4);
  ok(IO, "[method]output-stream.blocking-write-and-flush", A(I(as), I(put(0x400, "!", 1)), I(1), I(RET)));
  ok(FS, "[method]descriptor.read", A(I(nf), L(10), L(0), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 8) == 4 && memcmp(mem(rd32(RET + 4)), "xab!", 4) == 0, "new.txt holds xab!");
  ok(FS, "[method]descriptor.create-directory-at", A(I(d), PATH("newdir"), I(RET)));
  CHECK(code1() == -1 && host_exists(dir, "newdir"), "create-directory-at");
  ok(FS, "[method]descriptor.create-directory-at", A(I(d), PATH("newdir"), I(RET)));
  CHECK(code1() == EC_EXIST, "create-directory-at again: exist");
  ok(FS, "[method]descriptor.rename-at", A(I(d), PATH("new.txt"), I(d), PATH2("newdir/moved.txt"), I(RET)));
  CHECK(code1() == -1 && host_exists(dir, "newdir/moved.txt"), "rename-at");
  ok(FS, "[method]descriptor.rename-at", A(I(d), PATH("newdir/moved.txt"), I(d), PATH2("../moved.txt"), I(RET)));
  CHECK(code1() == EC_NOT_PERMITTED, "rename-at out of the preopen refused");
  ok(FS, "[method]descriptor.unlink-file-at", A(I(d), PATH("newdir/moved.txt"), I(RET)));
  CHECK(code1() == -1 && !host_exists(dir, "newdir/moved.txt"), "unlink-file-at");
  ok(FS, "[method]descriptor.unlink-file-at", A(I(d), PATH("newdir/moved.txt"), I(RET)));
  CHECK(code1() == EC_NO_ENTRY, "unlink again: no-entry");
  ok(FS, "[method]descriptor.remove-directory-at", A(I(d), PATH("newdir"), I(RET)));
  CHECK(code1() == -1 && !host_exists(dir, "newdir"), "remove-directory-at");
  ok(FS, "[method]descriptor.unlink-file-at", A(I(d), PATH("../secret"), I(RET)));
  CHECK(code1() == EC_NOT_PERMITTED, "unlink outside refused");

  /* listing */
  ok(FS, "[method]descriptor.read-directory", A(I(d), I(RET)));
  uint32_t ds = rd32(RET + 4);
  int seen = 0, count = 0;
  for (int i = 0; i < 10; i++) {
    ok(FS, "[method]directory-entry-stream.read-directory-entry", A(I(ds), I(RET)));
    if (*mem(RET) != 0 || *mem(RET + 4) == 0) break;
    count++;
    uint32_t len = rd32(RET + 16);
    const char *name = (const char *)mem(rd32(RET + 12));
    if (len == 5 && memcmp(name, "a.txt", 5) == 0 && *mem(RET + 8) == 6) seen |= 1;
    if (len == 3 && memcmp(name, "sub", 3) == 0 && *mem(RET + 8) == 3) seen |= 2;
    if (len == 3 && memcmp(name, "out", 3) == 0 && *mem(RET + 8) == 5) seen |= 4;
  }
  CHECK(count == 4 && seen == 7, "read-directory: %d entries, seen %#x", count, seen);

  /* handles: the descriptor dropped while its stream lives; then used: a trap */
  ok(FS, "[method]descriptor.read-via-stream", A(I(f), L(5), I(RET)));
  uint32_t s2 = rd32(RET + 4);
  ok(FS, "[resource-drop]descriptor", A(I(f)));
  n = read_all(s2, buf, sizeof buf);
  CHECK(n == 9 && memcmp(buf, "contents\n", 9) == 0, "a stream outlives its descriptor's handle");
  traps(FS, "[method]descriptor.stat", A(I(f), I(RET)), "unknown handle");
  traps(FS, "[method]descriptor.read-via-stream", A(I(ds), L(0), I(RET)), "is a directory-entry-stream, not a descriptor");
  traps(FS, "[method]descriptor.advise", A(I(d), L(0), L(0), I(6), I(RET)), "discriminant 6 out of range for advice");
  ok(IO, "[resource-drop]input-stream", A(I(s2)));
  ok(IO, "[resource-drop]input-stream", A(I(s)));
  ok(IO, "[resource-drop]output-stream", A(I(ws)));
  ok(IO, "[resource-drop]output-stream", A(I(as)));
  ok(FS, "[resource-drop]directory-entry-stream", A(I(ds)));
  ok(FS, "[resource-drop]descriptor", A(I(nf)));
  /* d stays open: awsm_wasi2_free releases it */
}

/* A failed read of stdin (fd 0 write-only) gives an error resource: its debug string and
 * its filesystem error code. */
static void test_errors(void) {
  fflush(stdout);
  int saved = dup(0), fd = open("/dev/null", O_WRONLY);
  dup2(fd, 0);
  uint32_t in = (uint32_t)ok("wasi:cli/stdin@0.2.12", "get-stdin", A(I(0)));
  ok(IO, "[method]input-stream.blocking-read", A(I(in), L(10), I(RET)));
  dup2(saved, 0);
  close(saved);
  close(fd);
  CHECK(*mem(RET) == 1 && *mem(RET + 4) == 0, "read of a write-only fd: last-operation-failed");
  uint32_t e = rd32(RET + 8);
  ok("wasi:io/error@0.2.12", "[method]error.to-debug-string", A(I(e), I(RET)));
  CHECK(rd32(RET + 4) == strlen(strerror(EBADF)) && memcmp(mem(rd32(RET)), strerror(EBADF), rd32(RET + 4)) == 0,
        "to-debug-string");
  ok("wasi:filesystem/types@0.2.12", "filesystem-error-code", A(I(e), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 1) == EC_BAD_DESCRIPTOR, "filesystem-error-code: bad-descriptor");
  ok("wasi:io/error@0.2.12", "[resource-drop]error", A(I(e)));
  ok(IO, "[resource-drop]input-stream", A(I(in)));
}


/* ---- wasi:sockets ---- */

static uint16_t listen_port; /* the listener given to the preview1 state (127.0.0.1) */

/* A listening socket on 127.0.0.1 (any port) for the preview1 state, as --tcplisten gives. */
static int make_listener(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 8) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0)
    return -1;
  listen_port = ntohs(a.sin_port);
  return fd;
}

static const char *TCP = "wasi:sockets/tcp@0.2.12";

/* start-bind or start-connect of an IPv4 address 127.0.0.1:port (disc: 0, or a bad one). */
static void tcp_addr_call(const char *name, uint32_t s, uint32_t net, uint32_t disc, uint32_t port) {
  ok(TCP, name, A(I(s), I(net), I(disc), I(port), I(127), I(0), I(0), I(1), I(0), I(0), I(0), I(0), I(0), I(0),
                  I(RET)));
}

static void test_sockets(void) {
  uint32_t net = (uint32_t)ok("wasi:sockets/instance-network@0.2.12", "instance-network", A(I(0)));
  ok("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket", A(I(0), I(RET)));
  CHECK(*mem(RET) == 0, "create-tcp-socket");
  uint32_t s = rd32(RET + 4);
  CHECK(ok(TCP, "[method]tcp-socket.address-family", A(I(s))) == 0, "ipv4");
  tcp_addr_call("[method]tcp-socket.start-bind", s, net, 0, listen_port + 1u);
  CHECK(code1() == 1, "bind to a port the host did not give: access-denied (%d)", code1());
  tcp_addr_call("[method]tcp-socket.start-connect", s, net, 0, listen_port);
  CHECK(code1() == 1, "connect: access-denied (%d)", code1());
  ok(TCP, "[method]tcp-socket.accept", A(I(s), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 4) == 9, "accept before listen: invalid-state");
  traps(TCP, "[method]tcp-socket.start-bind",
        A(I(s), I(net), I(2), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(0), I(RET)),
        "discriminant 2 out of range for ip-socket-address");
  tcp_addr_call("[method]tcp-socket.start-bind", s, net, 0, listen_port);
  CHECK(code1() == -1, "bind to the host's listener: %d", code1());
  ok(TCP, "[method]tcp-socket.finish-bind", A(I(s), I(RET)));
  CHECK(code1() == -1, "finish-bind");
  ok(TCP, "[method]tcp-socket.finish-bind", A(I(s), I(RET)));
  CHECK(code1() == 7, "finish-bind again: not-in-progress");
  ok(TCP, "[method]tcp-socket.start-listen", A(I(s), I(RET)));
  ok(TCP, "[method]tcp-socket.finish-listen", A(I(s), I(RET)));
  CHECK(code1() == -1 && ok(TCP, "[method]tcp-socket.is-listening", A(I(s))) == 1, "listening");
  ok(TCP, "[method]tcp-socket.local-address", A(I(s), I(RET)));
  uint16_t port;
  memcpy(&port, mem(RET + 8), 2);
  CHECK(*mem(RET) == 0 && *mem(RET + 4) == 0 && port == listen_port && memcmp(mem(RET + 10), "\x7f\0\0\x01", 4) == 0,
        "local-address 127.0.0.1:%u (got %u)", listen_port, port);
  ok(TCP, "[method]tcp-socket.accept", A(I(s), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 4) == 8, "accept with no connection: would-block");
  uint32_t p = (uint32_t)ok(TCP, "[method]tcp-socket.subscribe", A(I(s)));
  CHECK(ok("wasi:io/poll@0.2.12", "[method]pollable.ready", A(I(p))) == 0, "no connection yet");
  /* a client connects */
  int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(listen_port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  CHECK(connect(client, (struct sockaddr *)&a, sizeof a) == 0, "client connect: %s", strerror(errno));
  getsockname(client, (struct sockaddr *)&a, &len);
  wr32(0x400, p);
  ok("wasi:io/poll@0.2.12", "poll", A(I(0x400), I(1), I(RET)));
  ok(TCP, "[method]tcp-socket.accept", A(I(s), I(RET)));
  CHECK(*mem(RET) == 0, "accept: %d %d", *mem(RET), *mem(RET + 4));
  uint32_t c = rd32(RET + 4), in = rd32(RET + 8), out = rd32(RET + 12);
  ok(TCP, "[method]tcp-socket.remote-address", A(I(c), I(RET)));
  memcpy(&port, mem(RET + 8), 2);
  CHECK(*mem(RET) == 0 && port == ntohs(a.sin_port), "remote-address: the client's port %u (got %u)",
        ntohs(a.sin_port), port);
  CHECK(write(client, "ping", 4) == 4, "client write");
  ok(IO, "[method]input-stream.blocking-read", A(I(in), L(16), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 8) == 4 && memcmp(mem(rd32(RET + 4)), "ping", 4) == 0, "the component reads ping");
  ok(IO, "[method]output-stream.blocking-write-and-flush", A(I(out), I(put(0x400, "pong", 4)), I(4), I(RET)));
  char buf[8] = {0};
  CHECK(*mem(RET) == 0 && read(client, buf, sizeof buf) == 4 && memcmp(buf, "pong", 4) == 0, "the client reads pong");
  ok(TCP, "[method]tcp-socket.shutdown", A(I(c), I(1), I(RET)));
  CHECK(code1() == -1 && read(client, buf, sizeof buf) == 0, "shutdown(send): the client sees the end");
  close(client);
  ok(IO, "[method]input-stream.blocking-read", A(I(in), L(16), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 4) == 1, "the client closed: closed");
  /* the connection's socket dropped first: its streams keep it */
  ok(TCP, "[resource-drop]tcp-socket", A(I(c)));
  ok(IO, "[method]output-stream.check-write", A(I(out), I(RET)));
  ok(IO, "[resource-drop]input-stream", A(I(in)));
  ok(IO, "[resource-drop]output-stream", A(I(out)));
  ok("wasi:io/poll@0.2.12", "[resource-drop]pollable", A(I(p)));
  ok(TCP, "[resource-drop]tcp-socket", A(I(s)));
  ok("wasi:sockets/network@0.2.12", "[resource-drop]network", A(I(net)));
}

/* ---- main ---- */

static void setup(void) {
  awsm_error err;
  H.owner = awsm_instantiate(&fake_m4, NULL, &err);
  H.mem = awsm_memory_new(2, 0, 0, &err);
  static const char *const argv[] = {"prog", "h\xc3\xa9llo", ("a\xff" "b")};
  static const char *const envp[] = {"HOME=/nix", "X=a=b=c"};
  H.base = awsm_wasi_new(3, argv, 2, envp);
  if (H.owner == NULL || H.mem == NULL || H.base == NULL) {
    printf("setup failed: %s\n", err.message);
    exit(2);
  }
  H.realloc = awsm_instance_host_func(H.owner, "iiii:i", (void *)test_realloc, NULL, &H);
  H.bump = 0x8000;
}

static void open_host(void) {
  awsm_error err;
  H.w = awsm_wasi2_new(H.base, &err);
  if (H.w == NULL) {
    printf("awsm_wasi2_new: %s\n", err.message);
    exit(2);
  }
  H.opts = (awsm_canon_opts){.wasi = H.w, .memory = H.mem, .realloc_instance = H.owner, .realloc = H.realloc,
                             .string_encoding = AWSM_CANON_UTF8};
}

int main(int argc, char **argv) {
  int leaks = argc > 1 && strcmp(argv[1], "--leaks") == 0;
  char tmpl[] = "/tmp/awsm-wasi2.XXXXXX";
  const char *dir = argc > 1 && !leaks ? argv[1] : mkdtemp(tmpl);
  setup();
  make_fixture(dir);
  awsm_error err;
  char root[600];
  snprintf(root, sizeof root, "%s/root", dir);
  if (awsm_wasi_preopen_dir(H.base, root, "/data", &err) < 0) {
    printf("preopen: %s\n", err.message);
    return 2;
  }
  int lfd = make_listener();
  if (lfd < 0 || awsm_wasi_add_listener(H.base, lfd, &err) < 0) {
    printf("listener: %s\n", lfd < 0 ? strerror(errno) : err.message);
    return 2;
  }
  open_host();
  test_lookup();
  if (argc > 2) test_adapter_imports(argv[2]);
  test_environment();
  test_exit();
  test_stdout(dir);
  test_clocks_random();
  test_filesystem(dir);
  test_errors();
  test_sockets();
  /* Handles still open at the end are freed with the host (valgrind checks). */
  ok("wasi:cli/stdout@0.2.12", "get-stdout", A(I(0)));
  awsm_wasi2_free(H.w);
  awsm_wasi_free(H.base);
  awsm_instance_free(H.owner);
  awsm_memory_free(H.mem);
  if (dir == tmpl) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0) printf("could not remove %s\n", tmpl);
  }
  printf("%d passed, %d failed\n", checks_passed, checks_failed);
  return checks_failed != 0;
}
