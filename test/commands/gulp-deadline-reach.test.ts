/**
 * The pool gulp's 24 h rule at t - 1 s in the world with the whale (issue 19's backstop mutant
 * `gulp_emissions +104 const-1`: POOL_GULP_MIN_INTERVAL_V2 86,400 -> 86,399 s, which accepts a gulp
 * 86,399 s after the last one, where the contract refuses it, Backstop#1000). The `gulp` deadline
 * scenario gulps at t - 1 s and at t; in the whale world (the backstop's mutation world) half of its
 * seeds go deep (src/commands/deep-time.ts) and, until session 16, the other half went to the pool
 * gulp minimum, so no gulp came at t - 1 s there. Now that half keeps its own script
 * (src/commands/scenario.ts `gulpsAtMinimum`), as does the `distribute` kind's (the backstop's 5 s
 * distribution interval at t - 1 s: once in 200 runs before); the default world is as it was.
 */
import { describe, expect, it } from 'vitest';
import { goesDeep, gulpsAtMinimum } from '../../src/commands/scenario.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { expectReached } from './reach-run.ts';

const V2 = PROFILES['blend-v2'];

describe('the 24 h pool gulp and 5 s distribution deadlines in the world with the whale', () => {
  it('a gulp seed with bit 16 set keeps its script with the whale, and goes to the minimum without it', () => {
    const seed = (1 << 16) | 5;
    expect(gulpsAtMinimum('gulp', seed, V2, true)).toBe(false);
    expect(goesDeep('gulp', seed, true)).toBe(false);
    expect(gulpsAtMinimum('gulp', seed, V2, false)).toBe(true);
    expect(gulpsAtMinimum('distribute', seed, V2, true)).toBe(false);
    expect(gulpsAtMinimum('distribute', seed, V2, false)).toBe(true);
    // the eps kind as before, with the whale or without
    for (const whale of [false, true]) expect(gulpsAtMinimum('eps', seed, V2, whale)).toBe(true);
    expect(gulpsAtMinimum('gulp', 5, V2, true)).toBe(false);
    expect(goesDeep('gulp', 5, true)).toBe(true);
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
