/**
 * A counterexample's printed steps are the calls its failing case applied, one per action, in
 * order: fast-check shares a command object between shrinking attempts, so a command's own
 * toString may describe a later attempt (a claim printed with pool P0 where F8 was applied).
 */
import { describe, expect, it } from 'vitest';
import { toCall } from '../../model/actions.ts';
import { runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { PropertyViolation } from '../../properties/types.ts';
import { MUTANTS } from '../properties/mutants.ts';

describe('counterexample steps', () => {
  for (const id of ['BLND-CLAIM-001', 'BLND-Q4W-001', 'BLND-DIST-001', 'BLND-POOL-002']) {
    it(`${id}: the printed steps are the applied actions, and replaying them fails at the failing step`, () => {
      const m = MUTANTS.find((x) => x.property === id)!;
      const profile = PROFILES[m.profile];
      const r = runSuite({ profile, runs: 600, steps: 250, seed: 20261121, apply: m.apply, prepare: m.prepare });
      const c = r.counterexample!;
      expect(r.verdict).toBe('fail');
      expect(c.steps).toHaveLength(c.actions.length);
      expect(c.failingStep).toBe(c.actions.length - 1);
      const w = createWorld(profile, { users: 10, pools: 5, start: 1_736_780_911n, rewardZoneGap: 1 });
      expect(c.steps).toEqual(c.actions.map((a) => toCall(a, (x) => w.names.get(x) ?? x)));
      // the same actions, applied by hand to the same wrong variant, break the same property at the same step
      m.prepare?.(w);
      const h = new Harness(
        w,
        PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile)),
        new Stats(),
        m.apply,
      );
      let caught: PropertyViolation | undefined;
      try {
        for (const a of c.actions) h.step(a);
      } catch (e) {
        if (!(e instanceof PropertyViolation)) throw e;
        caught = e;
      }
      expect(caught?.propertyId).toBe(c.property);
      expect(caught?.stepIndex).toBe(c.failingStep);
    });
  }
});
