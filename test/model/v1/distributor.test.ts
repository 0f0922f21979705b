/**
 * The v1 backstop's emission index and user accrual on the contract's own unit-test values, under
 * the `blend-v1` profile: blend-contracts @ 895845f backstop/src/emissions/distributor.rs
 * `mod tests` (same names, same numbers). v1's EPS has 7 decimals and its accrual is scaled by
 * SCALAR_7. The v1 pool's own unit tests are skipped: the model does not implement the v1 pool's
 * emission math (see emitter.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BACKSTOP_EPOCH_V1 } from '../../../spec/constants.ts';
import { claimEmissions, updateEmissions } from '../../../model/backstop/distributor.ts';
import type { PoolBalance, UserBalance } from '../../../model/state.ts';
import { bareWorld } from '../../helpers.ts';

const E = BACKSTOP_EPOCH_V1.value;
const WEEK = 7n * 24n * 60n * 60n;
const POOL: PoolBalance = { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n };
const SAMWISE: UserBalance = { shares: 9_0000000n, q4w: [] };

/**
 * pool_1 with emissions of `eps` (7 decimals) until E + 1 week from index `index` at `lastTime`,
 * and samwise's emission data when given.
 */
function distributorWorld(
  now: bigint,
  emis?: { eps: bigint; index: bigint; lastTime?: bigint },
  user?: { index: bigint; accrued: bigint },
) {
  const env = bareWorld('blend-v1', now);
  env.bs.lastDistributionTime = E;
  if (emis !== undefined)
    env.bs.emisData.set('pool_1', { expiration: E + WEEK, eps: emis.eps, index: emis.index, lastTime: emis.lastTime ?? E });
  if (user !== undefined) env.bs.userEmisData.set('pool_1', new Map([['samwise', user]]));
  return env;
}

describe('backstop distributor (v1 unit-test values)', () => {
  it('test_update_emissions', () => {
    const { bs, ctx } = distributorWorld(E + 1234n, { eps: 1000000n, index: 22222n }, { index: 11111n, accrued: 3n });
    updateEmissions(ctx, bs, 'pool_1', POOL, 'samwise', SAMWISE);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: E + 1234n, index: 8248888n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 8248888n, accrued: 7_4139996n });
  });

  it('test_update_emissions_no_config', () => {
    const { bs, ctx } = distributorWorld(E + 1234n);
    updateEmissions(ctx, bs, 'pool_1', POOL, 'samwise', SAMWISE);
    expect(bs.emisData.get('pool_1')).toBeUndefined();
    expect(bs.userEmisData.get('pool_1')?.get('samwise')).toBeUndefined();
  });

  it('test_update_emissions_first_action', () => {
    const { bs, ctx } = distributorWorld(E + 12345n, { eps: 420000n, index: 22222n });
    updateEmissions(ctx, bs, 'pool_1', POOL, 'samwise', { shares: 0n, q4w: [] });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: E + 12345n, index: 34588222n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 34588222n, accrued: 0n });
  });

  it('test_update_emissions_config_set_after_user', () => {
    const { bs, ctx } = distributorWorld(E + 12345n, { eps: 420000n, index: 0n });
    updateEmissions(ctx, bs, 'pool_1', POOL, 'samwise', SAMWISE);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: E + 12345n, index: 34566000n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 34566000n, accrued: 31_1094000n });
  });

  it('test_update_emissions_q4w_not_counted', () => {
    const { bs, ctx } = distributorWorld(E + 1234n, { eps: 1000000n, index: 22222n }, { index: 11111n, accrued: 3n });
    const pool = { ...POOL, q4w: 4_5000000n };
    updateEmissions(ctx, bs, 'pool_1', pool, 'samwise', { shares: 4_5000000n, q4w: [{ amount: 4_5000000n, exp: 5000n }] });
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: E + 1234n, index: 8503321n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 8503321n, accrued: 38214948n });
  });

  it('test_claim_emissions', () => {
    const { bs, ctx } = distributorWorld(E + 1234n, { eps: 1000000n, index: 22222n }, { index: 11111n, accrued: 3n });
    expect(claimEmissions(ctx, bs, 'pool_1', POOL, 'samwise', SAMWISE)).toBe(7_4139996n);
    expect(bs.emisData.get('pool_1')).toMatchObject({ lastTime: E + 1234n, index: 8248888n });
    expect(bs.userEmisData.get('pool_1')!.get('samwise')).toEqual({ index: 8248888n, accrued: 0n });
  });

  it('test_claim_emissions_no_config', () => {
    const { bs, ctx } = distributorWorld(E + 1234n);
    expect(claimEmissions(ctx, bs, 'pool_1', POOL, 'samwise', SAMWISE)).toBe(0n);
    expect(bs.emisData.get('pool_1')).toBeUndefined();
    expect(bs.userEmisData.get('pool_1')?.get('samwise')).toBeUndefined();
  });

  // the contract keeps these impossible states in its tests so that bad state cannot pay wrongly
  it('test_update_emissions_more_q4w_than_shares_panics', () => {
    const { bs, ctx } = distributorWorld(E + 1234n, { eps: 1000000n, index: 22222n }, { index: 11111n, accrued: 3n });
    const pool = { ...POOL, q4w: 150_0000001n };
    const user = { shares: 4_5000000n, q4w: [{ amount: 4_5000000n, exp: 5000n }] };
    expect(() => updateEmissions(ctx, bs, 'pool_1', pool, 'samwise', user)).toThrowError(/Backstop#8 NegativeAmountError/);
  });

  it('test_update_emissions_negative_time_dif', () => {
    const now = E + 1234n;
    const { bs, ctx } = distributorWorld(now, { eps: 1000000n, index: 22222n, lastTime: now + 1n }, { index: 11111n, accrued: 3n });
    expect(() => updateEmissions(ctx, bs, 'pool_1', POOL, 'samwise', { shares: 4_5000000n, q4w: [] })).toThrowError(
      /attempt to subtract with overflow/,
    );
  });

  it('test_update_emissions_negative_user_index', () => {
    const { bs, ctx } = distributorWorld(E + 1234n, { eps: 1000000n, index: 22222n }, { index: 34566000n + 1n, accrued: 3n });
    expect(() => updateEmissions(ctx, bs, 'pool_1', POOL, 'samwise', { shares: 4_5000000n, q4w: [] })).toThrowError(
      /Backstop#8 NegativeAmountError/,
    );
  });
});
