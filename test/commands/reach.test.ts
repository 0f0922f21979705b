/**
 * Ordinary default runs reach the boundaries (issue 17, point 2): the default `run` of each profile
 * (1,300 runs of up to 200 steps, the default world), with a fixed seed, reaches each boundary that
 * applies under the profile at least once: every time limit at t - 1 s and at t, the full reward
 * zone, a swap and its drop, the backfill cap and the queue-all chain, each counted from the step's
 * before-state and outcome (src/commands/reach.ts). And a failure found through a scenario command
 * still shrinks to a short sequence whose actions, replayed, fail at the same step.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { CHECK_DEFAULTS } from '../../src/cli/commands/check.ts';
import { REACH_KEYS, ReachCounter, reachTargets } from '../../src/commands/reach.ts';
import { PROFILE_NAMES, PROFILES } from '../../spec/profiles.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { PropertyViolation, type Property } from '../../properties/types.ts';
import { runCheck } from '../../src/check/check.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';

const SEED = 17;

describe('a default run reaches every boundary', () => {
  for (const name of PROFILE_NAMES) {
    it(`${name}: each boundary that applies at least once in ${RUN_DEFAULTS.runs} runs x ${RUN_DEFAULTS.steps} steps`, () => {
      const profile = PROFILES[name];
      const counter = new ReachCounter();
      const r = runSuite({
        profile,
        runs: RUN_DEFAULTS.runs,
        steps: RUN_DEFAULTS.steps,
        seed: SEED,
        world: DEFAULT_WORLD,
        apply: counter.apply,
      });
      expect(r.verdict).toBe('pass');
      const unreached = reachTargets(profile).filter((k) => counter.count(k) === 0);
      expect(unreached, `unreached under ${name}: ${JSON.stringify(Object.fromEntries(counter.counts))}`).toEqual([]);
      // the counts agree with the run's own tables where they overlap
      const accepted = (fn: string) => r.actions.find((a) => a.name === fn)?.accepted ?? 0;
      expect(counter.count('swap: swap_backstop accepted')).toBe(accepted('emitter.swap_backstop'));
      expect(counter.count('swap: queue_swap_backstop accepted')).toBe(accepted('emitter.queue_swap_backstop'));
    }, 180_000);
  }

  it('the boundaries left out of a profile are the rules it does not have', () => {
    expect(REACH_KEYS.filter((k) => !reachTargets(PROFILES['blend-v2']).includes(k))).toEqual([]);
    const v1Out = REACH_KEYS.filter((k) => !reachTargets(PROFILES['blend-v1']).includes(k));
    expect(
      v1Out.every((k) =>
        /^(gulp-24h|gulp-minimum|rz-edit-window|backfill|chain: queue-all|rz-empty|big-index|deep-time|pool-deep|emission-credit|all-queued|submit-many: submit_with_allowance|status|rz-threshold)/.test(
          k,
        ),
      ),
    ).toBe(true);
  });
});

describe('a default check of the model reaches the boundaries too', () => {
  // `check --impl model`'s defaults: the runs and steps of a bare `run` (src/cli/commands/check.ts CHECK_DEFAULTS; its 60 s budget left out, so that the result does not depend on the machine's load)
  for (const name of PROFILE_NAMES) {
    it(`${name}: the default runs and steps in lockstep exercise every applicable property and reach the swap, the 24 h gulp rule and the full zone`, async () => {
      const profile = PROFILES[name];
      const counter = new ReachCounter();
      const r = await runCheck({
        profile,
        runs: CHECK_DEFAULTS.runs,
        steps: CHECK_DEFAULTS.steps,
        seed: SEED,
        impl: new InProcessImplementation('model (counting)', counter.apply),
      });
      expect(r.verdict).toBe('pass');
      expect(r.properties.filter((p) => p.status === 'not exercised').map((p) => p.id)).toEqual([]);
      const keys = reachTargets(profile).filter((k) => /^(swap:|rz-full|gulp-24h: rejected at|backfill)/.test(k));
      expect(
        keys.filter((k) => counter.count(k) === 0),
        JSON.stringify(Object.fromEntries(counter.counts)),
      ).toEqual([]);
    }, 600_000);
  }
});

describe('shrinking through scenario commands', () => {
  // a property that no swap may be accepted: reached (mostly) through the swap scenario
  const noSwap: Property = {
    id: 'TEST-NO-SWAP',
    claim: 'no backstop swap is accepted (a test property that must fail)',
    rules: [],
    applies: (s) => s.action.fn === 'emitter.swap_backstop' && s.outcome.ok,
    check: () => 'a swap was accepted',
  };
  it('a failure is shrunk to a short sequence, and its actions replayed fail at the same step', () => {
    const profile = PROFILES['blend-v2'];
    const r = runSuite({ profile, runs: 300, steps: 200, seed: SEED, world: DEFAULT_WORLD, properties: [noSwap] });
    expect(r.verdict).toBe('fail');
    const c = r.counterexample!;
    expect(c.property).toBe('TEST-NO-SWAP');
    expect(c.actions.at(-1)?.fn).toBe('emitter.swap_backstop');
    expect(c.actions.length).toBeLessThanOrEqual(8);
    const h = new Harness(createWorld(profile, DEFAULT_WORLD), [noSwap], new Stats());
    let caught: PropertyViolation | undefined;
    try {
      for (const a of c.actions) h.step(a);
    } catch (e) {
      if (!(e instanceof PropertyViolation)) throw e;
      caught = e;
    }
    expect(caught?.stepIndex).toBe(c.failingStep);
  }, 180_000);
});
