/** Backfill invariants. */
import { EMISSION_RATE, MAX_BACKFILLED_EMISSIONS } from '../spec/constants.ts';
import { isAcceptedCallOf, isCallOf, zoneNonQueuedTokens } from './preconditions.ts';
import { eg, type Property, type Step } from './types.ts';

const DISTRIBUTE = ['backstop.distribute'] as const;
const CLAIMS = ['backstop.claim', 'pool.claim'] as const;

/**
 * A backfill distribution the rules allow, from the ghost's record: the backstop was seen backfilling
 * (and not swapped to since), its last distribution is past the minimum interval, its reward zone is
 * not empty, and it backfilled less than the maximum. Returns the amount it must backfill (the
 * elapsed seconds' BLND, clamped to the maximum), or undefined.
 */
function allowedBackfill(s: Step): { readonly last: bigint; readonly before: bigint; readonly amount: bigint } | undefined {
  if (!isCallOf(s, DISTRIBUTE)) return undefined;
  const b = s.action.backstop;
  const ok = s.outcome.ok;
  if (!s.ghost.backfillingBefore(b, ok) || (s.before.backstop?.rewardZone.length ?? 0) === 0) return undefined;
  // a zone whose pools hold no non-queued tokens (drawn or all queued): distribute panics dividing by 0;
  // one whose conversion of queued shares leaves i128 panics too (BLND-BF-004 checks both)
  const nq = zoneNonQueuedTokens(s.before.backstop!);
  if (nq === 0n || nq === 'overflow') return undefined;
  const last = s.ghost.distributedAtBefore(b, ok);
  if (last === undefined) return undefined;
  const { seconds, strict } = s.profile.distributeMinInterval;
  const gap = s.before.now - last;
  if (strict ? gap <= seconds.value : gap < seconds.value) return undefined;
  const before = s.ghost.backfilledBefore(b, ok);
  const max = s.profile.backfill.max.value;
  if (before >= max) return undefined;
  const due = gap * EMISSION_RATE.value;
  return { last, before, amount: before + due > max ? max - before : due };
}

export const backfillProperties: readonly Property[] = [
  {
    id: 'BLND-BF-001',
    claim: 'No backstop ever backfills more than its maximum (10M BLND).',
    rules: ['BF-MAX'],
    profiles: (p) => p.backfill.enabled,
    fns: DISTRIBUTE,
    applies: (s) => isCallOf(s, DISTRIBUTE),
    check: (s) => {
      const max = MAX_BACKFILLED_EMISSIONS.value;
      for (const bs of s.world.backstops.values())
        if (bs.backfillEmissions > max) return `${bs.address} backfilled ${bs.backfillEmissions} stroops, over ${max}`;
      return null;
    },
  },
  {
    id: 'BLND-LIVE-002',
    claim:
      'A backfill distribution the rules allow (ghost: backfilling, past the interval, under the maximum) must succeed and backfill the elapsed seconds of BLND, clamped so that the total reaches exactly 10M.',
    rules: ['BF-ACCRUE', 'BF-MAX', 'DIST-INTERVAL'],
    profiles: (p) => p.backfill.enabled,
    fns: DISTRIBUTE,
    applies: (s) => allowedBackfill(s) !== undefined,
    check: (s) => {
      const due = allowedBackfill(s)!;
      const o = s.outcome;
      const b = s.before.backstop!.address;
      if (!o.ok)
        return `a backfill of ${due.amount} stroops by ${b} (${due.before} backfilled) was rejected with ${o.error.contract}#${o.error.code} ${o.error.errorName}`;
      if (o.result !== due.amount) return `${b} backfilled ${eg(due.amount, o.result)} stroops (${due.before} before, last at ${due.last})`;
      const total = s.world.backstops.get(b)?.backfillEmissions;
      return total === due.before + due.amount ? null : `${b}'s backfilled total is ${eg(due.before + due.amount, total)}`;
    },
  },
  {
    id: 'BLND-BF-002',
    claim: 'Emissions of a backstop that has received no BLND (backfill before the swap and drop) cannot be claimed.',
    rules: ['BF-CLAIM'],
    fns: CLAIMS,
    applies: (s) => {
      const a = s.action;
      const b = a.fn === 'backstop.claim' ? a.backstop : a.fn === 'pool.claim' ? s.world.pools.get(a.pool)?.backstop : undefined;
      return b !== undefined && (s.ghost.receivedByBackstop.get(b) ?? 0n) === 0n;
    },
    check: (s) => {
      // a rejection (the backstop's BLND balance falls short: Token#10) is the documented outcome
      if (!s.outcome.ok) return null;
      const paid = s.outcome.result ?? 0n;
      return paid === 0n ? null : `a backstop that never received BLND paid a claim of ${paid}`;
    },
  },
  {
    id: 'BLND-BF-003',
    claim: "A backstop's BLND balance never goes negative.",
    rules: ['BF-CLAIM', 'CLAIM-EXACT', 'POOL-CLAIM'],
    fns: CLAIMS,
    applies: (s) => isAcceptedCallOf(s, CLAIMS),
    check: (s) => {
      for (const bs of s.world.backstops.values()) if (bs.blnd < 0n) return `${bs.address} holds ${bs.blnd} BLND stroops`;
      return null;
    },
  },
];
