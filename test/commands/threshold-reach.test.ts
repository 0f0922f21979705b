/**
 * The backstop's reward-zone threshold at its edge (issue 19's backstop mutant `func78 +43 const-1`:
 * is_pool_above_threshold's USDC divided by SCALAR_7 - 1): one add_reward seed in 8 first sets the LP
 * composition so that the pool to add holds exactly 10^4 whole BLND and either exactly 10^9 whole
 * USDC (on the threshold, 1e25) or a few stroops under it, in the window where `usdc / 9_999_999`
 * already reaches the whole amount (src/commands/threshold.ts, backstop.ts `AddReward`). Counted in a
 * default run (src/commands/reach.ts): the add refused just under (InvalidRewardZoneEntry) and past
 * the threshold check exactly on it.
 */
import { describe, expect, it } from 'vitest';
import { thresholdEdgeOf } from '../../src/commands/backstop.ts';
import { THRESHOLD_BLND, THRESHOLD_USDC } from '../../src/commands/threshold.ts';
import { POOL_THRESHOLD_PC } from '../../spec/constants.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

describe('the backstop threshold edge mutation testing needs', () => {
  it('the edge pair is exactly on the threshold, and a seed under 2^16 asks for no edge', () => {
    expect(THRESHOLD_BLND ** 4n * THRESHOLD_USDC).toBe(POOL_THRESHOLD_PC.value);
    expect(thresholdEdgeOf(0xffff)).toBeUndefined();
    expect(thresholdEdgeOf(15 << 16)).toBe('under');
    expect(thresholdEdgeOf(14 << 16)).toBe('at');
  });
  it('a default blend-v2 run adds a pool just under the threshold and exactly on it, each more than once', () => {
    expectReachedMoreThanOnce([
      'rz-threshold: add_reward refused a few USDC stroops under the threshold',
      'rz-threshold: add_reward past the threshold check exactly on it',
    ]);
  }, 180_000);
});
