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
#include <sys/stat.h>
#include <unistd.h>

#include "awsm.h"
#include "awsm_wasi2.h"
#include "wasi2_test.h"

#include "../check.h"

extern const awsm_module_desc fake_m4;

/* ---- the harness ---- */



harness H;

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

uint8_t *mem(uint32_t at) { return awsm_memory_data(H.mem, at, 1); }
uint32_t rd32(uint32_t at) {
  uint32_t v;
  memcpy(&v, mem(at), 4);
  return v;
}
uint64_t rd64(uint32_t at) {
  uint64_t v;
  memcpy(&v, mem(at), 8);
  return v;
}
void wr32(uint32_t at, uint32_t v) { memcpy(mem(at), &v, 4); }

/* Puts bytes at `at` (below 0x8000: the test's own area). */
uint32_t put(uint32_t at, const void *s, size_t n) {
  memcpy(mem(at), s, n);
  return at;
}

/* Calls iface.name with args (i32 in .i32, u64 in .i64); 0, or -1 with err filled. */
int call(const char *iface, const char *name, awsm_value *args, awsm_error *err) {
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



/* Calls and checks success; returns args[0] (the result, if any). */
uint64_t ok(const char *iface, const char *name, awsm_value *args) {
  awsm_error err;
  int rc = call(iface, name, args, &err);
  CHECK(rc == 0, "%s %s: %s", iface, name, err.message);
  return args[0].i64;
}

/* Calls and checks that it traps with a message containing `want`. */
void traps(const char *iface, const char *name, awsm_value *args, const char *want) {
  awsm_error err;
  int rc = call(iface, name, args, &err);
  CHECK(rc != 0 && err.kind == AWSM_ERR_TRAP && strstr(err.message, want) != NULL,
        "%s %s: expected a trap with \"%s\", got rc %d kind %d \"%s\"", iface, name, want, rc, rc ? (int)err.kind : 0,
        rc ? err.message : "");
}


const char *const IO = "wasi:io/streams@0.2.12";

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
  int passed = 0, failed = 0;
  test_wasi2_fs(dir, &passed, &failed);
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
  passed += checks_passed;
  failed += checks_failed;
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
