/**
 * The pool's i128 high halves (issue 19's pool survivors, src/commands/pool-high.ts): the chain, run
 * on the model from the default world in each generated pool, meets every operand condition exactly
 * (a borrow minting k x 2^64 d tokens, a repay and a withdrawal whose burnt tokens borrow from the balance's
 * high half, a health check adding liabilities, and one adding collateral, to a total past 2^64 base
 * units), every action
 * accepted, and gives everything back; a supply or withdraw seed asks for it by bits 14-15 only; a
 * default blend-v2 run reaches each condition more than once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { HIGH, HighHalfChain, borrowingBurn, highHalvesOf, zeroLow } from '../../src/commands/pool-high.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

const KEYS: ReachKey[] = [
  'pool-high: a borrow minting exactly k x 2^64 d tokens accepted (a zero low half)',
  'pool-high: a repay whose burnt d tokens borrow from the balance high half',
  'pool-high: a withdraw whose burnt b tokens borrow from the balance high half',
  'pool-high: a health check adding liabilities to a total of 2^64 base units or more',
  'pool-high: a health check adding collateral to a raw total of 2^64 base units or more',
];

describe('the pool high-half chain', () => {
  for (const pool of ['P0', 'P1', 'P2', 'P3']) {
    it(`${pool}: meets each operand condition, every action accepted, every position given back`, () => {
      const counter = new ReachCounter();
      const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats(), counter.apply);
      let n = 0;
      for (const a of new HighHalfChain(pool, 'U1', 'U2').actions(h)) {
        const out = h.step(a);
        expect(
          out.ok,
          JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
        ).toBe(true);
        n++;
      }
      expect(n).toBe(14);
      for (const k of KEYS) expect(counter.count(k), k).toBeGreaterThan(0);
      const p = h.world.pools.get(pool)!;
      for (const u of ['U1', 'U2']) {
        expect(p.positions.get(u)?.collateral.size ?? 0).toBe(0);
        expect(p.positions.get(u)?.liabilities.size ?? 0).toBe(0);
      }
    });
  }

  it('a pool of one reserve, or one user twice: no action', () => {
    const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, reserves: 1 }), PROPERTIES, new Stats());
    expect([...new HighHalfChain('P0', 'U1', 'U2').actions(h)]).toEqual([]);
    const h2 = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats());
    expect([...new HighHalfChain('P0', 'U1', 'U1').actions(h2)]).toEqual([]);
  });

  it('the amounts: k x 2^64, and a burn that borrows from the high half', () => {
    expect(zeroLow(1n)).toBe(HIGH);
    expect(zeroLow(HIGH + 1n)).toBe(2n * HIGH);
    expect(zeroLow(3n * HIGH)).toBe(3n * HIGH);
    expect(borrowingBurn(HIGH - 1n)).toBeUndefined();
    const b = HIGH * 3n + 5n;
    const t = borrowingBurn(b)!;
    expect(t % HIGH > b % HIGH && t < HIGH).toBe(true);
    expect(borrowingBurn(2n * HIGH - 3n)).toBeUndefined();
  });

  it('asked for by a supply or withdraw seed with bits 14-15 set, never below 2^14', () => {
    const on = 3 << 14;
    expect(highHalvesOf('supply', on)).toBe(true);
    expect(highHalvesOf('withdraw', on | 5)).toBe(true);
    expect(highHalvesOf('borrow', on)).toBe(false);
    expect(highHalvesOf('repay', on)).toBe(false);
    expect(highHalvesOf('supply', 1 << 14)).toBe(false);
    for (let s = 0; s < 1 << 14; s += 97) expect(highHalvesOf('supply', s)).toBe(false);
  });

  it('a default blend-v2 run reaches each condition more than once', () => {
    expectReachedMoreThanOnce(KEYS);
  }, 180_000);
});
