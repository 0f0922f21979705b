/**
 * Queued withdrawals. Source: backstop/src/backstop/withdrawal.rs `execute_queue_withdrawal`,
 * `execute_dequeue_withdrawal`, `execute_withdraw` (v2; v1 the same but for the order of dequeue).
 */
import { BackstopError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, sub } from '../math.ts';
import { poolBalanceOf, userBalanceOf, type Address, type BackstopState, type Q4W } from '../state.ts';
import { updateEmissions } from './distributor.ts';
import { convertToTokens, dequeueQ4w, queueForWithdraw, withdrawFrom } from './pool-balance.ts';
import { addShares, dequeueShares, queueSharesForWithdrawal, withdrawShares } from './user-balance.ts';

/**
 * `queue_withdrawal(from, pool_address, amount)`: `amount` shares stop earning now and unlock after the q4w lock.
 * Errors: NegativeAmountError (8); BalanceError (10); TooManyQ4WEntries (1007).
 */
export function queueWithdrawal(ctx: Ctx, bs: BackstopState, from: Address, pool: Address, amount: bigint): Q4W {
  if (amount < 0n) panicWithError(BackstopError.NegativeAmountError);
  const pb = poolBalanceOf(bs, pool);
  const ub = userBalanceOf(bs, pool, from);
  updateEmissions(ctx, bs, pool, pb, from, ub);
  const next = queueSharesForWithdrawal(ctx.p, ub, amount, ctx.w.now);
  ctx.tx.setIn(bs.userBalances, pool, from, next);
  ctx.tx.set(bs.poolBalances, pool, queueForWithdraw(pb, amount));
  return next.q4w[next.q4w.length - 1]!;
}

/** `dequeue_withdrawal(from, pool_address, amount)`. Errors: NegativeAmountError (8); BalanceError (10); InsufficientFunds (1003). */
export function dequeueWithdrawal(ctx: Ctx, bs: BackstopState, from: Address, pool: Address, amount: bigint): void {
  if (amount < 0n) panicWithError(BackstopError.NegativeAmountError);
  const pb = poolBalanceOf(bs, pool);
  const ub = userBalanceOf(bs, pool, from);
  updateEmissions(ctx, bs, pool, pb, from, ub);
  const next = addShares(dequeueShares(ctx.p, ub, amount), amount);
  ctx.tx.setIn(bs.userBalances, pool, from, next);
  ctx.tx.set(bs.poolBalances, pool, dequeueQ4w(pb, amount));
}

/**
 * `withdraw(from, pool_address, amount)`: unlocked queued shares out, returns LP stroops.
 * Errors: NegativeAmountError (8); NotExpired (1001); BalanceError (10);
 * InvalidTokenWithdrawAmount (1006) where the shares are worth no token; InsufficientFunds (1003).
 */
export function withdraw(ctx: Ctx, bs: BackstopState, from: Address, pool: Address, amount: bigint): bigint {
  if (amount < 0n) panicWithError(BackstopError.NegativeAmountError);
  const pb = poolBalanceOf(bs, pool);
  const ub = userBalanceOf(bs, pool, from);
  const next = withdrawShares(ub, amount, ctx.w.now);
  const toReturn = convertToTokens(pb, amount, ctx.p.shareConversion === 'v1');
  if (toReturn === 0n) panicWithError(BackstopError.InvalidTokenWithdrawAmount);
  ctx.tx.set(bs.poolBalances, pool, withdrawFrom(pb, toReturn, amount));
  ctx.tx.setIn(bs.userBalances, pool, from, next);
  ctx.tx.put(bs, 'lpTokens', sub(bs.lpTokens, toReturn));
  ctx.tx.set(ctx.w.lp, from, add(ctx.w.lp.get(from) ?? 0n, toReturn));
  return toReturn;
}
