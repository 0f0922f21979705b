/**
 * The observable state in the protocol's one canonical shape (docs/protocol.md, `State` in
 * docs/protocol.schema.json), its conversions to and from the model's World, and the first
 * difference between two states.
 *
 * Canonical form: object keys sorted; amounts and times decimal strings (stroops, seconds; eps and
 * index in the profile's fixed point); records equal to their storage default are left out (a user
 * with no shares, no q4w and no emission data; a zero wallet; zero RzEmissions).
 */
import { I128_MAX as I128_MAX_C, I128_MIN as I128_MIN_C, POOL_BACKSTOP_RATE } from '../../spec/constants.ts';
import { DEFAULT_RESERVE_CONFIG, newReserve } from '../../model/pool/reserve.ts';
import { bTokens } from '../../model/pool/distributor.ts';
import type { Profile } from '../../spec/profiles.ts';
import type { Address, BackstopState, CometRecord, PoolState, ReserveConfig, World } from '../../model/state.ts';
import { newBackstop, newPool } from '../../model/state.ts';

const I128_MAX = I128_MAX_C.value;
const I128_MIN = I128_MIN_C.value;

type Amount = string;
export interface EmissionDataJson {
  eps: Amount;
  expiration: Amount;
  index: Amount;
  last_time: Amount;
}
export interface UserEmissionJson {
  index: Amount;
  accrued: Amount;
}
export interface BackstopUserJson {
  shares: Amount;
  q4w: { amount: Amount; exp: Amount }[];
  emission_data: UserEmissionJson | null;
}
export interface BackstopPoolJson {
  balance: { shares: Amount; tokens: Amount; q4w: Amount };
  rz_emissions: { accrued: Amount; last_time: Amount } | null;
  emission_data: EmissionDataJson | null;
  allowance: Amount;
  users: Record<Address, BackstopUserJson>;
}
export interface BackstopJson {
  last_distribution_time: Amount;
  backfill_status: boolean | null;
  backfill_emissions: Amount;
  reward_zone: Address[];
  blnd: Amount;
  lp_tokens: Amount;
  drop_list: [Address, Amount][];
  pools: Record<Address, BackstopPoolJson>;
  /** v1 `LPTknVal`; left out where the backstop has none (v2). */
  lp_token_val?: { blnd_per_lp: Amount; usdc_per_lp: Amount };
}
export interface CometRecordJson {
  balance: Amount;
  weight: Amount;
  scalar: Amount;
}
export interface PoolUserJson {
  /** b tokens per reserve index: collateral and uncollateralised supply together (the b token's emission balance). */
  supply: Record<string, Amount>;
  /** The part of `supply` supplied without collateral (request type 0), per reserve index; present only when not empty. */
  uncollateralized?: Record<string, Amount>;
  liabilities: Record<string, Amount>;
  emission_data: Record<string, UserEmissionJson>;
}
export interface PoolJson {
  backstop: Address;
  reserves: {
    asset: Address;
    scalar: Amount;
    /** The reserve token's decimals (`ReserveConfig.decimals`): scalar = 10^decimals. */
    decimals: number;
    enabled: boolean;
    b_supply: Amount;
    d_supply: Amount;
    b_rate: Amount;
    d_rate: Amount;
    ir_mod: Amount;
    backstop_credit: Amount;
    last_time: Amount;
  }[];
  emission_config: Record<string, Amount>;
  reserve_emission_data: Record<string, EmissionDataJson>;
  users: Record<Address, PoolUserJson>;
}
export interface ObservableState {
  now: Amount;
  emitter: {
    backstop: Address;
    backstop_token: Address;
    last_distro: Record<Address, Amount>;
    dropped: Address[];
    queued_swap: { new_backstop: Address; new_backstop_token: Address; unlock_time: Amount } | null;
  };
  backstops: Record<Address, BackstopJson>;
  pools: Record<Address, PoolJson>;
  comet: { blnd: CometRecordJson; usdc: CometRecordJson; lp_supply: Amount; swap_fee: Amount };
  factory_pools: Address[];
  wallets: { blnd: Record<Address, Amount>; lp: Record<Address, Amount> };
}

const s = (x: bigint): string => x.toString();

/**
 * A reserve's decimals from its scalar (10^decimals: the v2 pool's `Reserve::load` scalar,
 * pool/src/pool/reserve.rs). Throws where the scalar is not a power of ten (no pool has one).
 */
export function decimalsOfScalar(scalar: bigint): number {
  const t = scalar.toString();
  if (!/^10*$/.test(t)) throw new Error(`reserve scalar ${t} is not a power of ten`);
  return t.length - 1;
}
const sorted = <V>(entries: Iterable<[string, V]>): Record<string, V> =>
  Object.fromEntries([...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
const nonZero = (m: ReadonlyMap<string, bigint>): Record<string, Amount> =>
  sorted([...m].filter(([, v]) => v !== 0n).map(([k, v]) => [k, s(v)]));

function backstopToJson(bs: BackstopState): BackstopJson {
  const pools = new Set<Address>([
    ...bs.poolBalances.keys(),
    ...bs.userBalances.keys(),
    ...bs.rzEmis.keys(),
    ...bs.emisData.keys(),
    ...bs.userEmisData.keys(),
    ...bs.allowances.keys(),
  ]);
  const out: [Address, BackstopPoolJson][] = [];
  for (const pool of pools) {
    const pb = bs.poolBalances.get(pool);
    const rz = bs.rzEmis.get(pool);
    const ed = bs.emisData.get(pool);
    const users = new Set<Address>([...(bs.userBalances.get(pool)?.keys() ?? []), ...(bs.userEmisData.get(pool)?.keys() ?? [])]);
    const userEntries: [Address, BackstopUserJson][] = [];
    for (const u of users) {
      const ub = bs.userBalances.get(pool)?.get(u);
      const ue = bs.userEmisData.get(pool)?.get(u);
      if ((ub === undefined || (ub.shares === 0n && ub.q4w.length === 0)) && ue === undefined) continue;
      userEntries.push([
        u,
        {
          shares: s(ub?.shares ?? 0n),
          q4w: (ub?.q4w ?? []).map((q) => ({ amount: s(q.amount), exp: s(q.exp) })),
          emission_data: ue === undefined ? null : { index: s(ue.index), accrued: s(ue.accrued) },
        },
      ]);
    }
    const allowance = bs.allowances.get(pool) ?? 0n;
    const balanceZero = pb === undefined || (pb.shares === 0n && pb.tokens === 0n && pb.q4w === 0n);
    const rzZero = rz === undefined || (rz.accrued === 0n && rz.lastTime === 0n);
    if (balanceZero && rzZero && ed === undefined && userEntries.length === 0 && allowance === 0n) continue;
    out.push([
      pool,
      {
        balance: { shares: s(pb?.shares ?? 0n), tokens: s(pb?.tokens ?? 0n), q4w: s(pb?.q4w ?? 0n) },
        rz_emissions: rzZero ? null : { accrued: s(rz!.accrued), last_time: s(rz!.lastTime) },
        emission_data:
          ed === undefined ? null : { eps: s(ed.eps), expiration: s(ed.expiration), index: s(ed.index), last_time: s(ed.lastTime) },
        allowance: s(allowance),
        users: sorted(userEntries),
      },
    ]);
  }
  const json: BackstopJson = {
    last_distribution_time: s(bs.lastDistributionTime),
    backfill_status: bs.backfillStatus ?? null,
    backfill_emissions: s(bs.backfillEmissions),
    reward_zone: [...bs.rewardZone],
    blnd: s(bs.blnd),
    lp_tokens: s(bs.lpTokens),
    drop_list: (bs.dropList ?? []).map(([a, v]) => [a, s(v)]),
    pools: sorted(out),
  };
  if (bs.lpTokenVal !== undefined) json.lp_token_val = { blnd_per_lp: s(bs.lpTokenVal.blndPerLp), usdc_per_lp: s(bs.lpTokenVal.usdcPerLp) };
  return json;
}

const recordToJson = (r: CometRecord): CometRecordJson => ({ balance: s(r.balance), weight: s(r.weight), scalar: s(r.scalar) });

function poolToJson(p: PoolState): PoolJson {
  const users = new Set<Address>([...p.positions.keys(), ...p.userEmis.keys()]);
  const userEntries: [Address, PoolUserJson][] = [];
  for (const u of users) {
    const pos = p.positions.get(u);
    const ue = p.userEmis.get(u);
    const supply = pos === undefined ? {} : sorted([...bTokens(pos)].filter(([, v]) => v !== 0n).map(([k, v]) => [String(k), s(v)]));
    const uncollateralized =
      pos === undefined ? {} : sorted([...pos.supply].filter(([, v]) => v !== 0n).map(([k, v]) => [String(k), s(v)]));
    const liabilities =
      pos === undefined ? {} : sorted([...pos.liabilities].filter(([, v]) => v !== 0n).map(([k, v]) => [String(k), s(v)]));
    const emission_data =
      ue === undefined ? {} : sorted([...ue].map(([k, v]) => [String(k), { index: s(v.index), accrued: s(v.accrued) }]));
    if (Object.keys(supply).length + Object.keys(liabilities).length + Object.keys(emission_data).length === 0) continue;
    userEntries.push([
      u,
      { supply, liabilities, emission_data, ...(Object.keys(uncollateralized).length > 0 ? { uncollateralized } : {}) },
    ]);
  }
  return {
    backstop: p.backstop,
    reserves: p.reserves.map((r) => ({
      asset: r.asset,
      scalar: s(r.scalar),
      decimals: decimalsOfScalar(r.scalar),
      enabled: r.enabled,
      b_supply: s(r.bSupply),
      d_supply: s(r.dSupply),
      b_rate: s(r.bRate),
      d_rate: s(r.dRate),
      ir_mod: s(r.irMod),
      backstop_credit: s(r.backstopCredit),
      last_time: s(r.lastTime),
    })),
    emission_config: sorted([...p.emissionConfig].map(([k, v]) => [String(k), s(v)])),
    reserve_emission_data: sorted(
      [...p.emisData].map(([k, e]) => [
        String(k),
        { eps: s(e.eps), expiration: s(e.expiration), index: s(e.index), last_time: s(e.lastTime) },
      ]),
    ),
    users: sorted(userEntries),
  };
}

/** The model's world as the canonical observable state. */
export function worldToState(w: World): ObservableState {
  const q = w.emitter.queuedSwap;
  return {
    now: s(w.now),
    emitter: {
      backstop: w.emitter.backstop,
      backstop_token: w.emitter.backstopToken,
      last_distro: sorted([...w.emitter.lastDistro].map(([k, v]) => [k, s(v)])),
      dropped: [...w.emitter.dropped].sort(),
      queued_swap:
        q === undefined ? null : { new_backstop: q.newBackstop, new_backstop_token: q.newBackstopToken, unlock_time: s(q.unlockTime) },
    },
    backstops: sorted([...w.backstops].map(([k, bs]) => [k, backstopToJson(bs)])),
    pools: sorted([...w.pools].map(([k, p]) => [k, poolToJson(p)])),
    comet: {
      blnd: recordToJson(w.comet.blnd),
      usdc: recordToJson(w.comet.usdc),
      lp_supply: s(w.comet.supply),
      swap_fee: s(w.comet.swapFee),
    },
    factory_pools: [...w.factoryPools].sort(),
    wallets: { blnd: nonZero(w.blnd), lp: nonZero(w.lp) },
  };
}

/** A state whose amounts do not fit the contracts' integers. */
export class StateRangeError extends Error {}

/**
 * A schema-valid state back as a World (for the invariant suites on an implementation's state).
 * `configOf` gives reserve `i` of `pool` its configuration, which the state does not carry (the
 * world's genesis set it: the model's world has it); without one, or where it answers undefined,
 * the generated reserves' default.
 */
export function stateToWorld(
  profile: Profile,
  st: ObservableState,
  users: readonly Address[] = [],
  names: ReadonlyMap<Address, string> = new Map(),
  configOf?: (pool: Address, i: number) => ReserveConfig | undefined,
): World {
  const big = (x: string, where: string): bigint => {
    const v = BigInt(x);
    if (v > I128_MAX || v < I128_MIN) throw new StateRangeError(`${where}: ${x} is outside i128`);
    return v;
  };
  const record = (r: CometRecordJson, at: string): CometRecord => ({
    balance: big(r.balance, `${at}.balance`),
    weight: big(r.weight, `${at}.weight`),
    scalar: big(r.scalar, `${at}.scalar`),
  });
  const w: World = {
    profile,
    now: big(st.now, 'now'),
    emitter: {
      backstop: st.emitter.backstop,
      backstopToken: st.emitter.backstop_token,
      lastDistro: new Map(Object.entries(st.emitter.last_distro).map(([k, v]) => [k, big(v, `emitter.last_distro.${k}`)])),
      dropped: new Set(st.emitter.dropped),
      queuedSwap:
        st.emitter.queued_swap === null
          ? undefined
          : {
              newBackstop: st.emitter.queued_swap.new_backstop,
              newBackstopToken: st.emitter.queued_swap.new_backstop_token,
              unlockTime: big(st.emitter.queued_swap.unlock_time, 'emitter.queued_swap.unlock_time'),
            },
    },
    backstops: new Map(),
    pools: new Map(),
    comet: {
      blnd: record(st.comet.blnd, 'comet.blnd'),
      usdc: record(st.comet.usdc, 'comet.usdc'),
      supply: big(st.comet.lp_supply, 'comet.lp_supply'),
      swapFee: big(st.comet.swap_fee, 'comet.swap_fee'),
    },
    factoryPools: new Set(st.factory_pools),
    // the oracle's prices are not part of the state read (a live feed of 1.0 for every asset until `set_oracle_price`)
    oracle: new Map(),
    blnd: new Map(Object.entries(st.wallets.blnd).map(([k, v]) => [k, big(v, `wallets.blnd.${k}`)])),
    lp: new Map(Object.entries(st.wallets.lp).map(([k, v]) => [k, big(v, `wallets.lp.${k}`)])),
    users: [...users],
    names: new Map(names),
  };
  for (const [addr, b] of Object.entries(st.backstops)) {
    const at = `backstops.${addr}`;
    const bs = newBackstop(
      addr,
      b.drop_list.map(([a, v]) => [a, big(v, `${at}.drop_list`)] as const),
    );
    bs.lastDistributionTime = big(b.last_distribution_time, `${at}.last_distribution_time`);
    bs.backfillStatus = b.backfill_status ?? undefined;
    bs.backfillEmissions = big(b.backfill_emissions, `${at}.backfill_emissions`);
    bs.rewardZone = [...b.reward_zone];
    bs.blnd = big(b.blnd, `${at}.blnd`);
    bs.lpTokens = big(b.lp_tokens, `${at}.lp_tokens`);
    if (b.lp_token_val !== undefined)
      bs.lpTokenVal = {
        blndPerLp: big(b.lp_token_val.blnd_per_lp, `${at}.lp_token_val.blnd_per_lp`),
        usdcPerLp: big(b.lp_token_val.usdc_per_lp, `${at}.lp_token_val.usdc_per_lp`),
      };
    for (const [pool, p] of Object.entries(b.pools)) {
      const pat = `${at}.pools.${pool}`;
      bs.poolBalances.set(pool, {
        shares: big(p.balance.shares, `${pat}.balance.shares`),
        tokens: big(p.balance.tokens, `${pat}.balance.tokens`),
        q4w: big(p.balance.q4w, `${pat}.balance.q4w`),
      });
      if (p.rz_emissions !== null)
        bs.rzEmis.set(pool, {
          accrued: big(p.rz_emissions.accrued, `${pat}.rz_emissions.accrued`),
          lastTime: big(p.rz_emissions.last_time, `${pat}.rz_emissions.last_time`),
        });
      if (p.emission_data !== null) {
        const e = p.emission_data;
        bs.emisData.set(pool, {
          eps: big(e.eps, `${pat}.emission_data.eps`),
          expiration: big(e.expiration, `${pat}.emission_data.expiration`),
          index: big(e.index, `${pat}.emission_data.index`),
          lastTime: big(e.last_time, `${pat}.emission_data.last_time`),
        });
      }
      if (p.allowance !== '0') bs.allowances.set(pool, big(p.allowance, `${pat}.allowance`));
      const ubs = new Map();
      const ues = new Map();
      for (const [u, x] of Object.entries(p.users)) {
        const uat = `${pat}.users.${u}`;
        ubs.set(u, {
          shares: big(x.shares, `${uat}.shares`),
          q4w: x.q4w.map((q) => ({ amount: big(q.amount, `${uat}.q4w`), exp: big(q.exp, `${uat}.q4w`) })),
        });
        if (x.emission_data !== null)
          ues.set(u, {
            index: big(x.emission_data.index, `${uat}.emission_data.index`),
            accrued: big(x.emission_data.accrued, `${uat}.emission_data.accrued`),
          });
      }
      if (ubs.size > 0) bs.userBalances.set(pool, ubs);
      if (ues.size > 0) bs.userEmisData.set(pool, ues);
    }
    w.backstops.set(addr, bs);
  }
  for (const [addr, p] of Object.entries(st.pools)) {
    const at = `pools.${addr}`;
    const reserves = p.reserves.map((r, i) => {
      const rat = `${at}.reserves.${i}`;
      if (10n ** BigInt(r.decimals) !== BigInt(r.scalar))
        throw new StateRangeError(`${rat}: scalar ${r.scalar} is not 10^decimals (decimals ${r.decimals})`);
      // the configuration is not observable: the genesis world's where known, else the generated reserves' default
      const config = configOf?.(addr, i) ?? DEFAULT_RESERVE_CONFIG;
      return {
        ...newReserve(r.asset, big(r.scalar, `${rat}.scalar`), big(r.last_time, `${rat}.last_time`), config, r.enabled),
        bSupply: big(r.b_supply, `${rat}.b_supply`),
        dSupply: big(r.d_supply, `${rat}.d_supply`),
        bRate: big(r.b_rate, `${rat}.b_rate`),
        dRate: big(r.d_rate, `${rat}.d_rate`),
        irMod: big(r.ir_mod, `${rat}.ir_mod`),
        backstopCredit: big(r.backstop_credit, `${rat}.backstop_credit`),
      };
    });
    const pool = newPool(addr, p.backstop, reserves, POOL_BACKSTOP_RATE.value);
    pool.emissionConfig = new Map(Object.entries(p.emission_config).map(([k, v]) => [Number(k), big(v, `${at}.emission_config.${k}`)]));
    for (const [k, e] of Object.entries(p.reserve_emission_data)) {
      const eat = `${at}.reserve_emission_data.${k}`;
      pool.emisData.set(Number(k), {
        eps: big(e.eps, `${eat}.eps`),
        expiration: big(e.expiration, `${eat}.expiration`),
        index: big(e.index, `${eat}.index`),
        lastTime: big(e.last_time, `${eat}.last_time`),
      });
    }
    for (const [u, x] of Object.entries(p.users)) {
      const uat = `${at}.users.${u}`;
      const toMap = (r: Record<string, string>, f: string) =>
        new Map(Object.entries(r).map(([k, v]) => [Number(k), big(v, `${uat}.${f}.${k}`)]));
      // `supply` is the b tokens of both kinds; `uncollateralized` the part without collateral
      const total = toMap(x.supply, 'supply');
      const supply = toMap(x.uncollateralized ?? {}, 'uncollateralized');
      const collateral = new Map<number, bigint>();
      for (const [i, b] of total) {
        const c = b - (supply.get(i) ?? 0n);
        if (c < 0n) throw new Error(`${uat}.uncollateralized.${i} exceeds its supply`);
        if (c !== 0n) collateral.set(i, c);
      }
      pool.positions.set(u, { collateral, supply, liabilities: toMap(x.liabilities, 'liabilities') });
      if (Object.keys(x.emission_data).length > 0)
        pool.userEmis.set(
          u,
          new Map(
            Object.entries(x.emission_data).map(([k, v]) => [
              Number(k),
              { index: big(v.index, `${uat}.emission_data.${k}.index`), accrued: big(v.accrued, `${uat}.emission_data.${k}.accrued`) },
            ]),
          ),
        );
    }
    w.pools.set(addr, pool);
  }
  return w;
}

/** A state as the canonical form (through the model's records: defaults dropped, keys sorted). */
export function canonicalState(profile: Profile, st: ObservableState): ObservableState {
  return worldToState(stateToWorld(profile, st));
}

export interface StateDifference {
  /** Dotted path of the first differing field, e.g. `backstops.backstop.pools.P0.users.U1.emission_data.accrued`. */
  readonly path: string;
  /** JSON of the model's and the implementation's value (`absent` when missing). */
  readonly model: string;
  readonly impl: string;
}

const show = (v: unknown): string => (v === undefined ? 'absent' : typeof v === 'string' ? v : JSON.stringify(v));

/** The first difference of two canonical states, in key order, or undefined when equal. */
export function diffState(model: unknown, impl: unknown): StateDifference | undefined {
  // canonical states print their keys in one order: equal text is equal state (the common case)
  if (JSON.stringify(model) === JSON.stringify(impl)) return undefined;
  return firstDifference(model, impl, '');
}

function firstDifference(model: unknown, impl: unknown, path: string): StateDifference | undefined {
  if (model === impl) return undefined;
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  if (Array.isArray(model) && Array.isArray(impl)) {
    const n = Math.max(model.length, impl.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(model[i], impl[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObj(model) && isObj(impl) && !Array.isArray(model) && !Array.isArray(impl)) {
    const keys = [...new Set([...Object.keys(model), ...Object.keys(impl)])].sort();
    for (const k of keys) {
      const d = firstDifference(model[k], impl[k], path === '' ? k : `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return { path: path || '(root)', model: show(model), impl: show(impl) };
}
