/**
 * The TypeScript API for calling a component's exports (issue 20, docs/components.md "Calling
 * exports"): values go in and come out in WAVE, the syntax of wasmtime's `run --invoke`
 * (`add(1, 2)`, `greet("x", [1, 2], {a: some(3)})`).
 *
 * A component is compiled to an executable as for `awsm run` (through the cache), and that
 * executable does the calls: its runtime parses the call against the export's type, lowers the
 * arguments, calls, lifts and prints the result (runtime/src/component_call.c, canon*.c). An
 * instance (`instantiateComponent`) is one process kept alive with AWSM_INVOKE=- : calls go
 * one per line on its descriptor 3 and the answers come back there ("ok VALUE", "error trap
 * MESSAGE", "error invalid MESSAGE", "exit N"), so its instance state (memory, globals,
 * resource handles) lasts from call to call; the guest's own stdout and stderr are collected
 * apart. An own handle of a resource the component defines comes back as the host's handle
 * number; passing it as an argument gives it back (own) or lends it (borrow), and `drop`
 * ends it, running the destructor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { AwsmError } from '../errors.js';
import { type CompileOptions, compile } from './compile.js';
import { type RunOptions, programEnv } from './run.js';

/** Options of a component instance: the run options that apply, and how to compile it. */
export interface ComponentOptions extends Omit<RunOptions, 'stdio' | 'invoke' | 'stdin'> {
  /** How the component is compiled (emit is 'exe'). */
  compile?: Omit<CompileOptions, 'emit' | 'output'>;
}

/** A failed call: a trap (the component's, or the canonical ABI's in lifting the result), a call that does not fit the export, or an exit. */
export class ComponentCallError extends Error {
  /** 'trap': the instance cannot be called again; 'invalid': the call did not parse or fit the types; 'exit': the component exited (status). */
  readonly kind: 'trap' | 'invalid' | 'exit';
  /** The exit status, for kind 'exit'. */
  readonly status?: number;
  constructor(kind: 'trap' | 'invalid' | 'exit', message: string, status?: number) {
    super(message);
    this.name = 'ComponentCallError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** What a closed instance leaves: its exit status and what the guest printed. */
export interface ClosedInstance {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A running component instance: calls in WAVE, one at a time (they queue). */
export class ComponentInstance {
  /** The process running the component. */
  private readonly child: ChildProcess;
  /** Its descriptor 3, where calls go and answers come back. */
  private readonly channel: Duplex;
  /** Calls sent and not yet answered, in order. */
  private readonly waiting: Array<{ resolve: (v: string) => void; reject: (e: Error) => void }> = [];
  /** Answer text received and not yet split into lines. */
  private pending = '';
  /** What the guest wrote to stdout and stderr. */
  private readonly out = { stdout: '', stderr: '' };
  /** Resolves when the process ends. */
  private readonly ended: Promise<ClosedInstance>;

  constructor(child: ChildProcess) {
    this.child = child;
    this.channel = child.stdio[3] as Duplex;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.out.stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.out.stderr += d));
    this.channel.setEncoding('utf8');
    this.channel.on('data', (d: string) => this.receive(d));
    this.channel.on('error', () => {}); // the process ending reports it
    this.ended = new Promise((resolve) => {
      child.on('close', (status) => {
        const why = this.out.stderr.trim().split('\n').pop() ?? '';
        for (const w of this.waiting.splice(0)) w.reject(new ComponentCallError('exit', `the component instance ended (status ${status})${why ? `: ${why}` : ''}`, status ?? undefined));
        resolve({ status, ...this.out });
      });
    });
  }

  private receive(d: string): void {
    this.pending += d;
    let nl;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      const w = this.waiting.shift();
      if (w === undefined) continue;
      const m = /^(ok|error (trap|invalid)|exit) ?(.*)$/s.exec(line);
      if (m === null) w.reject(new ComponentCallError('invalid', `unexpected answer from the component runner: ${line}`));
      else if (m[1] === 'ok') w.resolve(m[3]!);
      else if (m[1] === 'exit') w.reject(new ComponentCallError('exit', `the component exited with status ${m[3]}`, Number(m[3])));
      else w.reject(new ComponentCallError(m[2] as 'trap' | 'invalid', m[3]!));
    }
  }

  /** Calls an export: `call` is `NAME(ARGS)` in WAVE; resolves to the result in WAVE (`()` for none). */
  call(call: string): Promise<string> {
    if (/[\n\r]/.test(call) || call.startsWith('!')) return Promise.reject(new ComponentCallError('invalid', 'a call is one line: NAME(ARGS)'));
    return this.send(call);
  }

  /** Sends one request line; resolves to its answer's value. */
  private send(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.channel.write(`${line}\n`);
    });
  }

  /**
   * Drops the host's handle of a resource the component defines (an own handle a call
   * returned, printed as its number): the handle ends and the resource's destructor runs.
   */
  async drop(handle: number): Promise<void> {
    if (!Number.isInteger(handle) || handle < 0) throw new ComponentCallError('invalid', `${handle} is not a handle`);
    await this.send(`!drop ${handle}`);
  }

  /** Ends the instance (after the calls made so far); resolves to its exit status and output. */
  close(): Promise<ClosedInstance> {
    this.channel.end();
    return this.ended;
  }
}

/** A component (its path or bytes) compiled and started, ready for calls. */
export async function instantiateComponent(component: string | Uint8Array, options: ComponentOptions = {}): Promise<ComponentInstance> {
  const exe = await compile(component, { ...options.compile, emit: 'exe' });
  const env = programEnv({ ...options, invoke: '-' });
  const argv0 = options.argv0 ?? (typeof component === 'string' ? component.replace(/^.*\//, '') : `${exe.name}.wasm`);
  let child: ChildProcess;
  try {
    child = spawn(exe.path, options.args ?? [], { argv0, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  } catch (e) {
    throw new AwsmError('io', `cannot run ${exe.path}: ${(e as Error).message}`);
  }
  return new ComponentInstance(child);
}

/** One call of a component's export (`call` in WAVE); resolves to the result in WAVE. */
export async function invokeComponent(component: string | Uint8Array, call: string, options: ComponentOptions = {}): Promise<string> {
  const inst = await instantiateComponent(component, options);
  try {
    return await inst.call(call);
  } finally {
    await inst.close();
  }
}
