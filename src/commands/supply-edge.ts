/**
 * A reserve's accrual landing its new total supply on exactly k x 2^64 units (issue 19's pool
 * survivor `func163 +1787 gt->ge`): Reserve::load's `accrue` (pool/src/pool/reserve.rs) sets
 * b_rate = (pre_update_supply + accrued - new_backstop_credit) / b_supply; the compiled i128
 * subtraction of the credit borrows from the high half where the credit's low half is greater than
 * the sum's, and the mutant borrows where they are equal too: only a value X = sum - credit of
 * exactly k x 2^64 (low half 0) tells it apart (its b_rate is then computed from X - 2^64). A random
 * sequence never lands there; this chain does, with amounts computed from the live world:
 * a user holding nothing in the pool supplies 2^64 units of collateral in the reserve of the most
 * decimals and borrows 2^63 (so the reserve accrues), then supplies the amount that puts the total
 * supply, after an accrual `seconds` later, on the next multiple of 2^64 (`edgeSupply`, searched
 * over the seconds: the total supply moves in steps of b_rate / 10^12 units), waits those seconds,
 * supplies 2^64 units more (the accrual; the b tokens it mints read the new b_rate), and gives
 * everything back. Counted by src/commands/reach.ts, key
 * `supply-edge: an accrual whose new total supply (before the b_rate division) is exactly k x 2^64 units`.
 *
 * Asked for by a repay command's reserve seed (src/commands/pool.ts `Submit`), one seed in `ONE_IN`
 * by bits 16-18, only where bits 14-15 do not ask for a utilisation chain (which reads bits 17-18
 * then): no other choice of a repay reads them, so this reach adds no draw; a seed under 2^16 (what
 * fast-check shrinks towards) asks for none.
 * Units: amounts in the reserve's units; seconds.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import {
  dataOf,
  loadReserve,
  toAssetFromB,
  toAssetFromD,
  toBTokenDown,
  totalLiabilities,
  totalSupply,
  type ReserveData,
} from '../../model/pool/reserve.ts';
import type { PoolState, ReserveState, World } from '../../model/state.ts';
import { SCALAR_12 } from '../../spec/constants.ts';
import { freePoolUser, submitsOf } from './base.ts';
import { HIGH } from './pool-high.ts';
import { PoolUserChain } from './scenario.ts';
import { asksFor } from './chain-seeds.ts';

/** The first wait tried (seconds), and how many more are tried one second apart. */
const FIRST_WAIT = 3600n;
const WAITS = 64;

/** Whether a repay with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the supply-edge chain: bits 16-18 set, and no utilisation chain. */
export const supplyEdgeOf = (request: RequestType, seed: number): boolean => asksFor('supply-edge', request, seed);

/**
 * What an accrual of reserve `r` at `now` leaves as pre_update_supply + accrued - new_backstop_credit
 * (the value b_rate is then computed from; units), or undefined where it accrues nothing (the same
 * ledger time, no b tokens, no liabilities, or no interest).
 */
export function accrualValue(r: ReserveState, bstopRate: bigint, now: bigint): bigint | undefined {
  const before = dataOf(r);
  const after = loadReserve(r, bstopRate, now);
  const accrued = totalLiabilities(after) - totalLiabilities(before);
  if (now === r.lastTime || accrued <= 0n) return undefined;
  return totalSupply(before) + accrued - (after.backstopCredit - before.backstopCredit);
}

/**
 * The supply (units) into a reserve loaded as `d` that brings its total supply (to_asset_from_b_token
 * of its b supply, floor(b x b_rate / 10^12)) to exactly `target` units: the b total whose total
 * supply is `target`, and the amount minting exactly the b tokens missing (floor(amount x 10^12 /
 * b_rate), pool/src/pool/reserve.rs `to_b_token_down`); undefined where no b total or no amount
 * gives it (a b_rate over 10^12 skips some totals), or where the target is not above the b supply.
 */
export function supplyTo(d: ReserveData, target: bigint): bigint | undefined {
  const bTotal = (target * SCALAR_12.value + d.bRate - 1n) / d.bRate;
  if ((bTotal * d.bRate) / SCALAR_12.value !== target || bTotal <= d.bSupply) return undefined;
  const bAdd = bTotal - d.bSupply;
  let amount = (bAdd * d.bRate + SCALAR_12.value - 1n) / SCALAR_12.value;
  while (toBTokenDown(d, amount) > bAdd) amount--;
  return toBTokenDown(d, amount) === bAdd ? amount : undefined;
}

/**
 * The supply (units) into reserve `i` of `p`, as stored at `now`, and the wait (seconds) after which
 * the reserve's accrual gives `accrualValue` exactly k x 2^64 (k the smallest with the supply
 * positive): for each wait from `FIRST_WAIT`, the total supply aimed at k x 2^64 - (accrued -
 * credit), the accrued and credit computed again at that supply (the utilisation, and so the rate,
 * depend on it) until they repeat; undefined where no wait tried gives one.
 */
export function edgeSupply(p: PoolState, i: number, now: bigint): { amount: bigint; seconds: bigint } | undefined {
  const r = p.reserves[i]!;
  const d = loadReserve(r, p.bstopRate, now);
  if (d.dSupply === 0n || d.bRate <= 0n) return undefined;
  const supplied = totalSupply(d);
  for (let w = 0; w < WAITS; w++) {
    const seconds = FIRST_WAIT + BigInt(w);
    let net = 0n;
    for (let iter = 0; iter < 4; iter++) {
      const target = ((supplied + net) / HIGH + 1n) * HIGH - net;
      const amount = supplyTo(d, target);
      if (amount === undefined) break;
      const bTotal = d.bSupply + toBTokenDown(d, amount);
      const x = accrualValue({ ...r, ...d, bSupply: bTotal }, p.bstopRate, now + seconds);
      if (x === undefined) break;
      if (x % HIGH === 0n) return { amount, seconds };
      net = x - target;
    }
  }
  return undefined;
}

/** The index of `p`'s reserve of the most decimals (the first of them), -1 without reserves. */
export function widest(p: PoolState): number {
  let i = -1;
  p.reserves.forEach((r, j) => {
    if (i < 0 || r.scalar > p.reserves[i]!.scalar) i = j;
  });
  return i;
}

/**
 * The chain: on a pool that lets borrows through (status 0 or 1) with a user holding nothing there
 * (the candidates picked by `poolSeed` and `userSeed`), in its reserve of the most decimals, the
 * user supplies 2^64 units of collateral and borrows 2^63, supplies `edgeSupply`'s amount, the
 * time advances its seconds, the user supplies 2^64 units (the accrual at the edge), then repays
 * twice what it owes (the excess refunded) and withdraws twice its collateral (capped). It stops
 * where an action leaves nothing to go on with (a refused borrow, no edge found).
 */
export class SupplyEdgeChain extends PoolUserChain {
  describe(): string {
    return 'scenario.pool_supply_edge()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => supplyEdgeChain(w, this);
}

function* supplyEdgeChain(w: World, c: SupplyEdgeChain): Generator<Action, void, undefined> {
  const start = freePoolUser(w, c.poolSeed, c.userSeed, (p) => p.reserves.length > 0);
  if (start === undefined) return;
  const { pool, p, user } = start;
  const i = widest(p);
  const submit = submitsOf(pool, user, i);
  const dataAt = (): ReserveData => loadReserve(p.reserves[i]!, p.bstopRate, w.now);
  yield submit('supply', HIGH);
  yield submit('borrow', HIGH / 2n);
  const edge = edgeSupply(p, i, w.now);
  if (edge !== undefined) {
    yield submit('supply', edge.amount);
    yield { fn: 'advance_time', seconds: edge.seconds };
    // the accrual at the edge, in a supply the contract accepts (its b tokens read the new b_rate)
    yield submit('supply', HIGH);
  }
  const owed = p.positions.get(user)?.liabilities.get(i) ?? 0n;
  if (owed > 0n) yield submit('repay', 2n * toAssetFromD(dataAt(), owed));
  const posted = p.positions.get(user)?.collateral.get(i) ?? 0n;
  if (posted > 0n) yield submit('withdraw', 2n * toAssetFromB(dataAt(), posted));
}
