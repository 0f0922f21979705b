/**
 * Every property catches a deliberately wrong variant of the model (the model itself keeps every
 * property: test/properties/model.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { runSuite } from '../../src/run.ts';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from './mutants.ts';
import { sourceOf } from '../fixtures/impls/_wrap.ts';

describe('each property catches its wrong variant', () => {
  it('every property has a mutant', () => {
    expect(new Set(MUTANTS.map((m) => m.property))).toEqual(new Set(PROPERTIES.map((p) => p.id)));
  });

  it('no two wrong variants are the same code (a copied variant proves nothing for its second property)', () => {
    const seen = new Map<string, string>();
    for (const m of MUTANTS) {
      const code = `${m.profile}\n${sourceOf(m.apply)}\n${sourceOf(m.prepare)}`;
      expect(seen.get(code), `${m.property} is the same variant as ${seen.get(code)}`).toBeUndefined();
      seen.set(code, m.property);
    }
  });

  for (const m of MUTANTS) {
    it(`${m.property} catches: ${m.bug}`, () => {
      const prop = PROPERTIES.find((p) => p.id === m.property)!;
      const r = runSuite({
        profile: PROFILES[m.profile],
        // a bare `run`'s settings: the defaults must find each variant
        runs: RUN_DEFAULTS.runs,
        steps: RUN_DEFAULTS.steps,
        seed: 20261121,
        properties: [prop],
        apply: m.apply,
        prepare: m.prepare,
      });
      expect(r.verdict, `${m.property} did not catch "${m.bug}"`).toBe('fail');
      expect(r.counterexample?.property).toBe(m.property);
      expect(r.counterexample!.steps.length).toBeGreaterThan(0);
    });
  }
});
