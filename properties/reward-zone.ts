/** Reward-zone invariants. */
import { BackstopError } from '../spec/errors.ts';
import { maxRewardZoneSize } from '../spec/profiles.ts';
import type { Address } from '../model/state.ts';
import type { Ctx } from '../model/context.ts';
import { isPoolAboveThreshold, loadPoolBackstopData } from '../model/backstop/reward-zone.ts';
import { Tx } from '../model/tx.ts';
import { BACKSTOP_DISTRIBUTION, inRewardZone, isAcceptedCallOf, isCallOf, rewardZoneSet, rzEditWindowEnd } from './preconditions.ts';
import { expectRejection, type Property } from './types.ts';

const hasRepeat = (rz: readonly Address[]): boolean => rewardZoneSet(rz).size !== rz.length;
const ADD_REWARD = ['backstop.add_reward'] as const;

export const rewardZoneProperties: readonly Property[] = [
  {
    id: 'BLND-RZ-001',
    claim: "The reward zone never holds more pools than the profile's maximum.",
    rules: ['RZ-MAX'],
    fns: ADD_REWARD,
    applies: (s) => isCallOf(s, ADD_REWARD),
    check: (s) => {
      const max = maxRewardZoneSize(s.profile, s.world.now);
      for (const bs of s.world.backstops.values())
        if (BigInt(bs.rewardZone.length) > max) return `${bs.address} reward zone has ${bs.rewardZone.length} pools, max ${max}`;
      return null;
    },
  },
  {
    id: 'BLND-RZ-002',
    claim: 'The reward zone never holds a pool twice.',
    rules: ['RZ-UNIQUE'],
    fns: ADD_REWARD,
    applies: (s) => isCallOf(s, ADD_REWARD),
    check: (s) => {
      for (const bs of s.world.backstops.values())
        if (hasRepeat(bs.rewardZone)) return `${bs.address} reward zone repeats a pool: [${bs.rewardZone.join(', ')}]`;
      return null;
    },
  },
  {
    id: 'BLND-RZ-003',
    claim:
      'Adding to a full reward zone without a pool to remove is rejected: v2 RewardZoneFull (1009), v1 InvalidRewardZoneEntry (1002), after the threshold (1002) and edit-window (1000) checks that come first.',
    rules: ['RZ-FULL', 'RZ-MAX'],
    fns: ADD_REWARD,
    applies: (s) => {
      if (!isCallOf(s, ADD_REWARD) || s.action.toRemove !== undefined || s.before.backstop === undefined) return false;
      return (
        BigInt(s.before.backstop.rewardZone.length) >= maxRewardZoneSize(s.profile, s.before.now) &&
        !inRewardZone(s.before.backstop.rewardZone, s.action.toAdd)
      );
    },
    check: (s) => {
      const b = s.before.backstop!;
      const what = (): string =>
        `add_reward(${isCallOf(s, ADD_REWARD) ? s.action.toAdd : '?'}) to a full zone (${b.rewardZone.length}) without to_remove`;
      if (s.outcome.ok || !isCallOf(s, ADD_REWARD)) return expectRejection(s, BackstopError.RewardZoneFull, what);
      // the checks before the zone's size (manager.rs add_to_reward_zone): the pool's threshold,
      // then (v2) a distribution within the edit window; a rejection leaves the world as it was
      const ctx: Ctx = { w: s.world, p: s.profile, tx: new Tx(), events: [] };
      const bs = s.world.backstops.get(b.address)!;
      const window = s.profile.rzEditWindow;
      const want = !isPoolAboveThreshold(ctx, loadPoolBackstopData(ctx, bs, s.action.toAdd))
        ? BackstopError.InvalidRewardZoneEntry
        : window !== null && rzEditWindowEnd(b.lastDistributionTime, window.value) < s.before.now
          ? BackstopError.BadRequest
          : s.profile.rzSwap === 'remove-push-front'
            ? BackstopError.RewardZoneFull
            : BackstopError.InvalidRewardZoneEntry;
      return expectRejection(s, want, what);
    },
  },
  {
    id: 'BLND-RZ-004',
    claim: 'A pool outside the reward zone gets no new allocation.',
    rules: ['DIST-RZ-ONLY'],
    fns: BACKSTOP_DISTRIBUTION,
    applies: (s) => isAcceptedCallOf(s, BACKSTOP_DISTRIBUTION),
    check: (s) => {
      const b = s.before.backstop;
      if (b === undefined) return null;
      const bs = s.world.backstops.get(b.address)!;
      const rz = rewardZoneSet(b.rewardZone);
      for (const rec of b.pools.values()) {
        if (rz.has(rec.pool)) continue;
        const after = bs.rzEmis.get(rec.pool)?.accrued ?? 0n;
        if (after !== rec.rz.accrued) return `${rec.pool} is outside the reward zone but its allocation went ${rec.rz.accrued} -> ${after}`;
      }
      return null;
    },
  },
];
