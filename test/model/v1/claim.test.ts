/**
 * The v1 backstop's claim (to a recipient, LP minimum 0) on the contract's own unit-test values,
 * under the `blend-v1` profile: blend-contracts @ 895845f backstop/src/emissions/claim.rs
 * `mod tests` (same names, same numbers). The v1 pool's own unit tests are skipped: the model does
 * not implement the v1 pool's emission math (see emitter.test.ts).
 *
 * The Rust tests join a real Comet pool (80/20 BLND:USDC, 1,000 BLND, 25 USDC, 100 LP, 0.3% fee);
 * the model runs the Comet's own single-sided join (model/comet.ts), so every figure, LP included,
 * is the Rust test's, and test_claim_twice's second claim runs on the Comet the first one left.
 *
 * The Rust test writes the first claim's BLND as `75_3145677 + 6_2904190`; pool_1 pays
 * 76_3155135 and pool_2 5_2894732, the same total 81_6049867.
 */
import { describe, expect, it } from 'vitest';
import { claim } from '../../../model/backstop/claim.ts';
import { bareWorld, testComet } from '../../helpers.ts';

const T0 = 1500000000n;
const NOW = T0 + 12345n;
const WEEK = 7n * 24n * 60n * 60n;
const FIRST_CLAIM = 75_3145677n + 6_2904190n;

/** samwise holds shares in pool_1 and pool_2, both with running emissions (eps 0.1 and 0.02 BLND/s, 7 decimals). */
function claimWorld(blnd: bigint) {
  const env = bareWorld('blend-v1', NOW);
  const { bs } = env;
  bs.blnd = blnd;
  bs.emisData.set('pool_1', { expiration: T0 + WEEK, eps: 1000000n, index: 22222n, lastTime: T0 });
  bs.emisData.set('pool_2', { expiration: T0 + WEEK, eps: 200000n, index: 0n, lastTime: 1500010000n });
  bs.userEmisData.set('pool_1', new Map([['samwise', { index: 11111n, accrued: 1_2345678n }]]));
  bs.userEmisData.set('pool_2', new Map([['samwise', { index: 0n, accrued: 0n }]]));
  bs.poolBalances.set('pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 2_0000000n });
  bs.poolBalances.set('pool_2', { shares: 70_0000000n, tokens: 75_0000000n, q4w: 3_5000000n });
  bs.userBalances.set('pool_1', new Map([['samwise', { shares: 9_0000000n, q4w: [] }]]));
  bs.userBalances.set('pool_2', new Map([['samwise', { shares: 7_5000000n, q4w: [] }]]));
  Object.assign(env.w.comet, testComet(1_000_0000000n, 25_0000000n));
  return env;
}

const sharesOf = (bs: ReturnType<typeof claimWorld>['bs'], pool: string, user: string): bigint =>
  bs.userBalances.get(pool)?.get(user)?.shares ?? 0n;

/** The first claim of test_claim and test_claim_twice. */
function expectFirstClaim(env: ReturnType<typeof claimWorld>, blndBefore: bigint): void {
  const { bs, ctx, w } = env;
  const lpBefore = bs.lpTokens;
  const cometBefore = { blnd: w.comet.blnd.balance, supply: w.comet.supply };

  expect(claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n, 'frodo')).toBe(FIRST_CLAIM);

  expect(bs.blnd).toBe(blndBefore - FIRST_CLAIM);
  expect(sharesOf(bs, 'pool_1', 'samwise')).toBe(9_0000000n);
  expect(sharesOf(bs, 'pool_2', 'samwise')).toBe(7_5000000n);
  expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: NOW, index: 83434384n });
  expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 83434384n, accrued: 0n });
  expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: NOW, index: 7052631n });
  expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 7052631n, accrued: 0n });

  // Comet minted 6_4729326 LP, deposited for frodo
  expect(bs.lpTokens).toBe(lpBefore + 6_4729326n);
  expect(bs.poolBalances.get('pool_1')).toEqual({ shares: 150_0000000n + 4_5400274n, tokens: 200_0000000n + 6_0533699n, q4w: 2_0000000n });
  expect(bs.poolBalances.get('pool_2')).toEqual({ shares: 70_0000000n + 3915917n, tokens: 75_0000000n + 4195626n, q4w: 3_5000000n });
  expect(sharesOf(bs, 'pool_1', 'frodo')).toBe(4_5400274n);
  expect(sharesOf(bs, 'pool_2', 'frodo')).toBe(3915917n);
  expect(w.comet.blnd.balance).toBe(cometBefore.blnd + FIRST_CLAIM);
  expect(w.comet.supply).toBe(cometBefore.supply + 6_4729326n);
}

describe('backstop claim (v1 unit-test values)', () => {
  it('test_claim', () => {
    expectFirstClaim(claimWorld(100_0000000n), 100_0000000n);
  });

  it('test_claim_twice', () => {
    const env = claimWorld(200_0000000n);
    const { w, bs, ctx } = env;
    expectFirstClaim(env, 200_0000000n);

    const now1 = T0 + 12345n + 12345n;
    w.now = now1;
    const lpBefore = bs.lpTokens;

    expect(claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n, 'frodo')).toBe(1005194703n);

    expect(bs.blnd).toBe(200_0000000n - (75_3145677n + 6_2904190n) - 1005194703n);
    expect(sharesOf(bs, 'pool_1', 'samwise')).toBe(9_0000000n);
    expect(sharesOf(bs, 'pool_2', 'samwise')).toBe(7_5000000n);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: now1, index: 164363961n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 164363961n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: now1, index: 43963099n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 43963099n, accrued: 0n });

    // Comet minted 7_8404581 LP for 100_5194703 BLND (the Rust test's 6_5244800 + 7_7889107 is
    // 6_4729326 + 7_8404581 over both claims; 1 stroop of dust stays unassigned)
    expect(bs.lpTokens).toBe(lpBefore + 7_8404581n);
    expect(bs.poolBalances.get('pool_1')).toMatchObject({ shares: 154_5400274n + 4_2609092n, tokens: 206_0533699n + 5_6812124n });
    expect(bs.poolBalances.get('pool_2')).toMatchObject({ shares: 70_3915917n + 2_0152958n, tokens: 75_4195626n + 2_1592456n });
    expect(sharesOf(bs, 'pool_1', 'frodo')).toBe(4_5400274n + 4_2609092n);
    expect(sharesOf(bs, 'pool_2', 'frodo')).toBe(3915917n + 2_0152958n);
  });

  it('test_claim_no_deposits', () => {
    const { w, bs, ctx } = bareWorld('blend-v1', NOW);
    bs.blnd = 100_0000000n;
    bs.emisData.set('pool_1', { expiration: T0 + WEEK, eps: 1000000n, index: 22222n, lastTime: T0 });
    bs.emisData.set('pool_2', { expiration: T0 + WEEK, eps: 200000n, index: 0n, lastTime: 1500010000n });
    bs.poolBalances.set('pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n });
    bs.poolBalances.set('pool_2', { shares: 70_0000000n, tokens: 75_0000000n, q4w: 0n });

    expect(claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n, 'frodo')).toBe(0n);

    expect(w.blnd.get('frodo') ?? 0n).toBe(0n);
    expect(bs.blnd).toBe(100_0000000n);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: NOW, index: 82322222n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 82322222n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: NOW, index: 6700000n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 6700000n, accrued: 0n });
  });
});
