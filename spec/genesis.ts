/**
 * The generated world's genesis constants, from spec/genesis.json: the one file both sides read
 * (src/world/genesis.ts here; the Soroban driver embeds it, adapters/soroban/src/genesis.rs). Validated
 * when this module loads: a missing field, an amount that is not a decimal string of an integer or
 * a name that is not a non-empty string throws, naming the field.
 */
import raw from './genesis.json' with { type: 'json' };

export interface Genesis {
  readonly names: {
    readonly currentBackstop: string;
    readonly nextBackstop: string;
    readonly backstopToken: string;
    readonly nextBackstopToken: string;
    readonly dropRecipient: string;
    readonly fillerDepositor: string;
    readonly userPrefix: string;
    readonly poolPrefix: string;
    readonly fillerPoolPrefix: string;
    /** The one LP holder of `whaleLp` (not one of the users). */
    readonly whale: string;
  };
  /** Pool P{i} belongs to the next backstop when i % modulus === remainder. */
  readonly nextBackstopPools: { readonly modulus: number; readonly remainder: number };
  readonly reserves: number;
  /** Reserve r of the generated pool numbered i has decimals reserveDecimals[(i + r) % length] (count, at most 18). */
  readonly reserveDecimals: readonly number[];
  readonly lpPerUser: bigint;
  /** LP stroops the whale holds at genesis (2^64 and more: the i128 high half). */
  readonly whaleLp: bigint;
  readonly fillerDeposit: bigint;
  readonly reserveShare: bigint;
  readonly dropAmount: bigint;
  readonly composition: { readonly blndPerLp: bigint; readonly usdcPerLp: bigint };
  /** 7-decimal fixed point. */
  readonly comet: { readonly blndWeight: bigint; readonly usdcWeight: bigint; readonly swapFee: bigint };
  /** The take rate, the oracle price and the minimum collateral (base units) in 7-decimal fixed point; the supply cap in stroops. */
  readonly pool: {
    readonly backstopTakeRate: bigint;
    readonly supplyCap: bigint;
    readonly oraclePrice: bigint;
    readonly minCollateral: bigint;
  };
  /**
   * The second reserve configuration (the world option `secondReserve`, spec/worlds.ts): the fields
   * that differ from the default reserve's (spec/constants.ts RESERVE_*), 7-decimal fixed point.
   */
  readonly secondReserve: {
    readonly util: bigint;
    readonly rOne: bigint;
    readonly rTwo: bigint;
    readonly rThree: bigint;
    readonly reactivity: bigint;
    /** r_one of reserve 0 of every filler pool F<i> of two or more reserves (the default configuration otherwise), 7-decimal fixed point. */
    readonly fillerROne: bigint;
  };
}

function field(path: string): unknown {
  let v: unknown = raw;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null || !(k in v)) throw new Error(`spec/genesis.json: ${path} is missing`);
    v = (v as Record<string, unknown>)[k];
  }
  if (typeof v !== 'object' || v === null || !('value' in v)) throw new Error(`spec/genesis.json: ${path} has no value`);
  return (v as { value: unknown }).value;
}

function name(path: string): string {
  const v = field(path);
  if (typeof v !== 'string' || v === '') throw new Error(`spec/genesis.json: ${path} is not a non-empty string`);
  return v;
}

function amount(path: string): bigint {
  const v = field(path);
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]*)$/.test(v))
    throw new Error(`spec/genesis.json: ${path} is not a decimal string of a non-negative integer`);
  return BigInt(v);
}

function count(path: string): number {
  const v = field(path);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new Error(`spec/genesis.json: ${path} is not a non-negative integer`);
  return v;
}

/** A non-empty list of reserve decimals, each 0..=18 (the v2 pool's bound, pool/src/pool/config.rs `require_valid_reserve_metadata`). */
function decimalsList(path: string): readonly number[] {
  const v = field(path);
  if (!Array.isArray(v) || v.length === 0 || !v.every((d) => Number.isSafeInteger(d) && d >= 0 && d <= 18))
    throw new Error(`spec/genesis.json: ${path} is not a non-empty list of integers 0..=18`);
  return Object.freeze([...(v as number[])]);
}

export const GENESIS: Genesis = {
  names: {
    currentBackstop: name('names.current_backstop'),
    nextBackstop: name('names.next_backstop'),
    backstopToken: name('names.backstop_token'),
    nextBackstopToken: name('names.next_backstop_token'),
    dropRecipient: name('names.drop_recipient'),
    fillerDepositor: name('names.filler_depositor'),
    userPrefix: name('names.user_prefix'),
    poolPrefix: name('names.pool_prefix'),
    fillerPoolPrefix: name('names.filler_pool_prefix'),
    whale: name('names.whale'),
  },
  nextBackstopPools: { modulus: count('next_backstop_pools.modulus'), remainder: count('next_backstop_pools.remainder') },
  reserves: count('reserves'),
  reserveDecimals: decimalsList('reserve_decimals'),
  lpPerUser: amount('lp_per_user'),
  whaleLp: amount('whale_lp'),
  fillerDeposit: amount('filler_deposit'),
  reserveShare: amount('reserve_share'),
  dropAmount: amount('drop_amount'),
  composition: { blndPerLp: amount('composition.blnd_per_lp'), usdcPerLp: amount('composition.usdc_per_lp') },
  comet: { blndWeight: amount('comet.blnd_weight'), usdcWeight: amount('comet.usdc_weight'), swapFee: amount('comet.swap_fee') },
  pool: {
    backstopTakeRate: amount('pool.backstop_take_rate'),
    supplyCap: amount('pool.supply_cap'),
    oraclePrice: amount('pool.oracle_price'),
    minCollateral: amount('pool.min_collateral'),
  },
  secondReserve: {
    util: amount('second_reserve.util'),
    rOne: amount('second_reserve.r_one'),
    rTwo: amount('second_reserve.r_two'),
    rThree: amount('second_reserve.r_three'),
    reactivity: amount('second_reserve.reactivity'),
    fillerROne: amount('second_reserve.filler_r_one'),
  },
};
