/**
 * The backstop's emission index stepped past 2^64 in one update on the real v2 contracts, in
 * lockstep with the model (src/commands/big-index.ts, the tail of `EmitterDistributeAfterGap`):
 * after a gap of 2^32 - 1 s and of 2^32 s, the best-funded reward-zone pool queued down to 2^32 - 1
 * and 2^32 non-queued shares, and the first dequeue 6 days 23 h later steps the index by more than
 * 2^64, either side of the 2^32 divisor where the backstop's u128 division leaves its 64-bit fast
 * path for its long division (issue 19, the backstop's `func143 +386` mutant). Every reply, every
 * invariant and the whole observable state agree after each step, and the reach counter sees each
 * boundary once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { bigIndexNonQueued } from '../../src/commands/big-index.ts';
import { EmitterDistributeAfterGap, LONG_DISTRIBUTION_GAPS } from '../../src/commands/emitter.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('the backstop emission index past 2^64 on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();

  for (const gap of LONG_DISTRIBUTION_GAPS) {
    it(`after ${gap} s: ${bigIndexNonQueued(gap)} non-queued shares, an index step past 2^64, no divergence`, async () => {
      const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
      await driver().init('blend-v2', DEFAULT_WORLD);
      const counter = new ReachCounter();
      const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats(), counter.apply);
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      const fns: string[] = [];
      for (const a of new EmitterDistributeAfterGap(gap).actions(h)) {
        await ls.step(a);
        expect(h.last!.outcome.ok, `${a.fn}: ${JSON.stringify(h.last!.outcome, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`).toBe(
          true,
        );
        fns.push(a.fn);
      }
      expect(fns.slice(0, 4)).toEqual(['advance_time', 'emitter.distribute', 'backstop.distribute', 'pool.gulp_emissions']);
      expect(fns).toContain('backstop.dequeue_withdrawal');
      const key =
        gap === 2n ** 32n
          ? 'big-index: an index step past 2^64 over 2^32 non-queued shares'
          : 'big-index: an index step past 2^64 over 2^32 - 1 non-queued shares';
      expect(counter.count(key), JSON.stringify(Object.fromEntries(counter.counts))).toBe(1);
    }, 120_000);
  }
});
