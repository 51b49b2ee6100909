/*
 * awsm_wasi2.h — the WASI 0.2 host for components (issue 20, docs/components.md).
 *
 * A component's core modules import the WASI 0.2 functions it lowers (`canon lower` of an
 * import such as `wasi:io/streams@0.2.3` `[method]output-stream.blocking-write-and-flush`).
 * Each lowered import becomes a host function object (awsm_instance_host_func) whose code is
 * the function awsm_wasi2_lookup finds and whose ctx is the awsm_canon_opts of that
 * `canon lower`: the C function is called as code(const awsm_canon_opts *opts, flat params...)
 * with the core (flattened) signature `sig`, reads and writes the component's memory through
 * opts->memory, allocates results there with opts->realloc, and keeps its resources (streams,
 * pollables, descriptors, ...) in handle tables of opts->wasi.
 *
 * This header is the contract between the component runner (the code that instantiates a
 * component's core modules: src/component, runtime component glue) and the host
 * (runtime/src/wasi2/). docs/wasi2.md lists the functions provided, the handle tables, the
 * sandbox and the traps.
 */
#ifndef AWSM_WASI2_H
#define AWSM_WASI2_H

#include "awsm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The WASI 0.2 host state of one component instance: resource tables, and the preview1 state
 * it is built on (arguments, environment, preopened directories and their sandbox). */
typedef struct awsm_wasi2 awsm_wasi2;

/* A host over `base` (args, env, preopens; base must outlive it). NULL with err on failure. */
awsm_wasi2 *awsm_wasi2_new(awsm_wasi *base, awsm_error *err);
/* Frees the state and every resource still in its tables. */
void awsm_wasi2_free(awsm_wasi2 *w);
/* Marks a realloc of the component as running (on != 0) or done, for a realloc the host does
 * not call itself (a fused adapter's, the component API's): meanwhile every host function
 * that checks may_leave traps, as during the host's own realloc calls. */
void awsm_wasi2_in_realloc(awsm_wasi2 *w, int on);

/* String encodings of the canonical options. */
enum {
  AWSM_CANON_UTF8 = 0,
  AWSM_CANON_UTF16 = 1,
  AWSM_CANON_LATIN1_UTF16 = 2,
};

/* The canonical options of one `canon lower`, bound when the component is instantiated. */
typedef struct awsm_canon_opts {
  awsm_wasi2 *wasi;                /* the host state */
  awsm_memory *memory;             /* the `memory` option, or NULL */
  awsm_instance *realloc_instance; /* the instance `realloc` belongs to, or NULL */
  const awsm_func *realloc;        /* the `realloc` option (i32 i32 i32 i32 -> i32), or NULL */
  uint8_t string_encoding;         /* AWSM_CANON_* */
} awsm_canon_opts;

/* A lowered host function: its core signature (awsm signature string, e.g. "iiii:") and
 * the C code, called as code(const awsm_canon_opts *opts, params...). `tramp` is the
 * trampoline to give awsm_instance_host_func (never NULL): the generic one does not cover
 * every signature (descriptor.open-at has 7 integer parameters; on 32-bit ARM it covers none),
 * and awsm_instance_host_func refuses a NULL trampoline it cannot replace. */
typedef struct awsm_wasi2_func {
  const char *sig;
  void *code;
  awsm_trampoline tramp;
} awsm_wasi2_func;

/*
 * The host function for `name` of interface `iface`: `iface` is "wasi:PKG/IFACE@0.2.N" (any
 * 0.2.x patch version), `name` a function ("get-environment"), method
 * ("[method]output-stream.write"), static or constructor name, or "[resource-drop]R" for the
 * `canon resource.drop` of an imported resource R. Returns 0 and fills *out, or -1 when the
 * host does not provide it.
 */
int awsm_wasi2_lookup(const char *iface, const char *name, awsm_wasi2_func *out);

#ifdef __cplusplus
}
#endif

#endif
