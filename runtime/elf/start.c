/* Start-up of a translated Linux AArch64 program (docs/elf.md, "Start-up"): _start copies the
   PT_LOAD segments to their guest addresses, builds the initial stack Linux would (argc, argv,
   envp from WASI args_get/environ_get, then the auxiliary vector), sets SP and PC = e_entry and
   calls the lifted code's awsm_elf_run. Also the messages of the runtime and the WASI → Linux
   errno table. */
#include <string.h>

#include "elf_rt.h"

/* Linker-defined: the top of the runtime's stack (--stack-first: it starts at 0), the start of
   its data (--global-base) and the first byte past it. */
extern unsigned char __stack_high, __global_base, __heap_base;
extern void __wasm_call_ctors(void);

/* Auxiliary vector entries (Linux include/uapi/linux/auxvec.h). */
enum {
  AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
  AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
  AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31,
};
/* HWCAP_FP | HWCAP_ASIMD and nothing else: glibc then picks its generic string routines and,
   without HWCAP_ATOMICS, the LL/SC outline atomics (docs/elf.md). */
#define HWCAP_FP_ASIMD 3u
/* Number of auxv pairs written, AT_NULL included. */
#define NAUX 19

/* The guest's registers. */
static struct a64_state state;

void awsm_elf_puts(const char *s) {
  __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
  __wasi_size_t n;
  (void)__wasi_fd_write(2, &iov, 1, &n);
}

void awsm_elf_exit(uint32_t status) {
  /* wasmtime refuses exit statuses from 126 up (proc_exit fails); a trap is 134 everywhere. */
  if (status >= 126) __builtin_trap();
  __wasi_proc_exit(status);
}

void awsm_elf_fatal(const char *msg, int status) {
  awsm_elf_puts("awsm: elf: ");
  awsm_elf_puts(msg);
  awsm_elf_puts("\n");
  awsm_elf_exit((uint32_t)status);
}

/* `v` in hexadecimal, at least `digits` digits, with 0x, into buf (24 bytes). */
static const char *hex(uint64_t v, int digits, char *buf) {
  char *p = buf + 23;
  *p = 0;
  int n = 0;
  do {
    *--p = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (++n < digits || v != 0);
  *--p = 'x';
  *--p = '0';
  return p;
}

void awsm_elf_unknown(uint64_t pc, uint32_t insn) {
  char a[24], b[24], msg[80] = "unknown instruction ";
  strcat(msg, hex(insn, 8, a));
  strcat(msg, " at ");
  strcat(msg, hex(pc, 1, b));
  awsm_elf_fatal(msg, 134);
}

int64_t awsm_elf_errno(__wasi_errno_t e) {
  static const uint8_t linux_of[] = {
      [__WASI_ERRNO_2BIG] = L_E2BIG, [__WASI_ERRNO_ACCES] = L_EACCES, [__WASI_ERRNO_ADDRINUSE] = L_EADDRINUSE,
      [__WASI_ERRNO_ADDRNOTAVAIL] = L_EADDRNOTAVAIL, [__WASI_ERRNO_AFNOSUPPORT] = L_EAFNOSUPPORT,
      [__WASI_ERRNO_AGAIN] = L_EAGAIN, [__WASI_ERRNO_ALREADY] = L_EALREADY, [__WASI_ERRNO_BADF] = L_EBADF,
      [__WASI_ERRNO_BADMSG] = L_EBADMSG, [__WASI_ERRNO_BUSY] = L_EBUSY, [__WASI_ERRNO_CANCELED] = L_ECANCELED,
      [__WASI_ERRNO_CHILD] = L_ECHILD, [__WASI_ERRNO_CONNABORTED] = L_ECONNABORTED,
      [__WASI_ERRNO_CONNREFUSED] = L_ECONNREFUSED, [__WASI_ERRNO_CONNRESET] = L_ECONNRESET,
      [__WASI_ERRNO_DEADLK] = L_EDEADLK, [__WASI_ERRNO_DESTADDRREQ] = L_EDESTADDRREQ, [__WASI_ERRNO_DOM] = L_EDOM,
      [__WASI_ERRNO_DQUOT] = L_EDQUOT, [__WASI_ERRNO_EXIST] = L_EEXIST, [__WASI_ERRNO_FAULT] = L_EFAULT,
      [__WASI_ERRNO_FBIG] = L_EFBIG, [__WASI_ERRNO_HOSTUNREACH] = L_EHOSTUNREACH, [__WASI_ERRNO_IDRM] = L_EIDRM,
      [__WASI_ERRNO_ILSEQ] = L_EILSEQ, [__WASI_ERRNO_INPROGRESS] = L_EINPROGRESS, [__WASI_ERRNO_INTR] = L_EINTR,
      [__WASI_ERRNO_INVAL] = L_EINVAL, [__WASI_ERRNO_IO] = L_EIO, [__WASI_ERRNO_ISCONN] = L_EISCONN,
      [__WASI_ERRNO_ISDIR] = L_EISDIR, [__WASI_ERRNO_LOOP] = L_ELOOP, [__WASI_ERRNO_MFILE] = L_EMFILE,
      [__WASI_ERRNO_MLINK] = L_EMLINK, [__WASI_ERRNO_MSGSIZE] = L_EMSGSIZE, [__WASI_ERRNO_MULTIHOP] = L_EMULTIHOP,
      [__WASI_ERRNO_NAMETOOLONG] = L_ENAMETOOLONG, [__WASI_ERRNO_NETDOWN] = L_ENETDOWN,
      [__WASI_ERRNO_NETRESET] = L_ENETRESET, [__WASI_ERRNO_NETUNREACH] = L_ENETUNREACH,
      [__WASI_ERRNO_NFILE] = L_ENFILE, [__WASI_ERRNO_NOBUFS] = L_ENOBUFS, [__WASI_ERRNO_NODEV] = L_ENODEV,
      [__WASI_ERRNO_NOENT] = L_ENOENT, [__WASI_ERRNO_NOEXEC] = L_ENOEXEC, [__WASI_ERRNO_NOLCK] = L_ENOLCK,
      [__WASI_ERRNO_NOLINK] = L_ENOLINK, [__WASI_ERRNO_NOMEM] = L_ENOMEM, [__WASI_ERRNO_NOMSG] = L_ENOMSG,
      [__WASI_ERRNO_NOPROTOOPT] = L_ENOPROTOOPT, [__WASI_ERRNO_NOSPC] = L_ENOSPC, [__WASI_ERRNO_NOSYS] = L_ENOSYS,
      [__WASI_ERRNO_NOTCONN] = L_ENOTCONN, [__WASI_ERRNO_NOTDIR] = L_ENOTDIR, [__WASI_ERRNO_NOTEMPTY] = L_ENOTEMPTY,
      [__WASI_ERRNO_NOTRECOVERABLE] = L_ENOTRECOVERABLE, [__WASI_ERRNO_NOTSOCK] = L_ENOTSOCK,
      [__WASI_ERRNO_NOTSUP] = L_EOPNOTSUPP, [__WASI_ERRNO_NOTTY] = L_ENOTTY, [__WASI_ERRNO_NXIO] = L_ENXIO,
      [__WASI_ERRNO_OVERFLOW] = L_EOVERFLOW, [__WASI_ERRNO_OWNERDEAD] = L_EOWNERDEAD, [__WASI_ERRNO_PERM] = L_EPERM,
      [__WASI_ERRNO_PIPE] = L_EPIPE, [__WASI_ERRNO_PROTO] = L_EPROTO, [__WASI_ERRNO_PROTONOSUPPORT] = L_EPROTONOSUPPORT,
      [__WASI_ERRNO_PROTOTYPE] = L_EPROTOTYPE, [__WASI_ERRNO_RANGE] = L_ERANGE, [__WASI_ERRNO_ROFS] = L_EROFS,
      [__WASI_ERRNO_SPIPE] = L_ESPIPE, [__WASI_ERRNO_SRCH] = L_ESRCH, [__WASI_ERRNO_STALE] = L_ESTALE,
      [__WASI_ERRNO_TIMEDOUT] = L_ETIMEDOUT, [__WASI_ERRNO_TXTBSY] = L_ETXTBSY, [__WASI_ERRNO_XDEV] = L_EXDEV,
      /* A path out of the sandbox: what Linux says of a directory one may not enter. */
      [__WASI_ERRNO_NOTCAPABLE] = L_EACCES,
  };
  if (e == 0) return 0;
  if (e < sizeof linux_of && linux_of[e] != 0) return -(int64_t)linux_of[e];
  return -L_EIO;
}

/* Copies the segments into place; checks they sit between the runtime's stack and its data. */
static void load_segments(void) {
  const struct awsm_elf_image *im = &awsm_elf_image;
  uint32_t lo = im->seg[0].vaddr;
  const struct awsm_elf_segment *last = &im->seg[im->nseg - 1];
  char a[24], msg[96] = "the program's first segment is inside the runtime's stack, at ";
  if (lo < (uint32_t)(uintptr_t)&__stack_high) awsm_elf_fatal(strcat(msg, hex(lo, 1, a)), 1);
  if ((uint64_t)last->vaddr + last->memsz > (uintptr_t)&__global_base) awsm_elf_fatal("the runtime's data overlaps the program's segments (link error)", 1);
  for (uint32_t i = 0; i < im->nseg; i++) {
    const struct awsm_elf_segment *s = &im->seg[i];
    memcpy(guest(s->vaddr), s->data, s->filesz);
    memset((char *)guest(s->vaddr) + s->filesz, 0, s->memsz - s->filesz);
  }
}

/* Pushes `n` bytes below *top (aligned down to `align`); returns the new top. */
static uint32_t push(uint32_t *top, uint32_t n, uint32_t align) {
  *top = (*top - n) & ~(align - 1);
  return *top;
}

/* Builds the initial stack in [lo, lo + GUEST_STACK) (the strings at the top, argc at SP) and
   returns SP. */
static uint32_t build_stack(uint32_t lo) {
  uint32_t top = lo + GUEST_STACK;
  __wasi_size_t argc = 0, argsz = 0, envc = 0, envsz = 0;
  if (__wasi_args_sizes_get(&argc, &argsz) != 0 || __wasi_environ_sizes_get(&envc, &envsz) != 0) awsm_elf_fatal("cannot read the arguments and environment", 1);
  if ((uint64_t)argsz + envsz + 8u * (argc + envc) + 4096 > GUEST_STACK / 2) awsm_elf_fatal("arguments and environment too large for the stack", 1);
  uint32_t random = push(&top, 16, 16);
  if (__wasi_random_get(guest(random), 16) != 0) awsm_elf_fatal("random_get failed", 1);
  uint32_t platform = push(&top, 8, 1);
  memcpy(guest(platform), "aarch64", 8);
  uint32_t envbuf = push(&top, envsz, 1);
  uint32_t argbuf = push(&top, argsz, 1);
  /* WASI writes 32-bit pointers (= guest addresses) into these; widened below. */
  uint32_t argp = push(&top, 4 * argc, 4);
  uint32_t envp = push(&top, 4 * envc, 4);
  if (__wasi_args_get(guest(argp), guest(argbuf)) != 0 || __wasi_environ_get(guest(envp), guest(envbuf)) != 0) awsm_elf_fatal("cannot read the arguments and environment", 1);
  const struct awsm_elf_image *im = &awsm_elf_image;
  uint64_t execfn = argc > 0 ? ((uint32_t *)guest(argp))[0] : platform;
  const uint64_t aux[NAUX][2] = {
      {AT_PHDR, im->phdr}, {AT_PHENT, im->phent}, {AT_PHNUM, im->phnum}, {AT_PAGESZ, PAGE},
      {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, im->entry}, {AT_UID, 0}, {AT_EUID, 0}, {AT_GID, 0},
      {AT_EGID, 0}, {AT_PLATFORM, platform}, {AT_HWCAP, HWCAP_FP_ASIMD}, {AT_HWCAP2, 0},
      {AT_CLKTCK, 100}, {AT_SECURE, 0}, {AT_RANDOM, random}, {AT_EXECFN, execfn}, {AT_NULL, 0},
  };
  uint32_t words = 1 + argc + 1 + envc + 1 + 2 * NAUX;
  uint32_t sp = push(&top, 8 * words, 16);
  uint64_t *v = guest(sp);
  /* The vector is below the 32-bit arrays, so filling it upwards reads each before it is overwritten. */
  const uint32_t *a32 = guest(argp), *e32 = guest(envp);
  uint32_t k = 0;
  v[k++] = argc;
  for (uint32_t i = 0; i < argc; i++) v[k++] = a32[i];
  v[k++] = 0;
  for (uint32_t i = 0; i < envc; i++) v[k++] = e32[i];
  v[k++] = 0;
  memcpy(&v[k], aux, sizeof aux);
  return sp;
}

void _start(void) {
  __wasm_call_ctors();
  load_segments();
  uint32_t stack_lo = ((uint32_t)(uintptr_t)&__heap_base + PAGE - 1) & ~(PAGE - 1);
  if (awsm_elf_reserve((uint64_t)stack_lo + GUEST_STACK) != 0) awsm_elf_fatal("cannot grow memory for the stack", 1);
  awsm_elf_mem_init(stack_lo + GUEST_STACK);
  awsm_elf_preopens_init();
  state.sp = build_stack(stack_lo);
  state.pc = awsm_elf_image.entry;
  state.excl = ~(uint64_t)0;
  awsm_elf_run(&state);
  awsm_elf_fatal("the program returned from its entry point", 134);
}
