/**
 * The reach of a default blend-v2 run, shared by the emitter reach tests: 200 runs of the default
 * steps, seed 5, the default world, every step counted by a `ReachCounter` (src/commands/reach.ts).
 */
import { expect } from 'vitest';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';

/** Runs it (a pass expected) and expects each of `keys` reached more than once. */
export function expectReachedMoreThanOnce(keys: readonly ReachKey[]): void {
  const counter = new ReachCounter();
  const r = runSuite({
    profile: PROFILES['blend-v2'],
    runs: 200,
    steps: RUN_DEFAULTS.steps,
    seed: 5,
    world: DEFAULT_WORLD,
    apply: counter.apply,
  });
  expect(r.verdict).toBe('pass');
  const counts = JSON.stringify(Object.fromEntries(counter.counts));
  for (const k of keys) expect(counter.count(k), `${k}: ${counts}`).toBeGreaterThan(1);
}
