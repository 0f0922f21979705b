/**
 * Lenders' and borrowers' positions: b tokens posted as collateral, b tokens supplied without
 * collateral (`supply`; emissions count both, the health factor only the collateral) and d tokens
 * (liabilities) per reserve, with the reserve's interest accrued and its emissions updated before
 * every change.
 * Source: blend-contracts-v2 @ ba22b48 pool/src/pool/actions.rs `build_actions_from_request`,
 * `apply_supply`, `apply_withdraw`, `apply_supply_collateral`, `apply_withdraw_collateral`,
 * `apply_borrow`, `apply_repay`; pool/src/pool/submit.rs `validate_submit`; pool/src/pool/user.rs
 * `add_supply`, `remove_supply`, `add_collateral`, `remove_collateral`, `add_liabilities`,
 * `remove_liabilities`, `get_total_supply`; pool/src/pool/health_factor.rs `PositionData` (each
 * asset at the world oracle's price, `loadPrice`: 1.0 until `set_oracle_price` moves it).
 * The pool status (model/pool/status.ts) refuses borrows on ice and supplies (of either kind) when
 * frozen. Not modelled: the maximum number of positions (the generated pools' 2 x enabled
 * reserves, which one user's collateral and liabilities in every enabled reserve meet but cannot
 * exceed: a disabled reserve takes neither; uncollateralised supply does not count).
 */
import { MIN_HEALTH_FACTOR, ORACLE_MAX_PRICE_AGE, ORACLE_PRICE, ORACLE_SCALAR, SCALAR_7, U64_MAX } from '../../spec/constants.ts';
import { PoolError } from '../../spec/errors.ts';
import type { ErrorSpec } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, overflow, scaledMulDivCeil, scaledMulDivFloor, sub } from '../math.ts';
import type { Address, Positions, PoolState, ReserveState, World } from '../state.ts';
import { resTokenId, tokenBalance, updateEmissions } from './distributor.ts';
import { requireActionAllowed } from './status.ts';
import {
  loadReserve,
  requireUtilizationBelow100,
  requireUtilizationBelowMax,
  toAssetFromD,
  toBTokenDown,
  toBTokenUp,
  toDTokenDown,
  toDTokenUp,
  toEffectiveAssetFromB,
  toEffectiveAssetFromD,
  totalSupply,
  type ReserveData,
} from './reserve.ts';

import { movesBTokens, type RequestType, type SubmitRequest } from '../../spec/actions.ts';

export type { RequestType, SubmitRequest };

const EMPTY: Positions = { collateral: new Map(), supply: new Map(), liabilities: new Map() };

/** Which map of a user's positions a request moves. */
type Side = 'collateral' | 'supply' | 'liabilities';
const S7 = SCALAR_7.value;

/**
 * Write a user's collateral, uncollateralised supply or d token balance of a reserve, after
 * updating the emissions of its token (a b token's on the collateral and supply together).
 */
function setBalance(ctx: Ctx, pool: PoolState, user: Address, reserveIndex: number, side: Side, next: bigint): void {
  updateEmissions(ctx, pool, resTokenId(reserveIndex, side !== 'liabilities'), user);
  const pos = pool.positions.get(user) ?? EMPTY;
  const m = new Map(pos[side]);
  if (next === 0n) m.delete(reserveIndex);
  else m.set(reserveIndex, next);
  ctx.tx.set(pool.positions, user, { ...pos, [side]: m });
}

/**
 * `add_supply` / `remove_supply` / `add_collateral` / `remove_collateral` / `add_liabilities` /
 * `remove_liabilities`: a positive amount, else `err`; the emissions updated on the balance before
 * (a b token's: collateral and supply together); the reserve's token supply moved.
 */
function move(
  ctx: Ctx,
  pool: PoolState,
  r: ReserveState,
  d: ReserveData,
  user: Address,
  reserveIndex: number,
  side: Side,
  adding: boolean,
  amount: bigint,
  err: ErrorSpec,
): void {
  if (amount <= 0n) panicWithError(err);
  const balance = positionOf(pool, user, reserveIndex, side);
  const next = adding ? add(balance, amount) : sub(balance, amount);
  if (next < 0n) panicWithError(PoolError.NegativeAmountError, 'balance below 0');
  // emissions read the reserve's supply before the change (as stored: accrual does not move it)
  setBalance(ctx, pool, user, reserveIndex, side, next);
  const supplySide = side !== 'liabilities';
  if (supplySide) d.bSupply = adding ? add(d.bSupply, amount) : sub(d.bSupply, amount);
  else d.dSupply = adding ? add(d.dSupply, amount) : sub(d.dSupply, amount);
  ctx.tx.put(r, supplySide ? 'bSupply' : 'dSupply', supplySide ? d.bSupply : d.dSupply);
}

/** A user's balance in one map of its positions (`get_supply`, `get_collateral`, `get_liabilities`). */
function positionOf(pool: PoolState, user: Address, reserveIndex: number, side: Side): bigint {
  return (pool.positions.get(user) ?? EMPTY)[side].get(reserveIndex) ?? 0n;
}

/**
 * `Pool::load_price(asset)`: the world oracle's `lastprice(Stellar(asset))` (7 decimals), or
 * ORACLE_PRICE stamped `now` for an asset `set_oracle_price` never moved. Errors: InvalidPrice
 * (1210) where `timestamp + 86400 < now` (ORACLE_MAX_PRICE_AGE: a price exactly 24 h old passes)
 * or the price is <= 0; a timestamp within 24 h of the u64 maximum overflows the sum (a panic,
 * WasmVm). (The contract's oracle answer `None` would be an unwrap trap; the world's oracle always
 * answers.) The contract caches the price per asset for the call; within one call `now` and the
 * oracle do not change, so reading again gives the same answer.
 * Source: pool/src/pool/pool.rs `load_price`.
 */
export function loadPrice(w: World, asset: Address): bigint {
  const quote = w.oracle.get(asset);
  const price = quote?.price ?? ORACLE_PRICE.value;
  const timestamp = quote?.timestamp ?? w.now;
  const oldest = timestamp + ORACLE_MAX_PRICE_AGE.value;
  if (oldest > U64_MAX.value) overflow('load_price: timestamp + 24 h overflows u64');
  if (oldest < w.now || price <= 0n) panicWithError(PoolError.InvalidPrice, `price ${price} at ${timestamp}, now ${w.now}`);
  return price;
}

/**
 * `PositionData::calculate_from_positions`' `collateral_base` and `liability_base` (base units,
 * 7 decimals): over the reserves in order, each one `positions` holds collateral or liabilities in
 * loaded (`cache`'s, else brought up to `w.now` in memory) and its asset priced (`loadPrice`:
 * InvalidPrice, 1210); collateral: price x (underlying x c_factor, down) / scalar, down;
 * liabilities: price x (underlying / l_factor, up) / scalar, up. Uncollateralised supply does not
 * count. Source: pool/src/pool/health_factor.rs `calculate_from_positions`.
 */
export function positionData(
  w: World,
  pool: PoolState,
  pos: Positions,
  cache: ReadonlyMap<number, ReserveData> = new Map(),
): { collateralBase: bigint; liabilityBase: bigint } {
  let collateralBase = 0n;
  let liabilityBase = 0n;
  pool.reserves.forEach((r, i) => {
    const b = pos.collateral.get(i) ?? 0n;
    const dt = pos.liabilities.get(i) ?? 0n;
    if (b === 0n && dt === 0n) return;
    const data = cache.get(i) ?? loadReserve(r, pool.bstopRate, w.now);
    const price = loadPrice(w, r.asset);
    if (b > 0n) collateralBase = add(collateralBase, scaledMulDivFloor(price, toEffectiveAssetFromB(r.config, data, b), r.scalar));
    if (dt > 0n) liabilityBase = add(liabilityBase, scaledMulDivCeil(price, toEffectiveAssetFromD(r.config, data, dt), r.scalar));
  });
  return { collateralBase, liabilityBase };
}

/**
 * `PositionData::calculate_from_positions` then `is_hf_under(1.00001)`: over the reserves in
 * order, those the user holds collateral or liabilities in, each reserve loaded then its asset's
 * price (`loadPrice`, whose InvalidPrice, 1210, comes first); effective collateral (underlying x
 * c_factor, down) x price / scalar, down, over effective liabilities (underlying / l_factor, up)
 * x price / scalar, up; the health factor collateral / liabilities in the oracle's scale (10^7,
 * down) against the minimum in that scale (down). The reserves the submit loaded are taken as its
 * requests left them (`cache`), the others brought up to date in memory only. Errors:
 * InvalidPrice (1210), InvalidHf (1205).
 */
function requireHealthy(ctx: Ctx, pool: PoolState, user: Address, cache: ReadonlyMap<number, ReserveData>): void {
  const pos = pool.positions.get(user) ?? EMPTY;
  if (pos.liabilities.size === 0) return;
  const { collateralBase, liabilityBase } = positionData(ctx.w, pool, pos, cache);
  if (liabilityBase === 0n) return;
  // the oracle's scalar (10^decimals) times the minimum, and the health factor in that scale
  const scalar = ORACLE_SCALAR.value;
  const minHf = scaledMulDivFloor(scalar, MIN_HEALTH_FACTOR.value, S7);
  const hf = scaledMulDivFloor(collateralBase, scalar, liabilityBase);
  if (hf < minHf) panicWithError(PoolError.InvalidHf, `health factor ${hf} under ${minHf}`);
}

/**
 * `submit(from, from, from, [request])` with one request: supply_uncollateralized (0) /
 * withdraw_uncollateralized (1) b tokens without collateral, supply (2) / withdraw (3) collateral
 * b tokens, borrow (4) / repay (5) d tokens, at the reserve's rates brought up to now (request type
 * ids: spec/actions.ts REQUEST_TYPE_ID). Returns the b or d tokens the user's position moved by
 * (b tokens: collateral and uncollateralised supply together, as emissions count them).
 * - a supply of either kind mints floor(amount / b_rate) b tokens (ExceededSupplyCap, 1220, above
 *   the cap);
 * - a withdrawal of either kind burns ceil(amount / b_rate), at most the balance of its kind; the
 *   utilisation must stay under 100% (InvalidUtilRate 1207); a collateral withdrawal also asks for
 *   the health factor at least 1.00001 (InvalidHf 1205; at the oracle's prices, InvalidPrice 1210
 *   for one over 24 h old or not positive: `loadPrice`), an uncollateralised one does not;
 * - borrow mints ceil(amount / d_rate) d tokens; utilisation under 100% and at most max_util,
 *   health factor as for withdraw;
 * - repay burns floor(amount / d_rate), at most the balance (the excess is refunded).
 * Errors, in the contract's order: the profile's `negativeRequest` for an amount below 0
 * (`require_nonnegative`: NegativeAmountError, 8; DIV-POOL-NEGATIVE-AMOUNT); InvalidPoolStatus
 * (1206, `require_action_allowed`, model/pool/status.ts); BadRequest (1200) for the request
 * `unknown`, a type `RequestType::from_u32` does not know (spec/actions.ts
 * FIRST_UNKNOWN_REQUEST_TYPE), whatever the reserve and amount; the profile's
 * `unknownReserve` for a reserve the pool does not have (DIV-POOL-UNKNOWN-RESERVE);
 * ReserveDisabled (1223) for a supply of either kind or a borrow of a disabled reserve
 * (pool/src/pool/reserve.rs `require_action_allowed`, after the reserve is loaded);
 * InvalidBTokenMintAmount (1216), InvalidBTokenBurnAmount (1217), InvalidDTokenMintAmount (1218),
 * InvalidDTokenBurnAmount (1219) for no token to move; then the checks above.
 */
export function submit(ctx: Ctx, pool: PoolState, user: Address, request: RequestType, reserveIndex: number, amount: bigint): bigint {
  return submitRequests(ctx, pool, user, [{ request, reserveIndex, amount }]);
}

/**
 * `submit(from, from, from, requests)` (and `submit_with_allowance`, which moves the same
 * positions): the requests applied in order, each as `submit` describes (its own checks: amount,
 * reserve, tokens moved, supply cap, utilisation under 100%), each reserve loaded (accrued to now)
 * once and kept for the later requests (`Pool::load_reserve` from its cache); after all of them
 * (`validate_submit`) every borrowed reserve's utilisation at most max_util, in the order of their
 * first borrow, then the health factor once if any request was a withdraw or borrow; then the loaded
 * reserves are stored. Returns the tokens the first request's position moved by (b or d tokens),
 * the position after all the requests less the one before (absolute), as the single-request
 * `submit` does. Errors: those of `submit`, from the first request that fails.
 * Source: pool/src/pool/actions.rs `build_actions_from_request`; pool/src/pool/submit.rs
 * `execute_submit`, `validate_submit`; pool/src/pool/pool.rs `load_reserve`, `store_cached_reserves`.
 */
export function submitRequests(ctx: Ctx, pool: PoolState, user: Address, requests: readonly SubmitRequest[]): bigint {
  const cache = new Map<number, ReserveData>();
  const borrowed: number[] = [];
  let checkHealth = false;
  const first = requests[0];
  const before = first === undefined ? 0n : tokenBalance(pool, user, resTokenId(first.reserveIndex, movesBTokens(first.request)));
  for (const { request, reserveIndex, amount } of requests) {
    const negative = ctx.p.errors.negativeRequest;
    if (negative !== null && amount < 0n) panicWithError(negative, `request amount ${amount}`);
    requireActionAllowed(pool, request);
    // `RequestType::from_u32` before the reserve is loaded: a type it does not know (10 or more)
    if (request === 'unknown') panicWithError(PoolError.BadRequest, 'request type not known');
    const r = pool.reserves[reserveIndex];
    if (r === undefined) panicWithError(ctx.p.errors.unknownReserve, `no reserve ${reserveIndex}`);
    let d = cache.get(reserveIndex);
    if (d === undefined) {
      d = loadReserve(r, pool.bstopRate, ctx.w.now);
      cache.set(reserveIndex, d);
    }
    // `Reserve::require_action_allowed`, once the reserve is loaded: a disabled reserve takes no
    // supply (either kind) and no borrow
    if (!r.enabled && (request === 'supply' || request === 'supply_uncollateralized' || request === 'borrow'))
      panicWithError(PoolError.ReserveDisabled, `reserve ${reserveIndex} is disabled`);
    switch (request) {
      case 'supply_uncollateralized':
      case 'supply': {
        const side = request === 'supply' ? 'collateral' : 'supply';
        move(ctx, pool, r, d, user, reserveIndex, side, true, toBTokenDown(d, amount), PoolError.InvalidBTokenMintAmount);
        if (totalSupply(d) > r.config.supplyCap) panicWithError(PoolError.ExceededSupplyCap);
        break;
      }
      case 'withdraw_uncollateralized':
      case 'withdraw': {
        const side = request === 'withdraw' ? 'collateral' : 'supply';
        const cur = positionOf(pool, user, reserveIndex, side);
        const toBurn = toBTokenUp(d, amount);
        move(ctx, pool, r, d, user, reserveIndex, side, false, toBurn > cur ? cur : toBurn, PoolError.InvalidBTokenBurnAmount);
        requireUtilizationBelow100(d);
        // only a collateral withdrawal asks for the health check (`actions.do_check_health()`)
        if (request === 'withdraw') checkHealth = true;
        break;
      }
      case 'borrow': {
        move(ctx, pool, r, d, user, reserveIndex, 'liabilities', true, toDTokenUp(d, amount), PoolError.InvalidDTokenMintAmount);
        requireUtilizationBelow100(d);
        if (!borrowed.includes(reserveIndex)) borrowed.push(reserveIndex);
        checkHealth = true;
        break;
      }
      case 'repay': {
        const cur = positionOf(pool, user, reserveIndex, 'liabilities');
        const burnt = toDTokenDown(d, amount);
        let moved = burnt;
        if (burnt > cur) {
          // repays everything; the excess is refunded (never negative: amount covers the debt)
          const refund = sub(amount, toAssetFromD(d, cur));
          if (refund < 0n) panicWithError(PoolError.NegativeAmountError, 'negative refund');
          moved = cur;
        }
        move(ctx, pool, r, d, user, reserveIndex, 'liabilities', false, moved, PoolError.InvalidDTokenBurnAmount);
        break;
      }
    }
  }
  // validate_submit: the borrowed reserves' utilisation at most max_util, then the health factor
  for (const i of borrowed) requireUtilizationBelowMax(pool.reserves[i]!.config, cache.get(i)!);
  if (checkHealth) requireHealthy(ctx, pool, user, cache);
  // the loaded reserves are stored
  for (const [i, d] of cache) {
    const r = pool.reserves[i]!;
    ctx.tx.put(r, 'bRate', d.bRate);
    ctx.tx.put(r, 'dRate', d.dRate);
    ctx.tx.put(r, 'irMod', d.irMod);
    ctx.tx.put(r, 'backstopCredit', d.backstopCredit);
    ctx.tx.put(r, 'lastTime', d.lastTime);
  }
  if (first === undefined) return 0n;
  const after = tokenBalance(pool, user, resTokenId(first.reserveIndex, movesBTokens(first.request)));
  return after > before ? after - before : before - after;
}
