/**
 * A reserve's utilisation at the boundaries of the pool's interest code (issue 19's pool survivors:
 * pool/src/pool/interest.rs `calc_accrual`, with its target, its 95% kink and its r_three branch;
 * pool/src/pool/reserve.rs `require_utilization_below_max` and `_below_100`). Random submits seldom
 * move a reserve past a utilisation of about 0.56 (one user's own collateral, c_factor x l_factor
 * = 0.5625, backs at most that), so the target (0.75), the kink and max_util (0.95) and 100% are
 * reached here on purpose: a borrower given collateral in the pool's other reserve borrows exactly
 * up to the utilisation asked for (the largest amount whose utilisation, rounded up as the pool
 * rounds it, is that value), time passes, and a supply of one token brings the reserve's interest up
 * to date (its b and d rates and rate modifier are stored and compared).
 *
 * Asked for by a borrow or repay command's reserve seed (src/commands/pool.ts `Submit`; a random
 * repay mostly finds no debt), one seed in `ONE_IN` by bits of it the command's other choices do
 * not read (`utilisationOf`), so that this reach adds no draw: the random stream, and every
 * recorded seed and path of other commands, stay as they were; a seed under 2^14 (what fast-check shrinks towards) asks for none.
 * Units: amounts in the reserve's units; utilisation 7-decimal fixed point; seconds.
 */
import type { Action } from '../../model/actions.ts';
import {
  dataOf,
  loadReserve,
  totalLiabilities,
  totalSupply,
  toBTokenDown,
  toDTokenUp,
  toEffectiveAssetFromB,
  toEffectiveAssetFromD,
  utilization,
  type ReserveData,
} from '../../model/pool/reserve.ts';
import type { Address, PoolState, ReserveConfig, ReserveState, World } from '../../model/state.ts';
import { IR_MOD_MIN, SCALAR_7, SECONDS_PER_DAY, UTIL_KINK } from '../../spec/constants.ts';
import { Scenario } from './scenario.ts';

const S7 = SCALAR_7.value;

/** The utilisation a chain brings the reserve to (`kind`), read off the reserve's configuration. */
export const UTILISATION_KINDS = ['target', 'max', 'over-target', 'full'] as const;
export type UtilisationKind = (typeof UTILISATION_KINDS)[number];

/** Seed bits (above these) that choose whether a borrow or a repay is a utilisation chain. */
const SELECT_SHIFT = 14;
/** One borrow or repay seed in this many (by bits 14-15) asks for a chain. */
const ONE_IN = 4;
/**
 * The seconds between the borrow and the accrual, by two bits of the seed: an hour, a day, a week,
 * thirty days (interest visible in the 12-decimal rates after any of them; the rate modifier moves
 * by (util - target) x seconds x reactivity).
 */
const GAPS: readonly bigint[] = [SECONDS_PER_DAY / 24n, SECONDS_PER_DAY, 7n * SECONDS_PER_DAY, 30n * SECONDS_PER_DAY];

/**
 * The utilisation chain a borrow's or a repay's reserve seed (a `fc.nat({ max: 2^20 })`) asks for,
 * or undefined: bits 14-15 both set (one seed in 4) ask for one, bits 17-18 choose its kind, bits
 * 10-11 its gap, bit 12 whether it ends with the rate modifier's fall at its rounding edge (`fallEdge`).
 */
export function utilisationOf(seed: number): { kind: UtilisationKind; gap: bigint; fall: boolean } | undefined {
  if (((seed >>> SELECT_SHIFT) & (ONE_IN - 1)) !== ONE_IN - 1) return undefined;
  return { kind: UTILISATION_KINDS[(seed >>> 17) & 3]!, gap: GAPS[(seed >>> 10) & 3]!, fall: ((seed >>> FALL_BIT) & 1) === 1 };
}

/** The seed bit (a borrow's or repay's reserve seed) that asks a chain for the rate modifier's fall at its rounding edge. */
const FALL_BIT = 12;
/** The most multiples of SCALAR_7 `fallEdge` tries. */
const FALL_TRIES = 20_000;

/**
 * The rate modifier's fall at its rounding edge (issue 19's pool mutant `func163 +992 const-1`:
 * calc_accrual's `util_dif_scaled.fixed_mul_ceil(reactivity, SCALAR_7)` under the target, where
 * the product Δt x (util - target) x reactivity is negative and rounded towards 0): the seconds Δt
 * after which the product's magnitude Q is at most F + 1 under the next multiple of SCALAR_7,
 * F = floor(Q / SCALAR_7) the fall, so that the fall is the largest one whose quotient still rounds
 * down (a divisor one less than SCALAR_7 counts one more), with the modifier left at least
 * IR_MOD_MIN + 1 above the fall (not clamped). Undefined at or above the target, or when no Δt of
 * the first FALL_TRIES multiples fits. `d` is the reserve as the accrual will read it.
 */
export function fallEdge(c: ReserveConfig, d: ReserveData): { seconds: bigint; fall: bigint } | undefined {
  const u = utilization(d);
  if (u <= 0n || u >= c.util || c.reactivity <= 0n) return undefined;
  return fallEdgeAt((c.util - u) * c.reactivity, d.irMod);
}

/**
 * `fallEdge`'s search for a product that grows by `step` (Q) per second from a modifier `irMod`
 * (both SCALAR_7): for K = F + 1 from ceil(step / SCALAR_7) + 1 upwards (at most FALL_TRIES values,
 * each leaving irMod - K at least IR_MOD_MIN), the least seconds Δt with Q = Δt x step at least
 * K (SCALAR_7 - 1); the first K whose Q is at most K SCALAR_7 - 1 with floor(Q / SCALAR_7) = K - 1.
 * Q - K (SCALAR_7 - 1) is r_K = (-K (SCALAR_7 - 1)) mod step, and Q <= K SCALAR_7 - 1 is r_K <= K - 1:
 * r_K falls by (SCALAR_7 - 1) mod step per K until it wraps (adds step), so the Ks between two
 * candidates (r_K <= K - 1, or the wrap) are skipped at once; every K the plain loop accepts is still
 * tried first, in order (test/commands/fall-edge.test.ts holds it to the plain loop). Undefined when no K fits.
 */
export function fallEdgeAt(step: bigint, irMod: bigint): { seconds: bigint; fall: bigint } | undefined {
  const a = S7 - 1n;
  const first = (step + S7 - 1n) / S7 + 1n;
  const maxK = irMod - IR_MOD_MIN.value;
  const end = first + BigInt(FALL_TRIES) <= maxK ? first + BigInt(FALL_TRIES) : maxK + 1n;
  const fallPerK = a % step;
  let k = first;
  let r = (step - ((k * a) % step)) % step;
  while (k < end) {
    if (r <= k - 1n) {
      const q = k * a + r;
      if (q / S7 === k - 1n) return { seconds: q / step, fall: k - 1n };
    }
    // the Ks to the next candidate: r_K - j fallPerK <= K + j - 1, or r_K's wrap, whichever is first
    let j = r >= k ? (r - k + 1n + fallPerK) / (fallPerK + 1n) : 1n;
    if (fallPerK > 0n && j > r / fallPerK + 1n) j = r / fallPerK + 1n;
    k += j;
    r -= j * fallPerK;
    if (r < 0n) r += step;
  }
  return undefined;
}

/** The seconds of the accrual at 100% utilisation after the liabilities passed the supply (an hour: the rate at 1.0 against 1.0 + 1e-7 differs by r_three x 2e-6 a year, some 340 units of the 12-decimal d_rate an hour at the default r_three). */
const FULL_GAP = SECONDS_PER_DAY / 24n;
/** The most doublings of FULL_GAP `fullAfter` tries (2^40 hours, far past any crossing of a reserve with a backstop take). */
const FULL_TRIES = 40;

/**
 * The fewest seconds after which reserve `r` (as stored), brought up to date by a supply of `supply`
 * units (its b tokens minted rounded down, as `submit` mints them), stores liabilities at or above its
 * supply, so that the next accrual reads a utilisation of exactly SCALAR_7 (pool/src/pool/reserve.rs
 * `utilization`'s `liabilities >= supply` arm; issue 19's pool mutant `func159 +134 const+1`, 1.0 + 1e-7
 * in its place). Borrows and withdrawals are refused at 100% (`require_utilization_below_100`,
 * InvalidUtilRate), so only interest gets there: the backstop's take (`bstopRate`) raises the
 * liabilities faster than the supply, by the take times the interest. 0 when `r` is there already;
 * undefined without liabilities, without b tokens, without a take, or past FULL_TRIES doublings.
 */
export function fullAfter(r: ReserveState, bstopRate: bigint, now: bigint, supply: bigint): bigint | undefined {
  const storedAt = (seconds: bigint): boolean => {
    const d = loadReserve(r, bstopRate, now + seconds);
    return utilization({ ...d, bSupply: d.bSupply + toBTokenDown(d, supply) }) >= S7;
  };
  if (r.dSupply <= 0n || r.bSupply <= 0n) return undefined;
  if (utilization(dataOf(r)) >= S7) return 0n;
  if (bstopRate <= 0n) return undefined;
  let hi = FULL_GAP;
  for (let i = 0; i < FULL_TRIES && !storedAt(hi); i++) hi *= 2n;
  if (!storedAt(hi)) return undefined;
  // the first second there (liabilities grow with the seconds)
  let lo = hi / 2n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (storedAt(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** `d` after a borrow of `amount` (the d tokens minted rounded up, as `submit` mints them). */
const afterBorrow = (d: ReserveData, amount: bigint): ReserveData => ({ ...d, dSupply: d.dSupply + toDTokenUp(d, amount) });

/**
 * The largest borrow whose utilisation after it is at most `util` (7 decimals), or undefined when
 * even 1 unit is over. Starts from util x supply - liabilities and steps by 1 unit each way (the
 * d-token rounding moves the liabilities by at most a unit or two).
 */
export function borrowTo(d: ReserveData, util: bigint): bigint | undefined {
  const supply = totalSupply(d);
  let b = (util * supply) / S7 - totalLiabilities(d);
  if (b < 1n) b = 1n;
  for (let i = 0; i < 64 && b > 1n && utilization(afterBorrow(d, b)) > util; i++) b--;
  if (utilization(afterBorrow(d, b)) > util) return undefined;
  for (let i = 0; i < 64 && utilization(afterBorrow(d, b + 1n)) <= util; i++) b++;
  return b;
}

/** The reserve `i` of `pool` brought up to now (in memory only). */
const dataAt = (w: World, pool: PoolState, i: number): ReserveData => loadReserve(pool.reserves[i]!, pool.bstopRate, w.now);

/**
 * What `user` must add to reserve `collateral` (its units) so that, with a further borrow of
 * `borrow` in reserve `reserve`, its effective collateral is at least 1.25 times its effective
 * liabilities (every price 1.0, pool/src/pool/health_factor.rs; compared at 18 decimals).
 */
export function collateralFor(w: World, pool: PoolState, user: Address, reserve: number, borrow: bigint, collateral: number): bigint {
  const E = 10n ** 18n;
  const pos = pool.positions.get(user);
  let have = 0n;
  let owe = 0n;
  pool.reserves.forEach((r, i) => {
    const b = pos?.collateral.get(i) ?? 0n;
    const dt = pos?.liabilities.get(i) ?? 0n;
    if (b === 0n && dt === 0n) return;
    const d = dataAt(w, pool, i);
    have += (toEffectiveAssetFromB(r.config, d, b) * E) / r.scalar;
    owe += (toEffectiveAssetFromD(r.config, d, dt) * E) / r.scalar;
  });
  const ra = pool.reserves[reserve]!;
  owe += (((borrow * S7) / ra.config.lFactor + 1n) * E) / ra.scalar;
  const short = (owe * 5n) / 4n - have;
  if (short <= 0n) return 0n;
  const rc = pool.reserves[collateral]!;
  // underlying = effective / c_factor, in the collateral reserve's units, plus one token of margin
  return (((short * S7) / rc.config.cFactor) * rc.scalar) / E + rc.scalar;
}

/**
 * A borrow of `reserve` in `pool` by `from` to utilisation `kind`: 1,000 tokens supplied first
 * by another user where the reserve has under 100 tokens; the borrower's collateral in the pool's
 * other reserve; the borrow to exactly the target (`target`), exactly max_util (`max`, then 1 unit
 * more, refused: InvalidUtilRate 1207), midway between the target and the kink (`over-target`), or
 * exactly max_util and then the largest supplier's withdrawal to 100% (refused: InvalidUtilRate)
 * and to 99% (accepted; above the kink, where r_three applies) (`full`); then `gap` seconds and a
 * supply of one token by the borrower (the accrual); with `full`, the seconds until interest carries
 * the liabilities past the supply (`fullAfter`) and a supply of one token, then an hour and one more
 * (an accrual at exactly 100%); then a token more of collateral, a token more
 * by the supplier, a third of the debt repaid (d tokens as an amount: about a third at a d_rate
 * near 1), with `fall` the seconds to the rate modifier's fall at its rounding edge and a supply of
 * one token (the accrual under the target), the rest repaid with an excess (the refund), and the supplier's and the borrower's
 * supplies withdrawn with an excess. Fewer actions where the pool has one reserve.
 */
export class UtilisationChain extends Scenario {
  constructor(
    readonly pool: Address,
    readonly reserve: number,
    readonly from: Address,
    readonly other: Address,
    readonly kind: UtilisationKind,
    readonly gap: bigint,
    /** After the third of the debt repaid (the utilisation under the target), wait for the rate modifier's fall at its rounding edge (`fallEdge`) and accrue. */
    readonly fall = false,
  ) {
    super();
  }
  describe(): string {
    return `scenario.utilisation(${this.kind}, reserve ${this.reserve}, +${this.gap} s${this.fall ? ', fall' : ''})`;
  }
  protected script = (w: World): Generator<Action, void, undefined> => utilisationChain(w, this);
}

function* utilisationChain(w: World, c: UtilisationChain): Generator<Action, void, undefined> {
  const pool = w.pools.get(c.pool);
  if (pool === undefined || pool.reserves.length < 2) return;
  const a = c.reserve;
  const r = pool.reserves[a];
  if (r === undefined) return;
  const collateral = a === 0 ? 1 : 0;
  const submit = (from: Address, request: 'supply' | 'withdraw' | 'borrow', reserveIndex: number, amount: bigint): Action => ({
    fn: 'pool.submit',
    pool: c.pool,
    from,
    request,
    reserveIndex,
    amount,
  });
  if (totalSupply(dataAt(w, pool, a)) < 100n * r.scalar) yield submit(c.other, 'supply', a, 1000n * r.scalar);
  const util = c.kind === 'target' ? r.config.util : c.kind === 'over-target' ? (r.config.util + UTIL_KINK.value) / 2n : r.config.maxUtil;
  const want = borrowTo(dataAt(w, pool, a), util);
  if (want === undefined) return;
  const extra = collateralFor(w, pool, c.from, a, want, collateral);
  if (extra > 0n) yield submit(c.from, 'supply', collateral, extra);
  // read again: the supply may have accrued the other reserve only, but time is the same
  const b = borrowTo(dataAt(w, pool, a), util);
  if (b === undefined) return;
  yield submit(c.from, 'borrow', a, b);
  if (c.kind === 'max') {
    const over = borrowTo(dataAt(w, pool, a), util + 1n);
    if (over !== undefined) yield submit(c.from, 'borrow', a, over);
  }
  if (c.kind === 'full') {
    // the largest holder of the reserve's b tokens withdraws to 100% (refused), then to 99%
    let holder: Address | undefined;
    let most = 0n;
    for (const [u, pos] of pool.positions) {
      const x = pos.collateral.get(a) ?? 0n;
      if (x > most && (pos.liabilities.size === 0 || u === c.other)) [holder, most] = [u, x];
    }
    if (holder !== undefined) {
      const d = dataAt(w, pool, a);
      const supply = totalSupply(d);
      const liabilities = totalLiabilities(d);
      yield submit(holder, 'withdraw', a, supply - liabilities);
      const at99 = supply - (liabilities * S7) / (S7 - S7 / 100n);
      if (at99 > 0n) yield submit(holder, 'withdraw', a, at99);
    }
  }
  yield { fn: 'advance_time', seconds: c.gap };
  yield submit(c.from, 'supply', a, r.scalar);
  if (c.kind === 'full') {
    // the liabilities past the supply by interest alone (`fullAfter`), then an accrual that reads a
    // utilisation of exactly 1.0: the supply of a token when they get there, an hour, another
    const at = fullAfter(r, pool.bstopRate, w.now, r.scalar);
    if (at !== undefined) {
      if (at > 0n) {
        yield { fn: 'advance_time', seconds: at };
        yield submit(c.from, 'supply', a, r.scalar);
      }
      yield { fn: 'advance_time', seconds: FULL_GAP };
      yield submit(c.from, 'supply', a, r.scalar);
    }
  }
  // then the positions the chain made grow and shrink once more (in an 18-decimal reserve they are
  // past 2^64 units: the i128 additions and subtractions of their high halves): the collateral a
  // token more, the supplier's a token more, a third of the debt repaid
  const rc = pool.reserves[collateral]!;
  yield submit(c.from, 'supply', collateral, rc.scalar);
  yield submit(c.other, 'supply', a, r.scalar);
  const repay = (amount: bigint): Action => ({ fn: 'pool.submit', pool: c.pool, from: c.from, request: 'repay', reserveIndex: a, amount });
  const debt = pool.positions.get(c.from)?.liabilities.get(a) ?? 0n;
  if (debt > 2n) yield repay(debt / 3n);
  if (c.fall) {
    // the utilisation now under the target: the rate modifier falls at its rounding edge in the next accrual
    const edge = fallEdge(r.config, dataAt(w, pool, a));
    if (edge !== undefined) {
      yield { fn: 'advance_time', seconds: edge.seconds };
      yield submit(c.from, 'supply', a, r.scalar);
    }
  }
  // then everything, with an excess (refunded): twice the d tokens left, at a d_rate under 2; and
  // the supplier's and the borrower's supply withdrawn with an excess (the whole balance burnt)
  const left = pool.positions.get(c.from)?.liabilities.get(a) ?? 0n;
  if (left > 0n) yield repay(2n * left);
  const supplied = pool.positions.get(c.other)?.collateral.get(a) ?? 0n;
  if (supplied > 0n) yield submit(c.other, 'withdraw', a, 2n * supplied);
  const posted = pool.positions.get(c.from)?.collateral.get(collateral) ?? 0n;
  if (posted > 0n) yield submit(c.from, 'withdraw', collateral, 2n * posted);
}
