/**
 * One `mutate --workers` task, in a worker thread (src/workers/mutate-pool.ts): one mutant judged
 * (src/mutate/run.ts `judgeMutant`: its check in lockstep against a driver process of its own,
 * within its own budget, and the unmutated build's replay of a kill past the baseline's cases). The
 * driver is closed before the task returns (no process outlives its task); a stop set in the task's
 * shared flag interrupts the check at once (the driver's process group killed, src/check/subprocess.ts).
 */
import { signalOfCode } from '../interrupt.ts';
import type { Mutant, MutateContract } from '../mutate/mutants.ts';
import { judgeMutant, type MutantCheckSettings, type MutantJudgement } from '../mutate/run.ts';

/** The settings of a mutant's check that cross threads (the signal and the warning sink stay in each thread). */
export type MutantTaskSettings = Omit<MutantCheckSettings, 'signal' | 'warn'>;

export interface MutantTask {
  readonly contract: MutateContract;
  readonly index: number;
  readonly mutant: Mutant;
  readonly settings: MutantTaskSettings;
  /** Runs the unmutated build's check completed (a kill in a later case is replayed on it). */
  readonly baselineRuns: number;
  /** Int32Array [stop signal code (0: none; src/workers/worker.ts `signalCode`)], this task's own. */
  readonly stop: SharedArrayBuffer;
}

/** A judgement and the warnings (processes that could not be ended) it raised, printed by the main thread. */
export interface MutantTaskResult extends MutantJudgement {
  readonly warnings: readonly string[];
}

/** How often (ms) the thread looks at its stop flag while its check waits on the driver. */
const STOP_POLL_MS = 20;

/** The task's judgement (a `not run` outcome when a stop came during it). */
export async function judgeMutantTask(t: MutantTask): Promise<MutantTaskResult> {
  const flag = new Int32Array(t.stop);
  const stop = new AbortController();
  const look = (): void => {
    const code = Atomics.load(flag, 0);
    if (code !== 0 && !stop.signal.aborted) stop.abort(signalOfCode(code));
  };
  look();
  const poll = setInterval(look, STOP_POLL_MS);
  const warnings: string[] = [];
  try {
    const j = await judgeMutant(
      t.contract,
      t.index,
      t.mutant,
      { ...t.settings, signal: stop.signal, warn: (line) => warnings.push(line) },
      t.baselineRuns,
    );
    return { ...j, warnings };
  } finally {
    clearInterval(poll);
  }
}
