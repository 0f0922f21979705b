/**
 * src/check/claimable.ts `estimateDifference`: a `blnd-float` estimate is compared at its exact
 * binary value with what the claim pays, within the tolerance (default 1 stroop + 2^-52 relative:
 * an exact estimator's Number(stroops) / 1e7 is two roundings of at most 2^-53 each). The CI of
 * session 16 reported a right estimator as a difference on a claim of 6,184,735,808,638,974,426
 * stroops: its shortest decimal text (618473580863.8973) lies 389 stroops further from the amount
 * than the double it stands for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE, estimateDifference, parseTolerance } from '../../src/check/claimable.ts';

const exactEstimator = (stroops: bigint): number => Number(stroops) / 1e7;

describe('a blnd-float estimate against the amount the claim pays', () => {
  it("the session 16 CI's claim: an exact estimator is within the default tolerance", () => {
    const s = 6184735808638974426n;
    expect(String(exactEstimator(s))).toBe('618473580863.8973');
    expect(estimateDifference(exactEstimator(s), s, DEFAULT_TOLERANCE)).toBeUndefined();
  });

  it('an exact estimator is within the default tolerance at every magnitude of an i128 amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 127n) - 1n }),
        (s) => estimateDifference(exactEstimator(s), s, DEFAULT_TOLERANCE) === undefined,
      ),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 70n }), (s) => estimateDifference(exactEstimator(s), s, DEFAULT_TOLERANCE) === undefined),
      { numRuns: 20_000 },
    );
  });

  it('a difference past the tolerance is one, in BLND, signed (boundaries in pairs)', () => {
    const exactOnly = parseTolerance('0');
    expect(estimateDifference(1.5, 15_000_000n, exactOnly)).toBeUndefined();
    expect(estimateDifference(1.5, 15_000_001n, exactOnly)).toBe('-0.0000001');
    const oneStroop = parseTolerance('1');
    expect(estimateDifference(1.5, 15_000_001n, oneStroop)).toBeUndefined();
    expect(estimateDifference(1.5, 15_000_002n, oneStroop)).toBe('-0.0000002');
    // one ulp of 2^60 stroops past the amount: outside 1 stroop, inside 1 stroop + 2^-52
    const s = 1n << 60n;
    const up = (Number(s) + 2 ** 8) / 1e7;
    expect(estimateDifference(up, s, oneStroop)).toBeDefined();
    expect(estimateDifference(up, s, DEFAULT_TOLERANCE)).toBeUndefined();
  });
});
