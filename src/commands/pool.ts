/** Pool commands: emission configuration, positions, gulp and claim. */
import * as fc from 'fast-check';
import { toCall, type Action } from '../../model/actions.ts';
import type { RequestType, SubmitRequest } from '../../model/pool/positions.ts';
import { FIRST_UNKNOWN_REQUEST_TYPE, type KnownRequestType } from '../../spec/actions.ts';
import { poolBalanceOf, type Address, type PoolState, type World } from '../../model/state.ts';
import type { Harness } from '../harness/harness.ts';
import { Q4W_ACTIVE_BELOW, SCALAR_7 } from '../../spec/constants.ts';
import { q4wExactQueue } from './q4w-exact.ts';
import { BlendCommand, focusSet, pick, pickPreferring, poolsWithReserves } from './base.ts';
import type { Scenario } from './scenario.ts';
import { UtilisationChain, utilisationOf } from './utilisation.ts';
import { HighHalfChain, highHalvesOf } from './pool-high.ts';
import { PoolDeepChain, goesPoolDeep } from './pool-deep.ts';
import { MinCollateralChain, minCollateralOf } from './min-collateral.ts';
import { SupplyEdgeChain, supplyEdgeOf } from './supply-edge.ts';
import { InterestEdgeChain, interestEdgeOf, withDisabledReserve } from './interest-edge.ts';
import { InterestAuctionChain, interestAuctionOf } from './interest-auction.ts';
import { HfEdgeChain, hfEdgeOf } from './hf-edge.ts';
import { EmissionCreditChain, emissionCreditOf } from './emission-credit.ts';
import { SupplyCapChain, supplyCapOf } from './supply-cap.ts';

/** Pool commands run only where some pool has reserves. */
abstract class PoolCommand extends BlendCommand {
  override check(m: Readonly<Harness>): boolean {
    return poolsWithReserves(m.world).length > 0;
  }
}

export class SetEmissionsConfig extends PoolCommand {
  constructor(
    readonly poolSeed: number,
    readonly entries: readonly (readonly [number, number, bigint])[],
  ) {
    super();
  }
  resolve(w: World): Action {
    const pool = pick(poolsWithReserves(w), this.poolSeed);
    const n = w.pools.get(pool)!.reserves.length;
    // a reserve index one past the list and a res_type of 2 reach the rejection
    const metadata = this.entries.map(([i, t, share]) => ({ resIndex: i % 16 === 15 ? n : i % n, resType: t, share }));
    return { fn: 'pool.set_emissions_config', pool, metadata };
  }
  describe(): string {
    return `pool#${this.poolSeed}.set_emissions_config(${this.entries.length} entries)`;
  }
}

/**
 * A command that, for some of its seeds, performs a scenario's chain instead of its one action
 * (`chainOf`, read off the world when it runs; undefined: the one action). `run` steps the chain.
 */
abstract class ChainingCommand extends PoolCommand {
  private chain: Scenario | undefined;
  /** The chain these seeds ask for in `w`, if any. */
  protected abstract chainOf(w: World): Scenario | undefined;
  override *actions(h: Harness): Generator<Action, void, undefined> {
    this.chain = this.chainOf(h.world);
    if (this.chain === undefined) {
      yield this.bind(h);
      return;
    }
    let any = false;
    for (const a of this.chain.actions(h)) {
      any = true;
      yield a;
    }
    // a world where the chain finds nothing to act on: the command's own action
    if (!any) {
      this.chain = undefined;
      yield this.bind(h);
    }
  }
  /** Every action of `actions`, as `check` steps them (the base `run` steps one action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }
  override toString(): string {
    return this.chain !== undefined ? this.chain.toString() : super.toString();
  }
}

export class Submit extends ChainingCommand {
  constructor(
    readonly poolSeed: number,
    readonly userSeed: number,
    readonly request: KnownRequestType,
    readonly reserveSeed: number,
    readonly amount: bigint,
    /** Whether a borrow or repay seed may ask for a utilisation chain (src/commands/utilisation.ts): false where the implementation lacks one of the request types. */
    readonly chains = true,
    /** Whether a user seed may ask for several requests or `submit_with_allowance` (`variantOf`): false where the implementation does not announce `pool.submit_requests`. */
    readonly many = true,
    /** Whether a supply or withdraw reserve seed may ask for the uncollateralised request (`uncollateralizedOf`): false where the implementation does not announce `pool.supply_uncollateralized` and `pool.withdraw_uncollateralized`. */
    readonly plain = true,
    /** Whether a supply reserve seed may ask for a request type the contract does not know (`unknownRequestOf`): false where the implementation does not announce `pool.submit_unknown_request`. */
    readonly unknown = true,
    /** Whether the health-factor edge and min-collateral chains may move and age the oracle's price (src/commands/oracle.ts): false where the implementation does not announce `oracle.set_price`. */
    readonly prices = true,
    /** Whether a repay seed may ask for the interest-auction chain (src/commands/interest-auction.ts): false where the implementation does not announce `advance_blocks`, `pool.new_auction` and `pool.fill_auction`. */
    readonly auctions = true,
  ) {
    super();
  }
  /** The u32 request type sent in place of a supply's where the reserve seed asks for one the contract does not know (`unknownRequestOf`), else undefined. */
  get unknownType(): number | undefined {
    return this.unknown ? unknownRequestOf(this.request, this.reserveSeed) : undefined;
  }
  /**
   * The request submitted: `unknown` where the reserve seed asks for it (`unknownType`), else
   * `request` or its uncollateralised form (request type 0 or 1) where the reserve seed asks for it.
   */
  get submitted(): RequestType {
    if (this.unknownType !== undefined) return 'unknown';
    return this.plain ? uncollateralizedOf(this.request, this.reserveSeed) : this.request;
  }
  /**
   * A positive borrow or repay whose reserve seed asks for it: the utilisation chain, on the pool
   * and reserve this request resolves to, by its user (a borrow's: a supplier; a repay's: a debtor);
   * a positive supply or withdrawal whose reserve seed asks for it (bits 14-15, one in 4): the
   * high-half chain; a positive borrow whose reserve seed asks for it (bits 16-18, one in 8, no
   * utilisation chain): the minimum-collateral chain; a positive repay whose reserve seed asks for
   * it (the same bits): the supply-edge chain; a positive repay whose reserve seed asks for it (bits
   * 16-18 = 6), in a world with a disabled reserve: the interest-edge chain; a positive borrow whose
   * reserve seed asks for it (bits 16-18 = 6), in a world with a disabled reserve: the
   * health-factor edge chain; a positive repay whose reserve seed asks for it (bits 16-18 = 5): the
   * emission-credit chain; a positive borrow whose reserve seed asks for it (bits 16-18 = 4), in a
   * world with a disabled reserve: the supply-cap chain; a positive repay whose reserve seed asks for
   * it (bits 16-18 = 4), in a world with a disabled reserve: the interest-auction chain.
   */
  protected chainOf(w: World): Scenario | undefined {
    // a request type the contract does not know is sent alone, never a chain
    if (this.unknownType !== undefined) return undefined;
    if (this.chains && this.amount > 0n && highHalvesOf(this.request, this.reserveSeed)) return this.highHalfChain(w);
    // a borrow seed asking for it: a position at exactly the pool's minimum collateral (src/commands/min-collateral.ts)
    if (this.chains && this.amount > 0n && minCollateralOf(this.request, this.reserveSeed))
      // its oracle variant only in a world with a disabled reserve (the default world's streams as before)
      return new MinCollateralChain(this.poolSeed, this.userSeed, this.prices && withDisabledReserve(w) ? this.reserveSeed : undefined);
    // a repay seed asking for it: an accrual landing the total supply on k x 2^64 units (src/commands/supply-edge.ts)
    if (this.chains && this.amount > 0n && supplyEdgeOf(this.request, this.reserveSeed))
      return new SupplyEdgeChain(this.poolSeed, this.userSeed);
    // a repay seed asking for it: an emission index step of one and a backstop credit past 2^64 added to (src/commands/emission-credit.ts)
    if (this.chains && this.amount > 0n && emissionCreditOf(this.request, this.reserveSeed))
      return new EmissionCreditChain(this.poolSeed, this.userSeed, this.many);
    // a repay seed asking for it, in a world with a disabled reserve (`--second-reserve on`): an accrual of exactly k x 2^64 units of interest (src/commands/interest-edge.ts)
    if (this.chains && this.amount > 0n && interestEdgeOf(this.request, this.reserveSeed) && withDisabledReserve(w))
      return new InterestEdgeChain(this.poolSeed, this.userSeed);
    // a repay seed asking for it, in a world with a disabled reserve: the interest auction, created and filled at the blocks' boundaries (src/commands/interest-auction.ts)
    if (this.chains && this.auctions && this.amount > 0n && interestAuctionOf(this.request, this.reserveSeed) && withDisabledReserve(w))
      return new InterestAuctionChain(this.poolSeed, this.userSeed);
    // a borrow seed asking for it, in a world with a disabled reserve: the smallest borrow the health factor refuses, then one unit less (src/commands/hf-edge.ts)
    if (this.chains && this.amount > 0n && hfEdgeOf(this.request, this.reserveSeed) && withDisabledReserve(w))
      return new HfEdgeChain(this.poolSeed, this.userSeed, this.prices ? this.reserveSeed : undefined);
    // a borrow seed asking for it, in a world with a disabled reserve: a supply to exactly the supply cap, after one past it (src/commands/supply-cap.ts)
    if (this.chains && this.amount > 0n && supplyCapOf(this.request, this.reserveSeed) && withDisabledReserve(w))
      return new SupplyCapChain(this.poolSeed, this.userSeed, this.plain);
    if (!this.chains || (this.request !== 'borrow' && this.request !== 'repay') || this.amount <= 0n) return undefined;
    const u = utilisationOf(this.reserveSeed);
    if (u === undefined) return undefined;
    const a = this.resolve(w);
    if (a.fn !== 'pool.submit') return undefined;
    const other = pick(w.users, this.userSeed + 1);
    return new UtilisationChain(
      a.pool,
      a.reserveIndex,
      a.from,
      other === a.from ? pick(w.users, this.userSeed + 2) : other,
      u.kind,
      u.gap,
      u.fall,
    );
  }
  /**
   * A supply or withdrawal whose reserve seed asks for it: the pool's high-half chain
   * (src/commands/pool-high.ts) on the pool this request resolves to, by its user and another.
   */
  private highHalfChain(w: World): Scenario | undefined {
    const a = this.resolve(w);
    if (a.fn !== 'pool.submit') return undefined;
    const other = pick(w.users, this.userSeed + 1);
    // the uncollateralised variant (`submitted`): the lender's side of the chain without collateral
    return new HighHalfChain(a.pool, a.from, other === a.from ? pick(w.users, this.userSeed + 2) : other, this.submitted !== this.request);
  }
  resolve(w: World): Action {
    // mostly a pool still emitting; for withdraw, borrow and repay one where someone holds what
    // the request needs (collateral, or liabilities)
    const request = this.submitted;
    const held = request === 'repay' ? 'liabilities' : request === 'withdraw_uncollateralized' ? 'supply' : 'collateral';
    const candidates = this.request === 'supply' ? emittingPools(w) : poolsHolding(w, held);
    const pool = pickPreferring(candidates.length > 0 ? candidates : emittingPools(w), poolsWithReserves(w), this.poolSeed);
    const p = w.pools.get(pool)!;
    const all = p.reserves.map((_, i) => i);
    const holders = (side: 'collateral' | 'supply' | 'liabilities'): Address[] => {
      const out: Address[] = [];
      for (const u of p.positions.keys()) if (p.positions.get(u)![side].size > 0) out.push(u);
      return out;
    };
    // mostly a reserve whose token on this side (b for supply/withdraw, d for borrow/repay) earns
    // emissions; a supply also goes to the borrowed reserves, so that there is something to borrow
    const side = this.request === 'supply' || this.request === 'withdraw' ? 1 : 0;
    // (loops, not spreads and filters: this runs on every submit)
    const earning: number[] = [];
    for (const id of p.emissionConfig.keys()) if (id % 2 === side) earning.push(id >> 1);
    let reserves: number[];
    let from: Address;
    /** A reserve the request is sent to whatever the lists below say (`disabledBorrowOf`). */
    let forced: number | undefined;
    switch (this.request) {
      case 'supply':
      case 'supply_uncollateralized':
        // the configured reserves, each once, in the configuration's order
        reserves = [];
        for (const id of p.emissionConfig.keys()) if (!reserves.includes(id >> 1)) reserves.push(id >> 1);
        from = pick(w.users, this.userSeed);
        break;
      case 'withdraw':
      case 'withdraw_uncollateralized':
        reserves = earning;
        from = pickPreferring(holders(held), w.users, this.userSeed);
        break;
      case 'borrow':
        // a reserve with liquidity, by a user with collateral
        {
          const liquid = all.filter((i) => p.reserves[i]!.bSupply > p.reserves[i]!.dSupply);
          const earningLiquid = earning.filter((i) => liquid.includes(i));
          reserves = earningLiquid.length > 0 ? earningLiquid : liquid;
        }
        from = pickPreferring(holders('collateral'), w.users, this.userSeed);
        forced = disabledBorrowOf(p, this.reserveSeed);
        break;
      case 'repay':
        reserves = earning;
        from = pickPreferring(holders('liabilities'), w.users, this.userSeed);
        break;
    }
    // a user's own positions first for withdraw and repay
    if (this.request === 'withdraw' || this.request === 'repay') {
      const own = all.filter((i) => (p.positions.get(from)?.[held].get(i) ?? 0n) > 0n);
      if (own.length > 0) reserves = own;
    }
    const v = this.many ? variantOf(this.userSeed) : undefined;
    // the same request again, its first amount large (bit 14 of the user seed): the candidate
    // reserve of the most decimals, the amount in its tokens, so that the first amount passes 2^64
    // units and the second (under 2^64) adds to the same transfer map entry (pool func120)
    const large = v?.second === 'again' && ((this.userSeed >>> 14) & 1) === 1;
    const reserveIndex =
      forced ?? (large ? widest(p, reserves.length > 0 ? reserves : all) : pickPreferring(reserves, all, this.reserveSeed));
    const amount = this.shaped(p, from, reserveIndex, large);
    // a request type the contract does not know: one request, no variant (`pool.submit_unknown_request`)
    if (request === 'unknown') return { fn: 'pool.submit', pool, from, request, reserveIndex, amount, unknownType: this.unknownType! };
    if (v === undefined) return { fn: 'pool.submit', pool, from, request, reserveIndex, amount };
    const more = v.second === undefined ? [] : [secondRequest(request, reserveIndex, amount, v.second)];
    return {
      fn: 'pool.submit',
      pool,
      from,
      request,
      reserveIndex,
      amount,
      ...(more.length > 0 ? { more } : {}),
      ...(v.allowance ? { withAllowance: true } : {}),
    };
  }
  /**
   * The amount: as generated, except that most positive borrows are brought within what the pool
   * could lend and the user's collateral could back (under 90% of the reserve's free b tokens and
   * half the user's collateral), so that some pass the utilisation and health checks; and one pool
   * seed in 4 reads the amount in 7-decimal tokens of the reserve (`inReserveUnits`; always with
   * `inUnits`).
   */
  private shaped(p: PoolState, from: Address, reserveIndex: number, inUnits = false): bigint {
    const r = p.reserves[reserveIndex];
    const amount =
      r === undefined ? this.amount : inUnits ? (this.amount * r.scalar) / S7 : inReserveUnits(this.amount, r.scalar, this.poolSeed);
    if (this.request !== 'borrow' || amount <= 0n || this.reserveSeed % 4 === 3 || r === undefined) return amount;
    const free = ((r.bSupply - r.dSupply) * 9n) / 10n;
    let collateral = 0n;
    for (const b of p.positions.get(from)?.collateral.values() ?? []) collateral += b;
    const cap = free < collateral / 2n ? free : collateral / 2n;
    return cap > 0n ? 1n + (amount % cap) : amount;
  }
  describe(): string {
    return `pool#${this.poolSeed}.submit(${this.submitted} ${this.amount})`;
  }
}

export class PoolGulpEmissions extends PoolCommand {
  /** The actions of an update_status chain (`actions`), for printing. */
  private chain: readonly Action[] | undefined;
  constructor(
    readonly poolSeed: number,
    /** Whether a pool seed may ask for `update_status` instead (`statusVariantOf`): false where the implementation does not announce `pool.update_status`, or the profile's pool has another status logic (v1). */
    readonly status = true,
    /**
     * The supply that follows an update_status (`statusSupplyOf`): `both` kinds, `collateral` only
     * (the implementation does not announce the uncollateralised requests), or `none` (nor
     * `pool.supply`).
     */
    readonly follow: 'both' | 'collateral' | 'none' = 'both',
  ) {
    super();
  }
  resolve(w: World): Action {
    const withReserves = poolsWithReserves(w);
    if (this.status && statusVariantOf(this.poolSeed) !== undefined)
      return { fn: 'pool.update_status', pool: pick(withReserves, this.poolSeed >>> 2) };
    // mostly a pool with an allocation waiting, one of the focus pools (where the generated users
    // deposit, so that their backstop shares start earning) when one is waiting
    const waiting: Address[] = [];
    for (const p of withReserves) if ((w.backstops.get(w.pools.get(p)!.backstop)!.rzEmis.get(p)?.accrued ?? 0n) > 0n) waiting.push(p);
    const focus = focusSet(w);
    const focusWaiting = focus === undefined ? [] : waiting.filter((p) => focus.has(p));
    return {
      fn: 'pool.gulp_emissions',
      pool: pickPreferring(focusWaiting.length > 0 && this.poolSeed % 16 < 12 ? focusWaiting : waiting, withReserves, this.poolSeed),
    };
  }
  /**
   * The gulp, or `update_status`; for the `exact` variant, the LP composition first set so that the
   * pool's backstop holds exactly a pair of whole BLND and USDC amounts on the threshold
   * (`exactThresholdPrice`), the update, then the composition set back to what it was. An
   * update_status is followed by a supply to the pool (`statusSupplyOf`), which the status it set
   * allows (active, on ice) or refuses (frozen: `require_action_allowed`, Pool#1206).
   */
  override *actions(h: Harness): Generator<Action, void, undefined> {
    this.chain = undefined;
    const a = this.bind(h);
    const w = h.world;
    if (a.fn !== 'pool.update_status') {
      yield a;
      return;
    }
    const supply = statusSupplyOf(w, a.pool, this.poolSeed, this.follow);
    const variant = statusVariantOf(this.poolSeed);
    // `q4w`: the threshold met exactly too (when a pair is reached), so that the 30% bound decides
    // (bit 0 set: one under the bound instead, `q4wAtActiveBound` with `under`)
    const queued = variant === 'q4w' ? q4wAtActiveBound(w, a.pool, (this.poolSeed & 1) === 1) : undefined;
    // `q4w-exact`: the queued shares an exact fraction of the shares (src/commands/q4w-exact.ts), left queued
    const exactQueue = variant === 'q4w-exact' ? q4wExactQueue(w, a.pool) : undefined;
    const price =
      variant === 'exact' || variant === 'under' || queued !== undefined
        ? exactThresholdPrice(
            w,
            a.pool,
            this.poolSeed >>> 12,
            variant === 'under' && usdcUnderOf(w, this.poolSeed) ? 'usdc' : variant === 'under',
          )
        : undefined;
    const c = w.comet;
    const restore: Action | undefined =
      price === undefined
        ? undefined
        : { fn: 'set_lp_price', blndPerLp: (c.blnd.balance * S7) / c.supply, usdcPerLp: (c.usdc.balance * S7) / c.supply };
    const chain: Action[] = [];
    // `q4w` on a pool still admin active (0, as generated): the 30% bound is in the rule for statuses
    // 1, 3 and 5 only, so an update_status with the threshold unmet (`under`) puts it on ice first
    const first =
      queued !== undefined && w.pools.get(a.pool)?.status === 0 ? exactThresholdPrice(w, a.pool, this.poolSeed >>> 12, true) : undefined;
    if (first !== undefined) chain.push(first, a);
    if (price !== undefined) chain.push(price);
    if (queued !== undefined) chain.push(queued.queue);
    if (exactQueue !== undefined) chain.push(exactQueue);
    chain.push(a);
    if (supply !== undefined) chain.push(supply);
    if (queued !== undefined) chain.push(queued.dequeue);
    if (restore !== undefined) chain.push(restore);
    this.chain = chain.length > 1 ? chain : undefined;
    yield* chain;
  }
  /** Every action of `actions` (the base `run` steps one action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }
  override toString(): string {
    return this.chain === undefined ? super.toString() : `${this.chain.map((a) => toCall(a)).join('; ')}`;
  }
  describe(): string {
    return `pool#${this.poolSeed}.${this.status && statusVariantOf(this.poolSeed) !== undefined ? 'update_status' : 'gulp_emissions'}()`;
  }
}

/**
 * The update_status variant bits 16-19 of a gulp's pool seed ask for (the pool is picked from the
 * seed's low bits modulo the pools, so these add no draw; a seed under 2^16, what fast-check shrinks
 * towards, asks for none): 15, `exact` (the pool's backstop brought to exactly the threshold first);
 * 14, `plain` (the pool as it is) or, with bit 12 set, `q4w-exact` (the pool's queued shares first
 * brought to an exact fraction of its shares, under 50%: src/commands/q4w-exact.ts); 13, `under` (its BLND a few stroops under the threshold's whole
 * tokens: `exactThresholdPrice` with `under`; its USDC instead where `usdcUnderOf`); 12, `q4w` (its queued shares brought to exactly the
 * 30% bound first, `q4wAtActiveBound`; with bit 0 set, one under it). One gulp in 4 becomes an
 * update_status.
 */
export function statusVariantOf(poolSeed: number): 'exact' | 'plain' | 'q4w-exact' | 'under' | 'q4w' | undefined {
  const v = (poolSeed >>> 16) & 15;
  if (v === 14) return (poolSeed >>> 12) & 1 ? 'q4w-exact' : 'plain';
  return v === 15 ? 'exact' : v === 13 ? 'under' : v === 12 ? 'q4w' : undefined;
}

/**
 * Whether an `under` update_status (`statusVariantOf`) puts the USDC a few stroops under the
 * threshold's whole tokens instead of the BLND (`exactThresholdPrice` with `usdc`; issue 19's pool
 * survivor `func144 +43 const-1`, calc_pool_backstop_threshold's `usdc / SCALAR_7`): bit 14 of the
 * pool seed set (which no other choice of a gulp or an update_status reads: the pair is bits 12-13),
 * only in a world with a disabled reserve (the world option `secondReserve`, `mutate`'s default for
 * the pool), so that the default world's streams stay as they were.
 */
export function usdcUnderOf(w: World, poolSeed: number): boolean {
  return ((poolSeed >>> 14) & 1) === 1 && withDisabledReserve(w);
}

/**
 * The queue and the dequeue around an update_status that put `pool`'s backstop q4w at exactly the
 * 30% bound: q4w_pct = ceil(q4w x SCALAR_7 / shares) equal to Q4W_ACTIVE_BELOW (pool/src/pool/status.rs
 * `calc_pool_status`: active only under it), the shares queued by the pool's largest depositor, then
 * dequeued. With `under`, q4w_pct one under the bound (2,999,999 x 10^-7) instead: where the shares
 * are a multiple of SCALAR_7 (the genesis pools' 1.2e12) the division is exact there, the case of
 * backstop func68 +75, func68 +314 and func143 +693 (a ceiling one higher when nothing is left
 * over: on ice for them, active for the contract). Undefined where the pool's q4w is already at or
 * past it, no depositor holds enough shares, or no q4w gives exactly that q4w_pct.
 */
export function q4wAtActiveBound(w: World, pool: Address, under = false): { queue: Action; dequeue: Action } | undefined {
  const backstop = w.pools.get(pool)?.backstop;
  const bs = backstop === undefined ? undefined : w.backstops.get(backstop);
  if (backstop === undefined || bs === undefined) return undefined;
  const pb = poolBalanceOf(bs, pool);
  if (pb.shares <= 0n) return undefined;
  const pct = under ? Q4W_ACTIVE_BELOW.value - 1n : Q4W_ACTIVE_BELOW.value;
  const target = (pb.shares * pct) / S7;
  const amount = target - pb.q4w;
  if (amount <= 0n || (target * S7 + pb.shares - 1n) / pb.shares !== pct) return undefined;
  let from: Address | undefined;
  let most = 0n;
  for (const [u, ub] of bs.userBalances.get(pool) ?? []) {
    if (ub.shares > most) {
      most = ub.shares;
      from = u;
    }
  }
  if (from === undefined || most < amount) return undefined;
  return {
    queue: { fn: 'backstop.queue_withdrawal', backstop, from, pool, amount },
    dequeue: { fn: 'backstop.dequeue_withdrawal', backstop, from, pool, amount },
  };
}

/**
 * The supply that follows an update_status of `pool`: one whole token of reserve 0 by the user bits
 * 4-11 of the pool seed pick, as collateral, or (bit 3 set, where `follow` is `both`) without
 * collateral (request type 0). After a status of 3 (on ice) the contract accepts it, after 5 (frozen)
 * refuses it (pool/src/pool/pool.rs `require_action_allowed`: `status > 3` for types 0 and 2).
 * Undefined for `follow` `none` or a pool without reserves.
 */
export function statusSupplyOf(w: World, pool: Address, poolSeed: number, follow: 'both' | 'collateral' | 'none'): Action | undefined {
  const r = w.pools.get(pool)?.reserves[0];
  if (follow === 'none' || r === undefined) return undefined;
  const plain = follow === 'both' && ((poolSeed >>> 3) & 1) === 1;
  return {
    fn: 'pool.submit',
    pool,
    from: pick(w.users, poolSeed >>> 4),
    request: plain ? 'supply_uncollateralized' : 'supply',
    reserveIndex: 0,
    amount: r.scalar,
  };
}

/**
 * Whole BLND and USDC amounts whose bal_blnd^4 x bal_usdc is exactly the pool's threshold, 1e25
 * (spec/constants.ts POOL_THRESHOLD_PC): the boundary of `calc_pool_backstop_threshold`.
 */
const THRESHOLD_PAIRS: readonly (readonly [bigint, bigint])[] = [
  [100_000n, 100_000n],
  [250_000n, 2_560n],
  [200_000n, 6_250n],
  [50_000n, 1_600_000n],
];

/**
 * The `set_lp_price` that gives `pool`'s backstop tokens T (stroops) exactly the pair's whole BLND
 * and USDC (the pair chosen by `seed`): per LP ceil(B x 10^14 / T), whole amount floor(T x per /
 * 10^14) = B while T is at most 10^14 (10M LP). Undefined where the pool has no backstop tokens,
 * the Comet no supply, or the pair is not reached exactly. With `under`, the BLND per LP instead
 * gives B x 10^7 - j stroops for some 1 <= j <= B (the largest per LP under the pair): whole B - 1,
 * unmet, where a division of the stroops by 10^7 - 1 instead of SCALAR_7 (pool func144's constant)
 * gives B and meets it. With `under` `usdc`, the same for the USDC instead (its BLND exactly B):
 * pool func144's second SCALAR_7 divisor (+43), where a division by 10^7 - 1 gives U and meets it.
 */
export function exactThresholdPrice(w: World, pool: Address, seed: number, under: boolean | 'usdc' = false): Action | undefined {
  const bs = w.backstops.get(w.pools.get(pool)!.backstop);
  const t = bs?.poolBalances.get(pool)?.tokens ?? 0n;
  if (t <= 0n || w.comet.supply <= 0n) return undefined;
  const [b, u] = THRESHOLD_PAIRS[seed % THRESHOLD_PAIRS.length]!;
  const whole = S7 * S7;
  const per = (x: bigint): bigint => (x * whole + t - 1n) / t;
  // the per LP whose stroops floor(t x per / 10^7) are just under x x 10^7, within x stroops of it
  const perJustUnder = (x: bigint): bigint | undefined => {
    const perLp = ((x * S7 - 1n) * S7) / t;
    const stroops = (t * perLp) / S7;
    return perLp <= 0n || stroops > x * S7 - 1n || stroops < x * S7 - x ? undefined : perLp;
  };
  const exact = (x: bigint): bigint | undefined => ((t * per(x)) / whole === x ? per(x) : undefined);
  const blndPerLp = under === true ? perJustUnder(b) : exact(b);
  const usdcPerLp = under === 'usdc' ? perJustUnder(u) : exact(u);
  if (blndPerLp === undefined || usdcPerLp === undefined) return undefined;
  return { fn: 'set_lp_price', blndPerLp, usdcPerLp };
}

/**
 * A pool claim; one pool seed in 32 (`goesPoolDeep`, where `deep`) the pool deep-time chain instead
 * (src/commands/pool-deep.ts: a user's accrual on one reserve token past 2^64 stroops, stored, then
 * claimed), or the claim itself where the world offers that chain nothing to act on.
 */
export class PoolClaim extends ChainingCommand {
  constructor(
    readonly poolSeed: number,
    readonly userSeed: number,
    readonly idSeeds: readonly number[],
    /** Whether a pool seed may ask for the pool deep-time chain: false where the implementation lacks one of its actions (`POOL_DEEP_FNS`). */
    readonly deep = true,
  ) {
    super();
  }
  protected chainOf(_w: World): Scenario | undefined {
    return this.deep && goesPoolDeep(this.poolSeed) ? new PoolDeepChain(this.poolSeed, this.userSeed) : undefined;
  }
  resolve(w: World): Action {
    const emitting = emittingPools(w);
    const pool = pickPreferring(emitting, poolsWithReserves(w), this.poolSeed);
    const n = w.pools.get(pool)!.reserves.length * 2;
    // mostly a user with a position in the pool
    const from = pickPreferring([...w.pools.get(pool)!.positions.keys()], w.users, this.userSeed);
    // mostly reserve tokens with emissions; one id past the reserves reaches the rejection
    const ids = [...w.pools.get(pool)!.emisData.keys()];
    const all = Array.from({ length: n + 1 }, (_, i) => i);
    return { fn: 'pool.claim', pool, from, reserveTokenIds: this.idSeeds.map((s) => pickPreferring(ids, all, s)), to: from };
  }
  describe(): string {
    return `pool#${this.poolSeed}.claim(from: #${this.userSeed})`;
  }
}

/** How a submit's second request relates to its first (`secondRequest`). */
type SecondKind = 'again' | 'follow';
/**
 * The submit variant bits 15-19 of the user seed ask for (the user is picked from the seed modulo
 * the users, so these bits leave the choice of user as it was and add no draw; a seed under 2^15,
 * what fast-check shrinks towards, asks for none): 31 and 30, the same request again on the same
 * reserve; 29 and 28, a following request (`secondRequest`); 27, `submit_with_allowance` of the
 * one request; 26, of the request and the same again; 25, of the request and a following one.
 * With the same request again, bit 14 set asks for a large first amount (`Submit.resolve`).
 * So 7 submits in 32 are a variant: several requests in one `submit` (the transfer maps summed per
 * asset, pool/src/pool/actions.rs `build_actions_from_request`) or the allowance path
 * (`submit_with_allowance`, which nets the maps per asset in `execute_submit`).
 */
export function variantOf(userSeed: number): { second: SecondKind | undefined; allowance: boolean } | undefined {
  switch ((userSeed >>> 15) & 31) {
    case 31:
    case 30:
      return { second: 'again', allowance: false };
    case 29:
    case 28:
      return { second: 'follow', allowance: false };
    case 27:
      return { second: undefined, allowance: true };
    case 26:
      return { second: 'again', allowance: true };
    case 25:
      return { second: 'follow', allowance: true };
    default:
      return undefined;
  }
}

/**
 * The second request of a submit whose first is (`request`, `reserveIndex`, `amount`), on the same
 * reserve. `again`: the same request type with 1 + amount / 2^13 (under 2^64 units for any first
 * amount under 2^77: so a first amount of 2^64 or more adds a smaller one to the same transfer map
 * entry, the i128 sum's high halves); `follow`: what a user does next in one call: a supply, then a
 * borrow of a quarter of it against it; a withdraw, then a supply of half of it back; a borrow, then
 * a repay of half of it; a repay, then a withdraw of as much; an uncollateralised supply, then an
 * uncollateralised withdrawal of a quarter of it; an uncollateralised withdrawal, then a supply of
 * half of it as collateral. Amounts in the reserve's units.
 */
export function secondRequest(request: KnownRequestType, reserveIndex: number, amount: bigint, kind: SecondKind): SubmitRequest {
  const a = amount > 0n ? amount : 1n;
  if (kind === 'again') return { request, reserveIndex, amount: 1n + a / 8192n };
  switch (request) {
    case 'supply':
      return { request: 'borrow', reserveIndex, amount: 1n + a / 4n };
    case 'withdraw':
      return { request: 'supply', reserveIndex, amount: 1n + a / 2n };
    case 'borrow':
      return { request: 'repay', reserveIndex, amount: 1n + a / 2n };
    case 'repay':
      return { request: 'withdraw', reserveIndex, amount: a };
    case 'supply_uncollateralized':
      return { request: 'withdraw_uncollateralized', reserveIndex, amount: 1n + a / 4n };
    case 'withdraw_uncollateralized':
      return { request: 'supply', reserveIndex, amount: 1n + a / 2n };
  }
}

/**
 * The request a supply or withdraw submits given bits 16-17 of its reserve seed (the reserve is
 * picked from the seed's low bits modulo the candidates, so these add no draw; a seed under 2^16,
 * what fast-check shrinks towards, asks for none): both set (one in 4), the uncollateralised
 * request (`supply_uncollateralized`, request type 0; `withdraw_uncollateralized`, 1), whose b tokens
 * earn the b token's emissions beside the collateral but back no liability; else `request` itself.
 */
export function uncollateralizedOf(request: KnownRequestType, reserveSeed: number): KnownRequestType {
  if (((reserveSeed >>> 16) & 3) !== 3) return request;
  return request === 'supply' ? 'supply_uncollateralized' : request === 'withdraw' ? 'withdraw_uncollateralized' : request;
}

/**
 * The disabled reserve a borrow's reserve seed sends it to, or undefined: where the pool has one
 * (only in the world with the second reserve configuration, spec/worlds.ts `secondReserve`), one
 * borrow seed in 2 (bit 16 set) that asks for no utilisation chain (`utilisationOf`; bit 16 is then
 * read by nothing else of a borrow; a plain borrow command is rare, one or two a run, most borrows
 * being the chains'), so that a borrow meets
 * `require_action_allowed`'s ReserveDisabled (pool `func125 +11`, whose mutant lets a borrow of a
 * disabled reserve pass). No new draw: a world without a disabled reserve resolves as before.
 */
export function disabledBorrowOf(p: PoolState, reserveSeed: number): number | undefined {
  if (((reserveSeed >>> 16) & 1) !== 1 || utilisationOf(reserveSeed) !== undefined) return undefined;
  const i = p.reserves.findIndex((r) => !r.enabled);
  return i < 0 ? undefined : i;
}

/** The largest u32: the far end of the request types the contract does not know. */
const U32_MAX = 2 ** 32 - 1;
/**
 * The request type a supply sends in place of its own where its reserve seed asks for one the
 * contract does not know (`RequestType::from_u32`: BadRequest, Pool#1200): bits 18-19 and 12-13 all
 * set (one supply in 16; the reserve is picked from the seed's low bits modulo the candidates, and a
 * supply reads bits 12-13 for nothing else, so these add no draw; a seed under 2^18, what fast-check
 * shrinks towards, asks for none): FIRST_UNKNOWN_REQUEST_TYPE (10), or with bit 11 set too the
 * largest u32 (an unsigned comparison's far end). So one supply in 32 sends type 10, the first the
 * contract refuses: the edge of `build_actions_from_request`'s `request_type < 10` (pool func122
 * +421). Undefined for any other seed or request.
 */
export function unknownRequestOf(request: KnownRequestType, reserveSeed: number): number | undefined {
  if (request !== 'supply' || ((reserveSeed >>> 18) & 3) !== 3 || ((reserveSeed >>> 12) & 3) !== 3) return undefined;
  return ((reserveSeed >>> 11) & 1) === 1 ? U32_MAX : FIRST_UNKNOWN_REQUEST_TYPE;
}

/** 10^7: the amounts' 7 decimals, as spec/constants.ts SCALAR_7. */
const S7 = SCALAR_7.value;
/**
 * `amount` (stroops, 7 decimals) as that many tokens in a reserve of scalar `scalar`, when bits 17-18
 * of the pool seed are set (one seed in 4; the pool is chosen from the seed modulo the pools): so
 * an 18-decimal reserve sees amounts up to 10^23 units, past 2^64 (18.4 tokens), where the pool's
 * i128 arithmetic carries into, and compares, the high halves (issue 19's lending-code survivors);
 * otherwise `amount` as it is, in the reserve's units (at most 10^12 units: a millionth of a token of
 * an 18-decimal reserve).
 */
export function inReserveUnits(amount: bigint, scalar: bigint, poolSeed: number): bigint {
  if (((poolSeed >>> 17) & 3) !== 3) return amount;
  return (amount * scalar) / S7;
}

/** The reserve of the most decimals (the largest scalar) among `candidates` (the first of equals). */
function widest(p: PoolState, candidates: readonly number[]): number {
  let best = candidates[0]!;
  for (const i of candidates) if (p.reserves[i]!.scalar > p.reserves[best]!.scalar) best = i;
  return best;
}

/** Pools where some user holds collateral, uncollateralised b tokens (`supply`) or d tokens (`liabilities`). */
function poolsHolding(w: World, side: 'collateral' | 'supply' | 'liabilities'): Address[] {
  const out: Address[] = [];
  for (const p of poolsWithReserves(w)) {
    for (const pos of w.pools.get(p)!.positions.values()) {
      if (pos[side].size > 0) {
        out.push(p);
        break;
      }
    }
  }
  return out;
}

/** Pools with a reserve token still emitting (eps > 0, not expired). */
function emittingPools(w: World): Address[] {
  const out: Address[] = [];
  for (const p of poolsWithReserves(w)) {
    for (const d of w.pools.get(p)!.emisData.values()) {
      if (d.eps > 0n && d.expiration > w.now) {
        out.push(p);
        break;
      }
    }
  }
  return out;
}

const seed = fc.nat({ max: 1 << 20 });
const amount = fc.oneof({ weight: 5, arbitrary: fc.bigInt(1n, 100_000_0000000n) }, { weight: 1, arbitrary: fc.constantFrom(0n, -1n) });
/** The request types of `pool.submit`, each its own protocol action (`pool.supply`, ...). */
export const REQUEST_TYPES: readonly KnownRequestType[] = ['supply', 'withdraw', 'borrow', 'repay'];
/**
 * Submits of these request types; `many`: may a seed ask for several requests or the allowance (the
 * implementation announces `pool.submit_requests`, and every request type, as the second request may
 * be any); `plain`: may a supply or withdraw seed ask for the uncollateralised request (the
 * implementation announces `pool.supply_uncollateralized` and `pool.withdraw_uncollateralized`);
 * `unknown`: may a supply seed ask for a request type the contract does not know (the
 * implementation announces `pool.submit_unknown_request`); `prices`: may the health-factor edge and
 * min-collateral chains move the oracle's price (`oracle.set_price` announced); `auctions`: may a
 * repay seed ask for the interest-auction chain (`advance_blocks`, `pool.new_auction` and
 * `pool.fill_auction` announced).
 */
const submitOf = (types: readonly KnownRequestType[], many = true, plain = true, unknown = true, prices = true, auctions = true) => {
  // the utilisation chains supply, borrow, withdraw and repay
  const chains = REQUEST_TYPES.every((t) => types.includes(t));
  return fc
    .tuple(seed, seed, fc.constantFrom<KnownRequestType>(...types), seed, amount)
    .map(([p, u, r, i, a]) => new Submit(p, u, r, i, a, chains, many && chains && plain, plain, unknown, prices, auctions));
};
const entry = fc.tuple(
  fc.nat({ max: 64 }),
  fc.oneof({ weight: 16, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.constant(2) }),
  fc.oneof({ weight: 16, arbitrary: fc.bigInt(1n, 1_0000000n) }, { weight: 1, arbitrary: fc.constant(0n) }),
);

export const poolArbs = {
  config: fc.tuple(seed, fc.array(entry, { minLength: 1, maxLength: 3 })).map(([p, e]) => new SetEmissionsConfig(p, e)),
  submit: submitOf(REQUEST_TYPES),
  /** Submits of only these request types (an implementation that announces only some of them). */
  submitOf,
  gulp: seed.map((p) => new PoolGulpEmissions(p)),
  /** Gulps and update_status, the supply after an update_status of these kinds only (`statusSupplyOf`). */
  gulpFollowing: (follow: 'both' | 'collateral' | 'none') => seed.map((p) => new PoolGulpEmissions(p, true, follow)),
  /** Gulps whose seeds never ask for update_status (`statusVariantOf`). */
  gulpOnly: seed.map((p) => new PoolGulpEmissions(p, false)),
  claim: fc.tuple(seed, seed, fc.array(seed, { minLength: 1, maxLength: 3 })).map(([p, u, ids]) => new PoolClaim(p, u, ids)),
  /** Claims whose seeds never ask for the pool deep-time chain (an implementation without one of its actions). */
  claimOnly: fc.tuple(seed, seed, fc.array(seed, { minLength: 1, maxLength: 3 })).map(([p, u, ids]) => new PoolClaim(p, u, ids, false)),
};
