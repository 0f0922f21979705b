/**
 * The contracts' arithmetic (model/math.ts): soroban-fixed-point-math's own unit tests
 * (script3/soroban-fixed-point-math src/i128.rs `test_fixed_point` and `test_soroban_fixed_point`:
 * same names, same numbers), floor and ceil against decimal.js on every sign, and the checked
 * bounds of i128 / u32 / u64 at the limit and one past it (Rust's overflow-checks).
 */
import { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  div,
  fixedDivCeil,
  fixedDivFloor,
  fixedMulCeil,
  fixedMulFloor,
  i128,
  max,
  min,
  mul,
  mulDivCeil,
  mulDivFloor,
  scaledMulDivCeil,
  scaledMulDivFloor,
  sub,
  u32,
  u64,
} from '../../model/math.ts';

const MAX = (1n << 127n) - 1n;
const MIN = -(1n << 127n);
const PANIC = /^WasmVm#6 /;
const D = Decimal.clone({ precision: 200 });
const exactFloor = (x: bigint, y: bigint, z: bigint) => BigInt(new D(x.toString()).mul(y.toString()).div(z.toString()).floor().toFixed());
const exactCeil = (x: bigint, y: bigint, z: bigint) => BigInt(new D(x.toString()).mul(y.toString()).div(z.toString()).ceil().toFixed());

describe('i128.rs test_fixed_point (FixedPoint: None on overflow, a panic in the contracts)', () => {
  const BIG = 170_141_183_460_469_231_731n;
  const E18 = 1_000_000_000_000_000_000n;
  it('test_fixed_mul_floor_rounds_down', () => expect(fixedMulFloor(1_5391283n, 314_1592653n, 1_0000001n)).toBe(483_5313675n));
  it('test_fixed_mul_floor_negative_rounds_down', () => expect(fixedMulFloor(-1_5391283n, 314_1592653n, 1_0000001n)).toBe(-483_5313676n));
  it('test_fixed_mul_floor_large_number', () => expect(fixedMulFloor(BIG, E18, E18)).toBe(BIG));
  it('test_fixed_mul_floor_phantom_overflow', () => expect(() => fixedMulFloor(BIG, E18 + 1n, E18)).toThrowError(PANIC));
  it('test_fixed_mul_ceil_rounds_up', () => expect(fixedMulCeil(1_5391283n, 314_1592653n, 1_0000001n)).toBe(483_5313676n));
  it('test_fixed_mul_ceil_negative_rounds_up', () => expect(fixedMulCeil(-1_5391283n, 314_1592653n, 1_0000001n)).toBe(-483_5313675n));
  it('test_fixed_mul_ceil_large_number', () => expect(fixedMulCeil(BIG, E18, E18)).toBe(BIG));
  it('test_fixed_mul_ceil_phantom_overflow', () => expect(() => fixedMulCeil(BIG, E18 + 1n, E18)).toThrowError(PANIC));
  it('test_fixed_div_floor_rounds_down', () => expect(fixedDivFloor(314_1592653n, 1_5391280n, 1_0000000n)).toBe(204_1150997n));
  it('test_fixed_div_floor_negative_rounds_down', () => expect(fixedDivFloor(314_1592653n, -1_5391280n, 1_0000000n)).toBe(-204_1150998n));
  it('test_fixed_div_floor_large_number', () => expect(fixedDivFloor(BIG, E18, E18)).toBe(BIG));
  it('test_fixed_div_floor_phantom_overflow', () => expect(() => fixedDivFloor(BIG + 1n, E18, E18)).toThrowError(PANIC));
  it('test_fixed_div_ceil_rounds_down', () => expect(fixedDivCeil(314_1592653n, 1_5391280n, 1_0000000n)).toBe(204_1150998n));
  it('test_fixed_div_ceil_negative_rounds_down', () => expect(fixedDivCeil(314_1592653n, -1_5391280n, 1_0000000n)).toBe(-204_1150997n));
  it('test_fixed_div_ceil_large_number', () => expect(fixedDivCeil(BIG, E18, E18)).toBe(BIG));
  it('test_fixed_div_ceil_phantom_overflow', () => expect(() => fixedDivCeil(BIG + 1n, E18, E18)).toThrowError(PANIC));
});

describe('i128.rs test_soroban_fixed_point (SorobanFixedPoint: the product in I256)', () => {
  const BIG = 170_141_183_460_469_231_731n;
  it('test_fixed_mul_floor_rounds_down', () => expect(scaledMulDivFloor(1_5391283n, 314_1592653n, 1_0000001n)).toBe(483_5313675n));
  it('test_fixed_mul_floor_negative_rounds_down', () =>
    expect(scaledMulDivFloor(-1_5391283n, 314_1592653n, 1_0000001n)).toBe(-483_5313676n));
  it('test_fixed_mul_floor_phantom_overflow_scales', () => expect(scaledMulDivFloor(BIG, 10n ** 27n, 10n ** 18n)).toBe(BIG * 10n ** 9n));
  it('test_fixed_mul_ceil_rounds_up', () => expect(scaledMulDivCeil(1_5391283n, 314_1592653n, 1_0000001n)).toBe(483_5313676n));
  it('test_fixed_mul_ceil_negative_rounds_up', () => expect(scaledMulDivCeil(-1_5391283n, 314_1592653n, 1_0000001n)).toBe(-483_5313675n));
  it('test_fixed_mul_ceil_phantom_overflow_scales', () => expect(scaledMulDivCeil(BIG, 10n ** 27n, 10n ** 18n)).toBe(BIG * 10n ** 9n));
  it('a result past i128 panics (to_i128().unwrap_optimized()), one at i128::MAX does not', () => {
    expect(scaledMulDivFloor(MAX, 2n, 2n)).toBe(MAX);
    expect(() => scaledMulDivFloor(MAX, 3n, 2n)).toThrowError(PANIC);
    expect(scaledMulDivCeil(MIN, 2n, 2n)).toBe(MIN);
    expect(() => scaledMulDivCeil(MIN, 3n, 2n)).toThrowError(PANIC);
  });
});

describe('floor and ceil agree with decimal.js on every sign', () => {
  // |x * y| < 1e36: within i128, so the checked and the I256 versions agree
  const int = fc.bigInt(-(10n ** 18n), 10n ** 18n);
  const nonZero = int.filter((z) => z !== 0n);
  it('mulDivFloor / mulDivCeil', () => {
    fc.assert(
      fc.property(int, int, nonZero, (x, y, z) => {
        expect(mulDivFloor(x, y, z)).toBe(exactFloor(x, y, z));
        expect(mulDivCeil(x, y, z)).toBe(exactCeil(x, y, z));
        expect(scaledMulDivFloor(x, y, z)).toBe(exactFloor(x, y, z));
        expect(scaledMulDivCeil(x, y, z)).toBe(exactCeil(x, y, z));
      }),
      { numRuns: 1000, seed: 20261121 },
    );
  });
  it('exact quotients are not moved; each sign of an inexact one is', () => {
    for (const [r, z] of [
      [6n, 3n],
      [-6n, 3n],
      [6n, -3n],
      [-6n, -3n],
      [0n, 5n],
      [0n, -5n],
    ] as const) {
      expect(mulDivFloor(r, 1n, z)).toBe(r / z);
      expect(mulDivCeil(r, 1n, z)).toBe(r / z);
    }
    expect([mulDivFloor(7n, 1n, 2n), mulDivFloor(-7n, 1n, 2n), mulDivFloor(7n, 1n, -2n), mulDivFloor(-7n, 1n, -2n)]).toEqual([
      3n,
      -4n,
      -4n,
      3n,
    ]);
    expect([mulDivCeil(7n, 1n, 2n), mulDivCeil(-7n, 1n, 2n), mulDivCeil(7n, 1n, -2n), mulDivCeil(-7n, 1n, -2n)]).toEqual([
      4n,
      -3n,
      -3n,
      4n,
    ]);
  });
  it('a zero denominator panics', () => {
    for (const f of [mulDivFloor, mulDivCeil, scaledMulDivFloor, scaledMulDivCeil]) expect(() => f(1n, 1n, 0n)).toThrowError(PANIC);
  });
  it('x * y past i128 panics before the division (checked_mul), at i128::MAX and MIN it does not', () => {
    for (const f of [mulDivFloor, mulDivCeil]) {
      expect(f(MAX, 1n, 1n)).toBe(MAX);
      expect(f(MIN, 1n, 1n)).toBe(MIN);
      expect(() => f(MIN, 2n, 2n)).toThrowError(PANIC);
      expect(() => f(MAX, 2n, 2n)).toThrowError(PANIC);
    }
    expect(() => mulDivFloor(MAX, 2n, 2n)).toThrowError(PANIC);
    expect(() => mulDivCeil(MAX, 2n, 2n)).toThrowError(PANIC);
    expect(() => mulDivFloor(MIN, -1n, 1n)).toThrowError(PANIC);
    expect(() => mulDivCeil(MIN, -1n, 1n)).toThrowError(PANIC);
  });
});

describe('checked arithmetic: the limit passes, one past it panics', () => {
  it('i128', () => {
    expect(i128(MAX)).toBe(MAX);
    expect(i128(MIN)).toBe(MIN);
    expect(() => i128(MAX + 1n)).toThrowError(PANIC);
    expect(() => i128(MIN - 1n)).toThrowError(PANIC);
  });
  it('add', () => {
    expect(add(MAX - 1n, 1n)).toBe(MAX);
    expect(add(MIN + 1n, -1n)).toBe(MIN);
    expect(() => add(MAX, 1n)).toThrowError(PANIC);
    expect(() => add(MIN, -1n)).toThrowError(PANIC);
    expect(add(2n, 3n)).toBe(5n);
  });
  it('sub', () => {
    expect(sub(MAX - 1n, -1n)).toBe(MAX);
    expect(sub(MIN + 1n, 1n)).toBe(MIN);
    expect(() => sub(MAX, -1n)).toThrowError(PANIC);
    expect(() => sub(MIN, 1n)).toThrowError(PANIC);
    expect(sub(2n, 3n)).toBe(-1n);
  });
  it('mul', () => {
    expect(mul(MAX, 1n)).toBe(MAX);
    expect(mul(MIN, 1n)).toBe(MIN);
    expect(() => mul(MAX, 2n)).toThrowError(PANIC);
    expect(() => mul(MIN, -1n)).toThrowError(PANIC);
    expect(() => mul(MIN, 2n)).toThrowError(PANIC);
    expect(mul(-3n, 4n)).toBe(-12n);
  });
  it('u32', () => {
    expect(u32((1n << 32n) - 1n)).toBe((1n << 32n) - 1n);
    expect(u32(0n)).toBe(0n);
    expect(() => u32(1n << 32n)).toThrowError(PANIC);
    expect(() => u32(-1n)).toThrowError(PANIC);
  });
  it('u64', () => {
    expect(u64((1n << 64n) - 1n)).toBe((1n << 64n) - 1n);
    expect(u64(0n)).toBe(0n);
    expect(() => u64(1n << 64n)).toThrowError(PANIC);
    expect(() => u64(-1n)).toThrowError(PANIC);
  });
  it("div is Rust's `/` on i128: truncation toward zero; by zero panics", () => {
    expect([div(7n, 2n), div(-7n, 2n), div(7n, -2n), div(-7n, -2n)]).toEqual([3n, -3n, -3n, 3n]);
    expect(() => div(1n, 0n)).toThrowError(PANIC);
  });
  it('min and max', () => {
    expect([min(1n, 2n), min(2n, 1n), min(2n, 2n)]).toEqual([1n, 1n, 2n]);
    expect([max(1n, 2n), max(2n, 1n), max(2n, 2n)]).toEqual([2n, 2n, 2n]);
  });
});
