;; The cost of the WASI descriptor table on one thread (docs/threads.md, "Cost"): 1,000,000
;; fd_write calls of one 13-byte line to stdout (the benchmark sends it to /dev/null), each a
;; descriptor lookup, a rights check and one writev. Exits 1 if a write fails or is short.
;; Run by scripts/bench-fdwrite.sh.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: the iovec (16, 13); 8: nwritten; 16: the line
  (data (i32.const 0) "\10\00\00\00\0d\00\00\00")
  (data (i32.const 16) "hello, world\n")
  (func (export "_start")
    (local $i i32)
    (loop $l
      (if (i32.or (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
                  (i32.ne (i32.load (i32.const 8)) (i32.const 13)))
        (then (call $exit (i32.const 1))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000000))))))
