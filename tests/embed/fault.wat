;; tests/embed: the module of tests/runtime/host_fault.c (--name=fault): a host function that
;; faults must crash the process, while the same guard pages faulted on by Wasm are a trap.
(module
  (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $host_call (export "host_call") (param i32 i32) (result i32)
    (call $host_add (local.get 0) (local.get 1)))
  (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func $fill (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
)
