/**
 * The second reserve configuration (world option `secondReserve`, spec/genesis.json
 * `second_reserve`) on the real v2 contracts, in lockstep with the model: `init.world.second_reserve`
 * builds the same world on both sides (reserve 1 at the second configuration, a third reserve
 * disabled), a borrow of reserve 1 to exactly its target utilisation (0.6) and to exactly 95% (the
 * kink) accrues after a day as the model's calc_accrual has it (the d and b rates are compared), and
 * a supply of either kind or a borrow of the disabled reserve is refused with ReserveDisabled (1223)
 * on both sides, a withdrawal of it with the token check's error; reserve 0 of a filler pool (r_one 0)
 * accrues between its target and the kink as the model has it. Every reply, every invariant and
 * the whole observable state agree after each step.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { loadReserve } from '../../model/pool/reserve.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { borrowTo } from '../../src/commands/utilisation.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];
const DAY = 86_400n;

describe.runIf(RUN_DRIVER_TESTS)('the second reserve configuration on the real v2 contracts, in lockstep with the model', () => {
  const driver = v2DriverForSuite();
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));

  it('reserve 1 accrues at its target and at the kink as the model has it; the disabled reserve refuses supplies and borrows', async () => {
    const cfg = { ...DEFAULT_WORLD, secondReserve: true };
    await driver().init('blend-v2', cfg);
    const h = new Harness(createWorld(profile, cfg), props, new Stats());
    // the genesis states compared in full first (a world built differently diverges here)
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    const w = h.world;
    const pool = 'P0';
    const p = w.pools.get(pool)!;
    expect(p.reserves.map((r) => [r.config.util, r.enabled])).toEqual([
      [7_500_000n, true],
      [6_000_000n, true],
      [7_500_000n, false],
    ]);
    const step = async (a: Action) => {
      await ls.step(a);
      return h.last!.outcome;
    };
    const submit = (
      from: string,
      request: 'supply' | 'supply_uncollateralized' | 'borrow' | 'withdraw',
      reserveIndex: number,
      amount: bigint,
    ): Action => ({
      fn: 'pool.submit',
      pool,
      from,
      request,
      reserveIndex,
      amount,
    });
    const s1 = p.reserves[1]!.scalar;
    const s0 = p.reserves[0]!.scalar;
    expect((await step(submit('U0', 'supply', 1, 1_000n * s1))).ok).toBe(true);
    expect((await step(submit('U1', 'supply', 0, 10_000n * s0))).ok).toBe(true);
    for (const util of [6_000_000n, 9_500_000n]) {
      const r = p.reserves[1]!;
      const b = borrowTo(loadReserve(r, p.bstopRate, w.now), util)!;
      expect(b).toBeGreaterThan(0n);
      expect((await step(submit('U1', 'borrow', 1, b))).ok).toBe(true);
      expect((await step({ fn: 'advance_time', seconds: DAY })).ok).toBe(true);
      const dRate = p.reserves[1]!.dRate;
      // the accrual at exactly `util` (target, then kink): stored by a supply of one token
      expect((await step(submit('U0', 'supply', 1, s1))).ok).toBe(true);
      expect(p.reserves[1]!.dRate).toBeGreaterThan(dRate);
    }
    for (const request of ['supply', 'supply_uncollateralized', 'borrow'] as const) {
      const out = await step(submit('U1', request, 2, p.reserves[2]!.scalar));
      expect(out.ok).toBe(false);
      if (!out.ok)
        expect([out.error.contract, out.error.code]).toEqual([PoolError.ReserveDisabled.contract, PoolError.ReserveDisabled.code]);
    }
    const out = await step(submit('U1', 'withdraw', 2, 1n));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe(PoolError.InvalidBTokenBurnAmount.code);
  }, 180_000);

  it('reserve 0 of a filler pool (r_one 0) accrues between its target and the kink as the model has it', async () => {
    const cfg = { ...DEFAULT_WORLD, secondReserve: true };
    await driver().init('blend-v2', cfg);
    const h = new Harness(createWorld(profile, cfg), props, new Stats());
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    const w = h.world;
    const pool = `${GENESIS.names.fillerPoolPrefix}0`;
    const p = w.pools.get(pool)!;
    expect(p.reserves.map((r) => [r.config.rOne, r.enabled])).toEqual([
      [0n, true],
      [10_000_000n, true],
      [500_000n, false],
    ]);
    const step = async (a: Action) => {
      await ls.step(a);
      return h.last!.outcome;
    };
    const submit = (from: string, request: 'supply' | 'borrow', reserveIndex: number, amount: bigint): Action => ({
      fn: 'pool.submit',
      pool,
      from,
      request,
      reserveIndex,
      amount,
    });
    const s0 = p.reserves[0]!.scalar;
    const s1 = p.reserves[1]!.scalar;
    expect((await step(submit('U0', 'supply', 0, 1_000n * s0))).ok).toBe(true);
    expect((await step(submit('U1', 'supply', 1, 10_000n * s1))).ok).toBe(true);
    // between the target (0.75) and the kink: util_scalar x r_two + r_one (0) + r_base (pool func163 +608's carry)
    const b = borrowTo(loadReserve(p.reserves[0]!, p.bstopRate, w.now), 8_500_000n)!;
    expect(b).toBeGreaterThan(0n);
    expect((await step(submit('U1', 'borrow', 0, b))).ok).toBe(true);
    expect((await step({ fn: 'advance_time', seconds: DAY })).ok).toBe(true);
    const dRate = p.reserves[0]!.dRate;
    expect((await step(submit('U0', 'supply', 0, s0))).ok).toBe(true);
    expect(p.reserves[0]!.dRate).toBeGreaterThan(dRate);
  }, 180_000);
});
