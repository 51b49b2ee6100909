;; The producer sandbox: writes messages into its own memory and hands each one to the host
;; (host.send), which passes it on to the consumer sandbox. It cannot see the consumer.
(module
  (import "host" "send" (func $send (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "the quick brown fox")
  (data (i32.const 32) "jumps over the lazy dog")
  (data (i32.const 64) "sandboxes share nothing")
  ;; Sends the three messages; returns the sum of what the consumer answered.
  (func (export "run") (result i32)
    (i32.add
      (i32.add (call $send (i32.const 0) (i32.const 19))
               (call $send (i32.const 32) (i32.const 23)))
      (call $send (i32.const 64) (i32.const 23)))))
