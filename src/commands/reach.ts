/**
 * Which boundaries a run reached: every step is classified from its before-state (the world as the
 * action found it), its outcome and, for the backfill cap and the chains, the world after it. A
 * `ReachCounter` wraps the model's `apply` (`RunOptions.apply`, or the in-process implementation
 * of `check`), so that a test or scripts/reach.ts counts what the generators of src/commands/ reach:
 * each time limit at t - 1 s and at t, the pool gulp at and 1 stroop under its minimum, the full
 * reward zone, a swap and its drop, the backfill cap, and the chains of issue 17; and the emitter's
 * own boundaries (issue 19's mutants): a swap queued at equal holdings and 1 stroop over, queued
 * again while one is queued (SwapAlreadyExists), a cancel refused while the new backstop holds more
 * and one accepted (the pr run profile asks for an accepted cancel: scripts/pr-reach.ts), a drop of
 * exactly the 50M maximum (v2: the list's 40M and a backfill at its cap), distributions after
 * 2^32 - 1 s and 2^32 s; and the emitter's `drop(list)` called directly (DROP-MAX, DROP-ONCE): a list
 * of exactly 50M and of 50M + 1 stroop, a negative entry, sums past 2^64 and 2^127, an empty list,
 * a repeat after a drop. And the backstop's emission index stepping past 2^64 in one update over
 * 2^32 - 1 and over 2^32 non-queued shares (the u128 division's two paths, issue 19's backstop
 * `func143` mutants); and the pool's interest code (issue 19's pool survivors): borrows to exactly
 * a reserve's target utilisation and its max_util, 1 step over it, a withdrawal to 100%, and
 * accruals at the target, between it and the 95% kink, at the kink, above it and at 100%. And, in a world
 * with the whale (`--whale`), the whale's backstop calls (src/commands/whale.ts: amounts past
 * 2^63, the i128 lowering's high half), accepted and panicking on the contracts' i128 overflow.
 * Applicability per profile is read from spec/profiles.ts.
 */
import type { Action } from '../../model/actions.ts';
import { apply as modelApply, type Outcome } from '../../model/world.ts';
import { poolBalanceOf, rzEmisOf, userBalanceOf, type Address, type BackstopState, type PoolState, type World } from '../../model/state.ts';
import { BackstopError, CometError, EmitterError, HostError, PoolError, TokenError, type ErrorSpec } from '../../spec/errors.ts';
import { splitEmissions } from '../../model/backstop/gulp.ts';
import { convertToTokens } from '../../model/backstop/pool-balance.ts';
import { maxRewardZoneSize, type Profile } from '../../spec/profiles.ts';
import { CURRENT_BACKSTOP } from '../world/genesis.ts';
import {
  dataOf,
  loadReserve,
  toAssetFromB,
  toAssetFromD,
  toBTokenDown,
  toBTokenUp,
  toDTokenDown,
  toDTokenUp,
  toEffectiveAssetFromB,
  utilization,
} from '../../model/pool/reserve.ts';
import {
  IR_MOD_MIN,
  ORACLE_MAX_PRICE_AGE,
  ORACLE_PRICE,
  POOL_MIN_COLLATERAL,
  POOL_STATUS_FROZEN,
  POOL_STATUS_ON_ICE,
  POOL_THRESHOLD_PC,
  Q4W_ACTIVE_BELOW,
  SCALAR_7,
  UTIL_KINK,
} from '../../spec/constants.ts';
import { HIGH } from './pool-high.ts';
import { poolAccruedNow } from './pool-deep.ts';
import { resTokenId, tokenBalance } from '../../model/pool/distributor.ts';
import { accrualValue } from './supply-edge.ts';
import { poolCash } from './emission-credit.ts';
import { saturatesFromLowHalves, THRESHOLD_BLND, THRESHOLD_HIGH_HALF, THRESHOLD_USDC } from './threshold.ts';
import { loadPoolBackstopData } from '../../model/backstop/reward-zone.ts';
import { Tx } from '../../model/tx.ts';
import { FIRST_UNKNOWN_REQUEST_TYPE, type RequestType } from '../../spec/actions.ts';

/** The boundaries counted, with the profiles where each applies (a key absent from `reachTargets` does not apply). */
export const REACH_KEYS = [
  'gulp-24h: rejected at t-1',
  'gulp-24h: accepted at t',
  'gulp-24h: rejected by the 24 h rule (any time)',
  'gulp-minimum: accepted at exactly the minimum',
  'gulp-minimum: rejected 1 stroop under it',
  'distribute-interval: rejected at t-1',
  'distribute-interval: accepted at t',
  'rz-edit-window: accepted at the window end',
  'rz-edit-window: rejected 1 s after it',
  'eps-expiry: claim 1 s before expiry',
  'eps-expiry: claim at expiry',
  'q4w-lock: withdraw rejected at t-1',
  'q4w-lock: withdraw accepted at t',
  'q4w-max: the last entry the limit allows accepted',
  'q4w-max: one entry past the limit refused',
  'swap-unlock: swap rejected at t-1',
  'swap-unlock: swap accepted at t',
  'rz-full: add rejected (zone full, no to_remove)',
  'rz-full: replacement accepted',
  'rz-full: replacement rejected by the out-hold rule',
  'rz-full: replacement rejected by the out-hold rule at equal tokens',
  'swap: queue_swap_backstop accepted',
  'swap: swap_backstop accepted',
  'swap: drop by the new backstop accepted',
  'backfill: a drop of exactly the 50M maximum accepted',
  'swap-queue: refused at equal holdings',
  'swap-queue: accepted 1 stroop over',
  'swap-queue: refused while a swap is queued',
  'swap-cancel: refused while the new backstop holds more',
  'swap-cancel: accepted',
  'emitter-gap: distribute after 2^32 - 1 s',
  'emitter-gap: distribute after 2^32 s',
  'backfill: distribute reached exactly the cap',
  'emitter-drop: a list of exactly the 50M maximum accepted',
  'emitter-drop: a list of 50M + 1 stroop refused',
  'emitter-drop: a negative entry refused by the mint',
  'emitter-drop: a sum past 2^64 refused',
  'emitter-drop: a sum past 2^127 panics',
  'emitter-drop: an empty list accepted',
  'emitter-drop: a repeat refused (already dropped)',
  'chain: queue-all > remove_reward > gulp > dequeue > distribute',
  'rz-empty: distribute rejected with an empty zone',
  'big-index: an index step past 2^64 over 2^32 - 1 non-queued shares',
  'big-index: an index step past 2^64 over 2^32 non-queued shares',
  'all-queued: index update with every share queued (emissions forfeited)',
  'util: borrow to exactly the target accepted',
  'util: borrow to exactly max_util accepted',
  'util: borrow 1 step over max_util refused',
  'util: withdraw to 100% refused',
  'util: accrual at exactly the target',
  'util: accrual between the target and the kink',
  'util: accrual at exactly the kink',
  'util: accrual above the kink',
  'util: accrual at 100% (liabilities at or above the supply)',
  'util: accrual under the target, the rate modifier falling at its rounding edge, unclamped',
  'pool-i128: a submit of 2^64 units or more accepted',
  'pool-high: a borrow minting exactly k x 2^64 d tokens accepted (a zero low half)',
  'pool-high: a repay whose burnt d tokens borrow from the balance high half',
  'pool-high: a withdraw whose burnt b tokens borrow from the balance high half',
  'pool-high: a health check adding liabilities to a total of 2^64 base units or more',
  'pool-high: a health check adding collateral to a raw total of 2^64 base units or more',
  'supply-edge: an accrual whose new total supply (before the b_rate division) is exactly k x 2^64 units',
  'emission-credit: an emission index step of exactly one over a token supply of 2^64 or more (elapsed x eps x 10^decimals)',
  'emission-credit: an accrual adding to a backstop credit of 2^64 units or more',
  'submit-many: a submit of several requests accepted',
  'submit-many: a submit of several requests refused',
  'submit-many: one asset transferred twice, the first 2^64 units or more, accepted',
  'submit-many: submit_with_allowance accepted',
  'submit-many: submit_with_allowance of several requests accepted',
  'submit-many: submit_with_allowance of a withdrawal of exactly k x 2^64 units, the pool left under 2^64 of the asset, accepted',
  'status: update_status accepted',
  'status: update_status with the backstop at exactly the threshold accepted',
  'status: update_status put a pool on ice or froze it',
  'status: a request refused for the pool status',
  'status: update_status with the queued shares an exact fraction (under 50%) of the shares',
  'rz-threshold: add_reward refused a few USDC stroops under the threshold',
  'rz-threshold: add_reward past the threshold check exactly on it',
  'rz-threshold: add_reward past the threshold check, bal_blnd^4 x bal_usdc overflowing from two operands under 2^64',
  "rz-threshold: add_reward past the threshold check with the i128 high half of bal_blnd^4 x bal_usdc one over the threshold's",
  'status: a supply accepted in a pool on ice (status 3)',
  'status: update_status with the BLND stroops just under the threshold accepted',
  'status: update_status at exactly the 30% q4w bound, the threshold met, accepted',
  'status: update_status one under the 30% q4w bound by an exact division, the threshold met, accepted',
  'uncollateralized: a supply_uncollateralized (request type 0) accepted',
  'uncollateralized: a withdraw_uncollateralized (request type 1) accepted',
  'uncollateralized: a withdraw_uncollateralized whose burnt b tokens borrow from the balance high half',
  'request-type: a submit of request type 10, the first the contract does not know, refused (BadRequest)',
  'min-collateral: a borrow with the effective collateral at exactly the pool minimum accepted',
  'deep-time: a backstop claim adding to a stored accrued of 2^64 stroops or more',
  'deep-time: a backstop claim of 2^64 stroops or more from one pool',
  'deep-time: a backstop distribution adding to a reward-zone allocation of 2^64 stroops or more',
  'deep-time: a backstop distribution allocating a reward-zone pool 2^64 stroops or more, under 2^64 + 2^64 / 10^7, at once',
  'pool-deep: a supply storing an accrued of 2^64 stroops or more',
  'pool-deep: a pool claim adding to a stored accrued of 2^64 stroops or more',
  'pool-deep: a pool claim of 2^64 stroops or more, its total then added to',
] as const;

/**
 * The whale's boundaries (src/commands/whale.ts): counted in a world with the whale only (the
 * world option `whale`, `--whale on`), so not among REACH_KEYS, which a default world reaches.
 */
export const WHALE_REACH_KEYS = [
  'whale: deposit accepted',
  'whale: queue_withdrawal accepted',
  'whale: dequeue_withdrawal accepted',
  'whale: withdraw accepted',
  'whale: donate accepted',
  'whale: claim accepted',
  'whale: an i128 overflow panic',
  'whale: a queued total past 2^64 (a carry into the high half)',
  'whale: a dequeue borrowing from the high half',
  'whale: a dequeue taking whole a newer q4w entry past 2^64',
  'whale: a withdrawal borrowing from the high half of the pool q4w',
  'whale: a dequeue of 2^64 or more ending inside a q4w entry past it',
  'whale: a dequeue ending inside a q4w entry with equal low halves (k x 2^64 left in it)',
  'whale: a distribution over a reward-zone pool with every share queued and 2^64 tokens or more',
  'whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it',
  "whale: a distribution over a reward-zone pool of 2^64 tokens or more whose queued tokens' low half passes its tokens' (a borrow from the high half)",
  'whale: a draw of 2^64 tokens or more',
] as const;

/**
 * The boundaries of the chains asked for only in a world with a disabled reserve (the world option
 * `secondReserve`, `--second-reserve on`, `mutate`'s default for the pool): src/commands/hf-edge.ts,
 * src/commands/supply-cap.ts and the USDC `under` update_status (src/commands/pool.ts `usdcUnderOf`);
 * so not among REACH_KEYS, which a default world reaches.
 */
export const SECOND_RESERVE_REACH_KEYS = [
  'hf-edge: a borrow refused by the health factor with a collateral worth 0 base units held',
  'supply-cap: a supply taking the total supply past the supply cap refused (ExceededSupplyCap)',
  'supply-cap: a supply bringing the total supply to exactly the supply cap accepted',
  'status: update_status with the USDC stroops just under the threshold accepted',
] as const;
/**
 * The oracle's boundaries (session 19: src/commands/hf-edge.ts's oracle variant, `set_oracle_price`):
 * a health-checked request (a borrow, or a collateral withdrawal) of a user whose price for the
 * request's reserve asset is exactly 24 h old (accepted: load_price's `t + 86400 < now`, pool
 * func150), or 24 h + 1 s old (InvalidPrice, 1210), and one at a price other than 1.0 accepted.
 * Counted where the hf-edge chain runs, a world with a disabled reserve (`--second-reserve on`),
 * so not among REACH_KEYS, which a default world reaches.
 */
export const ORACLE_REACH_KEYS = [
  'oracle: a health-checked request with its price exactly 24 h old accepted',
  'oracle: a health-checked request with its price 24 h + 1 s old refused (InvalidPrice)',
  'oracle: a health-checked request at a price other than 1.0 accepted',
] as const;
export type ReachKey =
  | (typeof REACH_KEYS)[number]
  | (typeof WHALE_REACH_KEYS)[number]
  | (typeof SECOND_RESERVE_REACH_KEYS)[number]
  | (typeof ORACLE_REACH_KEYS)[number];

/**
 * The keys that apply under `p` (a rule the profile does not have is left out), with the whale's
 * when the world has the whale (`whale`) and the second reserve configuration's when it has a
 * disabled reserve (`secondReserve`).
 */
export function reachTargets(p: Profile, whale = false, secondReserve = false): ReachKey[] {
  return [...REACH_KEYS, ...(whale ? WHALE_REACH_KEYS : []), ...(secondReserve ? SECOND_RESERVE_REACH_KEYS : [])].filter((k) => {
    if (k.startsWith('gulp-24h')) return p.poolGulpMinInterval !== null;
    if (k.startsWith('gulp-minimum')) return p.poolGulpMinimum !== null && p.flow === 'v2';
    if (k.startsWith('rz-edit-window')) return p.rzEditWindow !== null;
    if (k.startsWith('backfill')) return p.backfill.enabled;
    if (k.startsWith('chain: queue-all')) return p.hasRemoveReward;
    if (k.startsWith('rz-empty')) return p.hasRemoveReward && p.flow === 'v2';
    if (k.startsWith('big-index') || k.startsWith('deep-time') || k.startsWith('pool-deep') || k.startsWith('emission-credit'))
      return p.flow === 'v2';
    if (k.startsWith('all-queued')) return !p.allQueuedPanics;
    if (k.startsWith('submit-many: submit_with_allowance')) return p.flow === 'v2';
    if (k.startsWith('status') || k.startsWith('rz-threshold')) return p.flow === 'v2';
    return true;
  });
}

/**
 * A user's effective collateral in `pool` in base units (7 decimals), per reserve held, as
 * calculate_from_positions adds each: the reserve brought up to now, price (the world oracle's as
 * stored, 1.0 by default; its age is judged by the contract, not here) x asset x c_factor / scalar, down.
 */
function collateralTermsOf(w: World, pool: PoolState, user: Address): bigint[] {
  const out: bigint[] = [];
  for (const [i, b] of pool.positions.get(user)?.collateral ?? []) {
    const r = pool.reserves[i];
    if (r === undefined || b <= 0n) continue;
    const price = w.oracle.get(r.asset)?.price ?? ORACLE_PRICE.value;
    out.push((price * toEffectiveAssetFromB(r.config, loadReserve(r, pool.bstopRate, w.now), b)) / r.scalar);
  }
  return out;
}

/**
 * Whether a submit of `request` on reserve `i` of `pool` at `now` updates its token's emission data
 * (the b token for a supply or withdrawal, the d token for a borrow or repay) by an index step of
 * exactly one over a supply of 2^64 tokens or more: (min(now, expiration) - last_time) x eps x
 * 10^decimals equal to the token supply (pool/src/emissions/distributor.rs `update_emission_data`).
 */
function emissionStepOfOne(pool: PoolState, request: RequestType, i: number, now: bigint): boolean {
  const r = pool.reserves[i];
  const id = resTokenId(i, request !== 'borrow' && request !== 'repay');
  const e = pool.emisData.get(id);
  if (r === undefined || e === undefined || e.eps <= 0n || e.lastTime >= e.expiration || now <= e.lastTime) return false;
  const supply = id % 2 === 0 ? r.dSupply : r.bSupply;
  const t = now < e.expiration ? now : e.expiration;
  return supply >= HIGH && (t - e.lastTime) * e.eps * r.scalar === supply;
}

/** A user's effective collateral in `pool` in base units (7 decimals): the sum of `collateralTermsOf`. */
function collateralBaseOf(w: World, pool: PoolState, user: Address): bigint {
  return collateralTermsOf(w, pool, user).reduce((t, x) => t + x, 0n);
}

/** Whether `user` holds a collateral in `pool` worth 0 base units (a term of 0 in calculate_from_positions' collateral_base). */
const zeroCollateralHeld = (w: World, pool: PoolState, user: Address): boolean => collateralTermsOf(w, pool, user).includes(0n);

/** 2^64: the first value with a non-zero i128 high half. */
const TWO_64 = 2n ** 64n;

/**
 * Whether a dequeue of `amount` out of `q4w` (the newest entries taken first, whole while more is
 * left) ends inside an entry, leaving it a multiple of 2^64: the remaining amount's low half equals
 * the entry's.
 */
function endsOnEqualLowHalves(q4w: readonly { readonly amount: bigint }[], amount: bigint): boolean {
  let left = amount;
  for (let i = q4w.length - 1; i >= 0 && left > 0n; i--) {
    const e = q4w[i]!.amount;
    if (e > left) return (e - left) % TWO_64 === 0n;
    left -= e;
  }
  return false;
}
/**
 * Whether a withdrawal of `amount` out of `q4w` (the oldest entries taken first, whole while more is
 * left) ends inside an entry with 2^64 or more still to take there.
 */
function endsPast2To64OldestFirst(q4w: readonly { readonly amount: bigint }[], amount: bigint): boolean {
  let left = amount;
  for (const q of q4w) {
    if (q.amount > left) return left >= TWO_64;
    left -= q.amount;
    if (left <= 0n) return false;
  }
  return false;
}
const is = (out: Outcome, spec: ErrorSpec): boolean => !out.ok && out.error.contract === spec.contract && out.error.code === spec.code;
const profileOf = (w: World, bs: BackstopState): Profile => bs.profile ?? w.profile;

/** Per world (one run): the chain stage of each pool (0 .. 4). */
type ChainStages = Map<Address, number>;

/** Counts of each boundary over the steps it saw. */
export class ReachCounter {
  readonly counts = new Map<ReachKey, number>();
  private readonly chains = new WeakMap<World, ChainStages>();

  constructor(private readonly base: (w: World, a: Action) => Outcome = modelApply) {}

  /** An `apply` that counts, for `RunOptions.apply` or an in-process implementation. */
  readonly apply = (w: World, a: Action): Outcome => {
    const after = this.before(w, a);
    const out = this.base(w, a);
    after(out);
    return out;
  };

  count(k: ReachKey): number {
    return this.counts.get(k) ?? 0;
  }

  private hit(k: ReachKey): void {
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  /** Classify `a` on the world before it; returns what to count once the outcome is known (the world is then the after-state). */
  private before(w: World, a: Action): (out: Outcome) => void {
    const now = w.now;
    const step = this.indexStep(w, a);
    const marks: [ReachKey, (out: Outcome) => boolean][] = [];
    const mark = (k: ReachKey, when: (out: Outcome) => boolean): void => {
      marks.push([k, when]);
    };
    let post: ((out: Outcome) => void) | undefined;
    // the whale's backstop calls (src/commands/whale.ts): amounts past 2^63, the i128 high half
    if (w.whale !== undefined && 'from' in a && a.from === w.whale) {
      switch (a.fn) {
        case 'backstop.deposit':
        case 'backstop.queue_withdrawal':
        case 'backstop.dequeue_withdrawal':
        case 'backstop.withdraw':
        case 'backstop.donate':
        case 'backstop.claim':
          mark(`whale: ${a.fn.slice('backstop.'.length)} accepted` as ReachKey, (o) => o.ok);
          mark('whale: an i128 overflow panic', (o) => is(o, HostError.Panic));
          if (a.fn === 'backstop.withdraw') {
            // PoolBalance::withdraw's q4w - shares (backstop func83 +211)
            const bs = w.backstops.get(a.backstop);
            const q4w = bs === undefined ? 0n : poolBalanceOf(bs, a.pool).q4w;
            if (q4w >= TWO_64 && a.amount % TWO_64 > q4w % TWO_64)
              mark('whale: a withdrawal borrowing from the high half of the pool q4w', (o) => o.ok);
            // withdraw_shares' partial entry `cur.amount - left` with left >= 2^64 (backstop withdraw +555;
            // PoolBalance::withdraw's q4w - shares then has a non-zero high half too, func83 +207)
            if (bs !== undefined && endsPast2To64OldestFirst(userBalanceOf(bs, a.pool, a.from).q4w, a.amount))
              mark('whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it', (o) => o.ok);
          }
          if (a.fn === 'backstop.queue_withdrawal' || a.fn === 'backstop.dequeue_withdrawal') {
            const bs = w.backstops.get(a.backstop);
            const q4w = bs === undefined ? 0n : poolBalanceOf(bs, a.pool).q4w;
            if (a.fn === 'backstop.queue_withdrawal' && q4w + a.amount >= TWO_64)
              mark('whale: a queued total past 2^64 (a carry into the high half)', (o) => o.ok);
            if (a.fn === 'backstop.dequeue_withdrawal' && q4w >= TWO_64 && a.amount % TWO_64 > q4w % TWO_64)
              mark('whale: a dequeue borrowing from the high half', (o) => o.ok);
            // dequeue_withdrawal's loop takes the newest entries whole while more is left (backstop +347)
            const entries = bs === undefined ? [] : userBalanceOf(bs, a.pool, a.from).q4w;
            const newest = entries.length > 1 ? entries[entries.length - 1]!.amount : 0n;
            if (a.fn === 'backstop.dequeue_withdrawal' && newest >= TWO_64 && a.amount > newest)
              mark('whale: a dequeue taking whole a newer q4w entry past 2^64', (o) => o.ok);
            // dequeue_withdrawal's last, partial entry: entry - remaining with both high halves non-zero (backstop +394)
            const last = entries.length > 0 ? entries[entries.length - 1]!.amount : 0n;
            if (a.fn === 'backstop.dequeue_withdrawal' && a.amount >= TWO_64 && last > a.amount)
              mark('whale: a dequeue of 2^64 or more ending inside a q4w entry past it', (o) => o.ok);
            // its last, partial entry with the remaining amount's low half equal to the entry's (backstop +399)
            if (a.fn === 'backstop.dequeue_withdrawal' && endsOnEqualLowHalves(entries, a.amount))
              mark('whale: a dequeue ending inside a q4w entry with equal low halves (k x 2^64 left in it)', (o) => o.ok);
          }
          break;
        default:
          break;
      }
    }
    switch (a.fn) {
      case 'pool.gulp_emissions': {
        const bs = w.backstops.get(w.pools.get(a.pool)?.backstop ?? '');
        const gap = bs === undefined ? null : profileOf(w, bs).poolGulpMinInterval;
        if (bs !== undefined && gap !== null) {
          const t = rzEmisOf(bs, a.pool).lastTime + gap.value;
          const rule = (out: Outcome) => is(out, BackstopError.BadRequest);
          if (now < t) mark('gulp-24h: rejected by the 24 h rule (any time)', rule);
          if (now === t - 1n) mark('gulp-24h: rejected at t-1', rule);
          if (now === t) mark('gulp-24h: accepted at t', (o) => o.ok);
          // the pool's 30% of the allocation, taken once the 24 h rule passes (v2 flow)
          const minimum = profileOf(w, bs).poolGulpMinimum;
          if (now >= t && minimum !== null && profileOf(w, bs).flow === 'v2') {
            const part = splitEmissions(rzEmisOf(bs, a.pool).accrued).pool;
            if (part === minimum.value) mark('gulp-minimum: accepted at exactly the minimum', (o) => o.ok);
            if (part === minimum.value - 1n) mark('gulp-minimum: rejected 1 stroop under it', (o) => is(o, PoolError.BadRequest));
          }
        }
        post = (out) => this.chainStep(w, a.pool, 2, out);
        break;
      }
      case 'backstop.distribute':
      case 'backstop.gulp_emissions': {
        const bs = w.backstops.get(a.backstop);
        if (bs === undefined) break;
        const p = profileOf(w, bs);
        const known = w.emitter.lastDistro.get(bs.address);
        const emitterLast = known ?? (p.backfill.enabled ? now : undefined);
        const reset = bs.lastDistributionTime === 0n || (known !== undefined && bs.backfillStatus === true && p.flow === 'v2');
        if (emitterLast !== undefined && !reset) {
          const b = p.distributeMinInterval.seconds.value + (p.distributeMinInterval.strict ? 1n : 0n);
          const elapsed = emitterLast - bs.lastDistributionTime;
          if (elapsed === b - 1n) mark('distribute-interval: rejected at t-1', (o) => is(o, BackstopError.BadRequest));
          if (elapsed === b) mark('distribute-interval: accepted at t', (o) => o.ok);
        }
        // the deep-time chain's queue tail (src/commands/deep-time.ts deepQueueTail): non_queued_tokens
        // of a zone pool whose whole q4w converts to its tokens, past 2^64
        if (
          a.fn === 'backstop.distribute' &&
          bs.rewardZone.some((q) => {
            const pb = poolBalanceOf(bs, q);
            return pb.shares > 0n && pb.q4w === pb.shares && pb.tokens >= 2n ** 64n;
          })
        )
          mark('whale: a distribution over a reward-zone pool with every share queued and 2^64 tokens or more', (o) => o.ok);
        // the queue tail's partial queue (deepQueueTail, partialQueueShares): non_queued_tokens of a zone
        // pool past 2^64 tokens borrowing from the high half (backstop func81 +92), another pool beside it
        if (
          a.fn === 'backstop.distribute' &&
          bs.rewardZone.length >= 2 &&
          bs.rewardZone.some((q) => {
            const pb = poolBalanceOf(bs, q);
            if (pb.tokens < TWO_64 || pb.q4w <= 0n || pb.q4w >= pb.shares || pb.q4w * pb.tokens >= 2n ** 127n) return false;
            return convertToTokens(pb, pb.q4w) % TWO_64 > pb.tokens % TWO_64;
          })
        )
          mark(
            "whale: a distribution over a reward-zone pool of 2^64 tokens or more whose queued tokens' low half passes its tokens' (a borrow from the high half)",
            (o) => o.ok,
          );
        // the deep-time chain's zone tail (src/commands/deep-time.ts deepZoneTail): a distribution
        // adding to a zone pool's allocation past the i128 low half
        if (a.fn === 'backstop.distribute' && bs.rewardZone.some((q) => rzEmisOf(bs, q).accrued >= 2n ** 64n))
          mark('deep-time: a backstop distribution adding to a reward-zone allocation of 2^64 stroops or more', (o) => o.ok);
        // BLND-DIST-004's case: past the first call and not a reset, with every pool removed from the zone
        if (
          bs.rewardZone.length === 0 &&
          p.flow === 'v2' &&
          bs.lastDistributionTime !== 0n &&
          !(known !== undefined && bs.backfillStatus === true)
        )
          mark('rz-empty: distribute rejected with an empty zone', (o) => is(o, BackstopError.BadRequest));
        const cap = p.backfill.max.value;
        const before = bs.backfillEmissions;
        // the zone tail's allocation (deepZoneTail): share x new emissions / SCALAR_7 with a dividend whose
        // high half is exactly SCALAR_7 (u128_div_rem's n.hi == d branch, backstop func143 +208)
        const accruedBefore = a.fn === 'backstop.distribute' ? bs.rewardZone.map((q) => [q, rzEmisOf(bs, q).accrued] as const) : [];
        post = (out) => {
          if (out.ok && p.backfill.enabled && before < cap && bs.backfillEmissions === cap)
            this.hit('backfill: distribute reached exactly the cap');
          const after = w.backstops.get(a.backstop);
          if (
            out.ok &&
            after !== undefined &&
            accruedBefore.some(([q, x]) => {
              const added = rzEmisOf(after, q).accrued - x;
              return added >= TWO_64 && added < TWO_64 + TWO_64 / SCALAR_7.value;
            })
          )
            this.hit(
              'deep-time: a backstop distribution allocating a reward-zone pool 2^64 stroops or more, under 2^64 + 2^64 / 10^7, at once',
            );
          // a pool removed from the zone gets no new allocation: its chain ends with any distribution by its backstop
          if (out.ok)
            for (const [pool, st] of [...this.stages(w)])
              if (st === 4 && w.pools.get(pool)?.backstop === bs.address) this.chainStep(w, pool, 4, out);
        };
        break;
      }
      case 'backstop.add_reward':
      case 'backstop.remove_reward': {
        const bs = w.backstops.get(a.backstop);
        if (bs === undefined) break;
        const p = profileOf(w, bs);
        if (p.rzEditWindow !== null && bs.lastDistributionTime > 0n) {
          const end = bs.lastDistributionTime + p.rzEditWindow.value;
          if (now === end) mark('rz-edit-window: accepted at the window end', (o) => o.ok);
          if (now === end + 1n) mark('rz-edit-window: rejected 1 s after it', (o) => is(o, BackstopError.BadRequest));
        }
        if (a.fn === 'backstop.remove_reward') {
          post = (out) => this.chainStep(w, a.toRemove, 1, out);
          break;
        }
        // is_pool_above_threshold's edge (backstop func78: BLND and USDC floored to whole tokens; src/commands/threshold.ts)
        if (!bs.rewardZone.includes(a.toAdd) && p.flow === 'v2') {
          const data = loadPoolBackstopData({ w, p, tx: new Tx(), events: [] }, bs, a.toAdd);
          const s7 = SCALAR_7.value;
          if (data.blnd / s7 === THRESHOLD_BLND && data.usdc < THRESHOLD_USDC * s7 && data.usdc >= THRESHOLD_USDC * (s7 - 1n))
            mark('rz-threshold: add_reward refused a few USDC stroops under the threshold', (o) =>
              is(o, BackstopError.InvalidRewardZoneEntry),
            );
          if ((data.blnd / s7) ** 4n * (data.usdc / s7) === POOL_THRESHOLD_PC.value)
            mark(
              'rz-threshold: add_reward past the threshold check exactly on it',
              (o) => o.ok || !is(o, BackstopError.InvalidRewardZoneEntry),
            );
          // the compare's high half (func78 +380): a product whose high half is the threshold's + 1
          if (((data.blnd / s7) ** 4n * (data.usdc / s7)) >> 64n === THRESHOLD_HIGH_HALF + 1n)
            mark(
              "rz-threshold: add_reward past the threshold check with the i128 high half of bal_blnd^4 x bal_usdc one over the threshold's",
              (o) => o.ok || !is(o, BackstopError.InvalidRewardZoneEntry),
            );
          if (saturatesFromLowHalves(data.blnd / s7, data.usdc / s7))
            mark(
              'rz-threshold: add_reward past the threshold check, bal_blnd^4 x bal_usdc overflowing from two operands under 2^64',
              (o) => o.ok || !is(o, BackstopError.InvalidRewardZoneEntry),
            );
        }
        const full = BigInt(bs.rewardZone.length) >= maxRewardZoneSize(p, now) && bs.rewardZone.length > 0;
        if (!full || bs.rewardZone.includes(a.toAdd)) break;
        if (a.toRemove === undefined)
          mark('rz-full: add rejected (zone full, no to_remove)', (o) =>
            is(o, p.rzSwap === 'remove-push-front' ? BackstopError.RewardZoneFull : BackstopError.InvalidRewardZoneEntry),
          );
        else if (bs.rewardZone.includes(a.toRemove)) {
          mark('rz-full: replacement accepted', (o) => o.ok);
          if (poolBalanceOf(bs, a.toAdd).tokens <= poolBalanceOf(bs, a.toRemove).tokens)
            mark('rz-full: replacement rejected by the out-hold rule', (o) => is(o, BackstopError.InvalidRewardZoneEntry));
          // the rule's `<=` at equality (FullRewardZone's bit-11 seeds: backstop add_reward +205)
          if (poolBalanceOf(bs, a.toAdd).tokens === poolBalanceOf(bs, a.toRemove).tokens)
            mark('rz-full: replacement rejected by the out-hold rule at equal tokens', (o) => is(o, BackstopError.InvalidRewardZoneEntry));
        }
        break;
      }
      case 'backstop.claim': {
        const bs = w.backstops.get(a.backstop);
        if (bs === undefined) break;
        for (const pool of a.pools) {
          const exp = bs.emisData.get(pool)?.expiration;
          if (exp === now + 1n) mark('eps-expiry: claim 1 s before expiry', (o) => o.ok);
          if (exp === now) mark('eps-expiry: claim at expiry', (o) => o.ok);
        }
        // the deep-time chain (src/commands/deep-time.ts): the claim's sums past the i128 low half,
        // reached where the claim comes to its Comet deposit (accepted, or refused by the Comet's
        // max-in ratio in a world without the whale)
        const stored = a.pools.some((pool) => (bs.userEmisData.get(pool)?.get(a.from)?.accrued ?? 0n) >= 2n ** 64n);
        const deep = (o: Outcome): boolean => o.ok || is(o, CometError.ErrMaxInRatio);
        if (stored) mark('deep-time: a backstop claim adding to a stored accrued of 2^64 stroops or more', deep);
        mark(
          'deep-time: a backstop claim of 2^64 stroops or more from one pool',
          (o) =>
            (stored && deep(o)) ||
            (o.ok &&
              o.events.some((e) => e.topic === 'claim' && e.contract === 'backstop' && e.blndPerPool.some(([, x]) => x >= 2n ** 64n))),
        );
        break;
      }
      case 'pool.update_status': {
        // calc_pool_backstop_threshold's boundary (pool func144's 1e25) and the statuses it sets
        mark('status: update_status accepted', (o) => o.ok);
        const pool = w.pools.get(a.pool);
        const bs = pool && w.backstops.get(pool.backstop);
        if (pool === undefined || bs === undefined) break;
        const data = loadPoolBackstopData({ w, p: w.profile, tx: new Tx(), events: [] }, bs, a.pool);
        const whole = (x: bigint): bigint => x / SCALAR_7.value;
        // load_pool_backstop_data's q4w_pct = ceil(q4w x 10^7 / shares) without a remainder (backstop func65; src/commands/q4w-exact.ts)
        const pb = poolBalanceOf(bs, a.pool);
        if (pb.q4w > 0n && pb.q4w * 2n < pb.shares && (pb.q4w * SCALAR_7.value) % pb.shares === 0n)
          mark('status: update_status with the queued shares an exact fraction (under 50%) of the shares', (o) => o.ok);
        if (whole(data.blnd) ** 4n * whole(data.usdc) === POOL_THRESHOLD_PC.value)
          mark('status: update_status with the backstop at exactly the threshold accepted', (o) => o.ok);
        // the BLND a few stroops (at most its whole tokens + 1) under whole tokens that meet the threshold: pool func144's SCALAR_7 divisor
        const next = whole(data.blnd) + 1n;
        if (next ** 4n * whole(data.usdc) === POOL_THRESHOLD_PC.value && data.blnd >= next * SCALAR_7.value - next)
          mark('status: update_status with the BLND stroops just under the threshold accepted', (o) => o.ok);
        // the same for the USDC: pool func144's second SCALAR_7 divisor (+43; src/commands/pool.ts `usdcUnderOf`)
        const nextUsdc = whole(data.usdc) + 1n;
        if (whole(data.blnd) ** 4n * nextUsdc === POOL_THRESHOLD_PC.value && data.usdc >= nextUsdc * SCALAR_7.value - nextUsdc)
          mark('status: update_status with the USDC stroops just under the threshold accepted', (o) => o.ok);
        // q4w_pct exactly at the 30% bound (ceil(q4w x SCALAR_7 / shares)): update_status's `q4w_pct < 30%` (its +323)
        const met = whole(data.blnd) ** 4n * whole(data.usdc) >= POOL_THRESHOLD_PC.value;
        const statusRule = pool.status === 1 || pool.status === 3 || pool.status === 5;
        if (statusRule && met && pb.shares > 0n && (pb.q4w * SCALAR_7.value + pb.shares - 1n) / pb.shares === Q4W_ACTIVE_BELOW.value)
          mark('status: update_status at exactly the 30% q4w bound, the threshold met, accepted', (o) => o.ok); // a pool active, on ice or frozen (1, 3, 5)
        // q4w_pct = 2,999,999 with nothing left over (the shares a multiple of SCALAR_7): backstop func68 +75, func68 +314, func143 +693
        if (statusRule && met && pb.shares > 0n && pb.q4w * SCALAR_7.value === (Q4W_ACTIVE_BELOW.value - 1n) * pb.shares)
          mark('status: update_status one under the 30% q4w bound by an exact division, the threshold met, accepted', (o) => o.ok);
        mark(
          'status: update_status put a pool on ice or froze it',
          (o) => o.ok && (o.result === POOL_STATUS_ON_ICE.value || o.result === POOL_STATUS_FROZEN.value),
        );
        break;
      }
      case 'pool.submit': {
        // the oracle's price of the request's reserve asset, where a health factor is computed (src/commands/hf-edge.ts)
        const quote = w.oracle.get(w.pools.get(a.pool)?.reserves[a.reserveIndex]?.asset ?? '');
        if (quote !== undefined && a.more === undefined && (a.request === 'borrow' || a.request === 'withdraw')) {
          const age = now - (quote.timestamp ?? now);
          if (age === ORACLE_MAX_PRICE_AGE.value)
            mark('oracle: a health-checked request with its price exactly 24 h old accepted', (o) => o.ok);
          if (age === ORACLE_MAX_PRICE_AGE.value + 1n)
            mark('oracle: a health-checked request with its price 24 h + 1 s old refused (InvalidPrice)', (o) =>
              is(o, PoolError.InvalidPrice),
            );
          if (quote.price !== ORACLE_PRICE.value && a.request === 'borrow')
            mark('oracle: a health-checked request at a price other than 1.0 accepted', (o) => o.ok);
        }
        // the pool deep-time chain (src/commands/pool-deep.ts): a supply whose update_emissions stores
        // an accrued past 2^64 on the reserve's b token (update_user_emissions' sum, pool func109)
        const sp = w.pools.get(a.pool);
        if (sp !== undefined && (a.request === 'supply' || a.request === 'supply_uncollateralized')) {
          if (poolAccruedNow(w, sp, resTokenId(a.reserveIndex, true), a.from) >= TWO_64)
            mark('pool-deep: a supply storing an accrued of 2^64 stroops or more', (o) => o.ok);
        }
        if (w.pools.get(a.pool)?.status !== undefined)
          mark('status: a request refused for the pool status', (o) => is(o, PoolError.InvalidPoolStatus));
        // request types 0 and 1 (apply_supply, apply_withdraw: remove_supply is inlined in pool func122)
        const types = [a.request, ...(a.more ?? []).map((q) => q.request)];
        const status = BigInt(w.pools.get(a.pool)?.status ?? 0);
        // require_action_allowed's `status <= 3` for supplies (pool func124)
        if (status === POOL_STATUS_ON_ICE.value && (types.includes('supply') || types.includes('supply_uncollateralized')))
          mark('status: a supply accepted in a pool on ice (status 3)', (o) => o.ok);
        if (types.includes('supply_uncollateralized')) {
          mark('uncollateralized: a supply_uncollateralized (request type 0) accepted', (o) => o.ok);
        }
        if (types.includes('withdraw_uncollateralized')) {
          mark('uncollateralized: a withdraw_uncollateralized (request type 1) accepted', (o) => o.ok);
        }
        // a request type the contract does not know, at its edge: build_actions_from_request's
        // `request_type < 10` before the request match (pool func122 +421; src/commands/pool.ts unknownRequestOf)
        if (a.request === 'unknown' && (a.unknownType ?? FIRST_UNKNOWN_REQUEST_TYPE) === FIRST_UNKNOWN_REQUEST_TYPE)
          mark('request-type: a submit of request type 10, the first the contract does not know, refused (BadRequest)', (o) =>
            is(o, PoolError.BadRequest),
          );
        // the reserve's utilisation where the interest code branches (pool calc_accrual, require_utilization_*)
        const pool = w.pools.get(a.pool);
        const r = pool?.reserves[a.reserveIndex];
        if (pool === undefined || r === undefined) break;
        const target = r.config.util;
        const kink = UTIL_KINK.value;
        // accrue's pre_update_supply + accrued - new_backstop_credit on a multiple of 2^64 (pool func163 +1787; src/commands/supply-edge.ts)
        const edge = accrualValue(r, pool.bstopRate, now);
        if (edge !== undefined && edge % HIGH === 0n)
          mark('supply-edge: an accrual whose new total supply (before the b_rate division) is exactly k x 2^64 units', (o) => o.ok);
        // update_emission_data's additional_idx = elapsed x eps x 10^decimals / supply at exactly 1, the supply
        // 2^64 or more (`__udivti3`'s n < d at n == d, pool func227 +38; src/commands/emission-credit.ts)
        if (emissionStepOfOne(pool, a.request, a.reserveIndex, now))
          mark(
            'emission-credit: an emission index step of exactly one over a token supply of 2^64 or more (elapsed x eps x 10^decimals)',
            (o) => o.ok,
          );
        // accrue's backstop_credit += new_backstop_credit over a stored credit of 2^64 or more (pool func163 +1708)
        if (r.backstopCredit >= HIGH && r.lastTime < now && loadReserve(r, pool.bstopRate, now).backstopCredit > r.backstopCredit)
          mark('emission-credit: an accrual adding to a backstop credit of 2^64 units or more', (o) => o.ok);
        // handle_transfer_with_allowance's pool-transfer sum over an amount whose low half is 0 (pool func157 +472):
        // a withdrawal of exactly k x 2^64 units, under the balance (so not capped), leaving the pool under 2^64
        // units of the asset (so that the mutant's 2^64 more fails)
        if (
          a.withAllowance === true &&
          a.more === undefined &&
          (a.request === 'withdraw' || a.request === 'withdraw_uncollateralized') &&
          a.amount > 0n &&
          a.amount % HIGH === 0n
        ) {
          const held = pool.positions.get(a.from)?.[a.request === 'withdraw' ? 'collateral' : 'supply'].get(a.reserveIndex) ?? 0n;
          const d = loadReserve(r, pool.bstopRate, now);
          if (toAssetFromB(d, held) > a.amount && poolCash(d) - a.amount < HIGH)
            mark(
              'submit-many: submit_with_allowance of a withdrawal of exactly k x 2^64 units, the pool left under 2^64 of the asset, accepted',
              (o) => o.ok,
            );
        }
        if (r.lastTime < now && r.bSupply > 0n) {
          // what calc_accrual reads: the utilisation as last stored
          const u = utilization(dataOf(r));
          if (u === target) mark('util: accrual at exactly the target', (o) => o.ok);
          if (u > target && u < kink) mark('util: accrual between the target and the kink', (o) => o.ok);
          if (u === kink) mark('util: accrual at exactly the kink', (o) => o.ok);
          if (u > kink) mark('util: accrual above the kink', (o) => o.ok);
          // utilization's `liabilities >= supply` arm, capped at SCALAR_7 (pool func159 +134; src/commands/utilisation.ts `fullAfter`)
          if (u === SCALAR_7.value) mark('util: accrual at 100% (liabilities at or above the supply)', (o) => o.ok);
          // calc_accrual's fall under the target, -ceil(Q / SCALAR_7) for Q = Δt x (target - util) x reactivity, at
          // the edge where SCALAR_7 - 1 would count one more (Q >= (F + 1)(SCALAR_7 - 1)), not clamped at IR_MOD_MIN
          if (u > 0n && u < target) {
            const q = (now - r.lastTime) * (target - u) * r.config.reactivity;
            const fall = q / SCALAR_7.value;
            if (q >= (fall + 1n) * (SCALAR_7.value - 1n) && r.irMod - fall - 1n >= IR_MOD_MIN.value)
              mark('util: accrual under the target, the rate modifier falling at its rounding edge, unclamped', (o) => o.ok);
          }
        }
        // past 2^64 units (an 18-decimal reserve's 18.4 tokens): the i128 arithmetic's high halves
        if (a.amount >= 2n ** 64n) mark('pool-i128: a submit of 2^64 units or more accepted', (o) => o.ok);
        // the high halves exactly (src/commands/pool-high.ts): a zero low half, a borrow from the high half, a total past 2^64
        if (a.amount > 0n) this.highHalves(w, a, mark);
        // validate_submit's `collateral_base < min_collateral` at equality (pool func156; src/commands/min-collateral.ts):
        // a borrow (its collateral unchanged) by a user whose effective collateral is exactly the minimum
        if (a.request === 'borrow' && a.more === undefined && collateralBaseOf(w, pool, a.from) === POOL_MIN_COLLATERAL.value)
          mark('min-collateral: a borrow with the effective collateral at exactly the pool minimum accepted', (o) => o.ok);
        // several requests in one submit (build_actions_from_request's loop, the transfer maps
        // summed per asset) and submit_with_allowance (execute_submit's netting of the two maps)
        const more = a.more ?? [];
        if (more.length > 0) mark('submit-many: a submit of several requests accepted', (o) => o.ok);
        if (more.length > 0) mark('submit-many: a submit of several requests refused', (o) => !o.ok);
        // one transfer map entry added to twice (supply/repay: tokens in; withdraw/borrow: out), its
        // first amount 2^64 units or more: the map sum's high halves (pool func120)
        const inward = (t: RequestType): boolean => t === 'supply' || t === 'supply_uncollateralized' || t === 'repay';
        if (more.some((q) => q.reserveIndex === a.reserveIndex && inward(q.request) === inward(a.request)) && a.amount >= 2n ** 64n)
          mark('submit-many: one asset transferred twice, the first 2^64 units or more, accepted', (o) => o.ok);
        if (a.withAllowance === true) mark('submit-many: submit_with_allowance accepted', (o) => o.ok);
        if (a.withAllowance === true && more.length > 0)
          mark('submit-many: submit_with_allowance of several requests accepted', (o) => o.ok);
        // apply_supply_collateral's and apply_supply's `total_supply > supply_cap` at and past equality (pool func122 +1568, +799; src/commands/supply-cap.ts)
        if ((a.request === 'supply' || a.request === 'supply_uncollateralized') && a.more === undefined && a.amount > 0n) {
          const d = loadReserve(r, pool.bstopRate, now);
          const total = toAssetFromB(d, d.bSupply + toBTokenDown(d, a.amount));
          if (total === r.config.supplyCap)
            mark('supply-cap: a supply bringing the total supply to exactly the supply cap accepted', (o) => o.ok);
          if (total > r.config.supplyCap)
            mark('supply-cap: a supply taking the total supply past the supply cap refused (ExceededSupplyCap)', (o) =>
              is(o, PoolError.ExceededSupplyCap),
            );
        }
        // calculate_from_positions' collateral_base sum adding a term of 0 (pool func148 +494; src/commands/hf-edge.ts `dustOf`)
        if (a.request === 'borrow' && a.more === undefined && a.amount > 0n && zeroCollateralHeld(w, pool, a.from))
          mark('hf-edge: a borrow refused by the health factor with a collateral worth 0 base units held', (o) =>
            is(o, PoolError.InvalidHf),
          );
        if (a.amount <= 0n || (a.request !== 'borrow' && a.request !== 'withdraw')) break;
        const d = loadReserve(r, pool.bstopRate, now);
        if (a.request === 'borrow') {
          const u = utilization({ ...d, dSupply: d.dSupply + toDTokenUp(d, a.amount) });
          if (u === target) mark('util: borrow to exactly the target accepted', (o) => o.ok);
          if (u === r.config.maxUtil) mark('util: borrow to exactly max_util accepted', (o) => o.ok);
          if (u === r.config.maxUtil + 1n) mark('util: borrow 1 step over max_util refused', (o) => is(o, PoolError.InvalidUtilRate));
        } else {
          const have = pool.positions.get(a.from)?.collateral.get(a.reserveIndex) ?? 0n;
          const burn = toBTokenUp(d, a.amount);
          const u = utilization({ ...d, bSupply: d.bSupply - (burn > have ? have : burn) });
          if (u >= SCALAR_7.value && d.dSupply > 0n) mark('util: withdraw to 100% refused', (o) => is(o, PoolError.InvalidUtilRate));
        }
        break;
      }
      case 'pool.claim': {
        const pool = w.pools.get(a.pool);
        if (pool === undefined) break;
        for (const id of a.reserveTokenIds) {
          const exp = pool.emisData.get(id)?.expiration;
          if (exp === now + 1n) mark('eps-expiry: claim 1 s before expiry', (o) => o.ok);
          if (exp === now) mark('eps-expiry: claim at expiry', (o) => o.ok);
        }
        // the pool deep-time chain (src/commands/pool-deep.ts): update_user_emissions' stored accrued
        // past 2^64 plus the new accrual (pool func109), and execute_claim's running total past 2^64
        // with a later token's claim added (pool claim's sum)
        const first = a.reserveTokenIds[0];
        if (first !== undefined && a.reserveTokenIds.length > 1) {
          const big = (o: Outcome): boolean =>
            o.ok && o.events.some((e) => e.topic === 'claim' && e.contract === 'pool' && e.amount >= TWO_64);
          if (poolAccruedNow(w, pool, first, a.from) >= TWO_64)
            mark('pool-deep: a pool claim of 2^64 stroops or more, its total then added to', big);
        }
        const stored = a.reserveTokenIds.some(
          (id) => (pool.userEmis.get(a.from)?.get(id)?.accrued ?? 0n) >= TWO_64 && tokenBalance(pool, a.from, id) > 0n,
        );
        if (stored) mark('pool-deep: a pool claim adding to a stored accrued of 2^64 stroops or more', (o) => o.ok);
        break;
      }
      case 'backstop.draw':
        // the deep-time queue tail's last step (deepQueueTail): PoolBalance::withdraw's tokens - amount
        // with a non-zero high half on both sides (backstop func83 +123)
        if (a.amount >= TWO_64) mark('whale: a draw of 2^64 tokens or more', (o) => o.ok);
        break;
      case 'backstop.withdraw': {
        const bs = w.backstops.get(a.backstop);
        if (bs === undefined) break;
        const first = userBalanceOf(bs, a.pool, a.from).q4w[0];
        if (first !== undefined && first.exp === now + 1n)
          mark('q4w-lock: withdraw rejected at t-1', (o) => is(o, BackstopError.NotExpired));
        if (first !== undefined && first.exp === now) mark('q4w-lock: withdraw accepted at t', (o) => o.ok);
        break;
      }
      case 'backstop.queue_withdrawal': {
        // the q4w entry limit (backstop/src/constants.rs MAX_Q4W_SIZE; TooManyQ4WEntries, 1007)
        const q = w.backstops.get(a.backstop);
        if (q !== undefined) {
          const ub = userBalanceOf(q, a.pool, a.from);
          const max = profileOf(w, q).maxQ4wEntries.value;
          const len = BigInt(ub.q4w.length);
          if (len === max - 1n) mark('q4w-max: the last entry the limit allows accepted', (o) => o.ok);
          if (len === max && ub.shares >= a.amount)
            mark('q4w-max: one entry past the limit refused', (o) => is(o, BackstopError.TooManyQ4WEntries));
        }
        post = (out) => {
          const bs = w.backstops.get(a.backstop);
          const pb = bs === undefined ? undefined : poolBalanceOf(bs, a.pool);
          // every share of the pool queued, while the pool is in the reward zone
          if (out.ok && pb !== undefined && pb.shares > 0n && pb.q4w === pb.shares && bs!.rewardZone.includes(a.pool))
            this.stages(w).set(a.pool, 1);
        };
        break;
      }
      case 'backstop.dequeue_withdrawal':
        post = (out) => this.chainStep(w, a.pool, 3, out);
        break;
      case 'emitter.swap_backstop': {
        const swap = w.emitter.queuedSwap;
        if (swap !== undefined && swap.unlockTime === now + 1n)
          mark('swap-unlock: swap rejected at t-1', (o) => is(o, EmitterError.SwapNotUnlocked));
        if (swap !== undefined && swap.unlockTime === now) mark('swap-unlock: swap accepted at t', (o) => o.ok);
        mark('swap: swap_backstop accepted', (o) => o.ok);
        break;
      }
      case 'emitter.queue_swap_backstop': {
        mark('swap: queue_swap_backstop accepted', (o) => o.ok);
        // the emitter's comparison of backstop-token holdings (EMIT-SWAP-QUEUE), at its threshold and 1 stroop over
        const lp = (b: Address): bigint => w.backstops.get(b)?.lpTokens ?? w.lp.get(b) ?? 0n;
        if (w.emitter.queuedSwap === undefined) {
          const over = lp(a.newBackstop) - lp(w.emitter.backstop);
          if (over === 0n) mark('swap-queue: refused at equal holdings', (o) => is(o, EmitterError.InsufficientBackstopSize));
          if (over === 1n) mark('swap-queue: accepted 1 stroop over', (o) => o.ok);
        } else mark('swap-queue: refused while a swap is queued', (o) => is(o, EmitterError.SwapAlreadyExists));
        break;
      }
      case 'emitter.cancel_swap_backstop': {
        // EMIT-SWAP-CANCEL: a queued swap is cancelled once its new backstop no longer holds more than the current one
        if (w.emitter.queuedSwap !== undefined) {
          mark('swap-cancel: refused while the new backstop holds more', (o) => is(o, EmitterError.SwapCannotBeCanceled));
          mark('swap-cancel: accepted', (o) => o.ok);
        }
        break;
      }
      case 'emitter.distribute': {
        // the emitter's 64x64-bit product of the elapsed seconds and 1 BLND (EMIT-RATE), at its 2^32 s boundary
        const last = w.emitter.lastDistro.get(w.emitter.backstop);
        const gap = last === undefined ? undefined : now - last;
        if (gap === 2n ** 32n - 1n) mark('emitter-gap: distribute after 2^32 - 1 s', (o) => o.ok);
        if (gap === 2n ** 32n) mark('emitter-gap: distribute after 2^32 s', (o) => o.ok);
        break;
      }
      case 'emitter.drop': {
        // the emitter's own checks (DROP-ONCE, DROP-MAX), on a list the harness chose
        if (w.emitter.dropped.has(w.emitter.backstop)) {
          mark('emitter-drop: a repeat refused (already dropped)', (o) => is(o, EmitterError.BadDrop));
          break;
        }
        const max = w.profile.maxDrop.value;
        let total = 0n;
        for (const [, x] of a.list) total += x;
        if (a.list.length === 0) mark('emitter-drop: an empty list accepted', (o) => o.ok);
        if (total === max) mark('emitter-drop: a list of exactly the 50M maximum accepted', (o) => o.ok);
        if (total === max + 1n) mark('emitter-drop: a list of 50M + 1 stroop refused', (o) => is(o, EmitterError.BadDrop));
        if (a.list.some(([, x]) => x < 0n))
          mark('emitter-drop: a negative entry refused by the mint', (o) => is(o, TokenError.NegativeAmountError));
        if (total >= 2n ** 64n && total < 2n ** 127n) mark('emitter-drop: a sum past 2^64 refused', (o) => is(o, EmitterError.BadDrop));
        if (total >= 2n ** 127n) mark('emitter-drop: a sum past 2^127 panics', (o) => is(o, HostError.Panic));
        break;
      }
      case 'backstop.drop': {
        if (a.backstop !== CURRENT_BACKSTOP && a.backstop === w.emitter.backstop)
          mark('swap: drop by the new backstop accepted', (o) => o.ok);
        // the emitter's drop maximum (DROP-MAX) met exactly: the drop list plus, in v2, the backfilled emissions
        const bs = w.backstops.get(a.backstop);
        if (bs?.dropList !== undefined) {
          const p = profileOf(w, bs);
          let total = p.backfill.enabled ? bs.backfillEmissions : 0n;
          for (const [, x] of bs.dropList) total += x;
          if (total === p.maxDrop.value) mark('backfill: a drop of exactly the 50M maximum accepted', (o) => o.ok);
        }
        break;
      }
      default:
        break;
    }
    return (out) => {
      for (const [k, when] of marks) if (when(out)) this.hit(k);
      // v2's index update of a pool whose every share is queued, time having passed (backstop
      // update_emission_data's non-queued shares - q4w = 0: those seconds' emissions are forfeited; Q4W-NOEARN)
      if (out.ok && out.events.some((e) => e.topic === 'forfeit'))
        this.hit('all-queued: index update with every share queued (emissions forfeited)');
      post?.(out);
      step?.(out);
    };
  }

  /**
   * A backstop call that updates a pool's emission index (deposit, queue, dequeue, withdraw, claim):
   * the index step it made, where past 2^64 with 2^32 - 1 or 2^32 non-queued shares (shares - q4w,
   * the divisor of the step, dt x eps x SCALAR_7 / non-queued shares). The backstop's u128 division
   * (compiler-builtins' `u128_div_rem`, `func143` in the bundled v2 WASM) takes its long-division
   * path only for a quotient past 2^64 and a divisor of 2^32 or more: the pair is either side of it.
   */
  private indexStep(w: World, a: Action): ((out: Outcome) => void) | undefined {
    let pools: readonly Address[];
    switch (a.fn) {
      case 'backstop.deposit':
      case 'backstop.queue_withdrawal':
      case 'backstop.dequeue_withdrawal':
      case 'backstop.withdraw':
        pools = [a.pool];
        break;
      case 'backstop.claim':
        pools = a.pools;
        break;
      default:
        return undefined;
    }
    const bs = w.backstops.get(a.backstop);
    if (bs === undefined || profileOf(w, bs).flow !== 'v2') return undefined;
    const before = pools.map((pool) => {
      const pb = poolBalanceOf(bs, pool);
      return { pool, index: bs.emisData.get(pool)?.index, nq: pb.shares - pb.q4w };
    });
    return (out) => {
      if (!out.ok) return;
      for (const b of before) {
        const after = bs.emisData.get(b.pool)?.index;
        if (b.index === undefined || after === undefined || after - b.index < 2n ** 64n) continue;
        if (b.nq === 2n ** 32n - 1n) this.hit('big-index: an index step past 2^64 over 2^32 - 1 non-queued shares');
        if (b.nq === 2n ** 32n) this.hit('big-index: an index step past 2^64 over 2^32 non-queued shares');
      }
    };
  }

  private stages(w: World): ChainStages {
    let s = this.chains.get(w);
    if (s === undefined) this.chains.set(w, (s = new Map()));
    return s;
  }

  /**
   * The pool's i128 high halves a positive submit meets (src/commands/pool-high.ts; read on the
   * before-state, the reserve brought up to now): a borrow minting ceil(amount / d_rate) d tokens,
   * a multiple of 2^64 (the liabilities' carry test over equal low halves); a repay burning floor(amount / d_rate) d tokens, or
   * a withdrawal burning ceil(amount / b_rate) b tokens, fewer than a balance of 2^64 tokens or more
   * and with a larger low half (`balance - burnt` borrows from the high half); a borrow, or a
   * withdrawal by a user with liabilities, whose health check adds a reserve's liabilities to the
   * earlier reserves' total of 2^64 base units or more (price x asset / scalar, 7 decimals).
   */
  private highHalves(
    w: World,
    a: Extract<Action, { fn: 'pool.submit' }>,
    mark: (k: ReachKey, when: (out: Outcome) => boolean) => void,
  ): void {
    const pool = w.pools.get(a.pool);
    const r = pool?.reserves[a.reserveIndex];
    if (pool === undefined || r === undefined) return;
    const pos = pool.positions.get(a.from);
    const d = loadReserve(r, pool.bstopRate, w.now);
    if (a.request === 'borrow' && toDTokenUp(d, a.amount) % HIGH === 0n)
      mark('pool-high: a borrow minting exactly k x 2^64 d tokens accepted (a zero low half)', (o) => o.ok);
    const borrows = (balance: bigint, burnt: bigint): boolean => balance >= HIGH && burnt < balance && burnt % HIGH > balance % HIGH;
    if (a.request === 'repay' && borrows(pos?.liabilities.get(a.reserveIndex) ?? 0n, toDTokenDown(d, a.amount)))
      mark('pool-high: a repay whose burnt d tokens borrow from the balance high half', (o) => o.ok);
    if (a.request === 'withdraw' && borrows(pos?.collateral.get(a.reserveIndex) ?? 0n, toBTokenUp(d, a.amount)))
      mark('pool-high: a withdraw whose burnt b tokens borrow from the balance high half', (o) => o.ok);
    if (a.request === 'withdraw_uncollateralized' && borrows(pos?.supply.get(a.reserveIndex) ?? 0n, toBTokenUp(d, a.amount)))
      mark('uncollateralized: a withdraw_uncollateralized whose burnt b tokens borrow from the balance high half', (o) => o.ok);
    if (a.request !== 'borrow' && (a.request !== 'withdraw' || (pos?.liabilities.size ?? 0) === 0)) return;
    let total = 0n;
    let reached = false;
    pool.reserves.forEach((res, i) => {
      const dTokens = pos?.liabilities.get(i) ?? 0n;
      if (dTokens === 0n && !(a.request === 'borrow' && i === a.reserveIndex)) return;
      if (total >= HIGH) reached = true;
      const di = loadReserve(res, pool.bstopRate, w.now);
      total += (toAssetFromD(di, dTokens) * ORACLE_PRICE.value) / res.scalar;
    });
    if (reached) mark('pool-high: a health check adding liabilities to a total of 2^64 base units or more', (o) => o.ok);
    // the raw collateral total (price x asset / scalar, no collateral factor) of a borrow's check (its collateral unchanged)
    if (a.request !== 'borrow') return;
    let raw = 0n;
    let over = false;
    pool.reserves.forEach((res, i) => {
      const bTokens = pos?.collateral.get(i) ?? 0n;
      if (bTokens === 0n) return;
      if (raw >= HIGH) over = true;
      raw += (toAssetFromB(loadReserve(res, pool.bstopRate, w.now), bTokens) * ORACLE_PRICE.value) / res.scalar;
    });
    if (over) mark('pool-high: a health check adding collateral to a raw total of 2^64 base units or more', (o) => o.ok);
  }

  /** Move `pool`'s chain from stage `from` to the next when `out` was accepted; the last stage counts the chain. */
  private chainStep(w: World, pool: Address, from: number, out: Outcome): void {
    const s = this.stages(w);
    if (!out.ok || s.get(pool) !== from) return;
    if (from === 4) {
      this.hit('chain: queue-all > remove_reward > gulp > dequeue > distribute');
      s.delete(pool);
    } else s.set(pool, from + 1);
  }
}
