/**
 * Components given to `awsm compile`, `awsm run` or the aWsm-style form: told from core
 * modules by their layer field (src/component/detect.ts), decoded and validated (so a bad
 * component gets its one-line decode or validation error), and then refused in one line
 * naming what is missing, until compiling components lands (issue 20, docs/components.md).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { layerOf } from '../component/detect.js';

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

/**
 * If `path` is a component: check it, then throw the UnsupportedError that says what awsm
 * cannot do with it yet. Returns normally for anything else (core modules, unreadable files).
 */
export async function refuseComponent(path: string, command: string): Promise<void> {
  const head = preamble(path);
  if (head === undefined || layerOf(head) !== 1) return;
  // Loaded only for components: `awsm run` of a module keeps its short start-up path.
  const { refuseComponent: refuse } = await import('../component/index.js');
  refuse(new Uint8Array(readFileSync(path)), command === 'bitcode' ? 'awsm' : `awsm ${command}`, command === 'run' ? 'running' : 'compiling');
}
