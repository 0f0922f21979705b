/**
 * `check --workers N` (src/workers/check-pool.ts): a seed's result is the same for N = 1, 2 and 3
 * (the same runs, counts, state replies, first counterexample and shrunk steps), against a
 * subprocess implementation (each worker thread its own child process): the correct model server
 * and a deliberately wrong one (test/fixtures/impls/drop-twice.ts); and against the model in
 * process with a deliberately wrong variant (test/properties/mutants.ts).
 */
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckOptions, type CheckResult } from '../../src/check/check.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { TSX_LOADER } from '../../src/cli/main.ts';
import { runCheckWorkers, type ImplSpec } from '../../src/workers/check-pool.ts';
import { PROFILES } from '../../spec/profiles.ts';
import type { Mutant } from '../properties/mutants.ts';
import { comparableCounterexample, comparableRun, expectSameForWorkers, firstBlendV2Variant } from '../run/same-for-workers.ts';

const SERVER = new URL('../../adapters/model/main.ts', import.meta.url).pathname;
const DROP_TWICE = new URL('../fixtures/impls/drop-twice.ts', import.meta.url).pathname;

/** What must not depend on N (not the timings): a run's (comparableRun), and the check's own. */
const comparable = (r: CheckResult) => ({
  ...comparableRun(r),
  fault: r.fault,
  profile: r.profile,
  implChecks: r.implChecks,
  stateReplies: r.stateReplies,
  skippedActions: r.skippedActions,
  implementation: r.implementation.name,
  corpus: r.corpus,
  finding: r.finding,
  counterexample: r.counterexample && {
    ...comparableCounterexample(r.counterexample),
    message: r.counterexample.message,
    seed: r.counterexample.seed,
    shrinkSteps: r.counterexample.shrink?.steps,
  },
});

/** A subprocess implementation: `file` served over the check protocol through tsx. */
const subprocess = (file: string): Extract<ImplSpec, { kind: 'subprocess' }> => ({
  kind: 'subprocess',
  command: `"${process.execPath}" --import "${TSX_LOADER}" "${file}"`,
  timeoutMs: 30_000,
  initTimeoutMs: 60_000,
});

/** The check of `opts` with N workers (N = 1: one process, runCheck itself) against `spec`. */
async function check(spec: ImplSpec, workers: number, opts: Omit<CheckOptions, 'impl'>, variant?: Mutant): Promise<CheckResult> {
  const impl =
    spec.kind === 'subprocess'
      ? new SubprocessImplementation({ ...spec, exitOnSignal: false })
      : new InProcessImplementation(undefined, variant?.apply, variant?.prepare);
  try {
    return workers === 1 ? await runCheck({ ...opts, impl }) : await runCheckWorkers({ ...opts, impl, workers, workerImpl: spec });
  } finally {
    await impl.close();
  }
}

describe('check --workers', () => {
  it('the correct model server: the same counts for N = 1, 2, 3', async () => {
    const opts = { profile: PROFILES['blend-v2'], runs: 16, steps: 30, seed: 11, fullStateEvery: 8 };
    const spec = subprocess(SERVER);
    const one = comparable(await check(spec, 1, opts));
    expect(one.verdict).toBe('pass');
    expect(one.runsCompleted).toBe(16);
    expect(one.stateReplies!.read).toBeGreaterThan(0);
    await expectSameForWorkers(one, comparable, (workers) => check(spec, workers, opts));
  }, 480_000);

  it('a deliberately wrong implementation (drop-twice): the same first counterexample and shrunk steps for N = 1, 2, 3', async () => {
    const opts = { profile: PROFILES['blend-v2'], runs: 300, steps: 40, seed: 20261121 };
    const spec = subprocess(DROP_TWICE);
    const one = comparable(await check(spec, 1, opts));
    expect(one.verdict).toBe('fail');
    expect(one.counterexample?.steps.at(-1)).toMatch(/\.drop\(\)$/);
    // found after some runs passed: the chunks before the failing one are merged in
    expect(one.counterexample!.run).toBeGreaterThan(1);
    await expectSameForWorkers(one, comparable, (workers) => check(spec, workers, opts));
  }, 400_000);

  it('the model in process with a deliberately wrong variant: the same result for N = 1, 2, 3', async () => {
    const { mutant: m, variant } = firstBlendV2Variant();
    const opts = { profile: PROFILES[m.profile], runs: 200, steps: 60, seed: 3 };
    const spec: ImplSpec = { kind: 'in-process', variant };
    const one = comparable(await check(spec, 1, opts, m));
    expect(one.verdict).toBe('fail');
    await expectSameForWorkers(one, comparable, (workers) => check(spec, workers, opts, m));
  }, 240_000);
});
