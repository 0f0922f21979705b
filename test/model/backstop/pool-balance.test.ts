/**
 * A pool's backstop balance (model/backstop/pool-balance.ts) on the contract's own unit-test values:
 * blend-contracts-v2 @ ba22b48 backstop/src/backstop/pool.rs `mod tests` (same names, same numbers),
 * with the boundaries of `withdraw` in pairs, and v1's conversions where the v2 ones differ.
 */
import { describe, expect, it } from 'vitest';
import {
  convertToShares,
  convertToTokens,
  depositInto,
  dequeueQ4w,
  nonQueuedTokens,
  queueForWithdraw,
  withdrawFrom,
} from '../../../model/backstop/pool-balance.ts';

const pb = (shares: bigint, tokens: bigint, q4w: bigint) => ({ shares, tokens, q4w });

describe('pool.rs unit tests (v2)', () => {
  it('test_non_queued_tokens', () => expect(nonQueuedTokens(pb(80321n, 103302n, 40001n))).toBe(51857n));
  it('test_non_queued_tokens_no_shares', () => expect(nonQueuedTokens(pb(0n, 0n, 0n))).toBe(0n));
  it('test_non_queued_tokens_drained_backstop', () => expect(nonQueuedTokens(pb(8765n, 0n, 4321n))).toBe(0n));
  it('test_non_queued_tokens_full_q4w', () => expect(nonQueuedTokens(pb(80321n, 103302n, 80321n))).toBe(0n));
  it('test_convert_to_shares_no_shares', () => expect(convertToShares(pb(0n, 0n, 0n), 1234567n)).toBe(1234567n));
  it('test_convert_to_shares_drained_backstop', () => expect(convertToShares(pb(87654321n, 0n, 0n), 1234567n)).toBe(0n));
  it('test_convert_to_shares', () => expect(convertToShares(pb(80321n, 103302n, 0n), 1234567n)).toBe(959920n));
  it('test_convert_to_tokens_no_shares', () => expect(convertToTokens(pb(0n, 0n, 0n), 1234567n)).toBe(0n));
  it('test_convert_to_tokens_drained_backstop', () => expect(convertToTokens(pb(87654321n, 0n, 0n), 1234567n)).toBe(0n));
  it('test_convert_to_tokens', () => expect(convertToTokens(pb(80321n, 103302n, 0n), 40000n)).toBe(51444n));
  it('test_convert_to_tokens_all_shares', () => expect(convertToTokens(pb(80321n, 103302n, 0n), 80321n)).toBe(103302n));

  it('all the shares are all the tokens, where floor(shares * tokens / shares) would agree anyway', () => {
    // 3 shares of 10 tokens: 1 share is floor(10/3) = 3 tokens, all 3 are the 10 (not 9)
    expect(convertToTokens(pb(3n, 10n, 0n), 3n)).toBe(10n);
    expect(convertToTokens(pb(3n, 10n, 0n), 1n)).toBe(3n);
  });

  it('all the shares are all the tokens without the product: a pool of 10^20 shares and tokens does not overflow', () => {
    // shares * tokens = 10^40 > i128::MAX: only the shortcut converts it; a share less multiplies (and panics)
    expect(convertToTokens(pb(10n ** 20n, 10n ** 20n, 0n), 10n ** 20n)).toBe(10n ** 20n);
    expect(() => convertToTokens(pb(10n ** 20n, 10n ** 20n, 0n), 10n ** 20n - 1n)).toThrowError(/^WasmVm#6 /);
  });

  it('test_deposit', () => expect(depositInto(pb(100n, 200n, 25n), 50n, 25n)).toEqual(pb(125n, 250n, 25n)));
  it('test_withdraw', () => expect(withdrawFrom(pb(100n, 200n, 25n), 50n, 25n)).toEqual(pb(75n, 150n, 0n)));
  it('test_withdraw_too_much', () => expect(() => withdrawFrom(pb(100n, 200n, 25n), 201n, 25n)).toThrowError(/^Backstop#1003 /));
  it('test_dequeue_q4w', () => expect(dequeueQ4w(pb(100n, 200n, 25n), 25n)).toEqual(pb(100n, 200n, 0n)));
  it('test_dequeue_q4w_too_much', () => expect(() => dequeueQ4w(pb(100n, 200n, 25n), 26n)).toThrowError(/^Backstop#1003 /));
  it('test_q4w', () => expect(queueForWithdraw(pb(100n, 200n, 0n), 25n)).toEqual(pb(100n, 200n, 25n)));
});

describe('withdraw: InsufficientFunds (1003) one over each limit, and not at it', () => {
  it('tokens: all 200 pass, 201 do not', () => {
    expect(withdrawFrom(pb(100n, 200n, 25n), 200n, 25n)).toEqual(pb(75n, 0n, 0n));
    expect(() => withdrawFrom(pb(100n, 200n, 25n), 201n, 25n)).toThrowError(/^Backstop#1003 /);
  });
  it('queued shares: the 25 queued pass, 26 do not', () => {
    expect(() => withdrawFrom(pb(100n, 200n, 25n), 50n, 26n)).toThrowError(/^Backstop#1003 /);
  });
  it('shares: every share queued, all withdraw; one more than the shares does not', () => {
    expect(withdrawFrom(pb(25n, 200n, 25n), 200n, 25n)).toEqual(pb(0n, 0n, 0n));
    expect(() => withdrawFrom(pb(25n, 200n, 26n), 200n, 26n)).toThrowError(/^Backstop#1003 /);
  });
});

describe('v1 conversions (blend-contracts backstop/src/backstop/pool.rs)', () => {
  it('a pool without shares converts shares to tokens 1:1', () => {
    expect(convertToTokens(pb(0n, 0n, 0n), 1234567n, true)).toBe(1234567n);
    expect(convertToShares(pb(0n, 0n, 0n), 1234567n, true)).toBe(1234567n);
  });
  it('a drained pool (shares, no tokens) converts at floor(tokens * shares / 0): a panic', () => {
    expect(() => convertToShares(pb(87654321n, 0n, 0n), 1234567n, true)).toThrowError(/WasmVm#6|division|zero/i);
  });
  it('the queued shares of a pool without shares count 1:1 against its tokens: negative non-queued tokens', () => {
    expect(nonQueuedTokens(pb(0n, 0n, 4321n), true)).toBe(-4321n);
    expect(nonQueuedTokens(pb(0n, 0n, 4321n))).toBe(0n);
  });
  it('elsewhere as v2', () => {
    expect(convertToShares(pb(80321n, 103302n, 0n), 1234567n, true)).toBe(959920n);
    expect(convertToTokens(pb(80321n, 103302n, 0n), 40000n, true)).toBe(51444n);
    expect(nonQueuedTokens(pb(80321n, 103302n, 40001n), true)).toBe(51857n);
  });
});
