/* wasi-test: {"dirs": true, "node": {"skip": "node:wasi is not a sandbox (Node's documentation says so): it follows symlinks out of the preopen, reads, writes and deletes files outside"}}
 *
 * Sandbox escapes, every one of which must fail, through each path_* function and
 * path_open: ".." chains, absolute paths, symlinks that lead outside (relative, absolute,
 * to a directory, made by the fixture or by the guest), renaming and hard-linking out of and
 * into the preopen, creating through a dangling symlink that points outside, symlink loops.
 * Controls that stay inside must succeed. The harness checks afterwards that nothing outside
 * /sandbox was read, written or created (tests/e2e/wasi.test.ts), and runs this program
 * with both path resolvers (openat2 and the component walk).
 */
#include "common.h"

static __wasi_fd_t fd;

static void try_open(const char *path, __wasi_oflags_t oflags, int follow) {
  __wasi_rights_t rights = oflags & __WASI_OFLAGS_DIRECTORY ? __WASI_RIGHTS_FD_READDIR : R_RW;
  __wasi_errno_t e = open_at(PREOPEN, path, oflags, rights, 0, follow, &fd);
  char content[32] = "";
  if (e == 0) {
    __wasi_iovec_t v = {(uint8_t *)content, sizeof content - 1};
    __wasi_size_t n = 0;
    if (__wasi_fd_read(fd, &v, 1, &n) == 0) content[n] = '\0';
    for (char *p = content; *p; p++)
      if (*p == '\n') *p = '|';
    (void)__wasi_fd_close(fd);
  }
  printf("open %s%s%s%s: %s%s%s\n", path, oflags & __WASI_OFLAGS_CREAT ? " CREAT" : "",
         oflags & __WASI_OFLAGS_TRUNC ? " TRUNC" : "", follow ? "" : " (nofollow)", ename(e), content[0] ? " " : "",
         content);
}

static void try_stat(const char *path, int follow) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_path_filestat_get(PREOPEN, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st);
  printf("stat %s%s: %s", path, follow ? "" : " (nofollow)", ename(e));
  if (e == 0) printf(" type %u", st.filetype);
  printf("\n");
}

int main(void) {
  /* Reading. */
  try_open("hello.txt", 0, 1);
  try_open("../outside/secret.txt", 0, 1);
  try_open("sub/../../outside/secret.txt", 0, 1);
  try_open("sub/deeper/../../../outside/secret.txt", 0, 1);
  try_open("/etc/passwd", 0, 1);
  try_open("//etc/passwd", 0, 1);
  try_open("link_in", 0, 1);
  try_open("link_out", 0, 1);
  try_open("link_out", 0, 0);
  try_open("link_abs", 0, 1);
  try_open("dir_out/secret.txt", 0, 1);
  try_open("sub/up/hello.txt", 0, 1);
  try_open("sub/upup/outside/secret.txt", 0, 1);
  try_open(".", __WASI_OFLAGS_DIRECTORY, 1);
  try_open("..", __WASI_OFLAGS_DIRECTORY, 1);
  try_open("sub/..", __WASI_OFLAGS_DIRECTORY, 1);
  try_open("dir_out", __WASI_OFLAGS_DIRECTORY, 1);
  try_open("sub/deeper/../../..", __WASI_OFLAGS_DIRECTORY, 1);

  /* Creating and truncating. */
  try_open("../outside/created.txt", __WASI_OFLAGS_CREAT, 1);
  try_open("dir_out/created.txt", __WASI_OFLAGS_CREAT, 1);
  try_open("link_out", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 1);
  try_open("link_abs", __WASI_OFLAGS_TRUNC, 1);
  try_open("sub/upup/outside/secret.txt", __WASI_OFLAGS_TRUNC, 1);

  /* Symlinks the guest makes. */
  SHOW("symlink evil -> ../outside/secret.txt", __wasi_path_symlink("../outside/secret.txt", PREOPEN, "evil"));
  try_open("evil", 0, 1);
  try_open("evil", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 1);
  SHOW("symlink evildir -> ../outside", __wasi_path_symlink("../outside", PREOPEN, "evildir"));
  try_open("evildir/secret.txt", 0, 1);
  SHOW("symlink ghost -> ../outside/ghost.txt", __wasi_path_symlink("../outside/ghost.txt", PREOPEN, "ghost"));
  try_open("ghost", __WASI_OFLAGS_CREAT, 1);
  SHOW("symlink sub/deep -> ../../outside", __wasi_path_symlink("../../outside", PREOPEN, "sub/deep"));
  try_open("sub/deep/secret.txt", 0, 1);
  SHOW("symlink ../outside/evil2 -> x", __wasi_path_symlink("x", PREOPEN, "../outside/evil2"));
  SHOW("symlink dir_out/evil3 -> x", __wasi_path_symlink("x", PREOPEN, "dir_out/evil3"));
  SHOW("symlink loop1 -> loop2", __wasi_path_symlink("loop2", PREOPEN, "loop1"));
  SHOW("symlink loop2 -> loop1", __wasi_path_symlink("loop1", PREOPEN, "loop2"));
  try_open("loop1", 0, 1);
  SHOW("symlink inside -> sub/a.txt", __wasi_path_symlink("sub/a.txt", PREOPEN, "inside"));
  try_open("inside", 0, 1);

  /* Directories. */
  SHOW("mkdir ../outside/newdir", __wasi_path_create_directory(PREOPEN, "../outside/newdir"));
  SHOW("mkdir dir_out/newdir", __wasi_path_create_directory(PREOPEN, "dir_out/newdir"));
  SHOW("mkdir evildir/newdir", __wasi_path_create_directory(PREOPEN, "evildir/newdir"));
  SHOW("mkdir /tmp/newdir", __wasi_path_create_directory(PREOPEN, "/tmp/newdir"));
  SHOW("rmdir ../outside/dir", __wasi_path_remove_directory(PREOPEN, "../outside/dir"));
  SHOW("rmdir dir_out/dir", __wasi_path_remove_directory(PREOPEN, "dir_out/dir"));
  SHOW("rmdir dir_out/", __wasi_path_remove_directory(PREOPEN, "dir_out/"));
  SHOW("rmdir ..", __wasi_path_remove_directory(PREOPEN, ".."));

  /* Removing, renaming, linking. */
  SHOW("unlink ../outside/secret.txt", __wasi_path_unlink_file(PREOPEN, "../outside/secret.txt"));
  SHOW("unlink dir_out/secret.txt", __wasi_path_unlink_file(PREOPEN, "dir_out/secret.txt"));
  SHOW("unlink sub/upup/outside/secret.txt", __wasi_path_unlink_file(PREOPEN, "sub/upup/outside/secret.txt"));
  SHOW("unlink link_out/", __wasi_path_unlink_file(PREOPEN, "link_out/"));
  SHOW("rename hello.txt -> ../outside/stolen.txt", __wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "../outside/stolen.txt"));
  SHOW("rename hello.txt -> dir_out/stolen.txt", __wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "dir_out/stolen.txt"));
  SHOW("rename ../outside/secret.txt -> got.txt", __wasi_path_rename(PREOPEN, "../outside/secret.txt", PREOPEN, "got.txt"));
  SHOW("rename dir_out/secret.txt -> got.txt", __wasi_path_rename(PREOPEN, "dir_out/secret.txt", PREOPEN, "got.txt"));
  SHOW("rename evil/ -> got", __wasi_path_rename(PREOPEN, "evil/", PREOPEN, "got"));
  SHOW("rename sub -> ../outside/sub", __wasi_path_rename(PREOPEN, "sub", PREOPEN, "../outside/sub"));
  SHOW("link hello.txt -> ../outside/hard", __wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "../outside/hard"));
  SHOW("link hello.txt -> dir_out/hard", __wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "dir_out/hard"));
  SHOW("link ../outside/secret.txt -> hard", __wasi_path_link(PREOPEN, 0, "../outside/secret.txt", PREOPEN, "hard"));
  SHOW("link dir_out/secret.txt -> hard", __wasi_path_link(PREOPEN, 0, "dir_out/secret.txt", PREOPEN, "hard"));
  SHOW("link (follow) link_out -> hard", __wasi_path_link(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_out", PREOPEN, "hard"));
  SHOW("link (follow) evil -> hard", __wasi_path_link(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "evil", PREOPEN, "hard"));
  SHOW("link dir_out/ -> hard", __wasi_path_link(PREOPEN, 0, "dir_out/", PREOPEN, "hard"));
  SHOW("link (follow) link_in -> hard", __wasi_path_link(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_in", PREOPEN, "hard"));
  try_open("hard", 0, 1);

  /* Looking. */
  char buf[64];
  __wasi_size_t used = 0;
  __wasi_errno_t e = __wasi_path_readlink(PREOPEN, "link_out", (uint8_t *)buf, sizeof buf, &used);
  printf("readlink link_out: %s [%.*s]\n", ename(e), e == 0 ? (int)used : 0, buf);
  SHOW("readlink ../outside/x", __wasi_path_readlink(PREOPEN, "../outside/x", (uint8_t *)buf, sizeof buf, &used));
  SHOW("readlink dir_out/x", __wasi_path_readlink(PREOPEN, "dir_out/x", (uint8_t *)buf, sizeof buf, &used));
  try_stat("link_out", 1);
  try_stat("link_out", 0);
  try_stat("link_abs", 1);
  try_stat("../outside/secret.txt", 1);
  try_stat("dir_out/secret.txt", 0);
  try_stat("..", 1);
  try_stat("/", 1);
  try_stat("sub/upup", 1);
  try_stat("sub/up", 1);
  SHOW("set_times link_out (follow)", __wasi_path_filestat_set_times(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_out",
                                                                   1000000000ull, 1000000000ull,
                                                                   __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  SHOW("set_times ../outside/secret.txt", __wasi_path_filestat_set_times(PREOPEN, 0, "../outside/secret.txt", 0, 0,
                                                                       __WASI_FSTFLAGS_MTIM_NOW));
  SHOW("set_times dir_out/secret.txt", __wasi_path_filestat_set_times(PREOPEN, 0, "dir_out/secret.txt", 0, 0,
                                                                    __WASI_FSTFLAGS_MTIM_NOW));
  SHOW("set_times dir_out (follow)", __wasi_path_filestat_set_times(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dir_out", 0, 0,
                                                                  __WASI_FSTFLAGS_MTIM_NOW));
  return 0;
}
