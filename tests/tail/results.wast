;; Tail calls of functions with more results than a musttail call can return in registers
;; (docs/abi.md, "Tail calls": more than two): ordinary calls then, correct but not in
;; constant stack. Before that limit, LLVM stopped with "failed to perform tail call
;; elimination on a call site marked musttail" on x86-64 at four i64 results.

(module
  (type $r4 (func (param i32 i64) (result i64 i64 i64 i64)))
  (table 1 funcref)
  (elem (i32.const 0) $a)
  (func $a (type $r4)
    (if (i32.eqz (local.get 0))
      (then (return (local.get 1) (i64.const 2) (i64.const 3) (i64.const 4))))
    (return_call $b (f64.const 1) (local.get 0) (local.get 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)))
  (func $b (param f64 i32 i64 i32 i32 i32 i32 i32 i32) (result i64 i64 i64 i64)
    (return_call_indirect (type $r4) (i32.sub (local.get 1) (i32.const 1)) (i64.add (local.get 2) (i64.const 1)) (i32.const 0)))
  (func (export "run") (param i32) (result i64 i64 i64 i64)
    (return_call $a (local.get 0) (i64.const 0)))
  ;; Two results: tailcc, a guaranteed tail call.
  (func $c (param i32 i64) (result f64 i64)
    (if (i32.eqz (local.get 0)) (then (return (f64.const 0.5) (local.get 1))))
    (return_call $c (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 2))))
  (func (export "two") (param i32) (result f64 i64) (return_call $c (local.get 0) (i64.const 0))))

(assert_return (invoke "run" (i32.const 1000)) (i64.const 1000) (i64.const 2) (i64.const 3) (i64.const 4))
(assert_return (invoke "two" (i32.const 10000000)) (f64.const 0.5) (i64.const 20000000))
