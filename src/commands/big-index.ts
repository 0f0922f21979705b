/**
 * The backstop's emission index past 2^64 in one update, the tail of a distribution after a 136-year
 * gap (src/commands/emitter.ts `EmitterDistributeAfterGap`): the only emission the generators make
 * large enough for it. The index is `index += dt x eps x SCALAR_7 / non-queued shares`
 * (backstop/src/emissions/distributor.rs `update_emission_data`, a `fixed_mul_floor` through the
 * i128 division of compiler-builtins); that division's unsigned core (`u128_div_rem`, `func143` of
 * the bundled v2 WASM) runs a 64-bit fast path for a divisor under 2^32 and its long division for
 * a divisor of 2^32 or more whose quotient passes 2^64: non-queued shares of exactly 2^32 - 1 and
 * 2^32 stroops are either side of it (issue 19, the backstop's `func143 +386` mutant; counted by
 * src/commands/reach.ts, keys `big-index: ...`).
 */
import type { Action } from '../../model/actions.ts';
import { nonQueuedTokens } from '../../model/backstop/pool-balance.ts';
import { poolBalanceOf, userBalanceOf, type Address, type World } from '../../model/state.ts';
import { backstopDistributionOf } from '../../properties/preconditions.ts';
import { SECONDS_PER_DAY } from '../../spec/constants.ts';
import { isI128Panic } from './whale.ts';

/** The non-queued shares (stroops) the tail leaves after a gap of 2^32 - 1 s and of 2^32 s: 2^32 - 1 and 2^32. */
export function bigIndexNonQueued(gap: bigint): bigint {
  return gap >= 2n ** 32n ? 2n ** 32n : 2n ** 32n - 1n;
}

/**
 * Seconds from the gulp to the dequeue that steps the index: 6 days 23 h, inside the 7 days of the
 * EPS the gulp sets (backstop/src/emissions/manager.rs, an EPS lasts 7 days).
 */
export const BIG_INDEX_ACCRUAL: bigint = 7n * SECONDS_PER_DAY - 3600n;

/** At most this many holders queue and dequeue (two actions each), so that the command stays within 32 actions. */
const MAX_HOLDERS = 13;

/**
 * After the emitter's distribution to the current backstop (v2 flow only; nothing otherwise): the
 * backstop's `distribute`, the gulp of the reward-zone pool with the most non-queued tokens (the
 * largest share of the distribution, at least 1/zone size, so a 7-day EPS of at least some
 * 3 x 10^15 stroops a week after a 2^32 s gap), every holder's shares queued but `keep` left to the
 * first holder with more, `BIG_INDEX_ACCRUAL` seconds, then each holder's queued shares taken back:
 * the first dequeue steps the index by (stroops emitted) x 10^14 / `keep`, past 2^64 from some
 * 8 x 10^14 stroops. Each action is read off the live world when its turn comes.
 */
export function* bigIndexTail(w: World, keep: bigint): Generator<Action, void, undefined> {
  const bs = w.backstops.get(w.emitter.backstop);
  if (bs === undefined) return;
  const profile = bs.profile ?? w.profile;
  if (profile.flow !== 'v2') return;
  const zone = bs.rewardZone.filter((p) => (w.pools.get(p)?.reserves.length ?? 0) > 0);
  if (zone.length === 0) return;
  const nq = (p: Address): bigint => nonQueuedTokens(poolBalanceOf(bs, p));
  let pool: Address;
  try {
    pool = zone.reduce((best, p) => (nq(p) > nq(best) ? p : best));
  } catch (e) {
    // a zone pool's queued-share conversion past i128 (the whale's): the distribution would panic
    if (isI128Panic(e)) return;
    throw e;
  }
  yield { fn: backstopDistributionOf(profile), backstop: bs.address };
  yield { fn: 'pool.gulp_emissions', pool };
  const holders: [Address, bigint][] = [];
  bs.userBalances.get(pool)?.forEach((ub, u) => {
    if (ub.shares > 0n && holders.length < MAX_HOLDERS) holders.push([u, ub.shares]);
  });
  let kept = false;
  for (const [from, shares] of holders) {
    const k = !kept && shares > keep ? keep : 0n;
    if (k > 0n) kept = true;
    yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from, pool, amount: shares - k };
  }
  yield { fn: 'advance_time', seconds: BIG_INDEX_ACCRUAL };
  for (const [from] of holders) {
    const q = userBalanceOf(bs, pool, from).q4w.reduce((a, x) => a + x.amount, 0n);
    if (q > 0n) yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from, pool, amount: q };
  }
}
