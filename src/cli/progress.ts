/**
 * Progress of a compile on standard error (docs/cli.md, "Progress"):
 *
 *   - stderr a terminal: once a compile has taken PROGRESS_AFTER_MS, one status line, redrawn
 *     in place every REDRAW_MS and erased at the end:
 *       awsm: compiling prog.wasm (tier opt, -O2): LLVM, 5123 functions, 12.4 s
 *     and for a module compiled in partitions, how many are done:
 *       awsm: compiling prog.wasm (tier opt, -O2): LLVM, 5123 functions, partitions 5/17, 12.4 s
 *   - with -v (terminal or not): one summary line per compile (not for a cache hit):
 *       awsm: compiled prog.wasm (tier opt, -O2, 5123 functions) in 41.7 s: decode 0.3 s, validate 0.2 s, translate 6.1 s, LLVM 35.1 s
 *     and for a module compiled in partitions (translated as LLVM compiles them), how many
 *     clang compiled (the others came from the cache):
 *       awsm: compiled prog.wasm (tier opt, -O2, 5123 functions) in 20.2 s: …, LLVM 19.5 s; 17 partitions, 2 compiled, translated in 3.1 s during LLVM
 *   - with --quiet: nothing.
 * Functions done out of the total are not shown: the translator reports no progress within a
 * partition, and LLVM none at all; the phase, the module's size, the partitions done and the
 * time are what is known.
 */
import type { CompileOptions, Phase } from '../driver/compile.js';
import type { PartitionCounts } from '../driver/partitions.js';

/** A compile shorter than this shows no progress line. */
export const PROGRESS_AFTER_MS = 1000;

/** How often the progress line is redrawn. */
const REDRAW_MS = 250;

/** How each phase is named on the line. */
const PHASE_NAMES: Record<Phase, string> = {
  decode: 'decode',
  validate: 'validate',
  translate: 'translate',
  llvm: 'LLVM',
  done: 'done',
};

/** What to show. */
export interface ProgressMode {
  /** Redraw a status line when stderr is a terminal (not --quiet). */
  live: boolean;
  /** Print the summary line (-v, and not --quiet). */
  summary: boolean;
}

/** The mode for these flags (whether stderr is a terminal is asked once a compile starts). */
export function progressMode(verbose: boolean, quiet: boolean): ProgressMode {
  return { live: !quiet, summary: verbose && !quiet };
}

/** Seconds, as the lines show them. */
function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A progress display: the callback for compile(), and `finish` to erase the line if a compile failed. */
export interface Progress {
  onPhase?: CompileOptions['onPhase'];
  finish(): void;
}

/**
 * A progress display for compiling `what` (e.g. `prog.wasm (tier opt, -O2)`) according to
 * `mode`.
 */
export function progressReporter(what: string, mode: ProgressMode): Progress {
  if (!mode.live && !mode.summary) return { finish: () => {} };
  /** When the compile started (performance.now()). */
  let start = 0;
  /** The phase under way and when it began. */
  let current: { phase: Phase; since: number } | undefined;
  /** Time spent in each finished phase, in order. */
  const spent: Array<[Phase, number]> = [];
  /** The module's function count, once known. */
  let functions: number | undefined;
  /** Partitions done and in all, for a module compiled in partitions. */
  let partitions: PartitionCounts | undefined;
  /** The redraw timer, while a compile is under way. */
  let timer: NodeJS.Timeout | undefined;
  /** Whether a status line is on screen (to be erased). */
  let drawn = false;

  const draw = (): void => {
    if (current === undefined) return;
    const fns = functions === undefined ? '' : `, ${functions} function${functions === 1 ? '' : 's'}`;
    const split = partitions === undefined ? '' : `, partitions ${partitions.done}/${partitions.total}`;
    process.stderr.write(`\r\x1b[Kawsm: compiling ${what}: ${PHASE_NAMES[current.phase]}${fns}${split}, ${secs(performance.now() - start)}`);
    drawn = true;
  };
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    if (drawn) process.stderr.write('\r\x1b[K');
    drawn = false;
  };

  const onPhase = (phase: Phase, n?: number, counts?: PartitionCounts): void => {
    const now = performance.now();
    if (n !== undefined) functions = n;
    if (counts !== undefined) partitions = counts;
    if (current !== undefined && phase === current.phase) {
      // A partition done: the same phase, further along.
      if (mode.live && now - start >= PROGRESS_AFTER_MS) draw();
      return;
    }
    if (current === undefined) {
      start = now;
      // Asked only now: making process.stderr costs a cached run a millisecond or two.
      if (mode.live && process.stderr.isTTY !== true) mode = { ...mode, live: false };
      if (mode.live) {
        timer = setInterval(() => {
          if (performance.now() - start >= PROGRESS_AFTER_MS) draw();
        }, REDRAW_MS);
        timer.unref(); // never keeps awsm alive
      }
    } else spent.push([current.phase, now - current.since]);
    if (phase !== 'done') {
      current = { phase, since: now };
      // The timer cannot fire while the translator runs (synchronous): draw at each phase too.
      if (mode.live && now - start >= PROGRESS_AFTER_MS) draw();
      return;
    }
    current = undefined;
    stop();
    if (mode.summary) {
      const parts = spent.map(([p, ms]) => `${PHASE_NAMES[p]} ${secs(ms)}`).join(', ');
      const fns = functions === undefined ? '' : `, ${functions} function${functions === 1 ? '' : 's'}`;
      const split = partitions === undefined
        ? ''
        : `; ${partitions.total} partitions, ${partitions.compiled} compiled, translated in ${secs(partitions.translateMs)} during LLVM`;
      process.stderr.write(`awsm: compiled ${what.replace(/\)$/, `${fns})`)} in ${secs(now - start)}: ${parts}${split}\n`);
    }
  };
  return { onPhase, finish: stop };
}
