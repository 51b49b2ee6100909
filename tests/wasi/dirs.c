/* wasi-test: {"dirs": true, "node": {
 *   "^prestat_get 0: ": "node:wasi: EINVAL for a descriptor that is not a preopen (awsm: EBADF, which ends wasi-libc's and Go's preopen scans)",
 *   "^readlink ln into 3 bytes: |^target \\[b\\.t": "node:wasi: ENOBUFS when the target does not fit; awsm truncates as readlink(2) does",
 *   "^open a symlink with nofollow: ": "node:wasi follows the symlink; awsm opens with O_NOFOLLOW (ELOOP), as POSIX says"}}
 *
 * Directories and names in /sandbox (descriptor 3): fd_prestat_get, fd_prestat_dir_name,
 * fd_readdir (whole, in small buffers, resuming from cookies), path_create_directory,
 * path_remove_directory, path_unlink_file, path_rename, path_symlink, path_readlink,
 * path_link, path_filestat_get (following symlinks or not), path_filestat_set_times; then
 * opendir/readdir/stat/mkdir/rename through wasi-libc.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/* Lists directory `fd` reading with a buffer of `bufsize` bytes; prints names sorted. */
static void list(const char *what, __wasi_fd_t fd, size_t bufsize) {
  char names[64][64];
  unsigned count = 0, calls = 0;
  uint8_t *buf = malloc(bufsize);
  __wasi_dircookie_t cookie = 0;
  for (;;) {
    __wasi_size_t used = 0;
    __wasi_errno_t e = __wasi_fd_readdir(fd, buf, bufsize, cookie, &used);
    calls++;
    if (e != 0) {
      printf("%s: readdir %s\n", what, ename(e));
      free(buf);
      return;
    }
    size_t off = 0;
    int progressed = 0;
    while (off + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t d;
      memcpy(&d, buf + off, sizeof d);
      if (off + sizeof d + d.d_namlen > used) break; /* cut off: resume from its cookie */
      int dots = (d.d_namlen == 1 && buf[off + sizeof d] == '.') ||
                 (d.d_namlen == 2 && buf[off + sizeof d] == '.' && buf[off + sizeof d + 1] == '.');
      if (count < 64 && !dots) { /* "." and "..": awsm lists them, node:wasi does not */
        snprintf(names[count], sizeof names[count], "%.*s%s", (int)d.d_namlen, (char *)buf + off + sizeof d,
                 d.d_type == __WASI_FILETYPE_DIRECTORY ? "/" : d.d_type == __WASI_FILETYPE_SYMBOLIC_LINK ? "@" : "");
        count++;
      }
      cookie = d.d_next;
      off += sizeof d + d.d_namlen;
      progressed = 1;
    }
    if (used < bufsize) break;
    if (!progressed) {
      printf("%s: buffer too small for one entry\n", what);
      break;
    }
  }
  free(buf);
  for (unsigned i = 0; i < count; i++)
    for (unsigned j = i + 1; j < count; j++)
      if (strcmp(names[j], names[i]) < 0) {
        char t[64];
        strcpy(t, names[i]);
        strcpy(names[i], names[j]);
        strcpy(names[j], t);
      }
  printf("%s:", what);
  for (unsigned i = 0; i < count; i++) printf(" %s", names[i]);
  printf("%s\n", calls > 1 ? " (several calls)" : "");
}

static void stat_of(const char *path, int follow) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_path_filestat_get(PREOPEN, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st);
  if (e != 0) printf("stat %s%s: %s\n", path, follow ? "" : " (nofollow)", ename(e));
  else
    printf("stat %s%s: type %u size %llu\n", path, follow ? "" : " (nofollow)", st.filetype,
           st.filetype == __WASI_FILETYPE_DIRECTORY ? 0ull : (unsigned long long)st.size);
}

int main(void) {
  __wasi_prestat_t ps;
  SHOW("prestat_get 3", __wasi_fd_prestat_get(3, &ps));
  printf("tag %u, name length %u\n", ps.tag, (unsigned)ps.u.dir.pr_name_len);
  char name[32] = {0};
  SHOW("prestat_dir_name", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, ps.u.dir.pr_name_len));
  printf("name [%s]\n", name);
  SHOW("prestat_get 4", __wasi_fd_prestat_get(4, &ps));
  SHOW("prestat_get 0", __wasi_fd_prestat_get(0, &ps));

  list("sandbox", PREOPEN, 4096);
  list("sandbox, 40-byte buffer", PREOPEN, 40);
  __wasi_fd_t sub;
  SHOW("open sub", open_at(PREOPEN, "sub", __WASI_OFLAGS_DIRECTORY,
                                   __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_RENAME_TARGET, 0, 1, &sub));
  list("sub", sub, 4096);
  list("sub again", sub, 4096);
  __wasi_fd_t file;
  SHOW("open hello.txt", open_at(PREOPEN, "hello.txt", 0, R_READ, 0, 1, &file));
  uint8_t b[64];
  __wasi_size_t used;
  SHOW("readdir on a file", __wasi_fd_readdir(file, b, sizeof b, 0, &used));
  SHOW("close", __wasi_fd_close(file));

  SHOW("mkdir made", __wasi_path_create_directory(PREOPEN, "made"));
  SHOW("mkdir made again", __wasi_path_create_directory(PREOPEN, "made"));
  SHOW("mkdir made/inner/", __wasi_path_create_directory(PREOPEN, "made/inner/"));
  SHOW("mkdir missing/x", __wasi_path_create_directory(PREOPEN, "missing/x"));
  SHOW("mkdir hello.txt/x", __wasi_path_create_directory(PREOPEN, "hello.txt/x"));
  SHOW("rmdir made (not empty)", __wasi_path_remove_directory(PREOPEN, "made"));
  SHOW("rmdir hello.txt", __wasi_path_remove_directory(PREOPEN, "hello.txt"));
  SHOW("rmdir made/inner", __wasi_path_remove_directory(PREOPEN, "made/inner"));
  SHOW("unlink made", __wasi_path_unlink_file(PREOPEN, "made"));
  SHOW("rename made -> sub/moved", __wasi_path_rename(PREOPEN, "made", sub, "moved"));
  list("sub", sub, 4096);
  SHOW("rmdir sub/moved", __wasi_path_remove_directory(PREOPEN, "sub/moved"));

  __wasi_fd_t f;
  SHOW("create a.txt", open_at(PREOPEN, "a.txt", __WASI_OFLAGS_CREAT, R_RW, 0, 1, &f));
  __wasi_ciovec_t v = {(const uint8_t *)"abc", 3};
  __wasi_size_t n;
  SHOW("write", __wasi_fd_write(f, &v, 1, &n));
  SHOW("close", __wasi_fd_close(f));
  SHOW("rename a.txt -> b.txt", __wasi_path_rename(PREOPEN, "a.txt", PREOPEN, "b.txt"));
  SHOW("rename missing", __wasi_path_rename(PREOPEN, "a.txt", PREOPEN, "c.txt"));
  SHOW("rename b.txt over sub (a directory)", __wasi_path_rename(PREOPEN, "b.txt", PREOPEN, "sub"));
  SHOW("link b.txt -> c.txt", __wasi_path_link(PREOPEN, 0, "b.txt", PREOPEN, "c.txt"));
  SHOW("link onto existing", __wasi_path_link(PREOPEN, 0, "b.txt", PREOPEN, "c.txt"));
  SHOW("link a directory", __wasi_path_link(PREOPEN, 0, "sub", PREOPEN, "sub2"));
  __wasi_filestat_t st;
  SHOW("filestat b.txt", __wasi_path_filestat_get(PREOPEN, 0, "b.txt", &st));
  printf("nlink %llu, size %llu\n", (unsigned long long)st.nlink, (unsigned long long)st.size);
  SHOW("unlink c.txt", __wasi_path_unlink_file(PREOPEN, "c.txt"));
  SHOW("unlink c.txt again", __wasi_path_unlink_file(PREOPEN, "c.txt"));
  SHOW("unlink sub (a directory)", __wasi_path_unlink_file(PREOPEN, "sub"));

  SHOW("symlink b.txt <- ln", __wasi_path_symlink("b.txt", PREOPEN, "ln"));
  SHOW("symlink again", __wasi_path_symlink("b.txt", PREOPEN, "ln"));
  SHOW("symlink dangling", __wasi_path_symlink("nowhere", PREOPEN, "dangling"));
  char target[64];
  SHOW("readlink ln", __wasi_path_readlink(PREOPEN, "ln", (uint8_t *)target, sizeof target, &used));
  printf("target [%.*s]\n", (int)used, target);
  SHOW("readlink ln into 3 bytes", __wasi_path_readlink(PREOPEN, "ln", (uint8_t *)target, 3, &used));
  printf("target [%.*s]\n", (int)used, target);
  SHOW("readlink b.txt (not a link)", __wasi_path_readlink(PREOPEN, "b.txt", (uint8_t *)target, sizeof target, &used));
  stat_of("ln", 1);
  stat_of("ln", 0);
  stat_of("dangling", 1);
  stat_of("dangling", 0);
  stat_of("sub", 1);
  stat_of("sub/up", 1);
  stat_of("sub/up/hello.txt", 1);
  stat_of("link_in", 1);
  stat_of("missing", 1);
  SHOW("link through symlink (follow)", __wasi_path_link(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "ln", PREOPEN, "hard"));
  stat_of("hard", 0);
  SHOW("create through dangling symlink", open_at(PREOPEN, "dangling", __WASI_OFLAGS_CREAT, R_RW, 0, 1, &f));
  SHOW("close", __wasi_fd_close(f));
  stat_of("nowhere", 0);
  SHOW("open a symlink with nofollow", open_at(PREOPEN, "ln", 0, R_READ, 0, 0, &f));
  SHOW("set_times nofollow", __wasi_path_filestat_set_times(PREOPEN, 0, "ln", 5000000000ull, 6000000000ull,
                                                          __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  SHOW("set_times follow", __wasi_path_filestat_set_times(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "ln",
                                                        7000000000ull, 8000000000ull,
                                                        __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  SHOW("filestat ln nofollow", __wasi_path_filestat_get(PREOPEN, 0, "ln", &st));
  printf("link mtim %llu s\n", (unsigned long long)(st.mtim / 1000000000ull));
  SHOW("filestat b.txt", __wasi_path_filestat_get(PREOPEN, 0, "b.txt", &st));
  printf("file atim %llu s, mtim %llu s\n", (unsigned long long)(st.atim / 1000000000ull),
         (unsigned long long)(st.mtim / 1000000000ull));
  SHOW("unlink ln", __wasi_path_unlink_file(PREOPEN, "ln"));
  stat_of("b.txt", 1);
  list("sandbox at the end", PREOPEN, 4096);

  /* wasi-libc */
  printf("mkdir: %d\n", mkdir("/sandbox/libc", 0755));
  printf("mkdir again: %d %s\n", mkdir("/sandbox/libc", 0755), strerror(errno));
  printf("rename: %d\n", rename("/sandbox/b.txt", "/sandbox/libc/b.txt"));
  struct stat s;
  printf("stat: %d, size %lld, regular %d\n", stat("/sandbox/libc/b.txt", &s), (long long)s.st_size, S_ISREG(s.st_mode));
  DIR *d = opendir("/sandbox/libc");
  struct dirent *de;
  int entries = 0;
  while ((de = readdir(d)) != NULL)
    if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) printf("readdir: %s\n", de->d_name), entries++;
  closedir(d);
  printf("unlink: %d\n", unlink("/sandbox/libc/b.txt"));
  printf("rmdir: %d\n", rmdir("/sandbox/libc"));
  printf("access missing: %d %s\n", access("/sandbox/libc", F_OK), strerror(errno));
  return 0;
}
