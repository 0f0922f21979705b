/**
 * The interest auction through the model's world (model/world.ts `apply`): a borrow left a year
 * to accrue makes backstop credit; `pool.new_auction` (type 2) stores the auction at the next
 * block with the reserve's accrued credit as lot and 120% of its value in LP at the backstop's
 * token_spot_price as bid; `advance_blocks` moves the sequence; `pool.fill_auction` donates the
 * scaled bid from the filler to the pool's backstop (tokens, no shares) and takes the scaled lot
 * off the reserve's credit; the rest stays stored. Values re-derived here from the contract's
 * formulas (blend-contracts-v2 @ ba22b48 pool/src/auctions/), not copied from the model.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../../model/world.ts';
import type { Action } from '../../../model/actions.ts';
import { auctionKey, poolBalanceOf, sequenceOf, type World } from '../../../model/state.ts';
import { PROFILES } from '../../../spec/profiles.ts';
import { createWorld } from '../../../src/world/create.ts';
import { DEFAULT_START } from '../../../src/run.ts';

const S7 = 10_000_000n;
const UNIT = 1_000_000n; // reserve 0 of a generated pool has 6 decimals

function setUp(): { w: World } {
  const w = createWorld(PROFILES['blend-v2'], { users: 2, pools: 1, start: DEFAULT_START, rewardZoneGap: 1 });
  const ok = (a: Action) => {
    const o = apply(w, a);
    if (!o.ok) throw o.error;
  };
  ok({ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: 100_000n * UNIT });
  ok({ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'borrow', reserveIndex: 0, amount: 55_000n * UNIT });
  ok({ fn: 'advance_time', seconds: 365n * 86_400n });
  return { w };
}

const create = (w: World, extra: Partial<Extract<Action, { fn: 'pool.new_auction' }>> = {}): ReturnType<typeof apply> =>
  apply(w, {
    fn: 'pool.new_auction',
    pool: 'P0',
    auctionType: 2,
    user: 'backstop',
    bid: [w.emitter.backstopToken],
    lot: ['P0.asset0'],
    percent: 100n,
    ...extra,
  });
const fill = (w: World, percent: bigint, from = 'U1') =>
  apply(w, { fn: 'pool.fill_auction', pool: 'P0', from, auctionType: 2, user: 'backstop', percent });

describe('the interest auction in the world', () => {
  it('creates at the next block, fills scaled by the blocks passed, keeps the remainder', () => {
    const { w } = setUp();
    const pool = w.pools.get('P0')!;
    expect(create(w).ok).toBe(true);
    const a = pool.auctions.get(auctionKey(2, 'backstop'))!;
    expect(a.block).toBe(sequenceOf(w) + 1n);
    const credit = a.lot.get('P0.asset0')!;
    expect(credit).toBeGreaterThanOrEqual(200n * UNIT);
    // the creation stores nothing of the accrual
    expect(pool.reserves[0]!.backstopCredit).toBe(0n);
    // bid = floor(floor(value x 1.2) / spot), value = credit x 1.0 in 7 decimals over the reserve's 6
    const c = w.comet;
    const spot = ((c.usdc.balance * S7) / c.supply) * 5n;
    const value = (S7 * credit) / UNIT;
    expect(a.bid.get(w.emitter.backstopToken)).toBe((((value * 12_000_000n) / S7) * S7) / spot);
    // a second auction while this one runs: AuctionInProgress
    const again = create(w);
    expect(again.ok ? 0 : again.error.code).toBe(1212);
    // filling in the creating ledger: the sequence is before the block, a u32 underflow (host panic)
    const early = fill(w, 100n);
    expect(early.ok ? 0 : early.error.code).toBe(6);
    // 250 blocks on: block_dif 249, lot 100%, bid 100% - 49 x 0.5% = 75.5%
    expect(apply(w, { fn: 'advance_blocks', blocks: 250n }).ok).toBe(true);
    const bid = a.bid.get(w.emitter.backstopToken)!;
    const halfBid = (bid * 50n * 100_000n + S7 - 1n) / S7;
    const donation = (halfBid * 7_550_000n + S7 - 1n) / S7;
    const lpBefore = w.lp.get('U1')!;
    const tokensBefore = poolBalanceOf(w.backstops.get('backstop')!, 'P0').tokens;
    const sharesBefore = poolBalanceOf(w.backstops.get('backstop')!, 'P0').shares;
    const o = fill(w, 50n);
    expect(o.ok).toBe(true);
    expect(w.lp.get('U1')).toBe(lpBefore - donation);
    expect(poolBalanceOf(w.backstops.get('backstop')!, 'P0').tokens).toBe(tokensBefore + donation);
    expect(poolBalanceOf(w.backstops.get('backstop')!, 'P0').shares).toBe(sharesBefore);
    const halfLot = (credit * 50n * 100_000n) / S7;
    expect(pool.reserves[0]!.backstopCredit).toBe(credit - halfLot);
    const rest = pool.auctions.get(auctionKey(2, 'backstop'))!;
    expect(rest.bid.get(w.emitter.backstopToken)).toBe(bid - halfBid);
    expect(rest.lot.get('P0.asset0')).toBe(credit - halfLot);
    // the rest, filled whole, deletes the auction
    expect(fill(w, 100n).ok).toBe(true);
    expect(pool.auctions.size).toBe(0);
    expect(pool.reserves[0]!.backstopCredit).toBe(0n);
  });

  it('refuses the backstop as filler, a type it does not know, and a lot without credit; rolls back', () => {
    const { w } = setUp();
    const bad = create(w, { auctionType: 3 });
    expect(bad.ok ? 0 : bad.error.code).toBe(1200);
    const noCredit = create(w, { lot: ['P0.asset1'] });
    expect(noCredit.ok ? 0 : noCredit.error.code).toBe(1222);
    expect(w.pools.get('P0')!.auctions.size).toBe(0);
    expect(create(w).ok).toBe(true);
    apply(w, { fn: 'advance_blocks', blocks: 10n });
    const self = fill(w, 100n, 'backstop');
    expect(self.ok ? 0 : self.error.code).toBe(1211);
    const zero = fill(w, 0n);
    expect(zero.ok ? 0 : zero.error.code).toBe(1200);
    expect(w.pools.get('P0')!.auctions.size).toBe(1);
  });
});
