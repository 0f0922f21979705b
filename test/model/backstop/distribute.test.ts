/**
 * The v2 backstop's distribute (model/backstop/distribute.ts) on the rest of the contract's own
 * unit tests: blend-contracts-v2 @ ba22b48 backstop/src/emissions/manager.rs `mod tests`
 * (test_distribute_no_last_dist_time, _last_distro_panics_errors, the backfill tests: same names,
 * same numbers; test/model/backstop/manager.test.ts has the others), and the backfill maximum
 * (MAX_BACKFILLED_EMISSIONS, 10M BLND) at and around its boundary.
 */
import { describe, expect, it } from 'vitest';
import { distribute, gulpEmissionsV1 } from '../../../model/backstop/distribute.ts';
import { bareWorld } from '../../helpers.ts';

const T = 1713139200n;
const S7 = 10_000_000n;
const MAX_BACKFILL = 10_000_000n * S7;

/** pool_1 300k, pool_2 200k, pool_3 500k non-queued tokens (20%, 30%, 50%). */
function world(emitterKnows: boolean, emitterDistroTime: bigint) {
  const env = bareWorld('blend-v2', T);
  env.w.emitter.lastDistro.set(emitterKnows ? 'backstop' : 'v1_backstop', emitterDistroTime);
  env.bs.rewardZone = ['pool_1', 'pool_2', 'pool_3'];
  env.bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 0n });
  env.bs.poolBalances.set('pool_2', { tokens: 200_000_0000000n, shares: 150_000_0000000n, q4w: 0n });
  env.bs.poolBalances.set('pool_3', { tokens: 500_000_0000000n, shares: 600_000_0000000n, q4w: 0n });
  return env;
}
const P2 = { accrued: 1_0000001n, lastTime: 123n };
const P3 = { accrued: 20_000_0000000n, lastTime: 0n };

describe('manager.rs distribute (v2 unit-test values)', () => {
  it('test_distribute_no_last_dist_time', () => {
    const { bs, ctx, events } = world(true, T - 10n);
    expect(distribute(ctx, bs)).toBe(0n);
    expect(bs.lastDistributionTime).toBe(T - 10n);
    for (const p of ['pool_1', 'pool_2', 'pool_3']) expect(bs.rzEmis.get(p)).toBeUndefined();
    expect(bs.backfillStatus).toBe(false);
    expect(events).toEqual([
      { topic: 'distribute', contract: 'backstop', backstop: 'backstop', amount: 0n, backfill: false, allocated: [] },
    ]);
  });

  it('test_distribute_last_distro_panics_errors (the emitter knows another backstop, backfill over)', () => {
    const { bs, ctx } = world(false, T - 10n);
    bs.backfillStatus = false;
    bs.lastDistributionTime = T - 10n - 86400n;
    expect(() => distribute(ctx, bs)).toThrowError(/^Backstop#1000 /);
  });

  it('test_distribute_backfill_emissions', () => {
    const { bs, ctx, events } = world(false, T - 1000n);
    bs.backfillStatus = true;
    bs.backfillEmissions = 1_000_000n * S7;
    bs.lastDistributionTime = T - 86400n;
    bs.rzEmis.set('pool_2', P2);
    bs.rzEmis.set('pool_3', P3);
    expect(distribute(ctx, bs)).toBe(86400n * S7);
    expect(bs.lastDistributionTime).toBe(T);
    expect(bs.backfillEmissions).toBe(1_000_000n * S7 + 86400n * S7);
    expect(bs.backfillStatus).toBe(true);
    expect(bs.rzEmis.get('pool_1')).toEqual({ accrued: 25_920_0000000n, lastTime: 0n });
    expect(bs.rzEmis.get('pool_2')).toEqual({ accrued: 17_280_0000000n + P2.accrued, lastTime: P2.lastTime });
    expect(bs.rzEmis.get('pool_3')).toEqual({ accrued: 43_200_0000000n + P3.accrued, lastTime: P3.lastTime });
    expect(events).toEqual([
      {
        topic: 'distribute',
        contract: 'backstop',
        backstop: 'backstop',
        amount: 86400n * S7,
        backfill: true,
        allocated: [
          ['pool_1', 25_920_0000000n],
          ['pool_2', 17_280_0000000n],
          ['pool_3', 43_200_0000000n],
        ],
      },
    ]);
  });

  it('test_distribute_backfill_emissions_first_call', () => {
    const { bs, ctx } = world(false, T - 10n);
    expect(distribute(ctx, bs)).toBe(0n);
    expect(bs.lastDistributionTime).toBe(T);
    expect(bs.backfillEmissions).toBe(0n);
    expect(bs.backfillStatus).toBe(true);
    for (const p of ['pool_1', 'pool_2', 'pool_3']) expect(bs.rzEmis.get(p)).toBeUndefined();
  });

  /** pool_1 fully queued, pool_2 400k non-queued (40%), pool_3 600k (60%). */
  function maxWorld(start: bigint, elapsed: bigint) {
    const env = world(false, T - 10n);
    env.bs.backfillEmissions = start;
    env.bs.lastDistributionTime = T - elapsed;
    env.bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 200_000_0000000n });
    env.bs.poolBalances.set('pool_2', { tokens: 500_000_0000000n, shares: 400_000_0000000n, q4w: 80_000_0000000n });
    env.bs.poolBalances.set('pool_3', { tokens: 600_000_0000000n, shares: 700_000_0000000n, q4w: 0n });
    return env;
  }

  it('test_distribute_backfill_emissions_distributes_at_most_max', () => {
    // 30 h since the last distribution, 24 h of room left
    const { bs, ctx } = maxWorld(MAX_BACKFILL - 86400n * S7, 10n + 30n * 3600n);
    expect(distribute(ctx, bs)).toBe(86400n * S7);
    expect(bs.lastDistributionTime).toBe(T);
    expect(bs.backfillEmissions).toBe(MAX_BACKFILL);
    expect(bs.backfillStatus).toBe(true);
    expect(bs.rzEmis.get('pool_1')).toEqual({ accrued: 0n, lastTime: 0n });
    expect(bs.rzEmis.get('pool_2')).toEqual({ accrued: 34_560_0000000n, lastTime: 0n });
    expect(bs.rzEmis.get('pool_3')).toEqual({ accrued: 51_840_0000000n, lastTime: 0n });
  });

  it('test_distribute_backfill_emissions_at_max_panics', () => {
    const { bs, ctx } = maxWorld(MAX_BACKFILL, 10n + 86400n);
    expect(() => distribute(ctx, bs)).toThrowError(/^Backstop#1010 /);
  });

  it('one stroop under the maximum still backfills that stroop', () => {
    const { bs, ctx } = maxWorld(MAX_BACKFILL - 1n, 10n + 86400n);
    expect(distribute(ctx, bs)).toBe(1n);
    expect(bs.backfillEmissions).toBe(MAX_BACKFILL);
  });

  it('reaching the maximum exactly is not clamped', () => {
    const { bs, ctx } = maxWorld(MAX_BACKFILL - 86400n * S7, 86400n);
    expect(distribute(ctx, bs)).toBe(86400n * S7);
    expect(bs.backfillEmissions).toBe(MAX_BACKFILL);
  });

  it('test_distribute_backfill_emissions_over_needs_reset', () => {
    const { bs, ctx } = world(true, T - 10n);
    bs.backfillStatus = true;
    bs.backfillEmissions = 1_000_000n * S7;
    bs.lastDistributionTime = T - 10000n;
    bs.rzEmis.set('pool_2', P2);
    bs.rzEmis.set('pool_3', P3);
    expect(distribute(ctx, bs)).toBe(0n);
    expect(bs.lastDistributionTime).toBe(T - 10n);
    expect(bs.backfillEmissions).toBe(1_000_000n * S7);
    expect(bs.backfillStatus).toBe(false);
    expect(bs.rzEmis.get('pool_1')).toBeUndefined();
    expect(bs.rzEmis.get('pool_2')).toEqual(P2);
    expect(bs.rzEmis.get('pool_3')).toEqual(P3);
  });

  it('after the reset, the next distribution pays the emitter seconds since it, not backfill', () => {
    const { w, bs, ctx } = world(true, T - 10n);
    bs.backfillStatus = false;
    bs.backfillEmissions = 1_000_000n * S7;
    bs.lastDistributionTime = T - 10n - 3600n;
    w.now = T;
    expect(distribute(ctx, bs)).toBe(3600n * S7);
    expect(bs.backfillEmissions).toBe(1_000_000n * S7);
    expect(bs.backfillStatus).toBe(false);
  });

  it('an emitter distribution before the last backstop distribution underflows (a panic)', () => {
    const { bs, ctx } = world(true, T - 10n);
    bs.backfillStatus = false;
    bs.lastDistributionTime = T - 9n;
    expect(() => distribute(ctx, bs)).toThrowError(/^WasmVm#6 /);
  });
});

describe('the allocation by non-queued tokens, and v1 gulp_emissions', () => {
  // a pool with queued shares but no PoolBalance shares (the mainnet snapshot's CBVOPI6Q...): v2's
  // convert_to_tokens gives its queued shares 0 tokens, v1's converts them 1:1, so v1 allocates it
  // a negative part (test/model/v1/pool-balance.test.ts; blend-contracts backstop pool.rs)
  function anomaly(profile: 'blend-v2' | 'blend-v1') {
    const env = bareWorld(profile, T);
    env.w.emitter.lastDistro.set('backstop', T - 10n);
    env.bs.backfillStatus = false;
    env.bs.lastDistributionTime = T - 10n - 86400n;
    env.bs.rewardZone = ['pool_1', 'pool_2'];
    env.bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 0n });
    env.bs.poolBalances.set('pool_2', { tokens: 0n, shares: 0n, q4w: 100_000_0000000n });
    return env;
  }

  it('v2 distribute: the pool without shares gets 0, the other all of it', () => {
    const { bs, ctx } = anomaly('blend-v2');
    expect(distribute(ctx, bs)).toBe(86400n * S7);
    expect(bs.rzEmis.get('pool_2')).toEqual({ accrued: 0n, lastTime: 0n });
    expect(bs.rzEmis.get('pool_1')).toEqual({ accrued: 86400n * S7, lastTime: 0n });
  });

  it('the same allocation under the v1 conversions: a negative part for the pool without shares', () => {
    const { bs, ctx } = anomaly('blend-v1');
    expect(distribute(ctx, bs)).toBe(86400n * S7);
    expect(bs.rzEmis.get('pool_2')!.accrued).toBeLessThan(0n);
  });

  it('v1 gulp_emissions: 30% to each pool by its non-queued tokens (negative for the anomaly), the event', () => {
    const { w, bs, ctx, events } = anomaly('blend-v1');
    w.emitter.lastDistro.set('backstop', T);
    bs.lastDistributionTime = T - 7200n;
    // pool_2's running EPS (1 BLND/s, a week left) keeps its new EPS positive despite the negative part
    bs.emisData.set('pool_2', { expiration: T + 7n * 86400n, eps: S7, index: 0n, lastTime: T });
    expect(gulpEmissionsV1(ctx, bs)).toBe(7200n * S7);
    // non-queued: 300k and -100k, total 200k: shares 1.5 and -0.5 of 30% and 70% of 7,200 BLND
    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(3_240_0000000n);
    expect(bs.rzEmis.get('pool_2')!.accrued).toBe(-1_080_0000000n);
    const distributed = events.filter((e) => e.topic === 'distribute');
    expect(distributed).toEqual([
      {
        topic: 'distribute',
        contract: 'backstop',
        backstop: 'backstop',
        amount: 7200n * S7,
        backfill: false,
        allocated: [
          ['pool_1', 3_240_0000000n + 7_560_0000000n],
          ['pool_2', -1_080_0000000n - 2_520_0000000n],
        ],
      },
    ]);
  });

  it("gulp_emissions allocates by the profile's conversions: under v2's the pool without shares gets 0", () => {
    const { w, bs, ctx } = anomaly('blend-v2');
    w.emitter.lastDistro.set('backstop', T);
    bs.lastDistributionTime = T - 7200n;
    gulpEmissionsV1(ctx, bs);
    expect(bs.rzEmis.get('pool_2')!.accrued).toBe(0n);
    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(2_160_0000000n);
  });

  it('v1 gulp_emissions with an empty reward zone is BadRequest (1000)', () => {
    const { w, bs, ctx } = anomaly('blend-v1');
    w.emitter.lastDistro.set('backstop', T);
    bs.rewardZone = [];
    expect(() => gulpEmissionsV1(ctx, bs)).toThrowError(/^Backstop#1000 /);
  });

  it('a profile without backfill panics where the emitter does not know the backstop (get_last_distro unwrap)', () => {
    const { bs, ctx } = bareWorld('blend-v1', T);
    bs.rewardZone = ['pool_1'];
    expect(() => distribute(ctx, bs)).toThrowError(/^WasmVm#6 /);
  });
});
