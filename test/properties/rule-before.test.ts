/**
 * The rule properties compute the reward-zone threshold themselves (properties/rule-before.ts
 * `aboveThreshold`, `lpValueOf`) rather than call the model's: here the two agree, on the contracts'
 * own boundary and on generated balances and compositions, under each profile's threshold.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPoolAboveThreshold, loadPoolBackstopData } from '../../model/backstop/reward-zone.ts';
import type { Ctx } from '../../model/context.ts';
import { Tx } from '../../model/tx.ts';
import { aboveThreshold, lpValueOf } from '../../properties/rule-before.ts';
import { SCALAR_7 } from '../../spec/constants.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { createWorld } from '../../src/world/create.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';

const S7 = SCALAR_7.value;

describe("the rule properties' threshold is the contracts'", () => {
  for (const name of ['blend-v2', 'blend-v1'] as const) {
    it(`${name}: the same verdict as the model's is_pool_above_threshold on generated pools and compositions`, () => {
      const profile = PROFILES[name];
      const seen = new Set<boolean>();
      fc.assert(
        fc.property(
          fc.bigInt(0n, 10n ** 15n),
          fc.bigInt(1n, 10n ** 9n),
          fc.bigInt(1n, 10n ** 8n),
          fc.bigInt(10n ** 9n, 10n ** 16n),
          (tokens, blnd, usdc, supply) => {
            const w = createWorld(profile, DEFAULT_WORLD);
            const bs = w.backstops.values().next().value!;
            bs.poolBalances.set('X', { shares: tokens, tokens, q4w: 0n });
            const comet = { blnd: (blnd * supply) / S7, usdc: (usdc * supply) / S7, supply };
            w.comet.blnd = { ...w.comet.blnd, balance: comet.blnd };
            w.comet.usdc = { ...w.comet.usdc, balance: comet.usdc };
            w.comet.supply = supply;
            const stored = { blndPerLp: blnd, usdcPerLp: usdc };
            bs.lpTokenVal = stored;
            const ctx: Ctx = { w, p: profile, tx: new Tx(), events: [] };
            const model = isPoolAboveThreshold(ctx, loadPoolBackstopData(ctx, bs, 'X'));
            const v = lpValueOf(profile, comet, stored)!;
            expect(aboveThreshold(profile, tokens, v)).toBe(model);
            seen.add(model);
          },
        ),
        { numRuns: 300, seed: 17 },
      );
      // both verdicts were met
      expect(seen).toEqual(new Set([true, false]));
    });
  }

  it('blend-v2: 100k^5 whole tokens is the boundary (bal_blnd^4 * bal_usdc >= 1e25)', () => {
    const p = PROFILES['blend-v2'];
    // 1 BLND and 1 USDC per LP token: tokens (whole) give bal_blnd = bal_usdc = tokens
    const v = { blndPerLp: S7, usdcPerLp: S7 };
    expect(aboveThreshold(p, 100_000n * S7, v)).toBe(true);
    expect(aboveThreshold(p, 100_000n * S7 - 1n, v)).toBe(false);
    expect(aboveThreshold(p, 0n, v)).toBe(false);
  });
});
