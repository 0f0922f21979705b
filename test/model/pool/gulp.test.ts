/**
 * The v2 pool's gulp into reserve EPS on the contract's own unit-test values:
 * blend-contracts-v2 @ ba22b48 pool/src/emissions/manager.rs `mod tests`, the test_gulp_emissions
 * family (same names, same numbers).
 *
 * The Rust tests call the private `do_gulp_emissions(new_emissions)` directly. The model's pool
 * `gulp_emissions` takes its amount from the backstop (its 30% of the pool's allocation), so each
 * test gives the pool an allocation whose 30% is exactly the Rust test's `new_emissions` and gulps.
 */
import { describe, expect, it } from 'vitest';
import { POOL_EMISSION_SHARE, SCALAR_7 } from '../../../spec/constants.ts';
import { PoolError } from '../../../spec/errors.ts';
import { splitEmissions } from '../../../model/backstop/gulp.ts';
import { gulpEmissions, setEmissionsConfig } from '../../../model/pool/manager.ts';
import { newPool, type ReserveState } from '../../../model/state.ts';
import { newReserve } from '../../../model/pool/reserve.ts';
import { apply } from '../../../model/world.ts';
import { bareWorld } from '../../helpers.ts';

const T = 1500000000n;
const WEEK = 7n * 24n * 60n * 60n;
const S7 = SCALAR_7.value;

/** `default_reserve_meta`: 7 decimals, b supply 100, d supply 75, enabled. */
const reserve = (over: Partial<ReserveState> = {}): ReserveState => ({
  ...newReserve('a', S7, 0n),
  bSupply: 100_0000000n,
  dSupply: 75_0000000n,
  ...over,
});

/** A pool of `reserves` whose backstop allocation gives it exactly `newEmissions` stroops on its next gulp. */
function poolGulping(newEmissions: bigint, reserves: ReserveState[]) {
  const env = bareWorld('blend-v2', T);
  const pool = newPool('pool', 'backstop', reserves);
  env.w.pools.set('pool', pool);
  // the smallest allocation whose 30% (floored) is newEmissions
  const accrued = (newEmissions * S7 + POOL_EMISSION_SHARE.value - 1n) / POOL_EMISSION_SHARE.value;
  expect(splitEmissions(accrued).pool).toBe(newEmissions);
  env.bs.rzEmis.set('pool', { accrued, lastTime: 0n });
  return { ...env, pool };
}

/** The emission data the Rust tests start from: reserve 0's d token still running, reserve 1's b token expired. */
function setRunningAndExpired(pool: ReturnType<typeof poolGulping>['pool']): void {
  // eps 0.15 and 0.35 BLND/s (14 decimals)
  pool.emisData.set(0, { eps: 15000000000000n, expiration: 1500000200n, index: 999990000000n, lastTime: 1499980000n });
  pool.emisData.set(3, { eps: 35000000000000n, expiration: 1499990000n, index: 111110000000n, lastTime: 1499990000n });
}

/** The outcome both test_gulp_emissions and test_gulp_emissions_when_a_reserve_disabled assert. */
function expectGulped(pool: ReturnType<typeof poolGulping>['pool']): void {
  expect(pool.emisData.has(1)).toBe(false);
  expect(pool.emisData.has(4)).toBe(false);
  expect(pool.emisData.has(5)).toBe(false);
  // reserve 0 d token: the index accrues to now, the running EPS's remainder is carried over
  expect(pool.emisData.get(0)).toEqual({ expiration: T + WEEK, eps: 10004960317460n, index: (99999n + 40n * S7) * S7, lastTime: T });
  // reserve 1 d token: first emissions
  expect(pool.emisData.get(2)).toEqual({ expiration: T + WEEK, eps: 27500000000000n, index: 0n, lastTime: T });
  // reserve 1 b token: expired, so the index stays and only the time moves
  expect(pool.emisData.get(3)).toEqual({ expiration: T + WEEK, eps: 12500000000000n, index: 111110000000n, lastTime: T });
}

describe('pool gulp (v2 unit-test values)', () => {
  it('test_gulp_emissions_no_pool_emissions_does_nothing', () => {
    const { pool, ctx } = poolGulping(302_400_0000000n, [reserve(), reserve()]);
    pool.emissionConfig = new Map();
    expect(gulpEmissions(ctx, pool)).toBe(302_400_0000000n);
    for (const id of [0, 1, 2, 3]) expect(pool.emisData.has(id)).toBe(false);
  });

  it('test_gulp_emissions', () => {
    const { pool, ctx } = poolGulping(302_400_0000000n, [reserve(), reserve(), reserve()]);
    // reserve 0 liability, reserve 1 liability, reserve 1 supply
    pool.emissionConfig = new Map([
      [0, 2_000_000n],
      [2, 5_500_000n],
      [3, 2_500_000n],
    ]);
    setRunningAndExpired(pool);
    expect(gulpEmissions(ctx, pool)).toBe(302_400_0000000n);
    expectGulped(pool);
  });

  it('test_gulp_emissions_when_a_reserve_disabled', () => {
    const { pool, ctx } = poolGulping(302_400_0000000n, [reserve(), reserve(), reserve({ enabled: false })]);
    // reserve 2 is disabled: its weights drop out of the total, so the others' amounts are unchanged
    pool.emissionConfig = new Map([
      [0, 2_000_000n],
      [2, 5_500_000n],
      [3, 2_500_000n],
      [4, 1_000_000n],
      [5, 1_000_000n],
    ]);
    setRunningAndExpired(pool);
    expect(gulpEmissions(ctx, pool)).toBe(302_400_0000000n);
    expectGulped(pool);
  });

  it('test_gulp_emissions_too_small', () => {
    const { w, pool } = poolGulping(1000000n, [reserve(), reserve(), reserve()]);
    pool.emissionConfig = new Map([
      [0, 2_000_000n],
      [2, 5_500_000n],
      [3, 2_500_000n],
    ]);
    pool.emisData.set(0, { eps: 1500000n, expiration: 1500000200n, index: 99999n, lastTime: 1499980000n });
    pool.emisData.set(3, { eps: 3500000n, expiration: 1499990000n, index: 11111n, lastTime: 1499990000n });
    const out = apply(w, { fn: 'pool.gulp_emissions', pool: 'pool' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.is(PoolError.BadRequest)).toBe(true);
  });
});

describe('pool gulp and emission config: the boundaries the Rust tests leave open', () => {
  it('exactly the 1 BLND minimum gulps; a stroop under it is BadRequest (1200) (test_gulp_emissions_too_small)', () => {
    const at = poolGulping(S7, [reserve(), reserve()]);
    at.pool.emissionConfig = new Map([[0, 1_000_000n]]);
    expect(gulpEmissions(at.ctx, at.pool)).toBe(S7);
    const under = poolGulping(S7 - 1n, [reserve(), reserve()]);
    under.pool.emissionConfig = new Map([[0, 1_000_000n]]);
    expect(() => gulpEmissions(under.ctx, under.pool)).toThrowError(/^Pool#1200 /);
  });

  it('the gulp event: the BLND gulped and the part allocated to enabled reserve tokens (test_gulp_emissions)', () => {
    const { pool, ctx, events } = poolGulping(302_400_0000000n, [reserve(), reserve(), reserve()]);
    pool.emissionConfig = new Map([
      [0, 2_000_000n],
      [2, 5_500_000n],
      [3, 2_500_000n],
    ]);
    setRunningAndExpired(pool);
    gulpEmissions(ctx, pool);
    // 20%, 55% and 25% of 302,400 BLND, each floored: nothing lost here
    expect(events.filter((e) => e.contract === 'pool')).toEqual([
      { topic: 'gulp_emissions', contract: 'pool', pool: 'pool', amount: 302_400_0000000n, allocated: 302_400_0000000n },
    ]);
  });

  it("set_emissions_config keeps the config in res_token_id order, as the contract's Map<u32, u64> does", () => {
    const { pool, ctx } = poolGulping(S7, [reserve(), reserve(), reserve()]);
    setEmissionsConfig(ctx, pool, [
      { resIndex: 2, resType: 1, share: 1n },
      { resIndex: 1, resType: 0, share: 2n },
      { resIndex: 0, resType: 0, share: 3n },
      { resIndex: 1, resType: 1, share: 4n },
    ]);
    expect([...pool.emissionConfig]).toEqual([
      [0, 3n],
      [2, 2n],
      [3, 4n],
      [5, 1n],
    ]);
  });
});
