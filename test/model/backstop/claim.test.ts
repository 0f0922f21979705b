/**
 * The v2 backstop's claim into the LP on the contract's own unit-test values:
 * blend-contracts-v2 @ ba22b48 backstop/src/emissions/claim.rs `mod tests` (same names, same numbers).
 *
 * The Rust tests deposit the claimed BLND into a real Comet pool (`create_comet_lp_pool`: 80/20
 * BLND:USDC, 1,000 BLND, 25 USDC, 100 LP, 0.3% fee). The model runs the Comet's own single-sided
 * join (model/comet.ts), so every figure, LP included, is the Rust test's; test_claim_twice's
 * second claim runs on the Comet as the first left it.
 */
import { describe, expect, it } from 'vitest';
import { claim } from '../../../model/backstop/claim.ts';
import { bareWorld, testComet } from '../../helpers.ts';

const T0 = 1500000000n;
const NOW = T0 + 12345n;
const WEEK = 7n * 24n * 60n * 60n;

/** The common set-up: samwise holds shares in pool_1 and pool_2, both with running emissions. */
function claimWorld(blnd: bigint, profile: 'blend-v2' | 'blend-v1' = 'blend-v2') {
  const env = bareWorld(profile, NOW);
  const { bs } = env;
  bs.blnd = blnd;
  Object.assign(env.w.comet, testComet(1_000_0000000n, 25_0000000n));
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
    const lpBefore = bs.lpTokens;

    const result = claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n);

    expect(result).toBe(6_4729327n);
    expect(bs.lpTokens).toBe(lpBefore + 6_4729327n);
    expect(bs.blnd).toBe(100_0000000n - (76_3155136n + 5_2894736n));
    expect(bs.userBalances.get('pool_1')!.get('samwise')!.shares).toBe(9_0000000n + 4_5400275n);
    expect(bs.userBalances.get('pool_2')!.get('samwise')!.shares).toBe(7_5000000n + 3915917n);
    expect(bs.poolBalances.get('pool_1')).toEqual({
      shares: 150_0000000n + 4_5400275n,
      tokens: 200_0000000n + 6_0533700n,
      q4w: 2_0000000n,
    });
    expect(bs.poolBalances.get('pool_2')).toEqual({ shares: 70_0000000n + 3915917n, tokens: 75_0000000n + 4195626n, q4w: 3_5000000n });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: NOW, index: 834343841621621n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 834343841621621n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: NOW, index: 70526315789473n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 70526315789473n, accrued: 0n });
    // the Comet took the BLND and minted the LP
    expect(w.comet.blnd.balance).toBe(1_000_0000000n + 76_3155136n + 5_2894736n);
    expect(w.comet.usdc.balance).toBe(25_0000000n);
    expect(w.comet.supply).toBe(100_0000000n + 6_4729327n);
  });

  it('test_claim_uses_min_lp_amount', () => {
    const { bs, ctx } = claimWorld(100_0000000n);
    // Comet mints 6_4729327: under the 6_5000000 asked for
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_5000000n)).toThrowError(/Comet#20/);
  });

  it('test_claim_twice', () => {
    const { w, bs, ctx } = claimWorld(300_0000000n);

    expect(claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n)).toBe(6_4729327n);
    expect(bs.blnd).toBe(300_0000000n - (76_3155136n + 5_2894736n));
    expect(bs.emisData.get('pool_1')!.index).toBe(834343841621621n);
    expect(bs.emisData.get('pool_2')!.index).toBe(70526315789473n);

    const now1 = T0 + 12345n + 12345n;
    w.now = now1;
    const lpBefore = bs.lpTokens;
    const pre1 = bs.poolBalances.get('pool_1')!;
    const pre2 = bs.poolBalances.get('pool_2')!;
    const sam1 = bs.userBalances.get('pool_1')!.get('samwise')!.shares;
    const sam2 = bs.userBalances.get('pool_2')!.get('samwise')!.shares;

    const result = claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 10_7000000n);

    expect(result).toBe(10_7836702n);
    expect(bs.lpTokens).toBe(lpBefore + 10_7836702n);
    expect(bs.blnd).toBe(300_0000000n - (109_5788706n + 29_1282348n) - (76_3155136n + 5_2894736n));
    expect(bs.userBalances.get('pool_1')!.get('samwise')!.shares).toBe(sam1 + 6_3893395n);
    expect(bs.userBalances.get('pool_2')!.get('samwise')!.shares).toBe(sam2 + 2_1135806n);
    expect(bs.poolBalances.get('pool_1')).toMatchObject({ tokens: pre1.tokens + 8_5191194n, shares: pre1.shares + 6_3893395n });
    expect(bs.poolBalances.get('pool_2')).toMatchObject({ tokens: pre2.tokens + 2_2645507n, shares: pre2.shares + 2_1135806n });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: now1, index: 1643639618102322n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 1643639618102322n, accrued: 0n });
    expect(bs.emisData.get('pool_2')).toMatchObject({ lastTime: now1, index: 439631002529944n });
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 439631002529944n, accrued: 0n });
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
    const { bs, ctx } = claimWorld(100_0000000n);
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'pool_2', 'pool_1'], 6_4000000n)).toThrowError(/Backstop#1000/);
  });

  it('test_claim_empty', () => {
    const { bs, ctx } = claimWorld(100_0000000n);
    expect(() => claim(ctx, bs, 'samwise', [], 6_4000000n)).toThrowError(/Backstop#1000/);
  });

  it('test_claim_random_adddress', () => {
    const { bs, ctx } = claimWorld(100_0000000n);
    // a pool that never had emissions
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'random_address'], 1n)).toThrowError(/Backstop#1000/);
  });
});

/**
 * What the Rust tests fix beyond their asserts, on the same set-up: the claim event's per-pool
 * figures (test_claim's BLND claimed per pool and the LP each pool's backstop received, as the
 * pool balance deltas above), the BLND balance check at its boundary (transfer_from of exactly the
 * balance passes, one stroop over is the token's BalanceError) and `if deposit_amount > 0` (a pool
 * whose LP share floors to 0 is not written).
 */
describe('backstop claim (v2): the per-pool split and its boundaries', () => {
  const CLAIMED_1 = 76_3155136n;
  const CLAIMED_2 = 5_2894736n;

  it('the claim event: BLND per pool, LP per pool (test_claim)', () => {
    const { bs, ctx, events } = claimWorld(100_0000000n);
    claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n);
    expect(events.filter((e) => e.topic === 'claim')).toEqual([
      {
        topic: 'claim',
        contract: 'backstop',
        backstop: 'backstop',
        from: 'samwise',
        to: 'samwise',
        claimed: CLAIMED_1 + CLAIMED_2,
        lpOut: 6_4729327n,
        perPool: [
          ['pool_1', 6_0533700n],
          ['pool_2', 4195626n],
        ],
        blndPerPool: [
          ['pool_1', CLAIMED_1],
          ['pool_2', CLAIMED_2],
        ],
      },
    ]);
  });

  it('a backstop holding exactly the claimed BLND pays it; one stroop less is Token BalanceError (10)', () => {
    const exact = claimWorld(CLAIMED_1 + CLAIMED_2);
    expect(claim(exact.ctx, exact.bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n)).toBe(6_4729327n);
    expect(exact.bs.blnd).toBe(0n);

    const short = claimWorld(CLAIMED_1 + CLAIMED_2 - 1n);
    expect(() => claim(short.ctx, short.bs, 'samwise', ['pool_1', 'pool_2'], 6_4000000n)).toThrowError(/^Token#10 BalanceError/);
  });

  it('a pool whose LP share floors to 0 gets no deposit and no user balance (deposit_amount > 0)', () => {
    const { bs, ctx, events } = claimWorld(100_0000000n);
    // samwise left pool_2 (no balance there) with 1 stroop of BLND accrued: floor(lpOut * 1 / claimed) = 0
    bs.userBalances.delete('pool_2');
    bs.emisData.set('pool_2', { expiration: T0 + WEEK, eps: 2000000000000n, index: 5n, lastTime: NOW });
    bs.userEmisData.set('pool_2', new Map([['samwise', { index: 5n, accrued: 1n }]]));
    const pool2 = { ...bs.poolBalances.get('pool_2')! };

    claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n);

    const ev = events.find((e) => e.topic === 'claim' && e.contract === 'backstop');
    if (ev?.topic !== 'claim' || ev.contract !== 'backstop') throw new Error('no backstop claim event');
    expect(ev.blndPerPool).toEqual([
      ['pool_1', CLAIMED_1],
      ['pool_2', 1n],
    ]);
    expect(ev.perPool[1]).toEqual(['pool_2', 0n]);
    expect(ev.perPool[0]![1]).toBeGreaterThan(0n);
    expect(bs.poolBalances.get('pool_2')).toEqual(pool2);
    expect(bs.userBalances.get('pool_2')?.has('samwise') ?? false).toBe(false);
    expect(bs.userEmisData.get('pool_2')!.get('samwise')).toEqual({ index: 5n, accrued: 0n });
  });
});

describe('backstop claim: the LP deposited into a drained pool (shares, no tokens)', () => {
  it('v2 deposits it for no share (convert_to_shares of a drained pool is 0)', () => {
    const { bs, ctx } = claimWorld(100_0000000n);
    bs.poolBalances.set('pool_2', { shares: 70_0000000n, tokens: 0n, q4w: 3_5000000n });
    claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n);
    const pool2 = bs.poolBalances.get('pool_2')!;
    expect(pool2.shares).toBe(70_0000000n);
    expect(pool2.tokens).toBeGreaterThan(0n);
    expect(bs.userBalances.get('pool_2')!.get('samwise')!.shares).toBe(7_5000000n);
  });

  it('v1 divides by the zero tokens: a panic (WasmVm#6)', () => {
    const { w, bs, ctx } = claimWorld(10n ** 18n, 'blend-v1');
    // v1 EPS has 7 decimals: the same figures are 10^7 times the BLND, so a deeper Comet
    Object.assign(w.comet, testComet(10n ** 19n, 10n ** 18n));
    bs.poolBalances.set('pool_2', { shares: 70_0000000n, tokens: 0n, q4w: 3_5000000n });
    expect(() => claim(ctx, bs, 'samwise', ['pool_1', 'pool_2'], 0n)).toThrowError(/^WasmVm#6 /);
  });
});
