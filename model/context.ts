/**
 * What every model function receives: the world, the profile, the transaction's write log, and
 * the events the call publishes (as the contracts publish them; the properties read them).
 */
import type { Profile } from '../spec/profiles.ts';
import type { Tx } from './tx.ts';
import type { Address, World } from './state.ts';

/** A contract event: `topic` as the contract's first topic symbol, `data` its fields. */
export type ModelEvent =
  | { readonly topic: 'distribute'; readonly contract: 'emitter'; readonly backstop: Address; readonly amount: bigint }
  | {
      readonly topic: 'distribute';
      readonly contract: 'backstop';
      readonly backstop: Address;
      readonly amount: bigint;
      readonly backfill: boolean;
      readonly allocated: readonly (readonly [Address, bigint])[];
    }
  | {
      readonly topic: 'gulp_emissions';
      readonly contract: 'backstop';
      readonly backstop: Address;
      readonly pool: Address;
      readonly accrued: bigint;
      readonly backstopEmissions: bigint;
      readonly poolEmissions: bigint;
    }
  | {
      readonly topic: 'backstop_eps';
      readonly contract: 'backstop';
      readonly backstop: Address;
      readonly pool: Address;
      readonly tokensLeft: bigint;
      readonly eps: bigint;
      readonly expiration: bigint;
    }
  | {
      readonly topic: 'forfeit';
      readonly contract: 'backstop';
      readonly backstop: Address;
      readonly pool: Address;
      readonly seconds: bigint;
      readonly eps: bigint;
    }
  | {
      readonly topic: 'claim';
      readonly contract: 'backstop';
      readonly backstop: Address;
      readonly from: Address;
      readonly to: Address;
      readonly claimed: bigint;
      readonly lpOut: bigint;
      readonly perPool: readonly (readonly [Address, bigint])[];
      readonly blndPerPool: readonly (readonly [Address, bigint])[];
      /**
       * v1, a `to` other than `from`: per pool, the BLND stroops (rounded up) the shares credited to
       * `to` accrue from its emission record's old index (0 without one) up to the pool's index now,
       * because the claim does not update `to`'s emissions (spec/known-defects.ts V1-CLAIM-TO).
       */
      readonly recipientBehind?: readonly (readonly [Address, bigint])[];
    }
  | {
      readonly topic: 'drop';
      readonly contract: 'emitter';
      readonly backstop: Address;
      readonly total: bigint;
      readonly list: readonly (readonly [Address, bigint])[];
    }
  | { readonly topic: 'swap'; readonly contract: 'emitter'; readonly from: Address; readonly to: Address }
  | {
      readonly topic: 'gulp_emissions';
      readonly contract: 'pool';
      readonly pool: Address;
      readonly amount: bigint;
      readonly allocated: bigint;
    }
  | {
      readonly topic: 'claim';
      readonly contract: 'pool';
      readonly pool: Address;
      readonly from: Address;
      readonly to: Address;
      readonly amount: bigint;
    };

export interface Ctx {
  readonly w: World;
  readonly p: Profile;
  readonly tx: Tx;
  readonly events: ModelEvent[];
}
