/**
 * Three of the pool's i128 edges past 2^64 that only amounts of 2^64 units or more meet (issue 19's
 * pool survivors `func227 +38 lt->le`, `func163 +1708 add->sub` and `func157 +472 gt->ge`), reached
 * on purpose:
 * - an emission index step of exactly one: update_emission_data (pool/src/emissions/distributor.rs)
 *   adds `additional_idx = elapsed x eps x 10^decimals / supply` (fixed_mul_floor, whose i128
 *   division `__udivti3` compares `n < d` for a divisor of 2^64 or more; the mutant's `n <= d` gives
 *   0 where n == d). Only a b or d token supply of 2^64 or more equal to elapsed x eps x 10^decimals
 *   tells it apart: the stored index is then one higher in the contract than in the mutant. The chain
 *   supplies the amount that brings a reserve's b token supply to exactly s x eps x 10^decimals
 *   (`emissionEdge`: the least s from which that is 2^64 or more and above the supply), waits s
 *   seconds and supplies one token (the b token's emission update over those s seconds);
 * - a backstop credit of 2^64 units or more added to: Reserve::load's `accrue` (pool/src/pool/
 *   reserve.rs) adds `backstop_credit += new_backstop_credit`, whose compiled high half `old.hi +
 *   new.hi` the mutant turns into `new.hi - old.hi` (then the i128 overflow test traps). The chain
 *   supplies collateral and borrows a quarter of it, sized so that a day's interest takes the
 *   backstop's share (`bstop_rate`) past 2^64 (`collateralOf`, src/commands/interest-edge.ts), waits
 *   the day, supplies one token (the accrual that takes the credit past 2^64), waits a second and
 *   supplies one token more (an accrual adding to a credit past 2^64).
 * - with `allowance`, a withdrawal of exactly 2^64 units through `submit_with_allowance`:
 *   handle_transfer_with_allowance (pool/src/pool/submit.rs) sums the pool's outward transfers per
 *   asset in an i128 map, whose carry test over an amount with a low half of 0 the mutant `func157
 *   +472 gt->ge` gets wrong (it sends 2^64 units more). The chain supplies, in a reserve whose pool
 *   holds under 2^62 units (`lowCashReserve`), what brings the pool to 1.5 x 2^64 units and
 *   withdraws 2^64 with the allowance: the mutant's 2^65 then exceeds what the pool holds (the
 *   reserve assets' balances are not in the compared state, so the kill is the refused transfer).
 * Every amount and wait is read off the live world. Counted by src/commands/reach.ts, keys
 * `emission-credit: ...`.
 *
 * Asked for by a repay command's reserve seed (src/commands/pool.ts `Submit`), one seed in `ONE_IN`
 * by bits 16-18 (the value `ASK`; 7 is the supply-edge chain's, 6 the interest-edge chain's), only
 * where bits 14-15 do not ask for a utilisation chain: no other choice of a repay reads those bits,
 * so this reach adds no draw; a seed under 2^16 (what fast-check shrinks towards) asks for none.
 * Units: amounts in the reserve's units; eps 14 decimals (stroops x 10^7 per second); seconds.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import {
  loadReserve,
  toAssetFromB,
  toAssetFromD,
  toBTokenDown,
  totalLiabilities,
  totalSupply,
  type ReserveData,
} from '../../model/pool/reserve.ts';
import type { Address, PoolState, World } from '../../model/state.ts';
import { SCALAR_7, SCALAR_12, SECONDS_PER_DAY } from '../../spec/constants.ts';
import { freePoolUser, submitsOf } from './base.ts';
import { COLLATERAL_TIMES, FIRST_WAIT, collateralOf, widestEnabled } from './interest-edge.ts';
import { HIGH } from './pool-high.ts';
import { PoolUserChain, distributeBoth } from './scenario.ts';
import { asksFor } from './chain-seeds.ts';

/** How many waits are tried, one second apart, from the least (`emissionEdge`). */
const WAITS = 16n;
/** The backstop credit aimed at after the day's accrual: this many 2^64 units (a margin over 2^64). */
const CREDIT_HIGHS = 2n;

/** Whether a repay with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the emission-credit chain: bits 16-18 = 5, and no utilisation chain. */
export const emissionCreditOf = (request: RequestType, seed: number): boolean => asksFor('emission-credit', request, seed);

/**
 * What the pool holds of reserve `d`'s asset (units), as its books say: the total supply and the
 * backstop credit less the total liabilities (within a few units of rounding of its token balance).
 */
export const poolCash = (d: ReserveData): bigint => totalSupply(d) + d.backstopCredit - totalLiabilities(d);

/**
 * The enabled reserve of `p` whose pool holds under 2^62 units of its asset at `now` (`poolCash`), the
 * first of them; -1 without one.
 */
export function lowCashReserve(p: PoolState, now: bigint): number {
  return p.reserves.findIndex((r) => {
    const cash = poolCash(loadReserve(r, p.bstopRate, now));
    return r.enabled && cash >= 0n && cash < HIGH / 4n;
  });
}

/** Whether `p` is in its backstop's reward zone (where a pool gulp finds emissions to take). */
const inRewardZone = (w: World, p: PoolState): boolean => w.backstops.get(p.backstop)?.rewardZone.includes(p.address) === true;

/** Whether `p` configures emissions for the b token of an enabled reserve. */
const bEmissions = (p: PoolState): boolean =>
  [...p.emissionConfig.keys()].some((id) => id % 2 === 1 && p.reserves[id >> 1]?.enabled === true);

/**
 * The enabled reserve of `p` whose b token emits at `now` (its emission data's eps above 0 and
 * expiration after `now`), the one of the most decimals (the first of them); -1 without one.
 */
export function emittingReserve(p: PoolState, now: bigint): number {
  let i = -1;
  p.reserves.forEach((r, j) => {
    const e = p.emisData.get(2 * j + 1);
    if (!r.enabled || e === undefined || e.eps <= 0n || e.expiration <= now || e.lastTime >= e.expiration) return;
    if (i < 0 || r.scalar > p.reserves[i]!.scalar) i = j;
  });
  return i;
}

/**
 * The supply (units) into reserve `i` of `p` at `now` that brings its b token supply to exactly s x
 * eps x 10^decimals (2^64 or more, above the supply now), and that wait s (seconds, the emission
 * still running at now + s): the least s from which that supply is 2^64 or more and above the
 * supply now, and the next `WAITS` - 1 where no amount mints exactly the b tokens missing
 * (floor(amount x 10^12 / b_rate)); undefined where the reserve's b token does not emit, or no wait
 * tried gives one.
 */
export function emissionEdge(p: PoolState, i: number, now: bigint): { amount: bigint; seconds: bigint } | undefined {
  const r = p.reserves[i];
  const e = p.emisData.get(2 * i + 1);
  if (r === undefined || e === undefined || e.eps <= 0n) return undefined;
  const d = loadReserve(r, p.bstopRate, now);
  if (d.bRate <= 0n) return undefined;
  const step = e.eps * r.scalar;
  const floor = d.bSupply >= HIGH ? d.bSupply + 1n : HIGH;
  const least = (floor + step - 1n) / step;
  for (let s = least > 0n ? least : 1n; s < least + WAITS; s++) {
    if (now + s > e.expiration) return undefined;
    const bAdd = s * step - d.bSupply;
    let amount = (bAdd * d.bRate + SCALAR_12.value - 1n) / SCALAR_12.value;
    while (amount > 0n && toBTokenDown(d, amount) > bAdd) amount--;
    if (toBTokenDown(d, amount) === bAdd) return { amount, seconds: s };
  }
  return undefined;
}

/**
 * The chain: on a pool that lets borrows through (status 0 or 1) with a user holding nothing there
 * (the candidates picked by `poolSeed` and `userSeed`): in its emitting reserve of the most decimals
 * (`emittingReserve`), the user supplies `emissionEdge`'s amount, the time advances its seconds, the
 * user supplies one token (the index step of one) and withdraws twice its collateral (capped); then
 * in its enabled reserve of the most decimals, with a backstop rate above 0, the user supplies
 * `collateralOf`'s collateral for a day's interest whose backstop share is `CREDIT_HIGHS` x 2^64,
 * borrows a quarter of it, the time advances a day, the user supplies one token (the credit past
 * 2^64), the time advances a second, the user supplies one token (an accrual adding to it), repays
 * twice what it owes (the excess refunded) and withdraws twice its collateral (capped). A part whose
 * reserve or edge is missing is left out.
 */
export class EmissionCreditChain extends PoolUserChain {
  constructor(
    poolSeed: number,
    userSeed: number,
    /** Whether the chain starts with the withdrawal through `submit_with_allowance` (where the implementation announces `pool.submit_requests`). */
    readonly allowance = false,
  ) {
    super(poolSeed, userSeed);
  }
  describe(): string {
    return 'scenario.pool_emission_credit()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => emissionCreditChain(w, this);
}

function* emissionCreditChain(w: World, c: EmissionCreditChain): Generator<Action, void, undefined> {
  /** Repay twice what `user` owes in reserve `i` of `pool` and withdraw twice its collateral there. */
  function* giveBack(pool: Address, p: PoolState, user: Address, i: number): Generator<Action, void, undefined> {
    const submit = submitsOf(pool, user, i);
    const owed = p.positions.get(user)?.liabilities.get(i) ?? 0n;
    if (owed > 0n) yield submit('repay', 2n * toAssetFromD(loadReserve(p.reserves[i]!, p.bstopRate, w.now), owed));
    const posted = p.positions.get(user)?.collateral.get(i) ?? 0n;
    if (posted > 0n) yield submit('withdraw', 2n * toAssetFromB(loadReserve(p.reserves[i]!, p.bstopRate, w.now), posted));
  }
  // the emission index step of one, on a pool with an emitting reserve
  const emitting = freePoolUser(w, c.poolSeed, c.userSeed, (p) => bEmissions(p) && inRewardZone(w, p));
  if (emitting !== undefined) {
    const { pool, p, user } = emitting;
    if (emittingReserve(p, w.now) < 0) {
      // the emissions ran out: a day on (the pool gulp's 24 h), the distributions and the pool's gulp
      yield { fn: 'advance_time', seconds: SECONDS_PER_DAY };
      yield* distributeBoth(w, p.backstop);
      yield { fn: 'pool.gulp_emissions', pool };
    }
    const e = emittingReserve(p, w.now);
    const edge = e < 0 ? undefined : emissionEdge(p, e, w.now);
    if (edge !== undefined) {
      const submit = submitsOf(pool, user, e);
      yield submit('supply', edge.amount);
      yield { fn: 'advance_time', seconds: edge.seconds };
      yield submit('supply', p.reserves[e]!.scalar);
      yield* giveBack(pool, p, user, e);
    }
  }
  const start = freePoolUser(w, c.poolSeed, c.userSeed, (p) => widestEnabled(p) >= 0);
  if (start === undefined) return;
  const { pool, p, user } = start;
  // a withdrawal of exactly 2^64 through submit_with_allowance, leaving the pool under 2^64 units of the asset
  const a = c.allowance ? lowCashReserve(p, w.now) : -1;
  if (a >= 0) {
    const submit = submitsOf(pool, user, a);
    yield submit('supply', HIGH + HIGH / 2n - poolCash(loadReserve(p.reserves[a]!, p.bstopRate, w.now)));
    yield { fn: 'pool.submit', pool, from: user, request: 'withdraw', reserveIndex: a, amount: HIGH, withAllowance: true };
    yield* giveBack(pool, p, user, a);
  }
  // the backstop credit past 2^64, then added to
  const i = widestEnabled(p);
  if (p.bstopRate <= 0n) return;
  const submit = submitsOf(pool, user, i);
  const interest = (CREDIT_HIGHS * HIGH * SCALAR_7.value) / p.bstopRate;
  yield submit('supply', collateralOf(p.reserves[i]!, p.bstopRate, w.now, interest));
  const posted = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (posted > 0n) {
    yield submit('borrow', toAssetFromB(loadReserve(p.reserves[i]!, p.bstopRate, w.now), posted) / COLLATERAL_TIMES);
    yield { fn: 'advance_time', seconds: FIRST_WAIT };
    yield submit('supply', p.reserves[i]!.scalar);
    yield { fn: 'advance_time', seconds: 1n };
    yield submit('supply', p.reserves[i]!.scalar);
  }
  yield* giveBack(pool, p, user, i);
}
