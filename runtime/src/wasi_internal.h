/*
 * wasi_internal.h — private declarations shared by the WASI preview1 files:
 *
 *   wasi.c             state, import resolver (the function table), args, environment,
 *                      clocks, random, proc_exit/proc_raise, sched_yield, descriptor types
 *   wasi_table.c       the descriptor table (thread-safe, reference-counted entries)
 *   wasi_fd.c          fd_* functions
 *   wasi_path.c        path_* functions
 *   wasi_fs_sandbox.c  path resolution beneath a directory (openat2, or a component walk)
 *   wasi_poll.c        poll_oneoff
 *   wasi_sock.c        sock_* functions, listening sockets (--tcplisten)
 *
 * Constants and layouts are those of wasi_snapshot_preview1 (wasi-libc's wasi/api.h).
 * Every guest pointer goes through wasi_mem() (bounds checked against the current memory
 * size in 64-bit arithmetic) before it is touched; multi-byte values are accessed with
 * memcpy (guest pointers need not be aligned).
 */
#ifndef AWSM_WASI_INTERNAL_H
#define AWSM_WASI_INTERNAL_H

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* ---- errno (preview1 numbering) ---- */
enum {
  WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EADDRINUSE = 3, WASI_EADDRNOTAVAIL = 4,
  WASI_EAFNOSUPPORT = 5, WASI_EAGAIN = 6, WASI_EALREADY = 7, WASI_EBADF = 8, WASI_EBADMSG = 9,
  WASI_EBUSY = 10, WASI_ECANCELED = 11, WASI_ECHILD = 12, WASI_ECONNABORTED = 13, WASI_ECONNREFUSED = 14,
  WASI_ECONNRESET = 15, WASI_EDEADLK = 16, WASI_EDESTADDRREQ = 17, WASI_EDOM = 18, WASI_EDQUOT = 19,
  WASI_EEXIST = 20, WASI_EFAULT = 21, WASI_EFBIG = 22, WASI_EHOSTUNREACH = 23, WASI_EIDRM = 24,
  WASI_EILSEQ = 25, WASI_EINPROGRESS = 26, WASI_EINTR = 27, WASI_EINVAL = 28, WASI_EIO = 29,
  WASI_EISCONN = 30, WASI_EISDIR = 31, WASI_ELOOP = 32, WASI_EMFILE = 33, WASI_EMLINK = 34,
  WASI_EMSGSIZE = 35, WASI_EMULTIHOP = 36, WASI_ENAMETOOLONG = 37, WASI_ENETDOWN = 38,
  WASI_ENETRESET = 39, WASI_ENETUNREACH = 40, WASI_ENFILE = 41, WASI_ENOBUFS = 42, WASI_ENODEV = 43,
  WASI_ENOENT = 44, WASI_ENOEXEC = 45, WASI_ENOLCK = 46, WASI_ENOLINK = 47, WASI_ENOMEM = 48,
  WASI_ENOMSG = 49, WASI_ENOPROTOOPT = 50, WASI_ENOSPC = 51, WASI_ENOSYS = 52, WASI_ENOTCONN = 53,
  WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55, WASI_ENOTRECOVERABLE = 56, WASI_ENOTSOCK = 57,
  WASI_ENOTSUP = 58, WASI_ENOTTY = 59, WASI_ENXIO = 60, WASI_EOVERFLOW = 61, WASI_EOWNERDEAD = 62,
  WASI_EPERM = 63, WASI_EPIPE = 64, WASI_EPROTO = 65, WASI_EPROTONOSUPPORT = 66, WASI_EPROTOTYPE = 67,
  WASI_ERANGE = 68, WASI_EROFS = 69, WASI_ESPIPE = 70, WASI_ESRCH = 71, WASI_ESTALE = 72,
  WASI_ETIMEDOUT = 73, WASI_ETXTBSY = 74, WASI_EXDEV = 75, WASI_ENOTCAPABLE = 76,
};

/* ---- file types ---- */
enum {
  WASI_FILETYPE_UNKNOWN = 0, WASI_FILETYPE_BLOCK_DEVICE = 1, WASI_FILETYPE_CHARACTER_DEVICE = 2,
  WASI_FILETYPE_DIRECTORY = 3, WASI_FILETYPE_REGULAR_FILE = 4, WASI_FILETYPE_SOCKET_DGRAM = 5,
  WASI_FILETYPE_SOCKET_STREAM = 6, WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

/* ---- rights ---- */
#define WASI_RIGHT_FD_DATASYNC (1ull << 0)
#define WASI_RIGHT_FD_READ (1ull << 1)
#define WASI_RIGHT_FD_SEEK (1ull << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define WASI_RIGHT_FD_SYNC (1ull << 4)
#define WASI_RIGHT_FD_TELL (1ull << 5)
#define WASI_RIGHT_FD_WRITE (1ull << 6)
#define WASI_RIGHT_FD_ADVISE (1ull << 7)
#define WASI_RIGHT_FD_ALLOCATE (1ull << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY (1ull << 9)
#define WASI_RIGHT_PATH_CREATE_FILE (1ull << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE (1ull << 11)
#define WASI_RIGHT_PATH_LINK_TARGET (1ull << 12)
#define WASI_RIGHT_PATH_OPEN (1ull << 13)
#define WASI_RIGHT_FD_READDIR (1ull << 14)
#define WASI_RIGHT_PATH_READLINK (1ull << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE (1ull << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET (1ull << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET (1ull << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define WASI_RIGHT_FD_FILESTAT_GET (1ull << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE (1ull << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES (1ull << 23)
#define WASI_RIGHT_PATH_SYMLINK (1ull << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY (1ull << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE (1ull << 26)
#define WASI_RIGHT_POLL_FD_READWRITE (1ull << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN (1ull << 28)
#define WASI_RIGHT_SOCK_ACCEPT (1ull << 29)
#define WASI_RIGHTS_ALL ((1ull << 30) - 1)

/* The most an fd of each kind can have (fd_fdstat_get reports these; path_open narrows the
 * requested rights to them). A directory has no FD_SEEK or FD_TELL (as in wasmtime and the
 * WASI test suite's directory_seek): its position is the readdir cookie, and fd_seek/fd_tell
 * on it are EBADF. */
#define WASI_RIGHTS_REGULAR_FILE                                                                                  \
  (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |           \
   WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE | \
   WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_FILESTAT_SET_TIMES |             \
   WASI_RIGHT_POLL_FD_READWRITE)
#define WASI_RIGHTS_DIRECTORY                                                                                       \
  (WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_ADVISE |               \
   WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |                 \
   WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN | WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK |         \
   WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_FILESTAT_GET |                 \
   WASI_RIGHT_PATH_FILESTAT_SET_SIZE | WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_FD_FILESTAT_GET |           \
   WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY |                \
   WASI_RIGHT_PATH_UNLINK_FILE | WASI_RIGHT_POLL_FD_READWRITE)
#define WASI_RIGHTS_DIRECTORY_INHERITING (WASI_RIGHTS_DIRECTORY | WASI_RIGHTS_REGULAR_FILE)
/* Streams: terminals, pipes, character devices other than seekable ones. */
#define WASI_RIGHTS_STREAM                                                                                  \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FILESTAT_GET | \
   WASI_RIGHT_POLL_FD_READWRITE)
#define WASI_RIGHTS_SOCKET (WASI_RIGHTS_STREAM | WASI_RIGHT_SOCK_SHUTDOWN)
#define WASI_RIGHTS_LISTENER (WASI_RIGHTS_SOCKET | WASI_RIGHT_SOCK_ACCEPT)

/* ---- flags ---- */
#define WASI_FDFLAG_APPEND 1u
#define WASI_FDFLAG_DSYNC 2u
#define WASI_FDFLAG_NONBLOCK 4u
#define WASI_FDFLAG_RSYNC 8u
#define WASI_FDFLAG_SYNC 16u
#define WASI_FDFLAGS_ALL 31u

#define WASI_OFLAG_CREAT 1u
#define WASI_OFLAG_DIRECTORY 2u
#define WASI_OFLAG_EXCL 4u
#define WASI_OFLAG_TRUNC 8u

#define WASI_LOOKUP_SYMLINK_FOLLOW 1u

#define WASI_FSTFLAG_ATIM 1u
#define WASI_FSTFLAG_ATIM_NOW 2u
#define WASI_FSTFLAG_MTIM 4u
#define WASI_FSTFLAG_MTIM_NOW 8u

/* ---- the descriptor table (thread-safe: docs/threads.md, "The WASI descriptor table") ----
 *
 * With wasi-threads every thread's instance shares one awsm_wasi, so any thread may open,
 * close, renumber and use descriptors at once. Each descriptor is an entry of its own on the
 * heap, reference counted: the table's slot holds one reference, and every call that uses a
 * descriptor holds another from its lookup (wasi_fd_acquire, wasi_fd_lookup) to its
 * wasi_fd_drop. Closing or renumbering only takes the entry out of its slot; the host
 * descriptor is closed when the last reference goes, so a call blocked in a read on a
 * descriptor another thread closed finishes on the host descriptor it started with, which
 * cannot be reused under it. The table lock (awsm_wasi.lock) guards the slots and is held only
 * to look a slot up (and take a reference), fill it or empty it: never across a host call that
 * may block. Entries never move when the slot array grows. */

typedef struct wasi_fd {
  uint32_t refs;          /* references (atomic): the slot's, plus one per call using it */
  int host;               /* host descriptor */
  uint8_t owned;          /* close `host` when the last reference goes (0: the host's stdio) */
  uint8_t filetype;       /* WASI_FILETYPE_* when opened */
  uint8_t listener;       /* a listening socket (sock_accept) */
  uint8_t seekable;       /* regular file or block device (fd_seek, positional I/O) */
  uint16_t emu_flags;     /* fdflags emulated for descriptors we do not own (NONBLOCK; atomic) */
  uint64_t rights_base, rights_inheriting; /* atomic: fd_fdstat_set_rights drops rights */
  char *preopen;          /* guest name of a preopened directory (NUL-terminated), or NULL */
  DIR *dir;               /* fd_readdir stream on a separate open of the directory (under lock) */
  pthread_mutex_t lock;   /* serialises the changes of this entry: dir, rights, flags */
} wasi_fd;

struct awsm_wasi {
  uint32_t argc, envc;
  char **argv, **envp;
  uint64_t argv_buf_size, env_buf_size;
  pthread_mutex_t lock;   /* the table lock: guards fds, nfds and lowest_free */
  wasi_fd **fds;          /* slot i: guest descriptor i's entry, or NULL when free */
  uint32_t nfds;          /* slots allocated */
  uint32_t lowest_free;   /* every slot below it is in use (a hint for wasi_fd_insert) */
};

/* Guest descriptor `fd`'s entry with a reference taken (drop it with wasi_fd_drop), or NULL
 * (EBADF) when it was never handed out or is closed. */
wasi_fd *wasi_fd_acquire(awsm_wasi *w, uint32_t fd);
/* Drops e and returns r: `return wasi_fd_done(e, EXPR);` ends a call that holds e (EXPR is
 * evaluated first). */
static inline uint32_t wasi_fd_done(wasi_fd *e, uint32_t r);
/* wasi_fd_acquire, then checks the entry has all of `rights`: WASI_ESUCCESS with *out
 * holding a reference, or EBADF / ENOTCAPABLE with nothing held. */
uint32_t wasi_fd_lookup(awsm_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out);
/* Drops a reference; the last one closes the readdir stream and (when owned) the host
 * descriptor and frees the entry. NULL is ignored. */
void wasi_fd_drop(wasi_fd *e);
/* A new entry, not in the table, made from `proto` (its host, owned, type, rights, preopen)
 * with the slot's reference, or NULL (out of memory). */
wasi_fd *wasi_fd_new(const wasi_fd *proto);
/* A new entry made from `proto` (its host, owned, type, rights, preopen) in the lowest free
 * slot: its number, or -1 (out of memory, or 2^20 descriptors) with nothing taken from proto
 * (the caller still owns proto->host and proto->preopen). */
int32_t wasi_fd_insert(awsm_wasi *w, const wasi_fd *proto);
/* Empties slot `fd` (fd_close): EBADF when it is not in use. The entry goes when its last
 * user drops it. */
uint32_t wasi_fd_close(awsm_wasi *w, uint32_t fd);
/* fd_renumber: `to` takes `from`'s entry and `from` becomes free; both must be in use (EBADF).
 * The entry `to` had goes when its last user drops it. */
uint32_t wasi_fd_renumber(awsm_wasi *w, uint32_t from, uint32_t to);
static inline uint32_t wasi_fd_done(wasi_fd *e, uint32_t r) {
  wasi_fd_drop(e);
  return r;
}
/* Whether guest descriptor `fd` is in use at this moment. */
static inline int wasi_fd_exists(awsm_wasi *w, uint32_t fd) {
  wasi_fd *e = wasi_fd_acquire(w, fd);
  wasi_fd_drop(e);
  return e != NULL;
}
/* The current rights of an entry (atomic loads). */
static inline uint64_t wasi_rights_base(const wasi_fd *e) { return __atomic_load_n(&e->rights_base, __ATOMIC_RELAXED); }
static inline uint64_t wasi_rights_inheriting(const wasi_fd *e) {
  return __atomic_load_n(&e->rights_inheriting, __ATOMIC_RELAXED);
}
/* WASI file type of a host stat mode. */
uint8_t wasi_filetype_of_mode(unsigned mode);
/* Fills type, seekable and the maximal rights of an fd from fstat of its host descriptor. */
void wasi_fd_classify(wasi_fd *e, uint64_t *max_base, uint64_t *max_inheriting);
/* Host errno → WASI errno. */
uint32_t wasi_errno(int e);

/* ---- guest memory ---- */

static inline awsm_wasi *wasi_state(awsm_instance *ctx) { return (awsm_wasi *)ctx->host; }

/* Host address of guest range [ptr, ptr + len) in memory 0, or NULL when any of it lies
 * outside the memory's current size (or there is no memory). */
static inline uint8_t *wasi_mem(awsm_instance *ctx, uint32_t ptr, uint64_t len) {
  if (ctx->module->num_memories == 0) return NULL;
  awsm_memory *m = ctx->memories[0];
  if ((uint64_t)ptr + len > m->size) return NULL;
  return m->base + ptr;
}
static inline void wasi_put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void wasi_put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void wasi_put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t wasi_get16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}
static inline uint32_t wasi_get32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline uint64_t wasi_get64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

struct iovec;
/* Host iovecs translated per batch (the stack arrays of the read, write, recv and send calls). */
enum { IOV_BATCH = 1024 };
/* Checks a guest iovec array (n entries of {u32 buf, u32 len}) and every buffer in it, and
 * translates up to `max` of them (skipping empty ones) into host iovecs. Returns WASI_EFAULT
 * or WASI_ESUCCESS with *count set. */
uint32_t wasi_iovecs(awsm_instance *ctx, uint32_t iovs, uint32_t n, struct iovec *out, uint32_t max,
                     uint32_t *count);

/* Copies a guest path into a NUL-terminated heap string: EFAULT, EINVAL (embedded NUL),
 * ENAMETOOLONG, ENOMEM or success. */
uint32_t wasi_path_copy(awsm_instance *ctx, uint32_t ptr, uint32_t len, char **out);

/* Writes a WASI filestat (64 bytes) for a host stat. */
struct stat;
void wasi_put_filestat(uint8_t *p, const struct stat *st);
/* utimensat-style times from WASI (atim, mtim, fstflags): EINVAL on contradicting flags. */
struct timespec;
uint32_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);
/* utimensat on the file open as host descriptor `fd` (opened O_PATH or not): 0, or -1 with
 * errno (ENOTSUP for a symlink on kernels without AT_EMPTY_PATH in utimensat). */
int wasi_utimens_fd(int fd, const struct timespec ts[2]);

/* ---- wasi_fs_sandbox.c: resolution beneath a directory ---- */

/* Opens `path` relative to directory `dirfd` with open(2) `flags` (O_CLOEXEC is added) and
 * `mode`, never leaving the directory: `..` above it, absolute paths and symlinks that lead
 * outside (absolute ones included) fail with ENOTCAPABLE; the final component is followed
 * only when `follow`. Returns a WASI errno; *out is the new host descriptor on success. */
uint32_t wasi_sb_open(int dirfd, const char *path, int flags, unsigned mode, int follow, int *out);
/* For operations on a name (create, remove, rename, link): opens the parent directory of
 * path's final component beneath dirfd (as O_PATH) and points *name at that component in
 * `path` (with any trailing slashes, which the kernel interprets without following). *dots is
 * set when the component is "." or "..", which the caller must refuse. */
uint32_t wasi_sb_parent(int dirfd, char *path, int *parent, const char **name, int *dots);
/* Whether openat2(RESOLVE_BENEATH) is in use (1) or the component walk (0). */
int wasi_sb_uses_openat2(void);

/* ---- the function table, one entry per preview1 import ---- */

typedef struct wasi_fn {
  const char *name;
  const char *sig;
  void *code;
  awsm_trampoline tramp;
} wasi_fn;

extern const wasi_fn wasi_fd_fns[];
extern const size_t wasi_fd_fns_count;
extern const wasi_fn wasi_path_fns[];
extern const size_t wasi_path_fns_count;
extern const wasi_fn wasi_poll_fns[];
extern const size_t wasi_poll_fns_count;
extern const wasi_fn wasi_sock_fns[];
extern const size_t wasi_sock_fns_count;

#endif /* AWSM_WASI_INTERNAL_H */
