/**
 * Telling a component from a core module by its first 8 bytes. Both start with the magic
 * `\0asm`; a core module's 4-byte version (1) reads, split into two 2-byte fields, as version 1
 * and layer 0, a component's as version 0x0d and layer 1 (Binary.md, "Component Definitions").
 * The CLI and the API look here before choosing the module or the component pipeline.
 */

/** The layer of `bytes` (0: core module, 1: component), or undefined if they are not Wasm. */
export function layerOf(bytes: Uint8Array): number | undefined {
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return undefined;
  return (bytes[6] as number) | ((bytes[7] as number) << 8);
}

/** Whether `bytes` start like a component (layer 1), valid or not. */
export function isComponent(bytes: Uint8Array): boolean {
  return layerOf(bytes) === 1;
}
