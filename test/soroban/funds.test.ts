/**
 * The backstop's `draw` and `donate` on the real v2 contracts, in lockstep with the model: every
 * reply, every invariant on the driver's own state and the whole observable state agree after each
 * step (src/check/lockstep.ts). The sequence drives a pool to 0 tokens while shares remain, then a
 * deposit (rejected, InvalidShareMintAmount), a claim (its LP added for 0 shares) and a deposit
 * again (accepted once the claim's LP is there), and each rejection of draw and donate. The model's
 * answers are asserted too, so that the sequence is known to reach those paths.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { poolBalanceOf, userBalanceOf, type World } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { snapshotConfig } from '../../src/world/snapshot.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, CARGO, driverBinary, RUN_DRIVER_TESTS, SKIP_REASON } from './driver.ts';

const profile = PROFILES['blend-v2'];
const DAY = 86_400n;
const tokensOf = (w: World, pool: string): bigint => poolBalanceOf(w.backstops.get('backstop')!, pool).tokens;

describe.runIf(RUN_DRIVER_TESTS)('draw and donate on the real v2 contracts, in lockstep with the model', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    const hs = await impl.handshake('blend-v2');
    expect(hs.actions).toEqual(expect.arrayContaining(['backstop.draw', 'backstop.donate']));
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  it('draw to 0 tokens -> deposit -> claim -> deposit, donations and every rejection: no divergence, to the stroop', async () => {
    const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
    await impl.init('blend-v2', DEFAULT_WORLD);
    const h = new Harness(createWorld(profile, DEFAULT_WORLD), props, new Stats());
    const ls = new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { fullStateEvery: 1 });
    const w = h.world;
    const answers: string[] = [];
    const step = async (a: Action): Promise<void> => {
      await ls.step(a);
      const o = h.last!.outcome;
      answers.push(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);
    };
    const bs = 'backstop';
    // U0 deposits into P0, which earns backstop emissions for a day
    await step({ fn: 'backstop.deposit', backstop: bs, from: 'U0', pool: 'P0', amount: 1_000_0000000n });
    await step({ fn: 'advance_time', seconds: DAY });
    await step({ fn: 'emitter.distribute' });
    await step({ fn: 'backstop.distribute', backstop: bs });
    await step({ fn: 'pool.gulp_emissions', pool: 'P0' });
    await step({ fn: 'advance_time', seconds: DAY / 2n });
    // donations: accepted, from the pool (the host refuses its second require_auth), from the backstop (BadRequest), negative
    const t0 = tokensOf(w, 'P0');
    await step({ fn: 'backstop.donate', backstop: bs, from: 'U2', pool: 'P0', amount: 50_0000000n });
    expect(tokensOf(w, 'P0')).toBe(t0 + 50_0000000n);
    await step({ fn: 'backstop.donate', backstop: bs, from: 'P0', pool: 'P0', amount: 1_0000000n });
    await step({ fn: 'backstop.donate', backstop: bs, from: bs, pool: 'P0', amount: 1_0000000n });
    await step({ fn: 'backstop.donate', backstop: bs, from: 'U2', pool: 'P0', amount: -1n });
    // draws: over the pool's tokens (InsufficientFunds), negative, then everything to U1
    const shares = poolBalanceOf(w.backstops.get(bs)!, 'P0').shares;
    await step({ fn: 'backstop.draw', backstop: bs, pool: 'P0', amount: tokensOf(w, 'P0') + 1n, to: 'U1' });
    await step({ fn: 'backstop.draw', backstop: bs, pool: 'P0', amount: -1n, to: 'U1' });
    await step({ fn: 'backstop.draw', backstop: bs, pool: 'P0', amount: 7_0000000n, to: 'U1' });
    await step({ fn: 'backstop.draw', backstop: bs, pool: 'P0', amount: tokensOf(w, 'P0'), to: 'U1' });
    expect(poolBalanceOf(w.backstops.get(bs)!, 'P0')).toMatchObject({ tokens: 0n, shares });
    // the drained pool: a deposit mints nothing (rejected), a claim's LP goes in for 0 shares, then a deposit is accepted
    await step({ fn: 'backstop.deposit', backstop: bs, from: 'U3', pool: 'P0', amount: 10_0000000n });
    const u0Shares = userBalanceOf(w.backstops.get(bs)!, 'P0', 'U0').shares;
    await step({ fn: 'backstop.claim', backstop: bs, from: 'U0', pools: ['P0'], minLpTokensOut: 0n, to: 'U0' });
    expect(h.last?.outcome.ok === true && (h.last.outcome.result ?? 0n) > 0n, 'the claim claimed LP').toBe(true);
    expect(tokensOf(w, 'P0')).toBeGreaterThan(0n);
    expect(poolBalanceOf(w.backstops.get(bs)!, 'P0').shares).toBe(shares);
    expect(userBalanceOf(w.backstops.get(bs)!, 'P0', 'U0').shares).toBe(u0Shares);
    await step({ fn: 'backstop.deposit', backstop: bs, from: 'U3', pool: 'P0', amount: 10_0000000n });
    // the next distribution allocates by the new non-queued tokens
    await step({ fn: 'advance_time', seconds: 3_600n });
    await step({ fn: 'emitter.distribute' });
    await step({ fn: 'backstop.distribute', backstop: bs });
    expect(answers).toEqual([
      ...['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
      ...['ok', 'WasmVm#4', 'Backstop#1000', 'Backstop#8'],
      ...['Backstop#1003', 'Backstop#8', 'ok', 'ok'],
      ...['Backstop#1005', 'ok', 'ok'],
      ...['ok', 'ok', 'ok'],
    ]);
  }, 120_000);
});

const SNAPSHOT = new URL('../../../shared/data/mainnet-55261759-snapshot.json', import.meta.url).pathname;
const HAS_SNAPSHOT = existsSync(SNAPSHOT);
if (RUN_DRIVER_TESTS && !HAS_SNAPSHOT)
  console.warn(`[Soroban driver tests] the v1 draw test is skipped: no mainnet snapshot at ${SNAPSHOT}`);

describe.runIf(RUN_DRIVER_TESTS && HAS_SNAPSHOT)(
  "draw and donate on the mainnet snapshot's v1 backstop, in lockstep with the model",
  () => {
    let impl: SubprocessImplementation;
    beforeAll(async () => {
      impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 60_000 });
      expect((await impl.handshake('blend-v1')).actions).toEqual(expect.arrayContaining(['backstop.draw', 'backstop.donate']));
    }, BUILD_TIMEOUT_MS);
    afterAll(async () => impl?.close());

    it('a reward-zone pool drawn to 0 tokens: v1 divides by zero on a deposit and on a claim into it (WasmVm#6), a donation refills it', async () => {
      const v1 = PROFILES['blend-v1'];
      const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(v1));
      const cfg = snapshotConfig({ snapshot: SNAPSHOT });
      await impl.init('blend-v1', cfg);
      const h = new Harness(createWorld(v1, cfg), props, new Stats());
      const ls = new Lockstep(h, impl, props, new Stats(), v1, await impl.state(), [], { fullStateEvery: 1 });
      const w = h.world;
      const bsAddr = w.emitter.backstop;
      const bs = w.backstops.get(bsAddr)!;
      // the reward-zone pool with the most tokens, and its largest depositor
      const pool = [...bs.rewardZone].sort((a, b) => (poolBalanceOf(bs, b).tokens > poolBalanceOf(bs, a).tokens ? 1 : -1))[0]!;
      const holders = [...(bs.userBalances.get(pool) ?? new Map()).entries()];
      const holder = holders.sort((a, b) => (b[1].shares > a[1].shares ? 1 : -1))[0]![0] as string;
      const answers: string[] = [];
      const step = async (a: Action): Promise<void> => {
        await ls.step(a);
        const o = h.last!.outcome;
        answers.push(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);
      };
      await step({ fn: 'advance_time', seconds: DAY });
      await step({ fn: 'emitter.distribute' });
      await step({ fn: 'backstop.gulp_emissions', backstop: bsAddr });
      await step({ fn: 'advance_time', seconds: DAY });
      const shares = poolBalanceOf(bs, pool).shares;
      await step({ fn: 'backstop.draw', backstop: bsAddr, pool, amount: poolBalanceOf(bs, pool).tokens + 1n, to: holder });
      await step({ fn: 'backstop.draw', backstop: bsAddr, pool, amount: poolBalanceOf(bs, pool).tokens, to: holder });
      expect(poolBalanceOf(bs, pool)).toMatchObject({ tokens: 0n, shares });
      await step({ fn: 'backstop.deposit', backstop: bsAddr, from: holder, pool, amount: 1_0000000n });
      await step({ fn: 'backstop.claim', backstop: bsAddr, from: holder, pools: [pool], minLpTokensOut: 0n, to: holder });
      await step({ fn: 'backstop.donate', backstop: bsAddr, from: holder, pool, amount: 100_0000000n });
      await step({ fn: 'backstop.deposit', backstop: bsAddr, from: holder, pool, amount: 1_0000000n });
      await step({ fn: 'backstop.claim', backstop: bsAddr, from: holder, pools: [pool], minLpTokensOut: 0n, to: holder });
      expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 'Backstop#1003', 'ok', 'WasmVm#6', 'WasmVm#6', 'ok', 'ok', 'ok']);
    }, 300_000);
  },
);

if (!RUN_DRIVER_TESTS)
  describe('draw and donate on the real v2 contracts', () => it(`skipped: ${SKIP_REASON}`, () => expect(CARGO).toBeUndefined()));
