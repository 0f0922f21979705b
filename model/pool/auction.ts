/**
 * The pool's auctions: the auction data, its scaling by fill percentage and by blocks passed, and
 * the interest auction (create and fill). Pure functions over their inputs; the world's wiring
 * (the auctions stored per pool, the ledger sequence, the donation to the backstop) is the caller's.
 * Source: blend-contracts-v2 @ ba22b48 pool/src/auctions/auction.rs (`AuctionData`, `fill`,
 * `scale_auction`, `require_unique_addresses`), pool/src/auctions/backstop_interest_auction.rs
 * (`create_interest_auction_data`, `fill_interest_auction`). Design: docs/architecture.md, "Auctions".
 */
import {
  AUCTION_BID_ZERO_BLOCKS,
  AUCTION_LOT_FULL_BLOCKS,
  AUCTION_PER_BLOCK_SCALAR,
  AUCTION_PERCENT_MAX,
  AUCTION_PERCENT_SCALAR,
  AUCTION_START_DELAY_BLOCKS,
  INTEREST_AUCTION_BID_PREMIUM,
  INTEREST_AUCTION_MIN_VALUE,
  MAX_POSITIONS_CAP,
  MAX_POSITIONS_PER_RESERVE,
  ORACLE_DECIMALS,
  ORACLE_PRICE,
  SCALAR_7,
} from '../../spec/constants.ts';
import { AUCTION_TYPE_ID } from '../../spec/actions.ts';
import { HostError, PoolError } from '../../spec/errors.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { loadPoolBackstopData } from '../backstop/reward-zone.ts';
import { donate } from '../backstop/funds.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, fixedDivFloor, fixedMulCeil, fixedMulFloor, min, mul, sub, u32 } from '../math.ts';
import { auctionKey, sequenceOf, type Address, type AuctionData, type PoolState, type ReserveState } from '../state.ts';
import { loadReserve } from './reserve.ts';

export type { AuctionData } from '../state.ts';

const S7 = SCALAR_7.value;

/** The lot and bid modifiers (7-decimal fixed point) `blockDif` blocks after the auction's block. */
export interface AuctionModifiers {
  readonly lot: bigint;
  readonly bid: bigint;
}

/**
 * `scale_auction`'s block modifiers: up to 200 blocks the lot is blockDif x 0.5% and the bid 100%;
 * from 201 to 399 the lot is 100% and the bid 100% - (blockDif - 200) x 0.5%; from 400 the bid is 0.
 */
export function auctionModifiers(blockDif: bigint): AuctionModifiers {
  const perBlock = AUCTION_PER_BLOCK_SCALAR.value;
  const kink = AUCTION_LOT_FULL_BLOCKS.value;
  if (blockDif > kink) {
    if (blockDif < AUCTION_BID_ZERO_BLOCKS.value) return { lot: S7, bid: sub(S7, mul(sub(blockDif, kink), perBlock)) };
    return { lot: S7, bid: 0n };
  }
  return { lot: mul(blockDif, perBlock), bid: S7 };
}

/** The part of an auction a fill takes, and what stays stored (undefined: the auction is deleted). */
export interface ScaledAuction {
  readonly toFill: AuctionData;
  readonly remaining: AuctionData | undefined;
}

/**
 * `scale_auction(auction, percent_filled)` at ledger `sequence`: the filled part of each bid
 * rounds up (percentage, then block modifier), of each lot down; the remainder is exact.
 * `percentFilled` is a whole percentage (u64). Errors: BadRequest (1200) for 0 or more than 100;
 * a sequence before the auction's block is a u32 underflow (`e.ledger().sequence() - block`), a
 * host panic (WasmVm): a fill in the ledger that created the auction.
 */
export function scaleAuction(auction: AuctionData, percentFilled: bigint, sequence: bigint): ScaledAuction {
  if (percentFilled > AUCTION_PERCENT_MAX.value || percentFilled === 0n) panicWithError(PoolError.BadRequest, `fill of ${percentFilled}%`);
  const mods = auctionModifiers(u32(sequence - auction.block, 'sequence before the auction block'));
  const pct = mul(percentFilled, AUCTION_PERCENT_SCALAR.value);
  const fillBid = new Map<Address, bigint>();
  const fillLot = new Map<Address, bigint>();
  const restBid = new Map<Address, bigint>();
  const restLot = new Map<Address, bigint>();
  for (const [asset, amount] of auction.bid) {
    const base = fixedMulCeil(amount, pct, S7);
    const rest = sub(amount, base);
    if (rest > 0n) restBid.set(asset, rest);
    const scaled = fixedMulCeil(base, mods.bid, S7);
    if (scaled > 0n) fillBid.set(asset, scaled);
  }
  for (const [asset, amount] of auction.lot) {
    const base = fixedMulFloor(amount, pct, S7);
    const rest = sub(amount, base);
    if (rest > 0n) restLot.set(asset, rest);
    const scaled = fixedMulFloor(base, mods.lot, S7);
    if (scaled > 0n) fillLot.set(asset, scaled);
  }
  const toFill = { bid: fillBid, lot: fillLot, block: auction.block };
  if (restBid.size === 0 && restLot.size === 0) return { toFill, remaining: undefined };
  return { toFill, remaining: { bid: restBid, lot: restLot, block: auction.block } };
}

/** `require_unique_addresses`. Errors: BadRequest (1200) on a repeated address. */
export function requireUniqueAddresses(list: readonly Address[]): void {
  if (new Set(list).size !== list.length) panicWithError(PoolError.BadRequest, 'repeated address');
}

/** A lot reserve as `create_interest_auction_data` reads it: accrued to now (not stored), its price. */
export interface InterestLotReserve {
  readonly asset: Address;
  /** 10^decimals of the reserve. */
  readonly scalar: bigint;
  /** The reserve's backstop credit after accrual, in its units. */
  readonly backstopCredit: bigint;
  /** The oracle's price of the asset, in the oracle's decimals. */
  readonly price: bigint;
}

/** The inputs of `new_auction(2, user, bid, lot, percent)` for an interest auction. */
export interface InterestAuctionInput {
  readonly user: Address;
  readonly backstop: Address;
  readonly percent: bigint;
  /** Whether an interest auction is already stored for the backstop. */
  readonly inProgress: boolean;
  readonly maxPositions: bigint;
  /** The lot reserves, in the order `lot` names them (each must exist: the caller panics otherwise). */
  readonly lot: readonly InterestLotReserve[];
  readonly bid: readonly Address[];
  readonly backstopToken: Address;
  /** The backstop's `pool_data(pool).token_spot_price` (7-decimal fixed point, USDC per LP token). */
  readonly tokenSpotPrice: bigint;
  /** 10^(the oracle's decimals). */
  readonly oracleScalar: bigint;
  /** The ledger sequence of the creating call. */
  readonly sequence: bigint;
}

/**
 * `create_interest_auction_data`: the lot is every listed reserve's positive backstop credit; the
 * bid is 120% of the lot's value in backstop LP tokens, floor(floor(value x 1.2) / token_spot_price).
 * Errors, in the contract's order: BadRequest (1200) for a repeated bid or lot address, a user
 * other than the backstop, or a percent other than 100; AuctionInProgress (1212);
 * MaxPositionsExceeded (1208) when max_positions <= lot length; InvalidLot (1222) when no listed
 * reserve has positive credit; InterestTooSmall (1215) under 200 base units; InvalidBid (1221)
 * unless the bid is exactly the backstop token.
 */
export function createInterestAuctionData(input: InterestAuctionInput): AuctionData {
  requireUniqueAddresses(input.bid);
  requireUniqueAddresses(input.lot.map((r) => r.asset));
  if (input.user !== input.backstop) panicWithError(PoolError.BadRequest, 'interest auction user is not the backstop');
  if (input.percent !== AUCTION_PERCENT_MAX.value) panicWithError(PoolError.BadRequest, 'interest auction percent is not 100');
  if (input.inProgress) panicWithError(PoolError.AuctionInProgress);
  if (input.maxPositions <= BigInt(input.lot.length)) panicWithError(PoolError.MaxPositionsExceeded, 'lot too long');
  const lot = new Map<Address, bigint>();
  let value = 0n;
  for (const r of input.lot) {
    if (r.backstopCredit > 0n) {
      value = add(value, fixedMulFloor(r.price, r.backstopCredit, r.scalar));
      lot.set(r.asset, r.backstopCredit);
    }
  }
  if (lot.size === 0) panicWithError(PoolError.InvalidLot, 'no backstop credit');
  if (value < mul(INTEREST_AUCTION_MIN_VALUE.value, input.oracleScalar))
    panicWithError(PoolError.InterestTooSmall, `interest value ${value}`);
  if (input.bid.length !== 1 || input.bid[0] !== input.backstopToken) panicWithError(PoolError.InvalidBid, 'bid is not the backstop token');
  const bidAmount = fixedDivFloor(fixedMulFloor(value, INTEREST_AUCTION_BID_PREMIUM.value, input.oracleScalar), input.tokenSpotPrice, S7);
  return {
    bid: new Map([[input.backstopToken, bidAmount]]),
    lot,
    block: add(input.sequence, AUCTION_START_DELAY_BLOCKS.value),
  };
}

/** What an interest auction fill does: the filler's donation to the pool's backstop and each reserve's credit paid out. */
export interface InterestFill {
  /** Backstop LP tokens (stroops) the filler donates to the pool's backstop (0: no donate call). */
  readonly donation: bigint;
  /** Per lot asset, the underlying the pool sends the filler and takes off the reserve's backstop credit. */
  readonly lot: ReadonlyMap<Address, bigint>;
}

/**
 * `fill` of an interest auction for `percentFilled` at ledger `sequence`, then
 * `fill_interest_auction`. Errors: InvalidLiquidation (1211) when the filler is the auctioned user
 * (the backstop); a missing auction is the caller's (the contract's `get_auction` unwrap, a host
 * panic); scaleAuction's; BadRequest (1200) when the filler is the backstop.
 */
export function fillInterestAuction(
  auction: AuctionData,
  user: Address,
  filler: Address,
  backstop: Address,
  backstopToken: Address,
  percentFilled: bigint,
  sequence: bigint,
): { fill: InterestFill; remaining: AuctionData | undefined } {
  if (user === filler) panicWithError(PoolError.InvalidLiquidation, 'filler is the auctioned user');
  const { toFill, remaining } = scaleAuction(auction, percentFilled, sequence);
  if (filler === backstop) panicWithError(PoolError.BadRequest, 'the backstop fills its own interest auction');
  return { fill: { donation: toFill.bid.get(backstopToken) ?? 0n, lot: toFill.lot }, remaining };
}

/** The generated pools' `max_positions`: 2 per enabled reserve, at most 60 (spec/constants.ts MAX_POSITIONS_PER_RESERVE). */
export const maxPositionsOf = (pool: PoolState): bigint =>
  min(mul(BigInt(pool.reserves.filter((r) => r.enabled).length), MAX_POSITIONS_PER_RESERVE.value), MAX_POSITIONS_CAP.value);

/** The backstop token a backstop names (`backstop_token()`): the genesis's current or next one. */
export const backstopTokenOf = (backstop: Address): Address =>
  backstop === GENESIS.names.nextBackstop ? GENESIS.names.nextBackstopToken : GENESIS.names.backstopToken;

function reserveOf(pool: PoolState, asset: Address): ReserveState {
  const r = pool.reserves.find((x) => x.asset === asset);
  // `storage::get_res_config(..).unwrap_optimized()`: a host panic
  if (r === undefined) panicWithError(HostError.Panic, `no reserve ${asset}`);
  return r;
}

/**
 * `new_auction(auction_type, user, bid, lot, percent)` on `pool` at the world's sequence: stores the
 * auction. Only the interest auction (2) is modelled; a type the contract does not know (3 or
 * more) is BadRequest (1200) after the address checks. The lot reserves are read accrued to now
 * and not stored; prices are the flat oracle's (ORACLE_PRICE, ORACLE_DECIMALS); the bid's
 * token_spot_price is the pool's backstop's `pool_data`. Errors: createInterestAuctionData's.
 * Source: pool/src/contract.rs `new_auction`; pool/src/auctions/auction.rs `create_auction`.
 */
export function newAuction(
  ctx: Ctx,
  pool: PoolState,
  auctionType: number,
  user: Address,
  bid: readonly Address[],
  lot: readonly Address[],
  percent: bigint,
): void {
  requireUniqueAddresses(bid);
  requireUniqueAddresses(lot);
  if (auctionType !== AUCTION_TYPE_ID.interest) {
    if (auctionType > AUCTION_TYPE_ID.interest || auctionType < 0) panicWithError(PoolError.BadRequest, `auction type ${auctionType}`);
    throw new Error(`model: auction type ${auctionType} is not modelled (only the interest auction, 2)`);
  }
  const bs = ctx.w.backstops.get(pool.backstop);
  if (bs === undefined) throw new Error(`model: no backstop ${pool.backstop}`);
  const data = createInterestAuctionData({
    user,
    backstop: pool.backstop,
    percent,
    inProgress: pool.auctions.has(auctionKey(auctionType, pool.backstop)),
    maxPositions: maxPositionsOf(pool),
    lot: lot.map((asset) => {
      const r = reserveOf(pool, asset);
      return {
        asset,
        scalar: r.scalar,
        backstopCredit: loadReserve(r, pool.bstopRate, ctx.w.now).backstopCredit,
        price: ORACLE_PRICE.value,
      };
    }),
    bid,
    backstopToken: backstopTokenOf(pool.backstop),
    tokenSpotPrice: loadPoolBackstopData(ctx, bs, pool.address).tokenSpotPrice,
    oracleScalar: 10n ** ORACLE_DECIMALS.value,
    sequence: sequenceOf(ctx.w),
  });
  ctx.tx.set(pool.auctions, auctionKey(auctionType, pool.backstop), data);
}

/**
 * `submit(from, from, from, [Request { request_type: 6 + auction_type, address: user, amount:
 * percent }])` for an interest auction (8): fills `percent` of the pool's interest auction at the
 * world's sequence. The filler donates the scaled bid (backstop LP tokens) to the pool's backstop
 * (model/backstop/funds.ts `donate`: the pool's backstop tokens, no shares); each lot reserve is
 * loaded accrued to now, its backstop credit lowered by the scaled lot, and stored; what remains of
 * the auction is stored, or the auction deleted. The underlying paid out is not modelled (the model
 * keeps no reserve token wallets). Errors, in the contract's order: the profile's `negativeRequest`
 * (NegativeAmountError, 8) for a negative percent; InvalidLiquidation (1211) when `from` is the
 * user; a host panic when no such auction is stored (`get_auction` unwrap); scaleAuction's;
 * BadRequest (1200) for the backstop as filler; donate's. Returns the LP tokens donated (the
 * protocol's reply is null, as `submit`'s Positions are not compared).
 * Source: pool/src/pool/actions.rs `build_actions_from_request`; pool/src/auctions/auction.rs
 * `fill`; pool/src/auctions/backstop_interest_auction.rs `fill_interest_auction`.
 */
export function fillAuction(ctx: Ctx, pool: PoolState, from: Address, auctionType: number, user: Address, percent: bigint): bigint {
  const negative = ctx.p.errors.negativeRequest;
  if (negative !== null && percent < 0n) panicWithError(negative, `request amount ${percent}`);
  if (auctionType !== AUCTION_TYPE_ID.interest) throw new Error(`model: the fill of auction type ${auctionType} is not modelled`);
  if (user === from) panicWithError(PoolError.InvalidLiquidation, 'filler is the auctioned user');
  const key = auctionKey(auctionType, user);
  const auction = pool.auctions.get(key);
  if (auction === undefined) panicWithError(HostError.Panic, 'no such auction (get_auction unwrap)');
  // `request.amount as u64`
  const { fill, remaining } = fillInterestAuction(
    auction,
    user,
    from,
    pool.backstop,
    backstopTokenOf(pool.backstop),
    BigInt.asUintN(64, percent),
    sequenceOf(ctx.w),
  );
  const bs = ctx.w.backstops.get(pool.backstop);
  if (bs === undefined) throw new Error(`model: no backstop ${pool.backstop}`);
  if (fill.donation > 0n) donate(ctx, bs, from, pool.address, fill.donation);
  for (const [asset, amount] of fill.lot) {
    const r = reserveOf(pool, asset);
    const d = loadReserve(r, pool.bstopRate, ctx.w.now);
    ctx.tx.put(r, 'bRate', d.bRate);
    ctx.tx.put(r, 'dRate', d.dRate);
    ctx.tx.put(r, 'irMod', d.irMod);
    ctx.tx.put(r, 'backstopCredit', sub(d.backstopCredit, amount));
    ctx.tx.put(r, 'lastTime', d.lastTime);
  }
  if (remaining === undefined) ctx.tx.del(pool.auctions, key);
  else ctx.tx.set(pool.auctions, key, remaining);
  return fill.donation;
}
