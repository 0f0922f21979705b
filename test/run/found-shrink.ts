/**
 * Shared by the time-to-first-failure tests of `run` (test/run/budget.test.ts) and `check`
 * (test/check/budget.test.ts).
 */
import { expect } from 'vitest';
import type { RunResult } from '../../src/run.ts';

/**
 * Asserts that `r` failed and that its counterexample's `found` and `shrink` agree with
 * fast-check's own account: the run is the counterexample path's first number + 1, the shrinks
 * (at least one) its further numbers (RunDetails.numShrinks), at least as many candidates tried,
 * not cut short, and the actions every step executed until the first failure (counting stops
 * there). Returns the counterexample.
 */
export function expectFoundAndShrinkAgree<R extends RunResult>(r: R): NonNullable<R['counterexample']> {
  const c = r.counterexample!;
  expect(r.verdict).toBe('fail');
  const path = c.path.split(':').map(Number);
  expect(c.found!.run).toBe(path[0]! + 1);
  expect(c.shrink!.steps).toBe(path.length - 1);
  expect(c.shrink!.steps).toBeGreaterThan(0);
  expect(c.shrink!.attempts).toBeGreaterThanOrEqual(c.shrink!.steps);
  expect(c.shrink!.cutShort).toBe(false);
  expect(c.found!.actions).toBe(r.totalSteps);
  return c as NonNullable<R['counterexample']>;
}
