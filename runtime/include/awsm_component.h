/*
 * awsm_component.h — the descriptor of a compiled component and its runner (issue 20,
 * docs/components.md).
 *
 * `awsm compile` of a component compiles each of its core modules on its own (symbol prefix
 * NAME_mK, descriptor NAME_mK_module) and generates this descriptor from the component's
 * instantiation plan (src/component/plan.ts, written as C by src/driver/component.ts): the
 * core instances to create in order, where each of their imports comes from (another core
 * instance's export, or a host function: a lowered WASI 0.2 import or the resource.drop of an
 * imported resource, with its canonical options), and the core function lifted as
 * `wasi:cli/run`'s `run`. runtime/main.c finds it as `awsm_main_component` and calls its
 * `start` (awsm_component_run, runtime/src/component.c), which gives the host functions
 * through awsm_wasi2_lookup (awsm_wasi2.h).
 */
#ifndef AWSM_COMPONENT_H
#define AWSM_COMPONENT_H

#include "awsm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* No instance: an absent option. */
#define AWSM_COMPONENT_NONE 0xFFFFFFFFu

/* An export of a core instance created before (index in awsm_component_desc.instances). */
typedef struct awsm_component_ref {
  uint32_t instance; /* AWSM_COMPONENT_NONE: none */
  uint32_t name_len;
  const char *name;
} awsm_component_ref;

/* Where one import of a core instance comes from. */
enum {
  AWSM_WIRE_EXPORT = 0, /* from.instance's export from.name */
  AWSM_WIRE_HOST = 1,   /* host function number `host` (awsm_component_desc.hosts) */
};

typedef struct awsm_component_wire {
  const char *module; /* the import's module and name */
  const char *name;
  uint32_t module_len;
  uint32_t name_len;
  uint32_t kind;      /* AWSM_WIRE_* */
  uint32_t host;      /* AWSM_WIRE_HOST: index in hosts */
  awsm_component_ref from; /* AWSM_WIRE_EXPORT */
} awsm_component_wire;

/* A host function: a lowered import (its interface and function name, its canonical
 * options), or the resource.drop of an imported resource (name "[resource-drop]R"). */
typedef struct awsm_component_host {
  const char *iface;  /* "wasi:io/streams@0.2.3", NUL-terminated */
  const char *name;   /* "[method]output-stream.write", NUL-terminated */
  awsm_component_ref memory;
  awsm_component_ref realloc;
  uint32_t string_encoding; /* AWSM_CANON_* */
} awsm_component_host;

/* One core instance: the module compiled and its imports, in any order. */
typedef struct awsm_component_instance {
  const awsm_module_desc *module;
  const awsm_component_wire *wires;
  uint32_t num_wires;
} awsm_component_instance;

typedef struct awsm_component_desc {
  const char *name;                           /* the component's name (--name) */
  const awsm_component_instance *instances;   /* in creation order */
  uint32_t num_instances;
  uint32_t num_hosts;
  const awsm_component_host *hosts;
  awsm_component_ref run;                     /* the core function lifted as wasi:cli/run's run */
  awsm_component_ref run_post_return;         /* its post-return, or instance NONE */
  /* awsm_component_run, named here so that only component executables link the runner. */
  int (*start)(const struct awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits, awsm_error *err);
} awsm_component_desc;

/*
 * Instantiates the core instances of `d` in order over a WASI 0.2 host on `base` (limits:
 * the memory and table limits of every instance; its resolver is not used), calls `run` and
 * returns the exit status: 0 when run returned ok, 1 when it returned an error. -1 with err
 * set when the component cannot start (a host function the host does not provide: one line
 * naming the interface and function), traps, or exits (AWSM_ERR_EXIT: wasi:cli/exit).
 */
int awsm_component_run(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits, awsm_error *err);

#ifdef __cplusplus
}
#endif

#endif
