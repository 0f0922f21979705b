/** Allocation, split and conservation invariants of the distribution. decimal.js gives the exact amounts. */
import { BACKSTOP_EMISSION_SHARE, POOL_EMISSION_SHARE, SCALAR_7 } from '../spec/constants.ts';
import { BackstopError } from '../spec/errors.ts';
import { nonQueuedTokens } from '../model/backstop/pool-balance.ts';
import type { ModelEvent } from '../model/context.ts';
import { eg, expectRejection, knownDefect, type Property, type Step } from './types.ts';
import { exact } from './exact.ts';
import { BACKSTOP_DISTRIBUTION, isAcceptedCallOf, isCallOf } from './preconditions.ts';

const S7 = SCALAR_7.value;
const D = exact;

function backstopDistributeEvent(s: Step): Extract<ModelEvent, { topic: 'distribute'; contract: 'backstop' }> | undefined {
  if (!s.outcome.ok) return undefined;
  for (const e of s.outcome.events) if (e.topic === 'distribute' && e.contract === 'backstop') return e;
  return undefined;
}

/** The backstop calls that update a user's accrued emissions. */
const ACCRUING = [
  'backstop.claim',
  'backstop.deposit',
  'backstop.queue_withdrawal',
  'backstop.dequeue_withdrawal',
  'backstop.withdraw',
] as const;
/** The calls that distribute or gulp emissions. */
const DISTRIBUTING = ['backstop.distribute', 'backstop.gulp_emissions', 'pool.gulp_emissions'] as const;

/** num / den exactly, to 7 decimals (for messages). */
const quotient = (num: bigint, den: bigint): string => D(num).div(D(den)).toFixed(7);

export const distributionProperties: readonly Property[] = [
  {
    id: 'BLND-DIST-001',
    claim:
      'Each distribution allocates to reward-zone pools pro rata to non-queued tokens: never more than the exact share, and less by at most amount/1e7 + 1 stroops.',
    rules: ['DIST-PRORATA', 'ROUND-FLOOR'],
    applies: (s) => (backstopDistributeEvent(s)?.allocated.length ?? 0) > 0,
    check: (s) => {
      const e = backstopDistributeEvent(s)!;
      const b = s.before.backstop!;
      // non-queued tokens in reward-zone order (the order the allocation lists them in; a pool out
      // of that order is looked up)
      const rz = b.rewardZone;
      const v1 = s.profile.shareConversion === 'v1';
      const nq: bigint[] = [];
      let total = 0n;
      for (const pool of rz) {
        const v = nonQueuedTokens(b.pools.get(pool)!.pb, v1);
        nq.push(v);
        total += v;
      }
      const amount = s.profile.flow === 'v1' ? (e.amount * (BACKSTOP_EMISSION_SHARE.value + POOL_EMISSION_SHARE.value)) / S7 : e.amount;
      // exact rational comparisons by cross-multiplication (bigint, no rounding); decimal.js renders
      // the exact quotient only for a message
      const slack = amount / S7 + 3n;
      const slackTotal = slack * total;
      for (let i = 0; i < e.allocated.length; i++) {
        const [pool, got] = e.allocated[i]!;
        const at = rz[i] === pool ? i : rz.indexOf(pool);
        const num = amount * (at < 0 ? 0n : nq[at]!);
        const paid = got * total;
        if (paid > num) return `${pool} allocated ${got} stroops, more than the exact ${quotient(num, total)}`;
        if (num - paid > slackTotal)
          return `${pool} allocated ${got} stroops, short of the exact ${quotient(num, total)} by more than ${slack}`;
      }
      return null;
    },
  },
  {
    id: 'BLND-DIST-002',
    claim: 'Every gulp gives exactly floor(70%) of the allocation to backstop depositors and floor(30%) to the pool.',
    rules: ['GULP-SPLIT', 'ROUND-FLOOR'],
    applies: (s) => s.outcome.ok && s.outcome.events.some((e) => e.topic === 'gulp_emissions' && e.contract === 'backstop'),
    check: (s) => {
      if (!s.outcome.ok) return null;
      for (const e of s.outcome.events) {
        if (e.topic !== 'gulp_emissions' || e.contract !== 'backstop') continue;
        if (s.profile.flow === 'v2') {
          const b = (e.accrued * BACKSTOP_EMISSION_SHARE.value) / S7;
          const p = (e.accrued * POOL_EMISSION_SHARE.value) / S7;
          if (e.backstopEmissions !== b || e.poolEmissions !== p)
            return `gulp of ${e.accrued} for ${e.pool}: 70/30 ${eg(`${b}/${p}`, `${e.backstopEmissions}/${e.poolEmissions}`)}`;
        }
        if (e.backstopEmissions + e.poolEmissions > e.accrued)
          return `gulp for ${e.pool} paid ${e.backstopEmissions + e.poolEmissions} of ${e.accrued}`;
        // the split itself: depositors get 7/3 of the pool's part, up to rounding
        // (integers: |3b - 7p| is exact in bigint)
        const diff = e.backstopEmissions * 3n - e.poolEmissions * 7n;
        if ((diff < 0n ? -diff : diff) > 10n + (e.accrued / S7) * 10n)
          return `gulp for ${e.pool}: ${e.backstopEmissions}/${e.poolEmissions} is not 70/30`;
      }
      return null;
    },
  },
  {
    id: 'BLND-DIST-003',
    claim: "A distribution sooner than the profile's minimum interval is rejected with BadRequest (1000).",
    rules: ['DIST-INTERVAL'],
    fns: BACKSTOP_DISTRIBUTION,
    // the times from the ghost's record (its last distribution's emitter time, the emitter's last
    // payment to it), not the stored ones, which a distribution that does not write its time would
    // leave old; the stored ones for what happened before the run
    applies: (s) => {
      const b = s.before.backstop;
      if (!isCallOf(s, BACKSTOP_DISTRIBUTION) || b === undefined) return false;
      const ok = s.outcome.ok;
      const last = s.ghost.consumedAtBefore(b.address, ok) ?? b.lastDistributionTime;
      if (last === 0n) return false;
      const known = s.ghost.emitterAtBefore(b.address, ok) ?? s.before.lastDistro.get(b.address);
      if (s.action.fn === 'backstop.distribute') {
        // the first call after the emitter learns this backstop resets instead (BF-RESET)
        if (known !== undefined && b.backfillStatus === true) return false;
        if (known === undefined && b.backfillStatus === false) return false;
      }
      const emitterLast = known ?? s.before.now;
      const { seconds, strict } = s.profile.distributeMinInterval;
      const gap = emitterLast - last;
      return gap >= 0n && (strict ? gap <= seconds.value : gap < seconds.value);
    },
    check: (s) => expectRejection(s, BackstopError.BadRequest, 'a distribution within the minimum interval'),
  },
  {
    id: 'BLND-CONS-001',
    claim: 'Per backstop, everything distributed is either still allocated to a pool or was gulped, less bounded rounding dust.',
    rules: ['DIST-PRORATA', 'GULP-SPLIT', 'ROUND-FLOOR'],
    fns: DISTRIBUTING,
    applies: (s) => isAcceptedCallOf(s, DISTRIBUTING),
    check: (s) => {
      for (const bs of s.world.backstops.values()) {
        const distributed = s.ghost.distributed.get(bs.address) ?? 0n;
        let held = 0n;
        // (forEach: iterating a Map's entries allocates an array per entry)
        s.ghost.gulped.forEach((g, pool) => {
          if (s.world.pools.get(pool)?.backstop === bs.address || bs.rzEmis.has(pool)) held += g.accrued;
        });
        if (s.profile.flow === 'v2') for (const rz of bs.rzEmis.values()) held += rz.accrued;
        const dust = distributed - held;
        const bound = s.ghost.distributeDustBound.get(bs.address) ?? 0n;
        if (dust < 0n) return `${bs.address}: pools hold ${held} stroops but only ${distributed} were distributed`;
        if (dust > bound) return `${bs.address}: ${dust} stroops of ${distributed} distributed are unaccounted for (dust bound ${bound})`;
      }
      return null;
    },
  },
  {
    id: 'BLND-CONS-002',
    claim:
      "Per pool, the BLND its backstop depositors claimed plus what they still have accrued never exceeds the depositors' share (70%) of the pool's gulped emissions.",
    rules: ['GULP-SPLIT', 'GULP-EPS', 'CLAIM-EXACT', 'ROUND-FLOOR'],
    knownDefects: ['V1-CLAIM-TO'],
    fns: ACCRUING,
    applies: (s) => isAcceptedCallOf(s, ACCRUING),
    check: (s) => {
      if (!isCallOf(s, ACCRUING)) return null;
      const a = s.action;
      const bs = s.world.backstops.get(a.backstop);
      if (bs === undefined) return null;
      let defect: string | undefined;
      for (const pool of a.fn === 'backstop.claim' ? a.pools : [a.pool]) {
        // history unknown (a snapshot)
        if (s.ghost.preexisting.has(pool)) continue;
        const toDepositors = s.ghost.gulped.get(pool)?.backstop ?? 0n;
        const claimed = s.ghost.claimedByPool.get(pool) ?? 0n;
        let accrued = 0n;
        for (const ue of bs.userEmisData.get(pool)?.values() ?? []) accrued += ue.accrued;
        if (claimed + accrued > toDepositors) {
          const msg = `${pool}: depositors claimed ${claimed} and hold ${accrued} accrued stroops, ${claimed + accrued - toDepositors} more than the ${toDepositors} gulped to them`;
          // v1 claims credited this pool's shares to another user without updating its emissions: a
          // known defect up to what they can over-pay, reported once no other pool fails
          const allowed = s.ghost.claimToExcess?.get(pool);
          if (allowed === undefined || claimed + accrued - toDepositors > allowed) return msg;
          defect ??= knownDefect('V1-CLAIM-TO', `${msg} (v1 claims to another user over-pay up to ${allowed})`);
        }
      }
      return defect ?? null;
    },
  },
];
