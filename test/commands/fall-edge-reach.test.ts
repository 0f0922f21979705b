/**
 * The rate modifier's fall at its rounding edge (issue 19's pool mutant `func163 +992 const-1`:
 * calc_accrual's `util_dif_scaled.fixed_mul_ceil(reactivity, SCALAR_7)` under the target utilisation,
 * inlined in the pool's reserve load; the mutant divides by SCALAR_7 - 1). A utilisation chain whose
 * reserve seed has bit 12 set waits, after a third of its debt is repaid, the seconds `fallEdge`
 * finds and accrues (src/commands/utilisation.ts); counted in a default run (src/commands/reach.ts).
 */
import { describe, expect, it } from 'vitest';
import { fallEdge, utilisationOf } from '../../src/commands/utilisation.ts';
import { calcAccrual, DEFAULT_RESERVE_CONFIG, newReserve, utilization, type ReserveData } from '../../model/pool/reserve.ts';
import { IR_MOD_MIN, SCALAR_12, SCALAR_7 } from '../../spec/constants.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

const S7 = SCALAR_7.value;
/** The fall with `divisor` in place of SCALAR_7: ceil of the negative product, as mul_div_ceil rounds it. */
const fallWith = (q: bigint, divisor: bigint): bigint => q / divisor;

describe('the rate modifier fall at its rounding edge', () => {
  it('bit 12 of a chain seed asks for it', () => {
    const chain = (3 << 14) | (1 << 17);
    expect(utilisationOf(chain)?.fall).toBe(false);
    expect(utilisationOf(chain | (1 << 12))?.fall).toBe(true);
    expect(utilisationOf(1 << 12)).toBeUndefined();
  });
  it('the seconds it finds put the fall where a divisor of SCALAR_7 - 1 counts one more, unclamped; the model accrues the contract fall', () => {
    const r = newReserve('A', S7, 0n);
    let found = 0;
    for (const [supply, debt, irMod] of [
      [1_000n * S7, 633n * S7 + 12_345n, 12_000_000n],
      [5_000n * S7, 3_456n * S7 + 7n, 1_400_000n],
      [777n * S7 + 3n, 1n * S7, 2_000_000n],
    ] as const) {
      const d: ReserveData = {
        bRate: SCALAR_12.value,
        dRate: SCALAR_12.value,
        irMod,
        bSupply: supply,
        dSupply: debt,
        backstopCredit: 0n,
        lastTime: 0n,
      };
      const e = fallEdge(DEFAULT_RESERVE_CONFIG, d);
      if (e === undefined) continue;
      found++;
      const u = utilization(d);
      const q = e.seconds * (DEFAULT_RESERVE_CONFIG.util - u) * DEFAULT_RESERVE_CONFIG.reactivity;
      expect(fallWith(q, S7)).toBe(e.fall);
      expect(fallWith(q, S7 - 1n)).toBe(e.fall + 1n);
      expect(irMod - e.fall - 1n >= IR_MOD_MIN.value).toBe(true);
      // the model's calc_accrual falls by exactly that
      expect(calcAccrual(r.config, u, irMod, 0n, e.seconds).irMod).toBe(irMod - e.fall);
    }
    expect(found).toBe(3);
    // a utilisation of exactly 0.5: Q grows by 2.5e6 x 20 = 5 SCALAR_7 a second, never just under a multiple
    const half = {
      bRate: SCALAR_12.value,
      dRate: SCALAR_12.value,
      irMod: 30_000_000n,
      bSupply: 1_000n * S7,
      dSupply: 500n * S7,
      backstopCredit: 0n,
      lastTime: 0n,
    };
    expect(fallEdge(DEFAULT_RESERVE_CONFIG, half)).toBeUndefined();
    // at or above the target, or with the modifier at its minimum, none
    const at = {
      bRate: SCALAR_12.value,
      dRate: SCALAR_12.value,
      irMod: 10_000_000n,
      bSupply: 1_000n * S7,
      dSupply: 750n * S7,
      backstopCredit: 0n,
      lastTime: 0n,
    };
    expect(fallEdge(DEFAULT_RESERVE_CONFIG, at)).toBeUndefined();
    expect(fallEdge(DEFAULT_RESERVE_CONFIG, { ...at, dSupply: 500n * S7, irMod: IR_MOD_MIN.value })).toBeUndefined();
  });
  it('a default blend-v2 run accrues at the edge more than once', () => {
    expectReachedMoreThanOnce(['util: accrual under the target, the rate modifier falling at its rounding edge, unclamped']);
  }, 300_000);
});
