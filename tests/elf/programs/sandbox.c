/* Tries to read outside its directory: /etc/passwd, and DIR/../.. (argv[1] is the directory).
   Prints whether each open succeeded, never the contents. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void try(const char *path) {
  int fd = open(path, O_RDONLY);
  printf("%s: %s\n", path, fd >= 0 ? "opened" : "refused");
  if (fd >= 0) close(fd);
}

int main(int argc, char **argv) {
  char p[512];
  try("/etc/passwd");
  if (argc > 1) {
    snprintf(p, sizeof p, "%s/../../../../../etc/passwd", argv[1]);
    try(p);
    snprintf(p, sizeof p, "%s/inside.txt", argv[1]);
    try(p);
  }
  return 0;
}
