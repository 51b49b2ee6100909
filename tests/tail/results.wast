;; Tail calls of functions with more results than a musttail call can return in registers
;; (docs/abi.md, "Tail calls": more than two; LLVM 16 stops with "failed to perform tail call
;; elimination on a call site marked musttail" on x86-64 at four i64 results). Such `tailcc`
;; functions store their results into a buffer the caller passes, and a tail call passes its
;; own on: 100 million mutual tail calls between $a and $b (different signatures, $b with
;; arguments on the native stack), directly and through the table, in constant stack.

(module
  (type $r4 (func (param i32 i64) (result i64 i64 i64 i64)))
  (type $rb (func (param f64 i32 i64 i32 i32 i32 i32 i32 i32) (result i64 i64 i64 i64)))
  (table 2 funcref)
  (elem (i32.const 0) $ia $ib)
  (func $a (type $r4)
    (if (i32.eqz (local.get 0))
      (then (return (local.get 1) (i64.const 2) (i64.const 3) (i64.const 4))))
    (return_call $b (f64.const 1) (local.get 0) (local.get 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)))
  (func $b (type $rb)
    (return_call $a (i32.sub (local.get 1) (i32.const 1)) (i64.add (local.get 2) (i64.const 1))))
  (func $ia (type $r4)
    (if (i32.eqz (local.get 0))
      (then (return (local.get 1) (i64.const 5) (i64.const 6) (i64.const 7))))
    (return_call_indirect (type $rb) (f64.const 1) (local.get 0) (local.get 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)))
  (func $ib (type $rb)
    (return_call_indirect (type $r4) (i32.sub (local.get 1) (i32.const 1)) (i64.add (local.get 2) (i64.const 1)) (i32.const 0)))
  (func (export "run") (param i32) (result i64 i64 i64 i64)
    (return_call $a (local.get 0) (i64.const 0)))
  (func (export "run-indirect") (param i32) (result i64 i64 i64 i64)
    (call $ia (local.get 0) (i64.const 0)))
  ;; A C-convention caller (no tail calls) of a tailcc function with a result buffer.
  (func (export "sum") (param i32) (result i64)
    (call $a (local.get 0) (i64.const 10))
    (i64.add) (i64.add) (i64.add))
  ;; Two results: returned in registers, no buffer.
  (func $c (param i32 i64) (result f64 i64)
    (if (i32.eqz (local.get 0)) (then (return (f64.const 0.5) (local.get 1))))
    (return_call $c (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 2))))
  (func (export "two") (param i32) (result f64 i64) (return_call $c (local.get 0) (i64.const 0))))

(assert_return (invoke "run" (i32.const 1000)) (i64.const 1000) (i64.const 2) (i64.const 3) (i64.const 4))
(assert_return (invoke "run" (i32.const 100000000)) (i64.const 100000000) (i64.const 2) (i64.const 3) (i64.const 4))
(assert_return (invoke "run-indirect" (i32.const 100000000)) (i64.const 100000000) (i64.const 5) (i64.const 6) (i64.const 7))
(assert_return (invoke "sum" (i32.const 3)) (i64.const 22))
(assert_return (invoke "two" (i32.const 10000000)) (f64.const 0.5) (i64.const 20000000))

;; Across instances, with a result buffer: B's $b tail-calls A's $a through its import.
(module $A3
  (type $r3 (func (param i32 i64) (result i64 i32 f64)))
  (table (export "t") 1 funcref)
  (func $a (export "a") (type $r3)
    (if (i32.eqz (local.get 0)) (then (return (local.get 1) (i32.const 9) (f64.const 2.5))))
    (return_call_indirect (type $r3) (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 3)) (i32.const 0))))
(register "A3" $A3)
(module $B3
  (type $r3 (func (param i32 i64) (result i64 i32 f64)))
  (import "A3" "a" (func $a (type $r3)))
  (import "A3" "t" (table 1 funcref))
  (elem (table 0) (i32.const 0) func $b)
  (func $b (type $r3) (return_call $a (local.get 0) (local.get 1))))
(assert_return (invoke $A3 "a" (i32.const 100000000) (i64.const 0)) (i64.const 300000000) (i32.const 9) (f64.const 2.5))
