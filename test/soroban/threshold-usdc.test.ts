/**
 * The pool's update_status with its backstop's USDC a few stroops under whole tokens, on the real v2
 * contracts, in lockstep with the model, in the world with the second reserve configuration: an
 * `under` update_status whose pool seed has bit 14 set (src/commands/pool.ts `usdcUnderOf`) sets the
 * LP composition (a threshold pair's BLND whole, its USDC within U stroops under U whole), updates
 * the status (the threshold unmet: an active pool on ice, 3, on both sides; issue 19's pool mutant
 * `func144 +43 const-1`, dividing the USDC by 10^7 - 1, finds it met and leaves it active), supplies,
 * and sets the composition back. Every reply, every invariant and the whole observable state agree
 * after each step.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PoolGulpEmissions } from '../../src/commands/pool.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };
/** A pool seed of the `under` variant (bits 16-19 = 13), bit 14 set. */
const UNDER_USDC = (13 << 16) | (1 << 14);

describe.runIf(RUN_DRIVER_TESTS)('update_status with the USDC just under the threshold, on the real v2 contracts', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  it('the threshold unmet on both sides: an active pool put on ice', async () => {
    // the first pool seed (the pool its low bits pick) whose update is priced on the model
    const priced = (seed: number): boolean => {
      const h = new Harness(createWorld(profile, SECOND), props, new Stats());
      return [...new PoolGulpEmissions(seed).actions(h)].some((a: Action) => a.fn === 'set_lp_price');
    };
    let seed = UNDER_USDC;
    for (let s = 0; s < 16 && !priced(seed); s++) seed = UNDER_USDC | ((s + 1) << 2);
    expect(priced(seed)).toBe(true);
    await driver().init('blend-v2', SECOND);
    const h = new Harness(createWorld(profile, SECOND), props, new Stats());
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    const statuses: unknown[] = [];
    for (const a of new PoolGulpEmissions(seed).actions(h)) {
      await ls.step(a);
      const out = h.last!.outcome;
      expect(out.ok).toBe(true);
      if (a.fn === 'pool.update_status') statuses.push(out.ok ? out.result : undefined);
    }
    expect(statuses).toEqual([3n]);
  }, 180_000);
});
