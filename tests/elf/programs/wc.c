/* wc: lines, words and bytes of each file named (or of standard input), as wc prints them. */
#include <ctype.h>
#include <stdio.h>

static int count(FILE *f, const char *name, long *tl, long *tw, long *tc) {
  long l = 0, w = 0, c = 0;
  int in = 0, ch;
  while ((ch = getc(f)) != EOF) {
    c++;
    if (ch == '\n') l++;
    if (isspace(ch)) in = 0;
    else if (!in) in = 1, w++;
  }
  printf("%7ld %7ld %7ld %s\n", l, w, c, name);
  *tl += l, *tw += w, *tc += c;
  return 0;
}

int main(int argc, char **argv) {
  long l = 0, w = 0, c = 0;
  int status = 0;
  if (argc < 2) return count(stdin, "", &l, &w, &c);
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (f == NULL) {
      perror(argv[i]);
      status = 1;
      continue;
    }
    count(f, argv[i], &l, &w, &c);
    fclose(f);
  }
  if (argc > 2) printf("%7ld %7ld %7ld total\n", l, w, c);
  return status;
}
