/**
 * `--workers N` (src/workers/pool.ts): a seed's result is the same for N = 1, 2 and 3 (the same
 * runs, counts, first counterexample and shrunk steps), on a deliberately wrong variant and on a
 * passing profile.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../spec/profiles.ts';
import { runSuiteAsync, type RunResult } from '../../src/run.ts';
import { runSuiteWorkers } from '../../src/workers/pool.ts';
import { MUTANTS } from './../properties/mutants.ts';

/** What must not depend on N (not the timings). */
const comparable = (r: RunResult) => ({
  verdict: r.verdict,
  runsCompleted: r.runsCompleted,
  totalSteps: r.totalSteps,
  properties: r.properties,
  actions: r.actions,
  rejections: r.rejections,
  knownDefects: r.knownDefects,
  counterexample: r.counterexample && {
    property: r.counterexample.property,
    path: r.counterexample.path,
    replayPath: r.counterexample.replayPath,
    steps: r.counterexample.steps,
    failingStep: r.counterexample.failingStep,
    run: r.counterexample.found?.run,
    actions: r.counterexample.found?.actions,
  },
});

describe('--workers', () => {
  it('a passing profile: the same counts for N = 1, 2, 3', async () => {
    const opts = { profile: PROFILES['blend-v2'], runs: 60, steps: 40, seed: 7 };
    const one = comparable(await runSuiteAsync(opts));
    expect(one.verdict).toBe('pass');
    expect(one.runsCompleted).toBe(60);
    for (const workers of [2, 3]) expect(comparable(await runSuiteWorkers({ ...opts, workers }))).toEqual(one);
  }, 120_000);

  it('a deliberately wrong variant: the same first counterexample and shrunk steps for N = 1, 2, 3', async () => {
    const index = MUTANTS.findIndex((m) => m.profile === 'blend-v2');
    const m = MUTANTS[index]!;
    const opts = { profile: PROFILES[m.profile], runs: 400, steps: 100, seed: 3 };
    const one = comparable(await runSuiteAsync({ ...opts, apply: m.apply, prepare: m.prepare }));
    expect(one.verdict).toBe('fail');
    expect(one.counterexample?.property).toBe(m.property);
    const variant = { module: new URL('../properties/mutants.ts', import.meta.url).href, name: 'MUTANTS', index };
    for (const workers of [2, 3]) expect(comparable(await runSuiteWorkers({ ...opts, workers, variant }))).toEqual(one);
  }, 180_000);
});
