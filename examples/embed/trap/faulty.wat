;; A module that fails in every way a sandbox can: each export traps (or never returns).
(module
  (memory (export "memory") 1)
  (func $divide (export "divide") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func $peek (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  (func $crash (export "crash") unreachable)
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (i32.const 1) (call $deep (local.get 0))))
  (func $forever (export "forever") (loop $l (br $l))))
