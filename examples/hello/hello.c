/*
 * hello.c: the smallest WASI program. scripts/example.sh builds it to WebAssembly with
 *   clang-16 --target=wasm32-wasi --sysroot=/usr -O2 hello.c -o hello.wasm
 * and runs it with `awsm run hello.wasm [NAME...]`.
 */
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    puts("hello");
    return 0;
  }
  for (int i = 1; i < argc; i++) printf("hello, %s\n", argv[i]);
  return 0;
}
