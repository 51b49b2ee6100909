;; tests/embed/test_exceptions.c: exceptions and the C API. A host tag is imported; the host
;; function "call_back" calls back into "inner" (which throws $e) and rethrows what it gets,
;; throws an exception of the host tag, or returns; "outer" catches both tags.
;; (Assembled with wasm-tools: try_table is Wasm 3.0.)
(module
  (import "host" "tag" (tag $h (param i32)))
  (import "host" "call_back" (func $call_back (param i32) (result i32)))
  (tag $e (export "e") (param i32 i64))
  (func (export "inner") (param i32) (throw $e (local.get 0) (i64.const 77)))
  ;; $e → 1000 + its i32 + its i64; $h → 2000 + its i32; no exception → call_back's result.
  (func (export "outer") (param i32) (result i32)
    (local $a i32) (local $b i64)
    (block $he (result i32)
      (block $ee (result i32 i64)
        (try_table (catch $e $ee) (catch $h $he)
          (return (call $call_back (local.get 0))))
        (unreachable))
      (local.set $b)
      (local.set $a)
      (return (i32.add (i32.const 1000) (i32.add (local.get $a) (i32.wrap_i64 (local.get $b))))))
    (i32.add (i32.const 2000)))
  (func (export "uncaught") (param i32) (throw $e (local.get 0) (i64.const 5)))
  (func (export "throw_host_tag") (param i32) (throw $h (local.get 0)))
  ;; n exceptions caught by reference and dropped (exception collections run), the first kept
  ;; in a local: returns its i32 (0) + n; a freed and reused first gives more.
  (func (export "churn") (param $n i32) (result i32)
    (local $first exnref) (local $x exnref) (local $i i32)
    (loop $l
      (block $h (result i32 i64 exnref)
        (try_table (catch_ref $e $h) (throw $e (local.get $i) (i64.const 1)))
        (unreachable))
      (local.set $x)
      (drop)
      (drop)
      (if (ref.is_null (local.get $first)) (then (local.set $first (local.get $x))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (block $h2 (result i32 i64)
      (try_table (catch $e $h2) (throw_ref (local.get $first)))
      (unreachable))
    (drop)
    (i32.add (local.get $n)))
  ;; A trap is not caught by catch_all.
  (func (export "trap_in_try") (result i32)
    (block $h (try_table (catch_all $h) (unreachable)))
    (i32.const 1))
)
