/** Exact arithmetic for the properties' reference amounts (decimal.js, 80 significant digits). */
import { Decimal } from 'decimal.js';

export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_DOWN });
export type Exact = InstanceType<typeof Exact>;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as an exact decimal (through a number when it is a safe integer: exact, and cheaper than parsing). */
export const exact = (x: bigint): Exact => (x <= SAFE && x >= -SAFE ? new Exact(Number(x)) : new Exact(x.toString()));

/**
 * An exact non-negative rational `num / den` (den > 0) for the hot bounds, compared by
 * cross-multiplication in bigint: the same predicate as decimal.js's, without its cost (the
 * agreement is tested in test/properties/exact.test.ts). Rendered through decimal.js for messages.
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export const ratio = (num: bigint, den: bigint): Ratio => ({ num, den });

/** `x > r`, exactly. */
export const exceeds = (x: bigint, r: Ratio): boolean => x * r.den > r.num;

/** `r` to `digits` decimals, rounded down (for messages). */
export const ratioText = (r: Ratio, digits = 0): string => exact(r.num).div(exact(r.den)).toFixed(digits);
