/**
 * The pool's queued backstop shares at an exact fraction of its shares when `update_status` reads
 * them (issue 19's backstop mutant `func65 +343 lt->le`: load_pool_backstop_data's q4w_pct, a
 * ceiling division whose `+ 1` carries into the high half when nothing is left over). Half of the
 * `plain` update_status seeds first queue the shares that bring q4w to the next multiple of
 * shares / gcd(shares, 10^7) (src/commands/q4w-exact.ts, pool.ts `statusVariantOf`); counted in a
 * default run (src/commands/reach.ts).
 */
import { describe, expect, it } from 'vitest';
import { statusVariantOf } from '../../src/commands/pool.ts';
import { q4wExactQueue } from '../../src/commands/q4w-exact.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { poolBalanceOf } from '../../model/state.ts';
import { SCALAR_7 } from '../../spec/constants.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

describe('the exact queued fraction mutation testing needs', () => {
  it('the variant is bit 12 of a plain update_status seed; the queue it asks for makes the division exact', () => {
    expect(statusVariantOf(14 << 16)).toBe('plain');
    expect(statusVariantOf((14 << 16) | (1 << 12))).toBe('q4w-exact');
    expect(statusVariantOf(1 << 12)).toBeUndefined();
    const w = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    let checked = 0;
    for (const pool of w.pools.keys()) {
      const a = q4wExactQueue(w, pool);
      if (a === undefined || a.fn !== 'backstop.queue_withdrawal') continue;
      const pb = poolBalanceOf(w.backstops.get(a.backstop)!, pool);
      const q4w = pb.q4w + a.amount;
      expect((q4w * SCALAR_7.value) % pb.shares).toBe(0n);
      expect(q4w * 2n < pb.shares).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
  it('a default blend-v2 run updates a status at an exact queued fraction more than once', () => {
    expectReachedMoreThanOnce(['status: update_status with the queued shares an exact fraction (under 50%) of the shares']);
  }, 180_000);
});
