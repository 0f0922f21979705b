/**
 * The actions a run drives, as data: the contracts' entry points with their argument names (Blend
 * v1 and v2: emitter/src/contract.rs, backstop/src/contract.rs, pool/src/contract.rs), plus
 * `advance_time` and the Comet LP's composition (an external input). Amounts in stroops, times in
 * seconds, shares and prices in 7-decimal fixed point. The model (model/actions.ts) and the
 * protocol (docs/protocol.md) speak these shapes; spec/fields.ts and spec/divergences.ts name them.
 */

/** A contract or account address, or a world's logical name for one (e.g. `backstop`, `P0`, `U1`). */
export type Address = string;

/**
 * pool/src/pool/actions.rs `RequestType`, the ones the harness submits, by the harness's names:
 * `supply` and `withdraw` are the collateral requests (`SupplyCollateral`, `WithdrawCollateral`),
 * `supply_uncollateralized` and `withdraw_uncollateralized` the plain ones (`Supply`, `Withdraw`: b
 * tokens that earn emissions but back no liability); `unknown` a request type the contract does
 * not know (FIRST_UNKNOWN_REQUEST_TYPE or more: refused with BadRequest, Pool#1200).
 */
export type RequestType = KnownRequestType | 'unknown';
/** The request types the contract knows that the harness submits. */
export type KnownRequestType = 'supply_uncollateralized' | 'withdraw_uncollateralized' | 'supply' | 'withdraw' | 'borrow' | 'repay';

/**
 * The `request_type` (u32) of each request the harness submits: `Supply` 0, `Withdraw` 1,
 * `SupplyCollateral` 2, `WithdrawCollateral` 3, `Borrow` 4, `Repay` 5 (the auction requests 6-9,
 * `FillUserLiquidationAuction` ... `DeleteLiquidationAuction`, are not submitted). Source:
 * blend-contracts-v2 @ ba22b48 pool/src/pool/actions.rs `RequestType`, `RequestType::from_u32`
 * (any other value: BadRequest, Pool#1200, pool/src/errors.rs; the request `unknown` below).
 */
export const REQUEST_TYPE_ID: Readonly<Record<KnownRequestType, number>> = {
  supply_uncollateralized: 0,
  withdraw_uncollateralized: 1,
  supply: 2,
  withdraw: 3,
  borrow: 4,
  repay: 5,
};

/**
 * The least `request_type` the contract does not know (`RequestType::from_u32` maps 0-9, and
 * `build_actions_from_request` panics with BadRequest, Pool#1200, on any other value, after
 * `require_nonnegative` and `require_action_allowed`, which no such type trips). The harness's
 * request `unknown` sends this or a larger u32 (the action's `unknownType`). Unit: a request type
 * id (u32). Source: blend-contracts-v2 @ ba22b48 pool/src/pool/actions.rs `RequestType::from_u32`,
 * `build_actions_from_request`; pool/src/pool/pool.rs `require_action_allowed`.
 */
export const FIRST_UNKNOWN_REQUEST_TYPE = 10;

/** Whether a request moves b tokens (a supply or withdrawal of either kind), not d tokens. */
export const movesBTokens = (r: RequestType): boolean => r !== 'borrow' && r !== 'repay';

/** One further request of a `pool.submit` (pool/src/pool/actions.rs `Request`): its type, reserve and amount (underlying units). */
export interface SubmitRequest {
  readonly request: RequestType;
  readonly reserveIndex: number;
  readonly amount: bigint;
}

/** `ReserveEmissionMetadata`: res_type 0 for d tokens, 1 for b tokens; share a relative weight (7 decimals). */
export interface ReserveEmissionMetadata {
  readonly resIndex: number;
  readonly resType: number;
  readonly share: bigint;
}

export type Action =
  | { readonly fn: 'advance_time'; readonly seconds: bigint }
  /** Moves the ledger sequence `blocks` on (u32), the timestamp not (docs/architecture.md, "Auctions": the block model). */
  | { readonly fn: 'advance_blocks'; readonly blocks: bigint }
  | { readonly fn: 'set_lp_price'; readonly blndPerLp: bigint; readonly usdcPerLp: bigint }
  /**
   * The world's SEP-40 oracle (the pools' price feed) answers `lastprice(Stellar(asset))` with
   * `price` (7 decimals, any i128: `load_price` refuses one <= 0) stamped `timestamp` (seconds, a
   * u64 at most `now`), or, with `timestamp` undefined, stamped with the ledger time of each read
   * (a live feed: every asset's state until this action moves it, at ORACLE_PRICE). Never fails.
   * Source: sep-40-oracle `PriceData`; adapters/soroban/src/oracle.rs `set_price`.
   */
  | { readonly fn: 'set_oracle_price'; readonly asset: Address; readonly price: bigint; readonly timestamp?: bigint }
  | { readonly fn: 'emitter.distribute' }
  | { readonly fn: 'emitter.queue_swap_backstop'; readonly newBackstop: Address; readonly newBackstopToken: Address }
  | { readonly fn: 'emitter.cancel_swap_backstop' }
  | { readonly fn: 'emitter.swap_backstop' }
  /**
   * `drop(list)` called directly on the emitter under the current backstop's authorisation (the
   * emitter's `backstop.require_auth()`): mints each (recipient, stroops) of `list`, in order.
   * Source: blend-contracts emitter/src/contract.rs `drop`, emitter/src/emitter.rs `execute_drop`.
   */
  | { readonly fn: 'emitter.drop'; readonly list: readonly (readonly [Address, bigint])[] }
  | { readonly fn: 'backstop.distribute'; readonly backstop: Address }
  | { readonly fn: 'backstop.gulp_emissions'; readonly backstop: Address }
  | { readonly fn: 'backstop.add_reward'; readonly backstop: Address; readonly toAdd: Address; readonly toRemove: Address | undefined }
  | { readonly fn: 'backstop.remove_reward'; readonly backstop: Address; readonly toRemove: Address }
  | { readonly fn: 'backstop.deposit'; readonly backstop: Address; readonly from: Address; readonly pool: Address; readonly amount: bigint }
  | {
      readonly fn: 'backstop.queue_withdrawal';
      readonly backstop: Address;
      readonly from: Address;
      readonly pool: Address;
      readonly amount: bigint;
    }
  | {
      readonly fn: 'backstop.dequeue_withdrawal';
      readonly backstop: Address;
      readonly from: Address;
      readonly pool: Address;
      readonly amount: bigint;
    }
  | {
      readonly fn: 'backstop.withdraw';
      readonly backstop: Address;
      readonly from: Address;
      readonly pool: Address;
      readonly amount: bigint;
    }
  | {
      readonly fn: 'backstop.claim';
      readonly backstop: Address;
      readonly from: Address;
      readonly pools: readonly Address[];
      readonly minLpTokensOut: bigint;
      readonly to: Address;
    }
  | { readonly fn: 'backstop.drop'; readonly backstop: Address }
  /** `draw(pool_address, amount, to)`: the pool (its auth) takes `amount` LP stroops of its backstop to `to`. */
  | { readonly fn: 'backstop.draw'; readonly backstop: Address; readonly pool: Address; readonly amount: bigint; readonly to: Address }
  /** `donate(from, pool_address, amount)`: `from` (and the pool, both authorising) gives `amount` LP stroops to the pool's backstop, no shares minted. */
  | { readonly fn: 'backstop.donate'; readonly backstop: Address; readonly from: Address; readonly pool: Address; readonly amount: bigint }
  | { readonly fn: 'pool.set_emissions_config'; readonly pool: Address; readonly metadata: readonly ReserveEmissionMetadata[] }
  /**
   * `submit(from, from, from, requests)`: the first request (`request`, `reserveIndex`, `amount`,
   * underlying units), then each of `more` in order, in one transaction; `withAllowance`: the
   * `submit_with_allowance` entry point (the tokens come in by `transfer_from` under an allowance
   * `from` gave the pool). Several requests or the allowance are the protocol's `pool.submit`
   * (docs/protocol.md); one request without allowance is `pool.supply`, `pool.withdraw`, ...
   * Source: pool/src/contract.rs `submit`, `submit_with_allowance`; pool/src/pool/submit.rs `execute_submit`.
   */
  | {
      readonly fn: 'pool.submit';
      readonly pool: Address;
      readonly from: Address;
      readonly request: RequestType;
      readonly reserveIndex: number;
      readonly amount: bigint;
      readonly more?: readonly SubmitRequest[];
      readonly withAllowance?: boolean;
      /**
       * With `request` `unknown` (alone: no `more`, no allowance): the u32 `request_type` sent, at
       * least FIRST_UNKNOWN_REQUEST_TYPE (default: it); the contract refuses it with BadRequest,
       * Pool#1200, whatever its value. The protocol's `pool.submit_unknown_request`.
       */
      readonly unknownType?: number;
    }
  /**
   * `update_status()` (permissionless): the pool's status from its backstop's `pool_data` (the
   * threshold met or not, the share of backstop shares queued for withdrawal); returns the status.
   * Source: pool/src/contract.rs `update_status`; pool/src/pool/status.rs `execute_update_pool_status`.
   */
  | { readonly fn: 'pool.update_status'; readonly pool: Address }
  /**
   * `new_auction(auction_type, user, bid, lot, percent)`: creates the auction of `auctionType`
   * (spec/actions.ts AUCTION_TYPE_ID) on `user`, beginning at the next block; `bid` and `lot` are
   * asset addresses (an interest auction: bid the backstop token, lot reserve assets), `percent` a
   * whole percentage (u32). The model has the interest auction (2) only. Source:
   * pool/src/contract.rs `new_auction`; pool/src/auctions/auction.rs `create_auction`.
   */
  | {
      readonly fn: 'pool.new_auction';
      readonly pool: Address;
      readonly auctionType: number;
      readonly user: Address;
      readonly bid: readonly Address[];
      readonly lot: readonly Address[];
      readonly percent: bigint;
    }
  /**
   * `submit(from, from, from, [Request { request_type: 6 + auction_type, address: user, amount:
   * percent }])`: `from` fills `percent` (1..100) of the auction of `auctionType` on `user`, scaled
   * by the blocks passed since its block (spec/actions.ts AUCTION_REQUEST_TYPE_ID). The model has
   * the interest auction's fill (8) only. Source: pool/src/pool/actions.rs
   * `build_actions_from_request`; pool/src/auctions/auction.rs `fill`.
   */
  | {
      readonly fn: 'pool.fill_auction';
      readonly pool: Address;
      readonly from: Address;
      readonly auctionType: number;
      readonly user: Address;
      readonly percent: bigint;
    }
  | { readonly fn: 'pool.gulp_emissions'; readonly pool: Address }
  | {
      readonly fn: 'pool.claim';
      readonly pool: Address;
      readonly from: Address;
      readonly reserveTokenIds: readonly number[];
      readonly to: Address;
    };

export type ActionName = Action['fn'];

export const ACTION_NAMES: readonly ActionName[] = [
  'advance_time',
  'set_lp_price',
  'set_oracle_price',
  'emitter.distribute',
  'emitter.queue_swap_backstop',
  'emitter.cancel_swap_backstop',
  'emitter.swap_backstop',
  'emitter.drop',
  'backstop.distribute',
  'backstop.gulp_emissions',
  'backstop.add_reward',
  'backstop.remove_reward',
  'backstop.deposit',
  'backstop.queue_withdrawal',
  'backstop.dequeue_withdrawal',
  'backstop.withdraw',
  'backstop.claim',
  'backstop.drop',
  'backstop.draw',
  'backstop.donate',
  'pool.set_emissions_config',
  'pool.submit',
  'pool.update_status',
  'pool.gulp_emissions',
  'pool.claim',
  'advance_blocks',
  'pool.new_auction',
  'pool.fill_auction',
];

// ---------------------------------------------------------------- the pool's auctions
// blend-contracts-v2 @ ba22b48 pool/src/auctions/auction.rs `AuctionType`, `AuctionType::from_u32`
// (any other value: BadRequest, Pool#1200); pool/src/pool/actions.rs `RequestType` (6-9). The
// constants the auctions compute with are in spec/constants.ts, section "pool auctions (v2)";
// the model in model/pool/auction.ts; the design in docs/architecture.md, "Auctions".

/** The harness's names of the three auction types. */
export type AuctionKind = 'user_liquidation' | 'bad_debt' | 'interest';

/**
 * `auction_type` (u32) of each kind, as `new_auction`, `get_auction`, `del_auction` and the
 * auction's storage key (`AuctionKey { user, auct_type }`) take it: UserLiquidation 0,
 * BadDebtAuction 1, InterestAuction 2.
 */
export const AUCTION_TYPE_ID: Readonly<Record<AuctionKind, number>> = {
  user_liquidation: 0,
  bad_debt: 1,
  interest: 2,
};

/**
 * The submit `request_type` (u32) of each auction request: FillUserLiquidationAuction 6,
 * FillBadDebtAuction 7, FillInterestAuction 8 (the request's `address` is the auctioned user, for
 * an interest auction the backstop; its `amount` the percentage filled, 1..100), and
 * DeleteLiquidationAuction 9 (address and amount ignored).
 */
export const AUCTION_REQUEST_TYPE_ID = {
  fill_user_liquidation: 6,
  fill_bad_debt: 7,
  fill_interest: 8,
  delete_liquidation: 9,
} as const;

/** Which auction kind each fill request fills (pool/src/pool/actions.rs `build_actions_from_request`). */
export const FILLS: Readonly<Record<'fill_user_liquidation' | 'fill_bad_debt' | 'fill_interest', AuctionKind>> = {
  fill_user_liquidation: 'user_liquidation',
  fill_bad_debt: 'bad_debt',
  fill_interest: 'interest',
};
