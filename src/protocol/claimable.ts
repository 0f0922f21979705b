/**
 * The `claimable` exchange (docs/protocol.md "Claimable") in the model's terms: a request's args as
 * model/claimable.ts's ClaimableQuery, and its ClaimableResult as the reply's JSON (BLND stroops as
 * decimal strings, a revert as the contract's error).
 */
import type { ClaimableQuery, ClaimableResult } from '../../model/claimable.ts';
import type { ClaimableArgs, ClaimableResultJson, ReplyError } from './messages.ts';

/** A (schema-valid) `claimable` request's args as the model's query. */
export function claimableQueryOf(args: ClaimableArgs): ClaimableQuery {
  return {
    user: args.user,
    timestamp: BigInt(args.timestamp),
    ...(args.backstop !== undefined ? { backstop: { contract: args.backstop.contract, pools: [...args.backstop.pools] } } : {}),
    ...(args.pools !== undefined
      ? { pools: args.pools.map((p) => ({ contract: p.contract, reserveTokenIds: [...p.reserve_token_ids] })) }
      : {}),
  };
}

/** The model's query as a `claimable` request's args. */
export function claimableArgsOf(q: ClaimableQuery): ClaimableArgs {
  return {
    user: q.user,
    timestamp: q.timestamp.toString(),
    ...(q.backstop !== undefined ? { backstop: { contract: q.backstop.contract, pools: [...q.backstop.pools] } } : {}),
    ...(q.pools !== undefined ? { pools: q.pools.map((p) => ({ contract: p.contract, reserve_token_ids: [...p.reserveTokenIds] })) } : {}),
  };
}

const entry = (
  r: { readonly ok: true; readonly amount: bigint } | { readonly ok: false; readonly error: { contract: string; code: number } },
) => (r.ok ? { amount: r.amount.toString() } : { error: r.error as ReplyError });

/** The model's answer as an exact implementation's `claimable` result. */
export function claimableResultJson(r: ClaimableResult): ClaimableResultJson {
  return {
    backstop: r.backstop.map((b) => ({ pool: b.pool, ...entry(b) })),
    pools: r.pools.map((p) => ({ pool: p.pool, reserve_token_id: p.reserveTokenId, ...entry(p) })),
  };
}
