/**
 * The reach of a blend-v2 run, shared by the reach tests: `runs` runs (200 by default) of the
 * default steps at `seed` (5 by default), in the default world or the world with the whale, every
 * step counted by a `ReachCounter` (src/commands/reach.ts).
 */
import { expect } from 'vitest';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';

export interface ReachRun {
  readonly runs?: number;
  readonly seed?: number;
  readonly whale?: boolean;
}

/** Runs it (a pass expected) and expects each of `keys` reached more than `moreThan` times. */
export function expectReached(keys: readonly ReachKey[], moreThan: number, run: ReachRun = {}): void {
  const counter = new ReachCounter();
  const r = runSuite({
    profile: PROFILES['blend-v2'],
    runs: run.runs ?? 200,
    steps: RUN_DEFAULTS.steps,
    seed: run.seed ?? 5,
    world: run.whale === true ? { ...DEFAULT_WORLD, whale: true } : DEFAULT_WORLD,
    apply: counter.apply,
  });
  expect(r.verdict).toBe('pass');
  const counts = JSON.stringify(Object.fromEntries(counter.counts));
  for (const k of keys) expect(counter.count(k), `${k}: ${counts}`).toBeGreaterThan(moreThan);
}

/** The default run (200 runs, seed 5, the default world): each of `keys` reached more than once. */
export function expectReachedMoreThanOnce(keys: readonly ReachKey[]): void {
  expectReached(keys, 1);
}
