/**
 * The WASI test programs (tests/wasi/NAME.c): the header of each, a comment starting
 * `wasi-test: {JSON}` that says how to run it, and the sandbox fixture of those that touch
 * files (tests/e2e/wasi.test.ts describes both). Shared by the WASI tests on the host and under
 * qemu (tests/e2e/cross.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Header {
  args?: string[];
  env?: Record<string, string>;
  stdin?: string;
  status?: number;
  dirs?: boolean;
  tcplisten?: boolean;
  node?: Record<string, string>;
}

/** The JSON after `wasi-test:` in the first comment, continuation lines without " * ". */
export function parseHeader(source: string, file: string): Header {
  const start = source.indexOf('wasi-test:');
  assert.ok(start >= 0, `${file}: no "wasi-test:" header`);
  const lines: string[] = [];
  for (const line of source.slice(start + 'wasi-test:'.length).split('\n')) {
    const text = line.replace(/^\s*\*(?!\/)\s?/, '');
    if (lines.length > 0 && (text.trim() === '' || /^\s*\*\//.test(line))) break;
    lines.push(text.replace(/\*\/\s*$/, ''));
  }
  try {
    return JSON.parse(lines.join('\n')) as Header;
  } catch (e) {
    throw new Error(`${file}: bad wasi-test header: ${(e as Error).message}`);
  }
}


/** The sandbox fixture under `root` (see the file comment). */
export function fixture(root: string): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'outside', 'dir'), { recursive: true });
  mkdirSync(join(root, 'sandbox', 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(root, 'outside', 'secret.txt'), 'secret\n');
  writeFileSync(join(root, 'sandbox', 'hello.txt'), 'hello, file\n');
  writeFileSync(join(root, 'sandbox', 'sub', 'a.txt'), 'a\n');
  symlinkSync('hello.txt', join(root, 'sandbox', 'link_in'));
  symlinkSync('../outside/secret.txt', join(root, 'sandbox', 'link_out'));
  symlinkSync(join(root, 'outside', 'secret.txt'), join(root, 'sandbox', 'link_abs'));
  symlinkSync('../outside', join(root, 'sandbox', 'dir_out'));
  symlinkSync('..', join(root, 'sandbox', 'sub', 'up'));
  symlinkSync('../..', join(root, 'sandbox', 'sub', 'upup'));
  // Old times outside: with relatime (or strictatime) any read then moves atime.
  const old = new Date('2020-01-01T00:00:00Z');
  utimesSync(join(root, 'outside', 'secret.txt'), old, old);
}
