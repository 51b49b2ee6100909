// Lifting a whole program (docs/elf-lifting.md): find the functions (discover.ts), lift each
// (func.ts), and add the dispatcher: `@awsm_elf_dispatch(st)` calls the function that holds
// st->pc (a function entry, or a return point it can resume at), and `@awsm_elf_run(st)` loops
// over it. The runtime (h-elfs's runtime/elf/) defines awsm_elf_syscall and awsm_elf_unknown
// and calls awsm_elf_run with st->pc at the entry point.

import type { ElfImage } from '../image.js';
import { PC_OFFSET } from '../state.js';
import { CodeMap, byAddress, findEntries, ifuncSlots, planFunction, reachesDispatcher } from './discover.js';
import { ALL_SLOTS, type LiftedFunction, type ProgramInfo, finishFunction, flowOf, fnName, liftFunction } from './func.js';
import { programFlow } from './liveness.js';

/** What liftProgram returns. */
export interface LiftResult {
  /** LLVM IR module text for wasm32-unknown-wasi defining `void @awsm_elf_run(ptr %state)`
      (runs the guest from state->pc until it exits); it calls @awsm_elf_syscall(ptr) and
      @awsm_elf_unknown(i64 pc, i32 insn) (both defined by the runtime). */
  ir: string;
  /** Instructions it does not know, found at translate time (each becomes a call to
      awsm_elf_unknown if reached). */
  unknown: { addr: bigint; insn: number }[];
  stats: { functions: number; instructions: number };
}

/** Lifts every function reachable in `image` into one LLVM module. */
export function liftProgram(image: ElfImage): LiftResult {
  const code = new CodeMap(image);
  const entries = findEntries(code);
  const prog: ProgramInfo = { entries, unknown: [], decls: new Set() };
  const lifted: LiftedFunction[] = [];
  /** Where the dispatcher enters each resumable address: the function holding it. */
  const resumeAt = new Map<bigint, bigint>();
  let instructions = 0;
  const slots = ifuncSlots(code, entries);
  const sorted = [...entries].sort(byAddress);
  const plans = sorted.map((entry) => planFunction(code, entry, entries, slots));
  const dispatching = reachesDispatcher(plans, entries);
  for (const plan of plans) {
    for (const [pc, choices] of plan.ifuncs) {
      const kept = choices.filter((c) => !dispatching.has(c));
      if (kept.length > 0) plan.ifuncs.set(pc, kept);
      else plan.ifuncs.delete(pc);
    }
  }
  for (const plan of plans) {
    const entry = plan.entry;
    const f = liftFunction(plan, prog);
    instructions += f.instructions;
    lifted.push(f);
    resumeAt.set(entry, entry);
    for (const r of plan.resumes) if (plan.blocks.has(r) && !resumeAt.has(r)) resumeAt.set(r, entry);
  }
  const flows = programFlow(new Map(lifted.map((f) => [f.plan.entry, flowOf(f)])), ALL_SLOTS);
  const bodies = lifted.map((f) => finishFunction(f, flows.get(f.plan.entry)!));
  const ir = [
    '; lifted by awsm elf2wasm (src/elf/lift/)',
    'target triple = "wasm32-unknown-wasi"',
    '',
    'declare void @awsm_elf_syscall(ptr)',
    'declare void @awsm_elf_unknown(i64, i32) noreturn',
    ...[...prog.decls].sort(),
    '',
    dispatcher(resumeAt),
    ...bodies,
  ].join('\n');
  return { ir, unknown: prog.unknown, stats: { functions: entries.size, instructions } };
}

/** @awsm_elf_dispatch and @awsm_elf_run. */
function dispatcher(resumeAt: Map<bigint, bigint>): string {
  const lines = [
    'define internal void @awsm_elf_dispatch(ptr %st) {',
    'entry:',
    `  %pcp = getelementptr inbounds i8, ptr %st, i32 ${PC_OFFSET}`,
    '  %pc = load i64, ptr %pcp, align 8',
  ];
  const addrs = [...resumeAt.keys()].sort(byAddress);
  lines.push(`  switch i64 %pc, label %bad [${addrs.map((a) => `i64 ${BigInt.asIntN(64, a)}, label %d_${a.toString(16)}`).join(' ')}]`);
  for (const a of addrs) {
    lines.push(`d_${a.toString(16)}:`, `  call void ${fnName(resumeAt.get(a)!)}(ptr %st, i64 ${BigInt.asIntN(64, a)})`, '  ret void');
  }
  lines.push(
    'bad:',
    '  ; a jump to an address that is not code we found: reported as "unknown instruction 0x00000000"',
    '  call void @awsm_elf_unknown(i64 %pc, i32 0)',
    '  unreachable',
    '}',
    '',
    'define void @awsm_elf_run(ptr %st) {',
    'entry:',
    '  br label %loop',
    'loop:',
    '  call void @awsm_elf_dispatch(ptr %st)',
    '  br label %loop',
    '}',
    '',
  );
  return lines.join('\n');
}
