/**
 * What the translator did with each generated loop, and whether its IR is valid. Each module
 * is translated in this process with AWSM_DEBUG_VERSIONING=1 and the per-loop lines (versioned
 * or why not) are matched to the generated loops by position, into LoopMeta.actual. Both
 * bounds modes' IR goes through llvm-as (when installed), which runs the LLVM verifier: clang
 * does not verify IR given as input, so a value of the fast copy used in the slow one (not
 * dominated) would otherwise compile and go wrong only when that path runs.
 */
import { spawnSync } from 'node:child_process';
import { decodeModule } from '../../../src/binary/decoder.js';
import { translateModule } from '../../../src/translate/module.js';
import { validateModule } from '../../../src/validate/validator.js';
import { have } from '../../tools.js';
import type { GeneratedModule } from './module.js';

/** The two helpers come first in the function index space. */
const FIRST_EXPORTED_FUNC = 2;

/** Where llvm-as was found (null: nowhere), once looked for. */
let llvmAsPath: string | null | undefined;

/** llvm-as of LLVM 16 (llvm-as-16, /usr/lib/llvm-16/bin/llvm-as, llvm-as), or null. */
function llvmAs(): string | null {
  if (llvmAsPath === undefined) {
    llvmAsPath = ['llvm-as-16', '/usr/lib/llvm-16/bin/llvm-as', 'llvm-as'].find((c) => have(c)) ?? null;
  }
  return llvmAsPath;
}

/**
 * The LLVM verifier's complaint about `ir`, or undefined when it is valid. clang does not
 * verify IR it is given as input (not even at -O0), so IR where the slow copy uses a value
 * defined in the fast copy (which does not dominate it) compiles, and misbehaves only when
 * the slow path runs with that value; llvm-as verifies.
 */
function verifyIR(ir: string): string | undefined {
  const as = llvmAs();
  if (as === null) return undefined;
  const r = spawnSync(as, ['-o', '/dev/null', '-'], { input: ir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status === 0) return undefined;
  return (r.stderr || r.error?.message || `status ${r.status}`).trim().split('\n').slice(0, 6).join(' | ');
}

/**
 * Translate the module with AWSM_DEBUG_VERSIONING=1 in this process and record each loop's
 * verdict (`versioned, …` or the reason) in its LoopMeta, matched by the loop's position.
 * Returns the verifier's complaints about the IR of either bounds mode.
 */
export function coverage(gm: GeneratedModule, bytes: Uint8Array): string[] {
  const m = decodeModule(bytes);
  validateModule(m);
  const chunks: string[] = [];
  const saved = process.env['AWSM_DEBUG_VERSIONING'];
  const write = process.stderr.write;
  process.env['AWSM_DEBUG_VERSIONING'] = '1';
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  const irs: Array<['guard' | 'explicit', string]> = [];
  try {
    irs.push(['explicit', translateModule(m, { name: 'cov', bounds: 'explicit' })]);
  } finally {
    process.stderr.write = write;
    if (saved === undefined) delete process.env['AWSM_DEBUG_VERSIONING'];
    else process.env['AWSM_DEBUG_VERSIONING'] = saved;
  }
  const verdicts = new Map<string, string>();
  for (const line of chunks.join('').split('\n')) {
    const v = /^versioning: f(\d+) @(\d+): (.*)$/.exec(line);
    if (v !== null) verdicts.set(`${v[1]}@${v[2]}`, v[3]!);
  }
  gm.loops.forEach((metas, fi) => {
    const funcidx = fi + FIRST_EXPORTED_FUNC;
    const positions = m.funcs[funcidx]!.body.filter((i) => i.op.name === 'loop').map((i) => i.pos);
    if (positions.length !== metas.length) throw new Error(`module ${gm.k} f${fi}: ${positions.length} loops in the binary, ${metas.length} generated`);
    metas.forEach((meta, j) => {
      meta.actual = verdicts.get(`${funcidx}@${positions[j]}`) ?? 'no verdict (unreachable?)';
    });
  });
  irs.push(['guard', translateModule(m, { name: 'cov', bounds: 'guard' })]);
  const bad: string[] = [];
  for (const [bounds, ir] of irs) {
    const v = verifyIR(ir);
    if (v !== undefined) bad.push(`${bounds}: ${v}`);
  }
  return bad;
}
