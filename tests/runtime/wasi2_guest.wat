;; wasi2_guest.wat — a core module as a component's would be after `canon lower` of WASI 0.2
;; imports: it imports the host functions by interface and name with their flat core
;; signatures, exports its memory and cabi_realloc, and its `run`:
;;   - writes each argument and a newline to stdout (get-arguments, blocking-write-and-flush),
;;   - sleeps 10 ms (subscribe-duration, pollable.block),
;;   - opens "msg.txt" in the first preopened directory (open-at: 7 parameters, more than the
;;     generic trampoline passes) and copies its first 100 bytes to stdout (descriptor.read),
;;   - exits with ok, or err when anything failed.
;; tests/runtime/wasi2_host.c instantiates it with awsm_wasi2_lookup as the resolver.
(module
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop_out (param i32)))
  (import "wasi:cli/environment@0.2.12" "get-arguments" (func $get_arguments (param i32)))
  (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration" (func $subscribe (param i64) (result i32)))
  (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $block (param i32)))
  (import "wasi:io/poll@0.2.12" "[resource-drop]pollable" (func $drop_pollable (param i32)))
  (import "wasi:filesystem/preopens@0.2.12" "get-directories" (func $get_directories (param i32)))
  (import "wasi:filesystem/types@0.2.12" "[method]descriptor.open-at"
    (func $open_at (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.12" "[method]descriptor.read" (func $read (param i32 i64 i64 i32)))
  (import "wasi:filesystem/types@0.2.12" "[resource-drop]descriptor" (func $drop_descriptor (param i32)))
  (import "wasi:cli/exit@0.2.12" "exit" (func $exit (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "msg.txt")
  (data (i32.const 32) "\n")
  ;; the return area is at 64 (align 8); realloc allocates from 4096 up
  (global $bump (mut i32) (i32.const 4096))
  (global $failed (mut i32) (i32.const 0))

  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
    (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $bump (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.const 1)))))
    (local.get $p))

  ;; write(out, ptr, len): blocking-write-and-flush; a failure is remembered
  (func $put (param $out i32) (param $ptr i32) (param $len i32)
    (call $write (local.get $out) (local.get $ptr) (local.get $len) (i32.const 64))
    (if (i32.load8_u (i32.const 64)) (then (global.set $failed (i32.const 1)))))

  (func (export "run")
    (local $out i32) (local $list i32) (local $n i32) (local $i i32) (local $p i32) (local $dir i32)
    (local $file i32)
    (local.set $out (call $get_stdout))
    ;; arguments
    (call $get_arguments (i32.const 64))
    (local.set $list (i32.load (i32.const 64)))
    (local.set $n (i32.load (i32.const 68)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $p (i32.add (local.get $list) (i32.mul (local.get $i) (i32.const 8))))
        (call $put (local.get $out) (i32.load (local.get $p)) (i32.load offset=4 (local.get $p)))
        (call $put (local.get $out) (i32.const 32) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    ;; sleep 10 ms
    (local.set $p (call $subscribe (i64.const 10000000)))
    (call $block (local.get $p))
    (call $drop_pollable (local.get $p))
    ;; the first preopen's msg.txt
    (call $get_directories (i32.const 64))
    (if (i32.eqz (i32.load (i32.const 68))) (then (call $exit (i32.const 1))))
    (local.set $dir (i32.load (i32.load (i32.const 64))))
    (call $open_at (local.get $dir) (i32.const 0) (i32.const 16) (i32.const 7) (i32.const 0) (i32.const 1)
      (i32.const 64))
    (if (i32.load8_u (i32.const 64)) (then (call $exit (i32.const 1))))
    (local.set $file (i32.load (i32.const 68)))
    (call $read (local.get $file) (i64.const 100) (i64.const 0) (i32.const 64))
    (if (i32.load8_u (i32.const 64)) (then (call $exit (i32.const 1))))
    (call $put (local.get $out) (i32.load (i32.const 68)) (i32.load (i32.const 72)))
    (call $drop_descriptor (local.get $file))
    (call $drop_descriptor (local.get $dir))
    (call $drop_out (local.get $out))
    (call $exit (global.get $failed)))
)
