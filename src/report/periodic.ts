/**
 * The reports written while a long `run` or `check` goes on (`--report-every S`): every S seconds
 * (and once at the start) report.json, report.md, junit.xml and report.html are rewritten from what
 * ran so far, through temporary files renamed into place (src/io/files.ts), so that a process killed
 * at any moment (a CI runner's timeout, SIGKILL, a power cut) leaves a whole, parseable report. Such
 * a report says it is no final verdict: `complete: false`, `inProgress` set (when it was written, how
 * long the command had run), and its verdict is the verdict so far with a pass turned into
 * `insufficient` (src/exercise.ts `judge`): nothing failed yet, but not everything ran. The final
 * reports replace it.
 *
 * The snapshot reads the runner's counters only: it draws nothing from fast-check's generator, so a
 * seed runs the same cases with or without it (test/check/periodic.test.ts).
 */
import type { InProgress, RunResult } from '../run.ts';
import type { ReportInput } from './input.ts';
import { writeReports } from './write.ts';

/** `--report-every`'s default: 15 seconds. */
export const REPORT_EVERY_DEFAULT = 15;

export type { InProgress };

/**
 * Where a runner (src/run.ts, src/check/check.ts, src/workers/) hands over the function that returns
 * its result so far (SuiteOptions.progress); the latest one handed over is the one the periodic
 * reports use.
 */
export type ProgressSink<R extends RunResult = RunResult> = (take: () => R) => void;

export interface PeriodicReports<R extends RunResult> {
  /** The runner's hook (SuiteOptions.progress). */
  readonly sink: ProgressSink<R>;
  /** Write the report now (also done by the timer). */
  write(): void;
  /** No report after this one (call it before the final reports are written). */
  stop(): void;
}

/**
 * Rewrite the reports in `dir` every `everySeconds` (0: never) from the latest snapshot a runner
 * gave to `sink`, passed through `finish` (the command's own judging: the minimum-exercise rule) and
 * marked in progress. A write that fails (a full disk) is said once on `warn` and the periodic reports
 * stop; the run goes on (its final reports are written, or fail, as without them).
 */
export function periodicReports<R extends RunResult>(opts: {
  readonly dir: string;
  readonly everySeconds: number;
  /** `performance.now()` when the command started. */
  readonly startedAt: number;
  readonly finish: (partial: R) => RunResult;
  /** The rest of the report input (the snapshot's summary). */
  readonly input?: Omit<ReportInput, 'result' | 'replay' | 'regressionTest'>;
  readonly warn: (line: string) => void;
}): PeriodicReports<R> {
  let take: (() => R) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = opts.everySeconds <= 0;
  const write = (): void => {
    if (stopped || take === undefined) return;
    const seconds = (performance.now() - opts.startedAt) / 1000;
    const inProgress: InProgress = {
      writtenAt: new Date().toISOString(),
      seconds: Math.round(seconds * 10) / 10,
      everySeconds: opts.everySeconds,
    };
    try {
      // marked before it is judged: a pass so far is no pass (src/exercise.ts `judge`)
      const result = opts.finish({ ...take(), inProgress });
      writeReports(opts.dir, { ...opts.input, result, replay: '', regressionTest: undefined });
    } catch (e) {
      stopped = true;
      opts.warn(`the in-progress report could not be written (${e instanceof Error ? e.message : String(e)}); no more until the final one`);
    }
  };
  const stop = (): void => {
    stopped = true;
    if (timer !== undefined) clearInterval(timer);
  };
  if (!stopped) {
    timer = setInterval(write, opts.everySeconds * 1000);
    // the timer keeps no process alive on its own
    timer.unref();
  }
  return {
    sink: (t) => {
      const first = take === undefined;
      take = t;
      // the first snapshot at once: a process killed before the first period leaves a report too
      if (first) write();
    },
    write,
    stop,
  };
}
