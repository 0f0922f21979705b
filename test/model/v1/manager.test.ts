/**
 * The v1 backstop's emission manager on the contract's own unit-test values, under the `blend-v1`
 * profile: blend-contracts @ 895845f backstop/src/emissions/manager.rs `mod tests` (same names, same
 * numbers): the backstop-wide `gulp_emissions`, `gulp_pool_emissions` and `add_to_reward_zone`
 * (10 pools growing by one every 2^23 s, swap in place).
 *
 * v1 keeps `BackstopEmissionConfig {eps, expiration}` and `BackstopEmissionsData {index, last_time}`
 * apart; the model holds both in one record (eps in 7 decimals under this profile), and `PoolEmis`
 * is the model's `rzEmis.accrued`. The v1 pool's own unit tests are skipped: the model does not
 * implement the v1 pool's emission math (see emitter.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BACKSTOP_EPOCH_V1 } from '../../../spec/constants.ts';
import { gulpEmissionsV1 } from '../../../model/backstop/distribute.ts';
import { gulpPoolEmissions } from '../../../model/backstop/gulp.ts';
import { addReward } from '../../../model/backstop/reward-zone.ts';
import { bareWorld } from '../../helpers.ts';

const E = BACKSTOP_EPOCH_V1.value;
const WEEK = 7n * 24n * 60n * 60n;
const DAY = 24n * 60n * 60n;

/** The reward zone of pool_1..3 the gulp tests share; `lastDistribution` is the backstop's last one. */
function gulpWorld(lastDistribution: bigint) {
  const env = bareWorld('blend-v1', E);
  const { w, bs } = env;
  const emitterDistroTime = E - 10n;
  w.emitter.lastDistro.set('backstop', emitterDistroTime);
  bs.lastDistributionTime = lastDistribution;
  bs.rewardZone = ['pool_1', 'pool_2', 'pool_3'];
  // pool 1 has running emissions, pool 2 expired ones, pool 3 none (eps 0.1 and 0.05 BLND/s, 7 decimals)
  bs.emisData.set('pool_1', { expiration: E + 1000n, eps: 1000000n, index: 887766n, lastTime: E - 12345n });
  bs.rzEmis.set('pool_1', { accrued: 100_123_0000000n, lastTime: 0n });
  bs.emisData.set('pool_2', { expiration: E - 12345n, eps: 500000n, index: 453234n, lastTime: E - 12345n });
  bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 0n });
  bs.poolBalances.set('pool_2', { tokens: 200_000_0000000n, shares: 150_000_0000000n, q4w: 0n });
  bs.poolBalances.set('pool_3', { tokens: 500_000_0000000n, shares: 600_000_0000000n, q4w: 0n });
  return { ...env, emitterDistroTime };
}

/**
 * A pool balance for the reward-zone tests. bareWorld's composition is the tests' LP value of
 * 5 BLND and 0.1 USDC per LP: 100,000 LP is 500,000 BLND and 10,000 USDC, over the v1 threshold of
 * 200k^5; 75,000 LP (375,000 BLND, 7,500 USDC) is under it.
 */
const balance = (tokens: bigint) => ({ shares: 90_000_0000000n, tokens, q4w: 1_000_0000000n });

/** A reward zone of `n` generated pools, with `at` placed at `index`. */
function zoneOf(n: number, at?: { index: number; pool: string }): string[] {
  const rz = Array.from({ length: n }, (_, i) => `rz_pool_${i}`);
  if (at !== undefined) rz[at.index] = at.pool;
  return rz;
}

describe('backstop manager (v1 unit-test values)', () => {
  it('test_gulp_emissions', () => {
    const { bs, ctx, emitterDistroTime } = gulpWorld(E - 10n - WEEK);

    gulpEmissionsV1(ctx, bs);

    expect(bs.lastDistributionTime).toBe(emitterDistroTime);
    expect(bs.poolBalances.get('pool_1')!.tokens).toBe(300_000_0000000n);
    expect(bs.poolBalances.get('pool_2')!.tokens).toBe(200_000_0000000n);
    expect(bs.poolBalances.get('pool_3')!.tokens).toBe(500_000_0000000n);
    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(154_555_0000000n);
    expect(bs.rzEmis.get('pool_2')!.accrued).toBe(36_288_0000000n);
    expect(bs.rzEmis.get('pool_3')!.accrued).toBe(90_720_0000000n);
    expect(bs.emisData.get('pool_1')).toEqual({ eps: 2101653n, expiration: E + WEEK, index: 949491n, lastTime: E });
    expect(bs.emisData.get('pool_2')).toEqual({ eps: 1400000n, expiration: E + WEEK, index: 453234n, lastTime: E });
    expect(bs.emisData.get('pool_3')).toEqual({ eps: 3500000n, expiration: E + WEEK, index: 0n, lastTime: E });
  });

  it('test_gulp_emissions_too_soon', () => {
    const { bs, ctx, emitterDistroTime } = gulpWorld(E - 10n - 59n * 60n);
    expect(emitterDistroTime - bs.lastDistributionTime).toBe(59n * 60n);
    expect(() => gulpEmissionsV1(ctx, bs)).toThrowError(/Backstop#1000/);
  });

  it('test_gulp_pool_emissions', () => {
    const { bs, ctx } = bareWorld('blend-v1', E);
    bs.rzEmis.set('pool_1', { accrued: 100_123_0000000n, lastTime: 0n });
    gulpPoolEmissions(ctx, bs, 'pool_1');
    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(0n);
    expect(bs.allowances.get('pool_1')).toBe(100_123_0000000n);
  });

  it('test_gulp_pool_emissions_has_allowance', () => {
    const { bs, ctx } = bareWorld('blend-v1', E);
    bs.allowances.set('pool_1', 1234567n);
    bs.rzEmis.set('pool_1', { accrued: 123_0000000n, lastTime: 0n });
    gulpPoolEmissions(ctx, bs, 'pool_1');
    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(0n);
    expect(bs.allowances.get('pool_1')).toBe(123_1234567n);
  });

  it('test_gulp_pool_emissions_no_emissions', () => {
    const { bs, ctx } = bareWorld('blend-v1', E);
    expect(() => gulpPoolEmissions(ctx, bs, 'pool_1')).toThrowError(/Backstop#1000/);
  });

  it('test_add_to_rz_empty_adds_pool', () => {
    const { bs, ctx } = bareWorld('blend-v1', E);
    bs.poolBalances.set('to_add', balance(100_000_0000000n));
    addReward(ctx, bs, 'to_add', 'random_address');
    expect(bs.rewardZone).toEqual(['to_add']);
  });

  it('test_add_to_rz_before_epoch_max_10', () => {
    const { bs, ctx } = bareWorld('blend-v1', E - 100000n);
    const rz = zoneOf(9);
    bs.rewardZone = rz;
    bs.poolBalances.set('to_add', balance(100_000_0000000n));
    addReward(ctx, bs, 'to_add', 'random_address');
    expect(bs.rewardZone).toEqual(['to_add', ...rz]);
  });

  it('test_add_to_rz_empty_pool_under_backstop_threshold', () => {
    const { bs, ctx } = bareWorld('blend-v1', E);
    bs.poolBalances.set('to_add', { shares: 100_000_0000000n, tokens: 75_000_0000000n, q4w: 1_000_0000000n });
    expect(() => addReward(ctx, bs, 'to_add', 'random_address')).toThrowError(/Backstop#1002/);
  });

  it('test_add_to_rz_increases_size_over_time', () => {
    const { bs, ctx } = bareWorld('blend-v1', E + (1n << 23n));
    const rz = zoneOf(10);
    bs.rewardZone = rz;
    bs.poolBalances.set('to_add', balance(100_000_0000000n));
    addReward(ctx, bs, 'to_add', 'random_address');
    expect(bs.rewardZone).toEqual(['to_add', ...rz]);
  });

  it('test_add_to_rz_takes_floor_for_size', () => {
    const { bs, ctx } = bareWorld('blend-v1', E + (1n << 23n) - 1n);
    bs.rewardZone = zoneOf(10);
    bs.poolBalances.set('to_add', balance(100_000_0000000n));
    expect(() => addReward(ctx, bs, 'to_add', 'random_address')).toThrowError(/Backstop#1002/);
  });

  /** The swap tests: a full zone of 10 with `to_remove` at index 7 and PoolEmis of 1. */
  function swapWorld(lastDistribution: bigint, toAddTokens: bigint, toRemoveInZone = true) {
    const env = bareWorld('blend-v1', E);
    const rz = toRemoveInZone ? zoneOf(10, { index: 7, pool: 'to_remove' }) : zoneOf(10);
    env.bs.rewardZone = rz;
    env.bs.lastDistributionTime = lastDistribution;
    env.bs.rzEmis.set('to_remove', { accrued: 1n, lastTime: 0n });
    env.bs.poolBalances.set('to_add', balance(toAddTokens));
    env.bs.poolBalances.set('to_remove', balance(100_000_0000000n));
    return { ...env, rz };
  }

  it('test_add_to_rz_swap_happy_path', () => {
    const { bs, ctx, rz } = swapWorld(E - 1n * DAY, 100_001_0000000n);
    addReward(ctx, bs, 'to_add', 'to_remove');
    expect(bs.rzEmis.get('to_remove')!.accrued).toBe(1n);
    expect(bs.rewardZone).toHaveLength(10);
    const expected = [...rz];
    expected[7] = 'to_add';
    expect(bs.rewardZone).toEqual(expected);
  });

  it('test_add_to_rz_swap_not_enough_tokens', () => {
    const { bs, ctx } = swapWorld(E - 1n * DAY, 100_000_0000000n);
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/Backstop#1002/);
  });

  it('test_add_to_rz_swap_distribution_too_long_ago', () => {
    const { bs, ctx } = swapWorld(E - 1n * DAY - 1n, 100_001_0000000n);
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/Backstop#1000/);
  });

  it('test_add_to_rz_to_remove_not_in_rz', () => {
    const { bs, ctx } = swapWorld(E - DAY, 100_001_0000000n, false);
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/Backstop#1002/);
  });

  it('test_add_to_rz_already_exists_panics', () => {
    const { bs, ctx } = swapWorld(E - DAY, 100_001_0000000n, false);
    const rz = zoneOf(10);
    rz[1] = 'to_remove';
    rz[7] = 'to_add';
    bs.rewardZone = rz;
    expect(() => addReward(ctx, bs, 'to_add', 'to_remove')).toThrowError(/Backstop#1000/);
  });
});
