/* The runtime of translated Linux AArch64 programs (docs/elf.md), compiled for wasm32-wasi:
   what its files share. start.c loads the image and builds the initial stack, mem.c manages
   brk and mmap, fd.c and path.c do the file system calls on WASI preview1, syscall.c is the
   table of system calls and the rest of them.

   Guest address = linear-memory address (the low 32 bits of a guest pointer). Memory, low to
   high: the runtime's own stack [0, 1 MiB) (wasm-ld --stack-first), the program's PT_LOAD
   segments at their addresses, the runtime's data (wasm-ld --global-base past the segments,
   holding the segments' bytes that start.c copies into place), then from __heap_base: the
   guest stack (GUEST_STACK bytes), the brk area (up to BRK_LIMIT), the mmap area (up to 4 GiB
   less 64 KiB). The runtime never calls malloc: nothing else may take memory above __heap_base. */
#ifndef AWSM_ELF_RT_H
#define AWSM_ELF_RT_H

#include <stddef.h>
#include <stdint.h>
#include <wasi/api.h>

#include "state.h"

/* ---- The image the driver generates (src/elf/index.ts writes it as LLVM IR) ---- */

/* One PT_LOAD segment: `filesz` bytes at `data` go to guest address `vaddr`; the rest of
   `memsz` is zero. */
struct awsm_elf_segment {
  uint32_t vaddr;
  uint32_t filesz;
  uint32_t memsz;
  const uint8_t *data;
};

/* The loaded executable: what the initial stack's auxv and the loader need. */
struct awsm_elf_image {
  uint64_t entry;                        /* e_entry */
  uint32_t phdr;                         /* AT_PHDR: guest address of the program headers */
  uint32_t phnum;                        /* AT_PHNUM */
  uint32_t phent;                        /* AT_PHENT */
  uint32_t nseg;                         /* number of segments */
  const struct awsm_elf_segment *seg;    /* the segments, in address order */
  uint32_t trace_syscalls;               /* awsm elf2wasm --trace-syscalls: log unknown ones */
};

extern const struct awsm_elf_image awsm_elf_image;

/* ---- Layout ---- */

#define PAGE 4096u
#define WASM_PAGE 65536u
/* The guest stack's size (Linux's default RLIMIT_STACK). */
#define GUEST_STACK (8u << 20)
/* The largest brk area; past it brk fails and glibc's malloc falls back to mmap. */
#define BRK_LIMIT (1u << 30)

/* Grows linear memory so that [0, end) is mapped; 0, or -1 when memory.grow fails. */
int awsm_elf_reserve(uint64_t end);
/* Sets up the brk and mmap areas above `base` (called once by start.c). */
void awsm_elf_mem_init(uint32_t base);

/* ---- Linux errno values (asm-generic; wasi-libc's <errno.h> has WASI's numbering) ---- */
enum {
  L_EPERM = 1, L_ENOENT = 2, L_ESRCH = 3, L_EINTR = 4, L_EIO = 5, L_ENXIO = 6, L_E2BIG = 7,
  L_ENOEXEC = 8, L_EBADF = 9, L_ECHILD = 10, L_EAGAIN = 11, L_ENOMEM = 12, L_EACCES = 13,
  L_EFAULT = 14, L_EBUSY = 16, L_EEXIST = 17, L_EXDEV = 18, L_ENODEV = 19, L_ENOTDIR = 20,
  L_EISDIR = 21, L_EINVAL = 22, L_ENFILE = 23, L_EMFILE = 24, L_ENOTTY = 25, L_ETXTBSY = 26,
  L_EFBIG = 27, L_ENOSPC = 28, L_ESPIPE = 29, L_EROFS = 30, L_EMLINK = 31, L_EPIPE = 32,
  L_EDOM = 33, L_ERANGE = 34, L_EDEADLK = 35, L_ENAMETOOLONG = 36, L_ENOLCK = 37, L_ENOSYS = 38,
  L_ENOTEMPTY = 39, L_ELOOP = 40, L_ENOMSG = 42, L_EIDRM = 43, L_ENOLINK = 67, L_EPROTO = 71,
  L_EMULTIHOP = 72, L_EBADMSG = 74, L_EOVERFLOW = 75, L_EILSEQ = 84, L_ENOTSOCK = 88,
  L_EDESTADDRREQ = 89, L_EMSGSIZE = 90, L_EPROTOTYPE = 91, L_ENOPROTOOPT = 92,
  L_EPROTONOSUPPORT = 93, L_EOPNOTSUPP = 95, L_EAFNOSUPPORT = 97, L_EADDRINUSE = 98,
  L_EADDRNOTAVAIL = 99, L_ENETDOWN = 100, L_ENETUNREACH = 101, L_ENETRESET = 102,
  L_ECONNABORTED = 103, L_ECONNRESET = 104, L_ENOBUFS = 105, L_EISCONN = 106, L_ENOTCONN = 107,
  L_ETIMEDOUT = 110, L_ECONNREFUSED = 111, L_EHOSTUNREACH = 113, L_EALREADY = 114,
  L_EINPROGRESS = 115, L_ESTALE = 116, L_EDQUOT = 122, L_ECANCELED = 125, L_EOWNERDEAD = 130,
  L_ENOTRECOVERABLE = 131,
};

/* -errno (Linux) for a WASI errno; 0 for success. */
int64_t awsm_elf_errno(__wasi_errno_t e);

/* A guest address as a pointer into linear memory. */
static inline void *guest(uint64_t addr) {
  return (void *)(uintptr_t)(uint32_t)addr;
}

/* The system-call argument n of `st` (x0..x5). */
#define ARG(n) (st->x[n])

/* ---- Handlers: each takes the state and returns the result or -errno ---- */
typedef int64_t (*awsm_elf_handler)(struct a64_state *st);

/* mem.c */
int64_t sys_brk(struct a64_state *st);
int64_t sys_mmap(struct a64_state *st);
int64_t sys_munmap(struct a64_state *st);
int64_t sys_mremap(struct a64_state *st);
int64_t sys_madvise(struct a64_state *st);

/* fd.c */
int64_t sys_read(struct a64_state *st);
int64_t sys_write(struct a64_state *st);
int64_t sys_readv(struct a64_state *st);
int64_t sys_writev(struct a64_state *st);
int64_t sys_pread64(struct a64_state *st);
int64_t sys_pwrite64(struct a64_state *st);
int64_t sys_lseek(struct a64_state *st);
int64_t sys_close(struct a64_state *st);
int64_t sys_fstat(struct a64_state *st);
int64_t sys_getdents64(struct a64_state *st);
int64_t sys_ioctl(struct a64_state *st);
int64_t sys_fcntl(struct a64_state *st);
int64_t sys_fsync(struct a64_state *st);
int64_t sys_ftruncate(struct a64_state *st);

/* path.c */
void awsm_elf_preopens_init(void);
int64_t sys_openat(struct a64_state *st);
int64_t sys_newfstatat(struct a64_state *st);
int64_t sys_mkdirat(struct a64_state *st);
int64_t sys_unlinkat(struct a64_state *st);
int64_t sys_renameat(struct a64_state *st);
int64_t sys_renameat2(struct a64_state *st);
int64_t sys_faccessat(struct a64_state *st);
int64_t sys_readlinkat(struct a64_state *st);
int64_t sys_getcwd(struct a64_state *st);

/* fd.c, for path.c: fills the guest's struct stat (aarch64 layout) from a WASI filestat. */
void awsm_elf_put_stat(uint64_t addr, const __wasi_filestat_t *fs);
/* Forgets what fd.c remembers of a descriptor (a directory's read position). */
void awsm_elf_fd_forget(uint32_t fd);

/* ---- Messages ---- */
/* Writes `s` to standard error. */
void awsm_elf_puts(const char *s);
/* Ends the program with `status`: proc_exit, or a trap (status 134 in every engine) for 126
   and up, which wasmtime's proc_exit refuses. */
__attribute__((noreturn)) void awsm_elf_exit(uint32_t status);
/* Writes "awsm: elf: MSG" and a newline to standard error and ends with `status` (awsm_elf_exit). */
__attribute__((noreturn)) void awsm_elf_fatal(const char *msg, int status);

#endif
