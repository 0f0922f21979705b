/**
 * Scenario commands: one fast-check command that, resolved against the world as it runs, performs
 * a short purposeful chain of actions through the harness, so that ordinary runs reach what random
 * sequences rarely do (issue 17): each time limit at t - 1 s and at t (the 24 h pool gulp, the
 * backstop distribution interval, the reward-zone edit window, an EPS expiry, a q4w unlock, a swap
 * unlock), a full reward zone (RewardZoneFull, a replacement accepted and one refused by the
 * out-hold rule), a backstop swap and its drop, and the chain queue-all > remove_reward > gulp >
 * dequeue > distribute. A scenario holds only seeds: every pool, user, amount and time is read off
 * the world when its turn comes, so a shrunk sequence stays valid; a scenario whose world offers
 * nothing to act on performs fewer actions (perhaps none). Each action is an ordinary step: the
 * harness checks every property after it, and `check` runs it in lockstep.
 */
import { tokenBalance } from '../../model/pool/distributor.ts';
import * as fc from 'fast-check';
import { toCall, type Action, type ActionName } from '../../model/actions.ts';
import { poolBalanceOf, rzEmisOf, userBalanceOf, type Address, type BackstopState, type World } from '../../model/state.ts';
import { maxRewardZoneSize, type Profile } from '../../spec/profiles.ts';
import { EMISSION_RATE, POOL_EMISSION_SHARE, SCALAR_7, SECONDS_PER_DAY } from '../../spec/constants.ts';
import { splitEmissions } from '../../model/backstop/gulp.ts';
import { nonQueuedTokens } from '../../model/backstop/pool-balance.ts';
import { fixedDivFloor } from '../../model/math.ts';
import { ContractError } from '../../model/errors.ts';
import { HostError } from '../../spec/errors.ts';
import { backstopDistributionOf } from '../../properties/preconditions.ts';
import type { Harness } from '../harness/harness.ts';
import { FILLER_DEPOSITOR } from '../world/genesis.ts';
import { BlendCommand, MAX_ACTIONS_PER_COMMAND, backstopList, pick, poolsOfBackstop } from './base.ts';
import { SetLpPrice } from './emitter.ts';
import { TWO_62, TWO_64, drawTo } from './whale.ts';
import { DEEP_TIME_MAX_ACTIONS, deepTimeChain } from './deep-time.ts';

/** The steps of a scenario, read off the live world: yield an action, and the world then holds its effect. */
type Script = (w: World) => Generator<Action, void, undefined>;

/** A command that performs a chain of actions (src/commands/base.ts `actions`). */
export abstract class Scenario extends BlendCommand {
  private chain: { readonly calls: readonly Action[]; readonly names: ReadonlyMap<Address, string> } | undefined;

  /** The chain, as a script over the live world. */
  protected abstract script: Script;
  /** The scenario's name and seeds, for printing before it runs. */
  abstract override describe(): string;

  /**
   * Which of the script's actions this scenario performs, by their place in the script (missing:
   * performed). Generated nearly all true; each shrinks to false on its own (`keepArb`), so that a
   * failure found through a scenario shrinks to the actions it needs, not the whole chain.
   */
  keep: readonly boolean[] = [];

  /** The most actions this scenario performs (the deep-time chain has more: src/commands/deep-time.ts). */
  protected maxActions(_w: World): number {
    return MAX_ACTIONS_PER_COMMAND;
  }

  /** The first action of the chain in `w` (an ordinary command's resolve; the chain itself needs `actions`). */
  resolve(w: World): Action {
    return this.script(w).next().value ?? { fn: 'advance_time', seconds: 1n };
  }

  /** Step every action of the chain (the base's `run` steps a single action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }

  override *actions(h: Harness): Generator<Action, void, undefined> {
    const calls: Action[] = [];
    this.chain = { calls, names: h.world.names };
    let i = 0;
    // the seconds of a left-out advance_time go to the next advance_time performed (shrinking the
    // advance to t - 1 s and its 1 s more to one advance)
    let carry = 0n;
    const max = this.maxActions(h.world);
    // the deep-time chain performs every action: its advances are each sized to 90% of the EPS
    // maximum, and one left out would add its seconds to the next (an allocation past the maximum,
    // which no gulp can take: BLND-LIVE-001)
    const keep = max > MAX_ACTIONS_PER_COMMAND ? [] : this.keep;
    this.keptAll = keep.length === 0;
    for (const a of this.script(h.world)) {
      if (i >= max) return;
      if (keep[i++] === false) {
        if (a.fn === 'advance_time') carry += a.seconds;
        continue;
      }
      const b: Action = carry > 0n && a.fn === 'advance_time' ? { fn: 'advance_time', seconds: a.seconds + carry } : a;
      if (b !== a) carry = 0n;
      calls.push(b);
      yield b;
    }
  }

  /** The places of the script's actions this scenario leaves out, for printing. */
  /** Whether the last `actions` performed the whole chain whatever `keep` says (the deep-time chain). */
  private keptAll = false;

  protected dropped(): string {
    const d = this.keptAll ? [] : this.keep.flatMap((k, i) => (k ? [] : [i]));
    return d.length === 0 ? '' : ` without #${d.join(', #')}`;
  }

  override toString(): string {
    const chain = this.chain;
    if (chain === undefined || chain.calls.length === 0) return this.describe();
    return `${this.describe()}: ${chain.calls.map((a) => toCall(a, (x) => chain.names.get(x) ?? x)).join('; ')}`;
  }
}

/**
 * A pool chain started from nothing, on the pool and the user with no position there that
 * `poolSeed` and `userSeed` pick off the live world (`freePoolUser`, src/commands/base.ts): the
 * min-collateral, supply-edge, interest-edge and health-factor edge chains.
 */
export abstract class PoolUserChain extends Scenario {
  constructor(
    readonly poolSeed: number,
    readonly userSeed: number,
    /**
     * Where given, the chain's oracle variant (src/commands/oracle.ts: its price aged to 24 h and
     * 24 h + 1 s, moved off 1.0 where this seed, the borrow's reserve seed, asks: `priceOf`); the
     * min-collateral and health-factor edge chains read it.
     */
    readonly oracleSeed?: number,
  ) {
    super();
  }
}

// ---- helpers over the world ----

const profileOf = (w: World, bs: BackstopState): Profile => bs.profile ?? w.profile;
const advanceTo = (w: World, t: bigint): Action | undefined => (t > w.now ? { fn: 'advance_time', seconds: t - w.now } : undefined);
const advance = (seconds: bigint): Action => ({ fn: 'advance_time', seconds });
/** The emitter's distribution and then `bs`'s (v2 `distribute`, v1 `gulp_emissions`); also the emission-credit chain's (src/commands/emission-credit.ts). */
export function* distributeBoth(w: World, bs: Address): Generator<Action, void, undefined> {
  yield { fn: 'emitter.distribute' };
  yield { fn: backstopDistributionOf(profileOf(w, w.backstops.get(bs)!)), backstop: bs };
}
/** Users with LP in their wallet, richest first. */
const funded = (w: World): Address[] => w.users.filter((u) => (w.lp.get(u) ?? 0n) > 0n).sort((a, b) => cmp(w.lp.get(b)!, w.lp.get(a)!));
const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
/** Deposits of `amount` LP into `pool` by the users with LP (as many as it takes, at most 4 deposits). */
function* depositLp(w: World, pool: Address, amount: bigint): Generator<Action, void, undefined> {
  const backstop = w.pools.get(pool)?.backstop;
  if (backstop === undefined) return;
  let left = amount;
  for (const from of funded(w).slice(0, 4)) {
    if (left <= 0n) return;
    const have = w.lp.get(from) ?? 0n;
    const x = have < left ? have : left;
    yield { fn: 'backstop.deposit', backstop, from, pool, amount: x };
    left -= x;
  }
}
/** The reward zone's pool with the fewest (`fewest`) or the most tokens. */
function extremePool(bs: BackstopState, fewest: boolean): Address | undefined {
  let best: Address | undefined;
  let tokens = 0n;
  for (const p of bs.rewardZone) {
    const t = poolBalanceOf(bs, p).tokens;
    if (best === undefined || (fewest ? t < tokens : t > tokens)) [best, tokens] = [p, t];
  }
  return best;
}
/** The reward zone's pools that the world holds with reserves (a snapshot's zone may name pools it did not load). */
const zonePools = (w: World, bs: BackstopState): Address[] => bs.rewardZone.filter((p) => (w.pools.get(p)?.reserves.length ?? 0) > 0);
/** Pools of `bs` outside its reward zone. */
const outsideZone = (w: World, bs: BackstopState): Address[] => poolsOfBackstop(w, bs.address).filter((p) => !bs.rewardZone.includes(p));
/**
 * LP (stroops) a reward-zone candidate is given: 150,000 LP, above the threshold at the genesis
 * composition (v2 about 48,000 LP, v1 about 76,000) and above a genesis-funded pool's 120,000 LP.
 */
const CANDIDATE_LP = 150_000_0000000n;
/** LP (stroops) a candidate of a full zone is first given: above the threshold, below a genesis-funded pool's 120,000 LP. */
const UNDERDOG_LP = 100_000_0000000n;
/** A fresh distribution where reward-zone edits need one (v2's 1 h window, v1's 24 h swap freshness), a few seconds on. */
function* freshDistribution(w: World, bs: BackstopState): Generator<Action, void, undefined> {
  const p = profileOf(w, bs);
  const window = p.rzEditWindow?.value ?? p.rzSwapFreshness?.value;
  if (window === undefined || w.now - bs.lastDistributionTime < window / 2n) return;
  yield advance(p.distributeMinInterval.seconds.value + 1n);
  yield* distributeBoth(w, bs.address);
}
/** The backstop of a seed: the emitter's current one three seeds in four. */
const backstopOf = (w: World, seed: number): BackstopState =>
  w.backstops.get(seed % 4 !== 3 ? w.emitter.backstop : pick(backstopList(w), seed >>> 2))!;

// ---- the scenarios ----

/** The kinds of deadline a `Deadline` scenario goes to. */
export const DEADLINE_KINDS = ['gulp', 'distribute', 'rz-window', 'eps', 'q4w', 'swap', 'backfill'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * A time limit on purpose: the action subject to it at t - 1 s (rejected) and at t (accepted), the
 * deadline read off the world (made first where the world has none: a gulp, a queued withdrawal, a
 * swap). For the reward-zone edit window, whose end is the last second allowed, an edit at the end
 * (offset 0) or one second after it (offset 1).
 */
export class Deadline extends Scenario {
  constructor(
    readonly kind: DeadlineKind,
    readonly seed: number,
    readonly offset: 0 | 1,
  ) {
    super();
  }
  describe(): string {
    return `scenario.deadline(${this.kind}, #${this.seed}${this.kind === 'rz-window' || this.kind === 'backfill' || this.kind === 'swap' ? `, +${this.offset}` : ''})${this.dropped()}`;
  }
  protected override maxActions(w: World): number {
    return goesDeep(this.kind, this.seed, w.whale !== undefined) ? DEEP_TIME_MAX_ACTIONS : MAX_ACTIONS_PER_COMMAND;
  }
  protected script: Script = (w) => {
    if (gulpsAtMinimum(this.kind, this.seed, w.profile, w.whale !== undefined)) return gulpMinimum(w, this.seed, this.offset);
    if (goesDeep(this.kind, this.seed, w.whale !== undefined)) return deepTimeChain(w, endsInZone(this.seed));
    switch (this.kind) {
      case 'gulp':
        return gulpDeadline(w, this.seed);
      case 'distribute':
        return distributeDeadline(w, this.seed);
      case 'rz-window':
        return rzWindow(w, this.seed, this.offset);
      case 'eps':
        return epsExpiry(w, this.seed);
      case 'q4w':
        return q4wUnlock(w, this.seed);
      case 'swap':
        return swapUnlock(w, this.seed, this.seed % 4 !== 3, this.offset === 1);
      case 'backfill':
        return backfillCap(w, this.seed, this.offset);
    }
  };
}

/**
 * Whether a deadline scenario goes to the deep-time chain instead (src/commands/deep-time.ts: a
 * backstop depositor's BLND past 2^64 stroops): one seed in 4 (bit 16 clear, not the gulp minimum,
 * and bit 17 set: bits the deadline scripts read only modulo a list's length; no new draw) of the
 * `eps` kind. In the world with the whale (the backstop's mutation world, `mutate`'s default for the
 * backstop: its claim's Comet deposit of 2^64 BLND stroops is accepted there): every `eps` seed
 * and one `distribute` or `gulp` seed in 4 (bits 16-17 = 2), as many chains as before (one in 5
 * runs there, one in 50 in a default world); the other seeds keep their own scripts (none goes to
 * the pool gulp minimum there: `gulpsAtMinimum`). (Session 16: until then the whale world sent half
 * of these three kinds deep and the other half to the minimum, so no pool gulp came at t - 1 s of
 * the 24 h rule and the backstop mutant `gulp_emissions +104 const-1`, 86,400 -> 86,399, survived;
 * a backstop distribution at t - 1 s came once in 200 runs.)
 */
export function goesDeep(kind: DeadlineKind, seed: number, whale: boolean): boolean {
  const bits = (seed >>> 16) & 3;
  if (whale) return kind === 'eps' || ((kind === 'distribute' || kind === 'gulp') && bits === 2);
  return bits === 2 && kind === 'eps';
}

/**
 * Whether a deep-time chain (`goesDeep`) ends with its zone tail (src/commands/deep-time.ts
 * `deepZoneTail`: a reward-zone pool's allocation past 2^64 stroops, then added to): one seed in 2
 * (bit 18, which the chain does not read otherwise; no new draw). Not every chain: after the tail
 * no pool of the zone can gulp again in the run.
 */
export const endsInZone = (seed: number): boolean => ((seed >>> 18) & 1) === 1;

/**
 * The deadline kinds a seed may turn into the pool gulp minimum chain (`gulpMinimum`): its actions
 * are among theirs (distributions, a deposit, pool gulps).
 */
const GULP_MINIMUM_KINDS: readonly DeadlineKind[] = ['gulp', 'eps', 'distribute'];
/**
 * Whether a deadline scenario of `kind` and `seed` goes to the pool gulp's 1 BLND minimum instead
 * (`PoolGulpMinimum`, with the offset as its stroop under): one seed in 2 (bit 16, which the
 * deadline scripts read only modulo a list's length) of the kinds above, where the profile has the
 * minimum (v2 flow). So the minimum comes up some 2.5 times as often, with no new draw: the random
 * stream stays as it was, and the scenario's `keep` still shrinks it action by action. Never in the
 * world with the whale (`whale`; session 16, `goesDeep`): the minimum is a pool rule, and that world
 * is the backstop's mutation world; its own scenario (`PoolGulpMinimum`) still comes there.
 */
export function gulpsAtMinimum(kind: DeadlineKind, seed: number, p: Profile, whale = false): boolean {
  return (
    !whale &&
    GULP_MINIMUM_KINDS.includes(kind) &&
    ((seed >>> 16) & 1) === 1 &&
    p.flow === 'v2' &&
    p.poolGulpMinimum !== null &&
    p.poolGulpMinInterval !== null
  );
}

/** v2's 24 h pool gulp: a pool of a reward zone gulped (if it has not been), then gulped at t - 1 s and at t. */
function* gulpDeadline(w: World, seed: number): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const gap = profileOf(w, bs).poolGulpMinInterval?.value;
  const zone = zonePools(w, bs);
  if (gap === undefined || zone.length === 0) return;
  const pool = pick(zone, seed >>> 2);
  if (rzEmisOf(bs, pool).lastTime + gap <= w.now) {
    yield advance(SECONDS_PER_DAY);
    yield* distributeBoth(w, bs.address);
    yield { fn: 'pool.gulp_emissions', pool };
  }
  const t = rzEmisOf(bs, pool).lastTime + gap;
  const to = advanceTo(w, t - 1n);
  if (to === undefined) return;
  yield to;
  yield* distributeBoth(w, bs.address);
  yield { fn: 'pool.gulp_emissions', pool };
  yield advance(1n);
  yield { fn: 'pool.gulp_emissions', pool };
}

/** The backstop distribution interval: a distribution, then one at t - 1 s (rejected) and one at t (accepted). */
function* distributeDeadline(w: World, seed: number): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const { seconds, strict } = profileOf(w, bs).distributeMinInterval;
  const t = seconds.value + (strict ? 1n : 0n);
  yield advance(t);
  yield* distributeBoth(w, bs.address);
  yield advance(t - 1n);
  yield* distributeBoth(w, bs.address);
  yield advance(1n);
  yield* distributeBoth(w, bs.address);
}

/** v2's reward-zone edit window: a distribution, a candidate funded, and its add_reward at the window's end (+ offset). */
function* rzWindow(w: World, seed: number, offset: 0 | 1): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const p = profileOf(w, bs);
  if (p.rzEditWindow === null) return;
  const outside = outsideZone(w, bs);
  if (outside.length === 0) return;
  const pool = pick(outside, seed >>> 2);
  yield advance(p.distributeMinInterval.seconds.value);
  yield* distributeBoth(w, bs.address);
  if (poolBalanceOf(bs, pool).tokens < CANDIDATE_LP) yield* depositLp(w, pool, CANDIDATE_LP);
  const to = advanceTo(w, bs.lastDistributionTime + p.rzEditWindow.value + BigInt(offset));
  if (to === undefined) return;
  yield to;
  const full = BigInt(bs.rewardZone.length) >= maxRewardZoneSize(p, w.now);
  yield { fn: 'backstop.add_reward', backstop: bs.address, toAdd: pool, toRemove: full ? extremePool(bs, true) : undefined };
}

/** An EPS expiry (a backstop pool's or a reserve token's): a claim 1 s before it and one at it. */
function* epsExpiry(w: World, seed: number, made = false): Generator<Action, void, undefined> {
  type Target = { readonly exp: bigint; readonly claim: () => Action };
  const targets: Target[] = [];
  for (const bs of w.backstops.values()) {
    bs.emisData.forEach((d, pool) => {
      if (d.expiration <= w.now + 1n) return;
      const holders: Address[] = [];
      bs.userBalances.get(pool)?.forEach((ub, u) => {
        if (ub.shares > 0n && u !== FILLER_DEPOSITOR) holders.push(u);
      });
      if (holders.length === 0) return;
      const from = pick(holders, seed);
      targets.push({
        exp: d.expiration,
        claim: () => ({ fn: 'backstop.claim', backstop: bs.address, from, pools: [pool], minLpTokensOut: 0n, to: from }),
      });
    });
  }
  for (const [addr, pool] of w.pools) {
    pool.emisData.forEach((d, id) => {
      if (d.expiration <= w.now + 1n) return;
      const holders = [...pool.positions].filter(([u]) => tokenBalance(pool, u, id) > 0n).map(([u]) => u);
      if (holders.length === 0) return;
      const from = pick(holders, seed);
      targets.push({ exp: d.expiration, claim: () => ({ fn: 'pool.claim', pool: addr, from, reserveTokenIds: [id], to: from }) });
    });
  }
  if (targets.length === 0) {
    if (made) return;
    yield* makeEmissions(w, seed);
    yield* epsExpiry(w, seed, true);
    return;
  }
  const t = pick(targets, seed >>> 1);
  yield advanceTo(w, t.exp - 1n)!;
  yield t.claim();
  yield advance(1n);
  yield t.claim();
}

/**
 * Emissions where there are none: a user's deposit into a reward-zone pool, a day of emissions
 * distributed, and (v2 flow) the pool's gulp, which sets its backstop EPS and its reserves' EPS.
 */
function* makeEmissions(w: World, seed: number): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const from = funded(w)[0];
  const zone = zonePools(w, bs);
  if (zone.length === 0 || from === undefined) return;
  const pool = pick(zone, seed >>> 2);
  yield { fn: 'backstop.deposit', backstop: bs.address, from, pool, amount: 1_000_0000000n };
  yield advance(SECONDS_PER_DAY);
  yield* distributeBoth(w, bs.address);
  if (profileOf(w, bs).flow === 'v2') yield { fn: 'pool.gulp_emissions', pool };
}

/**
 * v2's backfill cap: a backstop the emitter does not know distributes (backfills) at exactly the
 * time its backfilled emissions reach the cap (offset 0) or past it (offset 1: clamped), then once
 * more (MaxBackfillEmissions).
 */
function* backfillCap(w: World, seed: number, offset: 0 | 1): Generator<Action, void, undefined> {
  const filling = [...w.backstops.values()].filter(
    (b) =>
      profileOf(w, b).backfill.enabled && !w.emitter.lastDistro.has(b.address) && b.backfillStatus !== false && b.rewardZone.length > 0,
  );
  if (filling.length === 0) return;
  const bs = pick(filling, seed);
  const p = profileOf(w, bs);
  if (bs.lastDistributionTime === 0n) yield { fn: 'backstop.distribute', backstop: bs.address };
  const left = p.backfill.max.value - bs.backfillEmissions;
  if (left <= 0n || bs.lastDistributionTime === 0n) return;
  const to = advanceTo(w, bs.lastDistributionTime + ceilDiv(left, EMISSION_RATE.value) + BigInt(offset) * BigInt(1 + (seed % 86400)));
  if (to === undefined) return;
  yield to;
  yield { fn: 'backstop.distribute', backstop: bs.address };
  yield advance(p.distributeMinInterval.seconds.value);
  yield { fn: 'backstop.distribute', backstop: bs.address };
}
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** The q4w lock: a queued withdrawal (queued first where there is none), withdrawn at its unlock - 1 s and at it. */
function* q4wUnlock(w: World, seed: number): Generator<Action, void, undefined> {
  const queued: [BackstopState, Address, Address][] = [];
  for (const bs of w.backstops.values())
    bs.userBalances.forEach((users, pool) =>
      users.forEach((ub, u) => {
        if (ub.q4w.length > 0 && ub.q4w[0]!.exp > w.now + 1n) queued.push([bs, pool, u]);
      }),
    );
  let target = queued.length > 0 && seed % 2 === 0 ? pick(queued, seed >>> 1) : undefined;
  if (target === undefined) {
    const bs = backstopOf(w, seed >>> 1);
    const pools = poolsOfBackstop(w, bs.address);
    const from = funded(w)[0];
    if (pools.length === 0 || from === undefined) return;
    const pool = pick(pools, seed >>> 3);
    yield { fn: 'backstop.deposit', backstop: bs.address, from, pool, amount: 1_000_0000000n };
    const shares = userBalanceOf(bs, pool, from).shares;
    if (shares <= 0n) return;
    yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from, pool, amount: shares / 2n > 0n ? shares / 2n : shares };
    target = [bs, pool, from];
  }
  const [bs, pool, from] = target;
  const first = userBalanceOf(bs, pool, from).q4w[0];
  if (first === undefined) return;
  const to = advanceTo(w, first.exp - 1n);
  if (to === undefined) return;
  yield to;
  const withdraw = (): Action => ({
    fn: 'backstop.withdraw',
    backstop: bs.address,
    from,
    pool,
    amount: userBalanceOf(bs, pool, from).q4w[0]?.amount ?? 0n,
  });
  yield withdraw();
  yield advance(1n);
  yield withdraw();
}

/**
 * A backstop swap: the other backstop made larger than the emitter's (deposits by the users), the
 * swap queued, tried 1 s before its unlock and at it, then the new backstop's drop and distributions.
 * Three seeds in four the queue is first tried with the other backstop holding exactly as many LP
 * tokens as the emitter's (refused: EMIT-SWAP-QUEUE's "more"), then with 1 stroop more (accepted);
 * the fourth deposits up to 10,000 LP more than it needs. With `capFirst` (offset 1) a backfilling
 * new backstop first backfills exactly its cap, so that its drop is of exactly the 50M maximum.
 */
function* swapUnlock(w: World, seed: number, pair: boolean, capFirst: boolean): Generator<Action, void, undefined> {
  if (w.emitter.queuedSwap === undefined && cancelsFirst(seed)) yield* queueThenCancel(w, seed);
  if (w.emitter.queuedSwap === undefined) {
    const others = backstopList(w).filter((b) => b !== w.emitter.backstop);
    if (others.length === 0) return;
    const next = pick(others, seed);
    const pools = poolsOfBackstop(w, next);
    if (pools.length === 0) return;
    const lpOf = (b: Address): bigint => w.backstops.get(b)?.lpTokens ?? 0n;
    const pool = pick(pools, seed >>> 2);
    const queue: Action = { fn: 'emitter.queue_swap_backstop', newBackstop: next, newBackstopToken: w.emitter.backstopToken };
    if (pair) {
      // at the threshold (equal holdings: refused), then 1 stroop over it (accepted)
      if (lpOf(next) < lpOf(w.emitter.backstop)) yield* depositLp(w, pool, lpOf(w.emitter.backstop) - lpOf(next));
      yield queue;
      if (w.emitter.queuedSwap === undefined && lpOf(next) === lpOf(w.emitter.backstop)) yield* depositLp(w, pool, 1n);
      if (w.emitter.queuedSwap === undefined) yield queue;
    } else {
      const current = lpOf(w.emitter.backstop);
      const have = lpOf(next);
      if (have <= current) yield* depositLp(w, pool, current - have + 1n + BigInt(seed % 1000) * 10_000_000n);
      yield queue;
    }
  }
  const swap = w.emitter.queuedSwap;
  if (swap === undefined) return;
  // (with `capFirst`, v2: the new backstop's backfill brought to exactly its cap first, so that its
  // drop is of exactly the 50M maximum: the drop list's 40M and the 10M backfilled, DROP-MAX)
  const next = w.backstops.get(swap.newBackstop);
  if (capFirst && next !== undefined && profileOf(w, next).backfill.enabled && !w.emitter.lastDistro.has(next.address)) {
    const p = profileOf(w, next);
    if (next.lastDistributionTime === 0n) yield { fn: 'backstop.distribute', backstop: next.address };
    const left = p.backfill.max.value - next.backfillEmissions;
    const at = next.lastDistributionTime === 0n ? undefined : advanceTo(w, next.lastDistributionTime + ceilDiv(left, EMISSION_RATE.value));
    if (left > 0n && at !== undefined) {
      yield at;
      yield { fn: 'backstop.distribute', backstop: next.address };
    }
  }
  const to = advanceTo(w, swap.unlockTime - 1n);
  if (to !== undefined) {
    yield to;
    yield { fn: 'emitter.swap_backstop' };
    yield advance(1n);
  }
  yield { fn: 'emitter.swap_backstop' };
  if (w.emitter.backstop !== swap.newBackstop) return;
  yield { fn: 'backstop.drop', backstop: swap.newBackstop };
  yield* distributeBoth(w, swap.newBackstop);
}

/** One swap scenario in two (by its seed's bits above the tenth: a seed under 2^10, what fast-check shrinks towards, does not) first queues a swap and cancels it. */
const cancelsFirst = (seed: number): boolean => ((seed >>> 10) & 1) === 1;

/**
 * A swap queued and cancelled (EMIT-SWAP-ONE, EMIT-SWAP-CANCEL): another backstop made to hold more
 * backstop tokens than the emitter's (deposits by the users), the swap queued, queued again
 * (SwapAlreadyExists, 1103), a cancel refused while the new backstop still holds more
 * (SwapCannotBeCanceled, 1105), the emitter's backstop brought to exactly the new one's holdings
 * (a deposit into one of its pools), and the cancel accepted (it no longer holds more).
 */
function* queueThenCancel(w: World, seed: number): Generator<Action, void, undefined> {
  const current = w.emitter.backstop;
  const others = backstopList(w).filter((b) => b !== current);
  if (others.length === 0) return;
  const next = pick(others, seed);
  const nextPools = poolsOfBackstop(w, next);
  const currentPools = poolsOfBackstop(w, current);
  if (nextPools.length === 0 || currentPools.length === 0) return;
  const lpOf = (b: Address): bigint => w.backstops.get(b)?.lpTokens ?? 0n;
  if (lpOf(next) <= lpOf(current)) yield* depositLp(w, pick(nextPools, seed >>> 2), lpOf(current) - lpOf(next) + 1n);
  const queue: Action = { fn: 'emitter.queue_swap_backstop', newBackstop: next, newBackstopToken: w.emitter.backstopToken };
  yield queue;
  if (w.emitter.queuedSwap === undefined) return;
  yield queue;
  yield { fn: 'emitter.cancel_swap_backstop' };
  yield* depositLp(w, pick(currentPools, seed >>> 2), lpOf(next) - lpOf(current));
  yield { fn: 'emitter.cancel_swap_backstop' };
}

/**
 * A full reward zone: filled (candidates funded and added until full, at most three), then an add
 * without to_remove (RewardZoneFull in v2), a replacement of the pool with the most tokens (refused
 * by the out-hold rule), and, with the candidate funded past it, of the pool with the fewest (accepted);
 * one seed in two (bit 11) first funds the candidate to exactly the fewest's tokens, a replacement
 * refused at equal tokens.
 */
export class FullRewardZone extends Scenario {
  constructor(readonly seed: number) {
    super();
  }
  describe(): string {
    return `scenario.full_reward_zone(#${this.seed})${this.dropped()}`;
  }
  protected script: Script = (w) => fullZone(w, this.seed);
}

function* fullZone(w: World, seed: number): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const p = profileOf(w, bs);
  yield* freshDistribution(w, bs);
  for (let i = 0; i < 3 && BigInt(bs.rewardZone.length) < maxRewardZoneSize(p, w.now); i++) {
    const outside = outsideZone(w, bs);
    if (outside.length === 0) return;
    const pool = pick(outside, seed + i);
    if (poolBalanceOf(bs, pool).tokens < CANDIDATE_LP) yield* depositLp(w, pool, CANDIDATE_LP);
    yield { fn: 'backstop.add_reward', backstop: bs.address, toAdd: pool, toRemove: undefined };
  }
  const outside = outsideZone(w, bs);
  if (outside.length === 0 || bs.rewardZone.length === 0) return;
  const candidate = pick(outside, seed >>> 2);
  if (poolBalanceOf(bs, candidate).tokens < UNDERDOG_LP) yield* depositLp(w, candidate, UNDERDOG_LP - poolBalanceOf(bs, candidate).tokens);
  yield { fn: 'backstop.add_reward', backstop: bs.address, toAdd: candidate, toRemove: undefined };
  const most = extremePool(bs, false)!;
  if (poolBalanceOf(bs, candidate).tokens <= poolBalanceOf(bs, most).tokens)
    yield { fn: 'backstop.add_reward', backstop: bs.address, toAdd: candidate, toRemove: most };
  const fewest = extremePool(bs, true)!;
  // one seed in two (bit 11, session 19): the candidate funded to exactly the fewest's tokens first,
  // and that replacement refused by the out-hold rule at equal tokens (its `<=`: the backstop's
  // add_reward +205 le->lt, whose `<` accepts it)
  if (((seed >>> 11) & 1) === 1) {
    const gap = poolBalanceOf(bs, fewest).tokens - poolBalanceOf(bs, candidate).tokens;
    if (gap > 0n) yield* depositLp(w, candidate, gap);
    if (poolBalanceOf(bs, candidate).tokens === poolBalanceOf(bs, fewest).tokens)
      yield { fn: 'backstop.add_reward', backstop: bs.address, toAdd: candidate, toRemove: fewest };
  }
  const need = poolBalanceOf(bs, fewest).tokens - poolBalanceOf(bs, candidate).tokens;
  if (need >= 0n) yield* depositLp(w, candidate, need + 1n + BigInt(seed % 1000) * 10_000_000n);
  yield { fn: 'backstop.add_reward', backstop: bs.address, toAdd: candidate, toRemove: fewest };
}

/**
 * v2's minimum pool gulp (the pool's `gulp_emissions` refuses under 1 BLND, BadRequest 1200): a
 * reward-zone pool gulped (its accrual back to 0), its backstop share raised by a deposit to a value
 * s (7 decimals) for which one distribution of dt seconds accrues s * dt stroops whose 30% is the
 * minimum exactly (`under` 0) or one stroop under it (`under` 1), that distribution, then the gulp a
 * day after the first. Where no deposit the funded users can make reaches such an s (the pool
 * already holds most of the zone, the zone has one pool), fewer actions.
 */
export class PoolGulpMinimum extends Scenario {
  constructor(
    readonly seed: number,
    readonly under: 0 | 1,
  ) {
    super();
  }
  describe(): string {
    return `scenario.pool_gulp_minimum(#${this.seed}, -${this.under})${this.dropped()}`;
  }
  protected script: Script = (w) => gulpMinimum(w, this.seed, this.under);
}

const S7 = SCALAR_7.value;
/**
 * The backstop's share (7 decimals) of each reward-zone pool's non-queued tokens, as `distribute`
 * computes it, and the total; undefined where a pool's conversion of queued shares leaves i128 (the
 * whale's amounts, src/commands/whale.ts: `distribute` panics there, WasmVm#6, and so no deposit
 * reaches the gulp minimum).
 */
function zoneShare(bs: BackstopState, pool: Address): { nq: bigint; total: bigint; share: bigint } | undefined {
  try {
    let total = 0n;
    for (const p of bs.rewardZone) total += nonQueuedTokens(poolBalanceOf(bs, p));
    const nq = nonQueuedTokens(poolBalanceOf(bs, pool));
    return { nq, total, share: total > 0n ? fixedDivFloor(nq, total, S7) : 0n };
  } catch (e) {
    if (e instanceof ContractError && e.contract === HostError.Panic.contract && e.code === HostError.Panic.code) return undefined;
    throw e;
  }
}
/** The seconds of one distribution that accrue to a pool of share `share` an allocation whose pool part is `target`, if any in [min, max]. */
function secondsFor(share: bigint, target: bigint, min: bigint, max: bigint): bigint | undefined {
  for (let dt = min; dt <= max; dt++) if (splitEmissions(share * dt).pool === target) return dt;
  return undefined;
}

function* gulpMinimum(w: World, seed: number, under: 0 | 1): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const p = profileOf(w, bs);
  const gap = p.poolGulpMinInterval?.value;
  const minimum = p.poolGulpMinimum?.value;
  const zone = zonePools(w, bs);
  if (p.flow !== 'v2' || gap === undefined || minimum === undefined || zone.length < 2) return;
  const pool = pick(zone, seed >>> 2);
  // a gulp first: nothing accrued from before
  yield advance(gap);
  yield* distributeBoth(w, bs.address);
  yield { fn: 'pool.gulp_emissions', pool };
  if (rzEmisOf(bs, pool).accrued !== 0n || rzEmisOf(bs, pool).lastTime !== w.now) return;
  const target = minimum - BigInt(under);
  // the accrual is share * dt (EMISSION_RATE is SCALAR_7 a second): its 30% is the target for
  // accruals in [lo, hi]; the smallest share at or above the pool's now that has a multiple there
  // (dt from a day down to the distribution interval) needs the smallest deposit
  const { seconds, strict } = p.distributeMinInterval;
  const dtMin = seconds.value + (strict ? 1n : 0n);
  const lo = (target * S7 + POOL_EMISSION_SHARE.value - 1n) / POOL_EMISSION_SHARE.value;
  const hi = ((target + 1n) * S7 + POOL_EMISSION_SHARE.value - 1n) / POOL_EMISSION_SHARE.value - 1n;
  const now = zoneShare(bs, pool);
  if (now === undefined) return;
  const from = now.share > 0n ? hi / now.share : gap;
  let choice: { share: bigint; dt: bigint } | undefined;
  for (let dt = from < gap ? from : gap; dt >= dtMin; dt--) {
    const s = (lo + dt - 1n) / dt;
    if (s * dt <= hi && s >= now.share && s < S7) {
      choice = { share: s, dt };
      break;
    }
  }
  if (choice === undefined) return;
  // the deposit d with floor((nq + d) * SCALAR_7 / (total + d)) = share
  const d = choice.share === now.share ? 0n : ceilDiv(choice.share * now.total - now.nq * S7, S7 - choice.share);
  if (d > 0n) yield* depositLp(w, pool, d);
  const got = zoneShare(bs, pool)?.share;
  if (got === undefined) return;
  const dt = got === choice.share ? choice.dt : (secondsFor(got, target, dtMin, gap) ?? choice.dt);
  yield advance(dt);
  yield* distributeBoth(w, bs.address);
  const to = advanceTo(w, rzEmisOf(bs, pool).lastTime + gap);
  if (to !== undefined) yield to;
  yield { fn: 'pool.gulp_emissions', pool };
}

/**
 * The chain of issue 17 (v2 flow, where `remove_reward` exists): a day of emissions allocated to a
 * reward-zone pool, every share of it queued, the LP price lowered so that it falls below the
 * threshold, removed from the reward zone, gulped, dequeued, the price restored, and distributed again.
 */
export class QueueAllRemoveChain extends Scenario {
  constructor(readonly seed: number) {
    super();
  }
  describe(): string {
    return `scenario.queue_all_remove_gulp_dequeue_distribute(#${this.seed})${this.dropped()}`;
  }
  protected script: Script = (w) => queueAllChain(w, this.seed);
}

function* queueAllChain(w: World, seed: number): Generator<Action, void, undefined> {
  const bs = backstopOf(w, seed);
  const p = profileOf(w, bs);
  const zone = zonePools(w, bs);
  if (!p.hasRemoveReward || zone.length === 0) return;
  if (emptiesZone(seed)) {
    yield* emptyZoneChain(w, seed);
    return;
  }
  const pool = pick(zone, seed >>> 2);
  yield advance(SECONDS_PER_DAY + BigInt(seed % 3600));
  yield* distributeBoth(w, bs.address);
  const holders = holdersOf(bs, [pool]);
  for (const [, from, shares] of holders) yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from, pool, amount: shares };
  yield new SetLpPrice(0, 0).resolve(w);
  yield { fn: 'backstop.remove_reward', backstop: bs.address, toRemove: pool };
  yield { fn: 'pool.gulp_emissions', pool };
  // three chains in four let time pass with every share still queued, so that the first dequeue
  // brings the pool's index up over non-queued shares of 0 (Q4W-NOEARN: v2 forfeits those seconds)
  if (waitsAllQueued(seed)) yield advance(1n + BigInt(seed >>> 16));
  yield* dequeueAll(bs, holders);
  yield new SetLpPrice(4, 4).resolve(w);
  yield advance(p.distributeMinInterval.seconds.value + 1n);
  yield* distributeBoth(w, bs.address);
  yield* whaleTail(w, bs, pool, seed);
}

/**
 * One chain in two of those that keep the zone (a bit of its seed nothing else reads), once the
 * chain is done: the whale (src/commands/whale.ts) deposits its wallet into the chain's pool, now
 * out of the reward zone (so that its queued shares leave every distribution alone), queues all its
 * shares (past 2^64: a carry into the high half) and dequeues them in two, first just under 2^64
 * (a low half over the queued total's: a borrow from the high half), then the rest; or, one tail in
 * two (seed bit 15), queues them as two entries, the newer past 2^64, and dequeues 1 more than
 * that entry (the loop's subtraction of a whole entry's high half), then the rest. One single-entry
 * tail in two (seed bit 11) withdraws instead, once the lock is waited out: 2^62 + k shares or, one
 * in two of those (seed bit 10, session 18), 2^64 + k after the pool's tokens are drawn down to 2^62.
 */
function* whaleTail(w: World, bs: BackstopState, pool: Address, seed: number): Generator<Action, void, undefined> {
  const whale = w.whale;
  if (whale === undefined || ((seed >>> 14) & 1) !== 1 || (w.lp.get(whale) ?? 0n) <= 0n) return;
  yield { fn: 'backstop.deposit', backstop: bs.address, from: whale, pool, amount: w.lp.get(whale)! };
  const shares = userBalanceOf(bs, pool, whale).shares;
  if (shares <= 0n) return;
  const queued = (): bigint => userBalanceOf(bs, pool, whale).q4w.reduce((a, x) => a + x.amount, 0n);
  const small = 1n + BigInt(seed % 1024);
  if (((seed >>> 15) & 1) === 1 && shares > TWO_64 + small) {
    // the other half (bit 15, free once bit 14 is set): two q4w entries, the newer past 2^64, and a
    // dequeue of 1 share more than it, which takes it whole (dequeue_withdrawal's loop subtracts
    // its high half from what is left) and the 1 from the older entry; then the rest
    yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from: whale, pool, amount: small };
    yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from: whale, pool, amount: shares - small };
    if (queued() === shares)
      yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from: whale, pool, amount: shares - small + 1n };
    const left = queued();
    if (left > 0n) yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from: whale, pool, amount: left };
    return;
  }
  yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from: whale, pool, amount: shares };
  if (((seed >>> 11) & 1) === 1 && queued() > TWO_64) {
    // one single-entry tail in two (seed bit 11): the q4w lock waited out, then a withdrawal of
    // 2^62 + k shares, whose low half passes the queued total's (PoolBalance::withdraw's q4w - shares
    // borrows from the high half: issue 19's backstop mutant func83 +211) while its conversion to
    // tokens, shares x tokens, stays inside i128 (a withdrawal near 2^64 shares of a pool holding
    // 2^64 tokens panics there, WasmVm#6, before the pool balance is touched); the rest dequeued
    yield advance(profileOf(w, bs).q4wLockTime.value + 1n);
    const k = BigInt(seed % 1024);
    if (((seed >>> 10) & 1) === 1 && queued() > TWO_64 + k) {
      // one withdrawal tail in two (seed bit 10): the pool's tokens drawn down to 2^62 (to the
      // whale), then 2^64 + k shares withdrawn, ending inside the one entry: the token conversion,
      // shares x tokens, stays inside i128, and the subtractions' high halves are not 0 (issue 19's
      // backstop mutants func83 +207, PoolBalance::withdraw's q4w - shares, and withdraw +555,
      // withdraw_shares' partial entry `cur.amount - left`)
      yield* drawTo(bs, pool, TWO_62, whale);
      yield { fn: 'backstop.withdraw', backstop: bs.address, from: whale, pool, amount: TWO_64 + k };
    } else yield { fn: 'backstop.withdraw', backstop: bs.address, from: whale, pool, amount: TWO_62 + k };
    const left = queued();
    if (left > 0n) yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from: whale, pool, amount: left };
    return;
  }
  if (queued() > TWO_64 + small) {
    // first 2^64 + k out of the one entry (ending inside it: `entry - remaining` with both high
    // halves non-zero, issue 19's backstop mutant dequeue_withdrawal +394), queued again as a newer
    // entry, from which the dequeue below takes just under 2^64 (the borrow)
    yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from: whale, pool, amount: TWO_64 + small };
    yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from: whale, pool, amount: TWO_64 + small };
  }
  if (queued() > TWO_64)
    yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from: whale, pool, amount: TWO_64 - 1n - BigInt(seed % 1024) };
  const rest = queued();
  if (rest > 0n) yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from: whale, pool, amount: rest };
}

/**
 * Three chains in four (bits of its seed the pool choice does not use) remove every pool of the
 * zone: BLND-DIST-004's empty zone, which the pr run profile asks for within the few thousand
 * actions a check of the real contracts makes (scripts/pr-reach.ts); the fourth is issue 17's chain.
 */
const emptiesZone = (seed: number): boolean => ((seed >>> 12) & 3) !== 0;

/** Three chains in four (bits 14-15 of the seed) wait 1 to 32 s (its bits 16-20, the seed being under 2^21) before the dequeues. */
const waitsAllQueued = (seed: number): boolean => ((seed >>> 14) & 3) !== 0;

/** The holders of backstop shares in each of `pools`: [pool, user, shares]. */
function holdersOf(bs: BackstopState, pools: readonly Address[]): [Address, Address, bigint][] {
  const out: [Address, Address, bigint][] = [];
  for (const pool of pools)
    bs.userBalances.get(pool)?.forEach((ub, u) => {
      if (ub.shares > 0n) out.push([pool, u, ub.shares]);
    });
  return out;
}

/** Each holder's queued withdrawals taken back (the amount read when the action is generated). */
function* dequeueAll(bs: BackstopState, holders: readonly [Address, Address, bigint][]): Generator<Action, void, undefined> {
  for (const [pool, from] of holders) {
    const q = userBalanceOf(bs, pool, from).q4w.reduce((a, x) => a + x.amount, 0n);
    if (q > 0n) yield { fn: 'backstop.dequeue_withdrawal', backstop: bs.address, from, pool, amount: q };
  }
}

/**
 * The reward zone emptied (v2's remove_reward of every pool, each brought under the threshold by
 * queueing all its shares at an LP price of 0), then a distribution past the interval with the zone
 * empty: BLND-DIST-004's BadRequest (1000). Its distribution comes before the clean-up, so that the
 * command's action limit cannot cut it; the shares are then dequeued and the price restored.
 */
function* emptyZoneChain(w: World, seed: number): Generator<Action, void, undefined> {
  const bs = emptiableOf(w, seed);
  if (bs === undefined) return;
  const p = profileOf(w, bs);
  const zone = [...bs.rewardZone];
  yield advance(SECONDS_PER_DAY + BigInt(seed % 3600));
  yield* distributeBoth(w, bs.address);
  const holders = holdersOf(bs, zone);
  for (const [pool, from, shares] of holders) yield { fn: 'backstop.queue_withdrawal', backstop: bs.address, from, pool, amount: shares };
  yield new SetLpPrice(0, 0).resolve(w);
  for (const pool of zone) yield { fn: 'backstop.remove_reward', backstop: bs.address, toRemove: pool };
  yield advance(p.distributeMinInterval.seconds.value + 1n);
  yield* distributeBoth(w, bs.address);
  yield* dequeueAll(bs, holders);
  yield new SetLpPrice(4, 4).resolve(w);
}

/**
 * The actions `emptyZoneChain` needs on `bs` up to its distribution with the zone empty: an advance
 * and two distributions, a queue per holder, the price, a removal per pool, an advance and two
 * distributions.
 */
const emptyingCost = (bs: BackstopState): number => 7 + bs.rewardZone.length + holdersOf(bs, bs.rewardZone).length;

/**
 * The backstop whose reward zone `emptyZoneChain` empties: the seed's (`backstopOf`) when the chain
 * fits in a command's MAX_ACTIONS_PER_COMMAND actions, else, of the v2-flow backstops with a
 * non-empty zone, the one whose chain is shortest, when it fits. (The generated world's current
 * backstop holds a zone of 29 pools, one short of v2's maximum: its chain is cut long before its
 * distribution; the next backstop's zone holds a pool or two.) Undefined when none fits.
 */
function emptiableOf(w: World, seed: number): BackstopState | undefined {
  const fits = (bs: BackstopState): boolean =>
    profileOf(w, bs).hasRemoveReward &&
    profileOf(w, bs).flow === 'v2' &&
    bs.rewardZone.length > 0 &&
    emptyingCost(bs) <= MAX_ACTIONS_PER_COMMAND;
  const own = backstopOf(w, seed);
  if (fits(own)) return own;
  let best: BackstopState | undefined;
  for (const bs of w.backstops.values()) if (fits(bs) && (best === undefined || emptyingCost(bs) < emptyingCost(best))) best = bs;
  return best;
}

/**
 * The chains, by name: each a scenario built from a seed. A chain through an entry point the model
 * does not have yet (the backstop's `draw`: draw-to-zero > claim > deposit) is one more line here
 * once its command exists.
 */
export const CHAINS = {
  queueAllRemove: (seed: number): Scenario => new QueueAllRemoveChain(seed),
} as const;

const seed = fc.nat({ max: 1 << 20 });
/**
 * A scenario's `keep`: each of its places true but one in 256 (generation), and each shrinking to
 * false on its own (fc.oneof's cross-shrink tries the first arbitrary's value first).
 */
const keepArb = fc.array(
  fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: fc.constant(false) }, { weight: 255, arbitrary: fc.constant(true) }),
  { minLength: MAX_ACTIONS_PER_COMMAND, maxLength: MAX_ACTIONS_PER_COMMAND },
);
/** `s` performing the actions `keep` says. */
const keeping = (s: Scenario, keep: readonly boolean[]): BlendCommand => {
  s.keep = keep;
  return s;
};

/** The deadline kinds that apply under `p`, with the actions each can resolve to. */
function deadlineKinds(p: Profile): [DeadlineKind, ActionName[]][] {
  const dist: ActionName[] = ['advance_time', 'emitter.distribute', backstopDistributionOf(p)];
  // the kinds of GULP_MINIMUM_KINDS also gulp a pool and deposit, where the profile has the minimum
  const min: ActionName[] = p.flow === 'v2' && p.poolGulpMinimum !== null ? ['pool.gulp_emissions', 'backstop.deposit'] : [];
  // the deep-time chain (one eps seed in 4; with the whale, one distribute and gulp seed in 4 too:
  // `goesDeep`) also deposits, gulps, queues a share and claims (src/commands/deep-time.ts)
  const deep: ActionName[] =
    p.flow === 'v2' ? ['backstop.deposit', 'pool.gulp_emissions', 'backstop.queue_withdrawal', 'backstop.claim'] : [];
  const out: [DeadlineKind, ActionName[]][] = [
    ['distribute', [...new Set<ActionName>([...dist, ...min, ...deep])]],
    ['eps', [...new Set<ActionName>([...dist, 'backstop.deposit', 'pool.gulp_emissions', 'backstop.claim', 'pool.claim', ...deep])]],
    ['q4w', ['advance_time', 'backstop.deposit', 'backstop.queue_withdrawal', 'backstop.withdraw']],
    [
      'swap',
      [
        ...dist,
        'backstop.deposit',
        'emitter.queue_swap_backstop',
        'emitter.cancel_swap_backstop',
        'emitter.swap_backstop',
        'backstop.drop',
      ],
    ],
  ];
  if (p.poolGulpMinInterval !== null) out.push(['gulp', [...new Set<ActionName>([...dist, 'pool.gulp_emissions', ...min, ...deep])]]);
  if (p.rzEditWindow !== null) out.push(['rz-window', [...dist, 'backstop.deposit', 'backstop.add_reward']]);
  if (p.backfill.enabled) out.push(['backfill', ['advance_time', 'backstop.distribute']]);
  return out;
}

/** A scenario entry of `commandEntries`: as a `CommandEntry` (src/commands/index.ts). */
export interface ScenarioEntry {
  readonly weight: number;
  readonly fns: ActionName[];
  readonly arbitrary: fc.Arbitrary<BlendCommand>;
}

/**
 * The scenario commands of a profile as one entry of `commandEntries` (src/commands/index.ts): its
 * weight there, every action a scenario can resolve to, and the arbitrary: one scenario kind
 * (uniformly, but the swap with twice the weight), with its seeds. Only the kinds whose every action `supported` accepts (all by default;
 * `commandArbs` narrows it to what an implementation announces); undefined when none is left.
 */
export function scenarioEntry(p: Profile, supported: (fn: ActionName) => boolean = () => true): ScenarioEntry | undefined {
  const kinds: { fns: ActionName[]; arbitrary: fc.Arbitrary<BlendCommand>; weight?: number }[] = deadlineKinds(p).map(([kind, fns]) => ({
    fns,
    // the swap twice as often as another kind: it alone reaches the emitter's swap and drop rules
    // (a drop needs a swap first, 31 days on), which a mutant budget of some ten runs must see
    weight: kind === 'swap' ? 2 : 1,
    arbitrary: fc.tuple(seed, fc.constantFrom<0 | 1>(0, 1), keepArb).map(([s, o, k]) => keeping(new Deadline(kind, s, o), k)),
  }));
  const dist: ActionName[] = ['advance_time', 'emitter.distribute', backstopDistributionOf(p)];
  kinds.push({
    fns: [...dist, 'backstop.deposit', 'backstop.add_reward'],
    arbitrary: fc.tuple(seed, keepArb).map(([s, k]) => keeping(new FullRewardZone(s), k)),
  });
  if (p.flow === 'v2' && p.poolGulpMinimum !== null && p.poolGulpMinInterval !== null)
    kinds.push({
      fns: [...dist, 'pool.gulp_emissions', 'backstop.deposit'],
      arbitrary: fc.tuple(seed, fc.constantFrom<0 | 1>(0, 1), keepArb).map(([s, u, k]) => keeping(new PoolGulpMinimum(s, u), k)),
    });
  if (p.hasRemoveReward)
    kinds.push({
      fns: [
        ...dist,
        'backstop.queue_withdrawal',
        'set_lp_price',
        'backstop.remove_reward',
        'pool.gulp_emissions',
        'backstop.dequeue_withdrawal',
      ],
      arbitrary: fc.tuple(seed, keepArb).map(([s, k]) => keeping(CHAINS.queueAllRemove(s), k)),
    });
  const kept = kinds.filter((k) => k.fns.every(supported));
  if (kept.length === 0) return undefined;
  return {
    weight: SCENARIO_WEIGHT,
    fns: [...new Set(kept.flatMap((k) => k.fns))],
    arbitrary: fc.oneof(...kept.map((k) => ({ weight: k.weight ?? 1, arbitrary: k.arbitrary }))),
  };
}

/**
 * The scenarios' weight among the commands (of about 52): one command in about 50 is a scenario,
 * which adds about a tenth to a run's actions (a scenario performs about 8). At 5 the boundaries are
 * hit 3.5 times as often per action (scripts/reach.ts --profile blend-v2), which helps `mutate`
 * (docs/usage.md), but four wrong implementations of test/check/buggy.test.ts are then caught by
 * another field or check than the one the test pins, or not within its 180 s under load: kept at 1
 * until those are reviewed.
 */
const SCENARIO_WEIGHT = 1;
