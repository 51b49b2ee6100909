/**
 * The names of features that error messages give (issue 15: "naming the feature"). Every
 * encoding awsm knows is decoded — Wasm 3.0 (GC's types and instructions: decoder.ts,
 * opcodes.ts; exception handling, also its legacy form: tags.ts) and the threads proposal
 * (atomics and shared memories: opcodes.ts, limits.ts); what the translator cannot compile
 * yet, src/translate/support.ts refuses after validation, naming the feature from here.
 */

/** Garbage collection (issue 17): decoded and validated, not yet compiled. */
export const GC = 'garbage collection';
