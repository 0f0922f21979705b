/**
 * Known defects of a deployed version: behaviour of the deployed contracts that their own later
 * versions (or an audit) call a bug. A profile that follows those contracts reproduces the defect
 * to the stroop (fidelity), and the properties the defect breaks report it as a "known defect" of
 * that profile instead of passing silently or failing the run (properties/types.ts `knownDefect`).
 *
 * Each defect has a witness: steps from the mainnet ledger snapshot (../shared/data, whose v1
 * backstop runs the deployed bytecode, WASM sha256 `62f61b32…` = blend-contracts v1.0.0's
 * blend-contract-sdk/wasm/backstop.wasm) with the replies and state fields that show the defect,
 * stroop-exact. test/soroban/known-defects.test.ts replays each witness on that bytecode through
 * the Soroban driver and on the model under the profiles named, and expects both to give them.
 */
import type { Action } from './actions.ts';
import type { ProfileName } from './profiles.ts';
import { v1, v2, type Source } from './sources.ts';

/** The mainnet snapshot the witnesses start from (a file of ../shared/data). */
export const DEFECT_SNAPSHOT = 'mainnet-55261759-snapshot.json';
/** The deployed v1 backstop's WASM in that snapshot (sha256): blend-contracts tag v1.0.0 (1c1daba), blend-contract-sdk/wasm/backstop.wasm. */
export const V1_BACKSTOP_WASM = '62f61b32fff99f7eec052a8e573c367759f161c481a5caf0e76a10ae4617c3b4';

/** The snapshot's v1 backstop, one of its reward-zone pools and the largest depositor of that pool. */
const BACKSTOP_V1 = 'CAO3AGAMZVRMHITL36EJ2VZQWKYRPWMQAPDQD5YEOF3GIF7T44U4JAL3';
const POOL = 'CDVQVKOY2YSXS2IC7KN6MNASSHPAO7UN2UR2ON4OI2SKMFJNVAMDX6DP';
const DEPOSITOR = 'GDTZSZTGBXPBV4GC7AUYNWUWCAT56CNYSKR7IOIZYNAOPIWCWWHMTIPS';
/** A user the snapshot does not hold (a fresh account on the driver). */
const RECIPIENT = 'recipient';

/** A field of the observable state (docs/protocol.md, src/protocol/state.ts) after a step. */
export interface StateExpectation {
  /** After which step (0-based index into `actions`). */
  readonly after: number;
  /** The keys from the state's root, e.g. ['backstops', <backstop>, 'pools', <pool>, 'balance', 'tokens']. */
  readonly path: readonly string[];
  /** The value there (decimal stroops as the state prints them; null for an absent record). */
  readonly value: string | null | { readonly [k: string]: string };
  /** What it shows. */
  readonly says: string;
}

export interface DefectWitness {
  /** The snapshot file (../shared/data) the world is loaded from; profile blend-v1. */
  readonly snapshot: string;
  readonly actions: readonly Action[];
  /** Each step's reply: a return value in stroops (decimal), `null` for none. Every step is accepted. */
  readonly replies: readonly (string | null)[];
  readonly state: readonly StateExpectation[];
}

export interface KnownDefect {
  readonly id: string;
  readonly statement: string;
  /** The profiles whose contracts have it (their model reproduces it). */
  readonly profiles: readonly ProfileName[];
  /** The audit finding that reported it, if one did. */
  readonly finding?: { readonly title: string; readonly url: string };
  /** The contract file and function that have it, and the fixed version's. */
  readonly source: Source;
  readonly fixedIn: { readonly repo: string; readonly commit: string; readonly url: string; readonly how: string; readonly source: Source };
  /** The properties that report it (their `knownDefects` name it). */
  readonly properties: readonly string[];
  /** The condition a property excuses, and nothing else. */
  readonly condition: string;
  readonly witness: DefectWitness;
}

const user = (u: string, ...rest: string[]): string[] => ['backstops', BACKSTOP_V1, 'pools', POOL, 'users', u, ...rest];
const balance = (f: string): string[] => ['backstops', BACKSTOP_V1, 'pools', POOL, 'balance', f];
const claim = (from: string, pools: string[], to: string): Action => ({
  fn: 'backstop.claim',
  backstop: BACKSTOP_V1,
  from,
  pools,
  minLpTokensOut: 0n,
  to,
});

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'V1-CLAIM-TO',
    statement:
      "A v1 claim deposits the claimed LP for `to` without first bringing `to`'s emissions to the pool's index: `to` then accrues on those shares from its old index, or, with no emission record, on its whole balance times the pool's index (\"historical emissions\"), BLND that other depositors were due.",
    profiles: ['blend-v1'],
    finding: {
      title: "Code4rena 2025-02 Blend V2 audit, H-02: User can steal other users' emissions due to vulnerable claim implementation",
      url: 'https://code4rena.com/audits/2025-02-blend-v2-audit-certora-formal-verification/submissions/F-8',
    },
    source: v1(
      'backstop/src/emissions/claim.rs',
      'execute_claim',
      'let mut user_balance = storage::get_user_balance(e, &pool_id, to); … user_balance.add_shares(to_mint);',
    ),
    fixedIn: {
      repo: 'blend-capital/blend-contracts-v2',
      commit: '77373e3',
      url: 'https://github.com/blend-capital/blend-contracts-v2/commit/77373e35f8fd91408df9a3f79d1e4443c13e8f4a',
      how: 'the `to` parameter removed (claim(from, pool_addresses, min_lp_tokens_out)): the shares go to `from`, whose emissions the claim has just updated',
      source: v2('backstop/src/emissions/claim.rs', 'execute_claim'),
    },
    properties: ['BLND-CKPT-001', 'BLND-CONS-002'],
    condition:
      "under blend-v1, an accepted backstop claim whose `to` differs from `from`: its recipient's emission record behind the pool's index after the claim (BLND-CKPT-001); later in the run, a pool's depositors over-paid by at most what such claims' new shares accrue from their recipients' old indices, plus 2 stroops of rounding each (BLND-CONS-002)",
    witness: {
      snapshot: DEFECT_SNAPSHOT,
      actions: [{ fn: 'advance_time', seconds: 3_600n }, claim(DEPOSITOR, [POOL], RECIPIENT), claim(RECIPIENT, [POOL], RECIPIENT)],
      replies: [null, '90308087374', '215822129835'],
      state: [
        {
          after: 1,
          path: user(RECIPIENT, 'shares'),
          value: '14738073874',
          says: "the depositor's 9,030.8087374 BLND, as 1,640.6558931 LP, credited to the recipient as shares",
        },
        {
          after: 1,
          path: user(RECIPIENT, 'emission_data'),
          value: null,
          says: "…with no emission record: the recipient's emissions were not brought to the pool's index",
        },
        { after: 1, path: balance('shares'), value: '21457095809825', says: 'the pool holds the new shares' },
        {
          after: 2,
          path: user(RECIPIENT, 'emission_data'),
          value: { accrued: '0', index: '146438491' },
          says: 'the same second, the recipient claims 21,582.2129835 BLND = floor(14,738,073,874 shares x index 146,438,491 / 1e7): the whole index on shares it has held for 0 s',
        },
        {
          after: 2,
          path: user(RECIPIENT, 'shares'),
          value: '49954777000',
          says: "the recipient's own claim deposited for it as well",
        },
      ],
    },
  },
  {
    id: 'V1-CLAIM-DUP',
    statement:
      "A v1 claim that lists a pool twice pays the pool's accrued BLND once, buys its LP, and credits 0 shares: the second listing claims 0 and overwrites the pool's entry in the claims map, so every listing's share of the LP is floor(lp_out x 0 / claimed) = 0. The LP stays in the backstop's balance, in no pool and no user's shares.",
    profiles: ['blend-v1'],
    source: v1(
      'backstop/src/emissions/claim.rs',
      'execute_claim',
      'claims.set(pool_id, claim_amt); … let deposit_amount = lp_tokens_out.fixed_mul_floor(claim_amount, claimed)',
    ),
    fixedIn: {
      repo: 'blend-capital/blend-contracts-v2',
      commit: '1ff1f4d',
      url: 'https://github.com/blend-capital/blend-contracts-v2/commit/1ff1f4d1175112a8d3fae52def9dc4000b5febd0',
      how: 'a pool listed twice is rejected with BadRequest (1000), and a 0 deposit is skipped',
      source: v2('backstop/src/emissions/claim.rs', 'execute_claim'),
    },
    properties: ['BLND-CLAIM-004'],
    condition:
      'under blend-v1, an accepted backstop claim that lists a pool more than once: only the pools it lists more than once are excused',
    witness: {
      snapshot: DEFECT_SNAPSHOT,
      actions: [{ fn: 'advance_time', seconds: 3_600n }, claim(DEPOSITOR, [POOL, POOL], DEPOSITOR)],
      replies: [null, '90308087374'],
      state: [
        {
          after: 1,
          path: ['backstops', BACKSTOP_V1, 'lp_tokens'],
          value: '48219508753379',
          says: 'the backstop holds the 16,406,558,931 LP stroops the 9,030.8087374 BLND bought (was 48,203,102,194,448)…',
        },
        { after: 1, path: balance('tokens'), value: '23869829178771', says: "…but the pool's backstop tokens are unchanged…" },
        { after: 1, path: balance('shares'), value: '21442357735951', says: "…and so are the pool's shares…" },
        {
          after: 1,
          path: user(DEPOSITOR, 'shares'),
          value: '4459064093877',
          says: "…and the depositor's (a single listing credits 14,738,073,874 shares)",
        },
        {
          after: 1,
          path: user(DEPOSITOR, 'emission_data'),
          value: { accrued: '0', index: '146438491' },
          says: "the depositor's accrued emissions are gone",
        },
      ],
    },
  },
];

export const KNOWN_DEFECT_IDS: ReadonlySet<string> = new Set(KNOWN_DEFECTS.map((d) => d.id));

export function knownDefectById(id: string): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((d) => d.id === id);
}
