/**
 * The pool's emission distributor (model/pool/distributor.ts) on the rest of the contract's own unit
 * tests: blend-contracts-v2 @ ba22b48 pool/src/emissions/distributor.rs `mod tests` (the
 * update_user_emissions tests, claim_emissions, no-config and negative-time cases: same names, same
 * numbers; test/model/pool/emissions.test.ts has the others). `update_user_emissions` is reached
 * through update_emissions and claim with the reserve's data already current (last_time = now), as
 * the Rust tests pass that data in.
 */
import { describe, expect, it } from 'vitest';
import {
  claim,
  resTokenId,
  tokenBalance,
  tokenSupply,
  updateEmissions,
  updateReserveEmissionData,
} from '../../../model/pool/distributor.ts';
import { newReserve } from '../../../model/pool/reserve.ts';
import { newPool, type ReserveState } from '../../../model/state.ts';
import { bareWorld } from '../../helpers.ts';

const NOW = 1500000000n;
const reserve = (over: Partial<ReserveState> = {}): ReserveState => ({
  ...newReserve('a', 10_000_000n, 0n),
  bSupply: 100_0000000n,
  dSupply: 50_0000000n,
  ...over,
});

/** Reserve 1's d token (id 2) or b token (id 3); samwise holds `balance` of it. */
function world(id: 2 | 3, balance: bigint, now = NOW) {
  const env = bareWorld('blend-v2', now);
  const pool = newPool('pool', 'backstop', [reserve(), reserve()]);
  env.w.pools.set('pool', pool);
  if (balance !== 0n)
    pool.positions.set(
      'samwise',
      id === 2
        ? { collateral: new Map(), supply: new Map(), liabilities: new Map([[1, balance]]) }
        : { collateral: new Map([[1, balance]]), supply: new Map(), liabilities: new Map() },
    );
  env.bs.allowances.set('pool', 1_000_0000000n);
  env.bs.blnd = 1_000_0000000n;
  return { ...env, pool };
}
const current = (index: bigint) => ({ expiration: 1600000000n, eps: 1000000000000n, index, lastTime: NOW });

describe('pool distributor.rs update_user_emissions (v2 unit-test values)', () => {
  it('test_update_user_emissions_first_time', () => {
    const { pool, ctx } = world(2, 0n);
    pool.emisData.set(2, current(123456789n));
    updateEmissions(ctx, pool, 2, 'samwise');
    expect(pool.userEmis.get('samwise')!.get(2)).toEqual({ index: 123456789n, accrued: 0n });
  });

  it('test_update_user_emissions_first_time_had_tokens', () => {
    const { pool, ctx } = world(2, 5000000n);
    pool.emisData.set(2, current(1234567890000000n));
    updateEmissions(ctx, pool, 2, 'samwise');
    expect(pool.userEmis.get('samwise')!.get(2)).toEqual({ index: 1234567890000000n, accrued: 6_1728394n });
  });

  it('test_update_user_emissions_no_bal_no_accrual', () => {
    const { pool, ctx } = world(3, 0n);
    pool.emisData.set(3, current(123456789n));
    pool.userEmis.set('samwise', new Map([[3, { index: 56789n, accrued: 1000000n }]]));
    updateEmissions(ctx, pool, 3, 'samwise');
    expect(pool.userEmis.get('samwise')!.get(3)).toEqual({ index: 123456789n, accrued: 1000000n });
  });

  it('test_update_user_emissions_if_accrued_skips (no write at all)', () => {
    const { pool, ctx } = world(2, 5000000n);
    pool.emisData.set(2, current(123456789n));
    const ud = { index: 123456789n, accrued: 1_1000000n };
    pool.userEmis.set('samwise', new Map([[2, ud]]));
    updateEmissions(ctx, pool, 2, 'samwise');
    expect(pool.userEmis.get('samwise')!.get(2)).toBe(ud);
  });

  it('test_update_user_emissions_accrues', () => {
    const { pool, ctx } = world(3, 5000000n);
    pool.emisData.set(3, current(1234567890000000n));
    pool.userEmis.set('samwise', new Map([[3, { index: 567890000000n, accrued: 1000000n }]]));
    updateEmissions(ctx, pool, 3, 'samwise');
    expect(pool.userEmis.get('samwise')!.get(3)).toEqual({ index: 1234567890000000n, accrued: 6_2700000n });
  });

  it('test_update_user_emissions_claim_returns_accrual', () => {
    const { w, pool, ctx } = world(3, 5000000n);
    pool.emisData.set(3, current(1234567890000000n));
    pool.userEmis.set('samwise', new Map([[3, { index: 567890000000n, accrued: 1000000n }]]));
    expect(claim(ctx, pool, 'samwise', [3], 'frodo')).toBe(6_2700000n);
    expect(pool.userEmis.get('samwise')!.get(3)).toEqual({ index: 1234567890000000n, accrued: 0n });
    expect(w.blnd.get('frodo')).toBe(6_2700000n);
  });

  it('test_update_user_emissions_claim_first_time_claims_tokens', () => {
    const { pool, ctx } = world(2, 5000000n);
    pool.emisData.set(2, current(1234567890000000n));
    expect(claim(ctx, pool, 'samwise', [2], 'samwise')).toBe(6_1728394n);
    expect(pool.userEmis.get('samwise')!.get(2)).toEqual({ index: 1234567890000000n, accrued: 0n });
  });

  it("a claim at the user's own index still pays and zeroes what was accrued", () => {
    const { pool, ctx } = world(2, 5000000n);
    pool.emisData.set(2, current(123456789n));
    pool.userEmis.set('samwise', new Map([[2, { index: 123456789n, accrued: 1_1000000n }]]));
    expect(claim(ctx, pool, 'samwise', [2], 'samwise')).toBe(1_1000000n);
    expect(pool.userEmis.get('samwise')!.get(2)).toEqual({ index: 123456789n, accrued: 0n });
  });

  it('test_update_user_emissions_negative_index', () => {
    const { pool, ctx } = world(3, 5000000n);
    pool.emisData.set(3, current(123456789n));
    pool.userEmis.set('samwise', new Map([[3, { index: 123456789n + 1n, accrued: 1000000n }]]));
    expect(() => claim(ctx, pool, 'samwise', [3], 'samwise')).toThrowError(/^Pool#8 /);
  });
});

describe('pool distributor.rs update_emissions / claim_emissions (v2 unit-test values)', () => {
  it('test_update_emissions_no_data_ignores', () => {
    const { pool, ctx } = world(3, 2_0000000n, 1501000000n);
    updateEmissions(ctx, pool, 3, 'samwise');
    expect(pool.emisData.has(3)).toBe(false);
    expect(pool.userEmis.get('samwise')?.get(3)).toBeUndefined();
  });

  it('test_update_emissions_negative_time_diff', () => {
    const { pool, ctx } = world(2, 2_0000000n, 1501000000n);
    pool.emisData.set(2, { expiration: 1600000000n, eps: 1000000000000n, index: 2345678n, lastTime: 1501000000n + 1n });
    pool.userEmis.set('samwise', new Map([[2, { index: 1234567n, accrued: 1000000n }]]));
    expect(() => updateEmissions(ctx, pool, 2, 'samwise')).toThrowError(/^WasmVm#6 /);
  });

  it('test_claim_emissions', () => {
    const { pool, ctx } = world(2, 2_0000000n, 1501000000n);
    pool.emisData.set(2, { expiration: 1600000000n, eps: 1000000000000n, index: 23456780000000n, lastTime: 1500000000n });
    pool.userEmis.set('samwise', new Map([[2, { index: 12345670000000n, accrued: 1000000n }]]));
    expect(claim(ctx, pool, 'samwise', [2], 'samwise')).toBe(400_3222222n);
    const d = pool.emisData.get(2)!;
    expect(d.lastTime).toBe(1501000000n);
    expect(pool.userEmis.get('samwise')!.get(2)).toEqual({ index: d.index, accrued: 0n });
  });

  it('test_claim_emissions_no_config_ignores', () => {
    const { w, pool, ctx } = world(3, 2_0000000n, 1501000000n);
    expect(claim(ctx, pool, 'samwise', [3], 'samwise')).toBe(0n);
    expect(pool.emisData.has(3)).toBe(false);
    expect(pool.userEmis.get('samwise')?.get(3)).toBeUndefined();
    expect(w.blnd.get('samwise')).toBeUndefined();
  });

  it('test_update_emission_data_updated_this_block_returns_old', () => {
    const { pool, ctx } = world(3, 0n, 1501000000n);
    const d = { expiration: 1600000000n, eps: 1000000000000n, index: 2345678n, lastTime: 1501000000n };
    pool.emisData.set(3, d);
    expect(updateReserveEmissionData(ctx, pool, 3, 50_0000000n, 10_000_000n)).toBe(d);
    expect(pool.emisData.get(3)).toBe(d);
  });
});

describe('pool claim: the backstop pays from its allowance to the pool', () => {
  const claimWorld = () => {
    const env = world(2, 5000000n);
    env.pool.emisData.set(2, current(1234567890000000n));
    return env;
  };
  const OWED = 6_1728394n;

  it('the allowance and the BLND both fall by the claim; the recipient gets it', () => {
    const { w, bs, pool, ctx, events } = claimWorld();
    w.blnd.set('frodo', 5n);
    expect(claim(ctx, pool, 'samwise', [2], 'frodo')).toBe(OWED);
    expect(bs.allowances.get('pool')).toBe(1_000_0000000n - OWED);
    expect(bs.blnd).toBe(1_000_0000000n - OWED);
    expect(w.blnd.get('frodo')).toBe(5n + OWED);
    expect(events).toEqual([{ topic: 'claim', contract: 'pool', pool: 'pool', from: 'samwise', to: 'frodo', amount: OWED }]);
  });

  it('an allowance of exactly the claim pays; a stroop less is Token AllowanceError (9)', () => {
    const exact = claimWorld();
    exact.bs.allowances.set('pool', OWED);
    expect(claim(exact.ctx, exact.pool, 'samwise', [2], 'samwise')).toBe(OWED);
    expect(exact.bs.allowances.get('pool')).toBe(0n);
    const short = claimWorld();
    short.bs.allowances.set('pool', OWED - 1n);
    expect(() => claim(short.ctx, short.pool, 'samwise', [2], 'samwise')).toThrowError(/^Token#9 /);
    const none = claimWorld();
    none.bs.allowances.delete('pool');
    expect(() => claim(none.ctx, none.pool, 'samwise', [2], 'samwise')).toThrowError(/^Token#9 /);
  });

  it('a backstop holding exactly the claim pays; a stroop less is Token BalanceError (10)', () => {
    const exact = claimWorld();
    exact.bs.blnd = OWED;
    expect(claim(exact.ctx, exact.pool, 'samwise', [2], 'samwise')).toBe(OWED);
    expect(exact.bs.blnd).toBe(0n);
    const short = claimWorld();
    short.bs.blnd = OWED - 1n;
    expect(() => claim(short.ctx, short.pool, 'samwise', [2], 'samwise')).toThrowError(/^Token#10 /);
  });

  it('nothing to claim moves nothing, even without an allowance', () => {
    const { w, bs, pool, ctx } = world(2, 0n);
    pool.emisData.set(2, current(5n));
    bs.allowances.delete('pool');
    expect(claim(ctx, pool, 'samwise', [2], 'samwise')).toBe(0n);
    expect(w.blnd.get('samwise')).toBeUndefined();
  });

  it('several ids add up; an id past the reserves is BadRequest (1200)', () => {
    const { pool, ctx } = claimWorld();
    pool.positions.set('samwise', { collateral: new Map([[1, 5000000n]]), supply: new Map(), liabilities: new Map([[1, 5000000n]]) });
    pool.emisData.set(3, { ...current(1234567890000000n) });
    pool.userEmis.set('samwise', new Map([[3, { index: 567890000000n, accrued: 1000000n }]]));
    expect(claim(ctx, pool, 'samwise', [2, 3], 'samwise')).toBe(OWED + 6_2700000n);
    expect(() => claim(ctx, pool, 'samwise', [4], 'samwise')).toThrowError(/^Pool#1200 /);
  });
});

describe('reserve token ids', () => {
  it('res_index * 2 + 1 for b tokens (supply), + 0 for d tokens (liabilities)', () => {
    expect([resTokenId(0, false), resTokenId(0, true), resTokenId(3, false), resTokenId(3, true)]).toEqual([0, 1, 6, 7]);
    const r = reserve({ bSupply: 11n, dSupply: 22n });
    expect([tokenSupply(r, 6), tokenSupply(r, 7)]).toEqual([22n, 11n]);
    const pool = newPool('pool', 'backstop', [r, r, r, r]);
    pool.positions.set('u', { collateral: new Map([[3, 5n]]), supply: new Map(), liabilities: new Map([[3, 9n]]) });
    expect([tokenBalance(pool, 'u', 6), tokenBalance(pool, 'u', 7), tokenBalance(pool, 'u', 4), tokenBalance(pool, 'nobody', 7)]).toEqual([
      9n,
      5n,
      0n,
      0n,
    ]);
  });
});

describe('pool distributor: a user without a balance', () => {
  it("a user index above the reserve's is no error without a balance (the check is on the delta of a held balance)", () => {
    const { pool, ctx } = world(3, 0n);
    pool.emisData.set(3, current(123456789n));
    pool.userEmis.set('samwise', new Map([[3, { index: 123456789n + 1n, accrued: 1000000n }]]));
    updateEmissions(ctx, pool, 3, 'samwise');
    expect(pool.userEmis.get('samwise')!.get(3)).toEqual({ index: 123456789n, accrued: 1000000n });
  });
});
