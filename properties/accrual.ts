/**
 * The accrual rule restated for the properties: what a pool's backstop index and a user's accrual
 * must be after an update, from the records before it. Exact values use decimal.js.
 */
import { SCALAR_7 } from '../spec/constants.ts';
import type { Profile } from '../spec/profiles.ts';
import type { BackstopEmissionData, PoolBalance, UserBalance, UserEmissionData } from '../model/state.ts';
import { exact, ratio, type Exact, type Ratio } from './exact.ts';

const S7 = SCALAR_7.value;

/** Seconds of emission between the last update and `now`, capped at the expiration (0 if none). */
export function emittingSeconds(d: BackstopEmissionData | { lastTime: bigint; expiration: bigint }, now: bigint): bigint {
  if (d.lastTime >= d.expiration || now <= d.lastTime) return 0n;
  return (now < d.expiration ? now : d.expiration) - d.lastTime;
}

/** The index growth the rule allows, exactly: eps * seconds * SCALAR_7 / non-queued shares. */
export function indexGrowthBound(d: BackstopEmissionData, pb: PoolBalance, now: bigint): Ratio {
  const unqueued = pb.shares - pb.q4w;
  if (unqueued <= 0n || d.eps === 0n) return ratio(0n, 1n);
  return ratio(d.eps * emittingSeconds(d, now) * S7, unqueued);
}

/** The same growth as a decimal.js value. */
export function exactIndexGrowth(d: BackstopEmissionData, pb: PoolBalance, now: bigint): Exact {
  const g = indexGrowthBound(d, pb, now);
  return exact(g.num).div(exact(g.den));
}

/** The floored index after an update at `now`. */
export function expectedIndex(d: BackstopEmissionData, pb: PoolBalance, now: bigint): bigint {
  const unqueued = pb.shares - pb.q4w;
  if (pb.shares === 0n || unqueued <= 0n || d.eps === 0n) return d.index;
  return d.index + (d.eps * emittingSeconds(d, now) * S7) / unqueued;
}

/** What a user is owed at `index` (stroops, floored), from their record before. */
export function expectedAccrued(p: Profile, index: bigint, ue: UserEmissionData | undefined, ub: UserBalance): bigint {
  const scale = p.accrualScale.value;
  if (ue === undefined) return ub.shares === 0n ? 0n : (ub.shares * index) / scale;
  if (ub.shares === 0n) return ue.accrued;
  return ue.accrued + (ub.shares * (index - ue.index)) / scale;
}

/** The exact (unfloored) amount a user is owed after an update at `now`. */
export function exactAccrued(
  p: Profile,
  d: BackstopEmissionData,
  pb: PoolBalance,
  now: bigint,
  ue: UserEmissionData | undefined,
  ub: UserBalance,
): Exact {
  const scale = exact(p.accrualScale.value);
  const index = exact(d.index).add(exactIndexGrowth(d, pb, now));
  const from = ue === undefined ? exact(0n) : exact(ue.index);
  return exact(ue?.accrued ?? 0n).add(exact(ub.shares).mul(index.sub(from)).div(scale));
}
