/**
 * Golden cases of pool emission claims: the v2 pool's own unit-test values, blend-contracts-v2
 * @ ba22b48 pool/src/emissions/distributor.rs `mod tests` (same names, same numbers), each as a model
 * world at the test's ledger time with what the contract pays per reserve token id (BLND stroops).
 * test/model/golden-claims.test.ts holds the model to them; test/estimators/blend-sdk.test.ts asks
 * the SDK adapter the same states (as the state JSON a `load_state` carries).
 */
import { newReserve } from '../../model/pool/reserve.ts';
import { newPool, type PoolState, type ReserveState, type World } from '../../model/state.ts';
import type { Ctx } from '../../model/context.ts';
import { bareWorld } from '../helpers.ts';

export interface GoldenCase {
  /** The Rust test's name. */
  readonly name: string;
  /** The decimals of the pool's reserves (ReserveConfig.decimals). */
  readonly decimals: readonly number[];
  /** The ledger time of the claim (unix seconds). */
  readonly now: bigint;
  /** The reserve token ids claimed, with what the contract pays for each (BLND stroops). */
  readonly pays: readonly (readonly [number, bigint])[];
  /**
   * The world: pool `pool` of backstop `backstop`, user `samwise`, the backstop's allowance and BLND
   * ample. `sevenDecimals`: the same state with every reserve at 7 decimals (a control).
   */
  build(sevenDecimals?: boolean): { w: World; ctx: Ctx; pool: PoolState };
}

const reserve = (decimals: number, bSupply: bigint, dSupply: bigint, sevenDecimals = false): ReserveState => ({
  ...newReserve(`asset${decimals}`, 10n ** BigInt(sevenDecimals ? 7 : decimals), 0n),
  bSupply,
  dSupply,
});

function world(now: bigint, reserves: ReserveState[]): { w: World; ctx: Ctx; pool: PoolState } {
  const { w, ctx, bs } = bareWorld('blend-v2', now);
  const pool = newPool('pool', 'backstop', reserves);
  w.pools.set('pool', pool);
  // the Rust tests' backstop: 100,000 BLND, approved to the pool
  bs.blnd = 100_000_0000000n;
  bs.allowances.set('pool', 100_000_0000000n);
  w.users.push('samwise');
  return { w, ctx, pool };
}

/** test_execute_claim's pool: reserve 0 with 5 decimals, reserve 1 with 9; samwise owes 2 of reserve 0 and supplies 2 of reserve 1. */
function executeClaimPool(now: bigint, seven = false) {
  const env = world(now, [reserve(5, 100_00000n, 50_00000n, seven), reserve(9, 100_000_000_000n, 50_000_000_000n, seven)]);
  // collateral 1_000_000_000 + supply 1_000_000_000 b tokens of reserve 1
  env.pool.positions.set('samwise', { liabilities: new Map([[0, 2_00000n]]), supply: new Map([[1, 2_000_000_000n]]) });
  return env;
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'test_claim_emissions',
    decimals: [7, 7],
    now: 1501000000n,
    pays: [[2, 400_3222222n]],
    build(seven = false) {
      const env = world(this.now, [reserve(7, 100_0000000n, 75_0000000n), reserve(7, 100_0000000n, 50_0000000n, seven)]);
      env.pool.positions.set('samwise', { supply: new Map(), liabilities: new Map([[1, 2_0000000n]]) });
      env.pool.emisData.set(2, { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 23456780000000n, lastTime: 1500000000n });
      env.pool.userEmis.set('samwise', new Map([[2, { index: 12345670000000n, accrued: 1000000n }]]));
      return env;
    },
  },
  {
    name: 'test_execute_claim',
    decimals: [5, 9],
    now: 1501000000n,
    pays: [
      [0, 400_3222222n],
      [3, 301_0222222n],
    ],
    build(seven = false) {
      const env = executeClaimPool(this.now, seven);
      env.pool.emisData.set(0, { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 23456780000000n, lastTime: 1500000000n });
      env.pool.emisData.set(3, { expiration: 1600000000n, eps: 1_500_000_000_000n, index: 13456780000000n, lastTime: 1500000000n });
      env.pool.userEmis.set(
        'samwise',
        new Map([
          [0, { index: 12345670000000n, accrued: 1000000n }],
          [3, { index: 12345670000000n, accrued: 1_0000000n }],
        ]),
      );
      return env;
    },
  },
  {
    name: 'test_execute_claim_with_already_claimed_reserve',
    decimals: [5, 9],
    now: 1501000000n,
    pays: [
      [0, 400_3222222n],
      [3, 0n],
    ],
    build(seven = false) {
      const env = executeClaimPool(this.now, seven);
      env.pool.emisData.set(0, { expiration: 1600000000n, eps: 1_000_000_000_000n, index: 23456780000000n, lastTime: 1500000000n });
      env.pool.emisData.set(3, { expiration: 1600000000n, eps: 1_500_000_000_000n, index: 13456780000000n, lastTime: 1501000000n });
      env.pool.userEmis.set(
        'samwise',
        new Map([
          [0, { index: 12345670000000n, accrued: 1000000n }],
          [3, { index: 13456780000000n, accrued: 0n }],
        ]),
      );
      return env;
    },
  },
  {
    // update_emissions' accrual (2121111 stroops), which a claim at that moment pays
    name: 'test_update_emission_no_overflow',
    decimals: [7, 18],
    now: 1510000000n,
    pays: [[2, 2121111n]],
    build(seven = false) {
      const env = world(this.now, [reserve(7, 100_0000000n, 75_0000000n), reserve(18, 10n ** 30n, 10n ** 30n, seven)]);
      env.pool.positions.set('samwise', { supply: new Map(), liabilities: new Map([[1, 10n ** 18n]]) });
      env.pool.emisData.set(2, { expiration: 1600000000n, eps: 100_00000000000000n, index: 23456780000000n, lastTime: 1500000000n });
      env.pool.userEmis.set('samwise', new Map([[2, { index: 12345670000000n, accrued: 1000000n }]]));
      return env;
    },
  },
];
