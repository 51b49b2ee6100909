/*
 * The CHECK macro of the C tests (tests/runtime, tests/embed): counts the checks that pass,
 * prints each one that fails with its place and a printf-style message, and goes on.
 * The counters have long names so that a test's own variables cannot shadow them.
 */
#ifndef AWSM_TESTS_CHECK_H
#define AWSM_TESTS_CHECK_H

#include <stdio.h>

static int checks_passed, checks_failed;

#define CHECK(cond, ...)                            \
  do {                                              \
    if (cond) {                                     \
      checks_passed++;                              \
    } else {                                        \
      checks_failed++;                              \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);   \
      printf(__VA_ARGS__);                          \
      printf("\n");                                 \
      fflush(stdout);                               \
    }                                               \
  } while (0)

#endif
