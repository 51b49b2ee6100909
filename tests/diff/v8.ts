/**
 * The V8 side of the differential tests: runs a module in this process's V8 and writes the
 * same transcript as tests/diff/driver.c does for awsm (see there for the format). The export
 * types come from awsm's decoder (JS cannot see them), so both sides call every export with
 * the same zeros.
 *
 * Used in a worker thread (tests/diff/v8-worker.ts) so that a runaway module can be stopped.
 */
import type { ValType } from '../../src/binary/module.js';

/** What the runner needs to know about a module's exports, in export order. */
export interface ExportInfo {
  name: string;
  kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
  params?: ValType[];
  results?: ValType[];
  /** Globals: the value type. */
  type?: ValType;
}

const f32buf = new DataView(new ArrayBuffer(8));

function hex(n: number | bigint, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

/** One value as the transcript writes it (the same text as driver.c's print_value). */
export function formatValue(t: ValType, v: unknown): string {
  switch (t) {
    case 'i32':
      return `i32 ${hex((v as number) >>> 0, 8)}`;
    case 'i64':
      return `i64 ${hex(BigInt.asUintN(64, v as bigint), 16)}`;
    case 'f32': {
      const x = v as number;
      if (Number.isNaN(x)) return 'f32 nan';
      f32buf.setFloat32(0, x, true);
      return `f32 ${hex(f32buf.getUint32(0, true), 8)}`;
    }
    case 'f64': {
      const x = v as number;
      if (Number.isNaN(x)) return 'f64 nan';
      f32buf.setFloat64(0, x, true);
      return `f64 ${hex(f32buf.getBigUint64(0, true), 16)}`;
    }
    case 'v128':
      return 'v128 ?';
    default:
      return `ref ${v === null ? 'null' : 'nonnull'}`;
  }
}

/** The transcript name of an export: bytes outside printable ASCII (and %) as %XX. */
export function formatName(name: string): string {
  let s = '';
  for (const b of new TextEncoder().encode(name)) {
    s += b > 0x20 && b < 0x7f && b !== 0x25 ? String.fromCharCode(b) : `%${hex(b, 2)}`;
  }
  return s;
}

/** The trap class of an exception thrown by V8 (driver.c's trap_class for awsm). */
export function trapClass(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'other';
  const m = e.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory';
  if (/table index is out of bounds|element segment|table access/.test(m)) return 'table';
  if (/signature mismatch|null function|invalid index into function table/.test(m)) return 'indirect';
  if (/divide by zero|remainder by zero/.test(m)) return 'div0';
  if (/divide result unrepresentable|float unrepresentable/.test(m)) return 'overflow';
  return 'other';
}

function zero(t: ValType): unknown {
  switch (t) {
    case 'i64': return 0n;
    case 'funcref':
    case 'externref': return null;
    default: return 0;
  }
}

/** Memories larger than this are compared by size only (as in driver.c). */
const MAX_HASHED = 64 << 20;

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 16777619);
  return h >>> 0;
}

/** Run module `k` in V8 and return its transcript (lines joined by '\n', ending with one). */
export function runInV8(bytes: Uint8Array, k: number, exports: readonly ExportInfo[]): string {
  const out: string[] = [`module ${k}`];
  const log = (t: ValType) => (x: unknown): void => {
    out.push(`log ${formatValue(t, x)}`);
  };
  const imports = {
    'fuzzing-support': { 'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64') },
  };
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), imports);
  } catch (e) {
    out.push(e instanceof WebAssembly.LinkError ? 'unlinkable' : e instanceof WebAssembly.CompileError ? `error ${e.message}` : `trap ${trapClass(e)}`);
    out.push(`end ${k}`);
    return out.join('\n') + '\n';
  }
  const ex = instance.exports as Record<string, unknown>;
  const init = exports.some((e) => e.kind === 'func' && e.name === 'hangLimitInitializer')
    ? (ex['hangLimitInitializer'] as () => void)
    : undefined;
  const snapshot = (): void => {
    for (const e of exports) {
      if (e.kind === 'memory') {
        const buf = new Uint8Array((ex[e.name] as WebAssembly.Memory).buffer);
        out.push(`mem ${buf.length / 65536} ${buf.length > MAX_HASHED ? 'big' : hex(fnv1a(buf), 8)}`);
      } else if (e.kind === 'global' && e.type !== 'v128') {
        out.push(`global ${formatName(e.name)} ${formatValue(e.type!, (ex[e.name] as WebAssembly.Global).value)}`);
      }
    }
  };
  for (const e of exports) {
    if (e.kind !== 'func' || e.name === 'hangLimitInitializer') continue;
    if (e.params!.includes('v128') || e.results!.includes('v128')) {
      out.push(`skip ${formatName(e.name)}`);
      continue;
    }
    if (init !== undefined) {
      try {
        init();
      } catch (err) {
        out.push(`init-trap ${trapClass(err)}`);
        break;
      }
    }
    out.push(`call ${formatName(e.name)}`);
    const f = ex[e.name] as (...args: unknown[]) => unknown;
    let r: unknown;
    try {
      r = f(...e.params!.map(zero));
    } catch (err) {
      const cls = trapClass(err);
      out.push(`trap ${cls}`);
      if (cls === 'stack') break;
      snapshot();
      continue;
    }
    const results = e.results!;
    const values = results.length === 1 ? [r] : results.length === 0 ? [] : (r as unknown[]);
    results.forEach((t, i) => out.push(`result ${formatValue(t, values[i])}`));
    snapshot();
  }
  out.push(`end ${k}`);
  return out.join('\n') + '\n';
}
