/**
 * The reference model keeps every property: the invariant suites on the model, per profile. Also the
 * invariant-suite part of the mutation run (vitest.mutation.config.ts, `npm run mutation`).
 */
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';

describe('the reference model keeps every property', () => {
  for (const name of ['documented', 'blend-v1', 'blend-v2'] as const) {
    it(`${name}: 200 runs pass`, () => {
      const r = runSuite({ profile: PROFILES[name], runs: 200, steps: 200, seed: 7 });
      expect(r.counterexample?.message).toBeUndefined();
      expect(r.verdict).toBe('pass');
    });
  }
});
