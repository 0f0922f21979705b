/**
 * src/world/ (createWorld): the generated world's genesis as docs/protocol.md "The world (`init.world`) and
 * its genesis" describes it (the Soroban driver builds the same), and `apply`: each action routed
 * to its entry point, under the profile of the backstop it concerns, as one transaction (a
 * rejection rolls back and is returned; any other exception is a model bug and propagates).
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../model/world.ts';
import { createWorld } from '../../src/world/create.ts';
import {
  BACKSTOP_TOKEN,
  CURRENT_BACKSTOP,
  DROP_RECIPIENT,
  FILLER_DEPOSITOR,
  NEXT_BACKSTOP,
  NEXT_BACKSTOP_TOKEN,
} from '../../src/world/genesis.ts';
import { newBackstop, userEmisOf } from '../../model/state.ts';
import { DEFAULT_RESERVE_CONFIG } from '../../model/pool/reserve.ts';
import { PROFILES } from '../../spec/profiles.ts';

const S7 = 10_000_000n;
const START = 1_713_139_200n;
const LP = (n: bigint) => n * S7;

describe('genesis (docs/protocol.md)', () => {
  const w = createWorld(PROFILES['blend-v2'], { users: 3, pools: 4, start: START, rewardZoneGap: 1 });
  const current = w.backstops.get(CURRENT_BACKSTOP)!;
  const next = w.backstops.get(NEXT_BACKSTOP)!;

  it('the names', () => {
    expect([CURRENT_BACKSTOP, NEXT_BACKSTOP, BACKSTOP_TOKEN, NEXT_BACKSTOP_TOKEN, DROP_RECIPIENT, FILLER_DEPOSITOR]).toEqual([
      'backstop',
      'backstop_next',
      'comet_lp',
      'comet_lp_next',
      'dev_fund',
      'filler_depositor',
    ]);
  });

  it('the emitter: backstop with comet_lp, last distribution at start', () => {
    expect(w.emitter).toMatchObject({ backstop: 'backstop', backstopToken: 'comet_lp', queuedSwap: undefined });
    expect([...w.emitter.lastDistro]).toEqual([['backstop', START]]);
  });

  it('users U0..U2 with 20M LP each', () => {
    expect(w.users).toEqual(['U0', 'U1', 'U2']);
    for (const u of w.users) expect(w.lp.get(u)).toBe(LP(20_000_000n));
  });

  it('pools P0..P3 from the factory, P2 (i % 3 == 2) owned by backstop_next, 2 reserves at rate 1.0 with the default config and 6, 7, 9, 18 decimals, take rate 10%', () => {
    expect(['P0', 'P1', 'P2', 'P3'].map((p) => w.pools.get(p)!.backstop)).toEqual(['backstop', 'backstop', 'backstop_next', 'backstop']);
    for (const p of ['P0', 'P1', 'P2', 'P3']) expect(w.factoryPools.has(p)).toBe(true);
    const pool = w.pools.get('P0')!;
    expect(pool.bstopRate).toBe(1_000_000n);
    expect(pool.reserves).toHaveLength(2);
    for (const r of pool.reserves)
      expect(r).toMatchObject({
        enabled: true,
        config: DEFAULT_RESERVE_CONFIG,
        bRate: 10n ** 12n,
        dRate: 10n ** 12n,
        irMod: S7,
        bSupply: 0n,
        dSupply: 0n,
        lastTime: START,
      });
    // reserve r of P{i} has [6, 7, 9, 18][(i + r) % 4] decimals (spec/genesis.json reserve_decimals)
    expect(['P0', 'P1', 'P2', 'P3'].map((p) => w.pools.get(p)!.reserves.map((r) => r.scalar))).toEqual([
      [10n ** 6n, 10n ** 7n],
      [10n ** 7n, 10n ** 9n],
      [10n ** 9n, 10n ** 18n],
      [10n ** 18n, 10n ** 6n],
    ]);
    const assets = [...w.pools.values()].flatMap((p) => p.reserves.map((r) => r.asset));
    expect(new Set(assets).size).toBe(assets.length);
    expect(assets.every((a) => a.length > 0)).toBe(true);
    // 50% to reserve 0's suppliers (id 1), 50% to reserve 1's borrowers (id 2)
    expect([...pool.emissionConfig]).toEqual([
      [1, 5_000_000n],
      [2, 5_000_000n],
    ]);
  });

  it('a pool of one reserve: 50% to its suppliers (id 1), 50% to its borrowers (id 0)', () => {
    const one = createWorld(PROFILES['blend-v2'], { users: 1, pools: 1, start: START, reserves: 1 });
    expect([...one.pools.get('P0')!.emissionConfig]).toEqual([
      [1, 5_000_000n],
      [0, 5_000_000n],
    ]);
  });

  it('the reward zone max - 1 = 29: its own pools but the last two (P0), then fillers F0..F27 of 2 reserves, each funded with 120,000 LP', () => {
    expect(current.rewardZone).toEqual(['P0', ...Array.from({ length: 28 }, (_, i) => `F${i}`)]);
    for (const p of current.rewardZone) {
      expect(current.poolBalances.get(p)).toEqual({ shares: LP(120_000n), tokens: LP(120_000n), q4w: 0n });
      expect([...current.userBalances.get(p)!]).toEqual([['filler_depositor', { shares: LP(120_000n), q4w: [] }]]);
    }
    expect(w.pools.get('F0')!.reserves).toHaveLength(2);
    expect(w.pools.get('F0')!.backstop).toBe('backstop');
    expect(current.lpTokens).toBe(29n * LP(120_000n));
    expect(current.lastDistributionTime).toBe(START);
    expect(current.backfillStatus).toBe(false);
  });

  it('backstop_next holds its pools funded the same way, in its reward zone, unknown to the emitter', () => {
    expect(next.rewardZone).toEqual(['P2']);
    expect(next.poolBalances.get('P2')).toEqual({ shares: LP(120_000n), tokens: LP(120_000n), q4w: 0n });
    expect(w.emitter.lastDistro.has('backstop_next')).toBe(false);
  });

  it('each backstop drops 40M BLND to dev_fund', () => {
    expect(current.dropList).toEqual([['dev_fund', LP(40_000_000n)]]);
    expect(next.dropList).toEqual([['dev_fund', LP(40_000_000n)]]);
  });

  it('the Comet: 100 LP plus every LP handed out, 5 BLND and 0.1 USDC per LP, 80/20, 0.3%', () => {
    const supply = LP(100n) + 3n * LP(20_000_000n) + 30n * LP(120_000n);
    expect(w.comet.supply).toBe(supply);
    expect(w.comet.blnd).toMatchObject({ balance: supply * 5n, weight: 8_000_000n });
    expect(w.comet.usdc).toMatchObject({ balance: supply / 10n, weight: 2_000_000n });
    expect(w.comet.swapFee).toBe(30_000n);
  });

  it('a v2 backstop stores no LP token value; a v1 backstop stores 5 BLND and 0.1 USDC per LP at genesis', () => {
    expect(current.lpTokenVal).toBeUndefined();
    const v1 = createWorld(PROFILES['blend-v1'], { users: 1, pools: 3, start: 1000n });
    for (const bs of v1.backstops.values()) expect(bs.lpTokenVal).toEqual({ blndPerLp: 5n * S7, usdcPerLp: S7 / 10n });
    expect(v1.backstops.has('backstop_next')).toBe(true);
  });

  it('newBackstop: nothing yet, an empty drop list by default', () => {
    expect(newBackstop('b')).toMatchObject({
      address: 'b',
      dropList: [],
      rewardZone: [],
      blnd: 0n,
      lpTokens: 0n,
      backfillStatus: undefined,
    });
  });

  it("userEmisOf reads a user's backstop emission data, undefined where there is none", () => {
    const bs = newBackstop('b');
    expect(userEmisOf(bs, 'P0', 'U0')).toBeUndefined();
    bs.userEmisData.set('P0', new Map([['U0', { index: 1n, accrued: 2n }]]));
    expect(userEmisOf(bs, 'P0', 'U0')).toEqual({ index: 1n, accrued: 2n });
    expect(userEmisOf(bs, 'P0', 'U1')).toBeUndefined();
  });
});

describe('apply', () => {
  const world = (profile: keyof typeof PROFILES = 'blend-v2') =>
    createWorld(PROFILES[profile], { users: 2, pools: 3, start: START, rewardZoneGap: 1 });

  it('an accepted call returns its result and exactly its events', () => {
    const w = world();
    w.now = START + 10n;
    expect(apply(w, { fn: 'emitter.distribute' })).toEqual({
      ok: true,
      result: 10n * S7,
      events: [{ topic: 'distribute', contract: 'emitter', backstop: 'backstop', amount: 10n * S7 }],
    });
  });

  it('a rejection is returned and rolls back; a call to an unknown backstop or pool is a model bug and throws', () => {
    const w = world();
    const out = apply(w, { fn: 'backstop.withdraw', backstop: 'backstop', from: 'U0', pool: 'P0', amount: 1n });
    expect(out.ok).toBe(false);
    expect(() => apply(w, { fn: 'backstop.distribute', backstop: 'nobody' })).toThrowError(/^model: no backstop nobody$/);
    expect(() => apply(w, { fn: 'pool.gulp_emissions', pool: 'nowhere' })).toThrowError(/^model: no pool nowhere$/);
  });

  it("set_lp_price sets the Comet composition, returns null, and refreshes a v1 backstop's stored value", () => {
    const w = world('blend-v1');
    const out = apply(w, { fn: 'set_lp_price', blndPerLp: 6n * S7, usdcPerLp: S7 / 5n });
    expect(out).toEqual({ ok: true, result: null, events: [] });
    expect(w.backstops.get('backstop')!.lpTokenVal).toEqual({ blndPerLp: 6n * S7, usdcPerLp: S7 / 5n });
    expect(w.comet.blnd.balance).toBe(w.comet.supply * 6n);
    const v2 = world();
    apply(v2, { fn: 'set_lp_price', blndPerLp: 6n * S7, usdcPerLp: S7 / 5n });
    expect(v2.backstops.get('backstop')!.lpTokenVal).toBeUndefined();
  });

  it('queue_swap_backstop, then cancel_swap_backstop, each return null and do only that', () => {
    const w = world();
    w.lp.set('backstop_next', w.backstops.get('backstop')!.lpTokens + 1n);
    w.backstops.get('backstop_next')!.lpTokens = w.backstops.get('backstop')!.lpTokens + 1n;
    expect(apply(w, { fn: 'emitter.queue_swap_backstop', newBackstop: 'backstop_next', newBackstopToken: 'comet_lp_next' })).toEqual({
      ok: true,
      result: null,
      events: [],
    });
    expect(w.emitter.queuedSwap).toEqual({
      newBackstop: 'backstop_next',
      newBackstopToken: 'comet_lp_next',
      unlockTime: START + 31n * 86400n,
    });
    w.backstops.get('backstop_next')!.lpTokens = 0n;
    expect(apply(w, { fn: 'emitter.cancel_swap_backstop' })).toEqual({ ok: true, result: null, events: [] });
    expect(w.emitter.queuedSwap).toBeUndefined();
  });

  it('remove_reward and dequeue_withdrawal return null and do only that', () => {
    const w = world();
    const bs = w.backstops.get('backstop')!;
    // filler F0 fell under the threshold
    bs.poolBalances.set('F0', { shares: 1n, tokens: 1n, q4w: 0n });
    expect(apply(w, { fn: 'backstop.remove_reward', backstop: 'backstop', toRemove: 'F0' })).toEqual({
      ok: true,
      result: null,
      events: [],
    });
    expect(bs.rewardZone.includes('F0')).toBe(false);
    expect(apply(w, { fn: 'backstop.deposit', backstop: 'backstop', from: 'U0', pool: 'P1', amount: 10n * S7 }).ok).toBe(true);
    expect(apply(w, { fn: 'backstop.queue_withdrawal', backstop: 'backstop', from: 'U0', pool: 'P1', amount: 4n * S7 }).ok).toBe(true);
    expect(apply(w, { fn: 'backstop.dequeue_withdrawal', backstop: 'backstop', from: 'U0', pool: 'P1', amount: S7 })).toEqual({
      ok: true,
      result: null,
      events: [],
    });
    expect(
      bs.userBalances
        .get('P1')!
        .get('U0')!
        .q4w.map((q) => q.amount),
    ).toEqual([3n * S7]);
  });

  it("a call to a backstop runs under that backstop's own profile", () => {
    const w = world();
    const bs = w.backstops.get('backstop')!;
    bs.backfillEmissions = 5n * S7;
    bs.profile = PROFILES['blend-v1'];
    // v1's drop sends the list as it is: no backfill entry for the backstop itself
    expect(apply(w, { fn: 'backstop.drop', backstop: 'backstop' }).ok).toBe(true);
    expect(bs.blnd).toBe(0n);
    const v2 = world();
    v2.backstops.get('backstop')!.backfillEmissions = 5n * S7;
    apply(v2, { fn: 'backstop.drop', backstop: 'backstop' });
    expect(v2.backstops.get('backstop')!.blnd).toBe(5n * S7);
  });

  it("a call to a pool runs under its backstop's profile; an emitter call under the world's", () => {
    const w = world('documented');
    // the documents name no negative-amount check (1216 then); the contracts' pool: NegativeAmountError (8)
    expect(apply(w, { fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: -1n })).toMatchObject({
      ok: false,
      error: { code: 1216 },
    });
    w.backstops.get('backstop')!.profile = PROFILES['blend-v2'];
    expect(apply(w, { fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: -1n })).toMatchObject({
      ok: false,
      error: { code: 8 },
    });
    // P2 belongs to backstop_next, still documented
    expect(apply(w, { fn: 'pool.submit', pool: 'P2', from: 'U0', request: 'supply', reserveIndex: 0, amount: -1n })).toMatchObject({
      ok: false,
      error: { code: 1216 },
    });
  });

  it("a call to a pool whose backstop the world does not hold runs under the world's profile", () => {
    const w = world('documented');
    Object.assign(w.pools.get('P0')!, { backstop: 'a backstop of another world' });
    expect(apply(w, { fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: -1n })).toMatchObject({
      ok: false,
      error: { code: 1216 },
    });
    expect(apply(w, { fn: 'pool.set_emissions_config', pool: 'P0', metadata: [{ resIndex: 0, resType: 1, share: S7 }] })).toMatchObject({
      ok: true,
      result: null,
    });
  });
});
