/**
 * The ghost's own record of each user's withdrawal queue (src/harness/ghost.ts `q4wBefore`, read by
 * BLND-Q4W-002) follows the reference model's stored queue exactly: after every accepted
 * queue_withdrawal, dequeue_withdrawal and withdraw, the same entries in the same order, each
 * queued at its stored unlock time less the profile's lock. Per profile: v1 dequeues oldest first,
 * v2 newest first.
 */
import { describe, expect, it } from 'vitest';
import type { Property } from '../../properties/types.ts';
import { runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';

const QUEUE = ['backstop.queue_withdrawal', 'backstop.dequeue_withdrawal', 'backstop.withdraw'] as const;

const mirrors: Property = {
  id: 'TEST-GHOST-Q4W',
  claim: "The ghost's withdrawal queue is the stored one, with queue time + lock = unlock time.",
  rules: [],
  fns: QUEUE,
  applies: (s) => s.outcome.ok && (QUEUE as readonly string[]).includes(s.action.fn),
  check: (s) => {
    const a = s.action;
    if (a.fn !== 'backstop.queue_withdrawal' && a.fn !== 'backstop.dequeue_withdrawal' && a.fn !== 'backstop.withdraw') return null;
    // (recorded = false: the ghost's record as it is now, after the step)
    const ghost = s.ghost.q4wBefore(a.backstop, a.pool, a.from, false) ?? [];
    const stored = s.world.backstops.get(a.backstop)?.userBalances.get(a.pool)?.get(a.from)?.q4w ?? [];
    const lock = s.profile.q4wLockTime.value;
    const g = ghost.map((e) => `${e.amount}@${e.queuedAt === undefined ? '?' : e.queuedAt + lock}`).join(',');
    const w = stored.map((e) => `${e.amount}@${e.exp}`).join(',');
    return g === w ? null : `ghost queue [${g}], stored [${w}]`;
  },
};

describe("the ghost's withdrawal queue", () => {
  for (const name of ['blend-v1', 'blend-v2'] as const) {
    it(`${name}: follows the model's stored queue (dequeue ${PROFILES[name].dequeueOrder})`, () => {
      const r = runSuite({ profile: PROFILES[name], runs: 200, steps: 200, seed: 11, properties: [mirrors] });
      expect(r.counterexample?.message).toBeUndefined();
      expect(r.verdict).toBe('pass');
      const dequeued = r.actions.find((x) => x.name === 'backstop.dequeue_withdrawal')?.accepted ?? 0;
      const withdrawn = r.actions.find((x) => x.name === 'backstop.withdraw')?.accepted ?? 0;
      expect(dequeued).toBeGreaterThan(0);
      expect(withdrawn).toBeGreaterThan(0);
      expect(r.properties.find((p) => p.id === mirrors.id)?.checks).toBeGreaterThan(100);
    });
  }
});
