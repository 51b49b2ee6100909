/**
 * The helper functions of an adapter module (issue 20, docs/components.md
 * "Component-to-component calls"): the string validators, the transcoding loops
 * (adapter-transcode.ts) and one trap function per rule of the ABI, each written into the
 * module on first use under its key and named in its name section (a trap names the function
 * it happens in, so the message names the rule). adapter.ts gives them to every adapter of
 * the module; the string tests build their modules with them too.
 */
import type { Code, FuncSig, ModuleEncoder } from '../binary/encoder.js';
import type { Gen, TrapRule } from './adapter-abi.js';
import { TRAP_RULES, utf16ValidatorBody, utf8ValidatorBody } from './adapter-abi.js';
import type { Transcoder } from './adapter-transcode.js';
import { TRANSCODERS } from './adapter-transcode.js';

/** The helpers of the module `enc` is writing: Gen without the body being written. */
export function adapterHelpers(enc: ModuleEncoder): Omit<Gen, 'code' | 'handles'> {
  /** The function index of each helper made so far, by key. */
  const made = new Map<string, number>();
  const helper = (key: string, sig: FuncSig, name: string, body: (c: Code) => void): number => {
    let f = made.get(key);
    if (f === undefined) {
      const h = enc.func(sig);
      body(h.code);
      enc.nameFunc(h.index, name);
      made.set(key, (f = h.index));
    }
    return f;
  };
  return {
    validator: (encoding: 'utf8' | 'utf16', mem: number): number =>
      helper(`validate ${encoding} ${mem}`, { params: ['i32', 'i32'], results: [] }, TRAP_RULES[encoding],
        (c) => (encoding === 'utf8' ? utf8ValidatorBody : utf16ValidatorBody)(c, mem)),
    transcoder: (kind: Transcoder, fromMem: number, toMem: number): number =>
      helper(`transcode ${kind} ${fromMem} ${toMem}`, TRANSCODERS[kind].sig, TRANSCODERS[kind].name, (c) => TRANSCODERS[kind].body(c, fromMem, toMem)),
    trap: (rule: TrapRule): number =>
      helper(`trap ${rule}`, { params: [], results: [] }, TRAP_RULES[rule], (c) => void c.op('unreachable')),
  };
}
