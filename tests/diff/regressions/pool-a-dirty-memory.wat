;; With pool-b-fresh-memory-reads-zero.wat: the differential driver runs the modules of a batch
;; one after another in one process and frees each instance, so the runtime's pool of memory
;; reservations (docs/runtime.md) hands this module's reservation to the next module. This one
;; dirties 20 pages (and the page at the end of a 64-page memory); the next must read zeros
;; everywhere, as V8's fresh memory does: no data crosses from one sandbox to the next.
(module
  (memory (export "memory") 1 100)
  (func (export "dirty") (result i32)
    (drop (memory.grow (i32.const 19)))
    (memory.fill (i32.const 0) (i32.const 0xaa) (i32.const 0x140000))
    (i32.store (i32.const 0x13fffc) (i32.const 0x5ec12e75))
    (drop (memory.grow (i32.const 44)))
    (i64.store (i32.const 0x3ffff8) (i64.const -1))
    (memory.size)))
