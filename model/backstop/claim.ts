/**
 * Backstop depositors' claims: the BLND accrued is deposited into the Comet LP and the LP tokens
 * are deposited back into each pool's backstop for the user.
 * Source: backstop/src/emissions/claim.rs `execute_claim` (v2: `min_lp_tokens_out`, duplicate pools
 * rejected); blend-contracts backstop/src/emissions/claim.rs (v1: a `to` recipient, LP min out 0).
 */
import { BackstopError, TokenError } from '../../spec/errors.ts';
import { applyDeposit, quoteDeposit } from '../comet.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, fixedMulFloor, sub } from '../math.ts';
import { poolBalanceOf, userBalanceOf, type Address, type BackstopState } from '../state.ts';
import { claimEmissions } from './distributor.ts';
import { convertToShares, depositInto } from './pool-balance.ts';
import { addShares } from './user-balance.ts';

/**
 * The claimed BLND into the Comet LP: `dep_tokn_amt_in_get_lp_tokns_out(blnd, blnd_amount,
 * min_out, backstop)` (model/comet.ts), then the Comet pulls the BLND from the backstop
 * (`transfer_from` after the backstop's approval) and mints the LP to it. Returns LP stroops.
 * Errors: the Comet's (ErrMaxInRatio 17, ErrLimitOut 20, ErrNegative 2 for a negative min out, ...)
 * before Token BalanceError (10) where the backstop holds less BLND than it pays in (backfilled
 * emissions before the drop).
 */
function cometDeposit(ctx: Ctx, bs: BackstopState, blnd: bigint, minOut: bigint): bigint {
  const lpOut = quoteDeposit(ctx.w.comet, 'blnd', blnd, minOut);
  if (bs.blnd < blnd) panicWithError(TokenError.BalanceError, `backstop holds ${bs.blnd} BLND stroops, claim needs ${blnd}`);
  applyDeposit(ctx, 'blnd', blnd, lpOut);
  ctx.tx.put(bs, 'blnd', sub(bs.blnd, blnd));
  ctx.tx.put(bs, 'lpTokens', add(bs.lpTokens, lpOut));
  return lpOut;
}

/**
 * `claim(from, pool_addresses, min_lp_tokens_out)` (v2; returns LP stroops minted) or
 * `claim(from, pool_addresses, to)` (v1; returns BLND stroops claimed). v2 has no recipient:
 * `recipient` is ignored and the LP is deposited for `from` (the Soroban driver ignores the
 * protocol's `to` as well).
 * Errors: BadRequest (1000) for an empty list, a pool listed twice (v2) or a pool that never had
 * emissions (v2); ErrLimitOut (20); Token BalanceError (10).
 */
export function claim(
  ctx: Ctx,
  bs: BackstopState,
  from: Address,
  pools: readonly Address[],
  minLpTokensOut: bigint,
  recipient: Address = from,
): bigint {
  if (pools.length === 0) panicWithError(BackstopError.BadRequest, 'no pool to claim from');
  const v2 = ctx.p.claim === 'min_lp_tokens_out';
  // v2 has no `to`: the LP goes back to `from` whatever recipient the caller names
  const to = v2 ? from : recipient;
  let claimed = 0n;
  const claims = new Map<Address, bigint>();
  for (const pool of pools) {
    const amount = claimEmissions(ctx, bs, pool, poolBalanceOf(bs, pool), from, userBalanceOf(bs, pool, from));
    claimed = add(claimed, amount);
    if (v2 && claims.has(pool)) panicWithError(BackstopError.BadRequest, 'pool listed twice');
    claims.set(pool, amount);
  }
  let lpOut = 0n;
  const perPool: (readonly [Address, bigint])[] = [];
  // v1 credits `to` without updating its emissions first: per pool, the stroops its new shares
  // accrue from its old index (none: from 0) at the pool's index now (spec/known-defects.ts V1-CLAIM-TO)
  const recipientBehind: (readonly [Address, bigint])[] = [];
  if (claimed > 0n) {
    lpOut = cometDeposit(ctx, bs, claimed, v2 ? minLpTokensOut : 0n);
    for (const pool of pools) {
      const depositAmount = fixedMulFloor(lpOut, claims.get(pool)!, claimed);
      perPool.push([pool, depositAmount]);
      if (v2 && depositAmount <= 0n) continue;
      const pb = poolBalanceOf(bs, pool);
      const toMint = convertToShares(pb, depositAmount, ctx.p.shareConversion === 'v1');
      const data = to === from || toMint <= 0n ? undefined : bs.emisData.get(pool);
      if (data !== undefined) {
        const gap = data.index - (bs.userEmisData.get(pool)?.get(to)?.index ?? 0n);
        const scale = ctx.p.accrualScale.value;
        if (gap > 0n) recipientBehind.push([pool, (toMint * gap + scale - 1n) / scale]);
      }
      ctx.tx.set(bs.poolBalances, pool, depositInto(pb, depositAmount, toMint));
      ctx.tx.setIn(bs.userBalances, pool, to, addShares(userBalanceOf(bs, pool, to), toMint));
    }
  }
  ctx.events.push({
    topic: 'claim',
    contract: 'backstop',
    backstop: bs.address,
    from,
    to,
    claimed,
    lpOut,
    perPool,
    blndPerPool: [...claims],
    ...(recipientBehind.length > 0 ? { recipientBehind } : {}),
  });
  return v2 ? lpOut : claimed;
}
