/** Backfill invariants. */
import { MAX_BACKFILLED_EMISSIONS } from '../spec/constants.ts';
import { isAcceptedCallOf, isCallOf } from './preconditions.ts';
import type { Property } from './types.ts';

const DISTRIBUTE = ['backstop.distribute'] as const;
const CLAIMS = ['backstop.claim', 'pool.claim'] as const;

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
