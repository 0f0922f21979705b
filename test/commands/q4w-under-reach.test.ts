/**
 * The pool's queued backstop shares one under the 30% bound by an exact division when
 * `update_status` reads them (issue 19's backstop mutants `func68 +75 lt->le`, `func68 +314 lt->le`
 * and `func143 +693 sub->add`: q4w_pct = ceil(q4w x 10^7 / shares) one higher when nothing is left
 * over, 3,000,000 where the contract has 2,999,999, on ice instead of active). The `q4w`
 * update_status variant with bit 0 of the pool seed set queues what brings q4w_pct to 2,999,999
 * (pool.ts `q4wAtActiveBound` with `under`), exact where the shares are a multiple of SCALAR_7 (the
 * genesis pools); bit 0 clear keeps the exact 30% case (pool update_status +323). Counted in a
 * default run (src/commands/reach.ts).
 */
import { describe, expect, it } from 'vitest';
import { q4wAtActiveBound, statusVariantOf } from '../../src/commands/pool.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { poolBalanceOf } from '../../model/state.ts';
import { Q4W_ACTIVE_BELOW, SCALAR_7 } from '../../spec/constants.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

describe('q4w_pct one under the 30% bound by an exact division', () => {
  it('bit 0 of a q4w seed picks it; the queue it asks for gives 2,999,999 exactly on the genesis pools, the other bit 3,000,000', () => {
    expect(statusVariantOf(12 << 16)).toBe('q4w');
    expect(statusVariantOf((12 << 16) | 1)).toBe('q4w');
    const w = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    const S7 = SCALAR_7.value;
    let exact = 0;
    for (const pool of w.pools.keys()) {
      const pb = poolBalanceOf(w.backstops.get(w.pools.get(pool)!.backstop)!, pool);
      const under = q4wAtActiveBound(w, pool, true);
      const at = q4wAtActiveBound(w, pool);
      if (
        under === undefined ||
        at === undefined ||
        under.queue.fn !== 'backstop.queue_withdrawal' ||
        at.queue.fn !== 'backstop.queue_withdrawal'
      )
        continue;
      const q = pb.q4w + under.queue.amount;
      expect((q * S7 + pb.shares - 1n) / pb.shares).toBe(Q4W_ACTIVE_BELOW.value - 1n);
      expect(((pb.q4w + at.queue.amount) * S7 + pb.shares - 1n) / pb.shares).toBe(Q4W_ACTIVE_BELOW.value);
      if ((q * S7) % pb.shares === 0n) exact++;
    }
    expect(exact).toBeGreaterThan(0);
  });
  it('a default blend-v2 run updates a status there, and at exactly the 30% bound, more than once each', () => {
    expectReachedMoreThanOnce([
      'status: update_status one under the 30% q4w bound by an exact division, the threshold met, accepted',
      'status: update_status at exactly the 30% q4w bound, the threshold met, accepted',
    ]);
  }, 180_000);
});
