/**
 * Golden test of the model's pool emission claims on the v2 pool's own unit-test values
 * (test/model/golden-cases.ts: blend-contracts-v2 @ ba22b48 pool/src/emissions/distributor.rs),
 * including reserves of 5, 9 and 18 decimals: the reserve scalar 10^decimals enters the index
 * (Δt × eps × scalar / supply) and the accrual (balance × Δindex / (scalar × SCALAR_7)), while the
 * stored accrued amount stays in BLND stroops whatever the decimals.
 */
import { describe, expect, it } from 'vitest';
import { claim } from '../../model/pool/distributor.ts';
import { GOLDEN_CASES } from './golden-cases.ts';

describe('golden: pool emission claims on the v2 pool unit-test values', () => {
  for (const c of GOLDEN_CASES) {
    const total = c.pays.reduce((a, [, v]) => a + v, 0n);
    it(`${c.name} (reserves of ${c.decimals.join(' and ')} decimals): claim pays ${total} stroops`, () => {
      const { w, ctx, pool } = c.build();
      expect(pool.reserves.map((r) => r.scalar)).toEqual(c.decimals.map((d) => 10n ** BigInt(d)));
      expect(
        claim(
          ctx,
          pool,
          'samwise',
          c.pays.map(([id]) => id),
          'merry',
        ),
      ).toBe(total);
      expect(w.blnd.get('merry') ?? 0n).toBe(total);
      // nothing is left accrued on a claimed id
      for (const [id] of c.pays) expect(pool.userEmis.get('samwise')?.get(id)?.accrued ?? 0n).toBe(0n);
    });
    it(`${c.name}: each reserve token id alone pays its own amount`, () => {
      for (const [id, pays] of c.pays) {
        const { ctx, pool } = c.build();
        expect(claim(ctx, pool, 'samwise', [id], 'merry')).toBe(pays);
      }
    });
  }

  it('the non-7-decimal case pays 701.3444444 BLND in all (test_execute_claim: 400_3222222 + 301_0222222)', () => {
    const c = GOLDEN_CASES.find((g) => g.name === 'test_execute_claim')!;
    const { ctx, pool } = c.build();
    expect(claim(ctx, pool, 'samwise', [0, 3], 'merry')).toBe(701_3444444n);
  });

  it('the same state with the reserves at 7 decimals pays a different amount (the decimals are not ignored)', () => {
    const c = GOLDEN_CASES.find((g) => g.name === 'test_execute_claim')!;
    const { ctx, pool } = c.build(true);
    expect(pool.reserves.map((r) => r.scalar)).toEqual([10n ** 7n, 10n ** 7n]);
    expect(claim(ctx, pool, 'samwise', [0, 3], 'merry')).not.toBe(701_3444444n);
  });
});
