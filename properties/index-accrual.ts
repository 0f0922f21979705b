/** Emission index, queued-share and claim invariants. */
import { BackstopError } from '../spec/errors.ts';
import type { ModelEvent } from '../model/context.ts';
import type { Address, PoolBalance } from '../model/state.ts';
import { convertToShares, depositInto } from '../model/backstop/pool-balance.ts';
import { emittingSeconds, exactAccrued, expectedAccrued, expectedIndex, indexGrowthBound } from './accrual.ts';
import { exact, exceeds, ratioText } from './exact.ts';
import { isAcceptedCallOf, isCallOf } from './preconditions.ts';
import { eg, expectRejection, type Property, type Step } from './types.ts';

const hasEpsEvent = (s: Step, pool: Address): boolean =>
  s.outcome.ok && s.outcome.events.some((e) => e.topic === 'backstop_eps' && e.pool === pool);

/** The backstop calls of a user that update their emissions (not withdraw: its shares were queued, and earn nothing). */
const USER_ACCRUING = ['backstop.deposit', 'backstop.queue_withdrawal', 'backstop.dequeue_withdrawal', 'backstop.claim'] as const;
const backstopUserAction = (s: Step): boolean => isAcceptedCallOf(s, USER_ACCRUING) && s.before.backstop?.user !== undefined;
const CLAIM = ['backstop.claim'] as const;
const WITHDRAW = ['backstop.withdraw'] as const;

/** An accepted backstop claim's event. */
function claimEvent(s: Step): Extract<ModelEvent, { topic: 'claim'; contract: 'backstop' }> | undefined {
  if (!isAcceptedCallOf(s, CLAIM)) return undefined;
  for (const e of s.outcome.events) if (e.topic === 'claim' && e.contract === 'backstop') return e;
  return undefined;
}

export const indexProperties: readonly Property[] = [
  {
    id: 'BLND-IDX-001',
    claim: 'Backstop emission indices, of pools and of users, never decrease.',
    rules: ['IDX-MONO'],
    applies: (s) => s.outcome.ok && s.before.backstop !== undefined && s.before.backstop.pools.size > 0,
    check: (s) => {
      const b = s.before.backstop!;
      const bs = s.world.backstops.get(b.address)!;
      for (const rec of b.pools.values()) {
        const after = bs.emisData.get(rec.pool);
        if (rec.emis !== undefined && after !== undefined && after.index < rec.emis.index)
          return `${rec.pool} index went ${rec.emis.index} -> ${after.index}`;
      }
      const u = b.user;
      if (u !== undefined) {
        for (const r of u.perPool.values()) {
          const after = bs.userEmisData.get(r.pool)?.get(u.address);
          if (r.ue !== undefined && after !== undefined && after.index < r.ue.index)
            return `${u.address} index in ${r.pool} went ${r.ue.index} -> ${after.index}`;
        }
      }
      return null;
    },
  },
  {
    id: 'BLND-IDX-002',
    claim:
      'A backstop index grows by at most EPS x seconds up to the expiration over the non-queued shares: nothing accrues past an EPS expiration.',
    rules: ['IDX-MONO', 'GULP-EPS', 'Q4W-NOEARN'],
    applies: (s) => {
      if (!s.outcome.ok || s.before.backstop === undefined) return false;
      for (const r of s.before.backstop.pools.values()) if (r.emis !== undefined) return true;
      return false;
    },
    check: (s) => {
      const b = s.before.backstop!;
      const bs = s.world.backstops.get(b.address)!;
      for (const rec of b.pools.values()) {
        const pool = rec.pool;
        const after = bs.emisData.get(pool);
        if (rec.emis === undefined || after === undefined) continue;
        const grew = after.index - rec.emis.index;
        const allowed = indexGrowthBound(rec.emis, rec.pb, s.before.now);
        if (exceeds(grew, allowed))
          return `${pool} index grew ${grew} over ${emittingSeconds(rec.emis, s.before.now)} emitting seconds (expiration ${rec.emis.expiration}); at most ${ratioText(allowed)} allowed`;
        if (rec.emis.lastTime >= rec.emis.expiration && !hasEpsEvent(s, pool) && after.index !== rec.emis.index)
          return `${pool} accrued ${after.index - rec.emis.index} after its expiration ${rec.emis.expiration}`;
      }
      return null;
    },
  },
  {
    id: 'BLND-Q4W-001',
    claim: 'Queued shares never earn: a user accrues at most their non-queued shares times the index growth.',
    rules: ['Q4W-NOEARN'],
    fns: USER_ACCRUING,
    applies: backstopUserAction,
    check: (s) => {
      const b = s.before.backstop!;
      const u = b.user!;
      const bs = s.world.backstops.get(b.address)!;
      const claimed = s.action.fn === 'backstop.claim';
      for (const r of u.perPool.values()) {
        const pool = r.pool;
        const after = bs.userEmisData.get(pool)?.get(u.address);
        if (after === undefined) continue;
        const gained = claimed ? null : after.accrued - (r.ue?.accrued ?? 0n);
        const bound = (r.ub.shares * (after.index - (r.ue?.index ?? 0n))) / s.profile.accrualScale.value;
        if (gained !== null && gained > bound)
          return `${u.address} in ${pool} accrued ${gained} with ${r.ub.shares} non-queued shares (q4w ${r.ub.q4w.reduce((a, q) => a + q.amount, 0n)}); at most ${bound}`;
      }
      return null;
    },
  },
  {
    id: 'BLND-Q4W-002',
    claim: 'A withdrawal whose oldest queued entry is still locked is rejected with NotExpired (1001).',
    rules: ['Q4W-LOCK'],
    fns: WITHDRAW,
    // the oldest entry's unlock from the ghost's record of when it was queued (plus the profile's
    // lock), not from its stored unlock time; the stored one only for an entry from before the run
    applies: (s) => {
      if (!isCallOf(s, WITHDRAW)) return false;
      const stored = s.before.backstop?.user?.perPool.get(s.action.pool)?.ub.q4w[0];
      const ghost = s.ghost.q4wBefore(s.action.backstop, s.action.pool, s.action.from, s.outcome.ok);
      if (ghost === undefined) return stored !== undefined && stored.exp > s.before.now;
      const first = ghost[0];
      if (first === undefined) return false;
      const unlock = first.queuedAt === undefined ? stored?.exp : first.queuedAt + s.profile.q4wLockTime.value;
      return unlock !== undefined && unlock > s.before.now;
    },
    check: (s) => expectRejection(s, BackstopError.NotExpired, 'a withdrawal of a locked entry'),
  },
  {
    id: 'BLND-CLAIM-001',
    claim: 'A backstop claim pays exactly what the user had accrued in each pool and zeroes it.',
    rules: ['CLAIM-EXACT'],
    fns: CLAIM,
    applies: (s) => isAcceptedCallOf(s, CLAIM),
    check: (s) => {
      if (!isAcceptedCallOf(s, CLAIM)) return null;
      const b = s.before.backstop!;
      const u = b.user!;
      const bs = s.world.backstops.get(b.address)!;
      let expected = 0n;
      const seen = new Set<Address>();
      for (const pool of s.action.pools) {
        if (seen.has(pool)) continue;
        seen.add(pool);
        const rec = b.pools.get(pool)!;
        if (rec.emis === undefined) continue;
        const index = expectedIndex(rec.emis, rec.pb, s.before.now);
        expected += expectedAccrued(s.profile, index, u.perPool.get(pool)!.ue, u.perPool.get(pool)!.ub);
        const after = bs.userEmisData.get(pool)?.get(u.address);
        if (after === undefined || after.accrued !== 0n)
          return `after the claim ${u.address} still has ${after?.accrued} accrued in ${pool}`;
        if (after.index !== index) return `after the claim ${u.address}'s index in ${pool} is ${after.index}, the pool's ${index}`;
      }
      const ev = s.outcome.events.find((e) => e.topic === 'claim' && e.contract === 'backstop');
      const claimed = ev !== undefined && ev.topic === 'claim' && ev.contract === 'backstop' ? ev.claimed : -1n;
      return claimed === expected ? null : `${u.address} claimed ${claimed} stroops, ${eg(expected, claimed)}`;
    },
  },
  {
    id: 'BLND-LIVE-003',
    claim:
      "The LP a backstop claim mints is deposited back for the claimant: each pool's part is credited to the claimant's shares, and to the pool's tokens and shares, as a deposit of it would be.",
    rules: ['CLAIM-LP'],
    fns: CLAIM,
    // a claim credited to another user (v1 `to`) and v1's pool listed twice (credited 0 shares, the
    // bug fixed by 1ff1f4d, a known defect of the deployed v1) aside
    applies: (s) => {
      const e = claimEvent(s);
      return e !== undefined && e.lpOut > 0n && e.to === e.from && new Set(e.perPool.map(([p]) => p)).size === e.perPool.length;
    },
    check: (s) => {
      const e = claimEvent(s)!;
      const b = s.before.backstop!;
      const bs = s.world.backstops.get(b.address)!;
      const v1 = s.profile.shareConversion === 'v1';
      let deposited = 0n;
      for (const [pool, amount] of e.perPool) {
        deposited += amount;
        if (s.profile.flow === 'v2' && amount <= 0n) continue;
        const pb: PoolBalance = b.pools.get(pool)!.pb;
        const minted = convertToShares(pb, amount, v1);
        const want = depositInto(pb, amount, minted);
        const got = bs.poolBalances.get(pool);
        if (got?.tokens !== want.tokens || got.shares !== want.shares)
          return `${pool}: after a claim depositing ${amount} LP, the pool holds ${got?.tokens} tokens / ${got?.shares} shares, ${eg(`${want.tokens} / ${want.shares}`, `${got?.tokens} / ${got?.shares}`)}`;
        const before = b.user!.perPool.get(pool)!.ub.shares;
        const after = bs.userBalances.get(pool)?.get(e.from)?.shares ?? 0n;
        if (after !== before + minted)
          return `${e.from} in ${pool}: ${before} shares + the claim's ${minted} ${eg(before + minted, after)}`;
      }
      return deposited <= e.lpOut ? null : `the claim deposited ${deposited} LP, more than the ${e.lpOut} it minted`;
    },
  },
  {
    id: 'BLND-ROUND-001',
    claim: 'Rounding never pays a backstop claim more than the exact amount accrued (decimal.js reference).',
    rules: ['ROUND-FLOOR', 'CLAIM-EXACT'],
    fns: CLAIM,
    applies: (s) => isAcceptedCallOf(s, CLAIM),
    check: (s) => {
      if (!isAcceptedCallOf(s, CLAIM)) return null;
      const b = s.before.backstop!;
      const u = b.user!;
      let exactTotal = exact(0n);
      for (const pool of new Set(s.action.pools)) {
        const rec = b.pools.get(pool)!;
        if (rec.emis === undefined) continue;
        const r = u.perPool.get(pool)!;
        exactTotal = exactTotal.add(exactAccrued(s.profile, rec.emis, rec.pb, s.before.now, r.ue, r.ub));
      }
      const ev = s.outcome.events.find((e) => e.topic === 'claim' && e.contract === 'backstop');
      const claimed = ev !== undefined && ev.topic === 'claim' && ev.contract === 'backstop' ? ev.claimed : 0n;
      return exact(claimed).gt(exactTotal) ? `${u.address} claimed ${claimed} stroops, more than the exact ${exactTotal.toFixed(7)}` : null;
    },
  },
];
