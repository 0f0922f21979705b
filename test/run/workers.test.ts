/**
 * `--workers N` (src/workers/pool.ts): a seed's result is the same for N = 1, 2 and 3 (the same
 * runs, counts, first counterexample and shrunk steps), on a deliberately wrong variant and on a
 * passing profile.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../spec/profiles.ts';
import { runSuiteAsync } from '../../src/run.ts';
import { runSuiteWorkers } from '../../src/workers/pool.ts';
import { comparableRun as comparable, expectSameForWorkers, firstBlendV2Variant } from './same-for-workers.ts';

describe('--workers', () => {
  it('a passing profile: the same counts for N = 1, 2, 3', async () => {
    const opts = { profile: PROFILES['blend-v2'], runs: 60, steps: 40, seed: 7 };
    const one = comparable(await runSuiteAsync(opts));
    expect(one.verdict).toBe('pass');
    expect(one.runsCompleted).toBe(60);
    await expectSameForWorkers(one, comparable, (workers) => runSuiteWorkers({ ...opts, workers }));
  }, 120_000);

  it('a deliberately wrong variant: the same first counterexample and shrunk steps for N = 1, 2, 3', async () => {
    const { mutant: m, variant } = firstBlendV2Variant();
    const opts = { profile: PROFILES[m.profile], runs: 400, steps: 100, seed: 3 };
    const one = comparable(await runSuiteAsync({ ...opts, apply: m.apply, prepare: m.prepare }));
    expect(one.verdict).toBe('fail');
    expect(one.counterexample?.property).toBe(m.property);
    await expectSameForWorkers(one, comparable, (workers) => runSuiteWorkers({ ...opts, workers, variant }));
  }, 180_000);
});
