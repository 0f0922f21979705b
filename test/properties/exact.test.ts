/**
 * The bigint rational bounds of properties/exact.ts against the exact reference, decimal.js: the
 * same verdict on every input, boundaries included (x equal to an integer quotient, and one above).
 */
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { exact, exceeds, ratio, ratioText } from '../../properties/exact.ts';

const I128_MAX = (1n << 127n) - 1n;
const num = fc.bigInt(0n, I128_MAX);
const den = fc.bigInt(1n, I128_MAX);

describe('Ratio: bigint cross-multiplication agrees with decimal.js', () => {
  it('exceeds(x, num/den) is decimal.js x > num/den', () => {
    fc.assert(
      fc.property(fc.bigInt(-I128_MAX, I128_MAX), num, den, (x, n, d) => {
        expect(exceeds(x, ratio(n, d))).toBe(exact(x).gt(exact(n).div(exact(d))));
      }),
      { numRuns: 2000, seed: 20261121 },
    );
  });

  it('at the boundary: the floored quotient never exceeds, floor + 1 exceeds unless the division is exact', () => {
    fc.assert(
      fc.property(num, den, (n, d) => {
        const q = n / d;
        expect(exceeds(q, ratio(n, d))).toBe(false);
        expect(exceeds(q + 1n, ratio(n, d))).toBe(true);
        expect(exceeds(q + 1n, ratio(n, d))).toBe(exact(q + 1n).gt(exact(n).div(exact(d))));
      }),
      { numRuns: 1000, seed: 7 },
    );
    // an exact division: 7e14 over 7 is 1e14 exactly; 1e14 does not exceed it, 1e14 + 1 does
    expect(exceeds(100_000_000_000_000n, ratio(700_000_000_000_000n, 7n))).toBe(false);
    expect(exceeds(100_000_000_000_001n, ratio(700_000_000_000_000n, 7n))).toBe(true);
  });

  it('ratioText renders the quotient rounded down', () => {
    expect(ratioText(ratio(10n, 3n))).toBe('3');
    expect(ratioText(ratio(10n, 3n), 7)).toBe('3.3333333');
  });
});
