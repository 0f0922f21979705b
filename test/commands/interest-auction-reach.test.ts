/**
 * The interest auction chain (src/commands/interest-auction.ts): run on the model, it creates the
 * auction and fills it at 0, 200, 201, 399 and 400 blocks after its block (the modifiers' kink and
 * floor, in pairs), every action accepted, the auction gone and everything given back; a repay seed
 * asks for it by bits 16-18 = 4 only, and only in a world with a disabled reserve
 * (`--second-reserve on`), so the default world's commands are as before; a run in that world
 * fills interest auctions at the kink and at the floor more than once.
 */
import { emissionCreditOf } from '../../src/commands/emission-credit.ts';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { sequenceOf, type World } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { InterestAuctionChain, interestAuctionOf } from '../../src/commands/interest-auction.ts';
import { interestEdgeOf, withDisabledReserve } from '../../src/commands/interest-edge.ts';
import { supplyEdgeOf } from '../../src/commands/supply-edge.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { actionText, expectEdgeMoreThanOnce, expectOneUserGivenBack, expectOnlyWithDisabledReserve } from './reach-run.ts';

const ASK = 4 << 16;
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };

/** The blocks since its auction's block at which `a` fills an interest auction on `w`, else undefined. */
function fillBlocks(w: World, a: Action): bigint | undefined {
  if (a.fn !== 'pool.fill_auction') return undefined;
  const auction = w.pools.get(a.pool)?.auctions.get(`${a.auctionType}:${a.user}`);
  return auction === undefined ? undefined : sequenceOf(w) - auction.block;
}

describe('the interest auction chain', () => {
  it('bits 16-18 = 4 of a repay reserve seed ask for it, never with a utilisation chain or another repay chain', () => {
    expect(interestAuctionOf('repay', ASK)).toBe(true);
    for (const seed of [ASK | (1 << 17), (1 << 16) - 1, ASK | (3 << 14)]) expect(interestAuctionOf('repay', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'borrow'] as const) expect(interestAuctionOf(r, ASK)).toBe(false);
    for (let s = 0; s <= 1 << 20; s += 7) {
      if (!interestAuctionOf('repay', s)) continue;
      expect(utilisationOf(s)).toBeUndefined();
      expect(supplyEdgeOf('repay', s)).toBe(false);
      expect(interestEdgeOf('repay', s)).toBe(false);
      expect(emissionCreditOf('repay', s)).toBe(false);
    }
  });

  it('only in a world with a disabled reserve: a repay seed asking for it in the default world is the plain repay', () => {
    const dflt = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    expect(withDisabledReserve(dflt)).toBe(false);
    expectOnlyWithDisabledReserve('repay', ASK, 'interest_auction');
  });

  for (const seed of [0, 1, 2, 256 + 1]) {
    it(`the chain (seed ${seed}): fills at 0, 200, 201, 399, 400 blocks (the high chain: 400), every action accepted, everything given back`, () => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const fills: bigint[] = [];
      const users = new Set<string>();
      let pool = '';
      let created = false;
      const lots: bigint[] = [];
      for (const a of new InterestAuctionChain(seed, seed).actions(h)) {
        const at = fillBlocks(h.world, a);
        if (at !== undefined) fills.push(at);
        if (a.fn === 'pool.new_auction') created = true;
        if (created && lots.length === 0 && a.fn === 'advance_blocks')
          lots.push([...h.world.pools.get(pool)!.auctions.values()][0]?.lot.values().next().value ?? 0n);
        if (a.fn === 'pool.submit') {
          users.add(`${a.pool}/${a.from}`);
          pool = a.pool;
        }
        const out = h.step(a);
        expect(out.ok, actionText(a)).toBe(true);
      }
      // the high chain (user seed bit 8): the lot past 2^71 units, filled at 400 blocks
      if (seed >= 256) {
        expect(fills).toEqual([400n, 400n, 400n]);
        expect(lots[0]).toBeGreaterThanOrEqual(2n ** 71n);
      } else expect(fills).toEqual([0n, 200n, 201n, 399n, 400n]);
      expect(h.world.pools.get(pool)!.auctions.size).toBe(0);
      expectOneUserGivenBack(h.world, users);
    });
  }

  it('a blend-v2 run in the world with the second reserve configuration fills interest auctions at 200, 201, 399 and 400 blocks, each more than once', () => {
    for (const b of [200n, 201n, 399n, 400n]) expectEdgeMoreThanOnce(SECOND, (w, a) => fillBlocks(w, a) === b, true);
  }, 600_000);
});
