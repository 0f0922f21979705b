/**
 * Conservation as equations, not bounds: every stroop a backstop allocated to a pool is, after every
 * step, in exactly one named place, and a backstop's BLND balance is exactly what it received less
 * what it paid. The places are read from the state (the implementation's), the flows from the
 * ghost (src/harness/ghost.ts); the rounding remainder is named and bounded by the flooring
 * operations the ghost counted, each by what its floor can leave.
 *
 * The pool side is followed by BLND-CONS-005 (properties/conservation-pool.ts): what a pool gulp
 * took from the allowance (its `amount`) is split, per pool, into the reserve tokens' EPS not yet
 * emitted, the accrual their indices imply and users' stored accrual (read with the pure
 * `reserveEmissionDataAt` and `poolUserAccruedAt` of model/pool/distributor.ts), pool claims, the
 * gulp's unallocated part, eps x seconds lost with no supply, and a remainder bounded by the pool's
 * counted floors (the ghost's `PoolLedger` reserve counts). The allowance itself stays one place here.
 */
import { EMISSION_PERIOD } from '../spec/constants.ts';
import { userAccruedAt } from '../model/backstop/distributor.ts';
import type { Address, BackstopState } from '../model/state.ts';
import type { Profile } from '../spec/profiles.ts';
import { isAcceptedCallOf } from './preconditions.ts';
import { eg, type PoolLedgerView, type Property, type Step } from './types.ts';

const WEEK = EMISSION_PERIOD.value;

/** The steps that move BLND between a pool's places (allocation, gulp, index, checkpoint, claim). */
const MOVING = [
  'backstop.distribute',
  'backstop.gulp_emissions',
  'backstop.deposit',
  'backstop.queue_withdrawal',
  'backstop.dequeue_withdrawal',
  'backstop.withdraw',
  'backstop.claim',
  'pool.gulp_emissions',
  'pool.claim',
] as const;
/** The steps that move BLND into or out of a backstop's balance. */
const PAYING = ['emitter.distribute', 'emitter.swap_backstop', 'backstop.drop', 'emitter.drop', 'backstop.claim', 'pool.claim'] as const;

/** The places of the BLND allocated to one pool (stroops, except `inEpsEpsSeconds`: eps x seconds, eps-scaled). */
export interface PoolPlaces {
  /** Allocated by distributions, not yet gulped (`RzEmissions.accrued`). */
  readonly allocated: bigint;
  /** In the depositors' EPS, not yet emitted into the index: eps x (expiration - last update). */
  readonly inEpsEpsSeconds: bigint;
  /** Accrued to depositors: checkpointed plus what the stored index implies since (`userAccruedAt`, floored per user). */
  readonly accrued: bigint;
  /** Users whose index-implied accrual was floored here (each floor leaves under 1 stroop). */
  readonly floored: number;
  /** The pool's 30%: the backstop's BLND allowance to it, not yet claimed by its users. */
  readonly allowance: bigint;
  /** A user whose index is above the pool's (the contract's NegativeAmountError), if any. */
  readonly negative?: Address;
}

/** The places of `pool`'s BLND in backstop `bs`, read from the state with the model's accrual function. */
export function poolPlaces(bs: BackstopState, pool: Address, accrualScale: bigint): PoolPlaces {
  const d = bs.emisData.get(pool);
  const inEpsEpsSeconds = d !== undefined && d.lastTime < d.expiration ? d.eps * (d.expiration - d.lastTime) : 0n;
  const ues = bs.userEmisData.get(pool);
  const ubs = bs.userBalances.get(pool);
  let accrued = 0n;
  let floored = 0;
  let negative: Address | undefined;
  if (d !== undefined && ubs !== undefined)
    for (const [user, ub] of ubs) {
      const a = userAccruedAt(ues?.get(user), ub.shares, d.index, accrualScale);
      if (a === undefined) negative = user;
      else accrued += a;
      if (ub.shares > 0n) floored++;
    }
  if (ues !== undefined) for (const [user, ue] of ues) if (d === undefined || ubs?.has(user) !== true) accrued += ue.accrued;
  return {
    allocated: bs.rzEmis.get(pool)?.accrued ?? 0n,
    inEpsEpsSeconds,
    accrued,
    floored,
    allowance: bs.allowances.get(pool) ?? 0n,
    negative,
  };
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** The pools whose places a step can move: the touched ones of its backstop, and a pool claim's pool. */
function touchedPools(s: Step): Iterable<Address> {
  const a = s.action;
  if (a.fn === 'pool.claim') return [a.pool];
  return s.before.backstop?.pools.keys() ?? [];
}

/** The profile a backstop's contract follows (a migration's v2 backstop in a v1 world has its own). */
const profileOf = (s: Step, bs: BackstopState): Profile => bs.profile ?? s.profile;

/**
 * `pool`'s account: allocated == allocated-not-gulped + in the EPS + accrued + allowance + claimed
 * by depositors + claimed by users + forfeited + lost with no shares + split remainder + the rest,
 * which the floors left: `remainderE` (times the EPS scale `E`), to be
 * in [0, `accountBound` x `E`]. Undefined for a pool whose history the ghost does not know (a snapshot's,
 * v1's claim to another user); a message for a user whose index is above the pool's.
 * `owner`: the pool's backstop where the caller has it. The bound and the places' text are built
 * from the account only when the remainder is not 0 (`accountBound`, `accountPlaces`).
 */
export function poolAccount(s: Step, pool: Address, owner?: BackstopState): PoolAccount | string | undefined {
  let bs = owner;
  if (bs === undefined) {
    const address = s.world.pools.get(pool)?.backstop;
    bs = address === undefined ? undefined : s.world.backstops.get(address);
  }
  if (bs === undefined || s.ghost.preexisting.has(pool)) return undefined;
  // a v1 claim credited to another `to` over-pays that pool's depositors (spec/known-defects.ts
  // V1-CLAIM-TO, reported by BLND-CKPT-001 and bounded by BLND-CONS-002): its equation no longer holds
  if ((s.ghost.claimToExcess?.get(pool) ?? 0n) > 0n) return undefined;
  const p = profileOf(s, bs);
  const E = p.epsScale?.value ?? 1n;
  const A = p.accrualScale.value;
  const at = poolPlaces(bs, pool, A);
  if (at.negative !== undefined) return `${pool}: ${at.negative}'s emission index is above the pool's`;
  const g = s.ghost.poolLedger(pool);
  const stroops = at.allocated + at.accrued + at.allowance + g.claimedBackstop + g.claimedPool + g.splitRemainder;
  const epsSeconds = at.inEpsEpsSeconds + g.forfeitedEpsSeconds + g.lostNoSharesEpsSeconds;
  // everything times the EPS scale (the EPS places are eps x seconds)
  const remainderE = epsSeconds === 0n ? (g.allocated - stroops) * E : g.allocated * E - (stroops * E + epsSeconds);
  return { remainderE, E, A, at, g };
}

/** A pool's account (`poolAccount`): the remainder times the EPS scale `E`, the accrual scale `A`, its places and its ghost ledger. */
export interface PoolAccount {
  readonly remainderE: bigint;
  readonly E: bigint;
  readonly A: bigint;
  readonly at: PoolPlaces;
  readonly g: PoolLedgerView;
}

/**
 * The most the floors can leave of a pool's account (stroops): each EPS set floors the carried
 * remainder (< 1) and eps (< 7 days / the EPS scale: v2 < 1, v1 < 604,800 stroops); each index
 * update under its non-queued shares / the accrual scale; each user checkpoint, and each user's
 * index-implied accrual above, under 1. (eps's floor is not taken from the EPS events: under
 * `check` the events are the model's and the state the implementation's, and an implementation
 * that sets another EPS would be charged the model's floor.)
 */
export const accountBound = ({ E, A, at, g }: PoolAccount): bigint =>
  BigInt(g.epsSets) * (1n + ceilDiv(WEEK, E)) + ceilDiv(g.indexShares, A) + BigInt(g.indexUpdates + g.userCheckpoints + at.floored);

/** The places of a pool's account, as a message's text. */
export const accountPlaces = ({ E, at, g }: PoolAccount): string =>
  `allocated-not-gulped ${at.allocated}, in EPS ${at.inEpsEpsSeconds / E}, accrued ${at.accrued}, allowance ${at.allowance}, ` +
  `claimed ${g.claimedBackstop}+${g.claimedPool}, forfeited ${g.forfeitedEpsSeconds / E}, lost-no-shares ${g.lostNoSharesEpsSeconds / E}, ` +
  `split remainder ${g.splitRemainder}; ${g.epsSets} EPS sets, ${g.indexUpdates} index updates, ` +
  `${g.userCheckpoints + at.floored} user floors`;

/** `pool`'s equation (`poolAccount`), or null where it holds. */
export function poolEquation(s: Step, pool: Address, owner?: BackstopState): string | null {
  const a = poolAccount(s, pool, owner);
  if (a === undefined) return null;
  if (typeof a === 'string') return a;
  const { remainderE, E } = a;
  if (remainderE === 0n) return null;
  const bound = accountBound(a);
  if (remainderE > 0n && remainderE <= bound * E) return null;
  const allocated = a.g.allocated;
  return remainderE < 0n
    ? `${pool}: the places hold ${-remainderE / E} stroops more than the ${allocated} allocated (${accountPlaces(a)})`
    : `${pool}: ${remainderE / E} of ${allocated} allocated stroops are in no place, over the ${bound} the floors can leave (${accountPlaces(a)})`;
}

export const conservationProperties: readonly Property[] = [
  {
    id: 'BLND-CONS-003',
    claim:
      'Every stroop allocated to a pool is, after every step, in exactly one place: allocated not gulped, in an EPS, accrued to a depositor, the allowance, claimed, forfeited, lost with no shares, or a named remainder within what the counted floors can leave.',
    rules: ['DIST-PRORATA', 'GULP-SPLIT', 'GULP-EPS', 'GULP-CARRY', 'Q4W-NOEARN', 'CLAIM-EXACT', 'POOL-CLAIM', 'ROUND-FLOOR'],
    fns: MOVING,
    applies: (s) => isAcceptedCallOf(s, MOVING),
    check: (s) => {
      const b = s.before.backstop;
      const owner = b === undefined || s.action.fn === 'pool.claim' ? undefined : s.world.backstops.get(b.address);
      for (const pool of touchedPools(s)) {
        const msg = poolEquation(s, pool, owner);
        if (msg !== null) return msg;
      }
      return null;
    },
  },
  {
    id: 'BLND-CONS-004',
    claim:
      "A backstop's BLND balance is exactly what the emitter minted to it (distributions and its drop) less what its claims and its pools' claims paid.",
    rules: ['EMIT-RATE', 'BF-DROP', 'BF-CLAIM', 'CLAIM-EXACT', 'POOL-CLAIM'],
    fns: PAYING,
    applies: (s) => isAcceptedCallOf(s, PAYING),
    check: (s) => {
      for (const bs of s.world.backstops.values()) {
        const l = s.ghost.backstopLedger(bs.address);
        const expected = (s.ghost.receivedByBackstop.get(bs.address) ?? 0n) - l.paid;
        if (bs.blnd !== expected) {
          // where the rest of it is: unallocated (received, not distributed), backfilled ahead of the drop
          const unallocated = l.fromEmitter - (l.distributed - l.backfilled);
          return `${bs.address} holds ${eg(expected, bs.blnd)} BLND stroops (from the emitter ${l.fromEmitter}, dropped ${l.dropped}, paid ${l.paid}; unallocated ${unallocated}, backfilled ${l.backfilled})`;
        }
      }
      return null;
    },
  },
];
