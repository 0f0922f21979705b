/**
 * An invariant of the emission rules, checked after every step. Each has a stable ID in its family
 * (BLND-<FAMILY>-<NNN>), a one-sentence claim, the spec rule IDs it covers, a precondition that
 * says when a step exercises it, and a check that returns a message naming the violation and the
 * values, or null.
 */
import type { Action, ActionName } from '../model/actions.ts';
import type { Profile } from '../spec/profiles.ts';
import { formatError, type ErrorSpec } from '../spec/errors.ts';
import { knownDefectById } from '../spec/known-defects.ts';
import type { ModelEvent } from '../model/context.ts';
import type { ContractError } from '../model/errors.ts';
import type {
  Address,
  BackstopEmissionData,
  PoolBalance,
  ReserveEmissionData,
  RzEmissions,
  UserBalance,
  UserEmissionData,
  World,
} from '../model/state.ts';

/** What a step touched, captured before it ran (records are immutable, so references suffice). */
export interface Before {
  readonly now: bigint;
  readonly emitterBackstop: Address;
  readonly lastDistro: ReadonlyMap<Address, bigint>;
  readonly dropped: ReadonlySet<Address>;
  readonly queuedSwap: { readonly unlockTime: bigint } | undefined;
  /** The backstop the action addresses (if any) and its touched pools' records. */
  readonly backstop?: {
    readonly address: Address;
    readonly lastDistributionTime: bigint;
    readonly backfillEmissions: bigint;
    readonly backfillStatus: boolean | undefined;
    readonly rewardZone: readonly Address[];
    readonly blnd: bigint;
    /** Per touched pool (each record names its pool, so that loops read `values()`, which allocates no entry). */
    readonly pools: ReadonlyMap<
      Address,
      { readonly pool: Address; readonly pb: PoolBalance; readonly rz: RzEmissions; readonly emis: BackstopEmissionData | undefined }
    >;
    /** The acting user's records per touched pool. */
    readonly user?: {
      readonly address: Address;
      readonly perPool: ReadonlyMap<
        Address,
        { readonly pool: Address; readonly ub: UserBalance; readonly ue: UserEmissionData | undefined }
      >;
    };
    /** A backstop claim's `to`, where it is not `from`: its records per listed pool (v1 credits it the LP). */
    readonly recipient?: {
      readonly address: Address;
      readonly perPool: ReadonlyMap<
        Address,
        { readonly pool: Address; readonly ub: UserBalance; readonly ue: UserEmissionData | undefined }
      >;
    };
  };
  /** The pool the action addresses: reserve emission data and the acting user's emission data. */
  readonly pool?: {
    readonly address: Address;
    readonly emis: ReadonlyMap<number, ReserveEmissionData>;
    readonly userEmis: ReadonlyMap<number, UserEmissionData> | undefined;
    readonly supplies: readonly (readonly [bigint, bigint])[];
    /** Per reserve, 10^decimals of its asset (the reserve's `scalar`). */
    readonly scalars: readonly bigint[];
    /** The res_token_ids a pool gulp sets an EPS for: configured (`PoolEmis`) on an enabled reserve, in the contract's order. */
    readonly gulpIds: readonly number[];
    readonly balances: ReadonlyMap<number, bigint>;
  };
}

export type StepOutcome =
  | { readonly ok: true; readonly result: bigint | null; readonly events: readonly ModelEvent[] }
  | { readonly ok: false; readonly error: Pick<ContractError, 'contract' | 'code' | 'errorName'> };

/**
 * What the properties read of the harness's ghost totals (src/harness/ghost.ts `Ghost`
 * implements it): what the harness counts across a run, independently of the model's state.
 * Amounts in stroops, times in seconds.
 */
export interface GhostView {
  /** Ledger time the run started at (seconds). */
  readonly start: bigint;
  /** Stroops the emitter minted by `distribute` (not drops), all backstops. */
  readonly minted: bigint;
  /** Stroops each backstop received from the emitter (distribute and drops). */
  readonly receivedByBackstop: ReadonlyMap<Address, bigint>;
  /** Drops by backstop: count and total stroops. */
  readonly drops: ReadonlyMap<Address, { readonly count: number; readonly total: bigint }>;
  /** Σ of each backstop's distribute() returns (stroops) and the rounding dust each allows. */
  readonly distributed: ReadonlyMap<Address, bigint>;
  readonly distributeDustBound: ReadonlyMap<Address, bigint>;
  /** Stroops a pool's allocation yielded at gulp: accrued taken, to depositors and to the pool. */
  readonly gulped: ReadonlyMap<Address, { readonly accrued: bigint; readonly backstop: bigint; readonly pool: bigint }>;
  /** Stroops of BLND backstop depositors claimed, by pool. */
  readonly claimedByPool: ReadonlyMap<Address, bigint>;
  /** Pools whose depositors' emissions the ghost cannot account for (emissions from before the run). */
  readonly preexisting: ReadonlySet<Address>;
  /** Pools whose reserve emissions the ghost cannot account for (reserve emission data or user accruals from before the run). */
  readonly preexistingReserves: ReadonlySet<Address>;
  /** Per pool, the stroops v1 claims credited to another `to` may over-pay its depositors (spec/known-defects.ts V1-CLAIM-TO). */
  readonly claimToExcess?: ReadonlyMap<Address, bigint>;
  /** What `backstop` received, distributed and paid (src/harness/ghost.ts `BackstopLedger`; zeros where nothing was recorded). */
  backstopLedger(backstop: Address): BackstopLedgerView;
  /** The accounting of what was allocated to `pool` (src/harness/ghost.ts `PoolLedger`). */
  poolLedger(pool: Address): PoolLedgerView;
  /*
   * The ghost's own record of times and counts, as they were before the step (`recorded`: the step
   * was accepted, so the ghost recorded it already): properties decide whether they apply from these,
   * never from the implementation's stored times.
   */
  /** When `pool` last gulped an allocation (its own v2 gulp; seconds), undefined if not in this run. */
  gulpAtBefore(pool: Address, recorded: boolean): bigint | undefined;
  /** Stroops distributions allocated to `pool` since its last gulp. */
  pendingBefore(pool: Address, recorded: boolean): bigint;
  /** When `backstop` last distributed (seconds), undefined if not in this run. */
  distributedAtBefore(backstop: Address, recorded: boolean): bigint | undefined;
  /** When the emitter last paid `backstop` (a distribution, or the swap that made it current; seconds), undefined if not in this run. */
  emitterAtBefore(backstop: Address, recorded: boolean): bigint | undefined;
  /** The emitter time `backstop`'s last distribution consumed (its `LastDist`), undefined if not in this run. */
  consumedAtBefore(backstop: Address, recorded: boolean): bigint | undefined;
  /** When the backstop swap queued in this run unlocks (seconds); null once swapped or cancelled; undefined before any of these in this run. */
  swapUnlockAtBefore(recorded: boolean): bigint | null | undefined;
  /** Stroops `backstop` backfilled, and whether it was seen backfilling (and not swapped to since). */
  backfilledBefore(backstop: Address, recorded: boolean): bigint;
  backfillingBefore(backstop: Address, recorded: boolean): boolean;
  /**
   * `user`'s withdrawal queue in `pool` of `backstop` as the ghost saw it built (oldest first, each
   * entry's shares and queue time); undefined where no queue action of theirs was accepted in this run.
   */
  q4wBefore(backstop: Address, pool: Address, user: Address, recorded: boolean): readonly QueuedEntry[] | undefined;
}

/** A withdrawal-queue entry in the ghost's record: its shares, and when it was queued (seconds; undefined for an entry from before the run). */
export interface QueuedEntry {
  readonly amount: bigint;
  readonly queuedAt: bigint | undefined;
}

/** A backstop's ghost ledger (stroops): received from the emitter and by drops, distributed (backfill included), remainders, paid. */
export interface BackstopLedgerView {
  readonly fromEmitter: bigint;
  readonly dropped: bigint;
  readonly distributed: bigint;
  readonly backfilled: bigint;
  readonly distributionRemainder: bigint;
  readonly paid: bigint;
}

/**
 * A pool's ghost ledger: stroops allocated to it, its gulps' split remainders, claims by its
 * backstop depositors and its users; eps x seconds forfeited (all shares queued) and lost (a new
 * EPS while it had no shares); counts of flooring operations (EPS sets, index updates with Σ the
 * shares at each, user checkpoints).
 */
export interface PoolLedgerView {
  readonly allocated: bigint;
  readonly splitRemainder: bigint;
  readonly claimedBackstop: bigint;
  readonly claimedPool: bigint;
  readonly forfeitedEpsSeconds: bigint;
  readonly lostNoSharesEpsSeconds: bigint;
  readonly epsSets: number;
  readonly indexUpdates: number;
  readonly indexShares: bigint;
  readonly userCheckpoints: number;
  /** The pool side (src/harness/ghost.ts `PoolLedger`): stroops its gulps took, and their part no reserve took. */
  readonly reached: bigint;
  readonly gulpUnallocated: bigint;
  /** The most the gulps' reserve-share floors can leave unallocated (all of a gulp that set no reserve token). */
  readonly gulpUnallocatedBound: bigint;
  /** eps x seconds (SCALAR_7-scaled stroops) new reserve EPSs dropped while their token had no supply. */
  readonly reserveLostEpsSeconds: bigint;
  /** Reserve flooring operations: EPS sets, index updates (Σ ceil(supply / scalar) over them, eps x seconds), user checkpoints. */
  readonly reserveEpsSets: number;
  readonly reserveIndexUpdates: number;
  readonly reserveIndexFloorEpsSeconds: bigint;
  readonly reserveCheckpoints: number;
}

export interface Step {
  readonly index: number;
  /** The run's profile: the rules the properties hold the implementation to. */
  readonly profile: Profile;
  readonly action: Action;
  readonly before: Before;
  readonly outcome: StepOutcome;
  readonly world: World;
  readonly ghost: GhostView;
}

export interface Property {
  readonly id: string;
  readonly claim: string;
  /** spec rule IDs (spec/rules.ts) this property covers. */
  readonly rules: readonly string[];
  /** The profiles whose rules include this property (all when absent); elsewhere it is "not applicable". */
  readonly profiles?: (p: Profile) => boolean;
  /**
   * The actions whose steps can reach the precondition, where `applies` requires one of them; the
   * harness then asks `applies` only on those steps (absent: on every step).
   * test/properties/fns.test.ts holds each list to its `applies`.
   */
  readonly fns?: readonly ActionName[];
  /** True when this step reaches the property's precondition (it is then checked and counted). */
  applies(step: Step): boolean;
  /** A message naming the violation and its values, or null. */
  check(step: Step): string | null;
  /**
   * Known defects of a deployed version (spec/known-defects.ts IDs) this property recognises: where
   * a violation is exactly that defect's condition, `check` returns `knownDefect(id, message)`, and
   * under the defect's profiles the step counts as that known defect instead of a failure.
   */
  readonly knownDefects?: readonly string[];
}

const KNOWN_DEFECT = 'known defect ';

/** A violation that is exactly known defect `id`'s condition (spec/known-defects.ts): `known defect <id>: <message>`. */
export function knownDefect(id: string, message: string): string {
  return `${KNOWN_DEFECT}${id}: ${message}`;
}

/**
 * The known defect a property's message reports, where `p` declares it and `profile` is one of the
 * defect's (spec/known-defects.ts); undefined otherwise (then the message is a failure).
 */
export function knownDefectOf(
  p: Property,
  profile: Profile,
  message: string,
): { readonly id: string; readonly message: string } | undefined {
  if (!message.startsWith(KNOWN_DEFECT) || p.knownDefects === undefined) return undefined;
  const colon = message.indexOf(': ', KNOWN_DEFECT.length);
  if (colon < 0) return undefined;
  const id = message.slice(KNOWN_DEFECT.length, colon);
  if (!p.knownDefects.includes(id) || !(knownDefectById(id)?.profiles.includes(profile.name) ?? false)) return undefined;
  return { id, message: message.slice(colon + 2) };
}

export class PropertyViolation extends Error {
  constructor(
    readonly propertyId: string,
    readonly detail: string,
    readonly stepIndex: number,
  ) {
    super(`${propertyId} violated at step ${stepIndex}: ${detail}`);
    this.name = 'PropertyViolation';
  }
}

/** `expected X, got Y` helper for messages. */
export const eg = (expected: unknown, got: unknown): string => `expected ${String(expected)}, got ${String(got)}`;

/**
 * A message part a check builds only when it fails: a string, or a function that builds it (so that a
 * passing step formats no bigint, joins no array and concatenates no string; issue 18 point 2).
 */
export type Detail = string | (() => string);

/** The text of `d`: `d` itself, or what it builds. */
export const detail = (d: Detail): string => (typeof d === 'string' ? d : d());

/**
 * For a call the rules forbid: null when it was rejected with `expected`, else a message naming
 * `what` (built only then) and the outcome, e.g. `second drop was accepted, expected Emitter#1101 BadDrop`.
 */
export function expectRejection(s: Step, expected: ErrorSpec, what: Detail): string | null {
  const o = s.outcome;
  if (!o.ok && o.error.contract === expected.contract && o.error.code === expected.code) return null;
  const got = o.ok ? `accepted (${o.result})` : `rejected with ${o.error.contract}#${o.error.code} ${o.error.errorName}`;
  return `${detail(what)} was ${got}, expected ${formatError(expected)}`;
}
