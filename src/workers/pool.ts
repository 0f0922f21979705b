/**
 * `--workers N`: one seed's cases split into chunks of consecutive cases, run by a tinypool of N
 * worker threads (src/workers/worker.ts), merged into the result one process would have written.
 *
 * Each chunk is fast-check's run from replay path `start` (src/run.ts `chunk`): a case is generated
 * from the seed's generator jumped once per case, so a worker generates only its own cases, and
 * every case is the one a single process generates. The merge takes the chunks in case order up to
 * and including the first that failed (or faulted): the counts are those of cases 0..f, the
 * counterexample that of the lowest failing case f, its shrinking fast-check's own from that case.
 * So a seed's result (runs, counts, counterexample, shrunk steps, replay path) is the same for any N.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { COMPILED, runtimeModule } from '../package-root.ts';
import type { RunOptions, RunResult } from '../run.ts';
import { sumCounts } from '../report/merge.ts';
import type { ChunkTask, VariantRef } from './worker.ts';
import { signalCode } from './worker.ts';
import { stopSignalOf } from '../interrupt.ts';

/** The default worker count: the available cores. */
export const defaultWorkers = (): number => availableParallelism();

/** Cases per chunk: small enough to share the runs out evenly and to stop soon after a failure. */
export const chunkSize = (runs: number, workers: number): number => Math.max(1, Math.min(50, Math.ceil(runs / (workers * 8))));

export interface WorkerRunOptions extends RunOptions {
  readonly workers: number;
  readonly signal?: AbortSignal;
  /** A variant of the model for the workers to load (a function cannot cross threads). */
  readonly variant?: VariantRef;
}

/** The suites of `opts` on `opts.workers` worker threads; the same result as `runSuiteAsync` for the seed. */
export async function runSuiteWorkers(opts: WorkerRunOptions): Promise<RunResult> {
  const t0 = performance.now();
  const shared = new SharedArrayBuffer(12);
  const flags = new Int32Array(shared);
  const size = chunkSize(opts.runs, opts.workers);
  const pool = new Tinypool({
    // compiled (the installed package): the worker's JavaScript itself; from the sources, entry.mjs
    // registers tsx's loader in the thread first
    ...(COMPILED
      ? { filename: pathToFileURL(runtimeModule('src/workers/worker.ts')).href, name: 'runChunk' }
      : { filename: new URL('./entry.mjs', import.meta.url).href }),
    minThreads: opts.workers,
    maxThreads: opts.workers,
  });
  const abs = (t: number): number => performance.timeOrigin + t;
  const onAbort = (): void => {
    Atomics.store(flags, 0, signalCode(stopSignalOf(opts.signal) ?? 'SIGINT'));
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort);
  const timer = setInterval(() => opts.onCase?.(Atomics.load(flags, 1), Atomics.load(flags, 2)), 200);
  /** The lowest case that failed so far: chunks after it need not run. */
  let lowestFailure = Number.POSITIVE_INFINITY;
  try {
    const tasks: Promise<{ start: number; result: RunResult | undefined }>[] = [];
    for (let start = 0; start < opts.runs; start += size) {
      const task: ChunkTask = {
        profile: opts.profile.name,
        seed: opts.seed,
        steps: opts.steps,
        start,
        count: Math.min(size, opts.runs - start),
        ...(opts.world ? { world: opts.world } : {}),
        ...(opts.snapshotPath ? { snapshotPath: opts.snapshotPath } : {}),
        ...(opts.properties ? { propertyIds: opts.properties.map((p) => p.id) } : {}),
        startedAt: abs(opts.startedAt ?? t0),
        ...(opts.deadline !== undefined ? { deadlineAt: abs(opts.deadline), budgetSeconds: opts.budgetSeconds } : {}),
        shared,
        ...(opts.variant ? { variant: opts.variant } : {}),
      };
      tasks.push(
        (async () => {
          if (start > lowestFailure) return { start, result: undefined };
          const result = (await pool.run(task)) as RunResult;
          if (result.counterexample !== undefined || result.verdict === 'fault') lowestFailure = Math.min(lowestFailure, start);
          return { start, result };
        })(),
      );
    }
    const done = (await Promise.all(tasks)).sort((a, b) => a.start - b.start);
    const upTo = done.findIndex((d) => d.result !== undefined && (d.result.counterexample !== undefined || d.result.verdict === 'fault'));
    const parts = (upTo < 0 ? done : done.slice(0, upTo + 1)).map((d) => d.result).filter((r): r is RunResult => r !== undefined);
    return mergeChunks(parts, opts, performance.now() - t0);
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}

/** The chunks' results (in case order, up to the first failure) as one run's. */
function mergeChunks(parts: readonly RunResult[], opts: WorkerRunOptions, durationMs: number): RunResult {
  const last = parts.at(-1);
  const before = parts.slice(0, -1).reduce((n, r) => n + r.totalSteps, 0);
  const cx = last?.counterexample;
  const counterexample = cx && {
    ...cx,
    seed: opts.seed,
    ...(cx.found ? { found: { ...cx.found, actions: cx.found.actions + before } } : {}),
  };
  const runsCompleted = parts.reduce((n, r) => n + (r.runsCompleted ?? 0), 0);
  const interrupted = parts.find((r) => r.interrupted)?.interrupted;
  const budget = parts.some((r) => r.budget) && !interrupted ? { seconds: opts.budgetSeconds ?? 0, runsCompleted } : undefined;
  const fault = last?.fault;
  const counts = sumCounts(parts);
  return {
    profile: opts.profile.name,
    seed: opts.seed,
    runs: opts.runs,
    steps: opts.steps,
    world: last?.world ?? opts.world ?? { snapshot: opts.snapshotPath ?? 'snapshot' },
    verdict: fault !== undefined ? 'fault' : counterexample !== undefined ? 'fail' : 'pass',
    ...(fault !== undefined ? { fault } : {}),
    properties: counts.properties,
    ...(counts.knownDefects.length > 0 ? { knownDefects: counts.knownDefects } : {}),
    actions: counts.actions,
    rejections: counts.rejections,
    totalSteps: parts.reduce((n, r) => n + r.totalSteps, 0),
    durationMs,
    counterexample,
    runsCompleted,
    ...(interrupted ? { interrupted: { ...interrupted, runsCompleted } } : {}),
    ...(budget ? { budget } : {}),
  };
}
