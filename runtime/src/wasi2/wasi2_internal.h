/*
 * wasi2_internal.h — private declarations of the WASI 0.2 host (awsm_wasi2.h, docs/wasi2.md):
 *
 *   wasi2_state.c   the state, the handle table of host resources, `[resource-drop]R`, and
 *                   awsm_wasi2_lookup over the function tables of the other files
 *   wasi2_canon.c   the canonical ABI's loads, stores, realloc and strings
 *   wasi2_cli.c     wasi:cli (environment, exit, stdin/stdout/stderr, terminal-*),
 *                   wasi:clocks, wasi:random
 *   wasi2_io.c      wasi:io (error, poll, streams)
 *   wasi2_fs.c      wasi:filesystem preopens and the descriptor methods without a path
 *   wasi2_fs_path.c wasi:filesystem's *-at methods, on the preview1 sandbox (wasi_sb_*)
 *   wasi2_sock.c    wasi:sockets TCP on the listening sockets the host gave (as preview1)
 *
 * Every function of an interface is a C function with the canonical ABI's flat core signature
 * of its `canon lower`: code(const awsm_canon_opts *opts, flat params...), one flat result at
 * most, more than one through a return pointer (the last parameter). Guest memory is reached
 * only through wasi2_mem (bounds and alignment checked; a bad pointer traps, as the ABI says).
 *
 * Traps unwind (siglongjmp) out of the host function: a function holds no malloc'd memory
 * and no host descriptor of its own across anything that may trap (a load, a handle lookup, a
 * call of realloc). Strings lifted from the guest go to scratch buffers of the state.
 */
#ifndef AWSM_WASI2_INTERNAL_H
#define AWSM_WASI2_INTERNAL_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../wasi_internal.h"
#include "awsm_wasi2.h"

/* ---- resources ---- */

/* The resource types the host defines. A handle's entry records its type: a handle of
 * another type passed where one is expected traps. */
typedef enum wasi2_kind {
  WASI2_FREE = 0,       /* an unused slot */
  WASI2_ERROR,          /* wasi:io/error error */
  WASI2_POLLABLE,       /* wasi:io/poll pollable */
  WASI2_INPUT_STREAM,   /* wasi:io/streams input-stream */
  WASI2_OUTPUT_STREAM,  /* wasi:io/streams output-stream */
  WASI2_TERMINAL_INPUT, /* wasi:cli/terminal-input terminal-input */
  WASI2_TERMINAL_OUTPUT,/* wasi:cli/terminal-output terminal-output */
  WASI2_DESCRIPTOR,     /* wasi:filesystem/types descriptor */
  WASI2_DIR_STREAM,     /* wasi:filesystem/types directory-entry-stream */
  WASI2_NETWORK,        /* wasi:sockets/network network */
  WASI2_TCP_SOCKET,     /* wasi:sockets/tcp tcp-socket */
  WASI2_KIND_COUNT,
} wasi2_kind;

/* The WIT name of a resource type ("output-stream"). */
const char *wasi2_kind_name(wasi2_kind k);

/* The common head of every resource object. Objects are reference counted: a handle holds
 * one reference, and so does every object built on another (a stream on its descriptor, a
 * pollable on its stream), so dropping a parent handle first never leaves a dangling object. */
typedef struct wasi2_obj {
  uint32_t kind;  /* wasi2_kind */
  uint32_t refs;  /* references: handles and child objects */
} wasi2_obj;

/* A wasi:io/error: the host errno of the failed operation. */
typedef struct wasi2_error {
  wasi2_obj head;
  int err;        /* host errno */
} wasi2_error;

/* A wasi:filesystem descriptor: a host descriptor beneath a preopened directory. */
typedef struct wasi2_file {
  wasi2_obj head;
  int fd;         /* host descriptor, owned */
  uint8_t type;   /* descriptor-type (WASI2_DT_*) */
  uint8_t flags;  /* descriptor-flags it was opened with (WASI2_DF_*) */
} wasi2_file;

/* What a stream reads from or writes to. */
enum {
  WASI2_STREAM_FD = 0,     /* a descriptor at its own position: the standard streams (0, 1, 2), a
                            * TCP connection; reads and writes may block */
  WASI2_STREAM_FILE = 1,   /* a file at `offset` (pread/pwrite, the offset advances) */
  WASI2_STREAM_APPEND = 2, /* a file, every write at its end */
};

/* An input-stream or output-stream. */
typedef struct wasi2_stream {
  wasi2_obj head;
  int fd;             /* host descriptor (the owner's, or 0/1/2) */
  uint8_t mode;       /* WASI2_STREAM_* */
  uint8_t closed;     /* end of file seen, or a write failed: every later call is `closed` */
  uint64_t offset;    /* WASI2_STREAM_FILE: the next position */
  uint64_t permit;    /* output: bytes the last check-write permitted and no write used yet */
  wasi2_obj *owner;   /* the descriptor or TCP socket owning fd (a reference), or NULL */
} wasi2_stream;

/* What a pollable waits for. */
enum {
  WASI2_POLL_READY = 0,    /* always ready */
  WASI2_POLL_DEADLINE = 1, /* monotonic clock >= deadline */
  WASI2_POLL_READ = 2,     /* fd readable (or at end, or in error), when `waits` */
  WASI2_POLL_WRITE = 3,    /* fd writable, when `waits` */
};

typedef struct wasi2_pollable {
  wasi2_obj head;
  uint8_t what;           /* WASI2_POLL_* */
  uint8_t waits;          /* READ/WRITE: fd may not be ready (else always ready: files) */
  int fd;                 /* READ/WRITE: the descriptor */
  uint64_t deadline;      /* WASI2_POLL_DEADLINE: CLOCK_MONOTONIC nanoseconds */
  wasi2_obj *owner;       /* the stream or socket fd belongs to (a reference), or NULL */
} wasi2_pollable;

/* A directory-entry-stream: a readdir stream of its own over the directory. */
typedef struct wasi2_dir_stream {
  wasi2_obj head;
  DIR *dir;       /* "." and ".." are skipped when read */
} wasi2_dir_stream;

/* One slot of the handle table. */
typedef struct wasi2_slot {
  wasi2_obj *obj;     /* the resource, or NULL when the slot is free */
  uint32_t next_free; /* free slots: the next free index (0: none) */
} wasi2_slot;

/* The states of a tcp-socket (wasi:sockets/tcp). */
enum {
  WASI2_TCP_UNBOUND = 0, WASI2_TCP_BIND_STARTED, WASI2_TCP_BOUND, WASI2_TCP_LISTEN_STARTED, WASI2_TCP_LISTENING,
  WASI2_TCP_CONNECTED,
};

/* A tcp-socket: a listener the host gave (adopted by binding to its address), or a
 * connection accepted on one. */
typedef struct wasi2_tcp {
  wasi2_obj head;
  int fd;         /* host socket (owned), or -1 before it is bound */
  uint8_t family; /* ip-address-family: 0 ipv4, 1 ipv6 */
  uint8_t state;  /* WASI2_TCP_* */
} wasi2_tcp;

/* A listening socket the host gave the preview1 state (--tcplisten), taken when the host is
 * made: a component adopts it by binding a tcp-socket to its address. */
typedef struct wasi2_listener {
  int fd;                    /* host descriptor (a dup, owned) */
  uint8_t family;            /* 0 ipv4, 1 ipv6 */
  uint16_t port;             /* host order */
  uint8_t addr[16];          /* the bound address (4 or 16 bytes, network order) */
} wasi2_listener;

/* A preopened directory, taken from the preview1 state when the host is made. */
typedef struct wasi2_preopen {
  int fd;             /* host descriptor (a dup, owned) */
  char *name;         /* guest path */
} wasi2_preopen;

/* A growable byte buffer of the state (scratch space that a trap cannot leak). */
typedef struct wasi2_buf {
  char *data;
  size_t cap;
} wasi2_buf;

struct awsm_wasi2 {
  awsm_wasi *base;          /* arguments, environment (preview1 state; outlives this) */
  wasi2_slot *slots;        /* the handle table: index = handle; slot 0 is never used */
  uint32_t nslots;          /* slots allocated */
  uint32_t free_head;       /* first free slot (0: none; grow) */
  uint32_t live;            /* handles in use */
  wasi2_preopen *preopens;  /* the preopened directories, in preview1 descriptor order */
  uint32_t npreopens;
  wasi2_listener *listeners; /* the listening sockets of the preview1 state */
  uint32_t nlisteners;
  wasi2_buf scratch[3];     /* lifted strings (paths: two per call at most) and staging */
  uint8_t in_realloc;       /* a realloc call is running: host functions trap (the ABI's
                             * may_leave), so nothing the outer call holds can change */
};

/* Takes the listening sockets of w->base (wasi2_sock.c): 0, or -1 with err set. */
int wasi2_take_listeners(awsm_wasi2 *w, awsm_error *err);

/* Traps when called from inside realloc (see in_realloc). */
void wasi2_check_leave(const awsm_canon_opts *o);

/* Handle limit per host (a guest that leaks handles gets a trap, not the host's memory). */
#define WASI2_MAX_HANDLES (1u << 20)

/* A new handle owning one reference of `obj` (the caller's, transferred). Traps past
 * WASI2_MAX_HANDLES or when out of memory (after releasing obj). */
uint32_t wasi2_handle_new(const awsm_canon_opts *o, wasi2_obj *obj);
/* The object of handle h, which must be of kind k: traps otherwise (never created, dropped,
 * or of another type). */
wasi2_obj *wasi2_handle_get(const awsm_canon_opts *o, uint32_t h, wasi2_kind k);
/* An object with one reference (the caller's); NULL when out of memory. */
void *wasi2_obj_new(wasi2_kind k, size_t size);
void wasi2_obj_ref(wasi2_obj *obj);
void wasi2_obj_release(wasi2_obj *obj);

/* ---- canonical ABI (wasi2_canon.c) ---- */

/* The state of a call. */
static inline awsm_wasi2 *wasi2_of(const awsm_canon_opts *o) { return o->wasi; }

/* Guest range [ptr, ptr + len) of opts->memory, ptr aligned to `align`: traps when it is
 * not inside the memory or misaligned (the ABI's traps for a bad pointer). */
uint8_t *wasi2_mem(const awsm_canon_opts *o, uint32_t ptr, uint64_t len, uint32_t align);
/* Calls realloc(0, 0, align, size) and checks the result as wasi2_mem does. */
uint32_t wasi2_alloc(const awsm_canon_opts *o, uint32_t align, uint64_t size);
/* A new list of `n` bytes copied from data: its guest pointer. */
uint32_t wasi2_store_bytes(const awsm_canon_opts *o, const void *data, uint64_t n);
/* Stores a host UTF-8 string (invalid sequences become U+FFFD) in the guest's encoding:
 * writes the pointer and the tagged length (the two words of a string) at dst. */
void wasi2_store_string(const awsm_canon_opts *o, const char *s, size_t len, uint8_t *dst);
/* Lifts the guest string (ptr, tagged length) into scratch buffer `slot` as UTF-8 with a
 * NUL after it: traps on a bad pointer or an invalid string (bad UTF-8, an unpaired
 * surrogate). *len gets its byte length; the result stays valid until the next lift into
 * that slot. */
const char *wasi2_lift_string(const awsm_canon_opts *o, uint32_t ptr, uint32_t tagged_len, int slot, size_t *len);
/* The scratch buffer `slot` with room for n bytes (traps when out of memory). */
char *wasi2_scratch(const awsm_canon_opts *o, int slot, size_t n);

/* Little-endian stores and loads at unaligned host addresses: wasi_put32 and the others of
 * wasi_internal.h; a byte is p[0] = v. */
static inline void wasi2_put8(uint8_t *p, uint8_t v) { p[0] = v; }

/* A lifted enum or variant discriminant: traps when it is out of range (`what` names the
 * type). (Flags need no check: the bits past the last label are ignored.) */
uint32_t wasi2_check_enum(uint32_t v, uint32_t cases, const char *what);

/* ---- wasi:io errors (wasi2_io.c) ---- */

/* The handle of a new wasi:io/error for host errno `err`. */
uint32_t wasi2_error_new(const awsm_canon_opts *o, int err);
/* Stores result<_, stream-error>-shaped errors: `p` points at the stream-error (the variant):
 * closed, or last-operation-failed with a new error for errno `err`. */
void wasi2_store_stream_error(const awsm_canon_opts *o, uint8_t *p, int closed, int err);
/* A new pollable (WASI2_POLL_*) on fd (READ/WRITE, when `waits`) or a deadline, returned as a
 * handle; owner (or NULL) gets a reference. */
uint32_t wasi2_pollable_new(const awsm_canon_opts *o, uint8_t what, uint64_t deadline, int fd, int waits,
                            wasi2_obj *owner);
/* A new stream object (one reference) on fd; owner (or NULL) gets a reference. NULL when out
 * of memory. */
wasi2_stream *wasi2_stream_new(wasi2_kind k, int fd, uint8_t mode, uint64_t offset, wasi2_obj *owner);

/* ---- the function tables ---- */

typedef struct wasi2_fn {
  const char *iface;      /* "wasi:io/streams" (no version) */
  const char *name;       /* "[method]output-stream.write" */
  const char *sig;        /* core signature, awsm signature string */
  void *code;
  awsm_trampoline tramp;  /* its trampoline (wasi2_tramp.h) */
} wasi2_fn;

extern const wasi2_fn wasi2_cli_fns[];
extern const size_t wasi2_cli_fns_count;
extern const wasi2_fn wasi2_io_fns[];
extern const size_t wasi2_io_fns_count;
extern const wasi2_fn wasi2_fs_fns[];
extern const size_t wasi2_fs_fns_count;
extern const wasi2_fn wasi2_fs_path_fns[];
extern const size_t wasi2_fs_path_fns_count;
extern const wasi2_fn wasi2_sock_fns[];
extern const size_t wasi2_sock_fns_count;

/* The descriptor-type enum of wasi:filesystem/types. */
enum {
  WASI2_DT_UNKNOWN = 0, WASI2_DT_BLOCK_DEVICE = 1, WASI2_DT_CHARACTER_DEVICE = 2, WASI2_DT_DIRECTORY = 3,
  WASI2_DT_FIFO = 4, WASI2_DT_SYMBOLIC_LINK = 5, WASI2_DT_REGULAR_FILE = 6, WASI2_DT_SOCKET = 7,
};
/* descriptor-flags. */
enum {
  WASI2_DF_READ = 1, WASI2_DF_WRITE = 2, WASI2_DF_FILE_INTEGRITY_SYNC = 4, WASI2_DF_DATA_INTEGRITY_SYNC = 8,
  WASI2_DF_REQUESTED_WRITE_SYNC = 16, WASI2_DF_MUTATE_DIRECTORY = 32,
};

#endif /* AWSM_WASI2_INTERNAL_H */
