;; Structured control: block/loop/if results and parameters, br_if, br_table, return,
;; multi-value, and the skipping of unreachable code.
(module
  (func $if_else (export "if-else") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))

  ;; An `if` without `else` passes its parameters through to the end.
  (func $if_params (export "if-params") (param i32 i64) (result i64)
    (local.get 1)
    (local.get 0)
    (if (param i64) (result i64) (then (i64.const 1) (i64.add))))

  ;; A branch to a loop goes to its header, a branch to a block to its end.
  (func $sum (export "sum") (param i32) (result i32) (local i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $next)))
    (local.get 1))

  (func $loop_params (export "loop-params") (result i32 i32)
    (i32.const 1) (i32.const 2)
    (loop (param i32 i32) (result i32 i32)))

  (func $table (export "br-table") (param i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        (block $c (result i32)
          (i32.const 7) (local.get 0) (br_table $a $b $c $a)))
      (i32.const 10) (i32.add))
    (br_if 0 (i32.const 5) (local.get 0))
    (return (i32.const 3))
    (drop) (i32.const 4))

  (func $dead_code (export "dead-code") (result i32)
    (block (result i32)
      (unreachable)
      (i32.const 1) (if (then (nop)) (else (nop))) (i32.const 2)))

  (func $multi (export "multi") (result i32 i64) (i32.const 1) (i64.const 2))

  (func $call_multi (export "call-multi") (result i64)
    (call $multi) (drop) (drop) (i64.const 3))
)
