;; For tests/embed/test_threads.c: a module importing a shared memory, run by several instances
;; on several threads at once.
(module
  (import "env" "memory" (memory 1 1 shared))
  ;; add(n): n × i32.atomic.rmw.add 1 on the counter at 0
  (func (export "add") (param $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))
  (func (export "get") (result i32) (i32.atomic.load (i32.const 0)))
  ;; wait(): wait on the flag at 8 while it is 0 (no timeout): 0 woken, 1 not equal
  (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
  ;; wake(): set the flag and notify its waiters: how many were woken
  (func (export "wake") (result i32)
    (i32.atomic.store (i32.const 8) (i32.const 1))
    (memory.atomic.notify (i32.const 8) (i32.const -1))))
