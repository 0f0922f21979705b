/**
 * A reserve's accrual adding exactly k x 2^64 units of interest (issue 19's pool survivor `func163
 * +1536 lt->le`: Reserve::load's `total_liabilities - pre_update_liabilities`, the i128
 * subtraction's borrow test over equal low halves): the chain (src/commands/interest-edge.ts), run
 * on the model, meets it with every action accepted and gives everything back; a repay seed asks
 * for it by bits 16-18 only, and only in a world with a disabled reserve (`--second-reserve on`), so
 * the default world's commands are as before; a run in that world reaches it more than once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { InterestEdgeChain, accruedInterest, interestEdgeOf, withDisabledReserve } from '../../src/commands/interest-edge.ts';
import { supplyEdgeOf } from '../../src/commands/supply-edge.ts';
import { HIGH } from '../../src/commands/pool-high.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { actionText, expectEdgeMoreThanOnce, expectOneUserGivenBack, expectOnlyWithDisabledReserve } from './reach-run.ts';
import type { World } from '../../model/state.ts';
import type { Action } from '../../model/actions.ts';

const ASK = 6 << 16;
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };

/** Whether `a` on `w` is an accrual adding exactly k x 2^64 units of interest (k >= 1) to its reserve. */
function atEdge(w: World, a: Action): boolean {
  if (a.fn !== 'pool.submit') return false;
  const p = w.pools.get(a.pool);
  const r = p?.reserves[a.reserveIndex];
  if (p === undefined || r === undefined) return false;
  const x = accruedInterest(r, p.bstopRate, w.now);
  return x !== undefined && x > 0n && x % HIGH === 0n;
}

describe('the interest edge of an accrual', () => {
  it('bits 16-18 = 6 of a repay reserve seed ask for it, never with a utilisation chain, never where the supply edge is asked', () => {
    expect(interestEdgeOf('repay', ASK)).toBe(true);
    for (const seed of [ASK | (1 << 16), (1 << 16) - 1, ASK | (3 << 14), ASK & ~(1 << 17)])
      expect(interestEdgeOf('repay', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'borrow'] as const) expect(interestEdgeOf(r, ASK)).toBe(false);
    for (let s = 0; s <= 1 << 20; s += 7) {
      if (!interestEdgeOf('repay', s)) continue;
      expect(utilisationOf(s)).toBeUndefined();
      expect(supplyEdgeOf('repay', s)).toBe(false);
    }
  });

  it('only in a world with a disabled reserve: a repay seed asking for it in the default world is the plain repay', () => {
    const dflt = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    const second = createWorld(PROFILES['blend-v2'], SECOND);
    expect([withDisabledReserve(dflt), withDisabledReserve(second)]).toEqual([false, true]);
    expectOnlyWithDisabledReserve('repay', ASK, 'interest_edge');
  });

  for (const seed of [0, 1, 2]) {
    it(`the chain (pool seed ${seed}): an accrual of exactly k x 2^64 units of interest, every action accepted, everything given back`, () => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const users = new Set<string>();
      let edges = 0;
      for (const a of new InterestEdgeChain(seed, seed).actions(h)) {
        if (a.fn === 'pool.submit') users.add(`${a.pool}/${a.from}`);
        if (atEdge(h.world, a)) edges++;
        const out = h.step(a);
        expect(out.ok, actionText(a)).toBe(true);
      }
      expect(edges).toBe(1);
      expectOneUserGivenBack(h.world, users);
    });
  }

  it('a blend-v2 run in the world with the second reserve configuration accrues exactly k x 2^64 units of interest more than once', () => {
    expectEdgeMoreThanOnce(SECOND, atEdge, true);
  }, 300_000);
});
