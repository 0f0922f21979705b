/**
 * A pool's queued backstop shares brought to an exact fraction of its shares before `update_status`
 * (src/commands/pool.ts `PoolGulpEmissions`, the `q4w-exact` variant): backstop/src/backstop/pool.rs
 * `load_pool_backstop_data` computes the pool's q4w_pct as `q4w.fixed_div_ceil(shares, SCALAR_7)`,
 * ceil(q4w x 10^7 / shares), which the pool's `update_status` compares with 30%, 50%, 60% and 75%
 * (pool/src/pool/status.rs). Its rounding up adds 1 only when the division leaves a remainder; an
 * exact division (q4w x 10^7 a multiple of the shares, q4w > 0) is the case where the quotient is
 * kept as it is (issue 19's backstop mutant `func65 +343 lt->le`: the carry of that `+ 1` into the
 * high half, taken at a remainder of 0, makes q4w_pct 2^64 more and the pool frozen).
 */
import type { Action } from '../../model/actions.ts';
import { poolBalanceOf, type Address, type World } from '../../model/state.ts';
import { SCALAR_7 } from '../../spec/constants.ts';

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/**
 * The queue_withdrawal that brings `pool`'s queued shares (q4w) to the smallest multiple of
 * shares / gcd(shares, 10^7) above the current q4w (then q4w x 10^7 / shares is exact), by the
 * holder with the most non-queued shares, provided the new q4w_pct is under 50% (the statuses differ
 * from a q4w_pct of 2^64 or more there). Undefined where the pool has no shares, no holder has enough
 * shares or the fraction would be 50% or more (the backstop of a v2 pool only; `w`'s own flow).
 */
export function q4wExactQueue(w: World, pool: Address): Action | undefined {
  const p = w.pools.get(pool);
  const bs = p && w.backstops.get(p.backstop);
  if (bs === undefined) return undefined;
  const pb = poolBalanceOf(bs, pool);
  if (pb.shares <= 0n) return undefined;
  const step = pb.shares / gcd(pb.shares, SCALAR_7.value);
  const target = (pb.q4w / step + 1n) * step;
  if (target * 2n >= pb.shares) return undefined;
  const amount = target - pb.q4w;
  let from: Address | undefined;
  let free = 0n;
  // a user's shares are its non-queued ones (queue_withdrawal moves them to its q4w entries)
  bs.userBalances.get(pool)?.forEach((ub, u) => {
    if (ub.shares > free) [from, free] = [u, ub.shares];
  });
  if (from === undefined || free < amount) return undefined;
  return { fn: 'backstop.queue_withdrawal', backstop: bs.address, from, pool, amount };
}
