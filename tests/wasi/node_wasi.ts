/**
 * Runs a WASI program under Node's node:wasi (preview1), the second runtime the WASI tests
 * compare awsm with (tests/e2e/wasi.test.ts). Usage:
 *
 *   node --no-warnings dist/tests/wasi/node_wasi.js CONFIG.json
 *
 * CONFIG: { "wasm": path, "args": [argv0, ...], "env": {...}, "preopens": { guest: host } }.
 * Standard input, output and error are this process's; the exit status is the program's.
 */
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

interface Config {
  wasm: string;
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;
const wasi = new WASI({
  version: 'preview1',
  args: config.args,
  env: config.env,
  preopens: config.preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(config.wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
try {
  process.exitCode = wasi.start(instance);
} catch (e) {
  // A trap: the message on stderr and the status awsm uses for traps.
  process.stderr.write(`node:wasi: trap: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 134;
}
