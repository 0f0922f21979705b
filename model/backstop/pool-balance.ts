/**
 * A pool's backstop balance: share/token conversion and the non-queued tokens emissions are
 * allocated by. Source: backstop/src/backstop/pool.rs `PoolBalance` (v2; v1's differs in
 * `convert_to_shares` and `convert_to_tokens` for a pool without shares or tokens, the `v1` flag).
 */
import { BackstopError } from '../../spec/errors.ts';
import { panicWithError } from '../errors.ts';
import { add, fixedMulFloor, sub } from '../math.ts';
import type { PoolBalance } from '../state.ts';

/**
 * Tokens -> shares, floor(tokens * shares / total tokens); 1:1 for an empty pool; 0 for a drained
 * one (v2). With `v1` (the profile's `shareConversion`), v1's: no drained-pool case, so shares
 * without tokens divide by zero (a panic).
 */
export function convertToShares(pb: PoolBalance, tokens: bigint, v1 = false): bigint {
  if (pb.shares === 0n) return tokens;
  if (pb.tokens === 0n && !v1) return 0n;
  return fixedMulFloor(tokens, pb.shares, pb.tokens);
}

/**
 * Shares -> tokens, floor(shares * tokens / total shares); all the tokens for all the shares. A pool
 * with no shares converts to 0 (v2) or 1:1 (`v1`: v1's `convert_to_tokens` returns the shares).
 */
export function convertToTokens(pb: PoolBalance, shares: bigint, v1 = false): bigint {
  if (pb.shares === 0n) return v1 ? shares : 0n;
  if (pb.shares === shares) return pb.tokens;
  return fixedMulFloor(shares, pb.tokens, pb.shares);
}

/**
 * `non_queued_tokens`: tokens less the tokens of queued shares (stroops of LP). Under `v1` a pool
 * with queued shares but no shares (the mainnet snapshot has user balances in a pool without a
 * pool balance) has negative non-queued tokens: its allocation is negative.
 */
export function nonQueuedTokens(pb: PoolBalance, v1 = false): bigint {
  return sub(pb.tokens, convertToTokens(pb, pb.q4w, v1));
}

export function depositInto(pb: PoolBalance, tokens: bigint, shares: bigint): PoolBalance {
  return { shares: add(pb.shares, shares), tokens: add(pb.tokens, tokens), q4w: pb.q4w };
}

/** Errors: BackstopError::InsufficientFunds (1003) when more than held or queued is taken. */
export function withdrawFrom(pb: PoolBalance, tokens: bigint, shares: bigint): PoolBalance {
  if (tokens > pb.tokens || shares > pb.shares || shares > pb.q4w) panicWithError(BackstopError.InsufficientFunds);
  return { shares: pb.shares - shares, tokens: pb.tokens - tokens, q4w: pb.q4w - shares };
}

export function queueForWithdraw(pb: PoolBalance, shares: bigint): PoolBalance {
  return { shares: pb.shares, tokens: pb.tokens, q4w: add(pb.q4w, shares) };
}

/** Errors: BackstopError::InsufficientFunds (1003) when more than queued is dequeued. */
export function dequeueQ4w(pb: PoolBalance, shares: bigint): PoolBalance {
  if (shares > pb.q4w) panicWithError(BackstopError.InsufficientFunds);
  return { shares: pb.shares, tokens: pb.tokens, q4w: pb.q4w - shares };
}
