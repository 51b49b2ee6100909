/**
 * Running one converted .wast script: every command becomes an outcome (passed, failed,
 * skipped with a reason), in three phases:
 *
 *   1. in-process: assert_malformed / assert_invalid (and the `_custom` ones) against the
 *      decoder and validator, and decode + validate + translate of every module the script
 *      defines (module, module_definition, assert_unlinkable, assert_uninstantiable), as m<k>;
 *   2. clang: one object per module (through the shared pool, cached by IR hash), linked
 *      into one shared library per script (cached by the objects' hashes);
 *   3. the host: one process per script, fed every remaining command as protocol requests.
 *
 * Modules and instances are numbered apart: a `module_definition` is compiled once and
 * `module_instance` instantiates it as often as the script says (instance ids are the host's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModule } from '../../src/binary/decoder.js';
import { sha256 } from '../../src/driver/cache.js';
import { cachedFile } from '../../src/driver/entry.js';
import type { BoundsMode } from '../../src/driver/compile.js';
import { type OptLevel, compileObject, cpuCacheKey, linkShared, nativePlan, resolveCpu } from '../../src/driver/native.js';
import type { TargetInfo } from '../../src/driver/targets.js';
import { toolchainId } from '../../src/driver/tools.js';
import { AwsmError, DecodeError, ValidationError } from '../../src/errors.js';
import { translateParts } from '../../src/translate/module.js';
import { partitionSize } from '../../src/driver/partitions.js';
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
  /** The machine to compile for and run on (run.ts --target; under qemu when not this one); default this one. */
  target?: TargetInfo;
  /** The CPU to compile the modules for (run.ts --cpu; qemu runs them on one that has its features); default the target's. */
  cpu?: string;
  timeoutMs: number;
  /** Commands to skip: line → reason (from tests/spec/skip.txt). */
  skipLines: ReadonlyMap<number, string>;
}

/** A request for the host and how to judge its reply (undefined = passed, else why not). */
interface Step {
  /** Index of the command in the script. */
  index: number;
  line: number;
  /** The module (m<k>) the request needs: the step fails when it did not compile. */
  module: number;
  request: string;
  judge: (reply: string) => string | undefined;
}

const SKIP_TEXT = 'text format: awsm reads only the binary format';
/**
 * The assertions whose module may be in the text format only (`module quote` that wast2json
 * does not convert, or malformed text): skipped with SKIP_TEXT.
 */
const TEXT_MODULE_ASSERTIONS = new Set([
  'assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_uninstantiable', 'assert_malformed_custom', 'assert_invalid_custom',
]);

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

/**
 * assert_malformed_custom / assert_invalid_custom: a custom section (annotation) is malformed
 * or invalid, which never makes the module so: it must decode and validate.
 */
function checkAccepted(bytes: Uint8Array): string | undefined {
  try {
    validateModule(decodeModule(bytes));
    return undefined;
  } catch (e) {
    if (e instanceof AwsmError) return `a bad custom section must not reject the module, got ${e.name}: ${e.message}`;
    return describeError(e);
  }
}

/** Object file for one module's IR, through the cache and the clang pool. */
async function objectFor(ir: string, s: ScriptSettings): Promise<{ path: string; key: string }> {
  // The default CPU (-march) is part of the key: objects built for another CPU are stale. So is
  // the LLVM pipeline pipeline.ts chooses (its flags change with awsm, and AWSM_LEAN_MIN_SIZE=0
  // forces the lean one on these small modules).
  const triple = s.target?.triple;
  const native = { optLevel: s.optLevel, ...(triple !== undefined ? { triple } : {}), ...(s.cpu !== undefined ? { cpu: s.cpu } : {}) };
  const plan = nativePlan(ir, native);
  const key = sha256(ir, `obj ${JSON.stringify(plan.pipeline)}`, cpuCacheKey(resolveCpu(native)), toolchainId());
  const { path } = await cachedFile(['spec', 'obj', key.slice(0, 2)], key, '.o', () => (tmp) =>
    s.pool.run(() => compileObject(ir, tmp, plan)));
  return { path, key };
}

/** One shared library for a script's objects, cached by their keys. */
async function libraryFor(objects: ReadonlyArray<{ path: string; key: string }>, s: ScriptSettings): Promise<string> {
  const key = sha256(...objects.map((o) => o.key), toolchainId(), s.target?.triple ?? '');
  const { path } = await cachedFile(['spec', 'lib'], key.slice(0, 32), '.so', () => (tmp) =>
    s.pool.run(() => linkShared(objects.map((o) => o.path), tmp, s.target?.triple)));
  return path;
}

/** Run one script; one outcome per command, in script order. */
export async function runScript(script: WastScript, s: ScriptSettings): Promise<Outcome[]> {
  const outcomes = new Map<number, Outcome>(); // by command index
  const steps: Step[] = [];
  /** Each module's IR: one text, or its partitions' when AWSM_PARTITION_SIZE splits it. */
  const compiles: Array<{ k: number; irs: string[] }> = [];
  /** Modules that failed to compile (by k), with the reason. */
  const broken = new Map<number, string>();
  /** Instances by name, and the module (k) of each instance. */
  const named = new Map<string, number>();
  const moduleOf = new Map<number, number>();
  /** Module definitions by name, and the latest one (for `module_instance` without a name). */
  const definitions = new Map<string, number>();
  let lastDefinition: number | undefined;
  /** module_definition commands: they pass once their module has compiled (after phase 2). */
  const defined: Array<{ index: number; line: number; k: number }> = [];
  /** The latest instance (actions without a module name act on it). */
  let current: number | undefined;
  let nextModule = 0;
  let nextInstance = 0;

  const instanceOf = (name: string | undefined): number | undefined => (name === undefined ? current : named.get(name));

  /** A new instance of module k: its id, remembered under `name` (if any). */
  const newInstance = (k: number, name: string | undefined): number => {
    const inst = nextInstance++;
    moduleOf.set(inst, k);
    if (name !== undefined) named.set(name, inst);
    return inst;
  };

  /** Compile the command's module as m<k>; false (with the command failed) if it did not. */
  const prepareModule = (cmd: WastCommand, index: number, k: number): boolean => {
    try {
      const module = decodeModule(readFileSync(join(script.dir, cmd.filename!)));
      validateModule(module);
      // -O0 is the quick tier's code: no loop versioning, IR for -O0, as compile.ts plans it.
      const quick = s.optLevel === 0;
      const opts = {
        name: `m${k}`, versionLoops: !quick, quick, ...(s.bounds ? { bounds: s.bounds } : {}), ...(s.target ? { triple: s.target.triple } : {}),
      };
      compiles.push({ k, irs: translateParts(module, opts, partitionSize(quick)) });
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
    const k = moduleOf.get(inst)!;
    const reason = broken.get(k);
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
    steps.push({ index, line, module: k, request, judge });
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
        const inst = newInstance(k, cmd.name);
        current = inst;
        if (!prepareModule(cmd, index, k)) return;
        steps.push({ index, line, module: k, request: `instantiate ${inst} m${k}`, judge: expectOk('instantiation failed') });
        return;
      }
      case 'module_definition': {
        const k = nextModule++;
        lastDefinition = k;
        if (cmd.name !== undefined) definitions.set(cmd.name, k);
        if (prepareModule(cmd, index, k)) defined.push({ index, line, k });
        return;
      }
      case 'module_instance': {
        const k = cmd.module === undefined ? lastDefinition : definitions.get(cmd.module);
        if (k === undefined) {
          outcomes.set(index, { line, status: 'failed', message: `no module definition ${cmd.module ?? '(latest)'} to instantiate` });
          return;
        }
        const inst = newInstance(k, cmd.instance);
        current = inst;
        const reason = broken.get(k);
        if (reason !== undefined) outcomes.set(index, { line, status: 'failed', message: reason });
        else steps.push({ index, line, module: k, request: `instantiate ${inst} m${k}`, judge: expectOk('instantiation failed') });
        return;
      }
      case 'assert_malformed':
      case 'assert_invalid': {
        const failure = checkRejected(readFileSync(join(script.dir, cmd.filename!)), cmd);
        outcomes.set(index, failure === undefined ? { line, status: 'passed' } : { line, status: 'failed', message: failure });
        return;
      }
      case 'assert_malformed_custom':
      case 'assert_invalid_custom': {
        const failure = checkAccepted(readFileSync(join(script.dir, cmd.filename!)));
        outcomes.set(index, failure === undefined ? { line, status: 'passed' } : { line, status: 'failed', message: failure });
        return;
      }
      case 'assert_unlinkable':
      case 'assert_uninstantiable': {
        const k = nextModule++;
        const inst = newInstance(k, undefined);
        if (!prepareModule(cmd, index, k)) return;
        const judge =
          cmd.type === 'assert_unlinkable'
            ? (reply: string) => (splitReply(reply)[0] === 'unlinkable' ? undefined : `expected unlinkable ("${cmd.text}"), got: ${reply}`)
            : expectTrap(cmd.text ?? '');
        steps.push({ index, line, module: k, request: `instantiate ${inst} m${k}`, judge });
        return;
      }
      case 'register': {
        const inst = instanceOf(cmd.name);
        const reason = inst === undefined ? `no module ${cmd.name ?? '(current)'} to register` : broken.get(moduleOf.get(inst)!);
        if (reason !== undefined || inst === undefined) {
          outcomes.set(index, { line, status: 'failed', message: reason });
          return;
        }
        steps.push({ index, line, module: moduleOf.get(inst)!, request: `register ${inst} ${hexName(cmd.as ?? '')}`, judge: expectOk('register failed') });
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
      case 'assert_exception':
        // An uncaught Wasm exception: the host replies `exception MESSAGE` (AWSM_ERR_EXCEPTION).
        actionStep(cmd.action!, line, index, (reply) =>
          splitReply(reply)[0] === 'exception' ? undefined : `${what(cmd.action!)}: expected an uncaught exception, got: ${reply}`);
        return;
      default:
        outcomes.set(index, { line, status: 'failed', message: `command ${cmd.type} is not supported by the harness` });
    }
  });

  // Phase 2: objects and the library. A module whose object fails is broken like one that
  // did not translate; its steps fail with the reason.
  const objects: Array<{ path: string; key: string }> = [];
  const compiled = await Promise.all(
    compiles.map(async (c) => {
      try {
        return { c, objs: await Promise.all(c.irs.map((ir) => objectFor(ir, s))) };
      } catch (e) {
        return { c, error: describeError(e) };
      }
    }),
  );
  for (const r of compiled) {
    if (r.objs !== undefined) objects.push(...r.objs);
    else broken.set(r.c.k, `module m${r.c.k} did not compile: ${r.error ?? ''}`);
  }
  const live: Step[] = [];
  for (const d of defined) {
    const reason = broken.get(d.k);
    outcomes.set(d.index, reason === undefined ? { line: d.line, status: 'passed' } : { line: d.line, status: 'failed', message: reason });
  }
  for (const step of steps) {
    const reason = broken.get(step.module);
    if (reason === undefined) live.push(step);
    else outcomes.set(step.index, { line: step.line, status: 'failed', message: reason });
  }

  // Phase 3: the host.
  if (live.length > 0) {
    let replies: Reply[];
    try {
      if (objects.length === 0) throw new Error('no module compiled');
      const [host, lib] = await Promise.all([buildHost(s.target), libraryFor(objects, s)]);
      replies = await converse(host, lib, live.map((x) => x.request), s.timeoutMs, s.target, s.cpu);
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
