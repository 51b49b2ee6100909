;; options: {"triple": "aarch64-unknown-linux-gnu"}
;; Calls: direct, to an import through its awsm_func, call_indirect with the signature check,
;; the stack-limit check (aarch64 reads "sp"), and the trampolines.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "host" (func $host (param i64) (result f32)))
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $add $sub)
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $direct (export "direct") (param i32) (result i32)
    (call $add (local.get 0) (i32.const 1)))
  (func $imported (export "imported") (param i64) (result f32)
    (call $host (local.get 0)))
  (func $indirect (export "indirect") (param i32 i32 i32) (result i32)
    (call_indirect $t (type $binop) (local.get 0) (local.get 1) (local.get 2)))
  (func $recurse (export "recurse") (call $recurse))
)
