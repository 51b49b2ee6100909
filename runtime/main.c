/*
 * main.c — the entry point of executables built by `awsm compile` (emit exe).
 *
 * The compiler emits `awsm_main_module`, a pointer to the module's descriptor. This file
 * gives the module WASI preview1 with the process's arguments and environment (less
 * AWSM_DIRS, see below), instantiates
 * it, calls its `_start` export and turns the outcome into an exit status (docs/traps.md):
 *
 *   0      _start returned
 *   N      the program called proc_exit(N) (the OS keeps the low 8 bits)
 *   1      the module could not be instantiated (unknown or incompatible import, no
 *          `_start`, resources): one line "awsm: MESSAGE" on stderr
 *   134    a trap (in _start, the start function or segment initialisation): one line
 *          "awsm: trap: MESSAGE" on stderr; no core dump, no stack trace
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awsm.h"

extern const awsm_module_desc *const awsm_main_module;

#define AWSM_EXIT_INSTANTIATE 1
#define AWSM_EXIT_TRAP 134

static int exit_for(const awsm_error *err) {
  switch (err->kind) {
    case AWSM_OK: return 0;
    case AWSM_ERR_EXIT: return err->exit_status;
    case AWSM_ERR_TRAP:
      fprintf(stderr, "awsm: trap: %s\n", err->message);
      return AWSM_EXIT_TRAP;
    default:
      fprintf(stderr, "awsm: %s\n", err->message);
      return AWSM_EXIT_INSTANTIATE;
  }
}

/* The variable through which `awsm run` passes preopened directories (src/driver/run.ts);
 * it is for the runtime, never shown to the guest. Preopens come with the WASI filesystem
 * functions; until then the variable is only removed. */
#define DIRS_ENV "AWSM_DIRS="

int main(int argc, char **argv, char **envp) {
  int n = 0;
  while (envp != NULL && envp[n] != NULL) n++;
  const char **env = calloc((size_t)n + 1, sizeof *env);
  int envc = 0;
  if (env == NULL) {
    fprintf(stderr, "awsm: out of memory\n");
    return AWSM_EXIT_INSTANTIATE;
  }
  for (int i = 0; i < n; i++)
    if (strncmp(envp[i], DIRS_ENV, sizeof DIRS_ENV - 1) != 0) env[envc++] = envp[i];
  awsm_wasi *wasi = awsm_wasi_new(argc, (const char *const *)argv, envc, env);
  free(env);
  if (wasi == NULL) {
    fprintf(stderr, "awsm: out of memory\n");
    return AWSM_EXIT_INSTANTIATE;
  }

  awsm_options opts = {0};
  opts.resolve = awsm_wasi_resolve;
  opts.resolve_data = wasi;
  opts.host = wasi;
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(awsm_main_module, &opts, &err);
  if (inst == NULL) exit(exit_for(&err));

  awsm_extern start;
  if (!awsm_instance_export(inst, "_start", 6, &start) || start.kind != AWSM_EXTERN_FUNC) {
    fprintf(stderr, "awsm: the module exports no function \"_start\"\n");
    exit(AWSM_EXIT_INSTANTIATE);
  }
  if (!awsm_sig_eq(start.u.func->sig, ":")) {
    fprintf(stderr, "awsm: \"_start\" must take no parameters and return nothing (its signature is %s)\n",
            start.u.func->sig);
    exit(AWSM_EXIT_INSTANTIATE);
  }
  awsm_value none[1];
  int status = awsm_call(inst, start.u.func, none, &err) == 0 ? 0 : exit_for(&err);
  awsm_instance_free(inst);
  awsm_wasi_free(wasi);
  return status;
}
