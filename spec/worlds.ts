/**
 * The worlds a run starts from, as the check protocol's `init.world` describes them
 * (docs/protocol.md, "The world"): a generated world (its genesis constants are spec/genesis.json's)
 * or a ledger snapshot's. Shapes only: src/world/ builds the worlds.
 */

export interface SnapshotWorldSpec {
  /** The snapshot file (an absolute path: the implementation may run elsewhere). */
  readonly snapshot: string;
  /** With the migration's v2 backstop and pool (`reserves` reserves in `pool_v2`). */
  readonly migration?: { readonly reserves: number };
}

export interface WorldConfig {
  readonly users: number;
  readonly pools: number;
  /** Ledger timestamp to start at (seconds). */
  readonly start: bigint;
  /** Reserves per pool. */
  readonly reserves?: number;
  /** LP tokens in each user's wallet (stroops). */
  readonly lpPerUser?: bigint;
  /**
   * Leave the current backstop's reward zone this many pools short of full, with filler pools
   * `F<i>` above the threshold, so that full-zone rules are reachable in a short run. null: empty zone.
   */
  readonly rewardZoneGap?: number | null;
  /**
   * Start from a ledger snapshot instead (src/world/snapshot.ts): the snapshot's contracts and
   * state, with the migration's v2 side where asked. `users`, `pools` and `start` then only
   * describe it (the snapshot's counts and timestamp).
   */
  readonly fromSnapshot?: SnapshotWorldSpec;
}
