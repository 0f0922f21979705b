/**
 * The health factor at its edge (issue 19's pool survivor `func148 +408 const-1`):
 * `PositionData::calculate_from_positions` (pool/src/pool/health_factor.rs, called by
 * validate_submit, pool/src/pool/submit.rs) counts a collateral as `to_effective_asset_from_b_token`,
 * the underlying times c_factor over SCALAR_7, rounded down; the mutant divides by 9,999,999, so its
 * effective collateral is about 1e-7 larger, and a borrow the contract refuses by a hair (InvalidHf,
 * 1205) passes. A random borrow is never that close to the edge; this chain borrows exactly there,
 * with amounts computed from the live world: a user holding nothing in the pool supplies collateral
 * worth about `COLLATERAL_BASE` base units (7 decimals, every price 1.0: the mutant's surplus, some
 * 1,000 base units, is more than the step of the liability per borrowed unit, at most 13.4 base
 * units for a 6-decimal reserve) in an enabled reserve with a utilisation of at most a half, then
 * borrows from that reserve the smallest amount the health factor refuses (`edgeBorrow`, a bisection
 * on the model's own formula: refused), then that amount less one (accepted: the boundary in a pair),
 * then repays and withdraws everything, so the user holds nothing again. Before the borrows the user
 * also supplies a dust collateral worth 0 base units in another enabled reserve (`dustOf`; issue 19's
 * `func148 +494 gt->ge`: calculate_from_positions' collateral_base sum carries 1 into its high half
 * on a term of 0, so that mutant accepts the refused borrow too), withdrawn at the end.
 *
 * Asked for by a borrow command's reserve seed (src/commands/pool.ts `Submit`), one seed in `ONE_IN`
 * by bits 16-18 (the value `ASK`; 7 is the minimum-collateral chain's; bit 16 clear, so no borrow of
 * the disabled reserve, `disabledBorrowOf`, is taken), only where bits 14-15 do not ask for a
 * utilisation chain, and only in a world with a disabled reserve (the world option `secondReserve`,
 * spec/worlds.ts: `mutate`'s default for the pool): no other choice of a borrow reads those bits, so
 * this reach adds no draw, and the default world's streams stay as they were; a seed under 2^16 (what
 * fast-check shrinks towards) asks for none.
 *
 * The oracle variant (session 19, src/commands/oracle.ts), where `oracleSeed` is given: after the
 * supply the reserve asset's price is stamped now (moved off 1.0 where bit 19 of the seed asks:
 * `priceOf`), the edge is met at that price, the accepted borrow comes with the price exactly 24 h
 * old, then a borrow and a withdrawal with it 24 h + 1 s old (InvalidPrice), then the live feed.
 * Units: amounts in the reserve's units; base units 7-decimal fixed point; prices 7 decimals.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import {
  loadReserve,
  toAssetFromB,
  toAssetFromD,
  toBTokenDown,
  toDTokenUp,
  toEffectiveAssetFromB,
  toEffectiveAssetFromD,
  utilization,
  type ReserveData,
} from '../../model/pool/reserve.ts';
import type { Address, PoolState, World } from '../../model/state.ts';
import { MIN_HEALTH_FACTOR, ORACLE_PRICE, SCALAR_7 } from '../../spec/constants.ts';
import { canAge, dayOld, priceOf, setPrice, staleThenLive } from './oracle.ts';
import { freePoolUser, pick, submitsOf } from './base.ts';
import { PoolUserChain } from './scenario.ts';
import { asksFor } from './chain-seeds.ts';

/** The effective collateral the chain posts, in base units (7 decimals): 1,000 whole. */
const COLLATERAL_BASE = 10_000_000_000n;
/** The largest utilisation (7 decimals) of a reserve the chain uses: with c_factor x l_factor = 0.5625 its borrow keeps it under max_util (0.95). */
const MAX_UTIL_BEFORE = SCALAR_7.value / 2n;

/**
 * Whether a borrow with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the health-factor
 * edge chain: bits 16-18 equal to `ASK`, and no utilisation chain. The world must have a disabled
 * reserve too (`withDisabledReserve`), which src/commands/pool.ts asks.
 */
export const hfEdgeOf = (request: RequestType, seed: number): boolean => asksFor('hf-edge', request, seed);

/** A reserve asset's price at every read: ORACLE_PRICE, the world oracle's until a `set_oracle_price`. */
const FLAT = (): bigint => ORACLE_PRICE.value;

/**
 * Whether validate_submit's health check refuses `user`'s borrow of `amount` units of reserve `i`
 * of `p` at `now` (InvalidHf, 1205): calculate_from_positions over every reserve the user holds
 * (collateral down, liabilities up, each asset at `priceOf(asset)`, 7 decimals: 1.0 by default),
 * the borrow's d tokens (up) added, then `is_hf_under(1.00001)` as model/pool/positions.ts computes it.
 */
export function hfRefused(
  p: PoolState,
  user: Address,
  i: number,
  amount: bigint,
  now: bigint,
  priceAt: (asset: Address) => bigint = FLAT,
): boolean {
  const pos = p.positions.get(user);
  let collateral = 0n;
  let liability = 0n;
  p.reserves.forEach((r, j) => {
    const b = pos?.collateral.get(j) ?? 0n;
    const d0 = pos?.liabilities.get(j) ?? 0n;
    if (b === 0n && d0 === 0n && j !== i) return;
    const d = loadReserve(r, p.bstopRate, now);
    const dt = j === i ? d0 + toDTokenUp(d, amount) : d0;
    const price = priceAt(r.asset);
    if (b > 0n) collateral += (price * toEffectiveAssetFromB(r.config, d, b)) / r.scalar;
    if (dt > 0n) {
      const v = price * toEffectiveAssetFromD(r.config, d, dt);
      liability += (v + r.scalar - 1n) / r.scalar;
    }
  });
  if (liability === 0n) return false;
  return (collateral * SCALAR_7.value) / liability < (SCALAR_7.value * MIN_HEALTH_FACTOR.value) / SCALAR_7.value;
}

/**
 * The smallest borrow of reserve `i` the health factor refuses `user` (`hfRefused`), by bisection
 * between 1 and `hi`; undefined where 1 is refused already or `hi` is not.
 */
export function edgeBorrow(
  p: PoolState,
  user: Address,
  i: number,
  hi: bigint,
  now: bigint,
  priceAt: (asset: Address) => bigint = FLAT,
): bigint | undefined {
  let lo = 1n;
  if (hfRefused(p, user, i, lo, now, priceAt) || !hfRefused(p, user, i, hi, now, priceAt)) return undefined;
  // lo accepted, hi refused
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (hfRefused(p, user, i, mid, now, priceAt)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The enabled reserves of `p` with a utilisation of at most `MAX_UTIL_BEFORE` at `now`. */
function quietReserves(p: PoolState, now: bigint): number[] {
  const out: number[] = [];
  p.reserves.forEach((r, i) => {
    if (r.enabled && utilization(loadReserve(r, p.bstopRate, now)) <= MAX_UTIL_BEFORE) out.push(i);
  });
  return out;
}

/**
 * The chain: on a pool that lets borrows through (status 0 or 1) with a reserve `quietReserves`
 * names and a user holding nothing there (pool, user and reserve picked by `poolSeed` and
 * `userSeed`), the user supplies collateral worth about `COLLATERAL_BASE` base units and a dust
 * collateral worth 0 (`dustOf`, where the pool has one), borrows the smallest amount the health
 * factor refuses (`edgeBorrow`), then that amount less one, then repays twice what it owes (the
 * excess refunded) and withdraws twice its collateral and its dust (capped at the balance). Nothing
 * where no pool offers that. Each amount is read off the live world.
 */
export class HfEdgeChain extends PoolUserChain {
  describe(): string {
    return this.oracleSeed === undefined
      ? 'scenario.pool_hf_edge()'
      : `scenario.pool_hf_edge(price: ${priceOf(this.oracleSeed)}, ages: 24h, 24h + 1s)`;
  }
  protected script = (w: World): Generator<Action, void, undefined> => hfEdgeChain(w, this);
}

function* hfEdgeChain(w: World, c: HfEdgeChain): Generator<Action, void, undefined> {
  const start = freePoolUser(w, c.poolSeed, c.userSeed, (p) => quietReserves(p, w.now).length > 0);
  if (start === undefined) return;
  const { pool, p, user } = start;
  const i = pick(quietReserves(p, w.now), c.poolSeed + c.userSeed);
  const r = p.reserves[i]!;
  const dataAt = (): ReserveData => loadReserve(r, p.bstopRate, w.now);
  const submit = submitsOf(pool, user, i);
  // the underlying whose effective value (x c_factor, x price / scalar) is COLLATERAL_BASE
  const supply = (COLLATERAL_BASE * r.scalar * SCALAR_7.value) / (ORACLE_PRICE.value * r.config.cFactor) + 1n;
  yield submit('supply', supply);
  const posted = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (posted === 0n) return;
  // a dust collateral worth 0 base units in another enabled reserve (calculate_from_positions' zero term)
  const dust = dustOf(p, i, w.now, (asset) => w.oracle.get(asset)?.price ?? ORACLE_PRICE.value);
  if (dust !== undefined) yield submitsOf(pool, user, dust.j)('supply', dust.amount);
  // the oracle variant: the reserve asset's price stamped now (moved off 1.0 where the seed asks)
  const priced = c.oracleSeed !== undefined && canAge(w.now);
  const price = priced ? priceOf(c.oracleSeed!) : ORACLE_PRICE.value;
  if (priced) yield setPrice(r.asset, price, w.now);
  const edge = edgeBorrow(p, user, i, toAssetFromB(dataAt(), posted), w.now, () => price);
  if (edge !== undefined) {
    yield submit('borrow', edge);
    // exactly 24 h old: still accepted
    if (priced) yield dayOld(r.asset, price, w.now);
    if (edge > 1n) yield submit('borrow', edge - 1n);
    // 24 h + 1 s old: a borrow and a withdrawal refused (InvalidPrice), before the health factor
    if (priced) yield* staleThenLive(r.asset, price, w.now, submit);
  } else if (priced) yield setPrice(r.asset, price);
  const owed = p.positions.get(user)?.liabilities.get(i) ?? 0n;
  if (owed > 0n) yield submit('repay', 2n * toAssetFromD(dataAt(), owed));
  const left = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (left > 0n) yield submit('withdraw', 2n * toAssetFromB(dataAt(), left));
  if (dust === undefined) return;
  const d = p.reserves[dust.j]!;
  const dustLeft = p.positions.get(user)?.collateral.get(dust.j) ?? 0n;
  if (dustLeft > 0n) yield submitsOf(pool, user, dust.j)('withdraw', 2n * toAssetFromB(loadReserve(d, p.bstopRate, w.now), dustLeft) + 1n);
}

/** The most units the dust search tries (a b_rate under 3 x 10^12 mints a b token from at most 3). */
const DUST_MAX = 4n;

/**
 * A dust collateral for the chain: the first enabled reserve `j` of `p` other than `i` and the
 * smallest supply (units of `j`, at most `DUST_MAX`) that mints at least one b token whose effective
 * value in base units, price x to_effective_asset_from_b_token / scalar (7 decimals, rounded down,
 * as calculate_from_positions adds it to collateral_base), is 0; undefined where none is.
 * calculate_from_positions' collateral_base sum (pool func148, the carry at +494) then adds a term
 * of 0: the mutant `func148 +494 gt->ge` carries 1 into the high half (2^64 base units more), so it
 * accepts the edge borrow the contract refuses (InvalidHf, 1205).
 */
export function dustOf(
  p: PoolState,
  i: number,
  now: bigint,
  priceOf: (asset: string) => bigint = () => ORACLE_PRICE.value,
): { j: number; amount: bigint } | undefined {
  for (let j = 0; j < p.reserves.length; j++) {
    const r = p.reserves[j]!;
    if (j === i || !r.enabled) continue;
    const d = loadReserve(r, p.bstopRate, now);
    for (let amount = 1n; amount <= DUST_MAX; amount++) {
      const b = toBTokenDown(d, amount);
      if (b > 0n && (priceOf(r.asset) * toEffectiveAssetFromB(r.config, d, b)) / r.scalar === 0n) return { j, amount };
    }
  }
  return undefined;
}
