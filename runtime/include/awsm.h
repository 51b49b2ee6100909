/*
 * awsm.h — the host-facing API of the awsm runtime.
 *
 * An embedder (runtime/main.c, the spec host tests/spec/host.c, your program) uses it to
 * instantiate compiled modules from their descriptors, bind imports, look up exports, call
 * Wasm functions with traps reported as errors, and provide host functions and objects.
 * awsm_abi.h (included) is the lower-level contract with generated code.
 *
 * Threads: the runtime keeps no process-wide state about instances. An instance, and every
 * instance linked with it through imports (its "group"), must be used by one thread at a
 * time; different groups may run on different threads concurrently. Each thread that calls
 * into Wasm gets an alternate signal stack on its first call (freed when the thread exits).
 *
 * Signals: the first instantiation or call installs a SIGSEGV/SIGBUS handler (SA_ONSTACK |
 * SA_SIGINFO). Faults that are not Wasm out-of-bounds accesses or stack exhaustion go to the
 * handler that was installed before, or get the default action (a real crash stays a crash).
 *
 * docs/runtime.md describes the design; docs/traps.md the trap kinds and exit statuses.
 */
#ifndef AWSM_H
#define AWSM_H

#include <stddef.h>
#include <stdint.h>

#include "awsm_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors --------------------------------------------------------------------------- */

typedef enum awsm_error_kind {
  AWSM_OK = 0,
  AWSM_ERR_TRAP = 1,     /* a trap: `trap` holds the kind, `message` the full text */
  AWSM_ERR_EXIT = 2,     /* WASI proc_exit (not a failure of the runtime): `exit_status` */
  AWSM_ERR_LINK = 3,     /* "unknown import ..." or "incompatible import type ..." */
  AWSM_ERR_RESOURCE = 4, /* out of memory, address-space reservation failed, host limits */
  AWSM_ERR_INVALID = 5,  /* bad descriptor (ABI version), bad arguments to the API */
} awsm_error_kind;

#define AWSM_ERROR_MESSAGE_MAX 512

typedef struct awsm_error {
  awsm_error_kind kind;
  awsm_trap_kind trap;       /* AWSM_ERR_TRAP: the kind; else AWSM_TRAP_NONE */
  int32_t exit_status;       /* AWSM_ERR_EXIT: the proc_exit status */
  /* awsm_instantiate only: when the module's initialisation (segments) or start function
   * trapped or exited, the instance that failed. It is not usable, but its functions may
   * already sit in imported tables (Wasm 2.0 keeps such partial effects), so the caller
   * owns it and frees it (awsm_instance_free) once nothing can call into it. NULL otherwise. */
  awsm_instance *instance;
  /* One line, NUL-terminated, names escaped. For traps: the spec's text for the kind (or the
   * host's message) followed by " in function NAME" when the function is known. */
  char message[AWSM_ERROR_MESSAGE_MAX];
} awsm_error;

/* The spec text of a trap kind ("out of bounds memory access", ...). Never NULL. */
const char *awsm_trap_message(awsm_trap_kind kind);

/* ---- externs: what an import binds to and what an export is --------------------------- */

typedef struct awsm_extern {
  uint32_t kind;            /* AWSM_EXTERN_FUNC / TABLE / MEMORY / GLOBAL */
  /* The instance the object belongs to (an export's instance), or NULL for host objects.
   * Linking records it so that instances that call each other share stack limits and fault
   * classification. */
  awsm_instance *instance;
  union {
    awsm_func *func;        /* FUNC: the function object (its sig is checked) */
    awsm_table *table;      /* TABLE */
    awsm_memory *memory;    /* MEMORY */
    struct {
      awsm_value *cell;     /* GLOBAL: the 16-byte cell; must outlive the importers */
      uint32_t type;        /* AWSM_T_* */
      uint32_t mutable_;    /* 1 if mutable */
    } global;
  } u;
} awsm_extern;

/*
 * Import resolver: called once per import, in the module's import order, before anything
 * runs. Fill *out and return 1; return 0 for "unknown import" (the runtime writes the
 * message); or return -1 after filling err (kind AWSM_ERR_LINK or other) with your own
 * one-line message. The runtime then checks the import's type as the spec's linking rules
 * say. `importer` is the instance being built: host functions that need the caller's memory
 * create their object with awsm_instance_host_func(importer, ..., importer) so that they
 * receive it as their first argument. Objects returned must outlive the importer.
 */
typedef int (*awsm_resolver)(void *data, awsm_instance *importer, const awsm_import_desc *import,
                             awsm_extern *out, awsm_error *err);

/* ---- instances ------------------------------------------------------------------------ */

#define AWSM_DEFAULT_TABLE_LIMIT 10000000u /* elements, when a table declares no maximum */

typedef struct awsm_options {
  awsm_resolver resolve;     /* NULL: every import is unknown */
  void *resolve_data;        /* first argument of resolve */
  void *host;                /* stored in ctx->host before initialisation (WASI: awsm_wasi*) */
  uint32_t max_memory_pages; /* host limit on memories this instance defines; 0: 65536 */
  uint32_t max_table_elems;  /* host limit on tables it defines; 0: AWSM_DEFAULT_TABLE_LIMIT */
} awsm_options;

/*
 * Instantiates a compiled module: resolves and checks imports, creates memories, tables,
 * globals, function objects and segments, runs the module's initialisation (globals, element
 * and data segments) and its start function. Returns the instance, or NULL with err set:
 * AWSM_ERR_LINK for import errors, AWSM_ERR_TRAP/AWSM_ERR_EXIT when initialisation or the
 * start function trapped or exited (then err->instance is the failed instance, see above),
 * AWSM_ERR_RESOURCE or AWSM_ERR_INVALID otherwise. opts may be NULL. err must not be NULL.
 */
awsm_instance *awsm_instantiate(const awsm_module_desc *desc, const awsm_options *opts, awsm_error *err);

/*
 * Frees an instance: its memories (address-space reservations included), tables, globals,
 * function objects, host function objects and segments. Instances that import from it must be
 * freed first (or never used again); never call it while the instance is executing.
 * NULL is allowed.
 */
void awsm_instance_free(awsm_instance *inst);

/*
 * Looks up an export by name (arbitrary bytes: name/len, NUL allowed). Returns 1 and fills
 * *out (out->instance = inst), or 0 when there is no such export.
 */
int awsm_instance_export(awsm_instance *inst, const char *name, size_t len, awsm_extern *out);

/*
 * Creates a host function object owned by `owner` (freed with it): signature string `sig`
 * (see awsm_abi.h; copied by pointer, so it must outlive the object), native `code` called as
 * code(ctx, params...) and returning like a Wasm function of that signature, and `tramp`,
 * the generic trampoline for that signature. Returns NULL when out of memory.
 */
awsm_func *awsm_instance_host_func(awsm_instance *owner, const char *sig, void *code, awsm_trampoline tramp,
                                   void *ctx);

/* ---- calls ---------------------------------------------------------------------------- */

/*
 * Calls function object f with a trap handler armed: parameters in args_results[0..n), the
 * results are stored in args_results[0..m) (size the array for max(n, m)). `inst` is the
 * instance f was exported from (it selects the group whose stack limit is set for this
 * thread and whose memories a fault is checked against); when NULL, a Wasm function object
 * (funcidx != UINT32_MAX) stands for its own instance (f->ctx).
 * Returns 0 on success, or -1 with err filled in: AWSM_ERR_TRAP (message names the function),
 * or AWSM_ERR_EXIT (proc_exit). Calls may nest: a host function called from Wasm may call
 * awsm_call again. err must not be NULL.
 */
int awsm_call(awsm_instance *inst, const awsm_func *f, awsm_value *args_results, awsm_error *err);

/* Number of parameters and results of a signature string ("iI:f" -> 2 and 1). */
uint32_t awsm_sig_params(const char *sig);
uint32_t awsm_sig_results(const char *sig);

/* ---- for host functions called from Wasm ---------------------------------------------- */

/* Traps with kind AWSM_TRAP_HOST and a printf-formatted message; unwinds to the innermost
 * awsm_call. ctx is the calling instance or NULL. Only valid inside awsm_call. */
__attribute__((noreturn, format(printf, 2, 3))) void awsm_trap_host(awsm_instance *ctx, const char *fmt, ...);
/* Unwinds to the innermost awsm_call, which reports AWSM_ERR_EXIT with `status` (proc_exit). */
__attribute__((noreturn)) void awsm_trap_exit(awsm_instance *ctx, int32_t status);
/* Re-raises an error a nested awsm_call returned (trap or exit) in the enclosing call. */
__attribute__((noreturn)) void awsm_trap_error(awsm_instance *ctx, const awsm_error *err);

/* ---- host-created memories and tables (e.g. the spec host's "spectest" module) ---------- */

/* A linear memory of min_pages, with maximum max_pages when has_max. Guard mode: an 8 GiB
 * reservation. Returns NULL with err set on failure. Free with awsm_memory_free after every
 * instance importing it. */
awsm_memory *awsm_memory_new(uint32_t min_pages, uint32_t has_max, uint32_t max_pages, awsm_error *err);
void awsm_memory_free(awsm_memory *m);
/* memory.grow on a memory object: old size in pages, or 0xFFFFFFFF. */
uint32_t awsm_memory_grow_object(awsm_memory *m, uint32_t delta_pages);

/* A table of elem_type (AWSM_T_FUNCREF or AWSM_T_EXTERNREF), all null. */
awsm_table *awsm_table_new(uint32_t elem_type, uint32_t min, uint32_t has_max, uint32_t max, awsm_error *err);
void awsm_table_free(awsm_table *t);
/* table.grow on a table object: old size, or 0xFFFFFFFF. */
uint32_t awsm_table_grow_object(awsm_table *t, void *init, uint32_t delta);

/* ---- WASI preview1 (runtime/src/wasi.c) -------------------------------------------------- */

typedef struct awsm_wasi awsm_wasi;

/* WASI state: the program's arguments and environment ("NAME=value" strings), both copied.
 * The environment is empty unless entries are passed. Returns NULL when out of memory. */
awsm_wasi *awsm_wasi_new(int argc, const char *const *argv, int envc, const char *const *envp);
void awsm_wasi_free(awsm_wasi *w);

/*
 * An awsm_resolver for the module "wasi_snapshot_preview1" (data = the awsm_wasi*): returns 0
 * for other modules and for functions it does not provide, -1 with a one-line message when
 * the module expects another signature or kind. The importing instance's ctx->host must be
 * this awsm_wasi (set awsm_options.host), or NULL (then it is set).
 */
int awsm_wasi_resolve(void *wasi, awsm_instance *importer, const awsm_import_desc *import, awsm_extern *out,
                      awsm_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AWSM_H */
