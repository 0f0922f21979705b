/**
 * A pool's backstop funds (model/backstop/funds.ts) on the contract's own unit tests:
 * blend-contracts-v2 @ ba22b48 backstop/src/backstop/fund_management.rs `mod tests` (same names,
 * same numbers), and deposit.rs's tests that set their pool up with `execute_donate` and
 * `execute_draw` (test_execute_deposit, test_execute_deposit_drained_backstop), here with the real
 * draw and donate instead of the balance they leave. v1 (blend-contracts fund_management.rs) is the
 * same for both; only the drained pool's later deposit differs (a division by zero).
 */
import { describe, expect, it } from 'vitest';
import { deposit } from '../../../model/backstop/deposit.ts';
import { donate, draw } from '../../../model/backstop/funds.ts';
import { bareWorld } from '../../helpers.ts';

const S7 = 10_000_000n;

/** frodo and samwise hold 100 LP each; pool_0 (and pool_1) are the factory's. */
function fundsWorld(profile: 'blend-v2' | 'blend-v1' = 'blend-v2') {
  const env = bareWorld(profile, 10000n);
  env.w.factoryPools.add('pool_0').add('pool_1');
  env.w.lp.set('samwise', 100_0000000n);
  env.w.lp.set('frodo', 100_0000000n);
  return env;
}

describe('fund_management.rs unit tests (v2)', () => {
  it('test_execute_donate', () => {
    const { w, bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 25_0000000n);
    donate(ctx, bs, 'samwise', 'pool_0', 30_0000000n);
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 25_0000000n, tokens: 55_0000000n, q4w: 0n });
    expect(w.lp.get('samwise')).toBe(70_0000000n);
    expect(bs.lpTokens).toBe(55_0000000n);
  });

  it('test_execute_donate_negative_amount', () => {
    const { bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 25_0000000n);
    expect(() => donate(ctx, bs, 'samwise', 'pool_0', -30_0000000n)).toThrowError(/^Backstop#8 /);
  });

  it('test_execute_donate_from_is_to: BadRequest in the contract; the host refuses the pool authorising twice first', () => {
    const { bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 25_0000000n);
    // the Rust test calls execute_donate directly, past contract.rs's two require_auth; through
    // donate() the pool's second require_auth in one call is the host's Error(Auth, ExistingValue)
    expect(() => donate(ctx, bs, 'pool_0', 'pool_0', 10_0000000n)).toThrowError(/^WasmVm#4 /);
  });

  it('test_execute_donate_from_is_self', () => {
    const { bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 25_0000000n);
    expect(() => donate(ctx, bs, 'backstop', 'pool_0', 10_0000000n)).toThrowError(/^Backstop#1000 /);
  });

  it('test_execute_donate_not_pool; a pool with shares needs no factory check', () => {
    const { bs, ctx } = fundsWorld();
    expect(() => donate(ctx, bs, 'samwise', 'pool_x', 30_0000000n)).toThrowError(/^Backstop#1004 /);
    bs.poolBalances.set('pool_x', { shares: 1n, tokens: 1n, q4w: 0n });
    donate(ctx, bs, 'samwise', 'pool_x', 30_0000000n);
    expect(bs.poolBalances.get('pool_x')).toEqual({ shares: 1n, tokens: 30_0000001n, q4w: 0n });
  });

  it("a donation over the donor's LP wallet fails in the LP token (Comet#29); all of it is accepted", () => {
    const { bs, ctx } = fundsWorld();
    expect(() => donate(ctx, bs, 'samwise', 'pool_0', 100_0000001n)).toThrowError(/^Comet#29 /);
    donate(ctx, bs, 'samwise', 'pool_0', 100_0000000n);
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 0n, tokens: 100_0000000n, q4w: 0n });
  });

  it('test_execute_draw', () => {
    const { w, bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 50_0000000n);
    draw(ctx, bs, 'pool_0', 30_0000000n, 'samwise');
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 50_0000000n, tokens: 20_0000000n, q4w: 0n });
    expect(bs.lpTokens).toBe(20_0000000n);
    expect(w.lp.get('samwise')).toBe(130_0000000n);
  });

  it('test_execute_draw_only_can_take_from_pool; all of the pool can be drawn', () => {
    const { bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 50_0000000n);
    deposit(ctx, bs, 'frodo', 'pool_1', 50_0000000n);
    expect(() => draw(ctx, bs, 'pool_0', 51_0000000n, 'samwise')).toThrowError(/^Backstop#1003 /);
    expect(() => draw(ctx, bs, 'pool_0', 50_0000001n, 'samwise')).toThrowError(/^Backstop#1003 /);
    draw(ctx, bs, 'pool_0', 50_0000000n, 'samwise');
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 50_0000000n, tokens: 0n, q4w: 0n });
    expect(bs.poolBalances.get('pool_1')).toEqual({ shares: 50_0000000n, tokens: 50_0000000n, q4w: 0n });
  });

  it('test_execute_draw_negative_amount; 0 is not negative', () => {
    const { bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', 50_0000000n);
    expect(() => draw(ctx, bs, 'pool_0', -30_0000000n, 'samwise')).toThrowError(/^Backstop#8 /);
    draw(ctx, bs, 'pool_0', 0n, 'samwise');
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 50_0000000n, tokens: 50_0000000n, q4w: 0n });
  });

  it('a draw leaves the queued shares and the emission records as they were', () => {
    const { bs, ctx } = fundsWorld();
    bs.poolBalances.set('pool_0', { shares: 50_0000000n, tokens: 80_0000000n, q4w: 10_0000000n });
    bs.lpTokens = 80_0000000n;
    const emis = { eps: 1n, expiration: 2n, index: 3n, lastTime: 4n };
    bs.emisData.set('pool_0', emis);
    draw(ctx, bs, 'pool_0', 80_0000000n, 'samwise');
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 50_0000000n, tokens: 0n, q4w: 10_0000000n });
    expect(bs.emisData.get('pool_0')).toBe(emis);
  });
});

describe('deposit.rs unit tests set up by donate and draw (v2)', () => {
  it('test_execute_deposit: frodo deposits 25 and donates 25, samwise deposits 30 for 15 shares', () => {
    const { w, bs, ctx } = fundsWorld();
    w.lp.set('frodo', 100_000_000_0000000n);
    deposit(ctx, bs, 'frodo', 'pool_0', 25_0000000n);
    donate(ctx, bs, 'frodo', 'pool_0', 25_0000000n);
    expect(deposit(ctx, bs, 'samwise', 'pool_0', 30_0000000n)).toBe(15_0000000n);
    expect(deposit(ctx, bs, 'samwise', 'pool_1', 70_0000000n)).toBe(70_0000000n);
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 40_0000000n, tokens: 80_0000000n, q4w: 0n });
    expect(bs.lpTokens).toBe(150_0000000n);
    expect(w.lp.get('samwise')).toBe(0n);
  });

  it('test_execute_deposit_zero_share_mint: deposit 1, donate 10M, a deposit of 1 mints no share', () => {
    const { w, bs, ctx } = fundsWorld();
    w.lp.set('frodo', 100_000_000_0000000n);
    deposit(ctx, bs, 'frodo', 'pool_0', S7);
    donate(ctx, bs, 'frodo', 'pool_0', 10_000_000n * S7);
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^Backstop#1005 /);
  });

  it('test_execute_deposit_drained_backstop: deposit 1, draw 1, a deposit of 1 mints no share', () => {
    const { w, bs, ctx } = fundsWorld();
    deposit(ctx, bs, 'frodo', 'pool_0', S7);
    draw(ctx, bs, 'pool_0', S7, 'frodo');
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: S7, tokens: 0n, q4w: 0n });
    expect(w.lp.get('frodo')).toBe(100_0000000n);
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^Backstop#1005 /);
    // a donation refills it: shares are worth the donation again, and deposits mint
    donate(ctx, bs, 'frodo', 'pool_0', 2n * S7);
    expect(deposit(ctx, bs, 'samwise', 'pool_0', S7)).toBe(S7 / 2n);
  });

  it('v1: the same drained pool divides by zero on the deposit (WasmVm#6)', () => {
    const { bs, ctx } = fundsWorld('blend-v1');
    deposit(ctx, bs, 'frodo', 'pool_0', S7);
    draw(ctx, bs, 'pool_0', S7, 'frodo');
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^WasmVm#6 /);
  });
});
