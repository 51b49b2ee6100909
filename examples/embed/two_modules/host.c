/*
 * two_modules: a C program hosting two different sandboxed modules, producer and consumer,
 * each with its own linear memory. The producer calls the host function host.send with a
 * message in its memory; the host checks the range, copies the bytes into the consumer's
 * buffer and calls the consumer's `words` export, then returns its answer to the producer.
 * The two modules never share memory or code: every byte crosses through the host.
 *
 * Built by examples/embed/Makefile from producer.wat and consumer.wat:
 *   awsm compile --emit=obj --name=producer producer.wasm
 *   awsm compile --emit=obj --name=consumer consumer.wasm
 */
#include <stdio.h>
#include <string.h>

#include "awsm.h"

AWSM_MODULE(producer);
AWSM_MODULE(consumer);

/* host.send(ptr, len) -> words: `caller` is the producer instance; the consumer is its user
 * pointer (awsm_options.user). */
static uint32_t host_send(awsm_instance *caller, uint32_t ptr, uint32_t len) {
  awsm_instance *consumer = awsm_instance_user(caller);
  awsm_error err;
  const char *msg = awsm_memory_data(awsm_instance_memory(caller, 0), ptr, len);
  if (msg == NULL) awsm_trap_host(caller, "send: [%u, %u + %u) is outside the producer's memory", ptr, ptr, len);
  uint32_t buf = 0, words = 0;
  if (awsm_callf(consumer, "buffer", &err, &buf) != 0 ||
      awsm_memory_write(awsm_instance_export_memory(consumer, "memory"), buf, msg, len) != 0 ||
      awsm_callf(consumer, "words", &err, len, &words) != 0)
    awsm_trap_host(caller, "send: the consumer failed: %s", err.message);
  char shouted[256];
  awsm_memory_read(awsm_instance_export_memory(consumer, "memory"), buf, shouted, len < 255 ? len : 255);
  shouted[len < 255 ? len : 255] = '\0';
  printf("producer sent \"%.*s\"; consumer counted %u words: \"%s\"\n", (int)len, msg, words, shouted);
  return words;
}

int main(void) {
  awsm_error err;
  awsm_instance *consumer = awsm_instantiate(&consumer_module, NULL, &err);
  if (consumer == NULL) {
    fprintf(stderr, "consumer: %s\n", err.message);
    return 1;
  }
  static const awsm_host_func_def host[] = {{"host", "send", "ii:i", (void *)host_send, NULL}};
  awsm_imports imports = {.funcs = host, .num_funcs = 1};
  awsm_options opts = {.resolve = awsm_imports_resolve, .resolve_data = &imports, .user = consumer};
  awsm_instance *producer = awsm_instantiate(&producer_module, &opts, &err);
  if (producer == NULL) {
    fprintf(stderr, "producer: %s\n", err.message);
    awsm_instance_free(consumer);
    return 1;
  }
  uint32_t total = 0;
  if (awsm_callf(producer, "run", &err, &total) != 0) {
    fprintf(stderr, "run: %s\n", err.message);
    return 1;
  }
  printf("total: %u words\n", total);
  awsm_instance_free(producer);
  awsm_instance_free(consumer);
  return 0;
}
