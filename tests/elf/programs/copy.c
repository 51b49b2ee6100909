/* cp: copies a file with open/read/write/close, then checks it with stat. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: copy FROM TO\n");
    return 2;
  }
  int in = open(argv[1], O_RDONLY);
  if (in < 0) {
    perror(argv[1]);
    return 1;
  }
  int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) {
    perror(argv[2]);
    return 1;
  }
  char buf[8192];
  ssize_t n;
  long total = 0;
  while ((n = read(in, buf, sizeof buf)) > 0) {
    if (write(out, buf, n) != n) {
      perror("write");
      return 1;
    }
    total += n;
  }
  close(in);
  close(out);
  struct stat st;
  if (stat(argv[2], &st) != 0) {
    perror("stat");
    return 1;
  }
  printf("copied %ld bytes, %s has %lld\n", total, argv[2], (long long)st.st_size);
  return 0;
}
