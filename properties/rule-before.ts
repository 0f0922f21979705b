/**
 * What the rule properties (swap.ts, backfill-rules.ts, reward-zone-rules.ts, pool-config.ts,
 * claim-lp.ts) read of a step beyond `Before` (properties/types.ts), captured before the step by
 * src/harness/before.ts as `before.rules`, and the arithmetic they share. Amounts in stroops.
 */
import { COMET_STROOP, SCALAR_7 } from '../spec/constants.ts';
import type { Profile } from '../spec/profiles.ts';
import type { Address, LpTokenValue, PoolBalance, UserBalance } from '../model/state.ts';
import type { Before, Step } from './types.ts';

const S7 = SCALAR_7.value;

/** The records of a step the rule properties read, by action (each absent on other actions). */
export interface RulesBefore {
  /**
   * `emitter.queue_swap_backstop` (candidate: `new_backstop`), `cancel_swap_backstop` and
   * `swap_backstop` (candidate: the queued swap's new backstop): the backstop tokens (LP stroops)
   * the emitter compares, of its current backstop and of the candidate (0 without a queued swap).
   */
  readonly swap?: { readonly current: bigint; readonly candidate: Address | undefined; readonly candidateTokens: bigint };
  /**
   * `backstop.add_reward` and `remove_reward`: the addressed backstop's balances of the named pools
   * (`to_add`, `to_remove`), and the inputs of its LP token value: the Comet's BLND and USDC
   * balances and LP supply (v2 reads them at the call) and its stored `LPTknVal` (v1).
   */
  readonly rzEdit?: {
    readonly pools: ReadonlyMap<Address, PoolBalance>;
    readonly comet: CometBalances;
    readonly storedLpValue: LpTokenValue | undefined;
  };
  /**
   * `backstop.claim`: the Comet's balances and supply, the backstop's LP tokens, and the balances of
   * the recipient of the LP (v1 `to`, v2 `from`) in each listed pool.
   */
  readonly claim?: {
    readonly comet: CometBalances;
    readonly backstopLp: bigint;
    readonly recipient: Address;
    readonly recipientBalances: ReadonlyMap<Address, UserBalance>;
  };
  /**
   * `emitter.drop`: the BLND (stroops) each recipient of the list held (a backstop's own `blnd`,
   * else its wallet), and whether the emitter's current backstop had dropped.
   */
  readonly emitterDrop?: { readonly balances: ReadonlyMap<Address, bigint>; readonly dropped: boolean };
  /** `pool.set_emissions_config`: the pool's configuration (res_token_id -> share) before the call. */
  readonly emissionConfig?: ReadonlyMap<number, bigint>;
}

/** The Comet's token balances and LP supply (stroops). */
export interface CometBalances {
  readonly blnd: bigint;
  readonly usdc: bigint;
  readonly supply: bigint;
}

/** The `Before` src/harness/before.ts captures: `Before` and the rule properties' records. */
export type BeforeWithRules = Before & { readonly rules: RulesBefore | undefined };

/** The rule properties' records of a step (undefined where the step carries none). */
export const rulesBefore = (s: Step): RulesBefore | undefined => (s.before as Partial<BeforeWithRules>).rules;

/** The profile a backstop's calls (and its pools') follow: its own where it has one (a migration's v2 backstop), else the run's. */
export function profileOf(s: Step, backstop: Address | undefined): Profile {
  return (backstop === undefined ? undefined : s.world.backstops.get(backstop)?.profile) ?? s.profile;
}

/** BLND and USDC per LP token (stroops) the threshold reads: v2 the Comet's balances over its supply, v1 the stored value. */
export function lpValueOf(p: Profile, comet: CometBalances, stored: LpTokenValue | undefined): LpTokenValue | undefined {
  if (p.lpTokenValue === 'stored') return stored;
  if (comet.supply <= 0n) return undefined;
  const per = (balance: bigint) => (balance * COMET_STROOP.value) / comet.supply;
  return { blndPerLp: per(comet.blnd), usdcPerLp: per(comet.usdc) };
}

/**
 * The reward-zone threshold, computed here from the pool's backstop tokens (backstop/src/backstop/pool.rs
 * `is_pool_above_threshold`): the BLND and USDC its tokens hold, each floored to stroops then to whole
 * tokens, bal_blnd^4 * bal_usdc reaching the profile's threshold (the contract saturates the product at
 * i128::MAX, which is above every threshold, so the exact product compares the same).
 */
export function aboveThreshold(p: Profile, tokens: bigint, v: LpTokenValue): boolean {
  if (tokens <= 0n) return false;
  const blnd = (tokens * v.blndPerLp) / S7 / S7;
  const usdc = (tokens * v.usdcPerLp) / S7 / S7;
  return blnd ** 4n * usdc >= p.rzThreshold.value;
}

/** Two configurations or maps equal entry by entry. */
export function sameMap<K, V>(a: ReadonlyMap<K, V> | undefined, b: ReadonlyMap<K, V> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || b.get(k) !== v) return false;
  return true;
}

/** `a` and `b` hold the same pools in the same order. */
export const sameZone = (a: readonly Address[], b: readonly Address[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The zone as printed in a message. */
export const zoneText = (rz: readonly Address[]): string => `[${rz.join(', ')}]`;
