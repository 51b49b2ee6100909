#!/usr/bin/env bash
# Make this checkout ready to build and test awsm. Idempotent: run it as often as you like.
#
#   1. system packages: LLVM 16 (clang, lld, llvm-ar), wabt (wat2wasm, wast2json), wasi-libc
#      and the wasm32 compiler-rt builtins, to build C examples for WASI. Installed with apt-get
#      when missing and running as root; otherwise the command to run is printed.
#   2. npm ci, when node_modules is missing or older than package-lock.json.
#   3. npm run build (not with --no-build: for callers that build next anyway, e.g. npm test).
#
#   bash scripts/setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    *) echo "usage: bash scripts/setup.sh [--no-build]" >&2; exit 2 ;;
  esac
done

packages=(clang-16 lld-16 llvm-16 wabt wasi-libc libclang-rt-16-dev-wasm32)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ! command -v dpkg-query >/dev/null; then
  echo "setup: not a Debian/Ubuntu system: check by hand that LLVM 16 (clang, lld), wabt and wasi-libc are installed"
elif [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# npm ci records the lock file it installed as node_modules/.package-lock.json.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

[ "$build" = 0 ] || npm run build --silent
