/**
 * Session 18's two backstop chains on the real v2 contracts, in lockstep with the model (every reply,
 * every invariant and the whole observable state after each step): the q4w fill tail (a user's q4w
 * filled to its 20 entries, the 21st refused with TooManyQ4WEntries 1007, the added entries dequeued;
 * issue 19's backstop mutant `queue_withdrawal +207 gt->ge`) and the whale queue step's 2^64 withdrawal
 * (the pool's tokens drawn down, then 2^64 + k shares withdrawn ending inside a q4w entry past 2^64;
 * `func83 +207` and `withdraw +555`). src/commands/backstop.ts `WithdrawalStep`.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { WithdrawalStep } from '../../src/commands/backstop.ts';
import { poolList } from '../../src/commands/base.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import type { Action } from '../../model/actions.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('the q4w limit and the 2^64 withdrawal on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  const run = async (whale: boolean, first: (h: Harness) => Action[], step: WithdrawalStep) => {
    const world = { ...DEFAULT_WORLD, whale };
    await driver().init('blend-v2', world);
    const counter = new ReachCounter();
    const h = new Harness(createWorld(profile, world), props, new Stats(), counter.apply);
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    for (const a of first(h)) await ls.step(a);
    let n = 0;
    for (const a of step.actions(h)) {
      await ls.step(a);
      n++;
    }
    return { counter, n };
  };

  it('the q4w fill tail: no divergence', async () => {
    // user seed: bits 16-19 set, user U3 (of 10), bit 15 clear
    let seed = 0xf0000;
    while (seed % 10 !== 3) seed++;
    const { counter, n } = await run(
      false,
      (h) => {
        const pool = poolList(h.world)[0]!;
        return [
          { fn: 'backstop.deposit', backstop: h.world.pools.get(pool)!.backstop, from: h.world.users[3]!, pool, amount: 1_000_0000000n },
        ];
      },
      new WithdrawalStep('backstop.queue_withdrawal', seed, 0, 100),
    );
    expect(n).toBe(22);
    expect(counter.count('q4w-max: the last entry the limit allows accepted')).toBe(1);
    expect(counter.count('q4w-max: one entry past the limit refused')).toBe(1);
  }, 180_000);

  it("the whale queue step's 2^64 withdrawal: no divergence", async () => {
    // user seed: bit 16 (the 2^64 form), 15 (the whale), 14 (the withdrawal), 12-13 = 1 (all its shares)
    const seed = (1 << 16) | (1 << 15) | (1 << 14) | (1 << 12);
    const { counter } = await run(
      true,
      (h) => {
        const w = h.world;
        const pool = poolList(w)[0]!;
        const backstop = w.pools.get(pool)!.backstop;
        return [
          { fn: 'backstop.deposit', backstop, from: w.whale!, pool, amount: w.lp.get(w.whale!)! },
          { fn: 'backstop.queue_withdrawal', backstop, from: w.whale!, pool, amount: 7n },
        ];
      },
      new WithdrawalStep('backstop.queue_withdrawal', seed, 0, 5),
    );
    expect(counter.count('whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it')).toBe(1);
  }, 180_000);
});
