/**
 * The driver's CommonJS modules (exec.cts, record.cts, which the cached start-up path loads
 * without the ES module loader), for its ES modules. Loaded with require rather than import:
 * importing CommonJS into an ES module makes Node parse it for its export names (with a
 * WebAssembly lexer it compiles on first use), which the full path of a cached `awsm run`
 * would pay on every run.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** exec.cts: starting an executable. */
export const exec = require('./exec.cjs') as typeof import('./exec.cjs');

/** record.cts: run records. */
export const record = require('./record.cjs') as typeof import('./record.cjs');
