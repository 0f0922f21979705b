/**
 * The pool deep-time chain (src/commands/pool-deep.ts) on the real v2 contracts, in lockstep with
 * the model: some 170 actions over about 7.4 x 10^12 s of ledger time, each reply, each invariant on
 * the driver's state and the whole observable state agreeing after every step, to a pool claim of
 * 2^64 stroops and more over a stored accrued past 2^64 (the pool's `func109 +292`, `+293`,
 * `claim +483`, `+484` mutants), accepted, in the default world (`mutate --contracts pool`'s). Each
 * reserve's b token (reserves of 6 and 7 decimals in P0). Its wall time is logged (the chain must
 * fit a 60 s mutant budget several times).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { PoolDeepChain } from '../../src/commands/pool-deep.ts';
import { TWO_64 } from '../../src/commands/whale.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('the pool deep-time chain on the real v2 contracts, in lockstep with the model', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    await impl.handshake('blend-v2');
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  for (const seed of [0, 1])
    it(`no divergence to the claim past 2^64 (reserve ${seed}'s b token)`, async () => {
      const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
      await impl.init('blend-v2', DEFAULT_WORLD);
      const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats());
      const ls = new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { fullStateEvery: 1 });
      const t0 = performance.now();
      let n = 0;
      for (const a of new PoolDeepChain(seed, 3).actions(h)) {
        await ls.step(a);
        n++;
        expect(h.last!.outcome.ok, `${a.fn} refused`).toBe(true);
      }
      console.log(`pool deep-time chain (reserve ${seed}): ${n} actions in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      const last = h.last!;
      expect(last.action.fn).toBe('pool.claim');
      const o = last.outcome;
      const claimed = o.ok ? o.events.find((e) => e.topic === 'claim' && e.contract === 'pool') : undefined;
      expect(claimed !== undefined && claimed.topic === 'claim' && claimed.contract === 'pool' && claimed.amount >= TWO_64).toBe(true);
    }, 180_000);
});
