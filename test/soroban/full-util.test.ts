/**
 * The `full` utilisation chain (src/commands/utilisation.ts) on the real v2 contracts, in lockstep
 * with the model: a borrow to max_util, the withdrawal to 100% refused and to 99%, then interest alone
 * (the backstop's take) carries the liabilities past the supply (`fullAfter`), and an accrual an hour
 * later reads a utilisation of exactly 1.0 (pool/src/pool/reserve.rs `utilization`'s
 * `liabilities >= supply` arm, issue 19's pool mutant `func159 +134 const+1`). Every reply, every
 * invariant and the whole observable state agree after each step, in the default world and with the
 * second reserve configuration (`mutate --contracts pool`'s), for each reserve of P0.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { UtilisationChain } from '../../src/commands/utilisation.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('an accrual at 100% utilisation on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  for (const secondReserve of [false, true])
    for (const reserve of [0, 1])
      it(`the full chain, reserve ${reserve}${secondReserve ? ', the second reserve configuration' : ''}: no divergence`, async () => {
        const world = { ...DEFAULT_WORLD, secondReserve };
        await driver().init('blend-v2', world);
        const counter = new ReachCounter();
        const h = new Harness(createWorld(profile, world), props, new Stats(), counter.apply);
        const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
        let n = 0;
        for (const a of new UtilisationChain('P0', reserve, 'U0', 'U1', 'full', 3_600n).actions(h)) {
          await ls.step(a);
          n++;
        }
        expect(n).toBeGreaterThan(10);
        expect(counter.count('util: accrual at 100% (liabilities at or above the supply)')).toBe(1);
      }, 180_000);
});
