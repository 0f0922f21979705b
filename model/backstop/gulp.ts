/**
 * Setting a pool's backstop EPS from new tokens, carrying the unemitted remainder over; the v2
 * per-pool `gulp_emissions` (70/30) and the v1 `gulp_pool_emissions`.
 * Source: backstop/src/emissions/manager.rs `gulp_emissions`, `set_backstop_emission_eps` (v2);
 * blend-contracts backstop/src/emissions/manager.rs `set_backstop_emission_config`, `gulp_pool_emissions` (v1).
 */
import { BACKSTOP_EMISSION_SHARE, EMISSION_PERIOD, POOL_EMISSION_SHARE, SCALAR_7 } from '../../spec/constants.ts';
import { BackstopError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, div, fixedMulFloor, mul, u64 } from '../math.ts';
import { poolBalanceOf, rzEmisOf, type Address, type BackstopState, type PoolBalance } from '../state.ts';
import { updateEmissionData } from './distributor.ts';

const S7 = SCALAR_7.value;
const WEEK = EMISSION_PERIOD.value;

/**
 * Give the pool's depositors `newTokens` (stroops) over the next 7 days, plus what the running EPS
 * had not yet emitted: eps = (tokens left) * epsScale / 7 days, truncated to u64.
 */
export function setBackstopEmissionEps(ctx: Ctx, bs: BackstopState, pool: Address, pb: PoolBalance, newTokens: bigint): void {
  const now = ctx.w.now;
  const epsScale = ctx.p.epsScale?.value ?? 1n;
  let tokensLeft = newTokens;
  const expiration = now + WEEK;
  const data = updateEmissionData(ctx, bs, pool, pb);
  let index = 0n;
  if (data !== undefined) {
    index = data.index;
    if (data.expiration > now) tokensLeft = add(tokensLeft, fixedMulFloor(data.eps, data.expiration - now, epsScale));
  }
  const eps = u64(div(mul(tokensLeft, epsScale), WEEK), 'eps does not fit u64');
  ctx.tx.set(bs.emisData, pool, { eps, expiration, index, lastTime: now });
  ctx.events.push({ topic: 'backstop_eps', contract: 'backstop', backstop: bs.address, pool, tokensLeft, eps, expiration });
}

/** 70% and 30% of `accrued`, each floored. */
export function splitEmissions(accrued: bigint): { backstop: bigint; pool: bigint } {
  return {
    backstop: fixedMulFloor(accrued, BACKSTOP_EMISSION_SHARE.value, S7),
    pool: fixedMulFloor(accrued, POOL_EMISSION_SHARE.value, S7),
  };
}

/**
 * v2 backstop `gulp_emissions(pool)`: 70% of the pool's allocation to its depositors' EPS, 30% as a
 * BLND allowance to the pool; returns [backstop, pool] stroops (0, 0 when nothing was allocated).
 * Errors: BadRequest (1000) within a day of the pool's last gulp.
 */
export function gulpEmissions(ctx: Ctx, bs: BackstopState, pool: Address): readonly [bigint, bigint] {
  const pb = poolBalanceOf(bs, pool);
  const rz = rzEmisOf(bs, pool);
  const minInterval = ctx.p.poolGulpMinInterval;
  if (minInterval !== null && rz.lastTime > ctx.w.now - minInterval.value)
    panicWithError(BackstopError.BadRequest, 'pool gulped within the last day');
  if (rz.accrued <= 0n) return [0n, 0n];
  const split = splitEmissions(rz.accrued);
  ctx.tx.set(bs.allowances, pool, add(bs.allowances.get(pool) ?? 0n, split.pool));
  ctx.tx.set(bs.rzEmis, pool, { accrued: 0n, lastTime: ctx.w.now });
  setBackstopEmissionEps(ctx, bs, pool, pb, split.backstop);
  ctx.events.push({
    topic: 'gulp_emissions',
    contract: 'backstop',
    backstop: bs.address,
    pool,
    accrued: rz.accrued,
    backstopEmissions: split.backstop,
    poolEmissions: split.pool,
  });
  return [split.backstop, split.pool];
}

/** v1 `gulp_pool_emissions(pool)`: the pool's allocated 30% as an allowance. Errors: BadRequest (1000) when nothing is allocated. */
export function gulpPoolEmissions(ctx: Ctx, bs: BackstopState, pool: Address): bigint {
  const amount = rzEmisOf(bs, pool).accrued;
  if (amount === 0n) panicWithError(BackstopError.BadRequest, 'no pool emissions to gulp');
  ctx.tx.set(bs.allowances, pool, add(bs.allowances.get(pool) ?? 0n, amount));
  ctx.tx.set(bs.rzEmis, pool, { accrued: 0n, lastTime: ctx.w.now });
  return amount;
}
