;; Short-lived GC objects, 100 times the heap limit (tests/e2e/gc-bounded.test.ts): N structs of
;; 64 bytes (header and six fields), each linked to the previous one; every 64th is kept in a
;; global and the chain restarts, so at most 128 objects are live. N and whether the chain
;; restarts are the globals $n and $restart, which the test sets by patching the constants
;; below (26214400 = 100 * 16 MiB / 64; 1 = restart).
(module
  (type $obj (struct (field i64) (field i64) (field i64) (field i64) (field i64) (field (ref null $obj))))
  (global $keep (mut (ref null $obj)) (ref.null $obj))
  (global $n i32 (i32.const 26214400))
  (global $restart i32 (i32.const 1))
  (func (export "_start")
    (local $i i32) (local $o (ref null $obj))
    (loop $l
      (local.set $o (struct.new $obj (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
        (i64.extend_i32_u (local.get $i)) (local.get $o)))
      (if (i32.and (global.get $restart) (i32.eqz (i32.and (local.get $i) (i32.const 63))))
        (then (global.set $keep (local.get $o)) (local.set $o (ref.null $obj))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $n))))
    (global.set $keep (local.get $o))))
