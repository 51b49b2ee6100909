;; Linear memory in the default guard mode: no checks, the base loaded once per function,
;; and the keep-alive of loads whose value is unused.
(module
  (memory 1 2)
  (func $load (export "load") (param i32) (result i64)
    (i64.load16_s offset=4 (local.get 0)))

  (func $store (export "store") (param i32 f32)
    (f32.store offset=8 (local.get 0) (local.get 1))
    (i32.store8 (local.get 0) (i32.const 300)))

  ;; Each of these loads must trap when out of bounds although its value is unused.
  (func $dead_loads (export "dead-loads") (param i32) (local i32 f64)
    (drop (i32.load (local.get 0)))
    (local.set 1 (i32.add (i32.load8_u (local.get 0)) (i32.const 1)))
    (local.set 2 (f64.load (local.get 0)))
    (drop (local.get 2))
    (block (i64.load (local.get 0)) (br 0)))

  (func $grow (export "grow") (param i32) (result i32)
    (drop (memory.grow (local.get 0)))
    (memory.size))

  (func $bulk (export "bulk") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2))
    (memory.fill (local.get 0) (local.get 1) (local.get 2))
    (memory.init $passive (local.get 0) (local.get 1) (local.get 2))
    (data.drop $passive))

  (data (i32.const 16) "hi\00\ff")
  (data $passive "passive")
)
