/**
 * What a user could claim at time t, without changing the world: each claim is run exactly as the
 * contract runs it (the same model functions, so the pool's reserve decimals and the profile's
 * rounding flow through) inside a transaction that is always rolled back, the world's `now` set to
 * t for its duration.
 *
 * Source: backstop/src/emissions/claim.rs `execute_claim` (v2; v1: blend-contracts
 * backstop/src/emissions/claim.rs) and pool/src/emissions/distributor.rs `execute_claim` (v2), as
 * model/backstop/claim.ts and model/pool/distributor.ts `claim` mirror them.
 */
import { claim as backstopClaim } from './backstop/claim.ts';
import type { Ctx, ModelEvent } from './context.ts';
import { ContractError } from './errors.ts';
import { claim as poolClaim } from './pool/distributor.ts';
import type { Address, World } from './state.ts';
import { Tx } from './tx.ts';

/** One claim's answer: BLND stroops it would pay, or the contract's error where it reverts. */
export type ClaimableAmount =
  | { readonly ok: true; readonly amount: bigint }
  | { readonly ok: false; readonly error: { readonly contract: string; readonly code: number } };

export interface ClaimableQuery {
  /** The claiming user (logical name). */
  readonly user: Address;
  /** Ledger time of the claim (seconds); before a record's last time the contract's u64 subtraction panics (WasmVm 6). */
  readonly timestamp: bigint;
  /** A backstop and the pools whose backstop emissions to ask for (one claim each). */
  readonly backstop?: { readonly contract: Address; readonly pools: readonly Address[] };
  /** Pools and the reserve token ids (reserve_index * 2 + 1 for b tokens, + 0 for d tokens) to ask for. */
  readonly pools?: readonly { readonly contract: Address; readonly reserveTokenIds: readonly number[] }[];
}

export interface ClaimableResult {
  readonly backstop: readonly ({ readonly pool: Address } & ClaimableAmount)[];
  readonly pools: readonly ({ readonly pool: Address; readonly reserveTokenId: number } & ClaimableAmount)[];
}

/**
 * Run `body` at time `t` in a transaction that is always rolled back. A ContractError (the
 * contract's revert: `{contract, code}`, a Rust panic as WasmVm 6) is the answer; any other
 * exception is a model bug and propagates.
 */
function simulate(w: World, t: bigint, body: (ctx: Ctx) => bigint): ClaimableAmount {
  const tx = new Tx();
  const events: ModelEvent[] = [];
  try {
    tx.put(w, 'now', t);
    return { ok: true, amount: body({ w, p: w.profile, tx, events }) };
  } catch (e) {
    if (e instanceof ContractError) return { ok: false, error: { contract: e.contract, code: e.code } };
    throw e;
  } finally {
    tx.rollback();
  }
}

/**
 * `claimable(world, query)`: per backstop pool, the BLND stroops the backstop's `claim(user,
 * [pool], 0)` would take from the user's accrual (including its update of the pool's emission
 * index to t; in v2 these are deposited into the Comet LP, the amount here is the BLND before the
 * deposit); per pool reserve token id, the BLND stroops the pool's `claim(user, [id], user)` would
 * pay. Each is its own claim. Errors (as the contracts revert): backstop BadRequest (1000) for a v2
 * pool that never had emissions; WasmVm 6 for v1's division by zero where every share is queued;
 * NegativeAmountError (Backstop 8, Pool 8) where the user's index is above the pool's; the Comet's errors (e.g. ErrMaxInRatio 17) and
 * Token BalanceError (10) / AllowanceError (9) where the payment itself fails; pool BadRequest
 * (1200) for an unknown reserve. The world is left exactly as it was.
 */
export function claimable(w: World, q: ClaimableQuery): ClaimableResult {
  const backstop: ({ readonly pool: Address } & ClaimableAmount)[] = [];
  if (q.backstop !== undefined) {
    const bs = w.backstops.get(q.backstop.contract);
    if (bs === undefined) throw new Error(`model: no backstop ${q.backstop.contract}`);
    for (const pool of q.backstop.pools) {
      const r = simulate(w, q.timestamp, (root) => {
        const ctx: Ctx = bs.profile === undefined ? root : { ...root, p: bs.profile };
        backstopClaim(ctx, bs, q.user, [pool], 0n, q.user);
        const ev = ctx.events.find((e) => e.topic === 'claim' && e.contract === 'backstop');
        return ev !== undefined && 'claimed' in ev ? ev.claimed : 0n;
      });
      backstop.push({ pool, ...r });
    }
  }
  const pools: ({ readonly pool: Address; readonly reserveTokenId: number } & ClaimableAmount)[] = [];
  for (const pq of q.pools ?? []) {
    const p = w.pools.get(pq.contract);
    if (p === undefined) throw new Error(`model: no pool ${pq.contract}`);
    const profile = w.backstops.get(p.backstop)?.profile;
    for (const id of pq.reserveTokenIds) {
      const r = simulate(w, q.timestamp, (root) =>
        poolClaim(profile === undefined ? root : { ...root, p: profile }, p, q.user, [id], q.user),
      );
      pools.push({ pool: pq.contract, reserveTokenId: id, ...r });
    }
  }
  return { backstop, pools };
}
