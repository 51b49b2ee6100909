/**
 * Running one converted .wast script: every command becomes an outcome (passed, failed,
 * skipped with a reason), in three phases:
 *
 *   1. in-process: assert_malformed / assert_invalid against the decoder and validator, and
 *      decode + validate + translate of every module the script instantiates (module,
 *      assert_unlinkable, assert_uninstantiable), as m<k>;
 *   2. clang: one object per module (through the shared pool, cached by IR hash), linked
 *      into one shared library per script (cached by the objects' hashes);
 *   3. the host: one process per script, fed every remaining command as protocol requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModule } from '../../src/binary/decoder.js';
import { sha256 } from '../../src/driver/cache.js';
import { cachedFile } from '../../src/driver/entry.js';
import type { BoundsMode } from '../../src/driver/compile.js';
import { type OptLevel, cpuCacheKey, emitFromIR, linkShared, resolveCpu } from '../../src/driver/native.js';
import { irHasVersionedLoops, pipelineFor } from '../../src/driver/pipeline.js';
import { toolchainId } from '../../src/driver/tools.js';
import { AwsmError, DecodeError, ValidationError } from '../../src/errors.js';
import { translateModule } from '../../src/translate/module.js';
import { validateModule } from '../../src/validate/validator.js';
import { type Reply, buildHost, converse } from './host.js';
import type { Pool } from '../../src/driver/pool.js';
import { checkResults, encodeArg } from './values.js';
import type { WastAction, WastCommand, WastScript } from './wast.js';

/** What happened to one command. */
export interface Outcome {
  line: number;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  message?: string;
  /**
   * True for assertion commands (`assert_*`). The totals count assertions, as the suite's own
   * figures do; a module, `register` or `action` step is counted only when it fails.
   */
  assertion?: boolean;
}

/** Settings shared by every script of a run. */
export interface ScriptSettings {
  pool: Pool;
  optLevel: OptLevel;
  bounds?: BoundsMode;
  timeoutMs: number;
  /** Commands to skip: line → reason (from tests/spec/skip.txt). */
  skipLines: ReadonlyMap<number, string>;
}

/** A request for the host and how to judge its reply (undefined = passed, else why not). */
interface Step {
  /** Index of the command in the script. */
  index: number;
  line: number;
  /** The instance the request is about. */
  inst: number;
  request: string;
  judge: (reply: string) => string | undefined;
}

const SKIP_TEXT = 'text format: awsm reads only the binary format';
/** The assertions whose module may be in the text format (`module quote`): skipped with SKIP_TEXT. */
const TEXT_MODULE_ASSERTIONS = new Set(['assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_uninstantiable']);

function hexName(name: string): string {
  return name === '' ? '-' : Buffer.from(name, 'utf8').toString('hex');
}

/** The first word of a reply and the rest. */
function splitReply(reply: string): [string, string] {
  const sp = reply.indexOf(' ');
  return sp < 0 ? [reply, ''] : [reply.slice(0, sp), reply.slice(sp + 1)];
}

/**
 * A trap message matches the expected text when one is a prefix of the other, ignoring the
 * runtime's " in function …" suffix. Why both directions: the reference interpreter adds
 * detail the runtime does not ("uninitialized element 2"), and the runtime adds where.
 */
function trapMatches(message: string, expected: string): boolean {
  const kind = message.replace(/ in function .*$/, '');
  return message.startsWith(expected) || (kind.length > 0 && expected.startsWith(kind + ' '));
}

function expectTrap(expected: string): (reply: string) => string | undefined {
  return (reply) => {
    const [word, rest] = splitReply(reply);
    if (word !== 'trap') return `expected trap "${expected}", got: ${reply}`;
    return trapMatches(rest, expected) ? undefined : `expected trap "${expected}", got trap "${rest}"`;
  };
}

function expectOk(what: string): (reply: string) => string | undefined {
  return (reply) => (splitReply(reply)[0] === 'ok' ? undefined : `${what}: ${reply}`);
}

function describeError(e: unknown): string {
  if (e instanceof AwsmError) return `${e.name}: ${e.message}`;
  // Not an AwsmError: the compiler crashed, which no input may make it do.
  return `compiler crashed (not an AwsmError): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/** assert_malformed / assert_invalid, in-process. */
function checkRejected(bytes: Uint8Array, cmd: WastCommand): string | undefined {
  const malformed = cmd.type === 'assert_malformed';
  let module;
  try {
    module = decodeModule(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return malformed ? undefined : `expected invalid ("${cmd.text}"), but decoding failed: ${e.message}`;
    return describeError(e);
  }
  if (malformed) {
    // Some decoders defer a check to validation; the spec calls these malformed all the same.
    try {
      validateModule(module);
    } catch (e) {
      if (e instanceof ValidationError) return `expected malformed ("${cmd.text}"), got ValidationError: ${e.message}`;
      return describeError(e);
    }
    return `expected malformed ("${cmd.text}"), but the module decoded and validated`;
  }
  try {
    validateModule(module);
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    return describeError(e);
  }
  return `expected invalid ("${cmd.text}"), but the module validated`;
}

/** Object file for one module's IR, through the cache and the clang pool. */
async function objectFor(ir: string, s: ScriptSettings): Promise<{ path: string; key: string }> {
  // The default CPU (-march) is part of the key: objects built for another CPU are stale. So is
  // the LLVM pipeline pipeline.ts chooses (its flags change with awsm, and AWSM_LEAN_MIN_SIZE=0
  // forces the lean one on these small modules).
  const pipeline = JSON.stringify(pipelineFor({ optLevel: s.optLevel, moduleSize: 0, hasVersionedLoops: irHasVersionedLoops(ir) }));
  const key = sha256(ir, `obj ${pipeline}`, cpuCacheKey(resolveCpu({})), toolchainId());
  const { path } = await cachedFile(['spec', 'obj', key.slice(0, 2)], key, '.o', () => (tmp) =>
    s.pool.run(() => emitFromIR(ir, 'obj', tmp, { optLevel: s.optLevel })));
  return { path, key };
}

/** One shared library for a script's objects, cached by their keys. */
async function libraryFor(objects: ReadonlyArray<{ path: string; key: string }>, s: ScriptSettings): Promise<string> {
  const key = sha256(...objects.map((o) => o.key), toolchainId());
  const { path } = await cachedFile(['spec', 'lib'], key.slice(0, 32), '.so', () => (tmp) =>
    s.pool.run(() => linkShared(objects.map((o) => o.path), tmp)));
  return path;
}

/** Run one script; one outcome per command, in script order. */
export async function runScript(script: WastScript, s: ScriptSettings): Promise<Outcome[]> {
  const outcomes = new Map<number, Outcome>(); // by command index
  const steps: Step[] = [];
  const compiles: Array<{ k: number; ir: string }> = [];
  /** Instances that cannot exist (their module failed to compile), with the reason. */
  const broken = new Map<number, string>();
  const named = new Map<string, number>();
  let current: number | undefined;
  let nextModule = 0;

  const instanceOf = (moduleName: string | undefined): number | undefined =>
    moduleName === undefined ? current : named.get(moduleName);

  /** Compile the command's module as m<k>; false (with the command failed) if it did not. */
  const prepareModule = (cmd: WastCommand, index: number, k: number): boolean => {
    try {
      const module = decodeModule(readFileSync(join(script.dir, cmd.filename!)));
      validateModule(module);
      // -O0 is the quick tier's code: no loop versioning, as compile.ts plans it.
      const versionLoops = s.optLevel !== 0;
      compiles.push({ k, ir: translateModule(module, { name: `m${k}`, versionLoops, ...(s.bounds ? { bounds: s.bounds } : {}) }) });
      return true;
    } catch (e) {
      const why = describeError(e);
      broken.set(k, `module m${k} (line ${cmd.line}) did not compile: ${why}`);
      outcomes.set(index, { line: cmd.line, status: 'failed', message: why });
      return false;
    }
  };

  const actionStep = (a: WastAction, line: number, index: number, judge: Step['judge']): void => {
    const inst = instanceOf(a.module);
    if (inst === undefined) {
      outcomes.set(index, { line, status: 'failed', message: `no module ${a.module ?? '(current)'} to act on` });
      return;
    }
    const reason = broken.get(inst);
    if (reason !== undefined) {
      outcomes.set(index, { line, status: 'failed', message: reason });
      return;
    }
    let request: string;
    try {
      request =
        a.type === 'get'
          ? `get ${inst} ${hexName(a.field)}`
          : [`invoke ${inst} ${hexName(a.field)}`, ...(a.args ?? []).map(encodeArg)].join(' ');
    } catch (e) {
      outcomes.set(index, { line, status: 'skipped', message: `cannot encode the arguments: ${(e as Error).message}` });
      return;
    }
    steps.push({ index, line, inst, request, judge });
  };

  script.commands.forEach((cmd, index) => {
    const line = cmd.line;
    const skipReason = s.skipLines.get(line);
    if (skipReason !== undefined) {
      outcomes.set(index, { line, status: 'skipped', message: skipReason });
      return;
    }
    const what = (a: WastAction): string => `${a.type} "${a.field}"`;
    if (cmd.module_type === 'text' && TEXT_MODULE_ASSERTIONS.has(cmd.type)) {
      outcomes.set(index, { line, status: 'skipped', message: SKIP_TEXT });
      return;
    }
    switch (cmd.type) {
      case 'module': {
        const k = nextModule++;
        current = k;
        if (cmd.name !== undefined) named.set(cmd.name, k);
        if (!prepareModule(cmd, index, k)) return;
        steps.push({ index, line, inst: k, request: `instantiate ${k} m${k}`, judge: expectOk('instantiation failed') });
        return;
      }
      case 'assert_malformed':
      case 'assert_invalid': {
        const failure = checkRejected(readFileSync(join(script.dir, cmd.filename!)), cmd);
        outcomes.set(index, failure === undefined ? { line, status: 'passed' } : { line, status: 'failed', message: failure });
        return;
      }
      case 'assert_unlinkable':
      case 'assert_uninstantiable': {
        const k = nextModule++;
        if (!prepareModule(cmd, index, k)) return;
        const judge =
          cmd.type === 'assert_unlinkable'
            ? (reply: string) => (splitReply(reply)[0] === 'unlinkable' ? undefined : `expected unlinkable ("${cmd.text}"), got: ${reply}`)
            : expectTrap(cmd.text ?? '');
        steps.push({ index, line, inst: k, request: `instantiate ${k} m${k}`, judge });
        return;
      }
      case 'register': {
        const inst = instanceOf(cmd.name);
        const reason = inst === undefined ? `no module ${cmd.name ?? '(current)'} to register` : broken.get(inst);
        if (reason !== undefined || inst === undefined) {
          outcomes.set(index, { line, status: 'failed', message: reason });
          return;
        }
        steps.push({ index, line, inst, request: `register ${inst} ${hexName(cmd.as ?? '')}`, judge: expectOk('register failed') });
        return;
      }
      case 'action':
        actionStep(cmd.action!, line, index, expectOk(`${what(cmd.action!)} failed`));
        return;
      case 'assert_return': {
        const expected = cmd.expected ?? [];
        actionStep(cmd.action!, line, index, (reply) => {
          const [word, rest] = splitReply(reply);
          if (word !== 'ok') return `${what(cmd.action!)}: expected results, got: ${reply}`;
          const failure = checkResults(expected, rest === '' ? [] : rest.split(' '));
          return failure === undefined ? undefined : `${what(cmd.action!)}: ${failure}`;
        });
        return;
      }
      case 'assert_trap':
      case 'assert_exhaustion': {
        const judge = expectTrap(cmd.text ?? 'call stack exhausted');
        actionStep(cmd.action!, line, index, (reply) => {
          const failure = judge(reply);
          return failure === undefined ? undefined : `${what(cmd.action!)}: ${failure}`;
        });
        return;
      }
      default:
        outcomes.set(index, { line, status: 'skipped', message: `command ${cmd.type} is not supported by the harness` });
    }
  });

  // Phase 2: objects and the library. A module whose object fails is broken like one that
  // did not translate; its steps fail with the reason.
  const objects: Array<{ path: string; key: string }> = [];
  const compiled = await Promise.all(
    compiles.map(async (c) => {
      try {
        return { c, obj: await objectFor(c.ir, s) };
      } catch (e) {
        return { c, error: describeError(e) };
      }
    }),
  );
  for (const r of compiled) {
    if (r.obj !== undefined) objects.push(r.obj);
    else broken.set(r.c.k, `module m${r.c.k} did not compile: ${r.error ?? ''}`);
  }
  const live: Step[] = [];
  for (const step of steps) {
    const reason = broken.get(step.inst);
    if (reason === undefined) live.push(step);
    else outcomes.set(step.index, { line: step.line, status: 'failed', message: reason });
  }

  // Phase 3: the host.
  if (live.length > 0) {
    let replies: Reply[];
    try {
      if (objects.length === 0) throw new Error('no module compiled');
      const [host, lib] = await Promise.all([buildHost(), libraryFor(objects, s)]);
      replies = await converse(host, lib, live.map((x) => x.request), s.timeoutMs);
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n').slice(0, 3).join(' | ') : String(e);
      replies = [{ missing: why }];
    }
    const load = replies[0];
    const loadFailure =
      load === undefined ? 'no reply to load'
      : 'missing' in load ? load.missing
      : load.line === 'ok' ? undefined
      : `loading the modules failed: ${load.line}`;
    live.forEach((step, i) => {
      const reply = replies[i + 1];
      let message: string | undefined;
      if (loadFailure !== undefined) message = loadFailure;
      else if (reply === undefined) message = 'no reply';
      else if ('missing' in reply) message = reply.missing;
      else message = step.judge(reply.line);
      outcomes.set(step.index, message === undefined ? { line: step.line, status: 'passed' } : { line: step.line, status: 'failed', message });
    });
  }

  return script.commands.map((cmd, index) => ({
    ...(outcomes.get(index) ?? { line: cmd.line, status: 'failed', message: 'not run (harness bug)' }),
    assertion: cmd.type.startsWith('assert_'),
  }));
}
