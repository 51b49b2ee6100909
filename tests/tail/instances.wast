;; Tail calls across instances and to host functions (docs/abi.md, "Tail calls"): they must
;; reach the right function. Module $B's $b3 has function index 3 in B, as $own has in A (after
;; its three imports): return_call_indirect must call B's function object with B's context
;; (awsm_func.ctx), not A's function 3. A host function ($print) and a function that makes no
;; tail calls ($b3) have no tail entry: an ordinary call then. cross.wast has the
;; constant-stack case.

(module $B
  (type $t (func (param i32) (result i32)))
  (func $b0 (export "b0") (type $t) (i32.const 100))
  (func $b1 (type $t) (i32.const 101))
  (func $b2 (type $t) (i32.const 102))
  (func $b3 (export "b3") (type $t) (i32.add (local.get 0) (i32.const 200)))
  ;; A tail call inside B, reached by a tail call from A.
  (func (export "down") (param i32 i64) (result i64)
    (if (result i64) (i32.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $b1x (local.get 0) (local.get 1)))))
  (func $b1x (param i32 i64) (result i64)
    (i64.add (local.get 1) (i64.extend_i32_u (local.get 0)))))
(register "B" $B)

(module $A
  (type $t (func (param i32) (result i32)))
  (import "B" "b3" (func $imp (type $t)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "B" "down" (func $bdown (param i32 i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $imp $own)
  (func $own (export "own") (type $t)
    (if (local.get 0) (then (return (i32.const 7))))
    (return_call_indirect (type $t) (i32.const 1) (i32.const 0)))
  (func (export "via_own") (param i32) (result i32)
    (return_call_indirect (type $t) (local.get 0) (i32.const 1)))
  (func (export "import") (param i32) (result i32) (return_call $imp (local.get 0)))
  (func (export "host") (return_call $print (i32.const 42)))
  (func (export "down") (param i32 i64) (result i64)
    (return_call $bdown (local.get 0) (i64.add (local.get 1) (i64.const 1)))))

(assert_return (invoke "own" (i32.const 0)) (i32.const 201))
(assert_return (invoke "own" (i32.const 1)) (i32.const 7))
(assert_return (invoke "via_own" (i32.const 1)) (i32.const 7))
(assert_return (invoke "via_own" (i32.const 0)) (i32.const 201))
(assert_return (invoke "import" (i32.const 5)) (i32.const 205))
(assert_return (invoke "host"))
(assert_return (invoke "down" (i32.const 3) (i64.const 10)) (i64.const 14))
