/**
 * The interest auction on the real v2 contracts, in lockstep with the model (src/check/lockstep.ts:
 * every reply, the invariants on the driver's state and the whole observable state after each
 * step): a borrow left a year to accrue makes backstop credit on P0's reserve 0; `new_auction(2,
 * backstop, [LP], [asset0], 100)` creates the auction at the next block; fills at the block
 * boundaries of `scale_auction`'s modifiers, in pairs: before the auction's block (a u32 underflow,
 * host panic), at 0 blocks (no lot), at 200 (the kink: lot and bid 100%) and 201 (bid 99.5%), at 399
 * (bid 0.5%) and 400 (bid 0). Each fill donates the scaled bid to P0's backstop (its tokens, the
 * emission side) and takes the scaled lot off the reserve's backstop credit. The model's answers are
 * asserted too, so the sequence is known to reach those paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { auctionKey, poolBalanceOf } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { Lockstep } from '../../src/check/lockstep.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS } from './driver.ts';

const profile = PROFILES['blend-v2'];
const UNIT = 1_000_000n; // P0's reserve 0 has 6 decimals

describe.runIf(RUN_DRIVER_TESTS)('the interest auction on the real v2 contracts, in lockstep with the model', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    const hs = await impl.handshake('blend-v2');
    expect(hs.actions).toEqual(expect.arrayContaining(['advance_blocks', 'pool.new_auction', 'pool.fill_auction']));
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  it('credit -> new_auction -> fills at the modifiers boundaries: no divergence, to the stroop', async () => {
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
    const lp = w.emitter.backstopToken;
    const fill = (percent: bigint, from = 'U1'): Action => ({
      fn: 'pool.fill_auction',
      pool: 'P0',
      from,
      auctionType: 2,
      user: 'backstop',
      percent,
    });
    const blocks = (n: bigint): Action => ({ fn: 'advance_blocks', blocks: n });
    await step({ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: 100_000n * UNIT });
    await step({ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'borrow', reserveIndex: 0, amount: 55_000n * UNIT });
    await step({ fn: 'advance_time', seconds: 365n * 86_400n });
    // a lot without credit (reserve 1), a bid other than the backstop token, then the auction
    await step({ fn: 'pool.new_auction', pool: 'P0', auctionType: 2, user: 'backstop', bid: [lp], lot: ['P0.asset1'], percent: 100n });
    await step({
      fn: 'pool.new_auction',
      pool: 'P0',
      auctionType: 2,
      user: 'backstop',
      bid: ['P0.asset0'],
      lot: ['P0.asset0'],
      percent: 100n,
    });
    await step({ fn: 'pool.new_auction', pool: 'P0', auctionType: 2, user: 'backstop', bid: [lp], lot: ['P0.asset0'], percent: 100n });
    const pool = w.pools.get('P0')!;
    expect(pool.auctions.get(auctionKey(2, 'backstop'))?.lot.get('P0.asset0')).toBeGreaterThanOrEqual(200n * UNIT);
    await step({ fn: 'pool.new_auction', pool: 'P0', auctionType: 2, user: 'backstop', bid: [lp], lot: ['P0.asset0'], percent: 100n });
    // in the creating ledger (before the block), then at 0 blocks
    await step(fill(10n));
    await step(blocks(1n));
    await step(fill(10n));
    // 200 and 201 blocks: the lot's kink
    await step(blocks(200n));
    const t0 = poolBalanceOf(w.backstops.get('backstop')!, 'P0').tokens;
    await step(fill(20n));
    expect(poolBalanceOf(w.backstops.get('backstop')!, 'P0').tokens).toBeGreaterThan(t0);
    await step(blocks(1n));
    await step(fill(20n));
    // 399 and 400 blocks: the bid's floor
    await step(blocks(198n));
    await step(fill(20n));
    await step(blocks(1n));
    await step(fill(0n));
    await step(fill(100n, 'backstop'));
    await step(fill(100n));
    expect(pool.auctions.size).toBe(0);
    await step(fill(100n));
    expect(answers).toEqual([
      'ok',
      'ok',
      'ok',
      'Pool#1222',
      'Pool#1221',
      'ok',
      'Pool#1212',
      'WasmVm#6',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'Pool#1200',
      'Pool#1211',
      'ok',
      'WasmVm#6',
    ]);
  }, 300_000);
});
