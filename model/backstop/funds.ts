/**
 * A pool's backstop funds: `draw` (the pool takes LP tokens out of its backstop) and `donate` (LP
 * tokens given to a pool's backstop). Neither mints nor burns shares, neither touches the queued
 * shares, and neither updates emissions first: they change the pool's tokens, hence its
 * non-queued tokens, which the next distribution allocates by (DIST-PRORATA). Source:
 * backstop/src/backstop/fund_management.rs `execute_draw`, `execute_donate` and
 * backstop/src/contract.rs `draw`, `donate` (v2; v1 the same, its donate a `transfer` where v2's
 * is a `transfer_from` of an allowance). Amounts in stroops of LP.
 */
import { BackstopError, HostError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, sub } from '../math.ts';
import { poolBalanceOf, type Address, type BackstopState } from '../state.ts';
import { transferLp } from './deposit.ts';
import { depositInto, withdrawFrom } from './pool-balance.ts';

/**
 * `draw(pool_address, amount, to)`: `amount` LP stroops of the pool's backstop tokens to `to`'s
 * wallet; the pool's shares and q4w unchanged. The pool authorises (`pool_address.require_auth()`).
 * Errors: NegativeAmountError (8); InsufficientFunds (1003) over the pool's tokens.
 */
export function draw(ctx: Ctx, bs: BackstopState, pool: Address, amount: bigint, to: Address): void {
  if (amount < 0n) panicWithError(BackstopError.NegativeAmountError);
  ctx.tx.set(bs.poolBalances, pool, withdrawFrom(poolBalanceOf(bs, pool), amount, 0n));
  // the backstop's `transfer(backstop, to, amount)`: a transfer to itself moves nothing
  if (to === bs.address) return;
  ctx.tx.put(bs, 'lpTokens', sub(bs.lpTokens, amount));
  ctx.tx.set(ctx.w.lp, to, add(ctx.w.lp.get(to) ?? 0n, amount));
}

/**
 * `donate(from, pool_address, amount)`: `amount` LP stroops from `from`'s wallet into the pool's
 * backstop tokens, no share minted. `from` and the pool both authorise. Errors: the host's
 * `Error(Auth, ExistingValue)` (WasmVm#4) when `from` is the pool (its second `require_auth` in the
 * call, before the contract's own checks); NegativeAmountError (8); BadRequest (1000) from the
 * backstop itself (and, past the host's auth, from the pool); NotPool (1004) for a pool without
 * shares the factory did not deploy; Comet ErrInsufficientBalance (29) over `from`'s LP wallet.
 */
export function donate(ctx: Ctx, bs: BackstopState, from: Address, pool: Address, amount: bigint): void {
  // `from.require_auth(); pool_address.require_auth();` of one address: the host refuses the second
  if (from === pool) panicWithError(HostError.FrameAlreadyAuthorized, 'donate: from is the pool, authorised twice in one call');
  if (amount < 0n) panicWithError(BackstopError.NegativeAmountError);
  if (from === pool || from === bs.address) panicWithError(BackstopError.BadRequest);
  const pb = poolBalanceOf(bs, pool);
  if (pb.shares === 0n && !ctx.w.factoryPools.has(pool)) panicWithError(BackstopError.NotPool);
  transferLp(ctx, from, bs, amount);
  ctx.tx.set(bs.poolBalances, pool, depositInto(pb, amount, 0n));
}
