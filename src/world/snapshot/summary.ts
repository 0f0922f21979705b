/**
 * The snapshot's summary for the reports: the reward zone's pools and what each depositor could
 * claim at the snapshot's timestamp. It reads the world and never writes it; every amount is the
 * model's (model/claimable.ts `claimable`;
 * model/backstop/pool-balance.ts `nonQueuedTokens`), under the snapshot's `blend-v1` rules.
 */
import { PROFILES } from '../../../spec/profiles.ts';
import { claimable } from '../../../model/claimable.ts';
import { nonQueuedTokens } from '../../../model/backstop/pool-balance.ts';
import { poolBalanceOf, userBalanceOf, type Address, type World } from '../../../model/state.ts';
import type { Contracts } from './ledger.ts';

/** The rules a snapshot's v1 contracts follow. */
const V1 = PROFILES['blend-v1'];

export interface RewardZoneSummary {
  readonly pool: Address;
  readonly tokens: bigint;
  readonly shares: bigint;
  readonly q4w: bigint;
  /** tokens - convert_to_tokens(q4w) = tokens - floor(q4w * tokens / shares). */
  readonly nonQueuedTokens: bigint;
  /** Backstop EPS (7-decimal stroops/s) and expiration; 0n where the pool has no `BEmisCfg`. */
  readonly eps: bigint;
  readonly expiration: bigint;
}

export interface ClaimableSummary {
  readonly user: Address;
  readonly pool: Address;
  /** What `claim` would pay this user for this pool at the snapshot timestamp (BLND stroops). */
  readonly stroops: bigint;
  /** The contract's error where that claim reverts (then `stroops` is 0n). */
  readonly reverts?: { readonly contract: string; readonly code: number };
}

export interface SnapshotSummary {
  /** The snapshot's `sequence_number`. */
  readonly ledger: number;
  readonly timestamp: bigint;
  readonly emitter: Address;
  readonly backstop: Address;
  readonly rewardZone: readonly RewardZoneSummary[];
  readonly users: number;
  /** One row per (user, pool) with a backstop record in a pool that has emissions; sorted by user, then pool. */
  readonly claimable: readonly ClaimableSummary[];
}

/**
 * What v1 `claim` would pay each (user, pool) at `world.now`: the model's `claimable`
 * (model/claimable.ts, the claim run and rolled back); the world is not changed. A claim that
 * reverts (v1's division by zero where every share is queued: WasmVm 6) has `stroops` 0n and its
 * error in `reverts`.
 */
export function claimableAt(world: World, backstop: Address): ClaimableSummary[] {
  const bs = world.backstops.get(backstop);
  if (bs === undefined) return [];
  const out: ClaimableSummary[] = [];
  for (const pool of bs.emisData.keys()) {
    const holders = new Set([...(bs.userBalances.get(pool)?.keys() ?? []), ...(bs.userEmisData.get(pool)?.keys() ?? [])]);
    for (const user of holders) {
      const [r] = claimable(world, { user, timestamp: world.now, backstop: { contract: backstop, pools: [pool] } }).backstop;
      if (r!.ok) out.push({ user, pool, stroops: r!.amount });
      else out.push({ user, pool, stroops: 0n, reverts: r!.error });
    }
  }
  return out.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0));
}

/** The summary of a loaded snapshot world (`ledger`: the snapshot's `sequence_number`). */
export function summarize(world: World, c: Contracts, ledger: number): SnapshotSummary {
  const backstop = c.backstop;
  const bs = world.backstops.get(backstop)!;
  const rewardZone = bs.rewardZone.map((pool): RewardZoneSummary => {
    const pb = poolBalanceOf(bs, pool);
    const d = bs.emisData.get(pool);
    return {
      pool,
      tokens: pb.tokens,
      shares: pb.shares,
      q4w: pb.q4w,
      nonQueuedTokens: nonQueuedTokens(pb, V1.shareConversion === 'v1'),
      eps: d?.eps ?? 0n,
      expiration: d?.expiration ?? 0n,
    };
  });
  return {
    ledger,
    timestamp: world.now,
    emitter: c.emitter,
    backstop,
    rewardZone,
    users: world.users.length,
    claimable: claimableAt(world, backstop),
  };
}
