/**
 * Every number the model uses, named, with its unit and its source. model/ imports these and
 * writes no literal of its own. The contracts leave several of them unnamed (70/30, 7 days, 1 h,
 * 24 h, 5 s, 50M): they get names here.
 */
import { comet, doc, seed, v1, v2, type Source, SEED_DISTRIBUTION, SEED_OVERVIEW } from './sources.ts';
// the generated world's choices (Comet weights and fee, take rate, supply cap, oracle price) are
// spec/genesis.json's, which the Soroban driver reads too
import { GENESIS } from './genesis.ts';

export type Unit =
  | 'stroops'
  | 'seconds'
  | 'count'
  | 'scalar (7 decimals)'
  | 'scalar (12 decimals)'
  | 'scalar (14 decimals)'
  | 'scalar (18 decimals)'
  | '18-decimal fixed point'
  | '7-decimal fixed point'
  | 'whole tokens^5'
  | 'bits';

export interface Constant {
  readonly name: string;
  readonly value: bigint;
  readonly unit: Unit;
  readonly source: Source;
  readonly note?: string;
}

const c = (name: string, value: bigint, unit: Unit, source: Source, note?: string): Constant => ({
  name,
  value,
  unit,
  source,
  note,
});

const DAY = 24n * 60n * 60n;

// ---------------------------------------------------------------- fixed point and integer types
export const SCALAR_7 = c(
  'SCALAR_7',
  10_000_000n,
  'scalar (7 decimals)',
  v2('backstop/src/constants.rs', 'SCALAR_7'),
  '1 BLND = 1e7 stroops',
);
export const SCALAR_12 = c(
  'SCALAR_12',
  1_000_000_000_000n,
  'scalar (12 decimals)',
  v2('pool/src/constants.rs', 'SCALAR_12'),
  'b_rate / d_rate scale',
);
export const SCALAR_14 = c(
  'SCALAR_14',
  100_000_000_000_000n,
  'scalar (14 decimals)',
  v2('backstop/src/constants.rs', 'SCALAR_14'),
  'v2 EPS and index scale',
);
export const I128_MAX = c(
  'I128_MAX',
  (1n << 127n) - 1n,
  'stroops',
  v2('backstop/src/contract.rs', 'i128'),
  'Rust i128::MAX; overflow-checks = true in the release profile',
);
export const I128_MIN = c('I128_MIN', -(1n << 127n), 'stroops', v2('backstop/src/contract.rs', 'i128'), 'Rust i128::MIN');
export const U64_MAX = c(
  'U64_MAX',
  (1n << 64n) - 1n,
  'count',
  v2('backstop/src/emissions/manager.rs', 'set_backstop_emission_eps'),
  'u64 casts of EPS (`u64(...).unwrap_optimized()`) and timestamps',
);
export const U32_MAX = c(
  'U32_MAX',
  (1n << 32n) - 1n,
  'count',
  v2('backstop/src/emissions/manager.rs', 'add_to_reward_zone'),
  'u32 lengths',
);

// ---------------------------------------------------------------- emitter
export const EMISSION_RATE = c(
  'EMISSION_RATE',
  10_000_000n,
  'stroops',
  v1('emitter/src/emitter.rs', 'execute_distribute', 'let distribution_amount = (seconds_since_last_distro as i128) * SCALAR_7;'),
  '1 BLND per second, in stroops per second',
);
export const SWAP_UNLOCK_TIME = c(
  'SWAP_UNLOCK_TIME',
  31n * DAY,
  'seconds',
  v1('emitter/src/backstop_manager.rs', 'execute_queue_swap_backstop', 'unlock_time: e.ledger().timestamp() + 31 * 24 * 60 * 60'),
);
export const MAX_DROP = c(
  'MAX_DROP',
  50_000_000n * 10_000_000n,
  'stroops',
  v1('emitter/src/emitter.rs', 'execute_drop', 'if drop_amount > 50_000_000 * SCALAR_7'),
  '50M BLND',
);

// ---------------------------------------------------------------- backstop (v2)
export const MAX_RZ_SIZE_V2 = c('MAX_RZ_SIZE_V2', 30n, 'count', v2('backstop/src/constants.rs', 'MAX_RZ_SIZE'));
export const MAX_RZ_SIZE_DOCUMENTED = c(
  'MAX_RZ_SIZE_DOCUMENTED',
  50n,
  'count',
  seed(SEED_DISTRIBUTION, 'Reward Zone Length', 'The number of pools that can be added to the reward zone is 50.'),
);
export const MAX_Q4W_SIZE_V2 = c('MAX_Q4W_SIZE_V2', 20n, 'count', v2('backstop/src/constants.rs', 'MAX_Q4W_SIZE'));
export const Q4W_LOCK_TIME_V2 = c('Q4W_LOCK_TIME_V2', 17n * DAY, 'seconds', v2('backstop/src/constants.rs', 'Q4W_LOCK_TIME'));
export const Q4W_LOCK_TIME_DOCUMENTED = c(
  'Q4W_LOCK_TIME_DOCUMENTED',
  17n * DAY,
  'seconds',
  doc('tech-docs/core-contracts/backstop/deposit-management.md', 'Withdrawals', 'User waits for the 17-day withdrawal queue to expire'),
);
export const MAX_BACKFILLED_EMISSIONS = c(
  'MAX_BACKFILLED_EMISSIONS',
  10_000_000n * 10_000_000n,
  'stroops',
  v2('backstop/src/constants.rs', 'MAX_BACKFILLED_EMISSIONS'),
  '10M BLND; also seeds/000 § Backfilled emissions',
);
export const DISTRIBUTE_MIN_INTERVAL_V2 = c(
  'DISTRIBUTE_MIN_INTERVAL_V2',
  5n,
  'seconds',
  v2('backstop/src/emissions/manager.rs', 'distribute', 'if emitter_last_distribution - last_distribution < 5'),
  'one block',
);
export const POOL_GULP_MIN_INTERVAL_V2 = c(
  'POOL_GULP_MIN_INTERVAL_V2',
  DAY,
  'seconds',
  v2('backstop/src/emissions/manager.rs', 'gulp_emissions', 'if new_emissions.last_time > e.ledger().timestamp() - 24 * 60 * 60'),
);
export const RZ_EDIT_WINDOW_V2 = c(
  'RZ_EDIT_WINDOW_V2',
  60n * 60n,
  'seconds',
  v2('backstop/src/emissions/manager.rs', 'require_distribute_run_recently', 'if last_distribution < e.ledger().timestamp() - 60 * 60'),
);
export const GULP_MIN_INTERVAL_DOCUMENTED = c(
  'GULP_MIN_INTERVAL_DOCUMENTED',
  60n * 60n,
  'seconds',
  seed(
    SEED_DISTRIBUTION,
    'Emission Distribution',
    'At least one hour must have passed between `emitter_last_distribution_time` and `backstop_last_distribution_time`',
  ),
);
export const BACKSTOP_EMISSION_SHARE = c(
  'BACKSTOP_EMISSION_SHARE',
  7_000_000n,
  '7-decimal fixed point',
  v2('backstop/src/emissions/manager.rs', 'gulp_emissions', '.fixed_mul_floor(0_7000000, SCALAR_7)'),
  '70% to backstop depositors; seeds/001 § Emission Distribution',
);
export const POOL_EMISSION_SHARE = c(
  'POOL_EMISSION_SHARE',
  3_000_000n,
  '7-decimal fixed point',
  v2('backstop/src/emissions/manager.rs', 'gulp_emissions', '.fixed_mul_floor(0_3000000, SCALAR_7)'),
  '30% to the pool; seeds/001 § Emission Distribution',
);
export const EMISSION_PERIOD = c(
  'EMISSION_PERIOD',
  7n * DAY,
  'seconds',
  v2('backstop/src/emissions/manager.rs', 'set_backstop_emission_eps', 'let expiration = e.ledger().timestamp() + 7 * 24 * 60 * 60;'),
  'EPS lasts 7 days; seeds/001: "This EPS will expire in 7 days"',
);
export const RZ_THRESHOLD_PC = c(
  'RZ_THRESHOLD_PC',
  10_000_000_000_000_000_000_000_000n,
  'whole tokens^5',
  v2(
    'backstop/src/backstop/pool.rs',
    'is_pool_above_threshold',
    'let threshold_pc = 10_000_000_000_000_000_000_000_000i128; // 1e25 (100k^5)',
  ),
  'bal_blnd^4 * bal_usdc must reach 100k^5',
);
/**
 * The pool's own backstop threshold (`update_status`): bal_blnd^4 * bal_usdc (whole tokens,
 * saturating) times SCALAR_7, divided by this, is the threshold's percentage (7 decimals); it is met
 * at 1_0000000 or more, so at bal_blnd^4 * bal_usdc >= 1e25, as the backstop's RZ_THRESHOLD_PC.
 */
export const POOL_THRESHOLD_PC = c(
  'POOL_THRESHOLD_PC',
  10_000_000_000_000_000_000_000_000n,
  'whole tokens^5',
  v2('pool/src/pool/status.rs', 'calc_pool_backstop_threshold'),
  'read from blend-contract-sdk 2.25.0 pool.wasm (the i128 1e25 divisor of func 144); met at a percentage of at least SCALAR_7',
);
/**
 * Pool statuses (`PoolConfig.status`): 0 admin active, 1 active, 2 admin on ice, 3 on ice, 4 admin
 * frozen, 5 frozen, 6 setup. On ice refuses borrows (status > 1), frozen refuses supplies too
 * (status > 3): `require_action_allowed`, InvalidPoolStatus (1206).
 */
export const POOL_STATUS_ADMIN_ACTIVE = c(
  'POOL_STATUS_ADMIN_ACTIVE',
  0n,
  'count',
  v2('pool/src/storage.rs', 'PoolConfig'),
  'the generated pools leave setup with this status (the Soroban driver writes it)',
);
export const POOL_STATUS_ACTIVE = c('POOL_STATUS_ACTIVE', 1n, 'count', v2('pool/src/storage.rs', 'PoolConfig'));
export const POOL_STATUS_ADMIN_ON_ICE = c('POOL_STATUS_ADMIN_ON_ICE', 2n, 'count', v2('pool/src/storage.rs', 'PoolConfig'));
export const POOL_STATUS_ON_ICE = c('POOL_STATUS_ON_ICE', 3n, 'count', v2('pool/src/storage.rs', 'PoolConfig'));
export const POOL_STATUS_ADMIN_FROZEN = c('POOL_STATUS_ADMIN_FROZEN', 4n, 'count', v2('pool/src/storage.rs', 'PoolConfig'));
export const POOL_STATUS_FROZEN = c('POOL_STATUS_FROZEN', 5n, 'count', v2('pool/src/storage.rs', 'PoolConfig'));
export const POOL_STATUS_SETUP = c('POOL_STATUS_SETUP', 6n, 'count', v2('pool/src/storage.rs', 'PoolConfig'));
/**
 * `update_status`'s q4w thresholds (the share of the pool's backstop shares queued for withdrawal,
 * 7 decimals, as the backstop's `pool_data` gives it: ceil(q4w x SCALAR_7 / shares), 0 without
 * shares): an active or on-ice pool freezes at 60% or more, turns active under 30% (threshold
 * met); an admin-active pool goes on ice at 50% or more; an admin on-ice pool freezes at 75% or more.
 * Source: read from blend-contract-sdk 2.25.0 pool.wasm (func 199, `update_status`).
 */
export const Q4W_FREEZE = c(
  'Q4W_FREEZE',
  6_000_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/status.rs', 'execute_update_pool_status'),
  '60%',
);
export const Q4W_ACTIVE_BELOW = c(
  'Q4W_ACTIVE_BELOW',
  3_000_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/status.rs', 'execute_update_pool_status'),
  '30%',
);
export const Q4W_ADMIN_ACTIVE_ICE = c(
  'Q4W_ADMIN_ACTIVE_ICE',
  5_000_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/status.rs', 'execute_update_pool_status'),
  '50%',
);
export const Q4W_ADMIN_ICE_FREEZE = c(
  'Q4W_ADMIN_ICE_FREEZE',
  7_500_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/status.rs', 'execute_update_pool_status'),
  '75%',
);
export const LP_USDC_WEIGHT_INVERSE = c(
  'LP_USDC_WEIGHT_INVERSE',
  5n,
  'count',
  v2('backstop/src/backstop/pool.rs', 'load_pool_backstop_data', 'LP token is 20% USDC, so 5x is the spot price without slippage/fees'),
);
export const MAX_DROP_LIST_PLUS_BACKFILL = c(
  'MAX_DROP_LIST_PLUS_BACKFILL',
  50_000_000n * 10_000_000n,
  'stroops',
  v2('backstop/src/contract.rs', '__constructor', 'if drop_total + MAX_BACKFILLED_EMISSIONS > 50_000_000 * SCALAR_7'),
  'a v2 backstop refuses a drop list that, with the backfill maximum, exceeds the 50M drop',
);

// ---------------------------------------------------------------- pool (v2)
export const POOL_GULP_MINIMUM = c(
  'POOL_GULP_MINIMUM',
  10_000_000n,
  'stroops',
  v2('pool/src/emissions/manager.rs', 'gulp_emissions'),
  'a pool gulp below 1 BLND leaves the emissions for later',
);
export const MAX_RESERVES = c('MAX_RESERVES', 30n, 'count', v2('pool/src/constants.rs', 'MAX_RESERVES'));
export const SECONDS_PER_YEAR = c(
  'SECONDS_PER_YEAR',
  31_536_000n,
  'seconds',
  v2('pool/src/constants.rs', 'SECONDS_PER_YEAR'),
  'interest accrues per 365-day year',
);
export const UTIL_KINK = c(
  'UTIL_KINK',
  9_500_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/interest.rs', 'calc_accrual', '} else if cur_util <= 0_9500000 {'),
  'utilisation above 95% adds r_three; the calc_accrual curve has its second kink at 95% whatever max_util is',
);
export const IR_MOD_MAX = c(
  'IR_MOD_MAX',
  10n * 10_000_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/interest.rs', 'calc_accrual', 'let ir_mod_max = 10 * SCALAR_7;'),
  'the rate modifier is at most 10',
);
export const IR_MOD_MIN = c(
  'IR_MOD_MIN',
  1_000_000n,
  '7-decimal fixed point',
  v2('pool/src/pool/interest.rs', 'calc_accrual', 'let ir_mod_min = SCALAR_7 / 10;'),
  'the rate modifier is at least 0.1',
);
export const MIN_HEALTH_FACTOR = c(
  'MIN_HEALTH_FACTOR',
  10_000_100n,
  '7-decimal fixed point',
  v2('pool/src/pool/submit.rs', 'validate_submit', 'if position_data.is_hf_under(e, 1_0000100) {'),
  'a borrow or a collateral withdrawal must leave the health factor at least 1.00001 (InvalidHf)',
);

// ---------------------------------------------------------------- pool auctions (v2)
// blend-contracts-v2 @ ba22b48 pool/src/auctions/. An auction is created at a ledger SEQUENCE (a
// block), not a timestamp: its `block` is the creating ledger's sequence + 1, and a fill scales its
// lot up and then its bid down by the blocks passed since (docs/architecture.md, "Auctions").
const SCALE = v2('pool/src/auctions/auction.rs', 'scale_auction');
export const AUCTION_PER_BLOCK_SCALAR = c(
  'AUCTION_PER_BLOCK_SCALAR',
  50_000n,
  '7-decimal fixed point',
  v2('pool/src/auctions/auction.rs', 'scale_auction', 'let per_block_scalar: i128 = 0_0050000; // modifier moves 0.5% every block'),
  'the lot modifier rises, then the bid modifier falls, by 0.5% a block',
);
export const AUCTION_LOT_FULL_BLOCKS = c(
  'AUCTION_LOT_FULL_BLOCKS',
  200n,
  'count',
  v2('pool/src/auctions/auction.rs', 'scale_auction', 'if block_dif > 200 {'),
  'blocks after the auction block at which the lot reaches 100% (the kink: at 200 the lot is block_dif x 0.5% = 100% and the bid 100%; above it the bid falls)',
);
export const AUCTION_BID_ZERO_BLOCKS = c(
  'AUCTION_BID_ZERO_BLOCKS',
  400n,
  'count',
  v2('pool/src/auctions/auction.rs', 'scale_auction', 'if block_dif < 400 {'),
  'blocks after the auction block from which the bid is 0',
);
export const AUCTION_PERCENT_SCALAR = c(
  'AUCTION_PERCENT_SCALAR',
  100_000n,
  '7-decimal fixed point',
  SCALE,
  'a fill percentage (1..100, u64) times 1_00000 is its 7-decimal fraction (`i128(percent_filled) * 1_00000`)',
);
export const AUCTION_PERCENT_MAX = c(
  'AUCTION_PERCENT_MAX',
  100n,
  'count',
  SCALE,
  'a fill of more than 100% (or of 0%) is BadRequest, 1200',
);
export const AUCTION_STALE_BLOCKS = c(
  'AUCTION_STALE_BLOCKS',
  500n,
  'count',
  v2('pool/src/auctions/auction.rs', 'delete_stale_auction', 'if auction.block + 500 > e.ledger().sequence() {'),
  'del_auction deletes an auction only once 500 blocks have passed since its block',
);
export const AUCTION_START_DELAY_BLOCKS = c(
  'AUCTION_START_DELAY_BLOCKS',
  1n,
  'count',
  v2('pool/src/auctions/backstop_interest_auction.rs', 'create_interest_auction_data', 'block: e.ledger().sequence() + 1,'),
  "an auction's block is the creating ledger's sequence + 1 (it begins on the next block)",
);
export const LEDGER_SEQUENCE_START = c(
  'LEDGER_SEQUENCE_START',
  1000n,
  'count',
  SCALE,
  "the generated world's ledger sequence at genesis (adapters/soroban/src/world.rs LEDGER_SEQUENCE); `advance_blocks` moves it, nothing else does",
);
export const MAX_POSITIONS_PER_RESERVE = c(
  'MAX_POSITIONS_PER_RESERVE',
  2n,
  'count',
  v2('pool/src/pool/pool.rs', 'require_under_max'),
  "the generated pools' max_positions is 2 x their enabled reserves (a collateral and a liability in each), at most MAX_POSITIONS_CAP (adapters/soroban/src/world.rs deploy_pool)",
);
export const MAX_POSITIONS_CAP = c(
  'MAX_POSITIONS_CAP',
  60n,
  'count',
  v2('pool/src/pool/pool.rs', 'require_under_max'),
  "the generated pools' max_positions cap (adapters/soroban/src/world.rs deploy_pool: `(2 * spec.reserves).clamp(2, 60)`)",
);
export const INTEREST_AUCTION_MIN_VALUE = c(
  'INTEREST_AUCTION_MIN_VALUE',
  200n,
  'count',
  v2('pool/src/auctions/backstop_interest_auction.rs', 'create_interest_auction_data', 'if interest_value < 200 * oracle_scalar {'),
  "an interest auction's lot must be worth at least 200 whole base units (200 x 10^oracle decimals), else InterestTooSmall, 1215",
);
export const INTEREST_AUCTION_BID_PREMIUM = c(
  'INTEREST_AUCTION_BID_PREMIUM',
  12_000_000n,
  '7-decimal fixed point',
  v2('pool/src/auctions/backstop_interest_auction.rs', 'create_interest_auction_data', '.fixed_mul_floor(e, &1_2000000, &oracle_scalar)'),
  "the bid asks for 120% of the lot value, in backstop LP tokens at the backstop's token_spot_price",
);
export const ORACLE_DECIMALS = c(
  'ORACLE_DECIMALS',
  7n,
  'count',
  v2('pool/src/pool/pool.rs', 'load_price_decimals'),
  "the driver's flat SEP-40 oracle answers decimals() = 7 (adapters/soroban/src/oracle.rs `FlatOracle::decimals`); ORACLE_PRICE is in these decimals",
);

/**
 * The reserve configuration of every generated reserve: blend-contract-sdk 2.25 testutils
 * `default_reserve_config()`, the same numbers as blend-contracts-v2 pool/src/testutils.rs
 * `default_reserve` (supply cap raised by the Soroban driver to i128::MAX / 4). 7-decimal fixed point
 * unless noted.
 */
const RES_CFG = v2('pool/src/testutils.rs', 'default_reserve');
export const RESERVE_DECIMALS = c('RESERVE_DECIMALS', 7n, 'count', RES_CFG, 'decimals: 7 (scalar 1e7)');
export const RESERVE_C_FACTOR = c('RESERVE_C_FACTOR', 7_500_000n, '7-decimal fixed point', RES_CFG, 'collateral factor 0.75');
export const RESERVE_L_FACTOR = c('RESERVE_L_FACTOR', 7_500_000n, '7-decimal fixed point', RES_CFG, 'liability factor 0.75');
export const RESERVE_UTIL = c('RESERVE_UTIL', 7_500_000n, '7-decimal fixed point', RES_CFG, 'target utilisation 0.75');
export const RESERVE_MAX_UTIL = c(
  'RESERVE_MAX_UTIL',
  9_500_000n,
  '7-decimal fixed point',
  RES_CFG,
  'maximum utilisation 0.95 (InvalidUtilRate above)',
);
export const RESERVE_R_BASE = c('RESERVE_R_BASE', 100_000n, '7-decimal fixed point', RES_CFG, 'r_base 1%');
export const RESERVE_R_ONE = c('RESERVE_R_ONE', 500_000n, '7-decimal fixed point', RES_CFG, 'r_one 5%');
export const RESERVE_R_TWO = c('RESERVE_R_TWO', 5_000_000n, '7-decimal fixed point', RES_CFG, 'r_two 50%');
export const RESERVE_R_THREE = c('RESERVE_R_THREE', 15_000_000n, '7-decimal fixed point', RES_CFG, 'r_three 150%');
export const RESERVE_REACTIVITY = c('RESERVE_REACTIVITY', 20n, '7-decimal fixed point', RES_CFG, 'reactivity 2e-6');
export const RESERVE_SUPPLY_CAP = c(
  'RESERVE_SUPPLY_CAP',
  GENESIS.pool.supplyCap,
  'stroops',
  RES_CFG,
  "the Soroban driver's supply cap, i128::MAX / 4 (ExceededSupplyCap above)",
);
export const POOL_BACKSTOP_RATE = c(
  'POOL_BACKSTOP_RATE',
  GENESIS.pool.backstopTakeRate,
  '7-decimal fixed point',
  v2('pool/src/pool/reserve.rs', 'accrue', 'new_backstop_credit = accrued.fixed_mul_floor(e, &i128(bstop_rate), &SCALAR_7);'),
  "the generated pools' backstop take rate, 10% of accrued interest (the Soroban driver deploys them with 0_1000000)",
);
export const ORACLE_PRICE = c(
  'ORACLE_PRICE',
  GENESIS.pool.oraclePrice,
  '7-decimal fixed point',
  v2('pool/src/pool/pool.rs', 'load_price'),
  "every reserve asset's price until a `set_oracle_price` moves it: 1.0 in the base asset, 7 decimals, stamped with the ledger time of each read (the Soroban driver's SEP-40 oracle, adapters/soroban/src/oracle.rs)",
);
/**
 * The oldest price the pools accept: `load_price` refuses a price whose timestamp t has
 * `t + 86400 < now` (InvalidPrice, 1210), so a price exactly 24 h old passes and one 24 h + 1 s
 * old does not. Read only where a health factor is computed (a borrow, or a collateral withdrawal
 * with liabilities open: validate_submit's calculate_from_positions).
 */
export const ORACLE_MAX_PRICE_AGE = c(
  'ORACLE_MAX_PRICE_AGE',
  DAY,
  'seconds',
  v2('pool/src/pool/pool.rs', 'load_price', 'if price_data.timestamp + 24 * 60 * 60 < e.ledger().timestamp() || price_data.price <= 0 {'),
  '24 h; a price older than this, or not positive, is InvalidPrice (1210)',
);
/**
 * The oracle's scalar, 10^decimals (`decimals()`, read by `load_price_decimals`: 7): the health
 * factor's scale (calculate_from_positions' `oracle_scalar`).
 */
export const ORACLE_SCALAR = c(
  'ORACLE_SCALAR',
  10n ** 7n,
  'scalar (7 decimals)',
  v2('pool/src/pool/health_factor.rs', 'calculate_from_positions', 'let oracle_scalar = 10i128.pow(pool.load_price_decimals(e));'),
  "the Soroban driver's oracle announces 7 decimals (adapters/soroban/src/oracle.rs `decimals`)",
);
/**
 * The generated pools' minimum collateral, in base units (7 decimals): validate_submit refuses a
 * borrow or a collateral withdrawal leaving `collateral_base < min_collateral` (MinCollateralNotMet,
 * 1224) after the health factor check. At 2 the check is never decisive: a collateral base of 0 or
 * 1 against a liability base of 1 or more (every liability is at least 1 base unit, prices 1.0) has
 * a health factor of at most 1.0, refused first (InvalidHf); so the model has no such check. That
 * holds at any positive price (`set_oracle_price`): a liability's base value is rounded up, so it
 * is at least 1. A position at exactly 2 (against a liability of 1 base unit, in a reserve of 8 or more decimals)
 * passes, which is the edge src/commands/min-collateral.ts reaches.
 */
export const POOL_MIN_COLLATERAL = c(
  'POOL_MIN_COLLATERAL',
  GENESIS.pool.minCollateral,
  '7-decimal fixed point',
  v2('pool/src/pool/submit.rs', 'validate_submit', '} else if position_data.collateral_base < pool.config.min_collateral {'),
  "the generated pools' min_collateral, 2 base units (the Soroban driver deploys them with it; never decisive in the model, see above)",
);

// ---------------------------------------------------------------- backstop (v1)
export const BACKSTOP_EPOCH_V1 = c(
  'BACKSTOP_EPOCH_V1',
  1_713_139_200n,
  'seconds',
  v1('backstop/src/constants.rs', 'BACKSTOP_EPOCH'),
  '2024-04-15 00:00:00 UTC',
);
export const MAX_Q4W_SIZE_V1 = c('MAX_Q4W_SIZE_V1', 21n, 'count', v1('backstop/src/constants.rs', 'MAX_Q4W_SIZE'));
export const Q4W_LOCK_TIME_V1 = c('Q4W_LOCK_TIME_V1', 21n * DAY, 'seconds', v1('backstop/src/constants.rs', 'Q4W_LOCK_TIME'));

// ---------------------------------------------------------------- Comet BLND:USDC LP (comet-contracts-v1)
const C_CONSTS = 'contracts/src/c_consts.rs';
export const COMET_BONE = c(
  'BONE',
  10n ** 18n,
  'scalar (18 decimals)',
  comet(C_CONSTS, 'BONE'),
  "Comet's internal fixed point: 1.0 with 18 decimals (I256)",
);
export const COMET_STROOP = c(
  'STROOP',
  10_000_000n,
  'scalar (7 decimals)',
  comet(C_CONSTS, 'STROOP'),
  'weights, fees and ratios are 7-decimal',
);
export const COMET_STROOP_SCALAR = c(
  'STROOP_SCALAR',
  10n ** 11n,
  'count',
  comet(C_CONSTS, 'STROOP_SCALAR'),
  'upscales a 7-decimal amount, weight or fee to 18 decimals; also the record scalar 10^(18 - decimals) of a 7-decimal token (c_pool/call_logic/init.rs execute_init)',
);
export const COMET_MIN_CPOW_BASE = c(
  'MIN_CPOW_BASE',
  1n,
  '18-decimal fixed point',
  comet(C_CONSTS, 'MIN_CPOW_BASE'),
  'c_pow base >= 1e-18, else ErrCPowBaseTooLow',
);
export const COMET_MAX_CPOW_BASE = c(
  'MAX_CPOW_BASE',
  2n * 10n ** 18n - 1n,
  '18-decimal fixed point',
  comet(C_CONSTS, 'MAX_CPOW_BASE'),
  'c_pow base < 2.0, else ErrCPowBaseTooHigh',
);
export const COMET_CPOW_PRECISION = c(
  'CPOW_PRECISION',
  10n ** 8n,
  '18-decimal fixed point',
  comet(C_CONSTS, 'CPOW_PRECISION'),
  'c_pow_approx stops once a term is at most 1e-10',
);
export const COMET_CPOW_MAX_TERMS = c(
  'CPOW_MAX_TERMS',
  50n,
  'count',
  comet('contracts/src/c_num.rs', 'c_pow_approx', 'for i in 1..51 {'),
  'c_pow_approx sums at most 50 terms of the binomial series',
);
export const COMET_MAX_IN_RATIO = c(
  'MAX_IN_RATIO',
  10_000_000n / 3n + 1n,
  '7-decimal fixed point',
  comet(C_CONSTS, 'MAX_IN_RATIO', 'pub const MAX_IN_RATIO: i128 = (STROOP / 3) + 1;'),
  'a single-sided deposit takes at most floor(balance * 0.3333334) of the token in, else ErrMaxInRatio',
);
export const COMET_INIT_POOL_SUPPLY = c(
  'INIT_POOL_SUPPLY',
  100n * 10_000_000n,
  'stroops',
  comet(C_CONSTS, 'INIT_POOL_SUPPLY'),
  'init mints 100 LP tokens to the controller',
);
export const COMET_BLND_WEIGHT = c(
  'COMET_BLND_WEIGHT',
  GENESIS.comet.blndWeight,
  '7-decimal fixed point',
  v2('backstop/src/backstop/pool.rs', 'load_pool_backstop_data', 'LP token is 20% USDC'),
  'the BLND:USDC LP is 80% BLND (the v2 test Comet: backstop/src/testutils.rs create_comet_lp_pool, weights 0_8000000 / 0_2000000)',
);
export const COMET_USDC_WEIGHT = c(
  'COMET_USDC_WEIGHT',
  GENESIS.comet.usdcWeight,
  '7-decimal fixed point',
  v2('backstop/src/backstop/pool.rs', 'load_pool_backstop_data', 'LP token is 20% USDC'),
  '20% USDC',
);
export const COMET_SWAP_FEE = c(
  'COMET_SWAP_FEE',
  GENESIS.comet.swapFee,
  '7-decimal fixed point',
  v2('backstop/src/testutils.rs', 'create_comet_lp_pool', '&0_0030000'),
  '0.3%; the mainnet Comet stores the same SwapFee (30000)',
);

export const SECONDS_PER_DAY = DAY;
export const SOURCES_OVERVIEW = seed(SEED_OVERVIEW, 'What are emissions in Blend?', 'The Blend protocol emits 1 BLND per second');
