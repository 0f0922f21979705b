/**
 * The contracts' error codes, as the Soroban host reports them: `Error(Contract, #code)`.
 *
 * Sources: backstop/src/errors.rs and pool/src/errors.rs of blend-contracts-v2, emitter/src/errors.rs
 * and backstop/src/errors.rs of blend-contracts (v1). The backstop's codes are the same in v1 and v2
 * for every variant v1 has; v2 adds NotInRewardZone, RewardZoneFull, MaxBackfillEmissions,
 * BadDebtExists.
 */

export type ContractName = 'Backstop' | 'Emitter' | 'Pool' | 'Comet' | 'Token' | 'WasmVm';

export interface ErrorSpec {
  readonly contract: ContractName;
  readonly code: number;
  readonly name: string;
}

const e = (contract: ContractName, code: number, name: string): ErrorSpec => ({ contract, code, name });

/** backstop/src/errors.rs `BackstopError` (v2; v1 shares the codes below 1008). */
export const BackstopError = {
  InternalError: e('Backstop', 1, 'InternalError'),
  AlreadyInitializedError: e('Backstop', 3, 'AlreadyInitializedError'),
  UnauthorizedError: e('Backstop', 4, 'UnauthorizedError'),
  NegativeAmountError: e('Backstop', 8, 'NegativeAmountError'),
  BalanceError: e('Backstop', 10, 'BalanceError'),
  OverflowError: e('Backstop', 12, 'OverflowError'),
  BadRequest: e('Backstop', 1000, 'BadRequest'),
  NotExpired: e('Backstop', 1001, 'NotExpired'),
  InvalidRewardZoneEntry: e('Backstop', 1002, 'InvalidRewardZoneEntry'),
  InsufficientFunds: e('Backstop', 1003, 'InsufficientFunds'),
  NotPool: e('Backstop', 1004, 'NotPool'),
  InvalidShareMintAmount: e('Backstop', 1005, 'InvalidShareMintAmount'),
  InvalidTokenWithdrawAmount: e('Backstop', 1006, 'InvalidTokenWithdrawAmount'),
  TooManyQ4WEntries: e('Backstop', 1007, 'TooManyQ4WEntries'),
  NotInRewardZone: e('Backstop', 1008, 'NotInRewardZone'),
  RewardZoneFull: e('Backstop', 1009, 'RewardZoneFull'),
  MaxBackfillEmissions: e('Backstop', 1010, 'MaxBackfillEmissions'),
  BadDebtExists: e('Backstop', 1011, 'BadDebtExists'),
} as const;

/** emitter/src/errors.rs `EmitterError` (blend-contracts). */
export const EmitterError = {
  InternalError: e('Emitter', 1, 'InternalError'),
  AlreadyInitializedError: e('Emitter', 3, 'AlreadyInitializedError'),
  UnauthorizedError: e('Emitter', 4, 'UnauthorizedError'),
  InsufficientBackstopSize: e('Emitter', 1100, 'InsufficientBackstopSize'),
  BadDrop: e('Emitter', 1101, 'BadDrop'),
  SwapNotQueued: e('Emitter', 1102, 'SwapNotQueued'),
  SwapAlreadyExists: e('Emitter', 1103, 'SwapAlreadyExists'),
  SwapNotUnlocked: e('Emitter', 1104, 'SwapNotUnlocked'),
  SwapCannotBeCanceled: e('Emitter', 1105, 'SwapCannotBeCanceled'),
} as const;

/** pool/src/errors.rs `PoolError` (v2): the codes an emission action or a pool request can raise. */
export const PoolError = {
  InternalError: e('Pool', 1, 'InternalError'),
  NegativeAmountError: e('Pool', 8, 'NegativeAmountError'),
  BalanceError: e('Pool', 10, 'BalanceError'),
  BadRequest: e('Pool', 1200, 'BadRequest'),
  InvalidPoolConfigArgs: e('Pool', 1201, 'InvalidPoolConfigArgs'),
  InvalidReserveMetadata: e('Pool', 1202, 'InvalidReserveMetadata'),
  StatusNotAllowed: e('Pool', 1204, 'StatusNotAllowed'),
  InvalidHf: e('Pool', 1205, 'InvalidHf'),
  InvalidPoolStatus: e('Pool', 1206, 'InvalidPoolStatus'),
  InvalidUtilRate: e('Pool', 1207, 'InvalidUtilRate'),
  MaxPositionsExceeded: e('Pool', 1208, 'MaxPositionsExceeded'),
  /** `load_price`: the oracle's price is older than 24 h (spec/constants.ts ORACLE_MAX_PRICE_AGE) or not positive. */
  InvalidPrice: e('Pool', 1210, 'InvalidPrice'),
  InvalidBTokenMintAmount: e('Pool', 1216, 'InvalidBTokenMintAmount'),
  InvalidBTokenBurnAmount: e('Pool', 1217, 'InvalidBTokenBurnAmount'),
  InvalidDTokenMintAmount: e('Pool', 1218, 'InvalidDTokenMintAmount'),
  InvalidDTokenBurnAmount: e('Pool', 1219, 'InvalidDTokenBurnAmount'),
  ExceededSupplyCap: e('Pool', 1220, 'ExceededSupplyCap'),
  /** A fill by the auctioned user itself (pool/src/auctions/auction.rs `fill`). */
  InvalidLiquidation: e('Pool', 1211, 'InvalidLiquidation'),
  /** new_auction of a type and user that already has an auction (`create_interest_auction_data`). */
  AuctionInProgress: e('Pool', 1212, 'AuctionInProgress'),
  /** An interest auction whose lot is worth under 200 base units (spec/constants.ts INTEREST_AUCTION_MIN_VALUE). */
  InterestTooSmall: e('Pool', 1215, 'InterestTooSmall'),
  /** An interest auction's bid other than exactly the backstop token. */
  InvalidBid: e('Pool', 1221, 'InvalidBid'),
  /** An interest auction's lot with no reserve of positive backstop credit. */
  InvalidLot: e('Pool', 1222, 'InvalidLot'),
  /** A supply (either kind) or a borrow of a disabled reserve (pool/src/pool/reserve.rs `require_action_allowed`). */
  ReserveDisabled: e('Pool', 1223, 'ReserveDisabled'),
  /** validate_submit's `collateral_base < min_collateral`; never raised by the model (spec/constants.ts POOL_MIN_COLLATERAL: never decisive at the generated pools' 2 base units). */
  MinCollateralNotMet: e('Pool', 1224, 'MinCollateralNotMet'),
} as const;

/**
 * The Comet LP's errors (comet-contracts-v1 contracts/src/c_pool/error.rs `Error`) a single-sided
 * deposit (`dep_tokn_amt_in_get_lp_tokns_out`) can raise; ErrLimitOut (20) when fewer LP tokens
 * than `min_lp_tokens_out` would be minted.
 */
export const CometError = {
  /** A negative `min_pool_amount_out`. */
  ErrNegative: e('Comet', 2, 'ErrNegative'),
  /** A single-sided deposit of more than a third of the token's balance (MAX_IN_RATIO). */
  ErrMaxInRatio: e('Comet', 17, 'ErrMaxInRatio'),
  /** A downscaled result outside i128. */
  ErrMathApprox: e('Comet', 18, 'ErrMathApprox'),
  ErrLimitOut: e('Comet', 20, 'ErrLimitOut'),
  /** `sub_no_negative` of a larger from a smaller I256. */
  ErrSubUnderflow: e('Comet', 31, 'ErrSubUnderflow'),
  ErrCPowBaseTooLow: e('Comet', 34, 'ErrCPowBaseTooLow'),
  ErrCPowBaseTooHigh: e('Comet', 35, 'ErrCPowBaseTooHigh'),
  /** A deposit of 0 or less. */
  ErrNegativeOrZero: e('Comet', 37, 'ErrNegativeOrZero'),
  /** comet-contracts `Error::ErrInsufficientBalance`: an LP transfer over the holder's balance. */
  ErrInsufficientBalance: e('Comet', 29, 'ErrInsufficientBalance'),
} as const;

/** The BLND Stellar Asset Contract's errors (soroban-env-host `ContractError`). */
export const TokenError = {
  /** A transfer or transfer_from over the holder's balance. */
  BalanceError: e('Token', 10, 'BalanceError'),
  /** A transfer_from over the spender's allowance. */
  AllowanceError: e('Token', 9, 'AllowanceError'),
  /** A mint (or transfer) of a negative amount (`check_nonnegative_amount`): an emitter drop list's negative entry. */
  NegativeAmountError: e('Token', 8, 'NegativeAmountError'),
  /** A mint that would take the recipient's balance past i128 (`receive_balance`'s checked add). */
  OverflowError: e('Token', 12, 'OverflowError'),
} as const;

/**
 * A Rust panic inside a contract (an i128 overflow under `overflow-checks = true`, an
 * `unwrap_optimized` of `None`, a failed u64 cast) surfaces as `Error(WasmVm, InvalidAction)`:
 * ScErrorType::WasmVm with ScErrorCode::InvalidAction (6).
 */
export const HostError = {
  Panic: e('WasmVm', 6, 'InvalidAction'),
  /**
   * A `require_auth` the host refuses, `Error(Auth, InvalidAction)`: the protocol has no `Auth`
   * contract, so it travels as WasmVm#6, as a panic does (adapters/soroban/src/errors.rs).
   */
  AuthFailure: e('WasmVm', 6, 'InvalidAction'),
  /** A read of, or a TTL extension on, a storage entry that does not exist: `Error(Storage, MissingValue)` over the protocol. */
  MissingValue: e('WasmVm', 3, 'MissingValue'),
  /**
   * A second `require_auth` of the same address in one contract call, `Error(Auth, ExistingValue)`
   * ("frame is already authorized"): the host's auth, as the Soroban driver runs it (mock auth),
   * refuses it before the contract's own checks; it travels as WasmVm#4.
   */
  FrameAlreadyAuthorized: e('WasmVm', 4, 'ExistingValue'),
  /**
   * A top-level call past the Soroban driver's CPU limit, `Error(Budget, ExceededLimit)`
   * (adapters/soroban/src/world.rs `CALL_CPU_INSNS_LIMIT`, 10^9 instructions, ten times the network's
   * per-transaction limit): no call of the contracts the model follows comes near it; an endless
   * loop (a mutant, a user's build) fails with it. The model never answers it.
   */
  ExceededLimit: e('WasmVm', 5, 'ExceededLimit'),
} as const;

export const ALL_ERRORS: readonly ErrorSpec[] = [
  ...Object.values(BackstopError),
  ...Object.values(EmitterError),
  ...Object.values(PoolError),
  ...Object.values(CometError),
  ...Object.values(TokenError),
  ...Object.values(HostError),
];

/** `Backstop#1009 RewardZoneFull` */
export function formatError(err: ErrorSpec): string {
  return `${err.contract}#${err.code} ${err.name}`;
}

/** The error a contract reports with `code`, or an unnamed one (`Backstop#1234 unknown`). */
export function errorOf(contract: ContractName, code: number): ErrorSpec {
  return ALL_ERRORS.find((e) => e.contract === contract && e.code === code) ?? { contract, code, name: 'unknown' };
}
