/**
 * The v2 backstop's per-pool gulp_emissions (model/backstop/gulp.ts) where manager.rs's
 * test_gulp_emissions stops (blend-contracts-v2 @ ba22b48 backstop/src/emissions/manager.rs
 * `gulp_emissions`): `last_time > now - 24 h` rejects, so exactly a day later passes; nothing
 * accrued (`if accrued > 0`) writes nothing and returns (0, 0); the EPS event the invariant suites
 * read (BLND-GULP-002, BLND-IDX-002).
 */
import { describe, expect, it } from 'vitest';
import { gulpEmissions } from '../../../model/backstop/gulp.ts';
import { bareWorld } from '../../helpers.ts';

const T = 1713139200n;
const WEEK = 7n * 86400n;

function world(rz: { accrued: bigint; lastTime: bigint }) {
  const env = bareWorld('blend-v2', T);
  env.bs.rewardZone = ['pool_1'];
  env.bs.poolBalances.set('pool_1', { tokens: 150_000_0000000n, shares: 40_000_0000000n, q4w: 5_000_0000000n });
  env.bs.rzEmis.set('pool_1', rz);
  return env;
}

describe('backstop gulp_emissions (v2)', () => {
  it('exactly 24 h after the last gulp passes; a second sooner is BadRequest (1000)', () => {
    const due = world({ accrued: 20_000_0000000n, lastTime: T - 86400n });
    expect(gulpEmissions(due.ctx, due.bs, 'pool_1')).toEqual([14_000_0000000n, 6_000_0000000n]);
    const soon = world({ accrued: 20_000_0000000n, lastTime: T - 86400n + 1n });
    expect(() => gulpEmissions(soon.ctx, soon.bs, 'pool_1')).toThrowError(/^Backstop#1000 /);
  });

  it('nothing accrued: (0, 0), and the pool keeps its last gulp time and EPS', () => {
    const { bs, ctx, events } = world({ accrued: 0n, lastTime: 5n });
    const emis = { expiration: T + 1000n, eps: 10000000000000n, index: 7n, lastTime: T - 10n };
    bs.emisData.set('pool_1', emis);
    expect(gulpEmissions(ctx, bs, 'pool_1')).toEqual([0n, 0n]);
    expect(bs.rzEmis.get('pool_1')).toEqual({ accrued: 0n, lastTime: 5n });
    expect(bs.emisData.get('pool_1')).toBe(emis);
    expect(bs.allowances.get('pool_1')).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('the events: the new EPS with the tokens it emits, then the gulp split (test_gulp_emissions_outside_rz figures)', () => {
    const { bs, ctx, events } = world({ accrued: 20_000_0000000n, lastTime: 0n });
    bs.emisData.set('pool_1', { expiration: T + 86400n, eps: 10000000000000n, index: 887766550000000n, lastTime: T - 12345n });
    gulpEmissions(ctx, bs, 'pool_1');
    // 14,000 BLND new + the running EPS's last day: 0.1 BLND/s x 86,400 s = 8,640 BLND
    expect(events).toEqual([
      {
        topic: 'backstop_eps',
        contract: 'backstop',
        backstop: 'backstop',
        pool: 'pool_1',
        tokensLeft: 22_640_0000000n,
        eps: 3743386243386n,
        expiration: T + WEEK,
      },
      {
        topic: 'gulp_emissions',
        contract: 'backstop',
        backstop: 'backstop',
        pool: 'pool_1',
        accrued: 20_000_0000000n,
        backstopEmissions: 14_000_0000000n,
        poolEmissions: 6_000_0000000n,
      },
    ]);
  });
});
