;; array of structs: 100,000 particles {x: i64, v: i64, id: i32} in an array; 100 steps each
;; replace every particle with a new one (x + v), 10M short-lived structs in all; prints the
;; sum of the positions and ids (low 32 bits). bench/gc/run.ts runs it (docs/gc.md).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (type $p (struct (field $x i64) (field $v i64) (field $id i32)))
  (type $ps (array (mut (ref null $p))))

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
    (local $a (ref $ps)) (local $i i32) (local $step i32) (local $q (ref null $p)) (local $s i64)
    (local.set $a (array.new_default $ps (i32.const 100000)))
    (loop $init
      (array.set $ps (local.get $a) (local.get $i)
        (struct.new $p (i64.extend_i32_u (local.get $i)) (i64.extend_i32_u (i32.and (local.get $i) (i32.const 15))) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $init (i32.lt_u (local.get $i) (i32.const 100000))))
    (loop $steps
      (local.set $i (i32.const 0))
      (loop $each
        (local.set $q (array.get $ps (local.get $a) (local.get $i)))
        (array.set $ps (local.get $a) (local.get $i)
          (struct.new $p (i64.add (struct.get $p $x (local.get $q)) (struct.get $p $v (local.get $q)))
                         (struct.get $p $v (local.get $q)) (struct.get $p $id (local.get $q))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $each (i32.lt_u (local.get $i) (i32.const 100000))))
      (local.set $step (i32.add (local.get $step) (i32.const 1)))
      (br_if $steps (i32.lt_u (local.get $step) (i32.const 100))))
    (local.set $i (i32.const 0))
    (loop $total
      (local.set $q (array.get $ps (local.get $a) (local.get $i)))
      (local.set $s (i64.add (local.get $s) (i64.add (struct.get $p $x (local.get $q)) (i64.extend_i32_u (struct.get $p $id (local.get $q))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $total (i32.lt_u (local.get $i) (i32.const 100000))))
    (call $print (i32.wrap_i64 (local.get $s)))))
