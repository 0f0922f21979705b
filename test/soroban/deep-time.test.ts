/**
 * The deep-time chain (src/commands/deep-time.ts) on the real v2 contracts, in lockstep with the
 * model: some 84 actions over about 3 x 10^12 s (95,000 years) of ledger time, each reply, each
 * invariant on the driver's state and the whole observable state agreeing after every step, to the
 * claim of 2^64 stroops and more (the backstop's `claim +1330` and `func88 +421` mutants): refused
 * by the Comet's max-in ratio in the default world, accepted in the world with the whale; and its
 * zone tail (a reward-zone allocation past 2^64 stroops added to: the backstop's `distribute +1167`;
 * its first allocation 2^64 + less than the pool's share: `func143 +208`)
 * on the real contracts too, and with the whale its queue tail (a distribution over the chain's pool
 * with all its 2^64 tokens queued: `func81 +80`), after one with part of them queued whose
 * non_queued_tokens borrows from the high half (session 19: `func81 +92`), and a draw of 2^64
 * of the pool's tokens last (`func83 +123`). Its wall
 * time is logged (the chain must fit a 60 s mutant budget several times).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import type { StepOutcome } from '../../properties/types.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { Deadline } from '../../src/commands/scenario.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS } from './driver.ts';

const profile = PROFILES['blend-v2'];

describe.runIf(RUN_DRIVER_TESTS)('the deep-time chain on the real v2 contracts, in lockstep with the model', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    await impl.handshake('blend-v2');
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  for (const whale of [false, true])
    it(`no divergence to the claim past 2^64 (${whale ? 'the whale' : 'default world'})`, async () => {
      const world = { ...DEFAULT_WORLD, whale };
      const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
      await impl.init('blend-v2', world);
      const counter = new ReachCounter();
      const h = new Harness(createWorld(profile, world), props, new Stats(), counter.apply);
      const ls = new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { fullStateEvery: 1 });
      const t0 = performance.now();
      let n = 0;
      let claimed: StepOutcome | undefined;
      for (const a of new Deadline('eps', (2 << 16) | 5, 0).actions(h)) {
        await ls.step(a);
        n++;
        if (a.fn === 'backstop.claim') claimed = h.last!.outcome;
      }
      console.log(`deep-time chain (${whale ? 'whale' : 'default'}): ${n} actions in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      // with the whale the queue tail follows the claim: its distribution over the all-queued pool, the dequeues, the 2^64 draw
      expect(h.last!.action.fn).toBe(whale ? 'backstop.draw' : 'backstop.claim');
      expect(h.last!.outcome.ok || !whale).toBe(true);
      const o = claimed!;
      expect(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`).toBe(whale ? 'ok' : 'Comet#17');
      // the queue tail's partial queue: a distribution whose non_queued_tokens borrows from the high half (func81 +92)
      expect(
        counter.count(
          "whale: a distribution over a reward-zone pool of 2^64 tokens or more whose queued tokens' low half passes its tokens' (a borrow from the high half)",
        ),
      ).toBe(whale ? 1 : 0);
      // the pool's draw of 2^64 tokens (PoolBalance::withdraw's high halves: func83 +123)
      expect(counter.count('whale: a draw of 2^64 tokens or more')).toBe(whale ? 1 : 0);
    }, 120_000);

  it('no divergence through the zone tail, a distribution adding to an allocation past 2^64 (the whale)', async () => {
    const world = { ...DEFAULT_WORLD, whale: true };
    const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
    await impl.init('blend-v2', world);
    const counter = new ReachCounter();
    const h = new Harness(createWorld(profile, world), props, new Stats(), counter.apply);
    const ls = new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { fullStateEvery: 1 });
    for (const a of new Deadline('eps', (1 << 18) | (2 << 16) | 5, 0).actions(h)) await ls.step(a);
    expect(h.last!.action.fn).toBe('backstop.distribute');
    expect(h.last!.outcome.ok).toBe(true);
    expect(counter.count('deep-time: a backstop distribution adding to a reward-zone allocation of 2^64 stroops or more')).toBe(1);
    // its first distribution allocated 2^64 + less than the share (u128_div_rem's n.hi == d: the backstop's func143 +208)
    expect(
      counter.count(
        'deep-time: a backstop distribution allocating a reward-zone pool 2^64 stroops or more, under 2^64 + 2^64 / 10^7, at once',
      ),
    ).toBe(1);
  }, 120_000);
});
