/**
 * Three of the pool's i128 edges past 2^64 (issue 19's pool survivors `func157 +472`, `func227 +38`,
 * `func163 +1708`; src/commands/emission-credit.ts): a repay seed asks for the chain by bits 16-18 =
 * 5 only (never with a utilisation chain, never where the supply-edge or interest-edge chain is
 * asked); the chain, run on the model, meets each edge with every action accepted and gives its
 * positions back; the edge computations are exact; a default blend-v2 run reaches each edge more
 * than once.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { EmissionCreditChain, emissionCreditOf, emissionEdge, poolCash } from '../../src/commands/emission-credit.ts';
import { interestEdgeOf } from '../../src/commands/interest-edge.ts';
import { supplyEdgeOf } from '../../src/commands/supply-edge.ts';
import { HIGH } from '../../src/commands/pool-high.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { loadReserve, toBTokenDown } from '../../model/pool/reserve.ts';
import type { PoolState } from '../../model/state.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

const ASK = 5 << 16;
const SECOND = { ...DEFAULT_WORLD, secondReserve: true };
const EMISSION_CREDIT_KEYS: ReachKey[] = [
  'submit-many: submit_with_allowance of a withdrawal of exactly k x 2^64 units, the pool left under 2^64 of the asset, accepted',
  'emission-credit: an emission index step of exactly one over a token supply of 2^64 or more (elapsed x eps x 10^decimals)',
  'emission-credit: an accrual adding to a backstop credit of 2^64 units or more',
];

describe('the emission-credit chain', () => {
  it('bits 16-18 = 5 of a repay reserve seed ask for it, never with a utilisation chain or another edge chain', () => {
    expect(emissionCreditOf('repay', ASK)).toBe(true);
    for (const seed of [ASK | (1 << 17), (1 << 16) - 1, ASK | (3 << 14), 7 << 16, 6 << 16, 4 << 16])
      expect(emissionCreditOf('repay', seed)).toBe(false);
    for (const r of ['supply', 'withdraw', 'borrow'] as const) expect(emissionCreditOf(r, ASK)).toBe(false);
    for (let s = 0; s <= 1 << 20; s += 7) {
      if (!emissionCreditOf('repay', s)) continue;
      expect(s >= 1 << 16).toBe(true);
      expect(utilisationOf(s)).toBeUndefined();
      expect(supplyEdgeOf('repay', s)).toBe(false);
      expect(interestEdgeOf('repay', s)).toBe(false);
    }
  });

  it('the emission edge: the b supply after the supply is exactly s x eps x 10^decimals, 2^64 or more', () => {
    const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats());
    const w = h.world;
    const p0 = w.pools.get('P2')!;
    const i = 1;
    const r = p0.reserves[i]!;
    const eps = 3_000_000_000n;
    const p: PoolState = { ...p0, emisData: new Map([[2 * i + 1, { eps, expiration: w.now + 1000n, index: 0n, lastTime: w.now }]]) };
    const edge = emissionEdge(p, i, w.now)!;
    expect(edge).toBeDefined();
    const d = loadReserve(r, p.bstopRate, w.now);
    const supply = d.bSupply + toBTokenDown(d, edge.amount);
    expect(supply).toBe(edge.seconds * eps * r.scalar);
    expect(supply >= HIGH).toBe(true);
    // expired before the wait: none
    const q: PoolState = { ...p0, emisData: new Map([[2 * i + 1, { eps, expiration: w.now, index: 0n, lastTime: w.now }]]) };
    expect(emissionEdge(q, i, w.now)).toBeUndefined();
  });

  // (seed 2 picks P2, whose gulp at genesis finds 0 stroops: a refusal, and no emission edge)
  for (const world of [DEFAULT_WORLD, SECOND])
    for (const seed of [0, 1])
      it(`${world === SECOND ? 'second reserve' : 'default'} world, seed ${seed}: each edge met, every action accepted, positions given back`, () => {
        const counter = new ReachCounter();
        const h = new Harness(createWorld(PROFILES['blend-v2'], world), PROPERTIES, new Stats(), counter.apply);
        const touched = new Set<string>();
        for (const a of new EmissionCreditChain(seed, seed, true).actions(h)) {
          if (a.fn === 'pool.submit') touched.add(`${a.pool}/${a.from}`);
          const out = h.step(a);
          expect(
            out.ok,
            JSON.stringify({ a, out }, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
          ).toBe(true);
        }
        for (const k of EMISSION_CREDIT_KEYS) expect(counter.count(k), k).toBeGreaterThan(0);
        for (const t of touched) {
          const [pool, from] = t.split('/') as [string, string];
          const pos = h.world.pools.get(pool)!.positions.get(from);
          expect((pos?.collateral.size ?? 0) + (pos?.liabilities.size ?? 0), t).toBe(0);
        }
        // the withdrawal left its pool under 2^64 units: what the books say stays within the reserve
        for (const p of h.world.pools.values())
          for (const r of p.reserves) expect(poolCash(loadReserve(r, p.bstopRate, h.world.now)) >= 0n).toBe(true);
      });

  it('without the allowance (an implementation without pool.submit_requests): no submit_with_allowance', () => {
    const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats());
    const actions = [...new EmissionCreditChain(0, 0).actions(h)];
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.some((a) => a.fn === 'pool.submit' && a.withAllowance === true)).toBe(false);
  });

  it('a default blend-v2 run reaches each edge more than once', () => {
    expectReachedMoreThanOnce(EMISSION_CREDIT_KEYS);
  }, 600_000);
});
