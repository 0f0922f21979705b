/**
 * Deliberately wrong variants of the model, one realistic bug per property: each wraps the
 * reference model's `apply` (or its world's profile) the way a faulty implementation would differ.
 */
import type { Action } from '../../model/actions.ts';
import type { ModelEvent } from '../../model/context.ts';
import { apply, type Outcome } from '../../model/world.ts';
import { after, withProfile, type Ok } from '../fixtures/impls/_wrap.ts';
import type { World } from '../../model/state.ts';
import type { Profile, ProfileName } from '../../spec/profiles.ts';
import { captureBefore } from '../../src/harness/before.ts';
import { exactAccrued } from '../../properties/accrual.ts';
import { exact } from '../../properties/exact.ts';
import { ContractError } from '../../model/errors.ts';
import type { UserBalance } from '../../model/state.ts';
import { EMISSION_PERIOD, EMISSION_RATE, SCALAR_7, SECONDS_PER_DAY, SWAP_UNLOCK_TIME } from '../../spec/constants.ts';
import { BackstopError, EmitterError } from '../../spec/errors.ts';
import { maxRewardZoneSize } from '../../spec/profiles.ts';
import { underProfile } from '../fixtures/impls/_wrap.ts';

export interface Mutant {
  readonly property: string;
  readonly bug: string;
  readonly profile: ProfileName;
  readonly apply?: (w: World, a: Action) => Outcome;
  readonly prepare?: (w: World) => void;
}

/** The backstop tokens (LP stroops) an address holds, as the emitter compares them for a swap. */
const lpOf = (w: World, addr: string): bigint => w.backstops.get(addr)?.lpTokens ?? w.lp.get(addr) ?? 0n;

/** Alter the events of an accepted call. */
const mapEvents = (out: Ok, f: (e: ModelEvent) => ModelEvent): Ok => ({ ...out, events: out.events.map(f) });

/** A variant's name in a bundle's `implementation`: its property and bug (a property may have several variants). */
export const mutantName = (m: Mutant): string => `mutant ${m.property}: ${m.bug}`;

export const MUTANTS: readonly Mutant[] = [
  // the rule properties of issue 17 point 7 (properties/swap.ts, backfill-rules.ts,
  // reward-zone-rules.ts, pool-config.ts, claim-lp.ts): one bug each, two where each side of the rule has one
  {
    property: 'BLND-SWAP-002',
    bug: 'queue_swap_backstop takes a new backstop holding as many backstop tokens as the current one (>= for >)',
    profile: 'blend-v2',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'emitter.queue_swap_backstop' || out.ok || !out.error.is(EmitterError.InsufficientBackstopSize)) return out;
      if (lpOf(w, a.newBackstop) !== lpOf(w, w.emitter.backstop)) return out;
      w.emitter.queuedSwap = {
        newBackstop: a.newBackstop,
        newBackstopToken: a.newBackstopToken,
        unlockTime: w.now + SWAP_UNLOCK_TIME.value,
      };
      return { ok: true, result: null, events: [] };
    },
  },
  {
    property: 'BLND-SWAP-002',
    bug: 'a queued swap unlocks after 30 days, not 31 (which BLND-SWAP-001, reading the stored unlock time, cannot see)',
    profile: 'blend-v2',
    apply: after('emitter.queue_swap_backstop', (w) => {
      const q = w.emitter.queuedSwap!;
      w.emitter.queuedSwap = { ...q, unlockTime: q.unlockTime - SECONDS_PER_DAY };
    }),
  },
  {
    property: 'BLND-SWAP-003',
    bug: 'a second queue_swap_backstop replaces the queued swap, restarting its unlock time',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn === 'emitter.queue_swap_backstop') w.emitter.queuedSwap = undefined;
      return apply(w, a);
    },
  },
  {
    property: 'BLND-SWAP-004',
    bug: 'cancel_swap_backstop cancels a swap whose new backstop still holds more backstop tokens',
    profile: 'blend-v2',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'emitter.cancel_swap_backstop' || out.ok || !out.error.is(EmitterError.SwapCannotBeCanceled)) return out;
      w.emitter.queuedSwap = undefined;
      return { ok: true, result: null, events: [] };
    },
  },
  {
    property: 'BLND-DROP-003',
    bug: 'the emitter lets any backstop drop (no backstop.require_auth)',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.drop' || a.backstop === w.emitter.backstop) return apply(w, a);
      const current = w.emitter.backstop;
      w.emitter.backstop = a.backstop;
      try {
        return apply(w, a);
      } finally {
        w.emitter.backstop = current;
      }
    },
  },
  {
    property: 'BLND-BF-004',
    bug: 'a backfill that would cross 10M reverts with MaxBackfillEmissions instead of clamping to what is left',
    profile: 'blend-v2',
    apply: (w, a) => {
      const bs = a.fn === 'backstop.distribute' ? w.backstops.get(a.backstop) : undefined;
      if (bs !== undefined && !w.emitter.lastDistro.has(bs.address) && bs.backfillStatus === true && bs.lastDistributionTime > 0n) {
        const max = w.profile.backfill.max.value;
        const more = (w.now - bs.lastDistributionTime) * EMISSION_RATE.value;
        if (bs.backfillEmissions < max && bs.backfillEmissions + more > max)
          return { ok: false, error: new ContractError(BackstopError.MaxBackfillEmissions) };
      }
      return apply(w, a);
    },
  },
  {
    property: 'BLND-BF-005',
    bug: 'the drop lists the drop list alone, leaving out the backfilled emissions',
    profile: 'blend-v2',
    apply: (w, a) => {
      const bs = a.fn === 'backstop.drop' ? w.backstops.get(a.backstop) : undefined;
      if (bs === undefined) return apply(w, a);
      const backfilled = bs.backfillEmissions;
      bs.backfillEmissions = 0n;
      try {
        return apply(w, a);
      } finally {
        bs.backfillEmissions = backfilled;
      }
    },
  },
  {
    property: 'BLND-BF-006',
    bug: 'no reset: the first distribution after the swap allocates again the seconds since the last backfill',
    profile: 'blend-v2',
    apply: (w, a) => {
      const bs = a.fn === 'backstop.distribute' ? w.backstops.get(a.backstop) : undefined;
      if (bs !== undefined && bs.backfillStatus === true && w.emitter.lastDistro.has(bs.address)) bs.backfillStatus = false;
      return apply(w, a);
    },
  },
  {
    property: 'BLND-RZ-005',
    bug: 'add_reward admits a pool below the threshold into a zone with room',
    profile: 'blend-v2',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'backstop.add_reward' || out.ok || !out.error.is(BackstopError.InvalidRewardZoneEntry)) return out;
      const bs = w.backstops.get(a.backstop)!;
      if (bs.rewardZone.includes(a.toAdd) || BigInt(bs.rewardZone.length) >= maxRewardZoneSize(w.profile, w.now)) return out;
      bs.rewardZone = [a.toAdd, ...bs.rewardZone];
      return { ok: true, result: null, events: [] };
    },
  },
  {
    property: 'BLND-RZ-006',
    bug: 'a full zone replaces to_remove without the out-hold check (to_add need not hold more backstop tokens)',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.add_reward' || a.toRemove === undefined || a.toRemove === a.toAdd) return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const held = bs.poolBalances.get(a.toRemove);
      if (held === undefined || !bs.rewardZone.includes(a.toRemove)) return apply(w, a);
      bs.poolBalances.set(a.toRemove, { ...held, tokens: 0n });
      try {
        return apply(w, a);
      } finally {
        bs.poolBalances.set(a.toRemove, held);
      }
    },
  },
  {
    property: 'BLND-RZ-006',
    bug: 'v1: a full zone swaps a pool in more than a day after the last distribution',
    profile: 'blend-v1',
    prepare: withProfile(() => ({ rzSwapFreshness: null })),
  },
  {
    property: 'BLND-RZ-007',
    bug: 'the reward-zone edit window is 24 hours, not 1 hour',
    profile: 'blend-v2',
    prepare: withProfile((p) => ({ rzEditWindow: { ...p.rzEditWindow!, value: SECONDS_PER_DAY } })),
  },
  {
    property: 'BLND-RZ-008',
    bug: 'remove_reward removes a pool above the threshold',
    profile: 'blend-v2',
    apply: (w, a) =>
      a.fn === 'backstop.remove_reward'
        ? underProfile(w, { rzThreshold: { ...w.profile.rzThreshold, value: 1n << 200n } }, () => apply(w, a))
        : apply(w, a),
  },
  {
    property: 'BLND-DIST-004',
    bug: 'distribute with an empty reward zone passes, moving the clock on and losing those seconds',
    profile: 'blend-v2',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'backstop.distribute' || out.ok || !out.error.is(BackstopError.BadRequest)) return out;
      const bs = w.backstops.get(a.backstop)!;
      if (bs.rewardZone.length > 0 || bs.lastDistributionTime === 0n) return out;
      bs.lastDistributionTime = w.emitter.lastDistro.get(bs.address) ?? w.now;
      return { ok: true, result: 0n, events: [] };
    },
  },
  {
    property: 'BLND-POOL-003',
    bug: 'set_emissions_config skips an entry with a share of 0 instead of rejecting the configuration',
    profile: 'blend-v2',
    apply: (w, a) =>
      a.fn === 'pool.set_emissions_config' ? apply(w, { ...a, metadata: a.metadata.filter((m) => m.share !== 0n) }) : apply(w, a),
  },
  {
    property: 'BLND-POOL-003',
    bug: 'set_emissions_config merges the new entries into the old configuration instead of replacing it',
    profile: 'blend-v2',
    apply: (w, a) => {
      const pool = a.fn === 'pool.set_emissions_config' ? w.pools.get(a.pool) : undefined;
      const old = pool?.emissionConfig;
      const out = apply(w, a);
      if (pool !== undefined && old !== undefined && out.ok) pool.emissionConfig = new Map([...old, ...pool.emissionConfig]);
      return out;
    },
  },
  {
    property: 'BLND-GULP-003',
    bug: 'a pool gulp takes any amount, however small (no 1 BLND minimum)',
    profile: 'blend-v2',
    prepare: withProfile(() => ({ poolGulpMinimum: null })),
  },
  {
    property: 'BLND-CLAIM-002',
    bug: 'a backstop claim ignores min_lp_tokens_out',
    profile: 'blend-v2',
    apply: (w, a) => apply(w, a.fn === 'backstop.claim' ? { ...a, minLpTokensOut: 0n } : a),
  },
  {
    property: 'BLND-CLAIM-003',
    bug: "a claim deposits the LP into the pools' backstops but credits the claimant no shares",
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.claim') return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const held = new Map<string, UserBalance | undefined>(a.pools.map((p) => [p, bs.userBalances.get(p)?.get(a.from)]));
      const out = apply(w, a);
      if (out.ok)
        for (const [p, ub] of held) {
          const users = bs.userBalances.get(p);
          if (users !== undefined && ub !== undefined) users.set(a.from, ub);
        }
      return out;
    },
  },
  // (end of the rule properties' variants)
  {
    property: 'BLND-EM-001',
    bug: 'the emitter mints 2 BLND per second',
    profile: 'blend-v2',
    apply: after('emitter.distribute', (w, _a, out) => {
      const bs = w.backstops.get(w.emitter.backstop)!;
      bs.blnd += out.result!;
      return mapEvents({ ...out, result: out.result! * 2n }, (e) =>
        e.topic === 'distribute' && e.contract === 'emitter' ? { ...e, amount: e.amount * 2n } : e,
      );
    }),
  },
  {
    property: 'BLND-EM-002',
    bug: 'the emitter pays one second short',
    profile: 'blend-v2',
    apply: after('emitter.distribute', (_w, _a, out) => (out.result! > 0n ? { ...out, result: out.result! - 10_000_000n } : out)),
  },
  {
    property: 'BLND-EM-002',
    bug: 'distribute does not store its time: the next one pays again the seconds already paid (which the stored last distribution, read by the check, cannot see)',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'emitter.distribute') return apply(w, a);
      const b = w.emitter.backstop;
      const last = w.emitter.lastDistro.get(b);
      const out = apply(w, a);
      if (out.ok && last !== undefined) w.emitter.lastDistro.set(b, last);
      return out;
    },
  },
  {
    property: 'BLND-DROP-001',
    bug: 'a drop list of 60M BLND is minted',
    profile: 'blend-v2',
    apply: after('backstop.drop', (_w, _a, out) => mapEvents(out, (e) => (e.topic === 'drop' ? { ...e, total: 600_000_000_000_000n } : e))),
  },
  {
    property: 'BLND-DROP-004',
    bug: "an emitter drop skips its list's negative entries (the token refuses a negative mint)",
    profile: 'blend-v2',
    apply: (w, a) => apply(w, a.fn === 'emitter.drop' ? { ...a, list: a.list.filter(([, x]) => x >= 0n) } : a),
  },
  {
    property: 'BLND-DROP-002',
    bug: 'a backstop may drop twice',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn === 'backstop.drop') w.emitter.dropped.delete(a.backstop);
      return apply(w, a);
    },
  },
  {
    property: 'BLND-SWAP-001',
    bug: 'swap_backstop ignores the 31-day unlock time',
    profile: 'blend-v2',
    apply: (w, a) => {
      const q = w.emitter.queuedSwap;
      if (a.fn === 'emitter.swap_backstop' && q !== undefined) w.emitter.queuedSwap = { ...q, unlockTime: 0n };
      return apply(w, a);
    },
  },
  {
    property: 'BLND-BF-001',
    bug: 'the last backfill chunk is not clamped to 10M',
    profile: 'blend-v2',
    prepare: withProfile((p) => ({ backfill: { enabled: true, max: { ...p.backfill.max, value: p.backfill.max.value * 2n } } })),
  },
  {
    property: 'BLND-BF-002',
    bug: 'a backfilling backstop is credited BLND the emitter never sent',
    profile: 'blend-v2',
    apply: after('backstop.distribute', (w, a, out) => {
      if (a.fn !== 'backstop.distribute') return;
      const bs = w.backstops.get(a.backstop)!;
      if (bs.backfillStatus === true) bs.blnd += out.result!;
    }),
  },
  {
    property: 'BLND-BF-003',
    bug: "a pool claim pays without checking the backstop's BLND balance",
    profile: 'blend-v2',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'pool.claim' || out.ok || out.error.contract !== 'Token') return out;
      const bs = w.backstops.get(w.pools.get(a.pool)!.backstop)!;
      bs.blnd -= 1n;
      return { ok: true, result: 1n, events: [] };
    },
  },
  {
    property: 'BLND-RZ-001',
    bug: 'the reward-zone size check is off by one',
    profile: 'blend-v2',
    prepare: withProfile((p) => ({
      rewardZone: { kind: 'fixed', max: { ...(p.rewardZone as { max: Profile['maxDrop'] }).max, value: 31n } },
    })),
  },
  {
    property: 'BLND-RZ-002',
    bug: 'add_reward does not check for a pool already in the zone',
    profile: 'blend-v2',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'backstop.add_reward' || out.ok) return out;
      const bs = w.backstops.get(a.backstop)!;
      if (!bs.rewardZone.includes(a.toAdd)) return out;
      bs.rewardZone = [a.toAdd, ...bs.rewardZone];
      return { ok: true, result: null, events: [] };
    },
  },
  {
    property: 'BLND-RZ-003',
    bug: 'a full reward zone takes a pool without removing one',
    profile: 'blend-v2',
    prepare: withProfile(() => ({
      rewardZone: { kind: 'fixed', max: { name: 'MUTANT', value: 1000n, unit: 'count', source: { kind: 'doc', page: '-', heading: '-' } } },
    })),
  },
  {
    property: 'BLND-RZ-004',
    bug: 'distribute keeps allocating to a pool removed from the zone',
    profile: 'blend-v2',
    apply: after('backstop.distribute', (w, a) => {
      if (a.fn !== 'backstop.distribute') return;
      const bs = w.backstops.get(a.backstop)!;
      for (const [pool, rz] of bs.rzEmis)
        if (!bs.rewardZone.includes(pool)) bs.rzEmis.set(pool, { ...rz, accrued: rz.accrued + 10_000_000n });
    }),
  },
  {
    property: 'BLND-DIST-001',
    bug: 'the first reward-zone pool gets 1 BLND more than its share',
    profile: 'blend-v2',
    apply: after('backstop.distribute', (_w, _a, out) =>
      mapEvents(out, (e) =>
        e.topic === 'distribute' && e.contract === 'backstop' && e.allocated.length > 0
          ? { ...e, allocated: [[e.allocated[0]![0], e.allocated[0]![1] + 10_000_000n], ...e.allocated.slice(1)] }
          : e,
      ),
    ),
  },
  {
    property: 'BLND-DIST-002',
    bug: "the split rounds the depositors' 70% up",
    profile: 'blend-v2',
    apply: after('pool.gulp_emissions', (_w, _a, out) =>
      mapEvents(out, (e) =>
        e.topic === 'gulp_emissions' && e.contract === 'backstop' ? { ...e, backstopEmissions: e.backstopEmissions + 1n } : e,
      ),
    ),
  },
  {
    property: 'BLND-DIST-003',
    bug: 'distribute has no minimum interval',
    profile: 'documented',
    prepare: withProfile((p) => ({ distributeMinInterval: { seconds: { ...p.distributeMinInterval.seconds, value: 0n }, strict: false } })),
  },
  {
    property: 'BLND-CONS-002',
    bug: 'a deposit credits the depositor 1 BLND of emissions it never earned',
    profile: 'blend-v2',
    apply: after('backstop.deposit', (w, a) => {
      if (a.fn !== 'backstop.deposit') return;
      const users = w.backstops.get(a.backstop)!.userEmisData.get(a.pool);
      const ue = users?.get(a.from);
      if (users && ue) users.set(a.from, { ...ue, accrued: ue.accrued + 10_000_000n });
    }),
  },
  {
    property: 'BLND-CONS-001',
    bug: 'distribute credits the first pool 1 BLND it did not distribute',
    profile: 'blend-v2',
    apply: after('backstop.distribute', (w, a, out) => {
      if (a.fn !== 'backstop.distribute' || out.result === 0n) return;
      const bs = w.backstops.get(a.backstop)!;
      const p = bs.rewardZone[0]!;
      const rz = bs.rzEmis.get(p) ?? { accrued: 0n, lastTime: 0n };
      bs.rzEmis.set(p, { ...rz, accrued: rz.accrued + 10_000_000n });
    }),
  },
  {
    property: 'BLND-IDX-001',
    bug: "a deposit rewinds the pool's backstop index",
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.deposit') return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const before = bs.emisData.get(a.pool);
      const out = apply(w, a);
      const d = bs.emisData.get(a.pool);
      if (out.ok && before !== undefined && d !== undefined && before.index > 0n)
        bs.emisData.set(a.pool, { ...d, index: before.index - 1n });
      return out;
    },
  },
  {
    property: 'BLND-IDX-002',
    bug: 'the index keeps accruing a day past the EPS expiration',
    profile: 'blend-v2',
    apply: (w, a) => {
      for (const bs of w.backstops.values())
        for (const [p, d] of bs.emisData) bs.emisData.set(p, { ...d, expiration: d.expiration + 86_400n });
      const out = apply(w, a);
      for (const bs of w.backstops.values())
        for (const [p, d] of bs.emisData) bs.emisData.set(p, { ...d, expiration: d.expiration - 86_400n });
      return out;
    },
  },
  {
    property: 'BLND-Q4W-001',
    bug: 'queued shares still earn',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.deposit' && a.fn !== 'backstop.dequeue_withdrawal' && a.fn !== 'backstop.queue_withdrawal') return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const ub = bs.userBalances.get(a.pool)?.get(a.from);
      const ue0 = bs.userEmisData.get(a.pool)?.get(a.from);
      const out = apply(w, a);
      const ue1 = bs.userEmisData.get(a.pool)?.get(a.from);
      const queued = ub?.q4w.reduce((s, q) => s + q.amount, 0n) ?? 0n;
      if (out.ok && ue0 !== undefined && ue1 !== undefined && queued > 0n) {
        bs.userEmisData
          .get(a.pool)!
          .set(a.from, { ...ue1, accrued: ue1.accrued + (queued * (ue1.index - ue0.index)) / w.profile.accrualScale.value });
      }
      return out;
    },
  },
  {
    property: 'BLND-Q4W-002',
    bug: 'withdraw does not check the queue lock',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn === 'backstop.withdraw') {
        const m = w.backstops.get(a.backstop)!.userBalances.get(a.pool);
        const ub = m?.get(a.from);
        if (ub !== undefined) m!.set(a.from, { ...ub, q4w: ub.q4w.map((q) => ({ ...q, exp: 0n })) });
      }
      return apply(w, a);
    },
  },
  {
    property: 'BLND-Q4W-002',
    bug: 'queue_withdrawal stores the unlock time as now (no lock): a withdraw is then accepted at once (which the stored unlock time cannot see)',
    profile: 'blend-v2',
    apply: (w, a) =>
      a.fn === 'backstop.queue_withdrawal'
        ? underProfile(w, { q4wLockTime: { ...w.profile.q4wLockTime, value: 0n } }, () => apply(w, a))
        : apply(w, a),
  },
  {
    property: 'BLND-CLAIM-001',
    bug: 'a backstop claim pays 1 stroop more than accrued',
    profile: 'blend-v1',
    apply: after('backstop.claim', (_w, _a, out) =>
      mapEvents(out, (e) => (e.topic === 'claim' && e.contract === 'backstop' && e.claimed > 0n ? { ...e, claimed: e.claimed + 1n } : e)),
    ),
  },
  {
    property: 'BLND-ROUND-001',
    bug: 'a backstop claim rounds the accrued amount up (ceiling) instead of down',
    profile: 'blend-v1',
    apply: (w, a) => {
      if (a.fn !== 'backstop.claim') return apply(w, a);
      // the exact (unrounded) accrual of the claimed pools, from the records before the claim
      const b = captureBefore(w, a).backstop;
      const out = apply(w, a);
      if (!out.ok || b?.user === undefined) return out;
      let exactTotal = exact(0n);
      for (const pool of new Set(a.pools)) {
        const rec = b.pools.get(pool);
        const r = b.user.perPool.get(pool);
        if (rec?.emis === undefined || r === undefined) continue;
        exactTotal = exactTotal.add(exactAccrued(w.profile, rec.emis, rec.pb, w.now, r.ue, r.ub));
      }
      const ceiling = BigInt(exactTotal.ceil().toFixed(0));
      return mapEvents(out, (e) =>
        e.topic === 'claim' && e.contract === 'backstop' && ceiling > e.claimed ? { ...e, claimed: ceiling } : e,
      );
    },
  },
  {
    property: 'BLND-GULP-001',
    bug: 'a pool may gulp more than once a day',
    profile: 'blend-v2',
    prepare: withProfile(() => ({ poolGulpMinInterval: null })),
  },
  {
    property: 'BLND-GULP-002',
    bug: 'the unemitted remainder is not carried into the new EPS',
    profile: 'blend-v1',
    apply: after(['backstop.gulp_emissions', 'pool.gulp_emissions'], (_w, _a, out) => {
      const news = new Map<string, bigint>();
      for (const e of out.events) if (e.topic === 'gulp_emissions' && e.contract === 'backstop') news.set(e.pool, e.backstopEmissions);
      return mapEvents(out, (e) => (e.topic === 'backstop_eps' && news.has(e.pool) ? { ...e, tokensLeft: news.get(e.pool)! } : e));
    }),
  },
  {
    property: 'BLND-POOL-001',
    bug: 'a position change rewinds the reserve index',
    profile: 'documented',
    apply: (w, a) => {
      if (a.fn !== 'pool.submit' && a.fn !== 'pool.claim') return apply(w, a);
      const pool = w.pools.get(a.pool)!;
      const before = new Map(pool.emisData);
      const out = apply(w, a);
      if (out.ok) for (const [id, d] of before) if (d.index > 0n) pool.emisData.set(id, { ...pool.emisData.get(id)!, index: d.index - 1n });
      return out;
    },
  },
  {
    property: 'BLND-POOL-002',
    bug: 'a pool claim pays but does not zero the accrued emissions',
    profile: 'documented',
    apply: (w, a) => {
      const out = apply(w, a);
      if (a.fn !== 'pool.claim' || !out.ok || (out.result ?? 0n) === 0n) return out;
      const ue = w.pools.get(a.pool)!.userEmis.get(a.from)!;
      const id = a.reserveTokenIds.find((i) => ue.has(i))!;
      ue.set(id, { ...ue.get(id)!, accrued: out.result! });
      return out;
    },
  },
  {
    property: 'BLND-FUNDS-001',
    bug: 'a donation mints shares 1:1 to the pool, as a deposit into an empty pool would',
    profile: 'blend-v2',
    apply: after('backstop.donate', (w, a) => {
      if (a.fn !== 'backstop.donate') return;
      const bs = w.backstops.get(a.backstop)!;
      const pb = bs.poolBalances.get(a.pool)!;
      bs.poolBalances.set(a.pool, { ...pb, shares: pb.shares + a.amount });
    }),
  },
  {
    property: 'BLND-FUNDS-002',
    bug: 'a draw over the pool tokens is clamped to them instead of rejected with InsufficientFunds',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.draw') return apply(w, a);
      const tokens = w.backstops.get(a.backstop)!.poolBalances.get(a.pool)?.tokens ?? 0n;
      return apply(w, a.amount > tokens ? { ...a, amount: tokens } : a);
    },
  },
  {
    property: 'BLND-FUNDS-003',
    bug: 'a deposit into a pool drawn to 0 tokens mints shares as if it held 1 stroop',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.deposit') return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const pb = bs.poolBalances.get(a.pool);
      if (pb === undefined || pb.tokens !== 0n || pb.shares === 0n) return apply(w, a);
      bs.poolBalances.set(a.pool, { ...pb, tokens: 1n });
      const out = apply(w, a);
      if (!out.ok) bs.poolBalances.set(a.pool, pb);
      return out;
    },
  },
  {
    property: 'BLND-CLAIM-004',
    bug: "a backstop claim deposits 1 LP stroop less into the first claimed pool than the claim's LP share",
    profile: 'blend-v2',
    apply: after('backstop.claim', (w, a) => {
      if (a.fn !== 'backstop.claim') return;
      const bs = w.backstops.get(a.backstop)!;
      const pb = bs.poolBalances.get(a.pools[0]!);
      if (pb !== undefined && pb.tokens > 0n) bs.poolBalances.set(a.pools[0]!, { ...pb, tokens: pb.tokens - 1n });
    }),
  },
  {
    property: 'BLND-CKPT-001',
    bug: "a backstop claim leaves the claimant's emission record at its old index",
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.claim') return apply(w, a);
      const bs = w.backstops.get(a.backstop);
      const old = a.pools.map((p) => [p, bs?.userEmisData.get(p)?.get(a.from)] as const);
      const out = apply(w, a);
      if (out.ok)
        for (const [p, ue] of old) {
          const now = bs?.userEmisData.get(p)?.get(a.from);
          if (ue !== undefined && now !== undefined) bs!.userEmisData.get(p)!.set(a.from, { ...now, index: ue.index });
        }
      return out;
    },
  },
  {
    property: 'BLND-RATE-001',
    bug: 'swap_backstop swaps without the final distribution to the old backstop',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'emitter.swap_backstop') return apply(w, a);
      const old = w.emitter.backstop;
      const last = w.emitter.lastDistro.get(old);
      // the final distribution mints nothing (as if skipped), and the old backstop's clock stays
      if (last !== undefined) w.emitter.lastDistro.set(old, w.now);
      const out = apply(w, a);
      if (last !== undefined) w.emitter.lastDistro.set(old, last);
      return out.ok ? { ...out, events: out.events.filter((e) => !(e.topic === 'distribute' && e.contract === 'emitter')) } : out;
    },
  },
  {
    property: 'BLND-LIVE-001',
    bug: 'a pool removed from the reward zone can never gulp what was allocated to it (the backstop gulps nothing for it)',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'pool.gulp_emissions') return apply(w, a);
      const bs = w.backstops.get(w.pools.get(a.pool)!.backstop)!;
      const rz = bs.rzEmis.get(a.pool);
      if (bs.rewardZone.includes(a.pool) || rz === undefined) return apply(w, a);
      bs.rzEmis.set(a.pool, { ...rz, accrued: 0n });
      const out = apply(w, a);
      const now = bs.rzEmis.get(a.pool)!;
      bs.rzEmis.set(a.pool, { ...now, accrued: now.accrued + rz.accrued });
      return out;
    },
  },
  {
    property: 'BLND-LIVE-002',
    bug: 'a backfill that would pass 10M reverts with MaxBackfillEmissions instead of being clamped to it',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn === 'backstop.distribute') {
        const bs = w.backstops.get(a.backstop)!;
        const due = (w.now - bs.lastDistributionTime) * 10_000_000n;
        const max = w.profile.backfill.max.value;
        if (bs.backfillStatus === true && !w.emitter.lastDistro.has(a.backstop) && bs.backfillEmissions + due > max)
          return { ok: false, error: new ContractError(BackstopError.MaxBackfillEmissions) };
      }
      return apply(w, a);
    },
  },
  {
    property: 'BLND-LIVE-003',
    bug: "a backstop claim mints the LP and adds it to the pools, but does not credit the claimant's shares",
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.claim') return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const saved = a.pools.map((p) => [p, bs.userBalances.get(p)?.get(a.from)] as const);
      const out = apply(w, a);
      if (out.ok)
        for (const [p, ub] of saved) {
          const m = bs.userBalances.get(p);
          if (m !== undefined && ub !== undefined) m.set(a.from, ub);
          else m?.delete(a.from);
        }
      return out;
    },
  },
  {
    property: 'BLND-GULP-001',
    bug: 'a pool gulp never writes its own time, so the once-a-day rule never bites',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'pool.gulp_emissions') return apply(w, a);
      const bs = w.backstops.get(w.pools.get(a.pool)!.backstop)!;
      const last = bs.rzEmis.get(a.pool)?.lastTime ?? 0n;
      const out = apply(w, a);
      const rz = bs.rzEmis.get(a.pool);
      if (out.ok && rz !== undefined) bs.rzEmis.set(a.pool, { ...rz, lastTime: last });
      return out;
    },
  },
  {
    property: 'BLND-CONS-003',
    bug: "a pool gulp sets the depositors' EPS from the new 70% alone, dropping the running EPS's unemitted remainder",
    profile: 'blend-v2',
    apply: after('pool.gulp_emissions', (w, a, out) => {
      if (a.fn !== 'pool.gulp_emissions') return;
      const bs = w.backstops.get(w.pools.get(a.pool)!.backstop)!;
      const g = out.events.find((e) => e.topic === 'gulp_emissions' && e.contract === 'backstop');
      const d = bs.emisData.get(a.pool);
      if (g === undefined || g.topic !== 'gulp_emissions' || g.contract !== 'backstop' || d === undefined) return;
      bs.emisData.set(a.pool, { ...d, eps: (g.backstopEmissions * w.profile.epsScale!.value) / EMISSION_PERIOD.value });
    }),
  },
  {
    property: 'BLND-DIST-003',
    bug: 'a backstop distribution never writes its own time, so the minimum interval never bites',
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'backstop.distribute') return apply(w, a);
      const bs = w.backstops.get(a.backstop)!;
      const last = bs.lastDistributionTime;
      const out = apply(w, a);
      if (out.ok && last !== 0n) bs.lastDistributionTime = last;
      return out;
    },
  },
  {
    property: 'BLND-SWAP-001',
    bug: 'queue_swap_backstop stores the swap unlocked at once (no 31-day wait)',
    profile: 'blend-v2',
    apply: after('emitter.queue_swap_backstop', (w) => {
      const q = w.emitter.queuedSwap;
      if (q !== undefined) w.emitter.queuedSwap = { ...q, unlockTime: w.now };
    }),
  },
  {
    property: 'BLND-CONS-004',
    bug: "a pool claim pays its user without debiting the backstop's BLND",
    profile: 'blend-v2',
    apply: after('pool.claim', (w, a, out) => {
      if (a.fn !== 'pool.claim') return;
      w.backstops.get(w.pools.get(a.pool)!.backstop)!.blnd += out.result ?? 0n;
    }),
  },
  // the pool side of conservation (properties/conservation-pool.ts)
  {
    property: 'BLND-CONS-005',
    bug: "a pool claim pays one stroop more than it takes off the user's accrual",
    profile: 'blend-v2',
    apply: after('pool.claim', (w, a, out) => {
      if (a.fn !== 'pool.claim' || (out.result ?? 0n) === 0n) return;
      const bs = w.backstops.get(w.pools.get(a.pool)!.backstop)!;
      bs.blnd -= 1n;
      bs.allowances.set(a.pool, (bs.allowances.get(a.pool) ?? 0n) - 1n);
      w.blnd.set(a.to, (w.blnd.get(a.to) ?? 0n) + 1n);
      return {
        ...mapEvents(out, (e) => (e.topic === 'claim' && e.contract === 'pool' ? { ...e, amount: e.amount + 1n } : e)),
        result: out.result! + 1n,
      };
    }),
  },
  {
    property: 'BLND-CONS-005',
    bug: "a pool gulp sets its reserves' EPS from the pool's whole allocation (100%), not from its 30%",
    profile: 'blend-v2',
    apply: after('pool.gulp_emissions', (w, a, out) => {
      if (a.fn !== 'pool.gulp_emissions') return;
      const g = out.events.find((e) => e.topic === 'gulp_emissions' && e.contract === 'backstop');
      if (g === undefined || g.topic !== 'gulp_emissions' || g.contract !== 'backstop' || g.poolEmissions === 0n) return;
      const pool = w.pools.get(a.pool)!;
      for (const [id, d] of pool.emisData)
        if (d.lastTime === w.now && d.expiration === w.now + EMISSION_PERIOD.value)
          pool.emisData.set(id, { ...d, eps: (d.eps * g.accrued) / g.poolEmissions });
    }),
  },
  {
    property: 'BLND-CONS-005',
    bug: "a pool gulp spreads only its first reserve token's share and leaves the other tokens' shares to no reserve (naming them unallocated)",
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'pool.gulp_emissions') return apply(w, a);
      const pool = w.pools.get(a.pool)!;
      const ids = [...pool.emissionConfig.keys()].filter((id) => pool.reserves[Math.floor(id / 2)]?.enabled === true);
      const prior = new Map(pool.emisData);
      const out = apply(w, a);
      const g = out.ok ? out.events.find((e) => e.topic === 'gulp_emissions' && e.contract === 'pool') : undefined;
      if (!out.ok || g === undefined || g.topic !== 'gulp_emissions' || ids.length < 2) return out;
      const S7 = SCALAR_7.value;
      const total = ids.reduce((t, id) => t + pool.emissionConfig.get(id)!, 0n);
      let stranded = 0n;
      for (const id of ids.slice(1)) {
        stranded += (((pool.emissionConfig.get(id)! * S7) / total) * g.amount) / S7;
        // its EPS carries the running one's remainder only
        const old = prior.get(id);
        const carried = old !== undefined && old.expiration > w.now ? (old.eps * (old.expiration - w.now)) / S7 : 0n;
        pool.emisData.set(id, { ...pool.emisData.get(id)!, eps: (carried * S7) / EMISSION_PERIOD.value });
      }
      return mapEvents(out, (e) =>
        e.topic === 'gulp_emissions' && e.contract === 'pool' ? { ...e, allocated: e.allocated - stranded } : e,
      );
    },
  },
  {
    property: 'BLND-CONS-005',
    bug: "a supply or withdrawal moves the user's b tokens without checkpointing their emissions first",
    profile: 'blend-v2',
    apply: (w, a) => {
      if (a.fn !== 'pool.submit' || (a.request !== 'supply' && a.request !== 'withdraw')) return apply(w, a);
      const pool = w.pools.get(a.pool)!;
      const id = a.reserveIndex * 2 + 1;
      const old = pool.userEmis.get(a.from)?.get(id);
      const out = apply(w, a);
      const ues = pool.userEmis.get(a.from);
      if (out.ok && ues !== undefined) {
        if (old === undefined) ues.delete(id);
        else ues.set(id, old);
      }
      return out;
    },
  },
];
