/**
 * The emitter's own boundaries that issue 19's mutants of the bundled emitter showed unreached
 * (docs/usage.md, `mutate`): a distribution after 2^32 - 1 s and after 2^32 s (the 64x64-bit
 * product of the elapsed seconds and 1 BLND, EMIT-RATE), and a backstop swap queued with the new
 * backstop holding exactly as many backstop tokens as the current one (refused) and 1 stroop more
 * (accepted, EMIT-SWAP-QUEUE), and a drop of exactly the 50M maximum (DROP-MAX: the drop list's 40M
 * and a backfill at its 10M cap). Each is counted in a default run (src/commands/reach.ts), and the
 * commands that reach them do what they say on the model.
 */
import * as fc from 'fast-check';
import { expectReachedMoreThanOnce } from './reach-run.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { BIG_INDEX_ACCRUAL } from '../../src/commands/big-index.ts';
import { EmitterDistributeAfterGap, LONG_DISTRIBUTION_GAPS, emitterArbs } from '../../src/commands/emitter.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { EMISSION_RATE } from '../../spec/constants.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';

describe('the emitter boundaries mutation testing needs', () => {
  it('a long-gap distribution advances 2^32 - 1 s or 2^32 s, then distributes that many BLND (more than 2^55 stroops)', () => {
    expect(LONG_DISTRIBUTION_GAPS).toEqual([2n ** 32n - 1n, 2n ** 32n]);
    for (const gap of LONG_DISTRIBUTION_GAPS) {
      const h = new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), [], new Stats());
      const before = h.world.now;
      const actions = [...new EmitterDistributeAfterGap(gap).actions(h)].map((a) => {
        const out = h.step(a);
        return { a, out };
      });
      // then, under v2, the big-index tail (src/commands/big-index.ts; test/soroban/big-index.test.ts)
      expect(actions.map(({ a }) => a.fn).slice(0, 3)).toEqual(['advance_time', 'emitter.distribute', 'backstop.distribute']);
      const first = actions[0]!.a;
      expect(first.fn === 'advance_time' ? first.seconds : undefined).toBe(gap);
      expect(h.world.now - before).toBe(gap + BIG_INDEX_ACCRUAL);
      const minted = actions[1]!.out;
      expect(minted.ok).toBe(true);
      // the genesis distributed at its start, so the distribution covers the gap and no more
      if (minted.ok) expect(minted.result).toBe(gap * EMISSION_RATE.value);
      expect(gap * EMISSION_RATE.value > 2n ** 55n).toBe(true);
    }
  });

  it('about one distribute command in 16 is a long-gap one, both gaps drawn', () => {
    const sample = fc.sample(emitterArbs.distribute, { seed: 1, numRuns: 1600 });
    const gaps = sample.filter((c) => c instanceof EmitterDistributeAfterGap).map((c) => (c as EmitterDistributeAfterGap).gap);
    expect(gaps.length).toBeGreaterThan(60);
    expect(gaps.length).toBeLessThan(150);
    expect(new Set(gaps)).toEqual(new Set(LONG_DISTRIBUTION_GAPS));
  });

  it('a default run of blend-v2 reaches each boundary more than once', () => {
    expectReachedMoreThanOnce([
      'backfill: a drop of exactly the 50M maximum accepted',
      'swap-queue: refused at equal holdings',
      'swap-queue: accepted 1 stroop over',
      'emitter-gap: distribute after 2^32 - 1 s',
      'emitter-gap: distribute after 2^32 s',
    ]);
  }, 180_000);
});
