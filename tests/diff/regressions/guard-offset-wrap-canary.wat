;; A canary for the excuse rule of tests/diff/diff.ts, not a bug found: 0xfffffff8 + offset 16
;; is beyond 4 GiB, so the load must trap. Were guard mode to compute addr + offset in 32 bits
;; (an escape: it would read address 8), awsm would return 42 where V8 traps "memory", and
;; explicit mode would still agree with V8 — the shape the harness once excused as guard
;; mode's dead-load gap. The rule now also needs the build with volatile accesses to agree,
;; which it would not (checked with that mutation on 2026-12-04: DIVERGENT; the old rule said
;; "same").
(module
  (memory (export "memory") 1)
  (data (i32.const 8) "\2a")
  (func (export "load_wrapping_offset") (result i32) (i32.load offset=16 (i32.const 0xfffffff8)))
  (func (export "load8_wrapping_offset") (result i32) (i32.load8_u offset=0xffffffff (i32.const 9))))
