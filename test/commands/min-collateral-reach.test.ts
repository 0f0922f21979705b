/**
 * The pool's minimum collateral at its edge (issue 19's pool survivor `func156 +247 lt->le`:
 * validate_submit's `collateral_base < min_collateral`, the mutant `<=`): the generated pools'
 * min_collateral of 2 base units is never decisive before it (the health factor refuses 0 and 1
 * first), and the chain (src/commands/min-collateral.ts), run on the model from the default world,
 * has a user holding nothing post collateral worth exactly 2 base units and borrow one unit, every
 * action accepted, and give everything back; a borrow seed asks for it by bits 16-18 only; a
 * default blend-v2 run reaches the edge more than once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { MIN_HEALTH_FACTOR, ORACLE_PRICE, POOL_MIN_COLLATERAL, SCALAR_7 } from '../../spec/constants.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { MinCollateralChain, minCollateralOf } from '../../src/commands/min-collateral.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { actionText, expectOneUserGivenBack, expectReachedMoreThanOnce } from './reach-run.ts';

const KEY: ReachKey = 'min-collateral: a borrow with the effective collateral at exactly the pool minimum accepted';
const ASK = 7 << 16;

describe('the pool minimum collateral', () => {
  it('2 base units is never decisive: a collateral of 1 base unit against a liability of 1 fails the health factor, 2 passes it', () => {
    // is_hf_under: floor(collateral x scalar / liability) < floor(scalar x 1.00001), the oracle's scalar 10^7 (SCALAR_7)
    const minHf = (SCALAR_7.value * MIN_HEALTH_FACTOR.value) / SCALAR_7.value;
    const hf = (collateral: bigint, liability: bigint): bigint => (collateral * SCALAR_7.value) / liability;
    // every liability is at least 1 base unit (each term rounded up, prices 1.0)
    expect(ORACLE_PRICE.value).toBeGreaterThan(0n);
    expect(hf(POOL_MIN_COLLATERAL.value - 1n, 1n)).toBeLessThan(minHf);
    expect(hf(POOL_MIN_COLLATERAL.value, 1n)).toBeGreaterThanOrEqual(minHf);
  });

  it('bits 16-18 of a borrow reserve seed ask for it, never with a utilisation chain', () => {
    expect(minCollateralOf('borrow', ASK)).toBe(true);
    expect(minCollateralOf('borrow', ASK | 5)).toBe(true);
    for (const seed of [ASK & ~(1 << 16), ASK & ~(1 << 18), (1 << 16) - 1, ASK | (3 << 14)])
      expect(minCollateralOf('borrow', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'repay'] as const) expect(minCollateralOf(r, ASK)).toBe(false);
    // of the generator's range (fc.nat({ max: 2^20 })): one in 8 of the seeds without a utilisation chain
    let n = 0;
    let free = 0;
    for (let s = 0; s <= 1 << 20; s++) {
      if (utilisationOf(s) === undefined) free++;
      if (minCollateralOf('borrow', s)) n++;
    }
    expect(n * 8).toBe(free - (free % 8));
  });

  it('the chain: a user holding nothing borrows at exactly the minimum, every action accepted, everything given back', () => {
    const counter = new ReachCounter();
    const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats(), counter.apply);
    const user = new Set<string>();
    let n = 0;
    for (const a of new MinCollateralChain(0, 0).actions(h)) {
      const out = h.step(a);
      expect(out.ok, actionText(a)).toBe(true);
      if (a.fn === 'pool.submit') user.add(`${a.pool}/${a.from}`);
      n++;
    }
    expect(n).toBe(4);
    expect(counter.count(KEY)).toBe(1);
    expectOneUserGivenBack(h.world, user);
  });

  it('a default blend-v2 run borrows at exactly the minimum more than once', () => {
    expectReachedMoreThanOnce([KEY]);
  }, 300_000);
});
