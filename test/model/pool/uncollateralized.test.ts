/**
 * Request types 0 and 1 (`Supply`, `Withdraw`: b tokens without collateral), hand-computed on
 * reserves at rate 1.0 as test/model/pool/positions.test.ts, against blend-contracts-v2 @ ba22b48
 * pool/src/pool/actions.rs `apply_supply`, `apply_withdraw` (the collateral requests' arithmetic on
 * `Positions.supply`; the withdrawal asks for utilisation under 100% but no health check),
 * pool/src/pool/user.rs `add_supply`, `remove_supply`, `get_total_supply` (the b token's emissions
 * accrue on collateral and supply together), pool/src/pool/pool.rs `require_action_allowed`
 * (request type 0 refused in a frozen pool, as 2), and the protocol state's `supply` (both kinds) and
 * `uncollateralized` (docs/protocol.md).
 */
import { describe, expect, it } from 'vitest';
import { submit as modelSubmit, submitRequests } from '../../../model/pool/positions.ts';
import { DEFAULT_RESERVE_CONFIG, newReserve } from '../../../model/pool/reserve.ts';
import { newPool } from '../../../model/state.ts';
import { REQUEST_TYPE_ID } from '../../../spec/actions.ts';
import { PROFILES } from '../../../spec/profiles.ts';
import { stateToWorld, worldToState } from '../../../src/protocol/state.ts';
import { stateText } from '../../../src/protocol/state-text.ts';
import { bareWorld } from '../../helpers.ts';

const NOW = 1_700_000_000n;
const S7 = 10_000_000n;

function world() {
  const env = bareWorld('blend-v2', NOW);
  const pool = newPool(
    'pool',
    'backstop',
    [newReserve('a', S7, NOW, DEFAULT_RESERVE_CONFIG), newReserve('b', S7, NOW, DEFAULT_RESERVE_CONFIG)],
    0n,
  );
  env.w.pools.set('pool', pool);
  return { ...env, pool };
}
/** One call as a transaction: committed when accepted, rolled back when rejected. */
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

describe('request type ids', () => {
  it('are RequestType::from_u32 of pool/src/pool/actions.rs', () => {
    expect(REQUEST_TYPE_ID).toEqual({
      supply_uncollateralized: 0,
      withdraw_uncollateralized: 1,
      supply: 2,
      withdraw: 3,
      borrow: 4,
      repay: 5,
    });
  });
});

describe('supply_uncollateralized and withdraw_uncollateralized', () => {
  it('the supply mints into Positions.supply, not the collateral, and raises b_supply', () => {
    const { pool, ctx } = world();
    expect(submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, 100n * S7)).toBe(100n * S7);
    expect(submit(ctx, pool, 'frodo', 'supply', 0, 30n * S7)).toBe(30n * S7);
    const pos = pool.positions.get('frodo')!;
    expect(pos.supply.get(0)).toBe(100n * S7);
    expect(pos.collateral.get(0)).toBe(30n * S7);
    expect(pool.reserves[0]!.bSupply).toBe(130n * S7);
  });

  it('uncollateralised b tokens back no borrow: InvalidHf (1205); the same as collateral passes', () => {
    const plain = world();
    submit(plain.ctx, plain.pool, 'frodo', 'supply', 0, 100n * S7);
    submit(plain.ctx, plain.pool, 'samwise', 'supply_uncollateralized', 1, 100n * S7);
    expect(() => submit(plain.ctx, plain.pool, 'samwise', 'borrow', 0, S7)).toThrowError(/^Pool#1205 /);
    const backed = world();
    submit(backed.ctx, backed.pool, 'frodo', 'supply', 0, 100n * S7);
    submit(backed.ctx, backed.pool, 'samwise', 'supply', 1, 100n * S7);
    expect(submit(backed.ctx, backed.pool, 'samwise', 'borrow', 0, S7)).toBe(S7);
  });

  it('the withdrawal burns only the uncollateralised b tokens: with collateral alone it burns nothing (1217)', () => {
    const { pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    expect(() => submit(ctx, pool, 'frodo', 'withdraw_uncollateralized', 0, S7)).toThrowError(/^Pool#1217 /);
    submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, 10n * S7);
    // more than the uncollateralised balance burns that balance, the collateral stays
    expect(submit(ctx, pool, 'frodo', 'withdraw_uncollateralized', 0, 50n * S7)).toBe(10n * S7);
    expect(pool.positions.get('frodo')!.supply.has(0)).toBe(false);
    expect(pool.positions.get('frodo')!.collateral.get(0)).toBe(100n * S7);
    expect(pool.reserves[0]!.bSupply).toBe(100n * S7);
  });

  it('the withdrawal asks for no health factor: an unhealthy borrower withdraws its uncollateralised b tokens, not its collateral', () => {
    const { w, pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
    submit(ctx, pool, 'samwise', 'supply', 1, 100n * S7);
    submit(ctx, pool, 'samwise', 'supply_uncollateralized', 1, 5n * S7);
    submit(ctx, pool, 'samwise', 'borrow', 0, 562494375n);
    w.now = NOW + 31_536_000n;
    // a year of interest: the borrow is unhealthy
    expect(() => submit(ctx, pool, 'samwise', 'withdraw', 1, 1n)).toThrowError(/^Pool#1205 /);
    expect(submit(ctx, pool, 'samwise', 'withdraw_uncollateralized', 1, 1n)).toBe(1n);
  });

  it('the withdrawal keeps the utilisation under 100% (1207)', () => {
    const { pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, 100n * S7);
    submit(ctx, pool, 'samwise', 'supply', 1, 1000n * S7);
    submit(ctx, pool, 'samwise', 'borrow', 0, 50n * S7);
    expect(() => submit(ctx, pool, 'frodo', 'withdraw_uncollateralized', 0, 50n * S7)).toThrowError(/^Pool#1207 /);
    expect(submit(ctx, pool, 'frodo', 'withdraw_uncollateralized', 0, 100n * S7 - 500000051n)).toBe(100n * S7 - 500000051n);
  });

  it('a frozen pool (status 5) refuses the uncollateralised supply (1206) and allows its withdrawal; on ice (3) both pass', () => {
    const { pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, 10n * S7);
    pool.status = 5;
    expect(() => submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, S7)).toThrowError(/^Pool#1206 /);
    expect(submit(ctx, pool, 'frodo', 'withdraw_uncollateralized', 0, S7)).toBe(S7);
    pool.status = 3;
    expect(submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, S7)).toBe(S7);
  });

  it('the supply cap counts both kinds: ExceededSupplyCap (1220) a stroop over', () => {
    const env = bareWorld('blend-v2', NOW);
    const pool = newPool('pool', 'backstop', [newReserve('a', S7, NOW, { ...DEFAULT_RESERVE_CONFIG, supplyCap: 100n * S7 })], 0n);
    env.w.pools.set('pool', pool);
    submit(env.ctx, pool, 'frodo', 'supply', 0, 60n * S7);
    submit(env.ctx, pool, 'samwise', 'supply_uncollateralized', 0, 40n * S7);
    expect(() => submit(env.ctx, pool, 'samwise', 'supply_uncollateralized', 0, 1n)).toThrowError(/^Pool#1220 /);
  });
});

describe('emissions on the b token count collateral and supply together (get_total_supply)', () => {
  /** 100 b tokens of reserve 0 held as `collateral` collateral and the rest uncollateralised, with b-token emissions of 1 BLND/s from NOW. */
  function holding(collateral: bigint) {
    const env = world();
    if (collateral > 0n) submit(env.ctx, env.pool, 'frodo', 'supply', 0, collateral);
    if (collateral < 100n * S7) submit(env.ctx, env.pool, 'frodo', 'supply_uncollateralized', 0, 100n * S7 - collateral);
    submit(env.ctx, env.pool, 'samwise', 'supply', 0, 100n * S7);
    env.pool.emisData.set(1, { expiration: NOW + 10_000n, eps: 1_00000000000000n, index: 0n, lastTime: NOW });
    env.w.now = NOW + 1000n;
    // a stroop more of either kind updates frodo's emissions on the balance before it
    submit(env.ctx, env.pool, 'frodo', collateral > 0n ? 'supply' : 'supply_uncollateralized', 0, 1n);
    return env.pool.userEmis.get('frodo')!.get(1)!;
  }

  it('half of 1000 BLND to a holder of half the b tokens, whatever their kind', () => {
    const all = holding(100n * S7);
    expect(all.accrued).toBe(500n * S7);
    expect(holding(0n)).toEqual(all);
    expect(holding(37n * S7)).toEqual(all);
  });

  it('a submit moving both kinds returns the b tokens of both after less before', () => {
    const { pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, 10n * S7);
    const tx = ctx.tx;
    const moved = submitRequests(ctx, pool, 'frodo', [
      { request: 'withdraw_uncollateralized', reserveIndex: 0, amount: 4n * S7 },
      { request: 'supply', reserveIndex: 0, amount: S7 },
    ]);
    tx.commit();
    expect(moved).toBe(3n * S7);
    expect(pool.positions.get('frodo')).toMatchObject({ supply: new Map([[0, 6n * S7]]), collateral: new Map([[0, S7]]) });
  });
});

describe('the protocol state', () => {
  it('`supply` is both kinds, `uncollateralized` the part without collateral; both read back as the same positions', () => {
    const { w, pool, ctx } = world();
    submit(ctx, pool, 'frodo', 'supply', 0, 30n * S7);
    submit(ctx, pool, 'frodo', 'supply_uncollateralized', 0, 70n * S7);
    submit(ctx, pool, 'frodo', 'supply_uncollateralized', 1, 5n * S7);
    submit(ctx, pool, 'samwise', 'supply', 1, 2n * S7);
    const st = worldToState(w);
    const users = st.pools.pool!.users;
    expect(users.frodo).toEqual({
      supply: { '0': String(100n * S7), '1': String(5n * S7) },
      liabilities: {},
      emission_data: {},
      uncollateralized: { '0': String(70n * S7), '1': String(5n * S7) },
    });
    // no uncollateralised supply: the key is left out
    expect(users.samwise).toEqual({ supply: { '1': String(2n * S7) }, liabilities: {}, emission_data: {} });
    expect(stateText(w)).toBe(JSON.stringify(st));
    const back = stateToWorld(PROFILES['blend-v2'], st).pools.get('pool')!.positions.get('frodo')!;
    expect(back.collateral).toEqual(new Map([[0, 30n * S7]]));
    expect(back.supply).toEqual(
      new Map([
        [0, 70n * S7],
        [1, 5n * S7],
      ]),
    );
  });
});
