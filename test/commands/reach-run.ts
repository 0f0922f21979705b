/**
 * The reach of a blend-v2 run, shared by the reach tests: `runs` runs (200 by default) of the
 * default steps at `seed` (5 by default), in the default world or the world with the whale, every
 * step counted by a `ReachCounter` (src/commands/reach.ts).
 */
import { expect } from 'vitest';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';
import { ReachCounter, type ReachKey } from '../../src/commands/reach.ts';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { apply as modelApply } from '../../model/world.ts';
import type { World } from '../../model/state.ts';
import type { Action } from '../../model/actions.ts';
import { createWorld, type WorldConfig } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { Submit } from '../../src/commands/pool.ts';
import type { KnownRequestType } from '../../spec/actions.ts';
import { PROFILES } from '../../spec/profiles.ts';

export interface ReachRun {
  readonly runs?: number;
  readonly seed?: number;
  readonly whale?: boolean;
}

/** Runs it (a pass expected) and expects each of `keys` reached more than `moreThan` times. */
export function expectReached(keys: readonly ReachKey[], moreThan: number, run: ReachRun = {}): void {
  const counter = new ReachCounter();
  const r = runSuite({
    profile: PROFILES['blend-v2'],
    runs: run.runs ?? 200,
    steps: RUN_DEFAULTS.steps,
    seed: run.seed ?? 5,
    world: run.whale === true ? { ...DEFAULT_WORLD, whale: true } : DEFAULT_WORLD,
    apply: counter.apply,
  });
  expect(r.verdict).toBe('pass');
  const counts = JSON.stringify(Object.fromEntries(counter.counts));
  for (const k of keys) expect(counter.count(k), `${k}: ${counts}`).toBeGreaterThan(moreThan);
}

/** The default run (200 runs, seed 5, the default world): each of `keys` reached more than once. */
export function expectReachedMoreThanOnce(keys: readonly ReachKey[]): void {
  expectReached(keys, 1);
}

/**
 * A blend-v2 run of `runs` runs (200 by default) at `seed` (5 by default) in `world`: a pass, and
 * more than once a step at which `atEdge` held before the step and whose outcome was `accepted`
 * (ok) or refused, as asked.
 */
export function expectEdgeMoreThanOnce(
  world: WorldConfig,
  atEdge: (w: World, a: Action) => boolean,
  accepted: boolean,
  run: Omit<ReachRun, 'whale'> = {},
): void {
  let reached = 0;
  const r = runSuite({
    profile: PROFILES['blend-v2'],
    runs: run.runs ?? 200,
    steps: RUN_DEFAULTS.steps,
    seed: run.seed ?? 5,
    world,
    apply: (w, a) => {
      const edge = atEdge(w, a);
      const out = modelApply(w, a);
      if (edge && out.ok === accepted) reached++;
      return out;
    },
  });
  expect(r.verdict).toBe('pass');
  expect(reached).toBeGreaterThan(1);
}

/** An action as one line of JSON (amounts as decimal strings), for an assertion's message. */
export const actionText = (a: Action): string => JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}` : v));

/**
 * A chain's pool submits came from one user (`users`: the `pool/from` of each), who holds nothing
 * in that pool at the end: no collateral, no liability, no uncollateralised supply.
 */
export function expectOneUserGivenBack(w: World, users: ReadonlySet<string>): void {
  expect(users.size).toBe(1);
  const [pool, from] = [...users][0]!.split('/') as [string, string];
  const pos = w.pools.get(pool)!.positions.get(from);
  expect((pos?.collateral.size ?? 0) + (pos?.liabilities.size ?? 0) + (pos?.supply.size ?? 0)).toBe(0);
}

/**
 * A pool chain asked for only in a world with a disabled reserve: a `request` Submit with
 * `reserveSeed` in the default world is the plain request (one action, `tag` not in its call), and
 * in the world with the second reserve configuration it is the chain (more actions, `tag` in it).
 */
export function expectOnlyWithDisabledReserve(request: KnownRequestType, reserveSeed: number, tag: string): void {
  const stepped = (w: World): { n: number; text: string } => {
    const h = new Harness(w, PROPERTIES, new Stats());
    const s = new Submit(0, 0, request, reserveSeed, 1_000n);
    let n = 0;
    for (const a of s.actions(h)) {
      h.step(a);
      n++;
    }
    return { n, text: s.toString() };
  };
  const off = stepped(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD));
  expect(off.n).toBe(1);
  expect(off.text).not.toContain(tag);
  const on = stepped(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, secondReserve: true }));
  expect(on.n).toBeGreaterThan(1);
  expect(on.text).toContain(tag);
}
