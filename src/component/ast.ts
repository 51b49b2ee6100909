/**
 * The decoded form of a WebAssembly component (the component model's binary format,
 * design/mvp/Binary.md of github.com/WebAssembly/component-model).
 *
 * A component is a sequence of definitions, in the order of its sections: unlike a core
 * module, sections may repeat and come in any order, and every definition adds to an index
 * space that later definitions refer to. So the component keeps one flat list (`defs`), the
 * `flatten(s*)` of the spec's grammar, and the validator walks it once, building the index
 * spaces as it goes. Every definition keeps the byte offset where it starts (in the whole file,
 * also for nested components and core modules) for error messages.
 *
 * Names follow the spec's text format: sorts are `core func` … `core instance`, `func`,
 * `value`, `type`, `component`, `instance`; value types are `bool`, `s8` … `string` or a type
 * index; the type constructors keep their WIT names (record, variant, list, …, own, borrow).
 */
import type { FuncType as CoreFuncType, GlobalType, ImportDesc as CoreImportDesc, Module } from '../binary/module.js';

/** The sorts of core definitions (core:sort; `tag` is exception handling's, 0x04). */
export type CoreSort = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'type' | 'module' | 'instance';

/** The sorts of a component's index spaces: the core ones prefixed with `core `, and its own. */
export type Sort = `core ${CoreSort}` | 'func' | 'value' | 'type' | 'component' | 'instance';

/** A reference into one index space. */
export interface SortIdx {
  sort: Sort;
  idx: number;
}

// ---- core instances and types -----------------------------------------------------------------

/** `with name (instance i)`: a core instance given for the imports of module `name`. */
export interface CoreInstantiateArg {
  name: string;
  /** Index in the core instance space. */
  instance: number;
}

/** An export of a core instance made from exports (`core:inlineexport`). */
export interface CoreInlineExport {
  name: string;
  sort: CoreSort;
  idx: number;
}

export type CoreInstanceExpr =
  | { kind: 'instantiate'; /** Index in the core module space. */ module: number; args: CoreInstantiateArg[] }
  | { kind: 'exports'; exports: CoreInlineExport[] };

/** A declaration of a core module type (`core:moduledecl`). */
export type ModuleDecl =
  | { kind: 'import'; module: string; name: string; desc: CoreImportDesc }
  | { kind: 'type'; type: CoreType }
  | { kind: 'alias'; /** Always `type` in the MVP. */ sort: CoreSort; count: number; idx: number }
  | { kind: 'export'; name: string; desc: CoreImportDesc };

/** A core type: a function type (Wasm 1.0) or a module type. */
export type CoreType = { kind: 'func'; type: CoreFuncType } | { kind: 'module'; decls: ModuleDecl[]; offset: number };

// ---- component value types ----------------------------------------------------------------------

/** The primitive value types, by their text names. */
export type PrimValType = 'bool' | 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64' | 'f32' | 'f64' | 'char' | 'string';

/** A value type: primitive, or the index of a defined value type in the type space. */
export type ValType = PrimValType | number;

/** A labelled value type: a record field, a function parameter. */
export interface LabelValType {
  label: string;
  type: ValType;
}

/** A variant case: its label and its payload type, if any. */
export interface Case {
  label: string;
  type?: ValType;
}

/** The defined value types (defvaltype). */
export type DefValType =
  | { kind: 'prim'; prim: PrimValType }
  | { kind: 'record'; fields: LabelValType[] }
  | { kind: 'variant'; cases: Case[] }
  | { kind: 'list'; elem: ValType }
  | { kind: 'tuple'; types: ValType[] }
  | { kind: 'flags'; labels: string[] }
  | { kind: 'enum'; labels: string[] }
  | { kind: 'option'; type: ValType }
  | { kind: 'result'; ok?: ValType; err?: ValType }
  | { kind: 'own'; /** Index of a resource type. */ resource: number }
  | { kind: 'borrow'; /** Index of a resource type. */ resource: number };

/** A component function type: labelled parameters, at most one result. */
export interface FuncType {
  params: LabelValType[];
  result?: ValType;
}

/** What an import or export brings: a sort and its type (externdesc). */
export type ExternDesc =
  | { kind: 'core module'; /** Index in the core type space (a module type). */ type: number }
  | { kind: 'func'; type: number }
  | { kind: 'value'; type: ValType }
  | { kind: 'type'; bound: TypeBound }
  | { kind: 'component'; type: number }
  | { kind: 'instance'; type: number };

/** The bound of an imported or exported type: equal to a type, or a fresh resource type. */
export type TypeBound = { kind: 'eq'; type: number } | { kind: 'sub resource' };

/** A declaration inside an instance type (instancedecl); component types add imports. */
export type InstanceDecl =
  | { kind: 'core type'; type: CoreType; offset: number }
  | { kind: 'type'; type: Type; offset: number }
  | { kind: 'alias'; alias: Alias; offset: number }
  | { kind: 'export'; name: string; desc: ExternDesc; offset: number };

export type ComponentDecl = InstanceDecl | { kind: 'import'; name: string; desc: ExternDesc; offset: number };

/** A type definition (deftype, plus resourcetype, which only a component may define). */
export type Type =
  | DefValType
  | { kind: 'func'; func: FuncType }
  | { kind: 'component'; decls: ComponentDecl[] }
  | { kind: 'instance'; decls: InstanceDecl[] }
  | { kind: 'resource'; /** The core function that destroys a representation, if any. */ dtor?: number };

// ---- aliases, canon, start, imports, exports ------------------------------------------------------

export type AliasTarget =
  | { kind: 'export'; /** Index in the component instance space. */ instance: number; name: string }
  | { kind: 'core export'; /** Index in the core instance space. */ instance: number; name: string }
  | { kind: 'outer'; /** How many components out (0: this one). */ count: number; idx: number };

export interface Alias {
  sort: Sort;
  target: AliasTarget;
}

/** String encodings of the canonical ABI. */
export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';

/** One canonical option (canonopt), kept as listed so that the validator sees repeats. */
export type CanonOpt =
  | { kind: 'string-encoding'; encoding: StringEncoding }
  | { kind: 'memory'; /** Core memory index. */ idx: number }
  | { kind: 'realloc'; /** Core function index. */ idx: number }
  | { kind: 'post-return'; /** Core function index. */ idx: number };

export type Canon =
  | { kind: 'lift'; /** Core function lifted. */ coreFunc: number; opts: CanonOpt[]; /** Its component function type. */ type: number }
  | { kind: 'lower'; /** Component function lowered. */ func: number; opts: CanonOpt[] }
  | { kind: 'resource.new' | 'resource.drop' | 'resource.rep'; /** Index of a resource type. */ resource: number };

/** The start function (🪙 value definitions: decoded, refused by the validator). */
export interface Start {
  func: number;
  args: number[];
  results: number;
}

export interface Import {
  name: string;
  desc: ExternDesc;
}

export interface Export {
  name: string;
  target: SortIdx;
  /** The type the export is given (a supertype of the definition's), when written. */
  desc?: ExternDesc;
}

/** One definition, in section order, with the offset where it starts. */
export type Definition = { offset: number } & (
  | { kind: 'core module'; module: Module; /** Offset of the module's preamble. */ start: number; size: number }
  | { kind: 'core instance'; instance: CoreInstanceExpr }
  | { kind: 'core type'; type: CoreType }
  | { kind: 'component'; component: Component }
  | { kind: 'instance'; instance: InstanceExpr }
  | { kind: 'alias'; alias: Alias }
  | { kind: 'type'; type: Type }
  | { kind: 'canon'; canon: Canon }
  | { kind: 'start'; start: Start }
  | { kind: 'import'; import: Import }
  | { kind: 'export'; export: Export }
);

export type InstanceExpr =
  | { kind: 'instantiate'; /** Index in the component space. */ component: number; args: Array<{ name: string } & SortIdx> }
  | { kind: 'exports'; exports: Array<{ name: string } & SortIdx> };

/** A custom section of a component (its name and where its contents are). */
export interface ComponentCustom {
  name: string;
  /** Offset of the contents (after the name) in the file. */
  pos: number;
  size: number;
}

export interface Component {
  /** Offset of the preamble (0 for the outermost component). */
  offset: number;
  defs: Definition[];
  customs: ComponentCustom[];
}

/** Core global types appear in module types; re-exported for the validator. */
export type { CoreFuncType, CoreImportDesc, GlobalType };
