/**
 * The two official testsuites the harness runs (docs/spec-harness.md): where each is, which
 * of its files a full run takes, its required list and its list of reasons, the converter of
 * each file, and (3.0) the feature groups of its SOURCE.md that the summary totals.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';

/** How a .wast file becomes JSON plus .wasm files (tests/spec/wast.ts). */
export type Converter = 'wast2json' | 'wasm-tools';

export type SuiteId = '2.0' | '3.0';

export interface Suite {
  id: SuiteId;
  /** Environment variables naming the directory, first set wins. */
  env: readonly string[];
  /** The directory when none of `env` is set: next to the repository, in ../shared. */
  defaultDir: string;
  /** A full run takes every .wast below the directory (true) or only those at its top (false). */
  recursive: boolean;
  /** The required list (tests/spec/…): files that must pass, wholly or at least N assertions. */
  required: string;
  /** The reasons list: why a file is not (wholly) required, or why a command is skipped. */
  reasons: string;
  /** The converter for a file, by its path relative to the suite directory. */
  converter: (rel: string) => Converter;
}

const specDir = join(packageRoot, 'tests', 'spec');

export const SUITES: Readonly<Record<SuiteId, Suite>> = {
  '2.0': {
    id: '2.0',
    env: ['AWSM_SPEC_DIR', 'AWSM_TESTSUITE'],
    defaultDir: resolve(packageRoot, '..', 'shared', 'wasm-testsuite'),
    recursive: false,
    required: join(specDir, 'required.txt'),
    reasons: join(specDir, 'skip.txt'),
    converter: () => 'wast2json',
  },
  '3.0': {
    id: '3.0',
    env: ['AWSM_SPEC3_DIR'],
    defaultDir: resolve(packageRoot, '..', 'shared', 'wasm-testsuite-3.0'),
    recursive: true,
    required: join(specDir, 'required-3.0.txt'),
    reasons: join(specDir, 'expected-3.0.txt'),
    // wasm-tools parses everything but legacy/ (the old try/catch/delegate syntax), which
    // wabt 1.0.32 still reads with --enable-all (wast.ts adds it for legacy/ and proposals/):
    // any script in a directory named legacy (tests/exceptions/legacy/ too).
    converter: (rel) => (/(^|\/)legacy\//.test(rel) ? 'wast2json' : 'wasm-tools'),
  },
};

/**
 * The target list of `suite` for the architecture `arch` (lists.ts, readTargetList): what differs
 * on that machine; a missing file means nothing does.
 */
export function targetListPath(suite: Suite, arch: string): string {
  return join(specDir, 'targets', `${arch}-${suite.id}.txt`);
}

/** The suite's directory: the first of its environment variables that is set, else its default. */
export function suiteDir(suite: Suite): string {
  const env = suite.env.map((v) => process.env[v]).find((d) => d !== undefined && d !== '');
  return env ?? suite.defaultDir;
}

/**
 * When the suite's directory (or the file `marker` in it) is missing: one line naming where it
 * was looked for and the variable that sets it, for tests/tools.ts's requires (a failure under
 * CI, a counted skip elsewhere). Undefined when it is there.
 */
export function suiteMissing(suite: Suite, marker = ''): string | undefined {
  const dir = suiteDir(suite);
  if (existsSync(join(dir, marker))) return undefined;
  return `the ${suite.id} spec testsuite (${marker === '' ? dir : join(dir, marker)} not found; set ${suite.env[0]} to its directory)`;
}

/** Every .wast below `dir`, as paths relative to it with `/`, in name order. */
export function listWast(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory() && recursive) walk(rel);
      else if (e.isFile() && e.name.endsWith('.wast')) out.push(rel);
    }
  };
  if (existsSync(dir)) walk('');
  return out.sort();
}

/** The feature groups of the 3.0 suite (its SOURCE.md), for the summary. */
const GROUPS_3_0: ReadonlyArray<{ name: string; files: readonly string[] }> = [
  { name: 'tail calls', files: ['return_call', 'return_call_indirect', 'return_call_ref'] },
  {
    name: 'memory64',
    files: [
      'address64', 'align64', 'binary_leb128_64', 'bulk64', 'call_indirect64', 'endianness64', 'float_memory64',
      'load64', 'memory64', 'memory64-imports', 'memory_copy64', 'memory_fill64', 'memory_grow64', 'memory_init64',
      'memory_redundancy64', 'memory_trap64', 'table64', 'table_copy64', 'table_copy_mixed', 'table_fill64',
      'table_get64', 'table_grow64', 'table_init64', 'table_set64', 'table_size64',
    ],
  },
  {
    name: 'multi-memory',
    files: [
      'address0', 'address1', 'align0', 'binary0', 'data0', 'data1', 'data_drop0', 'exports0', 'float_exprs0',
      'float_exprs1', 'float_memory0', 'imports0', 'imports1', 'imports2', 'imports3', 'imports4', 'linking0',
      'linking1', 'linking2', 'linking3', 'load0', 'load1', 'load2', 'memory-multi', 'memory_copy0', 'memory_copy1',
      'memory_fill0', 'memory_init0', 'memory_size0', 'memory_size1', 'memory_size2', 'memory_size3',
      'memory_size_import', 'memory_trap0', 'memory_trap1', 'simd_memory-multi', 'start0', 'store0', 'store1',
      'store2', 'traps0',
    ],
  },
  { name: 'exceptions', files: ['tag', 'throw', 'throw_ref', 'try_table', 'legacy/*'] },
  { name: 'typed refs', files: ['call_ref', 'br_on_null', 'br_on_non_null', 'ref_as_non_null', 'local_init', 'ref'] },
  {
    name: 'GC',
    files: [
      'array', 'array_copy', 'array_fill', 'array_init_data', 'array_init_elem', 'array_new_data', 'array_new_elem',
      'binary-gc', 'br_on_cast', 'br_on_cast_fail', 'extern', 'i31', 'ref_cast', 'ref_eq', 'ref_test', 'struct',
      'type-canon', 'type-equivalence', 'type-rec', 'type-subtyping',
    ],
  },
  {
    name: 'relaxed SIMD',
    files: [
      'i16x8_relaxed_q15mulr_s', 'i32x4_relaxed_trunc', 'i8x16_relaxed_swizzle', 'relaxed_dot_product',
      'relaxed_laneselect', 'relaxed_madd_nmadd', 'relaxed_min_max',
    ],
  },
  { name: 'proposals/threads', files: ['proposals/threads/*'] },
  { name: 'proposals/wide-arithmetic', files: ['proposals/wide-arithmetic/*'] },
  { name: 'proposals/custom-page-sizes', files: ['proposals/custom-page-sizes/*'] },
  { name: 'proposals/custom-descriptors', files: ['proposals/custom-descriptors/*'] },
  // SOURCE.md's "other new core files", with custom/ (annotations, branch hints).
  { name: 'other', files: ['simd_select', 'simd_linking', 'instance', 'id', 'annotations', 'obsolete-keywords', 'custom/*'] },
];

/** The group every other top-level file of the 3.0 suite belongs to (SOURCE.md: "the rest"). */
export const UPDATED_2_0 = 'updated 2.0 files';

/** Group names in the order the summary prints them. */
export const GROUP_ORDER: readonly string[] = [UPDATED_2_0, ...GROUPS_3_0.map((g) => g.name)];

/** The 3.0 group of a file (path relative to the suite); undefined for the 2.0 suite. */
export function groupOf(suite: Suite, rel: string): string | undefined {
  if (suite.id !== '3.0') return undefined;
  const stem = rel.replace(/\.wast$/, '');
  const dir = stem.includes('/') ? stem.slice(0, stem.lastIndexOf('/') + 1) + '*' : undefined;
  for (const g of GROUPS_3_0) if (g.files.includes(stem) || (dir !== undefined && g.files.includes(dir))) return g.name;
  return stem.includes('/') ? 'other' : UPDATED_2_0;
}
