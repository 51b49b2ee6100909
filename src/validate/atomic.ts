/**
 * Validation rules of the threads proposal beyond what the opcode table's signatures give
 * (func.ts checks the operand types of every 0xFE instruction generically, and the memory
 * index and offset as for any load or store):
 *  - an atomic access's alignment must be exactly its width (plain loads and stores may be
 *    less aligned; an atomic one may not: the hardware's atomic instructions need it);
 *  - a shared memory must declare a maximum (its reservation can then be fixed up front, and
 *    growth never moves it while other threads run).
 * Both are `invalid`, as the proposal's testsuite expects.
 */
import type { Instr, MemType } from '../binary/module.js';
import { invalid } from './context.js';

/**
 * What is wrong with an atomic instruction's alignment, or undefined: it must be exactly
 * natural (func.ts has checked it is not larger). func.ts reports it with the position.
 */
export function atomicAlignError(ins: Instr): string | undefined {
  const bytes = ins.op.memBytes;
  if (bytes === undefined || ins.memarg === undefined) return undefined; // atomic.fence
  return 2 ** ins.memarg.align === bytes ? undefined : 'atomic alignment must be natural';
}

/** A shared memory's type: it needs a maximum (validator.ts, checkMemType). */
export function checkSharedMemType(mem: MemType): void {
  if (mem.shared === true && mem.limits.max === undefined) invalid('shared memory must have maximum');
}
