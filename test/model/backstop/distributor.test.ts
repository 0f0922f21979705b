/** blend-contracts-v2 backstop/src/emissions/distributor.rs `mod tests` values. */
import { describe, expect, it } from 'vitest';
import { claimEmissions, updateEmissions } from '../../../model/backstop/distributor.ts';
import { bareWorld } from '../../helpers.ts';

const T = 1713139200n;

describe('backstop distributor (v2 unit-test values)', () => {
  it('test_update_emissions', () => {
    const { bs, ctx } = bareWorld('blend-v2', T + 1234n);
    bs.emisData.set('pool_1', { expiration: T + 7n * 86400n, eps: 10000000000000n, index: 222220000000n, lastTime: T });
    bs.userEmisData.set('pool_1', new Map([['samwise', { index: 111110000000n, accrued: 3n }]]));
    const pb = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n };
    bs.poolBalances.set('pool_1', pb);
    updateEmissions(ctx, bs, 'pool_1', pb, 'samwise', { shares: 9_0000000n, q4w: [] });
    expect(bs.emisData.get('pool_1')!.lastTime).toBe(T + 1234n);
    expect(bs.emisData.get('pool_1')!.index).toBe(82488886666666n);
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 82488886666666n, accrued: 7_4140001n });
  });
});

/** The rest of distributor.rs `mod tests`, same names and numbers, then the boundaries they leave open. */
describe('backstop distributor (v2 unit-test values, continued)', () => {
  const WEEK = 7n * 86400n;
  const pb0 = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n };
  function world(now: bigint, eps: bigint, index: bigint, lastTime = T, user?: { index: bigint; accrued: bigint }) {
    const env = bareWorld('blend-v2', now);
    env.bs.emisData.set('pool_1', { expiration: T + WEEK, eps, index, lastTime });
    if (user) env.bs.userEmisData.set('pool_1', new Map([['samwise', user]]));
    return env;
  }

  it('test_update_emissions_no_data', () => {
    const { bs, ctx } = bareWorld('blend-v2', T + 1234n);
    updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] });
    expect(bs.emisData.has('pool_1')).toBe(false);
    expect(bs.userEmisData.get('pool_1')?.get('samwise')).toBeUndefined();
  });

  it('test_update_emissions_first_action', () => {
    const { bs, ctx } = world(T + 12345n, 4200000000000n, 222220000000n);
    updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 0n, q4w: [] });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: T + 12345n, index: 345882220000000n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 345882220000000n, accrued: 0n });
  });

  it('test_update_emissions_config_set_after_user', () => {
    const { bs, ctx } = world(T + 12345n, 4200000000000n, 0n);
    updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: T + 12345n, index: 345660000000000n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 345660000000000n, accrued: 31_1094000n });
  });

  it('test_update_emissions_q4w_not_counted', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 222220000000n, T, { index: 111110000000n, accrued: 3n });
    const pb = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 4_5000000n };
    updateEmissions(ctx, bs, 'pool_1', pb, 'samwise', { shares: 4_5000000n, q4w: [{ amount: 4_5000000n, exp: 5000n }] });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: T + 1234n, index: 85033216563573n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 85033216563573n, accrued: 38214950n });
  });

  it('test_update_emissions_fully_q4w_emissions_lost', () => {
    const { bs, ctx, events } = world(T + 1234n, 10000000000000n, 222220000000n, T, { index: 111110000000n, accrued: 3n });
    const pb = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 150_0000000n };
    updateEmissions(ctx, bs, 'pool_1', pb, 'samwise', { shares: 4_5000000n, q4w: [{ amount: 150_0000000n, exp: 5000n }] });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: T + 1234n, index: 222220000000n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 222220000000n, accrued: 50002n });
    // the 1234 s of emissions nobody could earn
    expect(events).toEqual([
      { topic: 'forfeit', contract: 'backstop', backstop: 'backstop', pool: 'pool_1', seconds: 1234n, eps: 10000000000000n },
    ]);
  });

  it('v1 divides by the zero non-queued shares: a panic (WasmVm#6)', () => {
    const { bs, ctx } = bareWorld('blend-v1', T + 1234n);
    bs.emisData.set('pool_1', { expiration: T + WEEK, eps: 1_0000000n, index: 0n, lastTime: T });
    expect(() =>
      updateEmissions(ctx, bs, 'pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 150_0000000n }, 'samwise', {
        shares: 0n,
        q4w: [],
      }),
    ).toThrowError(/^WasmVm#6 /);
  });

  it('test_claim_emissions', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 222220000000n, T, { index: 111110000000n, accrued: 3n });
    expect(claimEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] })).toBe(7_4140001n);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: T + 1234n, index: 82488886666666n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 82488886666666n, accrued: 0n });
  });

  it('test_claim_emissions_no_config; v1 claims 0 instead', () => {
    const { bs, ctx } = bareWorld('blend-v2', T + 1234n);
    expect(() => claimEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] })).toThrowError(/^Backstop#1000 /);
    const v1 = bareWorld('blend-v1', T + 1234n);
    expect(claimEmissions(v1.ctx, v1.bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] })).toBe(0n);
  });

  it('test_update_emissions_more_q4w_than_shares_panics', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 22222n, T, { index: 11111n, accrued: 3n });
    const pb = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 150_0000001n };
    expect(() =>
      updateEmissions(ctx, bs, 'pool_1', pb, 'samwise', { shares: 4_5000000n, q4w: [{ amount: 4_5000000n, exp: 5000n }] }),
    ).toThrowError(/^Backstop#8 /);
  });

  it('test_update_emissions_negative_time_dif', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 22222n, T + 1234n + 1n, { index: 11111n, accrued: 3n });
    expect(() => updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 4_5000000n, q4w: [] })).toThrowError(/^WasmVm#6 /);
  });

  it('test_update_emissions_negative_user_index', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 222220000000n, T, { index: 345660000000000n + 1n, accrued: 3n });
    expect(() => updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 4_5000000n, q4w: [] })).toThrowError(/^Backstop#8 /);
  });

  // update_emission_data returns early (no write, same index) when the data is expired, already
  // current, has no EPS, or the pool has no shares; else it accrues up to the expiration at most
  it('accrual stops at the expiration: a second past it adds nothing more', () => {
    const at = world(T + WEEK, 10000000000000n, 0n);
    const past = world(T + WEEK + 1n, 10000000000000n, 0n);
    updateEmissions(at.ctx, at.bs, 'pool_1', pb0, 'samwise', { shares: 0n, q4w: [] });
    updateEmissions(past.ctx, past.bs, 'pool_1', pb0, 'samwise', { shares: 0n, q4w: [] });
    // index = floor(604800 s * 0.1e14 / 150e7 * 1e7) = 40320000000000000
    expect(at.bs.emisData.get('pool_1')!.index).toBe(40320000000000000n);
    expect(past.bs.emisData.get('pool_1')).toMatchObject({ index: 40320000000000000n, lastTime: T + WEEK + 1n });
  });

  it('no accrual and no write: expired data, data current at now, zero EPS, no shares', () => {
    const cases = [
      world(T + WEEK + 10n, 10000000000000n, 5n, T + WEEK), // last_time >= expiration
      world(T + 1234n, 10000000000000n, 5n, T + 1234n), // now == last_time
      world(T + 1234n, 0n, 5n), // eps == 0
    ];
    for (const { bs, ctx } of cases) {
      const before = bs.emisData.get('pool_1');
      updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 0n, q4w: [] });
      expect(bs.emisData.get('pool_1')).toBe(before);
    }
    const noShares = world(T + 1234n, 10000000000000n, 5n);
    const before = noShares.bs.emisData.get('pool_1');
    updateEmissions(noShares.ctx, noShares.bs, 'pool_1', { shares: 0n, tokens: 0n, q4w: 0n }, 'samwise', { shares: 0n, q4w: [] });
    expect(noShares.bs.emisData.get('pool_1')).toBe(before);
    // a second before the expiration still accrues
    const last = world(T + WEEK, 10000000000000n, 0n, T + WEEK - 1n);
    updateEmissions(last.ctx, last.bs, 'pool_1', pb0, 'samwise', { shares: 0n, q4w: [] });
    expect(last.bs.emisData.get('pool_1')!.index).toBe(66666666666n); // floor(1 s * 0.1e14 * 1e7 / 150e7)
  });

  it('a user already at the index: nothing accrues, nothing is written (unless claiming)', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 5n, T + 1234n, { index: 5n, accrued: 3n });
    const ud = bs.userEmisData.get('pool_1')!.get('samwise');
    updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toBe(ud);
    expect(claimEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 9_0000000n, q4w: [] })).toBe(3n);
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 5n, accrued: 0n });
  });

  it('a user without shares keeps the accrued, at the new index', () => {
    const { bs, ctx } = world(T + 1234n, 10000000000000n, 222220000000n, T, { index: 111110000000n, accrued: 3n });
    updateEmissions(ctx, bs, 'pool_1', pb0, 'samwise', { shares: 0n, q4w: [] });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 82488886666666n, accrued: 3n });
  });
});

describe('backstop distributor: a user without shares', () => {
  const WEEK = 7n * 86400n;
  it('more queued than shares is NegativeAmountError (8) even for a user without shares', () => {
    const { bs, ctx } = bareWorld('blend-v2', T + 1234n);
    bs.emisData.set('pool_1', { expiration: T + WEEK, eps: 10000000000000n, index: 22222n, lastTime: T });
    const pb = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 150_0000001n };
    expect(() => updateEmissions(ctx, bs, 'pool_1', pb, 'samwise', { shares: 0n, q4w: [] })).toThrowError(/^Backstop#8 /);
  });

  it("a user index above the pool's is no error without shares (the check is on the delta of held shares)", () => {
    const { bs, ctx } = bareWorld('blend-v2', T + 1234n);
    bs.emisData.set('pool_1', { expiration: T + WEEK, eps: 0n, index: 5n, lastTime: T });
    bs.userEmisData.set('pool_1', new Map([['samwise', { index: 6n, accrued: 3n }]]));
    updateEmissions(ctx, bs, 'pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n }, 'samwise', { shares: 0n, q4w: [] });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 5n, accrued: 3n });
  });
});
