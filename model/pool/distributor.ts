/**
 * A reserve's emission index and each user's accrual on their b or d tokens.
 * Source: pool/src/emissions/distributor.rs `update_emission_data`, `update_user_emissions`,
 * `update_emissions`, `execute_claim` (v2). Its fixed-point calls are `SorobanFixedPoint` (I256 on a
 * phantom overflow).
 * Units: eps 14 decimals; index in 14-decimal stroops per whole b/d token; accrual
 * floor(balance * Δindex / (reserve scalar * SCALAR_7)) stroops.
 */
import { SCALAR_7 } from '../../spec/constants.ts';
import { PoolError, TokenError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, mul, overflow, scaledMulDivFloor, sub } from '../math.ts';
import type { Address, PoolState, Positions, ReserveEmissionData, ReserveState } from '../state.ts';

const S7 = SCALAR_7.value;

/** res_token_id: reserve_index * 2 + (0 for d tokens, 1 for b tokens). */
export const resTokenId = (reserveIndex: number, supply: boolean): number => reserveIndex * 2 + (supply ? 1 : 0);

/** Total supply of the reserve token (b for odd ids, d for even). */
export const tokenSupply = (r: ReserveState, id: number): bigint => (id % 2 === 0 ? r.dSupply : r.bSupply);

/**
 * The user's balance of the reserve token: its d tokens (even ids), or its b tokens (odd ids), the
 * collateral and the uncollateralised supply together, as emissions count them (pool/src/pool/user.rs
 * `get_total_supply`, the balance `update_b_emissions` accrues on).
 */
export function tokenBalance(pool: PoolState, user: Address, id: number): bigint {
  const pos = pool.positions.get(user);
  if (pos === undefined) return 0n;
  const idx = Math.floor(id / 2);
  if (id % 2 === 0) return pos.liabilities.get(idx) ?? 0n;
  return (pos.collateral.get(idx) ?? 0n) + (pos.supply.get(idx) ?? 0n);
}

/**
 * The user's b tokens per reserve index, collateral and uncollateralised supply together
 * (`get_total_supply` of each reserve); the collateral map itself when there is no uncollateralised
 * supply, else the union in ascending reserve index.
 */
export function bTokens(pos: Positions): ReadonlyMap<number, bigint> {
  if (pos.supply.size === 0) return pos.collateral;
  const ids = [...new Set([...pos.collateral.keys(), ...pos.supply.keys()])].sort((a, b) => a - b);
  return new Map(ids.map((i) => [i, (pos.collateral.get(i) ?? 0n) + (pos.supply.get(i) ?? 0n)]));
}

/**
 * The reserve token's emission data at time `now` (seconds), without writing it: index (14-decimal
 * stroops per whole b/d token) += floor(dt x eps x scalar / supply), dt = min(now, expiration) -
 * lastTime; `d` itself where nothing accrues (expired, no time passed, eps 0, or supply 0: a reserve
 * with no supply keeps its lastTime). Panics (overflow) where now < lastTime. The arithmetic of
 * pool/src/emissions/distributor.rs `update_emission_data`; `updateReserveEmissionData` writes what
 * this returns, so a property can read a reserve's index at t from the state without moving it.
 */
export function reserveEmissionDataAt(d: ReserveEmissionData, now: bigint, supply: bigint, scalar: bigint): ReserveEmissionData {
  if (d.lastTime >= d.expiration || now === d.lastTime || d.eps === 0n || supply === 0n) return d;
  const t = now < d.expiration ? now : d.expiration;
  if (t < d.lastTime) overflow('attempt to subtract with overflow (t - last_time)');
  const additional = scaledMulDivFloor(mul(t - d.lastTime, d.eps), scalar, supply);
  return { expiration: d.expiration, eps: d.eps, index: add(d.index, additional), lastTime: t };
}

/** index += floor(dt * eps * scalar / supply), dt capped at the expiration; undefined where never configured. */
export function updateReserveEmissionData(
  ctx: Ctx,
  pool: PoolState,
  id: number,
  supply: bigint,
  scalar: bigint,
): ReserveEmissionData | undefined {
  const d = pool.emisData.get(id);
  if (d === undefined) return undefined;
  const next = reserveEmissionDataAt(d, ctx.w.now, supply, scalar);
  if (next !== d) ctx.tx.set(pool.emisData, id, next);
  return next;
}

/**
 * A user's accrued BLND (stroops) on one reserve token at the reserve index `index` (14-decimal
 * stroops per whole token), without writing it: the stored `accrued` plus floor(balance x (index -
 * user index) / (scalar x SCALAR_7)); for a user never checkpointed, floor(balance x index / (scalar
 * x SCALAR_7)). Panics with the pool's NegativeAmountError (Pool 8) where the index is below the
 * user's. The arithmetic of pool/src/emissions/distributor.rs `update_user_emissions`, which
 * `updateUserEmissions` writes (the pool analogue of the backstop side's `userAccruedAt`).
 */
export function poolUserAccruedAt(
  u: { readonly index: bigint; readonly accrued: bigint } | undefined,
  index: bigint,
  balance: bigint,
  scalar: bigint,
): bigint {
  if (u === undefined) return balance === 0n ? 0n : scaledMulDivFloor(balance, index, mul(scalar, S7));
  if (u.index === index || balance === 0n) return u.accrued;
  const delta = sub(index, u.index);
  if (delta < 0n) panicWithError(PoolError.NegativeAmountError);
  return add(u.accrued, scaledMulDivFloor(balance, delta, mul(scalar, S7)));
}

function updateUserEmissions(
  ctx: Ctx,
  pool: PoolState,
  d: ReserveEmissionData,
  id: number,
  scalar: bigint,
  user: Address,
  balance: bigint,
  toClaim: boolean,
): bigint {
  const u = pool.userEmis.get(user)?.get(id);
  // checkpointed at this index already: nothing to write unless claiming
  if (u !== undefined && u.index === d.index && !toClaim) return 0n;
  const accrued = poolUserAccruedAt(u, d.index, balance, scalar);
  ctx.tx.setIn(pool.userEmis, user, id, { index: d.index, accrued: toClaim ? 0n : accrued });
  return toClaim ? accrued : 0n;
}

/** `update_emissions`: before any change of the user's balance or the supply. */
export function updateEmissions(ctx: Ctx, pool: PoolState, id: number, user: Address): void {
  const r = pool.reserves[Math.floor(id / 2)]!;
  const d = updateReserveEmissionData(ctx, pool, id, tokenSupply(r, id), r.scalar);
  if (d !== undefined) updateUserEmissions(ctx, pool, d, id, r.scalar, user, tokenBalance(pool, user, id), false);
}

/**
 * `claim(from, reserve_token_ids, to)`: pays the accrued BLND (stroops) from the backstop's
 * allowance to `to`. Errors: BadRequest (1200) for an unknown reserve; Token AllowanceError (9) /
 * BalanceError (10) where the allowance or the backstop's BLND falls short.
 */
export function claim(ctx: Ctx, pool: PoolState, from: Address, ids: readonly number[], to: Address): bigint {
  let toClaim = 0n;
  for (const id of ids) {
    const r = pool.reserves[Math.floor(id / 2)];
    if (r === undefined) panicWithError(PoolError.BadRequest, `no reserve for res_token_id ${id}`);
    const d = updateReserveEmissionData(ctx, pool, id, tokenSupply(r, id), r.scalar);
    if (d !== undefined) toClaim = add(toClaim, updateUserEmissions(ctx, pool, d, id, r.scalar, from, tokenBalance(pool, from, id), true));
  }
  if (toClaim > 0n) {
    const bs = ctx.w.backstops.get(pool.backstop)!;
    const allowance = bs.allowances.get(pool.address) ?? 0n;
    if (allowance < toClaim) panicWithError(TokenError.AllowanceError, `allowance ${allowance} < ${toClaim}`);
    if (bs.blnd < toClaim) panicWithError(TokenError.BalanceError, `backstop holds ${bs.blnd} BLND stroops, claim needs ${toClaim}`);
    ctx.tx.set(bs.allowances, pool.address, allowance - toClaim);
    ctx.tx.put(bs, 'blnd', bs.blnd - toClaim);
    ctx.tx.set(ctx.w.blnd, to, add(ctx.w.blnd.get(to) ?? 0n, toClaim));
  }
  ctx.events.push({ topic: 'claim', contract: 'pool', pool: pool.address, from, to, amount: toClaim });
  return toClaim;
}
