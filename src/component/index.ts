/**
 * The component model in awsm (issue 20; docs/components.md): what the rest of awsm calls.
 * So far components are decoded and validated; compiling and running them is the next step
 * (the instantiation plan, the canonical ABI as fused adapters, the WASI 0.2 host).
 */
import type { Component } from './ast.js';
import { decodeComponent } from './decoder.js';
import type { ComponentType } from './types.js';
import { validateComponent } from './validator.js';
import { UnsupportedError } from '../errors.js';

export { isComponent, layerOf } from './detect.js';
export { decodeComponent } from './decoder.js';
export { validateComponent } from './validator.js';
export type { Component } from './ast.js';
export type { ComponentType } from './types.js';

/** A decoded and validated component, with its type (imports and exports). */
export interface CheckedComponent {
  component: Component;
  type: ComponentType;
}

/** Decode and validate `bytes` as a component; throws DecodeError, ValidationError or UnsupportedError. */
export function checkComponent(bytes: Uint8Array): CheckedComponent {
  const component = decodeComponent(bytes);
  return { component, type: validateComponent(component) };
}

/** One line about a checked component: its core modules, imports and exports. */
export function summarize(c: CheckedComponent): string {
  let modules = 0;
  const count = (x: Component): void => {
    for (const d of x.defs) {
      if (d.kind === 'core module') modules++;
      else if (d.kind === 'component') count(d.component);
    }
  };
  count(c.component);
  const exports = [...c.type.exports.keys()];
  const shown = exports.length <= 3 ? exports.join(', ') : `${exports.slice(0, 3).join(', ')} and ${exports.length - 3} more`;
  return `${modules} core module${modules === 1 ? '' : 's'}, ${c.type.imports.size} import${c.type.imports.size === 1 ? '' : 's'}, exports ${shown || 'nothing'}`;
}

/**
 * The refusal of a component until components compile (issue 20): `bytes` are decoded and
 * validated first (a bad component throws its DecodeError or ValidationError), then an
 * UnsupportedError says who (`awsm run`, `compile()`) cannot do what with it.
 */
export function refuseComponent(bytes: Uint8Array, who: string, what: 'running' | 'compiling'): never {
  const checked = checkComponent(bytes);
  throw new UnsupportedError('components', `${who}: ${what} components is not supported yet, issue 20; this component is valid: ${summarize(checked)}`);
}
