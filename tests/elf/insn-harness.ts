// The instruction harness of the ELF lifter (issue 21): runs single A64 instructions on random
// input states (tests/elf/insn-values.ts) twice and compares the resulting states field by
// field. (a) The reference: one static aarch64 program under qemu-aarch64-static, one assembly
// function per case that loads the state (X0..X30, NZCV, FPCR, FPSR, V0..V31; SP points at it
// meanwhile), runs the instruction and stores the state. (b) The lifted code: one LLVM IR
// function per case, written by StateEmitter (pointerBits 64) and the lifter, compiled natively
// with clang-16. Both link tests/elf/insn-driver.c, which runs every record it reads on stdin.
//
// Not compared: FPSR's cumulative exception bits (IOC, DZC, OFC, UFC, IXC, IDC: the lifter
// does not keep them, docs/elf-simd.md); everything else is, including the memory window.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type A64Emitter, StateEmitter } from '../../src/elf/lift/emit.js';
import { FPSR_OFFSET, STATE_SIZE, vOffset, xOffset } from '../../src/elf/state.js';
import { type LaneType, MEM_SIZE, Rng, type Theme, randomState } from './insn-values.js';

/** One instruction to test. */
export interface InsnCase {
  /** The instruction as assembly text (aarch64-linux-gnu-as syntax); must not use SP. */
  asm: string;
  /** What the V registers hold (default f64); X registers hold 64- and 32-bit integer values. */
  lanes?: LaneType;
  /** X registers that hold addresses into the memory window (loads, stores). */
  mem?: number[];
  /** Lanes (as bits, of the `lanes` type) of some V registers, drawn for each state in place
      of the random ones: operands that are hard for the instruction (fused multiply-add ties). */
  vregs?: (rng: Rng) => Record<number, bigint[]>;
}

/** The lifter under test: emits `insn` (at guest address `pc`) and says whether it knew it. */
export type Lift = (e: A64Emitter, insn: number, pc: bigint) => boolean;

/** The outcome of one case. */
export interface CaseResult {
  asm: string;
  /** ok: every state matched; unlifted: the lifter refused it; mismatch: see `detail`. */
  status: 'ok' | 'unlifted' | 'mismatch';
  /** The first difference: the state's number, the field, the input registers, both outputs. */
  detail?: string;
}

/** The tools the harness runs (tests/tools.ts requires them). */
export const HARNESS_TOOLS = ['qemu-aarch64-static', 'clang-16', 'aarch64-linux-gnu-gcc']; // -as and -objcopy come with -gcc

/** FPSR bits compared: everything but the cumulative exception flags (bits 0..4, 7). */
const FPSR_MASK = ~0x9fn & 0xffffffffn;
/** Size of one record (tests/elf/insn-driver.c). */
const RECORD = 8 + STATE_SIZE + MEM_SIZE;

const DRIVER = fileURLToPath(new URL('../../../tests/elf/insn-driver.c', import.meta.url));

/** Runs `cmd`; throws its standard error when it fails. */
function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30 });
  if (r.error !== undefined) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}):\n${r.stderr.toString()}`);
  return r.stdout;
}

/** The 32-bit encodings of the cases' instructions, by assembling them in order. */
function encode(dir: string, cases: readonly InsnCase[]): number[] {
  writeFileSync(join(dir, 'insns.S'), cases.map((c) => `\t${c.asm}\n`).join(''));
  try {
    run('aarch64-linux-gnu-as', ['-o', join(dir, 'insns.o'), join(dir, 'insns.S')]);
  } catch (err) {
    const msg = (err as Error).message.replace(/\S*insns\.S:(\d+):/g, (_m, line: string) => `"${cases[Number(line) - 1]?.asm}":`);
    throw new Error(`cannot assemble the cases: ${msg}`);
  }
  run('aarch64-linux-gnu-objcopy', ['-O', 'binary', '--only-section=.text', join(dir, 'insns.o'), join(dir, 'insns.bin')]);
  const bin = readFileSync(join(dir, 'insns.bin'));
  return cases.map((_c, i) => bin.readUInt32LE(4 * i));
}

/** The aarch64 assembly of one case function: the state in, the instruction, the state out. */
function caseAsm(i: number, insn: string): string {
  const l: string[] = [`\t.globl case_${i}`, `case_${i}:`, '\tstp x29, x30, [sp, #-160]!'];
  for (let r = 19; r < 29; r += 2) l.push(`\tstp x${r}, x${r + 1}, [sp, #${(r - 17) * 8}]`);
  for (let r = 8; r < 16; r += 2) l.push(`\tstp d${r}, d${r + 1}, [sp, #${96 + (r - 8) * 8}]`);
  l.push('\tadrp x1, saved_sp', '\tmov x2, sp', '\tstr x2, [x1, :lo12:saved_sp]', '\tmov sp, x0');
  l.push('\tldrb w1, [sp, #264]', '\tldrb w2, [sp, #265]', '\tldrb w3, [sp, #266]', '\tldrb w4, [sp, #267]');
  l.push('\tlsl x1, x1, #31', '\torr x1, x1, x2, lsl #30', '\torr x1, x1, x3, lsl #29', '\torr x1, x1, x4, lsl #28', '\tmsr nzcv, x1');
  l.push('\tldr x1, [sp, #280]', '\tmsr fpcr, x1', '\tldr x1, [sp, #288]', '\tmsr fpsr, x1');
  for (let r = 0; r < 32; r += 2) l.push(`\tldp q${r}, q${r + 1}, [sp, #${vOffset(r)}]`);
  for (let r = 0; r < 30; r += 2) l.push(`\tldp x${r}, x${r + 1}, [sp, #${xOffset(r)}]`);
  l.push('\tldr x30, [sp, #240]', `\t${insn}`);
  for (let r = 0; r < 30; r += 2) l.push(`\tstp x${r}, x${r + 1}, [sp, #${xOffset(r)}]`);
  l.push('\tstr x30, [sp, #240]');
  for (let r = 0; r < 32; r += 2) l.push(`\tstp q${r}, q${r + 1}, [sp, #${vOffset(r)}]`);
  l.push('\tmrs x1, nzcv');
  for (let f = 0; f < 4; f++) l.push(`\tubfx x2, x1, #${31 - f}, #1`, `\tstrb w2, [sp, #${264 + f}]`);
  l.push('\tmrs x1, fpcr', '\tstr x1, [sp, #280]', '\tmrs x1, fpsr', `\tstr x1, [sp, #${FPSR_OFFSET}]`, '\tmsr fpcr, xzr');
  l.push('\tadrp x1, saved_sp', '\tldr x1, [x1, :lo12:saved_sp]', '\tmov sp, x1');
  for (let r = 19; r < 29; r += 2) l.push(`\tldp x${r}, x${r + 1}, [sp, #${(r - 17) * 8}]`);
  for (let r = 8; r < 16; r += 2) l.push(`\tldp d${r}, d${r + 1}, [sp, #${96 + (r - 8) * 8}]`);
  l.push('\tldp x29, x30, [sp], #160', '\tret');
  return l.join('\n');
}

/** The reference program's cases: every case function and the table the driver indexes. */
function referenceAsm(cases: readonly InsnCase[]): string {
  const fns = cases.map((c, i) => caseAsm(i, c.asm));
  const table = cases.map((_c, i) => `\t.quad case_${i}`);
  return ['\t.text', ...fns, '\t.section .rodata', '\t.balign 8', '\t.globl insn_cases', 'insn_cases:', ...table,
    '\t.globl insn_case_count', 'insn_case_count:', `\t.word ${cases.length}`, '\t.bss', '\t.balign 8', 'saved_sp:', '\t.skip 8', ''].join('\n');
}

/** The lifted program's cases as LLVM IR, and which cases the lifter refused. */
function liftedIr(cases: readonly InsnCase[], insns: readonly number[], lift: Lift): { ir: string; refused: Set<number> } {
  const decls = new Set<string>();
  const fns: string[] = [];
  const refused = new Set<number>();
  cases.forEach((_c, i) => {
    const e = new StateEmitter({ state: '%st', pointerBits: 64 });
    const ok = lift(e, insns[i]!, 0x400000n + BigInt(4 * i));
    if (!ok) refused.add(i);
    e.decls.forEach((d) => decls.add(d));
    fns.push(`define void @case_${i}(ptr %st) {\nentry:\n${ok ? e.lines.join('\n') + '\n' : ''}  ret void\n}`);
  });
  const table = cases.map((_c, i) => `ptr @case_${i}`).join(', ');
  return {
    ir: [...decls, ...fns, `@insn_cases = constant [${cases.length} x ptr] [${table}]`, `@insn_case_count = constant i32 ${cases.length}`, ''].join('\n'),
    refused,
  };
}

/** A register's bytes in a state, as hex (most significant first). */
function hex(state: Uint8Array, offset: number, bytes: number): string {
  return Array.from(state.subarray(offset, offset + bytes)).reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The registers an instruction's text names, as [label, offset, bytes]. */
function named(asm: string): Array<[string, number, number]> {
  const regs: Array<[string, number, number]> = [];
  for (const m of asm.matchAll(/\b([xwvqdsbh])(\d+)\b/g)) {
    const n = Number(m[2]);
    const r: [string, number, number] = m[1] === 'x' || m[1] === 'w' ? [`X${n}`, xOffset(n), 8] : [`V${n}`, vOffset(n), 16];
    if (n < 32 && !(r[0] === 'X31') && !regs.some((x) => x[0] === r[0])) regs.push(r);
  }
  return regs;
}

/** The fields of a record that differ between the two outputs, as [name, offset, bytes] (first only). */
function firstDifference(a: Uint8Array, b: Uint8Array): [string, number, number] | undefined {
  const fields: Array<[string, number, number]> = [];
  for (let n = 0; n < 31; n++) fields.push([`X${n}`, xOffset(n), 8]);
  fields.push(['NZCV', 264, 4], ['FPCR', 280, 8]);
  for (let n = 0; n < 32; n++) fields.push([`V${n}`, vOffset(n), 16]);
  for (const f of fields) {
    if (Buffer.compare(a.subarray(f[1], f[1] + f[2]), b.subarray(f[1], f[1] + f[2])) !== 0) return f;
  }
  const fpsr = (s: Uint8Array): bigint => Buffer.from(s).readBigUInt64LE(FPSR_OFFSET) & FPSR_MASK;
  if (fpsr(a) !== fpsr(b)) return ['FPSR', FPSR_OFFSET, 8];
  for (let i = 0; i < MEM_SIZE; i += 16) {
    if (Buffer.compare(a.subarray(STATE_SIZE + i, STATE_SIZE + i + 16), b.subarray(STATE_SIZE + i, STATE_SIZE + i + 16)) !== 0) return [`memory+${i}`, STATE_SIZE + i, 16];
  }
  return undefined;
}

/** Options of runCases. */
export interface HarnessOptions {
  /** Input states per case (default 48). */
  states?: number;
  /** Seed of the state generator (default 21). */
  seed?: number;
}

/** Runs every case on `states` random states under qemu and lifted; one result per case. */
export function runCases(cases: readonly InsnCase[], lift: Lift, opts: HarnessOptions = {}): CaseResult[] {
  const states = opts.states ?? 48;
  const dir = mkdtempSync(join(tmpdir(), 'awsm-insn-'));
  try {
    const insns = encode(dir, cases);
    writeFileSync(join(dir, 'ref.S'), referenceAsm(cases));
    run('aarch64-linux-gnu-gcc', ['-static', '-O1', '-o', join(dir, 'ref'), DRIVER, join(dir, 'ref.S')]);
    const { ir, refused } = liftedIr(cases, insns, lift);
    writeFileSync(join(dir, 'lifted.ll'), ir);
    run('clang-16', ['-O2', '-w', '-o', join(dir, 'lifted'), DRIVER, join(dir, 'lifted.ll'), '-lm']);
    const rng = new Rng(opts.seed ?? 21);
    const input = Buffer.alloc(cases.length * states * RECORD);
    const themes: Theme[] = ['nan', 'special', 'mixed', 'mixed'];
    cases.forEach((c, i) => {
      for (let s = 0; s < states; s++) {
        const at = (i * states + s) * RECORD;
        // Every third state runs in default-NaN mode (FPCR.DN); the rest with FPCR = 0.
        const fpcr = s % 3 === 2 ? 1n << 25n : 0n;
        const { state, mem } = randomState(rng, { lanes: c.lanes ?? 'f64', mem: c.mem ?? [], theme: themes[s % themes.length]!, fpcr });
        const width = Number((c.lanes ?? 'f64').slice(1)) / 8;
        for (const [reg, lanes] of Object.entries(c.vregs?.(rng) ?? {})) {
          lanes.forEach((v, l) => state.set(Array.from({ length: width }, (_x, b) => Number((v >> BigInt(8 * b)) & 0xffn)), vOffset(Number(reg)) + l * width));
        }
        input.writeUInt32LE(i, at);
        input.set(state, at + 8);
        input.set(mem, at + 8 + STATE_SIZE);
      }
    });
    const ref = run('qemu-aarch64-static', [join(dir, 'ref')], input);
    const got = run(join(dir, 'lifted'), [], input);
    return cases.map((c, i): CaseResult => {
      if (refused.has(i)) return { asm: c.asm, status: 'unlifted', detail: `${c.asm} (0x${insns[i]!.toString(16).padStart(8, '0')}): not lifted` };
      for (let s = 0; s < states; s++) {
        const at = (i * states + s) * RECORD + 8;
        const [inp, a, b] = [input, ref, got].map((buf) => new Uint8Array(buf.subarray(at, at + STATE_SIZE + MEM_SIZE))) as [Uint8Array, Uint8Array, Uint8Array];
        const diff = firstDifference(a, b);
        if (diff === undefined) continue;
        const inputs = named(c.asm).map(([name, off, bytes]) => `${name}=${hex(inp, off, bytes)}`).join(' ');
        const nzcv = `NZCV=${Array.from(inp.subarray(264, 268)).join('')}`;
        return {
          asm: c.asm,
          status: 'mismatch',
          detail: `${c.asm} (0x${insns[i]!.toString(16).padStart(8, '0')}): state ${s}: ${diff[0]} differs\n  input  ${inputs} ${nzcv}\n` +
            `  qemu   ${hex(a, diff[1], diff[2])}\n  lifted ${hex(b, diff[1], diff[2])}`,
        };
      }
      return { asm: c.asm, status: 'ok' };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
