/** blend-contracts-v2 backstop/src/emissions/distributor.rs `mod tests` values. */
import { describe, expect, it } from 'vitest';
import { updateEmissions } from '../../../model/backstop/distributor.ts';
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
