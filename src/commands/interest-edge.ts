/**
 * A reserve's accrual whose accrued interest is exactly k x 2^64 units (issue 19's pool survivor
 * `func163 +1536 lt->le`): Reserve::load (pool/src/pool/reserve.rs) computes `accrued_interest =
 * total_liabilities (at the new d_rate) - pre_update_liabilities`; the compiled i128 subtraction
 * borrows from the high half where the new liabilities' low half is under the old one's, and the
 * mutant borrows where they are equal too: only an accrued of exactly k x 2^64 (k >= 1; an accrued
 * of 0 is skipped by `accrue`'s `accrued > 0` either way) tells it apart (its accrued is then
 * (k - 1) x 2^64: no backstop credit and no b_rate change for k = 1). A random sequence never
 * lands there; this chain does, with amounts computed from the live world: a user holding nothing
 * in the pool supplies collateral in the enabled reserve of the most decimals, borrows the amount
 * whose liabilities, after an accrual `seconds` later, have grown by exactly 2^64 units
 * (`edgeBorrow`, searched over the seconds: the accrued grows with the d tokens by about the
 * accrual's growth per unit, under one unit a step, within a rate's plateau), waits those seconds,
 * supplies one token (the accrual), and gives everything back.
 *
 * Asked for by a repay command's reserve seed (src/commands/pool.ts `Submit`), one seed in `ONE_IN`
 * by bits 16-18 (the value `ASK`; 7 is the supply-edge chain's), only where bits 14-15 do not ask for
 * a utilisation chain, and only in a world with a disabled reserve (the world option
 * `secondReserve`, spec/worlds.ts: `mutate`'s default for the pool): no other choice of a repay
 * reads those bits, so this reach adds no draw, and the default world's streams stay as they were;
 * a seed under 2^16 (what fast-check shrinks towards) asks for none.
 * Units: amounts in the reserve's units; seconds.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import { loadReserve, toAssetFromB, toAssetFromD, toDTokenUp, totalLiabilities, type ReserveData } from '../../model/pool/reserve.ts';
import type { PoolState, ReserveState, World } from '../../model/state.ts';
import { SECONDS_PER_DAY } from '../../spec/constants.ts';
import { freePoolUser, submitsOf } from './base.ts';
import { HIGH } from './pool-high.ts';
import { PoolUserChain } from './scenario.ts';
import { asksFor } from './chain-seeds.ts';

/** The first wait tried (seconds), and how many more are tried one second apart. */
export const FIRST_WAIT = SECONDS_PER_DAY;
const WAITS = 32;
/** The collateral supplied: this many times the borrow estimated at a utilisation of 1 / this. */
export const COLLATERAL_TIMES = 4n;
/** The largest borrow tried, as a fraction of the collateral (c_factor x l_factor = 0.5625 is the health factor's bound). */
const MAX_BORROW_NUM = 11n;
const MAX_BORROW_DEN = 20n;

/** Whether `w` has a disabled reserve (the world option `secondReserve`), where the chain is asked for. */
export function withDisabledReserve(w: World): boolean {
  for (const p of w.pools.values()) if (p.reserves.some((r) => !r.enabled)) return true;
  return false;
}

/** Whether a repay with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the interest-edge chain: bits 16-18 = 6, and no utilisation chain. */
export const interestEdgeOf = (request: RequestType, seed: number): boolean => asksFor('interest-edge', request, seed);

/**
 * The interest an accrual of reserve `r` at `now` adds to its liabilities (units): total_liabilities
 * at the new d_rate minus before; undefined where it accrues nothing (the same ledger time, no b
 * tokens, no liabilities) or the accrual fails (an i128 overflow).
 */
export function accruedInterest(r: ReserveState, bstopRate: bigint, now: bigint): bigint | undefined {
  if (now === r.lastTime || r.bSupply === 0n || r.dSupply === 0n) return undefined;
  try {
    const after = loadReserve(r, bstopRate, now);
    return totalLiabilities(after) - totalLiabilities(r);
  } catch {
    return undefined;
  }
}

/**
 * The borrow (units) from reserve `r` (as `d` has it at `now`, after the collateral) and the wait
 * (seconds) after which the reserve's accrual adds exactly k x 2^64 units of interest, k the
 * smallest reachable (1 at these sizes): for each wait from `FIRST_WAIT`, the smallest borrow up to
 * `max` whose accrued interest is at least 2^64 (a bisection: the accrued grows with the borrow,
 * but for the rounding of the two liabilities, a unit at most), taken where it is exactly 2^64;
 * undefined where no wait tried gives one (the rate's step at a utilisation step jumped over it).
 */
export function edgeBorrow(
  r: ReserveState,
  d: ReserveData,
  bstopRate: bigint,
  now: bigint,
  max: bigint,
): { amount: bigint; seconds: bigint } | undefined {
  const at = (amount: bigint, seconds: bigint): bigint | undefined =>
    accruedInterest({ ...r, ...d, dSupply: d.dSupply + toDTokenUp(d, amount) }, bstopRate, now + seconds);
  for (let w = 0; w < WAITS; w++) {
    const seconds = FIRST_WAIT + BigInt(w);
    const top = at(max, seconds);
    if (top === undefined || top < HIGH) return undefined;
    let lo = 1n;
    let hi = max;
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      const x = at(mid, seconds);
      if (x === undefined) return undefined;
      if (x >= HIGH) hi = mid;
      else lo = mid + 1n;
    }
    if (at(lo, seconds) === HIGH) return { amount: lo, seconds };
  }
  return undefined;
}

/** The index of `p`'s enabled reserve of the most decimals (the first of them), -1 without one. */
export function widestEnabled(p: PoolState): number {
  let i = -1;
  p.reserves.forEach((r, j) => {
    if (r.enabled && (i < 0 || r.scalar > p.reserves[i]!.scalar)) i = j;
  });
  return i;
}

/**
 * The collateral (units) to supply in reserve `r` of `p` at `now`: `COLLATERAL_TIMES` times the
 * borrow whose interest over `FIRST_WAIT` at the reserve's rate at a utilisation of 1 /
 * `COLLATERAL_TIMES` would be `interest` (units; 2^64 unless told: the accrual factor of that rate,
 * read off the model's `loadReserve` on a reserve of that utilisation), at least 2^64. Also the
 * emission-credit chain's (src/commands/emission-credit.ts), for a backstop credit past 2^64.
 */
export function collateralOf(r: ReserveState, bstopRate: bigint, now: bigint, interest = HIGH): bigint {
  const unit = HIGH;
  const probe: ReserveState = {
    ...r,
    bSupply: COLLATERAL_TIMES * unit,
    dSupply: unit,
    bRate: 10n ** 12n,
    dRate: 10n ** 12n,
    lastTime: now,
  };
  const grown = accruedInterest(probe, bstopRate, now + FIRST_WAIT);
  if (grown === undefined || grown <= 0n) return unit;
  // the borrow B with B x grown / unit = interest, in units: unit x interest / grown
  const borrow = (unit * interest) / grown;
  return borrow * COLLATERAL_TIMES > unit ? borrow * COLLATERAL_TIMES : unit;
}

/**
 * The chain: on a pool that lets borrows through (status 0 or 1) with a user holding nothing there
 * (the candidates picked by `poolSeed` and `userSeed`), in its enabled reserve of the most decimals,
 * the user supplies `collateralOf`'s collateral and borrows `edgeBorrow`'s amount, the time advances
 * its seconds, the user supplies one token (the accrual at the edge), then repays twice what it owes
 * (the excess refunded) and withdraws twice its collateral (capped). Where no edge is found, the
 * collateral alone is supplied and withdrawn.
 */
export class InterestEdgeChain extends PoolUserChain {
  describe(): string {
    return 'scenario.pool_interest_edge()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => interestEdgeChain(w, this);
}

function* interestEdgeChain(w: World, c: InterestEdgeChain): Generator<Action, void, undefined> {
  const start = freePoolUser(w, c.poolSeed, c.userSeed, (p) => widestEnabled(p) >= 0);
  if (start === undefined) return;
  const { pool, p, user } = start;
  const i = widestEnabled(p);
  const submit = submitsOf(pool, user, i);
  const dataAt = (): ReserveData => loadReserve(p.reserves[i]!, p.bstopRate, w.now);
  const collateral = collateralOf(p.reserves[i]!, p.bstopRate, w.now);
  yield submit('supply', collateral);
  const posted = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (posted > 0n) {
    const max = (toAssetFromB(dataAt(), posted) * MAX_BORROW_NUM) / MAX_BORROW_DEN;
    const edge = edgeBorrow(p.reserves[i]!, dataAt(), p.bstopRate, w.now, max);
    if (edge !== undefined) {
      yield submit('borrow', edge.amount);
      yield { fn: 'advance_time', seconds: edge.seconds };
      // the accrual at the edge, in a supply the contract accepts
      yield submit('supply', p.reserves[i]!.scalar);
    }
  }
  const owed = p.positions.get(user)?.liabilities.get(i) ?? 0n;
  if (owed > 0n) yield submit('repay', 2n * toAssetFromD(dataAt(), owed));
  const left = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (left > 0n) yield submit('withdraw', 2n * toAssetFromB(dataAt(), left));
}
