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
import type { Address, BackstopEmissionData, BackstopState, PoolBalance, UserBalance, UserEmissionData } from '../state.ts';

const S7 = SCALAR_7.value;

/**
 * Where a pool's backstop emission index goes at `now`, without storing it (pure): the one step of
 * `update_emission_data` (v2) / `update_emission_data_with_config` (v1), backstop/src/emissions/
 * distributor.rs. Shapes: `data` the pool's emission record (eps: v1 7-decimal, v2 14-decimal
 * stroops per second; expiration and lastTime in seconds; index in the same fixed point as eps);
 * `pb` the pool's balance (shares and q4w in backstop shares); `now` the ledger time (seconds).
 * - `unchanged`: expired, the same second, no eps or no shares: the index stays;
 * - `backwards`: `now` before `lastTime` (the contract's u64 subtraction overflows);
 * - `negative`: more shares queued than held (NegativeAmountError);
 * - `all-queued`: every share queued, `seconds` of emissions with no one to earn them (v1 divides
 *   by zero; v2 forfeits them);
 * - `accrued`: index += `additional` = floor(dt * eps * SCALAR_7 / non-queued shares), dt =
 *   min(now, expiration) - lastTime (a panic on i128 overflow).
 */
export type IndexStep =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'backwards' }
  | { readonly kind: 'negative' }
  | { readonly kind: 'all-queued'; readonly seconds: bigint }
  | { readonly kind: 'accrued'; readonly additional: bigint };

const UNCHANGED: IndexStep = Object.freeze({ kind: 'unchanged' });
const BACKWARDS: IndexStep = Object.freeze({ kind: 'backwards' });
const NEGATIVE: IndexStep = Object.freeze({ kind: 'negative' });

export function emissionIndexStep(data: BackstopEmissionData, pb: PoolBalance, now: bigint): IndexStep {
  if (data.lastTime >= data.expiration || now === data.lastTime || data.eps === 0n || pb.shares === 0n) return UNCHANGED;
  if (now < data.lastTime) return BACKWARDS;
  const maxTimestamp = now > data.expiration ? data.expiration : now;
  const unqueued = pb.shares - pb.q4w;
  if (unqueued < 0n) return NEGATIVE;
  if (unqueued === 0n) return { kind: 'all-queued', seconds: maxTimestamp - data.lastTime };
  return { kind: 'accrued', additional: fixedDivFloor(mul(maxTimestamp - data.lastTime, data.eps), unqueued, S7) };
}

/**
 * Bring the pool's backstop emission index to `now`: index += floor(dt * eps * SCALAR_7 / non-queued
 * shares), dt capped at the expiration (`emissionIndexStep`). Returns undefined where the pool never
 * had emissions. Errors: NegativeAmountError (8) where q4w exceeds shares.
 */
export function updateEmissionData(ctx: Ctx, bs: BackstopState, pool: Address, pb: PoolBalance): BackstopEmissionData | undefined {
  const data = bs.emisData.get(pool);
  if (data === undefined) return undefined;
  const now = ctx.w.now;
  const step = emissionIndexStep(data, pb, now);
  let additional = 0n;
  switch (step.kind) {
    case 'unchanged':
      return data;
    case 'backwards':
      return overflow('attempt to subtract with overflow (now - last_time)');
    case 'negative':
      return panicWithError(BackstopError.NegativeAmountError);
    case 'all-queued':
      if (ctx.p.allQueuedPanics) overflow('division by zero: every share is queued');
      ctx.events.push({ topic: 'forfeit', contract: 'backstop', backstop: bs.address, pool, seconds: step.seconds, eps: data.eps });
      break;
    case 'accrued':
      additional = step.additional;
      break;
  }
  const next: BackstopEmissionData = { eps: data.eps, expiration: data.expiration, index: add(additional, data.index), lastTime: now };
  ctx.tx.set(bs.emisData, pool, next);
  return next;
}

function setUserEmissions(
  ctx: Ctx,
  bs: BackstopState,
  pool: Address,
  user: Address,
  index: bigint,
  accrued: bigint,
  toClaim: boolean,
): bigint {
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
      const accrual = userAccruedAt(ud, ub.shares, data.index, scale);
      if (accrual === undefined) panicWithError(BackstopError.NegativeAmountError);
      return setUserEmissions(ctx, bs, pool, user, data.index, accrual, toClaim);
    }
    return 0n;
  }
  if (ub.shares === 0n) return setUserEmissions(ctx, bs, pool, user, data.index, 0n, toClaim);
  // the user held shares before emissions began: due the whole index
  return setUserEmissions(ctx, bs, pool, user, data.index, userAccruedAt(undefined, ub.shares, data.index, scale)!, toClaim);
}

/**
 * A user's accrued backstop emissions at pool index `index` (pure): `update_user_emissions`,
 * backstop/src/emissions/distributor.rs. Shapes: `ud` the user's record (index in the pool's index
 * fixed point, accrued in BLND stroops), undefined where the user never had one; `shares` the
 * user's non-queued backstop shares; `scale` the accrual scale (v1 SCALAR_7, v2 SCALAR_14: the
 * profile's `accrualScale`). Returns BLND stroops: accrued + floor(shares * (index - ud.index) /
 * scale), or floor(shares * index / scale) for shares held before emissions began; undefined where
 * the user's index is above `index` (the contract's NegativeAmountError). A panic on i128 overflow.
 */
export function userAccruedAt(ud: UserEmissionData | undefined, shares: bigint, index: bigint, scale: bigint): bigint | undefined {
  if (ud === undefined) return shares === 0n ? 0n : fixedMulFloor(shares, index, scale);
  if (shares === 0n) return ud.accrued;
  const delta = sub(index, ud.index);
  if (delta < 0n) return undefined;
  return add(ud.accrued, fixedMulFloor(shares, delta, scale));
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
