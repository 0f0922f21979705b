/**
 * i128 / u64 arithmetic on bigint, as the contracts do it.
 *
 * - Every i128 result is checked: the contracts build with `overflow-checks = true`, so an
 *   overflow panics (`Error(WasmVm, InvalidAction)`).
 * - `fixedMulFloor`, `fixedDivFloor`, `fixedMulCeil`, `fixedDivCeil` follow soroban-fixed-point-math
 *   1.3 `FixedPoint for i128` (src/i128.rs): `checked_mul` then a floor/ceil division; `None` on
 *   overflow, which the contracts `unwrap_optimized()` into a panic.
 * - `scaledMulDivFloor` / `scaledMulDivCeil` follow `SorobanFixedPoint for i128`: on a phantom
 *   overflow of x*y the product is taken in I256 and the result must fit in i128.
 */
import { HostError } from '../spec/errors.ts';
import { I128_MAX, I128_MIN, U32_MAX, U64_MAX } from '../spec/constants.ts';
import { panicWithError } from './errors.ts';

const MAX = I128_MAX.value;
const MIN = I128_MIN.value;
const U64 = U64_MAX.value;
const U32 = U32_MAX.value;

/** Panic as a contract does on an arithmetic fault. */
export function overflow(what: string): never {
  return panicWithError(HostError.Panic, what);
}

/** Check that `x` fits in i128; returns it. */
export function i128(x: bigint, what = 'i128 overflow'): bigint {
  if (x > MAX || x < MIN) overflow(what);
  return x;
}

/** Check that `x` fits in u32 (u32 arithmetic under overflow-checks); returns it. */
export function u32(x: bigint, what = 'u32 overflow'): bigint {
  if (x > U32 || x < 0n) overflow(what);
  return x;
}

/** Check that `x` fits in u64 (the `cast::u64` conversion); returns it. */
export function u64(x: bigint, what = 'u64 cast'): bigint {
  if (x > U64 || x < 0n) overflow(what);
  return x;
}

/** Checked i128 addition. */
export function add(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (r > MAX || r < MIN) overflow('i128 add overflow');
  return r;
}

/** Checked i128 subtraction. */
export function sub(a: bigint, b: bigint): bigint {
  const r = a - b;
  if (r > MAX || r < MIN) overflow('i128 sub overflow');
  return r;
}

/** Checked i128 multiplication. */
export function mul(a: bigint, b: bigint): bigint {
  const r = a * b;
  if (r > MAX || r < MIN) overflow('i128 mul overflow');
  return r;
}

/** Rust's `/` on i128: truncation toward zero; division by zero panics. */
export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) overflow('division by zero');
  return a / b;
}

/** floor(r / z); BigInt `/` truncates toward zero. */
function divFloor(r: bigint, z: bigint): bigint {
  if (z === 0n) overflow('fixed point division by zero');
  const q = r / z;
  // truncation differs from floor only for a negative, inexact quotient (the signs first: the
  // exactness test multiplies, and a second division costs more than the first)
  if (r < 0n !== z < 0n && q * z !== r) return q - 1n;
  return q;
}

/** ceil(r / z). */
function divCeil(r: bigint, z: bigint): bigint {
  if (z === 0n) overflow('fixed point division by zero');
  const q = r / z;
  // truncation differs from ceiling only for a positive, inexact quotient
  if (r < 0n === z < 0n && q * z !== r) return q + 1n;
  return q;
}

/** floor(x * y / z), panicking where `x * y` leaves i128 (soroban-fixed-point-math `mul_div_floor`). */
export function mulDivFloor(x: bigint, y: bigint, z: bigint): bigint {
  const r = x * y;
  if (r > MAX || r < MIN) overflow('fixed point mul overflow');
  return divFloor(r, z);
}

/** ceil(x * y / z), panicking where `x * y` leaves i128. */
export function mulDivCeil(x: bigint, y: bigint, z: bigint): bigint {
  const r = x * y;
  if (r > MAX || r < MIN) overflow('fixed point mul overflow');
  return divCeil(r, z);
}

/** `x.fixed_mul_floor(y, denominator)`: floor(x * y / denominator). */
export const fixedMulFloor = (x: bigint, y: bigint, denominator: bigint): bigint => mulDivFloor(x, y, denominator);
/** `x.fixed_mul_ceil(y, denominator)`: ceil(x * y / denominator). */
export const fixedMulCeil = (x: bigint, y: bigint, denominator: bigint): bigint => mulDivCeil(x, y, denominator);
/** `x.fixed_div_floor(y, denominator)`: floor(x * denominator / y). */
export const fixedDivFloor = (x: bigint, y: bigint, denominator: bigint): bigint => mulDivFloor(x, denominator, y);
/** `x.fixed_div_ceil(y, denominator)`: ceil(x * denominator / y). */
export const fixedDivCeil = (x: bigint, y: bigint, denominator: bigint): bigint => mulDivCeil(x, denominator, y);

/**
 * `SorobanFixedPoint` floor(x * y / z): the product may exceed i128 (it is taken in I256), the
 * result may not.
 */
export function scaledMulDivFloor(x: bigint, y: bigint, z: bigint): bigint {
  return i128(divFloor(x * y, z), 'I256 result does not fit i128');
}

/** `SorobanFixedPoint` ceil(x * y / z). */
export function scaledMulDivCeil(x: bigint, y: bigint, z: bigint): bigint {
  return i128(divCeil(x * y, z), 'I256 result does not fit i128');
}

export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
