/**
 * The command line as data: the commands, every option (with the commands that accept it),
 * the environment variables and the exit statuses. The parser and `--help` both read these
 * tables, and docs/cli.md repeats them (tests/e2e/cli.test.ts checks that every option in
 * --help appears there).
 *
 * Three forms:
 *   awsm compile [options] INPUT.wasm         native executable (or --emit=…)
 *   awsm run [options] INPUT.wasm [ARGS…]     compile through the cache, then run
 *   awsm [options] INPUT.wasm                 aWsm-compatible: LLVM bitcode (default output.bc)
 */
import { BOUNDS_MODES } from '../driver/compile.js';
import { EMITS } from '../driver/native.js';
import { DEFAULT_PARTITION_SIZE, PARTITION_SIZE_ENV, QUICK_PARTITION_SIZE } from '../driver/partitions.js';
import { AUTO_MIN_SIZE, AUTO_MIN_SIZE_ENV, RUN_TIERS } from '../driver/tiers.js';
import { AwsmError } from '../errors.js';

/** The commands; 'bitcode' is the aWsm-compatible form, chosen when no command word is given. */
export type CommandName = 'compile' | 'run' | 'bitcode' | 'elf2wasm';

export interface CommandSpec {
  name: CommandName;
  usage: string;
  summary: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'compile',
    usage: 'awsm compile [options] INPUT.wasm',
    summary: 'compile to a native executable (or what --emit names); a component (wasi:cli/command) compiles to an executable',
  },
  {
    name: 'run',
    usage: 'awsm run [options] INPUT.wasm [ARGS...]',
    summary: 'compile through the cache and run (a module, or a wasi:cli/command component); everything after INPUT.wasm goes to the program',
  },
  {
    name: 'elf2wasm',
    usage: 'awsm elf2wasm [options] PROG -o PROG.wasm',
    summary: 'translate a statically linked Linux AArch64 executable into a WASI preview1 module (docs/elf.md), which awsm run, wasmtime and Node run',
  },
  {
    name: 'bitcode',
    usage: 'awsm [options] INPUT.wasm',
    summary: 'aWsm-compatible form: write LLVM bitcode (default output.bc)',
  },
];

/** Keys of parsed option values. */
export type OptionKey =
  | 'output'
  | 'emit'
  | 'opt'
  | 'tier'
  | 'verbose'
  | 'quiet'
  | 'name'
  | 'bounds'
  | 'target'
  | 'cpu'
  | 'noCache'
  | 'jobs'
  | 'dir'
  | 'env'
  | 'inheritEnv'
  | 'tcplisten'
  | 'maxMemory'
  | 'maxHeap'
  | 'maxTableElements'
  | 'timeout'
  | 'maxThreads'
  | 'invoke'
  | 'inlineConstantGlobals'
  | 'fastUnsafe'
  | 'runtimeGlobals'
  | 'traceSyscalls'
  | 'layout'
  | 'help'
  | 'version';

export interface OptionSpec {
  key: OptionKey;
  /** `--long` spelling (with dashes); values as `--long=V` or `--long V`. */
  long?: string;
  /** `-s` spelling; values as `-s V` or `-sV`; flags combine (`-iu`). */
  short?: string;
  /** The value placeholder in --help; absent for flags. */
  metavar?: string;
  /** The value is glued to the short form and required there (`-O2`). */
  glued?: boolean;
  /** Allowed values, when restricted. */
  choices?: readonly string[];
  /** May be given several times; the values accumulate. */
  repeatable?: boolean;
  /** Where the option is accepted; empty = everywhere (before the input, for run). */
  commands: readonly CommandName[];
  help: string;
}

const ALL: readonly CommandName[] = [];

export const OPTIONS: readonly OptionSpec[] = [
  {
    key: 'output', long: '--output', short: '-o', metavar: 'FILE', commands: ['compile', 'bitcode', 'elf2wasm'],
    help: 'output file (compile: INPUT without .wasm, plus .ll/.bc/.o/.so for those emit kinds; aWsm form: output.bc; elf2wasm: PROG.wasm); never the input; - for standard output (llvm and bc only)',
  },
  {
    key: 'emit', long: '--emit', metavar: 'KIND', choices: EMITS, commands: ['compile'],
    help: 'what to write: LLVM IR text, bitcode, object, shared library (runtime not included) or executable (default exe; a component: exe only)',
  },
  {
    key: 'opt', short: '-O', metavar: 'N', glued: true, choices: ['0', '1', '2', '3'], commands: ['compile', 'run', 'bitcode'],
    help: 'LLVM optimisation level of the opt tier, -O0 to -O3 (default -O2); awsm run with -O runs the opt tier unless --tier says otherwise',
  },
  {
    key: 'tier', long: '--tier', metavar: 'TIER', choices: RUN_TIERS, commands: ['compile', 'run'],
    help: 'quick: compile fast (no loop versioning, LLVM -O0; -O is ignored); opt: the optimising tier at -O (compile\'s default); auto (run only, its default unless -O is given): the optimised build if cached, else start on the quick tier and compile the optimised one in the background for the next run',
  },
  {
    key: 'verbose', long: '--verbose', short: '-v', commands: ['compile', 'run', 'elf2wasm'],
    help: 'say on standard error which tier runs and where it came from, and one summary line per compile (elf2wasm: the lifter\'s figures and each step\'s time)',
  },
  {
    key: 'quiet', long: '--quiet', short: '-q', commands: ['compile', 'run'],
    help: 'no progress display and no summary (warnings and errors still print)',
  },
  {
    key: 'name', long: '--name', metavar: 'NAME', commands: ['compile', 'run', 'bitcode'],
    help: 'module name for symbols (descriptor NAME_module); default: from the file name, sanitised to [A-Za-z_][A-Za-z0-9_]*',
  },
  {
    key: 'bounds', long: '--bounds', metavar: 'MODE', choices: BOUNDS_MODES, commands: ['compile', 'run', 'bitcode'],
    help: 'memory bounds checks: guard pages, explicit compares, or none (unsafe; default guard, explicit on armv7)',
  },
  {
    key: 'target', long: '--target', metavar: 'TRIPLE', commands: ['compile', 'bitcode'],
    help: 'machine to compile for (default: this one): x86_64-linux-gnu, aarch64-linux-gnu, riscv64-linux-gnu or armv7-linux-gnueabihf (cross-compiled; run under qemu-user, docs/cli.md)',
  },
  {
    key: 'cpu', long: '--cpu', metavar: 'NAME', commands: ['compile', 'run', 'bitcode'],
    help: 'CPU to generate code for, e.g. x86-64-v3 or native (default x86-64-v2 on x86-64), cortex-a72 on aarch64, rv64gc or sifive-u74 on riscv64, cortex-a7 on armv7',
  },
  {
    key: 'noCache', long: '--no-cache', commands: ['compile', 'run', 'elf2wasm'],
    help: 'compile even if the cache holds the result (the cache entry is refreshed)',
  },
  {
    key: 'jobs', long: '--jobs', short: '-j', metavar: 'N', commands: ['compile', 'run'],
    help: `clang processes at once for a large module, which is compiled in partitions (default: the number of cores)`,
  },
  {
    key: 'dir', long: '--dir', metavar: 'HOST[::GUEST]', repeatable: true, commands: ['run'],
    help: 'give the program the host directory HOST as a preopened directory named GUEST (default HOST); nothing outside it is reachable; repeatable',
  },
  {
    key: 'env', long: '--env', metavar: 'NAME=VALUE', repeatable: true, commands: ['run'],
    help: "set a variable in the program's environment (which is empty otherwise); repeatable",
  },
  {
    key: 'inheritEnv', long: '--inherit-env', commands: ['run'],
    help: "start the program's environment from awsm's own (--env adds to it)",
  },
  {
    key: 'tcplisten', long: '--tcplisten', metavar: 'ADDRESS:PORT', repeatable: true, commands: ['run'],
    help: 'listen on a TCP address and give the program the socket as a descriptor (after the --dir ones) for sock_accept; repeatable',
  },
  {
    key: 'maxMemory', long: '--max-memory', metavar: 'SIZE', commands: ['run'],
    help: 'limit linear memory: bytes with an optional K, M or G suffix, or 64 KiB pages with suffix p (memory.grow past it returns -1)',
  },
  {
    key: 'maxHeap', long: '--max-heap', metavar: 'SIZE', commands: ['run'],
    help: 'limit the GC heap: bytes with an optional K, M or G suffix (default 1G); an allocation past it after a full collection traps "out of memory"',
  },
  {
    key: 'maxTableElements', long: '--max-table-elements', metavar: 'N', commands: ['run'],
    help: 'limit each table to N elements (table.grow past it returns -1; default 10000000)',
  },
  {
    key: 'timeout', long: '--timeout', metavar: 'SECONDS', commands: ['run'],
    help: 'stop the program after SECONDS of wall-clock time (decimals allowed) with status 124',
  },
  {
    key: 'maxThreads', long: '--max-threads', metavar: 'N', commands: ['run'],
    help: 'wasi-threads: at most N spawned threads alive at once (thread-spawn fails past it; default 64; modules only)',
  },
  {
    key: 'invoke', long: '--invoke', metavar: 'CALL', commands: ['run'],
    help: "components: call an export instead of wasi:cli/run and print its result, both in WAVE as wasmtime's --invoke: 'add(1, 2)', 'greet(\"x\", [1, 2], {a: some(3)})', 'iface#name(...)'",
  },
  {
    key: 'inlineConstantGlobals', long: '--inline-constant-globals', short: '-i', commands: ['bitcode'],
    help: 'aWsm flag, accepted for compatibility; no effect (LLVM folds immutable globals whose value it can see)',
  },
  {
    key: 'fastUnsafe', long: '--fast-unsafe-implementations', short: '-u', commands: ['bitcode'],
    help: 'aWsm flag, accepted for compatibility; no effect (awsm always keeps Wasm semantics exactly)',
  },
  {
    key: 'runtimeGlobals', long: '--runtime-globals', commands: ['bitcode'],
    help: 'aWsm flag, accepted for compatibility; no effect (globals always live in the instance)',
  },
  {
    key: 'layout', long: '--layout', metavar: 'LAYOUT', commands: ['bitcode'],
    help: 'aWsm flag, accepted for compatibility; ignored (the data layout follows the target triple)',
  },
  {
    key: 'traceSyscalls', long: '--trace-syscalls', commands: ['elf2wasm'],
    help: 'compile in a log of the system calls the translated program makes that awsm does not implement: "awsm: elf: syscall N (name) unknown" on standard error',
  },
  { key: 'help', long: '--help', short: '-h', commands: ALL, help: 'print this help and exit' },
  { key: 'version', long: '--version', short: '-V', commands: ALL, help: 'print the version and exit' },
];

/** Environment variables awsm reads. */
export const ENVIRONMENT: ReadonlyArray<{ name: string; help: string }> = [
  { name: 'AWSM_CACHE_DIR', help: 'cache directory (default $XDG_CACHE_HOME/awsm, else ~/.cache/awsm)' },
  { name: 'AWSM_LLVM_DIR', help: 'LLVM 16 installation prefix to use instead of clang-16 on PATH or /usr/lib/llvm-16' },
  { name: AUTO_MIN_SIZE_ENV, help: `smallest module, in bytes, that awsm run --tier=auto starts on the quick tier (default ${AUTO_MIN_SIZE}; smaller ones compile the optimising tier at once)` },
  { name: PARTITION_SIZE_ENV, help: `partition size in Wasm instructions: a module with more is compiled in partitions, in parallel, each cached (default ${DEFAULT_PARTITION_SIZE}, ${QUICK_PARTITION_SIZE} at -O0 and the quick tier; not for --emit=llvm or bc)` },
  { name: 'AWSM_DEBUG', help: 'if set, internal errors print a stack trace' },
];

/** Exit statuses of the awsm command (`run` exits with the program's status instead). */
export const EXIT_STATUSES: ReadonlyArray<{ status: number; meaning: string }> = [
  { status: 0, meaning: 'success' },
  { status: 1, meaning: 'the input or a tool failed (malformed or invalid module, link error, missing file…)' },
  { status: 2, meaning: 'usage error (unknown option, bad value, missing input)' },
  { status: 70, meaning: 'internal error in awsm (please report it)' },
];

/** The parsed command line. */
export interface ParsedArgs {
  command: CommandName;
  /** Option values: a string, a string list (repeatable) or true (flags). */
  values: Partial<Record<OptionKey, string | string[] | true>>;
  /** The input file (absent only with --help / --version). */
  input?: string;
  /** `run`: the arguments after INPUT.wasm. */
  programArgs: string[];
}

function usage(message: string): AwsmError {
  return new AwsmError('usage', message);
}

function formatChoices(c: readonly string[]): string {
  return c.length <= 1 ? c.join('') : `${c.slice(0, -1).join(', ')} or ${c[c.length - 1]}`;
}

/**
 * Parse the arguments after `awsm`. Throws AwsmError('usage') with a one-line message on any
 * problem. --help and --version win over everything else seen before them.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: CommandName = 'bitcode';
  let i = 0;
  if (argv[0] === 'compile' || argv[0] === 'run' || argv[0] === 'elf2wasm') {
    command = argv[0];
    i = 1;
  }
  const parsed: ParsedArgs = { command, values: {}, programArgs: [] };
  const positionals: string[] = [];

  const set = (o: OptionSpec, value: string | true, spelled: string): void => {
    if (o.commands.length > 0 && !o.commands.includes(command)) {
      const where = command === 'bitcode' ? 'the aWsm-compatible form (awsm INPUT.wasm)' : `'awsm ${command}'`;
      throw usage(`option ${spelled} is not accepted by ${where}`);
    }
    if (typeof value === 'string' && o.choices !== undefined && !o.choices.includes(value)) {
      throw usage(`invalid value '${value}' for ${spelled} (expected ${formatChoices(o.choices)})`);
    }
    if (o.repeatable === true && typeof value === 'string') {
      const prev = parsed.values[o.key];
      parsed.values[o.key] = Array.isArray(prev) ? [...prev, value] : [value];
    } else {
      parsed.values[o.key] = value;
    }
  };

  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    // `run`: the first positional is the module; everything after it belongs to the program.
    if (command === 'run' && positionals.length === 1) {
      parsed.programArgs = argv.slice(i);
      break;
    }
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1, command === 'run' ? i + 2 : undefined));
      if (command === 'run') parsed.programArgs = argv.slice(i + 2);
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const spelled = eq < 0 ? arg : arg.slice(0, eq);
      const o = OPTIONS.find((x) => x.long === spelled);
      if (o === undefined) throw usage(`unknown option '${spelled}' (see awsm --help)`);
      if (o.metavar === undefined) {
        if (eq >= 0) throw usage(`option ${spelled} takes no value`);
        set(o, true, spelled);
      } else if (eq >= 0) {
        set(o, arg.slice(eq + 1), spelled);
      } else {
        const v = argv[++i];
        if (v === undefined) throw usage(`option ${spelled} needs a value (${o.metavar})`);
        set(o, v, spelled);
      }
      if (o.key === 'help' || o.key === 'version') return parsed;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // One or more short options: -o FILE, -oFILE, -O2, -iu.
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const spelled = '-' + rest[0];
        const o = OPTIONS.find((x) => x.short === spelled);
        if (o === undefined) throw usage(`unknown option '${spelled}'${arg.length > 2 ? ` in '${arg}'` : ''} (see awsm --help)`);
        rest = rest.slice(1);
        if (o.metavar === undefined) {
          set(o, true, spelled);
          if (o.key === 'help' || o.key === 'version') return parsed;
          continue;
        }
        if (o.glued === true) {
          if (rest === '') throw usage(`option ${spelled} needs a value glued to it (${spelled}${o.choices?.[0] ?? o.metavar})`);
          set(o, rest, `${spelled}${rest}`);
        } else if (rest !== '') {
          set(o, rest, spelled);
        } else {
          const v = argv[++i];
          if (v === undefined) throw usage(`option ${spelled} needs a value (${o.metavar})`);
          set(o, v, spelled);
        }
        break;
      }
      continue;
    }
    positionals.push(arg);
  }

  if (parsed.values.help === true || parsed.values.version === true) return parsed;
  if (positionals.length === 0) throw usage('missing input file (see awsm --help)');
  if (positionals.length > 1) throw usage(`unexpected argument '${positionals[1]}' (one input file only)`);
  parsed.input = positionals[0]!;
  return parsed;
}

/** Wrap `text` to `width` columns; continuation lines start with `indent` spaces. */
function wrap(text: string, indent: number, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out.join('\n' + ' '.repeat(indent));
}

/** How --help and docs/cli.md spell an option: `-o, --output=FILE`, `-O0..-O3`. */
export function optionLabel(o: OptionSpec): string {
  const spellings: string[] = [];
  if (o.short !== undefined) {
    const c = o.choices;
    spellings.push(o.glued === true && c !== undefined ? `${o.short}${c[0]}..${o.short}${c[c.length - 1]}` : o.short);
  }
  if (o.long !== undefined) spellings.push(o.metavar !== undefined ? `${o.long}=${o.metavar}` : o.long);
  return spellings.join(', ');
}

/** The text of `awsm --help`, generated from the tables above. */
export function helpText(version: string): string {
  const WIDTH = 100;
  const lines: string[] = [];
  lines.push(`awsm ${version}: a WebAssembly ahead-of-time compiler (through LLVM 16)`, '', 'Usage:');
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, `      ${wrap(c.summary, 6, WIDTH)}`);
  const col = Math.max(...OPTIONS.map((o) => optionLabel(o).length)) + 4;
  const entry = (label: string, text: string): string =>
    label.length + 2 >= col ? `  ${label}\n${' '.repeat(col)}${wrap(text, col, WIDTH)}` : `  ${label.padEnd(col - 2)}${wrap(text, col, WIDTH)}`;
  lines.push('', 'Options (the forms that accept each are in brackets):');
  for (const o of OPTIONS) {
    const where = o.commands.length === 0 ? '' : ` [${o.commands.map((c) => (c === 'bitcode' ? 'aWsm form' : c)).join(', ')}]`;
    lines.push(entry(optionLabel(o), o.help + where));
  }
  lines.push('', 'Environment:');
  for (const e of ENVIRONMENT) lines.push(entry(e.name, e.help));
  lines.push('', 'Exit status:');
  for (const s of EXIT_STATUSES) lines.push(entry(String(s.status), s.meaning));
  lines.push(entry('', "awsm run exits with the program's status (a trap: 134, see docs/traps.md; --timeout: 124)"));
  lines.push('', 'Documentation: docs/cli.md');
  return lines.join('\n') + '\n';
}
