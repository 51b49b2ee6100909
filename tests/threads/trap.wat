;; wasi-threads: a trap in one spawned thread ends the whole process with the trap's message
;; (status 134), while _start and another thread block forever in memory.atomic.wait32.
;; arg 1 of thread-spawn: trap; arg 0: wait forever. With the argument "exit" (argv[1] starts
;; with 'e'), the trapping thread calls proc_exit(7) instead: the process ends with status 7.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: a word nobody changes (waited on); 8: the mode (1: proc_exit); 16..: argv
  (func $forever (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))) (unreachable))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.eqz (local.get $arg)) (then (call $forever)))
    (if (i32.load (i32.const 8)) (then (call $exit (i32.const 7))))
    (unreachable))
  (func (export "_start")
    (drop (call $args_sizes (i32.const 16) (i32.const 20)))
    (if (i32.ge_u (i32.load (i32.const 16)) (i32.const 2)) (then
      (drop (call $args_get (i32.const 64) (i32.const 128)))
      ;; argv[1]'s first byte
      (i32.store (i32.const 8) (i32.eq (i32.load8_u (i32.load (i32.const 68))) (i32.const 0x65)))))
    (drop (call $spawn (i32.const 0)))
    (drop (call $spawn (i32.const 1)))
    (call $forever)))
