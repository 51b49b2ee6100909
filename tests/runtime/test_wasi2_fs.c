/*
 * test_wasi2_fs.c — the WASI 0.2 host's filesystem, error and socket functions, called as
 * test_wasi2.c calls the others (its harness: wasi2_test.h): a preopened directory with a
 * file, a subdirectory and symlinks leading in and out; every escape refused; files created,
 * written, appended, renamed, linked, listed and removed; streams on files; error resources;
 * a TCP listener the host gave adopted by binding, and a connection from a real client.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../check.h"
#include "wasi2_test.h"

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

void make_fixture(const char *dir) {
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


/* The rest of the streams and descriptor methods, on a file of the preopen: skip, zeroes,
 * splice, subscribe/block, sizes, times, links, syncs, advice; terminals, resolutions. */
static void test_more(const char *dir) {
  ok("wasi:filesystem/preopens@0.2.6", "get-directories", A(I(RET)));
  uint32_t d = rd32(rd32(RET));
  uint32_t f = open_at(d, 0, "more.txt", O_CREATE_, F_READ | F_WRITE);
  CHECK(f < 0x10000, "create more.txt");
  ok(FS, "[method]descriptor.write-via-stream", A(I(f), L(0), I(RET)));
  uint32_t out = rd32(RET + 4);
  ok(IO, "[method]output-stream.check-write", A(I(out), I(RET)));
  ok(IO, "[method]output-stream.write", A(I(out), I(put(0x400, "abcdef", 6)), I(6), I(RET)));
  ok(IO, "[method]output-stream.write-zeroes", A(I(out), L(2), I(RET)));
  CHECK(*mem(RET) == 0, "write-zeroes");
  ok(IO, "[method]output-stream.blocking-write-zeroes-and-flush", A(I(out), L(2), I(RET)));
  traps(IO, "[method]output-stream.write-zeroes", A(I(out), L(70000), I(RET)), "check-write permitted");
  uint32_t po = (uint32_t)ok(IO, "[method]output-stream.subscribe", A(I(out)));
  ok("wasi:io/poll@0.2.12", "[method]pollable.block", A(I(po)));
  CHECK(ok("wasi:io/poll@0.2.12", "[method]pollable.ready", A(I(po))) == 1, "a file's output stream is ready");
  ok(FS, "[method]descriptor.read", A(I(f), L(20), L(0), I(RET)));
  CHECK(rd32(RET + 8) == 10 && memcmp(mem(rd32(RET + 4)), "abcdef\0\0\0\0", 10) == 0, "file: abcdef and 4 zeroes");
  /* skip and splice: from offset 0, skip 2, splice 3 ("cde") to a second stream at offset 20 */
  ok(FS, "[method]descriptor.read-via-stream", A(I(f), L(0), I(RET)));
  uint32_t in = rd32(RET + 4);
  ok(IO, "[method]input-stream.read", A(I(in), L(1), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 8) == 1 && *mem(rd32(RET + 4)) == 'a', "read (non-blocking) 1 byte of a file");
  ok(IO, "[method]output-stream.flush", A(I(out), I(RET)));
  CHECK(*mem(RET) == 0, "flush");
  ok(IO, "[method]input-stream.blocking-skip", A(I(in), L(1), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == 1, "blocking-skip 1");
  uint32_t pi = (uint32_t)ok(IO, "[method]input-stream.subscribe", A(I(in)));
  CHECK(ok("wasi:io/poll@0.2.12", "[method]pollable.ready", A(I(pi))) == 1, "a file's input stream is ready");
  ok(FS, "[method]descriptor.write-via-stream", A(I(f), L(20), I(RET)));
  uint32_t out2 = rd32(RET + 4);
  ok(IO, "[method]output-stream.check-write", A(I(out2), I(RET)));
  ok(IO, "[method]output-stream.splice", A(I(out2), I(in), L(2), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == 2, "splice 2");
  ok(IO, "[method]output-stream.blocking-splice", A(I(out2), I(in), L(1), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == 1, "blocking-splice 1");
  ok(FS, "[method]descriptor.read", A(I(f), L(3), L(20), I(RET)));
  CHECK(rd32(RET + 8) == 3 && memcmp(mem(rd32(RET + 4)), "cde", 3) == 0, "spliced cde at 20");
  ok(IO, "[method]input-stream.skip", A(I(in), L(100), I(RET)));
  ok(IO, "[method]input-stream.skip", A(I(in), L(100), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 8) == 1, "skip past the end: closed");
  /* sizes, times, syncs, advice */
  ok(FS, "[method]descriptor.set-size", A(I(f), L(4), I(RET)));
  ok(FS, "[method]descriptor.stat", A(I(f), I(RET)));
  CHECK(rd64(RET + 24) == 4, "set-size 4: size %llu", (unsigned long long)rd64(RET + 24));
  ok(FS, "[method]descriptor.set-times", A(I(f), I(2), L(1000000000), I(5), I(2), L(1500000000), I(7), I(RET)));
  CHECK(code1() == -1, "set-times");
  ok(FS, "[method]descriptor.stat", A(I(f), I(RET)));
  CHECK(rd64(RET + 40) == 1000000000ull && rd32(RET + 48) == 5 && rd64(RET + 64) == 1500000000ull &&
            rd32(RET + 72) == 7,
        "times set: %llu.%u %llu.%u", (unsigned long long)rd64(RET + 40), rd32(RET + 48),
        (unsigned long long)rd64(RET + 64), rd32(RET + 72));
  traps(FS, "[method]descriptor.set-times", A(I(f), I(3), L(0), I(0), I(0), L(0), I(0), I(RET)),
        "discriminant 3 out of range for new-timestamp");
  ok(FS, "[method]descriptor.set-times-at", A(I(d), I(0), PATH("more.txt"), I(0), L(0), I(0), I(2), L(1700000000), I(0),
                                              I(RET)));
  ok(FS, "[method]descriptor.stat-at", A(I(d), I(0), PATH("more.txt"), I(RET)));
  CHECK(rd64(RET + 40) == 1000000000ull && rd64(RET + 64) == 1700000000ull, "set-times-at: mtime only");
  ok(FS, "[method]descriptor.sync", A(I(f), I(RET)));
  CHECK(code1() == -1, "sync");
  ok(FS, "[method]descriptor.sync-data", A(I(f), I(RET)));
  CHECK(code1() == -1, "sync-data");
  ok(FS, "[method]descriptor.advise", A(I(f), L(0), L(4), I(1), I(RET)));
  CHECK(code1() == -1, "advise sequential");
  /* links: a hard link, through a symlink followed beneath the directory, and out refused */
  ok(FS, "[method]descriptor.link-at", A(I(d), I(0), PATH("more.txt"), I(d), PATH2("hard.txt"), I(RET)));
  CHECK(code1() == -1 && host_exists(dir, "hard.txt"), "link-at");
  ok(FS, "[method]descriptor.symlink-at", A(I(d), PATH("more.txt"), PATH2("soft"), I(RET)));
  ok(FS, "[method]descriptor.link-at", A(I(d), I(FOLLOW), PATH("soft"), I(d), PATH2("hard2.txt"), I(RET)));
  CHECK(code1() == -1 && host_exists(dir, "hard2.txt"), "link-at through a symlink");
  ok(FS, "[method]descriptor.link-at", A(I(d), I(FOLLOW), PATH("out"), I(d), PATH2("stolen"), I(RET)));
  CHECK(code1() == EC_NOT_PERMITTED && !host_exists(dir, "stolen"), "link-at of the symlink out refused");
  ok(FS, "[method]descriptor.stat", A(I(f), I(RET)));
  CHECK(rd64(RET + 16) == 3, "link count 3");
  static const char *const made[] = {"hard.txt", "hard2.txt", "soft", "more.txt"};
  for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
    ok(FS, "[method]descriptor.unlink-file-at", A(I(d), PATH(made[i]), I(RET)));
    CHECK(code1() == -1, "unlink %s", made[i]);
  }
  ok(IO, "[resource-drop]input-stream", A(I(in)));
  ok(IO, "[resource-drop]output-stream", A(I(out)));
  ok(IO, "[resource-drop]output-stream", A(I(out2)));
  ok("wasi:io/poll@0.2.12", "[resource-drop]pollable", A(I(po)));
  ok("wasi:io/poll@0.2.12", "[resource-drop]pollable", A(I(pi)));
  ok(FS, "[resource-drop]descriptor", A(I(f)));
  ok(FS, "[resource-drop]descriptor", A(I(d)));
  /* terminals: some exactly when the descriptor is a terminal */
  memset(mem(RET), 0xAA, 8);
  ok("wasi:cli/terminal-stdout@0.2.12", "get-terminal-stdout", A(I(RET)));
  CHECK(*mem(RET) == (isatty(1) ? 1 : 0), "get-terminal-stdout: %u (isatty %d)", *mem(RET), isatty(1));
  if (*mem(RET) == 1) ok("wasi:cli/terminal-output@0.2.12", "[resource-drop]terminal-output", A(I(rd32(RET + 4))));
  ok("wasi:cli/terminal-stdin@0.2.12", "get-terminal-stdin", A(I(RET)));
  CHECK(*mem(RET) == (isatty(0) ? 1 : 0), "get-terminal-stdin");
  if (*mem(RET) == 1) ok("wasi:cli/terminal-input@0.2.12", "[resource-drop]terminal-input", A(I(rd32(RET + 4))));
  ok("wasi:cli/terminal-stderr@0.2.12", "get-terminal-stderr", A(I(RET)));
  CHECK(*mem(RET) == (isatty(2) ? 1 : 0), "get-terminal-stderr");
  if (*mem(RET) == 1) ok("wasi:cli/terminal-output@0.2.12", "[resource-drop]terminal-output", A(I(rd32(RET + 4))));
  CHECK(ok("wasi:clocks/monotonic-clock@0.2.12", "resolution", A(I(0))) > 0, "monotonic resolution");
  ok("wasi:clocks/wall-clock@0.2.12", "resolution", A(I(RET)));
  CHECK(rd64(RET) == 0 && rd32(RET + 8) > 0, "wall-clock resolution");
  ok("wasi:random/insecure@0.2.12", "get-insecure-random-bytes", A(L(5), I(RET)));
  CHECK(rd32(RET + 4) == 5, "insecure random bytes");
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
  ok("wasi:sockets/network@0.2.12", "network-error-code", A(I(e), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 1) == 0, "network-error-code: unknown (EBADF)");
  ok("wasi:filesystem/types@0.2.12", "filesystem-error-code", A(I(e), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 1) == EC_BAD_DESCRIPTOR, "filesystem-error-code: bad-descriptor");
  ok("wasi:io/error@0.2.12", "[resource-drop]error", A(I(e)));
  ok(IO, "[resource-drop]input-stream", A(I(in)));
}


/* ---- wasi:sockets ---- */

static uint16_t listen_port; /* the listener given to the preview1 state (127.0.0.1) */

/* A listening socket on 127.0.0.1 (any port) for the preview1 state, as --tcplisten gives. */
int make_listener(void) {
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
  ok(TCP, "[method]tcp-socket.finish-connect", A(I(s), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 4) == 7, "finish-connect: not-in-progress");
  ok(TCP, "[method]tcp-socket.set-listen-backlog-size", A(I(s), L(0), I(RET)));
  CHECK(code1() == 3, "backlog 0: invalid-argument");
  ok(TCP, "[method]tcp-socket.set-listen-backlog-size", A(I(s), L(16), I(RET)));
  CHECK(code1() == -1, "backlog 16");
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
  /* options, on the connection's host socket */
  ok(TCP, "[method]tcp-socket.set-keep-alive-enabled", A(I(c), I(1), I(RET)));
  CHECK(code1() == -1, "set-keep-alive-enabled");
  ok(TCP, "[method]tcp-socket.keep-alive-enabled", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && *mem(RET + 1) == 1, "keep-alive-enabled: true");
  ok(TCP, "[method]tcp-socket.set-keep-alive-idle-time", A(I(c), L(5000000000ull), I(RET)));
  ok(TCP, "[method]tcp-socket.keep-alive-idle-time", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == 5000000000ull, "keep-alive-idle-time 5 s");
  ok(TCP, "[method]tcp-socket.set-keep-alive-interval", A(I(c), L(2000000000ull), I(RET)));
  ok(TCP, "[method]tcp-socket.keep-alive-interval", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) == 2000000000ull, "keep-alive-interval 2 s");
  ok(TCP, "[method]tcp-socket.set-keep-alive-count", A(I(c), I(0), I(RET)));
  CHECK(code1() == 3, "keep-alive-count 0: invalid-argument");
  ok(TCP, "[method]tcp-socket.set-keep-alive-count", A(I(c), I(4), I(RET)));
  ok(TCP, "[method]tcp-socket.keep-alive-count", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && rd32(RET + 4) == 4, "keep-alive-count 4");
  ok(TCP, "[method]tcp-socket.set-hop-limit", A(I(c), I(33), I(RET)));
  ok(TCP, "[method]tcp-socket.hop-limit", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && *mem(RET + 1) == 33, "hop-limit 33");
  ok(TCP, "[method]tcp-socket.set-receive-buffer-size", A(I(c), L(65536), I(RET)));
  ok(TCP, "[method]tcp-socket.receive-buffer-size", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) >= 65536, "receive-buffer-size %llu", (unsigned long long)rd64(RET + 8));
  ok(TCP, "[method]tcp-socket.set-send-buffer-size", A(I(c), L(65536), I(RET)));
  ok(TCP, "[method]tcp-socket.send-buffer-size", A(I(c), I(RET)));
  CHECK(*mem(RET) == 0 && rd64(RET + 8) >= 65536, "send-buffer-size %llu", (unsigned long long)rd64(RET + 8));
  ok("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket", A(I(1), I(RET)));
  uint32_t unbound = rd32(RET + 4);
  ok(TCP, "[method]tcp-socket.keep-alive-enabled", A(I(unbound), I(RET)));
  CHECK(*mem(RET) == 1 && *mem(RET + 1) == 9, "an unbound socket's options: invalid-state");
  CHECK(ok(TCP, "[method]tcp-socket.address-family", A(I(unbound))) == 1, "ipv6");
  ok(TCP, "[resource-drop]tcp-socket", A(I(unbound)));
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

void test_wasi2_fs(const char *dir, int *passed, int *failed) {
  test_filesystem(dir);
  test_more(dir);
  test_errors();
  test_sockets();
  *passed += checks_passed;
  *failed += checks_failed;
}
