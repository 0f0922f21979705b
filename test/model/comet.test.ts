/**
 * The Comet BLND:USDC LP's single-sided deposit (model/comet.ts) against:
 * - comet-contracts-v1 @ ef4cbfa's own tests: contracts/src/c_math.rs `test_calc_stroop_inputs_round_correctly`
 *   (1-stroop deposits mint 0), contracts/src/tests/c_num_test.rs (c_pow bounds),
 *   contracts/src/tests/c_pool_single_sided.rs (MAX_IN_RATIO, 0 in, limit out, rounding down
 *   within 0.01% of the exact weighted-pool formula);
 * - the Comet output in Blend's backstop unit tests (blend-contracts-v2 and blend-contracts
 *   backstop/src/emissions/claim.rs test_claim, test_claim_twice);
 * - values measured from the real Comet WASM in the Soroban driver (adapters/soroban,
 *   blend-contract-sdk 2.25.0): the genesis Comet of a 3-user, 5-pool world, claims of 1 BLND,
 *   76.7 BLND, 24.5 BLND, 56.8 BLND in turn; a 57-stroop dust claim minting 0.
 */
import { Decimal as D } from 'decimal.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceForPerLp,
  calcLpTokenAmountGivenTokenDepositsIn,
  cPow,
  cPowApprox,
  cPowi,
  mulDivCeil256,
  mulDivFloor256,
  perLp,
  quoteDeposit,
  setComposition,
} from '../../model/comet.ts';
import type { CometRecord } from '../../model/state.ts';
import { Tx } from '../../model/tx.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { bareWorld, testComet } from '../helpers.ts';

const Decimal = D.clone({ precision: 60 });
const BONE = 10n ** 18n;
const FEE = 30000n;
const blnd = (balance: bigint, weight = 8000000n): CometRecord => ({ balance, weight, scalar: 10n ** 11n });

describe('calc_lp_token_amount_given_token_deposits_in', () => {
  it('c_math.rs test_calc_stroop_inputs_round_correctly: a 1-stroop deposit mints 0', () => {
    const supply = 5_5000000n;
    expect(calcLpTokenAmountGivenTokenDepositsIn({ balance: 5_0000000n, weight: 3000000n, scalar: 10n ** 11n }, supply, 1n, FEE)).toBe(0n);
    expect(calcLpTokenAmountGivenTokenDepositsIn({ balance: 6_0000000n, weight: 7000000n, scalar: 10n ** 11n }, supply, 1n, FEE)).toBe(0n);
  });

  it("Blend's backstop claim tests (1,000 BLND, 25 USDC, 100 LP): v2 and v1, both claims", () => {
    // v2 test_claim, then test_claim_twice's second claim on the Comet the first one left
    expect(calcLpTokenAmountGivenTokenDepositsIn(blnd(1_000_0000000n), 100_0000000n, 81_6049872n, FEE)).toBe(6_4729327n);
    expect(calcLpTokenAmountGivenTokenDepositsIn(blnd(1_081_6049872n), 106_4729327n, 138_7071054n, FEE)).toBe(10_7836702n);
    // v1 test_claim and test_claim_twice
    expect(calcLpTokenAmountGivenTokenDepositsIn(blnd(1_000_0000000n), 100_0000000n, 81_6049867n, FEE)).toBe(6_4729326n);
    expect(calcLpTokenAmountGivenTokenDepositsIn(blnd(1_081_6049867n), 106_4729326n, 100_5194703n, FEE)).toBe(7_8404581n);
  });

  it('values measured from the Comet WASM in the Soroban driver', () => {
    // [BLND balance, LP supply, BLND in, LP out], each row the Comet the previous one left
    const rows: [bigint, bigint, bigint, bigint][] = [
      [3180005000000000n, 636001000000000n, 10227262n, 1635380n],
      [3180005010227262n, 636001001635380n, 767043934n, 122653390n],
      [3180005777271196n, 636001124288770n, 245477948n, 39252903n],
      [3180006022749144n, 636001163541673n, 568355475n, 90882306n],
    ];
    for (const [bal, supply, amount, out] of rows) expect(calcLpTokenAmountGivenTokenDepositsIn(blnd(bal), supply, amount, FEE)).toBe(out);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]![0]).toBe(rows[i - 1]![0] + rows[i - 1]![2]);
      expect(rows[i]![1]).toBe(rows[i - 1]![1] + rows[i - 1]![3]);
    }
  });

  it('a deposit under ~1.25e-10 of the balance mints 0 (the series stops at its first term)', () => {
    // the genesis Comet of the default world (10 users, 5 pools, gap 1), measured: a 57-stroop
    // claim mints 0 LP and the BLND stays in the Comet (adapters/soroban/scripts/claim-dust.jsonl)
    const genesis = createWorld(PROFILES['blend-v2'], { users: 10, pools: 5, start: 1736780911n, rewardZoneGap: 1 }).comet;
    expect(genesis).toEqual(testComet(10180005000000000n, 203600100000000n, 2036001000000000n));
    expect(quoteDeposit(genesis, 'blnd', 57n, 0n)).toBe(0n);
    // the first term w * x of (1 + x)^w must exceed 1e-10 (CPOW_PRECISION) for anything to be minted
    const b = genesis.blnd.balance;
    expect(quoteDeposit(genesis, 'blnd', b / 8_000_000_000n, 0n)).toBe(0n);
    expect(quoteDeposit(genesis, 'blnd', b / 7_000_000_000n, 0n)).toBeGreaterThan(0n);
  });

  it('rounds down, within 0.01% of the exact weighted-pool formula (c_pool_single_sided.rs)', () => {
    fc.assert(
      fc.property(
        fc.bigInt(1_0000000n, 10n ** 16n),
        fc.bigInt(1_0000000n, 10n ** 16n),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 3333 }),
        (balance, supply, weightTenths, inPerTenThousand) => {
          const weight = BigInt(weightTenths) * 1000000n;
          const amount = (balance * BigInt(inPerTenThousand)) / 10000n;
          fc.pre(amount > 0n);
          const out = calcLpTokenAmountGivenTokenDepositsIn(blnd(balance, weight), supply, amount, FEE);
          const w = new Decimal(weightTenths).div(10);
          const afterFee = new Decimal(amount.toString()).mul(new Decimal(1).sub(new Decimal(1).sub(w).mul('0.003')));
          const exact = new Decimal(supply.toString()).mul(afterFee.div(balance.toString()).add(1).pow(w).sub(1));
          expect(new Decimal(out.toString()).lte(exact.floor())).toBe(true);
          // the series stops at 1e-10 of the ratio: within 0.01% or a couple of stroops
          expect(exact.sub(out.toString()).lte(exact.mul('0.0001').add(2))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('dep_tokn_amt_in_get_lp_tokns_out checks', () => {
  const comet = testComet(100_0000000n, 50_0000000n);
  it('ErrNegativeOrZero (37) for 0 or less in, ErrNegative (2) for a negative min out', () => {
    expect(() => quoteDeposit(comet, 'blnd', 0n, 0n)).toThrowError(/Comet#37/);
    expect(() => quoteDeposit(comet, 'blnd', -1n, 0n)).toThrowError(/Comet#37/);
    expect(() => quoteDeposit(comet, 'blnd', 1_0000000n, -1n)).toThrowError(/Comet#2 /);
  });
  it('ErrMaxInRatio (17) above floor(balance * 0.3333334)', () => {
    // c_pool_single_sided.rs: 350 in against 100 in the pool
    expect(() => quoteDeposit(comet, 'blnd', 350_0000000n, 0n)).toThrowError(/Comet#17/);
    const max = (100_0000000n * 3333334n) / 10_000_000n;
    expect(quoteDeposit(comet, 'blnd', max, 0n)).toBeGreaterThan(0n);
    expect(() => quoteDeposit(comet, 'blnd', max + 1n, 0n)).toThrowError(/Comet#17/);
  });
  it('ErrLimitOut (20) below the min out; exactly the min out passes', () => {
    const out = quoteDeposit(comet, 'blnd', 1_0000000n, 0n);
    expect(quoteDeposit(comet, 'blnd', 1_0000000n, out)).toBe(out);
    expect(() => quoteDeposit(comet, 'blnd', 1_0000000n, out + 1n)).toThrowError(/Comet#20/);
  });
});

describe('c_pow', () => {
  it('c_num_test.rs: a base of 0 is ErrCPowBaseTooLow (34), of 2.0 ErrCPowBaseTooHigh (35)', () => {
    expect(() => cPow(0n, 2n, false)).toThrowError(/Comet#34/);
    expect(() => cPow(2n * BONE, 2n, false)).toThrowError(/Comet#35/);
  });
  it('whole exponents by squaring; fractional ones under (floor) or over (ceil) the exact power', () => {
    expect(cPow(BONE + BONE / 2n, 2n * BONE, false)).toBe((9n * BONE) / 4n);
    const base = (BONE * 3n) / 2n;
    const exact = new Decimal(1.5).pow(0.8).mul(BONE.toString());
    const lo = cPow(base, (BONE * 8n) / 10n, false);
    const hi = cPow(base, (BONE * 8n) / 10n, true);
    expect(new Decimal(lo.toString()).lte(exact)).toBe(true);
    expect(new Decimal(hi.toString()).gte(exact.floor())).toBe(true);
    expect(hi - lo).toBeLessThan(10n ** 9n);
  });
});

describe('the Comet in the world', () => {
  it('set_composition sets each balance to ceil(per_lp * supply / 1e7), as the driver does', () => {
    const { w, ctx } = bareWorld('blend-v2', 0n);
    Object.assign(w.comet, testComet(500_0000000n, 10_0000000n, 636001254423979n));
    setComposition(ctx, 3n, 1000000n);
    // measured: 3 stroops per LP over 63,600,125 LP -> 190800377 BLND stroops
    expect(w.comet.blnd.balance).toBe(190800377n);
    expect(w.comet.usdc.balance).toBe(63600125442398n);
    expect(w.comet.supply).toBe(636001254423979n);
    expect(perLp(w.comet.blnd, w.comet.supply)).toBe(3n);
    expect(() => setComposition({ ...ctx, tx: new Tx() }, -1n, 1n)).toThrowError(/Token#10/);
  });
});

/**
 * The Comet's arithmetic helpers at their edges (soroban-fixed-point-math 1.1.0 src/i256.rs
 * `mul_div_floor` / `mul_div_ceil` on the I256 range; CometDEX comet-contracts-v1 c_num.rs
 * `c_powi`, `c_pow`'s base limits, its tests/c_num_test.rs; the driver's set_composition), against
 * decimal.js where a value is computed.
 */
describe('the Comet helpers at their edges', () => {
  const I256_MAX = (1n << 255n) - 1n;
  const I256_MIN = -(1n << 255n);
  const BONE = 10n ** 18n;
  const X = D.clone({ precision: 90 });
  const floor = (x: bigint, y: bigint, z: bigint) => BigInt(new X(x.toString()).mul(y.toString()).div(z.toString()).floor().toFixed());
  const ceil = (x: bigint, y: bigint, z: bigint) => BigInt(new X(x.toString()).mul(y.toString()).div(z.toString()).ceil().toFixed());

  it('mul_div_floor / mul_div_ceil on I256 agree with decimal.js on every sign', () => {
    const int = fc.bigInt(-(10n ** 38n), 10n ** 38n); // |x * y| < 1e76 < 2^255
    fc.assert(
      fc.property(
        int,
        int,
        int.filter((z) => z !== 0n),
        (x, y, z) => {
          expect(mulDivFloor256(x, y, z)).toBe(floor(x, y, z));
          expect(mulDivCeil256(x, y, z)).toBe(ceil(x, y, z));
        },
      ),
      { numRuns: 1000, seed: 20261121 },
    );
    expect([mulDivFloor256(7n, 1n, 2n), mulDivFloor256(-7n, 1n, 2n), mulDivFloor256(7n, 1n, -2n), mulDivFloor256(-7n, 1n, -2n)]).toEqual([
      3n,
      -4n,
      -4n,
      3n,
    ]);
    expect([mulDivCeil256(7n, 1n, 2n), mulDivCeil256(-7n, 1n, 2n), mulDivCeil256(7n, 1n, -2n), mulDivCeil256(-7n, 1n, -2n)]).toEqual([
      4n,
      -3n,
      -3n,
      4n,
    ]);
    for (const f of [mulDivFloor256, mulDivCeil256]) {
      expect([f(6n, 1n, 3n), f(-6n, 1n, 3n), f(6n, 1n, -3n), f(-6n, 1n, -3n), f(0n, 1n, -3n)]).toEqual([2n, -2n, -2n, 2n, 0n]);
    }
  });

  it('the product must fit an I256: at its limits it does, one past them it panics (WasmVm#6); z = 0 panics', () => {
    for (const f of [mulDivFloor256, mulDivCeil256]) {
      expect(f(I256_MAX, 1n, 1n)).toBe(I256_MAX);
      expect(f(I256_MIN, 1n, 1n)).toBe(I256_MIN);
      expect(() => f(I256_MAX, 2n, 2n)).toThrowError(/^WasmVm#6 /);
      expect(() => f(I256_MIN, -1n, 1n)).toThrowError(/^WasmVm#6 /);
      expect(() => f(I256_MIN - 1n, 1n, 1n)).toThrowError(/^WasmVm#6 /);
      expect(() => f(1n, 1n, 0n)).toThrowError(/^WasmVm#6 /);
    }
  });

  it('c_powi: exact integer powers (each product floored to 18 decimals)', () => {
    expect(cPowi(2n * BONE, 0n)).toBe(BONE);
    expect(cPowi(2n * BONE, 1n)).toBe(2n * BONE);
    expect(cPowi(2n * BONE, 2n)).toBe(4n * BONE);
    expect(cPowi(2n * BONE, 3n)).toBe(8n * BONE);
    expect(cPowi(2n * BONE, 4n)).toBe(16n * BONE);
    expect(cPowi(3n * BONE, 5n)).toBe(243n * BONE);
    expect(cPowi(2n * BONE, 10n)).toBe(1024n * BONE);
    // 1.5^3 = 3.375 exactly; 1.1^2 = 1.21
    expect(cPowi((15n * BONE) / 10n, 3n)).toBe((3375n * BONE) / 1000n);
    expect(cPowi((11n * BONE) / 10n, 2n)).toBe((121n * BONE) / 100n);
  });

  it('c_pow: a base of 0 is ErrCPowBaseTooLow (34), 2.0 ErrCPowBaseTooHigh (35) (c_num_test.rs); their neighbours pass', () => {
    expect(() => cPow(0n, 2n * BONE, false)).toThrowError(/^Comet#34 /);
    expect(() => cPow(2n * BONE, 2n * BONE, false)).toThrowError(/^Comet#35 /);
    expect(cPow(1n, BONE, false)).toBe(1n);
    expect(cPow(2n * BONE - 1n, BONE, false)).toBe(2n * BONE - 1n);
  });

  it('c_pow_approx: an under-estimate rounding down, an over-estimate rounding up, within 1e-9 (decimal.js)', () => {
    const base = fc.bigInt((6n * BONE) / 10n, (14n * BONE) / 10n);
    const exp = fc.bigInt(BONE / 100n, (99n * BONE) / 100n);
    fc.assert(
      fc.property(base, exp, (b, e) => {
        const exact = new X(b.toString()).div(BONE.toString()).pow(new X(e.toString()).div(BONE.toString())).mul(BONE.toString());
        const down = cPowApprox(b, e, 10n ** 8n, false);
        const up = cPowApprox(b, e, 10n ** 8n, true);
        expect(new X(down.toString()).lte(exact), `down ${down} vs ${exact.toFixed(0)}`).toBe(true);
        expect(new X(up.toString()).gte(exact.minus(100)), `up ${up} vs ${exact.toFixed(0)}`).toBe(true);
        expect(exact.minus(down.toString()).abs().lt(1e9)).toBe(true);
        expect(up >= down).toBe(true);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('set_composition: a composition of 0 burns the token balance to 0; a negative one is a burn past 0 (BalanceError 10)', () => {
    const { w, ctx } = bareWorld('blend-v2', 1n);
    setComposition(ctx, 0n, 0n);
    expect([w.comet.blnd.balance, w.comet.usdc.balance]).toEqual([0n, 0n]);
    expect(() => setComposition(ctx, -1n, 0n)).toThrowError(/^Token#10 /);
  });

  it('the balance for a composition is ceil(per_lp x supply / 1e7), for a negative one too (toward +infinity)', () => {
    expect(balanceForPerLp(5_0000000n, 100_0000000n)).toBe(500_0000000n);
    expect(balanceForPerLp(1n, 10_000_001n)).toBe(2n);
    expect(balanceForPerLp(-1n, 10_000_001n)).toBe(-1n);
    expect(balanceForPerLp(-1n, 1n)).toBe(0n);
  });
});
