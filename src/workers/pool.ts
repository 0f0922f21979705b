/**
 * `--workers N`: one seed's cases split into chunks of consecutive cases, run by the main thread and
 * a tinypool of N - 1 worker threads (src/workers/worker.ts), merged into the result one process
 * would have written.
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
import { pastDeadline, runSuiteAsync, type RunOptions, type RunResult } from '../run.ts';
import { sumCounts } from '../report/merge.ts';
import type { ChunkResult, ChunkTask, VariantRef } from './worker.ts';
import { processThreadsCpuMs, threadCpuMs, TIMELINE } from './timeline.ts';
import { stopSignalOf, signalCode } from '../interrupt.ts';

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
    // the main thread is the first worker: it starts on the first chunk at once, while the threads
    // load (a thread through tsx takes 0.5 to 2.5 s on this machine before its first case)
    minThreads: opts.workers - 1,
    maxThreads: opts.workers - 1,
  });
  const abs = (t: number): number => performance.timeOrigin + t;
  /** Cases and actions of the main thread's chunk so far (added to the shared counts as they grow). */
  const main = { cases: 0, steps: 0 };
  const onAbort = (): void => {
    Atomics.store(flags, 0, signalCode(stopSignalOf(opts.signal) ?? 'SIGINT'));
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort);
  const timer = setInterval(() => opts.onCase?.(Atomics.load(flags, 1), Atomics.load(flags, 2)), 200);
  /** The lowest case that failed so far: chunks after it need not run. */
  let lowestFailure = Number.POSITIVE_INFINITY;
  let skippedForBudget = false;
  /** The chunks finished so far, and the main thread's chunk in flight: the result so far (SuiteOptions.progress). */
  const finished: { start: number; result: RunResult }[] = [];
  let inFlight: { start: number; take: () => RunResult } | undefined;
  // handed over once the main thread's first chunk has started (before, there is nothing to merge)
  let handedOver = false;
  const sofar = (): RunResult =>
    soFar(
      [...finished, ...(inFlight ? [{ start: inFlight.start, result: inFlight.take() }] : [])],
      (d) => d.result.verdict !== 'pass',
      (parts) =>
        mergeChunks(
          parts.map((d) => d.result),
          opts,
          false,
          performance.now() - t0,
        ),
    );
  try {
    // the variant the threads load, loaded here too (unless the caller gave its functions)
    const v = opts.variant;
    const variant =
      v && opts.apply === undefined && opts.prepare === undefined
        ? ((m) => (v.index !== undefined ? m[v.index] : m))((await import(v.module))[v.name])
        : undefined;
    /** A chunk in the main thread: the same as a worker's (src/workers/worker.ts `runChunk`). */
    const inMain = (start: number, count: number): Promise<RunResult> => {
      main.cases = 0;
      main.steps = 0;
      return runSuiteAsync({
        ...opts,
        ...(variant?.apply ? { apply: variant.apply } : {}),
        ...(variant?.prepare ? { prepare: variant.prepare } : {}),
        runs: count,
        chunk: { start, count },
        startedAt: opts.startedAt ?? t0,
        progress: (take) => {
          inFlight = { start, take };
          if (!handedOver) {
            handedOver = true;
            opts.progress?.(sofar);
          }
        },
        onCase: (done, n) => {
          Atomics.add(flags, 1, done - main.cases);
          Atomics.add(flags, 2, n - main.steps);
          main.cases = done;
          main.steps = n;
        },
      });
    };
    const done = await eachChunk(opts.runs, size, opts.workers, async (start, lane) => {
      // not started after a failure, a stop or the budget's end (the first chunk always runs, in the
      // main thread: stopped before it started, it says so in a result of 0 runs)
      if (start > lowestFailure || (start > 0 && opts.signal?.aborted)) return undefined;
      if (start > 0 && pastDeadline(opts.deadline)) {
        skippedForBudget = true;
        return undefined;
      }
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
      const began = performance.now() - t0;
      const c0 = lane === 0 && TIMELINE ? threadCpuMs() : undefined;
      const result = lane === 0 ? await inMain(start, task.count) : ((await pool.run(task)) as ChunkResult);
      if (TIMELINE) {
        const c1 = lane === 0 ? threadCpuMs() : undefined;
        const cpuMs = lane === 0 ? (c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined) : (result as ChunkResult).cpuMs;
        process.stderr.write(
          `timeline: lane ${lane} cases ${start}+${task.count} ${began.toFixed(0)}..${(performance.now() - t0).toFixed(0)} ms, ${result.totalSteps} actions${cpuMs !== undefined ? `, thread CPU ${cpuMs} ms` : ''}\n`,
        );
      }
      if (result.counterexample !== undefined || result.verdict === 'fault') lowestFailure = Math.min(lowestFailure, start);
      if (lane === 0) inFlight = undefined;
      finished.push({ start, result });
      return result;
    });
    if (TIMELINE)
      process.stderr.write(
        `timeline: threads' CPU (ms, main thread first): ${processThreadsCpuMs()
          .map((t) => t.cpuMs)
          .join(' ')}\n`,
      );
    const upTo = done.findIndex((d) => d.result !== undefined && (d.result.counterexample !== undefined || d.result.verdict === 'fault'));
    const parts = (upTo < 0 ? done : done.slice(0, upTo + 1)).map((d) => d.result).filter((r): r is RunResult => r !== undefined);
    return mergeChunks(parts, opts, skippedForBudget, performance.now() - t0);
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}

/**
 * `run(start, lane)` for the chunks starting at 0, size, 2 size, … below `runs`, in case order, at
 * most `lanes` at a time (one per worker; lane 0 is the main thread's): a chunk is handed to the pool only when a worker is free, so
 * that `run` can decide then not to start it (after a failure, a signal or the budget's end) rather
 * than the pool working through every chunk queued at the start (a million runs: 20,000 chunks).
 * The results in case order.
 */
export async function eachChunk<T>(
  runs: number,
  size: number,
  lanes: number,
  run: (start: number, lane: number) => Promise<T | undefined>,
): Promise<{ start: number; result: T | undefined }[]> {
  const done: { start: number; result: T | undefined }[] = [];
  let next = 0;
  const lane = async (_: unknown, i: number): Promise<void> => {
    for (let start = next; start < runs; start = next) {
      next += size;
      done.push({ start, result: await run(start, i) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  return done.sort((a, b) => a.start - b.start);
}

/**
 * The result so far of chunks run in parallel (the reports written while they run): the chunks that
 * finished, and a chunk's result so far, taken in case order up to the first that failed (a result so
 * far has a `fail` verdict but no counterexample yet), merged by `merge`.
 */
export function soFar<T extends { readonly start: number }, R extends RunResult>(
  chunks: readonly T[],
  ends: (chunk: T) => boolean,
  merge: (parts: T[]) => R,
): R {
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  const upTo = sorted.findIndex(ends);
  const parts = upTo < 0 ? sorted : sorted.slice(0, upTo + 1);
  const merged = merge(parts);
  // (a failure being shrunk: no counterexample yet, so the merge reads it as none)
  return merged.verdict === 'pass' && upTo >= 0 ? { ...merged, verdict: 'fail' } : merged;
}

/** The chunks' results (in case order, up to the first failure) as one run's. */
function mergeChunks(parts: readonly RunResult[], opts: WorkerRunOptions, skippedForBudget: boolean, durationMs: number): RunResult {
  const last = parts.at(-1);
  const before = parts.slice(0, -1).reduce((n, r) => n + r.totalSteps, 0);
  const cx = last?.counterexample;
  const counterexample = cx && {
    ...cx,
    seed: opts.seed,
    ...(cx.found ? { found: { ...cx.found, actions: cx.found.actions + before } } : {}),
  };
  const runsCompleted = parts.reduce((n, r) => n + (r.runsCompleted ?? 0), 0);
  // (a signal may come while no chunk runs: the chunks not started say it)
  const signal = stopSignalOf(opts.signal) ?? parts.find((r) => r.interrupted)?.interrupted?.signal;
  const interrupted = signal !== undefined ? { signal, runsCompleted } : undefined;
  const budget =
    (skippedForBudget || parts.some((r) => r.budget)) && !interrupted ? { seconds: opts.budgetSeconds ?? 0, runsCompleted } : undefined;
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
