/**
 * Backfill (v2 and the documents): BF-ACCRUE, BF-DROP, BF-RESET. A backstop the emitter does not
 * know accrues 1 BLND per second by its own `distribute` up to what BF-MAX leaves, the emitter
 * minting nothing; its drop lists itself with all it backfilled; its first distribution once the
 * emitter knows it allocates nothing and takes the emitter's time.
 *
 * Whether the backstop is backfilling is read before the step from the emitter's `LastDistro`
 * (`before.lastDistro`) and the backstop's `BackfillStatus` and `LastDist`: the rules are stated on
 * those records, and no ghost keeps them.
 */
import { EMISSION_RATE } from '../spec/constants.ts';
import { BackstopError, HostError } from '../spec/errors.ts';
import type { Address } from '../model/state.ts';
import { isAcceptedCallOf, isCallOf, zoneNonQueuedTokens } from './preconditions.ts';
import { profileOf } from './rule-before.ts';
import { eg, expectRejection, type Before, type Property, type Step, detail, type Detail } from './types.ts';

const DISTRIBUTE = ['backstop.distribute'] as const;
const DROP = ['backstop.drop'] as const;

type BackstopBefore = NonNullable<Before['backstop']>;

/** The allocations to every captured pool (the reward zone and the pools holding one) are as before (null), else a message. */
function allocationsUnchanged(s: Step, b: BackstopBefore, what: Detail): string | null {
  const bs = s.world.backstops.get(b.address);
  if (bs === undefined) return null;
  for (const rec of b.pools.values()) {
    const acc = bs.rzEmis.get(rec.pool)?.accrued ?? 0n;
    if (acc !== rec.rz.accrued) return `${detail(what)} changed ${rec.pool}'s allocation ${rec.rz.accrued} -> ${acc}`;
  }
  return null;
}

/** The sum of the allocations' growth over the captured pools (stroops). */
function allocated(s: Step, b: BackstopBefore): bigint {
  const bs = s.world.backstops.get(b.address);
  let sum = 0n;
  if (bs !== undefined) for (const rec of b.pools.values()) sum += (bs.rzEmis.get(rec.pool)?.accrued ?? 0n) - rec.rz.accrued;
  return sum;
}

const rejectedText = (s: Step): string =>
  s.outcome.ok ? 'accepted' : `rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}`;

/** The backstop a distribute step addresses, when the emitter does not know it (backfilling). */
function backfilling(s: Step): BackstopBefore | undefined {
  const b = s.before.backstop;
  if (!isCallOf(s, DISTRIBUTE) || b === undefined || b.backfillStatus === false || s.before.lastDistro.has(b.address)) return undefined;
  const p = profileOf(s, b.address);
  return p.backfill.enabled && p.flow === 'v2' && b.lastDistributionTime <= s.before.now ? b : undefined;
}

export const backfillRuleProperties: readonly Property[] = [
  {
    id: 'BLND-BF-004',
    claim:
      'A backstop the emitter does not know backfills by distribute: its first call allocates nothing and starts the clock; each later one, past the minimum interval with a non-empty zone, allocates exactly 1 BLND per second since its last, clamped to what the 10M maximum leaves (MaxBackfillEmissions (1010) once reached), the emitter minting nothing.',
    rules: ['BF-ACCRUE', 'BF-MAX'],
    profiles: (p) => p.backfill.enabled,
    fns: DISTRIBUTE,
    applies: (s) => backfilling(s) !== undefined,
    check: (s) => {
      const b = backfilling(s)!;
      const p = profileOf(s, b.address);
      const bs = s.world.backstops.get(b.address);
      const now = s.before.now;
      if (b.lastDistributionTime === 0n) {
        const what = (): string => `the first backfill distribute of ${b.address}`;
        if (!s.outcome.ok) return `${what()} was ${rejectedText(s)}, expected accepted`;
        if (s.outcome.result !== 0n) return `${what()} allocated ${eg(0n, s.outcome.result)}`;
        if (bs !== undefined && bs.lastDistributionTime !== now)
          return `${what()}: last distribution time ${eg(now, bs.lastDistributionTime)}`;
        return allocationsUnchanged(s, b, what);
      }
      const elapsed = now - b.lastDistributionTime;
      const what = (): string =>
        `a backfill distribute of ${b.address} ${elapsed}s after its last, having backfilled ${b.backfillEmissions}`;
      const { seconds, strict } = p.distributeMinInterval;
      if (strict ? elapsed <= seconds.value : elapsed < seconds.value)
        return expectRejection(s, BackstopError.BadRequest, () => `${what()} (too soon)`);
      if (b.rewardZone.length === 0) return expectRejection(s, BackstopError.BadRequest, () => `${what()} (empty reward zone)`);
      const max = p.backfill.max.value;
      if (b.backfillEmissions >= max) return expectRejection(s, BackstopError.MaxBackfillEmissions, what);
      // the zone's pools hold no non-queued tokens (all drawn or queued): the share's fixed_div_floor by 0 panics
      const nq = zoneNonQueuedTokens(b);
      if (nq === 0n) return expectRejection(s, HostError.Panic, () => `${what()} (no non-queued tokens in the zone)`);
      // a pool's queued shares' conversion to tokens leaves i128 (the whale's amounts): fixed_mul_floor panics
      if (nq === 'overflow') return expectRejection(s, HostError.Panic, () => `${what()} (a queued-share conversion past i128)`);
      if (!s.outcome.ok) return `${what()} was ${rejectedText(s)}, expected accepted`;
      const full = elapsed * EMISSION_RATE.value;
      const expected = full < max - b.backfillEmissions ? full : max - b.backfillEmissions;
      if (s.outcome.result !== expected) return `${what()}: allocated ${eg(expected, s.outcome.result)}`;
      if (bs === undefined) return null;
      if (bs.backfillEmissions !== b.backfillEmissions + expected)
        return `${what()}: backfilled total ${eg(b.backfillEmissions + expected, bs.backfillEmissions)}`;
      if (bs.lastDistributionTime !== now) return `${what()}: last distribution time ${eg(now, bs.lastDistributionTime)}`;
      if (bs.blnd !== b.blnd)
        return `${what()}: the backstop's BLND went ${b.blnd} -> ${bs.blnd}, the emitter sends nothing while backfilling`;
      if (s.world.emitter.lastDistro.has(b.address)) return `${what()}: the emitter now records a distribution to it`;
      const sum = allocated(s, b);
      return sum <= expected && sum >= 0n ? null : `${what()}: the pools' allocations grew by ${sum}, more than the ${expected} backfilled`;
    },
  },
  {
    id: 'BLND-BF-005',
    claim: "A backstop's accepted drop mints it exactly its backfilled emissions (plus any drop-list entry to itself).",
    rules: ['BF-DROP'],
    profiles: (p) => p.backfill.enabled,
    fns: DROP,
    applies: (s) => isAcceptedCallOf(s, DROP) && s.before.backstop !== undefined && profileOf(s, s.action.backstop).backfill.enabled,
    check: (s) => {
      if (!isCallOf(s, DROP)) return null;
      const b = s.before.backstop!;
      const bs = s.world.backstops.get(b.address);
      if (bs === undefined) return null;
      let listed = 0n;
      for (const [to, amount] of bs.dropList ?? []) if (to === (b.address as Address)) listed += amount;
      const expected = b.backfillEmissions + listed;
      const got = bs.blnd - b.blnd;
      return got === expected
        ? null
        : `the drop of ${b.address}, having backfilled ${b.backfillEmissions}: minted to itself ${eg(expected, got)}`;
    },
  },
  {
    id: 'BLND-BF-006',
    claim:
      "The first distribute of a backfilling backstop once the emitter knows it (after the swap) is accepted, allocates nothing, ends the backfill and takes the emitter's last distribution time.",
    rules: ['BF-RESET'],
    profiles: (p) => p.backfill.enabled,
    fns: DISTRIBUTE,
    applies: (s) => {
      const b = s.before.backstop;
      return (
        isCallOf(s, DISTRIBUTE) &&
        b !== undefined &&
        b.backfillStatus === true &&
        s.before.lastDistro.has(b.address) &&
        profileOf(s, b.address).flow === 'v2'
      );
    },
    check: (s) => {
      const b = s.before.backstop!;
      const emitterLast = s.before.lastDistro.get(b.address)!;
      const what = (): string => `the first distribute of ${b.address} after the emitter knows it (backfilled ${b.backfillEmissions})`;
      if (!s.outcome.ok) return `${what()} was ${rejectedText(s)}, expected accepted`;
      if (s.outcome.result !== 0n) return `${what()} allocated ${eg(0n, s.outcome.result)}`;
      const bs = s.world.backstops.get(b.address);
      if (bs === undefined) return null;
      if (bs.lastDistributionTime !== emitterLast) return `${what()}: last distribution time ${eg(emitterLast, bs.lastDistributionTime)}`;
      if (bs.backfillStatus !== false) return `${what()}: backfill status ${eg(false, bs.backfillStatus)}`;
      if (bs.backfillEmissions !== b.backfillEmissions)
        return `${what()}: backfilled total ${eg(b.backfillEmissions, bs.backfillEmissions)}`;
      return allocationsUnchanged(s, b, what);
    },
  },
];
