/**
 * The oracle's prices that move and age (session 19, `set_oracle_price`): the oracle variants
 * (src/commands/oracle.ts) of the health-factor edge and min-collateral chains, run on the model,
 * meet their edges at the price bit 19 of the borrow seed asks for (1.0 without it), with the
 * accepted borrow's price exactly 24 h old, then at 24 h + 1 s have a borrow and a collateral
 * withdrawal refused (InvalidPrice, 1210), and give the price back to the live 1.0 feed. The model's `load_price` against
 * the contract's own unit tests (pool/src/pool/pool.rs `test_load_price_panics_if_stale`,
 * `test_load_price_panics_if_zero`) and health_factor.rs's values. A run in the world with a
 * disabled reserve reaches every oracle key (src/commands/reach.ts ORACLE_REACH_KEYS).
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { ORACLE_MAX_PRICE_AGE, ORACLE_PRICE, SCALAR_7 } from '../../spec/constants.ts';
import { PoolError } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { HfEdgeChain, hfEdgeOf } from '../../src/commands/hf-edge.ts';
import { MinCollateralChain, minCollateralOf } from '../../src/commands/min-collateral.ts';
import { priceOf } from '../../src/commands/oracle.ts';
import { ORACLE_REACH_KEYS, ReachCounter } from '../../src/commands/reach.ts';
import { loadPrice, positionData } from '../../model/pool/positions.ts';
import { DEFAULT_RESERVE_CONFIG, newReserve } from '../../model/pool/reserve.ts';
import { newPool } from '../../model/state.ts';
import { apply } from '../../model/world.ts';
import { ContractError } from '../../model/errors.ts';
import { bareWorld } from '../helpers.ts';

const SECOND = { ...DEFAULT_WORLD, secondReserve: true };
const ASK = 6 << 16;
const ORACLE = 1 << 19;
const MIN = 7 << 16;

const code = (f: () => unknown): number | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof ContractError) return e.code;
    throw e;
  }
};

describe('load_price against the contract (pool/src/pool/pool.rs)', () => {
  it('an asset never set: 1.0 at the ledger time, whatever the time', () => {
    const { w } = bareWorld('blend-v2', 0n);
    w.now = 10n ** 12n;
    expect(loadPrice(w, 'X')).toBe(ORACLE_PRICE.value);
  });

  it('test_load_price: the prices set are the prices read (123, 456)', () => {
    const { w } = bareWorld('blend-v2', 0n);
    w.now = 1000n;
    apply(w, { fn: 'set_oracle_price', asset: 'A0', price: 123n, timestamp: 1000n });
    apply(w, { fn: 'set_oracle_price', asset: 'A1', price: 456n, timestamp: 1000n });
    expect([loadPrice(w, 'A0'), loadPrice(w, 'A1')]).toEqual([123n, 456n]);
  });

  it('test_load_price_panics_if_stale: stamped 1000, read at 1000 + 24 h + 1 s, InvalidPrice (1210); at 1000 + 24 h exactly, the price', () => {
    const { w } = bareWorld('blend-v2', 0n);
    apply(w, { fn: 'set_oracle_price', asset: 'A', price: 123n, timestamp: 1000n });
    w.now = 1000n + 24n * 60n * 60n + 1n;
    expect(code(() => loadPrice(w, 'A'))).toBe(1210);
    expect(PoolError.InvalidPrice.code).toBe(1210);
    w.now = 1000n + ORACLE_MAX_PRICE_AGE.value;
    expect(loadPrice(w, 'A')).toBe(123n);
  });

  it('test_load_price_panics_if_zero: a price of -1 (or 0) stamped 1000 + 24 h, read at 1000 + 24 h + 1 s, InvalidPrice (1210)', () => {
    const { w } = bareWorld('blend-v2', 0n);
    w.now = 1000n + 24n * 60n * 60n + 1n;
    apply(w, { fn: 'set_oracle_price', asset: 'A', price: -1n, timestamp: 1000n + 24n * 60n * 60n });
    expect(code(() => loadPrice(w, 'A'))).toBe(1210);
    apply(w, { fn: 'set_oracle_price', asset: 'A', price: 0n, timestamp: w.now });
    expect(code(() => loadPrice(w, 'A'))).toBe(1210);
    apply(w, { fn: 'set_oracle_price', asset: 'A', price: 1n, timestamp: w.now });
    expect(loadPrice(w, 'A')).toBe(1n);
  });

  it('a live feed again (no timestamp): never stale', () => {
    const { w } = bareWorld('blend-v2', 0n);
    apply(w, { fn: 'set_oracle_price', asset: 'A', price: 5n * SCALAR_7.value });
    w.now = 10n ** 15n;
    expect(loadPrice(w, 'A')).toBe(5n * SCALAR_7.value);
  });
});

describe('calculate_from_positions at prices other than 1.0 (pool/src/pool/health_factor.rs test_calculate_from_positions)', () => {
  it('three reserves (7, 9 and 6 decimals) priced 1.0, 2.5 and 1000: collateral_base 262_7985925, liability_base 185_2368828', () => {
    const { w } = bareWorld('blend-v2', 0n);
    // testutils::default_reserve_meta: c_factor = l_factor = 0.75, b_rate = d_rate = 10^12, last_time 0 (the ledger at 0: no accrual)
    const meta = { ...DEFAULT_RESERVE_CONFIG, cFactor: 7_500_000n, lFactor: 7_500_000n };
    const r0 = { ...newReserve('u0', 10n ** 7n, 0n, meta), bSupply: 100_0000000n, dSupply: 75_0000000n };
    const r1 = {
      ...newReserve('u1', 10n ** 9n, 0n, { ...meta, cFactor: 8_500_000n, lFactor: 8_000_000n }),
      bSupply: 100_000_000_000n,
      dSupply: 70_000_000_000n,
      bRate: 1_100_000_000_000n,
      dRate: 1_150_000_000_000n,
    };
    const r2 = {
      ...newReserve('u2', 10n ** 6n, 0n, meta),
      bSupply: 10_000_000n,
      dSupply: 5_000_000n,
      bRate: 1_001_100_000_000n,
      dRate: 1_001_200_000_000n,
    };
    const pool = newPool('pool', 'backstop', [r0, r1, r2]);
    for (const [asset, price] of [
      ['u0', 1_0000000n],
      ['u1', 2_5000000n],
      ['u2', 1000_0000000n],
    ] as const)
      apply(w, { fn: 'set_oracle_price', asset, price, timestamp: 0n });
    const positions = {
      liabilities: new Map([
        [0, 1_5000000n],
        [1, 50_987_654_321n],
      ]),
      collateral: new Map([
        [0, 100_1234567n],
        [2, 250_000n],
      ]),
      supply: new Map([[1, 120_987_654_321n]]),
    };
    expect(positionData(w, pool, positions)).toEqual({ collateralBase: 262_7985925n, liabilityBase: 185_2368828n });
    // the same positions a day and a second later (the prices then 24 h + 1 s old): InvalidPrice
    w.now = ORACLE_MAX_PRICE_AGE.value + 1n;
    expect(code(() => positionData(w, pool, positions))).toBe(PoolError.InvalidPrice.code);
  });
});

describe("the health-factor edge chain's oracle variant", () => {
  it('bit 19 of a borrow seed asking for the chain moves the price off 1.0 (but at 255); without it, 1.0', () => {
    expect(hfEdgeOf('borrow', ASK | ORACLE)).toBe(true);
    expect(minCollateralOf('borrow', MIN | ORACLE)).toBe(true);
    expect(priceOf(ASK)).toBe(ORACLE_PRICE.value);
    expect(priceOf(ORACLE)).toBe(ORACLE_PRICE.value / 256n);
    expect(priceOf(ORACLE | 255)).toBe(ORACLE_PRICE.value);
    expect(priceOf(ORACLE | 1023)).toBe(4n * ORACLE_PRICE.value);
  });

  for (const seed of [ASK | ORACLE, ASK | ORACLE | 1, ASK | ORACLE | 700, ASK | 3]) {
    const low = seed & 1023;
    it(`the hf-edge chain (reserve seed ${seed}): the edge refused (InvalidHf), one unit less accepted at exactly 24 h, a borrow and a withdrawal at 24 h + 1 s refused (InvalidPrice)`, () => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const health: (number | undefined)[] = [];
      const ages: (bigint | undefined)[] = [];
      for (const a of new HfEdgeChain(low, low, seed).actions(h)) {
        const out = h.step(a);
        if (a.fn === 'set_oracle_price') ages.push(a.timestamp === undefined ? undefined : h.world.now - a.timestamp);
        if (a.fn === 'pool.submit' && (a.request === 'borrow' || (a.request === 'withdraw' && ages.length < 4)))
          health.push(out.ok ? undefined : out.error.code);
        else expect(out.ok, a.fn).toBe(true);
      }
      expect(ages).toEqual([0n, ORACLE_MAX_PRICE_AGE.value, ORACLE_MAX_PRICE_AGE.value + 1n, undefined]);
      expect(health).toEqual([PoolError.InvalidHf.code, undefined, PoolError.InvalidPrice.code, PoolError.InvalidPrice.code]);
      expect(h.world.oracle.get([...h.world.oracle.keys()][0]!)).toEqual({ price: ORACLE_PRICE.value });
    });
  }

  for (const seed of [MIN | ORACLE, MIN | ORACLE | 100, MIN | 5]) {
    const low = seed & 1023;
    it(`the min-collateral chain (reserve seed ${seed}): the borrow at exactly the minimum accepted at 24 h, a borrow and a withdrawal at 24 h + 1 s refused (InvalidPrice)`, () => {
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats());
      const health: (number | undefined)[] = [];
      const ages: (bigint | undefined)[] = [];
      for (const a of new MinCollateralChain(low, low, seed).actions(h)) {
        const out = h.step(a);
        if (a.fn === 'set_oracle_price') ages.push(a.timestamp === undefined ? undefined : h.world.now - a.timestamp);
        if (a.fn === 'pool.submit' && (a.request === 'borrow' || (a.request === 'withdraw' && ages.length < 3)))
          health.push(out.ok ? undefined : out.error.code);
        else expect(out.ok, a.fn).toBe(true);
      }
      expect(ages).toEqual([ORACLE_MAX_PRICE_AGE.value, ORACLE_MAX_PRICE_AGE.value + 1n, undefined]);
      expect(health).toEqual([undefined, PoolError.InvalidPrice.code, PoolError.InvalidPrice.code]);
    });
  }

  it('a blend-v2 run in the world with the second reserve configuration reaches every oracle key', () => {
    const counter = new ReachCounter();
    const r = runSuite({
      profile: PROFILES['blend-v2'],
      runs: 200,
      steps: RUN_DEFAULTS.steps,
      seed: 5,
      world: SECOND,
      apply: counter.apply,
    });
    expect(r.verdict).toBe('pass');
    for (const k of ORACLE_REACH_KEYS) expect(counter.count(k), k).toBeGreaterThan(0);
  }, 300_000);
});
