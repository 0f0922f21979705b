/**
 * The pool reserve's interest (model/pool/reserve.ts) on the contract's own unit-test values:
 * blend-contracts-v2 @ ba22b48 pool/src/pool/interest.rs and pool/src/pool/reserve.rs `mod tests`
 * (same names, same numbers); and the 30-day borrow measured from the Soroban driver
 * (adapters/soroban/scripts/pool.jsonl: 10,000 supplied at 50% utilisation after 30 days mints
 * 9,983,998,223 b-token stroops).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESERVE_CONFIG, calcAccrual, loadReserve, newReserve, toBTokenDown, utilization } from '../../../model/pool/reserve.ts';
import type { ReserveState } from '../../../model/state.ts';

const cfg = DEFAULT_RESERVE_CONFIG;

describe('calc_accrual (interest.rs tests)', () => {
  it('test_calc_accrual_util_under_target', () => {
    expect(calcAccrual(cfg, 6565656n, 1_0000000n, 0n, 500n)).toEqual({ accrual: 1_000_000_852_536n, irMod: 9999066n });
  });
  it('test_calc_accrual_util_over_target', () => {
    expect(calcAccrual(cfg, 7979797n, 1_0000000n, 0n, 500n)).toEqual({ accrual: 1_000_002_853_078n, irMod: 1_0000479n });
  });
  it('test_calc_accrual_util_over_95', () => {
    expect(calcAccrual(cfg, 9696969n, 1_0000000n, 0n, 500n)).toEqual({ accrual: 1_000_018_247_510n, irMod: 1_0002196n });
  });
  it('test_calc_ir_mod_over_limit / under_limit / reactivity_0', () => {
    expect(calcAccrual(cfg, 9696969n, 9_9970000n, 0n, 12345n).irMod).toBe(10_0000000n);
    expect(calcAccrual(cfg, 2020202n, 1500000n, 0n, 50000n).irMod).toBe(1000000n);
    expect(calcAccrual({ ...cfg, reactivity: 0n }, 6565656n, 1_0000000n, 0n, 500n)).toEqual({
      accrual: 1_000_000_852_536n,
      irMod: 1_0000000n,
    });
  });
  it('no time passed is InternalError (1)', () => {
    expect(() => calcAccrual(cfg, 6565656n, 1_0000000n, 500n, 500n)).toThrowError(/Pool#1 /);
  });
});

/** testutils::default_reserve_meta with the test's overrides. */
const meta = (over: Partial<ReserveState>): ReserveState => ({
  ...newReserve('a', 10_000_000n, 0n, { ...cfg, supplyCap: 1000000000000000000n }),
  bSupply: 100_0000000n,
  dSupply: 75_0000000n,
  ...over,
});

describe('Reserve::load (reserve.rs tests)', () => {
  it('test_load_reserve', () => {
    const r = meta({ dRate: 1_345_678_123_000n, bRate: 1_123_456_789_000n, dSupply: 65_0000000n, bSupply: 99_0000000n });
    expect(utilization(r)).toBe(7864353n);
    expect(loadReserve(r, 2000000n, 123456n * 5n)).toEqual({
      dRate: 1_349_657_798_173n,
      bRate: 1_125_547_124_242n,
      irMod: 1_0449815n,
      dSupply: 65_0000000n,
      bSupply: 99_0000000n,
      backstopCredit: 517357n,
      lastTime: 617280n,
    });
  });
  it('test_load_reserve_accrues_b_rate (18 decimals, 5 s)', () => {
    const scalar = 10n ** 18n;
    const r: ReserveState = {
      ...meta({}),
      scalar,
      dRate: 1_500_000_000_000n,
      bRate: 1_300_000_000_000n,
      irMod: 1_0000000n,
      dSupply: 100_000_000n * scalar,
      bSupply: 10_000_000_000n * scalar,
      lastTime: 995n,
    };
    expect(loadReserve(r, 2000000n, 1000n)).toMatchObject({
      lastTime: 1000n,
      bRate: 1_300_000_000_020n,
      dRate: 1_500_000_002_562n,
      irMod: 9999927n,
      backstopCredit: 51240000000000000n,
    });
  });
  it('test_load_reserve_zero_supply / zero_util: only the clock moves', () => {
    const empty = meta({ dRate: 0n, bRate: 0n, dSupply: 0n, bSupply: 0n });
    expect(loadReserve(empty, 2000000n, 617280n)).toEqual({
      dRate: 0n,
      bRate: 0n,
      irMod: 1_0000000n,
      dSupply: 0n,
      bSupply: 0n,
      backstopCredit: 0n,
      lastTime: 617280n,
    });
    const idle = meta({ dRate: 0n, dSupply: 0n });
    expect(loadReserve(idle, 2000000n, 617280n)).toMatchObject({
      dRate: 0n,
      bRate: idle.bRate,
      irMod: idle.irMod,
      backstopCredit: 0n,
      lastTime: 617280n,
    });
  });
  it('test_load_reserve_zero_bstop_rate', () => {
    const r = meta({ dRate: 1_345_678_123_000n, bRate: 1_123_456_789_000n, dSupply: 65_0000000n, bSupply: 99_0000000n });
    expect(loadReserve(r, 0n, 617280n)).toMatchObject({
      dRate: 1_349_657_798_173n,
      bRate: 1_126_069_707_070n,
      irMod: 1_0449815n,
      backstopCredit: 0n,
    });
  });
});

describe('measured from the Soroban driver', () => {
  it('30 days at 50% utilisation: 10,000 supplied mints 9,983,998,223 b-token stroops', () => {
    const start = 1736780911n;
    const r: ReserveState = { ...newReserve('P0.asset1', 10_000_000n, start), bSupply: 10_000_000_000n, dSupply: 5_000_000_000n };
    const d = loadReserve(r, 1_000_000n, start + 2_592_000n);
    expect(toBTokenDown(d, 10_000_000_000n)).toBe(9_983_998_223n);
  });
});

describe('reserve: the boundaries of utilisation, accrual and the b rate (pool/src/pool/reserve.rs, interest.rs)', () => {
  const base = (over: Partial<ReserveState>): ReserveState => ({ ...newReserve('a', 10_000_000n, 0n), ...over });

  it('utilisation is capped at 1.0 when liabilities exceed the supply, and exact at equality', () => {
    expect(utilization(base({ bSupply: 100_0000000n, dSupply: 110_0000000n }))).toBe(1_0000000n);
    expect(utilization(base({ bSupply: 100_0000000n, dSupply: 100_0000000n }))).toBe(1_0000000n);
    expect(utilization(base({ bSupply: 100_0000000n, dSupply: 50_0000000n }))).toBe(5_000_000n);
    expect(utilization(base({ bSupply: 100_0000000n, dSupply: 0n }))).toBe(0n);
    expect(utilization(base({ bSupply: 0n, dSupply: 0n }))).toBe(0n);
  });

  it('one second is enough time to accrue (InternalError only at 0 s)', () => {
    expect(calcAccrual(DEFAULT_RESERVE_CONFIG, 6565656n, 1_0000000n, 499n, 500n).accrual).toBeGreaterThan(1_000_000_000_000n);
  });

  it('interest too small to raise the liabilities leaves the b rate as it was (accrue only on accrued > 0)', () => {
    // 1 d token at d_rate 1.5 is ceil(1.5) = 2 of liabilities, and stays 2 a second later; a b rate
    // that floor(supply x 1e12 / b) would round down is kept
    const r = base({ bSupply: 3n, dSupply: 1n, bRate: 1_000_000_000_001n, dRate: 1_500_000_000_000n, lastTime: 0n });
    const d = loadReserve(r, 2_000_000n, 1n);
    expect(d.dRate).toBeGreaterThan(r.dRate);
    expect(d.bRate).toBe(1_000_000_000_001n);
    expect(d.backstopCredit).toBe(0n);
    expect(d.lastTime).toBe(1n);
  });

  it('in the second of the last update nothing accrues, whatever the utilisation', () => {
    const r = base({ bSupply: 100_0000000n, dSupply: 50_0000000n, lastTime: 500n });
    expect(loadReserve(r, 0n, 500n)).toEqual({
      bRate: r.bRate,
      dRate: r.dRate,
      irMod: r.irMod,
      bSupply: r.bSupply,
      dSupply: r.dSupply,
      backstopCredit: 0n,
      lastTime: 500n,
    });
  });
});
