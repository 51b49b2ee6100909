;; Loop versioning's no-wrap checks on lt/gt exits (mutations lt-wrap-check-removed and
;; gt-wrap-check-removed, tests/mutation/mutations.ts): a counter that steps over the bound's
;; last values before 2^32 (or 0) wraps around and the Wasm loop runs on, here until its store
;; runs off the memory and traps. The checks must refuse the fast copy, whose trip count assumes
;; no wrap (4 iterations in each function).
(module
  (memory (export "memory") 1)

  ;; c = 0xFFFFFFF0, ..., 0xFFFFFFFC, then 0, 4, ...: c + 4 <u 0xFFFFFFFE holds again after the
  ;; wrap. Stores at c + 16 (mod 2^32): 0, 4, 8, 12, 16, ... up to the end of memory.
  (func (export "lt_u_counter_wraps") (result i32) (local $c i32)
    (local.set $c (i32.const 0xFFFFFFF0))
    (loop $l
      (i32.store (i32.add (local.get $c) (i32.const 16)) (local.get $c))
      (br_if $l (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 4))) (i32.const 0xFFFFFFFE))))
    (local.get $c))

  ;; c = 14, 10, 6, 2, then 0xFFFFFFFE, ...: c - 4 >u 0 holds again after the wrap. Stores at
  ;; c + 256 (mod 2^32): 270, 266, 262, 258, 254, ... down to 2, then 0xFFFFFFFE traps.
  (func (export "gt_u_counter_wraps") (result i32) (local $c i32)
    (local.set $c (i32.const 14))
    (loop $l
      (i32.store16 (i32.add (local.get $c) (i32.const 256)) (local.get $c))
      (br_if $l (i32.gt_u (local.tee $c (i32.sub (local.get $c) (i32.const 4))) (i32.const 0))))
    (local.get $c))

  ;; Signed: c = 0x7FFFFFF0, ..., 0x7FFFFFFC, then -0x80000000, ...: c + 4 <s 0x7FFFFFFE holds
  ;; again after the wrap. Stores at c - 0x7FFFFF00 (mod 2^32): 240, ..., 252, then 256, 260,
  ;; ... up to the end of memory.
  (func (export "lt_s_counter_wraps") (result i32) (local $c i32)
    (local.set $c (i32.const 0x7FFFFFF0))
    (loop $l
      (i32.store (i32.sub (local.get $c) (i32.const 0x7FFFFF00)) (local.get $c))
      (br_if $l (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 4))) (i32.const 0x7FFFFFFE))))
    (local.get $c))
)
