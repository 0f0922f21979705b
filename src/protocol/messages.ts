/**
 * The check protocol's messages: the harness's actions as requests `{id, action, args}` in the
 * contracts' own argument names, and the replies. Amounts are decimal strings in stroops, times
 * seconds, addresses the world's logical names (`backstop`, `P0`, `U3`). See docs/protocol.md.
 */
import type { Action, ActionName } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import { FIRST_UNKNOWN_REQUEST_TYPE, type KnownRequestType } from '../../spec/actions.ts';
import type { ContractName } from '../../spec/errors.ts';

export const PROTOCOL_VERSION = 1;

/** The entry points an implementation can announce (besides the control messages). */
export const PROTOCOL_ACTIONS = [
  'advance_time',
  'comet.set_composition',
  /** The pools' oracle: one asset's price and its timestamp (or a live feed), the model's `set_oracle_price`. */
  'oracle.set_price',
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
  'pool.supply',
  'pool.withdraw',
  'pool.borrow',
  'pool.repay',
  /** `submit` of request types 0 and 1 (`Supply`, `Withdraw`): b tokens without collateral. */
  'pool.supply_uncollateralized',
  'pool.withdraw_uncollateralized',
  /** `submit` of one request of a type the contract does not know (10 or more): BadRequest, Pool#1200. */
  'pool.submit_unknown_request',
  /** Several requests in one `submit`, or `submit_with_allowance` (docs/protocol.md). */
  'pool.submit_requests',
  'pool.update_status',
  'pool.gulp_emissions',
  'pool.claim',
  /** The ledger sequence moved on (blocks, u32), the timestamp not (docs/architecture.md, "Auctions"). */
  'advance_blocks',
  /** `new_auction(auction_type, user, bid, lot, percent)`. */
  'pool.new_auction',
  /** `submit` of one fill request (6 + auction_type) on `user`'s auction, `percent` its amount. */
  'pool.fill_auction',
] as const;
export type ProtocolAction = (typeof PROTOCOL_ACTIONS)[number];
export const CONTROL_ACTIONS = ['handshake', 'init', 'state'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];
/**
 * Read-only requests (docs/protocol.md "Claimable"): `claimable`, what a user could claim at a time,
 * which an exact implementation announces in its handshake's `actions` when it answers it; and
 * `load_state`, which only an estimator is sent (the state to estimate from).
 */
export const READ_ACTIONS = ['load_state', 'claimable'] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];
/** What a handshake's `actions` may list: the entry points and `claimable`. */
export const ANNOUNCEABLE_ACTIONS: readonly string[] = [...PROTOCOL_ACTIONS, 'claimable'];

/**
 * The protocol actions `fn` can be sent as (a protocol action is itself). The harness generates
 * an action only where the implementation announces all of them, except `pool.submit`, which it
 * generates with the request types announced (src/commands/index.ts `commandArbs`).
 */
export function protocolActionsOf(fn: ActionName | ProtocolAction): readonly ProtocolAction[] {
  switch (fn) {
    case 'set_lp_price':
      return ['comet.set_composition'];
    case 'set_oracle_price':
      return ['oracle.set_price'];
    case 'pool.submit':
      // the collateral requests (the uncollateralised ones, request types 0 and 1, and a request
      // type the contract does not know are variants of supply and withdraw generated only where
      // the implementation announces them)
      return ['pool.supply', 'pool.withdraw', 'pool.borrow', 'pool.repay'];
    default:
      return [fn];
  }
}

export type JsonArgs = Record<string, unknown>;

export interface Request {
  readonly id: number;
  readonly action: ProtocolAction | ControlAction | ReadAction;
  readonly args: JsonArgs;
}

export interface ReplyError {
  readonly contract: ContractName;
  readonly code: number;
}

export type Reply<R = string | null> =
  | { readonly id: number; readonly ok: true; readonly result: R }
  | { readonly id: number; readonly ok: false; readonly error: ReplyError };

/** The implementation's first reply: who it is and what it supports. */
export interface Handshake {
  readonly protocol_version: number;
  readonly name: string;
  readonly version: string;
  readonly profile: string;
  readonly actions: readonly string[];
  /**
   * Optional: the code of each contract the implementation runs (the Soroban driver: backstop,
   * emitter, pool, pool_factory, comet): its SHA-256 and where it comes from (docs/protocol.md
   * "Control", `provenance`).
   */
  readonly provenance?: readonly WasmProvenance[];
  /**
   * Present: the implementation is an estimator: it executes nothing, the harness drives the model
   * and sends it `load_state` and `claimable` only. `blnd-float`: amounts are BLND as JSON numbers
   * (compared within `--tolerance`); `stroops`: decimal strings of BLND stroops (compared exactly).
   */
  readonly estimator?: { readonly units: EstimatorUnits };
}

/**
 * One contract's code: `sha256` of its WASM (64 hex digits); `source` `bundled` (a crate's build:
 * `crate` and `version`, e.g. blend-contract-sdk 2.25.0), `user` (`path`: the file given with
 * `--wasm NAME=FILE`, as given) or `snapshot` (the code a ledger snapshot holds for the contract at
 * `address`: `sha256` is its on-ledger WASM hash). `address` (a strkey): where the contract lives,
 * for a snapshot's contract, or the user's build that replaced a snapshot contract's code in place
 * (`--wasm emitter=FILE` with `--snapshot`); `replaces`: the on-ledger WASM hash it replaced.
 */
export interface WasmProvenance {
  readonly contract: string;
  readonly sha256: string;
  readonly source: 'bundled' | 'user' | 'snapshot';
  readonly crate?: string;
  readonly version?: string;
  readonly path?: string;
  readonly address?: string;
  readonly replaces?: string;
}

export type EstimatorUnits = 'blnd-float' | 'stroops';

/**
 * `claimable`'s args (docs/protocol.md "Claimable"): the user, the claim's time (unix seconds, a
 * decimal string), a backstop and its pools (one `backstop.claim(user, [pool], 0)` each) and pools
 * with reserve token ids (reserve_index * 2 + 0 d token, + 1 b token; one `pool.claim(user, [id],
 * user)` each). Logical names as in `state`.
 */
export interface ClaimableArgs {
  readonly user: string;
  readonly timestamp: string;
  readonly backstop?: { readonly contract: string; readonly pools: readonly string[] };
  readonly pools?: readonly { readonly contract: string; readonly reserve_token_ids: readonly number[] }[];
}

/** One entry of a `claimable` reply: an amount (stroops as a decimal string, or BLND as a number from a blnd-float estimator) or the contract's error. */
export type ClaimableEntry = { readonly amount: string | number } | { readonly error: ReplyError };

/** `claimable`'s result: one entry per asked backstop pool and per asked reserve token id, in the asked order. */
export interface ClaimableResultJson {
  readonly backstop: readonly ({ readonly pool: string } & ClaimableEntry)[];
  readonly pools: readonly ({ readonly pool: string; readonly reserve_token_id: number } & ClaimableEntry)[];
}

const s = (x: bigint): string => x.toString();

/** An action as a request's `action` and `args`. */
export function actionToRequest(a: Action): { action: ProtocolAction; args: JsonArgs } {
  switch (a.fn) {
    case 'advance_time':
      return { action: 'advance_time', args: { seconds: s(a.seconds) } };
    case 'advance_blocks':
      return { action: 'advance_blocks', args: { blocks: Number(a.blocks) } };
    case 'pool.new_auction':
      return {
        action: a.fn,
        args: { contract: a.pool, auction_type: a.auctionType, user: a.user, bid: [...a.bid], lot: [...a.lot], percent: Number(a.percent) },
      };
    case 'pool.fill_auction':
      return { action: a.fn, args: { contract: a.pool, from: a.from, auction_type: a.auctionType, user: a.user, percent: s(a.percent) } };
    case 'set_lp_price':
      return { action: 'comet.set_composition', args: { blnd_per_lp: s(a.blndPerLp), usdc_per_lp: s(a.usdcPerLp) } };
    case 'set_oracle_price':
      return {
        action: 'oracle.set_price',
        args: { asset: a.asset, price: s(a.price), timestamp: a.timestamp === undefined ? null : s(a.timestamp) },
      };
    case 'emitter.distribute':
    case 'emitter.cancel_swap_backstop':
    case 'emitter.swap_backstop':
      return { action: a.fn, args: {} };
    case 'emitter.queue_swap_backstop':
      return { action: a.fn, args: { new_backstop: a.newBackstop, new_backstop_token: a.newBackstopToken } };
    case 'emitter.drop':
      return { action: a.fn, args: { list: a.list.map(([to, amt]) => [to, s(amt)]) } };
    case 'backstop.distribute':
    case 'backstop.gulp_emissions':
    case 'backstop.drop':
      return { action: a.fn, args: { contract: a.backstop } };
    case 'backstop.add_reward':
      return { action: a.fn, args: { contract: a.backstop, to_add: a.toAdd, to_remove: a.toRemove ?? null } };
    case 'backstop.remove_reward':
      return { action: a.fn, args: { contract: a.backstop, to_remove: a.toRemove } };
    case 'backstop.deposit':
    case 'backstop.queue_withdrawal':
    case 'backstop.dequeue_withdrawal':
    case 'backstop.withdraw':
      return { action: a.fn, args: { contract: a.backstop, from: a.from, pool_address: a.pool, amount: s(a.amount) } };
    case 'backstop.claim':
      return {
        action: a.fn,
        args: { contract: a.backstop, from: a.from, pool_addresses: [...a.pools], min_lp_tokens_out: s(a.minLpTokensOut), to: a.to },
      };
    case 'backstop.draw':
      return { action: a.fn, args: { contract: a.backstop, pool_address: a.pool, amount: s(a.amount), to: a.to } };
    case 'backstop.donate':
      return { action: a.fn, args: { contract: a.backstop, from: a.from, pool_address: a.pool, amount: s(a.amount) } };
    case 'pool.set_emissions_config':
      return {
        action: a.fn,
        args: {
          contract: a.pool,
          res_emission_metadata: a.metadata.map((m) => ({ res_index: m.resIndex, res_type: m.resType, share: s(m.share) })),
        },
      };
    case 'pool.submit':
      if (a.request === 'unknown' && (a.more?.length ?? 0) === 0 && a.withAllowance !== true)
        return {
          action: 'pool.submit_unknown_request',
          args: {
            contract: a.pool,
            from: a.from,
            reserve_index: a.reserveIndex,
            amount: s(a.amount),
            request_type: a.unknownType ?? FIRST_UNKNOWN_REQUEST_TYPE,
          },
        };
      if ((a.more?.length ?? 0) > 0 || a.withAllowance === true)
        return {
          action: 'pool.submit_requests',
          args: {
            contract: a.pool,
            from: a.from,
            requests: [a, ...(a.more ?? [])].map((q) => ({ request: q.request, reserve_index: q.reserveIndex, amount: s(q.amount) })),
            with_allowance: a.withAllowance === true,
          },
        };
      // (not `unknown` here: alone it is sent above; with more requests or the allowance it goes as
      // `pool.submit_requests`, whose schema has no such request, so the harness refuses to send it)
      return {
        action: `pool.${a.request as KnownRequestType}`,
        args: { contract: a.pool, from: a.from, reserve_index: a.reserveIndex, amount: s(a.amount) },
      };
    case 'pool.update_status':
    case 'pool.gulp_emissions':
      return { action: a.fn, args: { contract: a.pool } };
    case 'pool.claim':
      return { action: a.fn, args: { contract: a.pool, from: a.from, reserve_token_ids: [...a.reserveTokenIds], to: a.to } };
  }
}

/** A (schema-valid) request's action and args back as an Action. */
export function requestToAction(action: ProtocolAction, args: JsonArgs): Action {
  const str = (k: string): string => args[k] as string;
  const big = (k: string): bigint => BigInt(args[k] as string);
  switch (action) {
    case 'advance_time':
      return { fn: 'advance_time', seconds: big('seconds') };
    case 'advance_blocks':
      return { fn: 'advance_blocks', blocks: BigInt(args.blocks as number) };
    case 'pool.new_auction':
      return {
        fn: action,
        pool: str('contract'),
        auctionType: args.auction_type as number,
        user: str('user'),
        bid: args.bid as string[],
        lot: args.lot as string[],
        percent: BigInt(args.percent as number),
      };
    case 'pool.fill_auction':
      return {
        fn: action,
        pool: str('contract'),
        from: str('from'),
        auctionType: args.auction_type as number,
        user: str('user'),
        percent: big('percent'),
      };
    case 'comet.set_composition':
      return { fn: 'set_lp_price', blndPerLp: big('blnd_per_lp'), usdcPerLp: big('usdc_per_lp') };
    case 'oracle.set_price': {
      const t = args.timestamp as string | null;
      return t === null
        ? { fn: 'set_oracle_price', asset: str('asset'), price: big('price') }
        : { fn: 'set_oracle_price', asset: str('asset'), price: big('price'), timestamp: BigInt(t) };
    }
    case 'emitter.distribute':
    case 'emitter.cancel_swap_backstop':
    case 'emitter.swap_backstop':
      return { fn: action };
    case 'emitter.queue_swap_backstop':
      return { fn: action, newBackstop: str('new_backstop'), newBackstopToken: str('new_backstop_token') };
    case 'emitter.drop':
      return { fn: action, list: (args.list as [string, string][]).map(([to, amt]) => [to, BigInt(amt)] as const) };
    case 'backstop.distribute':
    case 'backstop.gulp_emissions':
    case 'backstop.drop':
      return { fn: action, backstop: str('contract') };
    case 'backstop.add_reward':
      return { fn: action, backstop: str('contract'), toAdd: str('to_add'), toRemove: (args.to_remove as string | null) ?? undefined };
    case 'backstop.remove_reward':
      return { fn: action, backstop: str('contract'), toRemove: str('to_remove') };
    case 'backstop.deposit':
    case 'backstop.queue_withdrawal':
    case 'backstop.dequeue_withdrawal':
    case 'backstop.withdraw':
      return { fn: action, backstop: str('contract'), from: str('from'), pool: str('pool_address'), amount: big('amount') };
    case 'backstop.claim':
      return {
        fn: action,
        backstop: str('contract'),
        from: str('from'),
        pools: args.pool_addresses as string[],
        minLpTokensOut: big('min_lp_tokens_out'),
        to: str('to'),
      };
    case 'backstop.draw':
      return { fn: action, backstop: str('contract'), pool: str('pool_address'), amount: big('amount'), to: str('to') };
    case 'backstop.donate':
      return { fn: action, backstop: str('contract'), from: str('from'), pool: str('pool_address'), amount: big('amount') };
    case 'pool.set_emissions_config':
      return {
        fn: action,
        pool: str('contract'),
        metadata: (args.res_emission_metadata as { res_index: number; res_type: number; share: string }[]).map((m) => ({
          resIndex: m.res_index,
          resType: m.res_type,
          share: BigInt(m.share),
        })),
      };
    case 'pool.supply':
    case 'pool.withdraw':
    case 'pool.borrow':
    case 'pool.repay':
    case 'pool.supply_uncollateralized':
    case 'pool.withdraw_uncollateralized':
      return {
        fn: 'pool.submit',
        pool: str('contract'),
        from: str('from'),
        request: action.slice(5) as RequestType,
        reserveIndex: args.reserve_index as number,
        amount: big('amount'),
      };
    case 'pool.submit_unknown_request':
      return {
        fn: 'pool.submit',
        pool: str('contract'),
        from: str('from'),
        request: 'unknown',
        reserveIndex: args.reserve_index as number,
        amount: big('amount'),
        unknownType: args.request_type as number,
      };
    case 'pool.submit_requests': {
      const [first, ...more] = (args.requests as { request: RequestType; reserve_index: number; amount: string }[]).map((q) => ({
        request: q.request,
        reserveIndex: q.reserve_index,
        amount: BigInt(q.amount),
      }));
      return {
        fn: 'pool.submit',
        pool: str('contract'),
        from: str('from'),
        request: first!.request,
        reserveIndex: first!.reserveIndex,
        amount: first!.amount,
        ...(more.length > 0 ? { more } : {}),
        ...(args.with_allowance === true ? { withAllowance: true } : {}),
      };
    }
    case 'pool.update_status':
    case 'pool.gulp_emissions':
      return { fn: action, pool: str('contract') };
    case 'pool.claim':
      return { fn: action, pool: str('contract'), from: str('from'), reserveTokenIds: args.reserve_token_ids as number[], to: str('to') };
  }
}
