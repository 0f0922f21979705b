/**
 * Profiles: the values on which the documents and the two deployed versions differ. The model
 * reads every rule-dependent number and switch from the selected profile.
 *
 * - `documented` (default): what the documents say (../shared/seeds and docs-v2). Where they
 *   contradict each other, both readings are recorded in spec/divergences.ts and `choice` below says
 *   which this profile takes. Where the documents are silent, it takes the deployed v2 contracts.
 * - `blend-v1`: the v1 contracts (blend-contracts @ 895845f).
 * - `blend-v2`: the v2 contracts (blend-contracts-v2 @ ba22b48).
 */
import * as K from './constants.ts';
import type { Constant } from './constants.ts';
import { EmitterError, HostError, PoolError, type ErrorSpec } from './errors.ts';

export type ProfileName = 'documented' | 'blend-v1' | 'blend-v2';
export const PROFILE_NAMES: readonly ProfileName[] = ['documented', 'blend-v1', 'blend-v2'];

export type RewardZoneSize =
  | { kind: 'fixed'; max: Constant }
  /** v1: `10 + ((now - BACKSTOP_EPOCH) >> 23)`, 10 before the epoch (backstop/src/emissions/manager.rs add_to_reward_zone). */
  | { kind: 'growing'; start: bigint; epoch: Constant; shiftBits: bigint };

export interface Profile {
  readonly name: ProfileName;
  readonly summary: string;
  /**
   * `v2`: the backstop's `distribute` allocates to reward-zone pools, each pool's `gulp_emissions`
   * splits 70/30 and sets the backstop EPS. `v1`: one backstop-wide `gulp_emissions` allocates,
   * splits and sets every pool's EPS, and the pool takes its 30% with `gulp_pool_emissions`.
   */
  readonly flow: 'v1' | 'v2';
  readonly rewardZone: RewardZoneSize;
  /** Minimum seconds between the emitter's and the backstop's last distribution times, and whether equality passes. */
  readonly distributeMinInterval: { seconds: Constant; strict: boolean };
  /** v2: a pool's backstop `gulp_emissions` at most once per this many seconds; null where no such rule. */
  readonly poolGulpMinInterval: Constant | null;
  /** v2: `add_reward` / `remove_reward` only within this many seconds of the last distribution (null: no rule). */
  readonly rzEditWindow: Constant | null;
  /** v1: a swap-out in `add_reward` needs a distribution within this many seconds (null: no rule). */
  readonly rzSwapFreshness: Constant | null;
  /** How a full reward zone takes a new pool: v2 removes `to_remove` and pushes the new one first; v1 replaces in place. */
  readonly rzSwap: 'remove-push-front' | 'replace-in-place';
  readonly hasRemoveReward: boolean;
  /** Which queued withdrawals `dequeue_withdrawal` takes first: v2 the newest (user.rs dequeue_shares), v1 the oldest. */
  readonly dequeueOrder: 'newest-first' | 'oldest-first';
  readonly q4wLockTime: Constant;
  readonly maxQ4wEntries: Constant;
  readonly backfill: { enabled: boolean; max: Constant };
  readonly maxDrop: Constant;
  /** EPS scale over stroops per second: 1 (7-decimal EPS, v1) or SCALAR_7 (14-decimal EPS, v2). */
  readonly epsScale: Constant | null;
  /** Scale of `shares * Δindex` in user accrual: SCALAR_7 (v1) or SCALAR_14 (v2). */
  readonly accrualScale: Constant;
  /** v1 panics (division by zero) where every share is queued; v2 skips the period. */
  readonly allQueuedPanics: boolean;
  /** Minimum BLND a pool gulp takes, in stroops (null: none). */
  readonly poolGulpMinimum: Constant | null;
  /** The reward-zone threshold: bal_blnd^4 * bal_usdc >= this (whole tokens). */
  readonly rzThreshold: Constant;
  /**
   * Where the backstop reads BLND and USDC per LP token for the threshold: `comet`, the Comet's
   * balances and supply at the time of the call (v2 backstop/src/backstop/pool.rs
   * load_pool_backstop_data); `stored`, its own `LPTknVal`, written only by `update_tkn_val`
   * (v1 backstop/src/backstop/fund_management.rs execute_update_comet_token_value).
   */
  readonly lpTokenValue: 'comet' | 'stored';
  /**
   * The errors the documents leave to the implementation, as this profile answers them (each a
   * spec/divergences.ts entry): the documents' reading for `documented`, the deployed contracts'
   * answer, as the Soroban host reports it, for `blend-v1` and `blend-v2`.
   */
  readonly errors: {
    /** `drop()` by a backstop that is not the emitter's (DIV-DROP-AUTH). */
    readonly dropByOtherBackstop: ErrorSpec;
    /** A pool request naming a reserve the pool does not have (DIV-POOL-UNKNOWN-RESERVE). */
    readonly unknownReserve: ErrorSpec;
    /**
     * A negative pool request amount, checked before anything else (DIV-POOL-NEGATIVE-AMOUNT);
     * null: rejected by the b/d-token amount checks, as a zero amount is.
     */
    readonly negativeRequest: ErrorSpec | null;
  };
  /** Does `claim` take a `to` recipient (v1), or a `min_lp_tokens_out` (v2)? */
  readonly claim: 'to' | 'min_lp_tokens_out';
  /**
   * The backstop's share/token conversions (backstop/src/backstop/pool.rs): `v2` converts a pool
   * without shares to 0 tokens and mints 0 shares into a pool without tokens; `v1` converts a pool
   * without shares 1:1 and divides by zero (a panic) for shares without tokens.
   */
  readonly shareConversion: 'v1' | 'v2';
  /** Which reading this profile takes where documents contradict each other (key: divergence ID). */
  readonly choice: Readonly<Record<string, string>>;
}

const V1_THRESHOLD: Constant = {
  name: 'RZ_THRESHOLD_PC_V1',
  value: 320_000_000_000_000_000_000_000_000n,
  unit: 'whole tokens^5',
  source: { kind: 'contract', repo: 'blend-contracts', file: 'backstop/src/backstop/pool.rs', fn: 'require_pool_above_threshold' },
  note: '200k^5',
};
const V1_INTERVAL: Constant = {
  name: 'GULP_MIN_INTERVAL_V1',
  value: 3600n,
  unit: 'seconds',
  source: {
    kind: 'contract',
    repo: 'blend-contracts',
    file: 'backstop/src/emissions/manager.rs',
    fn: 'gulp_emissions',
    quote: 'if emitter_last_distribution <= (last_distribution + 60 * 60)',
  },
};
const V1_RZ_SWAP_FRESHNESS: Constant = {
  name: 'RZ_SWAP_FRESHNESS_V1',
  value: K.SECONDS_PER_DAY,
  unit: 'seconds',
  source: {
    kind: 'contract',
    repo: 'blend-contracts',
    file: 'backstop/src/emissions/manager.rs',
    fn: 'add_to_reward_zone',
    quote: 'if last_distribution < e.ledger().timestamp() - 24 * 60 * 60',
  },
};
/**
 * The deployed contracts' answers (v1 and v2 share the emitter; the v1 profile's pool side follows
 * the v2 pool): the emitter's `backstop.require_auth()` fails in the host, the pool extends the TTL
 * of a `ResConfig` that does not exist, and `require_nonnegative` runs before every other check.
 */
const CONTRACT_ERRORS: Profile['errors'] = {
  dropByOtherBackstop: HostError.AuthFailure,
  unknownReserve: HostError.MissingValue,
  negativeRequest: PoolError.NegativeAmountError,
};

const V1_MAX_RZ_START = 10n;
const V1_MAX_RZ_SHIFT = 23n;

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  documented: {
    name: 'documented',
    summary:
      'What the documents say: reward zone of 50, distribution at least 1 h after the last, q4w lock 17 days, backfill up to 10M, drop up to 50M; the v2 flow (seeds/000); v2 values where the documents are silent.',
    flow: 'v2',
    rewardZone: { kind: 'fixed', max: K.MAX_RZ_SIZE_DOCUMENTED },
    distributeMinInterval: { seconds: K.GULP_MIN_INTERVAL_DOCUMENTED, strict: false },
    poolGulpMinInterval: null,
    rzEditWindow: null,
    rzSwapFreshness: null,
    rzSwap: 'remove-push-front',
    hasRemoveReward: true,
    dequeueOrder: 'newest-first',
    q4wLockTime: K.Q4W_LOCK_TIME_DOCUMENTED,
    maxQ4wEntries: K.MAX_Q4W_SIZE_V2,
    backfill: { enabled: true, max: K.MAX_BACKFILLED_EMISSIONS },
    maxDrop: K.MAX_DROP,
    epsScale: K.SCALAR_7,
    accrualScale: K.SCALAR_14,
    allQueuedPanics: false,
    poolGulpMinimum: null,
    rzThreshold: K.RZ_THRESHOLD_PC,
    lpTokenValue: 'comet',
    errors: { dropByOtherBackstop: EmitterError.UnauthorizedError, unknownReserve: PoolError.BadRequest, negativeRequest: null },
    claim: 'min_lp_tokens_out',
    shareConversion: 'v2',
    choice: {
      'DIV-RZ-SIZE':
        'takes "is 50" (seeds/001, the current docs-v2 page); "starts at 10 and increases by one about every 3 months" (seeds/002) is the older page',
      'DIV-CLAIM-TO':
        'takes the documented signature claim(from, pool_addresses, min_lp_tokens_out); the hint about a `to` recipient describes v1',
      'DIV-FLOW': 'takes the flow of seeds/000: backstop distribute() allocates, each pool gulp_emissions() sets up emissions',
      'DIV-GULP-INTERVAL': 'applies the "at least one hour" of seeds/001 to the distribution that computes new emissions',
      'DIV-DROP-AUTH':
        "answers a drop by another backstop with the emitter's UnauthorizedError (Emitter#4); `blend-v1` and `blend-v2` with the host's auth failure (WasmVm#6)",
      'DIV-POOL-UNKNOWN-RESERVE':
        'answers a request for a reserve the pool does not have with BadRequest (Pool#1200); `blend-v1` and `blend-v2` with the missing ResConfig (WasmVm#3)',
      'DIV-POOL-NEGATIVE-AMOUNT':
        'rejects a negative request amount with the b/d-token amount checks (Pool#1216 to 1219); `blend-v1` and `blend-v2` with NegativeAmountError (Pool#8) first',
    },
  },
  'blend-v1': {
    name: 'blend-v1',
    summary:
      'The v1 contracts: reward zone 10 growing by one every 2^23 s (~97 days) from 2024-04-15, one backstop-wide gulp_emissions more than 1 h after the last, q4w lock 21 days, 7-decimal EPS, claim with a `to` recipient, no backfill. The pool side follows the v2 pool math (14-decimal reserve EPS); the v1 pool 7-decimal reserve EPS is not modelled.',
    flow: 'v1',
    rewardZone: { kind: 'growing', start: V1_MAX_RZ_START, epoch: K.BACKSTOP_EPOCH_V1, shiftBits: V1_MAX_RZ_SHIFT },
    distributeMinInterval: { seconds: V1_INTERVAL, strict: true },
    poolGulpMinInterval: null,
    rzEditWindow: null,
    rzSwapFreshness: V1_RZ_SWAP_FRESHNESS,
    rzSwap: 'replace-in-place',
    hasRemoveReward: false,
    dequeueOrder: 'oldest-first',
    q4wLockTime: K.Q4W_LOCK_TIME_V1,
    maxQ4wEntries: K.MAX_Q4W_SIZE_V1,
    backfill: { enabled: false, max: K.MAX_BACKFILLED_EMISSIONS },
    maxDrop: K.MAX_DROP,
    epsScale: null,
    accrualScale: K.SCALAR_7,
    allQueuedPanics: true,
    poolGulpMinimum: K.POOL_GULP_MINIMUM,
    rzThreshold: V1_THRESHOLD,
    lpTokenValue: 'stored',
    errors: CONTRACT_ERRORS,
    claim: 'to',
    shareConversion: 'v1',
    choice: {},
  },
  'blend-v2': {
    name: 'blend-v2',
    summary:
      'The v2 contracts: reward zone 30, distribute at least 5 s apart, per-pool gulp_emissions at most once a day, reward-zone edits within 1 h of a distribution, q4w lock 17 days, backfill and drop, 14-decimal EPS, pool gulp of at least 1 BLND.',
    flow: 'v2',
    rewardZone: { kind: 'fixed', max: K.MAX_RZ_SIZE_V2 },
    distributeMinInterval: { seconds: K.DISTRIBUTE_MIN_INTERVAL_V2, strict: false },
    poolGulpMinInterval: K.POOL_GULP_MIN_INTERVAL_V2,
    rzEditWindow: K.RZ_EDIT_WINDOW_V2,
    rzSwapFreshness: null,
    rzSwap: 'remove-push-front',
    hasRemoveReward: true,
    dequeueOrder: 'newest-first',
    q4wLockTime: K.Q4W_LOCK_TIME_V2,
    maxQ4wEntries: K.MAX_Q4W_SIZE_V2,
    backfill: { enabled: true, max: K.MAX_BACKFILLED_EMISSIONS },
    maxDrop: K.MAX_DROP,
    epsScale: K.SCALAR_7,
    accrualScale: K.SCALAR_14,
    allQueuedPanics: false,
    poolGulpMinimum: K.POOL_GULP_MINIMUM,
    rzThreshold: K.RZ_THRESHOLD_PC,
    lpTokenValue: 'comet',
    errors: CONTRACT_ERRORS,
    claim: 'min_lp_tokens_out',
    shareConversion: 'v2',
    choice: {},
  },
};

/** The maximum reward-zone length at `now` (seconds). */
export function maxRewardZoneSize(p: Profile, now: bigint): bigint {
  const rz = p.rewardZone;
  if (rz.kind === 'fixed') return rz.max.value;
  if (now < rz.epoch.value) return rz.start;
  return rz.start + ((now - rz.epoch.value) >> rz.shiftBits);
}

export function getProfile(name: string): Profile | undefined {
  return (PROFILES as Record<string, Profile>)[name];
}
