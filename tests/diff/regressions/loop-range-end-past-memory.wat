;; Loop versioning's bounds check at the exact end of memory (mutations
;; range-end-one-byte-short and bounds-check-one-past-end, tests/mutation/mutations.ts). A group
;; of loads whose range ends one byte past the memory must send the loop to its slow copy, which
;; traps in the last iteration as V8 does. The loads' values are never used, and the fast copy
;; has no dead-load keep-alives (its accesses are proven in bounds), so a fast copy let through
;; by a check one byte short deletes them and returns instead of trapping. A range ending
;; exactly at the end of memory is fast and in bounds.
(module
  (memory (export "memory") 1)

  ;; Loads at 65132 + i for i = 0, 4, ..., 400: the last one is 65532..65535. Fast, no trap.
  (func (export "dead_loads_end_at_memory_end") (result i32) (local $i i32) (local $q i32) (local $x i32)
    (local.set $q (i32.const 65132))
    (loop $l
      (i32.store offset=1024 (local.get $i) (local.get $i))
      (local.set $x (i32.load (i32.add (local.get $q) (local.get $i))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 404))))
    (local.get $i))

  ;; The same one byte further: the last load is 65533..65536 and traps (after the store of
  ;; that iteration).
  (func (export "dead_loads_end_one_past_memory") (result i32) (local $i i32) (local $q i32) (local $x i32)
    (local.set $q (i32.const 65133))
    (loop $l
      (i32.store offset=4096 (local.get $i) (i32.add (local.get $i) (i32.const 1)))
      (local.set $x (i32.load (i32.add (local.get $q) (local.get $i))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 404))))
    (local.get $i))

  ;; The same with a store group one byte past the end: the slow copy stores i = 0..396, then
  ;; traps on the store at 65533.
  (func (export "stores_end_one_past_memory") (result i32) (local $i i32) (local $q i32)
    (local.set $q (i32.const 65133))
    (loop $l
      (i32.store (i32.add (local.get $q) (local.get $i)) (i32.add (local.get $i) (i32.const 7)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 404))))
    (local.get $i))
)
