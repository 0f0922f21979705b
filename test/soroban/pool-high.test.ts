/**
 * The pool's i128 high halves on the real v2 contracts, in lockstep with the model
 * (src/commands/pool-high.ts, issue 19's pool survivors `func137 +99`, `func148 +962`): in each
 * generated pool (reserves of 6, 7, 9 and 18 decimals) the chain's borrow mints exactly k x 2^64 d
 * tokens, its second borrow's health check adds liabilities to a total past 2^64 base units, its
 * repay and withdrawal burn tokens that borrow from the balance's high half, and everything is given
 * back: every reply, every invariant and the whole observable state agree after each step, every
 * action is accepted, and the reach counter sees each condition.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { HighHalfChain } from '../../src/commands/pool-high.ts';
import { ReachCounter, REACH_KEYS } from '../../src/commands/reach.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('the pool high-half chain on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();

  for (const pool of ['P0', 'P1', 'P2', 'P3']) {
    it(`${pool}: every action accepted, no divergence, each condition reached`, async () => {
      const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
      await driver().init('blend-v2', DEFAULT_WORLD);
      const counter = new ReachCounter();
      const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats(), counter.apply);
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      // a first chain, then a third user's borrow and a day, and a second chain: its borrow at a d_rate above 1
      const scalar = (i: number): bigint => h.world.pools.get(pool)!.reserves[i]!.scalar;
      for (const round of [0, 1]) {
        if (round === 1) {
          const submit = (request: 'supply' | 'borrow', reserveIndex: number, amount: bigint) =>
            ls.step({ fn: 'pool.submit', pool, from: 'U3', request, reserveIndex, amount });
          await submit('supply', 0, 100n * scalar(0));
          await submit('supply', 1, 1000n * scalar(1));
          await submit('borrow', 0, 50n * scalar(0));
          await ls.step({ fn: 'advance_time', seconds: 86_400n });
          expect(h.world.pools.get(pool)!.reserves[0]!.dRate).toBe(10n ** 12n);
          await submit('supply', 0, scalar(0));
          expect(h.world.pools.get(pool)!.reserves[0]!.dRate).toBeGreaterThan(10n ** 12n);
        }
        for (const a of new HighHalfChain(pool, 'U1', 'U2').actions(h)) {
          await ls.step(a);
          expect(
            h.last!.outcome.ok,
            `${a.fn}: ${JSON.stringify(h.last!.outcome, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
          ).toBe(true);
        }
      }
      const counts = JSON.stringify(Object.fromEntries(counter.counts));
      for (const k of REACH_KEYS.filter((k) => k.startsWith('pool-high'))) expect(counter.count(k), `${k}: ${counts}`).toBe(2);
    }, 120_000);
  }
});
