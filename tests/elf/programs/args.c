/* Arguments, environment and exit status: prints argv and one variable, exits with argv[1]. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  const char *g = getenv("GREETING");
  printf("GREETING=%s\n", g != NULL ? g : "(unset)");
  fflush(stdout);
  fprintf(stderr, "to stderr\n");
  return argc > 1 ? atoi(argv[1]) : 0;
}
