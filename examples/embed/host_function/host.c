/*
 * host_function: a module importing host functions written in C. Each is declared once, in
 * a table of (module, name, signature, C function): the runtime checks the signature against
 * the import and makes the function object. Host functions receive the calling instance
 * first: print reads the string from the caller's memory (bounds-checked), next_random keeps
 * its state in the instance's user pointer.
 *
 * Built by examples/embed/Makefile: awsm compile --emit=obj --name=guest guest.wasm
 */
#include <math.h>
#include <stdio.h>

#include "awsm.h"

AWSM_MODULE(guest);

static void print(awsm_instance *caller, uint32_t ptr, uint32_t len) {
  const char *s = awsm_memory_data(awsm_instance_memory(caller, 0), ptr, len);
  if (s == NULL) awsm_trap_host(caller, "print: string out of bounds");
  printf("guest says: %.*s\n", (int)len, s);
}

static uint32_t next_random(awsm_instance *caller, uint32_t bound) {
  uint64_t *state = awsm_instance_user(caller);
  *state = *state * 6364136223846793005ull + 1442695040888963407ull; /* a deterministic LCG */
  return (uint32_t)(*state >> 33) % bound;
}

static double host_hypot(awsm_instance *caller, double x, double y) {
  (void)caller;
  return sqrt(x * x + y * y);
}

static const awsm_host_func_def env[] = {
    {"env", "print", "ii:", (void *)print, NULL},
    {"env", "next_random", "i:i", (void *)next_random, NULL},
    {"env", "hypot", "FF:F", (void *)host_hypot, NULL},
};

int main(void) {
  uint64_t seed = 42;
  awsm_imports imports = {.funcs = env, .num_funcs = 3};
  awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imports, .user = &seed};
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(&guest_module, &opts, &err);
  if (inst == NULL) {
    fprintf(stderr, "instantiate: %s\n", err.message);
    return 1;
  }
  double distance = 0;
  if (awsm_callf(inst, "walk", &err, 1000, &distance) != 0) {
    fprintf(stderr, "walk: %s\n", err.message);
    return 1;
  }
  printf("random walk of 1000 steps ended %.3f from the start\n", distance);
  awsm_instance_free(inst);
  return 0;
}
