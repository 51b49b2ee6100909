;; table64 (docs/abi.md, "Globals, tables, references"): an i64 index, offset, size or count
;; is never truncated to 32 bits before its bounds check. 2^32 + 1 on a table of 2 elements
;; must trap; truncated, it would be 1, in bounds. Run by tests/e2e/table64.test.ts in both
;; bounds modes at -O0 and -O2; `wasmtime wast` agrees.
(module
  (type $r (func (result i32)))
  (table $t i64 2 funcref)
  (table $e i64 2 100 externref)
  (table $s 2 funcref)
  (elem $seg func $f $g)
  (elem (table $t) (i64.const 0) func $f $g)
  (func $f (type $r) (i32.const 10))
  (func $g (type $r) (i32.const 11))
  (func (export "call") (param i64) (result i32) (call_indirect $t (type $r) (local.get 0)))
  (func (export "return-call") (param i64) (result i32) (return_call_indirect $t (type $r) (local.get 0)))
  (func (export "get") (param i64) (result externref) (table.get $e (local.get 0)))
  (func (export "set") (param i64 externref) (table.set $e (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (table.size $e))
  (func (export "grow") (param i64) (result i64) (table.grow $e (ref.null extern) (local.get 0)))
  (func (export "fill") (param i64 i64) (table.fill $e (local.get 0) (ref.null extern) (local.get 1)))
  (func (export "copy") (param i64 i64 i64) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy-to-32") (param i32 i64 i32) (table.copy $s $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy-from-32") (param i64 i32 i32) (table.copy $t $s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i64 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
)

(assert_return (invoke "call" (i64.const 0)) (i32.const 10))
(assert_return (invoke "call" (i64.const 1)) (i32.const 11))
(assert_trap (invoke "call" (i64.const 2)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0001)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0000)) "undefined element")
(assert_trap (invoke "call" (i64.const -1)) "undefined element")
(assert_return (invoke "return-call" (i64.const 1)) (i32.const 11))
(assert_trap (invoke "return-call" (i64.const 0x1_0000_0001)) "undefined element")

(assert_return (invoke "set" (i64.const 1) (ref.extern 7)))
(assert_return (invoke "get" (i64.const 1)) (ref.extern 7))
(assert_trap (invoke "get" (i64.const 0x1_0000_0001)) "out of bounds table access")
(assert_trap (invoke "set" (i64.const 0x1_0000_0001) (ref.extern 8)) "out of bounds table access")
(assert_return (invoke "get" (i64.const 1)) (ref.extern 7))

;; Counts and offsets: [x, x + n) must lie inside, without wrapping in 64 bits.
(assert_trap (invoke "fill" (i64.const 0x1_0000_0001) (i64.const 1)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const 0x1_0000_0001)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const -1)) "out of bounds table access")
(assert_return (invoke "get" (i64.const 1)) (ref.extern 7))
(assert_return (invoke "fill" (i64.const 2) (i64.const 0)))
(assert_trap (invoke "fill" (i64.const 3) (i64.const 0)) "out of bounds table access")
(assert_trap (invoke "copy" (i64.const 0x1_0000_0000) (i64.const 0) (i64.const 1)) "out of bounds table access")
(assert_trap (invoke "copy" (i64.const 0) (i64.const 0x1_0000_0000) (i64.const 1)) "out of bounds table access")
(assert_trap (invoke "copy" (i64.const 0) (i64.const 0) (i64.const 0x1_0000_0001)) "out of bounds table access")
(assert_trap (invoke "copy-to-32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds table access")
(assert_return (invoke "copy-to-32" (i32.const 0) (i64.const 0) (i32.const 2)))
(assert_trap (invoke "copy-from-32" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 1)) "out of bounds table access")
(assert_return (invoke "copy-from-32" (i64.const 0) (i32.const 1) (i32.const 1)))
(assert_return (invoke "call" (i64.const 0)) (i32.const 11))
(assert_trap (invoke "init" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 1)) "out of bounds table access")
(assert_return (invoke "init" (i64.const 0) (i32.const 0) (i32.const 2)))
(assert_return (invoke "call" (i64.const 0)) (i32.const 10))

;; table.grow: a delta of 2^32 is past the maximum (-1), not taken as 0.
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke "size") (i64.const 2))
(assert_return (invoke "grow" (i64.const 3)) (i64.const 2))
(assert_return (invoke "size") (i64.const 5))
(assert_return (invoke "get" (i64.const 4)) (ref.null extern))
(assert_trap (invoke "get" (i64.const 0x1_0000_0004)) "out of bounds table access")

;; An active segment at an i64 offset past 2^32 traps at instantiation.
(assert_trap
  (module
    (table i64 4 funcref)
    (func $h)
    (elem (table 0) (i64.const 0x1_0000_0001) func $h))
  "out of bounds table access")

;; A maximum beyond 2^32 is fine when the minimum is small (awsm's growth then stops at the
;; host limit, 10^7 elements by default: tests/e2e/table64.test.ts).
(module
  (table $big i64 1 0x1_0000_0000_0000 externref)
  (func (export "grow-big") (param i64) (result i64) (table.grow $big (ref.null extern) (local.get 0)))
  (func (export "size-big") (result i64) (table.size $big)))
(assert_return (invoke "grow-big" (i64.const 9)) (i64.const 1))
(assert_return (invoke "size-big") (i64.const 10))
