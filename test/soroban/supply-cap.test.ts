/**
 * apply_supply_collateral's supply cap (pool/src/pool/actions.rs `total_supply > supply_cap`) on the
 * real v2 contracts, in lockstep with the model, in the world with the second reserve configuration
 * (`mutate --contracts pool`'s): the chain of src/commands/supply-cap.ts supplies one b token past
 * the cap (i128::MAX / 4 units; refused, ExceededSupplyCap, 1220, on both sides), then exactly to the
 * cap (accepted on both; issue 19's pool mutant `func122 +1568 le->lt` refuses it), then withdraws
 * everything; then the same with the uncollateralised requests (apply_supply's cap test, `func122
 * +799 le->lt`). Every reply, every invariant and the whole observable state agree after each step.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { SupplyCapChain } from '../../src/commands/supply-cap.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };

describe.runIf(RUN_DRIVER_TESTS)('the supply cap on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  for (const [seed, plain] of [
    [0, false],
    [1, false],
    [0, true],
  ] as const)
    it(`the supply-cap chain (seed ${seed}${plain ? ', uncollateralised' : ''}): past the cap refused, exactly the cap accepted, both sides agree`, async () => {
      await driver().init('blend-v2', SECOND);
      const counter = new ReachCounter();
      const h = new Harness(createWorld(profile, SECOND), props, new Stats(), counter.apply);
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      const codes: (number | undefined)[] = [];
      for (const a of new SupplyCapChain(seed, seed, plain).actions(h)) {
        await ls.step(a);
        const out = h.last!.outcome;
        codes.push(out.ok ? undefined : out.error.code);
      }
      const n = plain ? 2 : 1;
      expect(codes).toEqual(Array.from({ length: n }, () => [PoolError.ExceededSupplyCap.code, undefined, undefined]).flat());
      expect(counter.count('supply-cap: a supply bringing the total supply to exactly the supply cap accepted')).toBe(n);
      expect(counter.count('supply-cap: a supply taking the total supply past the supply cap refused (ExceededSupplyCap)')).toBe(n);
    }, 180_000);
});
