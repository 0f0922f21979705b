/**
 * A supply to exactly the supply cap (issue 19's pool survivor `func122 +1568 le->lt`:
 * apply_supply_collateral's `total_supply > supply_cap`, the mutant refusing at equality too): the
 * chain (src/commands/supply-cap.ts), run on the model, has a user holding nothing supply one b
 * token past the cap (refused, ExceededSupplyCap, 1220), then exactly to the cap (accepted), and
 * withdraw everything, then the same with the uncollateralised requests (pool func122 +799,
 * apply_supply's cap test); a borrow seed asks for it by bits 16-18 only, and only in a world with a
 * disabled reserve (`--second-reserve on`), so the default world's commands are as before; a run in
 * that world reaches both keys (src/commands/reach.ts `SECOND_RESERVE_REACH_KEYS`), and the
 * health-factor edge's dust key too.
 */
import { describe, expect, it } from 'vitest';
import { loadReserve, toAssetFromB, toBTokenDown } from '../../model/pool/reserve.ts';
import { expectOnlyWithDisabledReserve } from './reach-run.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { hfEdgeOf } from '../../src/commands/hf-edge.ts';
import { minCollateralOf } from '../../src/commands/min-collateral.ts';
import { disabledBorrowOf, Submit } from '../../src/commands/pool.ts';
import { ReachCounter, REACH_KEYS, reachTargets, SECOND_RESERVE_REACH_KEYS } from '../../src/commands/reach.ts';
import { SupplyCapChain, supplyCapOf } from '../../src/commands/supply-cap.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';

const ASK = 4 << 16;
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };

describe('a supply to exactly the supply cap', () => {
  it('bits 16-18 = 4 of a borrow reserve seed ask for it, never with a utilisation chain, another borrow chain or a borrow of the disabled reserve', () => {
    expect(supplyCapOf('borrow', ASK)).toBe(true);
    for (const seed of [ASK | (1 << 16), (1 << 16) - 1, ASK | (3 << 14), 6 << 16, 7 << 16]) expect(supplyCapOf('borrow', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'repay'] as const) expect(supplyCapOf(r, ASK)).toBe(false);
    const p = [...createWorld(PROFILES['blend-v2'], SECOND).pools.values()][0]!;
    for (let s = 0; s <= 1 << 20; s += 7) {
      if (!supplyCapOf('borrow', s)) continue;
      expect(utilisationOf(s)).toBeUndefined();
      expect(minCollateralOf('borrow', s)).toBe(false);
      expect(hfEdgeOf('borrow', s)).toBe(false);
      expect(disabledBorrowOf(p, s)).toBeUndefined();
    }
  });

  it('only in a world with a disabled reserve: a borrow seed asking for it in the default world is the plain borrow', () => {
    expectOnlyWithDisabledReserve('borrow', ASK, 'supply_cap');
  });

  it('the uncollateralised requests follow the collateral ones where the implementation has them', () => {
    const chainOf = (plain: boolean): string => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const s = new Submit(0, 0, 'borrow', ASK, 1_000n, true, true, plain);
      const out: string[] = [];
      for (const a of s.actions(h)) {
        out.push(a.fn === 'pool.submit' ? a.request : a.fn);
        h.step(a);
      }
      return out.join(' ');
    };
    expect(chainOf(true)).toBe('supply supply withdraw supply_uncollateralized supply_uncollateralized withdraw_uncollateralized');
    expect(chainOf(false)).toBe('supply supply withdraw');
  });

  for (const [seed, plain] of [
    [0, false],
    [1, false],
    [2, true],
    [3, true],
  ] as const) {
    it(`the chain (seed ${seed}${plain ? ', uncollateralised' : ''}): one b token past the cap refused, exactly the cap accepted, everything withdrawn`, () => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const seen: { request: string; over: bigint; ok: boolean; code: number | undefined }[] = [];
      let at: { pool: string; from: string } | undefined;
      for (const a of new SupplyCapChain(seed, seed, plain).actions(h)) {
        expect(a.fn).toBe('pool.submit');
        if (a.fn !== 'pool.submit') continue;
        at = { pool: a.pool, from: a.from };
        const r = h.world.pools.get(a.pool)!.reserves[a.reserveIndex]!;
        const d = loadReserve(r, h.world.pools.get(a.pool)!.bstopRate, h.world.now);
        // the total supply after the supply, less the cap
        const over =
          a.request === 'supply' || a.request === 'supply_uncollateralized'
            ? toAssetFromB(d, d.bSupply + toBTokenDown(d, a.amount)) - r.config.supplyCap
            : 0n;
        const out = h.step(a);
        seen.push({ request: a.request, over: over > 0n ? 1n : over, ok: out.ok, code: out.ok ? undefined : out.error.code });
      }
      const three = (supply: string, withdraw: string) => [
        { request: supply, over: 1n, ok: false, code: PoolError.ExceededSupplyCap.code },
        { request: supply, over: 0n, ok: true, code: undefined },
        { request: withdraw, over: 0n, ok: true, code: undefined },
      ];
      expect(seen).toEqual([
        ...three('supply', 'withdraw'),
        ...(plain ? three('supply_uncollateralized', 'withdraw_uncollateralized') : []),
      ]);
      const pos = h.world.pools.get(at!.pool)!.positions.get(at!.from);
      expect((pos?.collateral.size ?? 0) + (pos?.liabilities.size ?? 0) + (pos?.supply.size ?? 0)).toBe(0);
    });
  }

  it('the second reserve configuration keys apply only in that world, and a blend-v2 run there reaches each', () => {
    const v2 = PROFILES['blend-v2'];
    expect(reachTargets(v2).filter((k) => (SECOND_RESERVE_REACH_KEYS as readonly string[]).includes(k))).toEqual([]);
    expect(reachTargets(v2, false, true)).toEqual([...REACH_KEYS, ...SECOND_RESERVE_REACH_KEYS]);
    const counter = new ReachCounter();
    const r = runSuite({ profile: v2, runs: 200, steps: RUN_DEFAULTS.steps, seed: 5, world: SECOND, apply: counter.apply });
    expect(r.verdict).toBe('pass');
    for (const k of SECOND_RESERVE_REACH_KEYS) expect(counter.count(k), k).toBeGreaterThan(0);
  }, 300_000);
});
