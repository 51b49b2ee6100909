/**
 * Print a component's instantiation plan (src/component/plan.ts): the debug view of what the
 * runtime will execute (issue 20).
 *
 *   node dist/tests/component/info.js COMPONENT.wasm
 */
import { readFileSync } from 'node:fs';
import { checkComponent, summarize } from '../../src/component/index.js';
import { planComponent, showPlan } from '../../src/component/plan.js';
import { AwsmError } from '../../src/errors.js';
import { runAsScript } from '../tools.js';

async function main(argv: readonly string[]): Promise<number> {
  const file = argv[0];
  if (file === undefined || argv.length !== 1) {
    console.error('usage: node dist/tests/component/info.js COMPONENT.wasm');
    return 2;
  }
  try {
    const checked = checkComponent(new Uint8Array(readFileSync(file)));
    process.stdout.write(`${file}: ${summarize(checked)}\n${showPlan(planComponent(checked.component))}`);
    return 0;
  } catch (e) {
    if (!(e instanceof AwsmError)) throw e;
    console.error(`${file}: ${e.message}`);
    return 1;
  }
}

runAsScript(import.meta.url, 'component info', main);
