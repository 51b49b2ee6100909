;; Mutual tail recursion across instances, through an import and a table (docs/abi.md, "Tail
;; calls"): $A.a tail-calls B's $b through A's table (return_call_indirect of another
;; instance's function), and $b tail-calls A's $a through its import (return_call of an
;; import). The two have different signatures, two of $b's arguments on the native stack.
;; 100 million calls: any growth per call would exhaust the stack long before the end.

(module $A
  (type $fa (func (param i64 i32) (result i64)))
  (type $fb (func (param f64 i64 i32 i32 i32 i32 i32 i32) (result i64)))
  (table (export "t") 1 funcref)
  (func $a (export "a") (type $fa)
    (if (i32.eqz (local.get 1)) (then (return (local.get 0))))
    (return_call_indirect (type $fb)
      (f64.convert_i32_u (local.get 1)) (i64.add (local.get 0) (i64.const 1))
      (i32.sub (local.get 1) (i32.const 1)) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
      (i32.const 0))))
(register "A" $A)

(module $B
  (type $fa (func (param i64 i32) (result i64)))
  (type $fb (func (param f64 i64 i32 i32 i32 i32 i32 i32) (result i64)))
  (import "A" "a" (func $a (type $fa)))
  (import "A" "t" (table 1 funcref))
  (elem (table 0) (i32.const 0) func $b)
  (func $b (type $fb)
    (return_call $a (i64.add (local.get 1) (i64.trunc_f64_u (f64.sub (local.get 0) (local.get 0)))) (local.get 2))))

(assert_return (invoke $A "a" (i64.const 0) (i32.const 100000000)) (i64.const 100000000))
(assert_return (invoke $A "a" (i64.const 5) (i32.const 3)) (i64.const 8))
