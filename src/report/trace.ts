/**
 * The per-step trace of a counterexample, for report.html: the shrunk steps replayed on a fresh
 * world (with the run's own `apply`, so a wrong implementation's trace shows its own numbers), and
 * after each step the ledger time, the ghost's cumulative BLND minted by distribute, each
 * backstop's backfill and reward-zone size with the profile's limits, each involved user's
 * accrued (unclaimed) emissions, and what changed in the observable state.
 *
 * Units: amounts in stroops, times in seconds.
 */
import type { Action } from '../../model/actions.ts';
import { toCall } from '../../model/actions.ts';
import type { Outcome } from '../../model/world.ts';
import { createWorld, type WorldConfig } from '../world/create.ts';
import type { Address, World } from '../../model/state.ts';
import { poolBalanceOf, userBalanceOf } from '../../model/state.ts';
import { Tx } from '../../model/tx.ts';
import type { Ctx, ModelEvent } from '../../model/context.ts';
import { updateEmissionData, updateUserEmissions } from '../../model/backstop/distributor.ts';
import { updateEmissions as updatePoolUserEmissions } from '../../model/pool/distributor.ts';
import { getProfile, maxRewardZoneSize, type Profile } from '../../spec/profiles.ts';
import { Harness, Stats } from '../harness/harness.ts';
import { worldToState } from '../protocol/state.ts';
import { loadSnapshot } from '../world/snapshot/load.ts';

/** One field of the observable state that a step changed (dotted path, addresses by name). */
export interface TraceChange {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/**
 * What an implementation under `check` reported after one step of a sequence (src/check/lockstep.ts):
 * its reply, and its state — read in full (`read`: as a world; `minted` is the stroops its
 * emitter.distribute calls minted so far by the harness's count of its replies, undefined when not
 * known), the model's state text byte for byte (`equal`), or not asked for / not answered (`unread`).
 * `step` is 0-based as the lockstep counts (-1: genesis, before the first step).
 */
export interface ImplementationStep {
  readonly step: number;
  /** The reply in TracePoint.outcome's syntax; undefined at genesis. */
  readonly reply: string | undefined;
  readonly state:
    | { readonly kind: 'read'; readonly world: World; readonly minted: bigint | undefined }
    | { readonly kind: 'equal' }
    | { readonly kind: 'unread' };
}

/**
 * The implementation's side of a trace point (`check` reports): what it replied and, where its
 * state was read, the same figures as the model's point (stroops, seconds) computed on its state,
 * and every field of its observable state that differs from the model's.
 */
export interface ImplementationPoint {
  /** `read`: its state was read in full; `equal`: it was the model's state text byte for byte (every figure is the model's); `unread`: not read at this step. */
  readonly source: 'read' | 'equal' | 'unread';
  /** The implementation's reply (TracePoint.outcome's syntax); undefined at the start. */
  readonly outcome: string | undefined;
  /** Ledger timestamp (seconds), when read. */
  readonly time?: bigint;
  /** Cumulative stroops minted by emitter.distribute per the implementation's replies, when known. */
  readonly emitted?: bigint;
  /** Backfilled emissions of each backstop (stroops), when read. */
  readonly backfill?: Readonly<Record<string, bigint>>;
  /** Reward-zone length of each backstop, when read. */
  readonly rewardZone?: Readonly<Record<string, number>>;
  /** Each involved user's accrued emissions (stroops) on the implementation's state, when read. */
  readonly accrued?: Readonly<Record<string, { readonly backstop: bigint; readonly pool: bigint }>>;
  /** Fields of the observable state where the implementation differs: `before` the model's value, `after` the implementation's (at most MAX_CHANGES). */
  readonly differs: readonly TraceChange[];
  /** Differences left out beyond MAX_CHANGES. */
  readonly moreDiffers: number;
}

/** The state after a step (step 0: the world before the first step). */
export interface TracePoint {
  /** 1-based step number; 0 for the starting state. */
  readonly step: number;
  /** The call in Blend's syntax (null for the starting state). */
  readonly call: string | null;
  /** `ok`, `ok: <result>`, `rejected: <Contract>#<code> <Name>` or `panic: <message>`. */
  readonly outcome: string;
  /** Ledger timestamp (seconds). */
  readonly time: bigint;
  /** Seconds since the emission clock started (the emitter's last distribution at the start). */
  readonly elapsed: bigint;
  /** Cumulative stroops minted by emitter.distribute (ghost total; drops excluded). */
  readonly emitted: bigint;
  /** The 1 BLND/s line: elapsed x 1e7 stroops. */
  readonly emissionLine: bigint;
  /** Backfilled emissions of each backstop (stroops). */
  readonly backfill: Readonly<Record<string, bigint>>;
  /** The profile's backfill maximum (stroops); null when the profile has no backfill. */
  readonly backfillMax: bigint | null;
  /** Reward-zone length of each backstop. */
  readonly rewardZone: Readonly<Record<string, number>>;
  /** The profile's maximum reward-zone length at `time`. */
  readonly rewardZoneMax: number;
  /** Each involved user's accrued, unclaimed emissions (stroops): backstop (all pools) and pool (all reserves), as `claim` would pay now. */
  readonly accrued: Readonly<Record<string, { readonly backstop: bigint; readonly pool: bigint }>>;
  /** What the step changed in the observable state (at most MAX_CHANGES). */
  readonly changes: readonly TraceChange[];
  /** Changes left out beyond MAX_CHANGES. */
  readonly moreChanges: number;
  /** `check` reports: what the implementation reported at this step, beside the model's figures above. */
  readonly impl?: ImplementationPoint;
}

export const MAX_CHANGES = 40;

export interface TraceOptions {
  /** The implementation the run applied (default: the reference model). */
  readonly apply?: (w: World, a: Action) => Outcome;
  /** Prepares the world as the run did (after the harness is built). */
  readonly prepare?: (w: World) => void;
  /** `check`: what the implementation reported at each step (lockstep order), shown beside the model's figures. */
  readonly implementation?: readonly ImplementationStep[];
}

/** The users an action acts for: `from` and `to`. */
function usersOf(a: Action): Address[] {
  const out: Address[] = [];
  if ('from' in a) out.push(a.from);
  if ('to' in a && typeof a.to === 'string') out.push(a.to);
  return out;
}

type Leaf = string;

/** Every changed leaf between two canonical states; arrays are leaves. */
function changes(before: unknown, after: unknown, path: string, out: { path: string; before: Leaf; after: Leaf }[]): void {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) changes(before[k], after[k], path === '' ? k : `${path}.${k}`, out);
    return;
  }
  // a record that appears or goes (absent or null on the other side): field by field, so each
  // value is shown in its unit
  if (isObj(before) && (after === undefined || after === null)) {
    for (const k of Object.keys(before).sort()) changes(before[k], undefined, `${path}.${k}`, out);
    return;
  }
  if ((before === undefined || before === null) && isObj(after)) {
    for (const k of Object.keys(after).sort()) changes(undefined, after[k], `${path}.${k}`, out);
    return;
  }
  const show = (v: unknown): string => (v === undefined ? 'absent' : typeof v === 'string' ? v : JSON.stringify(v));
  const b = show(before);
  const a = show(after);
  if (b !== a) out.push({ path, before: b, after: a });
}

/** What `claim` would pay `user` now, backstop and pool side, computed by the model and rolled back. */
function accruedOf(w: World, user: Address): { backstop: bigint; pool: bigint } {
  const tx = new Tx();
  const events: ModelEvent[] = [];
  const ctx: Ctx = { w, p: w.profile, tx, events };
  let backstop = 0n;
  let pool = 0n;
  try {
    for (const bs of w.backstops.values()) {
      for (const [poolAddr, users] of bs.userEmisData) {
        const stored = users.get(user);
        if (stored === undefined && userBalanceOf(bs, poolAddr, user).shares === 0n) continue;
        let accrued = stored?.accrued ?? 0n;
        try {
          const data = updateEmissionData(ctx, bs, poolAddr, poolBalanceOf(bs, poolAddr));
          if (data !== undefined) {
            updateUserEmissions(ctx, bs, poolAddr, user, data, userBalanceOf(bs, poolAddr, user), false);
            accrued = bs.userEmisData.get(poolAddr)?.get(user)?.accrued ?? accrued;
          }
        } catch {
          // the model would reject (e.g. v1 with every share queued): the stored accrual stands
        }
        backstop += accrued;
      }
      // deposits made before a pool's emissions began have no emission record yet
      for (const [poolAddr, users] of bs.userBalances) {
        if (bs.userEmisData.get(poolAddr)?.has(user) || !users.has(user) || !bs.emisData.has(poolAddr)) continue;
        try {
          const data = updateEmissionData(ctx, bs, poolAddr, poolBalanceOf(bs, poolAddr));
          if (data !== undefined) {
            updateUserEmissions(ctx, bs, poolAddr, user, data, userBalanceOf(bs, poolAddr, user), false);
            backstop += bs.userEmisData.get(poolAddr)?.get(user)?.accrued ?? 0n;
          }
        } catch {
          // as above
        }
      }
    }
    for (const p of w.pools.values()) {
      const ids = new Set<number>([...(p.userEmis.get(user)?.keys() ?? []), ...(p.positions.has(user) ? p.emisData.keys() : [])]);
      for (const id of ids) {
        try {
          updatePoolUserEmissions(ctx, p, id, user);
        } catch {
          // as above
        }
        pool += p.userEmis.get(user)?.get(id)?.accrued ?? 0n;
      }
    }
  } finally {
    tx.rollback();
  }
  return { backstop, pool };
}

/** Replay `actions` on `world` (as the run did) and record the state after each step. */
export function traceActions(world: World, actions: readonly Action[], opts: TraceOptions = {}): TracePoint[] {
  // no properties: the trace records what happened, the run already reported the violation
  const h = new Harness(world, [], new Stats(), opts.apply);
  opts.prepare?.(world);
  // the run's profile (a wrong implementation may have replaced the world's)
  const profile: Profile = h.profile;
  const name = (a: Address): string => world.names.get(a) ?? a;
  const users: Address[] = [];
  for (const a of actions) for (const u of usersOf(a)) if (!users.includes(u)) users.push(u);
  const renamePath = (p: string): string => p.split('.').map(name).join('.');

  let state = worldToState(world);
  const observed = new Map((opts.implementation ?? []).map((o) => [o.step + 1, o]));
  const implPoint = (step: number): ImplementationPoint | undefined => {
    if (opts.implementation === undefined) return undefined;
    const o = observed.get(step);
    if (o === undefined || o.state.kind === 'unread') return { source: 'unread', outcome: o?.reply, differs: [], moreDiffers: 0 };
    if (o.state.kind === 'equal') return { source: 'equal', outcome: o.reply, differs: [], moreDiffers: 0 };
    const iw = o.state.world;
    const differs: TraceChange[] = [];
    changes(state, worldToState(iw), '', differs);
    return {
      source: 'read',
      outcome: o.reply,
      time: iw.now,
      emitted: o.state.minted,
      backfill: Object.fromEntries([...iw.backstops.values()].map((bs) => [name(bs.address), bs.backfillEmissions])),
      rewardZone: Object.fromEntries([...iw.backstops.values()].map((bs) => [name(bs.address), bs.rewardZone.length])),
      accrued: Object.fromEntries(users.map((u) => [name(u), accruedOf(iw, u)])),
      differs: differs.slice(0, MAX_CHANGES).map((c) => ({ ...c, path: renamePath(c.path) })),
      moreDiffers: Math.max(0, differs.length - MAX_CHANGES),
    };
  };
  const point = (step: number, call: string | null, outcome: string, changed: TraceChange[], more: number): TracePoint => {
    const elapsed = world.now - h.ghost.start;
    const impl = implPoint(step);
    return {
      step,
      call,
      outcome,
      time: world.now,
      elapsed,
      emitted: h.ghost.minted,
      emissionLine: elapsed * 10_000_000n,
      backfill: Object.fromEntries([...world.backstops.values()].map((bs) => [name(bs.address), bs.backfillEmissions])),
      backfillMax: profile.backfill.enabled ? profile.backfill.max.value : null,
      rewardZone: Object.fromEntries([...world.backstops.values()].map((bs) => [name(bs.address), bs.rewardZone.length])),
      rewardZoneMax: Number(maxRewardZoneSize(profile, world.now)),
      accrued: Object.fromEntries(users.map((u) => [name(u), accruedOf(world, u)])),
      changes: changed,
      moreChanges: more,
      ...(impl ? { impl } : {}),
    };
  };
  const out: TracePoint[] = [point(0, null, 'start', [], 0)];
  for (const [i, a] of actions.entries()) {
    const call = toCall(a, name);
    let outcome: string;
    let panicked = false;
    try {
      const o = h.step(a);
      outcome = o.ok
        ? o.result === null
          ? 'ok'
          : `ok: ${o.result}`
        : `rejected: ${o.error.contract}#${o.error.code} ${o.error.errorName}`;
    } catch (e) {
      outcome = `panic: ${e instanceof Error ? e.message : String(e)}`;
      panicked = true;
    }
    const next = worldToState(world);
    const changed: TraceChange[] = [];
    changes(state, next, '', changed);
    state = next;
    const shown = changed.slice(0, MAX_CHANGES).map((c) => ({ ...c, path: renamePath(c.path) }));
    out.push(point(i + 1, call, outcome, shown, changed.length - shown.length));
    if (panicked) break;
  }
  return out;
}

/**
 * The trace of a report's counterexample on the reference model, from the report's own world
 * (a generated world's config, or the snapshot file): for results that carry none (`check`).
 */
export function traceOnModel(
  profileName: string,
  world: WorldConfig | { snapshot: string },
  actions: readonly Action[],
  implementation?: readonly ImplementationStep[],
): TracePoint[] {
  const profile = getProfile(profileName);
  if (profile === undefined) throw new Error(`unknown profile ${profileName}`);
  const w = 'snapshot' in world ? loadSnapshot(world.snapshot).world : createWorld(profile, world);
  return traceActions(w, actions, { implementation });
}
