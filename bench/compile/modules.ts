/**
 * The modules `npm run bench:compile` measures, and how each is built (bench/compile/run.ts).
 *
 *   go-hello     a small Go program (fmt.Println), GOOS=wasip1 GOARCH=wasm go build
 *   go-utf8      `go test -c unicode/utf8`: the standard library's test binary, ~5 MB
 *   go-strings   `go test -c strings`, ~7.4 MB
 *   go-json      `go test -c encoding/json`, ~16 MB (only when named: it takes many minutes)
 *   lua          Lua 5.4 (onelua.c) from the C sources in PyPI's `lupa` source distribution
 *   c-NAME       every bench/programs/NAME.c, built like `npm run bench` builds its wasm
 *
 * Everything is built into the bench directory (outside the repository) and rebuilt only
 * when missing or built by a different command (a NAME.wasm.cmd stamp beside it). Each module
 * may carry a check: arguments for `awsm run` and what its output must contain.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

const CLANG = process.env['AWSM_BENCH_CLANG'] ?? 'clang-16';
const WASI_SYSROOT = process.env['AWSM_BENCH_WASI_SYSROOT'] ?? '/usr';
const GO = process.env['AWSM_BENCH_GO'] ?? 'go';
/** The lupa release whose sdist carries Lua 5.4's sources (third-party/lua54). */
const LUPA = 'lupa==2.8';

/**
 * A correctness run of the compiled module: `awsm run WASM ...args`, output must contain
 * `expect`. With `tmp`, the program gets a scratch directory as /tmp (Go's testing package
 * writes the output of examples there).
 */
export interface Check {
  args: string[];
  expect: string;
  tmp?: boolean;
}

/** A module of the set. */
export interface ModuleSpec {
  name: string;
  /** One line for the report. */
  what: string;
  /** Only measured when named on the command line (too slow for a default run). */
  heavy: boolean;
  check?: Check;
  /** The command that builds `out` (a description for the stamp) and the builder itself. */
  stamp: () => string;
  build: (out: string, dir: string) => Promise<void>;
}

async function sh(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  await execFileP(cmd, args, { maxBuffer: 64 << 20, env: env ?? process.env, ...(cwd !== undefined ? { cwd } : {}) });
}

const goEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GOOS: 'wasip1', GOARCH: 'wasm' });

let goVersionMemo: string | undefined;
function goVersion(): string {
  // Part of the stamp: a new Go builds a different module.
  goVersionMemo ??= (() => {
    try {
      return execFileSync(GO, ['version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'go (not found)';
    }
  })();
  return goVersionMemo;
}

function goTest(name: string, pkg: string, what: string, heavy: boolean): ModuleSpec {
  return {
    name, what, heavy,
    // -test.short: the package's quick tests; a test binary prints PASS when all passed.
    check: { args: ['-test.short'], expect: 'PASS', tmp: true },
    stamp: () => `${GO} test -c ${pkg} (${goVersion()}, GOOS=wasip1 GOARCH=wasm)`,
    build: (out) => sh(GO, ['test', '-c', '-o', out, pkg], goEnv()),
  };
}

const HELLO_GO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from Go") }\n';

/** Lua's C sources need three stand-ins on wasm32-wasi (no setjmp, tmpfile, system or tmpnam). */
const SETJMP_STUB = `/* wasm32-wasi has no setjmp/longjmp without exception handling: a Lua error aborts. */
#include <stdlib.h>
typedef int jmp_buf[1];
#define setjmp(b) 0
#define longjmp(b, v) abort()
`;
const TMPFILE_STUB = '#include <stdio.h>\n/* wasi-libc has no tmpfile(): io.tmpfile() fails. */\nFILE *tmpfile(void) { return NULL; }\n';
const LUA_FLAGS = [
  '-O2', '-D_WASI_EMULATED_SIGNAL', '-D_WASI_EMULATED_PROCESS_CLOCKS', '-DLUA_TMPNAMBUFSIZE=32',
  '-Dlua_tmpnam(b,e)=(e=-1)', '-Dl_system(c)=(-1)', '-Wno-everything',
];
const LUA_LIBS = ['-lm', '-lwasi-emulated-signal', '-lwasi-emulated-process-clocks'];

async function buildLua(out: string, dir: string): Promise<void> {
  const src = join(dir, 'src', 'lua');
  const lua54 = join(src, 'lupa-2.8', 'third-party', 'lua54');
  if (!existsSync(join(lua54, 'onelua.c'))) {
    mkdirSync(src, { recursive: true });
    await sh('python3', ['-m', 'pip', 'download', '-q', '--no-binary', ':all:', '--no-deps', LUPA, '-d', src]);
    const tarball = readdirSync(src).find((f) => f.startsWith('lupa-') && f.endsWith('.tar.gz'));
    if (tarball === undefined) throw new Error(`pip download ${LUPA} left no source archive in ${src}`);
    await sh('tar', ['xzf', tarball, 'lupa-2.8/third-party/lua54'], undefined, src);
  }
  const stub = join(src, 'stub');
  mkdirSync(stub, { recursive: true });
  writeFileSync(join(stub, 'setjmp.h'), SETJMP_STUB);
  writeFileSync(join(stub, 'tmpfile.c'), TMPFILE_STUB);
  await sh(CLANG, [
    '--target=wasm32-wasi', `--sysroot=${WASI_SYSROOT}`, `-I${stub}`, ...LUA_FLAGS,
    join(lua54, 'onelua.c'), join(stub, 'tmpfile.c'), ...LUA_LIBS, '-o', out,
  ]);
}

/** The whole set, in report order; `programs` is bench/programs. */
export function moduleSet(programs: string): ModuleSpec[] {
  const cPrograms = readdirSync(programs).filter((f) => f.endsWith('.c')).sort().map((f): ModuleSpec => {
    const src = join(programs, f);
    const argv = ['--target=wasm32-wasi', `--sysroot=${WASI_SYSROOT}`, '-O3', src, '-lm'];
    return {
      name: `c-${f.slice(0, -2)}`, what: `bench/programs/${f}`, heavy: false,
      stamp: () => `${CLANG} ${argv.join(' ')} ${readFileSync(src, 'utf8').length}`,
      build: (out) => sh(CLANG, [...argv, '-o', out]),
    };
  });
  return [
    {
      name: 'go-hello', what: 'Go: fmt.Println("hello from Go")', heavy: false,
      check: { args: [], expect: 'hello from Go' },
      stamp: () => `${GO} build hello (${goVersion()}, GOOS=wasip1 GOARCH=wasm) ${HELLO_GO.length}`,
      build: async (out, dir) => {
        const src = join(dir, 'src', 'hello');
        mkdirSync(src, { recursive: true });
        writeFileSync(join(src, 'main.go'), HELLO_GO);
        await sh(GO, ['build', '-o', out, 'main.go'], goEnv(), src);
      },
    },
    goTest('go-utf8', 'unicode/utf8', 'Go: go test -c unicode/utf8', false),
    goTest('go-strings', 'strings', 'Go: go test -c strings', false),
    goTest('go-json', 'encoding/json', 'Go: go test -c encoding/json', true),
    {
      name: 'lua', what: 'Lua 5.4 interpreter (onelua.c, from the lupa sdist)', heavy: false,
      check: { args: ['-e', 'local t = {} for i = 1, 10 do t[i] = i * i end print(t[10])'], expect: '100' },
      stamp: () => `${CLANG} ${LUA_FLAGS.join(' ')} onelua.c ${LUPA}`,
      build: buildLua,
    },
    ...cPrograms,
  ];
}

/** The module's wasm in `dir`/modules, built now if missing or stale; throws if it fails. */
export async function ensureBuilt(m: ModuleSpec, dir: string): Promise<string> {
  const out = join(dir, 'modules', `${m.name}.wasm`);
  const stampFile = `${out}.cmd`;
  const stamp = m.stamp();
  if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return out;
  mkdirSync(join(dir, 'modules'), { recursive: true });
  rmSync(stampFile, { force: true });
  process.stderr.write(`building ${m.name}: ${m.what}\n`);
  try {
    await m.build(out, dir);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    rmSync(out, { force: true });
    const why = (err.stderr ?? '').split('\n').find((l) => /error/i.test(l)) ?? err.message.split('\n')[0];
    throw new Error(`building ${m.name} failed: ${why}`);
  }
  writeFileSync(stampFile, stamp);
  return out;
}
