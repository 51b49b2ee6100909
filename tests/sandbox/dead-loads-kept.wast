;; Out-of-bounds loads whose value dies unused where guard mode keeps them alive (memory.ts,
;; "Dead loads"; FuncTranslator.keepAlive): a drop, a local.set into a local nothing reads,
;; operands a branch discards. Without the keep-alive LLVM deletes the load and its trap
;; (mutation dead-load-keep-alive-removed, tests/mutation/mutations.ts). Runs in both modes
;; (tests/e2e/sandbox.test.ts); the cases guard mode misses are in explicit/dead-loads.wast.

(module
  (memory 1)
  (func (export "dropped") (param $a i32) (drop (i32.load (local.get $a))))
  (func (export "dropped_sum") (param $a i32) (drop (i32.add (i32.load8_u (local.get $a)) (i32.const 1))))
  (func (export "never_read_local") (param $a i32) (local $x i64) (local.set $x (i64.load (local.get $a))))
  (func (export "discarded_by_br") (param $a i32) (block $b (i32.load16_s (local.get $a)) (br $b)))
)
(assert_trap (invoke "dropped" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "dropped" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "dropped_sum" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "never_read_local" (i32.const 65529)) "out of bounds memory access")
(assert_trap (invoke "discarded_by_br" (i32.const 65535)) "out of bounds memory access")
(assert_return (invoke "dropped" (i32.const 65532)))
(assert_return (invoke "never_read_local" (i32.const 65528)))
(assert_return (invoke "discarded_by_br" (i32.const 65534)))
