/*
 * wasi2_test.h — the harness test_wasi2.c and test_wasi2_fs.c share: the WASI 0.2 host's
 * functions called as a component's lowered imports (test_wasi2.c says how).
 */
#ifndef AWSM_TESTS_WASI2_TEST_H
#define AWSM_TESTS_WASI2_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "awsm.h"
#include "awsm_wasi2.h"

typedef struct harness {
  awsm_instance *owner;  /* owns the host function objects (a trivial module's instance) */
  awsm_memory *mem;      /* the component's memory (2 pages) */
  awsm_func *realloc;    /* test_realloc */
  uint32_t bump;         /* next free byte for realloc */
  uint32_t reallocs;     /* realloc calls made */
  uint32_t fail_realloc; /* 1: realloc returns a misaligned pointer */
  awsm_wasi *base;
  awsm_wasi2 *w;
  awsm_canon_opts opts;
} harness;

extern harness H;

/* The byte at `at` of the memory (and the rest of it after). */
uint8_t *mem(uint32_t at);
uint32_t rd32(uint32_t at);
uint64_t rd64(uint32_t at);
void wr32(uint32_t at, uint32_t v);
/* Puts bytes at `at` (below 0x8000: the test's own area); returns at. */
uint32_t put(uint32_t at, const void *s, size_t n);
/* Calls iface.name with args; 0, or -1 with err filled. */
int call(const char *iface, const char *name, awsm_value *args, awsm_error *err);
/* Calls and checks success; returns args[0] (the result, if any). */
uint64_t ok(const char *iface, const char *name, awsm_value *args);
/* Calls and checks that it traps with a message containing `want`. */
void traps(const char *iface, const char *name, awsm_value *args, const char *want);

#define A(...) ((awsm_value[]){__VA_ARGS__, awsm_i32(0)})
#define I(v) awsm_i32((int32_t)(v))
#define L(v) awsm_i64((int64_t)(v))
#define RET 0x100 /* the return area */

extern const char *const IO; /* "wasi:io/streams@0.2.12" */

/* test_wasi2_fs.c: the filesystem, error and socket tests, after make_fixture(dir) and the
 * preopen of DIR/root as /data and the listener (listen_port) were given to the preview1
 * state; adds its checks to *passed and *failed. */
void make_fixture(const char *dir);
int make_listener(void);
void test_wasi2_fs(const char *dir, int *passed, int *failed);

#endif
