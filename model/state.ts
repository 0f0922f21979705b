/**
 * The model's state: the contracts' storage, one record type per storage entry, with the scale of
 * every field. Records are immutable: a change replaces the record through a `Tx`, so a rejected
 * call can be rolled back as the Soroban host reverts a failed transaction.
 *
 * Units: amounts in stroops (1e-7 BLND, or 1e-7 LP token / share), times in seconds (u64).
 */
import { LEDGER_SEQUENCE_START, POOL_STATUS_ADMIN_ACTIVE } from '../spec/constants.ts';
import type { Profile } from '../spec/profiles.ts';
import type { Address } from '../spec/actions.ts';

export type { Address } from '../spec/actions.ts';

/** backstop/src/backstop/pool.rs `PoolBalance`: shares and tokens of a pool's backstop; q4w in shares. */
export interface PoolBalance {
  readonly shares: bigint;
  readonly tokens: bigint;
  readonly q4w: bigint;
}

/** backstop/src/backstop/user.rs `Q4W`: shares queued, unlocking at `exp` (seconds). */
export interface Q4W {
  readonly amount: bigint;
  readonly exp: bigint;
}

/** backstop/src/backstop/user.rs `UserBalance`: `shares` excludes queued shares. */
export interface UserBalance {
  readonly shares: bigint;
  readonly q4w: readonly Q4W[];
}

/**
 * backstop/src/storage.rs `BackstopEmissionData` (v2; v1 splits it into `BackstopEmissionConfig`
 * {eps, expiration} and `BackstopEmissionsData` {index, last_time}).
 * eps: stroops per second times the profile's epsScale (14 decimals in v2, 7 in v1);
 * index: eps-scaled stroops per share stroop, times SCALAR_7.
 */
export interface BackstopEmissionData {
  readonly eps: bigint;
  readonly expiration: bigint;
  readonly index: bigint;
  readonly lastTime: bigint;
}

/** `UserEmissionData` of the backstop and of the pool: index as the emission data's, accrued in stroops. */
export interface UserEmissionData {
  readonly index: bigint;
  readonly accrued: bigint;
}

/** backstop/src/storage.rs `RzEmissions` (v2): BLND allocated by distribute, not yet gulped. In v1 `PoolEmis`. */
export interface RzEmissions {
  readonly accrued: bigint;
  readonly lastTime: bigint;
}

export interface BackstopState {
  readonly address: Address;
  /** The backstop's `LastDist`: the emitter distribution time consumed by the last distribution (seconds). */
  lastDistributionTime: bigint;
  /** v2 `BackfillStatus`: undefined before the first distribute; true while backfilling; false once the emitter knows this backstop. */
  backfillStatus: boolean | undefined;
  /** v2 `BackfillEmis`: stroops of backfilled emissions so far (at most MAX_BACKFILLED_EMISSIONS). */
  backfillEmissions: bigint;
  rewardZone: readonly Address[];
  readonly poolBalances: Map<Address, PoolBalance>;
  /** pool -> user -> balance */
  readonly userBalances: Map<Address, Map<Address, UserBalance>>;
  readonly rzEmis: Map<Address, RzEmissions>;
  readonly emisData: Map<Address, BackstopEmissionData>;
  /** pool -> user -> emission data */
  readonly userEmisData: Map<Address, Map<Address, UserEmissionData>>;
  /**
   * The drop list given at deployment: (recipient, stroops). Undefined where the contract holds
   * none: a v1 backstop keeps it in temporary storage, which expires (the mainnet snapshot's has),
   * and its `drop()` then panics reading it.
   */
  dropList: readonly (readonly [Address, bigint])[] | undefined;
  /** BLND held by the backstop (stroops). */
  blnd: bigint;
  /** Backstop (LP) tokens held by the backstop contract (stroops). */
  lpTokens: bigint;
  /** BLND allowance the backstop granted each pool (stroops). */
  readonly allowances: Map<Address, bigint>;
  /** v1 `LPTknVal`: the LP token value the threshold reads (v2 has none: it reads the Comet). */
  lpTokenVal: LpTokenValue | undefined;
  /**
   * The profile of this backstop's contract where it is not the world's: a v2 backstop deployed
   * next to the v1 contracts of a snapshot (the v1 to v2 migration, src/snapshot/migration.ts).
   * Its calls, and its pools' calls, follow this profile; the emitter is the same in both.
   */
  profile?: Profile;
}

/** emitter/src/backstop_manager.rs `Swap`. */
export interface Swap {
  readonly newBackstop: Address;
  readonly newBackstopToken: Address;
  readonly unlockTime: bigint;
}

export interface EmitterState {
  backstop: Address;
  backstopToken: Address;
  /** `LastDistro(backstop)`: seconds; absent for a backstop the emitter does not know. */
  readonly lastDistro: Map<Address, bigint>;
  /** `Dropped(backstop)`. */
  readonly dropped: Set<Address>;
  queuedSwap: Swap | undefined;
}

/** pool/src/storage.rs `ReserveEmissionData`: eps 14 decimals, index 14-decimal stroops per whole b/d token. */
export interface ReserveEmissionData {
  readonly expiration: bigint;
  readonly eps: bigint;
  readonly index: bigint;
  readonly lastTime: bigint;
}

/**
 * pool/src/storage.rs `ReserveConfig`, the parts the model reads: collateral and liability
 * factors, target and maximum utilisation, the interest curve (r_base .. r_three) and the rate
 * modifier's reactivity, all 7-decimal fixed point; the supply cap in the reserve's units.
 */
export interface ReserveConfig {
  readonly cFactor: bigint;
  readonly lFactor: bigint;
  readonly util: bigint;
  readonly maxUtil: bigint;
  readonly rBase: bigint;
  readonly rOne: bigint;
  readonly rTwo: bigint;
  readonly rThree: bigint;
  readonly reactivity: bigint;
  readonly supplyCap: bigint;
}

export interface ReserveState {
  readonly asset: Address;
  /** 10^decimals of the reserve asset. */
  readonly scalar: bigint;
  readonly enabled: boolean;
  readonly config: ReserveConfig;
  /** b-token supply and d-token supply (reserve units). */
  bSupply: bigint;
  dSupply: bigint;
  /**
   * pool/src/storage.rs `ReserveData`, as last stored (a pool request accrues and stores the reserve
   * it names): b_rate and d_rate (12 decimals: underlying per b / d token), ir_mod (7 decimals),
   * backstop_credit (reserve units), last_time (seconds).
   */
  bRate: bigint;
  dRate: bigint;
  irMod: bigint;
  backstopCredit: bigint;
  lastTime: bigint;
}

export interface Positions {
  /** reserve index -> b tokens posted as collateral (request types 2 and 3: `SupplyCollateral`, `WithdrawCollateral`). */
  readonly collateral: ReadonlyMap<number, bigint>;
  /**
   * reserve index -> b tokens supplied without collateral (request types 0 and 1: `Supply`,
   * `Withdraw`): they earn the b token's emissions with the collateral (pool/src/pool/user.rs
   * `get_total_supply`) but back no liability.
   */
  readonly supply: ReadonlyMap<number, bigint>;
  /** reserve index -> d tokens. */
  readonly liabilities: ReadonlyMap<number, bigint>;
}

export interface PoolState {
  readonly address: Address;
  readonly backstop: Address;
  /** `PoolConfig.bstop_rate`: the backstop's take of accrued interest (7 decimals). */
  readonly bstopRate: bigint;
  readonly reserves: ReserveState[];
  /** `PoolEmis`: res_token_id (reserve_index*2 + 0 debt / 1 supply) -> share (relative weight, 7 decimals). */
  emissionConfig: ReadonlyMap<number, bigint>;
  readonly emisData: Map<number, ReserveEmissionData>;
  /** user -> res_token_id -> emission data */
  readonly userEmis: Map<Address, Map<number, UserEmissionData>>;
  readonly positions: Map<Address, Positions>;
  /**
   * The pool's stored auctions (`AuctionKey { user, auct_type }` -> `AuctionData`), keyed
   * `auctionKey(auctionType, user)`; the model creates and fills interest auctions only
   * (model/pool/auction.ts).
   */
  readonly auctions: Map<string, AuctionData>;
  /** `PoolConfig.status` (spec/constants.ts POOL_STATUS_*): 0 admin active, as the generated pools leave setup; set by `update_status`. */
  status: number;
}

/**
 * comet-contracts-v1 c_pool/storage_types.rs `Record` (without its index): one token of the Comet
 * LP. balance: stroops the pool holds; weight: 7-decimal share of the pool (0_8000000 is 80%);
 * scalar: 10^(18 - the token's decimals), 1e11 for BLND and USDC.
 */
export interface CometRecord {
  readonly balance: bigint;
  readonly weight: bigint;
  readonly scalar: bigint;
}

/**
 * The Comet BLND:USDC LP (the backstop token): its records (`AllRecordData`), LP supply
 * (`TotalShares`, stroops) and swap fee (`SwapFee`, 7 decimals). A backstop claim deposits into it
 * (model/comet.ts); the v2 backstop values LP tokens from its balances.
 */
export interface CometState {
  blnd: CometRecord;
  usdc: CometRecord;
  supply: bigint;
  swapFee: bigint;
}

/** v1 backstop `LPTknVal`: stroops of BLND and USDC per LP token, as `update_tkn_val` last stored them. */
export interface LpTokenValue {
  readonly blndPerLp: bigint;
  readonly usdcPerLp: bigint;
}

/**
 * One asset's answer of the world's SEP-40 oracle (`lastprice`): its price (7 decimals) and its
 * timestamp (seconds); without `timestamp`, the ledger time of each read (a live feed).
 */
export interface OraclePrice {
  readonly price: bigint;
  readonly timestamp?: bigint;
}

/**
 * `AuctionData`: the bid (what the filler pays: d tokens for a liquidation or bad-debt auction,
 * backstop LP tokens in stroops for an interest auction), the lot (what the filler receives:
 * b tokens, backstop LP tokens, or a reserve's underlying in its own units for an interest
 * auction), each keyed by asset address, and the block (ledger sequence) the auction begins on.
 * An asset with amount 0 is never stored (the contract's maps hold positive amounts only).
 */
export interface AuctionData {
  readonly bid: ReadonlyMap<Address, bigint>;
  readonly lot: ReadonlyMap<Address, bigint>;
  readonly block: bigint;
}

/** The key of an auction in `PoolState.auctions`: its type and user. */
export const auctionKey = (auctionType: number, user: Address): string => `${auctionType}:${user}`;

/** The world's ledger sequence (blocks). */
export const sequenceOf = (w: World): bigint => w.sequence ?? LEDGER_SEQUENCE_START.value;

export interface World {
  readonly profile: Profile;
  /** Ledger timestamp (seconds). */
  now: bigint;
  /**
   * The pools' oracle (one for the world): asset -> its price as `set_oracle_price` left it. An
   * asset absent is priced ORACLE_PRICE (1.0) stamped with the ledger time of each read.
   */
  readonly oracle: Map<Address, OraclePrice>;
  /**
   * Ledger sequence (blocks), moved only by `advance_blocks`; absent: LEDGER_SEQUENCE_START (the
   * driver's world starts there). Only the auctions read it.
   */
  sequence?: bigint;
  readonly emitter: EmitterState;
  readonly backstops: Map<Address, BackstopState>;
  readonly pools: Map<Address, PoolState>;
  readonly comet: CometState;
  /** Pools the pool factory deployed (`is_pool`). */
  readonly factoryPools: Set<Address>;
  /** BLND wallets (stroops): pool claims and drops land here. */
  readonly blnd: Map<Address, bigint>;
  /** LP token wallets of users (stroops). */
  readonly lp: Map<Address, bigint>;
  /** The actors commands pick from (seed % users.length). */
  readonly users: Address[];
  /** The pools commands mostly act on (the generated `P<i>`); all pools when absent. */
  readonly focus?: Address[];
  /** Human-readable names for addresses in reports (e.g. `CAO3…` -> `backstop_v1`). */
  readonly names: Map<Address, string>;
  /**
   * The generated world's whale (spec/genesis.json whale_lp), only with the world option `whale`
   * (spec/worlds.ts): an LP holder of 2^64 stroops and more, not one of `users`; the backstop
   * commands pick it with a small weight. Absent otherwise, and from a snapshot's world.
   */
  readonly whale?: Address;
}

export const ZERO_POOL_BALANCE: PoolBalance = Object.freeze({ shares: 0n, tokens: 0n, q4w: 0n });
export const ZERO_USER_BALANCE: UserBalance = Object.freeze({ shares: 0n, q4w: Object.freeze([]) as readonly Q4W[] });
export const ZERO_RZ_EMISSIONS: RzEmissions = Object.freeze({ accrued: 0n, lastTime: 0n });

export function newBackstop(address: Address, dropList: readonly (readonly [Address, bigint])[] | undefined = []): BackstopState {
  return {
    address,
    lastDistributionTime: 0n,
    backfillStatus: undefined,
    backfillEmissions: 0n,
    rewardZone: [],
    poolBalances: new Map(),
    userBalances: new Map(),
    rzEmis: new Map(),
    emisData: new Map(),
    userEmisData: new Map(),
    dropList,
    blnd: 0n,
    lpTokens: 0n,
    allowances: new Map(),
    lpTokenVal: undefined,
  };
}

export function newPool(address: Address, backstop: Address, reserves: ReserveState[], bstopRate = 0n): PoolState {
  return {
    address,
    backstop,
    bstopRate,
    reserves,
    emissionConfig: new Map(),
    emisData: new Map(),
    userEmis: new Map(),
    positions: new Map(),
    auctions: new Map(),
    status: Number(POOL_STATUS_ADMIN_ACTIVE.value),
  };
}

export const poolBalanceOf = (bs: BackstopState, pool: Address): PoolBalance => bs.poolBalances.get(pool) ?? ZERO_POOL_BALANCE;
export const userBalanceOf = (bs: BackstopState, pool: Address, user: Address): UserBalance =>
  bs.userBalances.get(pool)?.get(user) ?? ZERO_USER_BALANCE;
export const rzEmisOf = (bs: BackstopState, pool: Address): RzEmissions => bs.rzEmis.get(pool) ?? ZERO_RZ_EMISSIONS;
export const userEmisOf = (bs: BackstopState, pool: Address, user: Address): UserEmissionData | undefined =>
  bs.userEmisData.get(pool)?.get(user);
