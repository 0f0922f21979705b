/**
 * The whale as a world option (spec/worlds.ts `whale`, spec/genesis.json `whale_lp`): off (the
 * default) the generated world is exactly the world without the option; on, one more LP holder,
 * `whale`, holds whale_lp LP stroops and the genesis Comet is sized for it. With the whale the
 * backstop's amounts pass 2^63, and the model's checked i128 arithmetic panics where the contracts'
 * does (WasmVm#6): a pool of 2^64 + 2e14 tokens with every share queued leaves i128 in
 * `fixed_mul_floor(q4w, tokens, shares)` (backstop/src/backstop/pool.rs `non_queued_tokens`), so
 * `distribute` of that zone panics.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../model/world.ts';
import { userBalanceOf } from '../../model/state.ts';
import { HostError } from '../../spec/errors.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { createWorld } from '../../src/world/create.ts';
import { CURRENT_BACKSTOP } from '../../src/world/genesis.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { worldFromJson, worldToJson } from '../../src/check/corpus.ts';

const TWO_64 = 2n ** 64n;

describe('the whale, a world option', () => {
  for (const profile of ['blend-v2', 'blend-v1', 'documented'] as const) {
    it(`off by default: the world of whale: false, with no whale and no whale LP (${profile})`, () => {
      const dflt = createWorld(PROFILES[profile], DEFAULT_WORLD);
      expect(dflt).toEqual(createWorld(PROFILES[profile], { ...DEFAULT_WORLD, whale: false }));
      expect(dflt.whale).toBeUndefined();
      expect('whale' in dflt).toBe(false);
      expect(dflt.lp.has(GENESIS.names.whale)).toBe(false);
    });

    it(`on: the whale's wallet of whale_lp, the Comet's supply with it, the rest as off (${profile})`, () => {
      const off = createWorld(PROFILES[profile], DEFAULT_WORLD);
      const on = createWorld(PROFILES[profile], { ...DEFAULT_WORLD, whale: true });
      expect(on.whale).toBe('whale');
      expect(on.lp.get('whale')).toBe(GENESIS.whaleLp);
      expect(GENESIS.whaleLp).toBe(TWO_64 + 200_000_000_000_000n);
      expect(on.users).toEqual(off.users);
      expect(on.users).not.toContain('whale');
      expect(on.comet.supply).toBe(off.comet.supply + GENESIS.whaleLp);
      const { whale: _w, lp: lpOn, comet: _c, ...restOn } = on;
      const { lp: lpOff, comet: _c2, ...restOff } = off;
      expect(restOn).toEqual(restOff);
      expect([...lpOn].filter(([a]) => a !== 'whale')).toEqual([...lpOff]);
    });
  }

  it("a counterexample's world records the whale only when on, and reads back the same", () => {
    expect(worldToJson(DEFAULT_WORLD)).not.toHaveProperty('whale');
    expect(worldToJson({ ...DEFAULT_WORLD, whale: false })).not.toHaveProperty('whale');
    expect(worldToJson({ ...DEFAULT_WORLD, whale: true })).toMatchObject({ whale: true });
    expect(worldFromJson(worldToJson({ ...DEFAULT_WORLD, whale: true }))).toEqual({
      ...DEFAULT_WORLD,
      whale: true,
      reserves: undefined,
      lpPerUser: undefined,
    });
    expect(worldFromJson(worldToJson(DEFAULT_WORLD))).not.toHaveProperty('whale');
  });
});

describe("the model's checked arithmetic with the whale (as the contracts')", () => {
  const profile = PROFILES['blend-v2'];
  const fresh = () => createWorld(profile, { ...DEFAULT_WORLD, whale: true });
  const interval = profile.distributeMinInterval.seconds.value + 1n;

  it('its whole wallet deposited and queued (past 2^64: the high half) is accepted', () => {
    const w = fresh();
    const pool = w.backstops.get(CURRENT_BACKSTOP)!.rewardZone[0]!;
    expect(apply(w, { fn: 'backstop.deposit', backstop: CURRENT_BACKSTOP, from: 'whale', pool, amount: GENESIS.whaleLp }).ok).toBe(true);
    const shares = userBalanceOf(w.backstops.get(CURRENT_BACKSTOP)!, pool, 'whale').shares;
    expect(shares).toBeGreaterThan(TWO_64);
    expect(apply(w, { fn: 'backstop.queue_withdrawal', backstop: CURRENT_BACKSTOP, from: 'whale', pool, amount: shares }).ok).toBe(true);
    // dequeue just under 2^64: the low half over the queued total's, a borrow from the high half
    expect(apply(w, { fn: 'backstop.dequeue_withdrawal', backstop: CURRENT_BACKSTOP, from: 'whale', pool, amount: TWO_64 - 1n }).ok).toBe(
      true,
    );
    const left = userBalanceOf(w.backstops.get(CURRENT_BACKSTOP)!, pool, 'whale').q4w.reduce((a, q) => a + q.amount, 0n);
    expect(left).toBe(shares - (TWO_64 - 1n));
  });

  it('distribute panics (WasmVm#6) once a zone pool of 2^64 tokens has 2^63 or more queued: q4w x tokens leaves i128', () => {
    const w = fresh();
    const pool = w.backstops.get(CURRENT_BACKSTOP)!.rewardZone[0]!;
    apply(w, { fn: 'backstop.deposit', backstop: CURRENT_BACKSTOP, from: 'whale', pool, amount: GENESIS.whaleLp });
    const shares = userBalanceOf(w.backstops.get(CURRENT_BACKSTOP)!, pool, 'whale').shares;
    apply(w, { fn: 'backstop.queue_withdrawal', backstop: CURRENT_BACKSTOP, from: 'whale', pool, amount: shares });
    apply(w, { fn: 'advance_time', seconds: interval });
    expect(apply(w, { fn: 'emitter.distribute' }).ok).toBe(true);
    const out = apply(w, { fn: 'backstop.distribute', backstop: CURRENT_BACKSTOP });
    expect(out.ok).toBe(false);
    if (!out.ok)
      expect({ contract: out.error.contract, code: out.error.code }).toEqual({
        contract: HostError.Panic.contract,
        code: HostError.Panic.code,
      });
    // the whale dequeues under 2^63 left queued: distribute is accepted again
    expect(apply(w, { fn: 'backstop.dequeue_withdrawal', backstop: CURRENT_BACKSTOP, from: 'whale', pool, amount: shares }).ok).toBe(true);
    expect(apply(w, { fn: 'backstop.distribute', backstop: CURRENT_BACKSTOP }).ok).toBe(true);
  });
});
