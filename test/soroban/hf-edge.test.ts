/**
 * Two validate_submit edges (pool/src/pool/submit.rs) on the real v2 contracts, in lockstep with the
 * model, in the world with the second reserve configuration (`mutate --contracts pool`'s):
 * - the health factor: the chain of src/commands/hf-edge.ts borrows the smallest amount the model's
 *   health factor refuses (InvalidHf, 1205, on both sides) and one unit less (accepted on both; issue
 *   19's pool mutant `func148 +408 const-1` accepts the first), with a dust collateral worth 0 base
 *   units held in the other enabled reserve (the mutant `func148 +494 gt->ge`, carrying 1 into
 *   collateral_base's high half on that zero term, accepts the first too);
 * - the maximum number of positions: a generated pool's max_positions is 2 x its enabled reserves
 *   (the disabled one not counted; adapters/soroban/src/world.rs `deploy_pool`), and a user with
 *   collateral and liabilities in both enabled reserves of P0 (4 positions) meets it exactly, every
 *   request accepted (the mutant `func156 +54 lt->le` refuses the fourth with MaxPositionsExceeded,
 *   1208).
 * Every reply, every invariant and the whole observable state agree after each step.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { HfEdgeChain } from '../../src/commands/hf-edge.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };

describe.runIf(RUN_DRIVER_TESTS)('validate_submit edges on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  for (const seed of [0, 1])
    it(`the health-factor edge chain (seed ${seed}): the smallest refused borrow and one unit less agree`, async () => {
      await driver().init('blend-v2', SECOND);
      const h = new Harness(createWorld(profile, SECOND), props, new Stats());
      const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
      const borrows: (number | undefined)[] = [];
      const reserves = new Set<number>();
      for (const a of new HfEdgeChain(seed, seed).actions(h)) {
        if (a.fn === 'pool.submit') reserves.add(a.reserveIndex);
        await ls.step(a);
        const out = h.last!.outcome;
        if (a.fn === 'pool.submit' && a.request === 'borrow') borrows.push(out.ok ? undefined : out.error.code);
        else expect(out.ok).toBe(true);
      }
      expect(borrows).toEqual([PoolError.InvalidHf.code, undefined]);
      // the collateral and the dust: two reserves
      expect(reserves.size).toBe(2);
    }, 180_000);

  it('a user with collateral and liabilities in both enabled reserves of P0 (max_positions exactly) is accepted', async () => {
    await driver().init('blend-v2', SECOND);
    const h = new Harness(createWorld(profile, SECOND), props, new Stats());
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    const p = h.world.pools.get('P0')!;
    expect(p.reserves.map((r) => r.enabled)).toEqual([true, true, false]);
    const submit = (request: 'supply' | 'borrow', reserveIndex: number, amount: bigint): Action => ({
      fn: 'pool.submit',
      pool: 'P0',
      from: 'U0',
      request,
      reserveIndex,
      amount,
    });
    const steps = [
      submit('supply', 0, 1_000n * p.reserves[0]!.scalar),
      submit('supply', 1, 1_000n * p.reserves[1]!.scalar),
      submit('borrow', 0, 10n * p.reserves[0]!.scalar),
      submit('borrow', 1, 10n * p.reserves[1]!.scalar),
    ];
    for (const a of steps) {
      await ls.step(a);
      expect(h.last!.outcome.ok).toBe(true);
    }
    const pos = p.positions.get('U0')!;
    expect(pos.collateral.size + pos.liabilities.size).toBe(4);
  }, 180_000);
});
