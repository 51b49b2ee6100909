;; linked-list churn: a long-lived list of 100,000 nodes in a global, then 10,000 rounds that
;; each build a 1,000-node list, sum it and drop it (10M short-lived nodes); prints the sum.
;; bench/gc/run.ts runs it (docs/gc.md, docs/benchmarks.md).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (type $node (struct (field $v i32) (field $next (ref null $node))))
  (global $long (mut (ref null $node)) (ref.null $node))

  (func $build (param $n i32) (param $seed i32) (result (ref null $node))
    (local $l (ref null $node))
    (loop $more
      (local.set $l (struct.new $node (i32.add (local.get $seed) (local.get $n)) (local.get $l)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $more (local.get $n)))
    (local.get $l))

  (func $sum (param $l (ref null $node)) (result i32)
    (local $s i32)
    (block $done
      (loop $more
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $s (i32.add (local.get $s) (struct.get $node $v (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $more)))
    (local.get $s))

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
    (local $r i32) (local $s i32)
    (global.set $long (call $build (i32.const 100000) (i32.const 7)))
    (loop $rounds
      (local.set $s (i32.add (local.get $s) (call $sum (call $build (i32.const 1000) (local.get $r)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rounds (i32.lt_u (local.get $r) (i32.const 10000))))
    (call $print (i32.add (local.get $s) (call $sum (global.get $long))))))
