/**
 * The pool's side of emissions: POOL-CONFIG (set_emissions_config) and GULP-POOL-MIN (a pool gulp
 * takes at least 1 BLND), each both ways.
 *
 * Whether the backstop's part of a pool gulp passes (v2: a day since the pool's last gulp; v1:
 * something allocated) is read from the backstop's stored `RzEmissions` before the step, as
 * BLND-GULP-001 reads it: no ghost keeps the pools' gulp times.
 */
import { POOL_EMISSION_SHARE, SCALAR_7, U32_MAX } from '../spec/constants.ts';
import { PoolError } from '../spec/errors.ts';
import { backstopEpsFits, isCallOf, nextGulpAt } from './preconditions.ts';
import { profileOf, rulesBefore, sameMap } from './rule-before.ts';
import { eg, expectRejection, type Property, type Step } from './types.ts';

const S7 = SCALAR_7.value;
const CONFIG = ['pool.set_emissions_config'] as const;
const POOL_GULP = ['pool.gulp_emissions'] as const;

const mapText = (m: ReadonlyMap<number, bigint> | undefined): string =>
  m === undefined ? 'none' : `{${[...m].map(([k, v]) => `${k}: ${v}`).join(', ')}}`;

/**
 * The pool's 30% the backstop hands over on a pool gulp, or undefined where the backstop's part
 * rejects it (v2 within a day of the last gulp: BLND-GULP-001; v1 nothing allocated).
 */
function poolTake(s: Step): bigint | undefined {
  if (!isCallOf(s, POOL_GULP)) return undefined;
  const rec = s.before.backstop?.pools.get(s.action.pool);
  if (rec === undefined || s.before.pool === undefined) return undefined;
  const p = profileOf(s, s.before.backstop!.address);
  const accrued = rec.rz.accrued;
  if (p.flow === 'v1') return accrued === 0n ? undefined : accrued;
  const gap = p.poolGulpMinInterval;
  if (gap !== null && s.before.now < nextGulpAt(rec.rz.lastTime, gap.value)) return undefined;
  return accrued <= 0n ? 0n : (accrued * POOL_EMISSION_SHARE.value) / S7;
}

export const poolConfigProperties: readonly Property[] = [
  {
    id: 'BLND-POOL-003',
    claim:
      "set_emissions_config with an entry whose res_type is over 1, whose reserve the pool does not have, or whose share is 0 is rejected with the pool's BadRequest (1200), the configuration unchanged; a valid one replaces the whole configuration (res_index * 2 + res_type -> share).",
    rules: ['POOL-CONFIG'],
    fns: CONFIG,
    // an index whose res_index * 2 + res_type overflows u32 panics first (WasmVm#6): left out
    applies: (s) =>
      isCallOf(s, CONFIG) &&
      rulesBefore(s)?.emissionConfig !== undefined &&
      s.action.metadata.every((m) => BigInt(m.resIndex) * 2n + BigInt(m.resType) <= U32_MAX.value),
    check: (s) => {
      if (!isCallOf(s, CONFIG)) return null;
      const before = rulesBefore(s)!.emissionConfig!;
      const pool = s.world.pools.get(s.action.pool);
      if (pool === undefined) return null;
      const n = pool.reserves.length;
      const bad = s.action.metadata.find((m) => m.resType > 1 || m.resIndex >= n || m.share === 0n);
      if (bad !== undefined) {
        const what = (): string =>
          `set_emissions_config of ${s.action.pool} with {res_index: ${bad.resIndex}, res_type: ${bad.resType}, share: ${bad.share}} (${n} reserves)`;
        const r = expectRejection(s, PoolError.BadRequest, what);
        if (r !== null) return r;
        return sameMap(pool.emissionConfig, before)
          ? null
          : `${what()} changed the configuration ${mapText(before)} -> ${mapText(pool.emissionConfig)}`;
      }
      const what = (): string => `a valid set_emissions_config of ${s.action.pool}`;
      if (!s.outcome.ok)
        return `${what()} was rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}`;
      const expected = new Map<number, bigint>();
      for (const m of s.action.metadata) expected.set(m.resIndex * 2 + m.resType, m.share);
      return sameMap(pool.emissionConfig, expected)
        ? null
        : `${what()}: configuration ${eg(mapText(expected), mapText(pool.emissionConfig))}`;
    },
  },
  {
    id: 'BLND-GULP-003',
    claim:
      "A pool gulp whose take (v2: 30% of its allocation; v1: its allocation) is under 1 BLND is rejected with the pool's BadRequest (1200), leaving the allocation and the reserve EPS as they were; one of at least 1 BLND (v2: whose depositors' new EPS fits a u64) is accepted and takes exactly that.",
    rules: ['GULP-POOL-MIN'],
    profiles: (p) => p.poolGulpMinimum !== null,
    fns: POOL_GULP,
    applies: (s) => {
      const take = poolTake(s);
      if (take === undefined || !isCallOf(s, POOL_GULP)) return false;
      const p = profileOf(s, s.before.backstop!.address);
      if (p.poolGulpMinimum === null) return false;
      // an accepted take needs the depositors' new EPS to fit a u64 (v2; the contract traps past it,
      // WasmVm#6: a limit of the contract that only the deep-time chain reaches, as in BLND-LIVE-001)
      if (p.flow !== 'v2' || take < p.poolGulpMinimum.value) return true;
      const rec = s.before.backstop!.pools.get(s.action.pool)!;
      return backstopEpsFits(rec.emis, rec.rz.accrued, s.before.now, p.epsScale?.value ?? 1n);
    },
    check: (s) => {
      if (!isCallOf(s, POOL_GULP)) return null;
      const take = poolTake(s)!;
      const min = profileOf(s, s.before.backstop!.address).poolGulpMinimum!.value;
      const what = (): string => `a gulp of ${s.action.pool} taking ${take} stroops (minimum ${min})`;
      if (take >= min) {
        if (!s.outcome.ok)
          return `${what()} was rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}`;
        return s.outcome.result === take ? null : `${what()}: gulped ${eg(take, s.outcome.result)}`;
      }
      const r = expectRejection(s, PoolError.BadRequest, what);
      if (r !== null) return r;
      const bs = s.world.backstops.get(s.before.backstop!.address);
      const was = s.before.backstop!.pools.get(s.action.pool)!.rz.accrued;
      const now = bs?.rzEmis.get(s.action.pool)?.accrued ?? 0n;
      if (now !== was) return `${what()} changed the pool's allocation ${was} -> ${now}`;
      const pool = s.world.pools.get(s.action.pool);
      if (pool === undefined) return null;
      for (const [id, d] of s.before.pool!.emis) {
        const a = pool.emisData.get(id);
        if (a === undefined || a.eps !== d.eps || a.expiration !== d.expiration) return `${what()} changed res_token ${id}'s EPS`;
      }
      return null;
    },
  },
];
