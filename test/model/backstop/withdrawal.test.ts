/**
 * Queued withdrawals (model/backstop/withdrawal.ts) on the contract's own unit tests:
 * blend-contracts-v2 @ ba22b48 backstop/src/backstop/withdrawal.rs `mod tests` (same names, same
 * numbers; deposits made with the model's deposit, `execute_donate` / `execute_draw` as the pool
 * balance they leave; the mock pool's bad-debt check, BadDebtExists 1011, is not modelled).
 */
import { describe, expect, it } from 'vitest';
import { deposit } from '../../../model/backstop/deposit.ts';
import { dequeueWithdrawal, queueWithdrawal, withdraw } from '../../../model/backstop/withdrawal.ts';
import { bareWorld } from '../../helpers.ts';

const LOCK = 17n * 24n * 60n * 60n;

function world(profile: 'blend-v2' | 'blend-v1' = 'blend-v2') {
  const env = bareWorld(profile, 10000n);
  env.w.factoryPools.add('pool');
  env.w.lp.set('samwise', 150_0000000n);
  env.w.lp.set('frodo', 150_0000000n);
  return env;
}
const donate = (env: ReturnType<typeof world>, amount: bigint) => {
  const pb = env.bs.poolBalances.get('pool')!;
  env.bs.poolBalances.set('pool', { ...pb, tokens: pb.tokens + amount });
  env.bs.lpTokens += amount;
};
const draw = (env: ReturnType<typeof world>, amount: bigint) => donate(env, -amount);

describe('withdrawal.rs unit tests (v2)', () => {
  it('test_execute_queue_withdrawal', () => {
    const env = world();
    const { bs, ctx } = env;
    deposit(ctx, bs, 'samwise', 'pool', 100_0000000n);
    expect(queueWithdrawal(ctx, bs, 'samwise', 'pool', 42_0000000n)).toEqual({ amount: 42_0000000n, exp: 10000n + LOCK });
    expect(bs.userBalances.get('pool')!.get('samwise')).toEqual({
      shares: 58_0000000n,
      q4w: [{ amount: 42_0000000n, exp: 10000n + LOCK }],
    });
    expect(bs.poolBalances.get('pool')).toEqual({ shares: 100_0000000n, tokens: 100_0000000n, q4w: 42_0000000n });
    expect(bs.lpTokens).toBe(100_0000000n);
  });

  it('queue_withdrawal returns the entry just queued, the last of the queue', () => {
    const { w, bs, ctx } = world();
    deposit(ctx, bs, 'samwise', 'pool', 100_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 1_0000000n);
    w.now = 20000n;
    expect(queueWithdrawal(ctx, bs, 'samwise', 'pool', 2_0000000n)).toEqual({ amount: 2_0000000n, exp: 20000n + LOCK });
  });

  it('test_execute_queue_withdrawal_negative_amount; queuing 0 shares is allowed', () => {
    const { bs, ctx } = world();
    deposit(ctx, bs, 'samwise', 'pool', 100_0000000n);
    expect(() => queueWithdrawal(ctx, bs, 'samwise', 'pool', -42_0000000n)).toThrowError(/^Backstop#8 /);
    expect(queueWithdrawal(ctx, bs, 'samwise', 'pool', 0n)).toEqual({ amount: 0n, exp: 10000n + LOCK });
  });

  it('test_execute_dequeue_withdrawal', () => {
    const { w, bs, ctx } = world();
    deposit(ctx, bs, 'samwise', 'pool', 75_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 25_0000000n);
    w.now = 20000n;
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 40_0000000n);
    dequeueWithdrawal(ctx, bs, 'samwise', 'pool', 30_0000000n);
    expect(bs.userBalances.get('pool')!.get('samwise')).toEqual({
      shares: 40_0000000n,
      q4w: [
        { amount: 25_0000000n, exp: 10000n + LOCK },
        { amount: 10_0000000n, exp: 20000n + LOCK },
      ],
    });
    expect(bs.poolBalances.get('pool')).toEqual({ shares: 75_0000000n, tokens: 75_0000000n, q4w: 35_0000000n });
  });

  it('test_execute_dequeue_withdrawal_negative_amount; dequeuing 0 changes nothing', () => {
    const { bs, ctx } = world();
    deposit(ctx, bs, 'samwise', 'pool', 75_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 25_0000000n);
    expect(() => dequeueWithdrawal(ctx, bs, 'samwise', 'pool', -30_0000000n)).toThrowError(/^Backstop#8 /);
    dequeueWithdrawal(ctx, bs, 'samwise', 'pool', 0n);
    expect(bs.userBalances.get('pool')!.get('samwise')).toEqual({
      shares: 50_0000000n,
      q4w: [{ amount: 25_0000000n, exp: 10000n + LOCK }],
    });
  });

  it('test_execute_withdrawal', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'samwise', 'pool', 100_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 42_0000000n);
    donate(env, 50_0000000n);
    w.lp.set('samwise', 0n);
    w.now = 10000n + LOCK;
    const tokens = withdraw(ctx, bs, 'samwise', 'pool', 42_0000000n);
    expect(tokens).toBe(63_0000000n);
    expect(bs.userBalances.get('pool')!.get('samwise')).toEqual({ shares: 58_0000000n, q4w: [] });
    expect(bs.poolBalances.get('pool')).toEqual({ shares: 58_0000000n, tokens: 150_0000000n - tokens, q4w: 0n });
    expect(bs.lpTokens).toBe(150_0000000n - tokens);
    expect(w.lp.get('samwise')).toBe(tokens);
  });

  it('a withdrawal into a wallet the LP token never saw starts it at 0', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'samwise', 'pool', 100_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 42_0000000n);
    w.lp.delete('samwise');
    w.now = 10000n + LOCK;
    expect(withdraw(ctx, bs, 'samwise', 'pool', 42_0000000n)).toBe(42_0000000n);
    expect(w.lp.get('samwise')).toBe(42_0000000n);
  });

  it('test_execute_withdrawal_negative_amount', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'samwise', 'pool', 100_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 42_0000000n);
    w.now = 10000n + LOCK;
    expect(() => withdraw(ctx, bs, 'samwise', 'pool', -42_0000000n)).toThrowError(/^Backstop#8 /);
  });

  it('test_execute_withdrawal_zero_tokens', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'frodo', 'pool', 1_0000001n);
    deposit(ctx, bs, 'samwise', 'pool', 1_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 1_0000000n);
    draw(env, 1_9999999n);
    w.now = 10000n + LOCK;
    expect(() => withdraw(ctx, bs, 'samwise', 'pool', 1_0000000n)).toThrowError(/^Backstop#1006 /);
  });

  it('test_execute_withdrawal_drained_backstop', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'frodo', 'pool', 1_0000001n);
    deposit(ctx, bs, 'samwise', 'pool', 1_0000000n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 1_0000000n);
    draw(env, 2_0000001n);
    w.now = 10000n + LOCK;
    expect(() => withdraw(ctx, bs, 'samwise', 'pool', 1_0000000n)).toThrowError(/^Backstop#1006 /);
  });

  it('test_execute_withdrawal_all_shares_over_1_rate', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'samwise', 'pool', 111_1111111n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 111_1111111n);
    donate(env, 123n);
    w.now = 10000n + LOCK;
    expect(withdraw(ctx, bs, 'samwise', 'pool', 111_1111111n)).toBe(111_1111111n + 123n);
    expect(bs.poolBalances.get('pool')).toEqual({ shares: 0n, tokens: 0n, q4w: 0n });
    expect(bs.lpTokens).toBe(0n);
  });

  it('test_execute_withdrawal_all_shares_under_1_rate', () => {
    const env = world();
    const { w, bs, ctx } = env;
    deposit(ctx, bs, 'samwise', 'pool', 111_1111111n);
    queueWithdrawal(ctx, bs, 'samwise', 'pool', 111_1111111n);
    draw(env, 123n);
    w.now = 10000n + LOCK;
    expect(withdraw(ctx, bs, 'samwise', 'pool', 111_1111111n)).toBe(111_1111111n - 123n);
    expect(bs.poolBalances.get('pool')).toEqual({ shares: 0n, tokens: 0n, q4w: 0n });
  });
});

describe('v1 conversions in withdraw (blend-contracts pool.rs): shares of a pool without shares convert 1:1', () => {
  it('a v1 pool with queued shares but no pool shares pays them 1:1 and then cannot cover them (1003)', () => {
    const { w, bs, ctx } = world('blend-v1');
    bs.poolBalances.set('pool', { shares: 0n, tokens: 0n, q4w: 0n });
    bs.userBalances.set('pool', new Map([['samwise', { shares: 0n, q4w: [{ amount: 5n, exp: 0n }] }]]));
    // v2 would convert to 0 tokens (1006); v1 converts 5 shares to 5 tokens, then the pool cannot pay them
    expect(() => withdraw(ctx, bs, 'samwise', 'pool', 5n)).toThrowError(/^Backstop#1003 /);
    const v2 = world();
    v2.bs.poolBalances.set('pool', { shares: 0n, tokens: 0n, q4w: 0n });
    v2.bs.userBalances.set('pool', new Map([['samwise', { shares: 0n, q4w: [{ amount: 5n, exp: 0n }] }]]));
    expect(() => withdraw(v2.ctx, v2.bs, 'samwise', 'pool', 5n)).toThrowError(/^Backstop#1006 /);
    void w;
  });
});
