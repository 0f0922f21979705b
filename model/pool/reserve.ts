/**
 * A pool reserve's interest: the b and d token rates, the rate modifier, the backstop's credit,
 * and the conversions between underlying and b / d tokens.
 * Source: blend-contracts-v2 @ ba22b48 pool/src/pool/reserve.rs `Reserve::load`, `accrue`,
 * `utilization`, `to_*`; pool/src/pool/interest.rs `calc_accrual`; pool/src/pool/config.rs
 * `initialize_reserve` (the initial data). Fixed point is `SorobanFixedPoint` for i128 (I256 on a
 * phantom overflow): model/math.ts `scaledMulDivFloor` / `scaledMulDivCeil`.
 *
 * Units: amounts in the reserve's units (scalar 1e7 for the generated reserves); b_rate and d_rate
 * underlying per b / d token, 12 decimals; ir_mod, utilisation and the config's rates 7 decimals;
 * times in seconds.
 */
import {
  IR_MOD_MAX,
  IR_MOD_MIN,
  RESERVE_C_FACTOR,
  RESERVE_L_FACTOR,
  RESERVE_MAX_UTIL,
  RESERVE_R_BASE,
  RESERVE_R_ONE,
  RESERVE_R_THREE,
  RESERVE_R_TWO,
  RESERVE_REACTIVITY,
  RESERVE_SUPPLY_CAP,
  RESERVE_UTIL,
  SCALAR_12,
  SCALAR_7,
  SECONDS_PER_YEAR,
  UTIL_KINK,
} from '../../spec/constants.ts';
import { PoolError } from '../../spec/errors.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { panicWithError } from '../errors.ts';
import { add, mul, scaledMulDivCeil as mulCeil, scaledMulDivFloor as mulFloor, sub } from '../math.ts';
import type { ReserveConfig, ReserveState } from '../state.ts';

const S7 = SCALAR_7.value;
const S12 = SCALAR_12.value;

/** The generated reserves' configuration (spec/constants.ts RESERVE_*). */
export const DEFAULT_RESERVE_CONFIG: ReserveConfig = Object.freeze({
  cFactor: RESERVE_C_FACTOR.value,
  lFactor: RESERVE_L_FACTOR.value,
  util: RESERVE_UTIL.value,
  maxUtil: RESERVE_MAX_UTIL.value,
  rBase: RESERVE_R_BASE.value,
  rOne: RESERVE_R_ONE.value,
  rTwo: RESERVE_R_TWO.value,
  rThree: RESERVE_R_THREE.value,
  reactivity: RESERVE_REACTIVITY.value,
  supplyCap: RESERVE_SUPPLY_CAP.value,
});

/**
 * The second reserve configuration (the world option `secondReserve`, spec/worlds.ts): the default's
 * with spec/genesis.json `second_reserve`'s target utilisation, r_one, r_two, r_three and reactivity.
 */
export const SECOND_RESERVE_CONFIG: ReserveConfig = Object.freeze({
  ...DEFAULT_RESERVE_CONFIG,
  util: GENESIS.secondReserve.util,
  rOne: GENESIS.secondReserve.rOne,
  rTwo: GENESIS.secondReserve.rTwo,
  rThree: GENESIS.secondReserve.rThree,
  reactivity: GENESIS.secondReserve.reactivity,
});

/**
 * Reserve 0 of a filler pool (F<i>, two or more reserves) in the world with the second reserve
 * configuration: the default with spec/genesis.json `second_reserve.filler_r_one` as r_one (0), so
 * that calc_accrual's rate between the target and the kink, util_scalar x r_two + r_one + r_base,
 * adds an r_one of 0 (pool func163 +608's carry test).
 */
export const FILLER_RESERVE_CONFIG: ReserveConfig = Object.freeze({
  ...DEFAULT_RESERVE_CONFIG,
  rOne: GENESIS.secondReserve.fillerROne,
});

/** A reserve as `initialize_reserve` creates it at `now`: both rates 1.0, ir_mod 1.0, nothing supplied. */
export function newReserve(
  asset: string,
  scalar: bigint,
  now: bigint,
  config: ReserveConfig = DEFAULT_RESERVE_CONFIG,
  enabled = true,
): ReserveState {
  return { asset, scalar, enabled, config, bSupply: 0n, dSupply: 0n, bRate: S12, dRate: S12, irMod: S7, backstopCredit: 0n, lastTime: now };
}

/** The reserve's `ReserveData` at one moment: what `Reserve::load` hands the pool (not yet stored). */
export interface ReserveData {
  bRate: bigint;
  dRate: bigint;
  irMod: bigint;
  bSupply: bigint;
  dSupply: bigint;
  backstopCredit: bigint;
  lastTime: bigint;
}

export const dataOf = (r: ReserveState): ReserveData => ({
  bRate: r.bRate,
  dRate: r.dRate,
  irMod: r.irMod,
  bSupply: r.bSupply,
  dSupply: r.dSupply,
  backstopCredit: r.backstopCredit,
  lastTime: r.lastTime,
});

/** `to_asset_from_d_token`: ceil(d * d_rate / 1e12). */
export const toAssetFromD = (d: ReserveData, dTokens: bigint): bigint => mulCeil(dTokens, d.dRate, S12);
/** `to_asset_from_b_token`: floor(b * b_rate / 1e12). */
export const toAssetFromB = (d: ReserveData, bTokens: bigint): bigint => mulFloor(bTokens, d.bRate, S12);
/** `to_d_token_up`: ceil(amount * 1e12 / d_rate). */
export const toDTokenUp = (d: ReserveData, amount: bigint): bigint => mulCeil(amount, S12, d.dRate);
/** `to_d_token_down`: floor(amount * 1e12 / d_rate). */
export const toDTokenDown = (d: ReserveData, amount: bigint): bigint => mulFloor(amount, S12, d.dRate);
/** `to_b_token_up`: ceil(amount * 1e12 / b_rate). */
export const toBTokenUp = (d: ReserveData, amount: bigint): bigint => mulCeil(amount, S12, d.bRate);
/** `to_b_token_down`: floor(amount * 1e12 / b_rate). */
export const toBTokenDown = (d: ReserveData, amount: bigint): bigint => mulFloor(amount, S12, d.bRate);
export const totalLiabilities = (d: ReserveData): bigint => toAssetFromD(d, d.dSupply);
export const totalSupply = (d: ReserveData): bigint => toAssetFromB(d, d.bSupply);

/** `to_effective_asset_from_b_token`: the underlying times the collateral factor, rounded down. */
export const toEffectiveAssetFromB = (c: ReserveConfig, d: ReserveData, b: bigint): bigint => mulFloor(toAssetFromB(d, b), c.cFactor, S7);
/** `to_effective_asset_from_d_token`: the underlying over the liability factor, rounded up. */
export const toEffectiveAssetFromD = (c: ReserveConfig, d: ReserveData, dTokens: bigint): bigint =>
  mulCeil(toAssetFromD(d, dTokens), S7, c.lFactor);

/** `utilization`: liabilities over supply (7 decimals, rounded up), 0 without liabilities, capped at 1.0. */
export function utilization(d: ReserveData): bigint {
  const liabilities = totalLiabilities(d);
  const supply = totalSupply(d);
  if (liabilities === 0n) return 0n;
  if (liabilities >= supply) return S7;
  return mulCeil(liabilities, S7, supply);
}

/**
 * `calc_accrual`: the loan accrual factor over [last_time, now] (12 decimals) and the new rate
 * modifier (7 decimals). The rate is r_base + r_one x util / target below the target; + r_two over
 * the target up to 95%; above 95% r_three on top of the 95% rate (the modifier then applies to the
 * 95% rate only). The modifier moves by (util - target) x Δt x reactivity, within [0.1, 10].
 * Errors: InternalError (1) when no time has passed.
 */
export function calcAccrual(
  c: ReserveConfig,
  curUtil: bigint,
  irMod: bigint,
  lastTime: bigint,
  now: bigint,
): { accrual: bigint; irMod: bigint } {
  const target = c.util;
  const kink = UTIL_KINK.value;
  let curIr: bigint;
  if (curUtil <= target) {
    const utilScalar = mulCeil(curUtil, S7, target);
    const baseRate = add(mulCeil(utilScalar, c.rOne, S7), c.rBase);
    curIr = mulCeil(baseRate, irMod, S7);
  } else if (curUtil <= kink) {
    const utilScalar = mulCeil(sub(curUtil, target), S7, kink - target);
    const baseRate = add(add(mulCeil(utilScalar, c.rTwo, S7), c.rOne), c.rBase);
    curIr = mulCeil(baseRate, irMod, S7);
  } else {
    const utilScalar = mulCeil(sub(curUtil, kink), S7, S7 - kink);
    const extraRate = mulCeil(utilScalar, c.rThree, S7);
    const intersection = mulCeil(irMod, c.rTwo + c.rOne + c.rBase, S7);
    curIr = add(extraRate, intersection);
  }
  const deltaTime = now - lastTime;
  if (deltaTime < 1n) panicWithError(PoolError.InternalError, 'no time has passed since the last accrual');
  const utilDif = curUtil - target;
  let newIrMod: bigint;
  if (utilDif >= 0n) {
    const rateDif = mulFloor(mul(deltaTime, utilDif), c.reactivity, S7);
    const next = add(irMod, rateDif);
    newIrMod = next > IR_MOD_MAX.value ? IR_MOD_MAX.value : next;
  } else {
    const rateDif = mulCeil(mul(deltaTime, utilDif), c.reactivity, S7);
    const next = add(irMod, rateDif);
    newIrMod = next < IR_MOD_MIN.value ? IR_MOD_MIN.value : next;
  }
  // Δt scaled to 12 decimals over a year, truncated
  const timeWeight = mul(deltaTime, S12) / SECONDS_PER_YEAR.value;
  return { accrual: add(S12, mulCeil(timeWeight, curIr, S7)), irMod: newIrMod };
}

/**
 * `Reserve::load` at `now`: the stored data brought up to date (not stored). Nothing accrues in the
 * second it was last updated, without b tokens or without liabilities (the clock still moves on).
 * Otherwise d_rate grows by the accrual (rounded up), and the interest, less the backstop's take
 * (`bstopRate`, credited to it), raises b_rate.
 */
export function loadReserve(r: ReserveState, bstopRate: bigint, now: bigint): ReserveData {
  const d = dataOf(r);
  if (now === d.lastTime) return d;
  if (d.bSupply === 0n) return { ...d, lastTime: now };
  const util = utilization(d);
  if (util === 0n) return { ...d, lastTime: now };
  const { accrual, irMod } = calcAccrual(r.config, util, d.irMod, d.lastTime, now);
  const pre = totalLiabilities(d);
  const next: ReserveData = { ...d, irMod, dRate: mulCeil(accrual, d.dRate, S12) };
  const accrued = sub(totalLiabilities(next), pre);
  accrue(next, bstopRate, accrued);
  next.lastTime = now;
  return next;
}

/** `accrue`: the backstop's floor(accrued x bstop_rate) is credited to it; the rest raises b_rate. */
function accrue(d: ReserveData, bstopRate: bigint, accrued: bigint): void {
  const preSupply = totalSupply(d);
  if (accrued > 0n) {
    let credit = 0n;
    if (bstopRate > 0n) {
      credit = mulFloor(accrued, bstopRate, S7);
      d.backstopCredit = add(d.backstopCredit, credit);
    }
    d.bRate = mulFloor(sub(add(preSupply, accrued), credit), S12, d.bSupply);
  }
}

/** `require_utilization_below_100`: InvalidUtilRate (1207) at 100%. */
export function requireUtilizationBelow100(d: ReserveData): void {
  if (utilization(d) >= S7) panicWithError(PoolError.InvalidUtilRate, 'utilisation at 100%');
}

/** `require_utilization_below_max`: InvalidUtilRate (1207) above max_util. */
export function requireUtilizationBelowMax(c: ReserveConfig, d: ReserveData): void {
  if (utilization(d) > c.maxUtil) panicWithError(PoolError.InvalidUtilRate, 'utilisation above the maximum');
}
