/*
 * wasi_fs_sandbox.c — resolving guest paths beneath a preopened directory.
 *
 * The guest names files by (directory descriptor, relative path). Nothing it names may lie
 * outside the directory: not through "..", not through an absolute path, not through a
 * symlink (whether it was there before or the guest made it, absolute or relative), not
 * through /proc magic links, and not through races with renames. Two resolvers:
 *
 *  - openat2(dirfd, path, {flags, mode, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS}) (Linux 5.6):
 *    the kernel refuses every escape with EXDEV, which becomes ENOTCAPABLE. Chosen when the
 *    first probe call succeeds.
 *  - Otherwise (older kernels, or seccomp filters that reject openat2), a walk one component
 *    at a time: each directory is opened with openat(parent, name, O_PATH | O_NOFOLLOW) from a
 *    descriptor we hold, ".." pops to the descriptor held for the parent (never the kernel's
 *    ".."; above the start it is ENOTCAPABLE), and symlinks are read with readlinkat and
 *    expanded in place (absolute targets are ENOTCAPABLE, more than 40 is ELOOP). The final
 *    component is opened with O_NOFOLLOW, so a symlink swapped in after the check fails
 *    instead of being followed. AWSM_WASI_RESOLVER=walk selects this resolver on any kernel
 *    (the tests run the sandbox checks with both).
 *
 * Operations that do not open anything (mkdir, unlink, rename, link, symlink) resolve the
 * parent directory this way and apply the *at call to the last component, which is then a
 * single name that the kernel does not follow.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi_internal.h"

static int resolver = -1; /* 1: openat2, 0: walk; decided once (atomic: any thread may ask first) */

int wasi_sb_uses_openat2(void) {
  int known = __atomic_load_n(&resolver, __ATOMIC_RELAXED);
  if (known >= 0) return known;
  const char *force = getenv("AWSM_WASI_RESOLVER");
  int use = 0;
  if (force == NULL || strcmp(force, "walk") != 0) {
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
    long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof how);
    if (fd >= 0) {
      close((int)fd);
      use = 1;
    }
  }
  __atomic_store_n(&resolver, use, __ATOMIC_RELAXED); /* racing probes agree */
  return use;
}

/* ---- the component walk ---- */

#define MAX_SYMLINKS 40

typedef struct walk_state {
  int *fds;      /* fds[0] = the start directory (not ours), then the directories entered */
  size_t depth;  /* index of the current directory in fds */
  size_t cap;
} walk_state;

static void walk_free(walk_state *s) {
  for (size_t i = 1; i <= s->depth; i++) close(s->fds[i]);
  free(s->fds);
}

static int walk_push(walk_state *s, int fd) {
  if (s->depth + 1 == s->cap) {
    size_t n = s->cap * 2;
    int *p = realloc(s->fds, n * sizeof *p);
    if (p == NULL) return 0;
    s->fds = p;
    s->cap = n;
  }
  s->fds[++s->depth] = fd;
  return 1;
}

/* Replaces the consumed part of *buf (up to `end`) by the symlink target read from `fd`. */
static uint32_t walk_expand(int fd, char **buf, size_t end, size_t *pos) {
  char target[PATH_MAX];
  ssize_t n = readlinkat(fd, "", target, sizeof target);
  if (n < 0) return wasi_errno(errno);
  if ((size_t)n >= sizeof target) return WASI_ENAMETOOLONG;
  if (n == 0) return WASI_ENOENT;
  if (target[0] == '/') return WASI_ENOTCAPABLE;
  size_t rest = strlen(*buf + end);
  if ((size_t)n + rest >= PATH_MAX) return WASI_ENAMETOOLONG;
  char *nb = malloc((size_t)n + rest + 1);
  if (nb == NULL) return WASI_ENOMEM;
  memcpy(nb, target, (size_t)n);
  memcpy(nb + n, *buf + end, rest + 1);
  free(*buf);
  *buf = nb;
  *pos = 0;
  return WASI_ESUCCESS;
}

static uint32_t walk_open(int dirfd, const char *path, int flags, unsigned mode, int follow, int *out) {
  walk_state s = {0};
  s.cap = 16;
  s.fds = malloc(s.cap * sizeof *s.fds);
  char *buf = strdup(path);
  if (s.fds == NULL || buf == NULL) {
    free(s.fds);
    free(buf);
    return WASI_ENOMEM;
  }
  s.fds[0] = dirfd;
  size_t pos = 0;
  int links = 0;
  uint32_t r = WASI_ESUCCESS;
  for (;;) {
    int cur = s.fds[s.depth];
    while (buf[pos] == '/') pos++;
    if (buf[pos] == '\0') { /* the path ends in a directory: open it */
      int fd = openat(cur, ".", flags, mode);
      r = fd < 0 ? wasi_errno(errno) : WASI_ESUCCESS;
      if (fd >= 0) *out = fd;
      break;
    }
    size_t end = pos;
    while (buf[end] != '\0' && buf[end] != '/') end++;
    size_t after = end;
    while (buf[after] == '/') after++;
    int trailing = end != after, last = buf[after] == '\0';
    char name[NAME_MAX + 1];
    if (end - pos > NAME_MAX) {
      r = WASI_ENAMETOOLONG;
      break;
    }
    memcpy(name, buf + pos, end - pos);
    name[end - pos] = '\0';
    if (strcmp(name, ".") == 0) {
      pos = end;
      continue;
    }
    if (strcmp(name, "..") == 0) {
      if (s.depth == 0) {
        r = WASI_ENOTCAPABLE;
        break;
      }
      close(s.fds[s.depth--]);
      pos = end;
      continue;
    }
    if (!last || trailing || follow) {
      /* Look at the entry without following it. */
      int fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      if (fd >= 0 && fstat(fd, &st) != 0) {
        r = wasi_errno(errno);
        close(fd);
        break;
      }
      if (fd < 0) {
        if (!last || trailing || errno != ENOENT || !(flags & O_CREAT)) {
          r = wasi_errno(errno);
          break;
        }
        /* The last component does not exist and will be created below. */
      } else if (S_ISLNK(st.st_mode) && !(last && !trailing && (flags & O_CREAT) && (flags & O_EXCL))) {
        if (++links > MAX_SYMLINKS) r = WASI_ELOOP;
        else r = walk_expand(fd, &buf, last && !trailing ? after : end, &pos);
        close(fd);
        if (r != WASI_ESUCCESS) break;
        continue;
      } else if (!last || trailing) {
        if (!S_ISDIR(st.st_mode)) {
          close(fd);
          r = WASI_ENOTDIR;
          break;
        }
        if (!walk_push(&s, fd)) {
          close(fd);
          r = WASI_ENOMEM;
          break;
        }
        pos = end;
        continue;
      } else {
        close(fd);
      }
    }
    /* The last component, opened without following: a symlink put there since the check
     * makes this fail (ELOOP) rather than lead anywhere. */
    int fd = openat(cur, name, flags | O_NOFOLLOW, mode);
    if (fd < 0) r = wasi_errno(errno);
    else *out = fd;
    break;
  }
  walk_free(&s);
  free(buf);
  return r;
}

/* ---- the interface ---- */

uint32_t wasi_sb_open(int dirfd, const char *path, int flags, unsigned mode, int follow, int *out) {
  if (path[0] == '\0') return WASI_ENOENT;
  if (path[0] == '/') return WASI_ENOTCAPABLE;
  flags |= O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY); /* openat2 refuses other flags with O_PATH */
  if (!(flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE) mode = 0; /* O_TMPFILE includes O_DIRECTORY */
  if (!wasi_sb_uses_openat2()) return walk_open(dirfd, path, flags, mode, follow, out);
  if (!follow) flags |= O_NOFOLLOW;
  struct open_how how = {.flags = (uint64_t)(unsigned)flags, .mode = mode,
                         .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
  long fd;
  int tries = 0;
  /* EAGAIN: a rename raced with ".." resolution (the kernel asks us to retry). */
  do fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
  while (fd < 0 && (errno == EINTR || (errno == EAGAIN && ++tries < 64)));
  if (fd < 0) return errno == EXDEV ? WASI_ENOTCAPABLE : wasi_errno(errno);
  *out = (int)fd;
  return WASI_ESUCCESS;
}

uint32_t wasi_sb_parent(int dirfd, char *path, int *parent, const char **name, int *dots) {
  if (path[0] == '\0') return WASI_ENOENT;
  if (path[0] == '/') return WASI_ENOTCAPABLE;
  size_t end = strlen(path);
  while (end > 0 && path[end - 1] == '/') end--;
  size_t start = end;
  while (start > 0 && path[start - 1] != '/') start--;
  size_t n = end - start;
  *dots = (n == 1 && path[start] == '.') || (n == 2 && path[start] == '.' && path[start + 1] == '.');
  *name = path + start;
  uint32_t r;
  if (*dots) {
    /* "x/.." names a directory that must itself lie beneath dirfd ("..": ENOTCAPABLE). */
    int fd;
    if ((r = wasi_sb_open(dirfd, path, O_PATH | O_DIRECTORY, 0, 1, &fd)) != WASI_ESUCCESS) return r;
    close(fd);
  }
  if (start == 0) {
    r = wasi_sb_open(dirfd, ".", O_PATH | O_DIRECTORY, 0, 1, parent);
  } else {
    char *dir = strndup(path, start);
    if (dir == NULL) return WASI_ENOMEM;
    r = wasi_sb_open(dirfd, dir, O_PATH | O_DIRECTORY, 0, 1, parent);
    free(dir);
  }
  return r;
}
