/**
 * Unit tests of fileHash (src/driver/stamps.ts): a file's sha256 memoised by its stamp. The
 * memo must never hand back the hash of contents the file no longer has: any write (even one
 * that restores the size and the modification time) brings a re-hash, a file that has not
 * settled is not memoised, and a memo that cannot be written just means hashing each time.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileHash } from '../../src/driver/stamps.js';

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'awsm-stamps-test-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new file `name` holding `text`, with a round modification time; and a memo directory for it. */
function setup(name: string, text: string): { file: string; memo: string } {
  const file = join(work, `${name}.bin`);
  const memo = join(work, `${name}.memo`);
  writeFileSync(file, text);
  utimesSync(file, 1_700_000_000, 1_700_000_000);
  mkdirSync(memo);
  return { file, memo };
}

/** The memo file of `file` in `memo`. */
function memoOf(file: string, memo: string): string {
  const st = statSync(file, { bigint: true });
  return join(memo, `${st.dev}-${st.ino}.json`);
}

/** Let the coarse file-system clock tick, so that a write gets a new ctime. */
function tick(): Promise<void> {
  return new Promise((r) => setTimeout(r, 30));
}

test('fileHash gives the size and sha256 of the contents', () => {
  const { file, memo } = setup('plain', 'hello, stamps\n');
  assert.deepEqual(fileHash(file, memo), { size: 14, sha256: sha256('hello, stamps\n') });
  assert.deepEqual(fileHash(file, undefined), { size: 14, sha256: sha256('hello, stamps\n') });
});

test('a file that has not settled is hashed each time, never memoised', () => {
  const { file, memo } = setup('fresh', 'just written');
  fileHash(file, memo); // default SETTLED_NS: its ctime is now
  assert.deepEqual(readdirSync(memo), []);
});

test('a settled file is memoised, and the memo is what a second call returns', () => {
  const { file, memo } = setup('settled', 'settled contents');
  fileHash(file, memo, 0n);
  const path = memoOf(file, memo);
  assert.ok(existsSync(path), 'memo written');
  // Proof that the memo is used: a doctored memo's hash comes back while the stamp holds.
  const m = JSON.parse(readFileSync(path, 'utf8')) as { sha256: string };
  writeFileSync(path, JSON.stringify({ ...m, sha256: 'f'.repeat(64) }));
  assert.equal(fileHash(file, memo, 0n).sha256, 'f'.repeat(64));
});

test('a write that keeps the size and restores the modification time is still seen (ctime)', async () => {
  const { file, memo } = setup('rewritten', 'contents one');
  const first = fileHash(file, memo, 0n);
  assert.ok(existsSync(memoOf(file, memo)));
  await tick();
  writeFileSync(file, 'contents two'); // same size
  utimesSync(file, 1_700_000_000, 1_700_000_000); // same mtime as when memoised
  const second = fileHash(file, memo, 0n);
  assert.notEqual(second.sha256, first.sha256);
  assert.equal(second.sha256, sha256('contents two'));
});

test('a file replaced by another (a new inode) is hashed afresh', async () => {
  const { file, memo } = setup('replaced', 'old');
  fileHash(file, memo, 0n);
  await tick();
  rmSync(file);
  writeFileSync(file, 'new');
  utimesSync(file, 1_700_000_000, 1_700_000_000);
  assert.equal(fileHash(file, memo, 0n).sha256, sha256('new'));
});

test('a memo directory that cannot be made is no error: the file is hashed', () => {
  const { file } = setup('nomemo', 'x');
  const under = join(work, 'nomemo.bin', 'memo'); // under a regular file
  assert.equal(fileHash(file, under, 0n).sha256, sha256('x'));
  assert.equal(fileHash(file, join(work, 'absent', 'memo'), 0n).sha256, sha256('x'));
});

test('a missing file throws the file system error', () => {
  assert.throws(() => fileHash(join(work, 'no-such-file'), undefined), { code: 'ENOENT' });
});
