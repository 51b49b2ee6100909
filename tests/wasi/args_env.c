/* wasi-test: {"args": ["one", "two words", "", "--help"], "env": {"A": "1", "EMPTY": "", "EQ": "x=y=z"}}
 *
 * args_sizes_get, args_get, environ_sizes_get, environ_get (raw and through wasi-libc).
 */
#include <stdlib.h>

#include "common.h"

int main(int argc, char **argv) {
  printf("argc: %d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]: [%s]\n", i, argv[i]);

  __wasi_size_t n, size;
  SHOW("args_sizes_get", __wasi_args_sizes_get(&n, &size));
  printf("args: %u, %u bytes\n", (unsigned)n, (unsigned)(size - strlen(argv[0]) - 1));

  SHOW("environ_sizes_get", __wasi_environ_sizes_get(&n, &size));
  /* The harness adds WASI_TEST_RUNTIME=awsm or =node (common.h): not counted. */
  const char *rt = getenv("WASI_TEST_RUNTIME");
  unsigned extra = rt != NULL ? (unsigned)(strlen("WASI_TEST_RUNTIME=") + strlen(rt) + 1) : 0;
  printf("environ: %u, %u bytes\n", (unsigned)n - (rt != NULL), (unsigned)size - extra);
  char *buf = malloc(size);
  char **env = malloc(n * sizeof *env);
  SHOW("environ_get", __wasi_environ_get((uint8_t **)env, (uint8_t *)buf));
  /* The order is the host's; print sorted. */
  for (unsigned i = 0; i < n; i++)
    for (unsigned j = i + 1; j < n; j++)
      if (strcmp(env[j], env[i]) < 0) {
        char *t = env[i];
        env[i] = env[j];
        env[j] = t;
      }
  for (unsigned i = 0; i < n; i++)
    if (strncmp(env[i], "WASI_TEST_", 10) != 0) printf("env: [%s]\n", env[i]);
  const char *eq = getenv("EQ"), *empty = getenv("EMPTY");
  printf("getenv EQ: [%s], EMPTY: [%s], MISSING: %s\n", eq ? eq : "(null)", empty ? empty : "(null)",
         getenv("MISSING") ? "set" : "(null)");
  return 0;
}
