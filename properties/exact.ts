/** Exact arithmetic for the properties' reference amounts (decimal.js, 80 significant digits). */
import { Decimal } from 'decimal.js';

export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_DOWN });
export type Exact = InstanceType<typeof Exact>;

/** A bigint as an exact decimal. */
export const exact = (x: bigint): Exact => new Exact(x.toString());
