/*
 * awsm.h — the host-facing API of the awsm runtime (the embedding API).
 *
 * An embedder (runtime/main.c, the spec host tests/spec/host.c, your program) uses it to load
 * compiled modules (linked in, or from shared libraries), instantiate them any number of
 * times, bind imports to host functions written in C and to other instances' exports, look up
 * and call exports, read and write linear memory, get traps back as error values, limit and
 * interrupt running code. docs/embedding.md is the guide; awsm_abi.h (included) is the
 * lower-level contract with generated code.
 *
 * Threads: an instance, and every instance linked with it through imports (its "group"), must
 * be used by one thread at a time; different groups may run on different threads
 * concurrently. The runtime's process-wide state (the pool of memory reservations, the
 * deadline watchdog, signal handlers) is locked or set up once. Each thread that calls into
 * Wasm gets an alternate signal stack on its first call (freed when the thread exits).
 * awsm_instance_interrupt may be called from any thread.
 *
 * Signals: the first instantiation or call installs a SIGSEGV/SIGBUS handler (SA_ONSTACK |
 * SA_SIGINFO). A fault is a trap only when the faulting instruction is in generated code (a
 * Wasm out-of-bounds access or stack exhaustion); every other fault, including one in a host
 * function or the runtime on a guest memory's guard pages, goes to the handler that was
 * installed before, or gets the default action (a real crash stays a crash).
 * Interrupts and deadlines use one more signal, awsm_interrupt_signal() (a real-time signal),
 * installed with SA_RESTART.
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
  AWSM_ERR_EXCEPTION = 6,/* an uncaught Wasm exception: `exception` holds it (tag, payload) */
} awsm_error_kind;

#define AWSM_ERROR_MESSAGE_MAX 512

typedef struct awsm_error {
  awsm_error_kind kind;
  awsm_trap_kind trap;       /* AWSM_ERR_TRAP: the kind; else AWSM_TRAP_NONE */
  int32_t exit_status;       /* AWSM_ERR_EXIT: the proc_exit status */
  /* awsm_instantiate only: when the module's initialisation (segments) or start function
   * trapped, exited or threw, the instance that failed. It is not usable, but its functions may
   * already sit in imported tables (Wasm 2.0 keeps such partial effects), so the caller
   * owns it and frees it (awsm_instance_free) once nothing can call into it. NULL otherwise. */
  awsm_instance *instance;
  /* AWSM_ERR_EXCEPTION: the exception (its tag and payload; rethrow it with awsm_throw).
   * It stays valid for the rest of the process. NULL otherwise. */
  awsm_exn *exception;
  /* One line, NUL-terminated, names escaped. For traps: the spec's text for the kind (or the
   * host's message) followed by " in function NAME" when the function is known. */
  char message[AWSM_ERROR_MESSAGE_MAX];
} awsm_error;

/* The spec text of a trap kind ("out of bounds memory access", ...). Never NULL. */
const char *awsm_trap_message(awsm_trap_kind kind);

/* ---- values ----------------------------------------------------------------------------- */

static inline awsm_value awsm_i32(int32_t v) {
  awsm_value x = {0};
  x.i32 = (uint32_t)v;
  return x;
}
static inline awsm_value awsm_i64(int64_t v) {
  awsm_value x = {0};
  x.i64 = (uint64_t)v;
  return x;
}
static inline awsm_value awsm_f32(float v) {
  awsm_value x = {0};
  x.f32 = v;
  return x;
}
static inline awsm_value awsm_f64(double v) {
  awsm_value x = {0};
  x.f64 = v;
  return x;
}
static inline awsm_value awsm_ref(void *v) {
  awsm_value x = {0};
  x.ref = v;
  return x;
}

/* ---- loading compiled modules ----------------------------------------------------------- */

/*
 * A module compiled with `awsm compile --emit=obj --name=NAME` (or bc, or linked into the
 * program some other way) is the constant NAME_module:
 *
 *   AWSM_MODULE(NAME);                  // extern const awsm_module_desc NAME_module;
 *   awsm_instantiate(&NAME_module, &opts, &err);
 */
#define AWSM_MODULE(name) extern const awsm_module_desc name##_module

/* A module loaded from a shared library. */
typedef struct awsm_module awsm_module;

/*
 * Loads a shared library built with `awsm compile --emit=shared --name=NAME` (dlopen,
 * RTLD_NOW | RTLD_LOCAL) and finds its descriptor NAME_module. `name` must match
 * [A-Za-z_][A-Za-z0-9_]* and be the --name the library was compiled with. The library carries
 * no runtime: the program provides it and must export the runtime's symbols to the library
 * (link the program with -rdynamic, or -Wl,--export-dynamic). Returns NULL with err set:
 * AWSM_ERR_INVALID for a bad name, a missing descriptor or an ABI mismatch,
 * AWSM_ERR_RESOURCE when the library cannot be loaded (the message has dlerror()'s text).
 */
awsm_module *awsm_module_open(const char *path, const char *name, awsm_error *err);
/* The descriptor of an opened module: valid until awsm_module_close. */
const awsm_module_desc *awsm_module_descriptor(const awsm_module *m);
/*
 * Unloads the library. Every instance of the module must have been freed (and no function of
 * it may remain in another instance's table): returns -1 without unloading while instances
 * made with awsm_module_instantiate are alive, else 0. NULL is allowed (returns 0).
 */
int awsm_module_close(awsm_module *m);

/* ---- externs: what an import binds to and what an export is --------------------------- */

typedef struct awsm_extern {
  uint32_t kind;            /* AWSM_EXTERN_FUNC / TABLE / MEMORY / GLOBAL / TAG */
  /* The instance the object belongs to (an export's instance), or NULL for host objects.
   * Linking records it so that instances that call each other share stack limits and fault
   * classification. */
  awsm_instance *instance;
  union {
    awsm_func *func;        /* FUNC: the function object (its sig is checked) */
    awsm_table *table;      /* TABLE */
    awsm_memory *memory;    /* MEMORY */
    awsm_tag *tag;          /* TAG: the tag object (its sig is checked; identity is its address) */
    struct {
      awsm_value *cell;     /* GLOBAL: the 16-byte cell; must outlive the importers */
      uint32_t type;        /* AWSM_T_* */
      uint32_t mutable_;    /* 1 if mutable */
      const char *ref_type; /* exact typed-reference type (awsm_abi.h), or NULL */
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
 * awsm_imports_resolve (below) is a ready-made resolver.
 */
typedef int (*awsm_resolver)(void *data, awsm_instance *importer, const awsm_import_desc *import,
                             awsm_extern *out, awsm_error *err);

/* ---- instances ------------------------------------------------------------------------ */

#define AWSM_DEFAULT_TABLE_LIMIT 10000000u /* elements, when a table declares no maximum */

typedef struct awsm_options {
  awsm_resolver resolve;     /* NULL: every import is unknown */
  void *resolve_data;        /* first argument of resolve */
  void *host;                /* stored in ctx->host before initialisation (WASI: awsm_wasi*) */
  /* Host limits on the memories and tables this instance defines, enforced at instantiation
   * (a larger minimum is AWSM_ERR_RESOURCE) and on every grow (memory.grow / table.grow
   * return -1 past them). */
  uint32_t max_memory_pages; /* 0: AWSM_MAX_PAGES (65535: 4 GiB - 64 KiB) */
  uint32_t max_table_elems;  /* 0: AWSM_DEFAULT_TABLE_LIMIT */
  void *user;                /* the embedder's pointer for this instance: awsm_instance_user() */
  /* The GC heap of the instance (below, "GC"): NULL for the heap of its first import provider
   * that has one, else the process's default heap. */
  struct awsm_gc_heap *gc_heap;
} awsm_options;

/*
 * Instantiates a compiled module: resolves and checks imports, creates memories, tables,
 * globals, function objects and segments, runs the module's initialisation (globals, element
 * and data segments) and its start function. Returns the instance, or NULL with err set:
 * AWSM_ERR_LINK for import errors, AWSM_ERR_TRAP/AWSM_ERR_EXIT/AWSM_ERR_EXCEPTION when
 * initialisation or the start function trapped, exited or threw (then err->instance is the
 * failed instance, see above),
 * AWSM_ERR_RESOURCE or AWSM_ERR_INVALID otherwise. opts may be NULL. err must not be NULL.
 * Instantiation is cheap (a few microseconds): memory reservations are reused from a pool.
 */
awsm_instance *awsm_instantiate(const awsm_module_desc *desc, const awsm_options *opts, awsm_error *err);

/* awsm_instantiate of an opened module, counted so that awsm_module_close can refuse to
 * unload it while the instance lives. */
awsm_instance *awsm_module_instantiate(awsm_module *m, const awsm_options *opts, awsm_error *err);

/*
 * Frees an instance: its memories (address-space reservations go back to the pool, zeroed),
 * tables, globals, function objects, host function objects and segments. Instances that import
 * from it must be freed first (or never used again); never call it while the instance is
 * executing. NULL is allowed.
 */
void awsm_instance_free(awsm_instance *inst);

/* The options' `user` pointer, and a way to change it. */
void *awsm_instance_user(const awsm_instance *inst);
void awsm_instance_set_user(awsm_instance *inst, void *user);

/*
 * Looks up an export by name (arbitrary bytes: name/len, NUL allowed). Returns 1 and fills
 * *out (out->instance = inst), or 0 when there is no such export.
 */
int awsm_instance_export(awsm_instance *inst, const char *name, size_t len, awsm_extern *out);

/* Exports by NUL-terminated name and kind; NULL when there is no export of that name and kind. */
awsm_func *awsm_instance_export_func(awsm_instance *inst, const char *name);
awsm_memory *awsm_instance_export_memory(awsm_instance *inst, const char *name);
awsm_table *awsm_instance_export_table(awsm_instance *inst, const char *name);
/* A global's 16-byte cell (read and write the member of its type); *type (if not NULL) gets
 * its AWSM_T_* code and *mutable_ (if not NULL) 1 if it is mutable. Writing an immutable
 * global is undefined: generated code may have folded its value. */
awsm_value *awsm_instance_export_global(awsm_instance *inst, const char *name, uint32_t *type, uint32_t *mutable_);

/* A tag export by NUL-terminated name, or NULL. */
awsm_tag *awsm_instance_export_tag(awsm_instance *inst, const char *name);

/* The instance's memory number `index` (imported or defined), or NULL. Host functions use
 * awsm_instance_memory(caller, 0) for the caller's memory. */
awsm_memory *awsm_instance_memory(awsm_instance *inst, uint32_t index);

/* ---- linear memory access (bounds-checked) ------------------------------------------------ */

/* Current size in bytes (pages * 64 KiB). */
uint64_t awsm_memory_size(const awsm_memory *m);
/* Copy len bytes at offset out of / into memory. 0, or -1 (nothing copied) when
 * [offset, offset + len) is not inside the memory. */
int awsm_memory_read(const awsm_memory *m, uint64_t offset, void *dst, size_t len);
int awsm_memory_write(awsm_memory *m, uint64_t offset, const void *src, size_t len);
/*
 * A pointer to [offset, offset + len) inside the memory, or NULL when the range is not inside.
 * Memory never moves and never shrinks, so the pointer stays valid while the memory lives;
 * the guest may change the bytes at any time it runs (copy before checking, then use the copy).
 */
void *awsm_memory_data(awsm_memory *m, uint64_t offset, uint64_t len);
/* A NUL-terminated string at offset: its length (excluding the NUL) when a NUL occurs at or
 * before offset + max_len inside the memory, else -1. */
int64_t awsm_memory_strlen(const awsm_memory *m, uint64_t offset, uint64_t max_len);

/* ---- host functions ------------------------------------------------------------------- */

/*
 * Creates a host function object owned by `owner` (freed with it): signature string `sig`
 * (see awsm_abi.h; copied by pointer, so it must outlive the object), native `code` called as
 * code(ctx, params...) and returning like a Wasm function of that signature, and `tramp`,
 * the generic trampoline for that signature (NULL: awsm_host_trampoline(sig)). Returns NULL
 * when out of memory or when tramp is NULL and the signature needs a hand-written one.
 * When awsm_host_trampoline(sig) covers the signature, the object's code and ctx are a
 * wrapper that calls code(ctx, ...) and then honours a pending interrupt (a Wasm loop that
 * only calls host functions stays interruptible); never call through them yourself: use
 * awsm_call.
 */
awsm_func *awsm_instance_host_func(awsm_instance *owner, const char *sig, void *code, awsm_trampoline tramp,
                                   void *ctx);

/*
 * A trampoline for host functions of signature `sig`, for the calls the runtime makes through
 * awsm_call (a Wasm module re-exporting an imported host function, say); Wasm code itself
 * calls host functions directly. Covers every signature with at most one result, no v128 and
 * at most 5 (x86-64) or 7 (AArch64, RISC-V 64) integer/reference and 8 floating-point
 * parameters; NULL otherwise, and always on 32-bit ARM (write one: see awsm_abi.h and
 * docs/embedding.md).
 */
awsm_trampoline awsm_host_trampoline(const char *sig);

/*
 * A host function to import: module and name (NUL-terminated), signature string and the C
 * function, declared with the calling instance first:
 *
 *   static uint32_t my_add(awsm_instance *caller, uint32_t a, uint32_t b) { return a + b; }
 *   static const awsm_host_func_def env[] = {
 *     {"env", "add", "ii:i", (void *)my_add, NULL},
 *   };
 *
 * Types: i -> uint32_t/int32_t, I -> uint64_t/int64_t, f -> float, F -> double, r/e -> void *.
 * Several results follow LLVM's convention for a returned literal struct (see docs/abi.md).
 * `tramp` NULL: awsm_host_trampoline(sig). The function may read the caller's memory
 * (awsm_instance_memory(caller, 0)), use awsm_instance_user(caller), fail with
 * awsm_trap_host(), and call back into Wasm with awsm_call.
 */
typedef struct awsm_host_func_def {
  const char *module;
  const char *name;
  const char *sig;
  void *code;
  awsm_trampoline tramp;
} awsm_host_func_def;

/* Imports of `module` resolved against the exports of `instance` (the instance becomes part of
 * the importer's group: calls go straight from one to the other). */
typedef struct awsm_instance_binding {
  const char *module;
  awsm_instance *instance;
} awsm_instance_binding;

/* An object the host made (awsm_memory_new, awsm_table_new, a global cell) imported as
 * module.name: `ext` says what (ext.instance NULL). */
typedef struct awsm_extern_def {
  const char *module;
  const char *name;
  awsm_extern ext;
} awsm_extern_def;

/*
 * The ready-made resolver's data: host functions, instances and host objects, looked up in
 * that order; anything not found goes to `next` (e.g. awsm_wasi_resolve, with next_data the
 * awsm_wasi), else is an unknown import. The arrays are read during instantiation only.
 *
 *   awsm_imports imp = {.funcs = env, .num_funcs = 1,
 *                       .instances = (awsm_instance_binding[]){{"lib", lib}}, .num_instances = 1};
 *   awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imp};
 */
typedef struct awsm_imports {
  const awsm_host_func_def *funcs;
  size_t num_funcs;
  const awsm_instance_binding *instances;
  size_t num_instances;
  const awsm_extern_def *externs;
  size_t num_externs;
  awsm_resolver next;
  void *next_data;
} awsm_imports;

int awsm_imports_resolve(void *imports, awsm_instance *importer, const awsm_import_desc *import, awsm_extern *out,
                         awsm_error *err);

/* ---- calls ---------------------------------------------------------------------------- */

/*
 * Calls function object f with a trap handler armed: parameters in args_results[0..n), the
 * results are stored in args_results[0..m) (size the array for max(n, m)). `inst` is the
 * instance f was exported from (it selects the group whose stack limit is set for this
 * thread and whose memories a fault is checked against, and is the instance
 * awsm_instance_interrupt targets); when NULL, a Wasm function object (funcidx != UINT32_MAX)
 * stands for its own instance (f->ctx).
 * Returns 0 on success, or -1 with err filled in: AWSM_ERR_TRAP (message names the function),
 * AWSM_ERR_EXIT (proc_exit), or AWSM_ERR_EXCEPTION (a Wasm exception nothing caught). Calls may nest: a host function called from Wasm may call
 * awsm_call again. err must not be NULL.
 */
int awsm_call(awsm_instance *inst, const awsm_func *f, awsm_value *args_results, awsm_error *err);

/*
 * awsm_call with a deadline: an absolute time on CLOCK_MONOTONIC in nanoseconds
 * (awsm_monotonic_ns() + timeout). Past it the call traps with AWSM_TRAP_INTERRUPTED
 * ("interrupted"), as awsm_instance_interrupt would make it. 0 means no deadline.
 * AWSM_ERR_RESOURCE if the watchdog thread cannot be started.
 */
int awsm_call_with_deadline(awsm_instance *inst, const awsm_func *f, awsm_value *args_results, uint64_t deadline_ns,
                            awsm_error *err);
uint64_t awsm_monotonic_ns(void);

/*
 * Calls export `name` (NUL-terminated): nargs arguments, up to nresults results (results may
 * alias args). AWSM_ERR_INVALID when there is no such function export, nargs differs from its
 * parameter count or nresults is smaller than its result count.
 */
int awsm_call_export(awsm_instance *inst, const char *name, const awsm_value *args, size_t nargs,
                     awsm_value *results, size_t nresults, awsm_error *err);

/*
 * Calls export `name` with C arguments matching its signature, then one pointer per result:
 *   i32: int32_t/uint32_t (int)          result: uint32_t * (or int32_t *)
 *   i64: int64_t/uint64_t (cast literals: (int64_t)5)   result: uint64_t *
 *   f32, f64: double (a float is promoted)              result: float *, double *
 *   funcref, externref: void *                          result: void **
 * v128 is not supported here (use awsm_call_export). Example, for (i32, i32) -> i32:
 *   uint32_t r; if (awsm_callf(inst, "add", &err, 2, 3, &r) == 0) printf("%u\n", r);
 * Passing a type that does not match the signature is undefined behaviour, as with printf.
 */
int awsm_callf(awsm_instance *inst, const char *name, awsm_error *err, ...);

/* Number of parameters and results of a signature string ("iI:f" -> 2 and 1). */
uint32_t awsm_sig_params(const char *sig);
uint32_t awsm_sig_results(const char *sig);

/* ---- interrupting running code -------------------------------------------------------- */

/*
 * Makes the call that entered Wasm through `inst` (awsm_call's instance argument, or the
 * function's own instance) trap with AWSM_TRAP_INTERRUPTED as soon as possible. May be called
 * from any thread (not from a signal handler). Returns 1 if a call was running, 0 if not (the
 * request is then dropped: it never affects a later call).
 *
 * How: the runtime signals the thread running the call (awsm_interrupt_signal()). If the
 * thread is in the module's generated code, it unwinds at once; if it is in a host function or
 * the runtime, the next Wasm function that makes a call traps, and the signal is repeated
 * (every millisecond or so) until the call has ended. Nested calls made by host functions
 * meanwhile trap at once. Loops without calls are interrupted by the signal alone.
 */
int awsm_instance_interrupt(awsm_instance *inst);

/* The signal used for interrupts (a real-time signal; default SIGRTMIN + 3). Setting it is
 * possible only before the runtime's first instantiation or call: returns 0, or -1 after. */
int awsm_interrupt_signal(void);
int awsm_set_interrupt_signal(int sig);

/* ---- for host functions called from Wasm ---------------------------------------------- */

/* Traps with kind AWSM_TRAP_HOST and a printf-formatted message; unwinds to the innermost
 * awsm_call. ctx is the calling instance or NULL. Only valid inside awsm_call. */
__attribute__((noreturn, format(printf, 2, 3))) void awsm_trap_host(awsm_instance *ctx, const char *fmt, ...);
/* Unwinds to the innermost awsm_call, which reports AWSM_ERR_EXIT with `status` (proc_exit). */
__attribute__((noreturn)) void awsm_trap_exit(awsm_instance *ctx, int32_t status);
/* Re-raises an error a nested awsm_call returned (trap, exit or exception) in the enclosing
 * call. */
__attribute__((noreturn)) void awsm_trap_error(awsm_instance *ctx, const awsm_error *err);

/* ---- exceptions (docs/embedding.md, "Exceptions") ---------------------------------------- */

/*
 * A tag made by the host, owned by `owner` (freed with it): `sig` is the payload's types as a
 * signature string with no results ("iF:"; copied by pointer, so it must outlive the tag).
 * Import it into modules (awsm_extern kind AWSM_EXTERN_TAG) to throw or catch exceptions of
 * it. NULL when out of memory.
 */
awsm_tag *awsm_tag_new(awsm_instance *owner, const char *sig);
/*
 * A new exception of `tag` with the payload values[0..n) (n: the tag's parameter count), for
 * awsm_throw. It lives for the rest of the process. NULL when out of memory.
 */
awsm_exn *awsm_exception_new(awsm_tag *tag, const awsm_value *values);
/*
 * Throws `e` from a host function called by Wasm: the innermost try_table that catches its
 * tag gets it, else the innermost awsm_call returns AWSM_ERR_EXCEPTION. An exception an
 * awsm_call returned (err.exception) is rethrown the same way (or with awsm_trap_error).
 * Only valid inside awsm_call.
 */
__attribute__((noreturn)) void awsm_throw(awsm_exn *e);

/* ---- host-created memories and tables (e.g. the spec host's "spectest" module) ---------- */

/* A linear memory of min_pages, with maximum max_pages when has_max. Guard mode: an 8 GiB
 * reservation. Returns NULL with err set on failure. Free with awsm_memory_free after every
 * instance importing it. */
awsm_memory *awsm_memory_new(uint32_t min_pages, uint32_t has_max, uint32_t max_pages, awsm_error *err);
/* A linear memory of any type (awsm_abi.h's awsm_memory_desc: limits in its own pages of
 * 2^page_size_log2 bytes, 64 KiB or 1 byte; addr64 for a 64-bit memory). A module imports it
 * only when both page size and address type match its import's. */
awsm_memory *awsm_memory_new_type(const awsm_memory_desc *type, awsm_error *err);
void awsm_memory_free(awsm_memory *m);
/* memory.grow on a memory object: old size in pages, or 0xFFFFFFFF. */
uint32_t awsm_memory_grow_object(awsm_memory *m, uint32_t delta_pages);

/* A table of elem_type (AWSM_T_FUNCREF or AWSM_T_EXTERNREF), all null. */
awsm_table *awsm_table_new(uint32_t elem_type, uint32_t min, uint32_t has_max, uint32_t max, awsm_error *err);
/* The same for a 64-bit table (table64: i64 indices), e.g. the spec host's "table64". */
awsm_table *awsm_table_new64(uint32_t elem_type, uint64_t min, uint32_t has_max, uint64_t max, awsm_error *err);
void awsm_table_free(awsm_table *t);
/* table.grow on a table object: old size, or 0xFFFFFFFF. */
uint32_t awsm_table_grow_object(awsm_table *t, void *init, uint32_t delta);

/*
 * The pool of memory reservations: a freed memory's 8 GiB reservation is zeroed and kept for
 * the next one (up to this many; default 128), which makes instantiation cheap. Returns the
 * previous limit; lowering it releases the surplus at once (0 empties the pool).
 */
size_t awsm_memory_pool_limit(size_t max_free);

/* ---- GC: the managed heap (docs/gc.md) ----------------------------------------------------
 *
 * GC objects (structs and arrays of the GC proposal) live in a heap: a non-moving mark-sweep
 * collector over one reserved address range. An instance uses a heap when its module has GC
 * types or reference-typed globals, tables or element segments (anyref or externref): the
 * heap of awsm_options.gc_heap, else of its import providers, else the default heap. All
 * instances using one heap form one store: use them from one thread at a time (a collection
 * scans the current thread's stack and every instance of the heap). Instances linked through
 * imports must use the same heap.
 *
 * Reference values (awsm_value.ref of AWSM_T_ANYREF): NULL, an i31 (awsm_gc_i31), a struct or
 * array object, or a host value boxed by awsm_gc_from_host. Between calls, the host keeps
 * references alive only through handles (awsm_gc_root); a reference held in a local variable of
 * the host's own C stack is also safe while that frame is live and this thread is the one using
 * the heap (its stack is scanned conservatively), but one in malloc'd memory is not.
 */
typedef struct awsm_gc_heap awsm_gc_heap;
typedef struct awsm_gc_handle awsm_gc_handle;

#define AWSM_DEFAULT_MAX_HEAP ((uint64_t)1 << 30) /* bytes: the default heap's default limit */

/* A new, empty heap with a limit of max_bytes (0: AWSM_DEFAULT_MAX_HEAP); address space is
 * reserved on its first allocation. NULL with err set when out of memory. */
awsm_gc_heap *awsm_gc_heap_new(uint64_t max_bytes, awsm_error *err);
/* Frees a heap and every object in it; every instance using it must have been freed. */
void awsm_gc_heap_free(awsm_gc_heap *h);
/* The default heap (made on first use), and its limit: settable before its first
 * allocation only (returns 0, else -1); awsm run's --max-heap sets it. */
awsm_gc_heap *awsm_gc_default_heap(void);
int awsm_gc_set_default_max_heap(uint64_t max_bytes);
/* The heap an instance uses, or NULL when it uses none. */
awsm_gc_heap *awsm_instance_gc_heap(const awsm_instance *inst);

/* A full collection now (from the host, outside Wasm, or in a host function). */
void awsm_gc_collect(awsm_gc_heap *h);

typedef struct awsm_gc_stats {
  uint64_t max_bytes;        /* the limit */
  uint64_t heap_bytes;       /* pages in use (objects, their free slots, large objects) */
  uint64_t live_bytes;       /* object bytes after the last collection plus those allocated since */
  uint64_t live_objects;     /* objects, counted the same way */
  uint64_t allocated_bytes;  /* total object bytes ever allocated */
  uint64_t collections;      /* collections run */
} awsm_gc_stats;
void awsm_gc_heap_stats(const awsm_gc_heap *h, awsm_gc_stats *out);

/* A handle roots `ref` (any reference value; NULL and i31 allowed) until awsm_gc_unroot.
 * NULL when out of memory. */
awsm_gc_handle *awsm_gc_root(awsm_gc_heap *h, void *ref);
void *awsm_gc_handle_get(const awsm_gc_handle *handle);
void awsm_gc_handle_set(awsm_gc_handle *handle, void *ref);
void awsm_gc_unroot(awsm_gc_handle *handle);

/* i31 references: a tagged word, never an allocation. */
static inline void *awsm_gc_i31(uint32_t v) { return (void *)((((uintptr_t)v & 0x7FFFFFFFu) << 1) | 1u); }
static inline int awsm_gc_is_i31(const void *ref) { return ((uintptr_t)ref & 1u) != 0; }
static inline int32_t awsm_gc_i31_get_s(const void *ref) { return (int32_t)(uint32_t)(uintptr_t)ref >> 1; }
static inline uint32_t awsm_gc_i31_get_u(const void *ref) { return (uint32_t)((uintptr_t)ref >> 1) & 0x7FFFFFFFu; }

/* What a reference value is. */
typedef enum awsm_gc_kind {
  AWSM_GC_NULL = 0,
  AWSM_GC_I31 = 1,
  AWSM_GC_STRUCT = 2,
  AWSM_GC_ARRAY = 3,
  AWSM_GC_HOST = 4,  /* a host value as an anyref (awsm_gc_from_host, any.convert_extern) */
} awsm_gc_kind;
awsm_gc_kind awsm_gc_kind_of(const void *ref);
/* The RTT of a struct or array object (its type: canon, fields, offsets), else NULL. */
const awsm_rtt *awsm_gc_rtt_of(const void *ref);
/* An array's length. */
uint32_t awsm_gc_array_len(const void *arr);
/* A host externref value as an anyref: what any.convert_extern makes of it (NULL stays NULL;
 * an externref that came from extern.convert_any becomes that reference again). NULL when
 * out of memory (after a collection), with `ext` not NULL. */
void *awsm_gc_from_host(awsm_gc_heap *h, void *ext);
/* The host value of an AWSM_GC_HOST reference (stored in *out): 1, else 0. */
int awsm_gc_host_value(const void *ref, void **out);

/* ---- WASI preview1 (runtime/src/wasi*.c, docs/wasi.md) ----------------------------------- */

typedef struct awsm_wasi awsm_wasi;

/* WASI state: the program's arguments and environment ("NAME=value" strings), both copied.
 * The environment is empty unless entries are passed. Descriptors 0-2 are the process's
 * standard streams (shared, never closed by the guest). Returns NULL when out of memory. */
awsm_wasi *awsm_wasi_new(int argc, const char *const *argv, int envc, const char *const *envp);
/* Frees the state and closes every descriptor it opened (not the standard streams). */
void awsm_wasi_free(awsm_wasi *w);

/*
 * Gives the guest the host directory `host_path` as a preopened directory named `guest_path`
 * (NULL or "": host_path), at the lowest free descriptor (3 for the first). Paths the guest
 * resolves through it never lead outside it (openat2 RESOLVE_BENEATH, or a checked walk).
 * Returns the guest descriptor, or -1 with a one-line message in err.
 */
int awsm_wasi_preopen_dir(awsm_wasi *w, const char *host_path, const char *guest_path, awsm_error *err);
/* Binds a TCP socket to "ADDRESS:PORT" ("127.0.0.1:8080", "[::1]:8080", "localhost:0"),
 * listens, and gives it to the guest (sock_accept) at the lowest free descriptor. Returns the
 * guest descriptor, or -1 with a one-line message in err. */
int awsm_wasi_tcplisten(awsm_wasi *w, const char *addr_port, awsm_error *err);
/* Gives the guest a listening socket the host made; `host_fd` belongs to w from then on. */
int awsm_wasi_add_listener(awsm_wasi *w, int host_fd, awsm_error *err);

/*
 * An awsm_resolver for the module "wasi_snapshot_preview1" (data = the awsm_wasi*): returns 0
 * for other modules and for functions it does not provide, -1 with a one-line message when
 * the module expects another signature or kind. The importing instance's ctx->host must be
 * this awsm_wasi (set awsm_options.host), or NULL (then it is set).
 */
int awsm_wasi_resolve(void *wasi, awsm_instance *importer, const awsm_import_desc *import, awsm_extern *out,
                      awsm_error *err);

/* ---- wasi-threads (docs/threads.md) ----------------------------------------------------- */

/*
 * wasi-threads for the instances of `module`: `opts` are the options of every instance (the
 * first, which runs _start, and one per spawned thread); their resolver (awsm_wasi_resolve,
 * say) gets every import this does not provide. awsm_wasi_threads_options() gives the options
 * to instantiate with: the resolver awsm_wasi_threads_resolve, which provides
 * `(import "wasi" "thread-spawn" (func (param i32) (result i32)))` and every imported shared
 * memory (one per import, made from the import's type on first use and shared by every
 * instance), and `user` set to the state (thread-spawn finds it there). thread-spawn runs
 * `wasi_thread_start(tid, arg)` of a new instance on a new OS thread and returns tid, or a
 * negative number past `max_threads` spawned threads alive at once. proc_exit in any spawned
 * thread ends the process with its status; a trap there ends it with status 134 after one
 * line "awsm: trap: MESSAGE" on stderr. Returns NULL with err set when out of memory.
 */
typedef struct awsm_wasi_threads awsm_wasi_threads;
awsm_wasi_threads *awsm_wasi_threads_new(const awsm_module_desc *module, const awsm_options *opts,
                                         uint32_t max_threads, awsm_error *err);
const awsm_options *awsm_wasi_threads_options(const awsm_wasi_threads *wt);
int awsm_wasi_threads_resolve(void *wt, awsm_instance *importer, const awsm_import_desc *import, awsm_extern *out,
                              awsm_error *err);
/* Spawned threads alive now (returned from wasi_thread_start: no longer counted). */
uint32_t awsm_wasi_threads_live(const awsm_wasi_threads *wt);
/* Frees the state and its shared memories: only once no instance uses them. */
void awsm_wasi_threads_free(awsm_wasi_threads *wt);

#ifdef __cplusplus
}
#endif
#endif /* AWSM_H */
