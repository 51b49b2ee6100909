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
 *
 * The descriptor also lists every exported function with its component type (a type table,
 * awsm_ctype) and canonical options: the component API below instantiates a component and
 * calls its exports with typed values (awsm_cval), lowering and lifting them with the
 * canonical ABI (runtime/src/canon*.c, component_call.c; docs/embedding.md "Components").
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
  /* The built-ins of a resource the component defines, `host` its index in resources, `cinst`
   * the component instance whose handle table they use. */
  AWSM_WIRE_RESOURCE_NEW = 2,
  AWSM_WIRE_RESOURCE_REP = 3,
  AWSM_WIRE_RESOURCE_DROP = 4,
  /* The runtime's built-ins a fused adapter imports (src/component/adapter-resource.ts):
   * enter(caller, callee), exit(), leave(instance, flag), own/borrow(h, from, to, resource). */
  AWSM_WIRE_CANON_ENTER = 5,
  AWSM_WIRE_CANON_EXIT = 6,
  AWSM_WIRE_CANON_LEAVE = 7,
  AWSM_WIRE_CANON_OWN = 8,
  AWSM_WIRE_CANON_BORROW = 9,
};

typedef struct awsm_component_wire {
  const char *module; /* the import's module and name */
  const char *name;
  uint32_t module_len;
  uint32_t name_len;
  uint32_t kind;      /* AWSM_WIRE_* */
  uint32_t host;      /* AWSM_WIRE_HOST: index in hosts; AWSM_WIRE_RESOURCE_*: in resources */
  awsm_component_ref from; /* AWSM_WIRE_EXPORT */
  uint32_t cinst;     /* AWSM_WIRE_RESOURCE_*: the component instance (0: the outer component) */
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

/* ---- component types (the exported functions' types, as data) ---- */

/* The kinds of component value types (and of typed values, awsm_cval). */
typedef enum awsm_ctype_kind {
  AWSM_CT_BOOL = 0,
  AWSM_CT_S8, AWSM_CT_U8, AWSM_CT_S16, AWSM_CT_U16, AWSM_CT_S32, AWSM_CT_U32, AWSM_CT_S64, AWSM_CT_U64,
  AWSM_CT_F32, AWSM_CT_F64, AWSM_CT_CHAR, AWSM_CT_STRING,
  AWSM_CT_LIST, AWSM_CT_RECORD, AWSM_CT_TUPLE, AWSM_CT_VARIANT, AWSM_CT_ENUM, AWSM_CT_OPTION,
  AWSM_CT_RESULT, AWSM_CT_FLAGS, AWSM_CT_OWN, AWSM_CT_BORROW,
  AWSM_CT_UNIT, /* not a type: the "result" of a function without one (awsm_cval only) */
} awsm_ctype_kind;

/*
 * One entry of a component's type table: `types` are indices in the same table.
 *   LIST: count 1, types {elem}          OPTION: count 1, types {payload}
 *   RESULT: count 2, types {ok, err}, AWSM_COMPONENT_NONE for no payload
 *   RECORD: count fields, types and labels (field names)
 *   TUPLE: count members, types          VARIANT: count cases, types (NONE: no payload), labels
 *   ENUM, FLAGS: count labels, labels    OWN, BORROW: count = the resource's id
 * The primitive kinds have count 0 and no types.
 */
typedef struct awsm_ctype {
  uint32_t kind; /* awsm_ctype_kind */
  uint32_t count;
  const uint32_t *types;
  const char *const *labels;
} awsm_ctype;

/* An exported function: its name, component function type and the canonical options of the
 * `canon lift` it comes from. */
typedef struct awsm_component_export {
  const char *name;   /* "add", or "IFACE#NAME" for a function of an exported instance */
  uint32_t num_params;
  const uint32_t *params;          /* parameter types (type table indices) */
  const char *const *param_names;
  uint32_t result;                 /* the result type, or AWSM_COMPONENT_NONE */
  awsm_component_ref core;         /* the core function lifted */
  awsm_component_ref memory;       /* canonical options: instance NONE when absent */
  awsm_component_ref realloc;
  awsm_component_ref post_return;
  uint32_t string_encoding;        /* AWSM_CANON_* of awsm_wasi2.h */
  uint32_t cinst;                  /* the component instance that lifts it: whose handle table */
} awsm_component_export;

/* A resource type the component makes (one per instantiation of its definition): its name
 * (for messages), destructor, if any, and the component instance that defines it. */
typedef struct awsm_component_resource {
  const char *name;
  awsm_component_ref dtor; /* a core function [i32] -> [], or instance NONE */
  uint32_t instance;       /* the defining component instance: a borrow lent to it passes the rep */
} awsm_component_resource;

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
  const awsm_ctype *types;                    /* the type table of the exports' types */
  uint32_t num_types;
  uint32_t num_exports;
  const awsm_component_export *exports;       /* every exported function */
  uint32_t num_resources;
  const awsm_component_resource *resources;   /* the resource types it defines (OWN/BORROW ids) */
  uint32_t num_cinstances;                    /* component instances (nested ones inlined): a handle table each */
} awsm_component_desc;

/*
 * Instantiates the core instances of `d` in order over a WASI 0.2 host on `base` (limits:
 * the memory and table limits of every instance; its resolver is not used), calls `run` and
 * returns the exit status: 0 when run returned ok, 1 when it returned an error. -1 with err
 * set when the component cannot start (a host function the host does not provide: one line
 * naming the interface and function), traps, or exits (AWSM_ERR_EXIT: wasi:cli/exit).
 */
int awsm_component_run(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits, awsm_error *err);

/* ---- typed values and calls (the component API, docs/embedding.md) ---- */

/*
 * A component value. `kind` is an awsm_ctype_kind and says which member is set:
 *   BOOL b; S8..S64 s; U8..U64 u; F32 f32; F64 f64; CHAR ch (a Unicode scalar value);
 *   STRING str (UTF-8, NUL-terminated, len bytes); LIST, RECORD (fields in order), TUPLE list;
 *   VARIANT var (disc: the case, payload or NULL); ENUM var.disc; OPTION var (0 none, 1 some);
 *   RESULT var (0 ok, 1 err, payload or NULL); FLAGS flags (bit i: label i); OWN, BORROW
 *   handle (the host's handle of a resource: an own the component returned); UNIT nothing (a
 *   function without a result).
 * Values a call returns own their memory: free them with awsm_cval_free.
 */
typedef struct awsm_cval {
  uint32_t kind;
  union {
    int b;
    int64_t s;
    uint64_t u;
    float f32;
    double f64;
    uint32_t ch;
    uint32_t flags;
    uint32_t handle;
    struct { char *ptr; uint32_t len; } str;
    struct { struct awsm_cval *items; uint32_t len; } list;
    struct { uint32_t disc; struct awsm_cval *payload; } var;
  } u;
} awsm_cval;

/* Frees what `v` owns (strings, items, payloads), not `v` itself. NULL is allowed. */
void awsm_cval_free(awsm_cval *v);

/* A component instance: its core instances, the WASI 0.2 host they import from. */
typedef struct awsm_component awsm_component;

/*
 * Instantiates `d` over a WASI 0.2 host on `base` (arguments, environment, preopens; it must
 * outlive the instance). limits: memory and table limits of every core instance, or NULL.
 * NULL with err set when it cannot (a host function not provided, a trap in a start function).
 */
awsm_component *awsm_component_instantiate(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits,
                                           awsm_error *err);
/* Frees the instance and its core instances. NULL is allowed. */
void awsm_component_free(awsm_component *c);
/* The descriptor an instance was made from. */
const awsm_component_desc *awsm_component_descriptor(const awsm_component *c);

/*
 * The exported function `name`: its full name ("add", "test:api/math@0.1.0#add") or, when
 * exactly one export has it, the name after '#'. NULL when none or several match.
 */
const awsm_component_export *awsm_component_find(const awsm_component_desc *d, const char *name);

/*
 * Calls export `name` (as awsm_component_find) with `nargs` arguments of its parameter types:
 * lowers them into the component's memory (flat, or spilled through its realloc past 16 flat
 * values), calls the lifted core function, lifts the result into *result (a value of kind
 * UNIT for a function without one; free it with awsm_cval_free), then calls post-return.
 * Returns 0, or -1 with err set: AWSM_ERR_INVALID for an unknown name or arguments of the
 * wrong number or kinds; AWSM_ERR_TRAP for a trap in the component or a canonical ABI trap
 * in lifting its result (invalid UTF-8, a discriminant or char out of range, a pointer out of
 * bounds or misaligned); AWSM_ERR_EXIT when the component exits.
 */
int awsm_component_call(awsm_component *c, const char *name, const awsm_cval *args, size_t nargs, awsm_cval *result,
                        awsm_error *err);

/*
 * Resources the component defines: an own handle a call returns belongs to the host (a handle
 * in the instance's host table). Passing it as an own argument gives it back to the component
 * (the host's handle ends); as a borrow, lends it for the call (the callee gets its rep).
 * awsm_component_drop drops the host's handle and calls the resource's destructor. -1 with
 * err: AWSM_ERR_INVALID for a handle the host does not hold, or the destructor's trap.
 */
int awsm_component_drop(awsm_component *c, uint32_t handle, awsm_error *err);

/*
 * WAVE, the value syntax of wasmtime's --invoke: parses `call` ("f(1, \"x\", [1, 2])") into
 * the export it names and its arguments (*args: an array of *nargs values; free each and the
 * array), typed by the export's parameters. -1 with err (AWSM_ERR_INVALID, one line with the
 * position) when it does not parse or does not fit the types.
 */
int awsm_wave_parse_call(const awsm_component_desc *d, const char *call, const awsm_component_export **f,
                         awsm_cval **args, size_t *nargs, awsm_error *err);
/* `v` of type `type` (a type table index; NONE for UNIT) in WAVE, malloc'd (NULL when out of memory). */
char *awsm_wave_print(const awsm_component_desc *d, uint32_t type, const awsm_cval *v);

/* Runs the calls of AWSM_INVOKE (runtime/main.c): "CALL" runs one and prints its result; "-"
 * reads one call per line from descriptor 3 and answers each there ("ok VALUE", "error trap
 * MESSAGE", "error invalid MESSAGE", "exit N"); a line "!drop N" drops the host's handle N
 * (awsm_component_drop). Returns the exit status (0, or as awsm_component_run). */
int awsm_component_invoke(const awsm_component_desc *d, awsm_wasi *base, const awsm_options *limits, const char *call,
                          awsm_error *err);

#ifdef __cplusplus
}
#endif

#endif
