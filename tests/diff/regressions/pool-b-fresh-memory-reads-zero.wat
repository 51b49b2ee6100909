;; See pool-a-dirty-memory.wat: a new instance's memory reads as zero, also after growing into
;; pages a previous instance of another module had written.
(module
  (memory (export "memory") 1 100)
  (func (export "first_page") (result i64) (i64.load (i32.const 0)))
  (func (export "grow_and_read") (result i32)
    (drop (memory.grow (i32.const 63)))
    (i32.or (i32.load (i32.const 0x13fffc)) (i32.load (i32.const 0x3ffffc))))
  (func (export "size") (result i32) (memory.size)))
