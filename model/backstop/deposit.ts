/**
 * Backstop deposits. Source: backstop/src/backstop/deposit.rs `execute_deposit` (v2; v1 the same).
 */
import { BackstopError, CometError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, sub } from '../math.ts';
import { poolBalanceOf, userBalanceOf, type Address, type BackstopState } from '../state.ts';
import { updateEmissions } from './distributor.ts';
import { convertToShares, depositInto } from './pool-balance.ts';
import { addShares } from './user-balance.ts';

/**
 * `deposit(from, pool_address, amount)`: `amount` LP stroops in, returns shares minted.
 * Errors: NegativeAmountError (8); BadRequest (1000) from the pool or the backstop itself;
 * NotPool (1004) for an empty pool the factory did not deploy; Comet ErrInsufficientBalance (29) over
 * the LP wallet; InvalidShareMintAmount (1005) where no share would be minted.
 */
export function deposit(ctx: Ctx, bs: BackstopState, from: Address, pool: Address, amount: bigint): bigint {
  if (amount < 0n) panicWithError(BackstopError.NegativeAmountError);
  if (from === pool || from === bs.address) panicWithError(BackstopError.BadRequest);
  const pb = poolBalanceOf(bs, pool);
  if (pb.shares === 0n && !ctx.w.factoryPools.has(pool)) panicWithError(BackstopError.NotPool);
  const ub = userBalanceOf(bs, pool, from);
  updateEmissions(ctx, bs, pool, pb, from, ub);
  transferLp(ctx, from, bs, amount);
  const toMint = convertToShares(pb, amount, ctx.p.shareConversion === 'v1');
  if (toMint <= 0n) panicWithError(BackstopError.InvalidShareMintAmount);
  ctx.tx.set(bs.poolBalances, pool, depositInto(pb, amount, toMint));
  ctx.tx.setIn(bs.userBalances, pool, from, addShares(ub, toMint));
  return toMint;
}

/** LP token transfer from a user's wallet into the backstop. Errors: Comet ErrInsufficientBalance (29). */
export function transferLp(ctx: Ctx, from: Address, bs: BackstopState, amount: bigint): void {
  const have = ctx.w.lp.get(from) ?? 0n;
  if (have < amount) panicWithError(CometError.ErrInsufficientBalance, `LP balance ${have} < ${amount}`);
  ctx.tx.set(ctx.w.lp, from, sub(have, amount));
  ctx.tx.put(bs, 'lpTokens', add(bs.lpTokens, amount));
}
