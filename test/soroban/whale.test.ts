/**
 * The whale world option on the real v2 contracts, in lockstep with the model: `init.world.whale`
 * builds the same world on both sides (the whale's LP, the Comet's supply with it; without it, no
 * whale), and the whale's amounts past 2^64 meet the contracts' i128 arithmetic where the model's
 * does: its whole wallet deposited and queued (the high half's carry), `distribute` panicking
 * (WasmVm#6) while 2^63 or more of a pool of 2^64 tokens is queued, a dequeue of 2^64 - 1 (the
 * borrow from the high half), and `distribute` accepted again once the rest is dequeued. Every
 * reply, every invariant and the whole observable state agree after each step.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { userBalanceOf } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { CURRENT_BACKSTOP } from '../../src/world/genesis.ts';
import { HostError } from '../../spec/errors.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const TWO_64 = 2n ** 64n;

describe.runIf(RUN_DRIVER_TESTS)('the whale on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();

  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
  const start = async (whale: boolean) => {
    const cfg = { ...DEFAULT_WORLD, whale };
    await driver().init('blend-v2', cfg);
    const h = new Harness(createWorld(profile, cfg), props, new Stats());
    // the genesis states compared in full first (a world built differently diverges here)
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    return { h, ls };
  };

  it('off: no whale on either side', async () => {
    const { h, ls } = await start(false);
    expect(h.world.lp.has('whale')).toBe(false);
    // a step compares the full state: the driver's world holds no whale either
    await ls.step({ fn: 'advance_time', seconds: 1n });
    expect(h.last!.outcome.ok).toBe(true);
  }, 120_000);

  it("on: the whale's high-half amounts and the i128 panic, as the model's", async () => {
    const { h, ls } = await start(true);
    const w = h.world;
    expect(w.lp.get('whale')).toBe(GENESIS.whaleLp);
    const pool = w.backstops.get(CURRENT_BACKSTOP)!.rewardZone[0]!;
    const bs = { backstop: CURRENT_BACKSTOP, from: 'whale', pool };
    const step = async (a: Action, ok: boolean) => {
      await ls.step(a);
      const out = h.last!.outcome;
      expect(out.ok, `${a.fn}: ${JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`).toBe(ok);
      return out;
    };
    await step({ fn: 'backstop.deposit', ...bs, amount: GENESIS.whaleLp }, true);
    const shares = userBalanceOf(w.backstops.get(CURRENT_BACKSTOP)!, pool, 'whale').shares;
    expect(shares).toBeGreaterThan(TWO_64);
    await step({ fn: 'backstop.queue_withdrawal', ...bs, amount: shares }, true);
    await step({ fn: 'advance_time', seconds: profile.distributeMinInterval.seconds.value + 1n }, true);
    await step({ fn: 'emitter.distribute' }, true);
    const out = await step({ fn: 'backstop.distribute', backstop: CURRENT_BACKSTOP }, false);
    if (!out.ok) expect([out.error.contract, out.error.code]).toEqual([HostError.Panic.contract, HostError.Panic.code]);
    await step({ fn: 'backstop.dequeue_withdrawal', ...bs, amount: TWO_64 - 1n }, true);
    await step({ fn: 'backstop.dequeue_withdrawal', ...bs, amount: shares - (TWO_64 - 1n) }, true);
    await step({ fn: 'backstop.distribute', backstop: CURRENT_BACKSTOP }, true);
  }, 120_000);
});
