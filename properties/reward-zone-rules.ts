/**
 * The reward zone's entry and exit rules, each both ways: RZ-THRESHOLD, RZ-SWAP (v2 remove and push
 * to the front; v1 replace in place, within a day of a distribution), RZ-EDIT-WINDOW (v2),
 * RZ-REMOVE (v2), and DIST-EMPTY-RZ (where a zone can be emptied: v2 and the documents).
 *
 * The threshold is computed here from the pool's tokens before the call and the LP token value the
 * profile reads (properties/rule-before.ts `aboveThreshold`), not by the model's function. The edit
 * window, v1's swap freshness and the first-distribution case read the backstop's own stored
 * `LastDist` and `BackfillStatus` before the step: the rules are stated on those records, and no
 * ghost keeps the backstop's distribution times.
 */
import { BackstopError } from '../spec/errors.ts';
import { maxRewardZoneSize, type Profile } from '../spec/profiles.ts';
import type { Address, LpTokenValue, PoolBalance } from '../model/state.ts';
import { inRewardZone, isCallOf, rzEditWindowEnd } from './preconditions.ts';
import { aboveThreshold, lpValueOf, profileOf, rulesBefore, sameZone, zoneText } from './rule-before.ts';
import { expectRejection, type Property, type Step, detail, type Detail } from './types.ts';

const ADD = ['backstop.add_reward'] as const;
const REMOVE = ['backstop.remove_reward'] as const;
const EDITS = ['backstop.add_reward', 'backstop.remove_reward'] as const;
const DISTRIBUTE = ['backstop.distribute'] as const;

/** What an add_reward or remove_reward step reads: the backstop's profile, zone, LP value and the named pools' balances. */
interface Edit {
  readonly p: Profile;
  readonly backstop: Address;
  readonly rz: readonly Address[];
  readonly lastDistribution: bigint;
  readonly lp: LpTokenValue;
  readonly pools: ReadonlyMap<Address, PoolBalance>;
}

function editOf(s: Step): Edit | undefined {
  const r = rulesBefore(s)?.rzEdit;
  const b = s.before.backstop;
  if (r === undefined || b === undefined) return undefined;
  const p = profileOf(s, b.address);
  const lp = lpValueOf(p, r.comet, r.storedLpValue);
  if (lp === undefined) return undefined;
  return { p, backstop: b.address, rz: b.rewardZone, lastDistribution: b.lastDistributionTime, lp, pools: r.pools };
}

const tokensOf = (e: Edit, pool: Address): bigint => e.pools.get(pool)?.tokens ?? 0n;
const above = (e: Edit, pool: Address): boolean => aboveThreshold(e.p, tokensOf(e, pool), e.lp);
/** v2: the last distribution is older than the edit window (no window: never stale). */
const staleEdit = (e: Edit, now: bigint): boolean =>
  e.p.rzEditWindow !== null && rzEditWindowEnd(e.lastDistribution, e.p.rzEditWindow.value) < now;
const zoneAfter = (s: Step, e: Edit): readonly Address[] => s.world.backstops.get(e.backstop)?.rewardZone ?? [];

/** A rejection that also left the zone as it was. */
function rejectedKeepingZone(s: Step, e: Edit, expected: Parameters<typeof expectRejection>[1], what: Detail): string | null {
  const r = expectRejection(s, expected, what);
  if (r !== null) return r;
  const after = zoneAfter(s, e);
  return sameZone(after, e.rz) ? null : `${detail(what)} changed the reward zone ${zoneText(e.rz)} -> ${zoneText(after)}`;
}

const rejectedText = (s: Step): string =>
  s.outcome.ok ? 'accepted' : `rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}`;

export const rewardZoneRuleProperties: readonly Property[] = [
  {
    id: 'BLND-RZ-005',
    claim:
      'add_reward of a pool below the backstop threshold is rejected with InvalidRewardZoneEntry (1002); one above it, into a zone with room (and, v2, a distribution within the edit window), is accepted and joins the zone.',
    rules: ['RZ-THRESHOLD'],
    fns: ADD,
    applies: (s) =>
      isCallOf(s, ADD) &&
      s.before.backstop !== undefined &&
      !inRewardZone(s.before.backstop.rewardZone, s.action.toAdd) &&
      editOf(s) !== undefined,
    check: (s) => {
      if (!isCallOf(s, ADD)) return null;
      const e = editOf(s)!;
      const toAdd = s.action.toAdd;
      const what = (): string => `add_reward(${toAdd}) holding ${tokensOf(e, toAdd)} backstop tokens`;
      if (!above(e, toAdd)) return rejectedKeepingZone(s, e, BackstopError.InvalidRewardZoneEntry, () => `${what()}, below the threshold,`);
      const room = BigInt(e.rz.length) < maxRewardZoneSize(e.p, s.before.now);
      if (!room || (e.rz.length > 0 && staleEdit(e, s.before.now))) return null; // RZ-SWAP, RZ-FULL and RZ-EDIT-WINDOW decide
      if (!s.outcome.ok)
        return `${what()}, above the threshold, into a zone of ${e.rz.length} with room, was ${rejectedText(s)}, expected accepted`;
      const after = zoneAfter(s, e);
      const kept = after.filter((x) => x !== toAdd);
      return after.length === e.rz.length + 1 && after.includes(toAdd) && sameZone(kept, e.rz)
        ? null
        : `${what()} was accepted but the zone went ${zoneText(e.rz)} -> ${zoneText(after)}`;
    },
  },
  {
    id: 'BLND-RZ-006',
    claim:
      'On a full reward zone, add_reward(to_add, to_remove) of a pool above the threshold is accepted exactly when to_remove is in the zone and holds fewer backstop tokens (v1: and a distribution ran within a day), replacing it in a zone of the same size; else it is rejected with InvalidRewardZoneEntry (1002) (v1 stale: BadRequest 1000).',
    rules: ['RZ-SWAP'],
    fns: ADD,
    applies: (s) => {
      if (!isCallOf(s, ADD) || s.action.toRemove === undefined) return false;
      const e = editOf(s);
      if (e === undefined || inRewardZone(e.rz, s.action.toAdd)) return false;
      const full = BigInt(e.rz.length) >= maxRewardZoneSize(e.p, s.before.now);
      return full && above(e, s.action.toAdd) && !(e.rz.length > 0 && staleEdit(e, s.before.now));
    },
    check: (s) => {
      if (!isCallOf(s, ADD) || s.action.toRemove === undefined) return null;
      const e = editOf(s)!;
      const { toAdd, toRemove } = s.action;
      const idx = e.rz.indexOf(toRemove);
      const out = tokensOf(e, toAdd) > tokensOf(e, toRemove);
      const fresh = e.p.rzSwapFreshness;
      const stale = fresh !== null && e.lastDistribution < s.before.now - fresh.value;
      const what = (): string =>
        `add_reward(${toAdd} holding ${tokensOf(e, toAdd)}, to_remove ${toRemove} holding ${tokensOf(e, toRemove)}${idx < 0 ? ', not in the zone' : ''}) on a full zone`;
      // the contracts' order: v1 to_remove's place, the day since the distribution, the tokens; v2 (never stale) the tokens, the place
      if (idx < 0) return rejectedKeepingZone(s, e, BackstopError.InvalidRewardZoneEntry, what);
      if (stale)
        return rejectedKeepingZone(
          s,
          e,
          BackstopError.BadRequest,
          () => `${what()} ${s.before.now - e.lastDistribution}s after the last distribution`,
        );
      if (!out) return rejectedKeepingZone(s, e, BackstopError.InvalidRewardZoneEntry, what);
      if (!s.outcome.ok) return `${what()} was ${rejectedText(s)}, expected accepted`;
      const expected =
        e.p.rzSwap === 'replace-in-place' ? e.rz.map((x, i) => (i === idx ? toAdd : x)) : [toAdd, ...e.rz.filter((x) => x !== toRemove)];
      const after = zoneAfter(s, e);
      return sameZone(after, expected)
        ? null
        : `${what()} was accepted: zone ${zoneText(e.rz)} -> ${zoneText(after)}, expected ${zoneText(expected)}`;
    },
  },
  {
    id: 'BLND-RZ-007',
    claim:
      'A reward-zone edit (add_reward to a non-empty zone of a pool above the threshold, remove_reward of one below it) more than the edit window after the last distribution is rejected with BadRequest (1000); within it, it is not (v2).',
    rules: ['RZ-EDIT-WINDOW'],
    profiles: (p) => p.rzEditWindow !== null,
    fns: EDITS,
    applies: (s) => {
      if (!isCallOf(s, EDITS)) return false;
      const e = editOf(s);
      if (e === undefined || e.p.rzEditWindow === null) return false;
      if (s.action.fn === 'backstop.remove_reward') return !above(e, s.action.toRemove);
      return e.rz.length > 0 && !inRewardZone(e.rz, s.action.toAdd) && above(e, s.action.toAdd);
    },
    check: (s) => {
      if (!isCallOf(s, EDITS)) return null;
      const e = editOf(s)!;
      const age = s.before.now - e.lastDistribution;
      const what = (): string => `${s.action.fn.slice(9)} ${age}s after the last distribution (window ${e.p.rzEditWindow!.value}s)`;
      if (staleEdit(e, s.before.now)) return rejectedKeepingZone(s, e, BackstopError.BadRequest, what);
      const o = s.outcome;
      return !o.ok && o.error.contract === BackstopError.BadRequest.contract && o.error.code === BackstopError.BadRequest.code
        ? `${what()}, within the window, was rejected with BadRequest (1000)`
        : null;
    },
  },
  {
    id: 'BLND-RZ-008',
    claim:
      'remove_reward of a pool above the threshold is rejected with BadRequest (1000); of one below it, within the edit window, it removes the pool from the zone (InvalidRewardZoneEntry (1002) when it is not in the zone) (v2).',
    rules: ['RZ-REMOVE'],
    profiles: (p) => p.hasRemoveReward,
    fns: REMOVE,
    applies: (s) => isCallOf(s, REMOVE) && editOf(s)?.p.hasRemoveReward === true,
    check: (s) => {
      if (!isCallOf(s, REMOVE)) return null;
      const e = editOf(s)!;
      const pool = s.action.toRemove;
      const what = (): string => `remove_reward(${pool}) holding ${tokensOf(e, pool)} backstop tokens`;
      if (above(e, pool)) return rejectedKeepingZone(s, e, BackstopError.BadRequest, () => `${what()}, above the threshold,`);
      if (staleEdit(e, s.before.now)) return null; // RZ-EDIT-WINDOW decides
      if (!inRewardZone(e.rz, pool))
        return rejectedKeepingZone(s, e, BackstopError.InvalidRewardZoneEntry, () => `${what()}, not in the zone,`);
      if (!s.outcome.ok) return `${what()}, below the threshold and in the zone, was ${rejectedText(s)}, expected accepted`;
      const expected = e.rz.filter((x) => x !== pool);
      const after = zoneAfter(s, e);
      return sameZone(after, expected)
        ? null
        : `${what()} was accepted: zone ${zoneText(e.rz)} -> ${zoneText(after)}, expected ${zoneText(expected)}`;
    },
  },
  {
    id: 'BLND-DIST-004',
    claim:
      'A backstop distribute past its first call and reset with an empty reward zone is rejected with BadRequest (1000) and allocates nothing (v2 and the documents; v1 cannot empty a zone).',
    rules: ['DIST-EMPTY-RZ'],
    // v1 has no remove_reward, so a zone that ever held a pool stays non-empty and the generated
    // worlds start every backstop's zone with its pools: under v1 the empty zone is reached only by a
    // backstop whose zone was never filled, where the lockstep compares the rejection
    profiles: (p) => p.hasRemoveReward,
    fns: DISTRIBUTE,
    applies: (s) => {
      const b = s.before.backstop;
      if (!isCallOf(s, DISTRIBUTE) || b === undefined || b.rewardZone.length > 0 || profileOf(s, b.address).flow !== 'v2') return false;
      // the first call, and the first after the emitter knows a backfilling backstop, allocate nothing and pass
      const reset = s.before.lastDistro.has(b.address) && b.backfillStatus === true;
      return b.lastDistributionTime !== 0n && !reset;
    },
    check: (s) => {
      const b = s.before.backstop!;
      const what = (): string => `${s.action.fn.slice(9)} of ${b.address} with an empty reward zone`;
      const r = expectRejection(s, BackstopError.BadRequest, what);
      if (r !== null) return r;
      const bs = s.world.backstops.get(b.address);
      if (bs === undefined) return null;
      for (const rec of b.pools.values()) {
        const acc = bs.rzEmis.get(rec.pool)?.accrued ?? 0n;
        if (acc !== rec.rz.accrued) return `${what()} changed ${rec.pool}'s allocation ${rec.rz.accrued} -> ${acc}`;
      }
      if (bs.lastDistributionTime !== b.lastDistributionTime)
        return `${what()} moved its last distribution time ${b.lastDistributionTime} -> ${bs.lastDistributionTime}`;
      return bs.backfillEmissions === b.backfillEmissions ? null : `${what()} backfilled ${b.backfillEmissions} -> ${bs.backfillEmissions}`;
    },
  },
];
