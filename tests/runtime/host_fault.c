/*
 * host_fault.c — a fault in host code is a crash, a fault in generated code is a trap, even when
 * both hit the same guard page of a guest's memory reservation (runtime/src/trap.c, on_fault).
 *
 * Built against a module descriptor named by -DFAULT_MODULE=SYMBOL that imports "env"
 * "host_add" (ii:i) and exports "host_call" (ii:i, calls host_add), "load" (i:i) and "fill"
 * (iii:, memory.fill): fake_m0 of fake_module.c (tests/runtime/run.sh) and
 * tests/embed/fault.wat compiled by awsm (tests/e2e/embed.test.ts).
 *
 * Usage: host_fault MODE
 *   trap-load   Wasm loads 4 KiB past the end of memory: prints the trap, then a normal call
 *   trap-fill   memory.fill across the end (a runtime helper): prints the trap, then a call
 *   host-write  the host function writes 4 KiB past the end of the caller's memory
 *   host-read   the host function reads 64 KiB past the end
 *   host-null   the host function reads address 16 (outside every reservation)
 *   host-stack  the host function recurses until its stack overflows
 * The host-* modes must die of SIGSEGV (no core file: RLIMIT_CORE is set to 0); if the call
 * returns instead, they print what it returned and exit 3. Exit 2 on a setup failure.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "awsm.h"

extern const awsm_module_desc FAULT_MODULE;

/* What host_add does when called from Wasm (main sets it from MODE). */
static const char *g_mode = "";

static uint32_t __attribute__((noinline)) host_recurse(volatile uint8_t *prev, uint32_t n) {
  volatile uint8_t pad[1024];
  pad[0] = (uint8_t)n;
  pad[1023] = prev != NULL ? prev[0] : 0;
  if (n == UINT32_MAX) return 0; /* 4 TiB of stack: never */
  uint32_t r = host_recurse(pad, n + 1);
  __asm__ volatile("" ::: "memory"); /* not a tail call */
  return r + pad[1023];
}

static uint32_t host_add(awsm_instance *caller, uint32_t a, uint32_t b) {
  awsm_memory *m = awsm_instance_memory(caller, 0);
  uint8_t *base = caller->mem0_base;
  if (strcmp(g_mode, "host-write") == 0) *(volatile uint32_t *)(base + awsm_memory_size(m) + 4096) = a;
  if (strcmp(g_mode, "host-read") == 0) return *(volatile uint32_t *)(base + awsm_memory_size(m) + 65536);
  if (strcmp(g_mode, "host-null") == 0) return *(volatile uint32_t *)(uintptr_t)16;
  if (strcmp(g_mode, "host-stack") == 0) return host_recurse(NULL, 0);
  return a + b;
}

static const awsm_host_func_def env[] = {{"env", "host_add", "ii:i", (void *)host_add, NULL}};
static const awsm_imports imports = {.funcs = env, .num_funcs = 1};

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: host_fault MODE\n");
    return 2;
  }
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *mode = argv[1];
  awsm_options o = {0};
  o.resolve = awsm_imports_resolve;
  o.resolve_data = (void *)&imports;
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(&FAULT_MODULE, &o, &err);
  if (inst == NULL) {
    fprintf(stderr, "instantiate: %s\n", err.message);
    return 2;
  }
  uint32_t size = (uint32_t)awsm_memory_size(awsm_instance_memory(inst, 0)), r = 0;
  int rc;
  if (strcmp(mode, "trap-load") == 0) {
    rc = awsm_callf(inst, "load", &err, size + 4096, &r);
  } else if (strcmp(mode, "trap-fill") == 0) {
    rc = awsm_callf(inst, "fill", &err, size - 1, 0, 2);
  } else if (strncmp(mode, "host-", 5) == 0) {
    g_mode = mode;
    rc = awsm_callf(inst, "host_call", &err, 2, 3, &r);
    printf("survived: rc %d, result %u, %s\n", rc, r, rc == 0 ? "no error" : err.message);
    return 3;
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
  if (rc == 0) {
    printf("no trap\n");
    return 1;
  }
  printf("trap %d: %s\n", (int)err.trap, err.message);
  /* The instance still works, host function included. */
  rc = awsm_callf(inst, "host_call", &err, 2, 3, &r);
  printf("after: %s %u\n", rc == 0 ? "ok" : err.message, r);
  awsm_instance_free(inst);
  return 0;
}
