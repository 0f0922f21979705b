/**
 * `check --workers N`: one seed's lockstep check split as `run --workers` splits a run
 * (src/workers/pool.ts): chunks of consecutive cases on the main thread and a tinypool of N - 1
 * worker threads, merged in case order up to the lowest failing case. The main thread checks its
 * chunks against the caller's implementation; each thread's chunk gets an implementation of its own
 * (src/workers/check-worker.ts: a child process per chunk for `--impl "<command>"`, `model` and
 * `soroban`, or the model in the thread).
 *
 * First, in this thread and on the caller's implementation, what one process does before the
 * generated cases: the handshake, under `documented` the recorded differences, and the corpus
 * (src/check/check.ts with a chunk of no cases). A fault, a finding or a stop there ends the check
 * as in one process. Then the generated cases: the counts are those of the corpus and of cases
 * 0..f, the counterexample that of the lowest failing case f, shrunk by fast-check from that case.
 * So a seed's result (runs, counts, counterexample, shrunk steps, replay path) is the same for any N.
 */
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { COMPILED, runtimeModule } from '../package-root.ts';
import { getProfile } from '../../spec/profiles.ts';
import { runCheck, type CheckOptions, type CheckResult } from '../check/check.ts';
import type { Implementation } from '../check/implementation.ts';
import { bound } from './bound.ts';
import { pastDeadline } from '../run.ts';
import { sumCounts } from '../report/merge.ts';
import type { EstimatesReport } from '../check/estimator.ts';
import type { EstimateTally } from '../check/claimable.ts';
import { stopSignalOf, signalCode } from '../interrupt.ts';
import { eachChunk, soFar } from './pool.ts';
import type { CheckChunkOutcome, CheckChunkTask, ImplSpec } from './check-worker.ts';

export type { ImplSpec } from './check-worker.ts';

/**
 * Cases per chunk of a check: each chunk starts an implementation (a child process: ~0.1 to 3 s,
 * the Soroban driver's genesis included), so about two chunks a worker, to share the runs out and
 * still stop soon after a failure.
 */
export const checkChunkSize = (runs: number, workers: number): number => Math.max(1, Math.ceil(runs / (workers * 2)));

export interface CheckWorkerOptions extends CheckOptions {
  readonly workers: number;
  /** What each worker starts for itself (`impl` itself serves the handshake, the documents and the corpus, in this thread). */
  readonly workerImpl: ImplSpec;
}

/** The check of `opts` on `opts.workers` worker threads; the same result as `runCheck` for the seed. */
export async function runCheckWorkers(opts: CheckWorkerOptions): Promise<CheckResult> {
  const t0 = performance.now();
  const startedAt = opts.startedAt ?? t0;
  // the handshake, the documents and the corpus, on the caller's implementation
  const first = await runCheck({ ...opts, startedAt, chunk: { start: 0, count: 0 } });
  if (first.fault || first.counterexample || first.interrupted || first.budget || opts.signal?.aborted) return first;
  if (pastDeadline(opts.deadline)) return { ...first, budget: { seconds: opts.budgetSeconds ?? 0, runsCompleted: 0 } };
  // the main thread is the first worker, on the caller's implementation (its handshake already made)
  const mainImpl: Implementation = {
    ...bound(opts.impl),
    handshake: async () => first.implementation,
  };

  const shared = new SharedArrayBuffer(12);
  const flags = new Int32Array(shared);
  const size = checkChunkSize(opts.runs, opts.workers);
  const pool = new Tinypool({
    // compiled (the installed package): the worker's JavaScript itself; from the sources, check-entry.mjs
    // registers tsx's loader in the thread first
    ...(COMPILED
      ? { filename: pathToFileURL(runtimeModule('src/workers/check-worker.ts')).href, name: 'runCheckChunk' }
      : { filename: new URL('./check-entry.mjs', import.meta.url).href }),
    // the main thread is the first worker: it starts at once, while the threads load
    minThreads: opts.workers - 1,
    maxThreads: opts.workers - 1,
  });
  /** Cases and actions of the main thread's chunk so far (added to the shared counts as they grow). */
  const main = { cases: 0, steps: 0 };
  /** A chunk in the main thread: the same as a worker's (src/workers/check-worker.ts `runCheckChunk`). */
  const inMain = async (start: number, count: number): Promise<CheckChunkOutcome> => {
    main.cases = 0;
    main.steps = 0;
    const result = await runCheck({
      ...opts,
      profile: getProfile(first.profile)!,
      impl: mainImpl,
      corpus: [],
      runs: count,
      chunk: { start, count },
      startedAt,
      progress: (take) => {
        inFlight = { start, take };
      },
      onCase: (done, n) => {
        Atomics.add(flags, 1, done - main.cases);
        Atomics.add(flags, 2, n - main.steps);
        main.cases = done;
        main.steps = n;
      },
    });
    return { result };
  };
  const abs = (t: number): number => performance.timeOrigin + t;
  const onAbort = (): void => {
    Atomics.store(flags, 0, signalCode(stopSignalOf(opts.signal) ?? 'SIGINT'));
  };
  opts.signal?.addEventListener('abort', onAbort);
  const timer = setInterval(() => opts.onCase?.(Atomics.load(flags, 1), first.totalSteps + Atomics.load(flags, 2)), 200);
  /** The lowest case that failed so far: chunks after it need not run. */
  let lowestFailure = Number.POSITIVE_INFINITY;
  let skippedForBudget = false;
  /** The chunks finished so far, and the main thread's chunk in flight: the result so far (CheckOptions.progress). */
  const finished: { start: number; outcome: CheckChunkOutcome }[] = [];
  let inFlight: { start: number; take: () => CheckResult } | undefined;
  opts.progress?.(() =>
    soFar(
      [...finished, ...(inFlight ? [{ start: inFlight.start, outcome: { result: inFlight.take() } }] : [])],
      (d) => 'implementationFault' in d.outcome || d.outcome.result.verdict !== 'pass',
      (parts) =>
        mergeCheckChunks(
          first,
          parts.map((d) => d.outcome),
          opts,
          false,
          performance.now() - t0,
        ),
    ),
  );
  try {
    const done = await eachChunk(opts.runs, size, opts.workers, async (start, lane) => {
      // not started: after a failure, a stop, or the budget's end (no implementation started for nothing)
      if (start > lowestFailure || opts.signal?.aborted) return undefined;
      if (pastDeadline(opts.deadline)) {
        skippedForBudget = true;
        return undefined;
      }
      const task: CheckChunkTask = {
        impl: opts.workerImpl,
        profile: first.profile,
        seed: opts.seed,
        steps: opts.steps,
        start,
        count: Math.min(size, opts.runs - start),
        ...(opts.world ? { world: opts.world } : {}),
        ...(opts.properties ? { propertyIds: opts.properties.map((p) => p.id) } : {}),
        ...(opts.fullStateEvery !== undefined ? { fullStateEvery: opts.fullStateEvery } : {}),
        ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
        startedAt: abs(startedAt),
        ...(opts.deadline !== undefined ? { deadlineAt: abs(opts.deadline), budgetSeconds: opts.budgetSeconds } : {}),
        shared,
      };
      const outcome = lane === 0 ? await inMain(start, task.count) : ((await pool.run(task)) as CheckChunkOutcome | undefined);
      if (outcome !== undefined && failing(outcome)) lowestFailure = Math.min(lowestFailure, start);
      if (lane === 0) inFlight = undefined;
      if (outcome !== undefined) finished.push({ start, outcome });
      return outcome;
    });
    const upTo = done.findIndex((d) => d.result !== undefined && failing(d.result));
    const parts = (upTo < 0 ? done : done.slice(0, upTo + 1)).map((d) => d.result).filter((o) => o !== undefined);
    return mergeCheckChunks(first, parts, opts, skippedForBudget, performance.now() - t0);
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}

/** A chunk that ends the check: a finding, a fault, or a handshake refused. */
const failing = (o: CheckChunkOutcome): boolean =>
  'implementationFault' in o || o.result.counterexample !== undefined || o.result.verdict === 'fault';

/** The part before the generated cases and the chunks' results (in case order, up to the first failure) as one check's. */
function mergeCheckChunks(
  first: CheckResult,
  outcomes: readonly CheckChunkOutcome[],
  opts: CheckWorkerOptions,
  skippedForBudget: boolean,
  durationMs: number,
): CheckResult {
  const parts = outcomes.flatMap((o) => ('result' in o ? [o.result] : []));
  const refused = outcomes.flatMap((o) => ('implementationFault' in o ? [o.implementationFault] : []))[0];
  const last = outcomes.at(-1) !== undefined && 'result' in outcomes.at(-1)! ? parts.at(-1) : undefined;
  const all = [first, ...parts];
  const counts = sumCounts(all);
  // found.run and found.actions count the corpus's sequences and steps and those of the chunks before
  const before = [first, ...parts.slice(0, -1)].reduce((n, r) => n + r.totalSteps, 0);
  const cx = last?.counterexample;
  const counterexample = cx && {
    ...cx,
    seed: opts.seed,
    ...(cx.found ? { found: { ...cx.found, run: cx.found.run + first.corpus.replayed, actions: cx.found.actions + before } } : {}),
  };
  const runsCompleted = parts.reduce((n, r) => n + (r.runsCompleted ?? 0), 0);
  const signal = stopSignalOf(opts.signal) ?? parts.find((r) => r.interrupted)?.interrupted?.signal;
  const budget =
    !signal && (skippedForBudget || parts.some((r) => r.budget)) ? { seconds: opts.budgetSeconds ?? 0, runsCompleted } : undefined;
  const fault = refused ?? last?.fault;
  const implChecks = first.implChecks.map((row) => ({
    id: row.id,
    checks: all.reduce((n, r) => n + (r.implChecks.find((x) => x.id === row.id)?.checks ?? 0), 0),
  }));
  const stateReplies = all.reduce(
    (t, r) => ({ equal: t.equal + (r.stateReplies?.equal ?? 0), read: t.read + (r.stateReplies?.read ?? 0) }),
    {
      equal: 0,
      read: 0,
    },
  );
  const estimates = mergeEstimates(all.map((r) => r.estimates));
  const unconfirmed = first.documents !== undefined && first.documents.confirmed < first.documents.differences.length;
  return {
    ...first,
    verdict: fault !== undefined ? 'fault' : counterexample !== undefined || unconfirmed ? 'fail' : 'pass',
    properties: counts.properties,
    ...(counts.knownDefects.length > 0 ? { knownDefects: counts.knownDefects } : {}),
    actions: counts.actions,
    rejections: counts.rejections,
    totalSteps: all.reduce((n, r) => n + r.totalSteps, 0),
    durationMs,
    counterexample,
    // the lowest failing case as first found (for --baseline bundled): the same for any N
    ...(counterexample && last?.unshrunk ? { unshrunk: last.unshrunk } : {}),
    finding: last?.finding,
    fault,
    implChecks,
    stateReplies,
    runsCompleted,
    ...(signal ? { interrupted: { signal, runsCompleted } } : {}),
    ...(budget ? { budget } : {}),
    ...(estimates ? { estimates } : {}),
  };
}

/** The `claimable` probes' tallies of every part, summed (the mode and tolerance are the same in each). */
function mergeEstimates(parts: readonly (EstimatesReport | undefined)[]): EstimatesReport | undefined {
  const given = parts.filter((e): e is EstimatesReport => e !== undefined);
  if (given.length === 0) return undefined;
  const byDecimals: Record<string, number> = {};
  for (const e of given) for (const [d, n] of Object.entries(e.byDecimals)) byDecimals[d] = (byDecimals[d] ?? 0) + n;
  const sum = (k: Exclude<keyof EstimateTally, 'byDecimals'>): number => given.reduce((n, e) => n + e[k], 0);
  return {
    ...given[0]!,
    points: sum('points'),
    requests: sum('requests'),
    compared: sum('compared'),
    backstop: sum('backstop'),
    pools: sum('pools'),
    paying: sum('paying'),
    future: sum('future'),
    reverts: sum('reverts'),
    zeroWhereReverts: sum('zeroWhereReverts'),
    unfundedWhereReverts: sum('unfundedWhereReverts'),
    usersWithPositions: sum('usersWithPositions'),
    probedUsers: sum('probedUsers'),
    byDecimals,
  };
}
