/**
 * Worlds that start from a ledger snapshot, as the check protocol's `init` names them:
 * `world: {snapshot: PATH}` (the snapshot's v1 contracts and state, profile `blend-v1`), or
 * `world: {snapshot: PATH, migration: {reserves}}`: the same, plus the v2 side of the v1 to v2
 * migration, deployed next to them (src/snapshot/migration.ts).
 *
 * The model's worlds are built from the file (src/world/snapshot/load.ts); an implementation builds
 * them from the same file (the Soroban driver runs the snapshot's own WASM on its storage).
 */
import { PROFILES } from '../../spec/profiles.ts';
import { POOL_BACKSTOP_RATE } from '../../spec/constants.ts';
import type { SnapshotWorldSpec, WorldConfig } from '../../spec/worlds.ts';
import { newBackstop, newPool, type World } from '../../model/state.ts';
import { newReserve } from '../../model/pool/reserve.ts';
import { DEFAULT_DROP_LIST, DEFAULT_RESERVE_SHARE, RESERVE_SCALAR } from './genesis.ts';
import { loadSnapshot, type LoadedSnapshot } from './snapshot/load.ts';

export type { SnapshotWorldSpec } from '../../spec/worlds.ts';

/** The migration's v2 contracts' logical names (the driver binds the same names). */
export const V2_BACKSTOP = 'backstop_v2';
export const V2_POOL = 'pool_v2';

/**
 * The `WorldConfig` of a snapshot world (src/world/create.ts `createWorld` builds it from the snapshot):
 * `users`, `pools` and `start` are the snapshot's, for the reports.
 */
export function snapshotConfig(spec: SnapshotWorldSpec): WorldConfig {
  const w = snapshotWorld(spec);
  return { users: w.users.length, pools: w.pools.size, start: w.now, fromSnapshot: spec };
}

/** The protocol's `init.world` for a snapshot world. */
export function snapshotSpecToJson(w: SnapshotWorldSpec): Record<string, unknown> {
  return w.migration === undefined ? { snapshot: w.snapshot } : { snapshot: w.snapshot, migration: { reserves: w.migration.reserves } };
}

/** A protocol `init.world` with a `snapshot` field (schema-valid) as a spec. */
export function snapshotSpecOf(world: Record<string, unknown>): SnapshotWorldSpec {
  const m = world.migration as { reserves?: number } | boolean | undefined;
  const migration = m === undefined || m === false ? undefined : { reserves: typeof m === 'object' ? (m.reserves ?? 1) : 1 };
  return migration === undefined ? { snapshot: world.snapshot as string } : { snapshot: world.snapshot as string, migration };
}

const loaded = new Map<string, LoadedSnapshot>();

/** The snapshot at `path`, read once per process (throws SnapshotError, one line). */
export function snapshotAt(path: string): LoadedSnapshot {
  let s = loaded.get(path);
  if (s === undefined) {
    s = loadSnapshot(path);
    loaded.set(path, s);
  }
  return s;
}

/** A fresh model world for `spec` (the loaded snapshot is never changed). */
export function snapshotWorld(spec: SnapshotWorldSpec): World {
  const w = structuredClone(snapshotAt(spec.snapshot).world);
  if (spec.migration !== undefined) addMigration(w, spec.migration.reserves);
  return w;
}

/**
 * The migration's v2 side, as the driver deploys it (adapters/soroban/src/snapworld.rs
 * `deploy_v2`): `backstop_v2`, a v2 backstop (profile `blend-v2`) against the snapshot's emitter
 * and Comet, unknown to the emitter, drop list 40M BLND to `dev_fund`; `pool_v2`, its factory's
 * pool with `reserves` reserves (7 decimals, created now), emission configuration 50% to reserve
 * 0's suppliers and 50% to reserve 1's (or 0's) borrowers, backstop take rate 10%.
 */
export function addMigration(w: World, reserves: number): void {
  const bs = newBackstop(V2_BACKSTOP, DEFAULT_DROP_LIST);
  bs.profile = PROFILES['blend-v2'];
  w.backstops.set(V2_BACKSTOP, bs);
  const rs = Array.from({ length: reserves }, (_, r) => newReserve(`${V2_POOL}.asset${r}`, RESERVE_SCALAR, w.now));
  const pool = newPool(V2_POOL, V2_BACKSTOP, rs, POOL_BACKSTOP_RATE.value);
  pool.emissionConfig = new Map([
    [1, DEFAULT_RESERVE_SHARE],
    [reserves > 1 ? 2 : 0, DEFAULT_RESERVE_SHARE],
  ]);
  w.pools.set(V2_POOL, pool);
  w.factoryPools.add(V2_POOL);
}
