/**
 * Deep time: a backstop depositor's BLND past 2^64 stroops (1.8 x 10^12 BLND), the i128 high half
 * of the backstop's emission sums (issue 19's backstop mutants `claim +1330 add->sub`, the claim's
 * running total plus one pool's claim, and `func88 +421 add->sub`, `update_user_emissions`' stored
 * accrued plus the new accrual: each `a.hi + b.hi` turned `a.hi - b.hi`, which differs only when
 * the added amount is 2^64 stroops or more).
 *
 * One gulp gives a pool's depositors at most what a u64 EPS of 14 decimals emits in 7 days,
 * (2^64 - 1) x 604800 / 10^7 stroops (about 1.1 x 10^18; backstop/src/emissions/manager.rs
 * `set_backstop_emission_eps`; more panics in the contract and the model alike), so 2^64 needs some
 * 17 gulps with no claim between. The chain: the richest LP holder deposits its wallet into the
 * reward-zone pool with the most non-queued tokens (where it is not already most of the zone), then
 * cycles of (advance, the emitter's distribution, the backstop's, that pool's gulp), each advance
 * long enough (about 1.4 x 10^11 s, 4,500 years, over the pool's part of the zone) that the gulp
 * gives its depositors 90% of that maximum; any other zone pool whose allocation nears the maximum
 * is gulped too, so that no pool is left unable to gulp (BLND-LIVE-001). Once the pool's largest
 * holder has 2^64 stroops coming, it queues 1 share (its accrued, past 2^64, is stored), one more
 * cycle, 7 days, and its claim: the claim adds the stored accrued and the new accrual, then the
 * claim's amount, past 2^64, to its total. In the world with the whale the claim's Comet deposit of
 * some 1.9 x 10^19 BLND stroops fits the Comet's max-in ratio (a third of its BLND, about 9 x 10^19
 * there) and is accepted; in a default world the Comet refuses it (Comet MaxInRatio), as the model.
 * Every amount is read off the live world when its turn comes (counted by src/commands/reach.ts,
 * keys `deep-time: ...`).
 */
import type { Action } from '../../model/actions.ts';
import { convertToTokens, nonQueuedTokens } from '../../model/backstop/pool-balance.ts';
import { splitEmissions } from '../../model/backstop/gulp.ts';
import { fixedDivFloor } from '../../model/math.ts';
import { poolBalanceOf, rzEmisOf, userBalanceOf, type Address, type World } from '../../model/state.ts';
import { BACKSTOP_EMISSION_SHARE, EMISSION_PERIOD, EMISSION_RATE, SCALAR_7 } from '../../spec/constants.ts';
import { backstopDistributionOf } from '../../properties/preconditions.ts';
import { MAX_ACTIONS_OF_ANY_COMMAND } from './base.ts';
import { TWO_64, drawTo, isI128Panic } from './whale.ts';

/** The most actions the chain performs (about 4 per cycle, some 20 cycles). */
export const DEEP_TIME_MAX_ACTIONS = MAX_ACTIONS_OF_ANY_COMMAND;

/** What a depositor is brought to before its claim: 2^64 stroops and 2%. */
export const DEEP_TIME_TARGET: bigint = TWO_64 + TWO_64 / 50n;

/**
 * The most tokens (stroops) a backstop gulp can give a pool's depositors: the largest `tokens` with
 * tokens x epsScale / 7 days within a u64.
 */
export function maxEpsTokens(epsScale: bigint): bigint {
  return ((TWO_64 - 1n) * EMISSION_PERIOD.value + EMISSION_PERIOD.value - 1n) / epsScale;
}

/** The cycles the chain allows itself: the actions it has, less a deposit, the touch, the claim and slack. */
const MAX_CYCLES = 26;

/**
 * The chain over the emitter's current backstop (v2 flow, not backfilling; nothing otherwise, nor
 * where the pool's holder would need more than MAX_CYCLES cycles).
 */
export function* deepTimeChain(w: World, zoneTail = false): Generator<Action, void, undefined> {
  const bs = w.backstops.get(w.emitter.backstop);
  if (bs === undefined) return;
  const profile = bs.profile ?? w.profile;
  const epsScale = profile.epsScale?.value;
  if (profile.flow !== 'v2' || epsScale === undefined || w.emitter.lastDistro.get(bs.address) === undefined) return;
  const zone = bs.rewardZone;
  if (zone.length === 0 || zone.some((p) => (w.pools.get(p)?.reserves.length ?? 0) === 0)) return;
  const S7 = SCALAR_7.value;
  const maxTokens = maxEpsTokens(epsScale);
  // the allocation whose 70% is 90% of the maximum
  const cycleAlloc = (maxTokens * 9n * S7) / (10n * BACKSTOP_EMISSION_SHARE.value);
  const nq = (p: Address): bigint => nonQueuedTokens(poolBalanceOf(bs, p));
  let pool: Address;
  let total = 0n;
  try {
    pool = zone.reduce((best, p) => (nq(p) > nq(best) ? p : best));
    for (const p of zone) total += nq(p);
  } catch (e) {
    // a zone pool's queued-share conversion past i128 (the whale's): the distribution would panic
    if (isI128Panic(e)) return;
    throw e;
  }
  // the richest LP holder's wallet into the pool, where the pool is not yet 90% of the zone
  if (nq(pool) * 10n < total * 9n) {
    const from = [...w.lp.keys()]
      .filter((u) => w.users.includes(u) || u === w.whale)
      .reduce<Address | undefined>((b, u) => (b === undefined || (w.lp.get(u) ?? 0n) > (w.lp.get(b) ?? 0n) ? u : b), undefined);
    const amount = from === undefined ? 0n : (w.lp.get(from) ?? 0n);
    if (from === undefined || amount <= 0n) return;
    yield { fn: 'backstop.deposit', backstop: bs.address, from, pool, amount };
  }
  const pb = poolBalanceOf(bs, pool);
  const nonQueued = pb.shares - pb.q4w;
  let holder: Address | undefined;
  let held = 0n;
  bs.userBalances.get(pool)?.forEach((ub, u) => {
    if (ub.shares > held) [holder, held] = [u, ub.shares];
  });
  if (holder === undefined || nonQueued <= 0n || held * 2n < nonQueued) return;
  let share: bigint;
  try {
    share = fixedDivFloor(
      nq(pool),
      zone.reduce((t, p) => t + nq(p), 0n),
      S7,
    );
  } catch (e) {
    if (isI128Panic(e)) return;
    throw e;
  }
  if (share * 2n < S7) return;
  // the holder's part of a cycle's EPS, and the cycles it takes
  const perCycle = (splitEmissions(cycleAlloc).backstop * held) / nonQueued;
  if (perCycle <= 0n || DEEP_TIME_TARGET / perCycle + 2n > BigInt(MAX_CYCLES)) return;
  let coming = 0n;
  let touched = false;
  for (let c = 0; c < MAX_CYCLES; c++) {
    // the backstop's next distribution allocates the pool cycleAlloc less what it holds already
    const want = cycleAlloc - rzEmisOf(bs, pool).accrued;
    const elapsed = (want * S7) / (share * EMISSION_RATE.value);
    const since = w.now - bs.lastDistributionTime;
    yield { fn: 'advance_time', seconds: elapsed > since ? elapsed - since : 1n };
    if (coming >= DEEP_TIME_TARGET) {
      // the holder's accrued (past 2^64) stored, then one more cycle
      yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from: holder, pool, amount: 1n };
      touched = true;
    }
    yield { fn: 'emitter.distribute' };
    yield { fn: backstopDistributionOf(profile), backstop: bs.address };
    for (const q of zone)
      if (q !== pool && splitEmissions(rzEmisOf(bs, q).accrued).backstop * 2n > maxTokens) yield { fn: 'pool.gulp_emissions', pool: q };
    yield { fn: 'pool.gulp_emissions', pool };
    const emis = bs.emisData.get(pool);
    if (emis === undefined || emis.expiration <= w.now) return; // the gulp did not set an EPS: give up
    const ub = userBalanceOf(bs, pool, holder);
    const pbNow = poolBalanceOf(bs, pool);
    coming += (((emis.eps * EMISSION_PERIOD.value) / epsScale) * ub.shares) / (pbNow.shares - pbNow.q4w);
    if (touched) break;
  }
  if (!touched) return;
  yield { fn: 'advance_time', seconds: EMISSION_PERIOD.value };
  yield { fn: 'backstop.claim', backstop: bs.address, from: holder, pools: [pool], minLpTokensOut: 0n, to: holder };
  if (zoneTail) yield* deepZoneTail(w, bs.address, pool);
  else yield* deepQueueTail(w, bs.address, pool);
}

/**
 * The deep-time chain's queue tail (the chains without the zone tail): where the chain's pool, in
 * the reward zone, now holds 2^64 backstop tokens or more (the world with the whale, whose wallet
 * the chain deposited there), every holder queues all its shares, so that the next distribution's
 * `non_queued_tokens` (`tokens - convert_to_tokens(q4w)`, q4w == shares: the whole tokens) subtracts
 * high halves that are not 0 (the backstop's `func81 +80 sub->add`); the distribution interval (5 s)
 * plus 1 s, both distributions, then every holder dequeues all it has queued (a pool of 2^64 tokens
 * with part of its shares queued cannot distribute: q4w x tokens passes i128, WasmVm#6).
 *
 * Session 19: first, where the zone has another pool, the largest holder queues a part of its
 * shares (`partialQueueShares`: at most 2^126 / tokens, so that q4w x tokens stays within i128)
 * whose tokens' low half passes the pool tokens' low half, then 6 s and both distributions: that
 * `non_queued_tokens` borrows from the high half (tokens.hi - q.hi - 1; the backstop's `func81 +92
 * sub->add` adds the borrow, 2^65 more non-queued tokens, and so another share of the zone). The
 * rest of the tail follows as before (the holders queue what they have left). Last, the pool draws
 * 2^64 of its tokens to the whale (`PoolBalance::withdraw`'s `tokens - amount` with both high halves
 * 1: the backstop's `func83 +123 sub->add`).
 */
export function* deepQueueTail(w: World, backstop: Address, pool: Address): Generator<Action, void, undefined> {
  const bs = w.backstops.get(backstop);
  if (bs === undefined || w.emitter.backstop !== backstop || !bs.rewardZone.includes(pool)) return;
  if (poolBalanceOf(bs, pool).tokens < TWO_64) return;
  const profile = bs.profile ?? w.profile;
  const part = partialQueueShares(w, backstop, pool);
  if (part !== undefined) {
    yield { fn: 'backstop.queue_withdrawal', backstop, from: part[0], pool, amount: part[1] };
    yield { fn: 'advance_time', seconds: profile.distributeMinInterval.seconds.value + 1n };
    yield { fn: 'emitter.distribute' };
    yield { fn: backstopDistributionOf(profile), backstop };
  }
  const holders: [Address, bigint][] = [];
  bs.userBalances.get(pool)?.forEach((ub, u) => {
    if (ub.shares > 0n) holders.push([u, ub.shares]);
  });
  for (const [from, amount] of holders) yield { fn: 'backstop.queue_withdrawal', backstop, from, pool, amount };
  const pb = poolBalanceOf(bs, pool);
  if (pb.q4w !== pb.shares) return;
  yield { fn: 'advance_time', seconds: profile.distributeMinInterval.seconds.value + 1n };
  yield { fn: 'emitter.distribute' };
  yield { fn: backstopDistributionOf(profile), backstop };
  const queued: [Address, bigint][] = [];
  bs.userBalances.get(pool)?.forEach((ub, u) => {
    const q = ub.q4w.reduce((a, x) => a + x.amount, 0n);
    if (q > 0n) queued.push([u, q]);
  });
  for (const [from, amount] of queued) yield { fn: 'backstop.dequeue_withdrawal', backstop, from, pool, amount };
  // the pool draws 2^64 of its tokens (to the whale): PoolBalance::withdraw's tokens - amount with
  // both high halves 1 (the backstop's func83 +123 sub->add adds them)
  const to = w.whale ?? queued[0]?.[0];
  const tokens = poolBalanceOf(bs, pool).tokens;
  if (to !== undefined && tokens >= TWO_64) yield* drawTo(bs, pool, tokens - TWO_64, to);
}

/**
 * The queue tail's partial queue (`deepQueueTail`): [holder, shares] where `pool`, in a reward zone
 * of two pools or more, holds 2^64 tokens or more: the largest holder of non-queued shares queues
 * min(its shares, floor(2^126 / tokens)) (q4w x tokens, the i128 product of `convert_to_tokens`,
 * stays under 2^127), kept only where the pool's queued tokens then (`convert_to_tokens(q4w)`,
 * stroops of LP) are under 2^64 and their low half is over the tokens' low half: `non_queued_tokens`
 * borrows from the high half. Undefined otherwise.
 */
export function partialQueueShares(w: World, backstop: Address, pool: Address): [Address, bigint] | undefined {
  const bs = w.backstops.get(backstop);
  if (bs === undefined || bs.rewardZone.length < 2 || !bs.rewardZone.includes(pool)) return undefined;
  const pb = poolBalanceOf(bs, pool);
  if (pb.tokens < TWO_64) return undefined;
  let holder: Address | undefined;
  let held = 0n;
  bs.userBalances.get(pool)?.forEach((ub, u) => {
    if (ub.shares > held) [holder, held] = [u, ub.shares];
  });
  if (holder === undefined) return undefined;
  const amount = held < TWO_126 / pb.tokens ? held : TWO_126 / pb.tokens;
  const q4w = pb.q4w + amount;
  if (amount <= 0n || q4w >= pb.shares || q4w * pb.tokens >= TWO_126 * 2n) return undefined;
  const queued = convertToTokens(pb, q4w);
  return queued < TWO_64 && queued % TWO_64 > pb.tokens % TWO_64 ? [holder, amount] : undefined;
}

/** 2^126: half the i128 range, the bound of the partial queue's q4w x tokens. */
const TWO_126 = 2n ** 126n;

/**
 * The seconds of the zone tail's advance for a pool's `share` of the reward zone (SCALAR_7): the
 * least whole seconds s whose allocation, distribute's `share.fixed_mul_floor(new_emissions,
 * SCALAR_7)` with new_emissions = s x EMISSION_RATE (1 BLND a second, so the allocation is exactly
 * share x s), reaches 2^64 stroops: ceil(2^64 / share), an allocation in [2^64, 2^64 + share). That
 * product's division by SCALAR_7 has a dividend whose i128 high half is exactly 10^7, the divisor
 * (compiler-builtins' u128_div_rem, the backstop's func143, takes its branch for n.hi == d there:
 * issue 19's `func143 +208 ge->gt` sends it to the long division for n.hi < d, whose quotient is
 * 2^40 short; an allocation of 2^64 + 2^64 / 10^7 or more, 1.8 x 10^12 stroops over, misses it).
 */
export function zoneTailSeconds(share: bigint): bigint {
  return (TWO_64 * SCALAR_7.value + share * EMISSION_RATE.value - 1n) / (share * EMISSION_RATE.value);
}

/**
 * The deep-time chain's zone tail: a reward-zone pool's allocation (`RzEmissions.accrued`, what its
 * next gulp takes) brought past 2^64 stroops by one distribution, then added to by another: the
 * backstop's `distribute +1167 add->sub` (manager.rs `distribute`'s `accrued_emissions.accrued +=
 * new_pool_emissions`, the i128 high halves `new.hi + accrued.hi` turned `new.hi - accrued.hi`,
 * which differs only for an allocation of 2^64 stroops or more). One advance of about 2^64 / share
 * seconds (1.8 x 10^12 s, 58,000 years, at the pool's whole zone; the share is read off the live
 * world, at least half), the emitter's and the backstop's distributions, then the distribution
 * interval (5 s) plus 1 s and both distributions again. No gulp: past about 1.1 x 10^18 stroops
 * the pool's gulp cannot set its depositors' EPS (the u64 cast traps, WasmVm#6, in the contract and
 * the model alike; BLND-LIVE-001 leaves such a gulp out), so the zone's pools cannot gulp again in
 * the run. Nothing where the backstop is not the emitter's or the pool left the zone.
 */
export function* deepZoneTail(w: World, backstop: Address, pool: Address): Generator<Action, void, undefined> {
  const bs = w.backstops.get(backstop);
  if (bs === undefined || w.emitter.backstop !== backstop || !bs.rewardZone.includes(pool)) return;
  const profile = bs.profile ?? w.profile;
  const S7 = SCALAR_7.value;
  let share: bigint;
  try {
    const nq = (p: Address): bigint => nonQueuedTokens(poolBalanceOf(bs, p));
    share = fixedDivFloor(
      nq(pool),
      bs.rewardZone.reduce((t, p) => t + nq(p), 0n),
      S7,
    );
  } catch (e) {
    if (isI128Panic(e)) return;
    throw e;
  }
  if (share * 2n < S7) return;
  // the pool's new allocation share x seconds (the emissions 1 BLND a second): in [2^64, 2^64 + share)
  const elapsed = zoneTailSeconds(share);
  const since = w.now - bs.lastDistributionTime;
  yield { fn: 'advance_time', seconds: elapsed > since ? elapsed - since : 1n };
  yield { fn: 'emitter.distribute' };
  yield { fn: backstopDistributionOf(profile), backstop };
  if (rzEmisOf(bs, pool).accrued < TWO_64) return;
  yield { fn: 'advance_time', seconds: profile.distributeMinInterval.seconds.value + 1n };
  yield { fn: 'emitter.distribute' };
  yield { fn: backstopDistributionOf(profile), backstop };
}
