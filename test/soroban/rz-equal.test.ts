/**
 * The full reward zone's replacement at equal tokens (src/commands/scenario.ts `fullZone`, bit 11 of
 * its seed: the backstop's `add_reward +205 le->lt`) on the real v2 contracts, in lockstep with the
 * model: the zone filled, the replacement at exactly the fewest pool's tokens refused
 * (InvalidRewardZoneEntry, Backstop#1002), the one funded past it accepted; each reply, each
 * invariant and the whole observable state agreeing after every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { FullRewardZone } from '../../src/commands/scenario.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('the full zone replacement at equal tokens on the real v2 contracts', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    await impl.handshake('blend-v2');
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  it('refused at equal tokens, accepted funded past them, no divergence', async () => {
    const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
    await impl.init('blend-v2', DEFAULT_WORLD);
    const counter = new ReachCounter();
    const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats(), counter.apply);
    const ls = new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { fullStateEvery: 1 });
    const replies: string[] = [];
    for (const a of new FullRewardZone((1 << 11) | 5).actions(h)) {
      await ls.step(a);
      const o = h.last!.outcome;
      if (a.fn === 'backstop.add_reward' && a.toRemove !== undefined) replies.push(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);
    }
    expect(replies).toEqual(['Backstop#1002', 'Backstop#1002', 'ok']);
    expect(counter.count('rz-full: replacement rejected by the out-hold rule at equal tokens')).toBe(1);
  }, 120_000);
});
