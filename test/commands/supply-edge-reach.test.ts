/**
 * A reserve's accrual landing its new total supply on exactly k x 2^64 units (issue 19's pool
 * survivor `func163 +1787 gt->ge`: accrue's `pre_update_supply + accrued - new_backstop_credit`, the
 * i128 subtraction's borrow test over equal low halves): the chain (src/commands/supply-edge.ts),
 * run on the model from the default world, meets it with every action accepted and gives
 * everything back; a repay seed asks for it by bits 16-18 only; a default blend-v2 run reaches it
 * more than once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { SupplyEdgeChain, accrualValue, supplyEdgeOf } from '../../src/commands/supply-edge.ts';
import { HIGH } from '../../src/commands/pool-high.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { actionText, expectOneUserGivenBack, expectReachedMoreThanOnce } from './reach-run.ts';

const KEY: ReachKey = 'supply-edge: an accrual whose new total supply (before the b_rate division) is exactly k x 2^64 units';
const ASK = 7 << 16;

describe('the supply edge of an accrual', () => {
  it('bits 16-18 of a repay reserve seed ask for it, never with a utilisation chain', () => {
    expect(supplyEdgeOf('repay', ASK)).toBe(true);
    for (const seed of [ASK & ~(1 << 17), (1 << 16) - 1, ASK | (3 << 14)]) expect(supplyEdgeOf('repay', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'borrow'] as const) expect(supplyEdgeOf(r, ASK)).toBe(false);
    for (let s = 0; s <= 1 << 20; s += 7) if (supplyEdgeOf('repay', s)) expect(utilisationOf(s)).toBeUndefined();
  });

  for (const seed of [0, 1, 2]) {
    it(`the chain (pool seed ${seed}): an accrual at exactly k x 2^64, every action accepted, everything given back`, () => {
      const counter = new ReachCounter();
      const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats(), counter.apply);
      const users = new Set<string>();
      let edges = 0;
      for (const a of new SupplyEdgeChain(seed, seed).actions(h)) {
        if (a.fn === 'pool.submit') {
          users.add(`${a.pool}/${a.from}`);
          const r = h.world.pools.get(a.pool)!.reserves[a.reserveIndex]!;
          const x = accrualValue(r, h.world.pools.get(a.pool)!.bstopRate, h.world.now);
          if (x !== undefined && x % HIGH === 0n) edges++;
        }
        const out = h.step(a);
        expect(out.ok, actionText(a)).toBe(true);
      }
      expect(edges).toBe(1);
      expect(counter.count(KEY)).toBe(1);
      expectOneUserGivenBack(h.world, users);
    });
  }

  it('a default blend-v2 run accrues at exactly k x 2^64 more than once', () => {
    expectReachedMoreThanOnce([KEY]);
  }, 300_000);
});
