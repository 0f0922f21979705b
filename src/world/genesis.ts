/**
 * The generated worlds' genesis: the logical names and amounts of spec/genesis.json (which the
 * Soroban driver reads too, adapters/soroban/src/genesis.rs) and the Comet those worlds start with.
 * Amounts in stroops; shares and compositions in 7-decimal fixed point.
 */
import { COMET_BLND_WEIGHT, COMET_STROOP_SCALAR, COMET_SWAP_FEE, COMET_USDC_WEIGHT, RESERVE_DECIMALS } from '../../spec/constants.ts';
import { GENESIS } from '../../spec/genesis.ts';
import { balanceForPerLp } from '../../model/comet.ts';
import type { CometState } from '../../model/state.ts';

/** LP tokens (stroops) each filler pool's depositor holds: above the v1 and v2 thresholds at the default composition. */
export const FILLER_DEPOSIT = GENESIS.fillerDeposit;
export const FILLER_DEPOSITOR = GENESIS.names.fillerDepositor;
/** 10^decimals of a 7-decimal reserve asset (the snapshot migration's v2 pool). */
export const RESERVE_SCALAR = 10n ** RESERVE_DECIMALS.value;

/**
 * The decimals of reserve `reserve` of the generated pool numbered `pool` (P{pool} or F{pool}):
 * spec/genesis.json `reserve_decimals`[(pool + reserve) % length], so that the default worlds hold
 * 6-, 7-, 9- and 18-decimal reserves (the Soroban driver sets the same in the pool's
 * `ReserveConfig.decimals`, adapters/soroban/src/world.rs).
 */
export function reserveDecimals(pool: number, reserve: number): number {
  const list = GENESIS.reserveDecimals;
  return list[(pool + reserve) % list.length]!;
}

/** 10^decimals of that reserve: the v2 pool's reserve scalar (pool/src/pool/reserve.rs `Reserve::load`). */
export const reserveScalar = (pool: number, reserve: number): bigint => 10n ** BigInt(reserveDecimals(pool, reserve));
/** Each configured reserve token's share of a generated pool's emissions (7 decimals: 50%). */
export const DEFAULT_RESERVE_SHARE = GENESIS.reserveShare;

// the genesis constants are spec/genesis.json's, which the Soroban driver reads too
export const CURRENT_BACKSTOP = GENESIS.names.currentBackstop;
export const NEXT_BACKSTOP = GENESIS.names.nextBackstop;
export const BACKSTOP_TOKEN = GENESIS.names.backstopToken;
export const NEXT_BACKSTOP_TOKEN = GENESIS.names.nextBackstopToken;
export const DROP_RECIPIENT = GENESIS.names.dropRecipient;

/** The Comet composition the generated worlds start from: 5 BLND and 0.1 USDC per LP token (stroops per LP token). */
export const DEFAULT_COMPOSITION = GENESIS.composition;

/**
 * The generated worlds' Comet, as the Soroban driver deploys it: an 80/20 BLND:USDC pool with a
 * 0.3% fee, `init` minting 100 LP, joined for every LP token genesis hands out (`supply`), then set
 * to exactly DEFAULT_COMPOSITION (`comet.set_composition`: balances ceil(per_lp * supply / 1e7)).
 */
export function genesisComet(supply: bigint): CometState {
  const rec = (perLpToken: bigint, weight: bigint) => ({
    balance: balanceForPerLp(perLpToken, supply),
    weight,
    scalar: COMET_STROOP_SCALAR.value,
  });
  return {
    blnd: rec(DEFAULT_COMPOSITION.blndPerLp, COMET_BLND_WEIGHT.value),
    usdc: rec(DEFAULT_COMPOSITION.usdcPerLp, COMET_USDC_WEIGHT.value),
    supply,
    swapFee: COMET_SWAP_FEE.value,
  };
}
/** A drop list of 40M BLND, leaving room for the 10M backfill within the 50M drop. */
export const DEFAULT_DROP_LIST = [[DROP_RECIPIENT, GENESIS.dropAmount]] as const;
