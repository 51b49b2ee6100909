/**
 * Module-level translation state shared by every function translator: the options, the LLVM
 * module being built, the function index space, signature constants, string constants, and
 * the metadata nodes that generated code attaches (invariant loads, branch weights, TBAA).
 *
 * Nothing here emits function bodies; see function.ts for that and module.ts for the
 * module-level pieces (descriptor, trampolines, init function) built from this state.
 */
import type { FuncType, GlobalType, MemType, Module, TableType } from '../binary/module.js';
import { funcType, funcTypes, globalTypes, memTypes, tableTypes, tagTypes } from '../binary/module.js';
import { escapeBytes, ModuleBuilder, type Ty, type Value } from '../llvm/builder.js';
import { CompileError } from '../errors.js';
import { abiLayout, type AbiLayout, BUFFER_TAIL_SIGNATURE, llvmReturnType, llvmType, sigString, tailSignature, type TailSignature, targetAbi } from './abi.js';
import { mayThrowFunctions } from './unwind.js';

/** Bounds-check strategy for linear memory (docs/abi.md, "Memory"). */
export type BoundsMode = 'guard' | 'explicit' | 'none';

/** Options with every default filled in. */
export interface ResolvedOptions {
  name: string;
  bounds: BoundsMode;
  exe: boolean;
  triple: string;
  versionLoops: boolean;
  volatileAccesses: boolean;
  /** Translate for LLVM -O0 (TranslateOptions.quick). */
  quick: boolean;
}

/**
 * What one partition of a partitioned translation defines (module.ts, translatePartition).
 * Functions are then `hidden` (visible to the other objects of the same link, not beyond),
 * and a function defined elsewhere is declared `hidden` where it is referenced. The
 * signature constants exist once, in the module partition: call_indirect compares their
 * addresses.
 */
export interface PartitionScope {
  /** The funcidxs (function index space) this partition defines; none for the module partition. */
  defines: ReadonlySet<number>;
  /** The module partition: init function, trampolines, descriptor and the signature constants. */
  module: boolean;
}

/** Function attributes of every Wasm function (attribute group #0); see docs/abi.md. */
const WASM_FUNC_ATTRS =
  'nounwind "probe-stack"="inline-asm" "disable-tail-calls"="true" "frame-pointer"="none" "no-builtins"';

/**
 * ModuleContext.tailcc of each module, computed once: every partition's context needs it, and
 * the scan reads every instruction of the module (32 partitions of a 5 MB module scanned it 32
 * times, about 0.5 CPU s).
 */
const TAILCC = new WeakMap<Module, ReadonlySet<number>>();

/** The tail-call instructions: a function that makes one is `tailcc`. */
const TAIL_CALLS = new Set(['return_call', 'return_call_indirect', 'return_call_ref']);

/** The defined functions (funcidx) that are `tailcc` (ModuleContext.tailcc), memoised per module. */
function tailccFunctions(m: Module, numImportedFuncs: number): ReadonlySet<number> {
  const known = TAILCC.get(m);
  if (known !== undefined) return known;
  const tailcc = new Set<number>();
  m.funcs.forEach((fn, i) => {
    const funcidx = numImportedFuncs + i;
    if (fn.body.some((ins) => TAIL_CALLS.has(ins.op.name))) tailcc.add(funcidx);
  });
  TAILCC.set(m, tailcc);
  return tailcc;
}

/** ModuleContext.tailSlots of each module, computed once (as TAILCC). */
const TAIL_SLOTS = new WeakMap<Module, number>();

/**
 * The slots of a tail buffer (tail-buffer.ts) that every function of `m` in `tailcc` can work
 * in: the most parameters or results of any of them, and the most parameters of any type they
 * tail-call (an import's, return_call_indirect's, return_call_ref's), whose arguments they
 * store in their own buffer.
 */
function tailBufferSlots(m: Module, tailcc: ReadonlySet<number>, types: readonly FuncType[], numImportedFuncs: number): number {
  const known = TAIL_SLOTS.get(m);
  if (known !== undefined) return known;
  let slots = 0;
  for (const funcidx of tailcc) {
    const ft = types[funcidx]!;
    slots = Math.max(slots, ft.params.length, ft.results.length);
    for (const ins of m.funcs[funcidx - numImportedFuncs]!.body) {
      if (!TAIL_CALLS.has(ins.op.name)) continue;
      const callee = ins.op.name === 'return_call' ? types[ins.idx!] : funcType(m, ins.idx!);
      slots = Math.max(slots, callee?.params.length ?? 0);
    }
  }
  TAIL_SLOTS.set(m, slots);
  return slots;
}

export class ModuleContext {
  /** The validated module being translated. */
  readonly m: Module;
  readonly opts: ResolvedOptions;
  /** The LLVM module under construction. */
  readonly mb: ModuleBuilder;
  /** Where the runtime's structures keep what generated code reads, for the target's pointer size. */
  readonly abi: AbiLayout;
  /**
   * The attribute of an i32 argument passed to C code (host functions, runtime helpers):
   * `signext` on riscv64, whose psABI has 32-bit integers, signed or not, sign-extended to 64
   * bits in registers, which a C callee relies on; '' elsewhere (docs/abi.md, "Targets").
   */
  readonly i32Ext: string;
  /** Number of imported functions: defined function i has funcidx numImportedFuncs + i. */
  readonly numImportedFuncs: number;
  /** The type of every function in the function index space. */
  readonly funcTypes: FuncType[];
  /** Every global's type in the global index space. */
  readonly globals: GlobalType[];
  /** Every table's type in the table index space. */
  readonly tables: TableType[];
  /** Every memory's type in the memory index space (imports first); env.ts describes them. */
  readonly memories: MemType[];
  /** Every tag's type in the tag index space (imports first): the payload's types. */
  readonly tags: FuncType[];
  /** `!{}`: the operand of `!invariant.load`. */
  readonly mdEmpty: string;
  /** `!prof` branch weights for a branch whose true side (a trap) is almost never taken. */
  readonly mdUnlikely: string;
  /** `!prof` branch weights for a branch whose true side is almost always taken. */
  readonly mdLikely: string;
  /** The register name operand of `llvm.read_register` (`!{!"rsp"}` on x86-64, `!{!"sp"}` on AArch64, RISC-V and ARM). */
  readonly mdStackReg: string;
  /**
   * TBAA access tags, one type per disjoint kind of storage, under a root of our own: linear
   * memory never aliases instance fields, global cells or table arrays, so stores to linear
   * memory do not force reloads of ctx fields (memory size in explicit mode, table arrays…).
   */
  readonly tbaa: { memory: string; ctx: string; global: string; table: string };
  /**
   * The same tags as attachments (`!tbaa !N`), and `!prof` of mdUnlikely: made once, not at
   * each memory access, global access and trap check.
   */
  readonly tbaaMd: { memory: string; ctx: string; global: string; table: string };
  readonly profUnlikely: string;
  /** The TBAA root the tags above hang from (tbaaGc adds its own on first use). */
  private readonly tbaaRoot: string;
  /** GC objects' TBAA tags (tbaaGc), made on first use so that other modules' metadata stays as it was. */
  private gcTags?: { field: string; length: string };
  /** Attribute group of Wasm functions. */
  readonly funcAttrs = '#0';
  /**
   * The functions (funcidx) that may throw (unwind.ts): not `nounwind` (attribute group #1),
   * so that the unwinder passes through them.
   */
  readonly mayThrow: ReadonlySet<number>;

  /**
   * Function type (the type section's own object) → its type index: a signature string names
   * the type's identity when it is not plain (abi.ts sigString).
   */
  private readonly typeIndex = new Map<FuncType, number>();
  /** Signature string → index k of `@<name>_sig<k>` (and `@<name>_tramp<k>`). */
  private readonly sigs = new Map<string, number>();
  /** A representative function type per signature index. */
  readonly sigTypes: FuncType[] = [];
  /** String constant contents → global name (identical strings share one constant). */
  private readonly strings = new Map<string, string>();
  /** The partition being translated; undefined for a whole module (everything `internal`). */
  readonly partition: PartitionScope | undefined;
  /** Functions defined in another partition and declared in this one. */
  private readonly external = new Set<number>();
  /** Entry wrappers (entrySymbol) defined in another partition and declared in this one. */
  private readonly externalEntries = new Set<number>();
  /**
   * The defined functions (funcidx) that make tail calls (return_call, return_call_indirect, return_call_ref):
   * they are `tailcc` (with a result buffer beyond two results: env.ts, tailSignature), and
   * C-convention entry wrappers are their code pointers (docs/abi.md, "Tail calls"). Every
   * other function, and a module without tail calls, is translated exactly as before.
   */
  readonly tailcc: ReadonlySet<number>;
  /**
   * On a target without `tailcc` (TargetAbi.tailBuffer: riscv64), the slots of the tail buffer
   * this module's `tailcc` functions need (tailBufferSlots; tail-buffer.ts); undefined on
   * every other target and in a module without tail calls.
   */
  readonly tailSlots: number | undefined;

  constructor(m: Module, opts: ResolvedOptions, partition?: PartitionScope) {
    this.m = m;
    this.opts = opts;
    this.partition = partition;
    const target = targetAbi(opts.triple);
    if (target === undefined) throw new CompileError(`unsupported target '${opts.triple}'`);
    this.mb = new ModuleBuilder(opts.triple, target.dataLayout);
    this.abi = abiLayout(target.pointerSize);
    this.i32Ext = opts.triple.startsWith('riscv64') ? 'signext' : '';
    this.numImportedFuncs = m.imports.filter((i) => i.desc.kind === 'func').length;
    this.funcTypes = funcTypes(m).map((ft, i) => {
      if (ft === undefined) throw new CompileError(`function ${i} has no type`);
      return ft;
    });
    this.globals = globalTypes(m);
    this.tables = tableTypes(m);
    this.memories = memTypes(m);
    this.tags = tagTypes(m).map((tg, i) => {
      const ft = funcType(m, tg.typeidx);
      if (ft === undefined) throw new CompileError(`tag ${i} has no type`);
      return ft;
    });
    this.tailcc = tailccFunctions(m, this.numImportedFuncs);
    this.tailSlots = target.tailBuffer && this.tailcc.size > 0 ? tailBufferSlots(m, this.tailcc, this.funcTypes, this.numImportedFuncs) : undefined;
    this.mayThrow = mayThrowFunctions(m);

    this.mb.attributes(0, WASM_FUNC_ATTRS);
    if (this.mayThrow.size > 0) this.mb.attributes(1, WASM_FUNC_ATTRS.replace('nounwind ', ''));
    this.mdEmpty = this.mb.md('!{}');
    this.mdUnlikely = this.mb.md('!{!"branch_weights", i32 1, i32 1048575}');
    this.mdLikely = this.mb.md('!{!"branch_weights", i32 1048575, i32 1}');
    this.mdStackReg = this.mb.md(`!{!"${opts.triple.startsWith('x86_64') ? 'rsp' : 'sp'}"}`);
    this.tbaaRoot = this.mb.md('!{!"awsm tbaa"}');
    const tag = (what: string): string => this.tbaaTag(what);
    this.tbaa = { memory: tag('wasm memory'), ctx: tag('awsm instance'), global: tag('wasm global'), table: tag('wasm table') };
    const b = this.tbaa;
    this.tbaaMd = { memory: `!tbaa ${b.memory}`, ctx: `!tbaa ${b.ctx}`, global: `!tbaa ${b.global}`, table: `!tbaa ${b.table}` };
    this.profUnlikely = `!prof ${this.mdUnlikely}`;
    this.mb.declare('@awsm_trap', 'void', this.cParams(['ptr', 'i32', 'i32']), 'noreturn nounwind cold');

    // Signature constants, one per distinct signature string (structurally equal types share).
    m.types.forEach((st, i) => {
      if (st.comp.kind === 'func') this.typeIndex.set(st.comp, i);
    });
    for (const st of m.types) if (st.comp.kind === 'func') this.sigIndex(st.comp);
  }

  /** Prefix every symbol of this module carries. */
  get name(): string {
    return this.opts.name;
  }

  /**
   * The LLVM symbol of defined or imported function `funcidx` (only defined ones exist). In a
   * partition, a defined function of another partition is declared on first reference:
   *
   *   declare hidden i32 @m_f7(ptr, i32) nounwind
   */
  funcSymbol(funcidx: number): string {
    const sym = `@${this.name}_f${funcidx}`;
    const p = this.partition;
    if (p !== undefined && funcidx >= this.numImportedFuncs && !p.defines.has(funcidx) && !this.external.has(funcidx)) {
      this.external.add(funcidx);
      const ft = this.funcTypes[funcidx]!;
      const sig = this.tailcc.has(funcidx) ? this.tailSignature(ft) : { ret: llvmReturnType(ft), params: ft.params.map(llvmType) };
      // The linkage and calling convention ride in front of the return type: `declare hidden i32 …`.
      this.mb.declare(sym, `hidden ${this.ccOf(funcidx)}${sig.ret}`, ['ptr', ...sig.params], this.mayThrow.has(funcidx) ? '' : 'nounwind');
    }
    return sym;
  }

  /** The module has tail calls (then with `@m_tails`). */
  get tailCalls(): boolean {
    return this.tailcc.size > 0;
  }

  /** The type of tag `tagidx` (its payload: the parameters). */
  tagType(tagidx: number): FuncType {
    const ft = this.tags[tagidx];
    if (ft === undefined) throw new CompileError(`unknown tag ${tagidx}`);
    return ft;
  }

  /** The attribute group of defined function `funcidx`: #1 (may unwind) or #0 (nounwind). */
  attrsOf(funcidx: number): string {
    return this.mayThrow.has(funcidx) ? '#1' : this.funcAttrs;
  }

  /**
   * The calling convention of defined function `funcidx`, as written before a type: `tailcc `
   * or '' (C's; also for a `tailcc` function with a tail buffer, tail-buffer.ts).
   */
  ccOf(funcidx: number): string {
    return this.tailcc.has(funcidx) && this.tailSlots === undefined ? 'tailcc ' : '';
  }

  /** The LLVM signature after ctx of a `tailcc` function of type `ft` on this target (abi.ts). */
  tailSignature(ft: FuncType): TailSignature {
    return this.tailSlots === undefined ? tailSignature(ft, this.abi.pointerSize) : BUFFER_TAIL_SIGNATURE;
  }

  /**
   * The C-convention entry of defined function `funcidx`, its code pointer in the descriptor
   * (so function objects, tables, imports and the trampolines stay C-convention): the function
   * itself, or for a `tailcc` function its wrapper `@m_c<funcidx>` (call.ts, emitEntry).
   */
  entrySymbol(funcidx: number): string {
    if (!this.tailcc.has(funcidx)) return this.funcSymbol(funcidx);
    const sym = `@${this.name}_c${funcidx}`;
    const p = this.partition;
    if (p !== undefined && !p.defines.has(funcidx) && !this.externalEntries.has(funcidx)) {
      this.externalEntries.add(funcidx);
      const ft = this.funcTypes[funcidx]!;
      this.mb.declare(sym, `hidden ${llvmReturnType(ft)}`, ['ptr', ...ft.params.map(llvmType)], this.mayThrow.has(funcidx) ? '' : 'nounwind');
    }
    return sym;
  }

  /**
   * Define `@m_tails`: per defined function (funcidx minus the imports) its `tailcc` code, or
   * null for a C-convention function. The descriptor points to it (awsm_module_desc.tails),
   * and the runtime copies each entry into the function object (awsm_func.tail), where
   * return_call of an import and return_call_indirect find it. In the module partition, with
   * the descriptor.
   */
  defineTails(): void {
    const n = this.m.funcs.length;
    const items = this.m.funcs.map((_, i) => {
      const funcidx = this.numImportedFuncs + i;
      return this.tailcc.has(funcidx) ? `ptr ${this.funcSymbol(funcidx)}` : 'ptr null';
    }).join(', ');
    this.mb.global(`@${this.name}_tails = private unnamed_addr constant [${n} x ptr] [${items}]`);
  }

  /** The linkage of defined functions: `internal` in a whole module, `hidden` across partitions. */
  get funcLinkage(): string {
    return this.partition === undefined ? 'internal' : 'hidden';
  }

  /** The signature constant index of `ft`, creating `@<name>_sig<k>` the first time. */
  sigIndex(ft: FuncType): number {
    const s = sigString(ft, this.m.types, this.typeIndex.get(ft));
    let k = this.sigs.get(s);
    if (k === undefined) {
      k = this.sigTypes.length;
      this.sigs.set(s, k);
      this.sigTypes.push(ft);
      const bytes = new TextEncoder().encode(s + '\0');
      const sym = `@${this.name}_sig${k}`;
      const ty = `[${bytes.length} x i8]`;
      if (this.partition === undefined) this.mb.global(`${sym} = private unnamed_addr constant ${ty} c"${escapeBytes(bytes)}"`);
      else if (this.partition.module) this.mb.global(`${sym} = hidden constant ${ty} c"${escapeBytes(bytes)}"`);
      else this.mb.global(`${sym} = external hidden constant ${ty}`);
    }
    return k;
  }

  /** The signature constant of `ft` as a pointer value. */
  sigPtr(ft: FuncType): Value {
    return { ty: 'ptr', ref: `@${this.name}_sig${this.sigIndex(ft)}` };
  }

  /**
   * A private constant holding `bytes` plus a terminating NUL (for C's convenience; users of
   * names always take the length too), shared between identical strings.
   */
  stringConst(bytes: Uint8Array): Value {
    const body = escapeBytes(bytes) + '\\00';
    let g = this.strings.get(body);
    if (g === undefined) {
      g = `@${this.name}_str${this.strings.size}`;
      this.strings.set(body, g);
      this.mb.global(`${g} = private unnamed_addr constant [${bytes.length + 1} x i8] c"${body}"`);
    }
    return { ty: 'ptr', ref: g };
  }

  /** Declare an external function or intrinsic once. */
  declare(name: string, retTy: Ty, params: Ty[], attrs = 'nounwind'): void {
    this.mb.declare(name, retTy, params, attrs);
  }

  /** The parameter types of a C function's declaration: each i32 with i32Ext. */
  cParams(params: readonly Ty[]): Ty[] {
    return this.i32Ext === '' ? [...params] : params.map((p) => (p === 'i32' ? `i32 ${this.i32Ext}` : p));
  }

  /** The arguments of a call to C code through a pointer: each i32 with i32Ext (a call-site attribute). */
  cArgs(args: readonly Value[]): Value[] {
    return this.i32Ext === '' ? [...args] : args.map((a) => (a.ty === 'i32' ? { ty: `i32 ${this.i32Ext}`, ref: a.ref } : a));
  }

  /** A TBAA access tag of a type of its own under the root: disjoint from every other tag. */
  private tbaaTag(what: string): string {
    const ty = this.mb.md(`!{!"${what}", ${this.tbaaRoot}, i64 0}`);
    return this.mb.md(`!{${ty}, ${ty}, i64 0}`);
  }

  /**
   * TBAA tags of GC objects (gc.ts): struct fields and array elements, and array lengths
   * (written only by the runtime at allocation), apart from linear memory, globals, tables,
   * the instance and each other.
   */
  get tbaaGc(): { field: string; length: string } {
    this.gcTags ??= { field: this.tbaaTag('gc field'), length: this.tbaaTag('gc array length') };
    return this.gcTags;
  }

  /** Metadata for an invariant load of an instance field (ctx->funcs, ctx->globals…). */
  get invariantCtx(): string {
    return (this.invariantCtxMd ??= `${this.tbaaMd.ctx}, !invariant.load ${this.mdEmpty}`);
  }
  /** invariantCtx, made on first use. */
  private invariantCtxMd: string | undefined;
}

/**
 * A name-section name as a printable C string: control characters, DEL and backslash become
 * \xNN escapes (so a NUL cannot cut it short and a terminal cannot be driven by it); other
 * UTF-8 passes through.
 */
export function printableName(name: string): Uint8Array {
  const escaped = name.replace(/[\x00-\x1f\x7f\\]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return new TextEncoder().encode(escaped);
}
