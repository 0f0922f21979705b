/**
 * Allocation of new emissions to the reward zone, pro rata to non-queued backstop tokens.
 * Source: backstop/src/emissions/manager.rs `distribute` (v2: backfill while the emitter does not
 * know this backstop, then a reset); blend-contracts backstop/src/emissions/manager.rs
 * `gulp_emissions` (v1: allocation, 70/30 split and every pool's EPS at once).
 */
import { EMISSION_RATE, SCALAR_7 } from '../../spec/constants.ts';
import { BackstopError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, fixedDivFloor, fixedMulFloor, mul, overflow } from '../math.ts';
import { poolBalanceOf, rzEmisOf, type Address, type BackstopState } from '../state.ts';
import { getLastDistro } from '../emitter.ts';
import { setBackstopEmissionEps, splitEmissions } from './gulp.ts';
import { nonQueuedTokens } from './pool-balance.ts';

const S7 = SCALAR_7.value;

/** Each reward-zone pool's non-queued tokens (in reward-zone order) and their total. */
function rewardZoneTokens(bs: BackstopState, v1: boolean): { pools: readonly Address[]; nq: bigint[]; total: bigint } {
  let total = 0n;
  const pools = bs.rewardZone;
  const nq: bigint[] = [];
  for (const pool of pools) {
    const v = nonQueuedTokens(poolBalanceOf(bs, pool), v1);
    total = add(total, v);
    nq.push(v);
  }
  return { pools, nq, total };
}

/** floor(floor(nq * SCALAR_7 / total) * amount / SCALAR_7): a pool's part of `amount` (stroops). */
export function poolShareOf(nq: bigint, total: bigint, amount: bigint): bigint {
  return fixedMulFloor(fixedDivFloor(nq, total, S7), amount, S7);
}

/** The distribution interval rule. Errors: BadRequest (1000). */
function requireInterval(ctx: Ctx, emitterLast: bigint, last: bigint): void {
  if (emitterLast < last) overflow('attempt to subtract with overflow (emitter_last_distribution - last_distribution)');
  const { seconds, strict } = ctx.p.distributeMinInterval;
  const elapsed = emitterLast - last;
  if (strict ? elapsed <= seconds.value : elapsed < seconds.value)
    panicWithError(BackstopError.BadRequest, `only ${elapsed}s since the last distribution`);
}

/**
 * v2 backstop `distribute()`: returns the stroops allocated this call (0 on the first call and on
 * the reset after a swap).
 * Errors: BadRequest (1000) too soon after the last distribution, with an empty reward zone, or
 * backfilling again after the emitter knew this backstop; MaxBackfillEmissions (1010) once 10M
 * BLND were backfilled.
 */
export function distribute(ctx: Ctx, bs: BackstopState): bigint {
  const status = bs.backfillStatus;
  let isBackfill: boolean;
  let needsReset = false;
  let emitterLast = getLastDistro(ctx, bs.address);
  if (emitterLast !== undefined) {
    isBackfill = false;
    if (status !== false) {
      needsReset = status === true;
      ctx.tx.put(bs, 'backfillStatus', false);
    }
  } else {
    if (!ctx.p.backfill.enabled) overflow('LastDistro missing: the emitter does not know this backstop');
    isBackfill = true;
    if (status === undefined) ctx.tx.put(bs, 'backfillStatus', true);
    else if (status === false) panicWithError(BackstopError.BadRequest, 'backfill after the emitter knew this backstop');
    emitterLast = ctx.w.now;
  }
  const last = bs.lastDistributionTime;
  if (last === 0n || needsReset) {
    ctx.tx.put(bs, 'lastDistributionTime', emitterLast);
    ctx.events.push({ topic: 'distribute', contract: 'backstop', backstop: bs.address, amount: 0n, backfill: isBackfill, allocated: [] });
    return 0n;
  }
  requireInterval(ctx, emitterLast, last);
  if (bs.rewardZone.length === 0) panicWithError(BackstopError.BadRequest, 'empty reward zone');
  let newEmissions = mul(emitterLast - last, EMISSION_RATE.value);
  if (isBackfill) {
    const max = ctx.p.backfill.max.value;
    const cur = bs.backfillEmissions;
    if (cur >= max) panicWithError(BackstopError.MaxBackfillEmissions);
    if (add(newEmissions, cur) > max) newEmissions = max - cur;
    ctx.tx.put(bs, 'backfillEmissions', cur + newEmissions);
  }
  ctx.tx.put(bs, 'lastDistributionTime', emitterLast);
  const { pools, nq, total } = rewardZoneTokens(bs, ctx.p.shareConversion === 'v1');
  const allocated: (readonly [Address, bigint])[] = [];
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i]!;
    const amount = poolShareOf(nq[i]!, total, newEmissions);
    const rz = rzEmisOf(bs, pool);
    ctx.tx.set(bs.rzEmis, pool, { accrued: add(rz.accrued, amount), lastTime: rz.lastTime });
    allocated.push([pool, amount]);
  }
  ctx.events.push({
    topic: 'distribute',
    contract: 'backstop',
    backstop: bs.address,
    amount: newEmissions,
    backfill: isBackfill,
    allocated,
  });
  return newEmissions;
}

/**
 * v1 backstop `gulp_emissions()`: allocates the emitter's new seconds of BLND over the reward zone,
 * 30% to each pool's `PoolEmis`, 70% into each pool's EPS. Returns the stroops allocated.
 * Errors: BadRequest (1000) with an empty reward zone or within 1 h of the last.
 */
export function gulpEmissionsV1(ctx: Ctx, bs: BackstopState): bigint {
  if (bs.rewardZone.length === 0) panicWithError(BackstopError.BadRequest, 'empty reward zone');
  const emitterLast = getLastDistro(ctx, bs.address);
  if (emitterLast === undefined) return overflow('LastDistro missing: the emitter does not know this backstop');
  const last = bs.lastDistributionTime;
  requireInterval(ctx, emitterLast, last);
  ctx.tx.put(bs, 'lastDistributionTime', emitterLast);
  const newEmissions = mul(emitterLast - last, EMISSION_RATE.value);
  const split = splitEmissions(newEmissions);
  const { pools, nq, total } = rewardZoneTokens(bs, ctx.p.shareConversion === 'v1');
  const allocated: (readonly [Address, bigint])[] = [];
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i]!;
    const share = fixedDivFloor(nq[i]!, total, S7);
    const poolAmount = fixedMulFloor(share, split.pool, S7);
    const rz = rzEmisOf(bs, pool);
    ctx.tx.set(bs.rzEmis, pool, { accrued: add(rz.accrued, poolAmount), lastTime: rz.lastTime });
    const backstopAmount = fixedMulFloor(share, split.backstop, S7);
    setBackstopEmissionEps(ctx, bs, pool, poolBalanceOf(bs, pool), backstopAmount);
    allocated.push([pool, poolAmount + backstopAmount]);
    ctx.events.push({
      topic: 'gulp_emissions',
      contract: 'backstop',
      backstop: bs.address,
      pool,
      accrued: poolAmount + backstopAmount,
      backstopEmissions: backstopAmount,
      poolEmissions: poolAmount,
    });
  }
  ctx.events.push({ topic: 'distribute', contract: 'backstop', backstop: bs.address, amount: newEmissions, backfill: false, allocated });
  return newEmissions;
}
