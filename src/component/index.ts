/**
 * The component model in awsm (issue 20; docs/components.md): what the rest of awsm calls.
 * Components are decoded, validated and planned here (plan.ts); src/driver/component.ts
 * compiles a wasi:cli/command component to an executable.
 */
import type { Component } from './ast.js';
import { decodeComponent } from './decoder.js';
import type { ComponentType } from './types.js';
import { validateComponent } from './validator.js';

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
