/**
 * The v2 backstop's emission manager on the contract's own unit-test values:
 * blend-contracts-v2 backstop/src/emissions/manager.rs `mod tests` (same names, same numbers).
 */
import { describe, expect, it } from 'vitest';
import { distribute } from '../../../model/backstop/distribute.ts';
import { gulpEmissions } from '../../../model/backstop/gulp.ts';
import { ContractError } from '../../../model/errors.ts';
import { bareWorld } from '../../helpers.ts';

const T = 1713139200n;
const WEEK = 7n * 24n * 60n * 60n;

function threePools(bs: ReturnType<typeof bareWorld>['bs']) {
  bs.rewardZone = ['pool_1', 'pool_2', 'pool_3'];
}

describe('backstop manager (v2 unit-test values)', () => {
  it('test_distribute', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', T);
    const emitterDistroTime = T - 10n;
    w.emitter.lastDistro.set('backstop', emitterDistroTime);
    bs.backfillStatus = false;
    bs.lastDistributionTime = emitterDistroTime - 86400n;
    threePools(bs);
    bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_2', { tokens: 400_000_0000000n, shares: 200_000_0000000n, q4w: 100_000_0000000n });
    bs.rzEmis.set('pool_2', { accrued: 1_0000001n, lastTime: 123n });
    bs.poolBalances.set('pool_3', { tokens: 1_000_000_0000000n, shares: 1_200_000_0000000n, q4w: 600_000_0000000n });
    bs.rzEmis.set('pool_3', { accrued: 20_000_0000000n, lastTime: 0n });

    distribute(ctx, bs);

    expect(bs.lastDistributionTime).toBe(emitterDistroTime);
    expect(bs.backfillEmissions).toBe(0n);
    expect(bs.rzEmis.get('pool_1')).toEqual({ accrued: 25_920_0000000n, lastTime: 0n });
    expect(bs.rzEmis.get('pool_2')).toEqual({ accrued: 17_280_0000000n + 1_0000001n, lastTime: 123n });
    expect(bs.rzEmis.get('pool_3')).toEqual({ accrued: 43_200_0000000n + 20_000_0000000n, lastTime: 0n });
    expect(bs.backfillStatus).toBe(false);
  });

  it('test_distribute_one_block_rounding_ok', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', T);
    const emitterDistroTime = T - 5n;
    w.emitter.lastDistro.set('backstop', emitterDistroTime);
    bs.backfillStatus = false;
    bs.lastDistributionTime = emitterDistroTime - 5n;
    threePools(bs);
    bs.poolBalances.set('pool_1', { tokens: 10_000_0000000n, shares: 10_000_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_2', { tokens: 1_000_000_000_0000000n, shares: 200_000_0000000n, q4w: 100_000_0000000n });
    bs.rzEmis.set('pool_2', { accrued: 1_0000001n, lastTime: 123n });
    bs.poolBalances.set('pool_3', { tokens: 2_000_000_000_0000000n, shares: 1_200_000_0000000n, q4w: 600_000_0000000n });
    bs.rzEmis.set('pool_3', { accrued: 20_000_0000000n, lastTime: 0n });

    distribute(ctx, bs);

    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(330n);
    expect(bs.rzEmis.get('pool_2')!.accrued).toBe(1_6666555n + 1_0000001n);
    expect(bs.rzEmis.get('pool_3')!.accrued).toBe(3_3333110n + 20_000_0000000n);
  });

  it('test_distribute_under_5_block_time_panics (and 5 s passes)', () => {
    for (const [gap, rejected] of [
      [4n, true],
      [5n, false],
    ] as const) {
      const { w, bs, ctx } = bareWorld('blend-v2', T);
      w.emitter.lastDistro.set('backstop', T);
      bs.backfillStatus = false;
      bs.lastDistributionTime = T - gap;
      bs.rewardZone = ['pool_1'];
      bs.poolBalances.set('pool_1', { tokens: 1_0000000n, shares: 1_0000000n, q4w: 0n });
      const run = () => distribute(ctx, bs);
      if (rejected) expect(run).toThrowError(/Backstop#1000/);
      else expect(run()).toBe(gap * 1_0000000n);
    }
  });

  it('test_distribute_empty_rz', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', T);
    w.emitter.lastDistro.set('backstop', T - 10n);
    bs.lastDistributionTime = T - 86400n;
    expect(() => distribute(ctx, bs)).toThrowError(ContractError);
    expect(() => distribute(ctx, bs)).toThrowError(/Backstop#1000/);
  });

  it('test_distribute_backfill_emissions', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', T);
    w.emitter.backstop = 'v1_backstop';
    w.emitter.lastDistro.set('v1_backstop', T - 1000n);
    bs.backfillStatus = true;
    bs.backfillEmissions = 1_000_000n * 1_0000000n;
    bs.lastDistributionTime = T - 86400n;
    threePools(bs);
    bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_2', { tokens: 200_000_0000000n, shares: 150_000_0000000n, q4w: 0n });
    bs.rzEmis.set('pool_2', { accrued: 1_0000001n, lastTime: 123n });
    bs.poolBalances.set('pool_3', { tokens: 500_000_0000000n, shares: 600_000_0000000n, q4w: 0n });
    bs.rzEmis.set('pool_3', { accrued: 20_000_0000000n, lastTime: 0n });

    distribute(ctx, bs);

    expect(bs.lastDistributionTime).toBe(T);
    expect(bs.backfillEmissions).toBe(1_000_000n * 1_0000000n + 86400n * 1_0000000n);
    expect(bs.backfillStatus).toBe(true);
    expect(bs.rzEmis.get('pool_1')!.accrued).toBe(25_920_0000000n);
    expect(bs.rzEmis.get('pool_2')!.accrued).toBe(17_280_0000000n + 1_0000001n);
    expect(bs.rzEmis.get('pool_3')!.accrued).toBe(43_200_0000000n + 20_000_0000000n);
  });

  it('test_gulp_emissions', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', T);
    const emitterDistroTime = T - 10n;
    w.emitter.lastDistro.set('backstop', emitterDistroTime);
    threePools(bs);
    bs.lastDistributionTime = emitterDistroTime - WEEK;
    bs.emisData.set('pool_1', { expiration: T + 1000n, eps: 10000000000000n, index: 8877660000000n, lastTime: T - 12345n });
    bs.emisData.set('pool_2', { expiration: T - 12345n, eps: 5000000000000n, index: 4532340000000n, lastTime: T - 12345n });
    bs.poolBalances.set('pool_1', { tokens: 300_000_0000000n, shares: 200_000_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_2', { tokens: 200_000_0000000n, shares: 150_000_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_3', { tokens: 500_000_0000000n, shares: 600_000_0000000n, q4w: 0n });
    bs.allowances.set('pool_1', 100_123_0000000n);

    distribute(ctx, bs);
    gulpEmissions(ctx, bs, 'pool_1');
    gulpEmissions(ctx, bs, 'pool_2');
    gulpEmissions(ctx, bs, 'pool_3');

    expect(bs.lastDistributionTime).toBe(emitterDistroTime);
    expect(bs.allowances.get('pool_1')).toBe(154_555_0000000n);
    expect(bs.allowances.get('pool_2')).toBe(36_288_0000000n);
    expect(bs.allowances.get('pool_3')).toBe(90_720_0000000n);
    expect(bs.emisData.get('pool_1')).toEqual({ eps: 21016534391534n, expiration: T + WEEK, index: 9494910000000n, lastTime: T });
    expect(bs.emisData.get('pool_2')).toEqual({ eps: 14000000000000n, expiration: T + WEEK, index: 4532340000000n, lastTime: T });
    expect(bs.emisData.get('pool_3')).toEqual({ eps: 35000000000000n, expiration: T + WEEK, index: 0n, lastTime: T });
    for (const p of ['pool_1', 'pool_2', 'pool_3']) expect(bs.rzEmis.get(p)).toEqual({ accrued: 0n, lastTime: T });
  });

  it('test_gulp_emissions_outside_rz', () => {
    const { bs, ctx } = bareWorld('blend-v2', T);
    bs.rewardZone = ['pool_2', 'pool_3'];
    bs.emisData.set('pool_1', { expiration: T + 86400n, eps: 10000000000000n, index: 887766550000000n, lastTime: T - 12345n });
    bs.poolBalances.set('pool_1', { tokens: 150_000_0000000n, shares: 40_000_0000000n, q4w: 5_000_0000000n });
    bs.allowances.set('pool_1', 100_123_0000000n);
    bs.rzEmis.set('pool_1', { accrued: 20_000_0000000n, lastTime: 0n });

    gulpEmissions(ctx, bs, 'pool_1');

    expect(bs.allowances.get('pool_1')).toBe(100_123_0000000n + 6_000_0000000n);
    const d = bs.emisData.get('pool_1')!;
    expect(d.eps).toBe(3743386243386n);
    expect(d.expiration).toBe(T + WEEK);
    expect(d.index).toBe(887766550000000n + 3527142857142n);
    expect(d.lastTime).toBe(T);
    expect(bs.rzEmis.get('pool_1')).toEqual({ accrued: 0n, lastTime: T });
  });
});
