#!/usr/bin/env node
/**
 * The `awsm` command. Parses the command line (options.ts), then calls the TypeScript API
 * (src/index.ts): one code path for the CLI and for programs that embed awsm.
 *
 * `awsm run` of a cached module is the path to keep short (docs/cli.md, "Start-up from the
 * cache"): what only a compile needs (the output checks, the progress display, and in the
 * driver the compiler itself) is imported when a compile happens.
 *
 * Errors: an AwsmError prints one line (`awsm: error: …` for usage and I/O problems,
 * `awsm: <kind> error: …` for the module or a tool) and exits 2 (usage) or 1; any other
 * exception is a bug and exits 70 with a request to report it. Never a stack trace, unless
 * AWSM_DEBUG is set and awsm itself failed.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../driver/compile.js';
import type { BoundsMode, CompileOptions, Tier } from '../driver/compile.js';
import { version } from '../driver/cache.js';
import { type Emit, type OptLevel, emitExtension } from '../driver/native.js';
import { exec, record } from '../driver/cjs.js';
import { beginRecord, finishRecord } from '../driver/record-write.js';
import { type RunOptions, encodeDirs, parseListenAddress, parseHeapSize, parseMaxThreads, parseMemorySize, parseTableElements, parseTimeout, run } from '../driver/run.js';
import { type RunTier, type TieredBuild, compileForRun } from '../driver/tiers.js';
import { AwsmError } from '../errors.js';
import { isComponentFile, refuseForComponent } from './component.js';
import { type ParsedArgs, helpText, parseArgs } from './options.js';
import type { Progress } from './progress.js';

const { programEnv } = exec;
const { fastRunArgs } = record;

/** Exit status for an internal error (EX_SOFTWARE in sysexits.h). */
const EXIT_INTERNAL = 70;

function str(v: string | string[] | true | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: string | string[] | true | undefined): string[] {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** `awsm compile` without -o: the input's base name, minus .wasm, plus the emit kind's extension. */
async function defaultOutput(input: string, emit: Emit): Promise<string> {
  const out = basename(input).replace(/\.wasm$/i, '') + emitExtension(emit);
  // The same test compile() makes for -o (output.ts), with a message that names the default.
  const { isSameFile } = await import('../driver/output.js');
  if (isSameFile(input, out)) throw new AwsmError('usage', `the default output ${out} would overwrite the input; name the output with -o`);
  return out;
}

/** `-o -`: standard output. */
const STDOUT = '-';

/** The kinds `-o -` writes: text and bitcode, which pipes into other tools take. */
const STDOUT_EMITS: readonly Emit[] = ['llvm', 'bc'];

/**
 * Write `data` to standard output; resolves once it is handed to the system. A failure (the
 * reader went away: EPIPE) is an io error; the stream also emits it as an 'error' event, so
 * the listener stays after a failure.
 */
function writeStdout(data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: NodeJS.ErrnoException): void => {
      const why = e.code === 'EPIPE' ? 'the reader closed it' : e.message;
      reject(new AwsmError('io', `cannot write to standard output: ${why}`));
    };
    process.stdout.on('error', fail);
    process.stdout.write(data, (e) => {
      if (e) fail(e);
      else {
        process.stdout.off('error', fail);
        resolve();
      }
    });
  });
}

/**
 * Compile `input` to the file `output`, or with `-o -` to standard output: there only the
 * text and bitcode kinds (a usage error before compiling for the others, which are files to
 * link or run).
 */
async function compileTo(input: string, options: CompileOptions & { emit: Emit }, output: string): Promise<void> {
  if (output !== STDOUT) {
    await compile(input, { ...options, output });
    return;
  }
  if (!STDOUT_EMITS.includes(options.emit)) {
    throw new AwsmError('usage', `-o - (standard output) is for --emit=llvm or --emit=bc only; name an output file for --emit=${options.emit}`);
  }
  const artifact = await compile(input, options); // into the cache
  await writeStdout(readFileSync(artifact.path));
}

/** Options shared by all forms, from the parsed values. */
function commonOptions(p: ParsedArgs): CompileOptions {
  const o: CompileOptions = {};
  const opt = str(p.values.opt);
  if (opt !== undefined) o.optLevel = Number(opt) as OptLevel;
  const name = str(p.values.name);
  if (name !== undefined) o.name = name;
  const bounds = str(p.values.bounds);
  if (bounds !== undefined) o.bounds = bounds as BoundsMode;
  const target = str(p.values.target);
  if (target !== undefined) o.target = target;
  const cpu = str(p.values.cpu);
  if (cpu !== undefined) o.cpu = cpu;
  if (p.values.noCache === true) o.cache = false;
  const jobs = str(p.values.jobs);
  if (jobs !== undefined) {
    if (!/^[1-9][0-9]*$/.test(jobs)) throw new AwsmError('usage', `-j expects a positive number of processes, got '${jobs}'`);
    o.jobs = Number(jobs);
  }
  return o;
}

/** The progress display for compiling `input` with these options (progress.ts). */
async function progressFor(p: ParsedArgs, input: string, tier: Tier | undefined): Promise<Progress> {
  const { progressMode, progressReporter } = await import('./progress.js');
  const level = tier === 'quick' ? '' : `, -O${str(p.values.opt) ?? '2'}`;
  const mode = progressMode(p.values.verbose === true, p.values.quiet === true);
  return progressReporter(`${basename(input)} (tier ${tier ?? 'opt'}${level})`, mode);
}

/** Run `job` with `progress` attached to its compile; the line is erased however it ends. */
async function withProgress<T>(progress: Progress, job: (onPhase: Progress['onPhase']) => Promise<T>): Promise<T> {
  try {
    return await job(progress.onPhase);
  } finally {
    progress.finish();
  }
}

/** `-v`: where the executable `awsm run` starts came from. */
function describeBuild(b: TieredBuild, seconds: number): string {
  const how = b.artifact.cached ? 'from the cache' : `compiled in ${seconds.toFixed(1)} s`;
  const bg = b.background;
  const then =
    bg === undefined ? ''
    : 'failed' in bg ? `; tier opt failed in the background earlier (${bg.failed}); --tier=opt compiles it here and shows why`
    : bg.started ? `; compiling tier opt in the background (pid ${bg.pid})`
    : `; tier opt is being compiled in the background (pid ${bg.pid})`;
  return `awsm: running tier ${b.tier} (${how})${then}\n`;
}

async function execute(p: ParsedArgs, argv: readonly string[]): Promise<number> {
  const input = p.input!;
  refuseForComponent(input, p.command, p.values.maxThreads !== undefined);
  switch (p.command) {
    case 'compile': {
      const emit = (str(p.values.emit) ?? 'exe') as Emit;
      const tier = str(p.values.tier);
      if (tier === 'auto') throw new AwsmError('usage', '--tier=auto is for awsm run; awsm compile takes quick or opt');
      const output = str(p.values.output) ?? (await defaultOutput(input, emit));
      const t = tier as Tier | undefined;
      await withProgress(await progressFor(p, input, t), (onPhase) =>
        compileTo(input, { ...commonOptions(p), emit, ...(t !== undefined ? { tier: t } : {}), ...(onPhase !== undefined ? { onPhase } : {}) }, output),
      );
      return 0;
    }
    case 'bitcode': {
      // aWsm writes output.bc by default and its bitcode is linked into an executable later,
      // so the descriptor alias runtime/main.c looks for is defined too.
      const output = str(p.values.output) ?? 'output.bc';
      await compileTo(input, { ...commonOptions(p), emit: 'bc', mainModule: true }, output);
      return 0;
    }
    case 'run': {
      // wasmtime's conventions: the environment is empty unless --inherit-env; --env adds.
      const made = programEnv(p.values.inheritEnv === true, list(p.values.env));
      if ('bad' in made) throw new AwsmError('usage', `--env expects NAME=VALUE, got '${made.bad}'`);
      const env = made.env;
      // Check every setting (and that the directories exist) before compiling.
      const options: RunOptions = { args: p.programArgs, env, stdio: 'inherit', argv0: basename(input) };
      const dirs = list(p.values.dir);
      if (dirs.length > 0) {
        encodeDirs(dirs);
        options.dirs = dirs;
      }
      const listen = list(p.values.tcplisten);
      if (listen.length > 0) options.tcplisten = listen.map(parseListenAddress);
      const maxMemory = str(p.values.maxMemory);
      if (maxMemory !== undefined) options.maxMemory = `${parseMemorySize(maxMemory)}p`;
      const maxHeap = str(p.values.maxHeap);
      if (maxHeap !== undefined) options.maxHeap = parseHeapSize(maxHeap);
      const maxTable = str(p.values.maxTableElements);
      if (maxTable !== undefined) options.maxTableElements = parseTableElements(maxTable);
      const timeout = str(p.values.timeout);
      if (timeout !== undefined) options.timeout = parseTimeout(timeout);
      const maxThreads = str(p.values.maxThreads);
      if (maxThreads !== undefined) options.maxThreads = parseMaxThreads(maxThreads);
      const invoke = str(p.values.invoke);
      if (invoke !== undefined) {
        if (!isComponentFile(input)) throw new AwsmError('usage', `--invoke calls the exports of a component; ${input} is not one`);
        options.invoke = invoke;
      }
      const started = performance.now();
      // An explicit -O asks for optimised code: the optimising tier, unless --tier says otherwise.
      const tier = (str(p.values.tier) ?? (str(p.values.opt) !== undefined ? 'opt' : 'auto')) as RunTier;
      const shown: { progress?: Progress } = {};
      const progressOf = async (t: Tier): Promise<Progress['onPhase']> => (shown.progress = await progressFor(p, input, t)).onPhase;
      // A command line the cached start-up path (awsm.cts) takes gets a run record for next time.
      const fast = p.values.noCache === true ? undefined : fastRunArgs(argv);
      const recording = fast === undefined ? undefined : beginRecord(fast);
      let build: TieredBuild;
      try {
        build = await compileForRun(input, commonOptions(p), tier, progressOf);
      } finally {
        shown.progress?.finish();
      }
      if (recording !== undefined) finishRecord(recording, build);
      if (p.values.verbose === true && p.values.quiet !== true) process.stderr.write(describeBuild(build, (performance.now() - started) / 1000));
      return (await run(build.artifact, options)).status;
    }
    case 'elf2wasm': {
      const { elf2wasmFile } = await import('../elf/index.js'); // not on awsm run's path
      const output = str(p.values.output) ?? `${basename(input)}.wasm`;
      if (output === STDOUT) throw new AwsmError('usage', 'awsm elf2wasm writes a file: name it with -o');
      await elf2wasmFile(input, output, { traceSyscalls: p.values.traceSyscalls === true, verbose: p.values.verbose === true, cache: p.values.noCache !== true });
      return 0;
    }
  }
}

/** One line (or block, for tool output) describing a user-caused failure. */
function describe(e: AwsmError, input: string | undefined): string {
  switch (e.kind) {
    case 'usage':
    case 'io':
      return `awsm: error: ${e.message}`;
    case 'decode':
    case 'validate':
    case 'compile':
      return `awsm: ${e.kind} error: ${input === undefined ? '' : `${input}: `}${e.message}`;
    case 'unsupported':
      // The message starts with "unsupported: " and names the feature.
      return `awsm: ${input === undefined ? '' : `${input}: `}${e.message}`;
    case 'link':
    case 'tool':
      return `awsm: ${e.kind} error: ${e.message}`;
  }
}

/** Run the command line `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let input: string | undefined;
  try {
    const p = parseArgs(argv);
    if (p.values.help === true) {
      process.stdout.write(helpText(version));
      return 0;
    }
    if (p.values.version === true) {
      process.stdout.write(`awsm ${version}\n`);
      return 0;
    }
    input = p.input;
    return await execute(p, argv);
  } catch (e) {
    if (e instanceof AwsmError) {
      process.stderr.write(describe(e, input) + '\n');
      return e.kind === 'usage' ? 2 : 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `awsm: internal error: ${message}\n` +
        'This is a bug in awsm: please report it, with the input file and the command line.\n' +
        (process.env['AWSM_DEBUG'] !== undefined && e instanceof Error && e.stack !== undefined
          ? e.stack + '\n'
          : '(Set AWSM_DEBUG=1 to print a stack trace.)\n'),
    );
    return EXIT_INTERNAL;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    () => {
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
