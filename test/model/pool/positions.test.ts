/**
 * A pool request (model/pool/positions.ts `submit`), hand-computed on reserves at rate 1.0 (a new
 * reserve: b_rate = d_rate = 1e12) with the generated reserves' configuration (c_factor and
 * l_factor 0.75, max_util 0.95), the rules of blend-contracts-v2 @ ba22b48 pool/src/pool/actions.rs
 * (supply mints floor, withdraw burns ceil, capped at the balance; borrow mints ceil; repay burns
 * floor, capped at the debt), submit.rs (utilisation under 100% and at most max_util, then the
 * health factor of at least 1.00001 from health_factor.rs with every price 1.0) and user.rs (a
 * request that moves no token is rejected). Boundaries in pairs; the health factor's boundary is
 * computed with decimal.js.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { submit as modelSubmit } from '../../../model/pool/positions.ts';
import { DEFAULT_RESERVE_CONFIG, newReserve } from '../../../model/pool/reserve.ts';
import { newPool, type ReserveConfig } from '../../../model/state.ts';
import { bareWorld } from '../../helpers.ts';

const NOW = 1_700_000_000n;
const S7 = 10_000_000n;

/**
 * A world with pool `pool` of two reserves; `submit` here runs one call as a transaction, as
 * model/world.ts does: committed when accepted, rolled back when rejected.
 */
function world(profile: 'blend-v2' | 'documented' = 'blend-v2', config: ReserveConfig = DEFAULT_RESERVE_CONFIG, bstopRate = 0n) {
  const env = bareWorld(profile, NOW);
  const pool = newPool('pool', 'backstop', [newReserve('a', S7, NOW, config), newReserve('b', S7, NOW, config)], bstopRate);
  env.w.pools.set('pool', pool);
  return { ...env, pool };
}
function submit(...args: Parameters<typeof modelSubmit>): bigint {
  const tx = args[0].tx;
  try {
    const moved = modelSubmit(...args);
    tx.commit();
    return moved;
  } catch (e) {
    tx.rollback();
    throw e;
  }
}

describe('supply and withdraw (b tokens)', () => {
  it('supply mints the amount at rate 1.0 and raises the reserve supply', () => {
    const { pool, ctx } = world();
    expect(submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7)).toBe(100n * S7);
    expect(pool.positions.get('frodo')!.collateral.get(0)).toBe(100n * S7);
    expect(pool.reserves[0]!.bSupply).toBe(100n * S7);
    expect(submit(ctx, pool, 'frodo', 'supply', 0, 1n)).toBe(1n);
    expect(pool.positions.get('frodo')!.collateral.get(0)).toBe(100n * S7 + 1n);
  });

  it('a supply of 0 mints nothing: InvalidBTokenMintAmount (1216)', () => {
    const { pool, ctx } = world();
    expect(() => submit(ctx, pool, 'frodo', 'supply', 0, 0n)).toThrowError(/^Pool#1216 /);
  });

  it('a negative amount: NegativeAmountError (8) in the contracts; the documents name no check (1216 then)', () => {
    const v2 = world();
    expect(() => submit(v2.ctx, v2.pool, 'frodo', 'supply', 0, -1n)).toThrowError(/^Pool#8 /);
    const doc = world('documented');
    expect(() => submit(doc.ctx, doc.pool, 'frodo', 'supply', 0, -1n)).toThrowError(/^Pool#1216 /);
  });

  it("an unknown reserve: the host's missing value in the contracts, BadRequest (1200) in the documents", () => {
    const v2 = world();
    expect(() => submit(v2.ctx, v2.pool, 'frodo', 'supply', 2, S7)).toThrowError(/^WasmVm#/);
    const doc = world('documented');
    expect(() => submit(doc.ctx, doc.pool, 'frodo', 'supply', 2, S7)).toThrowError(/^Pool#1200 /);
  });

  it('the supply cap: reaching it passes, a stroop over is ExceededSupplyCap (1220)', () => {
    const { pool, ctx } = world('blend-v2', { ...DEFAULT_RESERVE_CONFIG, supplyCap: 100n * S7 });
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    expect(() => submit(ctx, pool, 'frodo', 'supply', 0, 1n)).toThrowError(/^Pool#1220 /);
  });

  it('withdraw burns the amount; more than the balance burns the balance and clears the position', () => {
    const { pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    expect(submit(ctx, pool, 'frodo', 'withdraw', 0, 40n * S7)).toBe(40n * S7);
    expect(pool.positions.get('frodo')!.collateral.get(0)).toBe(60n * S7);
    expect(submit(ctx, pool, 'frodo', 'withdraw', 0, 1000n * S7)).toBe(60n * S7);
    expect(pool.positions.get('frodo')!.collateral.has(0)).toBe(false);
    expect(pool.reserves[0]!.bSupply).toBe(0n);
  });

  it('a withdrawal of 0, or with nothing supplied, burns nothing: InvalidBTokenBurnAmount (1217)', () => {
    const { pool, ctx } = world();
    expect(() => submit(ctx, pool, 'frodo', 'withdraw', 0, S7)).toThrowError(/^Pool#1217 /);
    submit(ctx, pool, 'frodo', 'supply', 0, S7);
    expect(() => submit(ctx, pool, 'frodo', 'withdraw', 0, 0n)).toThrowError(/^Pool#1217 /);
  });
});

describe('borrow and repay (d tokens), utilisation and health', () => {
  /** frodo supplies 100 of reserve a; samwise supplies 100 of reserve b as collateral. */
  function lending() {
    const env = world();
    submit(env.ctx, env.pool, 'frodo', 'supply', 0, 100n * S7);
    submit(env.ctx, env.pool, 'samwise', 'supply', 1, 100n * S7);
    return env;
  }

  it('the health factor: the largest borrow with HF >= 1.00001 passes, a stroop more is InvalidHf (1205)', () => {
    // collateral 100 x 0.75 = 75; a debt B counts B / 0.75, rounded up; HF = floor(75e7 x 1e7 / that)
    const minHf = new Decimal(10000100);
    const maxLiability = new Decimal(75n.toString()).mul(1e7).mul(1e7).div(minHf).floor(); // 749992500
    const maxBorrow = BigInt(maxLiability.mul(0.75).floor().toFixed()); // 562494375
    expect(maxBorrow).toBe(562494375n);
    const ok = lending();
    expect(submit(ok.ctx, ok.pool, 'samwise', 'borrow', 0, maxBorrow)).toBe(maxBorrow);
    expect(ok.pool.positions.get('samwise')!.liabilities.get(0)).toBe(maxBorrow);
    expect(ok.pool.reserves[0]!.dSupply).toBe(maxBorrow);
    const over = lending();
    expect(() => submit(over.ctx, over.pool, 'samwise', 'borrow', 0, maxBorrow + 1n)).toThrowError(/^Pool#1205 /);
  });

  it('a withdrawal that leaves the health factor under 1.00001 is InvalidHf (1205); one that keeps it passes', () => {
    const { pool, ctx } = lending();
    submit(ctx, pool, 'samwise', 'borrow', 0, 30n * S7);
    // 30 borrowed counts 40: the collateral must stay worth 40 x 1.00001 = 40.0004, i.e. 53.33387 of b at 0.75
    expect(() => submit(ctx, pool, 'samwise', 'withdraw', 1, 47n * S7)).toThrowError(/^Pool#1205 /);
    expect(submit(ctx, pool, 'samwise', 'withdraw', 1, 46n * S7)).toBe(46n * S7);
  });

  it('utilisation: a borrow to exactly max_util (95%) passes, a stroop more is InvalidUtilRate (1207)', () => {
    const rich = () => {
      const env = world();
      submit(env.ctx, env.pool, 'frodo', 'supply', 0, 100n * S7);
      submit(env.ctx, env.pool, 'samwise', 'supply', 1, 1000n * S7);
      return env;
    };
    const at = rich();
    expect(submit(at.ctx, at.pool, 'samwise', 'borrow', 0, 95n * S7)).toBe(95n * S7);
    const over = rich();
    expect(() => submit(over.ctx, over.pool, 'samwise', 'borrow', 0, 95n * S7 + 1n)).toThrowError(/^Pool#1207 /);
  });

  it('a withdrawal that would leave the reserve at 100% utilisation is InvalidUtilRate (1207)', () => {
    const env = world('blend-v2', { ...DEFAULT_RESERVE_CONFIG, maxUtil: S7 });
    submit(env.ctx, env.pool, 'frodo', 'supply', 0, 100n * S7);
    submit(env.ctx, env.pool, 'samwise', 'supply', 1, 1000n * S7);
    submit(env.ctx, env.pool, 'samwise', 'borrow', 0, 50n * S7);
    // utilisation = ceil(50e7 x 1e7 / supply) stays under 1e7 while supply >= 500000051
    expect(() => submit(env.ctx, env.pool, 'frodo', 'withdraw', 0, 50n * S7)).toThrowError(/^Pool#1207 /);
    expect(() => submit(env.ctx, env.pool, 'frodo', 'withdraw', 0, 100n * S7 - 500000050n)).toThrowError(/^Pool#1207 /);
    expect(submit(env.ctx, env.pool, 'frodo', 'withdraw', 0, 100n * S7 - 500000051n)).toBe(100n * S7 - 500000051n);
  });

  it('between max_util and 100%, a withdrawal passes: only a borrow is held to max_util', () => {
    const { pool, ctx } = lending();
    submit(ctx, pool, 'samwise', 'supply', 1, 1000n * S7);
    submit(ctx, pool, 'samwise', 'borrow', 0, 95n * S7);
    // 95 of 99 supplied: 96% utilisation
    expect(submit(ctx, pool, 'frodo', 'withdraw', 0, S7)).toBe(S7);
  });

  it('a user whose health factor interest pushed under 1.00001 may still repay and supply (no health check)', () => {
    const { w, pool, ctx } = lending();
    submit(ctx, pool, 'samwise', 'borrow', 0, 562494375n);
    w.now = NOW + 31_536_000n;
    // a year of interest: the same borrow is now unhealthy
    expect(() => submit(ctx, pool, 'samwise', 'borrow', 0, 1n)).toThrowError(/^Pool#1205 /);
    expect(submit(ctx, pool, 'samwise', 'repay', 0, 10n)).toBeGreaterThan(0n);
    expect(submit(ctx, pool, 'samwise', 'supply', 1, 10n)).toBe(10n);
  });

  it('a borrow of 0 is InvalidDTokenMintAmount (1218); a repay of 0 or without debt InvalidDTokenBurnAmount (1219)', () => {
    const { pool, ctx } = lending();
    expect(() => submit(ctx, pool, 'samwise', 'borrow', 0, 0n)).toThrowError(/^Pool#1218 /);
    expect(() => submit(ctx, pool, 'samwise', 'repay', 0, S7)).toThrowError(/^Pool#1219 /);
    submit(ctx, pool, 'samwise', 'borrow', 0, 10n * S7);
    expect(() => submit(ctx, pool, 'samwise', 'repay', 0, 0n)).toThrowError(/^Pool#1219 /);
  });

  it('repay burns the amount; more than the debt repays it all (the excess refunded) and clears the liability', () => {
    const { pool, ctx } = lending();
    submit(ctx, pool, 'samwise', 'borrow', 0, 10n * S7);
    expect(submit(ctx, pool, 'samwise', 'repay', 0, 4n * S7)).toBe(4n * S7);
    expect(pool.positions.get('samwise')!.liabilities.get(0)).toBe(6n * S7);
    expect(submit(ctx, pool, 'samwise', 'repay', 0, 100n * S7)).toBe(6n * S7);
    expect(pool.positions.get('samwise')!.liabilities.has(0)).toBe(false);
    expect(pool.reserves[0]!.dSupply).toBe(0n);
    // exactly the debt
    submit(ctx, pool, 'samwise', 'borrow', 0, 10n * S7);
    expect(submit(ctx, pool, 'samwise', 'repay', 0, 10n * S7)).toBe(10n * S7);
    expect(pool.positions.get('samwise')!.liabilities.has(0)).toBe(false);
  });

  it('a request brings the reserve up to now and stores it: a year at 50% utilisation raises both rates', () => {
    // the backstop takes 20% of the interest
    const { w, pool, ctx } = world('blend-v2', DEFAULT_RESERVE_CONFIG, 2_000_000n);
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    submit(ctx, pool, 'samwise', 'supply', 1, 100n * S7);
    submit(ctx, pool, 'samwise', 'borrow', 0, 50n * S7);
    const before = { ...pool.reserves[0]! };
    w.now = NOW + 31_536_000n;
    submit(ctx, pool, 'frodo', 'supply', 0, S7);
    const r = pool.reserves[0]!;
    expect(r.lastTime).toBe(NOW + 31_536_000n);
    expect(r.dRate).toBeGreaterThan(before.dRate);
    expect(r.bRate).toBeGreaterThan(before.bRate);
    expect(r.irMod).toBeLessThan(before.irMod); // under the 75% target the modifier falls
    expect(r.backstopCredit).toBeGreaterThan(0n);
    // the supply minted at the new b rate: fewer b tokens than the amount
    expect(pool.positions.get('frodo')!.collateral.get(0)).toBeLessThan(101n * S7);
  });

  it('a rejected request stores nothing (the rates, the positions)', () => {
    const { w, pool, ctx } = lending();
    submit(ctx, pool, 'samwise', 'borrow', 0, 50n * S7);
    w.now = NOW + 86_400n;
    const before = { ...pool.reserves[0]! };
    expect(() => submit(ctx, pool, 'samwise', 'borrow', 0, 1000n * S7)).toThrowError(/^Pool#/);
    expect({ ...pool.reserves[0]! }).toEqual(before);
    expect(pool.positions.get('samwise')!.liabilities.get(0)).toBe(50n * S7);
  });
});

describe('emissions are brought up to date on the balance before the change', () => {
  it('the b-token emissions of a supplier accrue on the old balance', () => {
    const { w, pool, ctx } = world();
    // reserve 0's b token (id 1): 1 BLND/s (14-decimal EPS) for a week from NOW
    pool.emisData.set(1, { expiration: NOW + 604800n, eps: 10n ** 14n, index: 0n, lastTime: NOW });
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    w.now = NOW + 100n;
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    // 100 s x 1 BLND/s, all to frodo's 100 b tokens: 100 BLND (the new 100 earn nothing yet)
    expect(pool.userEmis.get('frodo')!.get(1)!.accrued).toBe(100n * S7);
  });
});

describe('the health factor values each reserve at its own rates, brought up to now', () => {
  /**
   * Reserve a after a year at 75% utilisation (frodo supplies 1,000, bob borrows 750 against 2,000
   * of reserve b): a's b and d rates have grown, b's have not (nobody borrows b). samwise holds
   * 100 of reserve b (worth 100: b's rate is still 1.0, so 75 after the collateral factor).
   */
  function aYearOn() {
    const env = world();
    submit(env.ctx, env.pool, 'frodo', 'supply', 0, 1000n * S7);
    submit(env.ctx, env.pool, 'bob', 'supply', 1, 2000n * S7);
    submit(env.ctx, env.pool, 'bob', 'borrow', 0, 750n * S7);
    submit(env.ctx, env.pool, 'samwise', 'supply', 1, 100n * S7);
    env.w.now = NOW + 31_536_000n;
    return env;
  }

  it("the collateral in b counts at b's rate (1.0), not a's: 57 of a (76 after l_factor) over 75 is InvalidHf", () => {
    const { pool, ctx } = aYearOn();
    expect(pool.reserves[1]!.bRate).toBe(10n ** 12n);
    expect(() => submit(ctx, pool, 'samwise', 'borrow', 0, 57n * S7)).toThrowError(/^Pool#1205 /);
  });

  it('the borrowed reserve counts at the rates the request accrued to (not re-accrued on the supply it moved): 53 of a passes', () => {
    const { pool, ctx } = aYearOn();
    expect(submit(ctx, pool, 'samwise', 'borrow', 0, 53n * S7)).toBeGreaterThan(0n);
  });
});
