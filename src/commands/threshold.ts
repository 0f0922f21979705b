/**
 * The backstop's reward-zone threshold at its edge, for `add_reward` (src/commands/backstop.ts
 * `AddReward`, seed bits 16-19): backstop/src/backstop/pool.rs `is_pool_above_threshold` (the bundled
 * v2 backstop's `func78`) floors the pool's backstop BLND and USDC to whole tokens (`/ SCALAR_7`)
 * and compares bal_blnd^4 x bal_usdc with 1e25 (POOL_THRESHOLD_PC). The LP composition is set
 * (`set_lp_price`, the model's action) so that the pool's backstop holds exactly `THRESHOLD_BLND`
 * whole BLND and either exactly `THRESHOLD_USDC` whole USDC (`at`: on the threshold, accepted by the
 * check) or a USDC amount a few stroops under it (`under`: `THRESHOLD_USDC` - 1 whole, refused,
 * InvalidRewardZoneEntry, Backstop#1002), in the last `THRESHOLD_USDC` stroops before the whole
 * amount: there `usdc / 9_999_999` already reaches the whole amount, so a divisor 1 stroop under
 * SCALAR_7 (issue 19's backstop mutant `func78 +43 const-1`) accepts what the contract refuses, and
 * one over it (`const+1`) refuses the `at` case the contract accepts.
 */
import type { Action } from '../../model/actions.ts';
import type { Address, World } from '../../model/state.ts';
import { POOL_THRESHOLD_PC, SCALAR_7 } from '../../spec/constants.ts';

const S7 = SCALAR_7.value;

/** Whole BLND of the edge pair (10^4): with `THRESHOLD_USDC`, bal_blnd^4 x bal_usdc is exactly 1e25. */
export const THRESHOLD_BLND = 10_000n;
/** Whole USDC of the edge pair: 1e25 / 10^16 = 10^9 (so the `under` window is 10^9 stroops wide, reachable for a pool of up to 10^16 backstop token stroops). */
export const THRESHOLD_USDC: bigint = POOL_THRESHOLD_PC.value / THRESHOLD_BLND ** 4n;

/** Which side of the threshold the edge variant puts the pool on. */
export type ThresholdEdge = 'at' | 'under';

/**
 * The `set_lp_price` that gives `pool`'s backstop tokens T (stroops) exactly `THRESHOLD_BLND` whole
 * BLND (per LP ceil(B x 10^14 / T): whole while T is at most 10^14, 10M LP) and, for `at`, exactly
 * `THRESHOLD_USDC` whole USDC; for `under`, a USDC amount in [U x 10^7 - U, U x 10^7 - 1] stroops
 * (per LP ceil((U x 10^7 - U) x 10^7 / T), in the window while T / 10^7 < U). Undefined where the
 * pool has no backstop tokens, the Comet no supply, or the amounts are not reached exactly.
 */
export function thresholdEdgePrice(w: World, pool: Address, edge: ThresholdEdge): Action | undefined {
  const bs = w.backstops.get(w.pools.get(pool)!.backstop);
  const t = bs?.poolBalances.get(pool)?.tokens ?? 0n;
  if (t <= 0n || w.comet.supply <= 0n) return undefined;
  const ceilDiv = (x: bigint): bigint => (x + t - 1n) / t;
  const blndPerLp = ceilDiv(THRESHOLD_BLND * S7 * S7);
  if ((t * blndPerLp) / (S7 * S7) !== THRESHOLD_BLND) return undefined;
  const whole = THRESHOLD_USDC * S7;
  const low = edge === 'at' ? whole : whole - THRESHOLD_USDC;
  const usdcPerLp = ceilDiv(low * S7);
  const usdc = (t * usdcPerLp) / S7;
  const high = edge === 'at' ? whole + S7 - 1n : whole - 1n;
  if (usdc < low || usdc > high) return undefined;
  return { fn: 'set_lp_price', blndPerLp, usdcPerLp };
}
