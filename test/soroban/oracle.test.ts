/**
 * The oracle's prices that move and age (session 19, `set_oracle_price`, the driver's
 * `oracle.set_price`) on the real v2 contracts, in lockstep with the model, in the world with the
 * second reserve configuration (`mutate --contracts pool`'s): the health-factor edge chain's oracle
 * variant (src/commands/hf-edge.ts) moves the reserve asset's price off 1.0 and meets the health
 * factor's edge there (InvalidHf, 1205, on both sides), borrows one unit less with the price exactly
 * 24 h old (accepted on both: load_price's `t + 86400 < now`; issue 19's pool mutant
 * `func150 +329 const-1` refuses it), then at 24 h + 1 s has a borrow and a collateral withdrawal
 * refused (InvalidPrice, 1210, on both), and gives the price back to the live 1.0 feed; the
 * min-collateral chain's oracle variant borrows with its collateral exactly at the pool minimum at
 * the moved price, that price exactly 24 h old, then meets 24 h + 1 s the same way. Every reply,
 * every invariant and the whole observable state agree after each step.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { HfEdgeChain } from '../../src/commands/hf-edge.ts';
import { MinCollateralChain } from '../../src/commands/min-collateral.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };
const ASK = (1 << 19) | (6 << 16);
const MIN = (1 << 19) | (7 << 16);

describe.runIf(RUN_DRIVER_TESTS)('oracle prices that move and age on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  for (const low of [0, 700])
    it(`the health-factor edge chain's oracle variant (price seed ${low}): the edge, 24 h exactly and 24 h + 1 s agree`, async () => {
      await driver().init('blend-v2', SECOND);
      const h = new Harness(createWorld(profile, SECOND), props, new Stats());
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      const checked: (number | undefined)[] = [];
      let prices = 0;
      for (const a of new HfEdgeChain(low, low, ASK | low).actions(h)) {
        await ls.step(a);
        const out = h.last!.outcome;
        if (a.fn === 'set_oracle_price') prices++;
        if (a.fn === 'pool.submit' && (a.request === 'borrow' || (a.request === 'withdraw' && prices < 4)))
          checked.push(out.ok ? undefined : out.error.code);
        else expect(out.ok).toBe(true);
      }
      expect(prices).toBe(4);
      expect(checked).toEqual([PoolError.InvalidHf.code, undefined, PoolError.InvalidPrice.code, PoolError.InvalidPrice.code]);
    }, 180_000);

  for (const low of [0, 100])
    it(`the min-collateral chain's oracle variant (price seed ${low}): the borrow at exactly the minimum at 24 h, and 24 h + 1 s, agree`, async () => {
      await driver().init('blend-v2', SECOND);
      const h = new Harness(createWorld(profile, SECOND), props, new Stats());
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      const checked: (number | undefined)[] = [];
      let prices = 0;
      for (const a of new MinCollateralChain(low, low, MIN | low).actions(h)) {
        await ls.step(a);
        const out = h.last!.outcome;
        if (a.fn === 'set_oracle_price') prices++;
        if (a.fn === 'pool.submit' && (a.request === 'borrow' || (a.request === 'withdraw' && prices < 3)))
          checked.push(out.ok ? undefined : out.error.code);
        else expect(out.ok).toBe(true);
      }
      expect(prices).toBe(3);
      expect(checked).toEqual([undefined, PoolError.InvalidPrice.code, PoolError.InvalidPrice.code]);
    }, 180_000);
});
