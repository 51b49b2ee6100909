/**
 * Components given to the command line (issue 20): told from core modules by their layer
 * field (src/component/detect.ts). `awsm compile` and `awsm run` compile them like modules
 * (compile() builds the executable: src/driver/component.ts), with the same options; this
 * file refuses, in one line, the forms and options that do not apply to a component: the
 * aWsm-style bitcode form and --max-threads (wasi-threads is a core-module interface).
 * `--emit` other than exe is refused by compile().
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { layerOf } from '../component/detect.js';
import { AwsmError } from '../errors.js';

/** The first 8 bytes of `path`, or undefined when it cannot be read (the usual I/O error follows). */
function preamble(path: string): Uint8Array | undefined {
  try {
    const fd = openSync(path, 'r');
    try {
      const b = new Uint8Array(8);
      return readSync(fd, b, 0, 8, 0) === 8 ? b : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Whether `path` is a component (false for core modules and unreadable files). */
export function isComponentFile(path: string): boolean {
  const head = preamble(path);
  return head !== undefined && layerOf(head) === 1;
}

/**
 * If `path` is a component: throw the usage error for what does not apply to it (`command`,
 * and `options`, the names of the options given). Returns normally otherwise.
 */
export function refuseForComponent(path: string, command: string, options: readonly string[]): void {
  if (!isComponentFile(path)) return;
  if (command === 'bitcode') throw new AwsmError('usage', `${path} is a component: the aWsm-style form writes bitcode of one module; use awsm compile or awsm run`);
  const bad = options.find((o) => o === 'max-threads');
  if (bad !== undefined) throw new AwsmError('usage', `--${bad} does not apply to a component (wasi-threads is for core modules): ${path}`);
}
