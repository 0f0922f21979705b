/**
 * Build the world a run starts from: a generated world (src/world/generated.ts) or, where the
 * config names a ledger snapshot, the snapshot's (src/world/snapshot.ts).
 */
import type { Profile } from '../../spec/profiles.ts';
import type { WorldConfig } from '../../spec/worlds.ts';
import type { World } from '../../model/state.ts';
import { generatedWorld } from './generated.ts';
import { snapshotWorld } from './snapshot.ts';

export type { WorldConfig } from '../../spec/worlds.ts';

/**
 * A generated world: the emitter knows `backstop` since `start`; under a profile with backfill a
 * second backstop `backstop_next`, unknown to the emitter, holds a third of the pools. With
 * `fromSnapshot`: the snapshot's world (`profile` is then the snapshot's, blend-v1).
 */
export function createWorld(profile: Profile, cfg: WorldConfig): World {
  if (cfg.fromSnapshot !== undefined) return snapshotWorld(cfg.fromSnapshot);
  return generatedWorld(profile, cfg);
}
