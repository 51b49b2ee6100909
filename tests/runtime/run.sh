#!/usr/bin/env bash
# Builds the C runtime and its tests, runs them, prints "N passed, N failed"; exits non-zero
# on any failure.
#
#   test_runtime.c    in-process tests (fake_module.c, wasi_module.c)
#   test_gc.c         the GC heap and collector (gc_module.c plays generated code, -O2)
#   test_wasi2.c      the WASI 0.2 host (runtime/src/wasi2) through awsm_wasi2_lookup (and
#                     test_wasi2_fs.c: filesystem, errors, sockets)
#   valgrind          test_runtime --leaks, test_gc --small and test_wasi2 --leaks under
#                     memcheck (skipped if valgrind is missing; a failure under CI=true)
#   main.c            executables from wasi_module.c / fake modules: output, exit statuses
#   tests/spec/host.c the spec host against spec_modules.c as a shared library
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
CC=${CC:-clang-16}
B=$(mktemp -d "${TMPDIR:-/tmp}/awsm-rt-test.XXXXXX")
trap 'rm -rf "$B"' EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# 1. The runtime, with the driver's flags, warnings as errors.
RTFLAGS="-O2 -fPIC -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Iruntime/include"
objs=()
for f in runtime/src/*.c runtime/src/wasi2/*.c; do
  o="$B/$(basename "${f%.c}").o"
  if $CC $RTFLAGS -Werror -c "$f" -o "$o"; then objs+=("$o"); else bad "runtime build: $f"; fi
done
if $CC $RTFLAGS -Werror -c runtime/main.c -o "$B/main.o"; then ok; else bad "runtime build: main.c"; fi
[ "$fail" -eq 0 ] || { echo "$pass passed, $fail failed"; exit 1; }
ok

TFLAGS="-O2 -gdwarf-4 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iruntime/include -Itests/runtime"
LIBS="-ldl -lm -lpthread"

# 2. In-process tests: each program prints "N passed, N failed", added to the totals.
counted() { # name, command...
  local name=$1 out status n
  shift
  out=$("$@")
  status=$?
  echo "$out" | grep -v '^[0-9]* passed' || true
  n=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
  if [ -n "$n" ]; then
    pass=$((pass + ${n% *}))
    fail=$((fail + ${n#* }))
  fi
  [ "$status" -eq 0 ] && [ -n "$n" ] || bad "$name exited with $status"
}
if $CC $TFLAGS tests/runtime/test_runtime.c tests/runtime/fake_module.c tests/runtime/wasi_module.c \
    "${objs[@]}" $LIBS -o "$B/test_runtime"; then
  counted test_runtime "$B/test_runtime"
else
  bad "test_runtime build"
fi
# The GC, built at -O2 like generated code, so that conservative stack scanning is tested
# against what an optimiser does with references in registers.
if $CC $TFLAGS tests/runtime/test_gc.c tests/runtime/gc_module.c "${objs[@]}" $LIBS -o "$B/test_gc"; then
  counted test_gc "$B/test_gc"
else
  bad "test_gc build"
fi

# The WASI 0.2 host, with a scratch directory of its own (preopens, escape attempts).
if $CC $TFLAGS tests/runtime/test_wasi2.c tests/runtime/test_wasi2_fs.c tests/runtime/fake_module.c "${objs[@]}" $LIBS \
    -o "$B/test_wasi2"; then
  # Both path resolvers of the sandbox: openat2 (when the kernel has it) and the component walk.
  mkdir -p "$B/wasi2" "$B/wasi2-walk"
  counted test_wasi2 "$B/test_wasi2" "$B/wasi2" tests/runtime/wasi2_adapter_imports.txt
  AWSM_WASI_RESOLVER=walk counted "test_wasi2 (walk)" "$B/test_wasi2" "$B/wasi2-walk"
else
  bad "test_wasi2 build"
fi

# 3. Valgrind: instantiate/free cycles, calls and explicit traps leak nothing; the collector
# makes no invalid access and its heaps leak nothing.
if command -v valgrind >/dev/null && [ -x "$B/test_runtime" ]; then
  for prog in "test_runtime --leaks" "test_gc --small" "test_wasi2 --leaks"; do
    if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        $B/$prog >"$B/vg.out" 2>&1; then
      ok
    else
      bad "valgrind $prog:"; cat "$B/vg.out"
    fi
  done
elif ! command -v valgrind >/dev/null && { [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; }; then
  bad "valgrind not found (Debian package valgrind): under CI=true a missing tool is a failure"
else
  echo "valgrind not found: skipped"
fi

# 4. Executables with runtime/main.c.
exe() { # name, descriptor
  $CC $TFLAGS -DMAIN_MODULE="$2" "$B/main.o" tests/runtime/wasi_main.c tests/runtime/fake_module.c \
    tests/runtime/wasi_module.c "${objs[@]}" $LIBS -o "$B/$1"
}
# expect NAME STATUS STDOUT STDERR -- ARGS... (stdout/stderr compared exactly)
expect() {
  local name=$1 want_status=$2 want_out=$3 want_err=$4
  shift 5
  local out err status
  out=$("$B/$name" "$@" 2>"$B/err")
  status=$?
  err=$(cat "$B/err")
  if [ "$status" -eq "$want_status" ] && [ "$out" == "$want_out" ] && [ "$err" == "$want_err" ]; then
    ok
  else
    bad "$name $*: status $status (want $want_status), stdout [$out] (want [$want_out]), stderr [$err] (want [$want_err])"
  fi
}
if exe hello wasi_test_module && exe nostart fake_m4 && exe unlinkable fake_m0; then
  expect hello 0 "hello, wasi" "" --
  expect hello 7 "exiting" "" -- exit 7
  expect hello 0 "exiting" "" -- exit 256
  # (command substitution drops the trailing empty lines of the two empty arguments)
  expect hello 0 "$B/hello
args
x y" "" -- args "x y" "" ""
  expect hello 8 "" "" -- close
  expect hello 0 "" "to stderr" -- stderr
  expect hello 134 "" "awsm: trap: out of bounds memory access in function _start" -- oob
  expect hello 134 "" "awsm: trap: call stack exhausted in function recurse" -- recurse
  expect hello 134 "" "awsm: trap: integer divide by zero in function _start" -- div
  expect nostart 1 "" "awsm: the module exports no function \"_start\"" --
  expect unlinkable 1 "" "awsm: unknown import \"env\".\"host_add\"" --
  out=$(env -i A=1 AWSM_DIRS=/tmp B=two "$B/hello" env)
  [ "$out" == $'A=1\nB=two' ] && ok || bad "environment: [$out]"
  # A trap leaves no core file and is not a signal death.
  (cd "$B" && ulimit -c unlimited && ./hello oob 2>/dev/null; echo "status $?" >"$B/st")
  [ "$(cat "$B/st")" == "status 134" ] && ! ls "$B"/core* >/dev/null 2>&1 && ok || bad "trap exit: $(cat "$B/st")"
  # A real crash outside Wasm is still a crash (the fault handler passes it on).
  cat >"$B/crash.c" <<'C'
#include "awsm.h"
extern const awsm_module_desc fake_m4;
int main(void) {
  awsm_error err;
  awsm_instance *i = awsm_instantiate(&fake_m4, 0, &err); /* installs the handler */
  (void)i;
  int *volatile p = (int *)16;
  return *p;
}
C
  if $CC $TFLAGS "$B/crash.c" tests/runtime/fake_module.c "${objs[@]}" $LIBS -o "$B/crash"; then
    bash -c 'ulimit -c 0; "$1"; exit $?' _ "$B/crash" >/dev/null 2>&1; status=$?
    [ "$status" -eq 139 ] && ok || bad "crash outside wasm: status $status (want 139, SIGSEGV)"
  else
    bad "crash test build"
  fi
  # A fault in a host function called from Wasm is a crash too, even on the guard pages of the
  # caller's memory; the same pages faulted on by (fake) generated code are a trap.
  if $CC $TFLAGS -DFAULT_MODULE=fake_m0 tests/runtime/host_fault.c tests/runtime/fake_module.c "${objs[@]}" $LIBS \
      -o "$B/host_fault"; then
    expect host_fault 0 "trap 2: out of bounds memory access in function load
after: ok 5" "" -- trap-load
    expect host_fault 0 "trap 2: out of bounds memory access in function fill
after: ok 5" "" -- trap-fill
    for mode in host-write host-read host-null host-stack; do
      expect host_fault 139 "" "" -- "$mode"
    done
  else
    bad "host_fault build"
  fi
else
  bad "executable build"
fi

# 5. The spec host.
if $CC -O2 -rdynamic -Wall -Wextra -Werror -Iruntime/include tests/spec/host.c "${objs[@]}" $LIBS -o "$B/host" &&
   $CC -O2 -shared -fPIC -Wall -Wextra -Werror -Iruntime/include -Itests/runtime tests/runtime/spec_modules.c \
     -o "$B/mods.so"; then
  grep '^>' tests/runtime/spec_host_cases.txt | sed "s|^> ||; s|\$SO|$B/mods.so|" >"$B/requests"
  grep '^<' tests/runtime/spec_host_cases.txt >"$B/expected"
  # Under GC stress (a collection before every allocation) a GC value the host does not root dies at once.
  AWSM_GC_STRESS=1 "$B/host" <"$B/requests" >"$B/replies" 2>"$B/host.err"
  status=$?
  [ "$status" -eq 0 ] && ok || bad "spec host exited with $status"
  i=0
  while IFS= read -r want; do
    i=$((i + 1))
    got=$(sed -n "${i}p" "$B/replies")
    req=$(sed -n "${i}p" "$B/requests")
    case $want in
      "<~ "*) [[ "$got" == "${want#<~ }"* ]] && ok || bad "spec host: $req -> [$got], want prefix [${want#<~ }]" ;;
      *) [ "$got" == "${want#< }" ] && ok || bad "spec host: $req -> [$got], want [${want#< }]" ;;
    esac
  done <"$B/expected"
  [ "$(wc -l <"$B/replies")" -eq "$i" ] && ok || bad "spec host: $(wc -l <"$B/replies") replies for $i requests"
  grep -q '^42 : i32$' "$B/host.err" && ok || bad "spectest print_i32 output: $(cat "$B/host.err")"
else
  bad "spec host build"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
