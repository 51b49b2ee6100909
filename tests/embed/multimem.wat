;; tests/embed: a module of three memories (--name=multimem): two imported from the host
;; ("host" "a", 32-bit, and "host" "b", 64-bit), one of its own (memory 2, exported).
(module
  (import "host" "a" (memory $a 1 2))
  (import "host" "b" (memory $b i64 1))
  (memory $own (export "own") 2)
  ;; Copies n bytes from a[src] to b[dst] and then to own[dst], returns own's size in pages.
  (func (export "relay") (param $dst i32) (param $src i32) (param $n i32) (result i32)
    (memory.copy $b $a (i64.extend_i32_u (local.get $dst)) (local.get $src) (local.get $n))
    (memory.copy $own $b (local.get $dst) (i64.extend_i32_u (local.get $dst)) (local.get $n))
    (memory.size $own))
)
