/**
 * Ghost totals: what the harness itself counts across a run, independently of the model's state,
 * so that properties can compare the two (Foundry-handler style).
 */
import type { ModelEvent } from '../../model/context.ts';
import type { Address } from '../../model/state.ts';
import type { GhostView } from '../../properties/types.ts';

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
  /**
   * Per pool, the most BLND stroops v1 claims credited to a `to` other than `from` can over-pay its
   * depositors (spec/known-defects.ts V1-CLAIM-TO): each such claim's `recipientBehind` (the new
   * shares' accrual from the recipient's stale index) plus 2 stroops of floor rounding.
   */
  readonly claimToExcess = new Map<Address, bigint>();
  claimedPool = 0n;

  constructor(start: bigint) {
    this.start = start;
  }

  private bump(m: Map<Address, bigint>, k: Address, v: bigint): void {
    m.set(k, (m.get(k) ?? 0n) + v);
  }

  /** Fold one accepted call's events into the totals. */
  record(events: readonly ModelEvent[], rzLengthOf: (backstop: Address) => number): void {
    for (const e of events) {
      switch (e.topic) {
        case 'distribute':
          if (e.contract === 'emitter') {
            this.minted += e.amount;
            this.bump(this.receivedByBackstop, e.backstop, e.amount);
          } else if (e.amount > 0n) {
            this.bump(this.distributed, e.backstop, e.amount);
            // per pool, floor(share) loses < amount / SCALAR_7 + 1 stroops, floor(amount) one more
            const n = BigInt(rzLengthOf(e.backstop));
            this.bump(this.distributeDustBound, e.backstop, n * (e.amount / 10_000_000n + 2n));
          }
          break;
        case 'drop': {
          const d = this.drops.get(e.backstop) ?? { count: 0, total: 0n };
          this.drops.set(e.backstop, { count: d.count + 1, total: d.total + e.total });
          for (const [to, amt] of e.list) if (to === e.backstop) this.bump(this.receivedByBackstop, to, amt);
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
          }
          break;
        case 'claim':
          if (e.contract === 'backstop') {
            this.claimedBackstop += e.claimed;
            for (const [pool, amt] of e.blndPerPool) this.bump(this.claimedByPool, pool, amt);
            for (const [pool, behind] of e.recipientBehind ?? []) this.bump(this.claimToExcess, pool, behind + 2n);
          } else this.claimedPool += e.amount;
          break;
        default:
          break;
      }
    }
  }
}
