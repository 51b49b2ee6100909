/*
 * plugin: loads a module from a shared library at run time (awsm_module_open), instantiates
 * it twice (each instance has its own state) and unloads it.
 *
 *   plugin PATH.so NAME     (NAME: the --name the library was compiled with)
 *
 * The library holds no runtime: this program provides it, and is linked with -rdynamic so
 * that the library's references to the runtime (awsm_trap, ...) resolve against it.
 * Built by examples/embed/Makefile: awsm compile --emit=shared --name=plugin plugin.wasm
 */
#include <stdio.h>

#include "awsm.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: plugin PATH.so NAME\n");
    return 2;
  }
  awsm_error err;
  awsm_module *mod = awsm_module_open(argv[1], argv[2], &err);
  if (mod == NULL) {
    fprintf(stderr, "plugin: %s\n", err.message);
    return 1;
  }
  awsm_instance *a = awsm_module_instantiate(mod, NULL, &err);
  awsm_instance *b = a != NULL ? awsm_module_instantiate(mod, NULL, &err) : NULL;
  if (b == NULL) {
    fprintf(stderr, "plugin: %s\n", err.message);
    return 1;
  }
  for (uint32_t x = 10; x <= 30; x += 10) {
    uint32_t ra = 0, rb = 0;
    if (awsm_callf(a, "transform", &err, x, &ra) != 0 || awsm_callf(b, "transform", &err, x + 1, &rb) != 0) {
      fprintf(stderr, "plugin: %s\n", err.message);
      return 1;
    }
    printf("a.transform(%u) = %u, b.transform(%u) = %u\n", x, ra, x + 1, rb);
  }
  printf("close while instances live: %d\n", awsm_module_close(mod));
  awsm_instance_free(a);
  awsm_instance_free(b);
  printf("close: %d\n", awsm_module_close(mod));
  return 0;
}
