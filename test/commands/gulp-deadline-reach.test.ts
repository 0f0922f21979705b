/**
 * The pool gulp's 24 h rule at t - 1 s in the world with the whale (issue 19's backstop mutant
 * `gulp_emissions +104 const-1`: POOL_GULP_MIN_INTERVAL_V2 86,400 -> 86,399 s, which accepts a gulp
 * 86,399 s after the last one, where the contract refuses it, Backstop#1000). The `gulp` deadline
 * scenario gulps at t - 1 s and at t; in the whale world (the backstop's mutation world) half of its
 * seeds went deep (src/commands/deep-time.ts) and, until session 16, the other half to the pool gulp
 * minimum, so no gulp came at t - 1 s there. Now none goes to the minimum there and three in four
 * keep their own script, as do the `distribute` kind's (the backstop's 5 s distribution interval at
 * t - 1 s: once in 200 runs before), the `eps` kind going deep instead (src/commands/scenario.ts
 * `goesDeep`, `gulpsAtMinimum`); the default world is as it was.
 */
import { describe, expect, it } from 'vitest';
import { goesDeep, gulpsAtMinimum } from '../../src/commands/scenario.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { expectReached } from './reach-run.ts';

const V2 = PROFILES['blend-v2'];

describe('the 24 h pool gulp and 5 s distribution deadlines in the world with the whale', () => {
  it('with the whale no deadline seed goes to the pool gulp minimum, and three gulp or distribute seeds in 4 keep their script', () => {
    for (const kind of ['gulp', 'distribute', 'eps'] as const)
      for (const bits of [0, 1, 2, 3]) {
        const seed = (bits << 16) | 5;
        expect(gulpsAtMinimum(kind, seed, V2, true)).toBe(false);
        // without the whale, as before: bit 16 set goes to the minimum
        expect(gulpsAtMinimum(kind, seed, V2, false)).toBe(bits % 2 === 1);
      }
    for (const kind of ['gulp', 'distribute'] as const)
      expect([0, 1, 2, 3].filter((bits) => !goesDeep(kind, (bits << 16) | 5, true))).toEqual([0, 1, 3]);
  });
  it('200 blend-v2 runs with the whale at seed 1 gulp at t - 1 s of the 24 h rule, and distribute at t - 1 s, more than twice', () => {
    expectReached(
      [
        'gulp-24h: rejected at t-1',
        'gulp-24h: accepted at t',
        'distribute-interval: rejected at t-1',
        'distribute-interval: accepted at t',
      ],
      2,
      { seed: 1, whale: true },
    );
  }, 180_000);
});
