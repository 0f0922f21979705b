/**
 * Preconditions stated once. A property names the actions its precondition can reach in `fns`
 * (which the harness uses to skip it on other steps), tests the same actions in `applies` (which
 * the lockstep check calls on every step), and its `check` narrows the step to them again; the
 * command generator (src/commands/) resolves a command to those actions and picks the pools it acts
 * on by the same conditions. Each such condition is written here once and called from each place.
 */
import type { Action, ActionName } from '../model/actions.ts';
import type { Address } from '../model/state.ts';
import type { Profile } from '../spec/profiles.ts';
import { nonQueuedTokens } from '../model/backstop/pool-balance.ts';
import { ContractError } from '../model/errors.ts';
import { HostError } from '../spec/errors.ts';
import { EMISSION_PERIOD, U64_MAX } from '../spec/constants.ts';
import { splitEmissions } from '../model/backstop/gulp.ts';
import type { Before, Step, StepOutcome } from './types.ts';

/** The action of a step whose `fn` is one of `F`. */
export type CallOf<F extends ActionName> = Extract<Action, { readonly fn: F }>;

/** A step calling one of `F`. */
export type StepOf<F extends ActionName> = Step & { readonly action: CallOf<F> };

/** A step calling one of `F` that was accepted. */
export type AcceptedStepOf<F extends ActionName> = StepOf<F> & { readonly outcome: Extract<StepOutcome, { readonly ok: true }> };

/** The step calls one of `fns` (a property's `fns` list, tested in its `applies` and narrowed to in its `check`). */
export function isCallOf<F extends ActionName>(s: Step, fns: readonly F[]): s is StepOf<F> {
  return (fns as readonly ActionName[]).includes(s.action.fn);
}

/** The step calls one of `fns` and the call was accepted. */
export function isAcceptedCallOf<F extends ActionName>(s: Step, fns: readonly F[]): s is AcceptedStepOf<F> {
  return s.outcome.ok && (fns as readonly ActionName[]).includes(s.action.fn);
}

/** A backstop's distribution entry points: v2 `distribute()`, v1 `gulp_emissions()`. */
export const BACKSTOP_DISTRIBUTION = ['backstop.distribute', 'backstop.gulp_emissions'] as const satisfies readonly ActionName[];

/** The backstop distribution entry point of a profile's flow (the command generator resolves `backstop#n.distribute()` to it). */
export const backstopDistributionOf = (p: Profile): (typeof BACKSTOP_DISTRIBUTION)[number] =>
  p.flow === 'v1' ? 'backstop.gulp_emissions' : 'backstop.distribute';

const zoneSets = new WeakMap<readonly Address[], ReadonlySet<Address>>();
/**
 * A reward zone as a set. Reward zones are immutable arrays (the model and the state reader
 * replace one on every change, as `Before` relies on), so the set is kept per array: a rejected
 * add_reward, or a distribution, leaves the zone's array as it was, and it is not built again.
 */
export function rewardZoneSet(rz: readonly Address[]): ReadonlySet<Address> {
  let s = zoneSets.get(rz);
  if (s === undefined) zoneSets.set(rz, (s = new Set(rz)));
  return s;
}

/** `pool` is in the reward zone `rz` (the generator adds pools outside it; BLND-RZ-003 and BLND-RZ-004 read it). */
export const inRewardZone = (rz: readonly Address[], pool: Address): boolean => rewardZoneSet(rz).has(pool);

/**
 * When a pool may next gulp (v2, `gulpGap` the profile's poolGulpMinInterval): a gulp before it is
 * rejected (BLND-GULP-001), and the generator advances time to it (src/commands/time.ts).
 */
export const nextGulpAt = (rzLastTime: bigint, gulpGap: bigint): bigint => rzLastTime + gulpGap;

/**
 * The end of the reward-zone edit window after a distribution at `lastDistribution` (v2, `window`
 * the profile's rzEditWindow): an edit after it is stale (BLND-RZ-003's expected error), and the
 * generator advances time to it (src/commands/time.ts).
 */
export const rzEditWindowEnd = (lastDistribution: bigint, window: bigint): bigint => lastDistribution + window;

/**
 * Σ non-queued tokens (stroops of LP) of the zone's pools before the step, or undefined when a zone
 * pool's balance was not captured, or 'overflow' when a pool's queued shares' conversion to tokens
 * leaves i128 (`fixed_mul_floor` of q4w x tokens: a panic, WasmVm#6; reached by the whale's amounts
 * past 2^63, spec/genesis.json whale_lp). backstop/src/emissions/manager.rs `distribute` divides
 * each pool's by this total (`fixed_div_floor`), which panics on 0.
 */
export function zoneNonQueuedTokens(b: NonNullable<Before['backstop']>): bigint | 'overflow' | undefined {
  let total = 0n;
  for (const pool of b.rewardZone) {
    const p = b.pools.get(pool);
    if (p === undefined) return undefined;
    try {
      total += nonQueuedTokens(p.pb);
    } catch (e) {
      if (e instanceof ContractError && e.contract === HostError.Panic.contract && e.code === HostError.Panic.code) return 'overflow';
      throw e;
    }
  }
  return total;
}

/**
 * Whether the backstop EPS a gulp of `pending` stroops would set fits a u64: (70% of `pending` plus
 * the running EPS's unemitted remainder) x `epsScale` / 7 days <= U64_MAX (backstop/src/emissions/
 * manager.rs `set_backstop_emission_eps`, as model/backstop/gulp.ts computes it). `emis` is the
 * pool's backstop emission data before the call (eps in the profile's EPS scale, expiration in
 * seconds), `now` seconds.
 */
export function backstopEpsFits(
  emis: { eps: bigint; expiration: bigint } | undefined,
  pending: bigint,
  now: bigint,
  epsScale: bigint,
): boolean {
  let tokensLeft = splitEmissions(pending).backstop;
  if (emis !== undefined && emis.expiration > now) tokensLeft += (emis.eps * (emis.expiration - now)) / epsScale;
  return (tokensLeft * epsScale) / EMISSION_PERIOD.value <= U64_MAX.value;
}
