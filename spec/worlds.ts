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
   * With the whale: one more LP holder of spec/genesis.json `whale_lp` (2^64 + 2 x 10^14 LP stroops),
   * whose backstop amounts pass 2^63 and 2^64 (the contracts' i128 high half). Off (the default):
   * no whale, the world as before it existed. Its cost: the genesis Comet's supply past 2^64, so a
   * claim's single-sided join mints 0 LP under about 1,150 BLND (docs/usage.md, "The whale").
   */
  readonly whale?: boolean;
  /**
   * With the second reserve configuration (spec/genesis.json `second_reserve`): reserve 1 of every
   * generated pool, P<i> and filler F<i> (reserve 0 of a pool of one reserve), at that configuration
   * (target utilisation 0.6, r_one 1.0, r_two 2.0, r_three 5.0, reactivity 0), reserve 0 of every
   * filler pool F<i> of two or more reserves at the default configuration with r_one 0
   * (`second_reserve.filler_r_one`), and one more reserve, last, disabled, at the default configuration. Off (the default): every
   * reserve at the default configuration and enabled, the world as before the option existed.
   */
  readonly secondReserve?: boolean;
  /**
   * Start from a ledger snapshot instead (src/world/snapshot.ts): the snapshot's contracts and
   * state, with the migration's v2 side where asked. `users`, `pools` and `start` then only
   * describe it (the snapshot's counts and timestamp).
   */
  readonly fromSnapshot?: SnapshotWorldSpec;
}
