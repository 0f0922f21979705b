/**
 * What @blend-capital/blend-sdk (the pinned 3.2.2, package.json) shows a user as claimable, computed
 * by the SDK's own estimate classes from the harness's observable state (docs/protocol.md "The
 * observable state") instead of ledger entries read over RPC:
 *
 * - pool emissions: the reserve's `EmissionsV2` (from its `EmissionDataV2`) accrued to the timestamp
 *   with the reserve token's supply and the reserve's decimals, as `ReserveV2.load` does, then
 *   `PoolUser.estimateEmissions([reserve])` with a `ReserveV2` carrying only the asked side's
 *   emissions (so that each reserve token id gets its own amount);
 * - backstop emissions: the pool's `EmissionsV2` (from the backstop's `EmissionDataV2` for it)
 *   accrued to the timestamp with its non-queued shares and 7 decimals, as `BackstopPoolV2.load`
 *   does, then `BackstopPoolUserEst.build(backstop, pool, user).emissions`.
 *
 * Amounts are BLND as JavaScript floats (the SDK's `FixedMath.toFloat`): the estimator's units are
 * `blnd-float`. Nothing here re-implements the emission arithmetic: the SDK's classes do it, with its
 * defects (docs/estimators.md).
 */
import {
  type Backstop,
  BackstopPoolUser,
  BackstopPoolUserEst,
  BackstopPoolV2,
  BackstopUserEmissions,
  EmissionDataV2,
  EmissionsV2,
  type EmissionsV1,
  PoolBalance,
  PoolUser,
  PoolUserEmissionData,
  Positions,
  ReserveConfigV2,
  ReserveData,
  ReserveV2,
  UserBalance,
} from '@blend-capital/blend-sdk';
import type { ClaimableArgs } from '../../src/protocol/messages.ts';
import type { EmissionDataJson, ObservableState, UserEmissionJson } from '../../src/protocol/state.ts';

/** `claimable`'s arguments (docs/protocol.md "Claimable"): the user, the time (unix seconds), what to estimate. */
export type { ClaimableArgs };

/** `claimable`'s reply: BLND as floats, per backstop pool and per pool reserve token id. */
export interface ClaimableEstimate {
  readonly backstop: { pool: string; amount: number }[];
  readonly pools: { pool: string; reserve_token_id: number; amount: number }[];
}

/** A reserve token id the state has no reserve for (the contract's claim: Pool BadRequest 1200). */
export class UnknownReserveError extends Error {}

const emissionsOf = (d: EmissionDataJson): EmissionsV2 =>
  new EmissionsV2(new EmissionDataV2(Number(d.expiration), BigInt(d.eps), BigInt(d.index), Number(d.last_time)), 0);

/** The SDK's ReserveV2 of reserve `index`, with emissions on the asked side only, accrued to `timestamp`. */
function reserveOf(state: ObservableState, pool: string, id: number, timestamp: number): ReserveV2 {
  const p = state.pools[pool];
  const index = Math.floor(id / 2);
  const r = p?.reserves[index];
  if (p === undefined || r === undefined) throw new UnknownReserveError(`${pool}: no reserve for reserve token id ${id}`);
  // only `index` and `decimals` of the configuration enter the emission estimate; the rest is not
  // observable (the generated reserves' default_reserve_config)
  const config = new ReserveConfigV2(index, r.decimals, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0n, r.enabled);
  const data = new ReserveData(
    BigInt(r.d_rate),
    BigInt(r.b_rate),
    BigInt(r.ir_mod),
    BigInt(r.d_supply),
    BigInt(r.b_supply),
    BigInt(r.backstop_credit),
    Number(r.last_time),
  );
  const emis = p.reserve_emission_data[String(id)];
  let emissions: EmissionsV2 | undefined;
  if (emis !== undefined) {
    emissions = emissionsOf(emis);
    // as ReserveV2.load: accrued with the token's supply and the reserve's decimals
    emissions.accrue(id % 2 === 0 ? data.dSupply : data.bSupply, config.decimals, timestamp);
  }
  const borrow = id % 2 === 0 ? emissions : undefined;
  const supply = id % 2 === 1 ? emissions : undefined;
  return new ReserveV2(pool, r.asset, config, data, borrow, supply, 0, 0, 0, 0, 0);
}

/** The SDK's PoolUser of `user` in `pool` (b tokens as supply: the state does not split collateral). */
function poolUserOf(state: ObservableState, pool: string, user: string): PoolUser {
  const u = state.pools[pool]?.users[user];
  const num = (m: Record<string, string> | undefined) => new Map(Object.entries(m ?? {}).map(([k, v]) => [Number(k), BigInt(v)]));
  const emissions = new Map<number, PoolUserEmissionData>(
    Object.entries(u?.emission_data ?? {}).map(([k, e]: [string, UserEmissionJson]) => [
      Number(k),
      new PoolUserEmissionData(BigInt(e.index), BigInt(e.accrued)),
    ]),
  );
  return new PoolUser(user, new Positions(num(u?.liabilities), new Map(), num(u?.supply)), emissions);
}

/** `BackstopPoolUserEst.build`'s `backstop` argument: only its LP valuation is read, for fields other than emissions. */
const NO_LP_VALUE = { backstopToken: { blndPerLpToken: 0, usdcPerLpToken: 0, lpTokenPrice: 0 } } as unknown as Backstop;

/** The SDK's estimate of `user`'s backstop emissions for `pool` under backstop `backstop`, in BLND. */
function backstopEstimate(state: ObservableState, backstop: string, pool: string, user: string, timestamp: number): number {
  const bp = state.backstops[backstop]?.pools[pool];
  const balance = new PoolBalance(BigInt(bp?.balance.shares ?? '0'), BigInt(bp?.balance.tokens ?? '0'), BigInt(bp?.balance.q4w ?? '0'));
  let emissions: EmissionsV2 | undefined;
  if (bp?.emission_data != null) {
    emissions = emissionsOf(bp.emission_data);
    // as BackstopPoolV2.load: accrued with the non-queued shares, 7 decimals
    emissions.accrue(balance.shares - balance.q4w, 7, timestamp);
  }
  // BackstopPoolV2's declared type says EmissionsV1; its load passes an EmissionsV2
  const bpool = new BackstopPoolV2(balance, emissions as unknown as EmissionsV1 | undefined, 0);
  const u = bp?.users[user];
  const q4w = (u?.q4w ?? []).map((q) => ({ amount: BigInt(q.amount), exp: BigInt(q.exp) }));
  const totalQ4W = q4w.reduce((a, q) => a + q.amount, 0n);
  const ue = u?.emission_data;
  const bsUser = new BackstopPoolUser(
    user,
    pool,
    new UserBalance(BigInt(u?.shares ?? '0'), q4w, 0n, totalQ4W),
    ue == null ? undefined : new BackstopUserEmissions(BigInt(ue.index), BigInt(ue.accrued)),
  );
  return BackstopPoolUserEst.build(NO_LP_VALUE, bpool, bsUser).emissions;
}

/**
 * The SDK's estimates for one `claimable` request on `state`. Throws UnknownReserveError for a
 * reserve token id past the pool's reserves.
 */
export function estimateClaimable(state: ObservableState, args: ClaimableArgs): ClaimableEstimate {
  const timestamp = Number(args.timestamp);
  const out: ClaimableEstimate = { backstop: [], pools: [] };
  if (args.backstop !== undefined)
    for (const pool of args.backstop.pools)
      out.backstop.push({ pool, amount: backstopEstimate(state, args.backstop.contract, pool, args.user, timestamp) });
  for (const { contract, reserve_token_ids } of args.pools ?? []) {
    const user = poolUserOf(state, contract, args.user);
    for (const id of reserve_token_ids) {
      const reserve = reserveOf(state, contract, id, timestamp);
      out.pools.push({ pool: contract, reserve_token_id: id, amount: user.estimateEmissions([reserve]).emissions });
    }
  }
  return out;
}
