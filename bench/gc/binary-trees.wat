;; binary-trees (the Benchmarks Game): a stretch tree of depth MAX + 1, a long-lived tree of
;; depth MAX, and 2^(MAX - d + 4) short-lived trees of each depth d = 4, 6, …, MAX; prints the
;; sum of all node counts. MAX = 16. bench/gc/run.ts runs it (docs/gc.md, docs/benchmarks.md).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (type $node (struct (field $left (ref null $node)) (field $right (ref null $node))))
  (global $long (mut (ref null $node)) (ref.null $node))

  (func $make (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new_default $node))
      (else (struct.new $node
        (call $make (i32.sub (local.get $d) (i32.const 1)))
        (call $make (i32.sub (local.get $d) (i32.const 1)))))))

  (func $check (param $n (ref $node)) (result i32)
    (local $l (ref null $node))
    (local.set $l (struct.get $node $left (local.get $n)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else (i32.add (i32.const 1)
        (i32.add (call $check (ref.as_non_null (local.get $l)))
                 (call $check (ref.as_non_null (struct.get $node $right (local.get $n)))))))))

  (func $print (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 1040))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $d
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $d (local.get $v)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 1041) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (local $max i32) (local $d i32) (local $i i32) (local $iters i32) (local $sum i32)
    (local.set $max (i32.const 16))
    (local.set $sum (call $check (call $make (i32.add (local.get $max) (i32.const 1)))))
    (global.set $long (call $make (local.get $max)))
    (local.set $d (i32.const 4))
    (loop $depths
      (local.set $iters (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $max) (local.get $d)) (i32.const 4))))
      (local.set $i (i32.const 0))
      (loop $trees
        (local.set $sum (i32.add (local.get $sum) (call $check (call $make (local.get $d)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $trees (i32.lt_u (local.get $i) (local.get $iters))))
      (local.set $d (i32.add (local.get $d) (i32.const 2)))
      (br_if $depths (i32.le_u (local.get $d) (local.get $max))))
    (local.set $sum (i32.add (local.get $sum) (call $check (ref.as_non_null (global.get $long)))))
    (call $print (local.get $sum))))
