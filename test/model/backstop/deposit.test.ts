/**
 * Backstop deposits (model/backstop/deposit.ts) on the contract's own unit tests:
 * blend-contracts-v2 @ ba22b48 backstop/src/backstop/deposit.rs `mod tests` (same names, same
 * numbers; `execute_donate` / `execute_draw` set up as the pool balance they leave), and the limits
 * of each check in pairs.
 */
import { describe, expect, it } from 'vitest';
import { deposit } from '../../../model/backstop/deposit.ts';
import { bareWorld } from '../../helpers.ts';

const S7 = 10_000_000n;

function depositWorld(profile: 'blend-v2' | 'blend-v1' = 'blend-v2') {
  const env = bareWorld(profile, 10000n);
  env.w.factoryPools.add('pool_0').add('pool_1');
  env.w.lp.set('samwise', 100_0000000n);
  return env;
}

describe('deposit.rs unit tests (v2)', () => {
  it('test_execute_deposit', () => {
    const { w, bs, ctx } = depositWorld();
    // frodo deposited 25 into pool_0, then donated 25: 25 shares over 50 tokens
    bs.poolBalances.set('pool_0', { shares: 25_0000000n, tokens: 50_0000000n, q4w: 0n });
    bs.lpTokens = 50_0000000n;
    const shares0 = deposit(ctx, bs, 'samwise', 'pool_0', 30_0000000n);
    const shares1 = deposit(ctx, bs, 'samwise', 'pool_1', 70_0000000n);
    expect(shares0).toBe(15_0000000n);
    expect(shares1).toBe(70_0000000n);
    expect(bs.poolBalances.get('pool_0')).toEqual({ shares: 40_0000000n, tokens: 80_0000000n, q4w: 0n });
    expect(bs.userBalances.get('pool_0')!.get('samwise')).toEqual({ shares: 15_0000000n, q4w: [] });
    expect(bs.poolBalances.get('pool_1')).toEqual({ shares: 70_0000000n, tokens: 70_0000000n, q4w: 0n });
    expect(bs.userBalances.get('pool_1')!.get('samwise')).toEqual({ shares: 70_0000000n, q4w: [] });
    expect(bs.lpTokens).toBe(150_0000000n);
    expect(w.lp.get('samwise')).toBe(0n);
  });

  it('test_execute_deposit_too_many_tokens (the LP transfer fails); all of the balance deposits', () => {
    const over = depositWorld();
    expect(() => deposit(over.ctx, over.bs, 'samwise', 'pool_0', 100_0000001n)).toThrowError(/^Comet#29 /);
    const all = depositWorld();
    expect(deposit(all.ctx, all.bs, 'samwise', 'pool_0', 100_0000000n)).toBe(100_0000000n);
    expect(all.w.lp.get('samwise')).toBe(0n);
  });

  it('test_execute_deposit_negative_tokens; 0 is not negative (it mints no share: 1005)', () => {
    const { bs, ctx } = depositWorld();
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', -100n)).toThrowError(/^Backstop#8 /);
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', 0n)).toThrowError(/^Backstop#1005 /);
  });

  it('test_execute_deposit_from_is_to', () => {
    const { w, bs, ctx } = depositWorld();
    w.lp.set('pool_0', 100n);
    expect(() => deposit(ctx, bs, 'pool_0', 'pool_0', 100n)).toThrowError(/^Backstop#1000 /);
  });

  it('test_execute_deposit_from_self', () => {
    const { w, bs, ctx } = depositWorld();
    w.lp.set('backstop', 100n);
    expect(() => deposit(ctx, bs, 'backstop', 'pool_0', 100n)).toThrowError(/^Backstop#1000 /);
  });

  it('text_execute_deposit_not_pool; a pool with shares needs no factory check', () => {
    const { bs, ctx } = depositWorld();
    expect(() => deposit(ctx, bs, 'samwise', 'pool_x', 100n)).toThrowError(/^Backstop#1004 /);
    bs.poolBalances.set('pool_x', { shares: 100n, tokens: 100n, q4w: 0n });
    expect(deposit(ctx, bs, 'samwise', 'pool_x', 100n)).toBe(100n);
  });

  it('test_execute_deposit_zero_share_mint', () => {
    const { bs, ctx } = depositWorld();
    // frodo deposited 1 and donated 10M: 1 share is worth 10M + 1 tokens
    bs.poolBalances.set('pool_0', { shares: S7, tokens: S7 + 10_000_000n * S7, q4w: 0n });
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^Backstop#1005 /);
  });

  it('test_execute_deposit_drained_backstop', () => {
    const { bs, ctx } = depositWorld();
    bs.poolBalances.set('pool_0', { shares: S7, tokens: 0n, q4w: 0n });
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^Backstop#1005 /);
  });

  it('one share minted is enough (the pair of the zero-share mint)', () => {
    const { bs, ctx } = depositWorld();
    bs.poolBalances.set('pool_0', { shares: S7, tokens: 2n * S7, q4w: 0n });
    expect(deposit(ctx, bs, 'samwise', 'pool_0', 2n)).toBe(1n);
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', 1n)).toThrowError(/^Backstop#1005 /);
  });

  it('a rejected deposit leaves the LP wallet as it was (the model checks before it moves anything)', () => {
    const { w, bs, ctx } = depositWorld();
    bs.poolBalances.set('pool_0', { shares: S7, tokens: 0n, q4w: 0n });
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^Backstop#1005 /);
    ctx.tx.rollback();
    expect(w.lp.get('samwise')).toBe(100_0000000n);
    expect(bs.lpTokens).toBe(0n);
  });
});

describe('v1 (blend-contracts backstop/src/backstop/pool.rs): a drained pool divides by zero', () => {
  it('the same deposit panics (WasmVm#6) instead of minting 0 shares', () => {
    const { bs, ctx } = depositWorld('blend-v1');
    bs.poolBalances.set('pool_0', { shares: S7, tokens: 0n, q4w: 0n });
    expect(() => deposit(ctx, bs, 'samwise', 'pool_0', S7)).toThrowError(/^WasmVm#6 /);
  });
});
