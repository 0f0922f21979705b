/**
 * The backstop's pool data and threshold (model/backstop/reward-zone.ts) on the contract's own
 * unit-test values: blend-contracts-v2 @ ba22b48 backstop/src/backstop/pool.rs `mod tests`
 * (`test_load_pool_data*`, `test_require_pool_above_threshold_*`: same names, same numbers; the Comet
 * of `create_comet_lp_pool_with_tokens_per_share(5_0000000, 0_0500000)`: 5 BLND and 0.05 USDC per LP).
 */
import { describe, expect, it } from 'vitest';
import {
  addReward,
  isPoolAboveThreshold,
  loadPoolBackstopData,
  lpTokenValue,
  removeReward,
  type PoolBackstopData,
} from '../../../model/backstop/reward-zone.ts';
import { bareWorld, testComet } from '../../helpers.ts';

function poolDataWorld(shares: bigint, tokens: bigint, q4w: bigint) {
  const env = bareWorld('blend-v2', 1500000000n);
  // 100 LP over 500 BLND and 5 USDC: 5_0000000 BLND and 0_0500000 USDC per LP
  Object.assign(env.w.comet, testComet(500_0000000n, 5_0000000n));
  env.bs.poolBalances.set('pool', { shares, tokens, q4w });
  return env;
}

describe('pool.rs load_pool_backstop_data (v2)', () => {
  it('test_load_pool_data', () => {
    const { bs, ctx } = poolDataWorld(150_0000000n, 250_0000000n, 50_0000000n);
    expect(lpTokenValue(ctx, bs)).toEqual({ blndPerLp: 5_0000000n, usdcPerLp: 500000n });
    expect(loadPoolBackstopData(ctx, bs, 'pool')).toEqual({
      tokens: 250_0000000n,
      shares: 150_0000000n,
      blnd: 1_250_0000000n,
      usdc: 12_5000000n,
      tokenSpotPrice: 2500000n,
    });
  });

  it('test_load_pool_data_no_shares', () => {
    const { bs, ctx } = poolDataWorld(0n, 250_0000000n, 0n);
    expect(loadPoolBackstopData(ctx, bs, 'pool')).toEqual({
      tokens: 250_0000000n,
      shares: 0n,
      blnd: 1_250_0000000n,
      usdc: 12_5000000n,
      tokenSpotPrice: 2500000n,
    });
  });

  it('test_load_pool_data_no_tokens', () => {
    const { bs, ctx } = poolDataWorld(100_0000000n, 0n, 0n);
    expect(loadPoolBackstopData(ctx, bs, 'pool')).toEqual({
      tokens: 0n,
      shares: 100_0000000n,
      blnd: 0n,
      usdc: 0n,
      tokenSpotPrice: 2500000n,
    });
  });

  it('one stroop of tokens is valued (floor): the pair of test_load_pool_data_no_tokens', () => {
    const { bs, ctx } = poolDataWorld(100_0000000n, 1n, 0n);
    // 1 stroop of LP is 5 stroops of BLND and 0.05 stroop of USDC, floored to 0
    expect(loadPoolBackstopData(ctx, bs, 'pool')).toEqual({
      tokens: 1n,
      shares: 100_0000000n,
      blnd: 5n,
      usdc: 0n,
      tokenSpotPrice: 2500000n,
    });
  });
});

describe('pool.rs is_pool_above_threshold (v2: blnd^4 * usdc in whole tokens against 200k^4 * 6,250)', () => {
  const data = (blnd: bigint, usdc: bigint): PoolBackstopData => ({ blnd, usdc, tokens: 0n, shares: 0n, tokenSpotPrice: 1000000n });
  const { ctx } = bareWorld('blend-v2', 1500000000n);

  it('test_require_pool_above_threshold_under (~99%)', () =>
    expect(isPoolAboveThreshold(ctx, data(200000_0000000n, 6_249_0000000n))).toBe(false));
  it('test_require_pool_above_threshold_zero (~3.6%)', () =>
    expect(isPoolAboveThreshold(ctx, data(5_000_0000000n, 1_000_0000000n))).toBe(false));
  it('test_require_pool_above_threshold_over', () => expect(isPoolAboveThreshold(ctx, data(200001_0000000n, 6_250_0000000n))).toBe(true));
  it('test_require_pool_above_threshold_saturates (362x)', () =>
    expect(isPoolAboveThreshold(ctx, data(50_000_000_0000000n, 10_000_000_0000000n))).toBe(true));

  it('exactly the threshold passes, one USDC less does not; fractions of a token do not count', () => {
    expect(isPoolAboveThreshold(ctx, data(200000_0000000n, 6_250_0000000n))).toBe(true);
    expect(isPoolAboveThreshold(ctx, data(200000_0000000n, 6_249_9999999n))).toBe(false);
    expect(isPoolAboveThreshold(ctx, data(200000_9999999n, 6_249_9999999n))).toBe(false);
  });

  it('a product past i128 saturates at i128::MAX (still above), never wraps', () => {
    // 10^12 BLND: blnd^4 = 10^48 > i128::MAX
    expect(isPoolAboveThreshold(ctx, data(10n ** 12n * 10_000_000n, 1n * 10_000_000n))).toBe(true);
    expect(isPoolAboveThreshold(ctx, data(10n ** 12n * 10_000_000n, 0n))).toBe(false);
  });
});

/**
 * add_to_reward_zone / remove_from_reward_zone: manager.rs `mod tests` (same names, same numbers;
 * the Comet of bareWorld is `create_comet_lp_pool_with_tokens_per_share(5_0000000, 0_1000000)`, so
 * 100k tokens are 500k BLND and 10k USDC, above the threshold, and 40k tokens are below it).
 */
describe('manager.rs add_to_reward_zone / remove_from_reward_zone (v2)', () => {
  const NOW = 1713139200n;
  const ABOVE = { shares: 90_000_0000000n, tokens: 100_000_0000000n, q4w: 1_000_0000000n };
  function rzWorld(zone: string[], lastDistribution: bigint, now = NOW) {
    const env = bareWorld('blend-v2', now);
    env.bs.rewardZone = zone;
    env.bs.lastDistributionTime = lastDistribution;
    return env;
  }
  const thirty = (removeAt?: number) => Array.from({ length: 30 }, (_, i) => (i === removeAt ? 'to_remove' : `pool_${i}`));

  it('test_add_to_rz_empty_adds_pool (no distribution needed for an empty zone)', () => {
    const { bs, ctx } = rzWorld([], 0n);
    bs.poolBalances.set('to_add', ABOVE);
    addReward(ctx, bs, 'to_add', undefined);
    expect(bs.rewardZone).toEqual(['to_add']);
  });

  it('test_add_to_rz_before_max: the new pool goes first', () => {
    const { bs, ctx } = rzWorld(['pool_a', 'pool_b'], NOW - 100n, NOW - 100000n);
    bs.poolBalances.set('to_add', ABOVE);
    addReward(ctx, bs, 'to_add', undefined);
    expect(bs.rewardZone).toEqual(['to_add', 'pool_a', 'pool_b']);
  });

  it('29 pools: the 30th fits', () => {
    const { bs, ctx } = rzWorld(thirty().slice(1), NOW - 100n);
    bs.poolBalances.set('to_add', ABOVE);
    addReward(ctx, bs, 'to_add', undefined);
    expect(bs.rewardZone).toHaveLength(30);
    expect(bs.rewardZone[0]).toBe('to_add');
  });

  it('test_add_to_rz_empty_pool_under_backstop_threshold', () => {
    const { bs, ctx } = rzWorld([], NOW - 100n);
    bs.poolBalances.set('to_add', { shares: 30_000_0000000n, tokens: 40_000_0000000n, q4w: 1_000_0000000n });
    expect(() => addReward(ctx, bs, 'to_add', undefined)).toThrowError(/^Backstop#1002 /);
  });

  it('test_add_to_rz_respects_max_size', () => {
    const { bs, ctx } = rzWorld(thirty(), NOW - 100n);
    bs.poolBalances.set('to_add', ABOVE);
    expect(() => addReward(ctx, bs, 'to_add', undefined)).toThrowError(/^Backstop#1009 /);
  });

  it('test_add_to_rz_swap_happy_path: to_remove out, to_add first', () => {
    const { bs, ctx } = rzWorld(thirty(7), NOW - 100n);
    bs.poolBalances.set('to_add', { ...ABOVE, tokens: 100_001_0000000n });
    bs.poolBalances.set('to_remove', ABOVE);
    addReward(ctx, bs, 'to_add', 'to_remove');
    const expected = thirty(7).filter((p) => p !== 'to_remove');
    expect(bs.rewardZone).toEqual(['to_add', ...expected]);
  });

  it('test_add_to_rz_swap_not_enough_tokens (equal tokens are not enough)', () => {
    const { bs, ctx } = rzWorld(thirty(7), NOW - 3600n);
    bs.poolBalances.set('to_add', ABOVE);
    bs.poolBalances.set('to_remove', ABOVE);
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/^Backstop#1002 /);
  });

  it('test_add_to_rz_swap_distribution_too_long_ago (an hour and a second); an hour is recent enough', () => {
    const late = rzWorld(thirty(7), NOW - 3600n - 1n);
    late.bs.poolBalances.set('to_add', { ...ABOVE, tokens: 100_001_0000000n });
    late.bs.poolBalances.set('to_remove', ABOVE);
    expect(() => addReward(late.ctx, late.bs, 'to_add', 'to_remove')).toThrowError(/^Backstop#1000 /);
    const onTime = rzWorld(thirty(7), NOW - 3600n);
    onTime.bs.poolBalances.set('to_add', { ...ABOVE, tokens: 100_001_0000000n });
    onTime.bs.poolBalances.set('to_remove', ABOVE);
    addReward(onTime.ctx, onTime.bs, 'to_add', 'to_remove');
    expect(onTime.bs.rewardZone[0]).toBe('to_add');
  });

  it('test_add_to_rz_to_remove_not_in_rz', () => {
    const { bs, ctx } = rzWorld(thirty(), NOW - 3600n);
    bs.poolBalances.set('to_add', { ...ABOVE, tokens: 100_001_0000000n });
    bs.poolBalances.set('to_remove', ABOVE);
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/^Backstop#1002 /);
  });

  it('test_add_to_rz_already_exists_panics', () => {
    const { bs, ctx } = rzWorld(['pool_a', 'to_remove', 'to_add'], NOW - 3600n);
    bs.poolBalances.set('to_add', { ...ABOVE, tokens: 100_001_0000000n });
    bs.poolBalances.set('to_remove', ABOVE);
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/^Backstop#1000 /);
  });

  const BELOW = { shares: 35_000_0000000n, tokens: 40_000_0000000n, q4w: 1_000_0000000n };

  it('test_remove_from_rz', () => {
    const { bs, ctx } = rzWorld(['pool_a', 'to_remove'], NOW - 3600n);
    bs.poolBalances.set('to_remove', BELOW);
    removeReward(ctx, bs, 'to_remove');
    expect(bs.rewardZone).toEqual(['pool_a']);
  });

  it('test_remove_from_rz_above_threshold', () => {
    const { bs, ctx } = rzWorld(['pool_a', 'to_remove'], NOW - 3600n);
    bs.poolBalances.set('to_remove', { shares: 80_000_0000000n, tokens: 90_000_0000000n, q4w: 1_000_0000000n });
    expect(() => removeReward(ctx, bs, 'to_remove')).toThrowError(/^Backstop#1000 /);
  });

  it('test_remove_from_rz_last_distribution_too_long_ago', () => {
    const { bs, ctx } = rzWorld(['pool_a', 'to_remove'], NOW - 3600n - 1n);
    bs.poolBalances.set('to_remove', { shares: 80_000_0000000n, tokens: 90_000_0000000n, q4w: 1_000_0000000n });
    expect(() => removeReward(ctx, bs, 'to_remove')).toThrowError(/^Backstop#1000 /);
    // below the threshold, the stale distribution is what rejects it
    bs.poolBalances.set('to_remove', BELOW);
    expect(() => removeReward(ctx, bs, 'to_remove')).toThrowError(/^Backstop#1000 /);
  });

  it('test_remove_from_rz_not_in_rz', () => {
    const { bs, ctx } = rzWorld(['pool_a'], NOW - 3600n);
    bs.poolBalances.set('to_remove', BELOW);
    expect(() => removeReward(ctx, bs, 'to_remove')).toThrowError(/^Backstop#1002 /);
  });

  it('removing the first, a middle or the last pool keeps the others in order', () => {
    for (const [zone, out] of [
      [
        ['x', 'b', 'c'],
        ['b', 'c'],
      ],
      [
        ['a', 'x', 'c'],
        ['a', 'c'],
      ],
      [
        ['a', 'b', 'x'],
        ['a', 'b'],
      ],
    ] as const) {
      const { bs, ctx } = rzWorld([...zone], NOW - 3600n);
      bs.poolBalances.set('x', BELOW);
      removeReward(ctx, bs, 'x');
      expect(bs.rewardZone).toEqual(out);
    }
  });

  it('remove_reward does not exist in v1 (BadRequest)', () => {
    const { bs, ctx } = bareWorld('blend-v1', NOW);
    bs.rewardZone = ['x'];
    bs.lastDistributionTime = NOW;
    bs.poolBalances.set('x', BELOW);
    expect(() => removeReward(ctx, bs, 'x')).toThrowError(/^Backstop#1000 /);
  });
});

describe('the swap edge cases: to_remove first in the zone, v1 in place', () => {
  const NOW = 1713139200n;
  const ABOVE = { shares: 90_000_0000000n, tokens: 100_000_0000000n, q4w: 1_000_0000000n };
  const MORE = { ...ABOVE, tokens: 100_001_0000000n };

  it('v2: to_remove at index 0 is swapped out, to_add goes first', () => {
    const { bs, ctx } = bareWorld('blend-v2', NOW);
    bs.rewardZone = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'to_remove' : `pool_${i}`));
    bs.lastDistributionTime = NOW - 100n;
    bs.poolBalances.set('to_add', MORE);
    bs.poolBalances.set('to_remove', ABOVE);
    addReward(ctx, bs, 'to_add', 'to_remove');
    expect(bs.rewardZone).toEqual(['to_add', ...Array.from({ length: 29 }, (_, i) => `pool_${i + 1}`)]);
  });

  // v1 (blend-contracts backstop/src/emissions/manager.rs add_to_reward_zone): 10 pools before the
  // epoch; a full zone takes to_add in to_remove's place; no to_remove is InvalidRewardZoneEntry
  function v1Full(removeAt: number) {
    const env = bareWorld('blend-v1', 1000n);
    env.bs.rewardZone = Array.from({ length: 10 }, (_, i) => (i === removeAt ? 'to_remove' : `pool_${i}`));
    env.bs.lastDistributionTime = 1000n;
    env.bs.poolBalances.set('to_add', MORE);
    env.bs.poolBalances.set('to_remove', ABOVE);
    return env;
  }

  it('v1: to_remove at index 0 is replaced in place', () => {
    const { bs, ctx } = v1Full(0);
    addReward(ctx, bs, 'to_add', 'to_remove');
    expect(bs.rewardZone).toEqual(['to_add', ...Array.from({ length: 9 }, (_, i) => `pool_${i + 1}`)]);
  });

  it("v1: a full zone and no to_remove is InvalidRewardZoneEntry (1002), not v2's RewardZoneFull", () => {
    const { bs, ctx } = v1Full(3);
    expect(() => addReward(ctx, bs, 'to_add', undefined)).toThrowError(/^Backstop#1002 /);
  });

  it('v1 reads its stored LP token value, not the Comet', () => {
    const { w, bs, ctx } = bareWorld('blend-v1', 1000n);
    bs.lpTokenVal = { blndPerLp: 7_0000000n, usdcPerLp: 2000000n };
    Object.assign(w.comet, testComet(1n, 1n));
    expect(lpTokenValue(ctx, bs)).toEqual({ blndPerLp: 7_0000000n, usdcPerLp: 2000000n });
    bs.lpTokenVal = undefined;
    expect(() => lpTokenValue(ctx, bs)).toThrowError(/^WasmVm#6 /);
  });
});
