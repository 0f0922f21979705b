/**
 * Ghost totals: what the harness itself counts across a run, independently of the model's state,
 * so that properties can compare the two (Foundry-handler style). The ghost also keeps its own
 * record of the times the rules depend on (a pool's last accepted gulp, a backstop's last
 * distribution, its backfill, when each withdrawal-queue entry was queued), so that a property decides whether it applies from the ghost and not
 * from the implementation's stored time or counter: an implementation that never writes its own
 * time is then caught instead of silently turning the property off.
 */
import { movesBTokens } from '../../spec/actions.ts';
import type { Action } from '../../model/actions.ts';
import type { ModelEvent } from '../../model/context.ts';
import type { Address } from '../../model/state.ts';
import type { Before, GhostView, QueuedEntry } from '../../properties/types.ts';
import { SCALAR_7, SWAP_UNLOCK_TIME } from '../../spec/constants.ts';
import type { Profile } from '../../spec/profiles.ts';

/** Per backstop, what it received and distributed (stroops). */
interface BackstopLedger {
  /** Σ emitter distributions to it, and Σ drops to it (its own backfill). */
  fromEmitter: bigint;
  dropped: bigint;
  /** Σ its distribute() amounts (backfill included) and Σ of the backfilled ones. */
  distributed: bigint;
  backfilled: bigint;
  /** Σ a distribution's amount less its allocations (the pro-rata floors, v1's split floors). */
  distributionRemainder: bigint;
  /** Σ BLND paid out of it: backstop claims (into the Comet) and its pools' claims. */
  paid: bigint;
}

/** Per pool, the accounting of what its backstop allocated to it (properties/conservation.ts). */
interface PoolLedger {
  /** Σ stroops distributions allocated to it. */
  allocated: bigint;
  /** Σ a gulp's accrued less its 70/30 parts (floors, stroops). */
  splitRemainder: bigint;
  /** Σ BLND its backstop depositors claimed, and its own users claimed (stroops). */
  claimedBackstop: bigint;
  claimedPool: bigint;
  /** eps x seconds (eps-scaled stroops) forfeited with every share queued (v2), and lost at a new EPS while it had no shares. */
  forfeitedEpsSeconds: bigint;
  lostNoSharesEpsSeconds: bigint;
  /** Flooring operations: EPS sets; index updates (and Σ the pool's shares at each); user checkpoints. */
  epsSets: number;
  indexUpdates: number;
  indexShares: bigint;
  userCheckpoints: number;
  /*
   * The pool side (properties/conservation-pool.ts): what reached the pool's reserves and what the
   * pool's own arithmetic floored, counted from each accepted pool action's events and `Before.pool`.
   */
  /** Σ the pool gulps' `amount` (stroops): the pool's share, its 30%, taken from the backstop. */
  reached: bigint;
  /** Σ a pool gulp's `amount - allocated` (stroops): the reserve shares' floors, or all of it where no configured reserve is enabled. */
  gulpUnallocated: bigint;
  /** The most `gulpUnallocated` can be: per gulp, its amount where it set no reserve token, else under amount / SCALAR_7 + 1 stroops per token it set. */
  gulpUnallocatedBound: bigint;
  /** eps x seconds (14-decimal, SCALAR_7-scaled stroops) a new reserve EPS dropped: what the old one emitted since its last update while the token had no supply. */
  reserveLostEpsSeconds: bigint;
  /** Reserve EPS sets (each floors the carried tokens and the eps). */
  reserveEpsSets: number;
  /** Reserve index updates, and Σ ceil(supply / reserve scalar) over them (eps x seconds: what each index floor can leave). */
  reserveIndexUpdates: number;
  reserveIndexFloorEpsSeconds: bigint;
  /** User checkpoints on a reserve token with a balance (each floors the accrual: under 1 stroop). */
  reserveCheckpoints: number;
}

const newBackstopLedger = (): BackstopLedger => ({
  fromEmitter: 0n,
  dropped: 0n,
  distributed: 0n,
  backfilled: 0n,
  distributionRemainder: 0n,
  paid: 0n,
});

const newPoolLedger = (): PoolLedger => ({
  allocated: 0n,
  splitRemainder: 0n,
  claimedBackstop: 0n,
  claimedPool: 0n,
  forfeitedEpsSeconds: 0n,
  lostNoSharesEpsSeconds: 0n,
  epsSets: 0,
  indexUpdates: 0,
  indexShares: 0n,
  userCheckpoints: 0,
  reached: 0n,
  gulpUnallocated: 0n,
  gulpUnallocatedBound: 0n,
  reserveLostEpsSeconds: 0n,
  reserveEpsSets: 0,
  reserveIndexUpdates: 0,
  reserveIndexFloorEpsSeconds: 0n,
  reserveCheckpoints: 0,
});

export type { BackstopLedger, PoolLedger };

/** The key of a user's withdrawal queue in a backstop's pool. */
const q4wKey = (backstop: Address, pool: Address, user: Address): string => `${backstop}|${pool}|${user}`;

/** What the ghost reads of a step besides its events (optional: without it, only the event totals are kept). */
export interface GhostStep {
  readonly action: Action;
  readonly before: Before;
  /** The backstop a pool belongs to. */
  readonly backstopOf: (pool: Address) => Address | undefined;
}

/** Implements the properties' view of it (properties/types.ts `GhostView`). */
export class Ghost implements GhostView {
  /** Ledger time the run started at (seconds). */
  readonly start: bigint;
  /** Stroops the emitter minted by `distribute` (not drops), all backstops. */
  minted = 0n;
  /** Stroops each backstop received from the emitter (distribute and drops). */
  readonly receivedByBackstop = new Map<Address, bigint>();
  /** Drops by backstop: count and total stroops. */
  readonly drops = new Map<Address, { count: number; total: bigint }>();
  /** Σ of each backstop's distribute() returns (stroops) and the rounding dust each allows. */
  readonly distributed = new Map<Address, bigint>();
  readonly distributeDustBound = new Map<Address, bigint>();
  /** Stroops a pool's allocation yielded at gulp: accrued taken, to depositors (70%) and to the pool (30%). */
  readonly gulped = new Map<Address, { accrued: bigint; backstop: bigint; pool: bigint }>();
  /** Stroops claimed by backstop depositors, and by pool users. */
  claimedBackstop = 0n;
  /** Stroops of BLND backstop depositors claimed, by pool. */
  readonly claimedByPool = new Map<Address, bigint>();
  /** Pools whose depositors' emissions the ghost cannot account for: emissions that began before the run (a loaded snapshot). */
  readonly preexisting = new Set<Address>();
  /** Pools whose reserve emissions the ghost cannot account for: emission data or user accruals from before the run (a loaded snapshot). */
  readonly preexistingReserves = new Set<Address>();
  /**
   * Per pool, the most BLND stroops v1 claims credited to a `to` other than `from` can over-pay its
   * depositors (spec/known-defects.ts V1-CLAIM-TO): each such claim's `recipientBehind` (the new
   * shares' accrual from the recipient's stale index) plus 2 stroops of floor rounding.
   */
  readonly claimToExcess = new Map<Address, bigint>();
  claimedPool = 0n;

  private readonly backstopLedgers = new Map<Address, BackstopLedger>();
  private readonly poolLedgers = new Map<Address, PoolLedger>();
  /** The time (seconds) of each pool's last accepted gulp that took an allocation (v2: its own `gulp_emissions`). */
  private readonly gulpAt = new Map<Address, bigint>();
  /** Per pool, the stroops allocated by distributions since its last gulp. */
  private readonly pending = new Map<Address, bigint>();
  /** Per backstop, the time of its last accepted distribution (seconds). */
  private readonly distributedAt = new Map<Address, bigint>();
  /** Per backstop, when the emitter last paid it (a distribution, or the swap that made it current; seconds). */
  private readonly emitterAt = new Map<Address, bigint>();
  /** Per backstop, the emitter time its last distribution consumed (its `LastDist`: the emitter's time, or the time of a backfill). */
  private readonly consumedAt = new Map<Address, bigint>();
  /** When the queued backstop swap unlocks (queued at + 31 days); null once swapped or cancelled; undefined before any of these in this run. */
  private swapUnlockAt: bigint | null | undefined;
  /** Backstops seen backfilling (a backfill distribution), until a swap makes the emitter know them. */
  private readonly backfilling = new Set<Address>();
  /**
   * Per backstop, pool and user (`q4wKey`), the withdrawal queue as the ghost saw it built, oldest
   * first: each entry's shares and the time it was queued (undefined for an entry from before the
   * run, taken from the stored queue the first time a queue action touched it).
   */
  private readonly q4w = new Map<string, readonly QueuedEntry[]>();
  /** The values the last recorded step replaced, per record (read by the `…Before` accessors). */
  private readonly prior = {
    gulpAt: new Map<Address, bigint | undefined>(),
    pending: new Map<Address, bigint>(),
    distributedAt: new Map<Address, bigint | undefined>(),
    emitterAt: new Map<Address, bigint | undefined>(),
    consumedAt: new Map<Address, bigint | undefined>(),
    swapUnlockAt: new Map<Address, bigint | null | undefined>(),
    backfilled: new Map<Address, bigint>(),
    backfilling: new Map<Address, boolean>(),
    q4w: new Map<string, readonly QueuedEntry[] | undefined>(),
  };
  /** Whether `prior` holds anything (it is cleared at the next record). */
  private dirty = false;
  /** Per pool, eps x seconds a new EPS in this step would lose (no shares to earn them), from `countFloors`. */
  private readonly lossCandidates = new Map<Address, bigint>();

  /** The order `dequeue_withdrawal` takes entries in (the profile's). */
  readonly dequeueOrder: Profile['dequeueOrder'];

  constructor(start: bigint, dequeueOrder: Profile['dequeueOrder'] = 'newest-first') {
    this.start = start;
    this.dequeueOrder = dequeueOrder;
  }

  private bump(m: Map<Address, bigint>, k: Address, v: bigint): void {
    m.set(k, (m.get(k) ?? 0n) + v);
  }

  /** What `backstop` received, distributed and paid (zeros where nothing was recorded). */
  backstopLedger(backstop: Address): Readonly<BackstopLedger> {
    return this.bl(backstop);
  }
  /** The accounting of what was allocated to `pool` (zeros where nothing was recorded). */
  poolLedger(pool: Address): Readonly<PoolLedger> {
    return this.pl(pool);
  }
  private bl(backstop: Address): BackstopLedger {
    let l = this.backstopLedgers.get(backstop);
    if (l === undefined) this.backstopLedgers.set(backstop, (l = newBackstopLedger()));
    return l;
  }
  private pl(pool: Address): PoolLedger {
    let l = this.poolLedgers.get(pool);
    if (l === undefined) this.poolLedgers.set(pool, (l = newPoolLedger()));
    return l;
  }

  /** Remember the value `key` had in `m` before the step being recorded (the first time only). */
  private keep<T>(m: Map<Address, T>, key: Address, value: T): void {
    if (!m.has(key)) m.set(key, value);
    this.dirty = true;
  }
  /** `current` as it was before the step; `recorded`: the step was recorded (accepted, so `record` ran for it). */
  private was<T>(m: Map<Address, T>, key: Address, current: T, recorded: boolean): T {
    return recorded && m.has(key) ? (m.get(key) as T) : current;
  }

  gulpAtBefore(pool: Address, recorded: boolean): bigint | undefined {
    return this.was(this.prior.gulpAt, pool, this.gulpAt.get(pool), recorded);
  }
  pendingBefore(pool: Address, recorded: boolean): bigint {
    return this.was(this.prior.pending, pool, this.pending.get(pool) ?? 0n, recorded);
  }
  distributedAtBefore(backstop: Address, recorded: boolean): bigint | undefined {
    return this.was(this.prior.distributedAt, backstop, this.distributedAt.get(backstop), recorded);
  }
  emitterAtBefore(backstop: Address, recorded: boolean): bigint | undefined {
    return this.was(this.prior.emitterAt, backstop, this.emitterAt.get(backstop), recorded);
  }
  consumedAtBefore(backstop: Address, recorded: boolean): bigint | undefined {
    return this.was(this.prior.consumedAt, backstop, this.consumedAt.get(backstop), recorded);
  }
  swapUnlockAtBefore(recorded: boolean): bigint | null | undefined {
    return this.was(this.prior.swapUnlockAt, '', this.swapUnlockAt, recorded);
  }
  backfilledBefore(backstop: Address, recorded: boolean): bigint {
    return this.was(this.prior.backfilled, backstop, this.backstopLedgers.get(backstop)?.backfilled ?? 0n, recorded);
  }
  backfillingBefore(backstop: Address, recorded: boolean): boolean {
    return this.was(this.prior.backfilling, backstop, this.backfilling.has(backstop), recorded);
  }
  q4wBefore(backstop: Address, pool: Address, user: Address, recorded: boolean): readonly QueuedEntry[] | undefined {
    const key = q4wKey(backstop, pool, user);
    return this.was(this.prior.q4w, key, this.q4w.get(key), recorded);
  }

  /**
   * Follow an accepted queue action on the ghost's own withdrawal queue: `queue_withdrawal` appends
   * `amount` shares queued now; `withdraw` takes `amount` oldest first; `dequeue_withdrawal` takes it
   * in the profile's order (entries split as the contract splits them). An entry from before the run
   * is taken from the stored queue (`before`) the first time the ghost sees the user's queue.
   */
  private recordQueue(step: GhostStep): void {
    const a = step.action;
    if (a.fn !== 'backstop.queue_withdrawal' && a.fn !== 'backstop.dequeue_withdrawal' && a.fn !== 'backstop.withdraw') return;
    const key = q4wKey(a.backstop, a.pool, a.from);
    const cur = this.q4w.get(key);
    this.keep(this.prior.q4w, key, cur);
    const stored = step.before.backstop?.user?.perPool.get(a.pool)?.ub.q4w ?? [];
    const q: QueuedEntry[] = cur !== undefined ? [...cur] : stored.map((e) => ({ amount: e.amount, queuedAt: undefined }));
    if (a.fn === 'backstop.queue_withdrawal') q.push({ amount: a.amount, queuedAt: step.before.now });
    else {
      const newestFirst = a.fn === 'backstop.dequeue_withdrawal' && this.dequeueOrder === 'newest-first';
      let left = a.amount;
      // (as the contract does: an entry of 0 shares is taken even by an amount of 0)
      while (q.length > 0) {
        const i = newestFirst ? q.length - 1 : 0;
        const e = q[i]!;
        if (e.amount > left) {
          q[i] = { amount: e.amount - left, queuedAt: e.queuedAt };
          break;
        }
        q.splice(i, 1);
        left -= e.amount;
        if (left === 0n) break;
      }
    }
    this.q4w.set(key, q);
  }

  /**
   * Fold one accepted call's events into the totals; with `step` (the action and what it touched,
   * captured before it ran), also the ghost's own times and the flooring operations it performed.
   */
  record(events: readonly ModelEvent[], rzLengthOf: (backstop: Address) => number, step?: GhostStep): void {
    if (this.dirty) {
      const p = this.prior;
      p.gulpAt.clear();
      p.pending.clear();
      p.distributedAt.clear();
      p.emitterAt.clear();
      p.consumedAt.clear();
      p.swapUnlockAt.clear();
      p.backfilled.clear();
      p.backfilling.clear();
      p.q4w.clear();
      this.dirty = false;
    }
    const now = step?.before.now;
    if (step !== undefined) {
      this.countFloors(step);
      this.countReserveFloors(step);
      this.recordQueue(step);
    }
    for (const e of events) {
      switch (e.topic) {
        case 'distribute':
          if (e.contract === 'emitter') {
            this.minted += e.amount;
            this.bump(this.receivedByBackstop, e.backstop, e.amount);
            this.bl(e.backstop).fromEmitter += e.amount;
            if (now !== undefined) {
              this.keep(this.prior.emitterAt, e.backstop, this.emitterAt.get(e.backstop));
              this.emitterAt.set(e.backstop, now);
            }
          } else {
            const l = this.bl(e.backstop);
            if (e.amount > 0n) {
              this.bump(this.distributed, e.backstop, e.amount);
              // per pool, floor(share) loses < amount / SCALAR_7 + 1 stroops, floor(amount) one more
              const n = BigInt(rzLengthOf(e.backstop));
              this.bump(this.distributeDustBound, e.backstop, n * (e.amount / 10_000_000n + 2n));
              l.distributed += e.amount;
              let allocated = 0n;
              for (const [pool, amt] of e.allocated) {
                allocated += amt;
                this.pl(pool).allocated += amt;
                // (v1's distribution gulps its 70% at once: only the 30% waits for the pool)
                this.keep(this.prior.pending, pool, this.pending.get(pool) ?? 0n);
                this.bump(this.pending, pool, amt);
              }
              l.distributionRemainder += e.amount - allocated;
            }
            if (e.backfill) {
              this.keep(this.prior.backfilled, e.backstop, l.backfilled);
              this.keep(this.prior.backfilling, e.backstop, this.backfilling.has(e.backstop));
              l.backfilled += e.amount;
              this.backfilling.add(e.backstop);
            }
            if (now !== undefined) {
              this.keep(this.prior.distributedAt, e.backstop, this.distributedAt.get(e.backstop));
              this.distributedAt.set(e.backstop, now);
              // the emitter time it consumed: a backfill's is now, else the emitter's last payment
              // to it (the ghost's record; the stored one for a payment before the run)
              const consumed = e.backfill ? now : (this.emitterAt.get(e.backstop) ?? step?.before.lastDistro.get(e.backstop));
              this.keep(this.prior.consumedAt, e.backstop, this.consumedAt.get(e.backstop));
              if (consumed !== undefined) this.consumedAt.set(e.backstop, consumed);
            }
          }
          break;
        case 'drop': {
          const d = this.drops.get(e.backstop) ?? { count: 0, total: 0n };
          this.drops.set(e.backstop, { count: d.count + 1, total: d.total + e.total });
          for (const [to, amt] of e.list)
            if (to === e.backstop) {
              this.bump(this.receivedByBackstop, to, amt);
              this.bl(to).dropped += amt;
            }
          break;
        }
        case 'gulp_emissions':
          if (e.contract === 'backstop') {
            const g = this.gulped.get(e.pool) ?? { accrued: 0n, backstop: 0n, pool: 0n };
            this.gulped.set(e.pool, {
              accrued: g.accrued + e.accrued,
              backstop: g.backstop + e.backstopEmissions,
              pool: g.pool + e.poolEmissions,
            });
            this.pl(e.pool).splitRemainder += e.accrued - e.backstopEmissions - e.poolEmissions;
            // a pool's own gulp (v2) takes its allocation and writes its time; v1's distribution
            // emits this event per pool without either
            if (step?.action.fn === 'pool.gulp_emissions' && now !== undefined) {
              this.keep(this.prior.gulpAt, e.pool, this.gulpAt.get(e.pool));
              this.keep(this.prior.pending, e.pool, this.pending.get(e.pool) ?? 0n);
              this.gulpAt.set(e.pool, now);
              this.pending.set(e.pool, 0n);
            }
          } else {
            const l = this.pl(e.pool);
            l.reached += e.amount;
            l.gulpUnallocated += e.amount - e.allocated;
            // each of n reserve tokens takes floor(floor(share x SCALAR_7 / total) x amount / SCALAR_7):
            // under amount / SCALAR_7 + 1 stroops short each; with no token set, all of it
            const n = BigInt(step?.before.pool?.gulpIds.length ?? 0);
            l.gulpUnallocatedBound += n === 0n ? e.amount : n * (e.amount / SCALAR_7.value + 2n);
          }
          break;
        case 'backstop_eps': {
          const l = this.pl(e.pool);
          l.epsSets++;
          const lost = this.lossCandidates.get(e.pool);
          if (lost !== undefined) l.lostNoSharesEpsSeconds += lost;
          break;
        }
        case 'forfeit':
          this.pl(e.pool).forfeitedEpsSeconds += e.seconds * e.eps;
          break;
        case 'swap':
          this.keep(this.prior.backfilling, e.to, this.backfilling.has(e.to));
          this.backfilling.delete(e.to);
          if (now !== undefined) {
            this.keep(this.prior.emitterAt, e.to, this.emitterAt.get(e.to));
            this.emitterAt.set(e.to, now);
          }
          break;
        case 'claim':
          if (e.contract === 'backstop') {
            this.claimedBackstop += e.claimed;
            this.bl(e.backstop).paid += e.claimed;
            let listed = 0n;
            for (const [pool, amt] of e.blndPerPool) {
              this.bump(this.claimedByPool, pool, amt);
              this.pl(pool).claimedBackstop += amt;
              listed += amt;
            }
            // a pool listed twice (v1 accepts it) is listed once, with its second, zero, amount: the
            // first is the rest of the claim where one pool was listed twice; else unattributable
            if (listed !== e.claimed && step?.action.fn === 'backstop.claim') {
              const twice = step.action.pools.filter((p, i, all) => all.indexOf(p) !== i);
              const once = [...new Set(twice)];
              if (once.length === 1) this.pl(once[0]!).claimedBackstop += e.claimed - listed;
              else for (const [pool] of e.blndPerPool) this.preexisting.add(pool);
            }
            // v1 credits a claim's LP to `to` without checkpointing it (spec/known-defects.ts V1-CLAIM-TO): what that can over-pay
            for (const [pool, behind] of e.recipientBehind ?? []) this.bump(this.claimToExcess, pool, behind + 2n);
          } else {
            this.claimedPool += e.amount;
            this.pl(e.pool).claimedPool += e.amount;
            const b = step?.backstopOf(e.pool);
            if (b !== undefined) this.bl(b).paid += e.amount;
          }
          break;
        default:
          break;
      }
    }
    this.lossCandidates.clear();
    // a queued swap (no event): unlocks 31 days after it was queued; gone once swapped or cancelled
    const fn = step?.action.fn;
    if (
      now !== undefined &&
      (fn === 'emitter.queue_swap_backstop' || fn === 'emitter.swap_backstop' || fn === 'emitter.cancel_swap_backstop')
    ) {
      this.keep(this.prior.swapUnlockAt, '', this.swapUnlockAt);
      this.swapUnlockAt = fn === 'emitter.queue_swap_backstop' ? now + SWAP_UNLOCK_TIME.value : null;
    }
  }

  /**
   * The flooring operations an accepted pool action performed on its reserves' emissions, counted
   * from what it touched (`Before.pool`) and the action: the reserve tokens it updates (a gulp: the
   * configured ids of enabled reserves; a claim: its listed ids, once each; a submit: the one it
   * moves). Each update of a reserve index that accrues floors it (pool/src/emissions/distributor.rs
   * `update_emission_data`: under supply / scalar eps x seconds); a gulp then sets a new EPS (a floor
   * on the carried tokens and one on the eps: manager.rs `update_reserve_emission_eps`), dropping
   * what the running EPS emitted since its last update where the token had no supply (the index
   * does not move then, and the carried tokens count from now); a claim or submit checkpoints the
   * user (`update_user_emissions`: a floor under 1 stroop where the user holds a balance).
   */
  private countReserveFloors(step: GhostStep): void {
    const p = step.before.pool;
    const a = step.action;
    if (p === undefined) return;
    let ids: readonly number[];
    let checkpoint = false;
    switch (a.fn) {
      case 'pool.gulp_emissions':
        ids = p.gulpIds;
        break;
      case 'pool.claim':
        ids = a.reserveTokenIds;
        checkpoint = true;
        break;
      case 'pool.submit':
        ids = [a, ...(a.more ?? [])].map((q) => q.reserveIndex * 2 + (movesBTokens(q.request) ? 1 : 0));
        checkpoint = true;
        break;
      default:
        return;
    }
    const gulp = a.fn === 'pool.gulp_emissions';
    const now = step.before.now;
    const l = this.pl(p.address);
    const seen = new Set<number>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const reserve = Math.floor(id / 2);
      const sup = p.supplies[reserve];
      const scalar = p.scalars[reserve];
      if (gulp) l.reserveEpsSets++;
      const d = p.emis.get(id);
      if (d === undefined || sup === undefined || scalar === undefined) continue;
      const supply = id % 2 === 0 ? sup[1] : sup[0];
      const until = now < d.expiration ? now : d.expiration;
      const accrues = d.eps !== 0n && until > d.lastTime;
      if (accrues && supply !== 0n) {
        l.reserveIndexUpdates++;
        l.reserveIndexFloorEpsSeconds += (supply + scalar - 1n) / scalar;
      }
      if (accrues && supply === 0n && gulp) l.reserveLostEpsSeconds += d.eps * (until - d.lastTime);
      if (checkpoint && (p.balances.get(id) ?? 0n) > 0n) l.reserveCheckpoints++;
    }
  }

  /**
   * The flooring operations an accepted step performed on a backstop's emissions, counted from what
   * it touched (its `Before`): each touched pool with emissions updates its index (a floor losing
   * under its non-queued shares / the accrual scale stroops, counted by its shares), each touched
   * user of such a pool is checkpointed (a floor losing under 1 stroop). A pool with no shares does
   * not update its index (nor its time); should the step set a new EPS for it, what the running EPS
   * emitted since its last update is lost (no one held a share to earn it): a candidate, settled by
   * the step's `backstop_eps` events.
   */
  private countFloors(step: GhostStep): void {
    const b = step.before.backstop;
    // (v2's distribute allocates without touching an index)
    if (b === undefined || step.action.fn === 'backstop.distribute') return;
    const now = step.before.now;
    for (const rec of b.pools.values()) {
      const d = rec.emis;
      if (d === undefined) continue;
      const l = this.pl(rec.pool);
      l.indexUpdates++;
      l.indexShares += rec.pb.shares;
      if (rec.pb.shares === 0n && d.eps > 0n && d.lastTime < d.expiration) {
        const until = now < d.expiration ? now : d.expiration;
        if (until > d.lastTime) this.lossCandidates.set(rec.pool, d.eps * (until - d.lastTime));
      }
    }
    if (b.user !== undefined)
      for (const r of b.user.perPool.values()) if (b.pools.get(r.pool)?.emis !== undefined) this.pl(r.pool).userCheckpoints++;
  }
}
