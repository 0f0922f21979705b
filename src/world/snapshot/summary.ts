/**
 * The snapshot's summary for the reports: the reward zone's pools and what each depositor could
 * claim at the snapshot's timestamp. It reads the world and never writes it; every amount is the
 * model's (model/backstop/distributor.ts `emissionIndexStep`, `userAccruedAt`;
 * model/backstop/pool-balance.ts `nonQueuedTokens`), under the snapshot's `blend-v1` rules.
 */
import { PROFILES } from '../../../spec/profiles.ts';
import { emissionIndexStep, userAccruedAt } from '../../../model/backstop/distributor.ts';
import { nonQueuedTokens } from '../../../model/backstop/pool-balance.ts';
import {
  poolBalanceOf,
  userBalanceOf,
  type Address,
  type BackstopEmissionData,
  type PoolBalance,
  type World,
} from '../../../model/state.ts';
import { fail, type Contracts } from './ledger.ts';

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
 * The backstop emission index a v1 `update_emission_data_with_config` would reach at `now`, without
 * storing it (model `emissionIndexStep`). Where every share is queued v1 divides by zero (a panic);
 * the index is left as is.
 */
function projectedIndex(d: BackstopEmissionData, pb: PoolBalance, now: bigint, pool: Address): bigint {
  const step = emissionIndexStep(d, pb, now);
  switch (step.kind) {
    case 'backwards':
      return fail(`BEmisData for ${pool}: last_time ${d.lastTime} is after the snapshot timestamp ${now}`);
    case 'accrued':
      return d.index + step.additional;
    default:
      return d.index;
  }
}

/** What v1 `claim` would pay each (user, pool) at `world.now` (model `userAccruedAt`); the world is not changed. */
export function claimableAt(world: World, backstop: Address): ClaimableSummary[] {
  const bs = world.backstops.get(backstop);
  if (bs === undefined) return [];
  const out: ClaimableSummary[] = [];
  for (const [pool, d] of bs.emisData) {
    const index = projectedIndex(d, poolBalanceOf(bs, pool), world.now, pool);
    const holders = new Set([...(bs.userBalances.get(pool)?.keys() ?? []), ...(bs.userEmisData.get(pool)?.keys() ?? [])]);
    for (const user of holders) {
      const ub = userBalanceOf(bs, pool, user);
      const ud = bs.userEmisData.get(pool)?.get(user);
      // shares held before emissions began (no record): due the whole index
      const stroops = userAccruedAt(ud, ub.shares, index, V1.accrualScale.value);
      if (stroops === undefined) fail(`UEmisData of ${user} in ${pool}: index ${ud!.index} is above the pool's index ${index}`);
      out.push({ user, pool, stroops });
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
