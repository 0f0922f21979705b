/**
 * The backstop depositors' emission index and each user's accrual.
 * Source: backstop/src/emissions/distributor.rs (v2) `update_emission_data`, `update_user_emissions`,
 * `update_emissions`, `claim_emissions`; blend-contracts (v1) distributor.rs
 * `update_emission_data_with_config` (7-decimal EPS, accrual scaled by SCALAR_7, and a division by
 * zero where every share is queued).
 */
import { SCALAR_7 } from '../../spec/constants.ts';
import { BackstopError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, fixedDivFloor, fixedMulFloor, mul, overflow, sub } from '../math.ts';
import type { Address, BackstopEmissionData, BackstopState, PoolBalance, UserBalance } from '../state.ts';

const S7 = SCALAR_7.value;

/**
 * Bring the pool's backstop emission index to `now`: index += floor(dt * eps * SCALAR_7 / non-queued
 * shares), dt capped at the expiration. Returns undefined where the pool never had emissions.
 * Errors: NegativeAmountError (8) where q4w exceeds shares.
 */
export function updateEmissionData(ctx: Ctx, bs: BackstopState, pool: Address, pb: PoolBalance): BackstopEmissionData | undefined {
  const data = bs.emisData.get(pool);
  if (data === undefined) return undefined;
  const now = ctx.w.now;
  if (data.lastTime >= data.expiration || now === data.lastTime || data.eps === 0n || pb.shares === 0n) return data;
  if (now < data.lastTime) overflow('attempt to subtract with overflow (now - last_time)');
  const maxTimestamp = now > data.expiration ? data.expiration : now;
  const unqueued = pb.shares - pb.q4w;
  if (unqueued < 0n) panicWithError(BackstopError.NegativeAmountError);
  let additional = 0n;
  if (unqueued === 0n) {
    if (ctx.p.allQueuedPanics) overflow('division by zero: every share is queued');
    ctx.events.push({ topic: 'forfeit', contract: 'backstop', backstop: bs.address, pool, seconds: maxTimestamp - data.lastTime, eps: data.eps });
  } else {
    additional = fixedDivFloor(mul(maxTimestamp - data.lastTime, data.eps), unqueued, S7);
  }
  const next: BackstopEmissionData = { eps: data.eps, expiration: data.expiration, index: add(additional, data.index), lastTime: now };
  ctx.tx.set(bs.emisData, pool, next);
  return next;
}

function setUserEmissions(ctx: Ctx, bs: BackstopState, pool: Address, user: Address, index: bigint, accrued: bigint, toClaim: boolean): bigint {
  ctx.tx.setIn(bs.userEmisData, pool, user, { index, accrued: toClaim ? 0n : accrued });
  return toClaim ? accrued : 0n;
}

/** Accrue the user's emissions on their non-queued shares; with `toClaim`, return and zero them (stroops). */
export function updateUserEmissions(
  ctx: Ctx,
  bs: BackstopState,
  pool: Address,
  user: Address,
  data: BackstopEmissionData,
  ub: UserBalance,
  toClaim: boolean,
): bigint {
  const scale = ctx.p.accrualScale.value;
  const ud = bs.userEmisData.get(pool)?.get(user);
  if (ud !== undefined) {
    if (ud.index !== data.index || toClaim) {
      let accrual = ud.accrued;
      if (ub.shares !== 0n) {
        const delta = sub(data.index, ud.index);
        if (delta < 0n) panicWithError(BackstopError.NegativeAmountError);
        accrual = add(accrual, fixedMulFloor(ub.shares, delta, scale));
      }
      return setUserEmissions(ctx, bs, pool, user, data.index, accrual, toClaim);
    }
    return 0n;
  }
  if (ub.shares === 0n) return setUserEmissions(ctx, bs, pool, user, data.index, 0n, toClaim);
  // the user held shares before emissions began: due the whole index
  return setUserEmissions(ctx, bs, pool, user, data.index, fixedMulFloor(ub.shares, data.index, scale), toClaim);
}

/** `update_emissions`: the index, then the user, before any change of their balance. */
export function updateEmissions(ctx: Ctx, bs: BackstopState, pool: Address, pb: PoolBalance, user: Address, ub: UserBalance): void {
  const data = updateEmissionData(ctx, bs, pool, pb);
  if (data !== undefined) updateUserEmissions(ctx, bs, pool, user, data, ub, false);
}

/**
 * `claim_emissions`: accrue and zero the user's emissions; returns the stroops to pay.
 * Errors: BadRequest (1000) in v2 where the pool never had emissions (v1 returns 0).
 */
export function claimEmissions(ctx: Ctx, bs: BackstopState, pool: Address, pb: PoolBalance, user: Address, ub: UserBalance): bigint {
  const data = updateEmissionData(ctx, bs, pool, pb);
  if (data === undefined) {
    if (ctx.p.flow === 'v2') panicWithError(BackstopError.BadRequest);
    return 0n;
  }
  return updateUserEmissions(ctx, bs, pool, user, data, ub, true);
}
