/**
 * `fallEdgeAt` (src/commands/utilisation.ts) skips the Ks between two candidates of its search at
 * once; here it is held to the plain loop it replaces (one K at a time, FALL_TRIES of them), on
 * products per second and modifiers drawn by fast-check around the places where the skip could go
 * wrong: small steps (a wrap that lands on an accepted K), a step dividing SCALAR_7 - 1 or just off it, steps under and over SCALAR_7, a modifier that
 * ends the search before FALL_TRIES.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fallEdgeAt } from '../../src/commands/utilisation.ts';
import { IR_MOD_MIN, SCALAR_7 } from '../../spec/constants.ts';

const S7 = SCALAR_7.value;

/** The search one K at a time (the loop fallEdgeAt replaced, session 16). */
function plainLoop(step: bigint, irMod: bigint): { seconds: bigint; fall: bigint } | undefined {
  for (let k = (step + S7 - 1n) / S7 + 1n, n = 0; n < 20_000 && irMod - k >= IR_MOD_MIN.value; k++, n++) {
    const seconds = (k * (S7 - 1n) + step - 1n) / step;
    const q = seconds * step;
    if (q <= k * S7 - 1n && q / S7 === k - 1n) return { seconds, fall: k - 1n };
  }
  return undefined;
}

const steps = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n ** 16n }),
  fc.bigInt({ min: 1n, max: 2n * S7 }),
  // small steps: a wrap of r_K can land on an accepted K (r_K <= K - 1 with K up to FALL_TRIES + 1)
  fc.bigInt({ min: 1n, max: 50_000n }),
  // divisors of SCALAR_7 - 1 (= 3^2 x 239 x 4649) and their neighbours
  fc
    .tuple(fc.constantFrom(1n, 3n, 9n, 239n, 717n, 2151n, 4649n, 13_947n, 41_841n, 1_111_111n, S7 - 1n), fc.integer({ min: -2, max: 2 }))
    .map(([d, o]) => (d + BigInt(o) > 0n ? d + BigInt(o) : d)),
  fc
    .tuple(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: -3, max: 3 }))
    .map(([m, o]) => (m * S7 + BigInt(o) > 0n ? m * S7 + BigInt(o) : m * S7)),
);
const irMods = fc.oneof(fc.bigInt({ min: IR_MOD_MIN.value, max: 100n * S7 }), fc.bigInt({ min: IR_MOD_MIN.value, max: 10n ** 20n }));

describe('fallEdgeAt', () => {
  it('finds what the plain loop finds (the same K, seconds and fall, or none)', () => {
    let found = 0;
    fc.assert(
      fc.property(steps, irMods, (step, irMod) => {
        const want = plainLoop(step, irMod);
        if (want !== undefined) found++;
        expect(fallEdgeAt(step, irMod)).toEqual(want);
      }),
      { seed: 18, numRuns: 3_000 },
    );
    // both outcomes met
    expect(found).toBeGreaterThan(100);
    expect(found).toBeLessThan(3_000);
  });
});
