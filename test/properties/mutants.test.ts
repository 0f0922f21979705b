/**
 * Every property catches a deliberately wrong variant of the model, and passes on the model itself.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from './mutants.ts';

describe('each property catches its wrong variant', () => {
  it('every property has a mutant', () => {
    expect(new Set(MUTANTS.map((m) => m.property))).toEqual(new Set(PROPERTIES.map((p) => p.id)));
  });

  for (const m of MUTANTS) {
    it(`${m.property} catches: ${m.bug}`, () => {
      const prop = PROPERTIES.find((p) => p.id === m.property)!;
      const r = runSuite({ profile: PROFILES[m.profile], runs: 600, steps: 250, seed: 20261121, properties: [prop], apply: m.apply, prepare: m.prepare });
      expect(r.verdict, `${m.property} did not catch "${m.bug}"`).toBe('fail');
      expect(r.counterexample?.property).toBe(m.property);
      expect(r.counterexample!.steps.length).toBeGreaterThan(0);
    });
  }
});

describe('the reference model keeps every property', () => {
  for (const name of ['documented', 'blend-v1', 'blend-v2'] as const) {
    it(`${name}: 200 runs pass`, () => {
      const r = runSuite({ profile: PROFILES[name], runs: 200, steps: 200, seed: 7 });
      expect(r.counterexample?.message).toBeUndefined();
      expect(r.verdict).toBe('pass');
    });
  }
});
