/*
 * canon.h — the canonical ABI on the host side (issue 20; docs/components.md), private to the
 * runtime:
 *
 *   canon_utf.c   UTF-8 and UTF-16 code points: shared with the WASI 0.2 host (wasi2_canon.c)
 *   canon.c       sizes, alignments and flattening of the type table of a component
 *                 descriptor (awsm_component.h), and lowering and lifting of awsm_cval values
 *                 into and out of a component's memory, with the ABI's checks as errors
 *   canon_wave.c  WAVE text (wasmtime's --invoke syntax) to values and back
 *
 * Unlike the WASI host, which traps from inside a host function (it runs inside awsm_call),
 * these functions run outside Wasm and report every failure through an awsm_error.
 */
#ifndef AWSM_CANON_H
#define AWSM_CANON_H

#include <stddef.h>
#include <stdint.h>

#include "awsm_component.h"
#include "awsm_wasi2.h"

/* ---- canon_utf.c ---- */

/* The code point at p (n bytes available): its length in bytes, or 0 when the sequence is
 * not valid UTF-8 (overlong, a surrogate, above U+10FFFF, cut short). */
size_t canon_utf8_next(const uint8_t *p, size_t n, uint32_t *cp);
/* Writes code point cp as UTF-8 (1 to 4 bytes) and returns the length. */
size_t canon_utf8_put(char *out, uint32_t cp);

/* What a UTF-8 string (invalid sequences counting as U+FFFD) takes in each encoding. */
typedef struct canon_str_info {
  uint64_t units16; /* UTF-16 code units (also the Latin-1 bytes when maxcp <= 0xFF) */
  uint64_t bytes8;  /* UTF-8 bytes */
  uint32_t maxcp;   /* the largest code point */
  int valid;        /* no invalid sequence */
} canon_str_info;
canon_str_info canon_measure(const uint8_t *s, size_t len);

/* The encodings canon_encode writes and canon_decode reads. */
enum { CANON_FORM_UTF8, CANON_FORM_LATIN1, CANON_FORM_UTF16 };

/* A string's length: below 2^31 code units; latin1+utf16 sets bit 31 for a UTF-16 string. */
#define CANON_MAX_STRING_UNITS 0x7FFFFFFFu
#define CANON_UTF16_TAG 0x80000000u

/* A string in a component's memory as lifting finds it (CanonicalABI.md load_string): its
 * form, its length in code units (the tag taken off) and in bytes, and its alignment. */
typedef struct canon_str_ref {
  int form;       /* CANON_FORM_* */
  uint32_t units; /* above CANON_MAX_STRING_UNITS: too long (a trap) */
  uint64_t bytes;
  uint32_t align;
} canon_str_ref;
canon_str_ref canon_string_ref(uint32_t encoding, uint32_t tagged_len);
/* The bytes canon_decode may write for s, without the terminating NUL. */
size_t canon_decode_room(canon_str_ref s);
/* Decodes the lifted string s at p into UTF-8 at out (room for canon_decode_room(s) + 1) and
 * terminates it: the byte length, or -1 when it is invalid (UTF-8: *bad is the offset of the
 * bad sequence; UTF-16: an unpaired surrogate; Latin-1 is always valid). */
int64_t canon_decode(const uint8_t *p, canon_str_ref s, char *out, size_t *bad);
/* Writes s (UTF-8; invalid sequences as U+FFFD) into out in `form` (Latin-1: every code
 * point must be below U+0100); returns the bytes written (canon_measure says how many). */
size_t canon_encode(const uint8_t *s, size_t len, int form, uint8_t *out);

/* ---- canon.c ---- */

/* The most flat values of a function's parameters, and of its results, before they spill. */
#define CANON_MAX_FLAT_PARAMS 16
#define CANON_MAX_FLAT_RESULTS 1

/* What lowering and lifting work with: the descriptor's types, the export's options. */
typedef struct canon_cx {
  const awsm_component_desc *d;   /* the type table */
  struct awsm_component *comp;    /* the instance (its handle tables), or NULL */
  awsm_memory *mem;               /* the memory option, or NULL */
  awsm_instance *realloc_instance;
  const awsm_func *realloc;       /* the realloc option, or NULL */
  uint32_t encoding;              /* AWSM_CANON_* */
  uint32_t ci;                    /* the component instance lifting the export: its handle table */
  awsm_error *err;                /* where failures go */
} canon_cx;

uint32_t canon_size(const awsm_component_desc *d, uint32_t t);
uint32_t canon_align(const awsm_component_desc *d, uint32_t t);
/* Appends the flat core types of t ('i', 'I', 'f', 'F') to out[*n..]; 0 once past `limit`. */
int canon_flatten(const awsm_component_desc *d, uint32_t t, char *out, size_t *n, size_t limit);
/* The name of a type for messages ("u32", "list", "record point"...). */
const char *canon_kind_name(uint32_t kind);

/* Lowers v (of type t) into flat values vals[*n..] (room for CANON_MAX_FLAT_PARAMS). 0 or -1. */
int canon_lower_flat(canon_cx *cx, uint32_t t, const awsm_cval *v, awsm_value *vals, size_t *n);
/* Stores v (of type t) at ptr in memory. 0 or -1. */
int canon_store(canon_cx *cx, uint32_t t, const awsm_cval *v, uint32_t ptr);
/* Lifts a value of type t from the flat values vals[*i..] (types `flat`). 0 or -1 (out freed). */
int canon_lift_flat(canon_cx *cx, uint32_t t, const awsm_value *vals, const char *flat, size_t *i, awsm_cval *out);
/* Loads a value of type t from ptr in memory. 0 or -1 (out freed). */
int canon_load(canon_cx *cx, uint32_t t, uint32_t ptr, awsm_cval *out);
/* realloc(0, 0, align, size): the new pointer in *ptr, checked. 0 or -1. */
int canon_alloc(canon_cx *cx, uint32_t align, uint64_t size, uint32_t *ptr);
/* The bytes [ptr, ptr + len) of memory, aligned to align, or NULL with a trap in cx->err. */
uint8_t *canon_mem(canon_cx *cx, uint32_t ptr, uint64_t len, uint32_t align, const char *what);

/* ---- component_resource.c: handle tables ---- */

/* One handle: a free slot links to the next free one. */
typedef struct canon_slot {
  uint32_t rep;       /* the representation (resource.new's argument) */
  uint32_t resource;  /* the resource's index in the descriptor */
  uint32_t next_free; /* a free slot: the next free one, or 0 */
  uint32_t lends;     /* borrows of it lent out to calls in progress (num_lends) */
  uint32_t scope;     /* a borrow handle: its call scope + 1 (canon_scope); 0 for an own handle */
  uint8_t used;
} canon_slot;

/* A handle table: slot 0 is never used, so 0 is never a handle. */
typedef struct canon_handles {
  canon_slot *slots;
  uint32_t nslots;
  uint32_t free_head; /* the first free slot, or 0 */
  uint32_t live;      /* slots in use */
} canon_handles;

/* The ctx of the built-ins of resource `id` in component instance `ci`. */
typedef struct canon_table {
  struct awsm_component *c; /* the instance */
  uint32_t id;              /* the resource's index in the descriptor */
  uint32_t ci;              /* the component instance whose handle table the built-ins use */
} canon_table;

/* A component-to-component call in progress (a fused adapter's enter .. exit). */
typedef struct canon_scope {
  uint32_t borrows;   /* borrow handles the callee holds for it: 0 at its end, or a trap */
  uint32_t lend_base; /* its lends start here in awsm_component.lends */
} canon_scope;

/* A handle lent to a call in progress: its component instance and index. */
typedef struct canon_lend {
  uint32_t ci, h;
} canon_lend;

void canon_handles_free(canon_handles *t);
/* The host function for a built-in wire (AWSM_WIRE_RESOURCE_* of resource id in component
 * instance ci, or AWSM_WIRE_CANON_*): 1, or -1 with err. */
int canon_builtin(struct awsm_component *c, uint32_t kind, uint32_t id, uint32_t ci, awsm_instance *importer,
                  awsm_extern *out, awsm_error *err);
/* Calls resource id's destructor, if it has one, with rep: 0, or -1 with err. */
int canon_destroy(struct awsm_component *c, uint32_t id, uint32_t rep, awsm_error *err);
/* The host's handle hh of an own or borrow type, lowered: *out the guest handle (own) or rep (borrow). 0 or -1. */
int canon_lower_handle(canon_cx *cx, const awsm_ctype *ct, uint32_t hh, uint32_t *out);
/* A guest's own handle h lifted: *out the host's new handle. 0 or -1 (a trap for an unknown handle). */
int canon_lift_handle(canon_cx *cx, const awsm_ctype *ct, uint32_t h, uint32_t *out);

/* ---- component.c: an instance (awsm_component_instantiate) ---- */

struct awsm_component {
  const awsm_component_desc *d; /* the descriptor */
  awsm_instance **insts;        /* the core instances, in creation order */
  awsm_canon_opts *opts;        /* one per host function: its ctx */
  uint8_t *bound;               /* per host function: opts bound yet */
  uint32_t current;             /* the instance being created (num_instances once all are) */
  awsm_wasi2 *wasi;             /* the WASI 0.2 host state */
  int poisoned;                 /* a call trapped: no more calls (the ABI's may_enter) */
  canon_table *tables;          /* per resource and component instance: its built-ins' ctx */
  canon_handles *handles;       /* per component instance: its handle table (every resource type) */
  uint8_t *may_leave;           /* per component instance: 0 while a realloc runs for an adapter */
  uint8_t host_lowering;        /* awsm_component_call is lowering arguments (its reallocs may not leave) */
  canon_handles host;           /* the resources the host holds (own handles lifted out) */
  canon_scope *scopes;          /* the component-to-component calls in progress, innermost last */
  uint32_t nscopes, cap_scopes;
  canon_lend *lends;            /* the handles lent to them, in order */
  uint32_t nlends, cap_lends;
};

/* Opens the scope of a call (borrow handles given to the callee count in it). */
void canon_scope_enter(struct awsm_component *c);
/* Closes it: 0, or -1 (a trap in err) when the callee still holds a borrow handle of it. */
int canon_scope_exit(struct awsm_component *c, awsm_error *err);

/* Marks awsm_component_call's lowering of arguments as running (on) or done: the reallocs it
 * calls may not leave the component (a fused adapter or a WASI function called there traps). */
void canon_host_lowering(struct awsm_component *c, int on);

/* A host function object owned by importer as the import's value in *out: 1, or -1 with err. */
int canon_host_func(awsm_instance *importer, const char *sig, void *code, awsm_trampoline tramp, void *ctx, awsm_extern *out,
                    awsm_error *err);
/* The export r of a core instance of c, of kind AWSM_EXTERN_*: 1, or 0 with err set. */
int canon_export_of(awsm_component *c, const awsm_component_ref *r, uint32_t kind, awsm_extern *out, awsm_error *err);

#endif
