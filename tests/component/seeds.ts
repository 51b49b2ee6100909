/**
 * Valid components for the component fuzzer (fuzz.ts) to mutate: small hand-written ones that
 * reach each part of the validator (resources and their built-ins, canon lift/lower with
 * memory, realloc and post-return, core and component instantiation, aliases, component and
 * instance types, nested components), the WIT world of every type constructor, and when the
 * tools are there a C WASI program wrapped with the preview1 adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Seed } from '../fuzz/mutate.js';
import { have } from '../tools.js';
import { FIXTURES, adapterMissing, inTemp, parseWat, wasiCComponent, witComponent } from './tools.js';

/** Component texts, each valid (the fuzz test checks that they are). */
export const SEED_TEXTS: Record<string, string> = {
  resources: `(component
    (core module $m (func (export "dtor") (param i32)) (func (export "f") (param i32) (result i32) local.get 0))
    (core instance $i (instantiate $m))
    (type $r (resource (rep i32) (dtor (core func $i "dtor"))))
    (core func $new (canon resource.new $r)) (core func $rep (canon resource.rep $r)) (core func $drop (canon resource.drop $r))
    (export $R "r" (type $r))
    (func (export "[constructor]r") (param "x" u32) (result (own $R)) (canon lift (core func $i "f"))))`,
  strings: `(component
    (core module $m (memory (export "m") 1)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 8)
      (func (export "echo") (param i32 i32) (result i32) i32.const 0)
      (func (export "free") (param i32)))
    (core instance $i (instantiate $m))
    (alias core export $i "m" (core memory $mem)) (alias core export $i "realloc" (core func $realloc))
    (alias core export $i "free" (core func $free))
    (type $rec0 (record (field "name" string) (field "tags" (list u8)) (field "ok" (result u32 (error string)))))
    (import "rec" (type $rec (eq $rec0)))
    (func $echo (param "s" string) (result string) (canon lift (core func $i "echo") (memory $mem) (realloc $realloc) (post-return $free) string-encoding=utf8))
    (export "echo" (func $echo))
    (import "log" (func $log (param "r" $rec)))
    (core func (canon lower (func $log) (memory $mem) (realloc $realloc))))`,
  linking: `(component $O
    (type $T0 (variant (case "a" u8) (case "b" string) (case "c")))
    (component $inner
      (alias outer $O $T0 (type $t0))
      (import "t" (type $t (eq $t0)))
      (import "g" (func $g (param "x" $t)))
      (export "h" (func $g)))
    (import "t" (type $T (eq $T0)))
    (import "g" (func $g (param "x" $T)))
    (instance $a (instantiate $inner (with "t" (type $T)) (with "g" (func $g))))
    (alias export $a "h" (func $h))
    (instance $b (export "h2" (func $h)) (export "t" (type $T)))
    (export "b" (instance $b)))`,
  types: `(component
    (type $i (instance
      (export "file" (type $file (sub resource)))
      (type $e (enum "r" "w"))
      (export "mode" (type $mode (eq $e)))
      (type $f (func (param "m" $mode) (result (option (tuple u64 f32)))))
      (export "stat" (func (type $f)))
      (export "close" (func (param "f" (own $file))))))
    (import "fs" (instance $fs (type $i)))
    (alias export $fs "file" (type $file))
    (type $c (component (import "r" (type $r (sub resource))) (import "x" (func (param "f" (borrow $r)))) (export "y" (func))))
    (import "plugin" (component (type $c)))
    (core type (module (import "a" "b" (func (param i32))) (export "c" (memory 1)))))`,
};

/** The fuzzer's seeds: the texts, the WIT world, and the WASI component when possible. */
export function loadComponentSeeds(): Seed[] {
  const seeds: Seed[] = Object.entries(SEED_TEXTS).map(([name, text]) => ({ name, bytes: parseWat(text), boundaries: [] }));
  seeds.push({ name: 'all-types.wit', bytes: witComponent(join(FIXTURES, 'all-types.wit')), boundaries: [] });
  if (have('clang-16') && adapterMissing() === undefined) {
    seeds.push({ name: 'hello.c (0.2)', bytes: inTemp((dir) => new Uint8Array(readFileSync(wasiCComponent(join(FIXTURES, 'hello.c'), dir)))), boundaries: [] });
  }
  return seeds;
}
