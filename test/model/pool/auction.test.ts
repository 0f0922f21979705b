/**
 * model/pool/auction.ts against the golden values of blend-contracts-v2 @ ba22b48's Rust unit tests:
 * pool/src/auctions/auction.rs `test_scale_auction_100_fill_pct`, `test_scale_auction_not_100_fill_pct`,
 * `test_scale_auction_dust`, `test_scale_auction_fill_percentage_zero` / `_over_100`;
 * pool/src/auctions/backstop_interest_auction.rs `test_create_interest_auction` (and its error
 * tests: `_already_in_progress` 1212, `_user_not_backstop` / `_percent_not_100` 1200,
 * `_under_threshold` 1215, `_invalid_bid` 1221, `_invalid_lot_empty` 1222, `_checks_max_positions`
 * 1208), `test_fill_interest_auction`; and the block modifiers' kink (200 blocks) and floor (400).
 */
import { describe, expect, it } from 'vitest';
import {
  auctionModifiers,
  createInterestAuctionData,
  fillInterestAuction,
  scaleAuction,
  type AuctionData,
  type InterestAuctionInput,
} from '../../../model/pool/auction.ts';
import { ContractError } from '../../../model/errors.ts';
import { perLp } from '../../../model/comet.ts';
import { LP_USDC_WEIGHT_INVERSE } from '../../../spec/constants.ts';
import { HostError, PoolError } from '../../../spec/errors.ts';

const S7 = 10_000_000n;
const auction = (bid: bigint, lot: bigint, block = 1000n): AuctionData => ({
  bid: new Map([['u0', bid]]),
  lot: new Map([['u1', lot]]),
  block,
});
const codeOf = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ContractError) return e.code;
    throw e;
  }
  return undefined;
};

describe('auctionModifiers (scale_auction block modifiers)', () => {
  it('raises the lot 0.5% a block to the kink at 200, then lowers the bid to 0 at 400', () => {
    expect(auctionModifiers(0n)).toEqual({ lot: 0n, bid: S7 });
    expect(auctionModifiers(1n)).toEqual({ lot: 50_000n, bid: S7 });
    expect(auctionModifiers(199n)).toEqual({ lot: 9_950_000n, bid: S7 });
    expect(auctionModifiers(200n)).toEqual({ lot: S7, bid: S7 });
    expect(auctionModifiers(201n)).toEqual({ lot: S7, bid: 9_950_000n });
    expect(auctionModifiers(399n)).toEqual({ lot: S7, bid: 50_000n });
    expect(auctionModifiers(400n)).toEqual({ lot: S7, bid: 0n });
    expect(auctionModifiers(10_000n)).toEqual({ lot: S7, bid: 0n });
  });
});

describe('scaleAuction (test_scale_auction_*)', () => {
  it('100% fills at 0, 100, 200, 300, 400 blocks', () => {
    const a = auction(100_0000000n, 100_0000000n);
    const at = (seq: bigint) => scaleAuction(a, 100n, seq);
    expect(at(1000n).toFill.bid.get('u0')).toBe(100_0000000n);
    expect(at(1000n).toFill.lot.size).toBe(0);
    expect(at(1000n).remaining).toBeUndefined();
    expect(at(1100n).toFill.lot.get('u1')).toBe(50_0000000n);
    expect(at(1100n).toFill.bid.get('u0')).toBe(100_0000000n);
    expect(at(1200n).toFill.lot.get('u1')).toBe(100_0000000n);
    expect(at(1200n).toFill.bid.get('u0')).toBe(100_0000000n);
    expect(at(1300n).toFill.bid.get('u0')).toBe(50_0000000n);
    expect(at(1300n).toFill.lot.get('u1')).toBe(100_0000000n);
    expect(at(1400n).toFill.bid.size).toBe(0);
    expect(at(1400n).toFill.lot.get('u1')).toBe(100_0000000n);
    expect(at(1400n).remaining).toBeUndefined();
  });

  it('partial fills: bids round up, lots down, the remainder exact', () => {
    const a = auction(25_0000005n, 25_0000005n);
    let s = scaleAuction(a, 50n, 1000n);
    expect(s.toFill.bid.get('u0')).toBe(12_5000003n);
    expect(s.toFill.lot.size).toBe(0);
    expect(s.remaining?.bid.get('u0')).toBe(12_5000002n);
    expect(s.remaining?.lot.get('u1')).toBe(12_5000003n);
    s = scaleAuction(a, 60n, 1100n);
    expect(s.toFill.bid.get('u0')).toBe(15_0000003n);
    expect(s.toFill.lot.get('u1')).toBe(7_5000001n);
    expect(s.remaining?.bid.get('u0')).toBe(10_0000002n);
    expect(s.remaining?.lot.get('u1')).toBe(10_0000002n);
    s = scaleAuction(a, 60n, 1300n);
    expect(s.toFill.bid.get('u0')).toBe(7_5000002n);
    expect(s.toFill.lot.get('u1')).toBe(15_0000003n);
    expect(s.remaining?.bid.get('u0')).toBe(10_0000002n);
    expect(s.remaining?.lot.get('u1')).toBe(10_0000002n);
    s = scaleAuction(a, 50n, 1400n);
    expect(s.toFill.bid.size).toBe(0);
    expect(s.toFill.lot.get('u1')).toBe(12_5000002n);
    expect(s.remaining?.bid.get('u0')).toBe(12_5000002n);
    expect(s.remaining?.lot.get('u1')).toBe(12_5000003n);
    expect(s.remaining?.block).toBe(1000n);
  });

  it('dust: one stroop each side', () => {
    const a = auction(1n, 1n);
    const check = (pct: bigint, seq: bigint, bid: bigint | undefined, lot: bigint | undefined, restLot: bigint | undefined) => {
      const s = scaleAuction(a, pct, seq);
      expect(s.toFill.bid.get('u0')).toBe(bid);
      expect(s.toFill.lot.get('u1')).toBe(lot);
      expect(s.remaining?.bid.size ?? 0).toBe(0);
      expect(s.remaining?.lot.get('u1')).toBe(restLot);
    };
    check(99n, 1000n, 1n, undefined, 1n);
    check(100n, 1100n, 1n, undefined, undefined);
    check(99n, 1100n, 1n, undefined, 1n);
    check(99n, 1200n, 1n, undefined, 1n);
    check(100n, 1300n, 1n, 1n, undefined);
    check(99n, 1300n, 1n, undefined, 1n);
    check(99n, 1399n, 1n, undefined, 1n);
    check(99n, 1400n, undefined, undefined, 1n);
    check(100n, 1400n, undefined, 1n, undefined);
  });

  it('refuses 0% and 101% (BadRequest 1200); a fill before the auction block is a host panic', () => {
    const a = auction(25_0000005n, 25_0000005n);
    expect(codeOf(() => scaleAuction(a, 0n, 1000n))).toBe(PoolError.BadRequest.code);
    expect(codeOf(() => scaleAuction(a, 101n, 1000n))).toBe(PoolError.BadRequest.code);
    expect(codeOf(() => scaleAuction(a, 100n, 999n))).toBe(HostError.Panic.code);
  });
});

// test_create_interest_auction: credits 100 (price 2.0) and 25 (price 4.0), 7-decimal oracle, the
// testutils Comet (1000 BLND, 25 USDC, 100 LP: token_spot_price 0.25 x 5 = 1.25)
const SPOT = perLp({ balance: 25_0000000n, weight: 0n, scalar: S7 }, 100_0000000n) * LP_USDC_WEIGHT_INVERSE.value;
const INPUT: InterestAuctionInput = {
  user: 'backstop',
  backstop: 'backstop',
  percent: 100n,
  inProgress: false,
  maxPositions: 4n,
  lot: [
    { asset: 'u0', scalar: S7, backstopCredit: 100_0000000n, price: 2_0000000n },
    { asset: 'u1', scalar: S7, backstopCredit: 25_0000000n, price: 4_0000000n },
  ],
  bid: ['lp'],
  backstopToken: 'lp',
  tokenSpotPrice: SPOT,
  oracleScalar: S7,
  sequence: 50n,
};

describe('createInterestAuctionData (test_create_interest_auction*)', () => {
  it('the golden auction: block 51, bid 288 LP, lot the two credits', () => {
    expect(SPOT).toBe(1_2500000n);
    const a = createInterestAuctionData(INPUT);
    expect(a.block).toBe(51n);
    expect([...a.bid]).toEqual([['lp', 288_0000000n]]);
    expect([...a.lot]).toEqual([
      ['u0', 100_0000000n],
      ['u1', 25_0000000n],
    ]);
  });

  it('leaves a reserve with no credit out of the lot', () => {
    const a = createInterestAuctionData({ ...INPUT, lot: [...INPUT.lot, { asset: 'u2', scalar: S7, backstopCredit: 0n, price: S7 }] });
    expect(a.lot.has('u2')).toBe(false);
  });

  it('the error tests, each code', () => {
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, inProgress: true }))).toBe(1212);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, user: 'someone' }))).toBe(1200);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, percent: 99n }))).toBe(1200);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, bid: ['lp', 'lp'] }))).toBe(1200);
    // test_create_interest_auction_under_threshold: 10 at 2.0 + 2.5 at 4.0 = 30 < 200
    const under = INPUT.lot.map((r) => ({ ...r, backstopCredit: r.backstopCredit / 10n }));
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, lot: under }))).toBe(1215);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, bid: ['u0'] }))).toBe(1221);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, lot: INPUT.lot.map((r) => ({ ...r, backstopCredit: 0n })) }))).toBe(1222);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, maxPositions: 2n }))).toBe(1208);
  });

  it('the 200-unit threshold is inclusive, to the stroop', () => {
    const lot = (credit: bigint) => [{ asset: 'u0', scalar: S7, backstopCredit: credit, price: S7 }];
    expect(createInterestAuctionData({ ...INPUT, lot: lot(200_0000000n) }).bid.get('lp')).toBe(192_0000000n);
    expect(codeOf(() => createInterestAuctionData({ ...INPUT, lot: lot(199_9999999n) }))).toBe(1215);
  });
});

describe('fillInterestAuction (test_fill_interest_auction)', () => {
  const a: AuctionData = {
    bid: new Map([['lp', 75_0000000n]]),
    lot: new Map([
      ['u0', 100_0000000n],
      ['u1', 25_0000000n],
    ]),
    block: 51n,
  };

  it('a full fill at block 301 (250 blocks): the whole lot, the bid scaled to 75%', () => {
    // the Rust test fills the stored auction's data directly (no scaling); through `fill` at 301
    // the modifiers are lot 100%, bid 100% - 50 x 0.5% = 75%
    const { fill, remaining } = fillInterestAuction(a, 'backstop', 'samwise', 'backstop', 'lp', 100n, 301n);
    expect(fill.donation).toBe(56_2500000n);
    expect([...fill.lot]).toEqual([
      ['u0', 100_0000000n],
      ['u1', 25_0000000n],
    ]);
    expect(remaining).toBeUndefined();
  });

  it('at the kink (251 = block + 200) the filler pays the whole bid for the whole lot', () => {
    const { fill } = fillInterestAuction(a, 'backstop', 'samwise', 'backstop', 'lp', 100n, 251n);
    expect(fill.donation).toBe(75_0000000n);
    expect(fill.lot.get('u0')).toBe(100_0000000n);
    const before = fillInterestAuction(a, 'backstop', 'samwise', 'backstop', 'lp', 100n, 250n).fill;
    expect(before.donation).toBe(75_0000000n);
    expect(before.lot.get('u0')).toBe(99_5000000n);
  });

  it('refuses the backstop as filler (1211: it is the auctioned user)', () => {
    expect(codeOf(() => fillInterestAuction(a, 'backstop', 'backstop', 'backstop', 'lp', 100n, 301n))).toBe(1211);
  });
});
