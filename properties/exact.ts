/** Exact arithmetic for the properties' reference amounts (decimal.js, 80 significant digits). */
import { Decimal } from 'decimal.js';

export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_DOWN });
export type Exact = InstanceType<typeof Exact>;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as an exact decimal (through a number when it is a safe integer: exact, and cheaper than parsing). */
export const exact = (x: bigint): Exact => (x <= SAFE && x >= -SAFE ? new Exact(Number(x)) : new Exact(x.toString()));
