/**
 * A user's backstop balance and withdrawal queue. Source: backstop/src/backstop/user.rs
 * `UserBalance` (v2); v1 dequeues the oldest entries first.
 */
import { BackstopError } from '../../spec/errors.ts';
import type { Profile } from '../../spec/profiles.ts';
import { panicWithError } from '../errors.ts';
import { add } from '../math.ts';
import type { Q4W, UserBalance } from '../state.ts';

export function addShares(ub: UserBalance, toAdd: bigint): UserBalance {
  return { shares: add(ub.shares, toAdd), q4w: ub.q4w };
}

/**
 * Queue `toQ` shares, unlocking at `now + q4w lock` (seconds).
 * Errors: BalanceError (10) over the shares held; TooManyQ4WEntries (1007) at the entry maximum.
 */
export function queueSharesForWithdrawal(p: Profile, ub: UserBalance, toQ: bigint, now: bigint): UserBalance {
  if (ub.shares < toQ) panicWithError(BackstopError.BalanceError);
  if (BigInt(ub.q4w.length) >= p.maxQ4wEntries.value) panicWithError(BackstopError.TooManyQ4WEntries);
  return { shares: ub.shares - toQ, q4w: [...ub.q4w, { amount: toQ, exp: now + p.q4wLockTime.value }] };
}

/**
 * Take `toWithdraw` queued shares, oldest first; every entry taken must be unlocked.
 * Errors: NotExpired (1001) on a locked entry; BalanceError (10) over the queued shares.
 */
export function withdrawShares(ub: UserBalance, toWithdraw: bigint, now: bigint): UserBalance {
  let left = toWithdraw;
  const q = [...ub.q4w];
  while (q.length > 0) {
    const cur = q[0]!;
    if (cur.exp > now) panicWithError(BackstopError.NotExpired);
    if (cur.amount > left) {
      q[0] = { amount: cur.amount - left, exp: cur.exp };
      left = 0n;
      break;
    }
    q.shift();
    left -= cur.amount;
    if (left === 0n) break;
  }
  if (left > 0n) panicWithError(BackstopError.BalanceError);
  return { shares: ub.shares, q4w: q };
}

/**
 * Take `toDequeue` queued shares back (newest first in v2, oldest first in v1); the caller adds them to `shares`.
 * Errors: BalanceError (10) over the queued shares.
 */
export function dequeueShares(p: Profile, ub: UserBalance, toDequeue: bigint): UserBalance {
  const newestFirst = p.dequeueOrder === 'newest-first';
  const q: Q4W[] = [...ub.q4w];
  let left = toDequeue;
  while (q.length > 0) {
    const i = newestFirst ? q.length - 1 : 0;
    const cur = q[i]!;
    if (cur.amount > left) {
      q[i] = { amount: cur.amount - left, exp: cur.exp };
      left = 0n;
      break;
    }
    q.splice(i, 1);
    left -= cur.amount;
    if (left === 0n) break;
  }
  if (left > 0n) panicWithError(BackstopError.BalanceError);
  return { shares: ub.shares, q4w: q };
}
