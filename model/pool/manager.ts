/**
 * The pool's emission configuration and its gulp into reserve EPS.
 * Source: pool/src/emissions/manager.rs `set_pool_emissions`, `gulp_emissions`, `do_gulp_emissions`,
 * `update_reserve_emission_eps` (v2).
 */
import { EMISSION_PERIOD, SCALAR_7 } from '../../spec/constants.ts';
import { PoolError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, div, mul, scaledMulDivFloor, u32, u64 } from '../math.ts';
import type { PoolState } from '../state.ts';
import type { ReserveEmissionMetadata } from '../../spec/actions.ts';
import { gulpEmissions as backstopGulp, gulpPoolEmissions } from '../backstop/gulp.ts';
import { tokenSupply, updateReserveEmissionData } from './distributor.ts';

const S7 = SCALAR_7.value;

export type { ReserveEmissionMetadata } from '../../spec/actions.ts';

/**
 * `set_emissions_config(res_emission_metadata)`: replaces the whole configuration.
 * Errors: a panic (WasmVm#6) where `res_index * 2 + res_type` overflows u32 (computed first);
 * BadRequest (1200) for a res_type over 1, an unknown reserve, or a share of 0.
 */
export function setEmissionsConfig(ctx: Ctx, pool: PoolState, metadata: readonly ReserveEmissionMetadata[]): void {
  const config = new Map<number, bigint>();
  for (const m of metadata) {
    // u32 arithmetic with overflow-checks: `metadata.res_index * 2 + metadata.res_type`
    const key = Number(
      u32(u32(BigInt(m.resIndex) * 2n, 'res_index * 2 overflows u32') + BigInt(m.resType), 'res_index * 2 + res_type overflows u32'),
    );
    if (m.resType > 1 || pool.reserves[m.resIndex] === undefined || m.share === 0n)
      panicWithError(PoolError.BadRequest, 'invalid reserve emission metadata');
    config.set(key, m.share);
  }
  ctx.tx.put(pool, 'emissionConfig', new Map([...config].sort((a, b) => a[0] - b[0])));
}

/** Give one reserve token `newTokens` (stroops) over 7 days plus what its running EPS has not emitted. */
function updateReserveEmissionEps(ctx: Ctx, pool: PoolState, id: number, newTokens: bigint): void {
  const r = pool.reserves[Math.floor(id / 2)]!;
  const now = ctx.w.now;
  const expiration = now + EMISSION_PERIOD.value;
  let tokensLeft = newTokens;
  const d = updateReserveEmissionData(ctx, pool, id, tokenSupply(r, id), r.scalar);
  let index = 0n;
  if (d !== undefined) {
    index = d.index;
    if (d.expiration > now) tokensLeft = add(tokensLeft, scaledMulDivFloor(d.eps, d.expiration - now, S7));
  }
  const eps = u64(div(mul(tokensLeft, S7), EMISSION_PERIOD.value), 'eps does not fit u64');
  ctx.tx.set(pool.emisData, id, { expiration, eps, index, lastTime: now });
}

/**
 * The pool's `gulp_emissions()`: takes its 30% from the backstop and sets every configured, enabled
 * reserve token's EPS by its share. Returns the stroops gulped.
 * Errors: the backstop's BadRequest (1000, v2 once a day / v1 nothing allocated); BadRequest (1200)
 * below the profile's minimum (1 BLND).
 */
export function gulpEmissions(ctx: Ctx, pool: PoolState): bigint {
  const bs = ctx.w.backstops.get(pool.backstop)!;
  const newEmissions = ctx.p.flow === 'v2' ? backstopGulp(ctx, bs, pool.address)[1] : gulpPoolEmissions(ctx, bs, pool.address);
  const minimum = ctx.p.poolGulpMinimum;
  if (minimum !== null && newEmissions < minimum.value)
    panicWithError(PoolError.BadRequest, `gulp of ${newEmissions} stroops is under the minimum`);
  const enabled: (readonly [number, bigint])[] = [];
  let totalShare = 0n;
  for (const [id, share] of pool.emissionConfig) {
    if (!pool.reserves[Math.floor(id / 2)]!.enabled) continue;
    enabled.push([id, share]);
    totalShare = add(totalShare, share);
  }
  let allocated = 0n;
  for (const [id, share] of enabled) {
    const amount = scaledMulDivFloor(scaledMulDivFloor(share, S7, totalShare), newEmissions, S7);
    allocated += amount;
    updateReserveEmissionEps(ctx, pool, id, amount);
  }
  ctx.events.push({ topic: 'gulp_emissions', contract: 'pool', pool: pool.address, amount: newEmissions, allocated });
  return newEmissions;
}
