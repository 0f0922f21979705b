/**
 * Several requests in one `submit`, `submit_with_allowance` and `update_status` on the real v2
 * pool, in lockstep with the model (every reply, every invariant and the whole observable state
 * after each step, src/check/lockstep.ts). The sequence: a supply and a borrow of one reserve in
 * one call (with and without allowance), a borrow before its collateral in one call (the health
 * factor is checked after all the requests), two supplies of one asset past 2^64 units (the
 * transfer map's i128 sum), a call whose second request fails (InvalidHf, the first reverted), and
 * update_status: the pool brought to exactly the 1e25 threshold by the LP composition stays
 * admin-active, then below it goes on ice (its borrows refused, Pool#1206). The model's
 * answers are asserted too, so that the sequence is known to reach those paths.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../spec/actions.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { exactThresholdPrice } from '../../src/commands/pool.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RUN_DRIVER_TESTS, v2DriverForSuite } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('several requests, submit_with_allowance and update_status on the real v2 pool, in lockstep', () => {
  const driver = v2DriverForSuite((hs) =>
    expect(hs.actions).toEqual(expect.arrayContaining(['pool.submit_requests', 'pool.update_status'])),
  );

  it('no divergence, to the stroop, and each path reached', async () => {
    const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
    await driver().init('blend-v2', DEFAULT_WORLD);
    const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats());
    const ls = new Lockstep(h, driver(), props, new Stats(), profile, await driver().state(), [], { fullStateEvery: 1 });
    const w = h.world;
    const answers: string[] = [];
    const step = async (a: Action): Promise<void> => {
      await ls.step(a);
      const o = h.last!.outcome;
      answers.push(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);
    };
    // a pool with an 18-decimal reserve (spec/genesis.json reserve_decimals, by pool and reserve)
    const P = [...w.pools.keys()].find((x) => /^P\d+$/.test(x) && w.pools.get(x)!.reserves.some((r) => r.scalar >= 10n ** 18n))!;
    expect(P).toBeDefined();
    const s0 = w.pools.get(P)!.reserves[0]!.scalar;
    const s1 = w.pools.get(P)!.reserves[1]!.scalar;
    const wide = s0 >= s1 ? 0 : 1;
    const sw = w.pools.get(P)!.reserves[wide]!.scalar;
    // 40 tokens of its widest reserve are past 2^64 units
    expect(40n * sw).toBeGreaterThan(2n ** 64n);
    type Req = readonly [RequestType, number, bigint];
    const sub = (from: string, reqs: readonly Req[], withAllowance = false): Action => {
      const [request, reserveIndex, amount] = reqs[0]!;
      const rest = reqs.slice(1);
      return {
        fn: 'pool.submit',
        pool: P,
        from,
        request,
        reserveIndex,
        amount,
        ...(rest.length > 0 ? { more: rest.map(([r, i, a]) => ({ request: r, reserveIndex: i, amount: a })) } : {}),
        ...(withAllowance ? { withAllowance: true } : {}),
      };
    };
    // supply and borrow of one reserve in one call, then the same with allowance
    await step(
      sub('U0', [
        ['supply', 0, 1_000n * s0],
        ['borrow', 0, 100n * s0],
      ]),
    );
    await step(
      sub(
        'U1',
        [
          ['supply', 1, 1_000n * s1],
          ['borrow', 1, 100n * s1],
        ],
        true,
      ),
    );
    // a borrow before its collateral, in one call (alone it would fail the health factor)
    await step(sub('U2', [['borrow', 0, 10n * s0]]));
    await step(
      sub(
        'U2',
        [
          ['borrow', 0, 10n * s0],
          ['supply', 1, 100n * s1],
        ],
        true,
      ),
    );
    // two supplies of one asset, the first past 2^64 units (the transfer map's i128 sum)
    await step(
      sub('U3', [
        ['supply', wide, 40n * sw],
        ['supply', wide, 3n * sw],
      ]),
    );
    await step(
      sub(
        'U3',
        [
          ['supply', wide, 40n * sw],
          ['supply', wide, 3n * sw],
        ],
        true,
      ),
    );
    // the second request fails: the whole call reverts (InvalidHf)
    await step(
      sub('U4', [
        ['supply', 0, 10n * s0],
        ['borrow', 0, 9n * s0],
      ]),
    );
    // update_status: P0 at exactly the threshold (admin active stays 0); then below it (on ice; borrows refused)
    const exact = exactThresholdPrice(w, P, 0)!;
    expect(exact).toBeDefined();
    await step(exact);
    await step({ fn: 'pool.update_status', pool: P });
    const status0 = h.last!.outcome;
    await step({ fn: 'set_lp_price', blndPerLp: 1_0000000n, usdcPerLp: 100000n });
    await step({ fn: 'pool.update_status', pool: P });
    const status1 = h.last!.outcome;
    await step(sub('U0', [['borrow', 0, s0]]));
    await step(
      sub('U0', [
        ['repay', 0, 50n * s0],
        ['withdraw', 0, 10n * s0],
      ]),
    );
    expect(answers).toEqual(['ok', 'ok', 'Pool#1205', 'ok', 'ok', 'ok', 'Pool#1205', 'ok', 'ok', 'ok', 'ok', 'Pool#1206', 'ok']);
    expect(status0).toMatchObject({ ok: true, result: 0n });
    expect(status1).toMatchObject({ ok: true, result: 3n });
  }, 120_000);
});
