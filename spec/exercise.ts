/**
 * Rejection paths a spec rule names but a profile cannot reach, with the reason: the
 * minimum-exercise rule (src/exercise.ts) does not ask for them. Every other (action, error) pair
 * of spec/rules.ts (each rule's error) and spec/fields.ts (the rules each action is subject to)
 * must be exercised. Calibrated with `blend-harness run --run-profile pr` under each profile.
 */
import type { ProfileName } from './profiles.ts';

export interface Unreachable {
  /** `action -> Contract#code`. */
  readonly path: string;
  readonly why: string;
}

/** Pairs no profile reaches: the action is subject to the rule, but another call raises its error. */
const STRUCTURAL: readonly Unreachable[] = [
  {
    path: 'backstop.queue_withdrawal -> Backstop#1001',
    why: 'queue_withdrawal sets the Q4W-LOCK expiration; NotExpired is raised by withdraw',
  },
  { path: 'set_lp_price -> Backstop#1002', why: 'a price move changes RZ-THRESHOLD; InvalidRewardZoneEntry is raised by add_reward' },
  {
    path: 'backstop.draw -> Backstop#1005',
    why: 'a draw can leave a pool with shares but no tokens (FUNDS-DRAINED); InvalidShareMintAmount is raised by the deposit into it that follows (BLND-FUNDS-003)',
  },
  {
    path: 'emitter.drop -> Emitter#4',
    why: "emitter.drop is the emitter's drop called under its current backstop's authorisation (the driver's mock auth, the model's caller): no other caller is sent; DROP-AUTH is exercised by backstop.drop from a backstop that is not current",
  },
  {
    path: 'pool.claim -> Token#9',
    why: 'the backstop allowance always covers what a pool gulped (POOL-CLAIM, checked by BLND-POOL-002 and BLND-CONS-001); an AllowanceError would be a bug',
  },
];

export const UNREACHABLE_REJECTIONS: Readonly<Record<ProfileName, readonly Unreachable[]>> = {
  documented: [
    ...STRUCTURAL,
    { path: 'pool.gulp_emissions -> Backstop#1000', why: 'the documents set no minimum time between pool gulps (GULP-DAILY is v2 only)' },
    { path: 'pool.gulp_emissions -> Pool#1200', why: 'the documents set no minimum pool gulp (GULP-POOL-MIN is v2 only)' },
  ],
  'blend-v1': [
    ...STRUCTURAL,
    {
      path: 'backstop.add_reward -> Backstop#1009',
      why: 'v1 has no RewardZoneFull: a full zone swaps out a smaller pool or rejects with InvalidRewardZoneEntry (RZ-FULL is v2 only)',
    },
    { path: 'backstop.claim -> Comet#20', why: 'the v1 claim has no min_lp_tokens_out, so Comet ErrLimitOut is unreachable (CLAIM-LP)' },
    { path: 'pool.gulp_emissions -> Pool#1200', why: 'the v1 profile sets no minimum pool gulp (GULP-POOL-MIN is v2 only)' },
    {
      path: 'backstop.drop -> Emitter#4',
      why: "v1 has the same emitter: a drop by a backstop that is not the emitter's fails its require_auth in the host, WasmVm#6, not a contract error (DROP-AUTH)",
    },
  ],
  'blend-v2': [
    ...STRUCTURAL,
    {
      path: 'backstop.drop -> Emitter#4',
      why: "in the deployed contracts a drop by a backstop that is not the emitter's fails the emitter's require_auth in the host: WasmVm#6, not a contract error (DROP-AUTH)",
    },
  ],
};
