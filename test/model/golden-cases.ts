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

/** The emission data's expiration in every one of the Rust tests (unix seconds). */
const EXPIRATION = 1600000000n;

/**
 * One Rust test's set-up: the pool's reserves (decimals, b supply, d supply), samwise's position
 * (reserve index to b tokens supplied as collateral, to d tokens owed), the reserve token ids'
 * emission data (EPS, index, last time; all expiring at EXPIRATION) and samwise's (index, accrued).
 */
interface GoldenSetup {
  readonly name: string;
  readonly now: bigint;
  readonly reserves: readonly (readonly [decimals: number, bSupply: bigint, dSupply: bigint])[];
  readonly supply: readonly (readonly [reserve: number, bTokens: bigint])[];
  readonly liabilities: readonly (readonly [reserve: number, dTokens: bigint])[];
  readonly emissions: readonly (readonly [resTokenId: number, eps: bigint, index: bigint, lastTime: bigint])[];
  readonly user: readonly (readonly [resTokenId: number, index: bigint, accrued: bigint])[];
  readonly pays: GoldenCase['pays'];
}

/** A golden case from its set-up (every reserve at 7 decimals under `sevenDecimals`). */
function goldenCase(s: GoldenSetup): GoldenCase {
  return {
    name: s.name,
    decimals: s.reserves.map(([decimals]) => decimals),
    now: s.now,
    pays: s.pays,
    build(seven = false) {
      const env = world(
        s.now,
        s.reserves.map(([decimals, bSupply, dSupply]) => reserve(decimals, bSupply, dSupply, seven)),
      );
      env.pool.positions.set('samwise', { collateral: new Map(s.supply), supply: new Map(), liabilities: new Map(s.liabilities) });
      for (const [id, eps, index, lastTime] of s.emissions) env.pool.emisData.set(id, { expiration: EXPIRATION, eps, index, lastTime });
      env.pool.userEmis.set('samwise', new Map(s.user.map(([id, index, accrued]) => [id, { index, accrued }])));
      return env;
    },
  };
}

/**
 * test_execute_claim's pool: reserve 0 with 5 decimals, reserve 1 with 9; samwise owes 2 of reserve
 * 0 and supplies 2 of reserve 1 (collateral 1_000_000_000 + supply 1_000_000_000 b tokens).
 */
const EXECUTE_CLAIM_POOL = {
  reserves: [
    [5, 100_00000n, 50_00000n],
    [9, 100_000_000_000n, 50_000_000_000n],
  ],
  supply: [[1, 2_000_000_000n]],
  liabilities: [[0, 2_00000n]],
} as const;

export const GOLDEN_CASES: readonly GoldenCase[] = [
  goldenCase({
    name: 'test_claim_emissions',
    now: 1501000000n,
    reserves: [
      [7, 100_0000000n, 75_0000000n],
      [7, 100_0000000n, 50_0000000n],
    ],
    supply: [],
    liabilities: [[1, 2_0000000n]],
    emissions: [[2, 1_000_000_000_000n, 23456780000000n, 1500000000n]],
    user: [[2, 12345670000000n, 1000000n]],
    pays: [[2, 400_3222222n]],
  }),
  goldenCase({
    name: 'test_execute_claim',
    now: 1501000000n,
    ...EXECUTE_CLAIM_POOL,
    emissions: [
      [0, 1_000_000_000_000n, 23456780000000n, 1500000000n],
      [3, 1_500_000_000_000n, 13456780000000n, 1500000000n],
    ],
    user: [
      [0, 12345670000000n, 1000000n],
      [3, 12345670000000n, 1_0000000n],
    ],
    pays: [
      [0, 400_3222222n],
      [3, 301_0222222n],
    ],
  }),
  goldenCase({
    name: 'test_execute_claim_with_already_claimed_reserve',
    now: 1501000000n,
    ...EXECUTE_CLAIM_POOL,
    emissions: [
      [0, 1_000_000_000_000n, 23456780000000n, 1500000000n],
      [3, 1_500_000_000_000n, 13456780000000n, 1501000000n],
    ],
    user: [
      [0, 12345670000000n, 1000000n],
      [3, 13456780000000n, 0n],
    ],
    pays: [
      [0, 400_3222222n],
      [3, 0n],
    ],
  }),
  // update_emissions' accrual (2121111 stroops), which a claim at that moment pays
  goldenCase({
    name: 'test_update_emission_no_overflow',
    now: 1510000000n,
    reserves: [
      [7, 100_0000000n, 75_0000000n],
      [18, 10n ** 30n, 10n ** 30n],
    ],
    supply: [],
    liabilities: [[1, 10n ** 18n]],
    emissions: [[2, 100_00000000000000n, 23456780000000n, 1500000000n]],
    user: [[2, 12345670000000n, 1000000n]],
    pays: [[2, 2121111n]],
  }),
];
