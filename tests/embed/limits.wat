;; tests/embed: memory and table without maximum, for the host limits.
(module
  (memory (export "memory") 2)
  (table (export "table") 4 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "table_grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0)))
)
