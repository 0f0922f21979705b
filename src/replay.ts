/**
 * Replay a list of actions on a fresh world with every property checked, without the generators:
 * what a regression test runs.
 */
import type { Action } from '../model/actions.ts';
import { createWorld, type WorldConfig } from '../model/world.ts';
import { getProfile } from '../spec/profiles.ts';
import { PROPERTIES } from '../properties/index.ts';
import { PropertyViolation } from '../properties/types.ts';
import { Harness, Stats } from './harness/harness.ts';
import { loadSnapshot } from './snapshot/load.ts';

type JsonAction = Record<string, unknown>;

/** Actions as JSON carry amounts as decimal strings: turn the numeric fields back into bigints. */
function revive(a: JsonAction): Action {
  const big = new Set(['seconds', 'blndPerLp', 'usdcPerLp', 'amount', 'minLpTokensOut', 'share']);
  const conv = (v: unknown, k: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).map(([kk, vv]) => [kk, conv(vv, kk)])) : x));
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
  const w = 'snapshot' in world ? loadSnapshot(world.snapshot).world : createWorld(p, { ...world, start: BigInt(world.start) } as WorldConfig);
  const h = new Harness(w, PROPERTIES, new Stats());
  try {
    for (const a of actions) h.step(revive(a as JsonAction));
  } catch (e) {
    if (e instanceof PropertyViolation) return e;
    throw e;
  }
  return undefined;
}
