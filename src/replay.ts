/**
 * Replay a list of actions on a fresh world with every property checked, without the generators:
 * what a regression test runs.
 */
import type { Action } from '../model/actions.ts';
import { createWorld, type WorldConfig } from './world/create.ts';
import { getProfile } from '../spec/profiles.ts';
import { PROPERTIES } from '../properties/index.ts';
import { PropertyViolation } from '../properties/types.ts';
import { Harness, Stats } from './harness/harness.ts';
import { loadSnapshot } from './world/snapshot/load.ts';
import type { Failure, LoadedBundle } from './bundle.ts';

type JsonAction = Record<string, unknown>;

/** Actions as JSON carry amounts as decimal strings: turn the numeric fields back into bigints. */
function revive(a: JsonAction): Action {
  const big = new Set(['seconds', 'blndPerLp', 'usdcPerLp', 'amount', 'minLpTokensOut', 'share']);
  const conv = (v: unknown, k: string): unknown => {
    if (Array.isArray(v))
      return v.map((x) =>
        typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).map(([kk, vv]) => [kk, conv(vv, kk)])) : x,
      );
    return big.has(k) && (typeof v === 'string' || typeof v === 'number') ? BigInt(v) : v;
  };
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, conv(v, k)])) as Action;
}

/** Returns the violation, or undefined when every step keeps every property. */
export function replayActions(
  profile: string,
  world: WorldConfig | { users: number; pools: number; start: string | bigint; rewardZoneGap?: number | null } | { snapshot: string },
  actions: readonly (Action | JsonAction)[],
): PropertyViolation | undefined {
  const p = getProfile(profile);
  if (p === undefined) throw new Error(`unknown profile ${profile}`);
  const w =
    'snapshot' in world ? loadSnapshot(world.snapshot).world : createWorld(p, { ...world, start: BigInt(world.start) } as WorldConfig);
  const h = new Harness(w, PROPERTIES, new Stats());
  try {
    for (const a of actions) h.step(revive(a as JsonAction));
  } catch (e) {
    if (e instanceof PropertyViolation) return e;
    throw e;
  }
  return undefined;
}

/** What `blend-harness replay` found: the first failure (if any) and how often each property was checked. */
export interface BundleReplay {
  readonly failure: Failure | undefined;
  readonly checks: ReadonlyMap<string, number>;
  /** The error the steps raised when it is not a property's violation (failure MODEL-PANIC). */
  readonly error?: unknown;
}

/**
 * A bundle's steps on a fresh world with its properties checked after every step, as `run` did
 * (bundle.ts `replayBundle`), counting the checks: a replay that checked nothing, or not the
 * property it recorded as failing, proves nothing (`replayVerdict`).
 */
export function replayCounted(b: LoadedBundle): BundleReplay {
  const stats = new Stats();
  const h = new Harness(b.makeWorld(), b.properties, stats);
  let i = 0;
  try {
    for (; i < b.actions.length; i++) h.step(b.actions[i]!);
  } catch (e) {
    if (e instanceof PropertyViolation)
      return { failure: { property: e.propertyId, message: e.detail, step: e.stepIndex }, checks: stats.checks };
    return {
      failure: { property: 'MODEL-PANIC', message: e instanceof Error ? e.message : String(e), step: i },
      checks: stats.checks,
      error: e,
    };
  }
  return { failure: undefined, checks: stats.checks };
}

/**
 * The verdict of a replay: `fail` when a property failed; `fault` when the steps raised an error
 * that is not a property's violation; `insufficient` when nothing failed but the replay proves
 * nothing (the bundle lists no properties, or the property it recorded as failing was not among
 * them or never checked); else `pass`, with the reason when it is not a pass.
 */
export function replayVerdict(
  b: Pick<LoadedBundle, 'json'>,
  r: BundleReplay,
): { verdict: 'pass' | 'fail' | 'fault' | 'insufficient'; why?: string } {
  if (r.failure !== undefined) return { verdict: r.failure.property === 'MODEL-PANIC' ? 'fault' : 'fail' };
  const listed = b.json.properties;
  if (listed.length === 0) return { verdict: 'insufficient', why: 'the bundle lists no properties: nothing was checked' };
  const want = b.json.failure.property;
  if (PROPERTIES.some((p) => p.id === want)) {
    if (!listed.includes(want))
      return {
        verdict: 'insufficient',
        why: `the recorded failure's property ${want} is not among the bundle's properties: it was not checked`,
      };
    if ((r.checks.get(want) ?? 0) === 0)
      return { verdict: 'insufficient', why: `the recorded failure's property ${want} was never exercised by these steps (0 checks)` };
  }
  const checked = listed.filter((id) => (r.checks.get(id) ?? 0) > 0).length;
  if (checked === 0)
    return { verdict: 'insufficient', why: `none of the bundle's ${listed.length} properties was exercised by these steps (0 checks)` };
  return { verdict: 'pass' };
}
