/**
 * The reward zone: which pools receive emissions.
 * Source: backstop/src/emissions/manager.rs `add_to_reward_zone`, `remove_from_reward_zone`,
 * `require_distribute_run_recently`, and backstop/src/backstop/pool.rs `load_pool_backstop_data`,
 * `is_pool_above_threshold` (v2); v1 manager.rs `add_to_reward_zone` (growing size, in-place swap).
 */
import { LP_USDC_WEIGHT_INVERSE, SCALAR_7, I128_MAX } from '../../spec/constants.ts';
import { BackstopError } from '../../spec/errors.ts';
import { maxRewardZoneSize } from '../../spec/profiles.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { perLp } from '../comet.ts';
import { fixedMulFloor, mul, overflow } from '../math.ts';
import { poolBalanceOf, type Address, type BackstopState, type LpTokenValue } from '../state.ts';

const S7 = SCALAR_7.value;

/** `PoolBackstopData` (pool_data): tokens and the BLND / USDC they hold, in stroops. */
export interface PoolBackstopData {
  readonly tokens: bigint;
  readonly shares: bigint;
  readonly blnd: bigint;
  readonly usdc: bigint;
  /** Spot price of one LP token in USDC, sans fees (7 decimals). */
  readonly tokenSpotPrice: bigint;
}

/**
 * BLND and USDC per LP token (stroops) as the backstop reads them: v2 from the Comet's balances
 * and supply at the call; v1 from its stored `LPTknVal` (a panic where it was never stored).
 */
export function lpTokenValue(ctx: Ctx, bs: BackstopState): LpTokenValue {
  if (ctx.p.lpTokenValue === 'stored') return bs.lpTokenVal ?? overflow('LPTknVal never stored (get_lp_token_val unwrap)');
  const c = ctx.w.comet;
  return { blndPerLp: perLp(c.blnd, c.supply), usdcPerLp: perLp(c.usdc, c.supply) };
}

export function loadPoolBackstopData(ctx: Ctx, bs: BackstopState, pool: Address): PoolBackstopData {
  const pb = poolBalanceOf(bs, pool);
  const { blndPerLp, usdcPerLp } = lpTokenValue(ctx, bs);
  const tokenSpotPrice = mul(usdcPerLp, LP_USDC_WEIGHT_INVERSE.value);
  if (pb.tokens <= 0n) return { tokens: 0n, shares: pb.shares, blnd: 0n, usdc: 0n, tokenSpotPrice };
  return {
    tokens: pb.tokens,
    shares: pb.shares,
    blnd: fixedMulFloor(pb.tokens, blndPerLp, S7),
    usdc: fixedMulFloor(pb.tokens, usdcPerLp, S7),
    tokenSpotPrice,
  };
}

const saturatingMul = (a: bigint, b: bigint): bigint => {
  const r = a * b;
  return r > I128_MAX.value ? I128_MAX.value : r;
};

/** bal_blnd^4 * bal_usdc (whole tokens, saturating at i128::MAX) reaches the profile's threshold. */
export function isPoolAboveThreshold(ctx: Ctx, data: PoolBackstopData): boolean {
  const blnd = data.blnd / S7;
  const usdc = data.usdc / S7;
  const pc = saturatingMul(saturatingMul(saturatingMul(saturatingMul(blnd, blnd), blnd), blnd), usdc);
  return pc >= ctx.p.rzThreshold.value;
}

/** v2: reward-zone edits need a distribution within the edit window. Errors: BadRequest (1000). */
function requireDistributeRunRecently(ctx: Ctx, bs: BackstopState): void {
  const window = ctx.p.rzEditWindow;
  if (window === null) return;
  if (bs.lastDistributionTime < ctx.w.now - window.value)
    panicWithError(BackstopError.BadRequest, 'no distribution within the reward-zone edit window');
}

/**
 * `add_reward(to_add, to_remove)`: add a pool above the threshold; when the zone is full, it replaces
 * `to_remove`, which must hold fewer backstop tokens.
 * Errors: BadRequest (1000) for a pool already in the zone or a stale distribution;
 * InvalidRewardZoneEntry (1002) below the threshold, not more tokens than `to_remove`, or `to_remove`
 * not in the zone; RewardZoneFull (1009, v2) when full and no `to_remove`.
 */
export function addReward(ctx: Ctx, bs: BackstopState, toAdd: Address, toRemove: Address | undefined): void {
  const rz = bs.rewardZone;
  const max = maxRewardZoneSize(ctx.p, ctx.w.now);
  if (rz.includes(toAdd)) panicWithError(BackstopError.BadRequest, 'pool already in the reward zone');
  const data = loadPoolBackstopData(ctx, bs, toAdd);
  if (!isPoolAboveThreshold(ctx, data)) panicWithError(BackstopError.InvalidRewardZoneEntry, 'pool below the backstop threshold');
  if (rz.length > 0) requireDistributeRunRecently(ctx, bs);
  if (max > BigInt(rz.length)) {
    ctx.tx.put(bs, 'rewardZone', [toAdd, ...rz]);
    return;
  }
  if (toRemove === undefined) {
    if (ctx.p.rzSwap === 'remove-push-front') panicWithError(BackstopError.RewardZoneFull);
    panicWithError(BackstopError.InvalidRewardZoneEntry, 'to_remove not in the reward zone');
  }
  const idx = rz.indexOf(toRemove);
  if (ctx.p.rzSwap === 'replace-in-place') {
    if (idx < 0) panicWithError(BackstopError.InvalidRewardZoneEntry, 'to_remove not in the reward zone');
    const fresh = ctx.p.rzSwapFreshness;
    if (fresh !== null && bs.lastDistributionTime < ctx.w.now - fresh.value)
      panicWithError(BackstopError.BadRequest, 'distribution too long ago for a swap');
    if (data.tokens <= poolBalanceOf(bs, toRemove).tokens)
      panicWithError(BackstopError.InvalidRewardZoneEntry, 'to_add does not hold more tokens than to_remove');
    const next = [...rz];
    next[idx] = toAdd;
    ctx.tx.put(bs, 'rewardZone', next);
    return;
  }
  if (data.tokens <= poolBalanceOf(bs, toRemove).tokens)
    panicWithError(BackstopError.InvalidRewardZoneEntry, 'to_add does not hold more tokens than to_remove');
  if (idx < 0) panicWithError(BackstopError.InvalidRewardZoneEntry, 'to_remove not in the reward zone');
  ctx.tx.put(bs, 'rewardZone', [toAdd, ...rz.slice(0, idx), ...rz.slice(idx + 1)]);
}

/**
 * `remove_reward(to_remove)` (v2): remove a pool that fell below the threshold.
 * Errors: BadRequest (1000) while above the threshold or with a stale distribution;
 * InvalidRewardZoneEntry (1002) when not in the zone.
 */
export function removeReward(ctx: Ctx, bs: BackstopState, toRemove: Address): void {
  if (!ctx.p.hasRemoveReward) panicWithError(BackstopError.BadRequest, 'remove_reward does not exist in this profile');
  const data = loadPoolBackstopData(ctx, bs, toRemove);
  if (isPoolAboveThreshold(ctx, data)) panicWithError(BackstopError.BadRequest, 'pool above the backstop threshold');
  requireDistributeRunRecently(ctx, bs);
  const idx = bs.rewardZone.indexOf(toRemove);
  if (idx < 0) panicWithError(BackstopError.InvalidRewardZoneEntry, 'pool not in the reward zone');
  ctx.tx.put(bs, 'rewardZone', [...bs.rewardZone.slice(0, idx), ...bs.rewardZone.slice(idx + 1)]);
}
