// Runs a WASI (preview1) command module in Node's V8, for the benchmark comparison:
//
//   node --no-liftoff --no-concurrent-marking bench/v8-runner.mjs prog.wasm [ARGS...]
//
// --no-liftoff makes V8 compile every function with its optimising compiler (TurboFan) up
// front instead of starting in the baseline tier, so the measurement is of optimised code.
// --no-concurrent-marking avoids a SIGSEGV in Node 20.20 after programs with large memories
// have finished (docs/benchmarks.md); it does not change the generated wasm code.
// The program's stdout/stderr are the process's own file descriptors; the exit status is the
// program's (proc_exit value or main's return value).

// node:wasi prints an ExperimentalWarning on load; drop that one warning (not others) so the
// program's stderr stays clean. The import is dynamic so the filter is installed first.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
});

const { WASI } = await import('node:wasi');
const { readFileSync } = await import('node:fs');
const { basename } = await import('node:path');

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node --no-liftoff --no-concurrent-marking bench/v8-runner.mjs PROG.wasm [ARGS...]\n');
  process.exit(2);
}

const wasi = new WASI({
  version: 'preview1',
  args: [basename(file), ...process.argv.slice(3)],
  env: {},
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
