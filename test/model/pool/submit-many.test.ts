/**
 * Several requests in one `submit` (model/pool/positions.ts `submitRequests`, through
 * model/world.ts `apply` as one transaction) and the pool status (model/pool/status.ts
 * `updateStatus`, `requireActionAllowed`), hand-computed on reserves at rate 1.0 with the generated
 * reserves' configuration (c_factor and l_factor 0.75, max_util 0.95). Requests apply in order on
 * the reserves as the earlier ones left them; the health factor is checked once, after all of
 * them; a failing request rolls the whole call back. update_status: the statuses of
 * blend-contract-sdk 2.25.0 pool.wasm (func 199): admin active stays unless below the threshold or
 * q4w >= 50%; active/on ice/frozen by q4w 60% / 30% and the threshold; admin on ice freezes at 75%.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../model/actions.ts';
import { DEFAULT_RESERVE_CONFIG, newReserve } from '../../../model/pool/reserve.ts';
import { poolBackstopThreshold } from '../../../model/pool/status.ts';
import { newPool } from '../../../model/state.ts';
import { apply } from '../../../model/world.ts';
import { bareWorld } from '../../helpers.ts';

const NOW = 1_700_000_000n;
const S7 = 10_000_000n;

function world() {
  const env = bareWorld('blend-v2', NOW);
  const pool = newPool('pool', 'backstop', [
    newReserve('a', S7, NOW, DEFAULT_RESERVE_CONFIG),
    newReserve('b', S7, NOW, DEFAULT_RESERVE_CONFIG),
  ]);
  env.w.pools.set('pool', pool);
  return { ...env, pool };
}
type Req = { request: 'supply' | 'withdraw' | 'borrow' | 'repay'; reserveIndex: number; amount: bigint };
const submit = (first: Req, more: Req[] = [], withAllowance = false, from = 'frodo'): Action => ({
  fn: 'pool.submit',
  pool: 'pool',
  from,
  ...first,
  ...(more.length > 0 ? { more } : {}),
  ...(withAllowance ? { withAllowance } : {}),
});
const err = (o: ReturnType<typeof apply>): string => (o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);

describe('several requests in one submit', () => {
  it('supply then borrow on one reserve: both applied, the result is the first request tokens', () => {
    const { w, pool } = world();
    const o = apply(
      w,
      submit({ request: 'supply', reserveIndex: 0, amount: 100n * S7 }, [{ request: 'borrow', reserveIndex: 0, amount: 50n * S7 }]),
    );
    expect(o.ok && o.result).toBe(100n * S7);
    expect(pool.positions.get('frodo')!.collateral.get(0)).toBe(100n * S7);
    expect(pool.positions.get('frodo')!.liabilities.get(0)).toBe(50n * S7);
    expect(pool.reserves[0]!.bSupply).toBe(100n * S7);
    expect(pool.reserves[0]!.dSupply).toBe(50n * S7);
  });

  it('the health factor is checked after all the requests: a borrow before its collateral passes, alone it does not', () => {
    const alone = world();
    // someone else's supply gives the reserve liquidity
    expect(err(apply(alone.w, submit({ request: 'supply', reserveIndex: 1, amount: 1000n * S7 }, [], false, 'sam')))).toBe('ok');
    expect(err(apply(alone.w, submit({ request: 'borrow', reserveIndex: 1, amount: 50n * S7 })))).toBe('Pool#1205');
    const both = world();
    expect(err(apply(both.w, submit({ request: 'supply', reserveIndex: 1, amount: 1000n * S7 }, [], false, 'sam')))).toBe('ok');
    const o = apply(
      both.w,
      submit({ request: 'borrow', reserveIndex: 1, amount: 50n * S7 }, [{ request: 'supply', reserveIndex: 0, amount: 100n * S7 }]),
    );
    expect(err(o)).toBe('ok');
    expect(both.pool.positions.get('frodo')!.liabilities.get(1)).toBe(50n * S7);
  });

  it('a request that fails rolls the whole call back (supply 100 then borrow 80: InvalidHf, 1205)', () => {
    const { w, pool } = world();
    const o = apply(
      w,
      submit({ request: 'supply', reserveIndex: 0, amount: 100n * S7 }, [{ request: 'borrow', reserveIndex: 0, amount: 80n * S7 }]),
    );
    expect(err(o)).toBe('Pool#1205');
    expect(pool.positions.get('frodo')).toBeUndefined();
    expect(pool.reserves[0]!.bSupply).toBe(0n);
  });

  it('two supplies of one reserve add up; a later request sees the earlier one (withdraw of what was just supplied)', () => {
    const { w, pool } = world();
    const o = apply(
      w,
      submit({ request: 'supply', reserveIndex: 0, amount: 2n ** 64n }, [{ request: 'supply', reserveIndex: 0, amount: 7n }], true),
    );
    expect(o.ok && o.result).toBe(2n ** 64n + 7n);
    expect(pool.reserves[0]!.bSupply).toBe(2n ** 64n + 7n);
    expect(
      err(
        apply(
          w,
          submit({ request: 'supply', reserveIndex: 1, amount: 5n * S7 }, [{ request: 'withdraw', reserveIndex: 1, amount: 5n * S7 }]),
        ),
      ),
    ).toBe('ok');
    expect(pool.positions.get('frodo')!.collateral.get(1)).toBeUndefined();
  });

  it('each request checks its own amount, in order: a negative second request is NegativeAmountError (8)', () => {
    const { w } = world();
    expect(
      err(apply(w, submit({ request: 'supply', reserveIndex: 0, amount: S7 }, [{ request: 'supply', reserveIndex: 0, amount: -1n }]))),
    ).toBe('Pool#8');
  });
});

describe('update_status and the status checks', () => {
  /** The pool's backstop holding `lp` LP tokens (stroops) of `shares` shares, `q4w` of them queued; the Comet values 1 LP at 5 BLND and 0.1 USDC. */
  function withBackstop(lp: bigint, q4w: bigint, status: number, shares = lp) {
    const env = world();
    env.bs.poolBalances.set('pool', { shares, tokens: lp, q4w });
    env.pool.status = status;
    return env;
  }
  const update = (w: ReturnType<typeof world>['w']) => apply(w, { fn: 'pool.update_status', pool: 'pool' });
  // 50,000 LP: 250,000 BLND and 5,000 USDC, 250000^4 x 5000 >= 1e25 (met); 10,000 LP: 50,000 and 1,000 (not met)
  const MET = 50_000n * S7;
  const UNMET = 10_000n * S7;
  /** The most queued of `lp` shares whose q4w_pct (rounded up) is under `pct` (7 decimals). */
  const under = (lp: bigint, pct: bigint): bigint => (lp * (pct - 1n)) / S7;

  it('the threshold percentage: exactly 1_0000000 at bal_blnd^4 x bal_usdc = 1e25, 1 whole token less is under', () => {
    expect(poolBackstopThreshold(100_000n * S7, 100_000n * S7)).toBe(S7);
    expect(poolBackstopThreshold(100_000n * S7, 99_999n * S7 + S7 - 1n)).toBeLessThan(S7);
    expect(poolBackstopThreshold(250_000n * S7, 2_560n * S7)).toBe(S7);
  });

  it('admin active (0): stays with the threshold met and q4w under 50%; on ice (3) below the threshold or at 50%', () => {
    expect(update(withBackstop(MET, 0n, 0).w)).toMatchObject({ ok: true, result: 0n });
    expect(update(withBackstop(MET, under(MET, 5_000_000n), 0).w)).toMatchObject({ ok: true, result: 0n });
    expect(update(withBackstop(MET, MET / 2n, 0).w)).toMatchObject({ ok: true, result: 3n });
    const { w, pool } = withBackstop(UNMET, 0n, 0);
    expect(update(w)).toMatchObject({ ok: true, result: 3n });
    expect(pool.status).toBe(3);
  });

  it('active / on ice / frozen: active under 30% q4w with the threshold met, on ice from 30%, frozen from 60%', () => {
    expect(update(withBackstop(MET, 0n, 3).w)).toMatchObject({ ok: true, result: 1n });
    expect(update(withBackstop(MET, (MET * 3n) / 10n, 5).w)).toMatchObject({ ok: true, result: 3n });
    expect(update(withBackstop(MET, under(MET, 6_000_000n), 1).w)).toMatchObject({ ok: true, result: 3n });
    expect(update(withBackstop(MET, (MET * 6n) / 10n, 1).w)).toMatchObject({ ok: true, result: 5n });
    expect(update(withBackstop(UNMET, 0n, 1).w)).toMatchObject({ ok: true, result: 3n });
  });

  it('q4w_pct rounds up (ceil(q4w x 1e7 / shares)): just under 30% of the shares rounds up to 30%', () => {
    // 3 of 10 shares: exactly 30%, on ice; 2,999,999 of 10,000,001: 29.99998...% rounds up to 2999999 (active); 3,000,000 of 10,000,001: 29.99999...% rounds up to 30% (on ice)
    expect(update(withBackstop(MET, 3n, 3, 10n).w)).toMatchObject({ ok: true, result: 3n });
    expect(update(withBackstop(MET, 2_999_999n, 3, 10_000_000n).w)).toMatchObject({ ok: true, result: 1n });
    expect(update(withBackstop(MET, 2_999_999n, 3, 10_000_001n).w)).toMatchObject({ ok: true, result: 1n });
    expect(update(withBackstop(MET, 3_000_000n, 3, 10_000_001n).w)).toMatchObject({ ok: true, result: 3n });
  });

  it('admin on ice (2): frozen at 75% q4w, else unchanged; admin frozen (4) and setup (6): StatusNotAllowed (1204)', () => {
    expect(update(withBackstop(UNMET, under(UNMET, 7_500_000n), 2).w)).toMatchObject({ ok: true, result: 2n });
    expect(update(withBackstop(UNMET, (UNMET * 3n) / 4n, 2).w)).toMatchObject({ ok: true, result: 5n });
    expect(err(update(withBackstop(MET, 0n, 4).w))).toBe('Pool#1204');
    expect(err(update(withBackstop(MET, 0n, 6).w))).toBe('Pool#1204');
  });

  it('on ice refuses borrows, frozen refuses supplies too: InvalidPoolStatus (1206); withdrawals and repayments pass', () => {
    const ice = withBackstop(MET, 0n, 3);
    expect(err(apply(ice.w, submit({ request: 'supply', reserveIndex: 0, amount: 100n * S7 })))).toBe('ok');
    expect(err(apply(ice.w, submit({ request: 'borrow', reserveIndex: 0, amount: S7 })))).toBe('Pool#1206');
    const frozen = withBackstop(MET, 0n, 5);
    expect(err(apply(frozen.w, submit({ request: 'supply', reserveIndex: 0, amount: S7 })))).toBe('Pool#1206');
    frozen.pool.status = 1;
    expect(err(apply(frozen.w, submit({ request: 'supply', reserveIndex: 0, amount: 100n * S7 })))).toBe('ok');
    frozen.pool.status = 5;
    expect(err(apply(frozen.w, submit({ request: 'withdraw', reserveIndex: 0, amount: S7 })))).toBe('ok');
    // the status is checked after the amount's sign (require_nonnegative first)
    expect(err(apply(frozen.w, submit({ request: 'supply', reserveIndex: 0, amount: -1n })))).toBe('Pool#8');
  });
});
