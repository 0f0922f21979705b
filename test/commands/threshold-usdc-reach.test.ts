/**
 * The pool's threshold with its USDC a few stroops under whole tokens (issue 19's pool survivor
 * `func144 +43 const-1`: calc_pool_backstop_threshold's `usdc / SCALAR_7`, the mutant dividing by
 * 10^7 - 1): an `under` update_status (src/commands/pool.ts `statusVariantOf`) with bit 14 of the
 * pool seed set, in a world with a disabled reserve (`usdcUnderOf`), sets the LP composition so that
 * the pool's backstop holds a threshold pair's whole BLND exactly and its USDC within U stroops under
 * U whole: the contract (and the model) floors the USDC to U - 1 whole, the threshold unmet, and the
 * update puts an active pool on ice (3), where a division by 10^7 - 1 would reach U and meet it. The
 * default world's streams are as before (the BLND `under`).
 */
import { describe, expect, it } from 'vitest';
import { loadPoolBackstopData } from '../../model/backstop/reward-zone.ts';
import type { World } from '../../model/state.ts';
import { Tx } from '../../model/tx.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { POOL_THRESHOLD_PC, SCALAR_7 } from '../../spec/constants.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { PoolGulpEmissions, statusVariantOf, usdcUnderOf } from '../../src/commands/pool.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';

const SECOND = { ...DEFAULT_WORLD, secondReserve: true };
const KEY = 'status: update_status with the USDC stroops just under the threshold accepted';
/** A pool seed of the `under` variant (bits 16-19 = 13), bit 14 set. */
const UNDER_USDC = (13 << 16) | (1 << 14);
const S7 = SCALAR_7.value;

/** The pool's backstop BLND and USDC (stroops) as the pool's update_status reads them (the backstop's pool_data). */
function backstopAmounts(w: World, pool: string): { blnd: bigint; usdc: bigint } {
  const bs = w.backstops.get(w.pools.get(pool)!.backstop)!;
  return loadPoolBackstopData({ w, p: w.profile, tx: new Tx(), events: [] }, bs, pool);
}

describe('the pool threshold with the USDC just under whole tokens', () => {
  it('bit 14 of an `under` pool seed asks for it, only in a world with a disabled reserve', () => {
    const second = createWorld(PROFILES['blend-v2'], SECOND);
    const plain = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    expect(statusVariantOf(UNDER_USDC)).toBe('under');
    expect(usdcUnderOf(second, UNDER_USDC)).toBe(true);
    expect(usdcUnderOf(second, UNDER_USDC & ~(1 << 14))).toBe(false);
    expect(usdcUnderOf(plain, UNDER_USDC)).toBe(false);
  });

  it('the update: whole BLND exactly, USDC within U stroops under U whole, an active pool put on ice (each pool seed whose pool has backstop tokens for it)', () => {
    let reached = 0;
    for (let seed = 0; seed < 16; seed++) {
      const counter = new ReachCounter();
      const h = new Harness(createWorld(PROFILES['blend-v2'], SECOND), PROPERTIES, new Stats(), counter.apply);
      let priced = false;
      for (const a of new PoolGulpEmissions(UNDER_USDC | (seed << 2) | ((seed & 3) << 12)).actions(h)) {
        if (a.fn === 'set_lp_price') priced = true;
        if (a.fn === 'pool.update_status' && priced) {
          const { blnd, usdc } = backstopAmounts(h.world, a.pool);
          const u = usdc / S7 + 1n;
          // the pair (B, U) meets the threshold exactly; the USDC is U x 10^7 - j stroops, 1 <= j <= U
          expect((blnd / S7) ** 4n * u).toBe(POOL_THRESHOLD_PC.value);
          expect(usdc >= u * S7 - u && usdc < u * S7).toBe(true);
          // a divisor 10^7 - 1 reaches U whole (met); 10^7 gives U - 1 (unmet)
          expect(usdc / (S7 - 1n)).toBe(u);
          expect(h.world.pools.get(a.pool)!.status).toBe(0);
          expect(h.step(a).ok).toBe(true);
          expect(h.world.pools.get(a.pool)!.status).toBe(3);
          expect(counter.count(KEY)).toBe(1);
          reached++;
        } else h.step(a);
      }
    }
    expect(reached).toBeGreaterThan(1);
  });

  it('in the default world the same seed puts the BLND under instead (the stream as before)', () => {
    const counter = new ReachCounter();
    const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), PROPERTIES, new Stats(), counter.apply);
    for (const a of new PoolGulpEmissions(UNDER_USDC).actions(h)) h.step(a);
    expect(counter.count(KEY)).toBe(0);
    expect(counter.count('status: update_status with the BLND stroops just under the threshold accepted')).toBe(1);
  });
});
