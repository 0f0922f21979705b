/**
 * The backstop's reward-zone threshold at its edge, for `add_reward` (src/commands/backstop.ts
 * `AddReward`, seed bits 16-19): backstop/src/backstop/pool.rs `is_pool_above_threshold` (the bundled
 * v2 backstop's `func78`) floors the pool's backstop BLND and USDC to whole tokens (`/ SCALAR_7`)
 * and compares bal_blnd^4 x bal_usdc with 1e25 (POOL_THRESHOLD_PC). The LP composition is set
 * (`set_lp_price`, the model's action) so that the pool's backstop holds exactly `THRESHOLD_BLND`
 * whole BLND and either exactly `THRESHOLD_USDC` whole USDC (`at`: on the threshold, accepted by the
 * check) or a USDC amount a few stroops under it (`under`: `THRESHOLD_USDC` - 1 whole, refused,
 * InvalidRewardZoneEntry, Backstop#1002), in the last `THRESHOLD_USDC` stroops before the whole
 * amount: there `usdc / 9_999_999` already reaches the whole amount, so a divisor 1 stroop under
 * SCALAR_7 (issue 19's backstop mutant `func78 +43 const-1`) accepts what the contract refuses, and
 * one over it (`const+1`) refuses the `at` case the contract accepts.
 *
 * The `saturated` edge (session 15) is the last `saturating_mul`'s overflow: bal_blnd^4 and bal_usdc
 * each under 2^64 (both i128 high halves 0) with a product past i128::MAX. `saturating_mul` then
 * gives i128::MAX when the operands' signs agree, compiled (func78 +364) as `(a.hi ^ b.hi) >= 0`:
 * issue 19's backstop mutant `func78 +364 ge->gt` gives i128::MIN exactly when the high halves are
 * equal, and refuses a pool the contract accepts. The composition puts `SATURATED_BLND` whole BLND
 * (B^4 under 2^64) and at least `SATURATED_USDC` whole USDC (ceil(2^127 / B^4), about 9.5e18 whole
 * USDC) in the pool's backstop: reachable where the Comet's USDC for that, usdc_per_lp x supply,
 * stays an i128 (in the whale world, whose LP supply passes 2^64, a pool of about 10^14 backstop
 * token stroops or more: there the chain first tops the pool up, `saturatedTopUp`).
 *
 * The `over` edge (session 18) is the compare's high half: 1e25 is 542,101 x 2^64 +
 * 1,590,897,978,359,414,784, and the product passes the check when its high half is over 542,101
 * or equal with the low half over 1e25's low half - 1 (func78 +380/+387). Issue 19's backstop
 * mutant `func78 +380 const+1` compares the high half with 542,102 instead, and refuses exactly the
 * products whose high half is 542,102, in [542,102 x 2^64, 542,103 x 2^64): with `THRESHOLD_BLND`
 * whole BLND (B^4 = 10^16), USDC of 10^9 + 1,686 to 10^9 + 3,530 whole. The edge puts `OVER_USDC`
 * whole USDC (the window's middle, 10^9 + 2,607) in the pool's backstop, as `at` puts
 * `THRESHOLD_USDC`.
 */
import type { Action } from '../../model/actions.ts';
import type { Address, World } from '../../model/state.ts';
import { balanceForPerLp, perLp } from '../../model/comet.ts';
import { fixedMulFloor } from '../../model/math.ts';
import { I128_MAX, POOL_THRESHOLD_PC, SCALAR_7 } from '../../spec/constants.ts';

const S7 = SCALAR_7.value;

/** Whole BLND of the edge pair (10^4): with `THRESHOLD_USDC`, bal_blnd^4 x bal_usdc is exactly 1e25. */
export const THRESHOLD_BLND = 10_000n;
/** Whole USDC of the edge pair: 1e25 / 10^16 = 10^9 (so the `under` window is 10^9 stroops wide, reachable for a pool of up to 10^16 backstop token stroops). */
export const THRESHOLD_USDC: bigint = POOL_THRESHOLD_PC.value / THRESHOLD_BLND ** 4n;

/** 2^64: the first value with an i128 high half not 0. */
const TWO_64 = 1n << 64n;
/** The i128 high half of POOL_THRESHOLD_PC (1e25 / 2^64, 542,101), the constant func78 compares the product's high half with. */
export const THRESHOLD_HIGH_HALF: bigint = POOL_THRESHOLD_PC.value / TWO_64;
/**
 * Whole USDC of the `over` pair: with `THRESHOLD_BLND`, bal_blnd^4 x bal_usdc in the middle of the
 * products whose high half is `THRESHOLD_HIGH_HALF` + 1 (10^9 + 2,607 whole; the window is 10^9 +
 * 1,686 to 10^9 + 3,530).
 */
export const OVER_USDC: bigint = ((2n * THRESHOLD_HIGH_HALF + 3n) * (TWO_64 / 2n)) / THRESHOLD_BLND ** 4n;
/** Whole BLND of the `saturated` pair: 65,000^4 (1.785e19) is under 2^64 (a step of up to 535 whole over it still is). */
export const SATURATED_BLND = 65_000n;
/** Whole USDC of the `saturated` pair: the least U with `SATURATED_BLND`^4 x U past i128::MAX (about 9.53e18, under 2^64). */
export const SATURATED_USDC: bigint = (I128_MAX.value + SATURATED_BLND ** 4n) / SATURATED_BLND ** 4n;

/**
 * Whether whole BLND and USDC amounts make the threshold's last `saturating_mul` (bal_blnd^4 x
 * bal_usdc) overflow with both operands under 2^64, where `func78 +364 ge->gt` differs.
 */
export function saturatesFromLowHalves(blndWhole: bigint, usdcWhole: bigint): boolean {
  const b4 = blndWhole ** 4n;
  return b4 < TWO_64 && usdcWhole < TWO_64 && b4 * usdcWhole > I128_MAX.value;
}

/** Which side of the threshold the edge variant puts the pool on (`over`: past it, the product's high half one over the threshold's; `saturated`: far past it, by an overflow). */
export type ThresholdEdge = 'at' | 'under' | 'over' | 'saturated';

/**
 * The `set_lp_price` that gives `pool`'s backstop tokens T (stroops) exactly `THRESHOLD_BLND` whole
 * BLND (per LP ceil(B x 10^14 / T): whole while T is at most 10^14, 10M LP) and, for `at`, exactly
 * `THRESHOLD_USDC` whole USDC (for `over`, `OVER_USDC`); for `under`, a USDC amount in [U x 10^7 -
 * U, U x 10^7 - 1] stroops (per LP ceil((U x 10^7 - U) x 10^7 / T), in the window while T / 10^7 <
 * U). Undefined where the pool has no backstop tokens, the Comet no supply, or the amounts are not
 * reached exactly.
 */
export function thresholdEdgePrice(w: World, pool: Address, edge: ThresholdEdge): Action | undefined {
  const bs = w.backstops.get(w.pools.get(pool)!.backstop);
  const t = bs?.poolBalances.get(pool)?.tokens ?? 0n;
  if (t <= 0n || w.comet.supply <= 0n) return undefined;
  const ceilDiv = (x: bigint): bigint => (x + t - 1n) / t;
  if (edge === 'saturated') return saturatedPrice(w, t);
  const blndPerLp = ceilDiv(THRESHOLD_BLND * S7 * S7);
  if ((t * blndPerLp) / (S7 * S7) !== THRESHOLD_BLND) return undefined;
  const whole = (edge === 'over' ? OVER_USDC : THRESHOLD_USDC) * S7;
  const low = edge === 'under' ? whole - THRESHOLD_USDC : whole;
  const usdcPerLp = ceilDiv(low * S7);
  const usdc = (t * usdcPerLp) / S7;
  const high = edge === 'under' ? whole - 1n : whole + S7 - 1n;
  if (usdc < low || usdc > high) return undefined;
  return { fn: 'set_lp_price', blndPerLp, usdcPerLp };
}

/**
 * The `set_lp_price` of the `saturated` edge for a pool of T backstop token stroops, checked as the
 * model computes it (the Comet's balances ceil(per_lp x supply / 10^7), an i128 product; the value
 * per LP read back, floor(balance x 10^7 / supply); the pool's amounts floor(T x per_lp / 10^7)).
 * Undefined where the product overflows or the whole amounts miss the window.
 */
function saturatedPrice(w: World, t: bigint): Action | undefined {
  const supply = w.comet.supply;
  const ceilDiv = (x: bigint): bigint => (x + t - 1n) / t;
  const blndPerLp = ceilDiv(SATURATED_BLND * S7 * S7);
  const usdcPerLp = ceilDiv(SATURATED_USDC * S7 * S7);
  const read = (per: bigint): bigint | undefined => {
    if (per * supply > I128_MAX.value) return undefined;
    const balance = balanceForPerLp(per, supply);
    return fixedMulFloor(t, perLp({ ...w.comet.usdc, balance }, supply), S7) / S7;
  };
  const blnd = read(blndPerLp);
  const usdc = read(usdcPerLp);
  if (blnd === undefined || usdc === undefined || !saturatesFromLowHalves(blnd, usdc)) return undefined;
  return { fn: 'set_lp_price', blndPerLp, usdcPerLp };
}

/**
 * For the `saturated` edge where the pool holds too few backstop tokens for the USDC per LP to stay
 * an i128 (the whale world): a deposit that brings it to 5/4 of the least T, T_min = SATURATED_USDC x
 * 10^14 x supply / i128::MAX, by the whale or the first user that holds that many LP tokens.
 * Undefined where none is needed or no holder can.
 */
export function saturatedTopUp(w: World, pool: Address): Action | undefined {
  const backstop = w.pools.get(pool)!.backstop;
  const t = w.backstops.get(backstop)?.poolBalances.get(pool)?.tokens ?? 0n;
  if (t <= 0n || w.comet.supply <= 0n) return undefined;
  const tMin = (SATURATED_USDC * S7 * S7 * w.comet.supply) / I128_MAX.value + 1n;
  if (t >= tMin) return undefined;
  const amount = tMin + tMin / 4n - t;
  const from = [...(w.whale === undefined ? [] : [w.whale]), ...w.users].find((u) => (w.lp.get(u) ?? 0n) >= amount);
  return from === undefined ? undefined : { fn: 'backstop.deposit', backstop, from, pool, amount };
}
