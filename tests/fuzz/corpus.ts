/**
 * The fuzzer's seed corpus:
 *
 * - every binary module of the spec testsuite's scripts (what wast2json writes for `module`,
 *   `assert_malformed`, `assert_invalid`, `assert_unlinkable`, `assert_uninstantiable`; the
 *   conversions are the spec harness's, cached), deduplicated by content;
 * - the C programs in tests/fuzz/seeds/, built with clang-16 for wasm32-wasi at a few
 *   optimisation levels (and once with SIMD and bulk memory), cached;
 * - a minimal module, so the corpus is never empty.
 *
 * Either source may be missing (no testsuite, no clang-16/wasi-libc): the run says so and uses
 * what there is.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, packageRoot, tempName } from '../../src/driver/cache.js';
import { loadScript, specSuiteDir } from '../spec/wast.js';
import { WASI_CC, WASI_FLAGS, have } from '../tools.js';
import type { Seed } from './mutate.js';
import { HEADER, concat } from './wasm-bytes.js';

export const SEED_SOURCES = join(packageRoot, 'tests', 'fuzz', 'seeds');

export interface Corpus {
  seeds: Seed[];
  /** One line per source: what was loaded, or why not. */
  notes: string[];
}

/** C seed builds: flags and a suffix for the name. */
const C_VARIANTS: ReadonlyArray<{ suffix: string; flags: string[] }> = [
  { suffix: 'O2', flags: ['-O2'] },
  { suffix: 'O0', flags: ['-O0'] },
  { suffix: 'Oz-simd', flags: ['-Oz', '-msimd128', '-mbulk-memory', '-mnontrapping-fptoint', '-msign-ext'] },
];

function buildCSeeds(notes: string[]): Seed[] {
  if (!existsSync(SEED_SOURCES)) return [];
  const sources = readdirSync(SEED_SOURCES).filter((n) => n.endsWith('.c')).sort();
  const out: Seed[] = [];
  const dir = join(cacheDir(), 'fuzz', 'seeds');
  for (const src of sources) {
    const text = readFileSync(join(SEED_SOURCES, src));
    for (const v of C_VARIANTS) {
      const key = createHash('sha256').update(text).update(v.flags.join(' ')).digest('hex').slice(0, 16);
      const path = join(dir, `${src.replace(/\.c$/, '')}-${v.suffix}-${key}.wasm`);
      if (!existsSync(path)) {
        mkdirSync(dir, { recursive: true });
        const tmp = tempName(path);
        const r = spawnSync(WASI_CC, [...WASI_FLAGS, ...v.flags, join(SEED_SOURCES, src), '-lm', '-o', tmp], { encoding: 'utf8' });
        if (r.status !== 0) {
          notes.push(`C seeds: clang-16 --target=wasm32-wasi failed for ${src} (${(r.error?.message ?? r.stderr).trim().split('\n')[0]}); skipped`);
          return out;
        }
        renameSync(tmp, path);
      }
      out.push({ name: `seeds/${src}:${v.suffix}`, bytes: new Uint8Array(readFileSync(path)) });
    }
  }
  notes.push(`C seeds: ${out.length} modules from ${sources.length} programs`);
  return out;
}

async function specSeeds(notes: string[], limitScripts?: number): Promise<Seed[]> {
  const dir = specSuiteDir();
  if (!existsSync(dir)) {
    notes.push(`spec testsuite: not found at ${dir}`);
    return [];
  }
  if (!have('wast2json')) {
    notes.push('spec testsuite: wast2json not found (apt-get install wabt)');
    return [];
  }
  let files = readdirSync(dir).filter((n) => n.endsWith('.wast')).sort();
  if (limitScripts !== undefined) files = files.slice(0, limitScripts);
  const out: Seed[] = [];
  for (const file of files) {
    let script;
    try {
      script = await loadScript(join(dir, file));
    } catch (e) {
      notes.push(`spec testsuite: ${file}: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const cmd of script.commands) {
      if (cmd.filename === undefined || !cmd.filename.endsWith('.wasm')) continue;
      const path = join(script.dir, cmd.filename);
      if (existsSync(path)) out.push({ name: `${file}:${cmd.line}`, bytes: new Uint8Array(readFileSync(path)) });
    }
  }
  notes.push(`spec testsuite: ${out.length} binary modules from ${files.length} scripts`);
  return out;
}

/** Load the corpus. */
export async function loadCorpus(opts: { spec?: boolean; c?: boolean } = {}): Promise<Corpus> {
  const notes: string[] = [];
  const all: Seed[] = [];
  if (opts.spec ?? true) all.push(...(await specSeeds(notes)));
  if (opts.c ?? true) all.push(...buildCSeeds(notes));
  // A module with one function, one memory and one table, so mutations have something to chew.
  all.push({
    name: 'builtin:minimal',
    bytes: concat(HEADER, [
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type () -> i32
      0x03, 0x02, 0x01, 0x00, // one function
      0x04, 0x04, 0x01, 0x70, 0x00, 0x01, // table 1 funcref
      0x05, 0x03, 0x01, 0x00, 0x01, // memory 1
      0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
      0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x0b, // i32.load (i32.const 0)
    ]),
  });
  const seen = new Set<string>();
  const seeds = all.filter((s) => {
    const h = createHash('sha1').update(s.bytes).digest('hex');
    if (seen.has(h)) return false;
    seen.add(h);
    return true;
  });
  return { seeds, notes };
}
