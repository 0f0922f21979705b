/**
 * `mutate --workers N`: the mutants judged on N lanes, the main thread and a tinypool of N - 1
 * worker threads (src/workers/mutate-worker.ts), each mutant's check against a driver process of its
 * own, within a budget of its own that starts with its check. Mutants are handed out in the
 * driver's order as lanes come free (src/workers/pool.ts `eachChunk`, one mutant a chunk), and the
 * caller puts each judgement at the mutant's place in the list: the reports list the same mutants in
 * the same order, each checked at the same seed, for any N; a status depends only on the mutant's own
 * check (its budget counts the wall time of its check, which N lanes share the machine's cores for).
 *
 * Stops: a stop signal (Ctrl-C, SIGTERM, SIGHUP) stops every check in flight at once (each thread
 * told through its task's shared flag, its driver's process group killed) and starts no other; the
 * caller's `onJudged` returning `stop` (the unmutated build diverged on a killing case) stops the
 * checks of the mutants after that one (and starts none of them), and lets those before it finish, so
 * that the lowest such mutant decides, as when they are checked one after the other.
 */
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { stopSignalOf, signalCode } from '../interrupt.ts';
import type { Mutant, MutateContract } from '../mutate/mutants.ts';
import { judgeMutant, type MutantCheckSettings, type MutantJudgement } from '../mutate/run.ts';
import { COMPILED, runtimeModule } from '../package-root.ts';
import type { MutantTask, MutantTaskResult } from './mutate-worker.ts';
import { eachChunk } from './pool.ts';

/** A mutant to judge: its contract, its place in the driver's list of that contract, and itself. */
export interface MutantItem {
  readonly contract: MutateContract;
  readonly index: number;
  readonly mutant: Mutant;
}

export interface JudgeMutantsOptions {
  /** The mutants, in the order they are handed out (the reports' order). */
  readonly items: readonly MutantItem[];
  readonly settings: MutantCheckSettings;
  /** Runs the unmutated build's check completed (a kill in a later case is replayed on it). */
  readonly baselineRuns: number;
  /** Lanes: the main thread and workers - 1 threads. */
  readonly workers: number;
  /**
   * Each judgement, in the main thread, as it arrives (`k`: its place in `items`); `stop` stops the
   * mutants after k (see above).
   */
  readonly onJudged: (k: number, j: MutantJudgement) => 'stop' | undefined;
}

/** Judges `items` on `workers` lanes (see above); resolves when no check is left running. */
export async function judgeMutants(opts: JudgeMutantsOptions): Promise<void> {
  const { settings: s } = opts;
  const { signal: _signal, warn: _warn, ...crossing } = s;
  const pool =
    opts.workers > 1
      ? new Tinypool({
          // compiled (the installed package): the worker's JavaScript itself; from the sources,
          // mutate-entry.mjs registers tsx's loader in the thread first
          ...(COMPILED
            ? { filename: pathToFileURL(runtimeModule('src/workers/mutate-worker.ts')).href, name: 'judgeMutantTask' }
            : { filename: new URL('./mutate-entry.mjs', import.meta.url).href }),
          // the main thread is the first lane: it starts at once, while the threads load
          minThreads: opts.workers - 1,
          maxThreads: opts.workers - 1,
        })
      : undefined;
  /** The checks in flight: their place and how to stop each. */
  const running = new Map<number, (reason: string) => void>();
  /** The lowest mutant whose judgement stopped the run: the ones after it are stopped, none starts. */
  let stopAt = Number.POSITIVE_INFINITY;
  let failure: { error: unknown } | undefined;
  const stopAll = (): void => {
    const reason = stopSignalOf(s.signal) ?? 'SIGTERM';
    for (const stop of running.values()) stop(reason);
  };
  const onAbort = (): void => stopAll();
  s.signal.addEventListener('abort', onAbort);
  try {
    await eachChunk(opts.items.length, 1, opts.workers, async (k, lane) => {
      if (k > stopAt || s.signal.aborted || failure !== undefined) return undefined;
      const item = opts.items[k]!;
      let judged: MutantJudgement;
      try {
        if (lane === 0 || pool === undefined) {
          const own = new AbortController();
          running.set(k, (reason) => own.abort(reason));
          judged = await judgeMutant(
            item.contract,
            item.index,
            item.mutant,
            { ...s, signal: AbortSignal.any([s.signal, own.signal]) },
            opts.baselineRuns,
          );
        } else {
          const stop = new SharedArrayBuffer(4);
          const flag = new Int32Array(stop);
          running.set(k, (reason) => Atomics.store(flag, 0, signalCode(reason === 'SIGINT' || reason === 'SIGHUP' ? reason : 'SIGTERM')));
          const task: MutantTask = { ...item, settings: crossing, baselineRuns: opts.baselineRuns, stop };
          const r = (await pool.run(task)) as MutantTaskResult;
          for (const line of r.warnings) s.warn(line);
          judged = r.recheck !== undefined ? { outcome: r.outcome, recheck: r.recheck } : { outcome: r.outcome };
        }
      } catch (error) {
        // not a judgement: stop the others, wait for them (no thread ends with its driver running), then throw
        failure ??= { error };
        stopAll();
        return undefined;
      } finally {
        running.delete(k);
      }
      if (opts.onJudged(k, judged) === 'stop' && k < stopAt) {
        stopAt = k;
        for (const [j, stop] of running) if (j > k) stop('SIGTERM');
      }
      return undefined;
    });
  } finally {
    s.signal.removeEventListener('abort', onAbort);
    await pool?.destroy();
  }
  if (failure !== undefined) throw failure.error;
}
