/*
 * trap: the host catches every trap of a sandboxed module as an error value (kind and
 * message), reports it and keeps using the instance. An endless loop is stopped by a
 * deadline (awsm_call_with_deadline); awsm_instance_interrupt does the same from another
 * thread.
 *
 * Built by examples/embed/Makefile: awsm compile --emit=obj --name=faulty faulty.wasm
 */
#include <stdio.h>

#include "awsm.h"

AWSM_MODULE(faulty);

static void report(const char *what, int rc, const awsm_error *err, uint32_t result) {
  if (rc == 0)
    printf("%-14s -> %u\n", what, result);
  else
    printf("%-14s -> trap %d: %s\n", what, (int)err->trap, err->message);
}

int main(void) {
  awsm_error err;
  awsm_instance *inst = awsm_instantiate(&faulty_module, NULL, &err);
  if (inst == NULL) {
    fprintf(stderr, "instantiate: %s\n", err.message);
    return 1;
  }
  uint32_t r = 0;
  int rc = awsm_callf(inst, "divide", &err, 84, 2, &r);
  report("divide(84, 2)", rc, &err, r);
  rc = awsm_callf(inst, "divide", &err, 1, 0, &r);
  report("divide(1, 0)", rc, &err, r);
  rc = awsm_callf(inst, "peek", &err, 70000, &r);
  report("peek(70000)", rc, &err, r);
  rc = awsm_callf(inst, "crash", &err);
  report("crash()", rc, &err, 0);
  rc = awsm_callf(inst, "deep", &err, 0, &r);
  report("deep(0)", rc, &err, r);

  /* An endless loop, stopped after 100 ms. */
  awsm_value none[1];
  rc = awsm_call_with_deadline(inst, awsm_instance_export_func(inst, "forever"), none,
                               awsm_monotonic_ns() + 100 * 1000000ull, &err);
  report("forever()", rc, &err, 0);

  rc = awsm_callf(inst, "divide", &err, 10, 5, &r);
  report("divide(10, 5)", rc, &err, r);
  awsm_instance_free(inst);
  return 0;
}
