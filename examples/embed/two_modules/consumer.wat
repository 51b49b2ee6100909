;; The consumer sandbox: the host copies a message into a buffer it exports, then calls
;; `words`, which counts the words and upper-cases the message in place.
(module
  (memory (export "memory") 1)
  (global $buf i32 (i32.const 1024))
  (func (export "buffer") (result i32) (global.get $buf))
  (func (export "words") (param $len i32) (result i32)
    (local $i i32) (local $c i32) (local $in i32) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (global.get $buf) (local.get $i))))
        (if (i32.eq (local.get $c) (i32.const 32))
          (then (local.set $in (i32.const 0)))
          (else
            (if (i32.eqz (local.get $in))
              (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
            (local.set $in (i32.const 1))
            (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
              (then (i32.store8 (i32.add (global.get $buf) (local.get $i))
                                (i32.sub (local.get $c) (i32.const 32)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $n)))
