/**
 * Reading .wast scripts: wast2json (wabt) converts each into a JSON command list plus one
 * .wasm per module, into the cache (keyed by the script's content hash), once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cacheSubdir, packageRoot, publishDir, sha256, tempName } from '../../src/driver/cache.js';
import type { WastValue } from './values.js';

/**
 * The spec testsuite directory: AWSM_SPEC_DIR (AWSM_TESTSUITE is accepted too), else
 * ../shared/wasm-testsuite next to the repository. It may not exist: callers check.
 */
export function specSuiteDir(): string {
  const env = [process.env['AWSM_SPEC_DIR'], process.env['AWSM_TESTSUITE']].find((d) => d !== undefined && d !== '');
  return env ?? resolve(packageRoot, '..', 'shared', 'wasm-testsuite');
}

/** An `invoke` or `get` action. `module` names a `$name`d module; absent = the latest. */
export interface WastAction {
  type: 'invoke' | 'get';
  module?: string;
  field: string;
  args?: WastValue[];
}

/** One command of wast2json's output (the fields each command type uses). */
export interface WastCommand {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  as?: string;
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

function runWast2json(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('wast2json', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e) =>
      reject(new Error(`cannot run wast2json (${e.message}); install wabt: apt-get install wabt`)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`wast2json failed (status ${code}): ${err.trim()}`))));
  });
}

/** Convert (or find already converted) a .wast file. Proposal scripts get --enable-all. */
export async function loadScript(path: string): Promise<WastScript> {
  const file = basename(path);
  const source = readFileSync(path);
  const flags = path.includes('/proposals/') ? ['--enable-all'] : [];
  const key = sha256(source, flags.join(' ')).slice(0, 16);
  const dir = join(cacheSubdir('spec', 'json'), `${file.replace(/\.wast$/, '')}-${key}`);
  const json = join(dir, 'script.json');
  if (!existsSync(json)) {
    const tmp = tempName(dir);
    mkdirSync(tmp, { recursive: true });
    try {
      await runWast2json([...flags, path, '-o', join(tmp, 'script.json')]);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    publishDir(tmp, dir);
  }
  const parsed = JSON.parse(readFileSync(json, 'utf8')) as { commands: WastCommand[] };
  return { file, dir, commands: parsed.commands };
}
