;; tests/embed: a library module (--name=lib) whose exports app.wat imports.
(module
  (memory (export "mem") 1 4)
  (table (export "tab") 4 10 funcref)
  (global (export "base") (mut i32) (i32.const 100))
  (func $double (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (elem (i32.const 1) $double)
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
)
