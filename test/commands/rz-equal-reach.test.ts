/**
 * The full reward zone's out-hold rule at equality (issue 19's backstop mutant `add_reward +205
 * le->lt`: manager.rs `add_to_reward_zone`'s `pool_data.tokens <= to_remove.tokens`, whose low-half
 * `<=u` turned `<u` accepts a candidate holding exactly the removed pool's tokens). The
 * FullRewardZone scenario (src/commands/scenario.ts `fullZone`), with bit 11 of its seed set, funds
 * the candidate to exactly the fewest pool's tokens and asks that replacement first: refused
 * (InvalidRewardZoneEntry, Backstop#1002), then funded past it and accepted as before. Counted in a
 * default run (src/commands/reach.ts).
 */
import { describe, expect, it } from 'vitest';
import { ReachCounter } from '../../src/commands/reach.ts';
import { FullRewardZone } from '../../src/commands/scenario.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

const KEY = 'rz-full: replacement rejected by the out-hold rule at equal tokens' as const;

describe('the full zone replacement at equal tokens', () => {
  for (const profile of ['blend-v2', 'blend-v1'] as const)
    for (const bit of [1, 0])
      it(`${profile}: a seed with bit 11 ${bit ? 'set asks it (refused, Backstop#1002), then the replacement funded past it' : 'clear does not'}`, () => {
        const counter = new ReachCounter();
        const h = new Harness(createWorld(PROFILES[profile], DEFAULT_WORLD), PROPERTIES, new Stats(), counter.apply);
        const replies: string[] = [];
        for (const a of new FullRewardZone((bit << 11) | 5).actions(h)) {
          h.step(a);
          const o = h.last!.outcome;
          if (a.fn === 'backstop.add_reward' && a.toRemove !== undefined) replies.push(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`);
        }
        // the replacement of the most (refused), [the one at equal tokens (refused)], the accepted one
        expect(replies).toEqual(bit ? ['Backstop#1002', 'Backstop#1002', 'ok'] : ['Backstop#1002', 'ok']);
        expect(counter.count(KEY)).toBe(bit);
        expect(counter.count('rz-full: replacement accepted')).toBe(1);
      });
  it('a default blend-v2 run reaches it more than once', () => {
    expectReachedMoreThanOnce([KEY]);
  }, 180_000);
});
