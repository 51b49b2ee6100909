/* wasi-test: {"status": 143, "node": {
 *   "^proc_raise\\(0\\)|^proc_raise\\(STOP": "node:wasi sends host signals (signal 0 is a successful kill(pid, 0)); SIGSTOP would stop Node: skipped there",
 *   "^proc_raise\\((31|WINCH)\\)": "node:wasi: ENOSYS for signals it does not know, and for WINCH"}}
 *
 * proc_raise: 0 and numbers past 30 are EINVAL; signals whose default action is to be
 * ignored (CHLD, URG, WINCH) and the stop signals return success and do nothing; SIGTERM
 * ends the program with status 128 + 15, as a shell shows a process killed by it.
 * sched_yield. (proc_exit is in every other test: main's return value, exit statuses.)
 */
#include "common.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) uint32_t proc_raise(uint32_t sig);

int main(void) {
  if (!skipped_under_node("proc_raise(0)")) printf("proc_raise(0): %s\n", ename(proc_raise(0)));
  printf("proc_raise(31): %s\n", ename(proc_raise(31)));
  printf("proc_raise(CHLD): %s\n", ename(proc_raise(16)));
  printf("proc_raise(URG): %s\n", ename(proc_raise(22)));
  printf("proc_raise(WINCH): %s\n", ename(proc_raise(27)));
  if (!skipped_under_node("proc_raise(STOP)")) printf("proc_raise(STOP): %s\n", ename(proc_raise(18)));
  printf("sched_yield: %s\n", ename(__wasi_sched_yield()));
  fprintf(stderr, "raising SIGTERM\n");
  fflush(stdout);
  proc_raise(15);
  printf("not reached\n");
  return 0;
}
