;; options: {"bounds": "explicit"}
;; Linear memory with explicit bounds checks: size and base reloaded at every access.
(module
  (memory 1)
  (func $load (export "load") (param i32) (result i32)
    (i32.load offset=4 (local.get 0)))
  (func $copy (export "copy") (param i32 i32)
    (i64.store (local.get 1) (i64.load (local.get 0)))
    (drop (i32.load8_s (local.get 0))))
)
