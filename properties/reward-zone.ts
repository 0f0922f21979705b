/** Reward-zone invariants. */
import { BackstopError } from '../spec/errors.ts';
import { maxRewardZoneSize } from '../spec/profiles.ts';
import type { Address } from '../model/state.ts';
import type { Ctx } from '../model/context.ts';
import { isPoolAboveThreshold, loadPoolBackstopData } from '../model/backstop/reward-zone.ts';
import { Tx } from '../model/tx.ts';
import { expectRejection, type Property } from './types.ts';

const zoneSets = new WeakMap<readonly Address[], ReadonlySet<Address>>();
/**
 * A reward zone as a set. Reward zones are immutable arrays (the model and the state reader
 * replace one on every change, as `Before` relies on), so the set is kept per array: a rejected
 * add_reward, or a distribution, leaves the zone's array as it was, and it is not built again.
 */
function zoneSet(rz: readonly Address[]): ReadonlySet<Address> {
  let s = zoneSets.get(rz);
  if (s === undefined) zoneSets.set(rz, (s = new Set(rz)));
  return s;
}
const hasRepeat = (rz: readonly Address[]): boolean => zoneSet(rz).size !== rz.length;

export const rewardZoneProperties: readonly Property[] = [
  {
    id: 'BLND-RZ-001',
    claim: 'The reward zone never holds more pools than the profile\'s maximum.',
    rules: ['RZ-MAX'],
    fns: ['backstop.add_reward'],
    applies: (s) => s.action.fn === 'backstop.add_reward',
    check: (s) => {
      const max = maxRewardZoneSize(s.profile, s.world.now);
      for (const bs of s.world.backstops.values()) if (BigInt(bs.rewardZone.length) > max) return `${bs.address} reward zone has ${bs.rewardZone.length} pools, max ${max}`;
      return null;
    },
  },
  {
    id: 'BLND-RZ-002',
    claim: 'The reward zone never holds a pool twice.',
    rules: ['RZ-UNIQUE'],
    fns: ['backstop.add_reward'],
    applies: (s) => s.action.fn === 'backstop.add_reward',
    check: (s) => {
      for (const bs of s.world.backstops.values()) if (hasRepeat(bs.rewardZone)) return `${bs.address} reward zone repeats a pool: [${bs.rewardZone.join(', ')}]`;
      return null;
    },
  },
  {
    id: 'BLND-RZ-003',
    claim: 'Adding to a full reward zone without a pool to remove is rejected: v2 RewardZoneFull (1009), v1 InvalidRewardZoneEntry (1002), after the threshold (1002) and edit-window (1000) checks that come first.',
    rules: ['RZ-FULL', 'RZ-MAX'],
    fns: ['backstop.add_reward'],
    applies: (s) => {
      const a = s.action;
      if (a.fn !== 'backstop.add_reward' || a.toRemove !== undefined || s.before.backstop === undefined) return false;
      return BigInt(s.before.backstop.rewardZone.length) >= maxRewardZoneSize(s.profile, s.before.now) && !s.before.backstop.rewardZone.includes(a.toAdd);
    },
    check: (s) => {
      const b = s.before.backstop!;
      const what = `add_reward(${s.action.fn === 'backstop.add_reward' ? s.action.toAdd : '?'}) to a full zone (${b.rewardZone.length}) without to_remove`;
      if (s.outcome.ok || s.action.fn !== 'backstop.add_reward') return expectRejection(s, BackstopError.RewardZoneFull, what);
      // the checks before the zone's size (manager.rs add_to_reward_zone): the pool's threshold,
      // then (v2) a distribution within the edit window; a rejection leaves the world as it was
      const ctx: Ctx = { w: s.world, p: s.profile, tx: new Tx(), events: [] };
      const bs = s.world.backstops.get(b.address)!;
      const window = s.profile.rzEditWindow;
      const want = !isPoolAboveThreshold(ctx, loadPoolBackstopData(ctx, bs, s.action.toAdd))
        ? BackstopError.InvalidRewardZoneEntry
        : window !== null && b.lastDistributionTime < s.before.now - window.value
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
    fns: ['backstop.distribute', 'backstop.gulp_emissions'],
    applies: (s) => s.outcome.ok && (s.action.fn === 'backstop.distribute' || s.action.fn === 'backstop.gulp_emissions'),
    check: (s) => {
      const b = s.before.backstop;
      if (b === undefined) return null;
      const bs = s.world.backstops.get(b.address)!;
      const rz = zoneSet(b.rewardZone);
      for (const rec of b.pools.values()) {
        if (rz.has(rec.pool)) continue;
        const after = bs.rzEmis.get(rec.pool)?.accrued ?? 0n;
        if (after !== rec.rz.accrued) return `${rec.pool} is outside the reward zone but its allocation went ${rec.rz.accrued} -> ${after}`;
      }
      return null;
    },
  },
];
