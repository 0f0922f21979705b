/**
 * Where the documents contradict each other or the deployed contracts. Each entry records every
 * reading with its source; profiles say which one they take (spec/profiles.ts `choice`).
 */
import type { Action } from '../model/actions.ts';
import type { WorldConfig } from '../model/world.ts';
import type { ProfileName } from './profiles.ts';
import { doc, seed, v1, v2, type Source, SEED_DISTRIBUTION, SEED_DISTRIBUTION_OLD, SEED_OVERVIEW } from './sources.ts';

/**
 * A minimal sequence that shows a divergence: run on the generated world, its last action gets a
 * different answer under the profiles named (test/model/divergences.test.ts replays it; the
 * Soroban driver gives the `blend-v2` answer, adapters/soroban/scripts/divergences.jsonl).
 */
export interface Witness {
  readonly world: WorldConfig;
  readonly actions: readonly Action[];
  /** The last action's error under each profile (`Contract#code Name`, spec/errors.ts formatError). */
  readonly answers: Readonly<Partial<Record<ProfileName, string>>>;
  /** How it was found. */
  readonly found: string;
}

export interface Divergence {
  readonly id: string;
  readonly rule: string;
  readonly readings: readonly { readonly says: string; readonly source: Source }[];
  readonly witness?: Witness;
}

/** The check's default world (src/run.ts DEFAULT_WORLD): 10 users, 5 pools of 2 reserves, reward zone 1 short of full. */
const CHECK_WORLD: WorldConfig = { users: 10, pools: 5, start: 1_736_780_911n, rewardZoneGap: 1 };
const DOCUMENTS_SILENT = 'the documents name no error for it; the `documented` profile keeps the model\'s reading';

const MGR = 'backstop/src/emissions/manager.rs';
const FUND = 'tech-docs/core-contracts/lending-pool/fund-management.md';

export const DIVERGENCES: readonly Divergence[] = [
  {
    id: 'DIV-RZ-SIZE',
    rule: 'RZ-MAX',
    readings: [
      { says: 'the reward zone holds 50 pools', source: seed(SEED_DISTRIBUTION, 'Reward Zone Length', 'The number of pools that can be added to the reward zone is 50.') },
      { says: 'it starts at 10 and increases by one approximately every 3 months', source: seed(SEED_DISTRIBUTION_OLD, 'Reward Zone Length') },
      { says: 'v1: 10 + ((now - 1713139200) >> 23), one more every 2^23 s (~97 days)', source: v1(MGR, 'add_to_reward_zone') },
      { says: 'v2: MAX_RZ_SIZE = 30', source: v2('backstop/src/constants.rs', 'MAX_RZ_SIZE') },
    ],
  },
  {
    id: 'DIV-CLAIM-TO',
    rule: 'CLAIM-LP',
    readings: [
      { says: 'claim(from, pool_addresses, min_lp_tokens_out): no recipient', source: seed(SEED_DISTRIBUTION, 'Emission Claims', 'fn claim(e: Env, from: Address, pool_addresses: Vec<Address>, min_lp_tokens_out: i128) -> i128;') },
      { says: 'users can claim and deposit on behalf of another user with a `to` parameter', source: seed(SEED_DISTRIBUTION, 'Emission Claims', 'by specifying the user in the `to` parameter in the `claim()` function') },
      { says: 'v1: claim(from, pool_addresses, to), LP min out 0', source: v1('backstop/src/emissions/claim.rs', 'execute_claim') },
    ],
  },
  {
    id: 'DIV-CLAIM-TO-ACCRUAL',
    rule: 'CLAIM-EXACT',
    readings: [
      { says: 'claimed emissions are deposited into the backstop for the recipient; accrual is on shares held while emissions ran', source: seed(SEED_DISTRIBUTION, 'Emission Claims') },
      {
        says: 'v1: execute_claim adds the LP shares to `to` without first updating `to`\'s emissions, so `to` later accrues on them from its old index, or on its whole balance times the pool index when it had no emission data ("historical emissions"): more than was emitted to depositors. Witness (blend-harness run --profile blend-v1 --seed 5, BLND-CONS-002): deposit(U3, P0), advance 21 d, emitter.distribute, gulp_emissions, advance 17 d, claim(from: U3, [P0], to: U1), queue_withdrawal(U1, P0, 0) — depositors of P0 then hold 1 stroop more than was gulped to them',
        source: v1('backstop/src/emissions/claim.rs', 'execute_claim'),
      },
      { says: 'v2: no `to`; the shares go to `from`, whose emissions the claim has just updated', source: v2('backstop/src/emissions/claim.rs', 'execute_claim') },
    ],
  },
  {
    id: 'DIV-FLOW',
    rule: 'DIST-PRORATA',
    readings: [
      { says: 'the backstop distribute() allocates to reward-zone pools; each pool gulp_emissions() sets up emissions', source: seed(SEED_OVERVIEW, 'What are emissions in Blend?') },
      { says: 'one gulp_emissions() computes new emissions from the emitter\'s time, splits 70/30 and sets EPS', source: seed(SEED_DISTRIBUTION, 'Emission Distribution') },
      { says: 'v1: backstop gulp_emissions() allocates, splits and sets every EPS; pools take their 30% with gulp_pool_emissions', source: v1(MGR, 'gulp_emissions') },
      { says: 'v2: backstop distribute() allocates; backstop gulp_emissions(pool) splits 70/30 once a day per pool', source: v2(MGR, 'gulp_emissions') },
    ],
  },
  {
    id: 'DIV-GULP-INTERVAL',
    rule: 'DIST-INTERVAL',
    readings: [
      { says: 'at least one hour between the emitter\'s and the backstop\'s last distribution times', source: seed(SEED_DISTRIBUTION, 'Emission Distribution') },
      { says: 'v1: strictly more than one hour', source: v1(MGR, 'gulp_emissions', 'if emitter_last_distribution <= (last_distribution + 60 * 60)') },
      { says: 'v2: at least 5 seconds', source: v2(MGR, 'distribute', 'if emitter_last_distribution - last_distribution < 5') },
    ],
  },
  {
    id: 'DIV-Q4W-LOCK',
    rule: 'Q4W-LOCK',
    readings: [
      { says: '17-day withdrawal queue', source: doc('tech-docs/core-contracts/backstop/deposit-management.md', 'Withdrawals') },
      { says: 'v1: 21 days', source: v1('backstop/src/constants.rs', 'Q4W_LOCK_TIME') },
    ],
  },
  {
    id: 'DIV-DROP-AMOUNT',
    rule: 'DROP-MAX',
    readings: [
      { says: 'drops are fixed 50 million token emissions', source: doc('tech-docs/core-contracts/emitter/blend-distribution.md', 'Drop Emissions') },
      { says: 'a distribution of up to 50 million BLND', source: seed(SEED_OVERVIEW, 'Backfilled emissions') },
      { says: 'the emitter mints the listed amounts, failing above 50M', source: v1('emitter/src/emitter.rs', 'execute_drop') },
    ],
  },
  {
    id: 'DIV-CLAIM-DESTINATION',
    rule: 'CLAIM-EXACT',
    readings: [
      { says: 'claim() transfers the user\'s earned emissions to the user', source: seed(SEED_DISTRIBUTION, 'Emission Claims') },
      { says: 'the BLND is deposited into the LP and the LP tokens into the pool\'s backstop for the user', source: seed(SEED_OVERVIEW, 'How do backstop emissions work?') },
    ],
  },
  {
    id: 'DIV-POOL-DAILY',
    rule: 'GULP-DAILY',
    readings: [
      { says: 'no limit is documented on how often a pool gulps', source: doc('tech-docs/core-contracts/lending-pool/emission-management.md', 'Distributing Emissions') },
      { says: 'v2: at most once per 24 hours per pool', source: v2(MGR, 'gulp_emissions') },
    ],
  },
  {
    id: 'DIV-RZ-EDIT-WINDOW',
    rule: 'RZ-EDIT-WINDOW',
    readings: [
      { says: 'no time rule on add_reward is documented', source: seed(SEED_DISTRIBUTION, 'Adding Pools to the Reward Zone') },
      { says: 'v2: reward-zone edits only within an hour of a distribution', source: v2(MGR, 'require_distribute_run_recently') },
      { says: 'v1: a swap-out needs a distribution within 24 hours', source: v1(MGR, 'add_to_reward_zone') },
    ],
  },
  {
    id: 'DIV-DROP-AUTH',
    rule: 'DROP-AUTH',
    readings: [
      { says: `the listed backstop must call drop() (${DOCUMENTS_SILENT}: the emitter refuses any other caller with its own UnauthorizedError, Emitter#4)`, source: doc('tech-docs/core-contracts/emitter/blend-distribution.md', 'Drop Emissions', 'The listed Backstop contract must call `` drop()` ``') },
      {
        says: 'v1 and v2 (one emitter): `backstop.require_auth()` on the emitter\'s current backstop; a drop by another backstop fails in the host\'s authorization, Error(Auth, InvalidAction), which the check protocol carries as WasmVm#6. The emitter never raises UnauthorizedError',
        source: v1('emitter/src/emitter.rs', 'execute_drop', 'backstop.require_auth();'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [{ fn: 'backstop.drop', backstop: 'backstop_next' }],
      answers: { documented: 'Emitter#4 UnauthorizedError', 'blend-v1': 'WasmVm#6 InvalidAction', 'blend-v2': 'WasmVm#6 InvalidAction' },
      found: 'adapters/soroban/scripts/short.jsonl #41 (compare.ts), and blend-harness check against the Soroban driver',
    },
  },
  {
    id: 'DIV-POOL-UNKNOWN-RESERVE',
    rule: 'POOL-REQUEST',
    readings: [
      { says: `a request names one of the pool's reserves (${DOCUMENTS_SILENT}: BadRequest, Pool#1200, as set_emissions_config and claim answer an unknown reserve)`, source: doc(FUND, 'Requests', 'pub address: Address, // asset or liquidatee address') },
      {
        says: 'v2: the request is applied to the asset as given; loading a reserve the pool does not have extends the TTL of a missing ResConfig entry, Error(Storage, MissingValue), WasmVm#3 over the protocol',
        source: v2('pool/src/storage.rs', 'get_res_config', '.extend_ttl(&key, LEDGER_THRESHOLD_SHARED, LEDGER_BUMP_SHARED)'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [{ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 2, amount: 1n }],
      answers: { documented: 'Pool#1200 BadRequest', 'blend-v1': 'WasmVm#3 MissingValue', 'blend-v2': 'WasmVm#3 MissingValue' },
      found: 'adapters/soroban/scripts/edge.jsonl (compare.ts): the generators pick only existing reserves',
    },
  },
  {
    id: 'DIV-POOL-NEGATIVE-AMOUNT',
    rule: 'POOL-REQUEST',
    readings: [
      { says: `a request moves an amount of the asset (${DOCUMENTS_SILENT}: a negative amount is rejected as 0 is, by the b/d-token amount checks, Pool#1216 to Pool#1219)`, source: doc(FUND, 'Requests', 'pub amount: i128,') },
      {
        says: 'v2: `require_nonnegative(request.amount)` runs first, before the reserve is loaded or the pool status checked: NegativeAmountError, Pool#8',
        source: v2('pool/src/validator.rs', 'require_nonnegative', 'panic_with_error!(e, PoolError::NegativeAmountError);'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [{ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: -1n }],
      answers: { documented: 'Pool#1216 InvalidBTokenMintAmount', 'blend-v1': 'Pool#8 NegativeAmountError', 'blend-v2': 'Pool#8 NegativeAmountError' },
      found: 'blend-harness check --impl <soroban driver> --profile blend-v2 --runs 20 --steps 50 --seed 1 (shrunk to this 1 step)',
    },
  },
];
