/**
 * The spec host (tests/spec/host.c): building it once into the cache, and talking to one
 * host process per script over the line protocol of docs/spec-harness.md.
 *
 * Requests are pipelined: all of a script's requests are written at once and the replies
 * read in order, since no request depends on an earlier reply. If the host dies or the
 * deadline passes, every request without a reply gets the same explanation.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/driver/cache.js';
import { type TargetInfo, runCommand } from '../../src/driver/targets.js';
import { buildRuntimeHost } from '../tools.js';

/** The host's source. */
export const hostSource = join(packageRoot, 'tests', 'spec', 'host.c');

/**
 * The host executable for the current host.c and runtime, for `target` (default: this
 * machine; another is cross-compiled and run under qemu), built on first use, cached:
 * CACHE/spec/host-KEY.
 */
export function buildHost(target?: TargetInfo): Promise<string> {
  if (!existsSync(hostSource)) return Promise.reject(new Error(`${hostSource} not found: the spec host is missing`));
  return buildRuntimeHost(hostSource, 'spec', 'host', target);
}

/** The reply to one request, or why there is none. */
export type Reply = { line: string } | { missing: string };

/**
 * Start `host` (for `target`: under qemu when it is another machine's, on a CPU that runs code
 * for `cpu`), send `load lib` then
 * `requests`, and collect one reply per request (the `load` reply first). Resolves when the
 * host exits or the deadline passes.
 */
export function converse(host: string, lib: string, requests: readonly string[], timeoutMs: number, target?: TargetInfo, cpu?: string): Promise<Reply[]> {
  return new Promise((resolve) => {
    const run = target === undefined ? { cmd: host, args: [] } : runCommand(target, host, [], cpu);
    const child = spawn(run.cmd, run.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    let stderrTail = '';
    let timedOut = false;
    const expected = requests.length + 1;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    child.stdin.on('error', () => {}); // the host died: its exit status explains it
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    const finish = (why: string): void => {
      clearTimeout(timer);
      const replies: Reply[] = [];
      for (let i = 0; i < expected; i++) replies.push(i < lines.length ? { line: lines[i]! } : { missing: why });
      resolve(replies);
    };
    child.on('error', (e) => finish(`cannot start the host: ${e.message}`));
    child.on('close', (code, signal) => {
      if (lines.length >= expected) return finish('');
      const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
      const how = timedOut
        ? `timed out (the per-script limit is ${timeoutMs / 1000} s)`
        : `the host ${signal !== null ? `was killed by ${signal}` : `exited with status ${code}`}`;
      finish(`${how} before replying${tail === '' ? '' : ` (stderr: ${tail})`}`);
    });

    child.stdin.write(`load ${lib}\n` + requests.map((r) => r + '\n').join('') + 'quit\n');
    child.stdin.end();
  });
}
