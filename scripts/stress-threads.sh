#!/usr/bin/env bash
# Stress run of the wasi-threads programs of tests/threads/ (docs/threads.md): each is
# assembled, compiled once per bounds mode and run N times (default 200); counter, prodcons
# and grow must exit 0 every time, trap must exit 134 with "awsm: trap: unreachable". Prints
# the failures and a summary line per program and mode; exit status 1 if any run failed.
#
#   bash scripts/stress-threads.sh [N]
#
# Needs wat2wasm and LLVM 16 (bash scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
[[ "$n" =~ ^[0-9]+$ ]] || { echo "usage: bash scripts/stress-threads.sh [N]" >&2; exit 2; }
npm run build --silent
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for bounds in guard explicit; do
  for prog in counter prodcons grow trap; do
    wat2wasm --enable-threads "tests/threads/$prog.wat" -o "$work/$prog.wasm"
    node dist/src/cli/main.js compile -q --no-cache "--bounds=$bounds" "$work/$prog.wasm" -o "$work/$prog-$bounds"
    bad=0
    start=$(date +%s.%N)
    for ((i = 1; i <= n; i++)); do
      status=0
      err="$("$work/$prog-$bounds" 2>&1 >/dev/null)" || status=$?
      if [[ "$prog" == trap ]]; then
        [[ $status -eq 134 && "$err" == "awsm: trap: unreachable"* ]] && continue
      else
        [[ $status -eq 0 ]] && continue
      fi
      bad=$((bad + 1))
      echo "$prog ($bounds) run $i: exit $status ${err:+($err)}" >&2
    done
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    printf '%-9s %-8s %d runs, %d failed, %.1f s\n' "$prog" "$bounds" "$n" "$bad" "$secs"
    failed=$((failed + bad))
  done
done
[[ $failed -eq 0 ]]
