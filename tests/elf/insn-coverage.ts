// How much of real programs' FP and Advanced SIMD code the lifter knows: disassembles static
// AArch64 executables (aarch64-linux-gnu-objdump -d), hands every instruction of the FP/SIMD
// groups to liftSimdFp with a throwaway emitter, and counts known and unknown instructions per
// mnemonic. docs/elf-simd.md quotes its figures.
//
//   node dist/tests/elf/insn-coverage.js prog... [--unknown]   (--unknown: list each unknown form once)

import { spawnSync } from 'node:child_process';
import { StateEmitter } from '../../src/elf/lift/emit.js';
import { liftSimdFp } from '../../src/elf/lift/simd.js';

/** Whether the integer lifter routes `insn` to liftSimdFp (docs/elf-simd.md). */
export function isSimdFp(insn: number): boolean {
  return (insn & 0x0e000000) === 0x0e000000 || (insn & 0xbe000000) === 0x0c000000;
}

/** Known and unknown counts per mnemonic over the FP/SIMD instructions of `files`, and each unknown form's text. */
export function coverage(files: readonly string[]): { known: Map<string, number>; unknown: Map<string, number>; forms: Map<string, string> } {
  const known = new Map<string, number>();
  const unknown = new Map<string, number>();
  const forms = new Map<string, string>();
  for (const file of files) {
    const r = spawnSync('aarch64-linux-gnu-objdump', ['-d', '--no-show-raw-insn', '-M', 'no-aliases', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const raw = spawnSync('aarch64-linux-gnu-objdump', ['-d', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0 || raw.status !== 0) throw new Error(`cannot disassemble ${file}: ${r.stderr}${raw.stderr}`);
    const text = new Map<string, string>();
    for (const m of r.stdout.matchAll(/^\s*([0-9a-f]+):\t(.*)$/gm)) text.set(m[1]!, m[2]!.trim());
    for (const m of raw.stdout.matchAll(/^\s*([0-9a-f]+):\t([0-9a-f]{8})\s/gm)) {
      const insn = parseInt(m[2]!, 16);
      if (!isSimdFp(insn)) continue;
      const asm = text.get(m[1]!) ?? '?';
      const mnemonic = asm.split(/\s/)[0]!;
      const ok = liftSimdFp(new StateEmitter({ state: '%st', pointerBits: 64 }), insn, 0n);
      const counts = ok ? known : unknown;
      counts.set(mnemonic, (counts.get(mnemonic) ?? 0) + 1);
      if (!ok && !forms.has(mnemonic)) forms.set(mnemonic, `${asm} (0x${m[2]})`);
    }
  }
  return { known, unknown, forms };
}

if (process.argv[1]?.endsWith('insn-coverage.js')) {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const { known, unknown, forms } = coverage(files);
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(`FP/SIMD instructions: ${total(known) + total(unknown)}, lifted ${total(known)}, unknown ${total(unknown)}`);
  for (const [m, n] of [...unknown].sort((a, b) => b[1] - a[1])) console.log(`  unknown ${n}\t${process.argv.includes('--unknown') ? forms.get(m) : m}`);
}
