/**
 * model/claimable.ts against the claims themselves: over fast-check generated sequences, what
 * `claimable` answers at t is what `claim` pays (or how it reverts) when executed at t on a world
 * rebuilt by the same actions; and `claimable` leaves the world's state text unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { claimable } from '../../model/claimable.ts';
import type { World } from '../../model/state.ts';
import { apply } from '../../model/world.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { stateText } from '../../src/protocol/state-text.ts';
import { DEFAULT_START } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';

const USERS = ['U0', 'U1'];
const POOLS = ['P0', 'P1'];

const actionArb = (v2: boolean): fc.Arbitrary<Action> =>
  fc.oneof(
    fc.record({ fn: fc.constant('advance_time' as const), seconds: fc.bigInt(1n, 8n * 86400n) }),
    fc.constant({ fn: 'emitter.distribute' as const }),
    fc.constant(
      v2 ? { fn: 'backstop.distribute' as const, backstop: 'backstop' } : { fn: 'backstop.gulp_emissions' as const, backstop: 'backstop' },
    ),
    fc.record({ fn: fc.constant('pool.gulp_emissions' as const), pool: fc.constantFrom(...POOLS) }),
    fc.record({
      fn: fc.constant('backstop.deposit' as const),
      backstop: fc.constant('backstop'),
      from: fc.constantFrom(...USERS),
      pool: fc.constantFrom(...POOLS),
      amount: fc.bigInt(1n, 10_000_000_0000000n),
    }),
    fc.record({
      fn: fc.constant('backstop.queue_withdrawal' as const),
      backstop: fc.constant('backstop'),
      from: fc.constantFrom(...USERS),
      pool: fc.constantFrom(...POOLS),
      amount: fc.bigInt(1n, 10_000_000_0000000n),
    }),
    fc.record({
      fn: fc.constant('pool.submit' as const),
      pool: fc.constantFrom(...POOLS),
      from: fc.constantFrom(...USERS),
      request: fc.constantFrom('supply' as const, 'borrow' as const),
      reserveIndex: fc.constantFrom(0, 1),
      amount: fc.bigInt(1n, 1_000_000_0000000n),
    }),
  ) as fc.Arbitrary<Action>;

function build(profile: (typeof PROFILES)[keyof typeof PROFILES], actions: readonly Action[]): World {
  const w = createWorld(profile, { users: 2, pools: 2, start: DEFAULT_START, rewardZoneGap: null });
  // a prefix that starts emissions (deposits over the reward-zone threshold, the zone, a distribution), then the generated steps
  const distribute: Action[] = [
    { fn: 'advance_time', seconds: 86400n },
    { fn: 'emitter.distribute' },
    profile.flow === 'v2' ? { fn: 'backstop.distribute', backstop: 'backstop' } : { fn: 'backstop.gulp_emissions', backstop: 'backstop' },
  ];
  const prefix: Action[] = [
    ...USERS.flatMap((from) =>
      POOLS.map((pool): Action => ({ fn: 'backstop.deposit', backstop: 'backstop', from, pool, amount: 5_000_000_0000000n })),
    ),
    ...USERS.map((from): Action => ({ fn: 'pool.submit', pool: 'P0', from, request: 'supply', reserveIndex: 0, amount: 1_000_0000000n })),
    { fn: 'backstop.add_reward', backstop: 'backstop', toAdd: 'P0', toRemove: undefined },
    ...distribute,
    { fn: 'backstop.add_reward', backstop: 'backstop', toAdd: 'P1', toRemove: undefined },
    ...distribute,
    ...POOLS.map((pool): Action => ({ fn: 'pool.gulp_emissions', pool })),
    ...distribute,
  ];
  for (const a of [...prefix, ...actions]) apply(w, a);
  return w;
}

describe('claimable is what claim pays', () => {
  for (const name of ['blend-v2', 'blend-v1'] as const) {
    const profile = PROFILES[name];
    it(`${name}: per backstop pool and per reserve token id, at now and later`, () => {
      let reached = 0;
      let reachedPool = 0;
      fc.assert(
        fc.property(
          fc.array(actionArb(profile.flow === 'v2'), { maxLength: 25 }),
          fc.bigInt(0n, 8n * 86400n),
          fc.constantFrom(...USERS),
          (actions, offset, user) => {
            const w = build(profile, actions);
            const before = stateText(w);
            const t = w.now + offset;
            const got = claimable(w, {
              user,
              timestamp: t,
              backstop: { contract: 'backstop', pools: POOLS },
              pools: POOLS.map((contract) => ({ contract, reserveTokenIds: [0, 1, 2, 3, 9] })),
            });
            expect(stateText(w)).toBe(before);
            for (const item of got.backstop) {
              const x = build(profile, actions);
              if (offset > 0n) apply(x, { fn: 'advance_time', seconds: offset });
              const out = apply(x, {
                fn: 'backstop.claim',
                backstop: 'backstop',
                from: user,
                pools: [item.pool],
                minLpTokensOut: 0n,
                to: user,
              });
              if (!out.ok)
                expect(item).toEqual({ pool: item.pool, ok: false, error: { contract: out.error.contract, code: out.error.code } });
              else {
                const ev = out.events.find((e) => e.topic === 'claim' && e.contract === 'backstop');
                expect(item).toEqual({ pool: item.pool, ok: true, amount: ev !== undefined && 'claimed' in ev ? ev.claimed : -1n });
                if (item.ok && item.amount > 0n) reached++;
              }
            }
            for (const item of got.pools) {
              const x = build(profile, actions);
              if (offset > 0n) apply(x, { fn: 'advance_time', seconds: offset });
              const out = apply(x, { fn: 'pool.claim', pool: item.pool, from: user, reserveTokenIds: [item.reserveTokenId], to: user });
              const want = out.ok
                ? { ok: true, amount: out.result }
                : { ok: false, error: { contract: out.error.contract, code: out.error.code } };
              expect(item).toEqual({ pool: item.pool, reserveTokenId: item.reserveTokenId, ...want });
              if (out.ok && (out.result ?? 0n) > 0n) reachedPool++;
            }
          },
        ),
        { numRuns: 60, seed: 20 },
      );
      // the comparison reached claims that pay something
      expect(reached).toBeGreaterThan(0);
      expect(reachedPool).toBeGreaterThan(0);
    });
  }
});
