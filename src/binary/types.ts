/**
 * The value types of Wasm 2.0, in their own file so that both the opcode table (opcodes.ts)
 * and the decoded module (module.ts, which re-exports them) can name them without importing
 * each other.
 */

/**
 * Number types, the vector type and the reference types of Wasm 2.0, plus `exnref` (Wasm 3.0
 * exception handling: a nullable reference to a caught exception, src/binary/tags.ts).
 */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
export type VecType = 'v128';
export type RefType = 'funcref' | 'externref' | 'exnref';
export type ValType = NumType | VecType | RefType;
