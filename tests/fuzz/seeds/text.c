/* Fuzz seed: strings, formatted output, sorting, heap allocation (WASI, wasi-libc). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry"};
  size_t n = sizeof words / sizeof words[0];
  char **copy = malloc(n * sizeof *copy);
  for (size_t i = 0; i < n; i++) {
    copy[i] = strdup(words[i]);
    for (char *p = copy[i]; *p; p++) *p = (char)toupper((unsigned char)*p);
  }
  qsort(copy, n, sizeof *copy, cmp);
  char buf[256];
  size_t used = 0;
  for (size_t i = 0; i < n; i++) used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "", copy[i]);
  printf("%s (%zu bytes, argc %d)\n", buf, used, argc);
  for (int i = 1; i < argc; i++) printf("arg %d: %s %ld\n", i, argv[i], strtol(argv[i], NULL, 0));
  for (size_t i = 0; i < n; i++) free(copy[i]);
  free(copy);
  return 0;
}
