/*
 * wasi_module.c — a hand-written "compiled module" that imports WASI preview1, for the
 * in-process WASI tests (test_runtime.c: selftest, efault, exit) and for executables linked
 * with runtime/main.c (run.sh: `_start` does what argv[1] says, see w_start).
 */
#include <stdlib.h>

#include "fake.h"

enum {
  W_FD_WRITE, W_PROC_EXIT, W_ARGS_SIZES_GET, W_ARGS_GET, W_ENVIRON_SIZES_GET, W_ENVIRON_GET, W_FD_FDSTAT_GET,
  W_FD_SEEK, W_FD_CLOSE, W_START, W_SELFTEST, W_EFAULT, W_EXIT, W_RECURSE, W_COUNT
};

typedef uint32_t (*fn_i_i)(void *, uint32_t);
typedef uint32_t (*fn_ii_i)(void *, uint32_t, uint32_t);
typedef uint32_t (*fn_iiii_i)(void *, uint32_t, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*fn_iIii_i)(void *, uint32_t, uint64_t, uint32_t, uint32_t);
typedef void (*fn_i_)(void *, uint32_t);

#define IMPORT(ctx, i) ((ctx)->funcs[(i)])
static uint32_t fd_write(awsm_instance *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nw) {
  awsm_func *f = IMPORT(ctx, W_FD_WRITE);
  return ((fn_iiii_i)f->code)(f->ctx, fd, iovs, n, nw);
}
static uint32_t call_ii(awsm_instance *ctx, uint32_t idx, uint32_t a, uint32_t b) {
  awsm_func *f = IMPORT(ctx, idx);
  return ((fn_ii_i)f->code)(f->ctx, a, b);
}
static uint32_t fd_seek(awsm_instance *ctx, uint32_t fd, uint64_t off, uint32_t whence, uint32_t out) {
  awsm_func *f = IMPORT(ctx, W_FD_SEEK);
  return ((fn_iIii_i)f->code)(f->ctx, fd, off, whence, out);
}
static uint32_t fd_close(awsm_instance *ctx, uint32_t fd) {
  awsm_func *f = IMPORT(ctx, W_FD_CLOSE);
  return ((fn_i_i)f->code)(f->ctx, fd);
}
static void proc_exit(awsm_instance *ctx, uint32_t code) {
  awsm_func *f = IMPORT(ctx, W_PROC_EXIT);
  ((fn_i_)f->code)(f->ctx, code);
}

static uint8_t *mem(awsm_instance *ctx, uint32_t a) { return ctx->mem0_base + a; }
static uint32_t rd32(awsm_instance *ctx, uint32_t a) {
  uint32_t v;
  memcpy(&v, mem(ctx, a), 4);
  return v;
}
static void wr32(awsm_instance *ctx, uint32_t a, uint32_t v) { memcpy(mem(ctx, a), &v, 4); }

/* Writes guest string at `s` (NUL-terminated) and then `tail` to fd, using two iovecs. */
static uint32_t print2(awsm_instance *ctx, uint32_t fd, uint32_t s, const char *tail) {
  uint32_t tl = (uint32_t)strlen(tail);
  memcpy(mem(ctx, 60000), tail, tl);
  wr32(ctx, 64, s);
  wr32(ctx, 68, (uint32_t)strlen((char *)mem(ctx, s)));
  wr32(ctx, 72, 60000);
  wr32(ctx, 76, tl);
  return fd_write(ctx, fd, 64, 2, 80);
}
static uint32_t print(awsm_instance *ctx, uint32_t fd, const char *text) {
  size_t n = strlen(text);
  memcpy(mem(ctx, 50000), text, n + 1);
  return print2(ctx, fd, 50000, "");
}

static uint32_t w_recurse(awsm_instance *ctx, uint32_t n) {
  STACK_CHECK(ctx, W_RECURSE);
  volatile uint32_t pad[8];
  pad[0] = n;
  if (n == 0) return 0;
  uint32_t r = w_recurse(ctx, n - 1);
  AFTER_CALL();
  return r + 1 + (pad[0] & 0);
}

/* _start: with no argument prints a greeting; otherwise argv[1] selects a behaviour. */
static void w_start(awsm_instance *ctx) {
  STACK_CHECK(ctx, W_START);
  call_ii(ctx, W_ARGS_SIZES_GET, 0, 4);
  uint32_t argc = rd32(ctx, 0);
  call_ii(ctx, W_ARGS_GET, 1024, 2048);
  const char *cmd = argc > 1 ? (const char *)mem(ctx, rd32(ctx, 1028)) : "";
  const char *arg2 = argc > 2 ? (const char *)mem(ctx, rd32(ctx, 1032)) : "0";
  if (strcmp(cmd, "") == 0) {
    print(ctx, 1, "hello, wasi\n");
  } else if (strcmp(cmd, "exit") == 0) {
    print(ctx, 1, "exiting\n");
    proc_exit(ctx, (uint32_t)atoi(arg2));
    awsm_trap(ctx, AWSM_TRAP_UNREACHABLE, W_START); /* proc_exit does not return */
  } else if (strcmp(cmd, "args") == 0) {
    for (uint32_t i = 0; i < argc; i++) print2(ctx, 1, rd32(ctx, 1024 + 4 * i), "\n");
  } else if (strcmp(cmd, "env") == 0) {
    call_ii(ctx, W_ENVIRON_SIZES_GET, 0, 4);
    uint32_t n = rd32(ctx, 0);
    call_ii(ctx, W_ENVIRON_GET, 8192, 16384);
    for (uint32_t i = 0; i < n; i++) print2(ctx, 1, rd32(ctx, 8192 + 4 * i), "\n");
  } else if (strcmp(cmd, "oob") == 0) {
    fake_load32(ctx, 0x12345678, 0x1000);
  } else if (strcmp(cmd, "recurse") == 0) {
    w_recurse(ctx, 1000000000u);
  } else if (strcmp(cmd, "div") == 0) {
    awsm_trap(ctx, AWSM_TRAP_DIV_ZERO, W_START);
  } else if (strcmp(cmd, "close") == 0) {
    fd_close(ctx, 1);
    proc_exit(ctx, print(ctx, 1, "not printed\n")); /* EBADF = 8 */
  } else if (strcmp(cmd, "stderr") == 0) {
    print(ctx, 2, "to stderr\n");
  } else {
    print(ctx, 2, "unknown command\n");
    proc_exit(ctx, 2);
  }
}

/* In-process checks, with argv {"prog", "a", "bc"} and env {"X=1", "EMPTY="}: 0, or the
 * number of the first failed check. */
static uint32_t w_selftest(awsm_instance *ctx) {
  if (call_ii(ctx, W_ARGS_SIZES_GET, 0, 4) != 0 || rd32(ctx, 0) != 3 || rd32(ctx, 4) != 10) return 1;
  if (call_ii(ctx, W_ARGS_GET, 1024, 2048) != 0) return 2;
  if (rd32(ctx, 1024) != 2048 || rd32(ctx, 1028) != 2053 || rd32(ctx, 1032) != 2055) return 3;
  if (memcmp(mem(ctx, 2048), "prog\0a\0bc\0", 10) != 0) return 4;
  if (call_ii(ctx, W_ENVIRON_SIZES_GET, 0, 4) != 0 || rd32(ctx, 0) != 2 || rd32(ctx, 4) != 11) return 5;
  if (call_ii(ctx, W_ENVIRON_GET, 4096, 8192) != 0 || rd32(ctx, 4096) != 8192 || rd32(ctx, 4100) != 8196) return 6;
  if (memcmp(mem(ctx, 8192), "X=1\0EMPTY=\0", 11) != 0) return 7;
  if (call_ii(ctx, W_FD_FDSTAT_GET, 1, 32) != 0 || !(mem(ctx, 40)[0] & 0x40)) return 8; /* FD_WRITE right */
  if (call_ii(ctx, W_FD_FDSTAT_GET, 5, 32) != 8) return 9;
  if (fd_seek(ctx, 1, 0, 0, 8) != 70) return 10;
  if (fd_seek(ctx, 7, 0, 0, 8) != 8) return 11;
  if (fd_seek(ctx, 1, 0, 3, 8) != 28) return 12;
  wr32(ctx, 64, 100);
  wr32(ctx, 68, 0);
  wr32(ctx, 8, 77);
  if (fd_write(ctx, 2, 64, 1, 8) != 0 || rd32(ctx, 8) != 0) return 13;
  if (fd_write(ctx, 9, 64, 1, 8) != 8) return 14;
  if (fd_close(ctx, 5) != 8) return 15;
  return 0;
}

static uint32_t w_efault(awsm_instance *ctx) {
  wr32(ctx, 64, 100);
  wr32(ctx, 68, 1);
  if (fd_write(ctx, 1, 65536 - 4, 1, 8) != 21) return 1;
  wr32(ctx, 64, 65530);
  wr32(ctx, 68, 10);
  if (fd_write(ctx, 1, 64, 1, 8) != 21) return 2;
  wr32(ctx, 68, 0);
  if (fd_write(ctx, 1, 64, 1, 65534) != 21) return 3;
  if (call_ii(ctx, W_ARGS_SIZES_GET, 65535, 0) != 21) return 4;
  if (call_ii(ctx, W_ARGS_GET, 65535, 0) != 21) return 5;
  if (call_ii(ctx, W_ARGS_GET, 0, 65530) != 21) return 6;
  if (call_ii(ctx, W_FD_FDSTAT_GET, 1, 65530) != 21) return 7;
  if (fd_write(ctx, 1, 0, 0x20000000u, 8) != 21) return 8;
  if (fd_write(ctx, 1, 0xFFFFFFF8u, 1, 8) != 21) return 9;
  return 0;
}

static void w_exit(awsm_instance *ctx, uint32_t n) { proc_exit(ctx, n); }

#define FN(sig, code, tramp, name) {sig, (void *)(code), tramp, name}
static const awsm_func_desc w_funcs[W_COUNT] = {
    [W_FD_WRITE] = {"iiii:i", NULL, NULL, NULL},
    [W_PROC_EXIT] = {"i:", NULL, NULL, NULL},
    [W_ARGS_SIZES_GET] = {"ii:i", NULL, NULL, NULL},
    [W_ARGS_GET] = {"ii:i", NULL, NULL, NULL},
    [W_ENVIRON_SIZES_GET] = {"ii:i", NULL, NULL, NULL},
    [W_ENVIRON_GET] = {"ii:i", NULL, NULL, NULL},
    [W_FD_FDSTAT_GET] = {"ii:i", NULL, NULL, NULL},
    [W_FD_SEEK] = {"iIii:i", NULL, NULL, NULL},
    [W_FD_CLOSE] = {"i:i", NULL, NULL, NULL},
    [W_START] = FN(":", w_start, t__, "_start"),
    [W_SELFTEST] = FN(":i", w_selftest, t__i, "selftest"),
    [W_EFAULT] = FN(":i", w_efault, t__i, "efault"),
    [W_EXIT] = FN("i:", w_exit, t_i_, "exit"),
    [W_RECURSE] = FN("i:i", w_recurse, t_i_i, "recurse"),
};

#define WASI(name, idx) IMPORT_DESC("wasi_snapshot_preview1", name, AWSM_EXTERN_FUNC, idx)
static const awsm_import_desc w_imports[] = {
    WASI("fd_write", W_FD_WRITE),
    WASI("proc_exit", W_PROC_EXIT),
    WASI("args_sizes_get", W_ARGS_SIZES_GET),
    WASI("args_get", W_ARGS_GET),
    WASI("environ_sizes_get", W_ENVIRON_SIZES_GET),
    WASI("environ_get", W_ENVIRON_GET),
    WASI("fd_fdstat_get", W_FD_FDSTAT_GET),
    WASI("fd_seek", W_FD_SEEK),
    WASI("fd_close", W_FD_CLOSE),
};

#define EXPORT_FUNC(name, idx) {name, (uint32_t)(sizeof(name) - 1), AWSM_EXTERN_FUNC, idx, 0}
static const awsm_export_desc w_exports[] = {
    EXPORT_FUNC("_start", W_START), EXPORT_FUNC("selftest", W_SELFTEST), EXPORT_FUNC("efault", W_EFAULT),
    EXPORT_FUNC("exit", W_EXIT),    {"memory", 6, AWSM_EXTERN_MEMORY, 0, 0},
};
static const awsm_memory_desc w_memories[] = {{1, 0, 0, AWSM_PAGE_SIZE_LOG2, 0, 0}};

const awsm_module_desc wasi_test_module = {
    .abi_version = AWSM_ABI_VERSION,
    .name = "wasi_test",
    .num_funcs = W_COUNT,
    .num_imported_funcs = 9,
    .funcs = w_funcs,
    .num_memories = 1,
    .memories = w_memories,
    .num_imports = sizeof w_imports / sizeof w_imports[0],
    .num_exports = sizeof w_exports / sizeof w_exports[0],
    .imports = w_imports,
    .exports = w_exports,
    .start_funcidx = -1,
};
