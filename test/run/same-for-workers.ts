/**
 * Shared by the worker-determinism tests of `run` (test/run/workers.test.ts) and `check`
 * (test/check/workers.test.ts): a seed's result must not depend on the number of workers N.
 */
import { expect } from 'vitest';
import type { RunResult } from '../../src/run.ts';
import { MUTANTS, type Mutant } from '../properties/mutants.ts';

/** What of a run's result must not depend on N (not the timings). */
export const comparableRun = (r: RunResult) => ({
  verdict: r.verdict,
  runsCompleted: r.runsCompleted,
  totalSteps: r.totalSteps,
  properties: r.properties,
  actions: r.actions,
  rejections: r.rejections,
  knownDefects: r.knownDefects,
  counterexample: r.counterexample && comparableCounterexample(r.counterexample),
});

/** What of a run's first counterexample must not depend on N. */
export const comparableCounterexample = (c: NonNullable<RunResult['counterexample']>) => ({
  property: c.property,
  path: c.path,
  replayPath: c.replayPath,
  steps: c.steps,
  failingStep: c.failingStep,
  run: c.found?.run,
  actions: c.found?.actions,
});

/**
 * The first deliberately wrong variant of test/properties/mutants.ts under blend-v2, and how a
 * worker loads it (`variant`: the module, its export and the index).
 */
export function firstBlendV2Variant(): { mutant: Mutant; variant: { module: string; name: string; index: number } } {
  const index = MUTANTS.findIndex((m) => m.profile === 'blend-v2');
  return {
    mutant: MUTANTS[index]!,
    variant: { module: new URL('../properties/mutants.ts', import.meta.url).href, name: 'MUTANTS', index },
  };
}

/** Asserts that the result with N = 2 and N = 3 workers (`withWorkers(N)`) is `one`'s, compared as `comparable`. */
export async function expectSameForWorkers<R, C>(
  one: C,
  comparable: (r: R) => C,
  withWorkers: (workers: number) => Promise<R>,
): Promise<void> {
  for (const workers of [2, 3]) expect(comparable(await withWorkers(workers))).toEqual(one);
}
