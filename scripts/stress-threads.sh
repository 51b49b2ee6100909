#!/usr/bin/env bash
# Stress run of the wasi-threads programs of tests/threads/ (docs/threads.md): each is
# assembled, compiled once per bounds mode and run N times (default 200); counter, prodcons,
# grow, files and closeread must exit 0 every time, trap must exit 134 with "awsm: trap:
# unreachable". files runs in a fresh preopened directory (with /proc/self/fd as fd 4) and
# every one of its 160 files must have its exact content; closeread gets a FIFO in its
# directory, and the count of its outcomes ('d': the blocked read got the data, 'e': a clean
# error) is printed. Prints the failures and a summary line per program and mode; exit status
# 1 if any run failed.
#
# --tsan: instead, the runtime (runtime/src/*.c and main.c) is compiled with
# `clang-16 -fsanitize=thread -g -O1`, each program is compiled to an object (explicit bounds)
# and linked with it, and a run also fails when ThreadSanitizer reports anything (trap.wat is
# left out: its process ends in a signal handler). The generated code itself is not
# instrumented: what is checked is the runtime (WASI descriptor table, wait/notify, thread
# spawning, shared memory growth) under the programs' load.
#
#   bash scripts/stress-threads.sh [--tsan] [N]
#
# Needs wat2wasm and LLVM 16 (bash scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tsan=0
if [[ "${1:-}" == --tsan ]]; then tsan=1; shift; fi
n="${1:-200}"
[[ "$n" =~ ^[0-9]+$ ]] || { echo "usage: bash scripts/stress-threads.sh [--tsan] [N]" >&2; exit 2; }
npm run build --silent
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The files' content files.wat writes (tests/e2e/threads.test.ts checks the same).
check_files() {
  python3 - "$1" <<'PY'
import os, sys
for k in range(8):
    for r in range(20):
        name = chr(97 + k) + "-" + chr(65 + r)
        want = b"".join(bytes([97 + k, 65 + r, 48 + i % 10, 10]) for i in range(100))
        with open(os.path.join(sys.argv[1], name), "rb") as f:
            if f.read() != want:
                sys.exit("wrong content: " + name)
PY
}

# The ThreadSanitizer runtime: objects of runtime/src/*.c and runtime/main.c.
if [[ $tsan -eq 1 ]]; then
  mkdir -p "$work/rt"
  for f in runtime/src/*.c runtime/main.c; do
    clang-16 -g -O1 -fsanitize=thread -fPIC -std=gnu11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -funwind-tables \
      -Iruntime/include -c "$f" -o "$work/rt/$(basename "$f" .c).o"
  done
fi

# Compiles tests/threads/$1.wat for bounds mode $2 into $work/$1-$2.
build() {
  local prog=$1 bounds=$2 exe="$work/$1-$2"
  wat2wasm --enable-threads "tests/threads/$prog.wat" -o "$work/$prog.wasm"
  if [[ $tsan -eq 0 ]]; then
    node dist/src/cli/main.js compile -q --no-cache "--bounds=$bounds" "$work/$prog.wasm" -o "$exe"
    return
  fi
  node dist/src/cli/main.js compile -q --no-cache "--bounds=$bounds" --emit=obj "$work/$prog.wasm" -o "$exe.o"
  printf '#include "awsm.h"\nextern const awsm_module_desc %s_module;\nconst awsm_module_desc *const awsm_main_module = &%s_module;\n' \
    "$prog" "$prog" >"$exe-main.c"
  clang-16 -fsanitize=thread -g -Iruntime/include "$exe-main.c" "$exe.o" "$work"/rt/*.o -lm -ldl -lpthread -o "$exe"
}

failed=0
modes=(guard explicit)
programs=(counter prodcons grow trap files closeread)
if [[ $tsan -eq 1 ]]; then
  modes=(explicit)
  programs=(counter prodcons grow files closeread)
fi
for bounds in "${modes[@]}"; do
  for prog in "${programs[@]}"; do
    build "$prog" "$bounds"
    bad=0
    outcomes=""
    start=$(date +%s.%N)
    for ((i = 1; i <= n; i++)); do
      status=0
      out=""
      if [[ "$prog" == files || "$prog" == closeread ]]; then
        rm -rf "$work/dir" && mkdir "$work/dir"
        [[ "$prog" == closeread ]] && mkfifo "$work/dir/fifo"
        out="$(AWSM_DIRS="$work/dir:/proc/self/fd" "$work/$prog-$bounds" 2>"$work/err")" || status=$?
      else
        "$work/$prog-$bounds" >/dev/null 2>"$work/err" || status=$?
      fi
      err="$(cat "$work/err")"
      [[ "$prog" == files && $status -eq 0 ]] && { check_files "$work/dir" || status=99; }
      [[ "$prog" == closeread && $status -eq 0 ]] && outcomes+="$out"
      [[ $tsan -eq 1 && "$err" == *"WARNING: ThreadSanitizer"* ]] && status=66
      if [[ "$prog" == trap ]]; then
        [[ $status -eq 134 && "$err" == "awsm: trap: unreachable"* ]] && continue
      else
        [[ $status -eq 0 ]] && continue
      fi
      bad=$((bad + 1))
      echo "$prog ($bounds) run $i: exit $status ${err:+($(head -c 1500 <<<"$err"))}" >&2
    done
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    extra=""
    [[ -n "$outcomes" ]] && extra=", read outcomes: $(tr -cd d <<<"$outcomes" | wc -c) data, $(tr -cd e <<<"$outcomes" | wc -c) clean errors"
    label=$bounds
    [[ $tsan -eq 1 ]] && label="$bounds+tsan"
    printf '%-9s %-13s %d runs, %d failed, %.1f s%s\n' "$prog" "$label" "$n" "$bad" "$secs" "$extra"
    failed=$((failed + bad))
  done
done
[[ $failed -eq 0 ]]
