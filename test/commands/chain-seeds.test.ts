/**
 * The pool chains' seed values (src/commands/chain-seeds.ts): no two chains share a request and a
 * value of bits 16-18 (two did once, and the one merged later never ran: pool.ts `chainOf` takes
 * the first that asks), no chain takes a value the plain request keeps (0-3), and each chain's own
 * predicate is the table's.
 */
import { describe, expect, it } from 'vitest';
import { CHAIN_ASKS, asksFor, type PoolChainName } from '../../src/commands/chain-seeds.ts';
import { emissionCreditOf } from '../../src/commands/emission-credit.ts';
import { hfEdgeOf } from '../../src/commands/hf-edge.ts';
import { interestAuctionOf } from '../../src/commands/interest-auction.ts';
import { interestEdgeOf } from '../../src/commands/interest-edge.ts';
import { minCollateralOf } from '../../src/commands/min-collateral.ts';
import { supplyCapOf } from '../../src/commands/supply-cap.ts';
import { supplyEdgeOf } from '../../src/commands/supply-edge.ts';
import { utilisationOf } from '../../src/commands/utilisation.ts';
import type { RequestType } from '../../model/pool/positions.ts';

const PREDICATES: Record<PoolChainName, (r: RequestType, s: number) => boolean> = {
  'min-collateral': minCollateralOf,
  'hf-edge': hfEdgeOf,
  'supply-cap': supplyCapOf,
  'supply-edge': supplyEdgeOf,
  'interest-edge': interestEdgeOf,
  'emission-credit': emissionCreditOf,
  'interest-auction': interestAuctionOf,
};
const REQUESTS: readonly RequestType[] = ['supply', 'withdraw', 'borrow', 'repay', 'supply_uncollateralized', 'withdraw_uncollateralized'];

describe('the pool chains asked for by a reserve seed', () => {
  it('no two chains share a request and a value; values 0-3 stay the plain request', () => {
    const taken = Object.values(CHAIN_ASKS).map((c) => `${c.request}:${c.value}`);
    expect(new Set(taken).size).toBe(taken.length);
    for (const c of Object.values(CHAIN_ASKS)) expect(c.value).toBeGreaterThanOrEqual(4);
  });

  it("each chain's predicate is the table's, and at most one chain answers any seed (every seed of the generator's range)", () => {
    const names = Object.keys(CHAIN_ASKS) as PoolChainName[];
    for (let s = 0; s <= 1 << 20; s += 13)
      for (const r of REQUESTS) {
        const yes = names.filter((n) => PREDICATES[n](r, s));
        expect(yes.length).toBeLessThanOrEqual(1);
        for (const n of names) expect(PREDICATES[n](r, s)).toBe(asksFor(n, r, s));
        if (yes.length === 1) expect(utilisationOf(s)).toBeUndefined();
      }
  });

  it('each chain is asked for by one seed in 8 of those without a utilisation chain', () => {
    for (const [name, c] of Object.entries(CHAIN_ASKS) as [PoolChainName, (typeof CHAIN_ASKS)[PoolChainName]][]) {
      let n = 0;
      let free = 0;
      for (let s = 0; s < 1 << 20; s++) {
        if (utilisationOf(s) === undefined) free++;
        if (asksFor(name, c.request, s)) n++;
      }
      expect(n * 8, name).toBe(free);
    }
  });
});
