/**
 * The emitter's own `drop(list)` on the real contracts (`emitter.drop`: the driver calls it under
 * the host's mock auth, the current backstop's authorisation), in lockstep with the model: every
 * reply, every invariant on the driver's state and the whole observable state agree after each
 * step. The lists are the boundaries of blend-contracts emitter/src/emitter.rs `execute_drop`
 * (DROP-MAX, DROP-ONCE): 50M + 1 stroop, a negative entry (the i128 sum passes, the BLND token
 * refuses the mint), sums past 2^64 and 2^127, then exactly 50M (accepted) and a repeat (BadDrop).
 * The answers are asserted too, so that the sequence is known to reach those paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { MAX_DROP } from '../../spec/constants.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS } from './driver.ts';

const profile = PROFILES['blend-v2'];
const M = MAX_DROP.value;

describe.runIf(RUN_DRIVER_TESTS)('emitter.drop(list) on the real v2 contracts, in lockstep with the model', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    const hs = await impl.handshake('blend-v2');
    expect(hs.actions).toEqual(expect.arrayContaining(['emitter.drop']));
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  it('50M + 1, a negative entry, past 2^64, past 2^127, exactly 50M, a repeat: no divergence, to the stroop', async () => {
    const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
    await impl.init('blend-v2', DEFAULT_WORLD);
    const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats());
    const ls = new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { fullStateEvery: 1 });
    const answers: string[] = [];
    const drop = async (list: [string, bigint][]): Promise<void> => {
      const a: Action = { fn: 'emitter.drop', list };
      await ls.step(a);
      const o = h.last!.outcome;
      answers.push(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);
    };
    await drop([
      ['U1', M],
      ['U2', 1n],
    ]);
    await drop([
      ['U1', 10n],
      ['U2', -1n],
    ]);
    await drop([
      ['U2', -(2n ** 64n)],
      ['U1', M],
    ]);
    await drop([
      ['U1', 2n ** 63n],
      ['U2', 2n ** 63n + 5n],
    ]);
    await drop([
      ['U1', 2n ** 126n],
      ['U2', 2n ** 126n],
    ]);
    await drop([
      ['U1', M - 7n],
      ['backstop', 7n],
    ]);
    await drop([]);
    expect(answers).toEqual(['Emitter#1101', 'Token#8', 'Token#8', 'Emitter#1101', 'WasmVm#6', 'ok', 'Emitter#1101']);
    expect(h.world.blnd.get('U1')).toBe(M - 7n);
  }, 120_000);
});
