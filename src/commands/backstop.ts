/** Backstop commands: deposits and withdrawals, reward zone, distribution, claims. */
import * as fc from 'fast-check';
import { toCall, type Action } from '../../model/actions.ts';
import { poolBalanceOf, userBalanceOf, type Address, type Q4W, type World } from '../../model/state.ts';
import { FILLER_DEPOSITOR } from '../world/genesis.ts';
import { backstopDistributionOf, rewardZoneSet } from '../../properties/preconditions.ts';
import { TWO_62, TWO_64, drawTo, whaleAmount, whaleOf, whaleShares } from './whale.ts';
import { saturatedTopUp, thresholdEdgePrice, type ThresholdEdge } from './threshold.ts';
import { I128_MAX as I128_MAX_C, SCALAR_7 } from '../../spec/constants.ts';
import type { Harness } from '../harness/harness.ts';
import { BlendCommand, backstopList, backstopOfPool, pick, pickPool, pickPreferring, poolList, poolsOfBackstop } from './base.ts';

const BPS = 10_000n;
const I128_MAX = I128_MAX_C.value;
/** A `min_lp_tokens_out` no claim reaches (stroops of LP). */
const UNREACHABLE_LP_OUT = 10n ** 18n;

/** An amount from a basis-point seed of a balance; over 10,000 bps asks for more than there is. */
const ofBalance = (balance: bigint, bps: number): bigint => (balance * BigInt(bps)) / BPS + (bps > 10_000 ? 1n : 0n);

export class Deposit extends BlendCommand {
  constructor(
    readonly userSeed: number,
    readonly poolSeed: number,
    readonly amount: bigint,
  ) {
    super();
  }
  resolve(w: World): Action {
    const pool = pickPool(w, this.poolSeed);
    const backstop = backstopOfPool(w, pool);
    // one user seed in 16 (by its high bits): the whale, an amount past 2^63 (src/commands/whale.ts)
    const whale = whaleOf(w, this.userSeed, WHALE_DEPOSIT_ONE_IN);
    if (whale !== undefined) {
      const amount = whaleAmount(this.amount, this.userSeed, w.lp.get(whale) ?? 0n);
      return { fn: 'backstop.deposit', backstop, from: whale, pool, amount };
    }
    return { fn: 'backstop.deposit', backstop, from: pick(w.users, this.userSeed), pool, amount: this.amount };
  }
  describe(): string {
    return `backstop.deposit(from: #${this.userSeed}, pool_address: #${this.poolSeed}, amount: ${this.amount})`;
  }
}

/** One deposit seed in this many (of those at or above 2^15) is the whale's. */
const WHALE_DEPOSIT_ONE_IN = 8;
/** One queue, dequeue or withdraw seed in this many (of those at or above 2^15) is the whale's, once it holds shares or a q4w. */
const WHALE_WITHDRAWAL_ONE_IN = 2;

/** Whether `user` holds non-queued shares (`queue`) or a queued withdrawal in some backstop's pool. */
function holds(w: World, user: Address, queue: boolean): boolean {
  for (const bs of w.backstops.values())
    for (const users of bs.userBalances.values()) {
      const ub = users.get(user);
      if (ub !== undefined && (queue ? ub.shares > 0n : ub.q4w.length > 0)) return true;
    }
  return false;
}

/** One queue seed in this many (bits 16-19 of the user seed all set) fills the user's q4w to its maximum and one past it (`q4wFillTail`). */
const Q4W_FILL_ONE_IN = 16;
/** Whether a queue step's user seed asks for the q4w fill tail (bits 16-19: the user pick reads the seed modulo the user count, the whale pick bit 15). */
export const fillsQ4w = (userSeed: number): boolean => ((userSeed >>> 16) & (Q4W_FILL_ONE_IN - 1)) === Q4W_FILL_ONE_IN - 1;

/** The largest basis points a withdrawal step draws (`bps` below): the whale's high-half withdrawal takes 2^62 + bps. */
const BPS_MAX = 20_000n;

type QueueKind = 'backstop.queue_withdrawal' | 'backstop.dequeue_withdrawal' | 'backstop.withdraw';

/**
 * The dequeue (shares) that takes the entries after the newest q4w entry past 2^64 whole and that
 * entry down to exactly 2^64 (dequeue_withdrawal takes the newest entries first); 0 where no entry
 * is past 2^64.
 */
export function dequeueLeaving2To64(q4w: readonly Q4W[]): bigint {
  let after = 0n;
  for (let i = q4w.length - 1; i >= 0; i--) {
    const q = q4w[i]!;
    if (q.amount > TWO_64) return after + q.amount - TWO_64;
    after += q.amount;
  }
  return 0n;
}

/**
 * The withdrawal (shares) that takes the entries before the oldest q4w entry past 2^64 + `k` whole
 * and 2^64 + `k` of it (withdraw takes the oldest entries first): at that entry what is left to take
 * is 2^64 + `k`, a non-zero high half; 0 where no entry is past 2^64 + `k`.
 */
export function withdrawPast2To64(q4w: readonly Q4W[], k: bigint): bigint {
  let before = 0n;
  for (const q of q4w) {
    if (q.amount > TWO_64 + k) return before + TWO_64 + k;
    before += q.amount;
  }
  return 0n;
}

/** queue_withdrawal (of non-queued shares), dequeue_withdrawal and withdraw (of queued shares). */
export class WithdrawalStep extends BlendCommand {
  constructor(
    readonly fn: QueueKind,
    readonly userSeed: number,
    readonly poolSeed: number,
    readonly bps: number,
  ) {
    super();
  }
  resolve(w: World): Action {
    const queue = this.fn === 'backstop.queue_withdrawal';
    // one user seed in 4 (by its high bits): the whale, once it holds what this step acts on
    const whale = whaleOf(w, this.userSeed, WHALE_WITHDRAWAL_ONE_IN);
    const from = whale !== undefined && holds(w, whale, queue) ? whale : pick(w.users, this.userSeed);
    // pools where `from` holds what this step acts on, in the backstops' storage order
    // (forEach: iterating a Map's entries allocates an array per entry, and this runs every step)
    const held: Address[] = [];
    for (const bs of w.backstops.values()) {
      bs.userBalances.forEach((users, p) => {
        const ub = users.get(from);
        if (ub !== undefined && (queue ? ub.shares > 0n : ub.q4w.length > 0)) held.push(p);
      });
    }
    const pool = pickPreferring(held, poolList(w), this.poolSeed);
    const backstop = backstopOfPool(w, pool);
    const ub = userBalanceOf(w.backstops.get(backstop)!, pool, from);
    const base = this.fn === 'backstop.queue_withdrawal' ? ub.shares : ub.q4w.reduce((a, q) => a + q.amount, 0n);
    const drawn = ofBalance(base, this.bps);
    const amount =
      from === whale
        ? whaleShares(base, drawn, this.bps, this.userSeed, this.fn === 'backstop.withdraw', this.fn === 'backstop.dequeue_withdrawal')
        : drawn;
    return { fn: this.fn, backstop, from, pool, amount };
  }
  /** The lock wait of the whale's high-half withdrawal (`actions`), for printing. */
  private wait: Action | undefined;
  /**
   * The action; for the whale's withdrawal of 2^62 + bps shares (`whaleShares`: backstop func83 +211,
   * PoolBalance::withdraw's q4w - shares borrowing from the high half) out of a queued total past
   * 2^64 that has not unlocked enough, the time first advanced to 1 s past its last entry's unlock
   * (session 15: without the wait the withdrawal came about once in 100 whale runs, too rare for a
   * 60 s mutant budget).
   */
  override *actions(h: Harness): Generator<Action, void, undefined> {
    this.wait = undefined;
    this.tail = [];
    const a = this.bind(h);
    if (a.fn === 'backstop.withdraw' && a.from === h.world.whale && a.amount >= TWO_62 && a.amount <= TWO_62 + BPS_MAX) {
      const w = h.world;
      const q4w = userBalanceOf(w.backstops.get(a.backstop)!, a.pool, a.from).q4w;
      let total = 0n;
      let unlocked = 0n;
      let last = 0n;
      for (const q of q4w) {
        total += q.amount;
        if (q.exp <= w.now) unlocked += q.amount;
        if (q.exp > last) last = q.exp;
      }
      if (total > TWO_64 && unlocked < a.amount && last >= w.now) {
        this.wait = { fn: 'advance_time', seconds: last - w.now + 1n };
        yield this.wait;
      }
    }
    yield a;
    if (a.fn === 'backstop.queue_withdrawal' && a.from === h.world.whale) yield* this.whaleQueueTail(h, a);
    else if (a.fn === 'backstop.queue_withdrawal' && fillsQ4w(this.userSeed)) yield* this.q4wFillTail(h, a);
  }
  /**
   * After a user's queue_withdrawal, for one queue seed in `Q4W_FILL_ONE_IN` (`fillsQ4w`): the
   * user's q4w in that pool filled to its maximum (the profile's maxQ4wEntries: 20 in v2, 21 in v1;
   * backstop/src/constants.rs MAX_Q4W_SIZE) by queues of 1 share, one queue more, refused with
   * TooManyQ4WEntries (1007), then the entries it added dequeued (in v2 the newest go first: exactly
   * those). Issue 19's backstop mutant `queue_withdrawal +207 gt->ge` (`len > 19` made `len >= 19`)
   * refuses the last entry the limit allows, which no run queued before (a q4w holds a few entries).
   * Where the user holds fewer non-queued shares than the chain queues, nothing follows.
   */
  private *q4wFillTail(h: Harness, a: Action & { fn: 'backstop.queue_withdrawal' }): Generator<Action, void, undefined> {
    const w = h.world;
    const bs = w.backstops.get(a.backstop)!;
    const ub = userBalanceOf(bs, a.pool, a.from);
    const free = (bs.profile ?? w.profile).maxQ4wEntries.value - BigInt(ub.q4w.length);
    if (free < 0n || ub.shares < free + 1n) return;
    const tail: Action[] = [];
    this.tail = tail;
    const one: Action = { fn: 'backstop.queue_withdrawal', backstop: a.backstop, from: a.from, pool: a.pool, amount: 1n };
    // `free` queues fill the q4w; the one after them is refused (TooManyQ4WEntries)
    for (let i = 0n; i <= free; i++) {
      tail.push(one);
      yield one;
    }
    const back: Action = { fn: 'backstop.dequeue_withdrawal', backstop: a.backstop, from: a.from, pool: a.pool, amount: free };
    if (free > 0n) {
      tail.push(back);
      yield back;
    }
  }
  /**
   * After the whale's queue_withdrawal (session 15, the queue-all chain's whale tail being too rare
   * within a 60 s budget): where an entry past 2^64 + bps is queued, a dequeue that ends 2^64 + bps
   * into the newest such entry (backstop dequeue_withdrawal +394, `entry - remaining` with both high
   * halves not 0), queued again; a dequeue leaving exactly 2^64 in the newest entry past it
   * (`dequeueLeaving2To64`: equal low halves, backstop dequeue_withdrawal +399); then, one step in two (user seed bit 14, which a whale queue step
   * reads nowhere else) where the queued total is past 2^64, the q4w lock waited out and 2^62 + bps
   * shares withdrawn (backstop func83 +211, the pool q4w's borrow from the high half).
   */
  private *whaleQueueTail(h: Harness, a: Action & { fn: 'backstop.queue_withdrawal' }): Generator<Action, void, undefined> {
    const w = h.world;
    const bs = w.backstops.get(a.backstop)!;
    const q4w = (): readonly Q4W[] => userBalanceOf(bs, a.pool, a.from).q4w;
    const k = BigInt(Math.max(0, this.bps));
    const tail: Action[] = [];
    this.tail = tail;
    const step = function* (x: Action): Generator<Action, void, undefined> {
      tail.push(x);
      yield x;
    };
    // the dequeue: the entries after the newest one past 2^64 + k whole, then 2^64 + k of it; queued again
    let after = 0n;
    const entries = q4w();
    for (let i = entries.length - 1; i >= 0; i--) {
      const q = entries[i]!;
      if (q.amount > TWO_64 + k) {
        const amount = after + TWO_64 + k;
        yield* step({ fn: 'backstop.dequeue_withdrawal', backstop: a.backstop, from: a.from, pool: a.pool, amount });
        yield* step({ fn: 'backstop.queue_withdrawal', backstop: a.backstop, from: a.from, pool: a.pool, amount });
        break;
      }
      after += q.amount;
    }
    // session 16: a dequeue that leaves exactly 2^64 in the newest entry past it (the entries after it
    // whole, then all of it but 2^64; after the dequeue above, k of the entry it queued again): its
    // last, partial entry's `entry - remaining` has equal low halves, where the borrow test
    // `remaining.lo >u entry.lo` (backstop dequeue_withdrawal +399) decides (the dequeue above,
    // 2^64 + k into an entry, would take an entry of 2^65 + k for that). Not queued again: the
    // newest entry stays 2^64 (for a later dequeue to take whole), the queued total past 2^64.
    const exact = dequeueLeaving2To64(q4w());
    if (exact > 0n) yield* step({ fn: 'backstop.dequeue_withdrawal', backstop: a.backstop, from: a.from, pool: a.pool, amount: exact });
    // the withdrawal (one step in two, user seed bit 14): the lock waited out, 2^62 + k shares out of a queued total past 2^64
    if (((this.userSeed >>> 14) & 1) !== 1) return;
    const now = q4w();
    const total = now.reduce((x, q) => x + q.amount, 0n);
    const newest = now[now.length - 1];
    if (total <= TWO_64 || newest === undefined) return;
    // session 18: one withdrawal in two (user seed bit 16, which a whale step reads nowhere else)
    // where the queued total is past 2^64 + k: every entry dequeued and queued again as one (where
    // none is past 2^64 + k), the lock waited out, the pool's tokens drawn down (to the whale) so
    // that shares x tokens stays inside i128, then the entries before the oldest one past 2^64 + k
    // whole and 2^64 + k of it (`withdrawPast2To64`): withdraw_shares' partial entry
    // `cur.amount - left` and PoolBalance::withdraw's q4w - shares with non-zero high halves
    // (issue 19's backstop mutants withdraw +555 and func83 +207)
    if (((this.userSeed >>> 16) & 1) === 1 && total > TWO_64 + k) {
      if (withdrawPast2To64(now, k) === 0n) {
        const move = { backstop: a.backstop, from: a.from, pool: a.pool, amount: total };
        yield* step({ fn: 'backstop.dequeue_withdrawal', ...move });
        yield* step({ fn: 'backstop.queue_withdrawal', ...move });
      }
      const entries = q4w();
      const high = withdrawPast2To64(entries, k);
      const last = entries[entries.length - 1];
      if (high > 0n && last !== undefined) {
        yield* step({ fn: 'advance_time', seconds: last.exp - w.now + 1n });
        for (const d of drawTo(bs, a.pool, I128_MAX / high / 2n, a.from)) yield* step(d);
        yield* step({ fn: 'backstop.withdraw', backstop: a.backstop, from: a.from, pool: a.pool, amount: high });
        return;
      }
    }
    yield* step({ fn: 'advance_time', seconds: newest.exp - w.now + 1n });
    yield* step({ fn: 'backstop.withdraw', backstop: a.backstop, from: a.from, pool: a.pool, amount: TWO_62 + k });
  }
  /** The actions `whaleQueueTail` added, for printing. */
  private tail: readonly Action[] = [];
  /** Every action of `actions` (the base `run` steps one action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }
  override toString(): string {
    const head = this.wait === undefined ? super.toString() : `${toCall(this.wait)}; ${super.toString()}`;
    return [head, ...this.tail.map((t) => toCall(t))].join('; ');
  }
  describe(): string {
    return `${this.fn}(from: #${this.userSeed}, pool_address: #${this.poolSeed}, amount: ${this.bps} bps)`;
  }
}

const S7 = SCALAR_7.value;

export class AddReward extends BlendCommand {
  /** The actions of a threshold-edge chain (`actions`), for printing. */
  private chain: readonly Action[] | undefined;
  constructor(
    readonly addSeed: number,
    readonly removeSeed: number | null,
  ) {
    super();
  }
  /**
   * The add_reward, or for the threshold-edge variants (`thresholdEdgeOf`) the LP composition first
   * set so that the pool to add holds exactly the edge pair (src/commands/threshold.ts), the
   * add_reward, then the composition set back to what it was.
   */
  override *actions(h: Harness): Generator<Action, void, undefined> {
    this.chain = undefined;
    const a = this.bind(h);
    const edge = thresholdEdgeOf(this.addSeed);
    let topUp: Action | undefined;
    if (a.fn === 'backstop.add_reward' && edge === 'saturated' && thresholdEdgePrice(h.world, a.toAdd, edge) === undefined) {
      topUp = saturatedTopUp(h.world, a.toAdd);
      if (topUp !== undefined) yield topUp;
    }
    const price = a.fn === 'backstop.add_reward' && edge !== undefined ? thresholdEdgePrice(h.world, a.toAdd, edge) : undefined;
    if (price === undefined) {
      if (topUp !== undefined) this.chain = [topUp, a];
      yield a;
      return;
    }
    const c = h.world.comet;
    const restore: Action = {
      fn: 'set_lp_price',
      blndPerLp: (c.blnd.balance * S7) / c.supply,
      usdcPerLp: (c.usdc.balance * S7) / c.supply,
    };
    this.chain = [...(topUp === undefined ? [] : [topUp]), price, a, restore];
    yield price;
    yield a;
    yield restore;
  }
  /** Every action of `actions` (the base `run` steps one action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }
  override toString(): string {
    return this.chain === undefined ? super.toString() : `${this.chain.map((a) => toCall(a)).join('; ')}`;
  }
  resolve(w: World): Action {
    const outside: Address[] = [];
    for (const bs of w.backstops.values()) {
      const rz = rewardZoneSet(bs.rewardZone);
      for (const p of poolsOfBackstop(w, bs.address)) if (!rz.has(p)) outside.push(p);
    }
    const toAdd = pickPreferring(outside, poolList(w), this.addSeed);
    const backstop = backstopOfPool(w, toAdd);
    const rz = w.backstops.get(backstop)!.rewardZone;
    // to_remove: the reward zone's pool with the fewest tokens or a seeded one, so swaps are reachable
    let toRemove: string | undefined;
    if (this.removeSeed !== null) {
      const bs = w.backstops.get(backstop)!;
      if (this.removeSeed % 2 === 0 && rz.length > 0) {
        // the first of the reward zone's pools with the fewest tokens
        let fewest = rz[0]!;
        let tokens = poolBalanceOf(bs, fewest).tokens;
        for (const p of rz) {
          const t = poolBalanceOf(bs, p).tokens;
          if (t < tokens) [fewest, tokens] = [p, t];
        }
        toRemove = fewest;
      } else {
        // any pool or any reward-zone pool: index into the list of both
        const all = poolList(w);
        const i = this.removeSeed % (all.length + rz.length);
        toRemove = i < all.length ? all[i] : rz[i - all.length];
      }
    }
    return { fn: 'backstop.add_reward', backstop, toAdd, toRemove };
  }
  describe(): string {
    return `backstop.add_reward(to_add: #${this.addSeed}, to_remove: ${this.removeSeed === null ? 'None' : `#${this.removeSeed}`})`;
  }
}

/**
 * The threshold-edge variant bits 16-19 of an add_reward's add seed ask for (the pool is picked from
 * the seed's low bits, so these add no draw; a seed under 2^16, what fast-check shrinks towards, asks
 * for none): 15, `under` (the pool's backstop a few USDC stroops under the threshold); 14, `at`
 * (exactly on it); 13, `saturated` (bal_blnd^4 x bal_usdc past i128::MAX from two operands under
 * 2^64, session 15); 12, `over` (the product's i128 high half one over the threshold's, session
 * 18). Four add_rewards in 16.
 */
export function thresholdEdgeOf(addSeed: number): ThresholdEdge | undefined {
  const v = (addSeed >>> 16) & 15;
  return v === 15 ? 'under' : v === 14 ? 'at' : v === 13 ? 'saturated' : v === 12 ? 'over' : undefined;
}

export class RemoveReward extends BlendCommand {
  constructor(readonly poolSeed: number) {
    super();
  }
  resolve(w: World): Action {
    const pool = pickPool(w, this.poolSeed);
    return { fn: 'backstop.remove_reward', backstop: backstopOfPool(w, pool), toRemove: pool };
  }
  describe(): string {
    return `backstop.remove_reward(to_remove: #${this.poolSeed})`;
  }
}

/** v2 `distribute()` or v1 `gulp_emissions()` on a backstop. */
export class BackstopDistribute extends BlendCommand {
  constructor(readonly backstopSeed: number) {
    super();
  }
  resolve(w: World): Action {
    const backstop = pick(backstopList(w), this.backstopSeed);
    return { fn: backstopDistributionOf(w.profile), backstop };
  }
  describe(): string {
    return `backstop#${this.backstopSeed}.distribute()`;
  }
}

/** Prefer from `preferred` (when not empty) seven seeds in eight, else `fallback`. */
function pickMostly<T>(preferred: readonly T[], fallback: readonly T[], seed: number): T {
  return preferred.length > 0 && seed % 8 !== 7 ? pick(preferred, seed >>> 3) : pick(fallback, seed >>> 3);
}

export class BackstopClaim extends BlendCommand {
  constructor(
    readonly userSeed: number,
    readonly poolSeeds: readonly number[],
    readonly minOutSeed: number,
    readonly toSeed: number,
  ) {
    super();
  }
  resolve(w: World): Action {
    const pools = poolList(w);
    // mostly a user holding non-queued shares in a pool with emission data (one who can claim)
    // (forEach: iterating a Map's entries allocates an array per entry, and this runs every step)
    const claimants = new Set<Address>();
    const addClaimant = (ub: { readonly shares: bigint }, u: Address): void => {
      if (ub.shares > 0n && u !== FILLER_DEPOSITOR) claimants.add(u);
    };
    for (const bs of w.backstops.values()) {
      bs.userBalances.forEach((users, p) => {
        if (bs.emisData.has(p)) users.forEach(addClaimant);
      });
    }
    const from = pickMostly([...claimants], w.users, this.userSeed);
    // pools where `from` holds non-queued shares and that have emission data, per backstop
    const earningOf = new Map<Address, Address[]>();
    const earning: Address[] = [];
    for (const bs of w.backstops.values()) {
      const mineEarning: Address[] = [];
      bs.userBalances.forEach((users, p) => {
        if (bs.emisData.has(p) && (users.get(from)?.shares ?? 0n) > 0n) {
          earning.push(p);
          mineEarning.push(p);
        }
      });
      earningOf.set(bs.address, mineEarning);
    }
    const first = pickMostly(earning, pools, this.poolSeeds[0] ?? 0);
    const backstop = backstopOfPool(w, first);
    const mine = poolsOfBackstop(w, backstop);
    const mineEarning = earningOf.get(backstop) ?? [];
    // further pools: mostly ones not listed yet, earning ones first, then ones with emission data
    // (claimable, perhaps for 0); one seed in eight repeats a listed pool and one in eight takes
    // any pool of the backstop (BadRequest under v2)
    const emisData = w.backstops.get(backstop)!.emisData;
    const chosen: Address[] = this.poolSeeds.length === 0 ? [] : [first];
    for (const s of this.poolSeeds.slice(1)) {
      const unlisted = mine.filter((p) => !chosen.includes(p));
      const fresh = mineEarning.filter((p) => !chosen.includes(p));
      const claimable = fresh.length > 0 ? fresh : unlisted.filter((p) => emisData.has(p));
      if (s % 8 === 7 || unlisted.length === 0) chosen.push(pick(chosen, s >>> 3));
      else if (s % 8 === 6 || claimable.length === 0) chosen.push(pick(unlisted, s >>> 3));
      else chosen.push(pick(claimable, s >>> 3));
    }
    // min_lp_tokens_out: mostly 0, sometimes unreachable (Comet ErrLimitOut)
    const minLpTokensOut = this.minOutSeed % 8 === 7 ? UNREACHABLE_LP_OUT : 0n;
    const to = w.profile.claim === 'to' && this.toSeed % 4 === 3 ? pick(w.users, this.toSeed) : from;
    return { fn: 'backstop.claim', backstop, from, pools: chosen, minLpTokensOut, to };
  }
  describe(): string {
    return `backstop.claim(from: #${this.userSeed}, pool_addresses: [${this.poolSeeds.map((s) => `#${s}`).join(', ')}])`;
  }
}

const seed = fc.nat({ max: 1 << 20 });
const amount = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt(1n, 1_000_0000000n) },
  { weight: 4, arbitrary: fc.bigInt(10_000_0000000n, 400_000_0000000n) },
  { weight: 1, arbitrary: fc.bigInt(1_000_000_0000000n, 8_000_000_0000000n) },
  { weight: 1, arbitrary: fc.constantFrom(0n, -1n) },
);
const bps = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 10_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(10_000, 10_001, 20_000) },
);

export const backstopArbs = {
  deposit: fc.tuple(seed, seed, amount).map(([u, p, a]) => new Deposit(u, p, a)),
  queue: fc.tuple(seed, seed, bps).map(([u, p, b]) => new WithdrawalStep('backstop.queue_withdrawal', u, p, b)),
  dequeue: fc.tuple(seed, seed, bps).map(([u, p, b]) => new WithdrawalStep('backstop.dequeue_withdrawal', u, p, b)),
  withdraw: fc.tuple(seed, seed, bps).map(([u, p, b]) => new WithdrawalStep('backstop.withdraw', u, p, b)),
  addReward: fc.tuple(seed, fc.option(seed, { freq: 3 })).map(([a, r]) => new AddReward(a, r)),
  removeReward: seed.map((p) => new RemoveReward(p)),
  distribute: seed.map((b) => new BackstopDistribute(b)),
  // an empty pool list (BadRequest) one time in eight
  claim: fc
    .tuple(
      seed,
      fc.oneof(
        { weight: 7, arbitrary: fc.array(seed, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.constant<number[]>([]) },
      ),
      seed,
      seed,
    )
    .map(([u, ps, m, t]) => new BackstopClaim(u, ps, m, t)),
};
