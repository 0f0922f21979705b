/**
 * The pool's minimum collateral, reached at its edge (issue 19's pool survivor `func156 +247`):
 * validate_submit (pool/src/pool/submit.rs) refuses a borrow or a collateral withdrawal whose
 * effective collateral is under the pool's min_collateral (MinCollateralNotMet, 1224), after the
 * health factor check. The generated pools are deployed with 2 base units (spec/constants.ts
 * POOL_MIN_COLLATERAL), where that check is never decisive; a position at exactly 2 passes, where a
 * `<=` would refuse it. This chain makes one: a user holding nothing in the pool posts collateral
 * worth exactly 2 base units (7 decimals, every price 1.0) in a reserve of 8 or more decimals and
 * borrows one unit of it (a liability of 1 base unit: a health factor of 2.0), then repays and
 * withdraws everything, so the user holds nothing again. Counted by src/commands/reach.ts, key
 * `min-collateral: ...`.
 *
 * Asked for by a borrow command's reserve seed (src/commands/pool.ts `Submit`), one seed in
 * `ONE_IN` by bits 16-18, only where bits 14-15 do not ask for a utilisation chain (which reads
 * bits 17-18 then): no other choice of a borrow reads them, so this reach adds no draw; a seed
 * under 2^16 (what fast-check shrinks towards) asks for none.
 * The oracle variant (session 19, src/commands/oracle.ts), in a world with a disabled reserve: the
 * borrow comes with the reserve asset's price exactly 24 h old (moved off 1.0 where bit 19 of the
 * seed asks, the collateral then worth exactly the minimum at that price), then a borrow and a
 * withdrawal with it 24 h + 1 s old (InvalidPrice, 1210), then the live 1.0 feed again.
 * Units: amounts in the reserve's units; base units 7-decimal fixed point.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import {
  loadReserve,
  toAssetFromB,
  toAssetFromD,
  toBTokenDown,
  toEffectiveAssetFromB,
  toEffectiveAssetFromD,
  toDTokenUp,
  type ReserveData,
} from '../../model/pool/reserve.ts';
import type { PoolState, World } from '../../model/state.ts';
import { ORACLE_PRICE, POOL_MIN_COLLATERAL, SCALAR_7 } from '../../spec/constants.ts';
import { canAge, dayOld, priceOf, staleThenLive } from './oracle.ts';
import { freePoolUser, submitsOf } from './base.ts';
import { PoolUserChain } from './scenario.ts';
import { asksFor } from './chain-seeds.ts';

/** Whether a borrow with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the minimum-collateral chain: bits 16-18 set, and no utilisation chain. */
export const minCollateralOf = (request: RequestType, seed: number): boolean => asksFor('min-collateral', request, seed);

/** The effective collateral of `bTokens` b tokens in base units, as calculate_from_positions counts it (price x asset / scalar, down; price 7 decimals). */
const collateralBase = (p: PoolState, i: number, d: ReserveData, bTokens: bigint, price = ORACLE_PRICE.value): bigint =>
  (price * toEffectiveAssetFromB(p.reserves[i]!.config, d, bTokens)) / p.reserves[i]!.scalar;

/** The effective liability of `dTokens` d tokens in base units (price x asset / scalar, up). */
const liabilityBase = (p: PoolState, i: number, d: ReserveData, dTokens: bigint, price = ORACLE_PRICE.value): bigint => {
  const v = price * toEffectiveAssetFromD(p.reserves[i]!.config, d, dTokens);
  const s = p.reserves[i]!.scalar;
  return (v + s - 1n) / s;
};

/**
 * The units of reserve `i` whose supply as collateral is worth exactly `POOL_MIN_COLLATERAL` base
 * units (b tokens floor(amount / b_rate), then c_factor and the price, down): from the middle of
 * that base unit's range, a few steps either way; undefined where none is found.
 */
export function minCollateralSupply(p: PoolState, i: number, d: ReserveData, price = ORACLE_PRICE.value): bigint | undefined {
  const r = p.reserves[i]!;
  const target = POOL_MIN_COLLATERAL.value;
  // (target + 1/2) base units of effective collateral, in units before the collateral factor
  const effective = ((2n * target + 1n) * r.scalar) / (2n * price);
  let amount = (effective * SCALAR_7.value) / r.config.cFactor + 1n;
  for (let step = 0; step < 16; step++) {
    const base = collateralBase(p, i, d, toBTokenDown(d, amount), price);
    if (base === target) return amount;
    amount += base < target ? amount / 8n + 1n : -(amount / 8n + 1n);
    if (amount <= 0n) return undefined;
  }
  return undefined;
}

/**
 * The chain: on a pool that lets borrows through (status 0 or 1) with a reserve of 8 or more
 * decimals and a user holding nothing there (the candidates picked by `poolSeed` and `userSeed`),
 * the user supplies the collateral worth exactly the minimum (`minCollateralSupply`) in the reserve
 * of the fewest decimals of 8 or more, borrows one unit of it (a liability of 1 base unit), then repays twice what
 * it owes (the excess refunded) and withdraws twice its collateral (capped at the balance). Nothing
 * where no pool offers that. Each amount is read off the live world.
 */
export class MinCollateralChain extends PoolUserChain {
  describe(): string {
    return 'scenario.pool_min_collateral()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => minCollateralChain(w, this);
}

/**
 * The index of `p`'s enabled reserve of the fewest decimals among those where one unit is a liability
 * of 1 base unit (8 decimals or more, at `price`), else -1 (a disabled reserve takes no supply: in a
 * world with one, `--second-reserve on`, session 19 left it out; the default world has none). The fewest: a borrow of one unit may be the reserve's
 * whole d supply, and the emission index over it grows with the scalar (an 18-decimal reserve's
 * index then passes i128: WasmVm#6 in the contract and the model alike).
 */
function widestReserve(w: World, p: PoolState, price = ORACLE_PRICE.value): number {
  let i = -1;
  p.reserves.forEach((r, j) => {
    const d = loadReserve(r, p.bstopRate, w.now);
    if (r.enabled && liabilityBase(p, j, d, toDTokenUp(d, 1n), price) === 1n && (i < 0 || r.scalar < p.reserves[i]!.scalar)) i = j;
  });
  return i;
}

function* minCollateralChain(w: World, c: MinCollateralChain): Generator<Action, void, undefined> {
  // the oracle variant (src/commands/oracle.ts): the price the chain meets the minimum at
  const priced = c.oracleSeed !== undefined && canAge(w.now);
  const price = priced ? priceOf(c.oracleSeed!) : ORACLE_PRICE.value;
  const start = freePoolUser(w, c.poolSeed, c.userSeed, (p) => widestReserve(w, p, price) >= 0);
  if (start === undefined) return;
  const { pool, p, user } = start;
  const i = widestReserve(w, p, price);
  const asset = p.reserves[i]!.asset;
  const dataAt = (): ReserveData => loadReserve(p.reserves[i]!, p.bstopRate, w.now);
  const submit = submitsOf(pool, user, i);
  const supply = minCollateralSupply(p, i, dataAt(), price);
  if (supply === undefined) return;
  yield submit('supply', supply);
  // the borrow with the price exactly 24 h old (accepted), then the stale pair and the live feed
  if (priced) yield dayOld(asset, price, w.now);
  yield submit('borrow', 1n);
  if (priced) yield* staleThenLive(asset, price, w.now, submit);
  const owed = p.positions.get(user)?.liabilities.get(i) ?? 0n;
  if (owed > 0n) yield submit('repay', 2n * toAssetFromD(dataAt(), owed));
  const posted = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (posted > 0n) yield submit('withdraw', 2n * toAssetFromB(dataAt(), posted));
}
