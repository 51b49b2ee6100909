/**
 * Components given to the command line (issue 20): told from core modules by their layer
 * field (src/component/detect.ts). `awsm compile` and `awsm run` compile them like modules
 * (compile() builds the executable: src/driver/component.ts), with the same options; this
 * file refuses, in one line, the forms and options that do not apply to a component: the
 * aWsm-style bitcode form and --max-threads (wasi-threads is a core-module interface).
 * `--emit` other than exe is refused by compile().
 */
import { isComponent } from '../component/detect.js';
import { fileHead } from '../driver/run.js';
import { AwsmError } from '../errors.js';

/** Whether `path` is a component (false for core modules and unreadable files). */
export function isComponentFile(path: string): boolean {
  const head = fileHead(path, 8);
  return head !== undefined && isComponent(head);
}

/**
 * If `path` is a component: throw the usage error for what does not apply to it (`command`,
 * and whether --max-threads was given). Returns normally otherwise.
 */
export function refuseForComponent(path: string, command: string, maxThreads: boolean): void {
  if (!isComponentFile(path)) return;
  if (command === 'bitcode') throw new AwsmError('usage', `${path} is a component: the aWsm-style form writes bitcode of one module; use awsm compile or awsm run`);
  if (maxThreads) throw new AwsmError('usage', `--max-threads does not apply to a component (wasi-threads is for core modules): ${path}`);
}
