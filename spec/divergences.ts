/**
 * Where the documents contradict each other or the deployed contracts. Each entry records every
 * reading with its source; profiles say which one they take (spec/profiles.ts `choice`).
 */
import type { Action } from './actions.ts';
import type { WorldConfig } from './worlds.ts';
import type { ProfileName } from './profiles.ts';
import { doc, seed, v1, v2, type Source, SEED_DISTRIBUTION, SEED_DISTRIBUTION_OLD, SEED_OVERVIEW } from './sources.ts';

/**
 * A minimal sequence that shows a divergence: run on the generated world, every action but the
 * last is accepted and the last gets a different answer under the profiles named
 * (test/model/divergences.test.ts replays it on the model; test/soroban/witnesses.test.ts on the
 * real v2 contracts through the Soroban driver, which give the `blend-v2` answer; `blend-harness
 * check --profile documented` replays it on the implementation checked).
 */
export interface Witness {
  readonly world: WorldConfig;
  readonly actions: readonly Action[];
  /** The last action's answer under each profile: `ok`, or the error `Contract#code Name` (spec/errors.ts formatError). */
  readonly answers: Readonly<Partial<Record<ProfileName, string>>>;
  /** How it was found. */
  readonly found: string;
}

export interface Reading {
  readonly says: string;
  /** A seed or docs page (the documents' reading; its `quote` is the sentence), or a contract file and function. */
  readonly source: Source;
}

export interface Divergence {
  readonly id: string;
  readonly rule: string;
  readonly readings: readonly Reading[];
  /** Where the profiles answer differently: a sequence that shows it. */
  readonly witness?: Witness;
  /**
   * Without a witness: why no sequence separates the `documented` profile from the deployed
   * contracts (e.g. the documents contradict each other and the profile takes the reading the
   * contracts follow). Every entry has a witness or this.
   */
  readonly noWitness?: string;
}

/** The profiles that follow deployed contracts (the documents' profile is `documented`). */
export const CONTRACT_PROFILES: readonly ProfileName[] = ['blend-v1', 'blend-v2'];

/** Divergences whose witness answers differently under `documented` and `profile` (default: the deployed v2 contracts). */
export function witnessedAgainst(profile: ProfileName = 'blend-v2'): Divergence[] {
  return DIVERGENCES.filter((d) => {
    const a = d.witness?.answers;
    return a !== undefined && a.documented !== undefined && a[profile] !== undefined && a.documented !== a[profile];
  });
}

/** The documents' readings (seeds, docs pages) and the contracts' (contract files), in the entry's order. */
export function readingsOf(d: Divergence): { documents: Reading[]; contracts: Reading[] } {
  return {
    documents: d.readings.filter((r) => r.source.kind !== 'contract'),
    contracts: d.readings.filter((r) => r.source.kind === 'contract'),
  };
}

/** The check's default world (src/run.ts DEFAULT_WORLD): 10 users, 5 pools of 2 reserves, reward zone 1 short of full. */
export const CHECK_WORLD: WorldConfig = { users: 10, pools: 5, start: 1_736_780_911n, rewardZoneGap: 1 };
/**
 * A world whose reward zone starts empty (no filler pools), so that its length is the same under
 * every profile: 47 pools, 32 of them the current backstop's own (P<i> with i % 3 != 2), one user.
 */
export const EMPTY_ZONE_WORLD: WorldConfig = { users: 1, pools: 47, start: 1_736_780_911n, rewardZoneGap: null };
/** LP tokens that take one generated pool over the v2 threshold (100k^5) at 5 BLND and 0.1 USDC per LP: 50,000 LP. */
const ABOVE_THRESHOLD = 50_000n * 10_000_000n;
const DEPOSIT = (pool: string) => ({ fn: 'backstop.deposit', backstop: 'backstop', from: 'U0', pool, amount: ABOVE_THRESHOLD }) as const;
const ADD = (pool: string) => ({ fn: 'backstop.add_reward', backstop: 'backstop', toAdd: pool, toRemove: undefined }) as const;
/** The current backstop's own pools of EMPTY_ZONE_WORLD (P0, P1, P3, P4, ...): the first 31. */
const OWN_31 = Array.from({ length: 47 }, (_, i) => i)
  .filter((i) => i % 3 !== 2)
  .slice(0, 31)
  .map((i) => `P${i}`);
const SEEN_ON_DRIVER =
  'the model per profile (test/model/divergences.test.ts) and the real v2 contracts through the Soroban driver (test/soroban/witnesses.test.ts)';
const EMISSIONS_PAGE = 'tech-docs/core-contracts/lending-pool/emission-management.md';
const POOLS_GULP =
  "Pools then can run `gulp_emissions()` to claim these allocated BLND tokens and setup emissions for both it's backstop depositors and pool users.";
const DOCUMENTS_SILENT = "the documents name no error for it; the `documented` profile keeps the model's reading";

const MGR = 'backstop/src/emissions/manager.rs';
const FUND = 'tech-docs/core-contracts/lending-pool/fund-management.md';

export const DIVERGENCES: readonly Divergence[] = [
  {
    id: 'DIV-RZ-SIZE',
    rule: 'RZ-MAX',
    readings: [
      {
        says: 'the reward zone holds 50 pools',
        source: seed(SEED_DISTRIBUTION, 'Reward Zone Length', 'The number of pools that can be added to the reward zone is 50.'),
      },
      {
        says: 'it starts at 10 and increases by one approximately every 3 months',
        source: seed(
          SEED_DISTRIBUTION_OLD,
          'Reward Zone Length',
          'The number of pools that can be added to the reward zone starts at 10 and increases by one approximately every 3 months.',
        ),
      },
      { says: 'v1: 10 + ((now - 1713139200) >> 23), one more every 2^23 s (~97 days)', source: v1(MGR, 'add_to_reward_zone') },
      { says: 'v2: MAX_RZ_SIZE = 30', source: v2('backstop/src/constants.rs', 'MAX_RZ_SIZE', 'pub const MAX_RZ_SIZE: u32 = 30;') },
    ],
    witness: {
      world: EMPTY_ZONE_WORLD,
      // a first distribution (it allocates nothing) opens the v2 edit window; then 31 pools, each
      // funded above the threshold, are added: the 31st fills a zone of 50 and overfills one of 30
      actions: [{ fn: 'backstop.distribute', backstop: 'backstop' }, ...OWN_31.flatMap((p) => [DEPOSIT(p), ADD(p)])],
      answers: { documented: 'ok', 'blend-v2': 'Backstop#1009 RewardZoneFull' },
      found: `written for this page; replayed on ${SEEN_ON_DRIVER}`,
    },
  },
  {
    id: 'DIV-CLAIM-TO',
    rule: 'CLAIM-LP',
    readings: [
      {
        says: 'claim(from, pool_addresses, min_lp_tokens_out): no recipient',
        source: seed(
          SEED_DISTRIBUTION,
          'Emission Claims',
          'fn claim(e: Env, from: Address, pool_addresses: Vec<Address>, min_lp_tokens_out: i128) -> i128;',
        ),
      },
      {
        says: 'users can claim and deposit on behalf of another user with a `to` parameter',
        source: seed(SEED_DISTRIBUTION, 'Emission Claims', 'by specifying the user in the `to` parameter in the `claim()` function'),
      },
      { says: 'v1: claim(from, pool_addresses, to), LP min out 0', source: v1('backstop/src/emissions/claim.rs', 'execute_claim') },
    ],
    noWitness:
      'the documents contradict each other; the `documented` profile takes the documented signature, which the v2 contracts have (no `to`: the LP shares go to `from` under both)',
  },
  {
    id: 'DIV-CLAIM-TO-ACCRUAL',
    rule: 'CLAIM-EXACT',
    readings: [
      {
        says: 'claimed emissions are deposited into the backstop for the recipient; accrual is on shares held while emissions ran',
        source: seed(
          SEED_DISTRIBUTION,
          'Emission Claims',
          'All claimed emissions are automatically deposited into the backstop and allocated to the pool they were earned in.',
        ),
      },
      {
        says: 'v1: execute_claim adds the LP shares to `to` without first updating `to`\'s emissions, so `to` later accrues on them from its old index, or on its whole balance times the pool index when it had no emission data ("historical emissions"): more than was emitted to depositors. Witness (blend-harness run --profile blend-v1 --seed 5, BLND-CONS-002): deposit(U3, P0), advance 21 d, emitter.distribute, gulp_emissions, advance 17 d, claim(from: U3, [P0], to: U1), queue_withdrawal(U1, P0, 0) — depositors of P0 then hold 1 stroop more than was gulped to them',
        source: v1('backstop/src/emissions/claim.rs', 'execute_claim'),
      },
      {
        says: 'v2: no `to`; the shares go to `from`, whose emissions the claim has just updated',
        source: v2('backstop/src/emissions/claim.rs', 'execute_claim'),
      },
    ],
    noWitness:
      'v1 only: a known defect of the deployed v1 backstop (spec/known-defects.ts V1-CLAIM-TO, C4 2025-02 H-02, with a witness replayed on its bytecode from the mainnet snapshot); v2 has no `to` and accrues as documented',
  },
  {
    id: 'DIV-FLOW',
    rule: 'DIST-PRORATA',
    readings: [
      {
        says: 'the backstop distribute() allocates to reward-zone pools; each pool gulp_emissions() sets up emissions',
        source: seed(
          SEED_OVERVIEW,
          'What are emissions in Blend?',
          'The backstop allocates the incoming BLND from the `emitter` to the reward zone pools with the `distribute()` function.',
        ),
      },
      {
        says: "one gulp_emissions() computes new emissions from the emitter's time, splits 70/30 and sets EPS",
        source: seed(
          SEED_DISTRIBUTION,
          'Emission Distribution',
          'Emissions are distributed to backstop depositors and pools by calling the `gulp_emissions()` function which:',
        ),
      },
      {
        says: 'v1: backstop gulp_emissions() allocates, splits and sets every EPS; pools take their 30% with gulp_pool_emissions',
        source: v1(MGR, 'gulp_emissions'),
      },
      {
        says: 'v2: backstop distribute() allocates; backstop gulp_emissions(pool) splits 70/30 once a day per pool',
        source: v2(MGR, 'gulp_emissions'),
      },
    ],
    noWitness:
      "the documents contradict each other; the `documented` profile takes the flow of seeds/000, which is v2's (its once-a-day limit is DIV-POOL-DAILY)",
  },
  {
    id: 'DIV-GULP-INTERVAL',
    rule: 'DIST-INTERVAL',
    readings: [
      {
        says: "at least one hour between the emitter's and the backstop's last distribution times",
        source: seed(
          SEED_DISTRIBUTION,
          'Emission Distribution',
          'At least one hour must have passed between `emitter_last_distribution_time` and `backstop_last_distribution_time` or this `gulp_emissions()` will fail.',
        ),
      },
      {
        says: 'v1: strictly more than one hour',
        source: v1(MGR, 'gulp_emissions', 'if emitter_last_distribution <= (last_distribution + 60 * 60)'),
      },
      { says: 'v2: at least 5 seconds', source: v2(MGR, 'distribute', 'if emitter_last_distribution - last_distribution < 5') },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [{ fn: 'advance_time', seconds: 5n }, { fn: 'emitter.distribute' }, { fn: 'backstop.distribute', backstop: 'backstop' }],
      answers: { documented: 'Backstop#1000 BadRequest', 'blend-v2': 'ok' },
      found: `written for this page; replayed on ${SEEN_ON_DRIVER}`,
    },
  },
  {
    id: 'DIV-Q4W-LOCK',
    rule: 'Q4W-LOCK',
    readings: [
      {
        says: '17-day withdrawal queue',
        source: doc(
          'tech-docs/core-contracts/backstop/deposit-management.md',
          'Withdrawals',
          'User waits for the 17-day withdrawal queue to expire',
        ),
      },
      { says: 'v1: 21 days', source: v1('backstop/src/constants.rs', 'Q4W_LOCK_TIME') },
      {
        says: 'v2: 17 days, as documented',
        source: v2('backstop/src/constants.rs', 'Q4W_LOCK_TIME', 'pub const Q4W_LOCK_TIME: u64 = 17 * 24 * 60 * 60;'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [
        { fn: 'backstop.deposit', backstop: 'backstop', from: 'U0', pool: 'P0', amount: 10_000_000n },
        { fn: 'backstop.queue_withdrawal', backstop: 'backstop', from: 'U0', pool: 'P0', amount: 10_000_000n },
        { fn: 'advance_time', seconds: 17n * 24n * 3600n },
        { fn: 'backstop.withdraw', backstop: 'backstop', from: 'U0', pool: 'P0', amount: 10_000_000n },
      ],
      answers: { documented: 'ok', 'blend-v1': 'Backstop#1001 NotExpired', 'blend-v2': 'ok' },
      found: 'written for this page: v1 only, the deployed v2 contracts lock for 17 days as documented',
    },
  },
  {
    id: 'DIV-DROP-AMOUNT',
    rule: 'DROP-MAX',
    readings: [
      {
        says: 'drops are fixed 50 million token emissions',
        source: doc('tech-docs/core-contracts/emitter/blend-distribution.md', 'Drop Emissions'),
      },
      {
        says: 'a distribution of up to 50 million BLND',
        source: seed(SEED_OVERVIEW, 'Backfilled emissions', 'This is a distribution of up to 50 million BLND tokens.'),
      },
      { says: 'the emitter mints the listed amounts, failing above 50M', source: v1('emitter/src/emitter.rs', 'execute_drop') },
    ],
    noWitness:
      'the documents contradict each other ("fixed" and "up to" 50 million); every profile takes "up to 50M", which the emitter (v1\'s, kept by v2) enforces',
  },
  {
    id: 'DIV-CLAIM-DESTINATION',
    rule: 'CLAIM-EXACT',
    readings: [
      {
        says: "claim() transfers the user's earned emissions to the user",
        source: seed(
          SEED_DISTRIBUTION,
          'Emission Claims',
          "Backstop depositors can claim their emissions by calling the `claim()` function which transfers the user's earned emissions for all input pool addresses to the user and reduces the user's accrued emissions to 0.",
        ),
      },
      {
        says: "the BLND is deposited into the LP and the LP tokens into the pool's backstop for the user",
        source: seed(
          SEED_OVERVIEW,
          'How do backstop emissions work?',
          "During claim, the BLND tokens earned are used to mint additional backstop tokens, and automatically deposited into the pool's backstop for the user.",
        ),
      },
      {
        says: "v2: the claimed BLND is deposited into the Comet BLND:USDC LP and the LP tokens into the pool's backstop for `from` (v1 likewise, for `to`)",
        source: v2('backstop/src/emissions/claim.rs', 'execute_claim'),
      },
    ],
    noWitness: 'the documents contradict each other; every profile takes the LP deposit of seeds/000, which the contracts make',
  },
  {
    id: 'DIV-POOL-DAILY',
    rule: 'GULP-DAILY',
    readings: [
      { says: 'no limit is documented on how often a pool gulps', source: doc(EMISSIONS_PAGE, 'Distributing Emissions') },
      {
        says: 'pools gulp their allocated BLND, with no limit on how often',
        source: seed(SEED_OVERVIEW, 'What are emissions in Blend?', POOLS_GULP),
      },
      {
        says: 'v2: at most once per 24 hours per pool',
        source: v2(MGR, 'gulp_emissions', 'if new_emissions.last_time > e.ledger().timestamp() - 24 * 60 * 60 {'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [
        { fn: 'advance_time', seconds: 3600n },
        { fn: 'emitter.distribute' },
        { fn: 'backstop.distribute', backstop: 'backstop' },
        { fn: 'pool.gulp_emissions', pool: 'P0' },
        { fn: 'pool.gulp_emissions', pool: 'P0' },
      ],
      answers: { documented: 'ok', 'blend-v2': 'Backstop#1000 BadRequest' },
      found: `written for this page; replayed on ${SEEN_ON_DRIVER}`,
    },
  },
  {
    id: 'DIV-POOL-GULP-MINIMUM',
    rule: 'GULP-POOL-MIN',
    readings: [
      {
        says: 'a pool gulps whatever BLND it was allocated: no minimum is documented',
        source: seed(SEED_OVERVIEW, 'What are emissions in Blend?', POOLS_GULP),
      },
      {
        says: "v2: a pool gulp of less than 1 BLND fails with the pool's BadRequest (Pool#1200), leaving the allocation for a later gulp; on a fresh pool, with nothing allocated, that is the first gulp",
        source: v2('pool/src/emissions/manager.rs', 'do_gulp_emissions', 'if new_emissions < SCALAR_7 {'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [{ fn: 'pool.gulp_emissions', pool: 'P0' }],
      answers: { documented: 'ok', 'blend-v2': 'Pool#1200 BadRequest' },
      found: `written for this page (the profiles differed on it without an entry here); replayed on ${SEEN_ON_DRIVER}`,
    },
  },
  {
    id: 'DIV-RZ-EDIT-WINDOW',
    rule: 'RZ-EDIT-WINDOW',
    readings: [
      {
        says: 'no time rule on add_reward is documented: a pool above the threshold is added while the zone has room',
        source: seed(
          SEED_DISTRIBUTION,
          'Adding Pools to the Reward Zone',
          'Pools can be added to the Reward Zone by calling the `add_reward()` function. This function intakes a potential pool to drop from the reward zone and attempts the addition with the following process:',
        ),
      },
      {
        says: 'v2: reward-zone edits only within an hour of a distribution',
        source: v2(MGR, 'require_distribute_run_recently', 'if last_distribution < e.ledger().timestamp() - 60 * 60 {'),
      },
      { says: 'v1: a swap-out needs a distribution within 24 hours', source: v1(MGR, 'add_to_reward_zone') },
    ],
    witness: {
      world: CHECK_WORLD,
      // P3 is the current backstop's, outside its zone; the last distribution was at genesis
      actions: [DEPOSIT('P3'), { fn: 'advance_time', seconds: 3601n }, ADD('P3')],
      answers: { documented: 'ok', 'blend-v2': 'Backstop#1000 BadRequest' },
      found: `written for this page; replayed on ${SEEN_ON_DRIVER}`,
    },
  },
  {
    id: 'DIV-DROP-AUTH',
    rule: 'DROP-AUTH',
    readings: [
      {
        says: `the listed backstop must call drop() (${DOCUMENTS_SILENT}: the emitter refuses any other caller with its own UnauthorizedError, Emitter#4)`,
        source: doc(
          'tech-docs/core-contracts/emitter/blend-distribution.md',
          'Drop Emissions',
          'The listed Backstop contract must call `` drop()` ``',
        ),
      },
      {
        says: "v1 and v2 (one emitter): `backstop.require_auth()` on the emitter's current backstop; a drop by another backstop fails in the host's authorization, Error(Auth, InvalidAction), which the check protocol carries as WasmVm#6. The emitter never raises UnauthorizedError",
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
      {
        says: `a request names one of the pool's reserves (${DOCUMENTS_SILENT}: BadRequest, Pool#1200, as set_emissions_config and claim answer an unknown reserve)`,
        source: doc(FUND, 'Requests', 'pub address: Address, // asset or liquidatee address'),
      },
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
      {
        says: `a request moves an amount of the asset (${DOCUMENTS_SILENT}: a negative amount is rejected as 0 is, by the b/d-token amount checks, Pool#1216 to Pool#1219)`,
        source: doc(FUND, 'Requests', 'pub amount: i128,'),
      },
      {
        says: 'v2: `require_nonnegative(request.amount)` runs first, before the reserve is loaded or the pool status checked: NegativeAmountError, Pool#8',
        source: v2('pool/src/validator.rs', 'require_nonnegative', 'panic_with_error!(e, PoolError::NegativeAmountError);'),
      },
    ],
    witness: {
      world: CHECK_WORLD,
      actions: [{ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: -1n }],
      answers: {
        documented: 'Pool#1216 InvalidBTokenMintAmount',
        'blend-v1': 'Pool#8 NegativeAmountError',
        'blend-v2': 'Pool#8 NegativeAmountError',
      },
      found: 'blend-harness check --impl <soroban driver> --profile blend-v2 --runs 20 --steps 50 --seed 1 (shrunk to this 1 step)',
    },
  },
];
