/**
 * Conservation on the pool side, as an equation: every stroop of BLND that reached a pool (its
 * gulps' `amount`, the pool's 30% taken from the backstop) is, after every pool action, in exactly
 * one named place, or in a remainder the contracts' floors left, bounded by the floors the ghost
 * counted. Continues BLND-CONS-003 (properties/conservation.ts), which follows each allocated stroop
 * as far as the pool's allowance.
 *
 * The places are read from the state (the implementation's) with the model's pure functions
 * (`reserveEmissionDataAt`, `poolUserAccruedAt`), the flows and the floor counts from the ghost
 * (src/harness/ghost.ts `PoolLedger`: the pool gulp and claim events, and each accepted pool
 * action's `Before.pool`), never from the implementation's counters or stored times.
 *
 * Checked after every accepted pool action (gulp, claim, submit): only these and the passing of
 * time move BLND between the places, and the places are read at the ledger's time (each index
 * brought up to now), so a step that only advances time moves nothing the equation sees.
 *
 * Profiles: all three. blend-v1's pool side follows the v2 pool arithmetic (spec/profiles.ts: the
 * v1 pool's 7-decimal reserve EPS is not modelled), so its places and floors are v2's; what reaches
 * a v1 pool is its `gulp_pool_emissions` allowance, taken by the same pool gulp. Pools whose reserve
 * emissions began before the run (a loaded snapshot's) are not followed (`preexistingReserves`).
 */
import { EMISSION_PERIOD, SCALAR_7 } from '../spec/constants.ts';
import { ContractError } from '../model/errors.ts';
import { poolUserAccruedAt, reserveEmissionDataAt, tokenBalance, tokenSupply } from '../model/pool/distributor.ts';
import type { Address, PoolState } from '../model/state.ts';
import { isAcceptedCallOf } from './preconditions.ts';
import type { Property, Step } from './types.ts';

/** The reserve EPS scale: eps is 14-decimal BLND per second, so eps x seconds is stroops x SCALAR_7. */
const E = SCALAR_7.value;
const WEEK = EMISSION_PERIOD.value;

/** The pool actions that move BLND between a pool's places (EPS set, index, checkpoint, claim). */
const POOL_MOVING = ['pool.gulp_emissions', 'pool.claim', 'pool.submit'] as const;

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** The places of the BLND in a pool's reserves at time `now`, read from the state (eps x seconds where named so, else stroops). */
export interface ReservePlaces {
  /** Not yet emitted: Σ over reserve tokens of eps x (expiration - last time), the index brought up to `now`. */
  readonly inEpsEpsSeconds: bigint;
  /** Accrued in a reserve index, not yet to a user: Σ over holders of what `poolUserAccruedAt` adds to their stored accrual. */
  readonly inIndex: bigint;
  /** Accrued to users: Σ the stored `accrued` of every user emission record. */
  readonly accrued: bigint;
  /** What bringing each index up to `now` can floor: Σ ceil(supply / scalar) over the tokens whose index moves (eps x seconds). */
  readonly indexFloorEpsSeconds: bigint;
  /** Holders whose accrual `inIndex` floored (each under 1 stroop). */
  readonly floored: number;
}

/**
 * `pool`'s reserve places at `now` (seconds), or a message where the state cannot hold them: a
 * token's Σ user balances not its supply (the index floor's bound assumes it), a last time after
 * `now`, or a user whose index is above the reserve's (the contract's NegativeAmountError, Pool 8).
 */
export function reservePlaces(pool: PoolState, now: bigint): ReservePlaces | string {
  let inEpsEpsSeconds = 0n;
  let inIndex = 0n;
  let accrued = 0n;
  let indexFloorEpsSeconds = 0n;
  let floored = 0;
  for (const [id, d] of pool.emisData) {
    const r = pool.reserves[Math.floor(id / 2)];
    if (r === undefined) return `${pool.address}: emission data for res_token ${id}, which has no reserve`;
    const supply = tokenSupply(r, id);
    if (d.lastTime > now) return `${pool.address}: res_token ${id}'s emissions were last updated at ${d.lastTime}, after now (${now})`;
    const at = reserveEmissionDataAt(d, now, supply, r.scalar);
    if (at !== d) indexFloorEpsSeconds += ceilDiv(supply, r.scalar);
    if (at.lastTime < at.expiration) inEpsEpsSeconds += at.eps * (at.expiration - at.lastTime);
    let held = 0n;
    for (const user of pool.positions.keys()) {
      const balance = tokenBalance(pool, user, id);
      if (balance === 0n) continue;
      held += balance;
      const u = pool.userEmis.get(user)?.get(id);
      let a: bigint;
      try {
        a = poolUserAccruedAt(u, at.index, balance, r.scalar);
      } catch (e) {
        if (e instanceof ContractError) return `${pool.address}: ${user}'s index on res_token ${id} is above the reserve's ${at.index}`;
        throw e;
      }
      const stored = u?.accrued ?? 0n;
      if (a !== stored || u === undefined || u.index !== at.index) floored++;
      inIndex += a - stored;
    }
    if (held !== supply) return `${pool.address}: res_token ${id}'s holders hold ${held}, its supply is ${supply}`;
  }
  for (const ues of pool.userEmis.values()) for (const ue of ues.values()) accrued += ue.accrued;
  return { inEpsEpsSeconds, inIndex, accrued, indexFloorEpsSeconds, floored };
}

/**
 * `pool`'s equation, in eps x seconds (stroops x SCALAR_7):
 *   reached x E == in EPS + (in index + accrued + claimed + not allocated by a gulp) x E
 *                  + lost with no supply + remainder,
 * with 0 <= remainder <= the floors' bound. Null where it holds, or where the ghost does not know the
 * pool's history (reserve emissions from before the run); else a message naming every place.
 *
 * The floors, from the contracts' arithmetic (blend-contracts-v2 pool/src/emissions/):
 * - manager.rs `update_reserve_emission_eps`, per EPS set: the carried tokens
 *   floor(eps x (expiration - now) / SCALAR_7) leave under 1 stroop (E), and
 *   eps = floor(tokens x SCALAR_7 / 7 days) leaves under 7 days of eps x seconds: E + 604,800;
 * - distributor.rs `update_emission_data`, per index update: index += floor(dt x eps x scalar /
 *   supply) leaves under supply / scalar eps x seconds (Σ user balances == supply, checked);
 * - distributor.rs `update_user_emissions`, per user checkpoint with a balance (and per holder's
 *   accrual read here): floor(balance x Δindex / (scalar x SCALAR_7)) leaves under 1 stroop (E).
 * Every floor rounds down, so the remainder is never negative: places holding more than reached is
 * a violation however small. The gulps' unallocated part is itself held to its floors (manager.rs
 * `do_gulp_emissions`: each of n reserve tokens takes floor(floor(share x SCALAR_7 / total) x
 * amount / SCALAR_7), under amount / SCALAR_7 + 1 stroops short; all of it where no configured
 * reserve is enabled), so a gulp that strands BLND is not excused by naming it.
 */
export function reserveEquation(s: Step, pool: Address): string | null {
  if (s.ghost.preexistingReserves.has(pool)) return null;
  const p = s.world.pools.get(pool);
  if (p === undefined) return null;
  const at = reservePlaces(p, s.world.now);
  if (typeof at === 'string') return at;
  const g = s.ghost.poolLedger(pool);
  if (g.gulpUnallocated < 0n || g.gulpUnallocated > g.gulpUnallocatedBound)
    return `${pool}: its gulps left ${g.gulpUnallocated} of ${g.reached} stroops to no reserve, outside [0, ${g.gulpUnallocatedBound}] (the reserve shares' floors, or all of a gulp with no enabled reserve configured)`;
  const stroops = at.inIndex + at.accrued + g.claimedPool + g.gulpUnallocated;
  const remainder = g.reached * E - (stroops * E + at.inEpsEpsSeconds + g.reserveLostEpsSeconds);
  const places = (): string =>
    `in EPS ${at.inEpsEpsSeconds / E}, in index ${at.inIndex}, accrued ${at.accrued}, claimed ${g.claimedPool}, ` +
    `not allocated by a gulp ${g.gulpUnallocated}, lost with no supply ${g.reserveLostEpsSeconds / E}; ` +
    `${g.reserveEpsSets} EPS sets, ${g.reserveIndexUpdates} index updates, ${g.reserveCheckpoints + at.floored} user floors`;
  if (remainder < 0n)
    return `${pool}: the reserve places hold ${-remainder} eps x seconds (${ceilDiv(-remainder, E)} stroops) more than the ${g.reached} stroops gulped (${places()})`;
  const bound =
    BigInt(g.reserveEpsSets) * (E + WEEK) +
    g.reserveIndexFloorEpsSeconds +
    at.indexFloorEpsSeconds +
    BigInt(g.reserveCheckpoints + at.floored) * E;
  if (remainder <= bound) return null;
  return `${pool}: ${remainder / E} of the ${g.reached} stroops gulped are in no place, over the ${bound / E} the floors can leave (${places()})`;
}

export const poolConservationProperties: readonly Property[] = [
  {
    id: 'BLND-CONS-005',
    claim:
      "Every stroop a pool gulped is, after every pool action, in exactly one place: in a reserve's EPS, in a reserve index, accrued to a user, claimed, not allocated by the gulp, lost with no supply, or a remainder within what the counted floors can leave.",
    rules: ['POOL-EPS', 'POOL-CLAIM', 'ROUND-FLOOR'],
    fns: POOL_MOVING,
    applies: (s) => isAcceptedCallOf(s, POOL_MOVING) && !s.ghost.preexistingReserves.has(s.action.pool),
    check: (s) => (isAcceptedCallOf(s, POOL_MOVING) ? reserveEquation(s, s.action.pool) : null),
  },
];
