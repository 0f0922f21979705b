/**
 * The v2 backstop's claim into the LP on the contract's own unit-test values:
 * blend-contracts-v2 @ ba22b48 backstop/src/emissions/claim.rs `mod tests` (same names, same numbers).
 *
 * The Rust tests deposit the claimed BLND into a real Comet pool (80/20 BLND:USDC, 1,000 BLND,
 * 25 USDC, 100 LP, 0.3% fee), whose single-sided join is not linear in the BLND paid in. The model
 * takes the LP minted per BLND as an input (world.comet.lpPerBlnd, 7 decimals), and no 7-decimal
 * composition gives Comet's exact output here (6_4729327 LP for 81_6049872 BLND would need
 * 0.07932030777 LP per BLND). So:
 * - the BLND side (indices, user emission data, BLND paid out, min_lp_tokens_out) is asserted exactly;
 * - each claim runs at the largest composition that mints no more LP than Comet did, and the model's
 *   LP figures at that composition are asserted (marked "composition-derived": not Rust figures);
 * - the contract's split of Comet's own output into per-pool deposits and minted shares is asserted
 *   on the Rust figures, through the model's arithmetic (splitClaimedLp);
 * - test_claim_twice sets the balances the contract held after its first claim before claiming
 *   again, since the second index depends on the shares the first deposit minted.
 */
import { describe, expect, it } from 'vitest';
import { claim } from '../../../model/backstop/claim.ts';
import { bareWorld, splitClaimedLp } from '../../helpers.ts';

const T0 = 1500000000n;
const NOW = T0 + 12345n;
const WEEK = 7n * 24n * 60n * 60n;

/** The common set-up: samwise holds shares in pool_1 and pool_2, both with running emissions. */
function claimWorld(blnd: bigint) {
  const env = bareWorld('blend-v2', NOW);
  const { bs } = env;
  bs.blnd = blnd;
  // eps 0.1 BLND/s and 0.02 BLND/s (14 decimals)
  bs.emisData.set('pool_1', { expiration: T0 + WEEK, eps: 10000000000000n, index: 222220000000n, lastTime: T0 });
  bs.emisData.set('pool_2', { expiration: T0 + WEEK, eps: 2000000000000n, index: 0n, lastTime: 1500010000n });
  bs.userEmisData.set('pool_1', new Map([['samwise', { index: 111110000000n, accrued: 1_2345678n }]]));
  bs.userEmisData.set('pool_2', new Map([['samwise', { index: 0n, accrued: 0n }]]));
  bs.poolBalances.set('pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 2_0000000n });
  bs.poolBalances.set('pool_2', { shares: 70_0000000n, tokens: 75_0000000n, q4w: 3_5000000n });
  bs.userBalances.set('pool_1', new Map([['samwise', { shares: 9_0000000n, q4w: [] }]]));
  bs.userBalances.set('pool_2', new Map([['samwise', { shares: 7_5000000n, q4w: [] }]]));
  return env;
}

describe('backstop claim (v2 unit-test values)', () => {
  it('test_claim', () => {
    const { w, bs, ctx } = claimWorld(100_0000000n);
    // Comet minted 6_4729327 LP for 81_6049872 BLND; 0.0793203 LP per BLND mints 6_4729320
    w.comet.lpPerBlnd = 793203n;
    const comet = splitClaimedLp(bs, 6_4729327n, [['pool_1', 76_3155136n], ['pool_2', 5_2894736n]]);
    const lpBefore = bs.lpTokens;

    const result = claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n);

    // BLND side: exact
    expect(bs.blnd).toBe(100_0000000n - (76_3155136n + 5_2894736n));
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: NOW, index: 834343841621621n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 834343841621621n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: NOW, index: 70526315789473n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 70526315789473n, accrued: 0n });

    // the contract's split of Comet's 6_4729327 LP: exact
    expect(comet).toEqual([
      { pool: 'pool_1', deposit: 6_0533700n, minted: 4_5400275n },
      { pool: 'pool_2', deposit: 4195626n, minted: 3915917n },
    ]);

    // LP side at the model's composition (composition-derived)
    expect(result).toBe(6_4729320n);
    expect(bs.lpTokens).toBe(lpBefore + 6_4729320n);
    expect(bs.poolBalances.get('pool_1')).toEqual({ shares: 150_0000000n + 4_5400269n, tokens: 200_0000000n + 6_0533693n, q4w: 2_0000000n });
    expect(bs.poolBalances.get('pool_2')).toEqual({ shares: 70_0000000n + 3915917n, tokens: 75_0000000n + 4195626n, q4w: 3_5000000n });
    expect(bs.userBalances.get('pool_1')!.get('samwise')!.shares).toBe(9_0000000n + 4_5400269n);
    expect(bs.userBalances.get('pool_2')!.get('samwise')!.shares).toBe(7_5000000n + 3915917n);
  });

  it('test_claim_uses_min_lp_amount', () => {
    const { w, bs, ctx } = claimWorld(100_0000000n);
    w.comet.lpPerBlnd = 793203n;
    // Comet mints 6_4729327 (the model 6_4729320): under the 6_5000000 asked for
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_5000000n)).toThrowError(/Comet#20/);
  });

  it('test_claim_twice', () => {
    const { w, bs, ctx } = claimWorld(300_0000000n);
    w.comet.lpPerBlnd = 793203n;

    expect(claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n)).toBe(6_4729320n); // composition-derived
    expect(bs.blnd).toBe(300_0000000n - (76_3155136n + 5_2894736n));
    expect(bs.emisData.get('pool_1')!.index).toBe(834343841621621n);
    expect(bs.emisData.get('pool_2')!.index).toBe(70526315789473n);

    // the balances the contract held after its first claim (Comet's 6_4729327 LP, split as in test_claim)
    bs.poolBalances.set('pool_1', { shares: 150_0000000n + 4_5400275n, tokens: 200_0000000n + 6_0533700n, q4w: 2_0000000n });
    bs.poolBalances.set('pool_2', { shares: 70_0000000n + 3915917n, tokens: 75_0000000n + 4195626n, q4w: 3_5000000n });
    bs.userBalances.get('pool_1')!.set('samwise', { shares: 9_0000000n + 4_5400275n, q4w: [] });
    bs.userBalances.get('pool_2')!.set('samwise', { shares: 7_5000000n + 3915917n, q4w: [] });

    const now1 = T0 + 12345n + 12345n;
    w.now = now1;
    // Comet minted 10_7836702 LP for 138_7071054 BLND; 0.0777441 LP per BLND mints 10_7836590
    w.comet.lpPerBlnd = 777441n;
    const comet = splitClaimedLp(bs, 10_7836702n, [['pool_1', 109_5788706n], ['pool_2', 29_1282348n]]);
    const lpBefore = bs.lpTokens;

    const result = claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 10_7000000n);

    // BLND side: exact
    expect(bs.blnd).toBe(300_0000000n - (109_5788706n + 29_1282348n) - (76_3155136n + 5_2894736n));
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: now1, index: 1643639618102322n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 1643639618102322n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: now1, index: 439631002529944n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 439631002529944n, accrued: 0n });

    // the contract's split of Comet's 10_7836702 LP (1 stroop of dust stays unassigned): exact
    expect(comet).toEqual([
      { pool: 'pool_1', deposit: 8_5191194n, minted: 6_3893395n },
      { pool: 'pool_2', deposit: 2_2645507n, minted: 2_1135806n },
    ]);
    expect(comet[0]!.deposit + comet[1]!.deposit + 1n).toBe(10_7836702n);

    // LP side at the model's composition (composition-derived)
    expect(result).toBe(10_7836590n);
    expect(bs.lpTokens).toBe(lpBefore + 10_7836590n);
    expect(bs.poolBalances.get('pool_1')).toMatchObject({ shares: 154_5400275n + 6_3893329n, tokens: 206_0533700n + 8_5191106n });
    expect(bs.poolBalances.get('pool_2')).toMatchObject({ shares: 70_3915917n + 2_1135784n, tokens: 75_4195626n + 2_2645483n });
    expect(bs.userBalances.get('pool_1')!.get('samwise')!.shares).toBe(13_5400275n + 6_3893329n);
    expect(bs.userBalances.get('pool_2')!.get('samwise')!.shares).toBe(7_8915917n + 2_1135784n);
  });

  it('test_claim_no_deposits', () => {
    const { bs, ctx, w } = bareWorld('blend-v2', NOW);
    bs.blnd = 100_0000000n;
    bs.emisData.set('pool_1', { expiration: T0 + WEEK, eps: 10000000000000n, index: 222220000000n, lastTime: T0 });
    bs.emisData.set('pool_2', { expiration: T0 + WEEK, eps: 2000000000000n, index: 0n, lastTime: 1500010000n });
    bs.poolBalances.set('pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_2', { shares: 70_0000000n, tokens: 75_0000000n, q4w: 0n });

    expect(claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n)).toBe(0n);

    expect(w.blnd.get('frodo') ?? 0n).toBe(0n);
    expect(bs.blnd).toBe(100_0000000n);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: NOW, index: 823222220000000n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 823222220000000n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: NOW, index: 67000000000000n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 67000000000000n, accrued: 0n });
  });

  it('test_claim_duplicate', () => {
    const { w, bs, ctx } = claimWorld(100_0000000n);
    w.comet.lpPerBlnd = 793203n;
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'pool_2', 'pool_1'], 6_4000000n)).toThrowError(/Backstop#1000/);
  });

  it('test_claim_empty', () => {
    const { w, bs, ctx } = claimWorld(100_0000000n);
    w.comet.lpPerBlnd = 793203n;
    expect(() => claim(ctx, bs, 'samwise', [], 6_4000000n)).toThrowError(/Backstop#1000/);
  });

  it('test_claim_random_adddress', () => {
    const { w, bs, ctx } = claimWorld(100_0000000n);
    w.comet.lpPerBlnd = 793203n;
    // a pool that never had emissions
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'random_address'], 1n)).toThrowError(/Backstop#1000/);
  });
});
