;; Wide arithmetic and tail calls with exact results (carries, borrows, the high halves of
;; products, arguments in order through return_call and return_call_indirect), so that the
;; differential tests against wasmtime check them on every run whatever smith generates.
(module
  (type $t (func (param i64 i64 i64 i64) (result i64 i64)))
  (table 1 1 funcref)
  (elem (i32.const 0) $sub)
  (func $add (type $t) (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func $sub (type $t) (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "add-carry") (result i64 i64) (return_call $add (i64.const -1) (i64.const 5) (i64.const 1) (i64.const 7)))
  (func (export "add-swap") (result i64 i64) (return_call $add (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)))
  (func (export "sub-borrow") (result i64 i64)
    (return_call_indirect (type $t) (i64.const 0) (i64.const 9) (i64.const 1) (i64.const 2) (i32.const 0)))
  (func (export "mul-s") (result i64 i64) (i64.mul_wide_s (i64.const -3) (i64.const 0x7fffffffffffffff)))
  (func (export "mul-u") (result i64 i64) (i64.mul_wide_u (i64.const -1) (i64.const -1))))
