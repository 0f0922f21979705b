/**
 * An accrual that reads a utilisation of exactly 1.0 (issue 19's pool survivor `func159 +134
 * const+1`: pool/src/pool/reserve.rs `utilization`'s `liabilities >= supply` arm returns SCALAR_7,
 * which the mutant makes 1.0 + 1e-7; calc_accrual's rate above the kink then differs by r_three x
 * 2e-6 a year). Borrows and withdrawals are refused at 100% (InvalidUtilRate), so only interest gets
 * there: a `full` utilisation chain (src/commands/utilisation.ts) waits until the liabilities pass
 * the supply (`fullAfter`), accrues, waits an hour and accrues again; run on the model from the
 * default world and the second reserve configuration, every action accepted but the refusals the
 * chain asks for, the 100% accrual met once; a default blend-v2 run (200 runs, seed 5) reaches it more than 10
 * times (37; twice without the wait).
 */
import { describe, expect, it } from 'vitest';
import {
  calcAccrual,
  DEFAULT_RESERVE_CONFIG,
  loadReserve,
  newReserve,
  SECOND_RESERVE_CONFIG,
  toBTokenDown,
  utilization,
} from '../../model/pool/reserve.ts';
import type { ReserveState } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { fullAfter, UtilisationChain } from '../../src/commands/utilisation.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { POOL_BACKSTOP_RATE, SCALAR_7 } from '../../spec/constants.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { expectReached } from './reach-run.ts';

const KEY: ReachKey = 'util: accrual at 100% (liabilities at or above the supply)';
const S7 = SCALAR_7.value;
const HOUR = 3_600n;

/** A reserve of 1,000 tokens supplied and `debt` tokens borrowed at both rates 1.0, last updated at 0. */
const reserveWith = (debt: bigint): ReserveState => ({ ...newReserve('A', S7, 0n), bSupply: 1_000n * S7, dSupply: debt * S7 });
/** Whether `r`, brought up to `t` by a supply of one token, stores liabilities at or above its supply. */
const storedFullAt = (r: ReserveState, t: bigint): boolean => {
  const d = loadReserve(r, POOL_BACKSTOP_RATE.value, t);
  return utilization({ ...d, bSupply: d.bSupply + toBTokenDown(d, S7) }) >= S7;
};

describe('an accrual at 100% utilisation', () => {
  it('fullAfter: the first second after which the liabilities stored pass the supply', () => {
    for (const debt of [990n, 950n, 500n]) {
      const r = reserveWith(debt);
      const s = fullAfter(r, POOL_BACKSTOP_RATE.value, 0n, S7)!;
      expect(s).toBeGreaterThan(0n);
      expect(storedFullAt(r, s)).toBe(true);
      expect(storedFullAt(r, s - 1n)).toBe(false);
    }
    // there already: 0; no debt, no supply or no backstop take: never
    expect(fullAfter(reserveWith(1_000n), POOL_BACKSTOP_RATE.value, 0n, S7)).toBe(0n);
    expect(fullAfter(reserveWith(0n), POOL_BACKSTOP_RATE.value, 0n, S7)).toBeUndefined();
    expect(fullAfter({ ...reserveWith(990n), bSupply: 0n }, POOL_BACKSTOP_RATE.value, 0n, S7)).toBeUndefined();
    expect(fullAfter(reserveWith(990n), 0n, 0n, S7)).toBeUndefined();
  });

  it('an hour at 1.0 accrues otherwise than at 1.0 + 1e-7 (the mutant), in both configurations', () => {
    for (const c of [DEFAULT_RESERVE_CONFIG, SECOND_RESERVE_CONFIG]) {
      const at = calcAccrual(c, S7, S7, 0n, HOUR).accrual;
      expect(calcAccrual(c, S7 + 1n, S7, 0n, HOUR).accrual - at).toBeGreaterThan(100n);
    }
  });

  for (const secondReserve of [false, true])
    for (const reserve of [0, 1])
      it(`the full chain (reserve ${reserve}${secondReserve ? ', the second reserve configuration' : ''}): one accrual at 100%, only the refusals it asks for`, () => {
        const counter = new ReachCounter();
        const world = { ...DEFAULT_WORLD, secondReserve };
        const h = new Harness(createWorld(PROFILES['blend-v2'], world), PROPERTIES, new Stats(), counter.apply);
        let refused = 0;
        for (const a of new UtilisationChain('P0', reserve, 'U0', 'U1', 'full', HOUR).actions(h)) {
          const out = h.step(a);
          if (!out.ok) {
            // the chain's withdrawal to 100%
            expect([a.fn, out.error.code]).toEqual(['pool.submit', PoolError.InvalidUtilRate.code]);
            refused++;
          }
        }
        expect(refused).toBe(1);
        expect(counter.count(KEY)).toBe(1);
      });

  // without the chain's wait a default run met it twice (a 30-day gap's accrual crossing 100%, then another accrual by chance)
  it('a default blend-v2 run accrues at 100% more than 10 times', () => {
    expectReached([KEY], 10);
  }, 300_000);
});
