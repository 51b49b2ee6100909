;; tests/embed: imports every kind of extern from "lib" (bound to a lib instance) and a host
;; function from "host".
(module
  (import "lib" "double" (func $double (param i32) (result i32)))
  (import "lib" "mem" (memory 1 4))
  (import "lib" "tab" (table 4 10 funcref))
  (import "lib" "base" (global $base (mut i32)))
  (import "host" "add3" (func $add3 (param i32 i32 i32) (result i32)))
  (type $unary (func (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    ;; base + double(x) + table[1](x), stored at address 8 of lib's memory
    (i32.store (i32.const 8)
      (call $add3 (global.get $base) (call $double (local.get 0))
        (call_indirect (type $unary) (local.get 0) (i32.const 1))))
    (global.set $base (i32.add (global.get $base) (i32.const 1)))
    (i32.load (i32.const 8)))
)
