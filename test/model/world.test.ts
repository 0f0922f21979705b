/** The generated worlds respect the rules they are generated under. */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/create.ts';
import { CURRENT_BACKSTOP, NEXT_BACKSTOP } from '../../src/world/genesis.ts';
import { maxRewardZoneSize, PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_START } from '../../src/run.ts';

describe('createWorld', () => {
  for (const profile of Object.values(PROFILES)) {
    for (const [users, pools] of [
      [10, 5],
      [1000, 50],
    ] as const) {
      it(`${profile.name}, ${users} users / ${pools} pools: the zone is one short of full and holds no pool twice`, () => {
        const w = createWorld(profile, { users, pools, start: DEFAULT_START, rewardZoneGap: 1 });
        const rz = w.backstops.get(CURRENT_BACKSTOP)!.rewardZone;
        expect(BigInt(rz.length)).toBe(maxRewardZoneSize(profile, DEFAULT_START) - 1n);
        expect(new Set(rz).size).toBe(rz.length);
        for (const bs of w.backstops.values())
          expect(BigInt(bs.rewardZone.length)).toBeLessThanOrEqual(maxRewardZoneSize(profile, DEFAULT_START));
        expect(w.users).toHaveLength(users);
        // a second backstop to swap to: with backfill (documented, blend-v2) it backfills; under blend-v1 it waits
        expect(w.backstops.has(NEXT_BACKSTOP)).toBe(profile.backfill.enabled || profile.flow === 'v1');
      });
    }
  }
});
