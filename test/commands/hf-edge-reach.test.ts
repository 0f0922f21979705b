/**
 * The health factor at its edge (issue 19's pool survivor `func148 +408 const-1`: the collateral
 * factor's SCALAR_7 in calculate_from_positions, the mutant 9,999,999): the chain
 * (src/commands/hf-edge.ts), run on the model, has a user holding nothing post collateral, borrow
 * the smallest amount the health factor refuses (InvalidHf, 1205), then one unit less (accepted),
 * with a dust collateral worth 0 base units held in the other enabled reserve (the survivor `func148
 * +494 gt->ge`: calculate_from_positions' collateral_base carry on a term of 0), and give everything back; a borrow seed asks for it by bits 16-18 only, and only in a world with
 * a disabled reserve (`--second-reserve on`), so the default world's commands are as before; a run
 * in that world reaches the edge more than once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { HfEdgeChain, hfEdgeOf, hfRefused } from '../../src/commands/hf-edge.ts';
import { minCollateralOf } from '../../src/commands/min-collateral.ts';
import { disabledBorrowOf } from '../../src/commands/pool.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { actionText, expectEdgeMoreThanOnce, expectOneUserGivenBack, expectOnlyWithDisabledReserve } from './reach-run.ts';
import type { World } from '../../model/state.ts';
import type { Action } from '../../model/actions.ts';
import { loadReserve, toEffectiveAssetFromB } from '../../model/pool/reserve.ts';
import { ORACLE_PRICE } from '../../spec/constants.ts';

const ASK = 6 << 16;
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };

/** Whether `a`'s user holds a collateral, in a reserve other than `a`'s, worth 0 base units (price x effective asset / scalar, down: calculate_from_positions' zero term). */
function zeroTerm(w: World, a: Action): boolean {
  if (a.fn !== 'pool.submit') return false;
  const p = w.pools.get(a.pool);
  const pos = p?.positions.get(a.from);
  if (p === undefined || pos === undefined) return false;
  return [...pos.collateral].some(([j, b]) => {
    const r = p.reserves[j]!;
    const v = (ORACLE_PRICE.value * toEffectiveAssetFromB(r.config, loadReserve(r, p.bstopRate, w.now), b)) / r.scalar;
    return j !== a.reserveIndex && b > 0n && v === 0n;
  });
}

/** Whether `a` on `w` is a borrow the health factor refuses while one unit less passes it. */
function atEdge(w: World, a: Action): boolean {
  if (a.fn !== 'pool.submit' || a.request !== 'borrow' || a.more !== undefined || a.amount <= 1n) return false;
  const p = w.pools.get(a.pool);
  if (p?.reserves[a.reserveIndex] === undefined) return false;
  return hfRefused(p, a.from, a.reserveIndex, a.amount, w.now) && !hfRefused(p, a.from, a.reserveIndex, a.amount - 1n, w.now);
}

describe('the health factor edge of a borrow', () => {
  it('bits 16-18 = 6 of a borrow reserve seed ask for it, never with a utilisation chain, the minimum-collateral chain or a borrow of the disabled reserve', () => {
    expect(hfEdgeOf('borrow', ASK)).toBe(true);
    for (const seed of [ASK | (1 << 16), (1 << 16) - 1, ASK | (3 << 14), ASK & ~(1 << 17)]) expect(hfEdgeOf('borrow', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'repay'] as const) expect(hfEdgeOf(r, ASK)).toBe(false);
    const second = createWorld(PROFILES['blend-v2'], SECOND);
    const p = [...second.pools.values()][0]!;
    for (let s = 0; s <= 1 << 20; s += 7) {
      if (!hfEdgeOf('borrow', s)) continue;
      expect(utilisationOf(s)).toBeUndefined();
      expect(minCollateralOf('borrow', s)).toBe(false);
      expect(disabledBorrowOf(p, s)).toBeUndefined();
    }
  });

  it('only in a world with a disabled reserve: a borrow seed asking for it in the default world is the plain borrow', () => {
    expectOnlyWithDisabledReserve('borrow', ASK, 'hf_edge');
  });

  for (const seed of [0, 1, 2, 3]) {
    it(`the chain (seed ${seed}): the smallest borrow refused with InvalidHf, one unit less accepted, everything given back`, () => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const users = new Set<string>();
      const borrows: { edge: boolean; dust: boolean; ok: boolean; code: number | undefined }[] = [];
      const reserves = new Set<number>();
      for (const a of new HfEdgeChain(seed, seed).actions(h)) {
        if (a.fn === 'pool.submit') users.add(`${a.pool}/${a.from}`);
        if (a.fn === 'pool.submit') reserves.add(a.reserveIndex);
        const edge = atEdge(h.world, a);
        const dust = zeroTerm(h.world, a);
        const out = h.step(a);
        const json = actionText(a);
        if (a.fn === 'pool.submit' && a.request === 'borrow')
          borrows.push({ edge, dust, ok: out.ok, code: out.ok ? undefined : out.error.code });
        else expect(out.ok, json).toBe(true);
      }
      // both borrows with the dust collateral (worth 0 base units) held in the other reserve
      expect(borrows).toEqual([
        { edge: true, dust: true, ok: false, code: PoolError.InvalidHf.code },
        { edge: false, dust: true, ok: true, code: undefined },
      ]);
      expect(reserves.size).toBe(2);
      expectOneUserGivenBack(h.world, users);
    });
  }

  it('a blend-v2 run in the world with the second reserve configuration borrows at the edge, with a collateral worth 0 base units held, more than once', () => {
    expectEdgeMoreThanOnce(SECOND, (w, a) => atEdge(w, a) && zeroTerm(w, a), false);
  }, 300_000);
});
