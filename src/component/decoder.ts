/**
 * The component decoder: bytes → Component (Binary.md of the component model).
 *
 *   component ::= magic (\0asm) version (0x0d 0x00) layer (0x01 0x00) section*
 *   section   ::= 0 custom | 1 core module | 2 core instances | 3 core types | 4 component
 *               | 5 instances | 6 aliases | 7 types | 8 canons | 9 start | 10 imports
 *               | 11 exports | (12 values: a later proposal, refused by name)
 *
 * Sections repeat and come in any order. Each is read with a reader bounded at its end, and
 * must be consumed exactly ("section size mismatch"). Core modules inside are decoded by the
 * module decoder (src/binary/decoder.ts) on their own bytes; their errors are moved to the
 * whole file's offsets (where.ts). Like the module decoder, this checks what the spec calls
 * malformed and leaves index ranges and types to the validator (validator.ts).
 *
 * Every error names the byte offset in the file and the section: `malformed sort in the alias
 * section (at byte offset 0x1f)`.
 */
import { decodeModule } from '../binary/decoder.js';
import { Reader } from '../binary/reader.js';
import { UnsupportedError } from '../errors.js';
import type { Canon, CanonOpt, Component, CoreInstanceExpr, Definition, Export, InstanceExpr, StringEncoding } from './ast.js';
import { ASYNC, VALUES, alias, coreSort, coreType, externDesc, externName, nest, sort, type, unsupported, vec } from './read-types.js';
import { relocate } from './where.js';

/** The component binary version this decoder reads (the pre-standard 0x0d of wasm-tools 1.2xx). */
export const COMPONENT_VERSION = 0x0d;

/** Section names, by id, for messages. */
const SECTION_NAMES = ['custom', 'core module', 'core instance', 'core type', 'component', 'instance', 'alias', 'type', 'canon', 'start', 'import', 'export', 'value'];

/** Decode a component. Throws DecodeError if it is malformed, UnsupportedError for later proposals. */
export function decodeComponent(bytes: Uint8Array): Component {
  return component(new Reader(bytes), 0);
}

/** A component whose preamble starts at `r.pos`, up to `r.end`, at nesting `depth`. */
function component(r: Reader, depth: number): Component {
  const offset = r.pos;
  preamble(r);
  const c: Component = { offset, defs: [], customs: [] };
  let modules = 0;
  while (!r.eof()) {
    const idAt = r.pos;
    const id = r.u8();
    const size = r.len();
    const start = r.pos;
    const end = start + size;
    if (end > r.end) r.fail('unexpected end of section', r.end);
    const s = new Reader(r.bytes, start, end);
    const name = SECTION_NAMES[id];
    if (name === undefined) r.fail(`malformed section id ${id}`, idAt);
    try {
      section(s, id, c, depth, modules);
      if (s.pos !== end) s.fail('section size mismatch', s.pos);
    } catch (e) {
      throw id === 1 || id === 4 ? e : relocate(e, 0, `the ${name} section`);
    }
    if (id === 1) modules++;
    r.pos = end;
  }
  return c;
}

/** The preamble: magic, version 0x0d, layer 1 (a core module has layer 0: detect.ts). */
function preamble(r: Reader): void {
  const at = r.pos;
  if (r.end - at < 8) r.fail('unexpected end of the preamble', r.end);
  if (r.f32bits() !== 0x6d736100) r.fail('magic header not detected', at);
  const version = r.u8() | (r.u8() << 8);
  const layer = r.u8() | (r.u8() << 8);
  if (layer !== 1) r.fail(layer === 0 ? 'a core module where a component was expected' : `unknown layer ${layer}`, at + 6);
  if (version !== COMPONENT_VERSION) {
    r.fail(`unsupported component binary version 0x${version.toString(16)} (awsm reads 0x${COMPONENT_VERSION.toString(16)}, the version of wasm-tools 1.2xx)`, at + 4);
  }
}

/** Read section `id` (its reader `s` bounded at the section's end) into `c`. */
function section(s: Reader, id: number, c: Component, depth: number, moduleIndex: number): void {
  const defs = c.defs;
  // Each definition of a vector section, with the offset where it starts.
  const each = (read: (offset: number) => Definition): void => {
    vec(s, () => defs.push(read(s.pos)));
  };
  switch (id) {
    case 0: {
      const name = s.name();
      c.customs.push({ name, pos: s.pos, size: s.end - s.pos });
      s.pos = s.end;
      return;
    }
    case 1: return void defs.push(coreModule(s, moduleIndex));
    case 2: return each((offset) => ({ kind: 'core instance', instance: coreInstance(s), offset }));
    case 3: return each((offset) => ({ kind: 'core type', type: coreType(s, depth), offset }));
    case 4: {
      const offset = s.pos;
      return void defs.push({ kind: 'component', component: component(s, nest(s, depth, offset)), offset });
    }
    case 5: return each((offset) => ({ kind: 'instance', instance: instance(s), offset }));
    case 6: return each((offset) => ({ kind: 'alias', alias: alias(s), offset }));
    case 7: return each((offset) => ({ kind: 'type', type: type(s, depth), offset }));
    case 8: return each((offset) => ({ kind: 'canon', canon: canon(s), offset }));
    case 9: {
      const offset = s.pos;
      const func = s.u32();
      const args = vec(s, () => s.u32());
      return void defs.push({ kind: 'start', start: { func, args, results: s.u32() }, offset });
    }
    case 10: return each((offset) => ({ kind: 'import', import: { name: externName(s), desc: externDesc(s) }, offset }));
    case 11: return each((offset) => ({ kind: 'export', export: exportDef(s), offset }));
    case 12: return unsupported(VALUES, 'value section', s.pos);
  }
}

/** A core module: the module decoder on the section's bytes, its errors moved into the file. */
function coreModule(s: Reader, index: number): Definition {
  const start = s.pos;
  const size = s.end - start;
  try {
    const module = decodeModule(s.bytes.subarray(start, s.end));
    s.pos = s.end;
    return { kind: 'core module', module, start, size, offset: start };
  } catch (e) {
    throw relocate(e, start, `core module ${index}`);
  }
}

function coreInstance(s: Reader): CoreInstanceExpr {
  const at = s.pos;
  switch (s.u8()) {
    case 0x00: {
      const module = s.u32();
      const args = vec(s, () => {
        const name = s.name();
        s.expect(0x12, 'malformed core instantiate argument: it must be an instance');
        return { name, instance: s.u32() };
      });
      return { kind: 'instantiate', module, args };
    }
    case 0x01: return { kind: 'exports', exports: vec(s, () => ({ name: s.name(), sort: coreSort(s), idx: s.u32() })) };
  }
  return s.fail('malformed core instance expression', at);
}

function instance(s: Reader): InstanceExpr {
  const at = s.pos;
  switch (s.u8()) {
    case 0x00: {
      const component = s.u32();
      return { kind: 'instantiate', component, args: vec(s, () => ({ name: s.name(), sort: sort(s), idx: s.u32() })) };
    }
    case 0x01: return { kind: 'exports', exports: vec(s, () => ({ name: externName(s), sort: sort(s), idx: s.u32() })) };
  }
  return s.fail('malformed instance expression', at);
}

function exportDef(s: Reader): Export {
  const name = externName(s);
  const target = { sort: sort(s), idx: s.u32() };
  const at = s.pos;
  switch (s.u8()) {
    case 0x00: return { name, target };
    case 0x01: return { name, target, desc: externDesc(s) };
  }
  return s.fail('malformed export type ascription: expected 0x00 or 0x01', at);
}

// ---- canonical definitions --------------------------------------------------------------------

/** The canon built-ins of later proposals (async, threads), by byte, for their messages. */
const LATER_CANONS = new Map<number, [string, string]>([
  [0x05, [ASYNC, 'task.cancel']],
  [0x06, [ASYNC, 'subtask.cancel']],
  [0x07, [ASYNC, 'resource.drop async']],
  [0x08, [ASYNC, 'backpressure.set']],
  [0x09, [ASYNC, 'task.return']],
  [0x0a, [ASYNC, 'context.get']],
  [0x0b, [ASYNC, 'context.set']],
  [0x0c, [ASYNC, 'thread.yield']],
  [0x0d, [ASYNC, 'subtask.drop']],
  [0x40, ['shared-everything threads', 'thread.spawn_ref']],
  [0x41, ['shared-everything threads', 'thread.spawn_indirect']],
  [0x42, ['shared-everything threads', 'thread.available_parallelism']],
]);

function canon(s: Reader): Canon {
  const at = s.pos;
  const b = s.u8();
  switch (b) {
    case 0x00: {
      s.expect(0x00, 'malformed canon lift: the lifted definition must be a core function');
      const coreFunc = s.u32();
      const opts = canonOpts(s);
      return { kind: 'lift', coreFunc, opts, type: s.u32() };
    }
    case 0x01:
      s.expect(0x00, 'malformed canon lower: the lowered definition must be a function');
      return { kind: 'lower', func: s.u32(), opts: canonOpts(s) };
    case 0x02: return { kind: 'resource.new', resource: s.u32() };
    case 0x03: return { kind: 'resource.drop', resource: s.u32() };
    case 0x04: return { kind: 'resource.rep', resource: s.u32() };
  }
  const later = LATER_CANONS.get(b) ?? (b >= 0x0e && b <= 0x25 ? [ASYNC, `canon 0x${b.toString(16)}`] : undefined);
  if (later !== undefined) throw new UnsupportedError(later[0], `canon ${later[1]}`, { offset: at });
  return s.fail(`malformed canonical function 0x${b.toString(16)}`, at);
}

const ENCODINGS: readonly StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];

function canonOpts(s: Reader): CanonOpt[] {
  return vec(s, (): CanonOpt => {
    const at = s.pos;
    const b = s.u8();
    const encoding = ENCODINGS[b];
    if (encoding !== undefined) return { kind: 'string-encoding', encoding };
    switch (b) {
      case 0x03: return { kind: 'memory', idx: s.u32() };
      case 0x04: return { kind: 'realloc', idx: s.u32() };
      case 0x05: return { kind: 'post-return', idx: s.u32() };
      case 0x06: return unsupported(ASYNC, 'canonical option async', at);
      case 0x07: return unsupported(ASYNC, 'canonical option callback', at);
      case 0x08: case 0x09: return unsupported('garbage collection', 'canonical option gc', at);
    }
    return s.fail(`malformed canonical option 0x${b.toString(16)}`, at);
  });
}
