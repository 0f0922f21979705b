/**
 * The Comet BLND:USDC LP: the weighted pool (80% BLND, 20% USDC, 0.3% fee) whose LP token is the
 * backstop token. The backstop deposits every claim's BLND into it single-sided and reads its
 * balances for the reward-zone threshold.
 *
 * Source: CometDEX comet-contracts-v1 @ ef4cbfa (the BLND:USDC LP's contract; the model agrees with
 * the Comet WASM blend-contract-sdk 2.25.0 ships on every value measured, test/model/comet.test.ts):
 * - contracts/src/c_pool/call_logic/pool.rs `execute_dep_tokn_amt_in_get_lp_tokns_out` (checks,
 *   record and supply update) and `execute_gulp` (a record's balance := the token balance);
 * - contracts/src/c_math.rs `calc_lp_token_amount_given_token_deposits_in`, `upscale`,
 *   `downscale_floor`;
 * - contracts/src/c_num.rs `c_pow`, `c_powi`, `c_pow_approx`, `sub_no_negative`;
 * - soroban-fixed-point-math 1.1.0 src/i256.rs `mul_div_floor` / `mul_div_ceil` (the I256
 *   `SorobanFixedPoint` the Comet uses): floor / ceil of x*y/z, floor toward -infinity.
 * This is an independent implementation of that arithmetic on bigint, written from the source.
 *
 * Units and scales:
 * - record balances and LP supply: stroops (7 decimals); a record's `scalar` is 10^(18 - token
 *   decimals), 1e11 for BLND and USDC;
 * - weights and the swap fee: 7-decimal fixed point (0_8000000 is 80%, 0_0030000 is 0.3%);
 * - inside the math, every quantity is upscaled to an 18-decimal I256 (amount x scalar, weights and
 *   fee x STROOP_SCALAR), and results are downscaled back to stroops, rounding down.
 *
 * Errors (the Comet's `Error` codes, `Error(Contract, #n)`): ErrNegativeOrZero (37) for an amount
 * in <= 0; ErrNegative (2) for a negative min out; ErrMaxInRatio (17) above a third of the balance;
 * ErrLimitOut (20) below the min out; ErrSubUnderflow (31), ErrCPowBaseTooLow (34),
 * ErrCPowBaseTooHigh (35), ErrMathApprox (18) from the math. An i128 overflow (`amount * scalar`,
 * `checked_add`) and an I256 overflow are host panics (WasmVm#6).
 */
import {
  COMET_BONE,
  COMET_CPOW_MAX_TERMS,
  COMET_CPOW_PRECISION,
  COMET_MAX_CPOW_BASE,
  COMET_MAX_IN_RATIO,
  COMET_MIN_CPOW_BASE,
  COMET_STROOP,
  COMET_STROOP_SCALAR,
} from '../spec/constants.ts';
import { CometError, HostError, TokenError } from '../spec/errors.ts';
import type { Ctx } from './context.ts';
import { panicWithError } from './errors.ts';
import { add, fixedMulFloor, mul } from './math.ts';
import type { CometRecord, CometState } from './state.ts';

const BONE = COMET_BONE.value;
const STROOP = COMET_STROOP.value;
const STROOP_SCALAR = COMET_STROOP_SCALAR.value;
const I256_MAX = (1n << 255n) - 1n;
const I256_MIN = -(1n << 255n);

// ------------------------------------------------------------------------------ I256 arithmetic

/** An I256 result; outside the range the host's I256 arithmetic fails (a panic of the contract). */
function i256(x: bigint): bigint {
  if (x > I256_MAX || x < I256_MIN) panicWithError(HostError.Panic, 'I256 overflow');
  return x;
}

/** floor(x * y / z) on I256 (soroban-fixed-point-math `mul_div_floor`; z > 0 in every Comet call). */
export function mulDivFloor256(x: bigint, y: bigint, z: bigint): bigint {
  const r = i256(x * y);
  if (z === 0n) panicWithError(HostError.Panic, 'I256 division by zero');
  const q = r / z;
  return r % z !== 0n && r < 0n !== z < 0n ? q - 1n : q;
}

/** ceil(x * y / z) on I256 (`mul_div_ceil`). */
export function mulDivCeil256(x: bigint, y: bigint, z: bigint): bigint {
  const r = i256(x * y);
  if (z === 0n) panicWithError(HostError.Panic, 'I256 division by zero');
  const q = r / z;
  return r % z !== 0n && r < 0n === z < 0n ? q + 1n : q;
}

/** c_math.rs `upscale`: amount * scalar in i128 (overflow-checks: a panic), as an I256. */
function upscale(amount: bigint, scalar: bigint): bigint {
  return mul(amount, scalar);
}

/** c_math.rs `downscale_floor`: floor(amount / scalar), which must fit an i128 (else ErrMathApprox). */
function downscaleFloor(amount: bigint, scalar: bigint): bigint {
  const r = mulDivFloor256(amount, 1n, scalar);
  if (r > i128Max || r < i128Min) panicWithError(CometError.ErrMathApprox, 'downscaled amount outside i128');
  return r;
}
const i128Max = (1n << 127n) - 1n;
const i128Min = -(1n << 127n);

/** c_num.rs `sub_no_negative`: a - b, ErrSubUnderflow when a < b. */
function subNoNegative(a: bigint, b: bigint): bigint {
  if (a < b) panicWithError(CometError.ErrSubUnderflow);
  return a - b;
}

// ------------------------------------------------------------------------------ powers (c_num.rs)

/** `c_powi`: a^n for an integer n, by squaring, each product floored to 18 decimals. */
export function cPowi(a: bigint, n: bigint): bigint {
  let z = n % 2n !== 0n ? a : BONE;
  let base = a;
  let k = n / 2n;
  while (k !== 0n) {
    base = mulDivFloor256(base, base, BONE);
    if (k % 2n !== 0n) z = mulDivFloor256(z, base, BONE);
    k /= 2n;
  }
  return z;
}

/**
 * `c_pow_approx`: base^exp for 0 <= exp < 1 by the binomial series of (1 + x)^exp, x = base - 1:
 * term_k = term_{k-1} * (exp - (k - 1)) * x / k, summed until |term| <= precision (at most 50
 * terms); the last term is then taken back or added again so that the sum leans the way asked
 * (an under-estimate unless `roundUp`).
 */
export function cPowApprox(base: bigint, exp: bigint, precision: bigint, roundUp: boolean): bigint {
  const x = base - BONE;
  let term = BONE;
  let sum = term;
  for (let i = 1n; i <= COMET_CPOW_MAX_TERMS.value; i++) {
    const bigK = i * BONE;
    const c = exp - (bigK - BONE);
    term = mulDivFloor256(term, mulDivFloor256(c, x, BONE), BONE);
    term = mulDivFloor256(term, BONE, bigK);
    sum = i256(sum + term);
    const abs = term < 0n ? -term : term;
    if (abs <= precision) break;
  }
  if (x > 0n) {
    // the series alternates: the last term applied moved the sum the wrong way for the rounding asked
    if (term > 0n && !roundUp) sum -= term;
    else if (term < 0n && roundUp) sum -= term;
  } else if (!roundUp) {
    // all terms negative (x < 0, exp < 1): the sum decreases monotonically
    sum += term;
  }
  return sum;
}

/**
 * `c_pow`: base^exp (18 decimals) as base^floor(exp) times the series for the fractional part.
 * Errors: ErrCPowBaseTooLow (34) for base < 1e-18, ErrCPowBaseTooHigh (35) for base >= 2.
 */
export function cPow(base: bigint, exp: bigint, roundUp: boolean): bigint {
  if (base < COMET_MIN_CPOW_BASE.value) panicWithError(CometError.ErrCPowBaseTooLow);
  if (base > COMET_MAX_CPOW_BASE.value) panicWithError(CometError.ErrCPowBaseTooHigh);
  const int = exp / BONE; // I256 division truncates toward zero
  const remain = exp - int * BONE;
  // `int.to_i128().unwrap_optimized() as u32`: a truncating cast
  const wholePow = cPowi(base, BigInt.asUintN(32, int));
  if (remain === 0n) return wholePow;
  const partial = cPowApprox(base, remain, COMET_CPOW_PRECISION.value, roundUp);
  return roundUp ? mulDivCeil256(wholePow, partial, BONE) : mulDivFloor256(wholePow, partial, BONE);
}

// ------------------------------------------------------------------------------ single-sided deposit

/**
 * c_math.rs `calc_lp_token_amount_given_token_deposits_in`: LP stroops minted for `amountIn`
 * stroops of the record's token, rounding down. The part of the deposit the pool would have to
 * swap to the other token, (1 - weight) of it, pays the swap fee; the supply then grows by
 * (1 + amount_after_fee / balance)^weight.
 */
export function calcLpTokenAmountGivenTokenDepositsIn(rec: CometRecord, poolSupply: bigint, amountIn: bigint, swapFee: bigint): bigint {
  const balanceIn = upscale(rec.balance, rec.scalar);
  const tokenIn = upscale(amountIn, rec.scalar);
  const supply = upscale(poolSupply, STROOP_SCALAR);
  const fee = upscale(swapFee, STROOP_SCALAR);
  const weight = upscale(rec.weight, STROOP_SCALAR);
  const zaz = mulDivFloor256(BONE - weight, fee, BONE);
  const inAfterFee = mulDivFloor256(tokenIn, BONE - zaz, BONE);
  const newBalanceIn = i256(balanceIn + inAfterFee);
  const balanceRatio = mulDivFloor256(newBalanceIn, BONE, balanceIn);
  const poolRatio = cPow(balanceRatio, weight, false);
  const newSupply = mulDivFloor256(poolRatio, supply, BONE);
  return downscaleFloor(subNoNegative(newSupply, supply), STROOP_SCALAR);
}

/** Which of the Comet's two records. */
export type CometToken = 'blnd' | 'usdc';

/**
 * The checks and the arithmetic of `dep_tokn_amt_in_get_lp_tokns_out(token_in, amount, min_out,
 * user)`, in the contract's order, without writing anything: the LP stroops it would mint.
 * Errors: ErrNegativeOrZero (37), ErrNegative (2), ErrMaxInRatio (17), ErrLimitOut (20), and the
 * math's.
 */
export function quoteDeposit(comet: CometState, token: CometToken, amountIn: bigint, minOut: bigint): bigint {
  if (amountIn <= 0n) panicWithError(CometError.ErrNegativeOrZero, `deposit of ${amountIn}`);
  if (minOut < 0n) panicWithError(CometError.ErrNegative, `min out ${minOut}`);
  const rec = comet[token];
  const maxIn = fixedMulFloor(rec.balance, COMET_MAX_IN_RATIO.value, STROOP);
  if (amountIn > maxIn) panicWithError(CometError.ErrMaxInRatio, `deposit of ${amountIn} over ${maxIn} (a third of the balance)`);
  const out = calcLpTokenAmountGivenTokenDepositsIn(rec, comet.supply, amountIn, comet.swapFee);
  if (out < minOut) panicWithError(CometError.ErrLimitOut, `LP out ${out} < min ${minOut}`);
  return out;
}

/**
 * The deposit's writes: the record's balance grows by `amountIn` (`checked_add`) and `lpOut` LP
 * tokens are minted (the supply grows; the caller credits the holder). The token transfer into the
 * Comet is the caller's (it fails on the payer's balance after these checks).
 */
export function applyDeposit(ctx: Ctx, token: CometToken, amountIn: bigint, lpOut: bigint): void {
  const comet = ctx.w.comet;
  const rec = comet[token];
  ctx.tx.put(comet, token, { ...rec, balance: add(rec.balance, amountIn) });
  ctx.tx.put(comet, 'supply', add(comet.supply, lpOut));
}

/** The records' balance that gives `perLp` stroops per LP token at `supply`: ceil(perLp * supply / 1e7). */
export function balanceForPerLp(perLp: bigint, supply: bigint): bigint {
  const prod = mul(perLp, supply);
  const q = prod / STROOP;
  return prod % STROOP !== 0n && prod > 0n ? q + 1n : q;
}

/**
 * Stroops of the token per LP token, `balance.fixed_div_floor(supply, SCALAR_7)`: how the v2
 * backstop's `load_pool_backstop_data` and the v1 backstop's `update_tkn_val` value an LP token
 * (a panic on overflow or a zero supply).
 */
export function perLp(rec: CometRecord, supply: bigint): bigint {
  return fixedMulFloor(rec.balance, STROOP, supply);
}

/**
 * `comet.set_composition(blnd_per_lp, usdc_per_lp)`, as the Soroban driver does it: for BLND, then
 * USDC, mint or burn the Comet's token balance to ceil(per_lp * supply / 1e7) and `gulp` it into
 * the record (`execute_gulp`: record balance := token balance). The LP supply, the weights and the
 * fee stay. Errors: a panic (WasmVm#6) where per_lp * supply overflows i128; Token BalanceError (10)
 * for a negative target (a burn of more than the Comet holds).
 */
export function setComposition(ctx: Ctx, blndPerLp: bigint, usdcPerLp: bigint): void {
  const comet = ctx.w.comet;
  for (const [token, per] of [
    ['blnd', blndPerLp],
    ['usdc', usdcPerLp],
  ] as const) {
    const target = balanceForPerLp(per, comet.supply);
    if (target < 0n) panicWithError(TokenError.BalanceError, `burn to a balance of ${target}`);
    ctx.tx.put(comet, token, { ...comet[token], balance: target });
  }
}
