/**
 * Model fixes found by the Soroban driver (adapters/soroban/scripts/divergences.jsonl), where the
 * model had left the contracts' arithmetic or signature (not a document/contract difference):
 * - pool `set_pool_emissions` computes `res_index * 2 + res_type` in u32 with overflow-checks
 *   before any check: an overflow is a panic (WasmVm#6) in every profile;
 * - v2 `claim(from, pool_addresses, min_lp_tokens_out)` has no recipient: the LP goes to `from`.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../model/world.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILE_NAMES, PROFILES } from '../../spec/profiles.ts';
import { claim } from '../../model/backstop/claim.ts';
import { bareWorld, testComet } from '../helpers.ts';

const WORLD = { users: 4, pools: 5, start: 1_736_780_911n, rewardZoneGap: 1 };

describe.each(PROFILE_NAMES)('set_emissions_config key arithmetic under %s', (name) => {
  const config = (resIndex: number, resType: number) =>
    apply(createWorld(PROFILES[name], WORLD), {
      fn: 'pool.set_emissions_config',
      pool: 'P0',
      metadata: [{ resIndex, resType, share: 1n }],
    });
  it('res_index * 2 overflowing u32 panics (WasmVm#6)', () => {
    expect(config(4294967295, 0)).toMatchObject({ ok: false, error: { contract: 'WasmVm', code: 6 } });
  });
  it('+ res_type overflowing u32 panics before the res_type check', () => {
    expect(config(2147483647, 2)).toMatchObject({ ok: false, error: { contract: 'WasmVm', code: 6 } });
  });
  it('a key that fits u32 reaches the BadRequest checks', () => {
    expect(config(2147483647, 1)).toMatchObject({ ok: false, error: { contract: 'Pool', code: 1200 } });
  });
});

describe('v2 claim has no recipient', () => {
  it('the LP is deposited for `from`, whatever `to` the caller names', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', 1500000000n + 12345n);
    Object.assign(w.comet, testComet(1_000_0000000n, 25_0000000n));
    bs.blnd = 100_0000000n;
    bs.emisData.set('pool_1', { expiration: 1500000000n + 604800n, eps: 10000000000000n, index: 0n, lastTime: 1500000000n });
    bs.poolBalances.set('pool_1', { shares: 150_0000000n, tokens: 200_0000000n, q4w: 0n });
    bs.userBalances.set('pool_1', new Map([['samwise', { shares: 9_0000000n, q4w: [] }]]));
    const out = claim(ctx, bs, 'samwise', ['pool_1'], 0n, 'frodo');
    expect(out).toBeGreaterThan(0n);
    expect(bs.userBalances.get('pool_1')!.get('frodo')).toBeUndefined();
    expect(bs.userBalances.get('pool_1')!.get('samwise')!.shares).toBeGreaterThan(9_0000000n);
  });
});
