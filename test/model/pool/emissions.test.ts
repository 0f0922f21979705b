/**
 * The v2 pool's emissions on the contract's own unit-test values:
 * blend-contracts-v2 pool/src/emissions/manager.rs and distributor.rs `mod tests`.
 */
import { describe, expect, it } from 'vitest';
import { claim, updateEmissions, updateReserveEmissionData } from '../../../model/pool/distributor.ts';
import { setEmissionsConfig } from '../../../model/pool/manager.ts';
import { newPool, type PoolState, type ReserveState } from '../../../model/state.ts';
import { newReserve } from '../../../model/pool/reserve.ts';
import { bareWorld } from '../../helpers.ts';

const reserve = (over: Partial<ReserveState> = {}): ReserveState => ({
  ...newReserve('a', 10_000_000n, 0n),
  bSupply: 100_0000000n,
  dSupply: 75_0000000n,
  ...over,
});

function poolWorld(
  now: bigint,
  reserves: ReserveState[],
): { pool: PoolState; ctx: ReturnType<typeof bareWorld>['ctx']; w: ReturnType<typeof bareWorld>['w'] } {
  const { w, ctx } = bareWorld('blend-v2', now);
  const pool = newPool('pool', 'backstop', reserves);
  w.pools.set('pool', pool);
  return { pool, ctx, w };
}

describe('pool distributor (v2 unit-test values)', () => {
  it('test_update_emissions', () => {
    const { pool, ctx } = poolWorld(1501000000n, [reserve(), reserve({ dSupply: 50_0000000n })]);
    pool.emisData.set(2, { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 23456780000000n, lastTime: 1500000000n });
    pool.userEmis.set('samwise', new Map([[2, { index: 12345670000000n, accrued: 1000000n }]]));
    pool.positions.set('samwise', { collateral: new Map(), supply: new Map(), liabilities: new Map([[1, 2_0000000n]]) });
    updateEmissions(ctx, pool, 2, 'samwise');
    expect(pool.emisData.get(2)).toMatchObject({ index: 20023456780000000n, lastTime: 1501000000n });
    expect(pool.userEmis.get('samwise')!.get(2)).toEqual({ index: 20023456780000000n, accrued: 400_3222222n });
  });

  it('test_update_emission_no_overflow (I256 fallback)', () => {
    const scalar = 10n ** 18n;
    const { pool, ctx } = poolWorld(1510000000n, [reserve(), reserve({ scalar, dSupply: 10n ** 30n })]);
    pool.emisData.set(2, { expiration: 1600000000n, eps: 100_00000000000000n, index: 23456780000000n, lastTime: 1500000000n });
    pool.userEmis.set('samwise', new Map([[2, { index: 12345670000000n, accrued: 1000000n }]]));
    pool.positions.set('samwise', { collateral: new Map(), supply: new Map(), liabilities: new Map([[1, 10n ** 18n]]) });
    updateEmissions(ctx, pool, 2, 'samwise');
    expect(pool.emisData.get(2)!.index).toBe(23556780000000n);
    expect(pool.userEmis.get('samwise')!.get(2)!.accrued).toBe(2121111n);
  });

  it('test_update_emission_data_past_exp', () => {
    const { pool, ctx } = poolWorld(1700000000n, [reserve()]);
    pool.emisData.set(1, { expiration: 1600000001n, eps: 1_000_000_000_000n, index: 1234567890000000n, lastTime: 1500000000n });
    const d = updateReserveEmissionData(ctx, pool, 1, 100_0000000n, 10_000_000n)!;
    expect(d.lastTime).toBe(1600000001n);
    expect(d.index).toBe(10012_34577890000000n);
  });

  it('test_update_emission_data_rounds_down', () => {
    const { pool, ctx } = poolWorld(1500000005n, [reserve()]);
    pool.emisData.set(1, { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 1234567890000000n, lastTime: 1500000000n });
    const d = updateReserveEmissionData(ctx, pool, 1, 100_0001111n, 10_000_000n)!;
    expect(d.index).toBe(1234617889944450n);
    expect(d.lastTime).toBe(1500000005n);
  });

  it('test_update_emission_data_expired_returns_old / no_eps / no_supply', () => {
    const { pool, ctx } = poolWorld(1601000000n, [reserve()]);
    const expired = { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 2345678n, lastTime: 1600000000n };
    pool.emisData.set(1, expired);
    expect(updateReserveEmissionData(ctx, pool, 1, 100_0000000n, 10_000_000n)).toBe(expired);
    const noEps = { expiration: 1700000000n, eps: 0n, index: 2345678n, lastTime: 1500000000n };
    pool.emisData.set(1, noEps);
    expect(updateReserveEmissionData(ctx, pool, 1, 100_0000000n, 10_000_000n)).toBe(noEps);
    const live = { expiration: 1700000000n, eps: 1n, index: 2345678n, lastTime: 1500000000n };
    pool.emisData.set(1, live);
    expect(updateReserveEmissionData(ctx, pool, 1, 0n, 10_000_000n)).toBe(live);
  });

  it('test_execute_claim', () => {
    const { w, pool, ctx } = poolWorld(1501000000n, [
      reserve({ scalar: 100_000n, bSupply: 100_00000n, dSupply: 50_00000n }),
      reserve({ scalar: 1_000_000_000n, bSupply: 100_000_000_000n, dSupply: 50_000_000_000n }),
    ]);
    pool.positions.set('samwise', { supply: new Map(), liabilities: new Map([[0, 2_00000n]]), collateral: new Map([[1, 2_000_000_000n]]) });
    pool.emisData.set(0, { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 23456780000000n, lastTime: 1500000000n });
    pool.emisData.set(3, { expiration: 1600000000n, eps: 1_500_000_000_000n, index: 13456780000000n, lastTime: 1500000000n });
    pool.userEmis.set(
      'samwise',
      new Map([
        [0, { index: 12345670000000n, accrued: 1000000n }],
        [3, { index: 12345670000000n, accrued: 1_0000000n }],
      ]),
    );
    const bs = w.backstops.get('backstop')!;
    bs.blnd = 1_000_0000000n;
    bs.allowances.set('pool', 1_000_0000000n);
    expect(claim(ctx, pool, 'samwise', [0, 3], 'merry')).toBe(701_3444444n);
    expect(w.blnd.get('merry')).toBe(701_3444444n);
    expect(pool.userEmis.get('samwise')!.get(0)!.accrued).toBe(0n);
    expect(pool.emisData.get(3)!.index).toBe(15013456780000000n);
  });

  it('test_calc_claim_with_invalid_reserve_panics', () => {
    const { pool, ctx } = poolWorld(1501000000n, [reserve(), reserve()]);
    expect(() => claim(ctx, pool, 'samwise', [0, 3, 6], 'samwise')).toThrowError(/Pool#1200/);
  });
});

describe('pool manager (v2 unit-test values)', () => {
  it('test_set_pool_emissions', () => {
    const { pool, ctx } = poolWorld(1500000000n, [reserve(), reserve(), reserve(), reserve()]);
    pool.emissionConfig = new Map([[2, 7500000n]]);
    setEmissionsConfig(ctx, pool, [
      { resIndex: 0, resType: 1, share: 3500000n },
      { resIndex: 3, resType: 0, share: 6500000n },
    ]);
    expect([...pool.emissionConfig]).toEqual([
      [1, 3500000n],
      [6, 6500000n],
    ]);
  });

  it('test_set_pool_emissions_panics_if_anyone_share_equal_0', () => {
    const { pool, ctx } = poolWorld(1500000000n, [reserve(), reserve(), reserve(), reserve()]);
    expect(() =>
      setEmissionsConfig(ctx, pool, [
        { resIndex: 0, resType: 1, share: 6500001n },
        { resIndex: 3, resType: 1, share: 0n },
      ]),
    ).toThrowError(/Pool#1200/);
  });

  it('test_set_pool_emissions_ok_if_under_100', () => {
    const { pool, ctx } = poolWorld(1500000000n, [reserve(), reserve(), reserve(), reserve()]);
    pool.emissionConfig = new Map([[2, 7500000n]]);
    setEmissionsConfig(ctx, pool, [
      { resIndex: 0, resType: 1, share: 3400000n },
      { resIndex: 3, resType: 0, share: 6500000n },
    ]);
    expect([...pool.emissionConfig]).toEqual([
      [1, 3400000n],
      [6, 6500000n],
    ]);
  });
});
