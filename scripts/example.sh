#!/usr/bin/env bash
# Build examples/hello/hello.c to WebAssembly with clang-16 (WASI), then compile and run it
# with awsm. Prints "hello".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

out=build/examples
mkdir -p "$out"
clang-16 --target=wasm32-wasi --sysroot=/usr -O2 examples/hello/hello.c -o "$out/hello.wasm"
node dist/src/cli/main.js run "$out/hello.wasm"
