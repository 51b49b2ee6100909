;; options: {"triple": "x86_64-pc-linux-gnu"}
;; assembler: wasm-tools
;; Exceptions: throw (awsm_exn_new, payload stores, awsm_exn_throw), throw_ref (null check),
;; try_table: calls inside become invokes to the landing pad; the dispatch compares tags in
;; clause order, an unmatched exception goes to the enclosing try_table's dispatch or resumes.
;; $pure makes no call that may throw and keeps nounwind (#0); the others are #1.
(module
  (tag $e (param i32))
  (tag $f)
  (func $pure (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $thrower (param i32)
    (if (local.get 0) (then (throw $e (local.get 0))))
    (throw $f))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $thrower (local.get 0)))
      (i32.const 0)))
  (func (export "nested") (param i32) (result i32)
    (local $x exnref)
    (block $all
      (block $h (result i32)
        (try_table (catch_all $all)
          (try_table (catch $e $h)
            (call $thrower (local.get 0))))
        (return (i32.const 0)))
      (return))
    (i32.const 2))
  (func (export "rethrow") (param exnref)
    (throw_ref (local.get 0)))
)
