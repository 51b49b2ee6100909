/* sort: the lines of a file, sorted (qsort, strcmp), to standard output or to a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sort FILE [OUT]\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (f == NULL) {
    perror(argv[1]);
    return 1;
  }
  size_t n = 0, cap = 16;
  char **lines = malloc(cap * sizeof *lines);
  char *line = NULL;
  size_t len = 0;
  while (getline(&line, &len, f) != -1) {
    if (n == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
    lines[n++] = strdup(line);
  }
  fclose(f);
  qsort(lines, n, sizeof *lines, cmp);
  FILE *out = argc > 2 ? fopen(argv[2], "w") : stdout;
  if (out == NULL) {
    perror(argv[2]);
    return 1;
  }
  for (size_t i = 0; i < n; i++) fputs(lines[i], out);
  if (out != stdout) fclose(out);
  printf("%zu lines\n", n);
  return 0;
}
