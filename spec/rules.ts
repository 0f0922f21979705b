/**
 * The emission rules of the documents, as data: a stable ID, one sentence, where it is written, the
 * constants it uses (by name, see spec/constants.ts), the error a breach raises, the model
 * function(s) that implement it, and, where no property covers it, why (checked by lockstep only)
 * or what a property would need (a gap).
 * The catalogue in README.md (`npm run docs`) and docs/catalogue.md (`npm run docs:catalogue`) are
 * generated from this file; test/spec/rules.test.ts resolves every model reference and holds each
 * rule to a property, a lockstep-only reason or a declared gap.
 */
import { doc, seed, v1, v2, type Source, SEED_DISTRIBUTION, SEED_DISTRIBUTION_OLD, SEED_OVERVIEW } from './sources.ts';
import { BackstopError, CometError, EmitterError, PoolError, TokenError, type ErrorSpec } from './errors.ts';

/**
 * A reference to an exported function of the reference model: `model/<path>.ts#<export>`. A string,
 * because spec/ does not import model/ (test/spec/rules.test.ts imports the module and checks the export).
 */
export type ModelRef = `model/${string}.ts#${string}`;

/** Where a rule is implemented and how it is checked besides the properties that name it. */
export interface RuleHub {
  /** The model function(s) that implement the rule. */
  readonly model: readonly ModelRef[];
  /** No property covers the rule: why the lockstep comparison with the model is its check. */
  readonly lockstepOnly?: string;
  /** No property covers the rule yet: what one would need (when it applies, what it expects). */
  readonly gap?: string;
}

export interface Rule extends RuleHub {
  readonly id: string;
  readonly statement: string;
  readonly sources: readonly Source[];
  readonly constants: readonly string[];
  readonly error?: ErrorSpec;
}

const r = (
  id: string,
  statement: string,
  sources: Source[],
  constants: string[],
  error: ErrorSpec | undefined,
  coverage: RuleHub,
): Rule => ({ id, statement, sources, constants, error, ...coverage });
const BD = 'tech-docs/core-contracts/emitter/blend-distribution.md';
const BM = 'tech-docs/core-contracts/emitter/backstop-management.md';
const DM = 'tech-docs/core-contracts/backstop/deposit-management.md';
const EM = 'tech-docs/core-contracts/lending-pool/emission-management.md';
const MGR = 'backstop/src/emissions/manager.rs';

export const RULES: readonly Rule[] = [
  r(
    'EMIT-RATE',
    'The emitter mints 1 BLND per elapsed second to the current backstop on distribute.',
    [
      seed(SEED_OVERVIEW, 'What are emissions in Blend?', 'The Blend protocol emits 1 BLND per second'),
      doc(BD, 'Normal Emissions'),
      v1('emitter/src/emitter.rs', 'execute_distribute'),
    ],
    ['EMISSION_RATE'],
    undefined,
    {
      model: ['model/emitter.ts#distribute'],
    },
  ),
  r(
    'EMIT-SWAP-QUEUE',
    'A backstop swap can be queued only when the new backstop holds more backstop tokens than the current one, and only one at a time.',
    [doc(BM, 'Backstop Swaps'), v1('emitter/src/backstop_manager.rs', 'execute_queue_swap_backstop')],
    [],
    EmitterError.InsufficientBackstopSize,
    {
      model: ['model/emitter.ts#queueSwapBackstop'],
      gap: 'applies to emitter.queue_swap_backstop with no swap queued and a new backstop holding no more backstop tokens than the current one; expects InsufficientBackstopSize (1100)',
    },
  ),
  r(
    'EMIT-SWAP-ONE',
    'Only one backstop swap can be queued at a time.',
    [doc(BM, 'Backstop Swaps', 'If a swap is already queued, the `queue_backstop_swap()` will fail.')],
    [],
    EmitterError.SwapAlreadyExists,
    {
      model: ['model/emitter.ts#queueSwapBackstop'],
      gap: 'applies to emitter.queue_swap_backstop while a swap is queued; expects SwapAlreadyExists (1103)',
    },
  ),
  r(
    'EMIT-SWAP-UNLOCK',
    'A queued swap executes only after its 31-day unlock time and only while the new backstop still holds more backstop tokens.',
    [
      doc(BM, 'Backstop Swaps', 'Wait until the unlock time has passed (takes 31 days).'),
      v1('emitter/src/backstop_manager.rs', 'execute_swap_backstop'),
    ],
    ['SWAP_UNLOCK_TIME'],
    EmitterError.SwapNotUnlocked,
    {
      model: ['model/emitter.ts#swapBackstop'],
    },
  ),
  r(
    'EMIT-SWAP-CANCEL',
    'A queued swap can be cancelled only once the new backstop no longer holds more backstop tokens.',
    [doc(BM, 'Backstop Swaps'), v1('emitter/src/backstop_manager.rs', 'execute_cancel_swap_backstop')],
    [],
    EmitterError.SwapCannotBeCanceled,
    {
      model: ['model/emitter.ts#cancelSwapBackstop'],
      gap: 'applies to emitter.cancel_swap_backstop with a swap queued whose new backstop still holds more backstop tokens; expects SwapCannotBeCanceled (1105)',
    },
  ),
  r(
    'EMIT-SWAP-FINAL',
    'A swap first makes a final distribution to the old backstop, so no emissions are lost.',
    [doc(BM, 'Backstop Swaps', 'A final `distribute()` call will be made to the old backstop contract before the swap is executed')],
    ['EMISSION_RATE'],
    undefined,
    {
      model: ['model/emitter.ts#swapBackstop'],
    },
  ),
  r(
    'DROP-ONCE',
    'Each backstop address can drop only once.',
    [
      doc(BD, 'Drop Emissions', 'Each Backstop contract address can only call `drop()` once.'),
      v1('emitter/src/emitter.rs', 'execute_drop'),
    ],
    [],
    EmitterError.BadDrop,
    {
      model: ['model/emitter.ts#drop'],
    },
  ),
  r(
    'DROP-MAX',
    'A drop mints at most 50M BLND.',
    [
      seed(SEED_OVERVIEW, 'Backfilled emissions', 'a distribution of up to 50 million BLND tokens'),
      v1('emitter/src/emitter.rs', 'execute_drop'),
    ],
    ['MAX_DROP'],
    EmitterError.BadDrop,
    {
      model: ['model/emitter.ts#drop'],
    },
  ),
  r(
    'DROP-AUTH',
    "Only the emitter's current backstop can drop: the listed backstop itself calls drop().",
    [
      doc(BD, 'Drop Emissions', 'The listed Backstop contract must call `` drop()` ``'),
      v1('emitter/src/emitter.rs', 'execute_drop', 'backstop.require_auth();'),
    ],
    [],
    EmitterError.UnauthorizedError,
    {
      model: ['model/emitter.ts#drop', 'model/backstop/drop.ts#drop'],
      gap: "applies to backstop.drop by a backstop that is not the emitter's current one; expects the profile's dropByOtherBackstop error (DIV-DROP-AUTH) and no BLND minted",
    },
  ),
  r(
    'BF-ACCRUE',
    'Before the swap, a new backstop accrues backfilled emissions at 1 BLND per second although the emitter sends it nothing.',
    [
      seed(
        SEED_OVERVIEW,
        'Backfilled emissions',
        'Blend v2 will still track and accrue emissions for users at a rate of 1 BLND per second',
      ),
      v2(MGR, 'distribute'),
    ],
    ['EMISSION_RATE'],
    undefined,
    {
      model: ['model/backstop/distribute.ts#distribute'],
      gap: 'applies to an accepted backstop.distribute of a backstop the emitter does not know (a backfill); expects seconds since its last distribution x 1 BLND allocated, capped at what BF-MAX leaves, and nothing minted by the emitter',
    },
  ),
  r(
    'BF-MAX',
    'Backfilled emissions total at most 10M BLND.',
    [seed(SEED_OVERVIEW, 'Backfilled emissions', 'for up to 10 million BLND'), v2('backstop/src/constants.rs', 'MAX_BACKFILLED_EMISSIONS')],
    ['MAX_BACKFILLED_EMISSIONS'],
    BackstopError.MaxBackfillEmissions,
    {
      model: ['model/backstop/distribute.ts#distribute'],
    },
  ),
  r(
    'BF-CLAIM',
    'Backfilled emissions cannot be claimed until a backstop swap to the new backstop and its drop.',
    [
      seed(
        SEED_OVERVIEW,
        'Backfilled emissions',
        'Backfilled emissions CANNOT be claimed unless the backstop swap to Blend v2 is succesfull!',
      ),
    ],
    [],
    TokenError.BalanceError,
    {
      model: ['model/backstop/claim.ts#claim', 'model/pool/distributor.ts#claim'],
    },
  ),
  r(
    'BF-DROP',
    'The new backstop includes all backfilled emissions in its drop to itself.',
    [
      seed(SEED_OVERVIEW, 'Backfilled emissions', 'The Blend v2 backstop will include all backfilled emissions to be dropped to itself'),
      v2('backstop/src/contract.rs', 'drop'),
    ],
    ['MAX_DROP_LIST_PLUS_BACKFILL'],
    undefined,
    {
      model: ['model/backstop/drop.ts#drop'],
      gap: "applies to an accepted backstop.drop under a profile with backfill; expects the emitter's drop to list the backstop itself with all its backfilled emissions",
    },
  ),
  r(
    'BF-RESET',
    "The first distribution after the emitter knows the backstop resets its last distribution time to the emitter's and allocates nothing.",
    [v2(MGR, 'distribute', 'if needs_reset')],
    [],
    undefined,
    {
      model: ['model/backstop/distribute.ts#distribute'],
      gap: "applies to the first backstop.distribute after the emitter knows the backstop (backfill status true); expects 0 allocated and its last distribution time set to the emitter's",
    },
  ),
  r(
    'RZ-MAX',
    'The reward zone never holds more pools than its maximum length.',
    [
      seed(SEED_DISTRIBUTION, 'Reward Zone Length'),
      seed(SEED_DISTRIBUTION_OLD, 'Reward Zone Length'),
      v2('backstop/src/constants.rs', 'MAX_RZ_SIZE'),
    ],
    ['MAX_RZ_SIZE_DOCUMENTED', 'MAX_RZ_SIZE_V2', 'BACKSTOP_EPOCH_V1'],
    undefined,
    {
      model: ['model/backstop/reward-zone.ts#addReward'],
    },
  ),
  r(
    'RZ-UNIQUE',
    'A pool already in the reward zone cannot be added again.',
    [
      seed(SEED_DISTRIBUTION, 'Adding Pools to the Reward Zone', 'If the pool is already in the reward zone, `add_reward()` will fail.'),
      v2(MGR, 'add_to_reward_zone'),
    ],
    [],
    BackstopError.BadRequest,
    {
      model: ['model/backstop/reward-zone.ts#addReward'],
    },
  ),
  r(
    'RZ-THRESHOLD',
    'A pool below the minimum backstop threshold cannot be added to the reward zone.',
    [seed(SEED_DISTRIBUTION, 'Adding Pools to the Reward Zone'), v2('backstop/src/backstop/pool.rs', 'is_pool_above_threshold')],
    ['RZ_THRESHOLD_PC', 'LP_USDC_WEIGHT_INVERSE'],
    BackstopError.InvalidRewardZoneEntry,
    {
      model: ['model/backstop/reward-zone.ts#addReward', 'model/backstop/reward-zone.ts#isPoolAboveThreshold'],
      gap: 'applies to backstop.add_reward of a pool outside the zone whose backstop is below the threshold (read with isPoolAboveThreshold); expects InvalidRewardZoneEntry (1002) (BLND-RZ-003 reads it only for a full zone)',
    },
  ),
  r(
    'RZ-SWAP',
    'When the reward zone is full, a pool is added only in place of a pool in the zone that holds fewer backstop tokens.',
    [
      seed(
        SEED_DISTRIBUTION,
        'Adding Pools to the Reward Zone',
        'If the to_remove pool is not in the reward zone, `add_reward()` will fail.',
      ),
      v2(MGR, 'add_to_reward_zone'),
    ],
    [],
    BackstopError.InvalidRewardZoneEntry,
    {
      model: ['model/backstop/reward-zone.ts#addReward'],
      gap: 'applies to backstop.add_reward with a to_remove on a full zone; expects acceptance only where to_remove is in the zone and holds fewer backstop tokens than to_add (else InvalidRewardZoneEntry (1002)), and, accepted, the zone the same size, holding to_add and no longer to_remove',
    },
  ),
  r(
    'RZ-FULL',
    'Adding to a full reward zone without a pool to remove fails with RewardZoneFull (v2).',
    [v2(MGR, 'add_to_reward_zone', 'None => panic_with_error!(e, BackstopError::RewardZoneFull)')],
    [],
    BackstopError.RewardZoneFull,
    {
      model: ['model/backstop/reward-zone.ts#addReward'],
    },
  ),
  r(
    'RZ-EDIT-WINDOW',
    'Reward-zone edits need a distribution within the last hour (v2).',
    [v2(MGR, 'require_distribute_run_recently')],
    ['RZ_EDIT_WINDOW_V2'],
    BackstopError.BadRequest,
    {
      model: ['model/backstop/reward-zone.ts#addReward', 'model/backstop/reward-zone.ts#removeReward'],
      gap: 'applies (v2) to backstop.add_reward on a non-empty zone, or remove_reward, whose last distribution is older than the edit window and which passes the checks before it; expects BadRequest (1000)',
    },
  ),
  r(
    'RZ-REMOVE',
    'Only a pool below the threshold can be removed from the reward zone (v2).',
    [v2(MGR, 'remove_from_reward_zone')],
    ['RZ_THRESHOLD_PC'],
    BackstopError.BadRequest,
    {
      model: ['model/backstop/reward-zone.ts#removeReward'],
      gap: 'applies (v2) to backstop.remove_reward of a pool above the threshold; expects BadRequest (1000), and an accepted removal to leave the pool outside the zone',
    },
  ),
  r(
    'DIST-INTERVAL',
    'A distribution needs a minimum time since the last one (documents: one hour; v1: more than one hour; v2: 5 s).',
    [
      seed(SEED_DISTRIBUTION, 'Emission Distribution', 'At least one hour must have passed'),
      v2(MGR, 'distribute'),
      v1(MGR, 'gulp_emissions'),
    ],
    ['GULP_MIN_INTERVAL_DOCUMENTED', 'DISTRIBUTE_MIN_INTERVAL_V2'],
    BackstopError.BadRequest,
    {
      model: ['model/backstop/distribute.ts#distribute', 'model/backstop/distribute.ts#gulpEmissionsV1'],
    },
  ),
  r(
    'DIST-EMPTY-RZ',
    'Nothing is distributed while the reward zone is empty.',
    [v2(MGR, 'distribute', 'reward zone must have at least one pool for emissions to start')],
    [],
    BackstopError.BadRequest,
    {
      model: ['model/backstop/distribute.ts#distribute', 'model/backstop/distribute.ts#gulpEmissionsV1'],
      gap: 'applies to backstop.distribute (past its first call and reset) or v1 gulp_emissions with an empty reward zone; expects BadRequest (1000) and nothing allocated',
    },
  ),
  r(
    'DIST-PRORATA',
    'New emissions are allocated to reward-zone pools pro rata to their non-queued backstop tokens.',
    [
      seed(
        SEED_DISTRIBUTION,
        'Emission Distribution',
        'pool_emissions * pool_backstop_tokens / total_backstop_tokens_in_reward_zone_pools',
      ),
      v2(MGR, 'distribute'),
    ],
    ['SCALAR_7'],
    undefined,
    {
      model: [
        'model/backstop/distribute.ts#poolShareOf',
        'model/backstop/distribute.ts#distribute',
        'model/backstop/distribute.ts#gulpEmissionsV1',
      ],
    },
  ),
  r(
    'DIST-RZ-ONLY',
    'A pool outside the reward zone receives no new allocation.',
    [
      seed(SEED_DISTRIBUTION, 'Reward Zone', 'Emissions are only distributed to pools in a `reward_zone`'),
      doc(EM, 'Distributing Emissions', "Pool's must be in the reward zone to receive emissions."),
    ],
    [],
    undefined,
    {
      model: ['model/backstop/distribute.ts#distribute', 'model/backstop/distribute.ts#gulpEmissionsV1'],
    },
  ),
  r(
    'GULP-SPLIT',
    "Of each allocation, 70% goes to the pool's backstop depositors and 30% to the pool.",
    [seed(SEED_DISTRIBUTION, 'Emission Distribution', 'Backstop depositors get 70% of new emissions'), v2(MGR, 'gulp_emissions')],
    ['BACKSTOP_EMISSION_SHARE', 'POOL_EMISSION_SHARE'],
    undefined,
    {
      model: ['model/backstop/gulp.ts#splitEmissions', 'model/backstop/gulp.ts#gulpEmissions'],
    },
  ),
  r(
    'GULP-DAILY',
    "A pool's emissions are gulped at most once per 24 hours (v2).",
    [v2(MGR, 'gulp_emissions', 'Only allow pools to accrue once per day')],
    ['POOL_GULP_MIN_INTERVAL_V2'],
    BackstopError.BadRequest,
    {
      model: ['model/backstop/gulp.ts#gulpEmissions'],
    },
  ),
  r(
    'GULP-EPS',
    "The depositors' share is emitted at a constant EPS that expires after 7 days.",
    [seed(SEED_DISTRIBUTION, 'Emission Distribution', 'This EPS will expire in 7 days'), v2(MGR, 'set_backstop_emission_eps')],
    ['EMISSION_PERIOD', 'SCALAR_7'],
    undefined,
    {
      model: ['model/backstop/gulp.ts#setBackstopEmissionEps'],
    },
  ),
  r(
    'GULP-CARRY',
    'Emissions not yet emitted by the running EPS are carried into the next one.',
    [seed(SEED_DISTRIBUTION, 'Emission Distribution', 'remaining_emissions / 7 days'), v2(MGR, 'set_backstop_emission_eps')],
    ['EMISSION_PERIOD'],
    undefined,
    {
      model: ['model/backstop/gulp.ts#setBackstopEmissionEps'],
    },
  ),
  r(
    'GULP-POOL-MIN',
    'A pool gulp takes at least 1 BLND (v2).',
    [v2('pool/src/emissions/manager.rs', 'do_gulp_emissions')],
    ['POOL_GULP_MINIMUM'],
    PoolError.BadRequest,
    {
      model: ['model/pool/manager.ts#gulpEmissions'],
      gap: "applies (v2) to pool.gulp_emissions whose allocation (the pool's 30%) is under 1 BLND; expects the pool's BadRequest (1200) and no reserve EPS changed",
    },
  ),
  r(
    'IDX-MONO',
    'Emission indices never decrease, and nothing accrues past an EPS expiration.',
    [v2('backstop/src/emissions/distributor.rs', 'update_emission_data'), v2('pool/src/emissions/distributor.rs', 'update_emission_data')],
    ['SCALAR_7', 'SCALAR_14'],
    undefined,
    {
      model: ['model/backstop/distributor.ts#updateEmissionData', 'model/pool/distributor.ts#updateReserveEmissionData'],
    },
  ),
  r(
    'Q4W-NOEARN',
    'Backstop tokens queued for withdrawal earn no emissions.',
    [
      seed(SEED_OVERVIEW, 'How do backstop emissions work?', 'Any tokens that are queued for withdraw are NOT eligible for emissions.'),
      doc(DM, 'Withdrawals'),
    ],
    [],
    undefined,
    {
      model: ['model/backstop/distributor.ts#updateEmissionData', 'model/backstop/pool-balance.ts#nonQueuedTokens'],
    },
  ),
  r(
    'Q4W-LOCK',
    'Queued withdrawals can be withdrawn only after the queue lock (17 days; 21 in v1).',
    [
      doc(DM, 'Withdrawals', 'User waits for the 17-day withdrawal queue to expire'),
      v2('backstop/src/backstop/user.rs', 'withdraw_shares'),
    ],
    ['Q4W_LOCK_TIME_DOCUMENTED', 'Q4W_LOCK_TIME_V2', 'Q4W_LOCK_TIME_V1'],
    BackstopError.NotExpired,
    {
      model: ['model/backstop/withdrawal.ts#withdraw', 'model/backstop/user-balance.ts#withdrawShares'],
    },
  ),
  r(
    'CLAIM-EXACT',
    'A backstop claim pays exactly what the user had accrued and reduces it to 0.',
    [
      seed(SEED_DISTRIBUTION, 'Emission Claims', "reduces the user's accrued emissions to 0"),
      v2('backstop/src/emissions/claim.rs', 'execute_claim'),
    ],
    ['SCALAR_14'],
    undefined,
    {
      model: ['model/backstop/claim.ts#claim', 'model/backstop/distributor.ts#claimEmissions'],
    },
  ),
  r(
    'CLAIM-LP',
    "Claimed BLND is deposited into the BLND:USDC LP and back into the pool's backstop, protected by min_lp_tokens_out.",
    [seed(SEED_OVERVIEW, 'How do backstop emissions work?'), seed(SEED_DISTRIBUTION, 'Emission Claims')],
    [],
    CometError.ErrLimitOut,
    {
      model: ['model/backstop/claim.ts#claim', 'model/comet.ts#quoteDeposit'],
      // BLND-CLAIM-002 checks the LP credited as the recipient's shares; the min_lp_tokens_out
      // rejection (Comet ErrLimitOut 20) is left to lockstep and the rejection counts
    },
  ),
  r(
    'POOL-CONFIG',
    "A pool's emission configuration names reserve tokens (supply or borrow) and their share; an invalid entry is rejected.",
    [seed(SEED_OVERVIEW, 'How do pool emissions work?'), v2('pool/src/emissions/manager.rs', 'set_pool_emissions')],
    [],
    PoolError.BadRequest,
    {
      model: ['model/pool/manager.ts#setEmissionsConfig'],
      gap: "applies to pool.set_emissions_config with a res_type over 1, an unknown reserve or a share of 0; expects the pool's BadRequest (1200) and the configuration unchanged",
    },
  ),
  r(
    'POOL-REQUEST',
    "A pool request (supply, withdraw, borrow, repay) names one of the pool's reserves and a non-negative amount that moves some b or d tokens.",
    [v2('pool/src/pool/actions.rs', 'build_actions_from_request'), v2('pool/src/pool/user.rs', 'add_collateral')],
    [],
    PoolError.InvalidBTokenMintAmount,
    {
      model: ['model/pool/positions.ts#submit'],
      lockstepOnly:
        'not an emission rule but the vehicle of one: requests move the b and d token balances that reserve emissions accrue on; the lockstep compares every reply and position with the model, and BLND-POOL-001/002 check the emissions on those balances',
    },
  ),
  r(
    'POOL-EPS',
    'A pool gulp spreads its BLND over its configured reserve tokens by share, each over 7 days.',
    [doc(EM, 'Distributing Emissions'), v2('pool/src/emissions/manager.rs', 'do_gulp_emissions')],
    ['EMISSION_PERIOD', 'SCALAR_7'],
    undefined,
    {
      model: ['model/pool/manager.ts#gulpEmissions'],
    },
  ),
  r(
    'POOL-CLAIM',
    'A pool claim pays the accrued BLND directly to the user and zeroes it.',
    [
      seed(SEED_OVERVIEW, 'How do pool emissions work?', 'During claim, the accrued BLND is sent directly to the user.'),
      v2('pool/src/emissions/distributor.rs', 'execute_claim'),
    ],
    [],
    TokenError.AllowanceError,
    {
      model: ['model/pool/distributor.ts#claim'],
    },
  ),
  r(
    'ROUND-FLOOR',
    'Every fixed-point step rounds down, so no payment exceeds its exact amount.',
    [v2(MGR, 'distribute', 'fixed_mul_floor')],
    ['SCALAR_7', 'SCALAR_14'],
    undefined,
    {
      model: ['model/math.ts#fixedMulFloor', 'model/math.ts#fixedDivFloor'],
    },
  ),
  r(
    'I128',
    'Amounts are i128 and every overflow panics.',
    [v2('backstop/src/contract.rs', 'Cargo profile overflow-checks = true')],
    ['I128_MAX'],
    undefined,
    {
      model: ['model/math.ts#i128', 'model/math.ts#add', 'model/math.ts#mul'],
      lockstepOnly:
        "an overflow is a panic, not a state: the model checks its i128 arithmetic where the contracts can overflow (model/math.ts), and the lockstep compares each reply, a panic included, with the implementation's; no state after a step can show an overflow that did not panic",
    },
  ),
];

/** The generated catalogue of rules and properties (scripts/catalogue.ts), from the repository root. */
export const CATALOGUE_PATH = 'docs/catalogue.md';

/** A rule's anchor in docs/catalogue.md (its heading `### <ID>`, as GitHub makes anchors). */
export const ruleAnchor = (id: string): string => id.toLowerCase();

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((x) => x.id));
