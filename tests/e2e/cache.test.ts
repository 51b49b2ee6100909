/**
 * End-to-end tests of the compile cache (docs/cli.md, "The cache"): every fault an entry or
 * the cache directory can have ends in a correct run, with at most one warning line on
 * stderr, or in one clear error line — never a crash, a hang, an internal error or a run of
 * the wrong program.
 *
 * Entry faults (build/ and runtime/): truncated, empty, corrupted, planted (another valid
 * executable, with the manifest intact, with no manifest, with the manifest of another
 * entry), broken manifests. Directory faults: a path under a regular file, a read-only file
 * system (in a private mount namespace, when `unshare -rm` works), /proc, HOME="", and 10
 * concurrent first runs of one module. Also: the key changes when awsm's compiled code does,
 * and the hashes memoised by file stamps (CACHE/stat) never hide a change to a file.
 *
 * Each test has its own AWSM_CACHE_DIR and TMPDIR (to check that a temporary fallback is
 * deleted), under one work directory. Needs wat2wasm and LLVM 16 (bash scripts/setup.sh).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/driver/cache.js';
import { SETTLED_NS } from '../../src/driver/stamps.js';
import { wat2wasm } from '../tools.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli', 'main.js');
/** What the test program prints. */
const HELLO = 'hello, cache\n';
/** No run may take longer (the /proc case used to spin forever). */
const TIMEOUT_MS = 120_000;

let work: string;
/** A cache holding only the runtime library, copied into each test's private cache. */
let primed: string;
let hello: string;
let other: string;

/** A WASI program that writes `text` to stdout. */
function printer(text: string): string {
  const bytes = [...Buffer.from(text)].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  return `(module
    (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "${bytes}")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const ${text.length}))
      (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;
}

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A private cache (a copy of `primed` unless `empty`) and TMPDIR, and the environment that uses them. */
function setup(name: string, empty = false): { cache: string; tmp: string; env: NodeJS.ProcessEnv } {
  const cache = join(work, name, 'cache');
  const tmp = join(work, name, 'tmp');
  if (empty) mkdirSync(cache, { recursive: true });
  else cpSync(primed, cache, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  return { cache, tmp, env: { ...process.env, AWSM_CACHE_DIR: cache, TMPDIR: tmp } };
}

/** `awsm ARGS` with `env`, in the work directory (or `cwd`). */
function awsm(env: NodeJS.ProcessEnv, args: readonly string[], cwd = work): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `awsm run hello.wasm` printed the right thing, exit 0, and stderr is `warnings` lines each matching one of them. */
function assertRun(r: Result, warnings: readonly RegExp[]): void {
  assert.equal(r.status, 0, `status; stderr: ${r.stderr}`);
  assert.equal(r.stdout, HELLO);
  const lines = r.stderr === '' ? [] : r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, warnings.length, `expected ${warnings.length} warning line(s), got:\n${r.stderr}`);
  warnings.forEach((w, i) => assert.match(lines[i]!, w));
  assert.doesNotMatch(r.stderr, /internal error|^\s+at /m);
}

/** The build entry of the (single) module compiled in `cache`: manifest, artifact and the manifest's record. */
function buildEntry(cache: string): { manifest: string; artifact: string; size: number; sha256: string } {
  const dirs = readdirSync(join(cache, 'build'));
  assert.equal(dirs.length, 1, `one build entry expected in ${cache}`);
  const dir = join(cache, 'build', dirs[0]!);
  const manifests = readdirSync(dir).filter((n) => n.endsWith('.json'));
  assert.equal(manifests.length, 1);
  const m = JSON.parse(readFileSync(join(dir, manifests[0]!), 'utf8')) as { files: Array<{ name: string; size: number; sha256: string }> };
  const f = m.files[0]!;
  return { manifest: join(dir, manifests[0]!), artifact: join(dir, f.name), size: f.size, sha256: f.sha256 };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Run hello once into a fresh private cache; returns the setup and its entry. */
function filled(name: string): ReturnType<typeof setup> & { entry: ReturnType<typeof buildEntry> } {
  const s = setup(name);
  assertRun(awsm(s.env, ['run', hello]), []);
  return { ...s, entry: buildEntry(s.cache) };
}

/** After a repair, the entry verifies again: the next run is silent and the artifact matches its record. */
function assertRepaired(s: ReturnType<typeof filled>): void {
  assertRun(awsm(s.env, ['run', hello]), []);
  const e = buildEntry(s.cache);
  assert.equal(sha256(e.artifact), e.sha256);
}

const BAD = (what: string): RegExp => new RegExp(`^awsm: warning: bad cache entry \\S+\\.json: ${what}; rebuilding it$`);

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-cache-test-'));
  hello = wat2wasm({ text: printer(HELLO) }, join(work, 'hello.wasm'));
  other = wat2wasm({ text: printer('planted!\n') }, join(work, 'other.wasm'));
  primed = join(work, 'primed');
  const env = { ...process.env, AWSM_CACHE_DIR: primed };
  assertRun(awsm(env, ['run', hello]), []);
  rmSync(join(primed, 'build'), { recursive: true });
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('cache entries are verified before use', () => {
  test('a good entry: a manifest with the size and sha256 of the artifact; the second run is a silent hit', () => {
    const s = filled('good');
    assert.equal(readFileSync(s.entry.artifact).length, s.entry.size);
    assert.equal(sha256(s.entry.artifact), s.entry.sha256);
    assertRun(awsm(s.env, ['run', hello]), []);
  });

  test('a truncated artifact is reported, rebuilt and replaced', () => {
    const s = filled('truncated');
    truncateSync(s.entry.artifact, Math.floor(s.entry.size / 2));
    assertRun(awsm(s.env, ['run', hello]), [BAD(`file KEY\\.\\w+ is ${Math.floor(s.entry.size / 2)} bytes, the manifest says ${s.entry.size}`)]);
    assertRepaired(s);
  });

  test('an empty artifact is reported, rebuilt and replaced', () => {
    const s = filled('empty');
    writeFileSync(s.entry.artifact, '');
    assertRun(awsm(s.env, ['run', hello]), [BAD(`file KEY\\.\\w+ is 0 bytes, the manifest says ${s.entry.size}`)]);
    assertRepaired(s);
  });

  test('a corrupted artifact (same size) is reported, rebuilt and replaced', () => {
    const s = filled('corrupted');
    const bytes = readFileSync(s.entry.artifact);
    for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(s.entry.artifact, bytes);
    assertRun(awsm(s.env, ['run', hello]), [BAD('file KEY\\.\\w+ does not match its sha256 in the manifest')]);
    assertRepaired(s);
  });

  test('with the hashes memoised (a settled module and entry), an artifact or module changed in place is still caught', async () => {
    // Both files get round modification times, then are left alone long enough (SETTLED_NS)
    // for a run to memoise their hashes (CACHE/stat). Each change below keeps the size and
    // restores the modification time: only the ctime tells.
    const s = setup('memoised');
    const mine = join(work, 'memoised', 'mine.wasm');
    cpSync(hello, mine);
    const ROUND = 1_700_000_000;
    utimesSync(mine, ROUND, ROUND);
    assertRun(awsm(s.env, ['run', mine]), []);
    const e = buildEntry(s.cache);
    utimesSync(e.artifact, ROUND, ROUND);
    await new Promise((r) => setTimeout(r, Number(SETTLED_NS / 1_000_000n) + 100));
    assertRun(awsm(s.env, ['run', mine]), []);
    const memoOf = (f: string): string => {
      const st = statSync(f, { bigint: true });
      return join(s.cache, 'stat', `${st.dev}-${st.ino}.json`);
    };
    assert.ok(existsSync(memoOf(mine)), 'the module\'s hash is memoised');
    assert.ok(existsSync(memoOf(e.artifact)), 'the artifact\'s hash is memoised');

    const bytes = readFileSync(e.artifact);
    for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(e.artifact, bytes);
    utimesSync(e.artifact, ROUND, ROUND);
    assertRun(awsm(s.env, ['run', mine]), [BAD('file KEY\\.\\w+ does not match its sha256 in the manifest')]);

    const shout = wat2wasm({ text: printer(HELLO.toUpperCase()) }, join(work, 'memoised', 'shout.wasm'));
    assert.equal(statSync(shout).size, statSync(mine).size);
    writeFileSync(mine, readFileSync(shout));
    utimesSync(mine, ROUND, ROUND);
    const r = awsm(s.env, ['run', mine]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, HELLO.toUpperCase());
  });

  test('a missing artifact is reported and rebuilt', () => {
    const s = filled('missing');
    rmSync(s.entry.artifact);
    assertRun(awsm(s.env, ['run', hello]), [BAD('file KEY\\.\\w+ is missing')]);
    assertRepaired(s);
  });

  describe('a planted executable never runs', () => {
    let planted: string | undefined;
    /** The executable awsm builds for other.wasm (prints "planted!"), built once in a cache of its own. */
    function plantedExe(): string {
      if (planted === undefined) {
        planted = join(work, 'planted.exe');
        const r = awsm(setup('planted-src').env, ['compile', other, '-o', planted]);
        assert.equal(r.status, 0, r.stderr);
      }
      return planted;
    }

    test('in place of the artifact, with its manifest intact', () => {
      const s = filled('planted-manifest');
      cpSync(plantedExe(), s.entry.artifact);
      assertRun(awsm(s.env, ['run', hello]), [BAD('file KEY\\.\\w+ (is \\d+ bytes, the manifest says \\d+|does not match its sha256 in the manifest)')]);
      assertRepaired(s);
    });

    test('with no manifest, in place of the artifact and under the bare key (the old layout)', () => {
      const s = filled('planted-nomanifest');
      const exe = plantedExe();
      rmSync(s.entry.manifest);
      cpSync(exe, s.entry.artifact);
      cpSync(exe, s.entry.manifest.replace(/\.json$/, ''));
      assertRun(awsm(s.env, ['run', hello]), []); // no manifest: a plain miss
      assertRepaired(s);
    });

    test('with the manifest of another entry', () => {
      const s = filled('planted-othermanifest');
      assert.equal(awsm(s.env, ['run', other]).stdout, 'planted!\n');
      const otherManifest = readdirSync(join(s.cache, 'build'))
        .flatMap((d) => readdirSync(join(s.cache, 'build', d)).map((n) => join(s.cache, 'build', d, n)))
        .find((p) => p.endsWith('.json') && p !== s.entry.manifest)!;
      cpSync(otherManifest, s.entry.manifest);
      assertRun(awsm(s.env, ['run', hello]), [BAD('the manifest is for another key')]);
    });

    test('named by a manifest that points outside the entry', () => {
      const s = filled('planted-escape');
      const m = JSON.parse(readFileSync(s.entry.manifest, 'utf8')) as { files: Array<{ name: string; size: number; sha256: string }> };
      const exe = plantedExe();
      // Without the check, KEY./../<path> would resolve to the planted executable.
      const name = `${m.files[0]!.name.split('.')[0]}./../${relative(dirname(s.entry.manifest), exe)}`;
      m.files[0] = { name, size: readFileSync(exe).length, sha256: sha256(exe) };
      writeFileSync(s.entry.manifest, JSON.stringify(m));
      assertRun(awsm(s.env, ['run', hello]), [BAD('it names a file outside the entry \\(".*"\\)')]);
    });
  });

  test('an empty or unparsable manifest is reported and rewritten', () => {
    const s = filled('manifest');
    writeFileSync(s.entry.manifest, '');
    assertRun(awsm(s.env, ['run', hello]), [BAD('the manifest is empty')]);
    writeFileSync(s.entry.manifest, '{"format":');
    assertRun(awsm(s.env, ['run', hello]), [BAD('the manifest is not valid JSON')]);
    writeFileSync(s.entry.manifest, '{"format":"something else"}');
    assertRun(awsm(s.env, ['run', hello]), [BAD('the manifest is not of format awsm-cache-entry-1')]);
    assertRepaired(s);
  });

  test('a damaged runtime library is reported and rebuilt', () => {
    const s = setup('runtime');
    const rt = readdirSync(join(s.cache, 'runtime')).find((n) => !n.endsWith('.json'))!;
    truncateSync(join(s.cache, 'runtime', rt, 'libawsm_rt.a'), 100);
    assertRun(awsm(s.env, ['run', hello]), [BAD('file KEY\\.[\\w-]+/libawsm_rt\\.a is 100 bytes, the manifest says \\d+')]);
    assertRun(awsm(s.env, ['run', '--no-cache', hello]), []); // links against the new build
  });
});

describe('cache directory problems', () => {
  /** One warning naming the directory, a correct run, and the temporary fallback gone afterwards. */
  function assertFallback(r: Result, tmp: string, warning: RegExp): void {
    assertRun(r, [warning]);
    assert.match(r.stderr, /; compiling in a temporary directory \(deleted on exit\)$/m);
    assert.deepEqual(readdirSync(tmp), [], `the temporary cache in ${tmp} should be deleted`);
  }

  test('a cache path that is a regular file (ENOTDIR, which stops root too)', () => {
    const s = setup('notdir', true);
    writeFileSync(join(s.cache, 'file'), 'x');
    const dir = join(s.cache, 'file'); // the same ENOTDIR as file/sub, and each run rebuilds the runtime
    const r = awsm({ ...s.env, AWSM_CACHE_DIR: dir }, ['run', hello]);
    assertFallback(r, s.tmp, new RegExp(`^awsm: warning: cannot use the cache directory ${dir}: not a directory`));
  });

  test('AWSM_CACHE_DIR=/proc/x: no hang (Node\'s recursive mkdir spun there), one warning', () => {
    const s = setup('proc', true);
    const r = awsm({ ...s.env, AWSM_CACHE_DIR: '/proc/awsm-cache-test' }, ['run', hello]);
    assert.notEqual(r.status, null, 'awsm did not finish within the time limit');
    assertFallback(r, s.tmp, /^awsm: warning: cannot use the cache directory \/proc\/awsm-cache-test: no such file or directory/);
  });

  test('HOME="" and no XDG_CACHE_HOME: no ./.cache in the current directory, one warning', () => {
    const s = setup('nohome', true);
    const cwd = join(work, 'nohome', 'cwd');
    mkdirSync(cwd);
    const env: NodeJS.ProcessEnv = { ...s.env, HOME: '' };
    delete env['AWSM_CACHE_DIR'];
    delete env['XDG_CACHE_HOME'];
    assertFallback(awsm(env, ['run', hello], cwd), s.tmp, /^awsm: warning: no cache directory: HOME is empty and neither AWSM_CACHE_DIR nor XDG_CACHE_HOME is set/);
    assert.deepEqual(readdirSync(cwd), []);
    // A relative XDG_CACHE_HOME is ignored too (the XDG spec), not used relative to the cwd.
    assertFallback(awsm({ ...env, XDG_CACHE_HOME: 'rel' }, ['run', hello], cwd), s.tmp, /^awsm: warning: no cache directory: HOME is empty/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  const unshare = spawnSync('unshare', ['-rm', 'true']).status === 0;
  test('a read-only file system (a tmpfs mounted read-only in a private mount namespace)', { skip: unshare ? false : 'unshare -rm (a user and mount namespace) is not available here; the path-under-a-file and /proc tests cover an unusable directory' }, () => {
    const s = setup('readonly');
    const mnt = join(work, 'readonly', 'mnt');
    mkdirSync(mnt);
    const shell = (script: string): Result => {
      const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', process.execPath, CLI, hello, mnt, s.cache], { env: s.env, encoding: 'utf8', timeout: TIMEOUT_MS });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    // An empty read-only file system: nothing can be created.
    const empty = shell('mount -t tmpfs -o ro none "$4" && AWSM_CACHE_DIR="$4/cache" "$1" "$2" run "$3"');
    assertFallback(empty, s.tmp, /^awsm: warning: cannot use the cache directory \S+\/mnt\/cache: read-only file system/);
    // A filled cache made read-only: hits are still served, silently.
    const filledRo = shell('mount -t tmpfs none "$4" && cp -r "$5"/. "$4" && export AWSM_CACHE_DIR="$4" && "$1" "$2" run "$3" >/dev/null && mount -o remount,ro "$4" && "$1" "$2" run "$3"');
    assertRun(filledRo, []);
  });

  test('10 concurrent first runs of one module, on an empty cache, all print the right output', async () => {
    // Empty: the runtime library is built concurrently too (the first published build wins).
    const s = setup('concurrent', true);
    const runs = Array.from({ length: 10 }, () =>
      new Promise<Result>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'run', hello], { cwd: work, env: s.env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      }),
    );
    for (const r of await Promise.all(runs)) assertRun(r, []);
    const e = buildEntry(s.cache);
    assert.equal(sha256(e.artifact), e.sha256);
    assert.deepEqual(readdirSync(join(s.cache, 'build', readdirSync(join(s.cache, 'build'))[0]!)).filter((n) => n.includes('.tmp-')), [], 'no temporary files left');
    assert.equal(readdirSync(join(s.cache, 'runtime')).filter((n) => n.endsWith('.json')).length, 1, 'one runtime manifest');
    assertRun(awsm(s.env, ['run', hello]), []);
  });
});

test('the cache key changes when awsm\'s compiled code changes (the compiler fingerprint)', () => {
  // A copy of the package, so that editing its code disturbs nothing else.
  const pkg = join(work, 'pkg');
  cpSync(join(packageRoot, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(packageRoot, 'dist', 'src'), join(pkg, 'dist', 'src'), { recursive: true });
  const env = { ...process.env, AWSM_CACHE_DIR: join(work, 'pkg-cache') };
  const script = `const { compile } = await import(${JSON.stringify(join(pkg, 'dist', 'src', 'index.js'))});
    const a = await compile(${JSON.stringify(hello)}, { emit: 'llvm' });
    process.stdout.write(JSON.stringify({ key: a.key, cached: a.cached }));`;
  const key = (): { key: string; cached: boolean } => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { key: string; cached: boolean };
  };
  const first = key();
  assert.deepEqual(key(), { key: first.key, cached: true });
  const translator = join(pkg, 'dist', 'src', 'translate', 'module.js');
  assert.ok(existsSync(translator));
  appendFileSync(translator, '\n// a change to the translator\n');
  const changed = key();
  assert.notEqual(changed.key, first.key);
  assert.equal(changed.cached, false);
});
