/** Gulp (EPS and carry-over) and pool emission invariants. */
import { EMISSION_PERIOD, SCALAR_7 } from '../spec/constants.ts';
import { BackstopError } from '../spec/errors.ts';
import type { ReserveEmissionData } from '../model/state.ts';
import { splitEmissions } from '../model/backstop/gulp.ts';
import { exceeds, ratio, ratioText, type Ratio } from './exact.ts';
import { backstopEpsFits, isAcceptedCallOf, isCallOf, nextGulpAt } from './preconditions.ts';
import { eg, expectRejection, type Property } from './types.ts';

const WEEK = EMISSION_PERIOD.value;
const S7 = SCALAR_7.value;

const POOL_GULP = ['pool.gulp_emissions'] as const;
const POOL_CLAIM = ['pool.claim'] as const;

export const gulpPoolProperties: readonly Property[] = [
  {
    id: 'BLND-GULP-001',
    claim: "A pool gulp within 24 hours of its last is rejected with the backstop's BadRequest (1000) (v2).",
    rules: ['GULP-DAILY'],
    profiles: (p) => p.poolGulpMinInterval !== null,
    fns: POOL_GULP,
    // the last gulp from the ghost's record, not the implementation's stored time (a gulp that does
    // not write its time would otherwise turn this off); the stored time only for a pool the ghost
    // has not seen gulp (history before the run)
    applies: (s) => {
      const gap = s.profile.poolGulpMinInterval;
      if (gap === null || !isCallOf(s, POOL_GULP)) return false;
      const rec = s.before.backstop?.pools.get(s.action.pool);
      if (rec === undefined) return false;
      const last = s.ghost.gulpAtBefore(s.action.pool, s.outcome.ok) ?? rec.rz.lastTime;
      return s.before.now < nextGulpAt(last, gap.value);
    },
    check: (s) => expectRejection(s, BackstopError.BadRequest, 'a second gulp within a day'),
  },
  {
    id: 'BLND-LIVE-001',
    claim:
      "A pool gulp must succeed once a day has passed since the pool's last gulp (ghost's record) when distributions allocated it enough for the pool's minimum and the depositors' new EPS fits a u64, in or out of the reward zone, and it takes the whole allocation (v2).",
    rules: ['GULP-DAILY', 'GULP-SPLIT', 'GULP-POOL-MIN'],
    profiles: (p) => p.flow === 'v2',
    fns: POOL_GULP,
    applies: (s) => {
      if (!isCallOf(s, POOL_GULP) || s.ghost.preexisting.has(s.action.pool)) return false;
      const rec = s.before.backstop?.pools.get(s.action.pool);
      if (rec === undefined) return false;
      const ok = s.outcome.ok;
      const last = s.ghost.gulpAtBefore(s.action.pool, ok) ?? rec.rz.lastTime;
      const gap = s.profile.poolGulpMinInterval?.value ?? 0n;
      if (s.before.now < nextGulpAt(last, gap)) return false;
      const pending = s.ghost.pendingBefore(s.action.pool, ok);
      if (pending <= 0n || splitEmissions(pending).pool < (s.profile.poolGulpMinimum?.value ?? 0n)) return false;
      // the contract casts the depositors' new EPS to a u64 and traps past it (WasmVm#6; it takes
      // an allocation of ~1.6e18 stroops, 5,000 years of emissions to one pool: the deep-time
      // chain reaches it): no gulp of that pool can then succeed, a limit of the contract, not a
      // liveness fault (the model traps alike, and the lockstep compares the rejection)
      return backstopEpsFits(s.before.backstop?.pools.get(s.action.pool)?.emis, pending, s.before.now, s.profile.epsScale?.value ?? 1n);
    },
    check: (s) => {
      if (!isCallOf(s, POOL_GULP)) return null;
      const pool = s.action.pool;
      const pending = s.ghost.pendingBefore(pool, s.outcome.ok);
      const o = s.outcome;
      if (!o.ok)
        return `a gulp of ${pool}, allocated ${pending} stroops, was rejected with ${o.error.contract}#${o.error.code} ${o.error.errorName}`;
      const e = o.events.find((x) => x.topic === 'gulp_emissions' && x.contract === 'backstop' && x.pool === pool);
      const took = e !== undefined && e.topic === 'gulp_emissions' && e.contract === 'backstop' ? e.accrued : 0n;
      if (took < pending) return `a gulp of ${pool} took ${took} of the ${pending} stroops allocated to it`;
      const left = s.world.backstops.get(s.before.backstop!.address)?.rzEmis.get(pool)?.accrued ?? 0n;
      return left === 0n ? null : `after its gulp ${pool} still has ${left} stroops allocated`;
    },
  },
  {
    id: 'BLND-GULP-002',
    claim: "A new backstop EPS emits the new tokens plus the running EPS's unemitted remainder over 7 days, never more.",
    rules: ['GULP-EPS', 'GULP-CARRY', 'ROUND-FLOOR'],
    applies: (s) => s.outcome.ok && s.outcome.events.some((e) => e.topic === 'backstop_eps'),
    check: (s) => {
      if (!s.outcome.ok) return null;
      const epsScale = s.profile.epsScale?.value ?? 1n;
      const news = new Map<string, bigint>();
      for (const e of s.outcome.events)
        if (e.topic === 'gulp_emissions' && e.contract === 'backstop') news.set(e.pool, e.backstopEmissions);
      for (const e of s.outcome.events) {
        if (e.topic !== 'backstop_eps') continue;
        const prev = s.before.backstop?.pools.get(e.pool)?.emis;
        const carried =
          prev !== undefined && prev.expiration > s.before.now ? (prev.eps * (prev.expiration - s.before.now)) / epsScale : 0n;
        const added = news.get(e.pool);
        if (added !== undefined && e.tokensLeft !== added + carried)
          return `${e.pool}: tokens to emit ${eg(`${added} new + ${carried} carried`, e.tokensLeft)}`;
        if (e.expiration !== s.before.now + WEEK) return `${e.pool}: expiration ${eg(s.before.now + WEEK, e.expiration)}`;
        // a negative amount (v1: a pool with queued shares but no shares, as in the mainnet snapshot,
        // is allocated a negative part) truncates to eps 0, or to a panic below -7 days of stroops
        if (e.tokensLeft >= 0n && e.eps * WEEK > e.tokensLeft * epsScale)
          return `${e.pool}: eps ${e.eps} over 7 days emits more than ${e.tokensLeft} stroops`;
        if ((e.tokensLeft * epsScale) / WEEK !== e.eps) return `${e.pool}: eps ${eg((e.tokensLeft * epsScale) / WEEK, e.eps)}`;
      }
      return null;
    },
  },
  {
    id: 'BLND-POOL-001',
    claim: 'Reserve emission indices never decrease and never accrue past their expiration.',
    rules: ['IDX-MONO', 'POOL-EPS'],
    applies: (s) => s.outcome.ok && s.before.pool !== undefined && s.before.pool.emis.size > 0,
    check: (s) => {
      const p = s.before.pool!;
      const pool = s.world.pools.get(p.address)!;
      for (const [id, before] of p.emis) {
        const after = pool.emisData.get(id);
        if (after === undefined) continue;
        if (after.index < before.index) return `${p.address} res_token ${id} index went ${before.index} -> ${after.index}`;
        let supply = id % 2 === 0 ? p.supplies[Math.floor(id / 2)]![1] : p.supplies[Math.floor(id / 2)]![0];
        // several requests in one submit: a token without supply before the call is not updated by
        // its first request (update_emission_data leaves a token of no supply, and its last_time,
        // as they were) but by a later one, on the supply the earlier requests gave it (at least 1)
        if (supply === 0n && s.action.fn === 'pool.submit' && (s.action.more?.length ?? 0) > 0) supply = 1n;
        const allowed = allowedGrowth(before, supply, pool.reserves[Math.floor(id / 2)]!.scalar, s.before.now);
        if (exceeds(after.index - before.index, allowed))
          return `${p.address} res_token ${id} index grew ${after.index - before.index}, at most ${ratioText(allowed)}`;
      }
      return null;
    },
  },
  {
    id: 'BLND-POOL-002',
    claim: 'A pool claim pays exactly what the user had accrued on the listed reserve tokens and zeroes it.',
    rules: ['POOL-CLAIM', 'ROUND-FLOOR'],
    fns: POOL_CLAIM,
    applies: (s) => isAcceptedCallOf(s, POOL_CLAIM),
    check: (s) => {
      if (!isAcceptedCallOf(s, POOL_CLAIM)) return null;
      const p = s.before.pool!;
      const pool = s.world.pools.get(p.address)!;
      let expected = 0n;
      for (const id of new Set(s.action.reserveTokenIds)) {
        const before = p.emis.get(id);
        if (before === undefined) continue;
        const r = pool.reserves[Math.floor(id / 2)]!;
        const supply = id % 2 === 0 ? p.supplies[Math.floor(id / 2)]![1] : p.supplies[Math.floor(id / 2)]![0];
        const index =
          supply === 0n || before.eps === 0n
            ? before.index
            : before.index + (grownSeconds(before, s.before.now) * before.eps * r.scalar) / supply;
        const bal = p.balances.get(id) ?? 0n;
        const ue = p.userEmis?.get(id);
        const scale = r.scalar * S7;
        expected += ue === undefined ? (bal * index) / scale : ue.accrued + (bal * (index - ue.index)) / scale;
        const after = pool.userEmis.get(s.action.from)?.get(id);
        if (after === undefined || after.accrued !== 0n)
          return `after the claim ${s.action.from} still has ${after?.accrued} accrued on res_token ${id}`;
      }
      return s.outcome.result === expected ? null : `pool claim paid ${s.outcome.result}, ${eg(expected, s.outcome.result)}`;
    },
  },
];

function grownSeconds(d: ReserveEmissionData, now: bigint): bigint {
  if (d.lastTime >= d.expiration || now <= d.lastTime) return 0n;
  return (now < d.expiration ? now : d.expiration) - d.lastTime;
}

/** The reserve index growth the rule allows, exactly: seconds * eps * scalar / supply. */
function allowedGrowth(d: ReserveEmissionData, supply: bigint, scalar: bigint, now: bigint): Ratio {
  if (supply === 0n) return ratio(0n, 1n);
  return ratio(grownSeconds(d, now) * d.eps * scalar, supply);
}
