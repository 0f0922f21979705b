/**
 * Where the documents contradict each other or the deployed contracts. Each entry records every
 * reading with its source; profiles say which one they take (spec/profiles.ts `choice`).
 */
import { doc, seed, v1, v2, type Source, SEED_DISTRIBUTION, SEED_DISTRIBUTION_OLD, SEED_OVERVIEW } from './sources.ts';

export interface Divergence {
  readonly id: string;
  readonly rule: string;
  readonly readings: readonly { readonly says: string; readonly source: Source }[];
}

const MGR = 'backstop/src/emissions/manager.rs';

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
];
