;; A value loaded from memory (guard mode: kept alive if it dies) left on the operand stack
;; below a try_table: at the try_table's end the translator kept it alive *after* the branch
;; to the end block, an instruction after a terminator, which clang rejects ("expected
;; instruction opcode" at the landing pad's label). Found by the wasmtime differential run
;; (seed 16, modules 3 and 14). Also: an exception thrown, caught, and one escaping.
(module
  (memory 1)
  (tag $e (param i32))
  (func $thrower (param i32) (if (local.get 0) (then (throw $e (local.get 0)))))
  (func (export "kept") (result i32)
    (i32.load (i32.const 0))
    (block $h (result i32)
      (try_table (catch $e $h) (call $thrower (i32.const 5)))
      (i32.const 0))
    (i32.add))
  (func (export "escapes") (result i32)
    (i32.load (i32.const 4))
    (block $h (try_table (catch_all $h) (nop)))
    (call $thrower (i32.const 9))))
