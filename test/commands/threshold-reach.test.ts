/**
 * The backstop's reward-zone threshold at its edge (issue 19's backstop mutant `func78 +43 const-1`:
 * is_pool_above_threshold's USDC divided by SCALAR_7 - 1): one add_reward seed in 8 first sets the LP
 * composition so that the pool to add holds exactly 10^4 whole BLND and either exactly 10^9 whole
 * USDC (on the threshold, 1e25) or a few stroops under it, in the window where `usdc / 9_999_999`
 * already reaches the whole amount (src/commands/threshold.ts, backstop.ts `AddReward`). Counted in a
 * default run (src/commands/reach.ts): the add refused just under (InvalidRewardZoneEntry) and past
 * the threshold check exactly on it. And (session 15, `func78 +364 ge->gt`: the last
 * saturating_mul's overflow, i128::MIN for the mutant where both operands' high halves are equal)
 * the `saturated` variant: bal_blnd^4 and bal_usdc under 2^64 with a product past i128::MAX, in
 * the default world and in the whale world (the pool topped up first, `saturatedTopUp`). And
 * (session 18, `func78 +380 const+1`: the compare of the product's high half with 542,101 turned
 * 542,102) the `over` variant: 10^4 whole BLND and `OVER_USDC` whole USDC, a product whose high half
 * is 542,102, which the contract accepts and the mutant refuses.
 */
import { describe, expect, it } from 'vitest';
import { thresholdEdgeOf } from '../../src/commands/backstop.ts';
import {
  OVER_USDC,
  SATURATED_BLND,
  SATURATED_USDC,
  saturatesFromLowHalves,
  THRESHOLD_BLND,
  THRESHOLD_HIGH_HALF,
  THRESHOLD_USDC,
} from '../../src/commands/threshold.ts';
import { I128_MAX, POOL_THRESHOLD_PC } from '../../spec/constants.ts';
import { expectReached, expectReachedMoreThanOnce } from './reach-run.ts';

const SATURATED = 'rz-threshold: add_reward past the threshold check, bal_blnd^4 x bal_usdc overflowing from two operands under 2^64';
const OVER = "rz-threshold: add_reward past the threshold check with the i128 high half of bal_blnd^4 x bal_usdc one over the threshold's";

describe('the backstop threshold edge mutation testing needs', () => {
  it('the edge pair is exactly on the threshold, and a seed under 2^16 asks for no edge', () => {
    expect(THRESHOLD_BLND ** 4n * THRESHOLD_USDC).toBe(POOL_THRESHOLD_PC.value);
    expect(thresholdEdgeOf(0xffff)).toBeUndefined();
    expect(thresholdEdgeOf(15 << 16)).toBe('under');
    expect(thresholdEdgeOf(14 << 16)).toBe('at');
    expect(thresholdEdgeOf(13 << 16)).toBe('saturated');
    expect(thresholdEdgeOf(12 << 16)).toBe('over');
    expect(thresholdEdgeOf(11 << 16)).toBeUndefined();
  });
  it('the over pair: a product whose high half is the threshold high half + 1 (542,102), inside its window', () => {
    const two64 = 2n ** 64n;
    expect(THRESHOLD_HIGH_HALF).toBe(542_101n);
    expect(THRESHOLD_HIGH_HALF * two64 + 1_590_897_978_359_414_784n).toBe(POOL_THRESHOLD_PC.value);
    const b4 = THRESHOLD_BLND ** 4n;
    expect((b4 * OVER_USDC) / two64).toBe(542_102n);
    expect(OVER_USDC - THRESHOLD_USDC).toBe(2_607n);
    // the window's ends: 10^9 + 1,686 and 10^9 + 3,530 whole USDC
    expect((b4 * (THRESHOLD_USDC + 1_686n)) / two64).toBe(542_102n);
    expect((b4 * (THRESHOLD_USDC + 1_685n)) / two64).toBe(542_101n);
    expect((b4 * (THRESHOLD_USDC + 3_530n)) / two64).toBe(542_102n);
    expect((b4 * (THRESHOLD_USDC + 3_531n)) / two64).toBe(542_103n);
  });
  it('the saturated pair overflows the last product from two operands under 2^64, and its near misses do not', () => {
    expect(saturatesFromLowHalves(SATURATED_BLND, SATURATED_USDC)).toBe(true);
    expect(SATURATED_BLND ** 4n * SATURATED_USDC).toBeGreaterThan(I128_MAX.value);
    // one whole USDC less: the product fits (no overflow, the compared value is the product)
    expect(saturatesFromLowHalves(SATURATED_BLND, SATURATED_USDC - 1n)).toBe(false);
    // BLND^4 at 2^64 (65,536 whole): the high halves differ (1 and 0)
    expect(saturatesFromLowHalves(65_536n, SATURATED_USDC)).toBe(false);
    expect(saturatesFromLowHalves(65_535n, 2n ** 64n)).toBe(false);
    expect(saturatesFromLowHalves(65_535n, 2n ** 64n - 1n)).toBe(true);
  });
  it('a default blend-v2 run adds a pool just under the threshold and exactly on it, each more than once', () => {
    expectReachedMoreThanOnce([
      'rz-threshold: add_reward refused a few USDC stroops under the threshold',
      'rz-threshold: add_reward past the threshold check exactly on it',
      SATURATED,
      OVER,
    ]);
  }, 180_000);
  it('a blend-v2 run with the whale adds a pool whose threshold product overflows from two low halves, and one whose high half is one over', () => {
    expectReached([SATURATED, OVER], 1, { seed: 1, whale: true });
  }, 180_000);
});
