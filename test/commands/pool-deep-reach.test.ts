/**
 * The pool deep-time chain (src/commands/pool-deep.ts): one pool claim seed in 32 (pool seed bits
 * 15-19 set) brings one user's accrual on one reserve's b token past 2^64 stroops, some 40 cycles of
 * a ~5,900-year advance, the distributions and the pool's gulp, stores it (a supply of one token)
 * and claims the token twice: the stored accrued past 2^64 plus the new accrual (the pool's
 * `func109 +292`, `+293 add->sub`), the claim's total past 2^64 with the token's second claim added
 * (`claim +484`, `+483 add->sub`). The model's every property holds along the chain (the harness
 * checks them at each step), in the default world (the pool's mutation world) and the world with
 * the whale; the default run reaches it; a claim that may not chain never does.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { PoolClaim } from '../../src/commands/pool.ts';
import { PoolDeepChain, goesPoolDeep } from '../../src/commands/pool-deep.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { TWO_64 } from '../../src/commands/whale.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { expectReached } from './reach-run.ts';

const DEEP = (31 << 15) | 4;
const KEYS = [
  'pool-deep: a supply storing an accrued of 2^64 stroops or more',
  'pool-deep: a pool claim adding to a stored accrued of 2^64 stroops or more',
  'pool-deep: a pool claim of 2^64 stroops or more, its total then added to',
] as const;

/** Steps every action of `c` in `h`; their names. */
const stepAll = (h: Harness, c: { actions(h: Harness): Iterable<Action> }): string[] => {
  const fns: string[] = [];
  for (const a of c.actions(h)) {
    h.step(a);
    fns.push(a.fn);
  }
  return fns;
};

describe('the pool deep-time chain', () => {
  it('is one pool claim seed in 32 (bits 15-19 set)', () => {
    expect(goesPoolDeep(DEEP)).toBe(true);
    expect(goesPoolDeep(4)).toBe(false);
    expect(goesPoolDeep((30 << 15) | 4)).toBe(false);
    expect(goesPoolDeep((15 << 16) | 4)).toBe(false);
    let n = 0;
    for (let s = 0; s < 1 << 20; s += 97) if (goesPoolDeep(s)) n++;
    expect(Math.round(((1 << 20) / 97 / n) * 10) / 10).toBeCloseTo(32, 0);
  });

  for (const whale of [false, true])
    for (const reserve of [0, 1])
      it(`reaches a claim of 2^64 stroops over a stored accrued past 2^64 (reserve ${reserve}'s b token, ${whale ? 'the whale' : 'default world'})`, () => {
        const counter = new ReachCounter();
        const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, whale }), PROPERTIES, new Stats(), counter.apply);
        const fns: string[] = [];
        for (const a of new PoolDeepChain(reserve, 3).actions(h)) {
          h.step(a);
          fns.push(a.fn);
          expect(h.last!.outcome.ok, a.fn).toBe(true);
        }
        expect(fns.length).toBeGreaterThan(128);
        expect(fns.filter((f) => f === 'pool.gulp_emissions').length).toBeGreaterThanOrEqual(39);
        const last = h.last!;
        expect(last.action).toMatchObject({ fn: 'pool.claim', reserveTokenIds: [reserve * 2 + 1, reserve * 2 + 1] });
        const o = last.outcome;
        const e = o.ok ? o.events.find((x) => x.topic === 'claim' && x.contract === 'pool') : undefined;
        expect(e !== undefined && e.topic === 'claim' && e.contract === 'pool' && e.amount >= TWO_64).toBe(true);
        for (const k of KEYS) expect(counter.count(k), k).toBe(1);
      });

  it('the second reserve configuration: every reserve seed claims on an enabled reserve (its disabled last reserve refuses the supply)', () => {
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, secondReserve: true }), PROPERTIES, new Stats());
      const pool = h.world.backstops.get(h.world.emitter.backstop)!.rewardZone;
      expect(pool.every((p) => h.world.pools.get(p)!.reserves.at(-1)!.enabled === false)).toBe(true);
      const fns = stepAll(h, new PoolDeepChain(seed, 3));
      expect(fns.at(-1), `reserve seed ${seed}`).toBe('pool.claim');
      const last = h.last!.action;
      expect(
        last.fn === 'pool.claim' && last.reserveTokenIds.every((id) => h.world.pools.get(last.pool)!.reserves[Math.floor(id / 2)]!.enabled),
      ).toBe(true);
    }
  });

  it('performs nothing under the v1 flow (the claim acts alone)', () => {
    const h = new Harness(createWorld(PROFILES['blend-v1'], DEFAULT_WORLD), PROPERTIES, new Stats());
    expect(stepAll(h, new PoolDeepChain(0, 3))).toEqual([]);
    expect(stepAll(h, new PoolClaim(DEEP, 3, [1]))).toEqual(['pool.claim']);
  });

  it('a claim that may not chain (an implementation without one of its actions) claims', () => {
    const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats());
    expect(stepAll(h, new PoolClaim(DEEP, 3, [1], false))).toEqual(['pool.claim']);
    const fns = stepAll(h, new PoolClaim(DEEP, 3, [1]));
    expect(fns.length).toBeGreaterThan(128);
    expect(fns.at(-1)).toBe('pool.claim');
  });

  it('the default run reaches it', () => {
    expectReached(KEYS, 1);
  });
});
