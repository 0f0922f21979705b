/**
 * The interest auction end to end (issue 19's auction survivors: `scale_auction`, `new_auction`, the
 * backstop's token_spot_price): a user holding nothing in a pool supplies collateral in the enabled
 * reserve of the highest r_one and borrows a quarter of it; the time advances until the reserve's
 * backstop credit is worth the interest auction's 200-unit minimum (read off the model's
 * `loadReserve`, waits doubling from a day); `new_auction(2, backstop, [backstop token], [every
 * reserve], 100)` creates the auction at the next block; then fills by the user at the block
 * boundaries of `scale_auction`'s modifiers, in pairs: 0 blocks (no lot), 200 and 201 (the lot's
 * kink), 399 and 400 (the bid's floor; the last fill takes what remains), each donating the scaled
 * bid (LP) to the pool's backstop: its backstop tokens, the emission side. Then the user repays and
 * withdraws everything. Blocks move by `advance_blocks` (docs/architecture.md, "Auctions"). A user
 * seed with bit 8 set asks for the high chain: a borrow of 2^74 units and a wait until the credit is
 * 2^71 units or more, then fills of 25%, 50% and the rest at 400 blocks, so that a fill's share of
 * the lot and of the bid has a high half (`scale_auction`'s i128 `amount - to_fill_base`).
 *
 * Asked for by a repay command's reserve seed (src/commands/pool.ts `Submit`), bits 16-18 = 4 (7 is
 * the supply-edge chain's, 6 the interest-edge chain's, 5 the emission-credit chain's), only where bits 14-15 do not ask for a
 * utilisation chain, and only in a world with a disabled reserve (the world option `secondReserve`,
 * `mutate`'s default for the pool): the default world's streams stay as they were; in that world
 * such a repay, a plain repay before, is now this chain (a change of its streams).
 * Units: amounts in the reserve's units; seconds; blocks.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import { loadReserve, toAssetFromB, toAssetFromD, type ReserveData } from '../../model/pool/reserve.ts';
import { auctionKey, type PoolState, type World } from '../../model/state.ts';
import { AUCTION_TYPE_ID } from '../../spec/actions.ts';
import {
  AUCTION_BID_ZERO_BLOCKS,
  AUCTION_LOT_FULL_BLOCKS,
  AUCTION_START_DELAY_BLOCKS,
  INTEREST_AUCTION_MIN_VALUE,
  SECONDS_PER_DAY,
} from '../../spec/constants.ts';
import { freePoolUser, submitsOf } from './base.ts';
import { HIGH } from './pool-high.ts';
import { PoolUserChain } from './scenario.ts';
import { asksFor } from './chain-seeds.ts';
import { backstopTokenOf } from '../../model/pool/auction.ts';

/** The borrow, in whole units of the reserve, and the collateral, this many times it. */
const BORROW_UNITS = 10_000n;
/**
 * A user seed with this bit set asks for the high chain: a borrow of 2^74 units, waited on until the
 * credit is 2^71 units or more (so the bid, at an LP token worth some 26 units, is past 2^66 too).
 */
const HIGH_BIT = 1 << 8;
const HIGH_BORROW = HIGH * 1024n;
const HIGH_CREDIT = HIGH * 128n;
/** The high chain's fills, all at 400 blocks (the bid 0: the filler pays no LP, which it lacks at these sizes), the last taking the rest. */
const HIGH_FILLS = [25n, 50n, 100n] as const;
const COLLATERAL_TIMES = 4n;
/** Waits tried: a day, doubling, this many times (a day to ~11 years). */
const WAITS = 12;
/** The fill percentages at 0, 200, 201 and 399 blocks (the fill at 400 takes what remains). */
const FILLS = [10n, 25n, 25n, 25n] as const;

/** Whether a repay with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the interest-auction chain: bits 16-18 = 4, and no utilisation chain. */
export const interestAuctionOf = (request: RequestType, seed: number): boolean => asksFor('interest-auction', request, seed);

/** The index of `p`'s enabled reserve of the highest r_one (the first of them), -1 without one. */
function steepestEnabled(p: PoolState): number {
  let i = -1;
  p.reserves.forEach((r, j) => {
    if (r.enabled && (i < 0 || r.config.rOne > p.reserves[i]!.config.rOne)) i = j;
  });
  return i;
}

/** The chain (see the file's comment); `describe` names it in a counterexample. */
export class InterestAuctionChain extends PoolUserChain {
  describe(): string {
    return 'scenario.pool_interest_auction()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => interestAuctionChain(w, this);
}

function* interestAuctionChain(w: World, c: InterestAuctionChain): Generator<Action, void, undefined> {
  const start = freePoolUser(
    w,
    c.poolSeed,
    c.userSeed,
    (p) => steepestEnabled(p) >= 0 && !p.auctions.has(auctionKey(AUCTION_TYPE_ID.interest, p.backstop)),
  );
  if (start === undefined) return;
  const { pool, p, user } = start;
  const i = steepestEnabled(p);
  const r = p.reserves[i]!;
  const submit = submitsOf(pool, user, i);
  const dataAt = (): ReserveData => loadReserve(p.reserves[i]!, p.bstopRate, w.now);
  // the high chain: a credit, so a lot, and a bid past 2^64 (the i128 subtractions' high halves of scale_auction)
  const high = (c.userSeed & HIGH_BIT) !== 0;
  const borrow = high ? HIGH_BORROW : BORROW_UNITS * r.scalar;
  function* giveBack(): Generator<Action, void, undefined> {
    const owed = p.positions.get(user)?.liabilities.get(i) ?? 0n;
    if (owed > 0n) yield submit('repay', 2n * toAssetFromD(dataAt(), owed));
    const left = p.positions.get(user)?.collateral.get(i) ?? 0n;
    if (left > 0n) yield submit('withdraw', 2n * toAssetFromB(dataAt(), left));
  }
  yield submit('supply', COLLATERAL_TIMES * borrow);
  yield submit('borrow', borrow);
  // the wait after which the credit is worth the minimum (the oracle prices every asset at 1.0)
  const need = high ? HIGH_CREDIT : INTEREST_AUCTION_MIN_VALUE.value * r.scalar;
  let wait: bigint | undefined;
  for (let k = 0, s = SECONDS_PER_DAY; k < WAITS && wait === undefined; k++, s *= 2n) {
    try {
      if (loadReserve(p.reserves[i]!, p.bstopRate, w.now + s).backstopCredit >= need) wait = s;
    } catch {
      break;
    }
  }
  if (wait !== undefined) {
    yield { fn: 'advance_time', seconds: wait };
    yield {
      fn: 'pool.new_auction',
      pool,
      auctionType: AUCTION_TYPE_ID.interest,
      user: p.backstop,
      bid: [backstopTokenOf(p.backstop)],
      lot: p.reserves.map((x) => x.asset),
      percent: 100n,
    };
    const fill = (percent: bigint): Action => ({
      fn: 'pool.fill_auction',
      pool,
      from: user,
      auctionType: AUCTION_TYPE_ID.interest,
      user: p.backstop,
      percent,
    });
    const blocks = (n: bigint): Action => ({ fn: 'advance_blocks', blocks: n });
    const delay = AUCTION_START_DELAY_BLOCKS.value;
    const kink = AUCTION_LOT_FULL_BLOCKS.value;
    const floor = AUCTION_BID_ZERO_BLOCKS.value;
    if (high) {
      // block_dif 400: each fill's share of the lot and of the bid past 2^64, the bid scaled to 0
      yield blocks(delay + floor);
      for (const pct of HIGH_FILLS) yield fill(pct);
      return yield* giveBack();
    }
    // block_dif 0, then 200 and 201, then 399 and 400
    yield blocks(delay);
    yield fill(FILLS[0]);
    yield blocks(kink);
    yield fill(FILLS[1]);
    yield blocks(1n);
    yield fill(FILLS[2]);
    yield blocks(floor - kink - 2n);
    yield fill(FILLS[3]);
    yield blocks(1n);
    yield fill(100n);
  }
  yield* giveBack();
}
