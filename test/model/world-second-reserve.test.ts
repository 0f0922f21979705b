/**
 * The second reserve configuration as a world option (spec/worlds.ts `secondReserve`,
 * spec/genesis.json `second_reserve`): off (the default) the generated world is exactly the world
 * without the option; on, reserve 1 of every generated pool (P<i> and the filler pools F<i>) has the
 * second configuration and every pool one more reserve, last, disabled. A disabled reserve takes no
 * supply (either kind) and no borrow: ReserveDisabled (1223), after the request's amount, the
 * pool's status and the reserve are checked (blend-contracts-v2 @ ba22b48 pool/src/pool/reserve.rs
 * `require_action_allowed`, called by actions.rs `apply_supply`, `apply_supply_collateral`,
 * `apply_borrow`); a withdrawal or a repay of it passes the check. And the second configuration
 * shows what the default one hides in calc_accrual (issue 19's pool mutants `func163 +504`, `+709`):
 * util_scalar = fixed_div_ceil(util, target, SCALAR_7) with SCALAR_7 one less moves the rate.
 */
import { describe, expect, it } from 'vitest';
import { submit as modelSubmit } from '../../model/pool/positions.ts';
import { calcAccrual, DEFAULT_RESERVE_CONFIG, FILLER_RESERVE_CONFIG, newReserve, SECOND_RESERVE_CONFIG } from '../../model/pool/reserve.ts';
import { newPool } from '../../model/state.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { scaledMulDivCeil } from '../../model/math.ts';
import { createWorld } from '../../src/world/create.ts';
import { reserveScalar } from '../../src/world/genesis.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { worldFromJson, worldToJson } from '../../src/check/corpus.ts';
import { bareWorld } from '../helpers.ts';
import { disabledBorrowOf } from '../../src/commands/pool.ts';

const S7 = 10_000_000n;
const NOW = 1_700_000_000n;

describe('the second reserve configuration, a world option', () => {
  for (const profile of ['blend-v2', 'blend-v1', 'documented'] as const) {
    it(`off by default: the world of secondReserve: false (${profile})`, () => {
      const dflt = createWorld(PROFILES[profile], DEFAULT_WORLD);
      expect(dflt).toEqual(createWorld(PROFILES[profile], { ...DEFAULT_WORLD, secondReserve: false }));
      for (const p of dflt.pools.values()) {
        expect(p.reserves).toHaveLength(2);
        for (const r of p.reserves) expect([r.config, r.enabled]).toEqual([DEFAULT_RESERVE_CONFIG, true]);
      }
    });

    it(`on: reserve 1 of each pool (P<i>, F<i>) at the second configuration, reserve 0 of F<i> with r_one 0, a third reserve disabled, the rest as off (${profile})`, () => {
      const off = createWorld(PROFILES[profile], DEFAULT_WORLD);
      const on = createWorld(PROFILES[profile], { ...DEFAULT_WORLD, secondReserve: true });
      expect([...on.pools.keys()]).toEqual([...off.pools.keys()]);
      expect([...on.pools.keys()].some((a) => a.startsWith(GENESIS.names.fillerPoolPrefix))).toBe(true);
      for (const [addr, p] of on.pools) {
        const i = Number(addr.replace(/^\D+/, ''));
        expect(p.reserves.map((r) => [r.asset, r.scalar, r.config, r.enabled])).toEqual([
          [
            `${addr}.asset0`,
            reserveScalar(i, 0),
            addr.startsWith(GENESIS.names.fillerPoolPrefix) ? FILLER_RESERVE_CONFIG : DEFAULT_RESERVE_CONFIG,
            true,
          ],
          [`${addr}.asset1`, reserveScalar(i, 1), SECOND_RESERVE_CONFIG, true],
          [`${addr}.asset2`, reserveScalar(i, 2), DEFAULT_RESERVE_CONFIG, false],
        ]);
        const { reserves: _a, ...restOn } = p;
        const { reserves: _b, ...restOff } = off.pools.get(addr)!;
        expect(restOn).toEqual(restOff);
      }
    });
  }

  it('with one reserve per pool: reserve 0 at the second configuration, then the disabled one (filler pools too)', () => {
    const w = createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, reserves: 1, secondReserve: true });
    for (const addr of ['P0', `${GENESIS.names.fillerPoolPrefix}0`]) {
      const p = w.pools.get(addr)!;
      expect(p.reserves.map((r) => [r.config, r.enabled])).toEqual([
        [SECOND_RESERVE_CONFIG, true],
        [DEFAULT_RESERVE_CONFIG, false],
      ]);
    }
  });

  it("the filler pools' reserve 0: the default with r_one 0 (spec/genesis.json second_reserve.filler_r_one), valid for the v2 pool", () => {
    expect(FILLER_RESERVE_CONFIG).toEqual({ ...DEFAULT_RESERVE_CONFIG, rOne: 0n });
    // pool/src/pool/config.rs require_valid_reserve_metadata: r_one <= r_two <= r_three, r_base in [0.0001, 1)
    const c = FILLER_RESERVE_CONFIG;
    expect(c.rOne <= c.rTwo && c.rTwo <= c.rThree && c.rBase >= 1_000n && c.rBase < S7).toBe(true);
  });

  it('r_one 0 between the target and the kink: the rate is util_scalar x r_two + r_base (an r_one of 0 added)', () => {
    // pool func163 +608: the carry of `lo + r_one` into the high half; with r_one 0 `<=` would carry 2^64
    const c = FILLER_RESERVE_CONFIG;
    const u = 8_500_000n;
    const utilScalar = scaledMulDivCeil(u - c.util, S7, 9_500_000n - c.util);
    const base = scaledMulDivCeil(utilScalar, c.rTwo, S7) + c.rBase;
    const tw = (86_400n * 10n ** 12n) / 31_536_000n;
    expect(calcAccrual(c, u, S7, NOW, NOW + 86_400n).accrual).toBe(10n ** 12n + scaledMulDivCeil(tw, base, S7));
  });

  it('the second configuration: the default with spec/genesis.json second_reserve, valid for the v2 pool', () => {
    expect(SECOND_RESERVE_CONFIG).toEqual({
      ...DEFAULT_RESERVE_CONFIG,
      util: 6_000_000n,
      rOne: 10_000_000n,
      rTwo: 20_000_000n,
      rThree: 50_000_000n,
      reactivity: 0n,
    });
    // pool/src/pool/config.rs require_valid_reserve_metadata
    const c = SECOND_RESERVE_CONFIG;
    expect(c.util <= 9_000_000n && c.maxUtil > c.util && c.maxUtil <= S7).toBe(true);
    expect(c.rOne <= c.rTwo && c.rTwo <= c.rThree && c.reactivity <= 1_000n).toBe(true);
  });

  it("a counterexample's world records the option only when on, and reads back the same", () => {
    expect(worldToJson(DEFAULT_WORLD)).not.toHaveProperty('second_reserve');
    expect(worldToJson({ ...DEFAULT_WORLD, secondReserve: false })).not.toHaveProperty('second_reserve');
    expect(worldToJson({ ...DEFAULT_WORLD, secondReserve: true })).toMatchObject({ second_reserve: true });
    expect(worldFromJson(worldToJson({ ...DEFAULT_WORLD, secondReserve: true }))).toEqual({
      ...DEFAULT_WORLD,
      secondReserve: true,
      reserves: undefined,
      lpPerUser: undefined,
    });
    expect(worldFromJson(worldToJson(DEFAULT_WORLD))).not.toHaveProperty('secondReserve');
  });
});

/** A pool of an enabled reserve 0 and a disabled reserve 1; `submit` as one transaction. */
function disabledWorld() {
  const env = bareWorld('blend-v2', NOW);
  const pool = newPool('pool', 'backstop', [newReserve('a', S7, NOW), newReserve('b', S7, NOW, DEFAULT_RESERVE_CONFIG, false)]);
  env.w.pools.set('pool', pool);
  const submit = (...args: Parameters<typeof modelSubmit>): bigint => {
    try {
      const moved = modelSubmit(...args);
      env.ctx.tx.commit();
      return moved;
    } catch (e) {
      env.ctx.tx.rollback();
      throw e;
    }
  };
  return { ...env, pool, submit };
}

describe('a disabled reserve (require_action_allowed)', () => {
  for (const request of ['supply', 'supply_uncollateralized', 'borrow'] as const) {
    it(`${request}: ReserveDisabled (1223), whatever the amount (0 too); nothing moves`, () => {
      const { pool, ctx, submit } = disabledWorld();
      submit(ctx, pool, 'frodo', 'supply', 0, 100n * S7);
      expect(() => submit(ctx, pool, 'frodo', request, 1, S7)).toThrowError(/^Pool#1223 /);
      expect(() => submit(ctx, pool, 'frodo', request, 1, 0n)).toThrowError(/^Pool#1223 /);
      expect(pool.reserves[1]!.bSupply).toBe(0n);
      expect(pool.reserves[1]!.dSupply).toBe(0n);
      // the amount's sign is checked first (require_nonnegative)
      expect(() => submit(ctx, pool, 'frodo', request, 1, -1n)).toThrowError(/^Pool#8 /);
      // and the enabled reserve of the same pool takes the same request type
      if (request !== 'borrow') expect(submit(ctx, pool, 'frodo', request, 0, S7)).toBe(S7);
    });
  }
  for (const request of ['withdraw', 'withdraw_uncollateralized', 'repay'] as const) {
    it(`${request}: not refused as disabled (it finds nothing to move: the token check's error)`, () => {
      const { pool, ctx, submit } = disabledWorld();
      expect(() => submit(ctx, pool, 'frodo', request, 1, S7)).toThrowError(request === 'repay' ? /^Pool#1219 / : /^Pool#1217 /);
    });
  }
});

describe("calc_accrual's util_scalar with SCALAR_7 one less (pool func163 +504, +709)", () => {
  /** The accrual over a day at utilisation `u` with ir_mod 1.0, and with util_scalar's SCALAR_7 one less (the mutants). */
  const accrualOf = (c: typeof DEFAULT_RESERVE_CONFIG, u: bigint): { orig: bigint; mutant: bigint } => {
    const orig = calcAccrual(c, u, S7, NOW, NOW + 86_400n).accrual;
    // the mutant's util_scalar, then the same steps as calcAccrual's first two branches
    const kink = 9_500_000n;
    const below = u <= c.util;
    const utilScalar = below ? scaledMulDivCeil(u, S7 - 1n, c.util) : scaledMulDivCeil(u - c.util, S7 - 1n, kink - c.util);
    const base = below ? scaledMulDivCeil(utilScalar, c.rOne, S7) + c.rBase : scaledMulDivCeil(utilScalar, c.rTwo, S7) + c.rOne + c.rBase;
    const curIr = scaledMulDivCeil(base, S7, S7);
    const tw = (86_400n * 10n ** 12n) / 31_536_000n;
    return { orig, mutant: 10n ** 12n + scaledMulDivCeil(tw, curIr, S7) };
  };
  it('at the target and at the kink: the same accrual at the default configuration, another at the second', () => {
    for (const c of [DEFAULT_RESERVE_CONFIG, SECOND_RESERVE_CONFIG]) {
      for (const u of [c.util, 9_500_000n]) {
        const { orig, mutant } = accrualOf(c, u);
        if (c === DEFAULT_RESERVE_CONFIG) expect(mutant).toBe(orig);
        else expect(mutant).toBeLessThan(orig);
      }
    }
  });
  it('over the target: 0.85 gives the same accrual at the default (0.1 / 0.2 x 1e7 is whole), 0.9 another at the second', () => {
    expect(accrualOf(DEFAULT_RESERVE_CONFIG, 8_500_000n).mutant).toBe(accrualOf(DEFAULT_RESERVE_CONFIG, 8_500_000n).orig);
    const { orig, mutant } = accrualOf(SECOND_RESERVE_CONFIG, 9_000_000n);
    expect(mutant).toBeLessThan(orig);
  });
});

describe('a borrow seed sends some plain borrows to the disabled reserve (src/commands/pool.ts disabledBorrowOf)', () => {
  const on = createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, secondReserve: true }).pools.get('P0')!;
  const off = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD).pools.get('P0')!;
  it('bit 16 set, no utilisation chain: the disabled reserve, in the world with one only', () => {
    expect(disabledBorrowOf(on, 1 << 16)).toBe(2);
    expect(disabledBorrowOf(on, (1 << 16) | 5)).toBe(2);
    expect(disabledBorrowOf(off, 1 << 16)).toBeUndefined();
  });
  it('bit 16 clear, or a seed that asks for a utilisation chain (bits 14-15 set): as before', () => {
    expect(disabledBorrowOf(on, 0)).toBeUndefined();
    expect(disabledBorrowOf(on, (1 << 16) - 1)).toBeUndefined();
    expect(disabledBorrowOf(on, (1 << 16) | (3 << 14))).toBeUndefined();
  });
});
