/**
 * The v1 backstop's share/token conversions (blend-contracts backstop/src/backstop/pool.rs) differ
 * from v2's for a pool without shares or tokens; the mainnet snapshot has such a pool (user
 * balances in a reward-zone pool without a pool balance), where the Soroban driver found it.
 */
import { describe, expect, it } from 'vitest';
import { convertToShares, convertToTokens, nonQueuedTokens } from '../../../model/backstop/pool-balance.ts';
import { ContractError } from '../../../model/errors.ts';

describe('v1 PoolBalance conversions', () => {
  it('convert_to_tokens of a pool without shares is 1:1 (v2: 0), so queued shares make non-queued tokens negative', () => {
    const pb = { shares: 0n, tokens: 0n, q4w: 1000n };
    expect(convertToTokens(pb, 1000n, true)).toBe(1000n);
    expect(convertToTokens(pb, 1000n)).toBe(0n);
    expect(nonQueuedTokens(pb, true)).toBe(-1000n);
    expect(nonQueuedTokens(pb)).toBe(0n);
  });

  it('convert_to_shares of shares without tokens divides by zero (v2: 0 shares)', () => {
    const pb = { shares: 10n, tokens: 0n, q4w: 0n };
    expect(convertToShares(pb, 5n)).toBe(0n);
    expect(() => convertToShares(pb, 5n, true)).toThrow(ContractError);
  });

  it('agree with v2 elsewhere', () => {
    const pb = { shares: 300n, tokens: 450n, q4w: 30n };
    for (const v1 of [true, false]) {
      expect(convertToShares(pb, 100n, v1)).toBe(66n);
      expect(convertToTokens(pb, 100n, v1)).toBe(150n);
      expect(convertToTokens(pb, 300n, v1)).toBe(450n);
      expect(nonQueuedTokens(pb, v1)).toBe(405n);
    }
    expect(convertToShares({ shares: 0n, tokens: 0n, q4w: 0n }, 7n, true)).toBe(7n);
  });
});
