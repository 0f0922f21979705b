/** Reward-zone invariants. */
import { BackstopError } from '../spec/errors.ts';
import { maxRewardZoneSize } from '../spec/profiles.ts';
import type { Address } from '../model/state.ts';
import type { Property } from './types.ts';

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
    claim: 'Adding to a full reward zone without a pool to remove is rejected (v2: RewardZoneFull 1009).',
    rules: ['RZ-FULL', 'RZ-MAX'],
    fns: ['backstop.add_reward'],
    applies: (s) => {
      const a = s.action;
      if (a.fn !== 'backstop.add_reward' || a.toRemove !== undefined || s.before.backstop === undefined) return false;
      return BigInt(s.before.backstop.rewardZone.length) >= maxRewardZoneSize(s.profile, s.before.now) && !s.before.backstop.rewardZone.includes(a.toAdd);
    },
    check: (s) => {
      if (s.outcome.ok) return `add_reward to a full zone (${s.before.backstop?.rewardZone.length}) without to_remove was accepted`;
      const full = s.profile.rzSwap === 'remove-push-front';
      const e = s.outcome.error;
      if (full && e.code !== BackstopError.RewardZoneFull.code && e.code !== BackstopError.InvalidRewardZoneEntry.code && e.code !== BackstopError.BadRequest.code) return `expected Backstop#1009, got ${e.contract}#${e.code}`;
      return null;
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
