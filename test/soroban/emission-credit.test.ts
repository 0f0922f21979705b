/**
 * The emission-credit chain (src/commands/emission-credit.ts) on the real v2 contracts, in lockstep
 * with the model, in the default world and the world with the second reserve configuration
 * (`mutate --contracts pool`'s): a withdrawal of exactly 2^64 units through submit_with_allowance
 * leaving the pool under 2^64 of the asset (issue 19's pool mutant `func157 +472 gt->ge` sends 2^64
 * more, which the pool does not hold), an emission index step of exactly one over a b supply of
 * 2^64 or more (`func227 +38 lt->le` stores one less), and an accrual adding to a backstop credit
 * past 2^64 (`func163 +1708 add->sub` traps). Every reply, every invariant and the whole observable
 * state agree after each step, and each edge is met.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { EmissionCreditChain } from '../../src/commands/emission-credit.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const KEYS: ReachKey[] = [
  'submit-many: submit_with_allowance of a withdrawal of exactly k x 2^64 units, the pool left under 2^64 of the asset, accepted',
  'emission-credit: an emission index step of exactly one over a token supply of 2^64 or more (elapsed x eps x 10^decimals)',
  'emission-credit: an accrual adding to a backstop credit of 2^64 units or more',
];

describe.runIf(RUN_DRIVER_TESTS)('the emission-credit chain on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  for (const [name, world] of [
    ['default', DEFAULT_WORLD],
    ['second reserve', { ...DEFAULT_WORLD, secondReserve: true }],
  ] as const)
    it(`${name} world: each edge met, every action accepted on both sides, the full state agreeing at every step`, async () => {
      await driver().init('blend-v2', world);
      const counter = new ReachCounter();
      const h = new Harness(createWorld(profile, world), props, new Stats(), counter.apply);
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      let n = 0;
      for (const a of new EmissionCreditChain(0, 0, true).actions(h)) {
        await ls.step(a);
        expect(
          h.last!.outcome.ok,
          JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
        ).toBe(true);
        n++;
      }
      expect(n).toBeGreaterThan(10);
      for (const k of KEYS) expect(counter.count(k), k).toBeGreaterThan(0);
    }, 300_000);
});
