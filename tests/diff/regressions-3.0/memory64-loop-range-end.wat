;; Loop versioning of a 64-bit memory (memory64): the range checks, computed in 128 bits, at the
;; exact end of memory and where i64 addresses wrap (mutations memory64-bound-one-past-end,
;; bounds-check-one-past-end, low-wrap-check-removed, tests/mutation/mutations.ts). As in
;; tests/diff/regressions/loop-range-end-past-memory.wat: a fast copy has no bounds checks and no
;; dead-load keep-alives, so one let through by a check one byte short deletes the dead loads
;; and returns where wasmtime traps. Each loop here is versioned (AWSM_DEBUG_VERSIONING=1).
(module
  (memory (export "memory") i64 1)

  ;; Loads at 65132 + i for i = 0, 4, ..., 400: the last one is 65532..65535. Fast, no trap.
  (func (export "dead_loads_end_at_memory_end") (result i64) (local $i i64) (local $q i64) (local $x i32)
    (local.set $q (i64.const 65132))
    (loop $l
      (i32.store offset=1024 (local.get $i) (i32.wrap_i64 (local.get $i)))
      (local.set $x (i32.load (i64.add (local.get $q) (local.get $i))))
      (br_if $l (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 4))) (i64.const 404))))
    (local.get $i))

  ;; The same one byte further: the last load is 65533..65536 and traps (after the store of
  ;; that iteration).
  (func (export "dead_loads_end_one_past_memory") (result i64) (local $i i64) (local $q i64) (local $x i32)
    (local.set $q (i64.const 65133))
    (loop $l
      (i32.store offset=4096 (local.get $i) (i32.wrap_i64 (i64.add (local.get $i) (i64.const 1))))
      (local.set $x (i32.load (i64.add (local.get $q) (local.get $i))))
      (br_if $l (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 4))) (i64.const 404))))
    (local.get $i))

  ;; A store group one byte past the end, the exit an lt_u: the slow copy stores i = 0..396,
  ;; then traps on the store at 65533.
  (func (export "stores_end_one_past_memory") (result i64) (local $i i64) (local $q i64)
    (local.set $q (i64.const 65133))
    (loop $l
      (i32.store (i64.add (local.get $q) (local.get $i)) (i32.wrap_i64 (i64.add (local.get $i) (i64.const 7))))
      (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 4))) (i64.const 400))))
    (local.get $i))

  ;; What the stores above left in memory (after the trap), for the next call to compare.
  (func (export "checksum") (result i64) (local $i i64) (local $s i64)
    (loop $l
      (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 31)) (i64.load (local.get $i))))
      (br_if $l (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 8))) (i64.const 65536))))
    (local.get $s))

  ;; Addresses that wrap past 2^64 back into memory: q + i for q = -64 and i = 64, 68, ...,
  ;; 460 are 0..396, in bounds (Wasm's i64.add wraps). Fast, no trap. The exit is spelled
  ;; (i32.eqz (i64.eqz x)), x ≠ 0, as clang does for wasm64.
  (func (export "wrapped_base_in_bounds") (result i64) (local $i i64) (local $q i64)
    (local.set $q (i64.const -64))
    (local.set $i (i64.const 64))
    (loop $l
      (i64.store32 offset=2048 (i64.add (local.get $q) (local.get $i)) (local.get $i))
      (br_if $l (i32.eqz (i64.eqz (i64.sub (local.tee $i (i64.add (local.get $i) (i64.const 4))) (i64.const 464))))))
    (call $sum (i64.const 2048) (i64.const 400)))

  ;; Counting down below address 0: q + i for q = -200 and i = 400, 396, ..., 0 falls below 0
  ;; at i = 196 and wraps to 2^64 - 4: the slow copy stores 51 times, then traps.
  (func (export "wraps_below_zero") (result i64) (local $i i64) (local $q i64)
    (local.set $q (i64.const -200))
    (local.set $i (i64.const 400))
    (loop $l
      (i32.store (i64.add (local.get $q) (local.get $i)) (i32.const 0x01010101))
      (br_if $l (i64.gt_s (local.tee $i (i64.sub (local.get $i) (i64.const 4))) (i64.const -1))))
    (local.get $i))

  ;; A counter whose exit is 2^64 - 1 iterations away (i from 1 up to its wrap to 0): beyond
  ;; the fast copy's counter, so the slow copy runs and traps at the end of memory.
  (func (export "trip_count_beyond_2_62") (result i64) (local $i i64)
    (local.set $i (i64.const 1))
    (loop $l
      (i32.store (i64.mul (local.get $i) (i64.const 4)) (i32.wrap_i64 (local.get $i)))
      (br_if $l (i64.ne (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 0))))
    (local.get $i))

  ;; A signed lt exit over negative values: i = -800, -792, ..., -8, addresses i + 9000.
  (func (export "lt_s_negative") (result i64) (local $i i64)
    (local.set $i (i64.const -800))
    (loop $l
      (i64.store (i64.add (local.get $i) (i64.const 9000)) (local.get $i))
      (br_if $l (i64.lt_s (local.tee $i (i64.add (local.get $i) (i64.const 8))) (i64.const 0))))
    (call $sum (i64.const 8200) (i64.const 800)))

  (func $sum (param $p i64) (param $n i64) (result i64) (local $s i64) (local $e i64)
    (local.set $e (i64.add (local.get $p) (local.get $n)))
    (loop $l
      (local.set $s (i64.add (i64.rotl (local.get $s) (i64.const 7)) (i64.load32_u (local.get $p))))
      (br_if $l (i64.lt_u (local.tee $p (i64.add (local.get $p) (i64.const 4))) (local.get $e))))
    (local.get $s))
)
